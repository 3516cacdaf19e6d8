#!/usr/bin/env bash
# A/B of two gateways on the embedded store, unary RouteInbound on the h2load mix (loadtest-lib.sh),
# interleaved rounds in one run (the order alternates each round) after a discarded warm-up pass:
# two builds (--a-dll / --b-dll) and/or two configurations (--a-env / --b-env, space-separated
# NAME=VALUE settings added to start_gateway's). Prints req/s per round and B/A, and each gateway's CPU µs
# per call (its own /proc CPU time over the round; steadier than req/s on a busy box); stops everything.
# Example (what metrics export costs): scripts/loadtest-ab.sh --b-env "Telemetry__PrometheusEnabled=false"
#
# Usage: scripts/loadtest-ab.sh [--a-dll PATH] [--b-dll PATH] [--a-env "K=V ..."] [--b-env "K=V ..."]
#                               [--seconds 8] [--rounds 4] [--warm-up 4]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/loadtest-lib.sh
trap cleanup EXIT INT TERM

a_dll="$gateway_dll"; b_dll="$gateway_dll"; a_env=""; b_env=""; seconds=8; rounds=4; warm_up=4
while [ $# -gt 0 ]; do
  case "$1" in
    --a-dll) a_dll="$2"; shift 2 ;;
    --b-dll) b_dll="$2"; shift 2 ;;
    --a-env) a_env="$2"; shift 2 ;;
    --b-env) b_env="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --warm-up) warm_up="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 1 ;;
  esac
done

require_tools protoc h2load nghttp
make_workdir   # sets $work
build_release
frame_mix "$work"
route="/messaging.v1.MessageRouter/RouteInbound"

declare -A port pid
for side in a b; do
  port[$side]="$(free_port)"
  if [ "$side" = a ]; then gateway_dll="$a_dll"; read -r -a gateway_extra_env <<<"$a_env"; else gateway_dll="$b_dll"; read -r -a gateway_extra_env <<<"$b_env"; fi
  start_gateway "$work/gateway-$side.log" "${port[$side]}" memory
  pid[$side]="$(last_pid)"
  runner probe --address "http://127.0.0.1:${port[$side]}" --kind gateway --timeout 60 >/dev/null
done
gateway_extra_env=()

for side in a b; do
  h2load_mix "http://127.0.0.1:${port[$side]}$route" "$work/route-*.body" "$warm_up" "$work/warm.txt" >/dev/null
done

echo "machine: $(nproc) processors; $(date -u +%FT%TZ); commit $(git rev-parse --short HEAD)"
echo "A: ${a_dll} ${a_env:-(default settings)}"
echo "B: ${b_dll} ${b_env:-(default settings)}"
echo
# cpu_ticks PID: the process's user + system CPU so far, in clock ticks (load-insensitive per call).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_second="$(getconf CLK_TCK)"

echo "| round | load avg | A req/s | B req/s | B/A | A CPU µs/call | B CPU µs/call | B/A CPU |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
for round in $(seq 1 "$rounds"); do
  order=(a b); [ $((round % 2)) = 1 ] || order=(b a)
  declare -A rps=() cpu=()
  for side in "${order[@]}"; do
    before="$(cpu_ticks "${pid[$side]}")"
    rps[$side]="$(h2load_mix "http://127.0.0.1:${port[$side]}$route" "$work/route-*.body" "$seconds" "$work/h-$side.txt")"
    # The gateway's CPU over the round divided by the calls it answered: h2load's req/s covers the
    # measured seconds, the CPU also the 1-s warm-up before them, so calls = req/s × (seconds + 1).
    cpu[$side]="$(awk -v t="$(( $(cpu_ticks "${pid[$side]}") - before ))" -v hz="$ticks_per_second" -v r="${rps[$side]}" -v s="$seconds" \
      'BEGIN{ if (r > 0) printf "%.1f", t / hz * 1e6 / (r * (s + 1)); else print "n/a" }')"
  done
  echo "| $round | $(cut -d' ' -f1 /proc/loadavg) | ${rps[a]} | ${rps[b]} | $(ratio_of "${rps[b]}" "${rps[a]}") | ${cpu[a]} | ${cpu[b]} | $(ratio_of "${cpu[b]}" "${cpu[a]}") |"
done
