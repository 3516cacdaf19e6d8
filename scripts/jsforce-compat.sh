#!/usr/bin/env bash
# jsforce compatibility (issue 15): a real Salesforce client library (jsforce, pinned in
# tests/jsforce/package.json and its lock file) drives the gateway's Salesforce REST API:
# describe, describeGlobal, create, retrieve, update, upsert, query + queryMore, an aggregate
# query, and the error codes jsforce reports. Starts its own gateway (embedded store, no demo
# data, free loopback ports) and fails loudly on any difference. Run by .ci/run.
# Needs node >= 18 and npm: installed through apt when missing (as root, e.g. on CI).
# Usage: scripts/jsforce-compat.sh        (MCU_SKIP_BUILD=1: use the built gateway as it is)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/loadtest-lib.sh
trap cleanup EXIT INT TERM

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "==> installing nodejs and npm (apt-get)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
echo "==> npm ci (jsforce, node $(node --version))"
npm ci --prefix tests/jsforce --no-audit --no-fund --loglevel=error

if [ -z "${MCU_SKIP_BUILD:-}" ]; then
  echo "==> build the gateway (Release)"
  dotnet build src/MessagingChannelUsage.Gateway -c Release --nologo -v quiet -clp:ErrorsOnly
fi

make_workdir   # sets $work
grpc_port="$(free_port)"
rest_port="$(free_port)"
echo "==> gateway (embedded store, no demo data): gRPC 127.0.0.1:${grpc_port}, REST 127.0.0.1:${rest_port}"
start_bg "$work/gateway.log" env "${server_env[@]}" Store__Kind=Memory Gateway__SeedDemoData=false Telemetry__PrometheusPort=0 \
  "Gateway__Urls=http://127.0.0.1:${grpc_port}" "Gateway__RestUrls=http://127.0.0.1:${rest_port}" dotnet "$gateway_dll"

if ! node tests/jsforce/compat.mjs "http://127.0.0.1:${rest_port}"; then
  echo "==> jsforce compatibility FAILED; gateway log:" >&2
  tail -n 50 "$work/gateway.log" >&2 || true
  exit 1
fi
