# Sourced by scripts/test: run the suite a second time on a throwaway PostgreSQL cluster.
# Debian's `postgresql` package is installed when missing; `python -m tests.postgres`
# starts a cluster in a temp folder on 127.0.0.1, points DATABASE_URL at it and removes it.
# RETE_TEST_POSTGRES=0 skips the PostgreSQL run (a quick local check). Sourcing installs
# PostgreSQL at once: tests/publishing/test_postgres.py needs it in the SQLite run too.

ensure_postgres() {
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    echo "→ Installo PostgreSQL (apt-get) per i test sul database PostgreSQL"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  fi
}

# pytest_on_postgres ARGS: the tests that use DATABASE_URL, on PostgreSQL. Run once is enough for
# the browser tests and those marked own_databases (they bake in subprocesses on databases of
# their own) and for those marked output_only (they read baked files, byte-identical on both
# databases: tests/publishing/test_postgres.py; the list is in tests/conftest.py).
pytest_on_postgres() {
  [ "${RETE_TEST_POSTGRES:-1}" = 0 ] && return 0
  ensure_postgres
  echo "→ Di nuovo su PostgreSQL"
  # Exit status 5: the selection held no such test (e.g. ./scripts/test tests/browser).
  python -m tests.postgres python -m pytest -m "not browser and not own_databases and not output_only" "$@" || [ $? = 5 ]
}

ensure_postgres
