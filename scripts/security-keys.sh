#!/usr/bin/env bash
# Makes everything a TLS + JWT gateway needs, for development and the docker-compose.secure.yml
# example. Nothing here is a secret to commit: run it where you deploy.
#   DIR/ca.pem, ca-key.pem                private CA (TLS server and client certificates)
#   DIR/server.pem, server-key.pem        TLS certificate for localhost, 127.0.0.1 and "gateway"
#   DIR/client.pem, client-key.pem        client certificate CN=connector-1 (mutual TLS)
#   DIR/jwt-private.pem, jwt-public.pem   RS256 signing key pair (the gateway needs the public one)
#   DIR/admin.token, route.token          tokens (12 h) from scripts/mint-token.sh
# Usage: scripts/security-keys.sh DIR [ISSUER] [AUDIENCE]
set -euo pipefail
dir="${1:?usage: $0 DIR [ISSUER] [AUDIENCE]}"
issuer="${2:-https://issuer.local/}"
audience="${3:-messaging-gateway}"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$dir"
cd "$dir"
umask 077

openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=mcu dev CA" \
  -keyout ca-key.pem -out ca.pem \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

issue() { # issue NAME SUBJECT EXTENSIONS
  openssl req -newkey rsa:2048 -nodes -subj "$2" -keyout "$1-key.pem" -out "$1.csr" 2>/dev/null
  printf '%b' "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 365 -sha256 \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}
issue server "/CN=localhost" "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,DNS:gateway,IP:127.0.0.1\n"
issue client "/CN=connector-1" "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n"

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out jwt-private.pem 2>/dev/null
openssl pkey -in jwt-private.pem -pubout -out jwt-public.pem

"$here/mint-token.sh" jwt-private.pem "$issuer" "$audience" "ops-admin" "messaging.route messaging.read messaging.admin" > admin.token
"$here/mint-token.sh" jwt-private.pem "$issuer" "$audience" "connector" "messaging.route" > route.token
# The gateway container reads the public files; keep private keys to yourself.
chmod 644 ca.pem server.pem server-key.pem client.pem jwt-public.pem
echo "keys and tokens in $(pwd)" >&2
