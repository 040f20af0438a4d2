#!/usr/bin/env bash
# `npm run demo`: the demo cluster (metrics, Hubble Relay), a Prometheus fed by it (Debian's
# prometheus binary, backfilled history) and the Hubble gateway, all on 127.0.0.1, for a Grafana
# you run yourself. Ctrl-C, SIGTERM or SIGHUP stops everything it started.
#
# Ports (fixed so a Grafana can be pointed at them; checked before anything starts):
# DEMO_PROMETHEUS_PORT (9090), DEMO_METRICS_PORT (9400), DEMO_RELAY_PORT (4245), DEMO_GATEWAY_PORT
# (8090). DEMO_HISTORY_HOURS (1): hours of history; HUBBLE_METRICS: docs (default) or rich.
#
# Each service runs as its own process group (not through npx/npm exec, which do not pass signals
# on), and a signal to this script stops the groups. The banner is printed only once Prometheus,
# the Relay and the gateway answer.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
mode=${HUBBLE_METRICS:-docs}
hours=${DEMO_HISTORY_HOURS:-1}
prom=${DEMO_PORT[prometheus]}
metrics=${DEMO_PORT[metrics]}
relay=${DEMO_PORT[relay]}
gateway=${DEMO_PORT[gateway]}

check_demo_ports || exit 1
stop_groups_on_signals
run_as_group . bash -c 'source scripts/lib.sh && npm_ci demo-cluster && npm_ci hubble-gateway' || exit 1

# Stops everything and exits 1 with a message: for a service that died or never became ready.
fail() {
  echo "demo: $1" >&2
  stop_groups
  exit 1
}

# Waits (up to $2 s) until "$3 ..." succeeds; fails if a service exits or the parent is gone first.
wait_until() {
  local what=$1 seconds=$2 pg
  shift 2
  for _ in $(seq 1 $((seconds * 2))); do
    if "$@"; then
      return 0
    fi
    for pg in "${STARTED_GROUPS[@]}"; do
      kill -0 "$pg" 2>/dev/null || fail "a service exited before $what (its output is above)"
    done
    if parent_gone; then
      stop_groups
      exit 129
    fi
    sleep 0.5
  done
  fail "timed out waiting for $what"
}

# True once Prometheus answers and has scraped every target the demo cluster lists, each up.
every_target_up() {
  node -e '
    const get = (url) => fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.json());
    Promise.all([get(process.argv[1]), get(process.argv[2])])
      .then(([targets, up]) => {
        const ok = up.data.result.filter((s) => s.value[1] === "1").length;
        process.exit(targets.length > 0 && ok === targets.length ? 0 : 1);
      })
      .catch(() => process.exit(1))' "http://127.0.0.1:$metrics/targets.json" "http://127.0.0.1:$prom/api/v1/query?query=up"
}

echo "==> demo cluster, its Hubble Relay and Prometheus (${hours} h of history; Hubble metrics: $mode)"
# with-prometheus prints its own URL summary on stdout; the banner below replaces it.
start_group demo-cluster node --import tsx scripts/with-prometheus.ts --hubble-metrics "$mode" --hours "$hours" \
  --port "$prom" --demo-port "$metrics" --relay-port "$relay" >/dev/null
wait_until "the demo Hubble Relay on 127.0.0.1:$relay" $((120 + hours * 240)) tcp_open "$relay"

echo "==> Hubble gateway"
start_group hubble-gateway node --import tsx src/main.ts --relay-address "127.0.0.1:$relay" \
  --listen "127.0.0.1:$gateway" --log-level warn
wait_until "Prometheus to scrape every demo target" $((120 + hours * 240)) every_target_up
wait_until "the Hubble gateway's follow stream from Relay" 60 http_ok "http://127.0.0.1:$gateway/readyz"

cat <<EOT

Demo running on 127.0.0.1 (Hubble metrics: $mode):
  Prometheus       http://127.0.0.1:$prom   the data source URL for your Grafana
  Hubble gateway   http://127.0.0.1:$gateway   the app's Gateway URL (try /api/v1/flows?limit=5)
  Hubble Relay     127.0.0.1:$relay        gRPC observer.Observer, followed by the gateway
  Demo cluster     http://127.0.0.1:$metrics   the scrape targets (index at /)
To see it in your Grafana: copy dist/ to <plugins dir>/seed-kubeobs-app, allow the unsigned plugin
(GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS=seed-kubeobs-app), restart Grafana, add the Prometheus
data source above and set the Gateway URL on the app's configuration page.
Ctrl-C stops everything.
EOT

# Runs until a signal (the traps stop everything), a service exits, or the parent goes away.
while :; do
  for pg in "${STARTED_GROUPS[@]}"; do
    kill -0 "$pg" 2>/dev/null || fail "a service exited (its output is above); stopping the others"
  done
  if parent_gone; then
    stop_groups
    exit 129
  fi
  sleep 1
done
