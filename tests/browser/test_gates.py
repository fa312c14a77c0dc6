"""Gates on the baked demo: zero axe-core violations (WCAG 2.1 A/AA and best practices) in
Chromium, and zero errors from the Nu HTML checker, on one page of every type and on every
listing. The checkers come from npm (see `node_modules` in conftest.py)."""

import json
import re
import shutil
import subprocess
from itertools import pairwise
from pathlib import Path

import pytest

from .conftest import baked_pages

pytestmark = pytest.mark.browser

# Pages that list other pages (with their numbered and tag pages): every one is checked.
LISTING_TYPES = {"t-homepage", "t-guideindexpage", "t-courseindexpage", "t-eventindexpage",
                 "t-newsindexpage", "t-sportelloindexpage"}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def html_file(build: Path, path: str) -> Path:
    return build / (path.lstrip("/") + "index.html" if path.endswith("/") else path.lstrip("/"))


def pages_to_check(build: Path) -> list[str]:
    """Every listing page, and the first page of every other type (by the body's `t-…` class)."""
    chosen, seen = [], set()
    for path in baked_pages(build):
        html = html_file(build, path).read_text(encoding="utf-8")
        match = re.search(r'<body class="([^"]*)"', html)
        kind = match.group(1) if match else ""
        if kind in LISTING_TYPES or kind not in seen:
            chosen.append(path)
            seen.add(kind)
    return chosen


def test_the_gates_cover_every_type_and_every_listing(demo_build):
    pages = pages_to_check(demo_build)
    for expected in ("/", "/guide/", "/guide/per-chi/giovani/", "/guide/argomenti/curriculum/",
                     "/corsi/", "/eventi/", "/notizie/", "/sportelli/", "/cerca/", "/404.html",
                     "/osservatorio-lavoro/"):
        assert expected in pages
    for prefix in ("/guide/", "/corsi/", "/eventi/", "/notizie/", "/sportelli/"):
        assert any(path.startswith(prefix) and path.count("/") == 3 and "/per-chi/" not in path
                   and "/argomenti/" not in path for path in pages), prefix


def run_axe(page, axe_js: Path) -> list[str]:
    page.add_script_tag(path=str(axe_js))
    result = page.evaluate("""async (tags) => {
      const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
      return {passes: result.passes.length, violations: result.violations.map(v => v.id + ': ' +
        v.help + ' → ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))};
    }""", AXE_TAGS)
    assert result["passes"] > 10, "axe did not run its rules"
    return result["violations"]


def axe_failures(browser, *, build, url, axe_js: Path) -> list[str]:
    """axe's violations on every page to check of `build` (served at `url`), on a phone and
    on a desktop, and with the phone menu open; the search page with results on screen."""
    failures = []
    for viewport in ({"width": 360, "height": 780}, {"width": 1280, "height": 900}):
        # axe is injected as a script of the test's own, which the site's CSP would refuse.
        context = browser.new_context(viewport=viewport, locale="it-IT", bypass_csp=True)
        page = context.new_page()
        for path in pages_to_check(build):
            page.goto(url + path)
            if path == "/cerca/":  # with results and filters on screen
                page.get_by_label("Che cosa cerchi?").fill("sportello")
                page.locator(".pagefind-ui__result").first.wait_for()
                page.locator(".pagefind-ui__filter-panel").first.wait_for(state="attached")
            failures += [f"{viewport['width']} px {path}: {v}" for v in run_axe(page, axe_js)]
        page.goto(url + "/")  # the phone menu, opened
        if viewport["width"] == 360:
            page.locator(".site-menu summary").click()
            failures += [f"menu aperto: {v}" for v in run_axe(page, axe_js)]
        context.close()
    return failures


def test_axe_finds_no_violation(browser, demo_build, portal_url, node_modules):
    assert axe_failures(browser, build=demo_build, url=portal_url,
                        axe_js=node_modules / "axe-core" / "axe.min.js") == []


def nu_errors(build, node_modules):
    """The Nu HTML checker's errors on the pages to check of `build`, and its run."""
    java = shutil.which("java")
    assert java, "Java non trovato: il controllo Nu (vnu.jar) ha bisogno di Java 11 o più recente."
    files = [str(html_file(build, path)) for path in pages_to_check(build)]
    result = subprocess.run([java, "-jar", str(node_modules / "vnu-jar/build/dist/vnu.jar"),
                             "--errors-only", "--format", "json", *files],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').rsplit('/build/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    return errors, result


def test_the_nu_html_checker_finds_no_error(demo_build, node_modules):
    errors, result = nu_errors(demo_build, node_modules)
    assert errors == []
    assert result.returncode == 0, result.stderr[-2000:]


def heading_skips(build: Path) -> list[str]:
    """Every place a page of `build` goes down more than one heading level (h2 → h4)."""
    from bs4 import BeautifulSoup

    skips = []
    for path in baked_pages(build):
        soup = BeautifulSoup(html_file(build, path).read_text(encoding="utf-8"), "html.parser")
        levels = [int(tag.name[1]) for tag in soup.find_all(re.compile(r"^h[1-6]$"))]
        skips += [f"{path}: h{before} → h{after}" for before, after in pairwise(levels)
                  if after > before + 1]
    return skips


def test_no_page_skips_a_heading_level(demo_build):
    """axe sees one page of each type; the heading order is checked on every page of the bake."""
    assert heading_skips(demo_build) == []
