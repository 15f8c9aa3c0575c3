#!/usr/bin/env bash
# Starts rds_sim with the demo fleet, adds a few instances in a second region, points rds_exporter at it (endpoint
# override and the demo principal's keys) watching both regions, waits for the first collection of each, prints where
# to look and a few lines of real /metrics, and stops both on Ctrl-C.
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
sim_url="http://127.0.0.1:${sim_port}"
for _ in $(seq 1 100); do
  if curl -sf "$sim_url/_sim/fleet" >/dev/null; then break; fi
  sleep 0.1
done

# A second region: sim/fleets/demo.yaml lives in ap-northeast-2 (tests count its instances, so it stays as it is);
# these join it in us-east-1 through rds_sim's admin API before the exporter starts, so that region is served
# from its first call. Two match the default filter env=prd, the third is skipped by it.
second_region=us-east-1
for instance in \
  '{"id": "checkout-db-use1", "engine": "postgres", "class": "db.r6g.large", "multi_az": true,
    "tags": {"env": "prd", "team": "payments", "service": "checkout"}}' \
  '{"id": "search-db-use1", "engine": "mysql", "class": "db.m6g.large",
    "tags": {"env": "prd", "team": "search", "service": "search-api"}}' \
  '{"id": "search-db-use1-stg", "engine": "mysql", "class": "db.t4g.medium",
    "tags": {"env": "stg", "team": "search", "service": "search-api"}}'; do
  curl -sf -X POST -H 'Content-Type: application/json' --data "${instance%\}}, \"region\": \"$second_region\"}" \
    "$sim_url/_sim/fleet/instances" >/dev/null ||
    { echo "demo: rds_sim refused an instance of $second_region" >&2; exit 1; }
done

# The demo principal of sim/fleets/demo.yaml: test values, allowed exactly the README's IAM policy.
env AWS_ACCESS_KEY_ID=AKIARDSSIMEXPORTER01 AWS_SECRET_ACCESS_KEY=rdssimExporterSecretKey0000000000000001 \
  AWS_EC2_METADATA_DISABLED=true \
  APP_AWS_REGION=ap-northeast-2 APP_AWS_REGIONS="ap-northeast-2,$second_region" APP_AWS_ENDPOINT_URL="$sim_url" \
  APP_EXPORTER_PORT="$exporter_port" APP_EXPORTER_TAG_LABELS=team,service APP_LOG_LEVEL=info \
  "$build_dir/rds_exporter" --config-dir config &
pids+=($!)

metrics_url="http://localhost:${exporter_port}/metrics"
# Until both scopes have had their first collection (rds_exporter_scope_up 1) and their series are on the page.
for _ in $(seq 1 100); do
  page=$(curl -sf "$metrics_url" || true)
  if [[ $(grep -c '^rds_exporter_scope_up{.*} 1$' <<<"$page") == 2 ]] &&
     grep -q "^rds_cpuutilization{.*region=\"$second_region\"" <<<"$page" &&
     grep -q '^rds_cpuutilization{.*region="ap-northeast-2"' <<<"$page" &&
     grep -q '^rds_max_connections{' <<<"$page" &&
     grep -q '^rds_os_cpu_utilization_ratio{' <<<"$page"; then break; fi
  sleep 0.3
done

cat <<MSG

  rds_exporter  http://localhost:${exporter_port}/          (/metrics, /health)
  rds_sim       ${sim_url}/_sim/fleet   (the demo fleet: 20 instances, 5 clusters in ap-northeast-2;
                                                 3 instances in ${second_region})

  A few lines of ${metrics_url}:
MSG
page=$(curl -sf "$metrics_url")
# awk rather than grep | head: no SIGPIPE and no failing grep to stop the script under pipefail. One fleet line per
# family and region; the self-metrics of each scope (account and region).
awk '/^(rds_instance_info|rds_cpuutilization|rds_volumebytesused|rds_max_connections|rds_certificate_expiry_timestamp_seconds|rds_os_cpu_utilization_ratio|rds_os_memory_free_bytes)\{/ { family = substr($0, 1, index($0, "{"));
       region = match($0, /region="[^"]*"/) ? substr($0, RSTART, RLENGTH) : "";
       if (shown[family region]++ < 1) print "    " $0 }
     /^rds_exporter_(scopes|scope_up|instances_discovered|cloudwatch_queries|cloudwatch_last_cycle_get_metric_data_calls|enhanced_monitoring_last_cycle_filter_log_events_calls)[{ ]/ {
       print "    " $0 }' \
  <<<"$page"
cat <<MSG

  Ask the simulator as any AWS client would, e.g.:
    AWS_ACCESS_KEY_ID=AKIARDSSIMEXPORTER01 AWS_SECRET_ACCESS_KEY=rdssimExporterSecretKey0000000000000001 \\
      aws rds describe-db-instances --endpoint-url ${sim_url} --region ${second_region}

  Ctrl-C stops both.
MSG
wait -n
