#!/usr/bin/env bash
# Benchmark suite (BENCHMARKS.md): specgen against progenitor, openapi-generator,
# openapi-to-rust and ploidy, and the generated code against hand-written code and plain
# reqwest. Writes the results table to
# target/bench/results.md and prints it.
#
# Usage: scripts/bench.sh            (from any directory)
#
# Sections, in order (BENCH_ONLY picks some, comma-separated):
#   gen     1. generation time and peak memory, whole process: specgen and the peers
#              (progenitor, openapi-generator, openapi-to-rust, ploidy) on four specs, one
#              warm-up each, then BENCH_RUNS runs interleaved (specgen, progenitor,
#              openapi-generator, openapi-to-rust, ploidy, specgen, ...)
#   check   2. the crate each tool generates for nexus.json: lines of Rust, and
#              `cargo check` of its own code (dependencies built), BENCH_CHECK_RUNS runs;
#              openapi-to-rust writes a module, not a crate: it is generated into src/api of
#              a crate whose Cargo.toml takes its REQUIRED_DEPS.toml's [dependencies]
#   build   3. clean `cargo build` of a crate whose build.rs generates spec/hubspot-orders.yaml
#              with specgen, of the same crate with the code committed, and the same two
#              with progenitor (benches/build-step/), BENCH_BUILD_RUNS runs
#   serde   4. decode/encode throughput (criterion: cargo bench -p specgen-benches --bench serde)
#   client  5. batch_update calls/s vs plain reqwest (--bench client: alternating rounds)
#
# Environment (defaults in brackets):
#   BENCH_RUNS [7]           timed runs per tool and spec in `gen`
#   BENCH_CHECK_RUNS [3]     timed `cargo check` runs per crate in `check`
#   BENCH_BUILD_RUNS [2]     clean builds per crate in `build`
#   BENCH_CRITERION_WARMUP [1], BENCH_CRITERION_SECS [3]
#                            criterion warm-up and measurement time per benchmark, seconds
#   BENCH_CLIENT_ROUNDS [20], BENCH_CLIENT_ROUND_MS [100]
#                            client bench: alternating rounds, and each client's time per round
#   BENCH_ONLY [gen,check,build,serde,client]
#   BENCH_TOOLS [specgen,progenitor,openapi-generator,openapi-to-rust,ploidy]
#                            the tools of `gen` and `check`, comma-separated; specgen is always
#                            run (e.g. leave out openapi-generator on a machine without java)
#   BENCH_GEN_TIMEOUT [600]  limit for one generator run, seconds
#   BENCH_TOOLS_DIR [${XDG_CACHE_HOME:-~/.cache}/specgen-bench]
#                            where the peers are installed when missing: cargo-progenitor
#                            0.15.1, openapi-to-rust 0.23.0 and ploidy 0.15.0 (cargo install
#                            --locked --root DIR/cargo) and openapi-generator-cli 7.26.0 from
#                            PyPI (venv DIR/venv; runs on the machine's Java)
#   CORPUS_DIR               the public spec corpus [../shared/corpus/public from the repo]
#
# Needs: cargo, python3 (3.9+), java (for openapi-generator, unless BENCH_TOOLS leaves it out). /usr/bin/time (Debian
# package `time`) is used for peak memory and installed with apt-get when missing and
# possible.
#
# Output: target/bench/results.md (the table, also printed), target/bench/raw/*.tsv (every
# sample), target/bench/logs/ (tool output), target/bench/machine.txt.
# Exit status: 0 when every section ran (a peer failing on a spec is a result, not an
# error); 1 when specgen itself fails to build or generate; 2 on bad setup.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

