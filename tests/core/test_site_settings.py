"""Each site has its own public address and theme, chosen in the Italian admin; an empty
choice keeps the installation's (`RETE_BASE_URL`, `RETE_THEME`)."""

from pathlib import Path

import pytest

from django.core.exceptions import ValidationError
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory
from django.urls import reverse

from wagtail.models import Page, Site

from cms.core.site_settings import PortalSettings, public_base_url, use_site
from cms.core.themes import ThemeStaticFinder, use_theme
from cms.syndication.links import public_url
from tests import factories

THEMES = Path(__file__).resolve().parents[2] / "themes"


@pytest.fixture
def two_sites(site_tree):
    """The default site (no choice saved) and a Modena site with its theme and address."""
    modena_home = factories.HomePageFactory(parent=Page.get_first_root_node(), slug="modena",
                                            title="Rete Modena")
    modena = Site.objects.create(hostname="modena.localhost", root_page=modena_home,
                                 site_name="Modena")
    PortalSettings.objects.update_or_create(
        site=modena, defaults={"theme": "modena", "base_url": "https://lavoro.modena.example.it"})
    return Site.objects.get(is_default_site=True), modena


def test_each_site_is_served_in_its_own_theme(client, two_sites):
    default_home = client.get("/", HTTP_HOST="localhost").content.decode()
    modena_home = client.get("/", HTTP_HOST="modena.localhost").content.decode()

    assert "css/modena.css" in modena_home and 'class="mo-top"' in modena_home
    assert "css/site.css" in modena_home  # the default theme's stylesheet, under the theme's
    assert "css/modena.css" not in default_home and 'class="hero"' in default_home
    assert '<meta name="theme-color" content="#0a4a7f">' in default_home


def test_a_render_without_the_handler_follows_the_request_site(two_sites):
    """The bake renders pages with a bare request that carries the site, not through middleware."""
    factory = RequestFactory()
    modena = render_to_string("includes/theme_head.html",
                              request=factory.get("/", HTTP_HOST="modena.localhost"))
    default = render_to_string("includes/theme_head.html",
                               request=factory.get("/", HTTP_HOST="localhost"))
    assert "modena.css" in modena and "#7b1e2b" in modena
    assert default == '<meta name="theme-color" content="#0a4a7f">'


def test_what_a_theme_does_not_override_comes_from_the_default_theme(db):
    with use_theme("modena"):
        own = get_template("pages/home_page.html").origin.name
        borrowed = get_template("pages/guide_page.html").origin.name
    with use_theme("default"):
        default_home = get_template("pages/home_page.html").origin.name
    assert own == str(THEMES / "modena" / "templates" / "pages" / "home_page.html")
    assert borrowed == str(THEMES / "default" / "templates" / "pages" / "guide_page.html")
    assert default_home == str(THEMES / "default" / "templates" / "pages" / "home_page.html")


def test_static_files_come_from_the_theme_then_the_default():
    modena = ThemeStaticFinder(theme="modena")
    default = ThemeStaticFinder(theme="default")
    assert modena.find("css/modena.css") == str(THEMES / "modena/static/css/modena.css")
    assert modena.find("css/site.css") == str(THEMES / "default/static/css/site.css")
    assert default.find("css/modena.css") == []  # a bake of a default-theme site
    with use_theme("default"):  # the CMS's own finder: the other themes' files come after
        cms_finder = ThemeStaticFinder()
        assert cms_finder.find("css/site.css") == str(THEMES / "default/static/css/site.css")
        assert cms_finder.find("css/modena.css") == str(THEMES / "modena/static/css/modena.css")
    assert {path for path, _storage in modena.list([])} >= {
        "css/modena.css", "img/marchio-modena.svg", "css/site.css", "js/search.js"}


def test_the_public_address_is_the_site_s_else_the_installation_s(two_sites, settings):
    default, modena = two_sites
    settings.RETE_BASE_URL = "https://www.example.org"
    assert public_base_url(site=default) == "https://www.example.org"
    assert public_base_url(site=modena) == "https://lavoro.modena.example.it"
    with use_site(modena):
        assert public_url("/notizie/") == "https://lavoro.modena.example.it/notizie/"
    assert public_url("/notizie/") == "https://www.example.org/notizie/"  # the default site's


def test_the_sitemap_of_each_site_points_at_its_own_address(client, two_sites):
    modena = client.get("/sitemap.xml", HTTP_HOST="modena.localhost").content.decode()
    default = client.get("/sitemap.xml", HTTP_HOST="localhost").content.decode()
    assert "<loc>https://lavoro.modena.example.it/</loc>" in modena
    assert "lavoro.modena" not in default


@pytest.mark.parametrize(("field", "value", "message"), [
    ("base_url", "www.rete.example.it", "Scrivi un indirizzo completo"),
    ("base_url", "https://www.rete.example.it/portale/", "senza percorso"),
    ("theme", "ferrara", "Il valore 'ferrara' non è una scelta valida"),
])
def test_a_wrong_address_or_theme_is_refused_in_italian(site_tree, field, value, message):
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    setattr(portal, field, value)
    with pytest.raises(ValidationError) as error:
        portal.full_clean()
    assert message in str(error.value.message_dict[field])


def test_the_admin_offers_the_installed_themes_with_help_in_italian(editor_client, site_tree):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=("core", "portalsettings", site.pk))
    page = editor_client.get(url).content.decode()
    assert "Indirizzo e tema del portale" in page or "indirizzo e tema del portale" in page
    assert '<option value="modena"' in page and '<option value="default"' in page
    assert "Lascia vuoto per usare il tema dell&#x27;installazione" in page

    response = editor_client.post(url, {"base_url": "https://lavoro.example.it/",
                                        "theme": "modena"})
    assert response.status_code == 302
    saved = PortalSettings.objects.get(site=site)
    assert (saved.base_url, saved.theme) == ("https://lavoro.example.it", "modena")


def test_the_theme_choices_read_as_their_labels_in_italian():
    from cms.core.themes import theme_choices

    choices = dict(theme_choices())
    assert choices["default"].startswith("Predefinito")
    assert choices["modena"].startswith("Modena: rosso e oro")
