#!/usr/bin/env bash
# Benchmark: overhead of kc-edu's audit trail on bulk import and on login (issue 7), on vs off in one run.
#   bench/audit-overhead.sh [rows=20000] [logins=400] [pairs=2]
# Bulk: `pairs` x (server with auditing on, server with auditing off), each a fresh PostgreSQL database and a first load
# of `rows` users. "On" = the syslog provider delivering to a real rsyslogd (outbox row written in the import's
# transaction, sent by the background sender); "off" = the log provider with its log category switched off.
# Pairs alternate their order (on/off, off/on, ...). Login: in the last pair's "on" server, password-grant logins alternating the realm's event listeners with and without
# kc-edu-audit in rounds. Own Keycloak on port 8480 (no lock: figures are ratios measured side by side).
# AUDIT_OFF_OPTS replaces the options of the "off" servers (e.g. to keep the log provider's output on).
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
ROWS=${1:-20000}
LOGINS=${2:-400}
PAIRS=${3:-2}
PORT=8480
SYSLOG_PORT=15814
KC_VERSION=$(sed -n 's:.*<keycloak.dist.version>\(.*\)</keycloak.dist.version>.*:\1:p' pom.xml)
WORK=${KCEDU_BENCH_DIR:-/tmp/kcedu-bench-audit}
mkdir -p "$WORK"

mvn -B -ntp -q package -pl providers -am -DskipTests -DskipITs
JAR=$(ls providers/target/kc-edu-providers-*.jar | grep -v sources | head -1)
ZIP="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KC_VERSION/keycloak-quarkus-dist-$KC_VERSION.zip"
[ -f "$ZIP" ] || mvn -B -ntp -q dependency:get -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip"
DIST="$WORK/keycloak-$KC_VERSION"
[ -d "$DIST" ] || unzip -q "$ZIP" -d "$WORK"
rm -f "$DIST"/providers/kc-edu-*.jar
cp "$JAR" "$DIST/providers/"

KC_PID=
RSYSLOG_PID=
DB=
stop_kc() { [ -n "$KC_PID" ] && { kill "$KC_PID" 2>/dev/null || true; wait "$KC_PID" 2>/dev/null || true; }; KC_PID=; }
drop_db() { [ -n "$DB" ] && psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true; DB=; }
cleanup() { stop_kc; drop_db; [ -n "$RSYSLOG_PID" ] && kill "$RSYSLOG_PID" 2>/dev/null || true; }
trap cleanup EXIT

# a real receiver for "on": rsyslogd writing every message to a file
mkdir -p "$WORK/rsyslog"
cat > "$WORK/rsyslog/rsyslog.conf" <<EOF
global(workDirectory="$WORK/rsyslog" maxMessageSize="64k")
module(load="imtcp")
input(type="imtcp" port="$SYSLOG_PORT" address="127.0.0.1")
*.* action(type="omfile" file="$WORK/rsyslog/received.log")
EOF
rm -f "$WORK/rsyslog/received.log"
/usr/sbin/rsyslogd -n -f "$WORK/rsyslog/rsyslog.conf" -i "$WORK/rsyslog/rsyslogd.pid" > "$WORK/rsyslog/out.log" 2>&1 &
RSYSLOG_PID=$!

start_kc() { # $1 = on|off
  DB="kcedu_audit_bench_$$_$RANDOM"
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB"
  local audit=(--spi-kc-edu-audit--syslog--host=127.0.0.1 --spi-kc-edu-audit--syslog--port=$SYSLOG_PORT
    --spi-kc-edu-audit--syslog--protocol=tcp)
  # shellcheck disable=SC2206
  [ "$1" = off ] && audit=(${AUDIT_OFF_OPTS:---spi-kc-edu-audit--provider=log --log-level=INFO,org.kcedu.audit:off})
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    "$DIST/bin/kc.sh" start-dev --db postgres --db-url "jdbc:postgresql://127.0.0.1:5432/$DB" \
    --db-username postgres --db-password unused --http-port $PORT --http-management-port $((PORT + 1000)) \
    --spi-kc-edu-bulk--default--directory="$WORK/bulk-files" "${audit[@]}" > "$WORK/keycloak-$1.log" 2>&1 &
  KC_PID=$!
  for i in $(seq 1 240); do
    curl -sf "http://localhost:$PORT/realms/master" >/dev/null 2>&1 && return 0
    kill -0 "$KC_PID" 2>/dev/null || { echo "Keycloak died; see $WORK/keycloak-$1.log"; exit 1; }
    sleep 1
  done
  echo "Keycloak did not start; see $WORK/keycloak-$1.log"; exit 1
}
drive() { java -cp bench bench/AuditOverheadBench.java "http://localhost:$PORT" admin admin "$WORK" "$@"; }

echo "bench: audit overhead, $ROWS rows x $PAIRS pairs, $LOGINS logins; Keycloak $KC_VERSION, $(basename "$JAR"), $(nproc) cores"
declare -A secs
for pair in $(seq 1 "$PAIRS"); do
  order="on off"; [ $((pair % 2)) = 0 ] && order="off on" # alternate, so neither side always runs second
  for mode in $order; do
    start_kc $mode
    s=$(drive bulk "$ROWS" | tee -a /dev/stderr | sed -n 's/^RESULT bulk first load [0-9]* rows: \([0-9.]*\) s.*/\1/p')
    secs[$mode]="${secs[$mode]:-} $s"
    if [ $mode = on ] && [ "$pair" = "$PAIRS" ]; then
      drive login "$LOGINS" 10
      sleep 3
      echo "bench: rsyslogd received $(wc -l < "$WORK/rsyslog/received.log") records in all"
    fi
    stop_kc; drop_db
  done
done
mean() { echo "$@" | tr ' ' '\n' | awk 'NF{s+=$1;n++} END{printf "%.2f", s/n}'; }
on=$(mean ${secs[on]}); off=$(mean ${secs[off]})
echo "RESULT bulk $ROWS rows, mean of $PAIRS: auditing on $on s, off $off s, ratio $(awk -v a="$on" -v b="$off" 'BEGIN{printf "%.3f (%+.1f %%)", a/b, (a/b-1)*100}')"
