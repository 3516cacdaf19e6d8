#!/usr/bin/env bash
# The cost of authentication on routing, in ONE run: two gateways with the SAME settings on the
# embedded store (start_gateway: same runtime settings, same limits), one anonymous (loopback,
# nothing configured) and one requiring bearer tokens (RS256, keys made by scripts/security-keys.sh).
# Each round measures, interleaved:
#   - the load-test runner (route_inbound, --token for the token gateway): the must-show ratio;
#   - h2load on the mix of demo-channel bodies (loadtest-lib.sh), the token as a fixed header: a
#     cross-check whose generator costs next to nothing per call (on 2 shared cores, the
#     generator's per-call work is taken from the gateway it measures);
#   - each gateway's process CPU per routed call (utime+stime from /proc/<pid>/stat over the
#     measurement, divided by the gateway's own mcu.gateway.decisions count): far less sensitive
#     to other load on the machine than rps.
# Round 0 is a warm-up (JIT, tiered compilation, first connections, the token's first full
# validation) and is not counted. Prints one row per round and the medians; stops what it started.
#
# Usage: scripts/loadtest-auth-overhead.sh [--rounds 3] [--duration 8] [--warm-up 4] [--copies 32]
#                                           [--h2load-seconds 8] [--scenario route_inbound] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/loadtest-lib.sh
trap cleanup EXIT INT TERM

rounds=3; duration=8; warmup=4; copies=32; scenario=route_inbound; h2seconds=""
out="loadtest-results/auth-overhead-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warm-up) warmup="$2"; shift 2 ;;
    --copies) copies="$2"; shift 2 ;;
    --h2load-seconds) h2seconds="$2"; shift 2 ;;
    --scenario) scenario="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 1 ;;
  esac
done
h2seconds="${h2seconds:-$duration}"

require_tools protoc h2load nghttp openssl curl
make_workdir   # sets $work
mkdir -p "$out"
echo "==> build (Release)"
build_release
scripts/security-keys.sh "$work/keys" >/dev/null 2>&1
# admin: the runner's setup creates its channels (messaging.admin) before it routes (messaging.route).
token="$(cat "$work/keys/admin.token")"

