#!/usr/bin/env bash
# Conformance run: starts Prism (npm @stoplight/prism-cli 5) on 127.0.0.1 serving
# spec/hubspot-orders.yaml twice — examples (static) and schema-generated responses (-d) —
# then runs tests/prism.rs against both and stops Prism.
#
# Usage: scripts/prism.sh
# Prism is installed into .ci/node (git-ignored) when missing; PRISM overrides its path.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

prism="${PRISM:-$root/.ci/node/node_modules/.bin/prism}"
if [[ ! -x "$prism" ]]; then
    echo "prism.sh: installing @stoplight/prism-cli 5 into .ci/node" >&2
    mkdir -p .ci/node
    npm install --prefix .ci/node --no-audit --no-fund --loglevel=error @stoplight/prism-cli@5 >&2
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
static_port=$(free_port)
dynamic_port=$(free_port)
logs=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

"$prism" mock -h 127.0.0.1 -p "$static_port" spec/hubspot-orders.yaml >"$logs/static.log" 2>&1 &
pids+=($!)
"$prism" mock -d -h 127.0.0.1 -p "$dynamic_port" spec/hubspot-orders.yaml >"$logs/dynamic.log" 2>&1 &
pids+=($!)

wait_for() {
    local port=$1 log=$2
    for _ in $(seq 1 120); do
        if grep -q "Prism is listening" "$log" 2>/dev/null; then return 0; fi
        sleep 0.5
    done
    echo "prism.sh: Prism did not start on port $port:" >&2
    cat "$log" >&2
    return 1
}
wait_for "$static_port" "$logs/static.log"
wait_for "$dynamic_port" "$logs/dynamic.log"

status=0
PRISM_URL="http://127.0.0.1:$static_port" PRISM_DYNAMIC_URL="http://127.0.0.1:$dynamic_port" \
    cargo test -p specgen-demo --test prism -- --ignored || status=$?
if ((status != 0)); then
    echo "prism.sh: tests failed; Prism's request validation said:" >&2
    grep -h "VALIDATOR\|error" "$logs"/*.log | tail -40 >&2 || true
fi
exit "$status"
