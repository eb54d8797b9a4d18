#!/usr/bin/env bash
# Gives the demo realm one self-registration rule (requirements 7.1), so that a new user can register through the
# browser: addresses @school.kc-edu.example (and its subdomains) register as "Teacher" at the demo state.
# Run it once after ./run.sh has started (again after ./run.sh --reset). Uses the demo state administrator.
#   KCEDU_URL   Keycloak base URL (default http://localhost:8080)
set -euo pipefail
url=${KCEDU_URL:-http://localhost:8080}
realm=edu
token=$(curl -sf -d grant_type=password -d client_id=admin-cli -d username=state.admin@kc-edu.example \
  -d password=kc-edu-demo-2026 "$url/realms/$realm/protocol/openid-connect/token" \
  | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "could not get a token for state.admin@kc-edu.example from $url" >&2; exit 1; }
call() { # method path json -> prints status; 409 (already there) is fine
  code=$(curl -s -o /tmp/kcedu-demo-reg.out -w '%{http_code}' -X "$1" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' "$url/realms/$realm/kc-edu/$2" -d "$3")
  case "$code" in 2*|409) echo "$1 $2: $code";; *) echo "$1 $2: $code $(cat /tmp/kcedu-demo-reg.out)" >&2; exit 1;; esac
}
call POST domains '{"type":"STATE","identifier":"DEMO","name":"Demo State"}'
call POST roles '{"name":"Teacher","domainTypes":["STATE","DISTRICT","SCHOOL"]}'
call POST self-registration/rules '{"emailDomain":"school.kc-edu.example","includeSubdomains":true,"role":"Teacher","domainType":"STATE","domainIdentifier":"DEMO"}'
echo "Register at $url/realms/$realm/account (Sign in -> Register) with any name@school.kc-edu.example."
echo "The e-mails go to the realm's SMTP server (localhost:1025 by default): run bin/mail-sink.py to read them."
