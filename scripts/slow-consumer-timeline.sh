#!/usr/bin/env bash
# Where a slow consumer's memory goes, over time (issue 10): starts the gateway binary as its own
# process (embedded store, free ports), runs the separate-process SlowConsumerTests against it
# (200 connections x 5 RouteStreams that never read, then closed), and samples every 0.5 s:
# the process's RSS and threads (/proc), the I/O block pool (Kestrel's aspnetcore_memory_pool_*:
# allocated, evicted, pooled; or the gateway's mcu_gateway_memory_pool_*: allocated, released, idle,
# with Gateway:ReleaseIdleBuffers, the default) and the GC (heap size and committed memory after the last collection) from the
# gateway's own Prometheus endpoint. Prints the test's summary and the timeline's key rows; the
# whole timeline goes to OUT/timeline.txt. Needs a Release build of the gateway and its tests.
#
# --scrape-every SECONDS adds a second client that GETs /metrics that often for the whole run (what
# Prometheus does in production, usually every 15-30 s): background traffic the idle trim must
# tolerate. The timeline's alloc_mb column is what the process allocated so far (GC counter);
# poh_mb / poh_free_mb: the pinned object heap (where Kestrel's blocks live) and the free space
# inside it after the last collection (evicted blocks leave holes; the POH is never compacted).
#
# --background-rate N adds routing in the background for the whole run: the load-test runner's
# route_inbound at N messages/s (open model; its own channels), a trickle the trim must tolerate too.
#
# --after SECONDS (default 60) keeps sampling that long after the test ended, so the timeline's last
# row shows what stayed once the pool released its idle blocks and the idle trim decommitted them.
#
# Usage: scripts/slow-consumer-timeline.sh [--out DIR] [--scrape-every SECONDS] [--background-rate N] [--after SECONDS] [ENV=VALUE ...]  (extra runtime settings for the gateway, e.g. Gateway__ReleaseIdleBuffers=false)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/loadtest-lib.sh
trap cleanup EXIT INT TERM

out="loadtest-results/slow-consumer-$(date -u +%Y%m%dT%H%M%SZ)"
scrape_every=""; background_rate=""; after=60
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --scrape-every) scrape_every="$2"; shift 2 ;;
    --background-rate) background_rate="$2"; shift 2 ;;
    --after) after="$2"; shift 2 ;;
    *) break ;;
  esac
done
mkdir -p "$out"
port="$(free_port)"; metrics_port="$(free_port)"
start_bg "$out/gateway.log" env Telemetry__MemoryPoolMetrics=true Security__Limits__RoutingPerSecond=0 "$@" "Gateway__Urls=http://127.0.0.1:${port}" "Telemetry__PrometheusPort=${metrics_port}" \
  Gateway__RestUrls= dotnet "$gateway_dll"
gateway="$(last_pid)"   # env execs dotnet: this is the gateway process
runner probe --address "http://127.0.0.1:${port}" --kind gateway --timeout 60 >/dev/null
[ -r "/proc/$gateway/status" ] || { echo "gateway process not found" >&2; exit 1; }

sample() {
  local metrics rss threads
  while kill -0 "$gateway" 2>/dev/null; do
    metrics="$(curl -s "http://127.0.0.1:${metrics_port}/metrics" || true)"
    rss="$(awk '/VmRSS/{print int($2/1024)}' "/proc/$gateway/status" 2>/dev/null || echo 0)"
    threads="$(awk '/Threads/{print $2}' "/proc/$gateway/status" 2>/dev/null || echo 0)"
    echo "$(date -u +%T) rss_mb=$rss threads=$threads $(echo "$metrics" | awk '
      /^aspnetcore_memory_pool_allocated_bytes_total/ {a+=$2}
      /^aspnetcore_memory_pool_evicted_bytes_total/ {e+=$2}
      /^aspnetcore_memory_pool_pooled_bytes/ {p+=$2}
      /^mcu_gateway_memory_pool_allocated_bytes_total/ {a+=$2}
      /^mcu_gateway_memory_pool_released_bytes_total/ {e+=$2}
      /^mcu_gateway_memory_pool_idle_bytes/ {p+=$2}
      /^dotnet_gc_last_collection_heap_size_bytes/ {h+=$2}
      /^dotnet_gc_last_collection_memory_committed_size_bytes/ {c+=$2}
      /^dotnet_gc_heap_total_allocated_bytes_total/ {t+=$2}
      /^dotnet_gc_last_collection_heap_size_bytes.*"poh"/ {ph+=$2}
      /^dotnet_gc_last_collection_heap_fragmentation_size_bytes.*"poh"/ {pf+=$2}
      /^mcu_gateway_idle_trim_runs_total/ {r+=$2}
      END {printf "pool_held_mb=%d pool_idle_mb=%d gc_heap_mb=%d gc_committed_mb=%d alloc_mb=%d trims=%d poh_mb=%d poh_free_mb=%d", (a-e)/1048576, p/1048576, h/1048576, c/1048576, t/1048576, r, ph/1048576, pf/1048576}')"
    sleep 0.5
  done
}
sample >"$out/timeline.txt" &
if [ -n "$scrape_every" ]; then
  # A plain loop in the background, stopped with the gateway (kill -0 fails) or by cleanup.
  ( while kill -0 "$gateway" 2>/dev/null; do curl -s -o /dev/null "http://127.0.0.1:${metrics_port}/metrics" || true; sleep "$scrape_every"; done ) &
  _pids+=("$!")
fi
if [ -n "$background_rate" ]; then
  # Not through the runner() function: in the background that would be a subshell, and cleanup's
  # kill would miss the runner itself. env execs dotnet, so $! is the runner.
  env "${runner_env[@]}" dotnet "$runner_dll" --gateway "http://127.0.0.1:${port}" --report-dir "$out/background" --report-formats csv --warm-up 0 \
    --scenario route_inbound --load "inject=${background_rate}/1s,900s" >"$out/background.log" 2>&1 &
  _pids+=("$!")
  sleep 5   # its setup (channels) done before the slow clients start
fi
MCU_SLOW_CONSUMER_TARGET="http://127.0.0.1:${port}" MCU_SLOW_CONSUMER_PID="$gateway" \
MCU_SLOW_CONSUMER_METRICS="http://127.0.0.1:${metrics_port}/metrics" \
  dotnet test tests/MessagingChannelUsage.Gateway.Tests -c Release --no-build \
  --filter "FullyQualifiedName~Reliability.SlowConsumerTests" --logger "console;verbosity=detailed" >"$out/test.txt" 2>&1 || true
sleep "$after"
grep -E "connections ×|of which|Passed!|Failed!" "$out/test.txt" | sed 's/^ *//' | sort -u
echo "timeline ($out/timeline.txt): first, peak RSS, last"
head -n1 "$out/timeline.txt"
sort -t= -k2 -n "$out/timeline.txt" | tail -n1
tail -n1 "$out/timeline.txt"
