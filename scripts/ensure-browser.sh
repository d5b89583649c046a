#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (login pages, ESL console) when it is missing.
# playwright-core drives it; no browser is downloaded by any npm package.
set -uo pipefail
[ -x /usr/bin/chromium ] && exit 0
[ "$(id -u)" = 0 ] || { echo "sapien: Chromium is missing and installing it needs root (apt-get install chromium)" >&2; exit 1; }
echo "sapien: installing Chromium from Debian packages for the browser tests" >&2
DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
