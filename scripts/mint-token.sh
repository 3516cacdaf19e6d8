#!/usr/bin/env bash
# Mints an RS256 JWT access token with openssl (no IdP): for development, load tests and the
# compose example. Prints the token.
# Usage: scripts/mint-token.sh PRIVATE_KEY.pem ISSUER AUDIENCE SUBJECT "SCOPES" [CHANNELS] [TTL_SECONDS]
set -euo pipefail
key="${1:?usage: $0 KEY ISSUER AUDIENCE SUBJECT SCOPES [CHANNELS] [TTL_SECONDS]}"
issuer="$2"; audience="$3"; subject="$4"; scopes="$5"; channels="${6:-}"; ttl="${7:-43200}"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now="$(date +%s)"
header='{"alg":"RS256","typ":"JWT"}'
payload="{\"iss\":\"${issuer}\",\"aud\":\"${audience}\",\"sub\":\"${subject}\",\"scope\":\"${scopes}\",\"iat\":${now},\"nbf\":${now},\"exp\":$((now + ttl))"
if [ -n "$channels" ]; then payload="${payload},\"channels\":\"${channels}\""; fi
payload="${payload}}"
signing_input="$(printf '%s' "$header" | b64url).$(printf '%s' "$payload" | b64url)"
signature="$(printf '%s' "$signing_input" | openssl dgst -sha256 -sign "$key" -binary | b64url)"
printf '%s.%s\n' "$signing_input" "$signature"
