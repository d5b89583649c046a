#!/usr/bin/env bash
# Runs a command with Node 24 and the project's dependencies in place, so `npm start` and
# `npm test` work on a fresh clone, even where the machine's Node is older.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-node.sh
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "sapien: installing dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi
exec "$@"
