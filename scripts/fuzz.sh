#!/usr/bin/env bash
# A time-bounded fuzz campaign of the generator (cargo fuzz, libFuzzer) on three targets:
#   spec_bytes      arbitrary bytes as a YAML or JSON spec;
#   spec_mutations  structure-aware mutations of the shipped and feature specs;
#   overlay         arbitrary bytes as an OpenAPI Overlay applied to spec/hubspot-orders.yaml.
#
# Usage: scripts/fuzz.sh [SECONDS]   (default 600, split evenly between the targets, so the
# whole campaign stays within SECONDS whatever the number of targets)
#
# Fuzzing needs the nightly toolchain (only for this; everything else is stable): the script
# installs it with rustup and cargo-fuzz with cargo when missing. The `spec_bytes` corpus is
# seeded from spec/, the feature specs and the corpora (../shared/corpus/{public,real/v30,real/v31};
# CORPUS_DIR names another folder holding public/ and real/); the
# `overlay` corpus from spec/*.overlay.yaml.
# A crash leaves its input in generator/fuzz/artifacts/<target>/ and the script exits 1;
# add the input to generator/tests/fuzz_regressions.rs once fixed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-600}"
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "fuzz.sh: SECONDS must be a number" >&2; exit 2; }
targets=(spec_bytes spec_mutations overlay)
per_target=$(( seconds / ${#targets[@]} ))
(( per_target > 0 )) || per_target=1

if ! rustup toolchain list | grep -q '^nightly'; then
    rustup toolchain install nightly --profile minimal >&2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked >&2
fi

cd "$root/generator"
corpus="fuzz/corpus/spec_bytes"
mkdir -p "$corpus" fuzz/corpus/spec_mutations fuzz/corpus/overlay
# Seeds: a leading format byte ('b', even: YAML; 'a', odd: JSON) then the spec text.
seed() {
    local file=$1 kind=$2
    local target="$corpus/seed-$(basename "$file")"
    [[ -e "$target" ]] && return 0
    { printf '%s' "$kind"; cat "$file"; } > "$target"
}
for file in "$root"/spec/*.yaml "$root"/tests/features/specs/*.yaml; do
    case "$file" in *.overlay.yaml) ;; *) seed "$file" "b" ;; esac
done
# Overlays are seeded as they are (no format byte: the overlay target reads the text as it comes).
for file in "$root"/spec/*.overlay.yaml; do
    [[ -e "$file" ]] || continue
    target="fuzz/corpus/overlay/seed-$(basename "$file")"
    [[ -e "$target" ]] || cp "$file" "$target"
done
# Seeds from the corpora (CORPUS_DIR: the folder holding public/ and real/): 3.0 fixtures and
# APIs, and real 3.0 and 3.1 documents.
corpora="${CORPUS_DIR:-$root/../shared/corpus}"
for folder in "$corpora/public" "$corpora/real/v30" "$corpora/real/v31"; do
    [[ -d "$folder" ]] || continue
    # Small specs only: libFuzzer's inputs are kept under 256 KiB.
    while IFS= read -r -d '' file; do
        case "$file" in *.json) seed "$file" "a" ;; *) seed "$file" "b" ;; esac
    done < <(find "$folder" -maxdepth 1 -type f \( -name '*.yaml' -o -name '*.json' \) -size -200k -print0)
done

status=0
for target in "${targets[@]}"; do
    echo "== fuzzing $target for ${per_target}s" >&2
    log="fuzz/$target.log"
    cargo +nightly fuzz run -O "$target" "fuzz/corpus/$target" -- \
        -max_total_time="$per_target" -max_len=262144 -rss_limit_mb=2048 -timeout=30 -print_final_stats=1 \
        >"$log" 2>&1 || status=$?
    # The campaign's figures: executions, coverage, corpus size.
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs" "$log" >&2 || true
    grep -E "^#[0-9]+.*(DONE|cov:)" "$log" | tail -1 >&2 || true
    if ((status != 0)); then
        echo "fuzz.sh: $target found a crash; see generator/$log and generator/fuzz/artifacts/$target/" >&2
        tail -40 "$log" >&2
        exit 1
    fi
done
