#!/usr/bin/env bash
# The cost of authentication on routing, measured with the load-test runner in ONE run: two
# gateways with the same settings on the embedded store, one anonymous (loopback, nothing
# configured) and one requiring bearer tokens (RS256, keys made by scripts/security-keys.sh);
# route_inbound against each, alternated ROUNDS times; prints rps and latency per round and the
# token/anonymous ratios (overhead = 1 - rps ratio). Only loopback addresses are used.
#
# Usage: scripts/loadtest-auth-overhead.sh [--rounds 2] [--duration 15] [--warm-up 5] [--copies 32]
#                                           [--scenario route_inbound] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/loadtest-lib.sh
trap cleanup EXIT INT TERM

rounds=2; duration=15; warmup=5; copies=32; scenario=route_inbound
out="loadtest-results/auth-overhead-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warm-up) warmup="$2"; shift 2 ;;
    --copies) copies="$2"; shift 2 ;;
    --scenario) scenario="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 1 ;;
  esac
done

make_workdir   # sets $work
mkdir -p "$out"
echo "==> build (Release)"
build_release
scripts/security-keys.sh "$work/keys" >/dev/null 2>&1
token="$(cat "$work/keys/admin.token")"

wait_for() { # wait_for PID PORT
  for _ in $(seq 1 30); do
    kill -0 "$1" 2>/dev/null || return 1
    if runner probe --address "http://127.0.0.1:$2" --kind gateway --timeout 2 >/dev/null 2>&1; then return 0; fi
  done
  return 1
}

anonymous_port="$(free_port)"
start_gateway "$work/anonymous.log" "$anonymous_port" memory
wait_for "$(last_pid)" "$anonymous_port" || { tail -5 "$work/anonymous.log"; exit 1; }
token_port="$(free_port)"
start_bg "$work/token.log" env "${server_env[@]}" Store__Kind=Memory Gateway__SeedDemoData=true \
  "Gateway__Urls=http://127.0.0.1:${token_port}" \
  "Security__Jwt__KeyFile=$work/keys/jwt-public.pem" Security__Jwt__Issuer=https://issuer.local/ \
  Security__Jwt__Audience=messaging-gateway dotnet "$gateway_dll"
wait_for "$(last_pid)" "$token_port" || { tail -5 "$work/token.log"; exit 1; }
echo "==> anonymous gateway :${anonymous_port}, token gateway :${token_port}; ${scenario}, ${copies} copies, ${warmup}+${duration} s per run"

# measure LABEL PORT [--token T]: one runner run; prints "rps p50 p99" of the scenario's step.
measure() {
  local label="$1" port="$2"; shift 2
  local dir="$out/$label"
  runner --scenario "$scenario" --gateway "http://127.0.0.1:${port}" --load "keep=${copies},${duration}s" \
    --warm-up "$warmup" --report-dir "$dir" --report-formats md,csv "$@" >"$dir.log" 2>&1 || true
  local csv; csv="$(find "$dir" -name summary.csv | head -1)"
  [ -n "$csv" ] || { echo "n/a n/a n/a"; return; }
  # columns: ...,rps(9),mean(10),p50(11),...,p99(14); the scenario's first step row.
  awk -F, -v s="\"$scenario\"" 'NR>1 && ($2==s || $2==substr(s,2,length(s)-2)) {print $9, $11, $14; exit}' "$csv"
}

table="$out/auth-overhead.md"
{
  echo "| round | anonymous rps | token rps | rps ratio (token/anonymous) | anonymous p50 / p99 ms | token p50 / p99 ms | load average |"
  echo "|---|---|---|---|---|---|---|"
} >"$table"
sum_ratio=0
for round in $(seq 1 "$rounds"); do
  read -r a_rps a_p50 a_p99 < <(measure "anonymous-$round" "$anonymous_port")
  read -r t_rps t_p50 t_p99 < <(measure "token-$round" "$token_port" --token "$token")
  ratio="$(awk -v a="$a_rps" -v t="$t_rps" 'BEGIN{ if (a+0>0) printf "%.3f", t/a; else print "n/a" }')"
  sum_ratio="$(awk -v s="$sum_ratio" -v r="$ratio" 'BEGIN{printf "%.6f", s + r}')"
  echo "| $round | $a_rps | $t_rps | $ratio | $a_p50 / $a_p99 | $t_p50 / $t_p99 | $(cut -d' ' -f1-3 /proc/loadavg) |" >>"$table"
done
mean="$(awk -v s="$sum_ratio" -v n="$rounds" 'BEGIN{printf "%.3f", s/n}')"
echo "" >>"$table"
echo "mean rps ratio token/anonymous: $mean (authentication overhead $(awk -v m="$mean" 'BEGIN{printf "%.1f", (1-m)*100}') %); $(nproc) processors" >>"$table"
cat "$table"
