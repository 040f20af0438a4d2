#!/usr/bin/env bash
# Runs Kubernetes Observability with its demo cluster, from a fresh clone.
# With a Docker engine: the whole stack (Grafana 12 with the plugin, Prometheus, Loki, Tempo, the
# demo cluster and the Hubble gateway) with docker compose; Grafana on http://localhost:3000.
# Without one: builds the plugin into dist/ and runs the demo cluster, Prometheus and the Hubble
# gateway on this machine (npm run demo) for a Grafana you run yourself.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

npm_ci .
npm_ci demo-cluster
npm_ci hubble-gateway
echo "==> npm run build (plugin into dist/)"
npm run -s build >/dev/null

if docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  exec docker compose up --build
fi
echo "No Docker engine: running the demo on this machine instead (see README, 'Without Docker')."
ensure_apt prometheus
exec bash scripts/demo.sh
