#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs (Debian's prometheus for promtool
# and the live tests, npm dependencies of the plugin, the demo cluster and the Hubble gateway), then
# runs every check. The Docker-based end-to-end suite (tests/*.spec.ts, `npm run e2e`) is not part of it;
# the browser tests of the built plugin in the browser host (tests/browser/, Debian's chromium) are.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_apt prometheus chromium || exit 1
npm_ci . || exit 1
npm_ci demo-cluster || exit 1
npm_ci hubble-gateway || exit 1

passed=0
failed=0
failures=()
step() {
  local name=$1
  shift
  echo
  echo "==> $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$name")
  fi
}

step "plugin: typecheck" npm run -s typecheck
step "lint: eslint and prettier (plugin, demo cluster, gateway)" npm run -s lint
step "plugin: unit tests (jest)" npx jest --ci --maxWorkers 2
step "plugin: production build" npm run -s build
step "plugin: npm run package (one folder, checksums, no source maps, tests or fixtures)" node --import tsx --test scripts/package.node.test.ts
step "demo: run.sh and npm run demo stop everything on SIGINT, SIGTERM, SIGHUP" node --import tsx --test scripts/demo.node.test.ts
step "demo cluster: typecheck" bash -c 'cd demo-cluster && npm run -s typecheck'
step "demo cluster: tests" bash -c 'cd demo-cluster && npm test'
step "hubble gateway: typecheck" bash -c 'cd hubble-gateway && npm run -s typecheck'
step "hubble gateway: tests" bash -c 'cd hubble-gateway && npm test'
step "alert rules: promtool check and test" npm run -s test:alerts
step "alert rules: the demo's scripted faults fire their templates" bash scripts/test-alert-faults.sh
step "live: pages against Prometheus (Hubble metrics as in Cilium's docs)" bash scripts/live-test.sh docs
step "live: pages against Prometheus (rich Hubble metrics)" bash scripts/live-test.sh rich
step "browser: the built plugin in Chromium, every page clicked through (tests/browser)" npm run -s test:browser

echo
for f in "${failures[@]}"; do
  echo "FAILED: $f"
done
echo "steps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
