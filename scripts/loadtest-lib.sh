#!/usr/bin/env bash
# Shared by scripts/loadtest.sh and scripts/loadtest-smoke.sh (sourced, not run): free ports,
# background processes that are always stopped, and the runtime settings every server gets.

# Runtime settings, the SAME for the gateway and the echo baseline so their ratio means something:
#   server GC (ASP.NET's default, made explicit), concurrent GC, tiered compilation with dynamic PGO
#   and ReadyToRun code (the .NET 10 defaults, pinned so an environment cannot change one side only),
#   production environment. Logging is NOT overridden: each server runs with the appsettings.json
#   it ships (both keep Microsoft.AspNetCore at Warning: no line per request), i.e. the gateway is
#   measured as a user runs it.
server_env=(
  DOTNET_gcServer=1
  DOTNET_gcConcurrent=1
  DOTNET_TieredCompilation=1
  DOTNET_TieredPGO=1
  DOTNET_ReadyToRun=1
  ASPNETCORE_ENVIRONMENT=Production
)
# The load generator: workstation GC so it does not take a heap per core from the servers.
runner_env=(
  DOTNET_gcServer=0
  DOTNET_TieredPGO=1
)

# require_tools TOOL...: stop with an install hint when a tool the scripts call is missing.
require_tools() {
  local missing=() tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "missing: ${missing[*]}. Install with (Debian/Ubuntu):" >&2
    echo "  sudo apt-get install -y protobuf-compiler nghttp2-client redis-server redis-tools" >&2
    echo "  (protoc: protobuf-compiler; h2load, nghttp: nghttp2-client; redis-server, redis-cli: redis-server/redis-tools)" >&2
    return 1
  fi
}

_pids=()
_workdir=""

# cleanup: stop what we started (by PID, children included), remove the work folder.
cleanup() {
  local pid
  for pid in "${_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${_pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  _pids=()
  # Say what happened to the folder: the runner has just printed report paths inside it.
  if [ -n "$_workdir" ] && [ -d "$_workdir" ]; then
    if [ -n "${KEEP_WORKDIR:-}" ]; then
      echo "==> kept $_workdir (KEEP_WORKDIR is set): logs and reports are there" >&2
    else
      rm -rf "$_workdir"
      echo "==> removed $_workdir (logs and reports); run with KEEP_WORKDIR=1 to keep it" >&2
    fi
  fi
  _workdir=""
}

# make_workdir: a private folder for logs and reports, in $work (and $_workdir for cleanup).
# Call it plainly, not as work="$(make_workdir)": a command substitution runs in a subshell, so
# cleanup would never learn the folder.
make_workdir() {
  _workdir="$(mktemp -d -t mcu-loadtest.XXXXXX)"
  work="$_workdir"
}

# free_port: a loopback TCP port nobody listens on (random, checked by connecting).
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

# start_bg LOGFILE CMD...: start a process in the background and remember it for cleanup.
start_bg() {
  local log="$1"; shift
  "$@" >"$log" 2>&1 &
  _pids+=("$!")
}

# last_pid: the PID of the last start_bg.
last_pid() { echo "${_pids[-1]}"; }

# start_redis PORT DIR: a private redis-server without persistence; waits for PONG.
start_redis() {
  local port="$1" dir="$2"
  start_bg "$dir/redis.log" redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir"
  for _ in $(seq 1 100); do
    if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then return 0; fi
    sleep 0.1
  done
  echo "redis-server on port $port did not start:" >&2
  cat "$dir/redis.log" >&2
  return 1
}

# build_release: one Release build of the gateway, the runner and the echo server (a solution
# filter, so MSBuild evaluates the graph once; an up-to-date build is nearly a no-op).
# MCU_SKIP_BUILD=1 uses the binaries as they are (e.g. a copy named by MCU_GATEWAY_DLL, MCU_ECHO_DLL
# and MCU_RUNNER_DLL, so a measurement can run while the work tree is being rebuilt).
build_release() {
  [ -n "${MCU_SKIP_BUILD:-}" ] && return 0
  dotnet build loadtests/loadtests.slnf -c Release --nologo -v quiet -clp:ErrorsOnly
}

