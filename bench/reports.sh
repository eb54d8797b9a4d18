#!/usr/bin/env bash
# Benchmark: user activity reports (issue 18) from kc-edu's login records vs. the same answer from Keycloak's stored
# events, and the login cost of the kc-edu-reports listener; one run, PostgreSQL.
#   bench/reports.sh [quick|full] [samples=50] [loginRounds=10]
#   quick: 2,000 schools, 200,000 users, 30 days x 50,000 logins/day;  full: 100,000 schools, 2,000,000 users,
#   30 days x 500,000 logins/day. REPORTS_DAYS / REPORTS_PER_DAY override the login volume of either mode.
# Starts its own Keycloak (the pinned dist, start-dev) on port 8180 / management 9100 with the kc-edu JAR on a fresh
# PostgreSQL database; the directory comes from bench/directory/*.sql (bench/DirectoryBench.java set-up), the logins
# from bench/reports/generate.sql (into EVENT_ENTITY and into kc-edu's tables); bench/ReportsBench.java measures the
# API, psql times bench/reports/stock.sql (the same report over EVENT_ENTITY). Does NOT take /tmp/kcedu-it.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
MODE=${1:-quick}
SAMPLES=${2:-50}
LOGIN_ROUNDS=${3:-10}
case "$MODE" in
  quick) SCHOOLS=2000; USERS=200000; PER_DAY=50000 ;;
  full) SCHOOLS=100000; USERS=2000000; PER_DAY=500000 ;;
  *) echo "usage: $0 [quick|full] [samples] [loginRounds]"; exit 2 ;;
esac
DAYS=${REPORTS_DAYS:-30}
PER_DAY=${REPORTS_PER_DAY:-$PER_DAY}
PORT=8180
MGMT_PORT=9100
KC_VERSION=$(sed -n 's:.*<keycloak.dist.version>\(.*\)</keycloak.dist.version>.*:\1:p' pom.xml)
WORK=${KCEDU_REPBENCH_DIR:-/tmp/kcedu-repbench}
# KCEDU_REPBENCH_KEEP_DB=1: keep the database at the end (EXPLAIN ANALYZE, or a later run);
# KCEDU_REPBENCH_REUSE_DB=<kept database>: measure again without set-up and load (the new JAR's changesets run at start).
DB=${KCEDU_REPBENCH_REUSE_DB:-"kcedu_repbench_$$"}
PSQL=(psql -h 127.0.0.1 -U postgres -X -q)
mkdir -p "$WORK"
if curl -s -o /dev/null "http://localhost:$PORT/"; then
  echo "port $PORT is in use: is another benchmark running?"; exit 1
fi
ZIP="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KC_VERSION/keycloak-quarkus-dist-$KC_VERSION.zip"
[ -f "$ZIP" ] || mvn -B -ntp -q dependency:get -Dtransitive=false -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip"
if [ -n "${KCEDU_REPBENCH_JAR:-}" ]; then
  JAR=$KCEDU_REPBENCH_JAR
else
  mvn -B -ntp -q package -pl providers -am -DskipTests -DskipITs
  JAR=$(ls providers/target/kc-edu-providers-*.jar | grep -v sources | head -1)