RUNS=${BENCH_RUNS:-7}
CHECK_RUNS=${BENCH_CHECK_RUNS:-3}
BUILD_RUNS=${BENCH_BUILD_RUNS:-2}
CRIT_WARMUP=${BENCH_CRITERION_WARMUP:-1}
CRIT_SECS=${BENCH_CRITERION_SECS:-3}
CLIENT_ROUNDS=${BENCH_CLIENT_ROUNDS:-20}
CLIENT_ROUND_MS=${BENCH_CLIENT_ROUND_MS:-100}
ONLY=${BENCH_ONLY:-gen,check,build,serde,client}
GEN_TIMEOUT=${BENCH_GEN_TIMEOUT:-600}
TOOLS=${BENCH_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/specgen-bench}
PROGENITOR_VERSION=0.15.1
OAG_VERSION=7.26.0
O2R_VERSION=0.23.0
PLOIDY_VERSION=0.15.0
ALL_TOOLS=(specgen progenitor openapi-generator openapi-to-rust ploidy)

# Cargo's target directory for this workspace (CARGO_TARGET_DIR is honoured, relative to the
# repository); the results always go to target/bench in the repository.
TARGET_DIR=$(cd "$ROOT" && realpath -m "${CARGO_TARGET_DIR:-target}")
OUT=$ROOT/target/bench
RAW=$OUT/raw
LOGS=$OUT/logs
MEASURE=(python3 "$ROOT/benches/tools/measure.py")

die() {
    printf 'bench.sh: %s\n' "$*" >&2
    exit 2
}
note() { printf '\n== %s\n' "$*" >&2; }
wants() { [[ ",$ONLY," == *",$1,"* ]]; }
is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }

for n in RUNS CHECK_RUNS BUILD_RUNS CRIT_WARMUP CRIT_SECS CLIENT_ROUNDS CLIENT_ROUND_MS GEN_TIMEOUT; do
    is_uint "${!n}" || die "$n must be a whole number: ${!n}"
done
command -v cargo >/dev/null || die "cargo not found"

# The tools of `gen` and `check`, in ALL_TOOLS' order, specgen first.
TOOLS_LIST=(specgen)
IFS=, read -r -a wanted_tools <<<"${BENCH_TOOLS:-$(IFS=,; echo "${ALL_TOOLS[*]}")}"
for tool in "${wanted_tools[@]}"; do
    [[ " ${ALL_TOOLS[*]} " == *" $tool "* ]] || die "unknown tool in BENCH_TOOLS: $tool (known: ${ALL_TOOLS[*]})"
done
for tool in "${ALL_TOOLS[@]:1}"; do
    [[ " ${wanted_tools[*]} " != *" $tool "* ]] || TOOLS_LIST+=("$tool")
done
uses() { [[ " ${TOOLS_LIST[*]} " == *" $1 "* ]]; }
command -v python3 >/dev/null || die "python3 not found"

CORPUS=${CORPUS_DIR:-}
if [[ -z "$CORPUS" ]]; then
    for candidate in "$ROOT/../shared/corpus/public"; do
        if [[ -d "$candidate" ]]; then
            CORPUS=$(cd "$candidate" && pwd)
            break
        fi
    done
fi
[[ -n "$CORPUS" && -d "$CORPUS" ]] || die "corpus folder not found; set CORPUS_DIR"

SPECS=(
    "$CORPUS/progenitor__nexus.json"
    "$CORPUS/progenitor__api.github.com.json"
    "$CORPUS/openapiv3__stripe.yaml"
    "$ROOT/spec/hubspot-orders.yaml"
)
for spec in "${SPECS[@]}"; do
    [[ -f "$spec" ]] || die "spec not found: $spec"
done

started=$(date +%s)
rm -rf "$RAW" "$LOGS"
mkdir -p "$OUT" "$RAW" "$LOGS"
: >"$RAW/sections.tsv"

section_start() {
    SECTION=$1
    SECTION_T0=$(date +%s)
    note "$2"
}
section_end() {
    printf '%s\t%s\t%s\n' "$SECTION" "$(($(date +%s) - SECTION_T0))" \
        "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RAW/sections.tsv"
}

