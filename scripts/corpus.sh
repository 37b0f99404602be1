#!/usr/bin/env bash
# Run specgen over a corpus of OpenAPI specs and `cargo check` everything it generates.
#
# Usage: scripts/corpus.sh DIR [--limit N] [--timeout-secs S] [--max-failures N]
#
#   DIR              folder of specs: every *.yaml, *.yml, *.json in it (not recursive,
#                    sorted byte-wise; MANIFEST.tsv and README* are skipped)
#   --limit N        only the first N specs
#   --timeout-secs S time limit for the single `cargo check` of all generated crates
#   --max-failures N exit 1 when more than N specs fail (default: unlimited)
#   --clippy         run `cargo clippy -- -D warnings` instead of `cargo check`: generated
#                    code must be lint-free too (it takes about as long)
#
# Environment:
#   CORPUS_SCRATCH       scratch folder (default: a new one under ${TMPDIR:-/tmp}); its
#                        crates/ and logs/ are replaced, its target/ is reused and kept
#                        (a default scratch folder's target/, several GB, is removed at exit)
#   CORPUS_GEN_TIMEOUT   time limit in seconds for one `specgen generate` (default 600)
#
# Steps: builds specgen once (`cargo build --release -p specgen` in the repo root); generates
# one crate per spec into $SCRATCH/crates/c-<stem>; writes $SCRATCH/Cargo.toml, a workspace of
# every crate that generated; runs one `cargo check --workspace --keep-going` with
# CARGO_TARGET_DIR=$SCRATCH/target; attributes its errors to crates by path.
#
# Output: a tab-separated table, one line per spec:
#   spec  operations  types  lines  gen_ms  outcome  first-error
# outcome is one of: ok, gen-error, gen-panic, gen-timeout, manifest-error, check-error,
# check-timeout. Then the total generation and check times and the closing line
# `N passed, N failed` (passed = generated and checked clean). The table is also written to
# $SCRATCH/report.tsv; logs are in $SCRATCH/logs (gen stderr per crate, check.log).
#
# Exit status: 0 when no spec panicked the generator and failures <= --max-failures; else 1.
# 2 on bad usage or when specgen does not build.

set -euo pipefail

usage() {
    sed -n '2,/^$/{s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2
    exit 2
}

die() {
    printf 'corpus.sh: %s\n' "$*" >&2
    exit 2
}

is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }

now_ms() { date +%s%3N; }

dir=""
limit=""
timeout_secs=""
max_failures=""
clippy=0
while (($#)); do
    case "$1" in
    --clippy)
        clippy=1
        shift
        ;;
    --limit)
        (($# >= 2)) || die "--limit needs a value"
        is_uint "$2" || die "--limit: not a number: $2"
        limit=$2
        shift 2
        ;;
    --limit=*)
        limit=${1#*=}
        is_uint "$limit" || die "--limit: not a number: $limit"
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
    --max-failures)
        (($# >= 2)) || die "--max-failures needs a value"
        is_uint "$2" || die "--max-failures: not a number: $2"
        max_failures=$2
        shift 2
        ;;
    --max-failures=*)
        max_failures=${1#*=}
        is_uint "$max_failures" || die "--max-failures: not a number: $max_failures"
        shift
        ;;
    -h | --help) usage ;;
    --)
        shift
        (($# == 1)) || usage
        [[ -z "$dir" ]] || usage
        dir=$1
        shift
        ;;
    -*) die "unknown option: $1" ;;
    *)
        [[ -z "$dir" ]] || die "more than one DIR given"
        dir=$1
        shift
        ;;
    esac
done
[[ -n "$dir" ]] || usage
[[ -d "$dir" ]] || die "not a directory: $dir"
dir=$(cd -- "$dir" && pwd -P)

gen_timeout=${CORPUS_GEN_TIMEOUT:-600}
is_uint "$gen_timeout" || die "CORPUS_GEN_TIMEOUT: not a number: $gen_timeout"

repo_root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)

if [[ -n "${CORPUS_SCRATCH:-}" ]]; then
    scratch=$CORPUS_SCRATCH
    mkdir -p -- "$scratch"
    scratch=$(cd -- "$scratch" && pwd -P)
