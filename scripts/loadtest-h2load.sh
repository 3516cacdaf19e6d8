#!/usr/bin/env bash
# Unary throughput ratios with h2load (the cheap C generator), interleaved rounds in one run:
# echo, echo + one HGETALL (EchoAfterRead, the naive design), the gateway on the embedded store,
# on Redis with the end-user near cache (default) and on Redis without it (Store:EndUserCache=false).
# Each round measures every target once on the mix of demo-channel bodies (loadtest-lib.sh); every
# gateway runs with its default configuration (shipped appsettings.json). Before round 1 every
# target gets a discarded warm-up round (--warm-up seconds each, same mix): a fresh process is
# JIT-cold (tier-0 code, no PGO yet), and on a quiet box its first round measured memory/echo 0.45
# against 0.86 in round 3. Prints one row per round and stops everything it started.
#
# Usage: scripts/loadtest-h2load.sh [--seconds 8] [--rounds 3] [--warm-up 4] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/loadtest-lib.sh
trap cleanup EXIT INT TERM

seconds=8
rounds=3
warm_up=4
out="loadtest-results/h2load-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --warm-up) warm_up="$2"; shift 2 ;;
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
echo_port="$(free_port)"
start_echo "$work/echo.log" "$echo_port" "$redis_port"
runner probe --address "http://127.0.0.1:${echo_port}" --kind echo --timeout 60 >/dev/null

declare -A ports
for target in memory redis redis-nocache; do
  ports[$target]="$(free_port)"
  gateway_extra_env=()
  [ "$target" != redis-nocache ] || gateway_extra_env=(Store__EndUserCache=false)
  store=memory
  [ "$target" = memory ] || store=redis
  start_gateway "$work/gateway-$target.log" "${ports[$target]}" "$store" "$redis_port"
  runner probe --address "http://127.0.0.1:${ports[$target]}" --kind gateway --timeout 60 >/dev/null
  echo "==> gateway ($target) on 127.0.0.1:${ports[$target]}"
done
gateway_extra_env=()
frame_mix "$work"

route="/messaging.v1.MessageRouter/RouteInbound"
if [ "$warm_up" -gt 0 ]; then
  # Discarded: every target once, so round 1 measures tiered-up code (and warm end users/caches).
  echo "==> warm-up round (${warm_up}s per target, discarded)"
  h2load_mix "http://127.0.0.1:${echo_port}/loadtest.echo.v1.Echo/Echo" "$work/echo-*.body" "$warm_up" "$work/h-warm.txt" >/dev/null
  h2load_mix "http://127.0.0.1:${echo_port}/loadtest.echo.v1.Echo/EchoAfterRead" "$work/echo-*.body" "$warm_up" "$work/h-warm.txt" >/dev/null
  for target in memory redis redis-nocache; do
    h2load_mix "http://127.0.0.1:${ports[$target]}$route" "$work/route-*.body" "$warm_up" "$work/h-warm.txt" >/dev/null
  done
fi
table="$out/h2load.md"
{
  echo "machine: $(nproc) processors, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "command: scripts/loadtest-h2load.sh --seconds $seconds --rounds $rounds --warm-up $warm_up (mix of ${#h2load_messages[@]} bodies, 1 connection x 16 streams each)"
  echo
  echo "| round | load avg | echo | naive (echo + HGETALL) | gateway memory | gateway redis + end-user cache | gateway redis, no cache | memory/echo | redis+cache/echo | redis+cache/naive | redis no cache/naive |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} | tee "$table"
for round in $(seq 1 "$rounds"); do
  load="$(cut -d' ' -f1 /proc/loadavg)"
  e="$(h2load_mix "http://127.0.0.1:${echo_port}/loadtest.echo.v1.Echo/Echo" "$work/echo-*.body" "$seconds" "$work/h-echo.txt")"
  n="$(h2load_mix "http://127.0.0.1:${echo_port}/loadtest.echo.v1.Echo/EchoAfterRead" "$work/echo-*.body" "$seconds" "$work/h-naive.txt")"
  m="$(h2load_mix "http://127.0.0.1:${ports[memory]}$route" "$work/route-*.body" "$seconds" "$work/h-memory.txt")"
  r="$(h2load_mix "http://127.0.0.1:${ports[redis]}$route" "$work/route-*.body" "$seconds" "$work/h-redis.txt")"
  x="$(h2load_mix "http://127.0.0.1:${ports[redis-nocache]}$route" "$work/route-*.body" "$seconds" "$work/h-nocache.txt")"
  echo "| $round | $load | $e | $n | $m | $r | $x | $(ratio_of "$m" "$e") | $(ratio_of "$r" "$e") | $(ratio_of "$r" "$n") | $(ratio_of "$x" "$n") |" | tee -a "$table"
done
echo "==> table: $table"
