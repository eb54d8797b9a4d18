#!/usr/bin/env bash
# Benchmark: overhead of kc-edu's audit trail on bulk import and on login (issue 7), on vs off in one run.
#   bench/audit-overhead.sh [rows=20000] [logins=400] [pairs=2]
# Bulk: `pairs` x (server with auditing on, server with auditing off), each a fresh PostgreSQL database and a first load
# of `rows` users. "On" = the syslog provider delivering to a real rsyslogd (outbox row written in the import's
# transaction, sent by the background sender); "off" = the log provider with its log category switched off.
# Pairs alternate their order (on/off, off/on, ...). Login: in the last pair's "on" server, password-grant logins alternating the realm's event listeners with and without
# kc-edu-audit in rounds. Own Keycloak on port 8480 (no lock: figures are ratios measured side by side).
# AUDIT_OFF_OPTS replaces the options of the "off" servers (e.g. to keep the log provider's output on).
. "$(dirname "$0")/lib.sh"
ROWS=${1:-20000}
LOGINS=${2:-400}
PAIRS=${3:-2}
PORT=8480
SYSLOG_PORT=15814
bench_init "${KCEDU_BENCH_DIR:-/tmp/kcedu-bench-audit}"

bench_build_jar
bench_dist
bench_install_jar

RSYSLOG_PID=
DB=
drop_db() { [ -n "$DB" ] && bench_drop_db "$DB"; DB=; }
cleanup() { bench_stop; drop_db; [ -n "$RSYSLOG_PID" ] && kill "$RSYSLOG_PID" 2>/dev/null || true; }
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
  bench_create_db "$DB"
  local audit=(--spi-kc-edu-audit--syslog--host=127.0.0.1 --spi-kc-edu-audit--syslog--port=$SYSLOG_PORT
    --spi-kc-edu-audit--syslog--protocol=tcp)
  # shellcheck disable=SC2206
  [ "$1" = off ] && audit=(${AUDIT_OFF_OPTS:---spi-kc-edu-audit--provider=log --log-level=INFO,org.kcedu.audit:off})
  bench_start "$DB" $PORT "$WORK/keycloak-$1.log" --http-management-port $((PORT + 1000)) \
    --spi-kc-edu-bulk--default--directory="$WORK/bulk-files" "${audit[@]}"
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
    bench_stop; drop_db
  done
done
mean() { echo "$@" | tr ' ' '\n' | awk 'NF{s+=$1;n++} END{printf "%.2f", s/n}'; }
on=$(mean ${secs[on]}); off=$(mean ${secs[off]})
echo "RESULT bulk $ROWS rows, mean of $PAIRS: auditing on $on s, off $off s, ratio $(awk -v a="$on" -v b="$off" 'BEGIN{printf "%.3f (%+.1f %%)", a/b, (a/b-1)*100}')"
