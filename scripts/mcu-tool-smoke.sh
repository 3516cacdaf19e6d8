#!/usr/bin/env bash
# The README's tool install, checked end to end: pack mcu and the client-only contract package,
# install mcu as a .NET tool from the packed folder, run it, and check that neither package
# depends on the server side (Grpc.AspNetCore.Server, ASP.NET Core).
#   scripts/mcu-tool-smoke.sh            (CI runs it; ~1 min)
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "==> dotnet pack (mcu, MessagingChannelUsage.Client.Protos)"
dotnet pack src/MessagingChannelUsage.Client -c Release -o "$work/packages" --nologo -v quiet
dotnet pack src/MessagingChannelUsage.Client.Protos -c Release -o "$work/packages" --nologo -v quiet

echo "==> dotnet tool install mcu-cli --add-source"
dotnet tool install mcu-cli --tool-path "$work/tools" --add-source "$work/packages" >/dev/null
mcu="$work/tools/mcu"

"$mcu" --help | grep -q "route" || { echo "FAIL: mcu --help does not list its commands" >&2; exit 1; }

# Nobody listens on this port: exit code 2 and a message naming the address.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
set +e
out=$(MCU_ADDRESS="127.0.0.1:$port" "$mcu" usage describe 2>&1)
code=$?
set -e
[ "$code" = 2 ] || { echo "FAIL: expected exit code 2, got $code: $out" >&2; exit 1; }
grep -q "cannot connect to the gateway at 127.0.0.1:$port" <<<"$out" || { echo "FAIL: unexpected message: $out" >&2; exit 1; }

for package in "$work"/packages/*.nupkg; do
  if unzip -p "$package" '*.nuspec' | grep -Eq 'Grpc.AspNetCore|Microsoft.AspNetCore'; then
    echo "FAIL: $(basename "$package") depends on server packages" >&2; exit 1
  fi
  if unzip -l "$package" | grep -Eq 'Grpc.AspNetCore|Microsoft.AspNetCore'; then
    echo "FAIL: $(basename "$package") carries server assemblies" >&2; exit 1
  fi
done
echo "mcu tool smoke: packed, installed, ran (exit 2 with the address named); no server dependencies"
