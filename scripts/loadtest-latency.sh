#!/usr/bin/env bash
# Latency at a fraction of the maximum load (default half), measured with h2load (the cheap C
# generator) instead of the .NET runner, so the generator's own scheduling adds as little as possible
# to the tail. For echo and the gateway (Redis with the end-user near cache, the default; and the
# embedded store), in interleaved rounds of one run, after a discarded warm-up pass:
#   1. the maximum: closed model on the h2load mix (loadtest-lib.sh: one h2load process per body,
#      1 connection x 16 streams), as scripts/loadtest-h2load.sh measures it;
#   2. the same mix rate-limited to FRACTION of that target's own maximum (h2load --rps per client),
#      every request's time written with --log-file; p50/p99/p99.9/max over all of them.
# Caveat (say it with the numbers): h2load measures from the moment it sends, so a request that had
# to wait for a free stream (16 per connection) is not charged for the wait (coordinated omission).
# Compare "achieved" with "asked": when the achieved rate falls short, requests waited and that
# could matter. The runner (scripts/loadtest.sh --half-load) is the coordinated-omission-free measure.
#
# Usage: scripts/loadtest-latency.sh [--seconds 10] [--rounds 3] [--warm-up 4] [--fraction 0.5]
#                                    [--targets "echo redis memory"] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/loadtest-lib.sh
trap cleanup EXIT INT TERM

seconds=10; rounds=3; warm_up=4; fraction=0.5; targets="echo redis memory"
out="loadtest-results/latency-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --warm-up) warm_up="$2"; shift 2 ;;
    --fraction) fraction="$2"; shift 2 ;;
    --targets) targets="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 1 ;;
  esac
done

require_tools protoc h2load nghttp redis-server redis-cli
make_workdir   # sets $work
mkdir -p "$out"
echo "==> build (Release): gateway, load-test runner, echo server"
build_release

redis_port="$(free_port)"
start_redis "$redis_port" "$work"
declare -A url body
for target in $targets; do
  port="$(free_port)"
  case "$target" in
    echo)
      start_echo "$work/echo.log" "$port"
      runner probe --address "http://127.0.0.1:${port}" --kind echo --timeout 60 >/dev/null
      url[$target]="http://127.0.0.1:${port}/loadtest.echo.v1.Echo/Echo"; body[$target]="$work/echo-*.body" ;;
    redis|memory)
      start_gateway "$work/gateway-$target.log" "$port" "$target" "$redis_port"
      runner probe --address "http://127.0.0.1:${port}" --kind gateway --timeout 60 >/dev/null
      url[$target]="http://127.0.0.1:${port}/messaging.v1.MessageRouter/RouteInbound"; body[$target]="$work/route-*.body" ;;
    *) echo "unknown target $target (echo, redis, memory)" >&2; exit 1 ;;
  esac
  echo "==> $target on 127.0.0.1:${port}"
done
frame_mix "$work"
bodies=(${body[${targets%% *}]})   # how many h2load processes share a rate: one per body of the mix

# h2load_open URL BODY_GLOB SECONDS RATE LOG: the mix at RATE requests/s in all (split evenly over
# the bodies), every request's time in LOG.times (microseconds); prints "achieved p50 p99 p999 max" (ms).
h2load_open() {
  local url="$1" glob="$2" seconds="$3" rate="$4" log="$5" each pids=() b
  each="$(awk -v r="$rate" -v n="${#bodies[@]}" 'BEGIN{printf "%.0f", r/n}')"
  : >"$log.times"
  for b in $glob; do
    rm -f "$log.$(basename "$b").tsv"   # h2load appends to an existing log file
    h2load -D "$seconds" -c 1 -m 16 -t 1 --rps "$each" --log-file "$log.$(basename "$b").tsv" \
      -H 'content-type: application/grpc' -H 'te: trailers' -d "$b" "$url" >"$log.$(basename "$b")" 2>&1 &
    pids+=("$!")
  done
  wait "${pids[@]}" || true
  for b in $glob; do
    awk -F'\t' '$2 == 200 { print $3 }' "$log.$(basename "$b").tsv" >>"$log.times"
  done
  sort -n "$log.times" | awk -v s="$seconds" '
    { t[NR] = $1 }
    END {
      if (NR == 0) { print "n/a n/a n/a n/a n/a"; exit }
      printf "%.0f %.3f %.3f %.3f %.3f\n", NR / s, t[int(NR * 0.5) + 1] / 1000, t[int(NR * 0.99) + 1] / 1000,
        t[int(NR * 0.999) + 1] / 1000, t[NR] / 1000 }'
}

if [ "$warm_up" -gt 0 ]; then
  echo "==> warm-up pass (${warm_up}s per target, discarded)"
  for target in $targets; do h2load_mix "${url[$target]}" "${body[$target]}" "$warm_up" "$work/h-warm.txt" >/dev/null; done
fi

table="$out/latency.md"
{
  echo "machine: $(nproc) processors, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "command: scripts/loadtest-latency.sh --seconds $seconds --rounds $rounds --warm-up $warm_up --fraction $fraction --targets \"$targets\" (mix of ${#bodies[@]} bodies, 1 connection x 16 streams each)"
  echo
  echo "| round | target | load avg | max req/s (closed) | asked req/s | achieved req/s | p50 ms | p99 ms | p99.9 ms | max ms |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"
} | tee "$table"
for round in $(seq 1 "$rounds"); do
  for target in $targets; do
    load="$(cut -d' ' -f1 /proc/loadavg)"
    max="$(h2load_mix "${url[$target]}" "${body[$target]}" "$seconds" "$work/h-$target-max.txt")"
    if [ "$max" = n/a ]; then echo "| $round | $target | $load | n/a | | | | | | |" | tee -a "$table"; continue; fi
    rate="$(awk -v m="$max" -v f="$fraction" 'BEGIN{printf "%.0f", m*f}')"
    read -r achieved p50 p99 p999 worst <<<"$(h2load_open "${url[$target]}" "${body[$target]}" "$seconds" "$rate" "$work/h-$target-open")"
    echo "| $round | $target | $load | $max | $rate | $achieved | $p50 | $p99 | $p999 | $worst |" | tee -a "$table"
  done
done
echo "==> table: $table"
