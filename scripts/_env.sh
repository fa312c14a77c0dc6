# Shared by the scripts: find Python 3.11+, make .venv, install the project, load settings.
# Sourced, not run. Everything it does is idempotent, so every script can call it.

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

# ensure_venv EXTRAS: create .venv and (re)install when pyproject.toml changed since the last install.
ensure_venv() {
  local extras="${1:-}" stamp=".venv/.installed${extras:+-$extras}"
  if [ ! -x .venv/bin/python ]; then
    echo "→ Creo l'ambiente virtuale .venv"
    "$(find_python)" -m venv .venv
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "→ Installo le dipendenze${extras:+ ($extras)}"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
    touch "$stamp"
  fi
  export PATH="$ROOT/.venv/bin:$PATH"
}

# load_env: .env if present, then a SECRET_KEY kept in var/ so that nothing secret is committed.
load_env() {
  if [ -f .env ]; then set -a; . ./.env; set +a; fi
  mkdir -p var
  if [ -z "${SECRET_KEY:-}" ]; then
    [ -s var/secret_key ] || .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key
    SECRET_KEY="$(cat var/secret_key)"
    export SECRET_KEY
  fi
  export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-cms.settings.base}"
}
