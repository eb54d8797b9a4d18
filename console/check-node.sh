#!/bin/sh
# Called by the Maven build before npm: the console needs node >= 20.19 (Vite 7).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "kc-edu console: node and npm are required (Node.js >= 20.19). Install them, or build with -Dkcedu.console.skip=true (the console is then left out)." >&2
  exit 1
fi
v=$(node -p 'process.versions.node')
major=${v%%.*}; rest=${v#*.}; minor=${rest%%.*}
if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
  echo "kc-edu console: Node.js $v is too old; Vite 7 needs >= 20.19 (or 22.12+). Upgrade node, or build with -Dkcedu.console.skip=true." >&2
  exit 1
fi
