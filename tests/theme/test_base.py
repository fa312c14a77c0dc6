"""The frame of every page: language, skip link, landmarks, menu, footer, no foreign hosts."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from django.conf import settings

from cms.core.models import IdentitySettings
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def identity(site_tree):
    """The network's identity with its three legal pages."""
    pages = {slug: factories.StandardPageFactory(parent=site_tree.home, slug=slug, title=title)
             for slug, title in [("privacy", "Privacy"), ("note-legali", "Note legali"),
                                 ("accessibilita", "Accessibilità")]}
    return IdentitySettings.objects.create(
        site=site_tree.home.get_site(), network_name="Le città del lavoro",
        tagline="Rete di servizi per il lavoro", phone="0331 989 011", email="info@example.it",
        privacy_page=pages["privacy"], legal_page=pages["note-legali"],
        accessibility_page=pages["accessibilita"],
    )


def _show_in_menus(*pages):
    for page in pages:
        page.show_in_menus = True
        page.save_revision().publish()


def test_page_is_italian_with_a_working_skip_link_and_one_main(site_tree, identity, render):
    _show_in_menus(site_tree.guides)
    soup = render("/")
    assert soup.html["lang"] == "it"
    assert soup.find("meta", attrs={"name": "viewport"}) is not None
    skip = soup.find("a", class_="skip-link")
    assert skip.get_text(strip=True) == "Vai al contenuto"
    # The skip link is the first link of the page, so the first Tab reaches it.
    assert soup.find("a") is skip
    mains = soup.find_all("main")
    assert len(mains) == 1
    assert "#" + mains[0]["id"] == skip["href"]
    assert soup.find("header") and soup.find("footer")
    assert soup.find("nav", attrs={"aria-label": "Menu principale"}) is not None
    assert len(soup.select("main h1")) == 1


def test_title_and_description_name_the_page_and_the_network(site_tree, identity, render):
    guide = factories.GuidePageFactory(parent=site_tree.guides, title="Scrivere il curriculum",
                                       slug="curriculum", intro="Come preparare un buon CV.")
    soup = render(guide.url)
    assert soup.title.get_text() == "Scrivere il curriculum – Le città del lavoro"
    description = soup.find("meta", attrs={"name": "description"})
    assert description["content"] == "Come preparare un buon CV."
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == settings.RETE_BASE_URL + "/guide/curriculum/"
    crumbs = [a.get_text() for a in soup.select("nav.breadcrumbs a")]
    assert crumbs == ["Le città del lavoro", "Guide"]


def test_menu_lists_only_live_children_shown_in_menus(site_tree, identity, render):
    _show_in_menus(site_tree.guides, site_tree.courses)
    hidden = factories.StandardPageFactory(parent=site_tree.home, title="Bozza", show_in_menus=True)
    hidden.unpublish()
    soup = render("/corsi/")
    links = soup.select("nav[aria-label='Menu principale'] a")
    assert [a.get_text() for a in links] == ["Guide", "Corsi"]
    current = soup.select_one("nav[aria-label='Menu principale'] a[aria-current='page']")
    assert current.get_text() == "Corsi"


def test_footer_has_contacts_and_the_legal_pages(site_tree, identity, render):
    footer = render("/").find("footer")
    assert footer.find("a", href="tel:0331989011").get_text() == "0331 989 011"
    assert footer.find("a", href="mailto:info@example.it") is not None
    hrefs = {a.get_text(): a["href"] for a in footer.find_all("a")}
    assert hrefs["Privacy"] == "/privacy/"
    assert hrefs["Note legali"] == "/note-legali/"
    assert hrefs["Dichiarazione di accessibilità"] == "/accessibilita/"


def test_assets_come_from_the_site_itself_and_no_javascript_is_needed(site_tree, identity, render):
    soup = render("/")
    # Only data for search engines (JSON-LD), nothing a browser runs.
    assert [script["type"] for script in soup.find_all("script")] == ["application/ld+json"] * 2
    urls = [tag.get("src") for tag in soup.find_all(src=True)]
    urls += [tag["href"] for tag in soup.find_all("link", href=True)
             if tag.get("rel") != ["canonical"]]
    assert urls, "the stylesheet link is missing"
    assert all(not urlsplit(url).netloc for url in urls), urls
    assert soup.find("link", rel="stylesheet")["href"] == "/static/css/site.css"


def test_stylesheet_is_small_and_loads_nothing_from_elsewhere():
    css = Path(settings.BASE_DIR, "themes/default/static/css/site.css").read_text()
    assert len(css.encode()) < 18_000  # about 4.5 KB with gzip, print rules included
    assert "@import" not in css
    assert "url(" not in css
    assert ":focus-visible" in css


def test_missing_page_is_a_friendly_italian_404(site_tree, identity, render):
    soup = render("/non-esiste/", status=404)
    assert soup.html["lang"] == "it"
    assert soup.find("h1").get_text() == "Pagina non trovata"
    assert soup.find("main").find("a", href="/") is not None
