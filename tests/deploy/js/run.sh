#!/bin/sh
# Tests of deploy/kubernetes and the Dockerfile: run.sh manifests PATH/TO/kubectl
#                                               run.sh config PATH/TO/kubectl PATH/TO/rds_exporter
# manifests: kustomize renders every overlay and deploy/kubernetes/monitoring, every object validates against its
# schema, the objects and the image agree. config: each overlay's pod configuration under rds_exporter
# --check-config. Exits non-zero when a test fails or the suite cannot run.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
usage() {
  echo "usage: $0 manifests KUBECTL | $0 config KUBECTL RDS_EXPORTER (executables)" >&2
  exit 2
}
[ $# -ge 2 ] && [ -x "$2" ] || usage
suite=$1
kubectl=$(realpath "$2")
binary=
case "$suite" in
  manifests) [ $# -eq 2 ] || usage; tests="manifests.test.mjs image.test.mjs" ;;
  config) [ $# -eq 3 ] && [ -x "$3" ] || usage; binary=$(realpath "$3"); tests="config.test.mjs" ;;
  *) usage ;;
esac
if [ ! -d "$here/node_modules/kubernetes-models" ]; then
  echo "error: $here/node_modules is missing: run make js-deps (npm ci in tests/deploy/js)" >&2
  exit 2
fi
node=$(command -v node) || { echo "error: node is not installed" >&2; exit 2; }

# The manifests use kustomize's labels, replicas and patches fields, which kubectl has since its kustomize v5
# (kubectl 1.27); Debian 12's kubernetes-client (1.20, kustomize v2) cannot render them.
kustomize=$(env -i PATH=/usr/bin:/bin HOME=/nonexistent "$kubectl" version --client 2>/dev/null | sed -n 's/^Kustomize Version: v//p')
case "$kustomize" in
  [5-9].*|[1-9][0-9].*) ;;
  *) echo "error: $kubectl has kustomize '${kustomize:-none}'; these manifests need v5 or later (kubectl 1.27+)" >&2; exit 2 ;;
esac

# env -i: nothing from the caller (KUBECONFIG, APP_* or AWS_* variables, NODE_OPTIONS) reaches kubectl, node or
# the exporter; HOME is a folder that does not exist, so no user's ~/.kube or ~/.aws is read.
cd "$here"
exec env -i PATH=/usr/bin:/bin HOME=/nonexistent REPO_ROOT="$repo" KUBECTL="$kubectl" RDS_EXPORTER_BINARY="$binary" \
  "$node" --test --test-reporter=spec --test-timeout=120000 $tests
