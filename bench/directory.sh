#!/usr/bin/env bash
# Benchmark: kc-edu directory and delegated administration (issues #4, #5) vs. stock Keycloak, one run, PostgreSQL.
#   bench/directory.sh [quick|full] [samples=100]
#   quick: 2,000 schools, 200,000 users (250,000 assignments); full: 100,000 schools, 2,000,000 users (2.5M)
#   KCEDU_DIRBENCH_CONSOLE=1|only [KCEDU_DIRBENCH_CONSOLE_SAMPLES=20]: browser timings of the admin consoles (below)
# Starts its own Keycloak (the pinned dist, start-dev) on port 8180 / management 9100 with the kc-edu JAR on a fresh
# PostgreSQL database, sets up the realm through the REST APIs, loads the generated state with SQL
# (bench/directory/*.sql), then measures with bench/DirectoryBench.java. It does NOT take /tmp/kcedu-it.lock: test
# runs may use port 8080 meanwhile, so compare kc-edu with stock side by side rather than trusting absolute times.
. "$(dirname "$0")/lib.sh"
MODE=${1:-quick}
SAMPLES=${2:-100}
case "$MODE" in
  quick) SCHOOLS=2000; USERS=200000 ;;
  full) SCHOOLS=100000; USERS=2000000 ;;
  *) echo "usage: $0 [quick|full] [samples]"; exit 2 ;;
esac
PORT=8180
MGMT_PORT=9100
bench_init "${KCEDU_DIRBENCH_DIR:-/tmp/kcedu-dirbench}"
# KCEDU_DIRBENCH_REUSE_DB=<database kept by KCEDU_DIRBENCH_KEEP_DB>: measure again (e.g. after a provider change)
# without set-up and load; the new kc-edu JAR's changesets run on it at start.
DB=${KCEDU_DIRBENCH_REUSE_DB:-"kcedu_dirbench_$$"}
PSQL=("${BENCH_PSQL[@]}")
if curl -s -o /dev/null "http://localhost:$PORT/"; then
  echo "port $PORT is in use: is another directory benchmark running?"; exit 1
fi

# KCEDU_DIRBENCH_JAR=<file>: a JAR built beforehand (so a test run may rebuild providers/target meanwhile)
bench_build_jar "${KCEDU_DIRBENCH_JAR:-}"
# a private copy of the dist: bench/bulk-users.sh and the tests use their own
bench_dist
bench_install_jar
[ -n "${KCEDU_DIRBENCH_REUSE_DB:-}" ] || bench_create_db "$DB"
cleanup() {
  bench_stop
  [ -z "$DB" ] || bench_drop_db "$DB"
}
trap cleanup EXIT

phase() { echo "bench: phase $1: $2 s"; }
T0=$(date +%s.%N)
bench_start "$DB" $PORT "$WORK/keycloak.log" --http-management-port $MGMT_PORT
phase "Keycloak start" "$(echo "$(date +%s.%N) - $T0" | bc)"
echo "bench: Keycloak $KC_VERSION on PostgreSQL $("${PSQL[@]}" -tAc 'show server_version') ($DB), $(basename "$JAR"), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- providers || echo ' (modified)')${KCEDU_DIRBENCH_JAR:+ (prebuilt JAR)}"
echo "bench: mode $MODE: $SCHOOLS schools, $USERS users; PostgreSQL autovacuum=$("${PSQL[@]}" -tAc 'show autovacuum')"

BASE="http://localhost:$PORT"
if [ -z "${KCEDU_DIRBENCH_REUSE_DB:-}" ]; then
  T0=$(date +%s.%N)
  java bench/DirectoryBench.java setup "$BASE"
  phase "REST set-up" "$(echo "$(date +%s.%N) - $T0" | bc)"
  REALM_ID=$("${PSQL[@]}" -d "$DB" -tAc "SELECT id FROM realm WHERE name = 'bench'")
  T0=$(date +%s.%N)
  "${PSQL[@]}" -d "$DB" -v realm="$REALM_ID" -v schools=$SCHOOLS -v users=$USERS \
    -f bench/directory/names.sql -f bench/directory/generate.sql -tA
  phase "SQL load (total)" "$(echo "$(date +%s.%N) - $T0" | bc)"
  "${PSQL[@]}" -d "$DB" -tAc "SELECT 'bench: database size ' || pg_size_pretty(pg_database_size(current_database()))"
fi

# kept even when a measurement below fails, so that it can be run again on the loaded data
if [ -n "${KCEDU_DIRBENCH_KEEP_DB:-}" ]; then
  echo "bench: KCEDU_DIRBENCH_KEEP_DB set: keeping database $DB (KCEDU_DIRBENCH_REUSE_DB=$DB, EXPLAIN ANALYZE); drop it when done"
  KEPT=$DB; DB=
fi
# probes the driver needs: an e-mail of a user in district 1 (user i is there when (i-1) mod 200 = 0), a district, a school, an in-scope user
DBNAME=${KEPT:-$DB}
EMAIL=$("${PSQL[@]}" -d "$DBNAME" -tAc "SELECT email FROM user_entity WHERE id = md5('bench-u-' || ($USERS / 2 + 1))::uuid::text")
DISTRICT=$("${PSQL[@]}" -d "$DBNAME" -tAc "SELECT md5('bench-d-1')::uuid::text")
SCHOOL=$("${PSQL[@]}" -d "$DBNAME" -tAc "SELECT md5('bench-s-1')::uuid::text")
OUTSIDE_SCHOOL=$("${PSQL[@]}" -d "$DBNAME" -tAc "SELECT md5('bench-s-2')::uuid::text")
IN_SCOPE_USER=$("${PSQL[@]}" -d "$DBNAME" -tAc "SELECT md5('bench-u-1')::uuid::text")
# KCEDU_DIRBENCH_CONSOLE=1: then the console phase (bench/console/directory.mjs: kc-edu's admin console and Keycloak's
# own in one Chromium, on this server and data); =only: the console phase alone (e.g. on a kept database)
if [ "${KCEDU_DIRBENCH_CONSOLE:-}" != only ]; then
  java bench/DirectoryBench.java measure "$BASE" "$SAMPLES" "$USERS" "$EMAIL" "$DISTRICT" "$SCHOOL" "$OUTSIDE_SCHOOL" \
    "$IN_SCOPE_USER" | tee "$WORK/results-$MODE.txt"
fi
if [ -n "${KCEDU_DIRBENCH_CONSOLE:-}" ]; then
  if [ ! -d console/e2e/node_modules/playwright-core ]; then (cd console/e2e && npm ci --no-audit --no-fund); fi
  echo "bench: load average before the console phase: $(cut -d' ' -f1-3 /proc/loadavg)"
  node bench/console/directory.mjs "$BASE" "${KCEDU_DIRBENCH_CONSOLE_SAMPLES:-20}" "$EMAIL" $((SCHOOLS / 200)) \
    | tee "$WORK/results-console-$MODE.txt"
  echo "bench: load average after the console phase: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