# ---------------------------------------------------------------- machine and tools

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "nproc: $(nproc)"
    echo "uname: $(uname -a)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "rustc: $(rustc --version)"
    echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (with local changes)')"
} >"$OUT/machine.txt"

if [[ ! -x /usr/bin/time ]] && command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
    note "installing /usr/bin/time (Debian package time) for peak memory"
    { apt-get install -y -q time || { apt-get update -q && apt-get install -y -q time; }; } \
        >"$LOGS/apt-time.log" 2>&1 || echo "could not install time; peak memory includes python's start-up" >&2
fi

# cargo install CRATE VERSION into $TOOLS/cargo unless that version is there; the path of
# its binary BIN in INSTALLED.
cargo_tool() {
    local crate=$1 version=$2 bin=$3
    INSTALLED="$TOOLS/cargo/bin/$bin"
    if ! [[ -x "$INSTALLED" ]] || ! grep -q "^\"$crate $version " "$TOOLS/cargo/.crates.toml" 2>/dev/null; then
        note "installing $crate $version into $TOOLS/cargo (takes a few minutes once)"
        mkdir -p "$TOOLS"
        cargo install --locked --quiet "$crate" --version "$version" --root "$TOOLS/cargo" \
            >"$LOGS/install-$crate.log" 2>&1 || die "cargo install $crate failed: see $LOGS/install-$crate.log"
    fi
}

PROGENITOR=""
OAG=""
O2R=""
PLOIDY=""
if wants gen || wants check; then
    if uses progenitor; then
        cargo_tool cargo-progenitor "$PROGENITOR_VERSION" cargo-progenitor
        PROGENITOR=$INSTALLED
        echo "progenitor: cargo-progenitor $PROGENITOR_VERSION" >>"$OUT/machine.txt"
    fi
    if uses openapi-generator; then
        OAG="$TOOLS/venv/bin/openapi-generator-cli"
        command -v java >/dev/null || die "java not found (openapi-generator needs it; BENCH_TOOLS can leave it out)"
        if ! [[ -x "$OAG" ]] || [[ "$("$OAG" version 2>/dev/null)" != "$OAG_VERSION" ]]; then
            note "installing openapi-generator-cli $OAG_VERSION from PyPI into $TOOLS/venv"
            mkdir -p "$TOOLS"
            { python3 -m venv "$TOOLS/venv" && "$TOOLS/venv/bin/pip" install -q "openapi-generator-cli==$OAG_VERSION"; } \
                >"$LOGS/install-openapi-generator.log" 2>&1 || die "pip install openapi-generator-cli failed: see $LOGS/install-openapi-generator.log"
        fi
        echo "openapi-generator: $("$OAG" version) (openapi-generator-cli, PyPI), $(java -version 2>&1 | head -1)" >>"$OUT/machine.txt"
    fi
    if uses openapi-to-rust; then
        cargo_tool openapi-to-rust "$O2R_VERSION" openapi-to-rust
        O2R=$INSTALLED
        echo "openapi-to-rust: $("$O2R" --version 2>/dev/null || echo "openapi-to-rust $O2R_VERSION")" >>"$OUT/machine.txt"
    fi
    if uses ploidy; then
        cargo_tool ploidy "$PLOIDY_VERSION" ploidy
        PLOIDY=$INSTALLED
        echo "ploidy: $("$PLOIDY" --version 2>/dev/null || echo "ploidy $PLOIDY_VERSION")" >>"$OUT/machine.txt"
    fi
fi

SPECGEN="$TARGET_DIR/release/specgen"
if wants gen || wants check; then
    note "building specgen (release)"
    cargo build --release -p specgen --quiet 2>"$LOGS/build-specgen.log" || {
        cat "$LOGS/build-specgen.log" >&2
        exit 1
    }
fi

