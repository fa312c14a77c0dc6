"""A throwaway PostgreSQL cluster for the tests: Debian's binaries, a temp folder, 127.0.0.1.

The suite runs on SQLite and on PostgreSQL (`./scripts/test` runs it a second time
through `python -m tests.postgres pytest ...`, which starts a cluster, points
`DATABASE_URL` at it and stops it afterwards). Tests that compare the two databases
ask for the `postgres_server` fixture, which reuses that cluster or starts its own.

PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres`
user (Debian's package creates it) and its commands run through `runuser`.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Exported by `cluster()` so that tests in the same run reuse the server.
SERVER_ENV = "RETE_TEST_POSTGRES_SERVER"
USER = "rete"


def binaries() -> Path:
    """The newest installed PostgreSQL's bin folder (`apt-get install postgresql`)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda path: int(Path(path).parts[-3]))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: apt-get install -y postgresql "
                           "(./scripts/test installs it)")
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextmanager
def cluster() -> Iterator[str]:
    """Start a fresh cluster for the block; yields the server URL (no database name)."""
    bin_dir = binaries()
    home = Path(tempfile.mkdtemp(prefix="rete-pg-"))
    if os.geteuid() == 0:
        shutil.chown(home, user="postgres")
    data, port = home / "data", _free_port()
    subprocess.run(_as_owner([str(bin_dir / "initdb"), "-D", str(data), "-U", USER,
                              "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                   check=True, capture_output=True)
    # fsync off: a crash of a test server loses nothing worth keeping.
    options = f"-h 127.0.0.1 -p {port} -k {home} -F -c max_connections=200"
    subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
                              "-l", str(home / "log"), "-w", "start"]),
                   check=True, capture_output=True)
    url = f"postgres://{USER}@127.0.0.1:{port}"
    previous = os.environ.get(SERVER_ENV)
    os.environ[SERVER_ENV] = url
    try:
        yield url
    finally:
        if previous is None:
            os.environ.pop(SERVER_ENV, None)
        else:
            os.environ[SERVER_ENV] = previous
        subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                  "-w", "stop"]), check=False, capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


@contextmanager
def server() -> Iterator[str]:
    """The cluster this run already has (`SERVER_ENV`), or a new one for the block."""
    if os.environ.get(SERVER_ENV):
        yield os.environ[SERVER_ENV]
        return
    with cluster() as url:
        yield url


def create_database(server_url: str, name: str) -> str:
    """A new empty database on the server; returns its URL."""
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"


def main(argv: list[str]) -> int:
    """`python -m tests.postgres COMMAND...`: run COMMAND with DATABASE_URL on a new cluster."""
    with cluster() as url:
        env = {**os.environ, "DATABASE_URL": create_database(url, "rete")}
        return subprocess.run(argv, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
