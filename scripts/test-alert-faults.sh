#!/usr/bin/env bash
# Demo-cluster proof of the alert templates: starts a real Prometheus (Debian's 2.42) fed by the
# demo cluster with 2 h of history, then checks that each scripted fault makes its template's
# expression return the faulty series (scripts/check-alert-faults.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f demo-cluster/scripts/with-prometheus.ts ]]; then
  echo "demo-cluster/scripts/with-prometheus.ts is missing: the demo cluster is not ready yet" >&2
  exit 1
fi
exec npx tsx demo-cluster/scripts/with-prometheus.ts --hubble-metrics "${1:-rich}" --hours 2 --port 0 --demo-port 0 --relay-port off --quiet -- \
  env HISTORY_HOURS=2 npx tsx scripts/check-alert-faults.ts
