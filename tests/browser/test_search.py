"""The site search on the baked demo, in Chromium: content pages come first, filters narrow,
and the page is usable with a screen reader and on a 320 px phone."""

import re

import pytest

from .conftest import bake_demo, served

pagefind_search = """async ({query, filters}) => {
  const pagefind = await import('/pagefind/pagefind.js');
  const search = await pagefind.search(query, filters ? {filters} : {});
  const top = await Promise.all(search.results.slice(0, 3).map(result => result.data()));
  return top.map(data => data.url);
}"""

pytestmark = pytest.mark.browser

# A citizen's words → a page that must be among the first three results.
EXPECTED_IN_TOP_THREE = [
    ("corso", re.compile(r"^/corsi/[^/]+/$")),
    ("sportello Varese", re.compile(r"^/sportelli/varese/$")),
    ("orari sportello Ispra", re.compile(r"^/sportelli/ispra/$")),
    ("curriculum", re.compile(r"^/guide/scrivere-il-curriculum/$")),
    ("colloquio di lavoro", re.compile(r"^/guide/primo-colloquio/$")),
    ("apprendista", re.compile(r"^/guide/assumere-un-apprendista/$")),
    ("magazziniere", re.compile(r"^/corsi/operatore-di-magazzino/$")),
    ("job day", re.compile(r"^/eventi/job-day-somma-lombardo/$")),
    ("concorso logo scuole", re.compile(r"^/concorso-una-rete-un-marchio/$")),
    ("centro per l'impiego", re.compile(r"^/guide/iscriversi-al-centro-per-l-impiego/$")),
]


@pytest.fixture
def search_page(phone, portal_url):
    phone.goto(portal_url + "/cerca/")
    return phone


@pytest.mark.parametrize(("query", "expected"), EXPECTED_IN_TOP_THREE,
                         ids=[query for query, _ in EXPECTED_IN_TOP_THREE])
def test_the_expected_page_is_in_the_top_three(search_page, query, expected):
    top = search_page.evaluate(pagefind_search, {"query": query, "filters": None})
    assert any(expected.match(url) for url in top), f"{query!r} → {top}"


def test_listings_are_not_results_so_they_cannot_bury_the_pages(search_page):
    urls = search_page.evaluate("""async () => {
      const pagefind = await import('/pagefind/pagefind.js');
      const search = await pagefind.search('corsi');
      return Promise.all(search.results.map(result => result.data().then(data => data.url)));
    }""")
    assert urls, "no result for 'corsi'"
    listings = {"/", "/corsi/", "/guide/", "/eventi/", "/notizie/", "/sportelli/",
                "/mappa-del-sito/"}
    assert not listings & set(urls)
    assert not [url for url in urls
                if "/per-chi/" in url or "/argomenti/" in url or "/pagina/" in url]


def test_results_narrow_by_type_and_by_comune(search_page):
    courses = search_page.evaluate(pagefind_search,
                                   {"query": "lavoro", "filters": {"Tipo": "Corso"}})
    assert courses and all(url.startswith("/corsi/") for url in courses)
    in_varese = search_page.evaluate(pagefind_search,
                                     {"query": None, "filters": {"Comune": "Varese"}})
    assert "/sportelli/varese/" in in_varese
    filters = search_page.evaluate("""async () => {
      const pagefind = await import('/pagefind/pagefind.js');
      return pagefind.filters();
    }""")
    assert {"Guida", "Corso", "Evento", "Notizia", "Sportello"} <= set(filters["Tipo"])
    assert "Varese" in filters["Comune"]
    assert len(filters["Per chi"]) >= 3


def test_a_screen_reader_user_hears_a_labelled_box_and_the_result_count(search_page):
    page = search_page
    assert page.get_by_role("search").count() == 1
    box = page.get_by_label("Che cosa cerchi?")
    box.fill("curriculum")
    status = page.locator("[role='status']")
    status.filter(has_text=re.compile(r"\d+ risultat")).wait_for()
    assert "curriculum" in status.inner_text()
    assert page.locator(".pagefind-ui__result").count() >= 1
    clear = page.locator(".pagefind-ui__search-clear")
    assert clear.inner_text().strip() == "Svuota la ricerca"
    page.get_by_text("Filtra i risultati").first.wait_for()


def test_search_fits_a_320_px_phone(browser, portal_url):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="it-IT")
    page = context.new_page()
    page.goto(portal_url + "/cerca/?q=sportello")
    page.locator(".pagefind-ui__result").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


@pytest.fixture(scope="session")
def sectioned_url(tmp_path_factory):
    """The demo baked with a search bundle for every folder of three pages or more, as a
    large network's guides, courses, events and news get one each."""
    build = bake_demo(tmp_path_factory.mktemp("sezioni-var"),
                      environment={"RETE_SEARCH_SECTION_PAGES": "3"})
    assert (build / "pagefind-guide" / "pagefind-entry.json").is_file()
    with served(build) as url:
        yield url


@pytest.mark.parametrize(("query", "expected"), [
    ("curriculum", "/guide/scrivere-il-curriculum/"),  # in the guides' bundle
    ("concorso logo scuole", "/concorso-una-rete-un-marchio/"),  # in the rest of the site
    ("magazziniere", "/corsi/operatore-di-magazzino/"),
])
def test_the_search_box_finds_pages_of_every_bundle_of_a_large_site(browser, sectioned_url,
                                                                      query, expected):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="it-IT")
    page = context.new_page()
    page.goto(sectioned_url + "/cerca/")
    page.get_by_label("Che cosa cerchi?").fill(query)
    page.locator(f".pagefind-ui__result-link[href='{expected}']").first.wait_for()
    page.get_by_role("status").filter(has_text=re.compile(r"\d+ risultat")).wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