# One line of `measure.py` output: wall_ms cpu_ms maxrss_kib exit_code.
measure() {
    local log=$1 timeout=$2
    shift 2
    "${MEASURE[@]}" --log "$log" --timeout "$timeout" -- "$@"
}

# The reason a tool failed, from its log: a panic message, an exception, or the last line.
failure_reason() {
    local log=$1 reason
    reason=$(grep -m1 -A1 "panicked at" "$log" | tail -1 | sed 's/^ *//' || true)
    [[ -n "$reason" ]] || reason=$(grep -m1 -E "Exception|^error|^Error" "$log" || true)
    [[ -n "$reason" ]] || reason=$(grep -v '^\s*$' "$log" | tail -1 || true)
    printf '%s' "${reason:0:300}" | tr '\t\n' '  '
}

# The generator command for TOOL on SPEC into OUT, as an array in GEN_CMD.
gen_command() {
    local tool=$1 spec=$2 out=$3 name=$4
    case "$tool" in
    specgen) GEN_CMD=("$SPECGEN" generate "$spec" --out "$out" --crate-name "$name") ;;
    progenitor) GEN_CMD=("$PROGENITOR" progenitor -i "$spec" -o "$out" -n "$name" -v 0.1.0) ;;
    openapi-generator) GEN_CMD=("$OAG" generate -g rust -i "$spec" -o "$out" --package-name "${name//-/_}" --skip-validate-spec) ;;
    # A module (client.rs, types.rs, mod.rs, REQUIRED_DEPS.toml), not a crate: into src/api,
    # which wrap_module turns into a crate for `check`.
    openapi-to-rust) GEN_CMD=("$O2R" generate "$spec" --output-dir "$out/src/api" --module-name "${name//-/_}" --quiet) ;;
    ploidy) GEN_CMD=("$PLOIDY" generate rust "$spec" -o "$out" --name "$name") ;;
    *) die "unknown tool $tool" ;;
    esac
}

# openapi-to-rust's output in DIR/src/api as the crate NAME: src/lib.rs with `pub mod api;`,
# Cargo.toml with the [dependencies] of its REQUIRED_DEPS.toml (comment lines left out).
wrap_module() {
    local dir=$1 name=$2
    [[ -f "$dir/src/api/REQUIRED_DEPS.toml" ]] || return 1
    printf 'pub mod api;\n' >"$dir/src/lib.rs"
    {
        printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2024"\n\n' "$name"
        grep -v '^[[:space:]]*#' "$dir/src/api/REQUIRED_DEPS.toml"
    } >"$dir/Cargo.toml"
}

# ---------------------------------------------------------------- 1. generation time

if wants gen; then
    section_start gen "1. generation time (warm-up + $RUNS runs, interleaved)"
    printf 'spec\ttool\trun\twall_ms\tcpu_ms\tmaxrss_kib\texit\treason\n' >"$RAW/gen.tsv"
    for spec in "${SPECS[@]}"; do
        stem=$(basename "$spec")
        declare -A failed=()
        for run in $(seq 0 "$RUNS"); do
            for tool in "${TOOLS_LIST[@]}"; do
                [[ -z "${failed[$tool]:-}" ]] || continue
                out="$OUT/gen/$tool/$stem"
                rm -rf "$out"
                mkdir -p "$(dirname "$out")"
                gen_command "$tool" "$spec" "$out" bench-gen
                log="$LOGS/gen-$tool-$stem-$run.log"
                # Let the previous run's aftermath (the files it wrote being flushed, a JVM
                # shutting down) finish outside the timed region of the next tool.
                sync
                sleep 0.3
                read -r wall cpu rss code < <(measure "$log" "$GEN_TIMEOUT" "${GEN_CMD[@]}")
                reason=""
                if [[ "$code" != 0 ]]; then
                    reason=$(failure_reason "$log")
                    failed[$tool]=1
                    [[ "$tool" != specgen ]] || {
                        echo "specgen failed on $stem: $reason" >&2
                        exit 1
                    }
                fi
                printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$stem" "$tool" "$run" "$wall" "$cpu" "$rss" "$code" "$reason" >>"$RAW/gen.tsv"
                printf '  %-34s %-18s run %s: %8.0f ms %7s KiB exit %s %s\n' "$stem" "$tool" "$run" "$wall" "$rss" "$code" "${reason:0:80}" >&2
            done
        done
        unset failed
    done
    section_end
