"""The link check reads every file a program follows, not only the pages.

Feed readers follow a feed's links, search engines the sitemap's, apps the baked
API's URLs, calendar apps an event's URL, browsers a style sheet's fonts. Each test
writes a few small, real files into a build folder and checks what is reported.
"""

import json
import multiprocessing
from collections import Counter
from pathlib import Path

import pytest

from cms.publishing.check import broken_links
from cms.publishing.exceptions import BakeError, BrokenLinksError
from cms.publishing.links import file_references, scan_build, scan_pages
from cms.publishing.services import bake_site

HOSTS = ["www.example.org"]


@pytest.fixture
def build(tmp_path) -> Path:
    """A tiny build: two pages, one image, one logo, one document."""
    root = tmp_path / "build"
    for relative, content in {
        "index.html": "<h1>Le città del lavoro</h1>",
        "eventi/index.html": "<h1>Eventi</h1>",
        "eventi/job-day/index.html": "<h1>Job day</h1>",
        "media/images/foto.jpg": "jpg",
        "media/documents/bando.pdf": "pdf",
        "static/img/logo.svg": "<svg/>",
        "api/v2/pages/7.json": "{}",
    }.items():
        write(root, relative, content)
    return root


def write(root: Path, relative: str, content: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def broken(root: Path) -> list[tuple[str, str]]:
    pages = scan_build(build_dir=root, own_hosts=HOSTS)
    return [(link.page_url, link.reference) for link in broken_links(pages=pages,
                                                                      staging=root)]


def test_an_atom_feed_entry_linking_to_a_missing_page_is_reported(build):
    write(build, "feed/eventi.atom", """<?xml version="1.0" encoding="utf-8"?>
<feed xml:lang="it" xmlns="http://www.w3.org/2005/Atom"><title>Eventi</title>
<link href="https://www.example.org/eventi/" rel="alternate"/>
<link href="https://www.example.org/feed/eventi.atom" rel="self"/>
<id>tag:www.example.org,2025:feed-events-atom</id>
<entry><title>Job day</title>
<link href="https://www.example.org/eventi/job-day/" rel="alternate"/>
<id>tag:www.example.org,2025:evento-1</id></entry>
<entry><title>Annullato</title>
<link href="https://www.example.org/eventi/annullato/" rel="alternate"/>
<id>tag:www.example.org,2025:evento-2</id></entry>
<entry><title>Altrove</title><link href="https://www.regione.lombardia.it/eventi/fiera/"/>
<id>tag:www.example.org,2025:evento-3</id></entry>
</feed>""")

    assert broken(build) == [("/feed/eventi.atom", "/eventi/annullato/")]


def test_an_rss_feed_and_the_sitemap_are_checked(build):
    write(build, "feed/eventi.xml", """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Eventi</title>
<link>https://www.example.org/eventi/</link>
<atom:link href="https://www.example.org/feed/eventi.xml" rel="self"/>
<item><title>Job day</title><link>https://www.example.org/eventi/job-day/</link>
<enclosure url="https://www.example.org/media/documents/programma.pdf" length="1"
 type="application/pdf"/></item>
<item><title>Altrove</title><link>https://www.comune.varese.it/eventi/</link></item>
</channel></rss>""")
    write(build, "sitemap.xml", """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://www.example.org/</loc><lastmod>2026-11-23</lastmod></url>
<url><loc>https://www.example.org/eventi/job-day/</loc></url>
<url><loc>https://www.example.org/sportelli/ispra/</loc></url>
</urlset>""")

    assert broken(build) == [("/feed/eventi.xml", "/media/documents/programma.pdf"),
                             ("/sitemap.xml", "/sportelli/ispra/")]


def test_an_api_file_pointing_at_a_missing_page_is_reported(build):
    write(build, "api/v2/pages/8.json", json.dumps({
        "id": 8,
        "meta": {"type": "events.EventPage",
                 "detail_url": "https://www.example.org/api/v2/pages/8.json",
                 "html_url": "https://www.example.org/eventi/ritirato/",
                 "slug": "ritirato"},
        "intro": "/non-e-un-indirizzo/",  # only URL-named keys are links
        "sportello": {"id": 7, "meta": {"type": "network.SportelloPage",
                                        "detail_url": "https://www.example.org/api/v2/pages/7.json"}},
        "image": {"meta": {"download_url": "https://www.example.org/media/images/foto.jpg"},
                  "renditions": [{"url": "/media/images/foto.width-400.jpg"}]},
        "comune_url": "https://www.comune.ispra.va.it/",
        "links": [{"href": "../../../eventi/"}],
    }))

    assert broken(build) == [("/api/v2/pages/8.json", "/eventi/ritirato/"),
                             ("/api/v2/pages/8.json", "/media/images/foto.width-400.jpg")]


def test_a_style_sheet_loading_a_missing_font_is_reported(build):
    write(build, "static/css/site.css", """
/* url(/static/vecchio.png) is commented out, so never fetched */
@font-face{font-family:Titoli;src:url("../fonts/titoli.woff2") format("woff2"),
  url(data:font/woff2;base64,d09GMgABAAAAA) format("woff2")}
.logo{background:url('/static/img/logo.svg') no-repeat}
.icona{background-image:url( ../img/logo.svg#pin )}
@font-face{font-family:Esterna;src:url(https://fonts.example.net/esterna.woff2)}
""")

    assert broken(build) == [("/static/css/site.css", "/static/fonts/titoli.woff2")]


def test_a_calendar_whose_event_url_is_missing_is_reported(build):
    write(build, "calendario/eventi/job-day.ics", "\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Rete Lavoro//Test//IT",
        "URL:https://www.example.org/eventi/",
        "BEGIN:VEVENT", "UID:evento-1@www.example.org", "DTSTAMP:20261123T134351Z",
        "DTSTART:20261214T093000Z", "SUMMARY:Job day",
        "URL:https://www.example.org/eventi/job-day/", "END:VEVENT",
        "BEGIN:VEVENT", "UID:evento-2@www.example.org", "DTSTAMP:20261123T134351Z",
        "DTSTART:20261215T093000Z", "SUMMARY:Annullato",
        "URL:https://www.example.org/eventi/annu\r\n llato/", "END:VEVENT",  # a folded line
        "BEGIN:VEVENT", "UID:evento-3@www.example.org", "DTSTAMP:20261123T134351Z",
        "DTSTART:20261216T093000Z", "SUMMARY:Altrove",
        "URL:https://www.provincia.va.it/eventi/", "END:VEVENT",
        "END:VCALENDAR", ""]))

    assert broken(build) == [("/calendario/eventi/job-day.ics", "/eventi/annullato/")]