gateway_dll="${MCU_GATEWAY_DLL:-src/MessagingChannelUsage.Gateway/bin/Release/net10.0/MessagingChannelUsage.Gateway.dll}"
echo_dll="${MCU_ECHO_DLL:-loadtests/MessagingChannelUsage.EchoServer/bin/Release/net10.0/MessagingChannelUsage.EchoServer.dll}"
runner_dll="${MCU_RUNNER_DLL:-loadtests/MessagingChannelUsage.LoadTests/bin/Release/net10.0/mcu-loadtest.dll}"

# start_gateway LOG PORT STORE [REDIS_PORT]: the gateway on the Memory (embedded) or Redis store.
start_gateway() {
  local log="$1" port="$2" store="$3" redis_port="${4:-}"
  local store_env=(Store__Kind=Memory)
  if [ "$store" = redis ]; then
    store_env=(Store__Kind=Redis "Store__RedisConnectionString=127.0.0.1:${redis_port},abortConnect=false")
  fi
  # Metrics on a free port (0) and the REST listener off unless a script asks for it (extra env
  # comes later and wins): the suite runs next to a quick-start gateway that holds 9464 and 5052.
  # The per-caller routing limit (Security:Limits:RoutingPerSecond, 20,000/s by default) is off:
  # a load generator on one address is ONE caller, so above that rate a run would measure
  # RESOURCE_EXHAUSTED answers instead of routing (and fail the smoke's zero-error threshold).
  start_bg "$log" env "${server_env[@]}" "${store_env[@]}" Gateway__RestUrls= Security__Limits__RoutingPerSecond=0 Telemetry__PrometheusPort=0 \
    "${gateway_extra_env[@]}" Gateway__SeedDemoData=true "Gateway__Urls=http://127.0.0.1:${port}" dotnet "$gateway_dll"
}

# Extra settings for the next start_gateway (e.g. gateway_extra_env=(Store__EndUserCache=false)).
gateway_extra_env=()

# start_echo LOG PORT [REDIS_PORT]: the plain-gRPC baseline with the same settings. With a Redis
# port it also serves the naive baseline EchoAfterRead (one HGETALL of the end user's hash, then
# the echo reply: "read Redis once per message and decide nothing").
start_echo() {
  local log="$1" port="$2" redis_port="${3:-}"
  local naive=()
  [ -z "$redis_port" ] || naive=("Naive__Redis=127.0.0.1:${redis_port}")
  start_bg "$log" env "${server_env[@]}" "${naive[@]}" dotnet "$echo_dll" --urls "http://127.0.0.1:${port}"
}

# runner ARGS...: the load-test runner.
runner() {
  env "${runner_env[@]}" dotnet "$runner_dll" "$@"
}

# google/api/annotations.proto (imported by the protos for their JSON routes) comes with the
# Google.Api.CommonProtos NuGet package, restored by the build before any load test runs.
google_api_protos() {
  local version
  version="$(sed -n 's/.*Include="Google.Api.CommonProtos" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)"
  echo "${NUGET_PACKAGES:-$HOME/.nuget/packages}/google.api.commonprotos/$version/content/protos"
}

# frame MESSAGE_TYPE PROTO INCLUDE TEXT OUT: protoc --encode plus the 5-byte gRPC frame header.
frame() {
  local type="$1" proto="$2" include="$3" text="$4" target="$5" len raw
  raw="$(mktemp)"
  echo "$text" | protoc --encode="$type" -I"$include" -I"$(google_api_protos)" -I/usr/include "$proto" >"$raw"
  len=$(stat -c %s "$raw")
  printf "\\x00\\x$(printf %02x $(( (len >> 24) & 255 )))\\x$(printf %02x $(( (len >> 16) & 255 )))\\x$(printf %02x $(( (len >> 8) & 255 )))\\x$(printf %02x $(( len & 255 )))" >"$target"
  cat "$raw" >>"$target"
  rm -f "$raw"
}

