#!/usr/bin/env bash
# What compiling only what you use saves (BENCHMARKS.md, "Features and many specs"): times
# whole `cargo check` runs of generated code (dependencies built beforehand, untimed) and
# prints ratios measured in the same run, interleaved.
#
# Usage: scripts/bench-features.sh        (from any directory)
#
#   1. GitHub's API (the public corpus's api.github.com.json, 1,000+ operations, 40+ tags)
#      generated with --tag-features: `cargo check` with every feature (the whole crate)
#      against `--no-default-features --features TAG` for a large, a middle and a small tag.
#   2. Nine HubSpot-style CRM specs: seven object APIs (tests/features/specs/crm_objects.yaml
#      for orders, tests/features/crm/contacts.yaml, and companies, deals, line items,
#      products and tickets written from crm_objects.yaml by renaming the object) plus
#      associations and properties (tests/features/crm/): one crate from a specgen.toml of
#      nine specs against nine crates, one per spec (`cargo check` of all nine): lines of
#      Rust and check time.
#
# Environment (defaults in brackets):
#   BENCH_CHECK_RUNS [3]   timed runs of each check
#   BENCH_SCRATCH          scratch folder [a new one under ${TMPDIR:-/tmp}, removed at exit]
#   CORPUS_DIR             the public corpus [../shared/corpus/public from the repo]
#
# Output: the table on stdout and in target/bench/features.md; every sample in
# target/bench/raw/features.tsv.

set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
RUNS=${BENCH_CHECK_RUNS:-3}
CORPUS=${CORPUS_DIR:-$ROOT/../shared/corpus/public}
GITHUB=$CORPUS/progenitor__api.github.com.json
[[ -f "$GITHUB" ]] || {
    echo "bench-features.sh: $GITHUB not found (set CORPUS_DIR)" >&2
    exit 2
}
if [[ -n "${BENCH_SCRATCH:-}" ]]; then
    WS=$BENCH_SCRATCH
    mkdir -p "$WS"
else
    WS=$(mktemp -d "${TMPDIR:-/tmp}/specgen-bench-features.XXXXXX")
    trap 'rm -rf -- "$WS"' EXIT
fi
OUT=$ROOT/target/bench
mkdir -p "$OUT/raw"
RAW=$OUT/raw/features.tsv
printf 'case\trun\twall_ms\n' >"$RAW"
export CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=$WS/target

echo "== building specgen (release)" >&2
(cd "$ROOT" && cargo build --release -q -p specgen)
SPECGEN=$ROOT/target/release/specgen

now_ms() { date +%s%3N; }

# Rust lines (not blank) under a folder.
lines() { find "$1" -name '*.rs' -print0 | xargs -0 cat | grep -cv '^[[:space:]]*$'; }

# Times `cargo check` of PACKAGES with FLAGS after cleaning them: `timed CASE DIR FLAGS -p …`.
timed() {
    local case=$1 dir=$2 run=$3
    shift 3
    local packages=()
    for arg in "$@"; do
        [[ "$arg" == -p ]] || [[ "$arg" == --* ]] || packages+=("$arg")
    done
    for package in "${packages[@]}"; do
        (cd "$dir" && cargo clean -q -p "$package" 2>/dev/null) || true
    done
    local start end
    start=$(now_ms)
    (cd "$dir" && cargo check -q --offline "$@" >/dev/null 2>&1) || {
        echo "bench-features.sh: cargo check $* failed in $dir" >&2
        exit 1
    }
    end=$(now_ms)
    printf '%s\t%s\t%s\n' "$case" "$run" "$((end - start))" >>"$RAW"
    printf '  %-40s run %s: %6d ms\n' "$case" "$run" "$((end - start))" >&2
}

# ------------------------------------------------------------------ 1. GitHub by tag

