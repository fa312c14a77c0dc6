"""The Modena theme keeps every guarantee of the default one, on the demo baked with it.

The demo's content is copied with one change, `portal: {theme: modena}` in the `site.yaml` of
the default network (the one the bake publishes here):
the theme is the site's choice, not the installation's. The bake is then checked as the
default theme's is: axe-core and the Nu HTML checker on a page of every type and on every
listing, no page wider than a 320 px phone, nothing loaded from another host and no
Content-Security-Policy violation, and the job-offer search in the home's first screen.
"""

import json
import shutil

import pytest

from .conftest import ROOT, bake_demo, baked_pages, served
from .test_gates import axe_failures, html_file, nu_errors

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def modena_build(tmp_path_factory):
    content = tmp_path_factory.mktemp("modena-content") / "site_content"
    # The first network alone: this bake publishes the default site only (the Modena–Carpi
    # network, which has this theme of its own, is checked once each site bakes into its folder).
    shutil.copytree(ROOT / "site_content", content,
                    ignore=lambda folder, names: ["modena-carpi"] if folder.endswith("networks")
                    else [])
    with (content / "networks" / "citta-del-lavoro" / "site.yaml").open(
            "a", encoding="utf-8") as site_file:
        site_file.write("portal:\n  theme: modena\n")
    return bake_demo(tmp_path_factory.mktemp("modena-var"), content=content)


@pytest.fixture(scope="module")
def modena_url(modena_build):
    with served(modena_build) as url:
        yield url


def test_the_site_is_baked_in_its_own_theme_with_the_default_for_the_rest(modena_build):
    home = html_file(modena_build, "/").read_text(encoding="utf-8")
    assert 'class="mo-top"' in home  # the theme's own home layout
    assert '<meta name="theme-color" content="#7b1e2b">' in home
    assert "/static/css/modena." in home and "/static/css/site." in home
    guide = html_file(modena_build, "/guide/primo-colloquio/").read_text(encoding="utf-8")
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
    for path in ("/", "/guide/", "/corsi/", "/eventi/", "/notizie/", "/sportelli/",
                 "/concorso-una-rete-un-marchio/", "/cerca/?q=curriculum"):
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
