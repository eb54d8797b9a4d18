# shellcheck shell=bash
# Sourced by run.sh, test.sh and .ci/run: exports JAVA_HOME pointing at a JDK >= 21
# (Keycloak 26 needs it; the machine's default java may be older).
kcedu_java_major() {
  # prints the major version of the java binary given as $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

kcedu_select_jdk() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(kcedu_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then return 0; fi
  fi
  # newest first
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$(kcedu_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "kc-edu: no JDK 21 or newer found (checked JAVA_HOME and /usr/lib/jvm/*). Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, or set JAVA_HOME." >&2
  return 1
}

kcedu_select_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
