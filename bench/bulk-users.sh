#!/usr/bin/env bash
# Benchmark: kc-edu bulk import of users vs. stock Keycloak admin REST, in one run, same machine, PostgreSQL.
#   bench/bulk-users.sh [rows=100000] [stock-seconds=60]     (PARTIAL_IMPORT_USERS=2000: the stock partialImport sample)
# Starts its own Keycloak (the pinned dist from the local Maven repository, start-dev, port 8080) with the kc-edu JAR
# on a fresh PostgreSQL database, holding /tmp/kcedu-it.lock so no test run collides on the port; drops it all after.
. "$(dirname "$0")/lib.sh"
ROWS=${1:-100000}
STOCK_SECONDS=${2:-60}
bench_init "${KCEDU_BENCH_DIR:-/tmp/kcedu-bench}"
DB="kcedu_bench_$$"

bench_build_jar
bench_dist
bench_lock "bench: waiting for /tmp/kcedu-it.lock (port 8080)"
bench_install_jar # only under the lock: another bench may be running this dist
bench_create_db "$DB"
ANALYZER=
SAMPLER=
cleanup() {
  [ -n "$ANALYZER" ] && kill "$ANALYZER" 2>/dev/null || true
  [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
  bench_stop
  bench_drop_db "$DB"
}
trap cleanup EXIT

bench_start "$DB" 8080 "$WORK/keycloak.log" --spi-kc-edu-bulk--default--directory="$WORK/bulk-files"
echo "bench: Keycloak $KC_VERSION up on PostgreSQL ($DB), kc-edu $(basename "$JAR")"
# This machine's PostgreSQL runs with autovacuum off: without ANALYZE the planner keeps seq-scan plans chosen while
# user_entity was empty. Emulate the default autovacuum's auto-analyze (and say so) so figures match a normal server.
AUTOVACUUM=$(psql -h 127.0.0.1 -U postgres -tAc "show autovacuum")
echo "bench: PostgreSQL autovacuum=$AUTOVACUUM"
if [ "$AUTOVACUUM" = off ]; then
  echo "bench: emulating auto-analyze: ANALYZE every 15 s during the run"
  ( while sleep 15; do psql -h 127.0.0.1 -U postgres -d "$DB" -qc "ANALYZE user_entity; ANALYZE user_role_mapping;
      ANALYZE edu_role_assignment; ANALYZE edu_audit_outbox; ANALYZE edu_bulk_job" >/dev/null 2>&1 || break; done ) &
  ANALYZER=$!
fi
# SAMPLE_PG=1: every 0.5 s, record the statements PostgreSQL is running for this database (a poor man's profiler of
# the database side); the most frequent ones are printed at the end.
if [ "${SAMPLE_PG:-0}" = 1 ]; then
  ( while sleep 0.5; do psql -h 127.0.0.1 -U postgres -d "$DB" -tAc "select left(regexp_replace(query, '\s+', ' ', 'g'), 160)
      from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()" \
      >> "$WORK/pg-activity.txt" 2>/dev/null || break; done ) &
  SAMPLER=$!
fi
java -DpartialImportUsers="${PARTIAL_IMPORT_USERS:-2000}" bench/BulkUsersBench.java http://localhost:8080 admin admin "$ROWS" "$WORK" "$STOCK_SECONDS" | tee "$WORK/results.txt"
if [ -n "$SAMPLER" ]; then
  kill "$SAMPLER" 2>/dev/null || true
  echo "bench: most frequent active PostgreSQL statements (0.5 s samples):"; sort "$WORK/pg-activity.txt" | uniq -c | sort -rn | head -15
fi
echo "bench: Keycloak JVM heap at the end:"; jcmd "$(pgrep -P "$KC_PID" java || echo "$KC_PID")" GC.heap_info 2>/dev/null | head -3 || true

# CLI smoke test against the same server: one good row, one bad row -> exit code 1 and an error report next to the input
if [ -f bulk-import/target/kc-edu-bulk-import.jar ] || mvn -B -ntp -q package -pl bulk-import -am -DskipTests; then
  printf 'username,email\r\ncli-good,cli-good@school.example\r\ncli-bad,not-an-email\r\n' > "$WORK/cli-smoke.csv"
  set +e
  java -jar bulk-import/target/kc-edu-bulk-import.jar --url http://localhost:8080 --realm bench --client-id bench \
    --client-secret bench-secret --poll-ms 200 "$WORK/cli-smoke.csv"
  rc=$?
  set -e
  echo "bench: CLI exit code $rc (expected 1); error report:"; cat "$WORK/cli-smoke.errors.csv" || true
fi
