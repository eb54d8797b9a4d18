#!/usr/bin/env bash
# Benchmark: can the response time of the registration and forgot-password forms tell whether an address has an
# account or may register? (requirements 7.2; stock Keycloak: keycloak/keycloak#26625)
#   bench/registration-timing.sh [requests-per-case=200] [smtp-delay-ms=25]
# Starts its own Keycloak (the pinned dist from the local Maven repository, start-dev, H2 in memory, port 8080) with
# the kc-edu JAR, the demo realm "edu" (kc-edu flows) and a copy "stock" bound to Keycloak's built-in
# "reset credentials" flow, and an SMTP sink that takes smtp-delay-ms per message (like a remote relay), holding
# /tmp/kcedu-it.lock so no other run collides on the port. Then runs RegistrationTimingBench; figures in
# docs/performance.md. Everything is stopped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
N=${1:-200}
SMTP_DELAY=${2:-25}
SMTP_PORT=${KCEDU_BENCH_SMTP_PORT:-10255}
KC_VERSION=$(sed -n 's:.*<keycloak.dist.version>\(.*\)</keycloak.dist.version>.*:\1:p' pom.xml)
WORK=${KCEDU_BENCH_DIR:-/tmp/kcedu-bench}
mkdir -p "$WORK"

mvn -B -ntp -q package -pl providers -am -DskipTests -DskipITs
JAR=$(ls providers/target/kc-edu-providers-*.jar | grep -v sources | head -1)
DIST="$WORK/keycloak-$KC_VERSION"
if [ ! -d "$DIST" ]; then
  unzip -q "$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KC_VERSION/keycloak-quarkus-dist-$KC_VERSION.zip" -d "$WORK"
fi

exec 9>/tmp/kcedu-it.lock
echo "bench: waiting for /tmp/kcedu-it.lock (port 8080)"; flock 9
rm -f "$DIST"/providers/kc-edu-*.jar
cp "$JAR" "$DIST/providers/"
IMPORT="$DIST/data/import"
rm -rf "$IMPORT" && mkdir -p "$IMPORT"
cp realm-config/src/main/resources/kc-edu/realm/edu-realm.json "$IMPORT/edu-realm.json"
python3 - "$IMPORT" <<'PY'
import json, sys
d = sys.argv[1]
r = json.load(open(d + "/edu-realm.json"))
r["realm"] = "stock"
r["resetCredentialsFlow"] = "reset credentials"   # Keycloak's built-in flow: mail sent on the request thread
json.dump(r, open(d + "/stock-realm.json", "w"))
PY
KC_PID=
SINK_PID=
cleanup() {
  [ -n "$KC_PID" ] && kill "$KC_PID" 2>/dev/null && wait "$KC_PID" 2>/dev/null || true
  [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null || true
  rm -rf "$IMPORT"
}
trap cleanup EXIT
python3 bin/mail-sink.py "$SMTP_PORT" "$SMTP_DELAY" > "$WORK/registration-mails.txt" 2>&1 &
SINK_PID=$!
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin KCEDU_SMTP_PORT="$SMTP_PORT" \
  "$DIST/bin/kc.sh" start-dev --db dev-mem --http-port 8080 --import-realm > "$WORK/registration-keycloak.log" 2>&1 &
KC_PID=$!
# a loaded machine can take minutes to start Keycloak: wait up to BENCH_START_WAIT seconds, never run against a half-started one
up=
for i in $(seq 1 "${BENCH_START_WAIT:-900}"); do
  if curl -sf http://localhost:8080/realms/stock >/dev/null 2>&1 && curl -sf http://localhost:8080/realms/edu >/dev/null 2>&1; then
    up=1; break
  fi
  kill -0 "$KC_PID" 2>/dev/null || { echo "Keycloak died; see $WORK/registration-keycloak.log"; exit 1; }
  sleep 1
done
[ -n "$up" ] || { echo "Keycloak did not answer within ${BENCH_START_WAIT:-900} s; see $WORK/registration-keycloak.log"; exit 1; }
echo "bench: Keycloak $KC_VERSION up (H2 in memory), kc-edu $(basename "$JAR"), SMTP sink delay ${SMTP_DELAY} ms, $(nproc) cores"
java bench/RegistrationTimingBench.java http://127.0.0.1:8080 "$N" | tee "$WORK/registration-results.txt"
echo "bench: mails received by the sink: $(grep -c '^To:' "$WORK/registration-mails.txt" || true)"