else
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/specgen-corpus.XXXXXX")
    # The build artefacts of 120-odd crates fill a small CI disk; the report and logs stay.
    trap 'rm -rf -- "$scratch/target"' EXIT
fi
rm -rf -- "$scratch/crates" "$scratch/logs"
mkdir -p -- "$scratch/crates" "$scratch/logs"
log_dir=$scratch/logs

# ---------------------------------------------------------------------------------------------
# Build specgen once.
printf 'corpus.sh: building specgen (release) in %s\n' "$repo_root" >&2
if ! (cd -- "$repo_root" && cargo build --release -p specgen) >"$log_dir/build.log" 2>&1; then
    cat -- "$log_dir/build.log" >&2
    die "cargo build --release -p specgen failed"
fi
# Where cargo put it: CARGO_TARGET_DIR (relative to the repository) when set.
target_dir=${CARGO_TARGET_DIR:-target}
[[ $target_dir == /* ]] || target_dir=$repo_root/$target_dir
specgen=$target_dir/release/specgen
[[ -x "$specgen" ]] || die "no binary at $specgen"

# ---------------------------------------------------------------------------------------------
# Collect specs (files and symlinks to files), NUL-separated so any file name works.
specs=()
while IFS= read -r -d '' f; do
    base=${f##*/}
    case "$base" in
    MANIFEST.tsv | README | README.*) continue ;;
    esac
    specs+=("$f")
done < <(find "$dir" -mindepth 1 -maxdepth 1 \( -type f -o \( -type l -xtype f \) \) \
    \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -print0 | LC_ALL=C sort -z)

