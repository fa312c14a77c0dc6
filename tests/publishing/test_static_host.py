"""What a plain static host serves: numbered listings, 404, redirects, hashed and compressed
assets, and a Pagefind search index, all from one real bake of the test site."""

import datetime
import gzip
import json
import re
import zlib
from pathlib import Path

import brotli
import pytest
from bs4 import BeautifulSoup

from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect

from cms.core.pagination import PER_PAGE, extra_routes
from cms.publishing import services
from cms.publishing.postprocess import COMPRESSIBLE_SUFFIXES, compress_build
from cms.publishing.redirects import NETLIFY_FILE, NGINX_FILE
from cms.publishing.search import search_bundles
from cms.publishing.statichost import prepare_static_host
from tests import factories

PAGINATION_VIEW = "cms.publishing.pagination_views.PaginationView"
NEWS_COUNT = 2 * PER_PAGE + 2  # three pages: the middle one has both neighbours
PAST_EVENTS = PER_PAGE  # with the fixture's upcoming event: two pages, the split on page 1
SEARCH_WORD = "apprendistato"


def soup_of(build_dir: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((build_dir / url.lstrip("/") / "index.html").read_text(), "html.parser")


@pytest.fixture
def static_site(bake_site_tree, settings):
    """The bake test site plus enough news and events to need more than one listing page."""
    news_index = bake_site_tree.live["news"]
    today = timezone.localdate()
    for number in range(NEWS_COUNT - 1):  # the fixture already has one live news item
        factories.NewsPageFactory(parent=news_index, title=f"Notizia numero {number:02d}",
                                  slug=f"notizia-{number:02d}",
                                  date=today - datetime.timedelta(days=number + 1))
    factories.NewsPageFactory(
        parent=news_index, title="Contratti di apprendistato", slug="apprendistato",
        date=today - datetime.timedelta(days=400),
        body=[("paragraph", f"<p>Come funziona l'{SEARCH_WORD} professionalizzante.</p>")])
    now = timezone.now()
    for number in range(PAST_EVENTS):
        start = now - datetime.timedelta(days=number + 2)
        factories.EventPageFactory(parent=bake_site_tree.live["events"], slug=f"passato-{number}",
                                   title=f"Incontro passato {number}", start=start,
                                   end=start + datetime.timedelta(hours=2))
    settings.BAKERY_VIEWS = (*settings.BAKERY_VIEWS, PAGINATION_VIEW)
    return bake_site_tree


@pytest.fixture
def baked(static_site, build_dir) -> Path:
    """A full bake of a site with redirects (404 page, search, hashing and compression included)."""
    Redirect.add_redirect("/vecchie-notizie", redirect_to=static_site.live["news"])
    Redirect.add_redirect("/bando-2023.pdf", redirect_to="https://www.comune.example.it/bando",
                          is_permanent=False)
    Redirect.add_redirect("/privacy", redirect_to="/altrove/")  # a live page: the page wins
    services.bake_site(build_dir=build_dir, progress=False)
    return build_dir


def test_listing_pages_are_routes_with_404_past_the_end(static_site, client):
    news = static_site.live["news"]
    assert client.get(news.url).status_code == 200
    assert client.get(f"{news.url}pagina/3/").status_code == 200
    assert client.get(f"{news.url}pagina/4/").status_code == 404
    assert client.get(f"{news.url}pagina/0/").status_code == 404
    first = client.get(f"{news.url}pagina/1/")
    assert (first.status_code, first["Location"]) == (301, news.url)
    assert extra_routes() == ["/eventi/pagina/2/", "/notizie/pagina/2/", "/notizie/pagina/3/"]


def test_paginated_listings_are_baked_and_linked(baked):
    first, middle, last = (soup_of(baked, url) for url in
                           ("/notizie/", "/notizie/pagina/2/", "/notizie/pagina/3/"))
    assert len(first.select("main .card")) == len(middle.select("main .card")) == PER_PAGE
    assert len(last.select("main .card")) == NEWS_COUNT + 1 - 2 * PER_PAGE

    def links(soup, rel):
        return [tag["href"] for tag in soup.find_all(["a", "link"], rel=rel)]

    assert links(first, "prev") == [] and set(links(first, "next")) == {"/notizie/pagina/2/"}
    assert set(links(middle, "prev")) == {"/notizie/"}
    assert set(links(middle, "next")) == {"/notizie/pagina/3/"}
    assert set(links(last, "prev")) == {"/notizie/pagina/2/"} and links(last, "next") == []
    nav = middle.find("nav", attrs={"aria-label": "Paginazione"})
    assert nav.find(attrs={"aria-current": "page"}).get_text(strip=True).endswith("2")
    assert "Pagina 2 di 3" in middle.title.get_text()
    # Events: upcoming first, then past ones; the rest of the past ones on page 2.
    events = soup_of(baked, "/eventi/")
    assert events.find(id="prossimi-eventi") and events.find(id="eventi-passati")
    assert len(events.select("main .card")) == PER_PAGE
    events_2 = soup_of(baked, "/eventi/pagina/2/")
    assert events_2.find(id="prossimi-eventi") is None
    cards = events_2.select("main .card")
    assert len(cards) == len(events_2.select("#eventi-passati + ul .card")) == 1
    assert not (baked / "notizie/pagina/4").exists()


def test_404_page_and_redirects_for_the_static_host(baked):
    not_found = BeautifulSoup((baked / "404.html").read_text(), "html.parser")
    assert "Pagina non trovata" in not_found.h1.get_text()
    assert not_found.find("main").get("data-pagefind-body") is None  # not a search result

    moved = BeautifulSoup((baked / "vecchie-notizie/index.html").read_text(), "html.parser")
    assert moved.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=/notizie/"
    assert moved.find("link", rel="canonical")["href"].endswith("/notizie/")
    assert moved.find("a")["href"] == "/notizie/"
    netlify = (baked / NETLIFY_FILE).read_text().splitlines()
    nginx = (baked / NGINX_FILE).read_text()
    assert "/vecchie-notizie /notizie/ 301" in netlify
    assert "/bando-2023.pdf https://www.comune.example.it/bando 302" in netlify
    assert 'location = "/vecchie-notizie" { return 301 "/notizie/"; }' in nginx
    assert 'location = "/vecchie-notizie/" { return 301 "/notizie/"; }' in nginx
    assert ('location = "/bando-2023.pdf" { return 302 "https://www.comune.example.it/bando"; }'
            in nginx)
    assert "/privacy" not in nginx and "Privacy" in (baked / "privacy/index.html").read_text()


def test_css_has_a_hashed_name_every_page_uses(baked):
    hashed = [path for path in (baked / "static/css").glob("site.*.css")
              if re.fullmatch(r"site\.[0-9a-f]{12}\.css", path.name)]
    assert len(hashed) == 1
    assert hashed[0].read_bytes() == (baked / "static/css/site.css").read_bytes()
    href = f"/static/css/{hashed[0].name}"
    checked = 0
    for page in [*baked.rglob("index.html"), baked / "404.html"]:
        soup = BeautifulSoup(page.read_text(), "html.parser")
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect page has no style of its own
        checked += 1
        stylesheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
        assert href in stylesheets, f"{page} does not use {href}"
        assert "/static/css/site.css" not in stylesheets
    assert checked > 20
    home = (baked / "index.html").read_text()
    # A second run (e.g. a partial bake) changes nothing.
    prepare_static_host(build_dir=baked, bundles=search_bundles(build_dir=baked))
    assert (baked / "index.html").read_text() == home
    assert sorted(path.name for path in (baked / "static/css").glob("site*.css")) == sorted([
        hashed[0].name, "site.css"])


def test_every_text_file_has_identical_gzip_and_brotli_companions(baked):
    text_files = [path for path in baked.rglob("*")
                  if path.is_file() and path.suffix in COMPRESSIBLE_SUFFIXES]
    assert {".html", ".css", ".js", ".json"} <= {path.suffix for path in text_files}
    for path in text_files:
        original = path.read_bytes()
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == original, path
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == original, path
    html = baked / "index.html"
    assert compress_build(build_dir=baked, files=[html]) == 1
    assert html.with_name("index.html.gz").read_bytes() == gzip.compress(
        html.read_bytes(), compresslevel=9, mtime=0)  # reproducible: no timestamp


def test_pagefind_indexes_the_main_content_in_italian(baked):
    entry = json.loads((baked / "pagefind/pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["it"]
    assert entry["languages"]["it"]["page_count"] > 20
    fragments = {}
    for path in (baked / "pagefind/fragment").glob("*.pf_fragment"):
        data = zlib.decompress(path.read_bytes(), 16 + zlib.MAX_WBITS)
        fragment = json.loads(data[data.index(b"{"):])
        fragments[fragment["url"]] = fragment
    assert SEARCH_WORD in fragments["/notizie/apprendistato/"]["content"]
    assert "Menu principale" not in fragments["/notizie/apprendistato/"]["content"]
    assert "/cerca/" not in fragments and "/404.html" not in fragments
    assert "/vecchie-notizie/" not in fragments


def test_search_page_works_without_javascript_too(baked, static_site):
    page = soup_of(baked, "/cerca/")
    assert page.html["lang"] == "it"
    scripts = [tag["src"] for tag in page.find_all("script", src=True)]
    # Pagefind's UI and the file that starts it (no inline script: the site's CSP forbids it).
    assert scripts[0] == "/pagefind/pagefind-ui.js" and len(scripts) == 2
    assert scripts[1].startswith("/static/js/search.") and scripts[1].endswith(".js")
    assert all((baked / src.lstrip("/")).is_file() for src in scripts)
    # The only script without a file is data (the UI's Italian texts), which never runs.
    inline = page.find_all("script", src=False)
    assert [tag.get("type") for tag in inline] == ["application/json"]
    fallback = BeautifulSoup(page.find("noscript").decode_contents(), "html.parser")
    assert "JavaScript" in fallback.get_text()
    hrefs = {link["href"] for link in fallback.find_all("a")}
    assert {static_site.live["guides"].url, static_site.live["sportelli"].url} <= hrefs
    home = soup_of(baked, "/")
    assert home.select_one("header a[href='/cerca/']") is not None


def search_fragments(bundle: Path) -> dict[str, str]:
    """URL → indexed text of every page in a Pagefind bundle."""
    fragments = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        data = zlib.decompress(path.read_bytes(), 16 + zlib.MAX_WBITS)
        fragment = json.loads(data[data.index(b"{"):])
        fragments[fragment["url"]] = fragment["content"]
    return fragments


def test_large_sections_get_a_search_bundle_of_their_own_which_only_their_publishes_rebuild(
        static_site, build_dir, settings):
    """With RETE_SEARCH_SECTION_PAGES at 3, the news (and other folders with three pages)
    are indexed apart and merged by the search page; publishing a news item re-indexes the
    news bundle and leaves the others as they were."""
    from cms.news.models import NewsPage
    from cms.publishing.incremental import bake_changes, record_full_bake

    settings.RETE_SEARCH_SECTION_PAGES = 3
    factories.SiteMapPageFactory(parent=static_site.live["home"])  # lists every title
    services.bake_site(build_dir=build_dir, progress=False)
    record_full_bake(build_dir=build_dir)
    bundles = sorted(path.name for path in build_dir.glob("pagefind*"))
    assert "pagefind" in bundles and "pagefind-notizie" in bundles
    options = json.loads(soup_of(build_dir, "/cerca/").find(id="ricerca-opzioni").string)
    assert options["merge"] == [f"/{name}/" for name in bundles if name != "pagefind"]
    news = search_fragments(build_dir / "pagefind-notizie")
    assert SEARCH_WORD in news["/notizie/apprendistato/"]
    assert all(url.startswith("/notizie/") for url in news)
    assert "/notizie/" not in news and "/notizie/pagina/2/" not in news  # listings: not searched
    rest = search_fragments(build_dir / "pagefind")
    assert "/privacy/" in rest and not any(url.startswith("/notizie/") for url in rest)
    assert "/cerca/" not in rest and "/404.html" not in rest

    def inodes() -> dict[str, int]:
        return {name: (build_dir / name / "pagefind-entry.json").stat().st_ino
                for name in bundles}

    before = inodes()
    site_map = build_dir / "mappa-del-sito" / "index.html"
    site_map_before = site_map.read_text()
    item = NewsPage.objects.get(slug="apprendistato")
    item.title = "Apprendistato: le novità del bando"
    item.save_revision().publish()
    bake_changes(build_dir=build_dir, page_ids=[item.pk])
    after = inodes()
    assert after["pagefind-notizie"] != before["pagefind-notizie"]
    assert "le novità del bando" in json.dumps(
        search_fragments(build_dir / "pagefind-notizie"), ensure_ascii=False)
    # The site map (in the rest of the site) shows the new title, but it is not searched:
    # the rest of the site's bundle is not indexed again for it.
    assert "le novità del bando" in site_map.read_text() != site_map_before
    untouched = [name for name in bundles if name != "pagefind-notizie"]
    assert "pagefind" in untouched and {name: after[name] for name in untouched} == {
        name: before[name] for name in untouched}


def test_a_large_site_whose_theme_marks_no_page_still_has_its_search(static_site, build_dir,
                                                                     settings, monkeypatch):
    """A theme whose `base.html` leaves out the marker of searched pages, on a site with
    folders large enough for bundles of their own: no bundle lists a page, so the bake
    makes one of the whole site, as on a small site, instead of stopping with no bundle
    for the search page to load."""
    from cms.publishing import search

    settings.RETE_SEARCH_SECTION_PAGES = 3
    # What such a theme's pages look like to the bake (the default theme's keep theirs).
    monkeypatch.setattr(search, "BODY_MARKER", b"data-marker-of-another-theme")
    services.bake_site(build_dir=build_dir, progress=False)
    assert sorted(path.name for path in build_dir.glob("pagefind*")) == ["pagefind"]
    options = json.loads(soup_of(build_dir, "/cerca/").find(id="ricerca-opzioni").string)
    assert options["merge"] == []
    assert "/notizie/apprendistato/" in search_fragments(build_dir / "pagefind")
