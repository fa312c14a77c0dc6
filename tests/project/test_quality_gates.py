"""Gates CI runs with every test: lint, migrations in step with the models, the import layering.

Each runs the real tool the project configures in pyproject.toml, so that `./scripts/test`
(and `.ci/run`, which calls it) fails on what a reviewer would otherwise have to catch.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Runs in subprocesses of its own, on no database or its own: once is enough (not again
# in the PostgreSQL run of scripts/test).
pytestmark = pytest.mark.own_databases

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=600)


def test_ruff_finds_nothing():
    """Lint and import order as configured in pyproject.toml (every ignored rule commented)."""
    result = run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_models_have_their_migrations():
    """The chooser blocks and every model field are in step with the committed migrations."""
    result = run(sys.executable, "manage.py", "makemigrations", "--check", "--dry-run",
                 env={"DJANGO_SETTINGS_MODULE": "cms.settings.test"})
    assert result.returncode == 0, f"missing migrations:\n{result.stdout}{result.stderr}"


def test_imports_follow_the_layering():
    result = run(str(BIN / "lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