if [[ -n "$limit" ]] && ((${#specs[@]} > limit)); then
    specs=("${specs[@]:0:limit}")
fi
((${#specs[@]} > 0)) || die "no *.yaml, *.yml or *.json specs in $dir"

# One line of text for a table cell: no tabs, no newlines, no control characters.
cell() {
    local s=$1
    s=${s//$'\t'/ }
    s=${s//$'\r'/ }
    s=${s//$'\n'/ }
    s=$(printf '%s' "$s" | LC_ALL=C tr -d '\000-\010\013-\037\177')
    if ((${#s} > 400)); then
        s="${s:0:397}..."
    fi
    printf '%s' "$s"
}

# A valid cargo package name from a file name: c-<lowercased stem, runs of other characters
# turned into one '-'>, made unique with -2, -3, ... . Sets crate_name (no subshell, so the
# names used so far are remembered).
declare -A used_names=()
crate_name=""
crate_name_for() {
    local base=$1 stem name n
    stem=${base%.*}
    stem=$(printf '%s' "$stem" | LC_ALL=C tr 'A-Z' 'a-z' | LC_ALL=C tr -cs 'a-z0-9' '-')
    stem=${stem#-}
    stem=${stem%-}
    [[ -n "$stem" ]] || stem=spec
    name="c-$stem"
    if [[ -n "${used_names[$name]:-}" ]]; then
        n=2
        while [[ -n "${used_names[$name-$n]:-}" ]]; do n=$((n + 1)); done
        name="$name-$n"
    fi
    used_names[$name]=1
    crate_name=$name
}

count_matches() { # PATTERN FILE: number of matching lines, 0 when none or no file
    local c
    [[ -f "$2" ]] || {
        printf '0'
        return
    }
    c=$(grep -cE -- "$1" "$2" || true)
    printf '%s' "${c:-0}"
}

# ---------------------------------------------------------------------------------------------
# Generate.
n=${#specs[@]}
names=() ops=() types=() lines=() gen_ms=() outcome=() first_error=()
panics=0
gen_total_ms=0
members=()
for ((i = 0; i < n; i++)); do
    spec=${specs[i]}
    base=${spec##*/}
    crate_name_for "$base"
    name=$crate_name
    names[i]=$name
    out=$scratch/crates/$name
    err=$log_dir/$name.gen.stderr
    printf 'corpus.sh: [%d/%d] %s\n' "$((i + 1))" "$n" "$(cell "$base")" >&2

    start=$(now_ms)
    rc=0
    RUST_BACKTRACE=1 timeout --kill-after=10 "$gen_timeout" \
        "$specgen" generate "$spec" --out "$out" --crate-name "$name" \
        </dev/null >"$log_dir/$name.gen.stdout" 2>"$err" || rc=$?
    end=$(now_ms)
    gen_ms[i]=$((end - start))
    gen_total_ms=$((gen_total_ms + end - start))

    if ((rc == 0)); then
        outcome[i]=pending
        first_error[i]=""
        members+=("$name")
    elif ((rc == 101)) || grep -q 'panicked' -- "$err"; then
        outcome[i]=gen-panic
        panics=$((panics + 1))
        # "thread 'main' panicked at file:line:col:" and the message on the next line.
        first_error[i]=$(grep -m1 -A1 'panicked' -- "$err" | tr '\n' ' ' || true)
    elif ((rc == 124 || rc == 137)); then
        outcome[i]=gen-timeout
        first_error[i]="specgen generate timed out after ${gen_timeout}s"
    else
        outcome[i]=gen-error
        # The first diagnostic ("error: FILE:LINE:COL: at POINTER: message"), else the first line.
        first_error[i]=$(grep -m1 '^error' -- "$err" || true)
        [[ -n "${first_error[i]}" ]] || first_error[i]=$(grep -m1 -v '^[[:space:]]*$' -- "$err" || true)
        [[ -n "${first_error[i]}" ]] || first_error[i]="exit status $rc"
    fi

    src=$out/src
    ops[i]=$(count_matches 'const CALL: Call' "$src/client.rs")
    types[i]=$(count_matches '\bpub (struct|enum|type)\b' "$src/types.rs")
    total=0
    if [[ -d "$src" ]]; then
        for f in "$src"/*.rs; do
            [[ -f "$f" ]] || continue
            total=$((total + $(wc -l <"$f")))
        done
    fi
    lines[i]=$total
done

index_of() { # NAME -> index into names[]
    local j
    for ((j = 0; j < n; j++)); do
        if [[ "${names[j]}" == "$1" ]]; then
            printf '%s' "$j"
            return 0
        fi
    done
    return 1
}

# ---------------------------------------------------------------------------------------------
# Check all generated crates in one workspace.
write_workspace() {
    {
        printf '# Written by scripts/corpus.sh: one member per generated crate.\n'
        printf '[workspace]\nresolver = "3"\nmembers = [\n'
        local m
        for m in "${members[@]}"; do
            printf '    "crates/%s",\n' "$m"
        done
        printf ']\n'
    } >"$scratch/Cargo.toml"
}

check_log=$log_dir/check.log
check_ms=0
check_rc=0
check_timed_out=0
if ((${#members[@]} > 0)); then
    # Start from the generator repo's lock file, so versions match it and little needs resolving.
    if [[ ! -f "$scratch/Cargo.lock" && -f "$repo_root/Cargo.lock" ]]; then
        cp -- "$repo_root/Cargo.lock" "$scratch/Cargo.lock"
    fi
    check_cmd=(cargo check --workspace --keep-going --message-format short)
    if ((clippy)); then
        check_cmd=(cargo clippy --workspace --keep-going --message-format short -- -D warnings)
    fi
    if [[ -n "$timeout_secs" ]]; then
        check_cmd=(timeout --kill-after=30 "$timeout_secs" "${check_cmd[@]}")
    fi
    # A crate whose Cargo.toml cargo rejects stops the whole workspace from loading: drop it
    # and try again (a few times at most).
    for attempt in 1 2 3 4 5; do
        write_workspace
        printf 'corpus.sh: cargo check of %d crates (attempt %d), log: %s\n' \
            "${#members[@]}" "$attempt" "$check_log" >&2
        start=$(now_ms)
        check_rc=0
        (cd -- "$scratch" && CARGO_TARGET_DIR=$scratch/target CARGO_TERM_COLOR=never \
            "${check_cmd[@]}") </dev/null >"$check_log" 2>&1 || check_rc=$?
        end=$(now_ms)
        check_ms=$((check_ms + end - start))
        if [[ -n "$timeout_secs" ]] && ((check_rc == 124 || check_rc == 137)); then
            check_timed_out=1
            break
        fi
        ((check_rc != 0)) || break
        # Manifest errors name the file: "failed to parse manifest at `.../crates/<name>/Cargo.toml`".
        grep -qE 'failed to (load|parse) manifest' -- "$check_log" || break
        bad=$(grep -oE 'crates/[a-z0-9-]+/Cargo\.toml' -- "$check_log" |
            sed -E 's#crates/([^/]+)/.*#\1#' | LC_ALL=C sort -u || true)
        [[ -n "$bad" ]] || break
        new_members=()
        for m in "${members[@]}"; do
            if grep -qxF -- "$m" <<<"$bad"; then
                j=$(index_of "$m")
                outcome[j]=manifest-error
                first_error[j]=$(grep -m1 -E '^error' -- "$check_log" || true)
                cp -- "$check_log" "$log_dir/$m.manifest.log"
            else
                new_members+=("$m")
            fi
        done
        if ((${#new_members[@]} == ${#members[@]})); then break; fi
        members=("${new_members[@]}")
        ((${#members[@]} > 0)) || break
    done

    # Attribute errors: "crates/<name>/src/x.rs:L:C: error[E…]: message" and
    # "error: could not compile `<name>` (lib) due to N previous errors".
    declare -A crate_err=()
    while IFS= read -r line; do
        if [[ "$line" =~ ^crates/([a-z0-9-]+)/[^:]*:[0-9]+:[0-9]+:\ error ]]; then
            m=${BASH_REMATCH[1]}
            [[ -n "${crate_err[$m]:-}" ]] || crate_err[$m]=${line#crates/"$m"/}
        elif [[ "$line" =~ ^error:\ could\ not\ compile\ \`([a-z0-9-]+)\` ]]; then
            m=${BASH_REMATCH[1]}
            [[ -n "${crate_err[$m]:-}" ]] || crate_err[$m]=$line
        fi
    done <"$check_log"

    # A failed check with nothing attributed (dependency resolution, a dependency failing to
    # build, ...) fails every member with cargo's first error line.
    global_err=""
    if ((check_rc != 0 && check_timed_out == 0)) && ((${#crate_err[@]} == 0)); then
        global_err=$(grep -m1 -E '^error' -- "$check_log" || true)
        [[ -n "$global_err" ]] || global_err="cargo check exited with status $check_rc"
    fi

    for m in "${members[@]}"; do
        j=$(index_of "$m")
        if [[ -n "${crate_err[$m]:-}" ]]; then
            outcome[j]=check-error
            first_error[j]=${crate_err[$m]}
        elif [[ -n "$global_err" ]]; then
            outcome[j]=check-error
            first_error[j]=$global_err
        elif ((check_timed_out)); then
            outcome[j]=check-timeout
            first_error[j]="cargo check timed out after ${timeout_secs}s"
        else
            outcome[j]=ok
        fi
    done
fi

# ---------------------------------------------------------------------------------------------
# Report.
passed=0
failed=0
for ((i = 0; i < n; i++)); do
    if [[ "${outcome[i]}" == ok ]]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
done
report=$scratch/report.tsv
{
    printf 'spec\toperations\ttypes\tlines\tgen_ms\toutcome\tfirst-error\n'
    for ((i = 0; i < n; i++)); do
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(cell "${specs[i]##*/}")" "${ops[i]}" \
            "${types[i]}" "${lines[i]}" "${gen_ms[i]}" "${outcome[i]}" "$(cell "${first_error[i]}")"
    done
} | tee -- "$report"

printf '\n'
printf 'generation: %d specs in %d ms total\n' "$n" "$gen_total_ms"
printf 'cargo check: %d crates, %d.%03d s wall (exit status %d)%s\n' "${#members[@]}" \
    "$((check_ms / 1000))" "$((check_ms % 1000))" "$check_rc" \
    "$( ((check_timed_out)) && printf ', timed out' || true)"
printf 'generator panics: %d\n' "$panics"
printf 'scratch: %s\n' "$scratch"
printf '%d passed, %d failed\n' "$passed" "$failed"

if ((panics > 0)); then
    exit 1
fi
if [[ -n "$max_failures" ]] && ((failed > max_failures)); then
    exit 1
fi
exit 0
