#!/usr/bin/env bash
# Unary routing throughput under each garbage-collector setting, interleaved rounds in one run:
# gateways on the embedded store that differ only in their GC settings (the shipped default first,
# then workstation GC, then server GC with GCConserveMemory), h2load on the demo-channel mix
# (loadtest-lib.sh). Prints req/s per round, each setting's ratio to the shipped default, and each
# gateway's RSS after the rounds; stops everything it started. The first round is a warm-up
# (JIT-cold processes): read the ratios of the later rounds.
#
# Usage: scripts/loadtest-gc.sh [--seconds 6] [--rounds 3] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/loadtest-lib.sh
trap cleanup EXIT INT TERM

seconds=6
rounds=3
out="loadtest-results/gc-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 1 ;;
  esac
done

require_tools protoc h2load nghttp
make_workdir   # sets $work
mkdir -p "$out"
echo "==> build (Release): gateway, load-test runner, echo server"
build_release

# The shipped default is what the gateway's runtimeconfig says; the others override it here.
settings=(shipped workstation conserve)
declare -A extra=(
  [shipped]=""
  [workstation]="DOTNET_gcServer=0 DOTNET_gcConcurrent=1"
  [conserve]="DOTNET_gcServer=1 DOTNET_GCConserveMemory=5"
)
declare -A ports pids
for setting in "${settings[@]}"; do
  ports[$setting]="$(free_port)"
  # server_env pins server GC for the load-test gateways; here the setting under test decides.
  # shellcheck disable=SC2086
  start_bg "$work/gateway-$setting.log" env DOTNET_TieredCompilation=1 DOTNET_TieredPGO=1 DOTNET_ReadyToRun=1 \
    ASPNETCORE_ENVIRONMENT=Production ${extra[$setting]} Store__Kind=Memory Gateway__RestUrls= \
    Security__Limits__RoutingPerSecond=0 Gateway__SeedDemoData=true Telemetry__PrometheusPort=0 \
    "Gateway__Urls=http://127.0.0.1:${ports[$setting]}" dotnet "$gateway_dll"
  pids[$setting]="$(last_pid)"
  runner probe --address "http://127.0.0.1:${ports[$setting]}" --kind gateway --timeout 60 >/dev/null
  echo "==> gateway ($setting GC: ${extra[$setting]:-as shipped}) on 127.0.0.1:${ports[$setting]}"
done
frame_mix "$work"

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

route="/messaging.v1.MessageRouter/RouteInbound"
table="$out/gc.md"
{
  echo "machine: $(nproc) processors; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "command: scripts/loadtest-gc.sh --seconds $seconds --rounds $rounds (mix of ${#h2load_messages[@]} bodies, 1 connection x 16 streams each, memory store)"
  echo
  echo "| round | load avg | shipped (server GC) req/s | workstation GC req/s | server GC + GCConserveMemory=5 req/s | workstation/shipped | conserve/shipped |"
  echo "|---|---|---:|---:|---:|---:|---:|"
} | tee "$table"
for round in $(seq 1 "$rounds"); do
  load="$(cut -d' ' -f1 /proc/loadavg)"
  declare -A rps=()
  for setting in "${settings[@]}"; do
    rps[$setting]="$(h2load_mix "http://127.0.0.1:${ports[$setting]}$route" "$work/route-*.body" "$seconds" "$work/h-$setting.txt")"
  done
  echo "| $round | $load | ${rps[shipped]} | ${rps[workstation]} | ${rps[conserve]} | $(ratio_of "${rps[workstation]}" "${rps[shipped]}") | $(ratio_of "${rps[conserve]}" "${rps[shipped]}") |" | tee -a "$table"
done
echo | tee -a "$table"
echo "RSS after the rounds (MB): shipped $(rss_mb "${pids[shipped]}"), workstation $(rss_mb "${pids[workstation]}"), conserve $(rss_mb "${pids[conserve]}")" | tee -a "$table"
echo "==> table: $table"
