#!/bin/sh
# Runs @kubernetes/client-node's contract tests against the Lease API stand-in: run.sh (no arguments).
# Exits non-zero when a test fails or the suite cannot run.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/node_modules/@kubernetes/client-node" ]; then
  echo "error: $here/node_modules is missing: run npm ci in tests/kubernetes/contract/js (make js-deps)" >&2
  exit 2
fi
node=$(command -v node) || { echo "error: node is not installed" >&2; exit 2; }

# env -i: nothing from the caller (KUBECONFIG, NODE_OPTIONS, proxies) reaches the client; the tests load the
# stand-in's own kubeconfig file.
exec env -i PATH=/usr/bin:/bin HOME=/nonexistent \
  "$node" --test --test-reporter=spec --test-timeout=20000 "$here"/*.test.mjs
