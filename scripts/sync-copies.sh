#!/usr/bin/env bash
# Refreshes the copies the packages carry, from their one source:
#   runtime/src/*.rs (but lib.rs and tests.rs) -> generator/runtime-src/  (the runtime files the
#       generator embeds and writes into generated crates; `cargo package` takes only files
#       inside a package's folder, so the specgen package carries its own copy)
#   LICENSE-MIT, LICENSE-APACHE                 -> generator/, runtime/    (each package's licence)
# generator/tests/copies.rs fails, naming this script, when a copy differs from its source.
set -euo pipefail
cd "$(dirname "$0")/.."

rm -f generator/runtime-src/*.rs
for file in runtime/src/*.rs; do
    case "$(basename "$file")" in
        lib.rs | tests.rs) ;;
        *) cp "$file" generator/runtime-src/ ;;
    esac
done
for package in generator runtime; do
    cp LICENSE-MIT LICENSE-APACHE "$package/"
done
echo "copied runtime/src into generator/runtime-src and the licence files into generator/ and runtime/"
