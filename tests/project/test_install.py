"""A newcomer's first ten minutes: the scripts' install works in any order, on any Python 3.11+.

The scripts install `requirements/*.txt` (hashed, universal) into `.venv` and stamp each lock
with its hash. These tests run that same shell function in a copy of the project with a
venv of its own, so the install a fresh clone gets is the one under test.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Runs in subprocesses of its own, on no database or its own: once is enough (not again
# in the PostgreSQL run of scripts/test).
pytestmark = pytest.mark.own_databases

ROOT = Path(__file__).resolve().parents[2]
IGNORED = shutil.ignore_patterns(".venv", "var", "build", "build.*", ".git", "node_modules",
                                 "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info")


def run(script: str, cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(["bash", "-c", script], cwd=cwd, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, f"{script}\n{result.stdout}\n{result.stderr}"
    return result


def test_install_in_either_order_on_a_venv_without_setuptools(tmp_path):
    """bake's install then test's then bake's again: pytest is there at the end, nothing is
    re-installed needlessly, and Django starts in a venv created without setuptools, as every
    Python 3.12+ makes it (django-bakery's `fs` needs `pkg_resources` from setuptools)."""
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=IGNORED)
    base_python = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base_python, "-m", "venv", str(project / ".venv")], check=True)
    venv_python = project / ".venv" / "bin" / "python"
    subprocess.run([str(venv_python), "-m", "pip", "uninstall", "--yes", "--quiet", "setuptools"],
                   check=True, capture_output=True)
    assert subprocess.run([str(venv_python), "-c", "import pkg_resources"],
                          capture_output=True).returncode != 0

    first = run("source scripts/_env.sh && ensure_venv base", project)
    assert "Installo le dipendenze da requirements/base.txt" in first.stdout
    env = f"RETE_VAR_DIR={tmp_path / 'var'} SECRET_KEY=install-test-secret"
    run(f"{env} .venv/bin/python manage.py check", project)

    second = run("source scripts/_env.sh && ensure_venv test && python -c 'import pytest'",
                 project)
    assert "requirements/test.txt" in second.stdout
    third = run("source scripts/_env.sh && ensure_venv base && ensure_venv test "
                "&& python -c 'import pytest, django'", project)
    assert "Installo" not in third.stdout, "a second run re-installed an unchanged lock"


def test_lock_files_pin_every_package_with_hashes():
    """Reproducible installs: every requirement is pinned to one version with its hashes,
    and the base lock takes the same versions as the test lock."""
    pins = {}
    for name in ("base", "test"):
        lines = (ROOT / "requirements" / f"{name}.txt").read_text().splitlines()
        requirements = [line for line in lines if line and line[0].isalnum()]
        assert requirements, f"requirements/{name}.txt is empty"
        for line in requirements:
            assert "==" in line and line.rstrip().endswith("\\"), f"{name}: {line} is not pinned"
        pins[name] = {line.split(" ")[0] for line in requirements}
    assert pins["base"] <= pins["test"]
    assert any(p.startswith("wagtail==") for p in pins["base"])
    assert any(p.startswith("pytest==") for p in pins["test"] - pins["base"])
