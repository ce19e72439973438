#!/usr/bin/env bash
# The browser tests drive Debian's chromium through playwright-core (no browser download).
# Installs it with apt-get when it is missing; a no-op when /usr/bin/chromium is there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "lucheck tests: /usr/bin/chromium is missing; install it with: apt-get install chromium" >&2
    exit 1
  fi
else SUDO=; fi
echo "lucheck tests: installing chromium with apt-get (browser tests)" >&2
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 \
  || { $SUDO apt-get update -qq >/dev/null 2>&1 && $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; }
test -x /usr/bin/chromium
