#!/usr/bin/env bash
# Runs the whole kc-edu test suite: unit tests plus integration tests against a real Keycloak
# (child process, no Docker), first on the embedded H2 database, then the persistence tests on
# PostgreSQL and MariaDB when those servers answer on 127.0.0.1.
# Extra arguments are passed to every Maven call, e.g. ./test.sh -Dit.test=InfoIT
set -euo pipefail
cd "$(dirname "$0")"
. bin/jdk.sh
echo "kc-edu: using JAVA_HOME=$JAVA_HOME"

MVN=(mvn -B -ntp)
"${MVN[@]}" verify "$@"

db_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

for db in postgres mariadb; do
  port=5432; [ "$db" = mariadb ] && port=3306
  if db_answers "$port"; then
    echo "kc-edu: persistence integration tests on $db"
    "${MVN[@]}" verify -pl providers -Ddb="$db" -Dit.groups=persistence -Dsurefire.skip=true "$@"
  elif [ "${CI:-}" = true ]; then
    echo "kc-edu: $db is not answering on 127.0.0.1:$port, but CI requires it" >&2
    exit 1
  else
    echo "kc-edu: SKIPPING $db tests: nothing answers on 127.0.0.1:$port"
  fi
done
echo "kc-edu: all test runs passed"
