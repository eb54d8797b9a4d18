# shellcheck shell=bash
# Shared by the bench scripts: build the bundle, unpack the pinned Keycloak distribution, start it with the bundle on
# a PostgreSQL database, wait until it answers, stop it. Source it from a script in bench/:
#   . "$(dirname "$0")/lib.sh"      (changes to the repository root and selects the JDK)
#   bench_init "$WORK"              KC_VERSION, ZIP, DIST; creates $WORK
#   bench_build_jar [prebuilt-jar]  JAR (builds providers unless a prebuilt JAR is given)
#   bench_dist                      the distribution unpacked under $WORK (fetched into ~/.m2 if missing)
#   bench_lock "message"            holds /tmp/kcedu-it.lock (port 8080, shared with test runs) until the script ends
#   bench_install_jar               the bundle into $DIST/providers (replacing an older kc-edu JAR)
#   bench_create_db NAME / bench_drop_db NAME
#   bench_start [--append] DB PORT LOG [kc.sh options...]   KC_PID; returns when /realms/master answers
#   bench_stop [kill options, e.g. -9]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. bin/jdk.sh

BENCH_PSQL=(psql -h 127.0.0.1 -U postgres -X -q)
BENCH_START_WAIT=${BENCH_START_WAIT:-240} # seconds
KC_PID=

bench_init() {
  WORK=$1
  KC_VERSION=$(sed -n 's:.*<keycloak.dist.version>\(.*\)</keycloak.dist.version>.*:\1:p' pom.xml)
  ZIP="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KC_VERSION/keycloak-quarkus-dist-$KC_VERSION.zip"
  DIST="$WORK/keycloak-$KC_VERSION"
  mkdir -p "$WORK"
}

bench_build_jar() {
  if [ -n "${1:-}" ]; then
    JAR=$1
  else
    mvn -B -ntp -q package -pl providers -am -DskipTests -DskipITs
    JAR=$(ls providers/target/kc-edu-providers-*.jar | grep -v sources | head -1)
  fi
}

bench_dist() {
  [ -f "$ZIP" ] || mvn -B -ntp -q dependency:get -Dtransitive=false -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip"
  [ -d "$DIST" ] || unzip -q "$ZIP" -d "$WORK"
}

bench_lock() {
  exec 9>/tmp/kcedu-it.lock
  echo "$1"
  flock 9
}

bench_install_jar() {
  # one fixed name: a prebuilt JAR may be called anything (d1fee18.jar), and two kc-edu JARs side by side stop
  # Keycloak ("Found 2 files with the path META-INF/kc-edu/...")
  rm -f "$DIST"/providers/*.jar
  cp "$JAR" "$DIST/providers/kc-edu-providers.jar"
}

bench_create_db() { "${BENCH_PSQL[@]}" -c "CREATE DATABASE $1"; }
bench_drop_db() { "${BENCH_PSQL[@]}" -c "DROP DATABASE IF EXISTS $1" >/dev/null 2>&1 || true; }

bench_start() {
  local append=
  if [ "$1" = --append ]; then append=1; shift; fi
  local db=$1 port=$2 log=$3
  shift 3
  [ -n "$append" ] || : > "$log"
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    "$DIST/bin/kc.sh" start-dev --db postgres --db-url "jdbc:postgresql://127.0.0.1:5432/$db" \
    --db-username postgres --db-password unused --http-port "$port" "$@" >> "$log" 2>&1 &
  KC_PID=$!
  local i
  for i in $(seq 1 "$BENCH_START_WAIT"); do
    curl -sf "http://localhost:$port/realms/master" >/dev/null 2>&1 && return 0
    kill -0 "$KC_PID" 2>/dev/null || { echo "Keycloak died; see $log"; exit 1; }
    sleep 1
  done
  echo "Keycloak did not start within $BENCH_START_WAIT s; see $log"
  exit 1
}

bench_stop() {
  if [ -n "$KC_PID" ]; then
    kill "$@" "$KC_PID" 2>/dev/null || true
    wait "$KC_PID" 2>/dev/null || true
  fi
  KC_PID=
}
