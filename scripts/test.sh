#!/usr/bin/env bash
# The README's test command: from a fresh clone, install what is missing, restore, build Release
# with warnings as errors, run every test, and end with one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."

# Tests start their own private redis-server on a free loopback port; they need the binaries.
if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
  echo "==> installing redis-server (apt-get)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server redis-tools >/dev/null
fi
# The Debian package starts a system redis on 6379; tests never use it (own ports), leave it be.

echo "==> dotnet restore"
dotnet restore MessagingChannelUsage.sln --nologo -v quiet

echo "==> dotnet build (Release, warnings as errors)"
dotnet build MessagingChannelUsage.sln -c Release --no-restore --nologo -v quiet -warnaserror

results="$(mktemp -d)"
echo "==> dotnet test"
set +e
dotnet test MessagingChannelUsage.sln -c Release --no-build --nologo -v quiet \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
status=$?
set -e

# One closing line over every test project: "Tests: N passed, N failed, N skipped".
passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  total=$((total + ${t:-0})); passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
skipped=$((total - passed - failed))
rm -rf "$results"
summary="Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
echo "$summary"
# Callers that print more after the tests (e.g. .ci/run) repeat this as their closing line.
if [ -n "${TEST_SUMMARY_FILE:-}" ]; then echo "$summary" > "$TEST_SUMMARY_FILE"; fi
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
