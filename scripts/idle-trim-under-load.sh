#!/usr/bin/env bash
# Does the idle trim (Hosting/IdleMemoryTrim.cs) stay out of the way of traffic, and what does one
# trim cost? Starts one gateway (embedded store) with the trim logged at Debug and /metrics scraped
# every 0.5 s for the whole run (background traffic, as Prometheus in production), then runs
# phases and counts trims per phase from the gateway's own counter (mcu_gateway_idle_trim_runs):
#   unary   h2load, the RouteInbound mix at full speed        (must be 0 trims)
#   stream  the runner's route_stream, 32 copies on 8 streams  (must be 0 trims while it runs)
#   light   the runner's route_inbound, open model N/s          (a trickle: trims allowed, few)
#   quiet   nothing but the scraper                            (the trim gives back what the load left)
# Prints trims, allocation rate and RSS per phase, then every trim's log line (working set before
# and after, GC pause in ms). Needs Release builds of the gateway and the load-test runner.
#
# Usage: scripts/idle-trim-under-load.sh [--seconds 30] [--light-rate 300] [ENV=VALUE ...]  (extra gateway settings)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/loadtest-lib.sh
trap cleanup EXIT INT TERM

seconds=30; light_rate=300
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --light-rate) light_rate="$2"; shift 2 ;;
    *) break ;;
  esac
done

require_tools protoc h2load nghttp curl
make_workdir   # sets $work
frame_mix "$work"
port="$(free_port)"; metrics_port="$(free_port)"
gateway_extra_env=("Telemetry__PrometheusPort=${metrics_port}" "Logging__LogLevel__MessagingChannelUsage.Gateway.Hosting.IdleMemoryTrim=Debug" "$@")
start_gateway "$work/gateway.log" "$port" memory
gateway="$(last_pid)"
runner probe --address "http://127.0.0.1:${port}" --kind gateway --timeout 60 >/dev/null
( while kill -0 "$gateway" 2>/dev/null; do curl -s -o /dev/null "http://127.0.0.1:${metrics_port}/metrics" || true; sleep 0.5; done ) &
_pids+=("$!")

# metric NAME: the summed value of a sample on the gateway's /metrics (0 when absent).
metric() { curl -s "http://127.0.0.1:${metrics_port}/metrics" | awk -v n="$1" 'index($0, n) == 1 {s += $NF} END {printf "%.0f", s}'; }
rss_mb() { awk '/VmRSS/{print int($2/1024)}' "/proc/$gateway/status"; }

echo "machine: $(nproc) processors; $(date -u +%FT%TZ); commit $(git rev-parse --short HEAD); scraper every 0.5 s"
echo
echo "| phase | load avg | seconds | trims | allocated MB/s | RSS MB after |"
echo "|---|---|---:|---:|---:|---:|"
phase() {
  local name="$1" started trims allocated
  shift
  started="$(date +%s.%N)"; trims="$(metric mcu_gateway_idle_trim_runs)"; allocated="$(metric dotnet_gc_heap_total_allocated_bytes_total)"
  "$@" >>"$work/phases.log" 2>&1 || echo "   $name: exit $? (see $work/phases.log)" >&2
  awk -v n="$name" -v l="$(cut -d' ' -f1 /proc/loadavg)" -v s="$started" -v e="$(date +%s.%N)" \
      -v t0="$trims" -v t1="$(metric mcu_gateway_idle_trim_runs)" -v a0="$allocated" -v a1="$(metric dotnet_gc_heap_total_allocated_bytes_total)" -v r="$(rss_mb)" \
      'BEGIN {printf "| %s | %s | %.0f | %d | %.1f | %d |\n", n, l, e - s, t1 - t0, (a1 - a0) / 1048576 / (e - s), r}'
}
runner_load() {
  runner --gateway "http://127.0.0.1:${port}" --report-dir "$work/runner-$1" --report-formats csv --warm-up 0 --scenario "$2" --load "$3" --streams 8
}
phase "quiet (before)" sleep "$seconds"
phase "unary (h2load mix)" h2load_mix "http://127.0.0.1:${port}/messaging.v1.MessageRouter/RouteInbound" "$work/route-*.body" "$seconds" "$work/h2load.txt"
phase "quiet (after unary)" sleep "$seconds"
phase "stream (route_stream, 32 copies)" runner_load stream route_stream "keep=32,${seconds}s"
phase "quiet (after stream)" sleep "$seconds"
phase "light (route_inbound ${light_rate}/s)" runner_load light route_inbound "inject=${light_rate}/1s,${seconds}s"
phase "quiet (after light)" sleep "$seconds"
echo
echo "trims (gateway log):"
grep -A1 "IdleMemoryTrim\[60\]" "$work/gateway.log" | grep -v -- "--" | grep -v "IdleMemoryTrim\[60\]" | sed 's/^ */  /' || echo "  none"