# The h2load mix: one body per branch of the demo channels (seeded at gateway start-up), 18-char
# ids as the gateway stores them. Equal shares: one h2load process per body, run at once.
h2load_messages=(
  'channel_id: "0Mj0000000DEMO1CAP" platform_key: "+15550000001" text: "Hi, where is my order?"'
  'channel_id: "0Mj0000000DEMO2CAP" platform_key: "+15550000002" text: "My parcel has not arrived yet"'
  'channel_id: "0Mj0000000DEMO2CAP" platform_key: "+15550000003" text: "JOIN now"'
  'channel_id: "0Mj0000000DEMO3CAP" platform_key: "+15550000004" text: "hello there"'
  'channel_id: "0Mj0000000DEMO4CAP" platform_key: "+15550000005" text: "any news?"'
  'channel_id: "0Mj0000000DEMO5CAP" platform_key: "+15550000006" text: "hello"'
  'channel_id: "0Mj0000000DEMO2CAP" platform_key: "+15550000007" text: "HELP"'
)

# frame_mix DIR: DIR/route-<i>.body and DIR/echo-<i>.body for every message of the mix.
frame_mix() {
  local dir="$1" i
  for i in "${!h2load_messages[@]}"; do
    frame messaging.v1.InboundMessage protos/messaging/v1/router.proto protos "${h2load_messages[$i]}" "$dir/route-$i.body"
    frame loadtest.echo.v1.EchoRequest loadtests/protos/echo.proto loadtests/protos "${h2load_messages[$i]}" "$dir/echo-$i.body"
  done
}

# h2load_mix URL BODY_GLOB SECONDS LOG [HEADER...]: every body of BODY_GLOB at once, one h2load
# process each (1 connection x 16 streams), with the extra request headers given (e.g.
# 'authorization: Bearer …', a fixed header at no per-call cost to the generator); prints the summed
# req/s, or "n/a" when a body's grpc-status is not 0 (h2load counts gRPC errors as successes, so
# every body is first sent once with nghttp -v).
h2load_mix() {
  local url="$1" glob="$2" seconds="$3" log="$4" body status pids=() total header extra=()
  shift 4
  for header in "$@"; do extra+=(-H "$header"); done
  : >"$log"
  for body in $glob; do
    status="$(nghttp -v -H 'content-type: application/grpc' -H 'te: trailers' "${extra[@]}" -d "$body" "$url" 2>&1 | grep -a -o 'grpc-status: [0-9]*' | head -n1 | awk '{print $2}')"
    if [ "${status:-x}" != "0" ]; then
      echo "   $url: grpc-status ${status:-missing} for $body, not measured" >&2
      echo "n/a"
      return 0
    fi
  done
  for body in $glob; do
    h2load -D "$seconds" --warm-up-time=1 -c 1 -m 16 -t 1 \
      -H 'content-type: application/grpc' -H 'te: trailers' "${extra[@]}" -d "$body" "$url" >"$log.$(basename "$body")" 2>&1 &
    pids+=("$!")
  done
  wait "${pids[@]}" || true
  total=0
  for body in $glob; do
    cat "$log.$(basename "$body")" >>"$log"
    total="$(awk -v t="$total" -v f="$log.$(basename "$body")" 'BEGIN{ while ((getline line < f) > 0) if (match(line, /finished in [0-9.]+s, [0-9.]+ req\/s/)) { split(substr(line, RSTART, RLENGTH), a, " "); t += a[4] } printf "%.0f", t }')"
    rm -f "$log.$(basename "$body")"
  done
  echo "$total"
}

# ratio_of A B: A/B with three decimals, or n/a.
ratio_of() {
  if [[ "$1" != n/a && "$2" != n/a && "$2" != 0 ]]; then awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a/b}'; else echo n/a; fi
}
