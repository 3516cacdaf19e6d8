#!/usr/bin/env bash
# Bytes allocated per message (issue 12: "allocations per routed message within 1 KB of echo's"),
# from each server's OWN allocation counter, so the figure does not depend on the machine's load:
#   echo / naive: GC.GetTotalAllocatedBytes() delta (the echo server's GET /gc/allocated-bytes)
#                 / the messages h2load completed;
#   gateways:     dotnet_gc_heap_total_allocated_bytes_total delta / mcu_gateway_decisions_total
#                 delta (both from the gateway's Prometheus endpoint; the same runtime counter).
# Targets: echo, naive (echo + HGETALL), the gateway on the embedded store and on Redis (end-user
# near cache on). Each gets a discarded warm-up send (JIT tiers, caches, end users), then exactly
# --messages messages of the h2load mix (loadtest-lib.sh) or of one body (--body N, 0-based index
# into the mix). Prints a table; stops everything it started.
#
# Usage: scripts/allocations-per-message.sh [--messages 100000] [--body N] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/loadtest-lib.sh
trap cleanup EXIT INT TERM

messages=100000
body=""
out="loadtest-results/allocations-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --messages) messages="$2"; shift 2 ;;
    --body) body="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 1 ;;
  esac
done
require_tools protoc h2load nghttp redis-server redis-cli curl
make_workdir   # sets $work
mkdir -p "$out"
build_release

redis_port="$(free_port)"
start_redis "$redis_port" "$work"
echo_port="$(free_port)"
start_echo "$work/echo.log" "$echo_port" "$redis_port"
runner probe --address "http://127.0.0.1:${echo_port}" --kind echo --timeout 60 >/dev/null
declare -A urls metrics
urls[echo]="http://127.0.0.1:${echo_port}/loadtest.echo.v1.Echo/Echo"
urls[naive]="http://127.0.0.1:${echo_port}/loadtest.echo.v1.Echo/EchoAfterRead"
for target in memory redis; do
  port="$(free_port)"
  metrics[$target]="$(free_port)"
  gateway_extra_env=("Telemetry__PrometheusPort=${metrics[$target]}")
  start_gateway "$work/gateway-$target.log" "$port" "$target" "$redis_port"
  urls[$target]="http://127.0.0.1:${port}/messaging.v1.MessageRouter/RouteInbound"
  runner probe --address "http://127.0.0.1:${port}" --kind gateway --timeout 60 >/dev/null
done
gateway_extra_env=()
frame_mix "$work"

# send URL KIND COUNT: COUNT messages (the mix split evenly, or the chosen body), all bodies at once;
# prints how many h2load reports as succeeded.
send() {
  local url="$1" kind="$2" count="$3" files=() pids=() f n
  if [ -n "$body" ]; then files=("$work/$kind-$body.body"); else files=("$work/$kind"-*.body); fi
  n=$(( count / ${#files[@]} ))
  for f in "${files[@]}"; do
    h2load -n "$n" -c 1 -m 16 -t 1 -H 'content-type: application/grpc' -H 'te: trailers' -d "$f" "$url" >"$f.h2load" 2>&1 &
    pids+=("$!")
  done
  wait "${pids[@]}" || true
  cat "${files[@]/%/.h2load}" | awk '/^requests:/ { s += $8 } END { print s + 0 }'
}

# The gateway's counters (Prometheus text): sum of every series of a metric.
prom() { curl -s "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 == m || index($1, m "{") == 1 { s += $NF } END { printf "%.0f", s }'; }
echo_allocated() { curl -s --http2-prior-knowledge "http://127.0.0.1:${echo_port}/gc/allocated-bytes"; }

table="$out/allocations.md"
{
  echo "machine: $(nproc) processors; load before: $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD)"
  echo "command: scripts/allocations-per-message.sh --messages $messages${body:+ --body $body}"
  echo
  echo "| target | messages | allocated bytes/message | over echo |"
  echo "|---|---:|---:|---:|"
} | tee "$table"
echo_bytes=""
for target in echo naive memory redis; do
  kind=route
  [[ "$target" != echo && "$target" != naive ]] || kind=echo
  send "${urls[$target]}" "$kind" 20000 >/dev/null   # warm-up, discarded
  if [ "$kind" = echo ]; then
    before="$(echo_allocated)"
    done_count="$(send "${urls[$target]}" "$kind" "$messages")"
    after="$(echo_allocated)"
    count="$done_count"
  else
    before="$(prom "${metrics[$target]}" dotnet_gc_heap_total_allocated_bytes_total)"
    decisions_before="$(prom "${metrics[$target]}" mcu_gateway_decisions_total)"
    done_count="$(send "${urls[$target]}" "$kind" "$messages")"
    after="$(prom "${metrics[$target]}" dotnet_gc_heap_total_allocated_bytes_total)"
    count=$(( $(prom "${metrics[$target]}" mcu_gateway_decisions_total) - decisions_before ))
  fi
  per="$(awk -v a="$before" -v b="$after" -v n="$count" 'BEGIN{ if (n > 0) printf "%.0f", (b - a) / n; else printf "n/a" }')"
  [ -n "$echo_bytes" ] || echo_bytes="$per"
  over="$(awk -v p="$per" -v e="$echo_bytes" 'BEGIN{ printf "%+.0f", p - e }')"
  echo "| $target | $count (h2load: $done_count) | $per | $over |" | tee -a "$table"
done
