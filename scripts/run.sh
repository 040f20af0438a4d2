#!/usr/bin/env bash
# Runs Kubernetes Observability with its demo cluster, from a fresh clone.
# With a Docker engine: the whole stack (Grafana 12 with the plugin, Prometheus, Loki, Tempo, the
# demo cluster and the Hubble gateway) with docker compose; Grafana on http://localhost:3000.
# Without one, or with --local: builds the plugin into dist/ and runs the demo cluster, Prometheus
# and the Hubble gateway on this machine (scripts/demo.sh, as `npm run demo`) for a Grafana you run
# yourself. Its ports are checked first; Ctrl-C, SIGTERM or SIGHUP stops everything it started.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

local_demo=0
if [ "${1:-}" = "--local" ]; then
  local_demo=1
elif [ $# -gt 0 ]; then
  echo "Usage: bash scripts/run.sh [--local]   (--local: the demo on this machine even with Docker)" >&2
  exit 2
fi
if [ "$local_demo" = 0 ] && ! { docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; }; then
  echo "No Docker engine: running the demo on this machine instead (see README, 'Without Docker')."
  local_demo=1
fi
if [ "$local_demo" = 1 ]; then
  check_demo_ports || exit 1
fi

# Installs and the build run as a process group of their own, so a signal stops them too.
stop_groups_on_signals
run_as_group . bash -c '
  source scripts/lib.sh
  npm_ci . && npm_ci demo-cluster && npm_ci hubble-gateway || exit 1
  echo "==> npm run build (plugin into dist/)"
  out=$(npm run -s build 2>&1) || { echo "$out" >&2; exit 1; }
  if [ "$1" = 1 ]; then
    ensure_apt prometheus
  fi' run-setup "$local_demo" || exit 1
trap - INT TERM HUP

if [ "$local_demo" = 0 ]; then
  exec docker compose up --build
fi
exec bash scripts/demo.sh