fi
DIST="$WORK/keycloak-$KC_VERSION"
[ -d "$DIST" ] || unzip -q "$ZIP" -d "$WORK"
rm -f "$DIST"/providers/kc-edu-*.jar
cp -p "$JAR" "$DIST/providers/" # same mtime: an unchanged JAR does not re-augment the dist
[ -n "${KCEDU_REPBENCH_REUSE_DB:-}" ] || "${PSQL[@]}" -c "CREATE DATABASE $DB"
[ -z "${KCEDU_REPBENCH_REUSE_DB:-}${KCEDU_REPBENCH_KEEP_DB:-}" ] || echo "bench: keeping database $DB; drop it when done"
KC_PID=
cleanup() {
  if [ -n "$KC_PID" ]; then kill "$KC_PID" 2>/dev/null && wait "$KC_PID" 2>/dev/null || true; fi
  [ -n "${KCEDU_REPBENCH_REUSE_DB:-}${KCEDU_REPBENCH_KEEP_DB:-}" ] || "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT

phase() { echo "bench: phase $1: $2 s"; }
T0=$(date +%s.%N)
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
  "$DIST/bin/kc.sh" start-dev --db postgres --db-url "jdbc:postgresql://127.0.0.1:5432/$DB" \
  --db-username postgres --db-password unused --http-port $PORT --http-management-port $MGMT_PORT \
  > "$WORK/keycloak.log" 2>&1 &
KC_PID=$!
# a loaded 2-core machine needs minutes for the first start (augmentation with the kc-edu JAR)
for i in $(seq 1 900); do
  curl -sf "http://localhost:$PORT/realms/master" >/dev/null 2>&1 && break
  kill -0 "$KC_PID" 2>/dev/null || { echo "Keycloak died; see $WORK/keycloak.log"; exit 1; }
  [ "$i" -lt 900 ] || { echo "Keycloak not ready after 900 s; see $WORK/keycloak.log"; exit 1; }
  sleep 1
done
phase "Keycloak start" "$(echo "$(date +%s.%N) - $T0" | bc)"
echo "bench: Keycloak $KC_VERSION on PostgreSQL $("${PSQL[@]}" -tAc 'show server_version') ($DB), $(basename "$JAR"), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- providers || echo ' (modified)')"
echo "bench: mode $MODE: $SCHOOLS schools, $USERS users, $DAYS days x $PER_DAY logins/day across 5 applications"

BASE="http://localhost:$PORT"
if [ -z "${KCEDU_REPBENCH_REUSE_DB:-}" ]; then
  # master tokens live 60 s by default; the set-up takes longer than that on a loaded machine
  MASTER=$(curl -sf -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
    "$BASE/realms/master/protocol/openid-connect/token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  curl -sf -X PUT -H "Authorization: Bearer $MASTER" -H 'Content-Type: application/json' \
    -d '{"accessTokenLifespan":7200}' "$BASE/admin/realms/master"
  T0=$(date +%s.%N)
  java bench/DirectoryBench.java setup "$BASE"
  phase "REST set-up" "$(echo "$(date +%s.%N) - $T0" | bc)"
  REALM_ID=$("${PSQL[@]}" -d "$DB" -tAc "SELECT id FROM realm WHERE name = 'bench'")
  T0=$(date +%s.%N)
  "${PSQL[@]}" -d "$DB" -v realm="$REALM_ID" -v schools=$SCHOOLS -v users=$USERS \
    -f bench/directory/names.sql -f bench/directory/generate.sql -tA
  "${PSQL[@]}" -d "$DB" -v realm="$REALM_ID" -v users=$USERS -v days=$DAYS -v per_day=$PER_DAY \
    -f bench/reports/generate.sql -tA
  phase "SQL load (total)" "$(echo "$(date +%s.%N) - $T0" | bc)"
  "${PSQL[@]}" -d "$DB" -tAc "SELECT 'bench: database size ' || pg_size_pretty(pg_database_size(current_database()))"

fi
REALM_ID=$("${PSQL[@]}" -d "$DB" -tAc "SELECT id FROM realm WHERE name = 'bench'")
echo "bench: load average $(cut -d' ' -f1-3 /proc/loadavg)"

java bench/ReportsBench.java measure "$BASE" "$SAMPLES" "$LOGIN_ROUNDS" | tee "$WORK/results-$MODE.txt"

# the same answers from Keycloak's stored events, timed by psql (server-side plus transfer of the rows)
STATE=$("${PSQL[@]}" -d "$DB" -tAc "SELECT id FROM edu_domain WHERE realm_id = '$REALM_ID' AND identifier = 'ST'")
DISTRICT=$("${PSQL[@]}" -d "$DB" -tAc "SELECT md5('bench-d-1')::uuid::text")
SINCE=$(( $(date +%s) * 1000 - 30 * 86400000 ))
stock() { # label domain depth app
  local times=() n=$(( SAMPLES < 10 ? SAMPLES : 10 ))
  for i in $(seq 0 "$n"); do
    t=$( { "${PSQL[@]}" -d "$DB" -v realm="$REALM_ID" -v domain="$2" -v depth="$3" -v since="$SINCE" -v app="$4" \
      -c '\timing on' -f bench/reports/stock.sql -o /dev/null; } 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)
    [ "$i" -eq 0 ] || times+=("$t") # the first run warms the cache
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$1" '{a[NR]=$1} END {p50=a[int((NR+1)/2)]; i95=int(0.95*NR+0.999); if (i95<1) i95=1; printf "%-58s %5d %9.1f %9.1f %9.1f\n", label, NR, p50, a[i95], a[NR]}'
}
{
  echo
  echo "== Same reports from Keycloak's EVENT_ENTITY (SQL, LOGIN events since 30 days; psql \\timing)"
  printf "%-58s %5s %9s %9s %9s\n" shape n "p50 ms" "p95 ms" "max ms"
  stock "stock: state ST by its 200 districts, all apps" "$STATE" 2 '%'
  stock "stock: state ST by its 200 districts, app-1" "$STATE" 2 'app-1'
  stock "stock: district D-001 by its schools" "$DISTRICT" 1 '%'
  echo "answer: $("${PSQL[@]}" -d "$DB" -v realm="$REALM_ID" -v domain="$STATE" -v depth=2 -v since="$SINCE" -v app='%' -tA -f bench/reports/stock.sql | awk -F'|' '{r+=$2; a+=$3; n++} END {print "sum over " n " districts: registered " r ", active " a}')"
} | tee -a "$WORK/results-$MODE.txt"
