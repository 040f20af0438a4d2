#!/usr/bin/env bash
# `npm run demo`: the demo cluster (metrics, Hubble Relay), a Prometheus fed by it (Debian's
# prometheus binary, 1 h of backfilled history) and the Hubble gateway, all on 127.0.0.1, for a
# Grafana you run yourself. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${HUBBLE_METRICS:-docs}

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

(cd demo-cluster && exec npx tsx scripts/with-prometheus.ts --hubble-metrics "$mode" --hours 1 --port 9090 --demo-port 9400) &
pids+=($!)

echo "waiting for the demo Hubble Relay on 127.0.0.1:4245 ..."
for _ in $(seq 1 180); do
  if (exec 3<>/dev/tcp/127.0.0.1/4245) 2>/dev/null; then
    break
  fi
  sleep 1
done

(cd hubble-gateway && exec npx tsx src/main.ts --relay-address 127.0.0.1:4245 --listen 127.0.0.1:8090) &
pids+=($!)

cat <<EOT

Demo running (Hubble metrics: $mode):
  Prometheus       http://127.0.0.1:9090   (data source URL for your Grafana)
  Hubble gateway   http://127.0.0.1:8090   (the app's "Gateway URL"; try /api/v1/flows?limit=5)
  Demo targets     http://127.0.0.1:9400
To see it in your Grafana: copy dist/ to <plugins dir>/seed-kubeobs-app, allow the unsigned plugin
(GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS=seed-kubeobs-app), restart Grafana, add the Prometheus
data source above and set the gateway URL in the app's configuration page.
Ctrl-C stops everything.
EOT
wait -n "${pids[@]}"