fi

# ---------------------------------------------------------------- 2. generated code cost

if wants check; then
    section_start check "2. the generated nexus crate: lines, cargo check ($CHECK_RUNS runs)"
    ws="$OUT/check"
    for tool in "${ALL_TOOLS[@]}"; do rm -rf "${ws:?}/$tool"; done
    mkdir -p "$ws"
    printf 'tool\tpackage\tfiles\tlines\tcode_lines\n' >"$RAW/loc.tsv"
    printf 'tool\trun\twall_ms\tcpu_ms\texit\treason\n' >"$RAW/check.tsv"
    declare -A package=() check_flags=() check_failed=()
    members=()
    for tool in "${TOOLS_LIST[@]}"; do
        gen_command "$tool" "$CORPUS/progenitor__nexus.json" "$ws/$tool" "nexus-$tool"
        log="$LOGS/check-gen-$tool.log"
        if "${GEN_CMD[@]}" >"$log" 2>&1 && { [[ "$tool" != openapi-to-rust ]] || wrap_module "$ws/$tool" "nexus-$tool"; }; then
            members+=("\"$tool\"")
        else
            # A peer that cannot generate the crate is a result (a row in the table).
            [[ "$tool" != specgen ]] || die "specgen failed on nexus.json: $(failure_reason "$log")"
            check_failed[$tool]=1
            printf '%s\t0\t0\t0\t1\t%s\n' "$tool" "generation failed: $(failure_reason "$log")" >>"$RAW/check.tsv"
            continue
        fi
        package[$tool]=$(sed -n 's/^name *= *"\(.*\)"/\1/p' "$ws/$tool/Cargo.toml" | head -1)
        python3 "$ROOT/benches/tools/report.py" --count-lines "$ws/$tool/src" |
            awk -v t="$tool" -v p="${package[$tool]}" '{print t "\t" p "\t" $0}' OFS='\t' >>"$RAW/loc.tsv"
    done
    printf '[workspace]\nmembers = [%s]\nresolver = "3"\n' "$(IFS=,; echo "${members[*]}")" >"$ws/Cargo.toml"
    # openapi-generator's crate defaults to native-tls (OpenSSL); its own code is the same
    # without it, and the check then needs no system library.
    check_flags[openapi-generator]="--no-default-features"
    cd "$ws"
    for tool in "${TOOLS_LIST[@]}"; do
        [[ -z "${check_failed[$tool]:-}" ]] || continue
        # Dependencies once, untimed (and a first check of the crate itself).
        # shellcheck disable=SC2086
        if ! CARGO_TARGET_DIR="$ws/target" cargo check -p "${package[$tool]}" ${check_flags[$tool]:-} >"$LOGS/check-warm-$tool.log" 2>&1; then
            check_failed[$tool]=1
            printf '%s\t0\t0\t0\t1\t%s\n' "$tool" "$(grep -m1 -E '^error' "$LOGS/check-warm-$tool.log" | tr '\t' ' ')" >>"$RAW/check.tsv"
        fi
    done
    for run in $(seq 1 "$CHECK_RUNS"); do
        for tool in "${TOOLS_LIST[@]}"; do
            [[ -z "${check_failed[$tool]:-}" ]] || continue
            CARGO_TARGET_DIR="$ws/target" cargo clean -p "${package[$tool]}" --quiet 2>/dev/null
            log="$LOGS/check-$tool-$run.log"
            # shellcheck disable=SC2086
            read -r wall cpu _rss code < <(CARGO_TARGET_DIR="$ws/target" CARGO_INCREMENTAL=0 measure "$log" 0 cargo check --offline -p "${package[$tool]}" ${check_flags[$tool]:-})
            reason=""
            [[ "$code" == 0 ]] || reason=$(failure_reason "$log")
            printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$run" "$wall" "$cpu" "$code" "$reason" >>"$RAW/check.tsv"
            printf '  cargo check %-18s run %s: %8.0f ms exit %s\n' "$tool" "$run" "$wall" "$code" >&2
        done
    done
    cd "$ROOT"
    section_end
