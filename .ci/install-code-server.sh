#!/usr/bin/env bash
# Installs code-server (a real VS Code in the browser) and the browser driver into
# .ci/cache/ (git-ignored), for the VS Code end-to-end suite. Idempotent: a finished install is
# kept. Needs Node 20 (code-server 4.100.x requires it exactly), build tools for its native
# modules, Debian's ripgrep and chromium.
set -euo pipefail
cd "$(dirname "$0")"
CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.52.0
cache="$PWD/cache"
mkdir -p "$cache"

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != "20" ]; then
  echo "code-server $CODE_SERVER_VERSION needs Node 20, found $(node --version)" >&2
  exit 1
fi

if [ ! -x "$cache/code-server/node_modules/.bin/code-server" ] || [ ! -f "$cache/code-server/.done-$CODE_SERVER_VERSION" ]; then
  echo "== code-server $CODE_SERVER_VERSION (npm, native modules built against /usr/include/node)"
  rm -rf "$cache/code-server"
  mkdir -p "$cache/code-server" "$cache/tmp"
  # @vscode/ripgrep downloads rg in its postinstall; seed its download cache with Debian's rg.
  rg_cache="$cache/tmp/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$rg_cache" "$cache/tmp/rg"
  cp "$(command -v rg)" "$cache/tmp/rg/rg"
  tar -czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$cache/tmp/rg" rg
  (
    cd "$cache/code-server"
    echo '{"name": "asl-lsp-ci-code-server", "private": true}' > package.json
    TMPDIR="$cache/tmp" npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
  )
  touch "$cache/code-server/.done-$CODE_SERVER_VERSION"
fi

if [ ! -f "$cache/driver/.done-$PLAYWRIGHT_VERSION" ]; then
  echo "== playwright-core $PLAYWRIGHT_VERSION (drives the system chromium; no browser download)"
  rm -rf "$cache/driver"
  mkdir -p "$cache/driver"
  (
    cd "$cache/driver"
    echo '{"name": "asl-lsp-ci-driver", "private": true}' > package.json
    npm install --no-audit --no-fund --loglevel=error "playwright-core@$PLAYWRIGHT_VERSION"
  )
  touch "$cache/driver/.done-$PLAYWRIGHT_VERSION"
fi
echo "code-server: $cache/code-server/node_modules/.bin/code-server"
