#!/usr/bin/env bash
# Builds, tests and packages the VS Code extension from a clean checkout.
# The end-to-end test drives the real Python server: set ASL_LSP_SERVER to its command, or have
# <repo>/.venv with asl-lsp installed. With CI=true a missing server fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== npm ci"
npm ci --no-audit --no-fund
echo "== typecheck"
npm run typecheck
echo "== bundle"
npm run bundle
echo "== unit + e2e tests"
npm test
echo "== package"
rm -f ./*.vsix
npm run package
ls -l ./*.vsix
