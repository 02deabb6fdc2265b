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
# Stack traces from users must map back to the TypeScript sources.
node -e '
  const zip = require("node:fs").readFileSync(process.argv[1]);
  if (!zip.includes("extension/dist/extension.js.map")) {
    console.error("the .vsix lacks dist/extension.js.map");
    process.exit(1);
  }' ./*.vsix
