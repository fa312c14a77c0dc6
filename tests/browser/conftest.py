"""A real Chromium (Debian's) driven by Playwright against the baked demo portal.

The portal is baked by the same commands a user runs, in a subprocess with its own
SQLite database, and served by a plain static file server, as a host would.
"""

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    raise RuntimeError(
        "Chromium non trovato: ./scripts/test lo installa con apt-get install chromium."
    )


def bake_demo(var: Path, *, content: Path | None = None,
              environment: dict[str, str] | None = None) -> Path:
    """Bake a network (the demo's `site_content/` unless `content` names another folder) into
    `var/build/<folder>`, by the same commands a user runs, with its own SQLite database in
    `var` (and any other `environment`); return the default site's folder (named in the
    bake's first line)."""
    env = {
        **os.environ,
        **(environment or {}),
        "RETE_VAR_DIR": str(var),
        "RETE_BUILD_DIR": str(var / "build"),
        "DJANGO_SETTINGS_MODULE": "cms.settings.base",
        "SECRET_KEY": "browser-test-secret",
    }
    env.pop("DATABASE_URL", None)  # its own SQLite file in `var`, whatever the suite runs on
    env.pop("RETE_THEME", None)  # the theme is the site's (or the default)
    load = ["load_site_content", "--if-empty", *(["--path", str(content)] if content else [])]
    for args in (["migrate", "--noinput", "-v0"], load, ["bake", "--no-progress"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stderr}"
    first = next(line for line in result.stdout.splitlines() if "→ " in line)
    return ROOT / first.rsplit("→ ", 1)[1].rstrip("/")


@contextmanager
def served(build: Path) -> Iterator[str]:
    """A static file server on loopback for a baked site; yields its address."""
    handler = functools.partial(QuietHandler, directory=str(build))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory) -> Path:
    """The demo network baked from site_content/ exactly as ./scripts/bake does it."""
    return bake_demo(tmp_path_factory.mktemp("demo-var"))


@pytest.fixture(scope="session")
def portal_url(demo_build):
    """A static file server on loopback for the baked site."""
    with served(demo_build) as url:
        yield url


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A phone-sized page with JavaScript on."""
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="it-IT")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_without_js(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 780}, java_script_enabled=False, locale="it-IT"
    )
    yield context.new_page()
    context.close()


# The checkers the accessibility and HTML gates run, from npm, into a git-ignored folder.
NODE_TOOLS = ROOT / "var" / "node_tools"
NODE_PACKAGES = {"axe-core": "axe-core@4", "vnu-jar": "vnu-jar@26"}


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """axe-core and the Nu HTML checker (`vnu-jar`), installed with npm the first time."""
    missing = [
        spec
        for name, spec in NODE_PACKAGES.items()
        if not (NODE_TOOLS / "node_modules" / name / "package.json").is_file()
    ]
    if missing:
        npm = shutil.which("npm")
        assert npm, "npm non trovato: installa Node.js (apt-get install npm) per axe e Nu."
        result = subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(NODE_TOOLS),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                *missing,
            ],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, f"npm install {' '.join(missing)} failed:\n{result.stderr}"
    return NODE_TOOLS / "node_modules"


def baked_pages(build: Path) -> list[str]:
    """The address of every HTML page of a build (redirect pages left out: they have no body)."""
    paths = []
    for file in sorted(build.rglob("*.html")):
        relative = file.relative_to(build).as_posix()
        if relative.startswith(("pagefind/", "api/", "static/", "media/")):
            continue
        if 'http-equiv="refresh"' in file.read_text(encoding="utf-8")[:2000]:
            continue
        paths.append("/" + relative.removesuffix("index.html"))
    return paths
