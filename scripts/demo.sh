#!/usr/bin/env bash
# Starts rds_sim with the demo fleet and rds_exporter pointed at it (endpoint override and the demo principal's
# keys), waits for the first collection, prints where to look and a few lines of real /metrics, and stops both
# on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
sim_port=${SIM_PORT:-9044}
exporter_port=${EXPORTER_PORT:-9043}

for binary in rds_sim rds_exporter; do
  [[ -x "$build_dir/$binary" ]] || { echo "demo: $build_dir/$binary is missing; run make demo" >&2; exit 1; }
done

pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait; }
trap stop_all EXIT INT TERM

"$build_dir/rds_sim" --fleet sim/fleets/demo.yaml --port "$sim_port" >/dev/null &
pids+=($!)

# The demo principal of sim/fleets/demo.yaml: test values, allowed exactly the README's IAM policy.
env AWS_ACCESS_KEY_ID=AKIARDSSIMEXPORTER01 AWS_SECRET_ACCESS_KEY=rdssimExporterSecretKey0000000000000001 \
  AWS_EC2_METADATA_DISABLED=true \
  APP_AWS_REGION=ap-northeast-2 APP_AWS_ENDPOINT_URL="http://127.0.0.1:${sim_port}" \
  APP_EXPORTER_PORT="$exporter_port" APP_EXPORTER_TAG_LABELS=team,service APP_LOG_LEVEL=info \
  "$build_dir/rds_exporter" --config-dir config &
pids+=($!)

metrics_url="http://localhost:${exporter_port}/metrics"
for _ in $(seq 1 100); do
  if curl -sf "$metrics_url" | grep -q '^rds_cpuutilization{'; then break; fi
  sleep 0.3
done

cat <<MSG

  rds_exporter  http://localhost:${exporter_port}/          (/metrics, /health)
  rds_sim       http://127.0.0.1:${sim_port}/_sim/fleet   (the demo fleet: 20 instances, 5 clusters)

  A few lines of ${metrics_url}:
MSG
page=$(curl -sf "$metrics_url")
# awk rather than grep | head: no SIGPIPE and no failing grep to stop the script under pipefail.
awk '/^(rds_instance_info|rds_cpuutilization|rds_volumebytesused)\{/ { family = substr($0, 1, index($0, "{"));
       if (shown[family]++ < 2) print "    " $0 }
     /^rds_exporter_(instances_discovered|cloudwatch_queries|cloudwatch_get_metric_data_calls) / { print "    " $0 }' \
  <<<"$page"
cat <<MSG

  Ask the simulator as any AWS client would, e.g.:
    AWS_ACCESS_KEY_ID=AKIARDSSIMEXPORTER01 AWS_SECRET_ACCESS_KEY=rdssimExporterSecretKey0000000000000001 \\
      aws rds describe-db-instances --endpoint-url http://127.0.0.1:${sim_port} --region ap-northeast-2

  Ctrl-C stops both.
MSG
wait -n
