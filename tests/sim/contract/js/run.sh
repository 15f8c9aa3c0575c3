#!/bin/sh
# Runs the AWS SDK for JavaScript v3 contract tests against rds_sim: run.sh PATH/TO/rds_sim
# Exits non-zero when a test fails or the suite cannot run.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 PATH/TO/rds_sim (an executable)" >&2
  exit 2
fi
binary=$(realpath "$1")
if [ ! -d "$here/node_modules/@aws-sdk/client-rds" ]; then
  echo "error: $here/node_modules is missing: run npm ci in tests/sim/contract/js" >&2
  exit 2
fi
node=$(command -v node) || { echo "error: node is not installed" >&2; exit 2; }

# env -i: nothing from the caller (AWS_* variables, NODE_OPTIONS, proxies) reaches the SDK; rds_sim.mjs gives
# it a temporary HOME and the rest of what the tests need.
exec env -i PATH=/usr/bin:/bin RDS_SIM_BINARY="$binary" \
  "$node" --test --test-reporter=spec --test-timeout=20000 "$here"/*.test.mjs
