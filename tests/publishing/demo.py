"""The demo network in a subprocess with a database of its own, as `./scripts/bake` runs it.

Bakes use other connections and processes than the test's own (forked workers, the lock
held by another process), so the tests that bake for real, kill bakes or compare
databases run `manage.py` in subprocesses, on committed data.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .builds import comparable_files

ROOT = Path(__file__).resolve().parents[2]

def demo_env(var: Path, *, database_url: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a demo subprocess: its own `var/` and build, SQLite unless told."""
    env = {**os.environ, "RETE_VAR_DIR": str(var), "RETE_BUILD_DIR": str(var / "build"),
           "DJANGO_SETTINGS_MODULE": "cms.settings.base", "SECRET_KEY": "demo-test-secret",
           **extra}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def manage(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    """`manage.py ARGS` in the project, its output captured."""
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    if check:
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr}"
    return result


def baked_dirs(result: subprocess.CompletedProcess) -> list[Path]:
    """The site folders a `manage.py bake` wrote, the default site's first (from its lines
    «Bake completato: … → <folder>/»)."""
    return [(ROOT / line.rsplit("→ ", 1)[1].rstrip("/")).absolute()
            for line in result.stdout.splitlines() if "→ " in line]


def load_demo(env: dict[str, str]) -> None:
    """Migrate the subprocess's database and load the demo content into it."""
    manage("migrate", "--noinput", "-v0", env=env)
    manage("load_site_content", "--if-empty", env=env)


def files_of(build: Path) -> dict[str, bytes]:
    """Every file of a build by its path inside it, comparable across bakes (see builds.py)."""
    return comparable_files(build)
