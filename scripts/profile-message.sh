#!/usr/bin/env bash
# Where the CPU and the bytes of one unary message go (docs/performance.md). Starts a private Redis,
# the echo baseline (with EchoAfterRead), and the gateway on the embedded store, on Redis with the
# end-user near cache and on Redis without it; then, per target, sends exactly N messages of the
# h2load mix (after a warm-up) and reads:
#   CPU per message   = process user+system time (/proc/PID/stat) delta / N
#   bytes per message = dotnet.gc.heap.total_allocated delta (dotnet-counters) / N
# and, with --trace, takes a dotnet-trace sample (dotnet-sampled-thread-time) of each gateway under
# load and prints the top methods (exclusive and inclusive). Stops everything it started.
#
# Usage: scripts/profile-message.sh [--messages 70000] [--window 5] [--trace] [--out DIR]
# (--window: the longest the allocation counter runs per target, in minutes; it is stopped right after the send)
# Needs dotnet-counters (and dotnet-trace for --trace): dotnet tool install -g dotnet-counters dotnet-trace
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/loadtest-lib.sh
trap cleanup EXIT INT TERM

messages=70000
window=5
trace=0
out="loadtest-results/profile-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --messages) messages="$2"; shift 2 ;;
    --trace) trace=1; shift ;;
    --window) window="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 1 ;;
  esac
done
PATH="$PATH:$HOME/.dotnet/tools"
require_tools protoc h2load nghttp redis-server redis-cli dotnet-counters
[ "$trace" = 0 ] || require_tools dotnet-trace
make_workdir   # sets $work
mkdir -p "$out"
build_release

redis_port="$(free_port)"
start_redis "$redis_port" "$work"
echo_port="$(free_port)"
start_echo "$work/echo.log" "$echo_port" "$redis_port"
declare -A pids urls
pids[echo]="$(last_pid)"
urls[echo]="http://127.0.0.1:${echo_port}/loadtest.echo.v1.Echo/Echo"
urls[naive]="http://127.0.0.1:${echo_port}/loadtest.echo.v1.Echo/EchoAfterRead"
runner probe --address "http://127.0.0.1:${echo_port}" --kind echo --timeout 60 >/dev/null
for target in memory redis redis-nocache; do
  port="$(free_port)"
  gateway_extra_env=()
  [ "$target" != redis-nocache ] || gateway_extra_env=(Store__EndUserCache=false)
  store=memory
  [ "$target" = memory ] || store=redis
  start_gateway "$work/gateway-$target.log" "$port" "$store" "$redis_port"
  pids[$target]="$(last_pid)"
  urls[$target]="http://127.0.0.1:${port}/messaging.v1.MessageRouter/RouteInbound"
  runner probe --address "http://127.0.0.1:${port}" --kind gateway --timeout 60 >/dev/null
done
gateway_extra_env=()
frame_mix "$work"

# send URL KIND COUNT: COUNT messages of the mix, split evenly over its bodies, all bodies at once.
send() {
  local url="$1" kind="$2" count="$3" body per=() n
  n=$(( count / ${#h2load_messages[@]} ))
  for body in "$work/$kind"-*.body; do
    h2load -n "$n" -c 1 -m 16 -t 1 -H 'content-type: application/grpc' -H 'te: trailers' -d "$body" "$url" >/dev/null 2>&1 &
    per+=("$!")
  done
  wait "${per[@]}" || true
  echo $(( n * ${#h2load_messages[@]} ))
}

# cpu_ticks PID: user + system clock ticks of the process so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# allocated CSV: bytes allocated during the window (the csv holds per-second increments of
# dotnet.gc.heap.total_allocated), minus the idle rate (the smallest full second) for every second;
# "?" when the first second is not idle (the counter attached after the send began).
allocated() {
  awk -F, '/total_allocated/ { v[n++] = $NF } END { idle = -1; for (i = 0; i < n - 1; i++) if (idle < 0 || v[i] < idle) idle = v[i]; if (n < 3 || v[0] > 10 * idle + 100000) { printf "?"; exit } for (i = 0; i < n; i++) sum += v[i]; printf "%.0f", sum - idle * n }' "$1"
}

hz="$(getconf CLK_TCK)"
table="$out/per-message.md"
{
  echo "machine: $(nproc) processors, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "command: scripts/profile-message.sh --messages $messages"
  echo
  echo "| target | messages | CPU µs/message | allocated bytes/message |"
  echo "|---|---:|---:|---:|"
} | tee "$table"
for target in echo naive memory redis redis-nocache; do
  kind=route
  pid="${pids[$target]:-${pids[echo]}}"
  [[ "$target" != echo && "$target" != naive ]] || kind=echo
  send "${urls[$target]}" "$kind" 14000 >/dev/null   # warm-up: JIT tiers, near caches, end users
  # bash starts background jobs with SIGINT ignored and dotnet-counters would inherit that; reset
  # it, so SIGINT after the send ends the collection cleanly (csv flushed). The window is then the
  # send plus a few idle seconds (subtracted by allocated()).
  python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' \
    dotnet-counters collect -p "$pid" --counters 'System.Runtime[dotnet.gc.heap.total_allocated]' \
    --refresh-interval 1 --format csv --duration "00:00:${window}:00" -o "$work/counters-$target.csv" >/dev/null 2>&1 &
  counters=$!
  # The csv is written in blocks (nothing shows for ~40 s), so attaching cannot be watched: give
  # it 15 s, and allocated() refuses a window whose first second already holds the send.
  sleep 15
  before="$(cpu_ticks "$pid")"
  sent="$(send "${urls[$target]}" "$kind" "$messages")"
  after="$(cpu_ticks "$pid")"
  sleep 3
  kill -INT "$counters" 2>/dev/null || true
  wait "$counters" 2>/dev/null || true
  cpu_us="$(awk -v a="$before" -v b="$after" -v hz="$hz" -v n="$sent" 'BEGIN{printf "%.1f", (b - a) * 1e6 / hz / n}')"
  bytes="$(allocated "$work/counters-$target.csv")"
  per_message="?"
  [ "$bytes" = "?" ] || per_message="$(awk -v b="$bytes" -v n="$sent" 'BEGIN{printf "%.0f", b / n}')"
  echo "| $target | $sent | $cpu_us | $per_message |" | tee -a "$table"
  cp "$work/counters-$target.csv" "$out/" 2>/dev/null || true
done

if [ "$trace" = 1 ]; then
  for target in memory redis redis-nocache; do
    send "${urls[$target]}" route $(( messages * 3 )) >/dev/null &
    load=$!
    sleep 2
    dotnet-trace collect -p "${pids[$target]}" --profile dotnet-sampled-thread-time --duration 00:00:00:08 \
      -o "$out/trace-$target.nettrace" >/dev/null 2>&1 || true
    wait "$load" || true
    {
      echo "### $target: top 25 methods, exclusive"
      dotnet-trace report "$out/trace-$target.nettrace" topN -n 25 2>&1
      echo "### $target: top 40 methods, inclusive"
      dotnet-trace report "$out/trace-$target.nettrace" topN -n 40 --inclusive 2>&1
    } >"$out/top-$target.txt"
    echo "==> $out/top-$target.txt"
  done
fi
echo "==> table: $table"