declare -A port pid metrics
for target in anonymous token; do
  port[$target]="$(free_port)"
  gateway_extra_env=()
  [ "$target" = anonymous ] || gateway_extra_env=("Security__Jwt__KeyFile=$work/keys/jwt-public.pem"
    Security__Jwt__Issuer=https://issuer.local/ Security__Jwt__Audience=messaging-gateway)
  start_gateway "$work/$target.log" "${port[$target]}" memory
  pid[$target]="$(last_pid)"
  # Any gRPC answer means it serves (the token gateway answers the probe UNAUTHENTICATED).
  runner probe --address "http://127.0.0.1:${port[$target]}" --kind gateway --timeout 60 >/dev/null || { tail -5 "$work/$target.log"; exit 1; }
  # The metrics listener took a free port (Telemetry:PrometheusPort=0); the gateway logs where.
  metrics[$target]="$(grep -o 'http://[0-9.:]*/metrics' "$work/$target.log" | head -n1)"
  [ -n "${metrics[$target]}" ] || { echo "no metrics address in $work/$target.log" >&2; exit 1; }
done
gateway_extra_env=()
frame_mix "$work"
echo "==> anonymous gateway :${port[anonymous]}, token gateway :${port[token]}; runner ${scenario} ${copies} copies ${warmup}+${duration} s, h2load ${h2seconds} s"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
decisions() { curl -s -m 5 "$1" | awk '/^mcu_gateway_decisions_total/ {s += $NF} END {printf "%d", s}'; }

# measured TARGET CMD...: runs CMD (its stdout is kept) and prints "<stdout> <gateway CPU µs per routed call>".
measured() {
  local target="$1"; shift
  local c0 d0 c1 d1 result
  c0="$(cpu_ticks "${pid[$target]}")"; d0="$(decisions "${metrics[$target]}")"
  result="$("$@")"
  c1="$(cpu_ticks "${pid[$target]}")"; d1="$(decisions "${metrics[$target]}")"
  echo "$result $(awk -v c="$((c1 - c0))" -v d="$((d1 - d0))" -v hz="$(getconf CLK_TCK)" 'BEGIN{ if (d > 0) printf "%.1f", c * 1e6 / hz / d; else print "n/a" }')"
}

# runner_rps TARGET LABEL: one runner run; prints "rps p50" of the scenario's step.
runner_rps() {
  local target="$1" dir="$out/$2" args=()
  [ "$target" = anonymous ] || args=(--token "$token")
  runner --scenario "$scenario" --gateway "http://127.0.0.1:${port[$target]}" --load "keep=${copies},${duration}s" \
    --warm-up "$warmup" --report-dir "$dir" --report-formats md,csv "${args[@]}" >"$dir.log" 2>&1 || true
  local csv; csv="$(find "$dir" -name summary.csv | head -1)"
  [ -n "$csv" ] || { echo "n/a n/a"; return; }
  # columns: ...,rps(9),mean(10),p50(11),...; the scenario's first step row.
  awk -F, -v s="$scenario" 'NR>1 { gsub(/"/, "", $2) } NR>1 && $2==s {print $9, $11; exit}' "$csv"
}

# h2load_rps TARGET: the h2load mix against one gateway; prints req/s.
h2load_rps() {
  local headers=()
  [ "$1" = anonymous ] || headers=("authorization: Bearer $token")
  h2load_mix "http://127.0.0.1:${port[$1]}/messaging.v1.MessageRouter/RouteInbound" "$work/route-*.body" "$h2seconds" "$work/h2-$1.txt" "${headers[@]}"
}

table="$out/auth-overhead.md"
{
  echo "machine: $(nproc) processors, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%Y-%m-%dT%H:%MZ); commit $(git rev-parse --short HEAD 2>/dev/null || echo n/a)"
  echo "command: scripts/loadtest-auth-overhead.sh --rounds $rounds --duration $duration --warm-up $warmup --copies $copies --h2load-seconds $h2seconds (round 0: warm-up, not counted)"
  echo
  echo "| round | load avg | runner anonymous rps | runner token rps | runner token/anonymous | h2load anonymous rps | h2load token rps | h2load token/anonymous | CPU µs/call anonymous (runner / h2load) | CPU µs/call token (runner / h2load) |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
} | tee "$table"
rows=()
for round in $(seq 0 "$rounds"); do
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  read -r ra ra50 ca < <(measured anonymous runner_rps anonymous "anonymous-$round")
  read -r rt rt50 ct < <(measured token runner_rps token "token-$round")
  read -r ha hca < <(measured anonymous h2load_rps anonymous)
  read -r ht hct < <(measured token h2load_rps token)
  row="| $round | $load | $ra | $rt | $(ratio_of "$rt" "$ra") | $ha | $ht | $(ratio_of "$ht" "$ha") | $ca / $hca | $ct / $hct |"
  if [ "$round" = 0 ]; then
    echo "${row/| 0 |/| 0 (warm-up) |}" | tee -a "$table"
  else
    echo "$row" | tee -a "$table"
    rows+=("$(ratio_of "$rt" "$ra") $(ratio_of "$ht" "$ha") $ca $ct $hca $hct")
  fi
done

# Medians of the counted rounds (n/a when a value is missing).
median() { sort -g | awk '{v[NR]=$1} END{ if (NR==0) print "n/a"; else if (NR%2) print v[(NR+1)/2]; else printf "%.3f", (v[NR/2]+v[NR/2+1])/2 }'; }
column() { printf '%s\n' "${rows[@]}" | awk -v c="$1" '$c != "n/a" {print $c}' | median; }
{
  echo
  echo "medians of rounds 1-$rounds: runner token/anonymous $(column 1) (authentication overhead $(awk -v m="$(column 1)" 'BEGIN{ if (m+0 > 0) printf "%.1f %%", (1-m)*100; else print "n/a" }')), h2load token/anonymous $(column 2); gateway CPU µs per routed call: runner anonymous $(column 3) / token $(column 4), h2load anonymous $(column 5) / token $(column 6)"
} | tee -a "$table"
echo "==> table: $table"
