#!/usr/bin/env bash
# Generate a crate with one cargo feature per tag (`specgen generate --tag-features`) and
# check that every feature compiles alone.
#
# Usage: scripts/features.sh SPEC [--max-features N] [--timeout-secs S] [--clippy]
#
#   SPEC              an OpenAPI spec whose operations have tags (the more, the better), or a
#                     crate description file (`*.toml`) of several specs, whose features are
#                     its modules
#   --max-features N  check at most the first N features (sorted by name) alone
#   --timeout-secs S  start no single-feature check after S seconds of them (the bound for
#                     CI); the features left unchecked are reported, they are no failure
#   --clippy          run `cargo clippy` instead of `cargo check` for the single features
#
# Checks, all with warnings denied in the generated crate (`[lints.rust] warnings = "deny"`
# is added to its Cargo.toml in the scratch folder, so that an import a feature leaves
# unused fails too):
#   1. `cargo check --no-default-features` (no feature: the always-compiled types);
#   2. `cargo clippy` with the default features (every feature);
#   3. `cargo check --no-default-features --features X` for every feature X alone.
#
# Environment:
#   FEATURES_SCRATCH  scratch folder (default: a new one under ${TMPDIR:-/tmp}, removed at
#                     exit); its crate/ and logs/ are replaced, its target/ is reused and
#                     kept (the dependencies compile once)
#
# Builds specgen once (`cargo build --release -p specgen` in the repo root, as
# scripts/corpus.sh does). Prints one line per check (`check<TAB>outcome<TAB>seconds`),
# then the totals and `N passed, N failed`.
#
# Exit status: 0 when every check run passed; 1 when one failed or generation failed;
# 2 on bad usage or when specgen does not build.

set -euo pipefail

usage() {
    sed -n '2,/^$/{s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2
    exit 2
}

die() {
    printf 'features.sh: %s\n' "$*" >&2
    exit 2
}

is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }

now_ms() { date +%s%3N; }

spec=""
max_features=""
timeout_secs=""
clippy=0
while (($#)); do
    case "$1" in
    --clippy)
        clippy=1
        shift
        ;;
    --max-features)
        (($# >= 2)) || die "--max-features needs a value"
        is_uint "$2" || die "--max-features: not a number: $2"
        max_features=$2
        shift 2
        ;;
    --max-features=*)
        max_features=${1#*=}
        is_uint "$max_features" || die "--max-features: not a number: $max_features"
        shift
        ;;
    --timeout-secs)
        (($# >= 2)) || die "--timeout-secs needs a value"
        is_uint "$2" || die "--timeout-secs: not a number: $2"
        timeout_secs=$2
        shift 2
        ;;
    --timeout-secs=*)
        timeout_secs=${1#*=}
        is_uint "$timeout_secs" || die "--timeout-secs: not a number: $timeout_secs"
        shift
        ;;
    -h | --help) usage ;;
    --)
        shift
        (($# == 1)) || usage
        [[ -z "$spec" ]] || usage
        spec=$1
        shift
        ;;
    -*) die "unknown option: $1" ;;
    *)
        [[ -z "$spec" ]] || die "more than one SPEC given"
        spec=$1
        shift
        ;;
    esac
done
[[ -n "$spec" ]] || usage
[[ -f "$spec" ]] || die "not a file: $spec"
spec=$(cd -- "$(dirname -- "$spec")" && pwd -P)/$(basename -- "$spec")

repo_root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)

if [[ -n "${FEATURES_SCRATCH:-}" ]]; then
    scratch=$FEATURES_SCRATCH
    mkdir -p -- "$scratch"
    scratch=$(cd -- "$scratch" && pwd -P)
else
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/specgen-features.XXXXXX")
    trap 'rm -rf -- "$scratch"' EXIT
fi
rm -rf -- "$scratch/crate" "$scratch/logs"
mkdir -p -- "$scratch/logs"
log_dir=$scratch/logs
crate=$scratch/crate

script_start=$(now_ms)
printf 'features.sh: building specgen (release) in %s\n' "$repo_root" >&2
if ! (cd -- "$repo_root" && cargo build --release -p specgen) >"$log_dir/build.log" 2>&1; then
    cat -- "$log_dir/build.log" >&2
    die "cargo build --release -p specgen failed"
