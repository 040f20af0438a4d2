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

# npm install in a package folder, quietly; `npm ci` is not used because the registry mirror here
# lacks some optional platform builds the lockfile names (see ../shared/reference/toolchain-notes.md).
npm_install() {
  echo "==> npm install in ${1:-.}"
  (cd "${1:-.}" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
}
