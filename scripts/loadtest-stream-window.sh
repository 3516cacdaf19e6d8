#!/usr/bin/env bash
# RouteStream with and without the window, in the same minutes: a private redis-server, the echo
# baseline and two gateways on that Redis (Gateway:StreamWindow=1, i.e. one item at a time as
# before, and the default), the same runtime settings as scripts/loadtest.sh (loadtest-lib.sh).
# Each round runs echo_stream then route_stream against each gateway, so every route_stream has
# its own echo_stream right before it. Prints route_stream/echo_stream per round and stops
# everything it started.
#
# With --baseline-dll PATH (another build's MessagingChannelUsage.Gateway.dll, e.g. a copy of
# main's) the first gateway is that build instead of StreamWindow=1, both with the default window:
# an A/B of two builds, in alternating order each round.
#
# Each row also gives each server's CPU per message (utime+stime from /proc over the runner's
# whole invocation ÷ (rps × (warm-up + duration))): less sensitive to a busy box than msg/s, and
# approximate (the warm-up is slower than the measured part, for echo and gateway alike).
#
# With --rate N every scenario is offered N messages per second (open model, the runner's
# inject=N/1s) instead of 32 copies in a closed loop: both servers then do the same number of
# messages, so the CPU µs per message compare the work per message, less disturbed by a busy box
# than msg/s (the ratio column is then ~1 as long as both keep up; check the runner's errors).
#
# With --store Memory both gateways run on the embedded store instead of Redis (the private
# redis-server is still started, and unused).
#
# Usage: scripts/loadtest-stream-window.sh [--duration 10] [--warm-up 4] [--copies 32] [--streams 8] [--rounds 2] [--baseline-dll PATH] [--rate N] [--store Redis|Memory]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/loadtest-lib.sh
trap cleanup EXIT INT TERM

duration=10
warmup=4
copies=32
streams=8
rounds=2
baseline_dll=""
rate=""
store=Redis
out="loadtest-results/stream-window-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --warm-up) warmup="$2"; shift 2 ;;
    --copies) copies="$2"; shift 2 ;;
    --streams) streams="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --baseline-dll) baseline_dll="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --store) store="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 1 ;;
  esac
done

require_tools redis-server redis-cli
make_workdir   # sets $work
mkdir -p "$out"
echo "==> build (Release): gateway, load-test runner, echo server"
build_release

redis_port="$(free_port)"
start_redis "$redis_port" "$work"
echo_port="$(free_port)"
start_echo "$work/echo.log" "$echo_port"
echo_pid="$(last_pid)"

declare -A gateway_ports gateway_pids
for window in 1 default; do
  port="$(free_port)"
  window_env=()
  dll="$gateway_dll"
  if [ "$window" = default ]; then :
  elif [ -n "$baseline_dll" ]; then dll="$baseline_dll"
  else window_env=("Gateway__StreamWindow=$window"); fi
  # Two gateways: each takes a free metrics port instead of the default 9464, and no REST
  # listener (both would want its default 5052). The per-caller routing limit is off as in
  # start_gateway: the runner is ONE anonymous caller, and each stream item takes a token.
  start_bg "$work/gateway-$window.log" env "${server_env[@]}" "${window_env[@]}" Telemetry__PrometheusPort=0 Gateway__RestUrls= Security__Limits__RoutingPerSecond=0 "Store__Kind=$store" \
    "Store__RedisConnectionString=127.0.0.1:${redis_port},abortConnect=false" \
    "Gateway__Urls=http://127.0.0.1:${port}" dotnet "$dll"
  gateway_ports[$window]="$port"
  gateway_pids[$window]="$(last_pid)"
  runner probe --address "http://127.0.0.1:${port}" --kind gateway --timeout 60 >/dev/null
  echo "==> gateway ($store, StreamWindow=$window, $dll) on 127.0.0.1:${port}"
done
runner probe --address "http://127.0.0.1:${echo_port}" --kind echo --timeout 60 >/dev/null || true

# rps SUMMARY_CSV SCENARIO: the scenario's requests per second from the runner's summary.csv.
rps() {
  python3 - "$1" "$2" <<'EOF'
import csv, sys
with open(sys.argv[1]) as f:
    for row in csv.DictReader(f):
        if row.get("scenario") == sys.argv[2]:
            print(row.get("rps") or row.get("ok_rps") or "n/a"); break
    else:
        print("n/a")
EOF
}

# cpu_ticks PID: utime + stime of a process (clock ticks).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# us_per_msg TICKS RPS: CPU µs per message over the runner's warm-up + duration.
us_per_msg() {
  awk -v t="$1" -v r="$2" -v s=$(( warmup + duration )) -v hz="$(getconf CLK_TCK)" 'BEGIN{ if (r > 0) printf "%.1f", t / hz * 1e6 / (r * s); else print "n/a" }'
}

load="keep=${copies},${duration}s"
[ -z "$rate" ] || load="inject=${rate}/1s,${duration}s"

summary="$out/ratios.md"
echo "| round | StreamWindow | echo_stream msg/s | route_stream msg/s | ratio | echo µs/msg | gateway µs/msg | load |" >"$summary"
echo "|---|---|---:|---:|---:|---:|---:|---:|" >>"$summary"
for round in $(seq 1 "$rounds"); do
  order="1 default"
  [ -z "$baseline_dll" ] || [ $((round % 2)) -eq 1 ] || order="default 1"
  for window in $order; do
    dir="$out/round$round-window-$window"
    echo "==> round $round, StreamWindow=$window: echo_stream then route_stream (${load}, ${streams} streams, ${warmup}+${duration} s each)"
    echo_before="$(cpu_ticks "$echo_pid")"
    gateway_before="$(cpu_ticks "${gateway_pids[$window]}")"
    runner --scenario echo_stream,route_stream \
      --gateway "http://127.0.0.1:${gateway_ports[$window]}" --echo "http://127.0.0.1:${echo_port}" \
      --load "$load" --warm-up "$warmup" --streams "$streams" \
      --report-dir "$dir" >"$dir.log" 2>&1 || echo "   runner exit $? (see $dir.log)"
    echo_ticks=$(( $(cpu_ticks "$echo_pid") - echo_before ))
    gateway_ticks=$(( $(cpu_ticks "${gateway_pids[$window]}") - gateway_before ))
    echo_rps="$(rps "$dir/summary.csv" echo_stream)"
    route_rps="$(rps "$dir/summary.csv" route_stream)"
    ratio="$(awk -v a="$route_rps" -v b="$echo_rps" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "n/a" }')"
    label="$window"
    [ -z "$baseline_dll" ] || [ "$window" != 1 ] || label="baseline build (default window)"
    echo "| $round | $label | $echo_rps | $route_rps | $ratio | $(us_per_msg "$echo_ticks" "$echo_rps") | $(us_per_msg "$gateway_ticks" "$route_rps") | $(cut -d' ' -f1 /proc/loadavg) |" | tee -a "$summary"
  done
done
echo "==> table: $summary"
