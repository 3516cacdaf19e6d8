#!/usr/bin/env bash
# Where the CPU of one STREAMED message goes (issue 12, docs/performance.md "RouteStream"): the
# runner drives echo_stream against the echo server, then route_stream against a gateway on Redis
# (end-user near cache on, the same settings as scripts/loadtest-stream-window.sh); during each a
# thread-time trace (dotnet-trace --profile dotnet-sampled-thread-time) is taken of the server AND
# of the runner, read with scripts/trace-report (`cpu`, by component, plus the methods with most
# samples inclusive). Each process's CPU µs per message (utime+stime from /proc over the traced
# window ÷ messages in that window, from the runner's own count) is printed too, so the runner's
# cost per gateway message can be compared with its cost per echo message. Then, while the runner
# keeps going, an allocation trace of the server (GC verbose: one GCAllocationTick per ~100 KB,
# --alloc-window seconds), by type. Stops what it started.
#
# Usage: scripts/profile-stream.sh [--window 12] [--settle 6] [--alloc-window 6] [--copies 32] [--streams 8] [--top 45] [--out DIR]
# Needs dotnet-trace: dotnet tool install -g dotnet-trace
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/loadtest-lib.sh
trap cleanup EXIT INT TERM

window=12
settle=6
alloc_window=6
copies=32
streams=8
top=45
out="loadtest-results/profile-stream-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --window) window="$2"; shift 2 ;;
    --settle) settle="$2"; shift 2 ;;
    --alloc-window) alloc_window="$2"; shift 2 ;;
    --copies) copies="$2"; shift 2 ;;
    --streams) streams="$2"; shift 2 ;;
    --top) top="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 1 ;;
  esac
done
PATH="$PATH:$HOME/.dotnet/tools"
require_tools redis-server redis-cli dotnet-trace
make_workdir   # sets $work
mkdir -p "$out"
build_release
mkdir "$work/trace-report"
cp scripts/trace-report/trace-report.csproj scripts/trace-report/Program.cs "$work/trace-report/"
dotnet build "$work/trace-report" -c Release --nologo -v quiet -clp:ErrorsOnly -o "$work/trace-report/bin"

redis_port="$(free_port)"
start_redis "$redis_port" "$work"
echo_port="$(free_port)"
start_echo "$work/echo.log" "$echo_port"
echo_pid="$(last_pid)"
gateway_port="$(free_port)"
start_bg "$work/gateway.log" env "${server_env[@]}" Telemetry__PrometheusPort=0 Gateway__RestUrls= Security__Limits__RoutingPerSecond=0 Store__Kind=Redis \
  "Store__RedisConnectionString=127.0.0.1:${redis_port},abortConnect=false" \
  "Gateway__Urls=http://127.0.0.1:${gateway_port}" dotnet "$gateway_dll"
gateway_pid="$(last_pid)"
runner probe --address "http://127.0.0.1:${gateway_port}" --kind gateway --timeout 60 >/dev/null
runner probe --address "http://127.0.0.1:${echo_port}" --kind echo --timeout 60 >/dev/null || true

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz="$(getconf CLK_TCK)"

# profile SCENARIO SERVER_PID: the runner on SCENARIO for settle + window + 3 s; traces of the
# server and the runner over the window; CPU per message of both over that window.
profile() {
  local scenario="$1" server_pid="$2" dir="$work/$1" runner_pid server_before runner_before server_ticks runner_ticks msgs
  mkdir -p "$dir"
  env "${runner_env[@]}" dotnet "$runner_dll" --scenario "$scenario" \
    --gateway "http://127.0.0.1:${gateway_port}" --echo "http://127.0.0.1:${echo_port}" \
    --load "keep=${copies},$(( settle + window + alloc_window + 4 ))s" --warm-up 0 --streams "$streams" \
    --report-dir "$dir" >"$dir.log" 2>&1 &
  runner_pid=$!
  sleep "$settle"
  server_before="$(cpu_ticks "$server_pid")"
  runner_before="$(cpu_ticks "$runner_pid")"
  dotnet-trace collect -p "$server_pid" --profile dotnet-sampled-thread-time --duration "00:00:00:${window}" -o "$dir/server.nettrace" >/dev/null 2>&1 &
  local server_trace=$!
  dotnet-trace collect -p "$runner_pid" --profile dotnet-sampled-thread-time --duration "00:00:00:${window}" -o "$dir/runner.nettrace" >/dev/null 2>&1 &
  local runner_trace=$!
  wait "$server_trace" "$runner_trace" || true
  server_ticks=$(( $(cpu_ticks "$server_pid") - server_before ))
  runner_ticks=$(( $(cpu_ticks "$runner_pid") - runner_before ))
  dotnet-trace collect -p "$server_pid" --providers 'Microsoft-Windows-DotNETRuntime:0x1:5' --duration "00:00:00:${alloc_window}" -o "$dir/alloc.nettrace" >/dev/null 2>&1 || true
  wait "$runner_pid" || true
  # Messages in the traced window: the scenario's mean rate × the window (the runner's own count).
  msgs="$(python3 - "$dir/summary.csv" "$scenario" "$window" <<'EOF'
import csv, sys
with open(sys.argv[1]) as f:
    for row in csv.DictReader(f):
        if row.get("scenario") == sys.argv[2]:
            print(int(float(row.get("rps") or row.get("ok_rps") or 0) * int(sys.argv[3]))); break
    else:
        print(0)
EOF
)"
  {
    echo
    echo "## $scenario (load $(cut -d' ' -f1 /proc/loadavg)): ~$msgs messages in the ${window}-s window"
    awk -v s="$server_ticks" -v r="$runner_ticks" -v m="$msgs" -v hz="$hz" 'BEGIN{ if (m > 0) printf "CPU µs per message: server %.1f, runner %.1f\n", s / hz * 1e6 / m, r / hz * 1e6 / m }'
    for side in server runner; do
      echo
      echo "### $scenario: $side, thread time of threads running managed code, by component"
      TRACE_REPORT_LEAVES=1 TRACE_REPORT_INCLUSIVE="$top" dotnet "$work/trace-report/bin/trace-report.dll" cpu "$dir/$side.nettrace"
    done
    echo
    echo "### $scenario: server allocations by type (share of sampled bytes)"
    dotnet "$work/trace-report/bin/trace-report.dll" alloc "$dir/alloc.nettrace" | sed -n '/== by type/,/== by frame/p' | head -30
  } | tee -a "$report"
  cp "$dir/server.nettrace" "$out/$scenario-server.nettrace" 2>/dev/null || true
  cp "$dir/runner.nettrace" "$out/$scenario-runner.nettrace" 2>/dev/null || true
}

report="$out/profile.md"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD); command: scripts/profile-stream.sh --window $window --settle $settle --copies $copies --streams $streams" | tee "$report"
# A discarded warm-up of both (JIT tiers, the near cache, the runner's end users).
env "${runner_env[@]}" dotnet "$runner_dll" --scenario echo_stream,route_stream \
  --gateway "http://127.0.0.1:${gateway_port}" --echo "http://127.0.0.1:${echo_port}" \
  --load "keep=${copies},4s" --warm-up 0 --streams "$streams" --report-dir "$work/warm" >"$work/warm.log" 2>&1 || true
profile echo_stream "$echo_pid"
profile route_stream "$gateway_pid"
echo "==> report: $report (traces next to it: open them in PerfView or speedscope for stacks)"
