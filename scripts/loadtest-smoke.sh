#!/usr/bin/env bash
# CI smoke of the load path: build what is needed, start the gateway on the embedded store on a
# free loopback port, run route_inbound for 10 seconds, and fail only on errors (any failed call,
# or no successful call at all). No timing is asserted. Cleans up its processes on any exit.
# Usage: scripts/loadtest-smoke.sh        (about 1 minute once built)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/loadtest-lib.sh
trap cleanup EXIT INT TERM

make_workdir   # sets $work
echo "==> build (Release): gateway, load-test runner, echo server"
build_release

port="$(free_port)"
echo "==> gateway (embedded store) on 127.0.0.1:${port}"
start_gateway "$work/gateway.log" "$port" memory

echo "==> route_inbound for 10 s"
set +e
timeout 100 env "${runner_env[@]}" dotnet "$runner_dll" \
  --scenario route_inbound --gateway "http://127.0.0.1:${port}" \
  --load keep=8,10s --warm-up 1 --wait 40 \
  --threshold 'errors==0' --threshold 'ok>0' \
  --report-dir "$work/report" --report-formats md 2>&1 | grep -v '^\[route_inbound\]'
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "==> load-test smoke FAILED (exit $status); gateway log:"
  tail -n 50 "$work/gateway.log" || true
  exit 1
fi
echo "==> load-test smoke passed"