echo "== GitHub: whole crate vs one tag's feature" >&2
gh=$WS/github
"$SPECGEN" generate "$GITHUB" --out "$gh" --crate-name github-features --tag-features >/dev/null 2>&1
printf '\n[workspace]\n' >>"$gh/Cargo.toml"
# Operations per feature: the largest, the middle and the smallest tag.
mapfile -t ranked < <(grep -o 'cfg(feature = "[a-z0-9-]*")' "$gh/src/client.rs" | sort | uniq -c | sort -rn | awk '{gsub(/[")]/, "", $4); print $1 " " $4}')
count=${#ranked[@]}
picks=("${ranked[0]}" "${ranked[$((count / 2))]}" "${ranked[$((count - 1))]}")
(cd "$gh" && cargo check -q >/dev/null 2>&1) # dependencies, untimed
for run in $(seq 1 "$RUNS"); do
    timed "github: every feature" "$gh" "$run" -p github-features
    for pick in "${picks[@]}"; do
        tag=${pick#* }
        timed "github: feature $tag (${pick%% *} cfg items)" "$gh" "$run" -p github-features --no-default-features --features "$tag"
    done
done
github_lines=$(lines "$gh/src")
github_features=$(sed -n '/^\[features\]/,/^\[/p' "$gh/Cargo.toml" | grep -c ' = \[\]$')

# ------------------------------------------------------------------ 2. nine HubSpot specs

echo "== nine HubSpot-style specs: one crate vs nine crates" >&2
specs=$WS/hubspot-specs
mkdir -p "$specs"
cp "$ROOT/tests/features/specs/crm_objects.yaml" "$specs/orders.yaml"
cp "$ROOT/tests/features/crm/contacts.yaml" "$ROOT/tests/features/crm/associations.yaml" "$ROOT/tests/features/crm/properties.yaml" "$specs/"
for object in companies:company:Companies deals:deal:Deals line_items:lineItem:"Line items" products:product:Products tickets:ticket:Tickets; do
    IFS=: read -r plural singular title <<<"$object"
    sed -e "s/orders/$plural/g" -e "s/orderId/${singular}Id/g" -e "s/OrderId/${singular^}Id/g" -e "s/title: Orders/title: $title/" \
        "$ROOT/tests/features/specs/crm_objects.yaml" >"$specs/$plural.yaml"
done
names=(orders contacts companies deals line_items products tickets associations properties)
{
    printf '[crate]\nname = "hubspot-crm-one"\n'
    for name in "${names[@]}"; do printf '\n[[spec]]\npath = "%s.yaml"\n' "$name"; done
} >"$specs/specgen.toml"
one=$WS/one
"$SPECGEN" generate --config "$specs/specgen.toml" --out "$one" >/dev/null 2>&1
printf '\n[workspace]\n' >>"$one/Cargo.toml"
nine=$WS/nine
mkdir -p "$nine"
members=()
packages=()
for name in "${names[@]}"; do
    "$SPECGEN" generate "$specs/$name.yaml" --out "$nine/$name" --crate-name "hubspot-$name" >/dev/null 2>&1
    members+=("\"$name\"")
    packages+=(-p "hubspot-$name")
done
printf '[workspace]\nmembers = [%s]\nresolver = "3"\n' "$(IFS=,; echo "${members[*]}")" >"$nine/Cargo.toml"
(cd "$one" && cargo check -q >/dev/null 2>&1)
(cd "$nine" && cargo check -q --workspace >/dev/null 2>&1)
for run in $(seq 1 "$RUNS"); do
    timed "hubspot: one crate of nine specs" "$one" "$run" -p hubspot-crm-one
    timed "hubspot: nine crates" "$nine" "$run" "${packages[@]}"
    timed "hubspot: one crate, feature orders" "$one" "$run" -p hubspot-crm-one --no-default-features --features orders
done
one_lines=$(lines "$one/src")
nine_lines=0
for name in "${names[@]}"; do nine_lines=$((nine_lines + $(lines "$nine/$name/src"))); done
shared_types=$(grep -c '^pub struct\|^pub enum\|^pub type' "$one/src/shared.rs" || true)

# ------------------------------------------------------------------ report

python3 - "$RAW" "$github_lines" "$github_features" "$one_lines" "$nine_lines" "$shared_types" >"$OUT/features.md" <<'EOF'
import csv, statistics, sys
raw, github_lines, github_features, one_lines, nine_lines, shared = sys.argv[1:]
samples = {}
with open(raw) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        samples.setdefault(row["case"], []).append(int(row["wall_ms"]))
median = {case: statistics.median(v) for case, v in samples.items()}
print("| case | cargo check, median ms | runs | ratio |")
print("|---|---:|---:|---:|")
whole = median.get("github: every feature")
one = median.get("hubspot: one crate of nine specs")
for case, value in median.items():
    if case.startswith("github"):
        base, label = whole, "vs every feature"
    else:
        base, label = one, "vs one crate"
    ratio = f"{value / base:.3f}× {label}" if base else ""
    print(f"| {case} | {value:.0f} | {len(samples[case])} | {ratio} |")
print()
print(f"GitHub crate: {int(github_lines):,} lines of Rust, {github_features} features.")
print(f"Nine HubSpot-style specs: one crate {int(one_lines):,} lines ({shared} shared types), "
      f"nine crates {int(nine_lines):,} lines ({int(one_lines) / int(nine_lines):.3f}×).")
EOF
cat "$OUT/features.md"
