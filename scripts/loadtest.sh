#!/usr/bin/env bash
# The whole load-test suite in one command. Builds Release, starts a private redis-server (free
# port), the gateway on Redis and/or on the embedded store, and the plain-gRPC echo baseline, all
# with the same runtime settings (scripts/loadtest-lib.sh says which); runs every scenario against
# the gateway next to its echo baseline; then h2load (a second, independent generator) on unary
# RouteInbound vs Echo; prints the ratio tables and stops everything it started.
#
# Usage: scripts/loadtest.sh [--stores "redis memory"] [--duration 15] [--warm-up 5] [--copies 32]
#                            [--streams 8] [--h2load-seconds 10] [--out DIR] [-- extra runner options]
# Reports (Markdown, CSV, HTML) go to DIR/<store>/ (default: loadtest-results/<timestamp>).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/loadtest-lib.sh
trap cleanup EXIT INT TERM

stores="redis memory"
duration=15
warmup=5
copies=32
streams=8
h2load_seconds=10
out="loadtest-results/$(date -u +%Y%m%dT%H%M%SZ)"
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --stores) stores="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warm-up) warmup="$2"; shift 2 ;;
    --copies) copies="$2"; shift 2 ;;
    --streams) streams="$2"; shift 2 ;;
    --h2load-seconds) h2load_seconds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 1 ;;
  esac
done

require_tools protoc h2load nghttp redis-server redis-cli
make_workdir   # sets $work
mkdir -p "$out"
echo "==> build (Release): gateway, load-test runner, echo server"
build_release

echo "==> machine: $(nproc) processors, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "==> server runtime settings: ${server_env[*]}"

redis_port=""
if [[ " $stores " == *" redis "* ]]; then
  redis_port="$(free_port)"
  start_redis "$redis_port" "$work"
  echo "==> redis-server $(redis-server --version | grep -o 'v=[0-9.]*') on 127.0.0.1:${redis_port}"
fi

echo_port="$(free_port)"
start_echo "$work/echo.log" "$echo_port" "$redis_port"
echo "==> echo baseline on 127.0.0.1:${echo_port}${redis_port:+ (and EchoAfterRead: echo + one HGETALL on that Redis)}"

# The h2load mix (loadtest-lib.sh): one body per demo-channel branch, all at once.
frame_mix "$work"

# wait_for_gateway PID PORT: until it answers gRPC (60 s), failing fast when the process exits.
wait_for_gateway() {
  local pid="$1" port="$2"
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || return 1
    if runner probe --address "http://127.0.0.1:${port}" --kind gateway --timeout 2 >/dev/null 2>&1; then return 0; fi
  done
  return 1
}

summary="$out/ratios.md"
: >"$summary"
for store in $stores; do
  gateway_port="$(free_port)"
  start_gateway "$work/gateway-$store.log" "$gateway_port" "$store" "$redis_port"
  gateway_pid="$(last_pid)"
  echo "==> gateway ($store store) on 127.0.0.1:${gateway_port}"
  if ! wait_for_gateway "$gateway_pid" "$gateway_port"; then
    echo "   the gateway on the $store store did not start; its log says:"
    tail -n 5 "$work/gateway-$store.log" | sed 's/^/   | /'
    printf '## %s store\n\nnot measured: the gateway did not start on this store (%s)\n\n' "$store" \
      "$(grep -m1 -o 'InvalidOperationException: [^.]*' "$work/gateway-$store.log" || echo 'see its log')" >>"$summary"
    kill "$gateway_pid" 2>/dev/null || true
    continue
  fi

  echo "==> runner: every scenario, paired with its echo baseline (${copies} copies, ${warmup}+${duration} s each)"
  set +e
  runner --scenario echo,route_inbound,echo_stream,route_stream,route_outbound,mixed \
    --gateway "http://127.0.0.1:${gateway_port}" --echo "http://127.0.0.1:${echo_port}" \
    --load "keep=${copies},${duration}s" --warm-up "$warmup" --streams "$streams" \
    --half-load echo,route_inbound --report-dir "$out/$store" "${extra[@]}" 2>&1 | tee "$out/$store.log" | grep -v '^\['
  status=${PIPESTATUS[0]}
  set -e
  [ "$status" -eq 0 ] || echo "   runner exit $status (2 = a threshold failed, 1 = could not run)"

  echo "==> h2load (independent generator): unary RouteInbound vs Echo on the mix of ${#h2load_messages[@]} bodies, ${h2load_seconds} s each"
  route_rps="$(h2load_mix "http://127.0.0.1:${gateway_port}/messaging.v1.MessageRouter/RouteInbound" "$work/route-*.body" "$h2load_seconds" "$work/h2load-route-$store.txt")"
  echo_rps="$(h2load_mix "http://127.0.0.1:${echo_port}/loadtest.echo.v1.Echo/Echo" "$work/echo-*.body" "$h2load_seconds" "$work/h2load-echo-$store.txt")"
  ratio="$(ratio_of "$route_rps" "$echo_rps")"
  naive_row=""
  if [ "$store" = redis ]; then
    naive_rps="$(h2load_mix "http://127.0.0.1:${echo_port}/loadtest.echo.v1.Echo/EchoAfterRead" "$work/echo-*.body" "$h2load_seconds" "$work/h2load-naive.txt")"
    naive_row="| h2load: unary RouteInbound / EchoAfterRead (echo + one HGETALL, the naive design) | $route_rps | $naive_rps | $(ratio_of "$route_rps" "$naive_rps") | >= 1.0 | - |"
  fi

  {
    echo "## $store store"
    echo
    sed -n '/^## Ratios/,/^## Errors/p' "$out/$store/report.md" | sed '1d;$d'
    echo "| h2load: unary RouteInbound / unary Echo (mix of ${#h2load_messages[@]} bodies, 1 connection x 16 streams each) | $route_rps | $echo_rps | $ratio | >= 0.9 memory, >= 0.8 redis | - |"
    [ -z "$naive_row" ] || echo "$naive_row"
    echo
  } >>"$summary"
  kill "$gateway_pid" 2>/dev/null || true
done

echo
echo "================ ratios (same machine, same run) ================"
cat "$summary"
echo "reports: $out/<store>/report.{md,html}, summary.csv, timeline.csv; this table: $summary"