fi

# ---------------------------------------------------------------- 3. build-step overhead

if wants build; then
    section_start build "3. build-step overhead: clean cargo build ($BUILD_RUNS runs)"
    bs="$OUT/build-step"
    tpl="$ROOT/benches/build-step"
    rm -rf "$bs"
    mkdir -p "$bs"
    # specgen as a build-dependency: generated/'s dependencies, specgen from this checkout
    # without its CLI (default-features = false), as the README shows.
    mkdir -p "$bs/specgen-build-rs/spec"
    cp -r "$tpl/specgen-build-rs/." "$bs/specgen-build-rs/"
    {
        printf '[package]\nname = "hubspot-orders-specgen-build-rs"\nversion = "0.1.0"\nedition = "2024"\npublish = false\n\n'
        sed -n '/^\[dependencies\]/,/^\[/{/^\[dependencies\]/p;/^\[/!p}' "$ROOT/generated/Cargo.toml"
        printf '\n[build-dependencies]\nspecgen = { path = "%s", default-features = false }\n\n[workspace]\n' "$ROOT/generator"
    } >"$bs/specgen-build-rs/Cargo.toml"
    # The committed crate as is.
    mkdir -p "$bs/specgen-committed"
    cp -r "$ROOT/generated/Cargo.toml" "$ROOT/generated/src" "$bs/specgen-committed/"
    printf '\n[workspace]\n' >>"$bs/specgen-committed/Cargo.toml"
    for v in progenitor-build-rs progenitor-committed; do
        mkdir -p "$bs/$v"
        cp -r "$tpl/$v/src" "$bs/$v/"
        cp "$tpl/$v/Cargo.toml.in" "$bs/$v/Cargo.toml"
    done
    mkdir -p "$bs/progenitor-build-rs/spec"
    cp "$tpl/progenitor-build-rs/build.rs" "$bs/progenitor-build-rs/"
    for v in specgen-build-rs progenitor-build-rs; do
        cp "$ROOT/spec/hubspot-orders.yaml" "$bs/$v/spec/"
    done
    # specgen's build step generates what generated/ holds: the spec with the CRM overlay.
    cp "$ROOT/spec/hubspot-crm.overlay.yaml" "$bs/specgen-build-rs/spec/"

    BUILD_VARIANTS=(specgen-build-rs specgen-committed progenitor-build-rs progenitor-committed)
    printf 'variant\trun\twall_ms\tcpu_ms\texit\treason\n' >"$RAW/build.tsv"
    declare -A build_failed=()
    for v in "${BUILD_VARIANTS[@]}"; do
        # Resolve and download once, untimed.
        (cd "$bs/$v" && cargo generate-lockfile --quiet && cargo fetch --quiet) >"$LOGS/build-fetch-$v.log" 2>&1 ||
            die "cargo fetch failed for $v: see $LOGS/build-fetch-$v.log"
    done
    for run in $(seq 1 "$BUILD_RUNS"); do
        for v in "${BUILD_VARIANTS[@]}"; do
            [[ -z "${build_failed[$v]:-}" ]] || continue
            if [[ "$v" == progenitor-committed && ! -f "$bs/$v/src/codegen.rs" ]]; then
                build_failed[$v]=1
                printf '%s\t%s\t0\t0\t1\t%s\n' "$v" "$run" "no progenitor output to commit (progenitor-build-rs failed)" >>"$RAW/build.tsv"
                continue
            fi
            rm -rf "$bs/target-$v"
            log="$LOGS/build-$v-$run.log"
            read -r wall cpu _rss code < <(CARGO_TARGET_DIR="$bs/target-$v" measure "$log" 0 cargo build --offline --locked --manifest-path "$bs/$v/Cargo.toml")
            reason=""
            if [[ "$code" != 0 ]]; then
                reason=$(failure_reason "$log")
                build_failed[$v]=1
            fi
            printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$v" "$run" "$wall" "$cpu" "$code" "$reason" >>"$RAW/build.tsv"
            printf '  clean build %-22s run %s: %8.0f ms exit %s %s\n' "$v" "$run" "$wall" "$code" "${reason:0:80}" >&2
            if [[ "$v" == progenitor-build-rs && "$code" == 0 && ! -f "$bs/progenitor-committed/src/codegen.rs" ]]; then
                generated=$(find "$bs/target-$v/debug/build" -path '*/out/codegen.rs' -print -quit)
                [[ -n "$generated" ]] && cp "$generated" "$bs/progenitor-committed/src/codegen.rs"
            fi
            rm -rf "$bs/target-$v"
        done
    done
    section_end
