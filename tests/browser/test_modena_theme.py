"""The second network of the demo, Modena–Carpi in its own `modena` theme, keeps every
guarantee of the first.

Both networks are baked by the same `bake_demo` as ./scripts/bake does it, each into its own
folder; this file checks `build/modena-carpi/` as the default theme's tests check the first:
axe-core and the Nu HTML checker on a page of every type and on every listing, no heading level
skipped, no page wider than a 320 px phone, nothing loaded from another host and no
Content-Security-Policy violation, the policy in every page, and the job-offer search in the
home's first screen.
"""

import json

import pytest

from .conftest import baked_pages, served
from .test_gates import axe_failures, heading_skips, html_file, nu_errors
from .test_static_headers import assert_every_page_starts_with_the_policy

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def modena_build(demo_build):
    """The Modena–Carpi network's folder, beside the first network's in the same bake."""
    folder = demo_build.parent / "modena-carpi"
    assert (folder / "index.html").is_file(), "the demo bake has no modena-carpi folder"
    return folder.resolve()


@pytest.fixture(scope="module")
def modena_url(modena_build):
    with served(modena_build) as url:
        yield url


def test_the_site_is_baked_in_its_own_theme_with_the_default_for_the_rest(modena_build):
    home = html_file(modena_build, "/").read_text(encoding="utf-8")
    assert 'class="mo-top"' in home  # the theme's own home layout
    assert '<meta name="theme-color" content="#7b1e2b">' in home
    assert "/static/css/modena." in home and "/static/css/site." in home
    guide = html_file(modena_build, "/guide/offrire-un-posto-di-lavoro/").read_text(
        encoding="utf-8")
    assert "mo-top" not in guide and "/static/css/modena." in guide  # default page, theme's look
    static = {path.relative_to(modena_build / "static").as_posix()
              for path in (modena_build / "static").rglob("*") if path.is_file()}
    assert {"css/modena.css", "css/site.css", "img/marchio-modena.svg", "js/search.js"} <= static
    manifest = json.loads((modena_build / "site.webmanifest").read_text(encoding="utf-8"))
    assert manifest["theme_color"] == "#7b1e2b"  # the theme's colour, from its theme.toml


def test_axe_finds_no_violation_in_the_modena_theme(browser, modena_build, modena_url,
                                                   node_modules):
    assert axe_failures(browser, build=modena_build, url=modena_url,
                        axe_js=node_modules / "axe-core" / "axe.min.js") == []


def test_the_nu_html_checker_finds_no_error_in_the_modena_theme(modena_build, node_modules):
    errors, _result = nu_errors(modena_build, node_modules)
    assert errors == []


def test_no_modena_page_skips_a_heading_level(modena_build):
    assert heading_skips(modena_build) == []


def test_every_modena_page_starts_with_its_policy(modena_build):
    assert_every_page_starts_with_the_policy(
        modena_build, databank="https://bancadati.modena-carpi.example.it")


def test_neither_network_shows_the_other(demo_build, modena_build):
    """Each network's folder holds its own pages only, at its own address."""
    import re

    first = demo_build.resolve()
    for build, base, other_base, foreign in (
            (first, "https://www.example.org/", "https://lavoro.modena-carpi.example.it/",
             "Quicittà"),
            (modena_build, "https://lavoro.modena-carpi.example.it/", "https://www.example.org/",
             "Somma Lombardo")):
        other = modena_build if build == first else first
        assert foreign in (other / "index.html").read_text(encoding="utf-8")  # a real marker
        locations = re.findall(r"<loc>([^<]+)</loc>",
                               (build / "sitemap.xml").read_text(encoding="utf-8"))
        assert len(locations) > 10 and all(url.startswith(base) for url in locations)
        for file in build.rglob("*"):
            if file.suffix in {".html", ".json", ".xml", ".ics", ".rss", ".atom"}:
                text = file.read_text(encoding="utf-8")
                assert foreign not in text and other_base not in text, file



def test_no_modena_page_scrolls_sideways_at_320_px(browser, modena_build, modena_url):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="it-IT")
    page = context.new_page()
    too_wide = {}
    for path in baked_pages(modena_build):
        page.goto(modena_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
    context.close()
    assert too_wide == {}


def test_modena_pages_load_nothing_from_other_hosts_and_break_no_policy(browser, modena_url):
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="it-IT")
    context.add_init_script("""window.__csp = [];
      document.addEventListener("securitypolicyviolation",
        e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));""")
    page = context.new_page()
    requested, violations = [], []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("/", "/guide/", "/corsi/", "/notizie/", "/sportelli/", "/la-convenzione/",
                 "/osservatorio-mercato-del-lavoro/", "/cerca/?q=Carpi"):
        assert page.goto(modena_url + path).status == 200, path
        if path.startswith("/cerca/"):
            page.wait_for_selector(".pagefind-ui__result", timeout=15000)
        violations += page.evaluate("window.__csp")
    context.close()
    assert [url for url in requested if not url.startswith(modena_url)] == []
    assert any("/static/css/modena." in url for url in requested)  # the theme's own look
    assert violations == []


def test_the_job_offer_search_is_in_the_first_screen_of_the_modena_home(browser, modena_url):
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="it-IT")
    page = context.new_page()
    page.goto(modena_url + "/")
    assert page.get_by_role("heading", name="Offerte di lavoro").bounding_box()["y"] < 780
    context.close()
