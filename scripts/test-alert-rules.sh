#!/usr/bin/env bash
# Proves the Prometheus alert rules: generated files are up to date, `promtool check rules` passes
# on every rule file and `promtool test rules` passes on every test file (promtool 2.42 from
# Debian's `prometheus` package; install with `apt-get install -y prometheus` when missing).
# Exits non-zero on the first kind of failure it finds; prints "N passed, N failed" at the end.
set -uo pipefail
cd "$(dirname "$0")/.."

PROMTOOL="${PROMTOOL:-$(command -v promtool || true)}"
if [[ -z "$PROMTOOL" ]]; then
  echo "promtool not found: apt-get install -y prometheus (or set PROMTOOL)" >&2
  exit 2
fi

passed=0
failed=0
run() {
  local what="$1"
  shift
  if out="$("$@" 2>&1)"; then
    passed=$((passed + 1))
    echo "ok   $what"
  else
    failed=$((failed + 1))
    echo "FAIL $what"
    echo "$out" | sed 's/^/     /'
  fi
}

run "generated alerting files are up to date" npx --no-install tsx scripts/generate-alert-rules.ts --check

shopt -s nullglob
rule_files=(alerting/prometheus/*.rules.yaml)
test_files=(alerting/prometheus/tests/*.test.yaml)
if [[ ${#rule_files[@]} -eq 0 || ${#test_files[@]} -eq 0 ]]; then
  echo "no rule or test files under alerting/prometheus" >&2
  exit 1
fi
for f in "${rule_files[@]}"; do
  run "promtool check rules $f" "$PROMTOOL" check rules "$f"
done
for f in "${test_files[@]}"; do
  # promtool resolves rule_files relative to the test file
  run "promtool test rules $f" bash -c 'cd "$(dirname "$1")" && "$0" test rules "$(basename "$1")"' "$PROMTOOL" "$f"
done

echo "alert rules: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
