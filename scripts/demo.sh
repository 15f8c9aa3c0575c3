#!/usr/bin/env bash
# Starts rds_sim with the demo fleet and rds_exporter beside it, prints where to look, and stops both on
# Ctrl-C. Until the exporter collects from AWS (issues #5 and #6) the two run side by side: the simulator
# answers any AWS client, the exporter serves its own metrics.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
sim_port=${SIM_PORT:-9044}

for binary in rds_sim rds_exporter; do
  [[ -x "$build_dir/$binary" ]] || { echo "demo: $build_dir/$binary is missing; run make build first" >&2; exit 1; }
done

pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait; }
trap stop_all EXIT INT TERM

"$build_dir/rds_sim" --fleet sim/fleets/demo.yaml --port "$sim_port" &
pids+=($!)
"$build_dir/rds_exporter" --config-dir config &
pids+=($!)
sleep 1

cat <<MSG

  rds_exporter  http://localhost:9043/          (/metrics, /health)
  rds_sim       http://127.0.0.1:${sim_port}/_sim/fleet   (the demo fleet: 20 instances, 5 clusters)

  Ask the simulator as any AWS client would, e.g.:
    AWS_ACCESS_KEY_ID=AKIARDSSIMEXPORTER01 AWS_SECRET_ACCESS_KEY=rdssimExporterSecretKey0000000000000001 \\
      aws rds describe-db-instances --endpoint-url http://127.0.0.1:${sim_port} --region ap-northeast-2

  Ctrl-C stops both.
MSG
wait -n
