# Shared helpers for scripts/run.sh, scripts/demo.sh and scripts/test.sh.

# Installs Debian packages that are missing (needs root, as on CI and the dev machines).
ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> apt-get install ${missing[*]}"
    if [ "$(id -u)" != 0 ]; then
      echo "Installing ${missing[*]} needs root: run 'sudo apt-get install -y ${missing[*]}' and try again." >&2
      return 1
    fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Installs a package folder's dependencies with `npm ci`: exactly the committed lockfile, which it
# never rewrites. Skipped when node_modules already matches: npm writes node_modules/.package-lock.json
# at the end of every install, so a copy newer than package-lock.json is current (a dependency
# change in package.json without its lockfile makes npm ci fail, saying so).
npm_ci() {
  local dir=${1:-.}
  if [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    return 0
  fi
  echo "==> npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}

# --- The local demo's ports (fixed by design: a Grafana is pointed at them; override for tests) ---

DEMO_PORT_NAMES=(prometheus metrics relay gateway)
declare -A DEMO_PORT=(
  [prometheus]=${DEMO_PROMETHEUS_PORT:-9090}
  [metrics]=${DEMO_METRICS_PORT:-9400}
  [relay]=${DEMO_RELAY_PORT:-4245}
  [gateway]=${DEMO_GATEWAY_PORT:-8090}
)
declare -A DEMO_PORT_WHAT=(
  [prometheus]="Prometheus (DEMO_PROMETHEUS_PORT)"
  [metrics]="the demo cluster's metrics (DEMO_METRICS_PORT)"
  [relay]="the demo Hubble Relay (DEMO_RELAY_PORT)"
  [gateway]="the Hubble gateway (DEMO_GATEWAY_PORT)"
)

# Prints what listens on TCP port $1 ("prometheus, pid 1234"), or nothing when the port is free.
port_holder() {
  local line
  if command -v ss >/dev/null; then
    line=$(ss -Hltnp "sport = :$1" 2>/dev/null | head -n 1)
    if [ -z "$line" ]; then
      return 0
    fi
    if [[ $line =~ users:\(\(\"([^\"]+)\",pid=([0-9]+) ]]; then
      echo "${BASH_REMATCH[1]}, pid ${BASH_REMATCH[2]}"
    else
      echo "a process of another user"
    fi
  elif (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    echo "a process ss (iproute2) would name"
  fi
}

# Fails, naming each port in use and what holds it, unless all the demo's ports are free.
check_demo_ports() {
  local name holder busy=0
  for name in "${DEMO_PORT_NAMES[@]}"; do
    holder=$(port_holder "${DEMO_PORT[$name]}")
    if [ -n "$holder" ]; then
      echo "Port ${DEMO_PORT[$name]}, for ${DEMO_PORT_WHAT[$name]}, is in use by $holder." >&2
      busy=1
    fi
  done
  if [ "$busy" = 1 ]; then
    echo "Stop what holds it (an earlier demo: Ctrl-C in its terminal), or choose another port with the variable named." >&2
    return 1
  fi
}

# --- Process groups: every child in its own session, so one signal reaches it and all it started ---

STARTED_GROUPS=()

# Starts a command in folder $1 as the leader of a new session and process group (its pid is the
# group id), stdin from /dev/null. The subshell is not a group leader, so setsid does not fork.
start_group() {
  local dir=$1
  shift
  (cd "$dir" && exec setsid "$@" </dev/null) &
  STARTED_GROUPS+=("$!")
}

# Runs a command in folder $1 as its own process group and waits for it (the traps of
# stop_groups_on_signals stop it too); returns its exit code.
run_as_group() {
  local pid rc pg kept=()
  start_group "$@"
  pid=$!
  wait "$pid"
  rc=$?
  for pg in "${STARTED_GROUPS[@]}"; do
    [ "$pg" = "$pid" ] || kept+=("$pg")
  done
  STARTED_GROUPS=("${kept[@]}")
  return "$rc"
}

# SIGTERM to every started group, up to 10 s for them to exit cleanly, then SIGKILL to what is left.
stop_groups() {
  local pg alive
  for pg in "${STARTED_GROUPS[@]}"; do
    kill -TERM -- "-$pg" 2>/dev/null
  done
  for _ in $(seq 1 100); do
    alive=0
    for pg in "${STARTED_GROUPS[@]}"; do
      kill -0 -- "-$pg" 2>/dev/null && alive=1
    done
    if [ "$alive" = 0 ]; then
      return 0
    fi
    sleep 0.1
  done
  for pg in "${STARTED_GROUPS[@]}"; do
    kill -KILL -- "-$pg" 2>/dev/null
  done
}

# On SIGINT, SIGTERM or SIGHUP: stop every started group and exit 128 + the signal's number.
stop_groups_on_signals() {
  trap 'stop_groups; exit 130' INT
  trap 'stop_groups; exit 143' TERM
  trap 'stop_groups; exit 129' HUP
}

# True once the process that started this script has gone (this script was re-parented), as when
# `npm run demo` is killed with SIGHUP: npm then exits without passing the signal on.
STARTING_PARENT=$PPID
parent_gone() {
  local stat
  read -r -a stat <"/proc/$$/stat"
  [ "${stat[3]}" != "$STARTING_PARENT" ]
}

# True when GET $1 answers 2xx within 2 s (Node's fetch: no curl needed).
http_ok() {
  node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
tcp_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
