#!/usr/bin/env bash
# Shared by scripts/loadtest.sh and scripts/loadtest-smoke.sh (sourced, not run): free ports,
# background processes that are always stopped, and the runtime settings every server gets.

# Runtime settings, the SAME for the gateway and the echo baseline so their ratio means something:
#   server GC (ASP.NET's default, made explicit), concurrent GC, tiered compilation with dynamic PGO
#   and ReadyToRun code (the .NET 10 defaults, pinned so an environment cannot change one side only),
#   production environment, warnings-only logging (no per-request log lines).
server_env=(
  DOTNET_gcServer=1
  DOTNET_gcConcurrent=1
  DOTNET_TieredCompilation=1
  DOTNET_TieredPGO=1
  DOTNET_ReadyToRun=1
  ASPNETCORE_ENVIRONMENT=Production
  Logging__LogLevel__Default=Warning
  Logging__LogLevel__Microsoft.AspNetCore=Warning
)
# The load generator: workstation GC so it does not take a heap per core from the servers.
runner_env=(
  DOTNET_gcServer=0
  DOTNET_TieredPGO=1
)

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
  if [ -n "$_workdir" ] && [ -z "${KEEP_WORKDIR:-}" ]; then rm -rf "$_workdir"; fi
}

# make_workdir: a private folder for logs and reports.
make_workdir() {
  _workdir="$(mktemp -d -t mcu-loadtest.XXXXXX)"
  echo "$_workdir"
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
build_release() {
  dotnet build loadtests/loadtests.slnf -c Release --nologo -v quiet -clp:ErrorsOnly
}

gateway_dll="src/MessagingChannelUsage.Gateway/bin/Release/net10.0/MessagingChannelUsage.Gateway.dll"
echo_dll="loadtests/MessagingChannelUsage.EchoServer/bin/Release/net10.0/MessagingChannelUsage.EchoServer.dll"
runner_dll="loadtests/MessagingChannelUsage.LoadTests/bin/Release/net10.0/mcu-loadtest.dll"

# start_gateway LOG PORT STORE [REDIS_PORT]: the gateway on the Memory (embedded) or Redis store.
start_gateway() {
  local log="$1" port="$2" store="$3" redis_port="${4:-}"
  local store_env=(Store__Kind=Memory)
  if [ "$store" = redis ]; then
    store_env=(Store__Kind=Redis "Store__RedisConnectionString=127.0.0.1:${redis_port},abortConnect=false")
  fi
  start_bg "$log" env "${server_env[@]}" "${store_env[@]}" Gateway__SeedDemoData=true \
    "Gateway__Urls=http://127.0.0.1:${port}" dotnet "$gateway_dll"
}

# start_echo LOG PORT: the plain-gRPC baseline with the same settings.
start_echo() {
  local log="$1" port="$2"
  start_bg "$log" env "${server_env[@]}" dotnet "$echo_dll" --urls "http://127.0.0.1:${port}"
}

# runner ARGS...: the load-test runner.
runner() {
  env "${runner_env[@]}" dotnet "$runner_dll" "$@"
}
