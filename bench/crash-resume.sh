#!/usr/bin/env bash
# Crash test: kill -9 Keycloak in the middle of a kc-edu bulk import, start it again, and check that the job resumes
# by itself after its last committed batch and ends with every row imported exactly once.
#   bench/crash-resume.sh [rows=30000]
# Runs its own Keycloak (start-dev, port 8080, holding /tmp/kcedu-it.lock) on a fresh PostgreSQL database.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
ROWS=${1:-30000}
KC_VERSION=$(sed -n 's:.*<keycloak.dist.version>\(.*\)</keycloak.dist.version>.*:\1:p' pom.xml)
WORK=${KCEDU_BENCH_DIR:-/tmp/kcedu-bench}
DB="kcedu_crash_$$"
BASE=http://localhost:8080
mkdir -p "$WORK"
mvn -B -ntp -q package -pl providers -am -DskipTests -DskipITs
JAR=$(ls providers/target/kc-edu-providers-*.jar | head -1)
DIST="$WORK/keycloak-$KC_VERSION"
[ -d "$DIST" ] || unzip -q "$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KC_VERSION/keycloak-quarkus-dist-$KC_VERSION.zip" -d "$WORK"

exec 9>/tmp/kcedu-it.lock
echo "crash: waiting for /tmp/kcedu-it.lock"; flock 9
rm -f "$DIST"/providers/kc-edu-*.jar; cp "$JAR" "$DIST/providers/" # only under the lock: a bench may be running
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB"
KC_PID=
stop_kc() { [ -n "$KC_PID" ] && { kill "$@" "$KC_PID" 2>/dev/null || true; wait "$KC_PID" 2>/dev/null || true; }; KC_PID=; }
cleanup() { stop_kc; psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true; }
trap cleanup EXIT
start_kc() {
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    "$DIST/bin/kc.sh" start-dev --db postgres --db-url "jdbc:postgresql://127.0.0.1:5432/$DB" \
    --db-username postgres --db-password unused --http-port 8080 \
    --spi-kc-edu-bulk--default--directory="$WORK/crash-files" >> "$WORK/keycloak-crash.log" 2>&1 &
  KC_PID=$!
  for i in $(seq 1 180); do
    curl -sf $BASE/realms/master >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "Keycloak did not start; see $WORK/keycloak-crash.log"; exit 1
}
tok() { curl -sf -d grant_type=client_credentials -d client_id=bench -d client_secret=bench-secret \
  $BASE/realms/bench/protocol/openid-connect/token | jq -r .access_token; }
job() { curl -sf -H "Authorization: Bearer $(tok)" "$BASE/realms/bench/kc-edu/bulk/users/imports/$1"; }

start_kc
M=$(curl -sf -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
  $BASE/realms/master/protocol/openid-connect/token | jq -r .access_token)
adm() { curl -sf -H "Authorization: Bearer $M" -H 'Content-Type: application/json' "$@"; }
adm -X POST $BASE/admin/realms -d '{"realm":"bench","enabled":true,"accessTokenLifespan":3600}'
adm -X POST $BASE/admin/realms/bench/roles -d '{"name":"kc-edu-admin"}' || true # the directory may create it
adm -X POST $BASE/admin/realms/bench/clients -d '{"clientId":"bench","secret":"bench-secret","publicClient":false,"serviceAccountsEnabled":true,"standardFlowEnabled":false}'
CID=$(adm "$BASE/admin/realms/bench/clients?clientId=bench" | jq -r '.[0].id')
SA=$(adm "$BASE/admin/realms/bench/clients/$CID/service-account-user" | jq -r .id)
ROLE=$(adm "$BASE/admin/realms/bench/roles/kc-edu-admin")
adm -X POST "$BASE/admin/realms/bench/users/$SA/role-mappings/realm" -d "[$ROLE]"

CSV="$WORK/crash-$ROWS.csv"
{ printf 'username,email,first_name,last_name,enabled\r\n'
  seq 1 "$ROWS" | awk '{printf "crash-%07d,crash-%07d@school.example,First%d,Last%d,true\r\n",$1,$1,$1,$1}'; } > "$CSV"
ID=$(curl -sf -H "Authorization: Bearer $(tok)" -H 'Content-Type: text/csv' --data-binary @"$CSV" \
  "$BASE/realms/bench/kc-edu/bulk/users/imports" | jq -r .id)
echo "crash: job $ID submitted ($ROWS rows)"
while :; do
  READ=$(job "$ID" | jq -r .rowsRead)
  [ "$READ" -ge $((ROWS / 4)) ] && break
  sleep 0.2
done
echo "crash: rowsRead=$READ, killing Keycloak with SIGKILL"
JAVA_PID=$(pgrep -P "$KC_PID" java || echo "$KC_PID")
kill -9 "$JAVA_PID" "$KC_PID" 2>/dev/null || true; wait "$KC_PID" 2>/dev/null || true; KC_PID=
AFTER_KILL=$(psql -h 127.0.0.1 -U postgres -d "$DB" -tAc "select last_record from edu_bulk_job where id='$ID'")
USERS_AFTER_KILL=$(psql -h 127.0.0.1 -U postgres -d "$DB" -tAc "select count(*) from user_entity where username like 'crash-%'")
echo "crash: committed last_record=$AFTER_KILL, users in the database=$USERS_AFTER_KILL (must be equal)"
start_kc
while :; do
  J=$(job "$ID"); S=$(echo "$J" | jq -r .status)
  [ "$S" = COMPLETED ] || [ "$S" = FAILED ] && break
  sleep 1
done
echo "crash: after restart: $J"
USERS=$(psql -h 127.0.0.1 -U postgres -d "$DB" -tAc "select count(*) from user_entity where username like 'crash-%'")
DISTINCT=$(psql -h 127.0.0.1 -U postgres -d "$DB" -tAc "select count(distinct username) from user_entity where username like 'crash-%'")
echo "crash: users=$USERS distinct=$DISTINCT expected=$ROWS"
if [ "$S" = COMPLETED ] && [ "$USERS" = "$ROWS" ] && [ "$DISTINCT" = "$ROWS" ] && [ "$AFTER_KILL" = "$USERS_AFTER_KILL" ]; then
  echo "crash: PASS (resumed after record $AFTER_KILL; created in total: $(echo "$J" | jq .created))"
else
  echo "crash: FAIL"; exit 1
fi
