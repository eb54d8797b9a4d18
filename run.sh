#!/usr/bin/env bash
# Runs kc-edu: Keycloak (downloaded from Maven Central through Maven) with the kc-edu bundle and the demo realm
# "edu", on an embedded database (dev-file, kept under target/run/), at http://localhost:8080.
#
#   ./run.sh            build the bundle if needed, install it, start Keycloak (Ctrl-C stops it)
#   ./run.sh --reset    forget the embedded database first (demo realm re-imported)
#
# Environment: KCEDU_HTTP_PORT (default 8080), KC_BOOTSTRAP_ADMIN_USERNAME / _PASSWORD (default admin/admin),
# KCEDU_SMTP_HOST / KCEDU_SMTP_PORT / KCEDU_SMTP_FROM and KCEDU_DEMO_PORTAL_SECRET (placeholders of the realm file).
# Needs Node.js >= 20.19 (the admin console is built into the bundle). The demo realm comes with demo directory data
# (a state, districts, schools, roles, subjects, assignments), loaded once at its import.
set -euo pipefail
cd "$(dirname "$0")"
. bin/jdk.sh

kc_version=$(sed -n 's:.*<keycloak.dist.version>\(.*\)</keycloak.dist.version>.*:\1:p' pom.xml)
run_dir=target/run
kc_home="$run_dir/keycloak-$kc_version"
port=${KCEDU_HTTP_PORT:-8080}

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "kc-edu: port $port is already in use (another ./run.sh, or the test suite?). Stop it or set KCEDU_HTTP_PORT." >&2
  exit 1
fi

# The bundle contains the admin console, built with the system Node.js.
sh console/check-node.sh || { echo "kc-edu: ./run.sh needs Node.js >= 20.19 to build the admin console" >&2; exit 1; }

echo "kc-edu: building the bundle (JAVA_HOME=$JAVA_HOME)"
mvn -B -ntp -q package -DskipTests -pl providers -am

if [ ! -x "$kc_home/bin/kc.sh" ]; then
  echo "kc-edu: fetching Keycloak $kc_version (org.keycloak:keycloak-quarkus-dist, from Maven Central)"
  mkdir -p "$run_dir"
  mvn -B -ntp -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$kc_version:zip" \
    -DoutputDirectory="$run_dir" -Dmdep.overWriteIfNewer=true
  rm -rf "$kc_home.partial" && mkdir -p "$kc_home.partial"
  unzip -q "$run_dir/keycloak-quarkus-dist-$kc_version.zip" -d "$kc_home.partial"
  mv "$kc_home.partial/keycloak-$kc_version" "$kc_home" && rm -rf "$kc_home.partial"
fi

if [ "${1:-}" = "--reset" ]; then
  echo "kc-edu: --reset: deleting the embedded database"
  rm -rf "$kc_home/data/h2"
fi

# Install the one bundle JAR (providers + themes + bundled libraries) and the demo realm for --import-realm.
# The JAR is replaced only when its content changed: Keycloak refuses an optimized start when a provider's
# timestamp moved since "kc.sh build", and an unchanged bundle must not cost a re-augmentation.
bundle=$(ls providers/target/kc-edu-providers-*.jar | head -1)
installed="$kc_home/providers/kc-edu-providers.jar"
if ! cmp -s "$bundle" "$installed"; then
  cp "$bundle" "$installed.new" && mv "$installed.new" "$installed"
fi
mkdir -p "$kc_home/data/import"
cp realm-config/src/main/resources/kc-edu/realm/edu-realm.json "$kc_home/data/import/edu-realm.json"

# Re-augment ("kc.sh build", ~20-60 s) only when the bundle or the build options changed.
build_opts=(--db=dev-file --health-enabled=true --metrics-enabled=true)
stamp="$(sha256sum "$installed" | cut -d' ' -f1) ${build_opts[*]}"
if [ "$(cat "$kc_home/.kcedu-build" 2>/dev/null)" != "$stamp" ]; then
  echo "kc-edu: augmenting Keycloak for this bundle (kc.sh build)"
  "$kc_home/bin/kc.sh" build "${build_opts[@]}"
  echo "$stamp" > "$kc_home/.kcedu-build"
else
  echo "kc-edu: bundle unchanged, reusing the augmented Keycloak"
fi

export KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}
export KC_BOOTSTRAP_ADMIN_PASSWORD=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}
cat <<BANNER

  kc-edu is starting on http://localhost:$port
    admin console:   http://localhost:$port/admin   (user $KC_BOOTSTRAP_ADMIN_USERNAME, password $KC_BOOTSTRAP_ADMIN_PASSWORD; created on first start)
    demo realm:      http://localhost:$port/realms/edu/.well-known/openid-configuration
    account console: http://localhost:$port/realms/edu/account  (e.g. teacher@kc-edu.example / kc-edu-demo-2026)
    kc-edu console:  http://localhost:$port/realms/edu/kc-edu/console/   (e.g. district.admin@kc-edu.example / kc-edu-demo-2026)
    kc-edu API:      http://localhost:$port/realms/edu/kc-edu/info
  Ctrl-C stops Keycloak.

BANNER
# Quarkus's HTTP body limit (10 MiB by default) aligned with kc-edu's bulk upload limit (200 MiB) plus 1 MiB for
# multipart framing, so that kc-edu answers oversized uploads with its own JSON 413 (docs/bulk.md#configuration).
export QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE=${QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE:-201M}
exec "$kc_home/bin/kc.sh" start --optimized --import-realm \
  --http-enabled=true --http-port="$port" --hostname-strict=false \
  --log-level=INFO,org.kcedu:DEBUG