fi

# ---------------------------------------------------------------- 4, 5. in-process

CRITERION_ARGS=(--warm-up-time "$CRIT_WARMUP" --measurement-time "$CRIT_SECS" --noplot)
if wants serde || wants client; then
    note "building the criterion benches (release)"
    cargo bench -p specgen-benches --no-run --quiet 2>"$LOGS/build-benches.log" || {
        cat "$LOGS/build-benches.log" >&2
        exit 1
    }
fi
if wants serde; then
    section_start serde "4. decode/encode throughput (criterion)"
    rm -rf "$TARGET_DIR/criterion"/{decode,encode}_{response,request}
    cargo bench -p specgen-benches --bench serde --quiet -- "${CRITERION_ARGS[@]}" 2>&1 | tee "$LOGS/criterion-serde.log" |
        { grep -E '^[a-z_]+/|time:|thrpt:' >&2 || true; }
    section_end
fi
if wants client; then
    section_start client "5. client overhead ($CLIENT_ROUNDS alternating rounds, local HTTP server)"
    cargo bench -p specgen-benches --bench client --quiet -- \
        --rounds "$CLIENT_ROUNDS" --round-ms "$CLIENT_ROUND_MS" --out "$RAW/client.json" 2>&1 |
        tee "$LOGS/bench-client.log" | { grep -E '^client_' >&2 || true; }
    section_end
fi

# ---------------------------------------------------------------- the table

echo "total wall time: $(($(date +%s) - started)) s" >>"$OUT/machine.txt"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
{
    echo "settings: BENCH_RUNS=$RUNS BENCH_CHECK_RUNS=$CHECK_RUNS BENCH_BUILD_RUNS=$BUILD_RUNS" \
        "BENCH_CRITERION_WARMUP=$CRIT_WARMUP BENCH_CRITERION_SECS=$CRIT_SECS" \
        "BENCH_CLIENT_ROUNDS=$CLIENT_ROUNDS BENCH_CLIENT_ROUND_MS=$CLIENT_ROUND_MS BENCH_ONLY=$ONLY" \
        "BENCH_TOOLS=$(IFS=,; echo "${TOOLS_LIST[*]}")"
} >>"$OUT/machine.txt"
python3 "$ROOT/benches/tools/report.py" --out "$OUT" --criterion "$TARGET_DIR/criterion" --sections "$ONLY" >"$OUT/results.md"
cat "$OUT/results.md"
echo
echo "written: $OUT/results.md (raw samples in $RAW, logs in $LOGS)" >&2
