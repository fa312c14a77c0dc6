"""How the bake reads links back from its pages, the way a browser on a static host would."""

import pytest

from cms.publishing.check import broken_links
from cms.publishing.links import internal_path, raw_references, scan_pages

HOSTS = ["www.example.org"]


@pytest.mark.parametrize(("reference", "expected"), [
    ("/guide/", "/guide/"),
    ("/guide/index.html", "/guide/index.html"),
    ("/guide/#passi", "/guide/"),
    ("/static/css/site.css?v=3", "/static/css/site.css"),
    ("curriculum/", "/guide/curriculum/"),
    ("../corsi/", "/corsi/"),
    ("/media/documents/bando%20finale.pdf", "/media/documents/bando finale.pdf"),
    ("https://www.example.org/notizie/", "/notizie/"),
    ("https://WWW.EXAMPLE.ORG", "/"),
    ("#contenuto", None),
    ("?pagina=2", None),
    ("mailto:info@example.org", None),
    ("tel:+390331123456", None),
    ("https://www.regione.lombardia.it/lavoro/", None),
    ("//cdn.example.net/x.js", None),
    ("javascript:void(0)", None),
])
def test_internal_path(reference, expected):
    assert internal_path(reference, page_url="/guide/", own_hosts=HOSTS) == expected


def test_srcset_candidates_are_each_a_reference():
    html = ('<img src="/media/images/a.jpg" srcset="/media/images/a.jpg 1x, '
            '/media/images/a.2x.jpg 2x"><a href="/x/">x</a><form action="/cerca/"></form>')
    assert raw_references(html) == ["/media/images/a.jpg", "/media/images/a.jpg",
                                    "/media/images/a.2x.jpg", "/x/"]


def test_the_image_a_link_preview_fetches_is_a_reference():
    html = ('<meta property="og:image" content="https://www.example.org/media/images/a.jpg">'
            '<meta name="twitter:image" content="/icons/anteprima.png">'
            '<meta property="og:title" content="/non-un-indirizzo/">')
    assert raw_references(html) == ["https://www.example.org/media/images/a.jpg",
                                    "/icons/anteprima.png"]


def test_links_resolve_with_or_without_index_html(tmp_path):
    (tmp_path / "guide").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="/guide/">a</a><a href="/guide">b</a><a href="guide/index.html">c</a>'
        '<a href="/mancante/">d</a><img src="/static/manca.png">'
    )
    (tmp_path / "guide" / "index.html").write_text('<a href="../">home</a>')

    pages = scan_pages(build_dir=tmp_path, own_hosts=HOSTS)
    broken = broken_links(pages=pages, staging=tmp_path)

    assert [(b.page_url, b.reference) for b in broken] == [
        ("/", "/mancante/"), ("/", "/static/manca.png")]


def test_a_link_cannot_escape_the_build(tmp_path):
    (tmp_path / "build").mkdir()
    (tmp_path / "segreto.txt").write_text("x")
    (tmp_path / "build" / "index.html").write_text('<a href="/../segreto.txt">x</a>')

    pages = scan_pages(build_dir=tmp_path / "build", own_hosts=HOSTS)
    assert len(broken_links(pages=pages, staging=tmp_path / "build")) == 1
