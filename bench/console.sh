#!/usr/bin/env bash
# Benchmark (issue 13): JavaScript + CSS bytes and time from the login submit to network idle of kc-edu's admin
# console against Keycloak's own admin console, both on one server in one Chromium run.
#   bench/console.sh [samples=5]
# Starts the pinned Keycloak (start-dev, like the anchor figures of ../shared/design/performance-anchors.md) with the
# kc-edu JAR and the demo realm on a fresh PostgreSQL database, on port 8280 / management 9200 (so it can run beside
# the test suite), then runs bench/console/measure.mjs with console/e2e's playwright-core and Debian's Chromium.
. "$(dirname "$0")/lib.sh"
SAMPLES=${1:-5}
PORT=8280
DB="kcedu_consolebench_$$"
bench_init "${KCEDU_CONSOLEBENCH_DIR:-/tmp/kcedu-consolebench}"
bench_build_jar "${KCEDU_CONSOLEBENCH_JAR:-}"
bench_dist
bench_install_jar
mkdir -p "$DIST/data/import"
cp realm-config/src/main/resources/kc-edu/realm/edu-realm.json "$DIST/data/import/edu-realm.json"
if [ ! -d console/e2e/node_modules/playwright-core ]; then (cd console/e2e && npm ci --no-audit --no-fund); fi
trap 'bench_stop; bench_drop_db "$DB"' EXIT
bench_create_db "$DB"
bench_start "$DB" "$PORT" "$WORK/keycloak.log" --http-management-port 9200 --import-realm
node bench/console/measure.mjs "http://localhost:$PORT" "$SAMPLES"