def test_compressed_twins_and_other_files_are_not_read(build):
    write(build, "feed/eventi.xml.gz", "not xml at all")
    write(build, "static/js/site.js", 'fetch("/mancante/")')
    write(build, "pagefind/fragment/it_1.pf_fragment", "binary")

    assert broken(build) == []
    assert file_references(Path("eventi.xml.gz"), "<a href='/x/'/>") == []


def test_scan_pages_still_reads_the_pages_only(build):
    write(build, "sitemap.xml", '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                "<url><loc>/mancante/</loc></url></urlset>")
    write(build, "index.html", '<a href="/eventi/">Eventi</a>')

    pages = scan_pages(build_dir=build, own_hosts=HOSTS)

    assert {page.url for page in pages} == {"/", "/eventi/", "/eventi/job-day/"}
    assert broken_links(pages=pages, staging=build) == []


def test_an_unreadable_api_file_stops_the_check_naming_it(build):
    write(build, "api/v2/pages/9.json", '{"id": 9, "meta": {')

    with pytest.raises(BakeError, match=r"/api/v2/pages/9\.json.*non è valido"):
        scan_build(build_dir=build, own_hosts=HOSTS)


def test_a_large_build_is_read_back_by_several_workers_with_the_same_result(
        build, monkeypatch):
    for number in range(40):
        write(build, f"guide/{number}/index.html",
              f'<a href="/guide/{number + 1}/">dopo</a><img src="/media/images/foto.jpg">')
    write(build, "api/v2/pages/9.json", '{"id": 9, "meta": {"html_url": "/mancante/"}}')
    alone = scan_build(build_dir=build, own_hosts=HOSTS)
    monkeypatch.setattr("cms.publishing.cores.usable_cores", lambda: 2)
    monkeypatch.setattr("cms.publishing.links.FILES_PER_SCAN_WORKER", 5)
    forked = []
    real_pool = multiprocessing.get_context("fork").Pool

    def counted_pool(_context, *args, **kwargs):
        forked.append(args)
        return real_pool(*args, **kwargs)

    monkeypatch.setattr("multiprocessing.context.ForkContext.Pool", counted_pool)

    shared_out = scan_build(build_dir=build, own_hosts=HOSTS)

    assert forked == [(2,)]
    assert shared_out == alone
    assert len(alone) == 45
    assert [(link.page_url, link.reference) for link in broken_links(
        pages=shared_out, staging=build)] == [("/api/v2/pages/9.json", "/mancante/"),
                                                 ("/guide/39/", "/guide/40/")]
    write(build, "api/v2/pages/10.json", '{"id": 10, "meta": {')
    with pytest.raises(BakeError, match=r"/api/v2/pages/10\.json.*non è valido"):
        scan_build(build_dir=build, own_hosts=HOSTS)


# --- The whole bake ---------------------------------------------------------------


def test_the_bake_of_the_test_site_checks_its_feeds_api_and_calendars(bake_site_tree, build_dir):
    bake_site(build_dir=build_dir, progress=False)  # raises BrokenLinksError if anything is

    scanned = scan_build(build_dir=build_dir, own_hosts=HOSTS)
    assert broken_links(pages=scanned, staging=build_dir) == []
    checked_by_kind = Counter()
    for file in scanned:
        checked_by_kind[file.file.suffix] += len(file.paths)
    # Not a vacuous pass: the bake's check really had links of every kind to follow.
    assert all(checked_by_kind[suffix] > 0
               for suffix in (".html", ".xml", ".atom", ".json", ".ics")), checked_by_kind
    event = bake_site_tree.live["event"]
    api = build_dir / "api" / "v2" / "pages" / f"{event.pk}.json"
    assert event.url in next(file.paths for file in scanned if file.file == api)


def test_an_api_file_pointing_at_a_lost_original_stops_the_bake(bake_site_tree, build_dir):
    """The HTML shows renditions only; the API's `download_url` of the original is then
    the one reference to a file that is no longer in the media storage."""
    bake_site(build_dir=build_dir, progress=False)  # the renditions now exist
    image = bake_site_tree.used_image
    original = image.file.url
    image.file.storage.delete(image.file.name)

    with pytest.raises(BrokenLinksError) as raised:
        bake_site(build_dir=build_dir, progress=False)

    message = str(raised.value)
    assert f"/api/v2/images/{image.pk}.json → {original}" in message
    news = bake_site_tree.live["news_page"]
    assert f"/api/v2/pages/{news.pk}.json → {original}" in message
    assert (build_dir / original.lstrip("/")).is_file()  # the live build is left as it was
