#!/usr/bin/env bash
# Live test: starts a real Prometheus (Debian's 2.42) fed by the demo cluster with the given Hubble
# metrics configuration (docs | rich), then runs the page scenes' queries against it (jest, src/test/live).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-docs}
exec npx tsx demo-cluster/scripts/with-prometheus.ts --hubble-metrics "$mode" --hours 1 --port 0 --demo-port 0 --relay-port off --quiet -- \
  npx jest --ci --maxWorkers 1 src/test/live
