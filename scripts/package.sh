#!/usr/bin/env bash
# Check the two published crates the way a user gets them: from their packages alone.
#
# Usage: scripts/package.sh [--timeout-secs S]
#
#   --timeout-secs S  stop (and fail) after S seconds in all (default 1500)
#
# Steps, without the network (`--offline`; the dependencies come from ~/.cargo):
#   1. `cargo package` of specgen-runtime and specgen, unpacked into a scratch folder; fails
#      on a file of `src/` (and the generator's `runtime-src/`) the package lacks, or a
#      licence or README it lacks;
#   2. the README's install block (`<!-- package.sh: install -->`), run as written in a
#      scratch project holding spec/, except that `cargo install specgen` installs the
#      unpacked package (`cargo install --path <unpacked specgen> --root <scratch>`): it builds
#      the generator from its package alone, runs the installed `specgen generate` on
#      spec/hubspot-orders.yaml, and builds the crate generated with `--runtime-crate
#      registry` against the packaged runtime;
#   3. the installed specgen checks the committed generated/ (`specgen check`): the package's
#      copy of the runtime files gives the same crate;
#   4. a build-step user whose Cargo.toml lines, build.rs and src/lib.rs are the README's
#      blocks (`<!-- package.sh: build-step/… -->`): `specgen` (default-features = false) as
#      its build-dependency and `specgen-runtime` as its one dependency, built with
#      `cargo build`.
# The packages stand in for crates.io through `[patch.crates-io]` in the scratch project's
# `.cargo/config.toml` (with `net.offline = true`; the build-step crate's own config adds
# specgen), so the README's lines are used unchanged.
#
# `cargo package` runs with `--no-verify`: its verification would build each package once
# more; steps 2 and 4 build them from the unpacked packages instead. And with `--allow-dirty`:
# the script checks the working tree as it is (uncommitted changes included); in CI's fresh
# clone there is nothing uncommitted. Publishing itself (`cargo publish`) wants a clean tree.
#
# Environment:
#   PACKAGE_SCRATCH     scratch folder (default: a new one under ${TMPDIR:-/tmp}); removed at
#                       exit unless given
#   PACKAGE_TARGET_DIR  cargo's target folder for the builds (default: in the scratch folder).
#                       CI gives the workspace's target/, whose dependencies (the release ones
#                       of scripts/corpus.sh included) are then reused; the install then
#                       rewrites target/release/specgen from the package's identical sources
#
# Prints the package sizes and the time of each step. Exit status: 0 when every step passed,
# 1 when one failed, 2 on bad usage, 124 on timeout.

set -euo pipefail

usage() {
    sed -n '2,/^$/{s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2
    exit 2
}

die() {
    printf 'package.sh: %s\n' "$*" >&2
    exit 1
}

