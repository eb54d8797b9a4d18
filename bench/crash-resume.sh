#!/usr/bin/env bash
# Crash test: kill -9 Keycloak in the middle of a kc-edu bulk import, start it again, and check that the job resumes
# by itself after its last committed batch and ends with every row imported exactly once.
#   bench/crash-resume.sh [rows=30000]
# Runs its own Keycloak (start-dev, port 8080, holding /tmp/kcedu-it.lock) on a fresh PostgreSQL database.
. "$(dirname "$0")/lib.sh"
ROWS=${1:-30000}
bench_init "${KCEDU_BENCH_DIR:-/tmp/kcedu-bench}"
DB="kcedu_crash_$$"
BASE=http://localhost:8080
bench_build_jar
bench_dist

bench_lock "crash: waiting for /tmp/kcedu-it.lock"
bench_install_jar # only under the lock: a bench may be running
bench_create_db "$DB"
cleanup() { bench_stop; bench_drop_db "$DB"; }
trap cleanup EXIT
start_kc() { bench_start --append "$DB" 8080 "$WORK/keycloak-crash.log" --spi-kc-edu-bulk--default--directory="$WORK/crash-files"; }
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
