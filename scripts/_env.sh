# Shared by the scripts: find Python 3.11+, make .venv, install the locked requirements.
# Sourced, not run. Everything it does is idempotent, so every script can call it, in any order.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  echo "Serve Python 3.11 o successivo: installalo e riprova." >&2
  return 1
}

# ensure_venv LOCK: create .venv and install requirements/LOCK.txt (base or test) with its
# hashes, again whenever that lock file changed. Each lock has its own stamp holding the
# lock's hash, so `bake` then `test`, `test` then `bake`, or either alone all end installed.
# The project itself is not installed: every command runs from this folder (manage.py,
# pytest's rootdir), so there is no build step and no setuptools needed to install.
ensure_venv() {
  local lock="requirements/${1:-base}.txt"
  local stamp=".venv/.installed-${1:-base}"
  if [ ! -x .venv/bin/python ]; then
    echo "→ Creo l'ambiente virtuale .venv"
    "$(find_python)" -m venv .venv
  fi
  local want
  want="$(sha256sum "$lock" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "→ Installo le dipendenze da $lock"
    .venv/bin/python -m pip install --quiet --require-hashes -r "$lock"
    echo "$want" > "$stamp"
  fi
  export PATH="$ROOT/.venv/bin:$PATH"
}

# ensure_debian COMMAND PACKAGE: install Debian's PACKAGE (apt-get, as root or with sudo)
# when COMMAND is not on the PATH; what the tests drive for real comes from the system.
ensure_debian() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "→ Installo $2 (apt-get), serve ai test"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null
}

# load_env: create the SECRET_KEY in var/ once, unless one is exported or set in .env, so that
# nothing secret is committed. The settings read .env and var/secret_key themselves (every
# process, cron and systemd included, sees the same settings); this only creates the key.
load_env() {
  .venv/bin/python -m cms.environment
}
