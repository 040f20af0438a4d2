# Shared helpers for scripts/run.sh and scripts/test.sh.

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
# at the end of every install, so a copy newer than package-lock.json and package.json is current.
npm_ci() {
  local dir=${1:-.}
  local installed="$dir/node_modules/.package-lock.json"
  if [ "$installed" -nt "$dir/package-lock.json" ] && [ "$installed" -nt "$dir/package.json" ]; then
    return 0
  fi
  echo "==> npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}