fi
# Where cargo put it: CARGO_TARGET_DIR (relative to the repository) when set.
target_dir=${CARGO_TARGET_DIR:-target}
[[ $target_dir == /* ]] || target_dir=$repo_root/$target_dir
specgen=$target_dir/release/specgen
[[ -x "$specgen" ]] || die "no binary at $specgen"

# A crate description file (several specs: a feature per module) is generated as it says.
if [[ "$spec" == *.toml ]]; then
    generate=(--config "$spec")
else
    generate=("$spec" --crate-name tag-features-check --tag-features)
fi
printf 'features.sh: generating %s\n' "${generate[*]}" >&2
if ! "$specgen" generate "${generate[@]}" --out "$crate" </dev/null >"$log_dir/gen.log" 2>&1; then
    cat -- "$log_dir/gen.log" >&2
    printf 'features.sh: specgen generate failed\n' >&2
    exit 1
fi
# Warnings (an import a feature leaves unused, dead code) fail the checks.
printf '\n[lints.rust]\nwarnings = "deny"\n' >>"$crate/Cargo.toml"
# Not a member of any workspace around the scratch folder.
printf '\n[workspace]\n' >>"$crate/Cargo.toml"
[[ -f "$repo_root/Cargo.lock" ]] && cp -- "$repo_root/Cargo.lock" "$crate/Cargo.lock"

# The features: the `name = []` lines of the [features] table.
features=()
while IFS= read -r feature; do
    features+=("$feature")
done < <(sed -n '/^\[features\]$/,/^\[/{s/^\([A-Za-z0-9_-][A-Za-z0-9_.+-]*\) = \[\]$/\1/p}' "$crate/Cargo.toml" | LC_ALL=C sort)
((${#features[@]} > 0)) || {
    printf 'features.sh: the generated Cargo.toml has no features (no tagged operations?)\n' >&2
    exit 1
}
total_features=${#features[@]}
if [[ -n "$max_features" ]] && ((total_features > max_features)); then
    features=("${features[@]:0:max_features}")
fi
printf 'features.sh: %d features, checking %d alone\n' "$total_features" "${#features[@]}" >&2

passed=0
failed=0
run() { # LABEL LOG-NAME CARGO-ARGS...: one check, one line of output
    local label=$1 log=$log_dir/$2.log start end rc=0
    shift 2
    start=$(now_ms)
    (cd -- "$crate" && CARGO_TARGET_DIR=$scratch/target CARGO_TERM_COLOR=never \
        cargo "$@") </dev/null >"$log" 2>&1 || rc=$?
    end=$(now_ms)
    local secs
    secs=$(printf '%d.%03d' "$(((end - start) / 1000))" "$(((end - start) % 1000))")
    if ((rc == 0)); then
        passed=$((passed + 1))
        printf '%s\tok\t%s\n' "$label" "$secs"
    else
        failed=$((failed + 1))
        printf '%s\tFAILED\t%s\n' "$label" "$secs"
        grep -m5 -E '^(error|warning)' -- "$log" | sed 's/^/    /' || true
        printf '    log: %s\n' "$log"
    fi
}

printf 'check\toutcome\tseconds\n'
run "(no feature)" none check --no-default-features
run "(default, clippy)" default clippy -- -D warnings
single=(check)
((clippy)) && single=(clippy)
loop_start=$(now_ms)
checked=0
for feature in "${features[@]}"; do
    if [[ -n "$timeout_secs" ]] && (($(now_ms) - loop_start >= timeout_secs * 1000)); then
        break
    fi
    run "$feature" "feature-$feature" "${single[@]}" --no-default-features --features "$feature"
    checked=$((checked + 1))
done

end=$(now_ms)
printf '\n'
printf 'spec: %s\n' "$spec"
printf 'features: %d in the crate, %d checked alone' "$total_features" "$checked"
if ((checked < total_features)); then
    printf ' (%d left unchecked by the bound)' "$((total_features - checked))"
fi
printf '\n'
printf 'wall time: %d s (single features: %d s)\n' "$(((end - script_start) / 1000))" \
    "$(((end - loop_start) / 1000))"
printf '%d passed, %d failed\n' "$passed" "$failed"
((failed == 0))
