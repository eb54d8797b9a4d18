#!/usr/bin/env bash
# Runs the whole kc-edu test suite: unit tests plus integration tests against a real Keycloak
# (a child process, no Docker), first on Keycloak's embedded H2 database, then the tests tagged
# "persistence" again on PostgreSQL and on MariaDB, each in a fresh database created and dropped here.
# The integration tests include the admin console's real-browser tests (ConsoleBrowserIT: Chromium at
# /usr/bin/chromium, Node.js >= 20.19; screenshots under providers/target/screenshots/).
#
#   ./test.sh                          everything (what CI runs)
#   ./test.sh -Dit.test=FoundationIT   extra Maven arguments go to every Maven call
#   KCEDU_DBS=none ./test.sh ...       H2 only;  KCEDU_DBS=postgres ./test.sh   H2 + PostgreSQL only
set -euo pipefail
cd "$(dirname "$0")"
. bin/jdk.sh
echo "kc-edu: using JAVA_HOME=$JAVA_HOME ($("$JAVA_HOME/bin/java" -version 2>&1 | head -1))"
# The admin console is built with, and its browser tests (ConsoleBrowserIT) run on, the system Node.js.
sh console/check-node.sh || { echo "kc-edu: the test suite needs Node.js >= 20.19 (console build and browser tests)" >&2; exit 1; }
echo "kc-edu: using node $(node --version)"
# The browser tests' packages (playwright-core, axe-core), installed here from the lock file: the integration tests
# may run where the registry cannot be reached. Re-installed only when package-lock.json changed.
for e2e in console/e2e themes/e2e; do
  lock_sha=$(sha256sum "$e2e/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$e2e/node_modules/.kcedu-lock-sha256" 2>/dev/null)" != "$lock_sha" ]; then
    echo "kc-edu: npm ci in $e2e"
    (cd "$e2e" && npm ci --no-audit --no-fund)
    echo "$lock_sha" > "$e2e/node_modules/.kcedu-lock-sha256"
  fi
done

# The test framework always binds 8080/9000 and installs Keycloak under /tmp: one run at a time per machine.
exec 9>/tmp/kcedu-it.lock
if ! flock -n 9; then
  echo "kc-edu: another test run holds /tmp/kcedu-it.lock; waiting for it" >&2
  flock 9
fi

# A test Keycloak that cannot start fails every integration test with "did not start within timeout" and no reason:
# say up front what would stop it (a foreign process on its ports, a full disk).
for p in 8080 9000; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "kc-edu: port $p is in use before the tests start; the test Keycloak needs it:" >&2
    (command -v ss >/dev/null && ss -ltnp "sport = :$p") >&2 || true
    ls /tmp/kc-test-framework/keycloak/*/pid >/dev/null 2>&1 || { echo "kc-edu: not a test Keycloak of an earlier run; stop it first" >&2; exit 1; }
  fi
done
free_mb=$(df -Pm /tmp . | awk 'NR > 1 {print $4}' | sort -n | head -1)
echo "kc-edu: ${free_mb} MB free on /tmp and the checkout"
[ "$free_mb" -ge 2048 ] || { echo "kc-edu: less than 2 GB free; Keycloak and the test databases need more" >&2; exit 1; }

MVN=(mvn -B -ntp)
"${MVN[@]}" verify "$@"

dbs=${KCEDU_DBS:-postgres mariadb}
[ "$dbs" = none ] && dbs=""
run_id="kcedu_it_$$_$(date +%s)"

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cleanup() {
  if command -v psql >/dev/null; then psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $run_id" >/dev/null 2>&1 || true; fi
  if command -v mariadb >/dev/null; then
    mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $run_id; DROP USER IF EXISTS '$run_id'@'%'" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

for db in $dbs; do
  case "$db" in
    postgres)
      port=5432
      create() { psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $run_id"; }
      url="jdbc:postgresql://127.0.0.1:5432/$run_id"; user=postgres; password=unused-trust-auth ;;
    mariadb)
      port=3306
      create() { mariadb -h 127.0.0.1 -u root -e "CREATE DATABASE $run_id CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; CREATE USER '$run_id'@'%' IDENTIFIED BY '$run_id'; GRANT ALL ON $run_id.* TO '$run_id'@'%';"; }
      url="jdbc:mariadb://127.0.0.1:3306/$run_id"; user=$run_id; password=$run_id ;;
    *) echo "kc-edu: unknown database '$db' in KCEDU_DBS" >&2; exit 2 ;;
  esac
  if ! answers "$port"; then
    if [ "${CI:-}" = true ]; then echo "kc-edu: $db does not answer on 127.0.0.1:$port, and CI requires it" >&2; exit 1; fi
    echo "kc-edu: SKIPPING $db: nothing answers on 127.0.0.1:$port"; continue
  fi
  cleanup
  create
  echo "kc-edu: integration tests tagged 'persistence' on $db (database $run_id)"
  "${MVN[@]}" verify -pl providers -am -DskipUnitTests=true -Dit.groups=persistence \
    -Dkc.test.database=remote -Dkc.test.database.vendor="$db" -Dkc.test.database.url="$url" \
    -Dkc.test.database.user="$user" -Dkc.test.database.password="$password" "$@"
  cleanup
done
echo "kc-edu: all test runs passed"
