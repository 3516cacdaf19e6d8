#!/usr/bin/env bash
# Where the CPU and the bytes of one message go (issue 12, docs/performance.md): for echo, the gateway
# on the embedded store and on Redis (end-user near cache on), each under a load that covers the whole
# trace window (h2load -D on the mix, the trace starts after --settle seconds and lasts --window
# seconds), takes
#   - a thread-time trace (dotnet-trace --profile dotnet-sampled-thread-time): samples of threads
#     running managed code, by component (Kestrel, gRPC, protobuf, metrics, tracing, logging,
#     authentication, routing engine, decision, store, Redis client); waiting threads left out;
#   - an allocation trace (GC verbose: one GCAllocationTick per ~100 KB, with type and stack), by type.
# The reader is scripts/trace-report (TraceEvent), built in a temporary folder. Stops what it started.
#
# Usage: scripts/profile-breakdown.sh [--window 20] [--settle 5] [--out DIR]
# Needs dotnet-trace: dotnet tool install -g dotnet-trace
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/loadtest-lib.sh
trap cleanup EXIT INT TERM

window=20
settle=5
out="loadtest-results/breakdown-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --window) window="$2"; shift 2 ;;
    --settle) settle="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 1 ;;
  esac
done
PATH="$PATH:$HOME/.dotnet/tools"
require_tools protoc h2load nghttp redis-server redis-cli dotnet-trace
make_workdir   # sets $work
mkdir -p "$out"
build_release
mkdir "$work/trace-report"
cp scripts/trace-report/trace-report.csproj scripts/trace-report/Program.cs "$work/trace-report/"
dotnet build "$work/trace-report" -c Release --nologo -v quiet -clp:ErrorsOnly -o "$work/trace-report/bin"

redis_port="$(free_port)"
start_redis "$redis_port" "$work"
echo_port="$(free_port)"
start_echo "$work/echo.log" "$echo_port" "$redis_port"
declare -A pids urls
pids[echo]="$(last_pid)"
urls[echo]="http://127.0.0.1:${echo_port}/loadtest.echo.v1.Echo/Echo"
runner probe --address "http://127.0.0.1:${echo_port}" --kind echo --timeout 60 >/dev/null
for target in memory redis; do
  port="$(free_port)"
  start_gateway "$work/gateway-$target.log" "$port" "$target" "$redis_port"
  pids[$target]="$(last_pid)"
  urls[$target]="http://127.0.0.1:${port}/messaging.v1.MessageRouter/RouteInbound"
  runner probe --address "http://127.0.0.1:${port}" --kind gateway --timeout 60 >/dev/null
done
frame_mix "$work"

# trace TARGET KIND PROFILE-ARGS...: load for settle + window + 5 s, the trace in the middle.
trace() {
  local target="$1" kind="$2" name="$3"; shift 3
  local body load=()
  for body in "$work/$kind"-*.body; do
    h2load -D $(( settle + window + 5 )) -c 1 -m 16 -t 1 -H 'content-type: application/grpc' -H 'te: trailers' -d "$body" "${urls[$target]}" >/dev/null 2>&1 &
    load+=("$!")
  done
  sleep "$settle"
  dotnet-trace collect -p "${pids[$target]}" "$@" --duration "00:00:00:${window}" -o "$work/$target-$name.nettrace" >/dev/null 2>&1
  wait "${load[@]}" || true
}

report="$out/breakdown.md"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD); command: scripts/profile-breakdown.sh --window $window --settle $settle" | tee "$report"
for target in echo memory redis; do
  kind=route
  [ "$target" != echo ] || kind=echo
  trace "$target" "$kind" warm --profile gc-collect   # warm-up, discarded: JIT tiers, near caches, end users
  trace "$target" "$kind" cpu --profile dotnet-sampled-thread-time
  trace "$target" "$kind" alloc --providers 'Microsoft-Windows-DotNETRuntime:0x1:5'
  {
    echo
    echo "### $target: thread time of threads running managed code, by component (load $(cut -d' ' -f1 /proc/loadavg))"
    dotnet "$work/trace-report/bin/trace-report.dll" cpu "$work/$target-cpu.nettrace"
    echo
    echo "### $target: allocations by type (share of sampled bytes)"
    dotnet "$work/trace-report/bin/trace-report.dll" alloc "$work/$target-alloc.nettrace" | sed -n '/== by type/,/== by frame/p' | head -30
  } | tee -a "$report"
  cp "$work/$target-cpu.nettrace" "$work/$target-alloc.nettrace" "$out/" 2>/dev/null || true
done
echo "==> report: $report (traces next to it: open them in PerfView or speedscope for stacks)"
