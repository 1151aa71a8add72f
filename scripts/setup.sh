#!/bin/sh
# Installs everything prefork-interp needs on a fresh Debian machine: the
# reference peers (C client, Perl library, IO::FDPass) used by the tests and
# the demo, then the npm packages, the native addon and the TypeScript build.
set -e
cd "$(dirname "$0")/.."
need=""
for p in chiark-utils-bin chiark-scripts libio-fdpass-perl bsdutils graphviz chromium tmux; do
  dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "setup: installing Debian packages:$need" >&2
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q $need >&2
fi
# (the addon: built here, or after `npm pack` the prebuilt one)
if ! node -e "require('node-gyp-build').path('.')" 2>/dev/null || [ ! -f dist/cli/client.bundle.cjs ] || [ ! -x bin/prefork-interp ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci (native addon and TypeScript build)" >&2
  npm ci --no-audit --no-fund >&2
fi
