#!/usr/bin/env bash
# The distributed-search tests (test/distributed) start their own Debian redis-server on a free
# loopback port. Installs it with apt-get when it is missing; a no-op when redis-server is there.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "lucheck tests: redis-server is missing; install it with: apt-get install redis-server" >&2
    exit 1
  fi
else SUDO=; fi
echo "lucheck tests: installing redis-server with apt-get (distributed search tests)" >&2
$SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null 2>&1 \
  || { $SUDO apt-get update -qq >/dev/null 2>&1 && $SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null 2>&1; }
command -v redis-server >/dev/null 2>&1
