#!/usr/bin/env bash
# Routing throughput, JSON vs gRPC, interleaved rounds in one run (issue 15): the same gateway
# (embedded store, demo channels, default configuration) answers RouteInbound on the same mix of
# demo-channel messages (loadtest-lib.sh) as gRPC (h2c, protobuf) and as JSON over HTTP/1.1 on the
# REST listener (what curl and most REST clients speak; the cleartext REST listener takes HTTP/2
# only through TLS/ALPN, so h2load cannot speak h2c to it). h2load drives both at the same
# concurrency: per body, 1 connection x 16 streams (gRPC) or 16 connections (HTTP/1.1). One
# unrecorded warm-up pass (JIT, tiering), then rounds whose order alternates. Prints one row per
# round with the load average and the ratio, the median ratio, and stops everything it started.
#
# Usage: scripts/loadtest-json.sh [--seconds 8] [--rounds 3] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/loadtest-lib.sh
trap cleanup EXIT INT TERM

seconds=8
rounds=3
out="loadtest-results/json-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 1 ;;
  esac
done

require_tools protoc h2load nghttp curl
make_workdir   # sets $work
mkdir -p "$out"
echo "==> build (Release): gateway, load-test runner, echo server"
build_release

grpc_port="$(free_port)"
rest_port="$(free_port)"
gateway_extra_env=("Gateway__RestUrls=http://127.0.0.1:${rest_port}")
start_gateway "$work/gateway.log" "$grpc_port" memory
runner probe --address "http://127.0.0.1:${grpc_port}" --kind gateway --timeout 60 >/dev/null
echo "==> gateway (embedded store): gRPC 127.0.0.1:${grpc_port}, REST 127.0.0.1:${rest_port}"

# The same messages as protobuf frames and as proto3 JSON.
frame_mix "$work"
for i in "${!h2load_messages[@]}"; do
  sed -E 's/channel_id: ("[^"]*") platform_key: ("[^"]*") text: ("[^"]*")/{"channelId":\1,"platformKey":\2,"text":\3}/' \
    <<<"${h2load_messages[$i]}" | tr -d '\n' >"$work/json-$i.body"
done

# json_mix URL SECONDS LOG H2LOAD-ARGS...: every JSON body answered 200 first, then one h2load per
# body at once; prints the summed req/s (n/a when a body is refused).
json_mix() {
  local url="$1" seconds="$2" log="$3" body pids=() total=0 code
  shift 3
  for body in "$work"/json-*.body; do
    code="$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' --data-binary "@$body" "$url")"
    if [ "$code" != 200 ]; then
      echo "   $url: HTTP $code for $body, not measured" >&2
      echo "n/a"
      return 0
    fi
  done
  for body in "$work"/json-*.body; do
    h2load -D "$seconds" --warm-up-time=1 -t 1 "$@" -H 'content-type: application/json' -d "$body" "$url" >"$log.$(basename "$body")" 2>&1 &
    pids+=("$!")
  done
  wait "${pids[@]}" || true
  for body in "$work"/json-*.body; do
    total="$(awk -v t="$total" -v f="$log.$(basename "$body")" 'BEGIN{ while ((getline line < f) > 0) if (match(line, /finished in [0-9.]+s, [0-9.]+ req\/s/)) { split(substr(line, RSTART, RLENGTH), a, " "); t += a[4] } printf "%.0f", t }')"
    grep -a -E '^requests:|^status codes:' "$log.$(basename "$body")" >>"$log" || true
    rm -f "$log.$(basename "$body")"
  done
  echo "$total"
}

table="$out/json-vs-grpc.md"
{
  echo "machine: $(nproc) processors, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "command: scripts/loadtest-json.sh --seconds $seconds --rounds $rounds (RouteInbound, mix of ${#h2load_messages[@]} demo-channel bodies, embedded store)"
  echo
  echo "| round | load avg (1 min) | gRPC req/s | JSON HTTP/1.1 req/s | JSON / gRPC |"
  echo "|---|---|---:|---:|---:|"
} | tee "$table"
grpc_url="http://127.0.0.1:${grpc_port}/messaging.v1.MessageRouter/RouteInbound"
json_url="http://127.0.0.1:${rest_port}/v1/route/inbound"
echo "==> warm-up (not recorded)"
h2load_mix "$grpc_url" "$work/route-*.body" 3 "$work/warm-grpc.txt" >/dev/null
json_mix "$json_url" 3 "$work/warm-json.txt" --h1 -c 16 -m 1 >/dev/null
ratios=()
for round in $(seq 1 "$rounds"); do
  load="$(cut -d' ' -f1 /proc/loadavg)"
  if (( round % 2 )); then
    g="$(h2load_mix "$grpc_url" "$work/route-*.body" "$seconds" "$work/h-grpc.txt")"
    h="$(json_mix "$json_url" "$seconds" "$work/h-json.txt" --h1 -c 16 -m 1)"
  else
    h="$(json_mix "$json_url" "$seconds" "$work/h-json.txt" --h1 -c 16 -m 1)"
    g="$(h2load_mix "$grpc_url" "$work/route-*.body" "$seconds" "$work/h-grpc.txt")"
  fi
  ratios+=("$(ratio_of "$h" "$g")")
  echo "| $round | $load | $g | $h | ${ratios[-1]} |" | tee -a "$table"
done
{
  echo
  echo "median JSON / gRPC: $(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')"
  echo "uptime after: $(uptime)"
  echo "JSON requests not answered 2xx: $(grep -h -a '^status codes:' "$work/h-json.txt" | awk '{n += $5 + $7 + $9} END{print n+0}')"
} | tee -a "$table"
echo "==> table: $table"