timeout_secs=1500
while (($#)); do
    case "$1" in
    --timeout-secs)
        (($# >= 2)) || usage
        timeout_secs=$2
        shift 2
        ;;
    --timeout-secs=*)
        timeout_secs=${1#*=}
        shift
        ;;
    -h | --help) usage ;;
    *) usage ;;
    esac
done
[[ "$timeout_secs" =~ ^[0-9]+$ ]] || usage

# The bound: the script runs again under `timeout`, which signals the whole process group
# (cargo included) when the time is up.
if [[ -z "${PACKAGE_SH_BOUNDED:-}" ]]; then
    PACKAGE_SH_BOUNDED=1 exec timeout --kill-after=30 "$timeout_secs" "$0" --timeout-secs "$timeout_secs"
fi

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

if [[ -n "${PACKAGE_SCRATCH:-}" ]]; then
    scratch=$PACKAGE_SCRATCH
    mkdir -p "$scratch"
    rm -rf -- "$scratch/packages" "$scratch/root" "$scratch/project"
else
    scratch=$(mktemp -d)
    trap 'rm -rf -- "$scratch"' EXIT
fi
trap 'exit 124' TERM INT
export CARGO_TARGET_DIR=${PACKAGE_TARGET_DIR:-$scratch/target}

start=$(date +%s)
step_start=$start
step() {
    local now
    now=$(date +%s)
    printf '== package.sh: %s (%ss since the last step, %ss in all)\n' "$1" "$((now - step_start))" "$((now - start))"
    step_start=$now
}

# The fenced block after the line `<!-- package.sh: NAME -->` in the README.
readme_block() {
    local block
    block=$(awk -v marker="<!-- package.sh: $1 -->" '
        $0 == marker { found = 1; next }
        found == 1 && /^```/ { found = 2; next }
        found == 2 && /^```/ { exit }
        found == 2 { print }
    ' README.md)
    [[ -n "$block" ]] || die "README.md has no block marked <!-- package.sh: $1 -->"
    printf '%s\n' "$block"
}

version_of() {
    sed -n 's/^version = "\(.*\)"$/\1/p' "$1" | head -1
}
version=$(version_of generator/Cargo.toml)
[[ "$version" == "$(version_of runtime/Cargo.toml)" ]] ||
    die "specgen and specgen-runtime have different versions: they are released with one"

step "cargo package (specgen-runtime, specgen $version)"
# The generator's tests read the repository's files and stay out of its package; cargo names
# each one it leaves out (the backquotes are cargo's, not expansions).
# shellcheck disable=SC2016
left_out_test='^warning: ignoring test `[a-z_]*` as `tests/[a-z_]*\.rs` is not included in the published package$'
cargo package --offline --no-verify --allow-dirty -p specgen-runtime -p specgen 2>&1 | grep -v "$left_out_test"
packages=$scratch/packages
mkdir -p "$packages"
for name in specgen-runtime specgen; do
    tar -xzf "$CARGO_TARGET_DIR/package/$name-$version.crate" -C "$packages"
done
generator_package=$packages/specgen-$version
runtime_package=$packages/specgen-runtime-$version

# Every source file of the repository's packages is in its package, and what a registry
# shows: the README and the licence files.
missing=()
check_package() {
    local dir=$1 package=$2 file
    shift 2
    while IFS= read -r file; do
        [[ -f "$package/${file#"$dir"/}" ]] || missing+=("$file")
    done < <(git ls-files --cached --others --exclude-standard -- "$@")
    for file in Cargo.toml Cargo.lock README.md LICENSE-MIT LICENSE-APACHE; do
        [[ -f "$package/$file" ]] || missing+=("$dir/$file (in the package)")
    done
}
check_package generator "$generator_package" generator/src generator/runtime-src
check_package runtime "$runtime_package" runtime/src
if ((${#missing[@]})); then
    printf 'package.sh: missing from the packages:\n' >&2
    printf '  %s\n' "${missing[@]}" >&2
    exit 1
fi
# The generator's copy of the runtime is the runtime's package's.
for file in "$generator_package"/runtime-src/*.rs; do
    cmp -s "$file" "$runtime_package/src/$(basename "$file")" ||
        die "the specgen package's runtime-src/$(basename "$file") is not specgen-runtime's src/$(basename "$file"): run scripts/sync-copies.sh"
done
echo "package sizes (.crate compressed / unpacked):"
for name in specgen-runtime specgen; do
    printf '  %s-%s: %s / %s\n' "$name" "$version" \
        "$(du -h --apparent-size "$CARGO_TARGET_DIR/package/$name-$version.crate" | cut -f1)" \
        "$(du -sh --apparent-size "$packages/$name-$version" | cut -f1)"
done

# A user's project: the spec files, and the packages in place of crates.io.
project=$scratch/project
root=$scratch/root
mkdir -p "$project/.cargo"
cp -R spec "$project/spec"
cat >"$project/.cargo/config.toml" <<EOF
# The unpacked packages stand in for crates.io; everything else comes from ~/.cargo.
[net]
offline = true

[patch.crates-io]
specgen-runtime = { path = "$runtime_package" }
EOF

step "the README's install block, with the unpacked specgen package"
readme_block install >"$scratch/install.sh"
grep -qx 'cargo install specgen' "$scratch/install.sh" ||
    die "the README's install block does not run \`cargo install specgen\`"
install="cargo install --path '$generator_package' --root '$root' --locked --offline"
sed -i "s|^cargo install specgen\$|$install|" "$scratch/install.sh"
sed 's/^/  $ /' "$scratch/install.sh"
(cd "$project" && PATH="$root/bin:$PATH" bash -euo pipefail "$scratch/install.sh")
[[ -x "$root/bin/specgen" ]] || die "cargo install put no specgen into $root/bin"

step "the installed specgen checks generated/"
"$root/bin/specgen" check spec/hubspot-orders.yaml --overlay spec/hubspot-crm.overlay.yaml --out generated --crate-name hubspot-orders

step "a build-step user of the packaged specgen (default-features = false) and specgen-runtime"
user=$project/orders-app
mkdir -p "$user/src" "$user/.cargo"
# The build step's crates.io also has the specgen package (with the project's specgen-runtime).
printf '[patch.crates-io]\nspecgen = { path = "%s" }\n' "$generator_package" >"$user/.cargo/config.toml"
cp -R spec "$user/spec"
{
    printf '[package]\nname = "orders-app"\nversion = "0.1.0"\nedition = "2024"\npublish = false\n\n'
    readme_block build-step/Cargo.toml
} >"$user/Cargo.toml"
readme_block build-step/build.rs >"$user/build.rs"
readme_block build-step/src/lib.rs >"$user/src/lib.rs"
grep -q "specgen = { version = \"$version\", default-features = false }" "$user/Cargo.toml" ||
    die "the README's build-step lines do not name specgen $version with default-features = false"
grep -q "specgen-runtime = \"$version\"" "$user/Cargo.toml" ||
    die "the README's build-step lines do not name specgen-runtime $version"
cat "$user/Cargo.toml"
(cd "$user" && cargo build)
# Its one dependency is the runtime: nothing else of the registry is a direct dependency.
(cd "$user" && cargo tree --depth 1 --edges normal --prefix none) | tee "$scratch/tree.txt"
[[ $(wc -l <"$scratch/tree.txt") -eq 2 ]] || die "the build-step user has more dependencies than specgen-runtime"

step "done"
