"""site_content/ holds several networks: each its own Wagtail Site, loaded and exported alone."""

import io
import shutil

import pytest
import yaml

from django.core.management import call_command

from wagtail.models import Page, Revision, Site

from cms.core.models import IdentitySettings
from cms.core.site_settings import PortalSettings, site_folder, use_site
from cms.guides.models import GuidePage
from cms.home.models import HomePage
from cms.network.models import DatabankSettings, SportelloPage
from cms.observatory.models import ObservatoryPage
from cms.sitecontent.models import LoadedFile
from cms.sitecontent.services import (
    ContentError,
    content_is_loaded,
    export_site_content,
    load_site_content,
)

from .conftest import CITTA, MODENA, PINNED_DAY
from .test_export import NOT_EXPORTED

pytestmark = pytest.mark.django_db


def _site(folder: str) -> Site:
    return PortalSettings.objects.select_related("site").get(folder=folder).site


def _pages_of(site: Site) -> dict[int, int]:
    """Each page of a site → its latest revision."""
    return dict(site.root_page.get_descendants(inclusive=True)
                .values_list("pk", "latest_revision_id"))


def test_each_network_is_a_site_with_its_folder_theme_and_host(content_dir):
    load_site_content(path=content_dir, today=PINNED_DAY)

    citta, modena = _site("citta-del-lavoro"), _site("modena-carpi")
    assert citta.is_default_site and citta.hostname == "localhost"
    assert not modena.is_default_site
    assert (modena.hostname, modena.port) == ("modena-carpi.localhost", 80)
    assert modena.site_name == "Una rete per il lavoro – Modena e Carpi"
    portal = PortalSettings.for_site(modena)
    assert (portal.theme, portal.base_url) == ("modena", "https://lavoro.modena-carpi.example.it")
    assert PortalSettings.for_site(citta).theme == ""  # the installation's theme
    assert (site_folder(citta), site_folder(modena)) == ("citta-del-lavoro", "modena-carpi")
    # Each its own home, both children of the tree root, with their own settings.
    homes = HomePage.objects.order_by("path")
    assert [home.pk for home in homes] == [citta.root_page_id, modena.root_page_id]
    assert all(home.get_parent().is_root() for home in homes)
    assert IdentitySettings.for_site(modena).network_name == "Una rete per il lavoro"
    assert IdentitySettings.for_site(citta).network_name == "Le città del lavoro"
    assert IdentitySettings.for_site(modena).privacy_page.get_site() == modena
    assert "modena-carpi" in DatabankSettings.for_site(modena).search_url_template
    # The pages are where their site is: sportelli, and the observatory with its own figures.
    carpi = SportelloPage.objects.descendant_of(modena.root_page)
    assert {page.slug for page in carpi} == {"centro-per-l-impiego-di-carpi", "quicitta-carpi",
                                             "quicitta-fossoli"}
    assert SportelloPage.objects.descendant_of(citta.root_page).count() == 9
    observatory = ObservatoryPage.objects.descendant_of(modena.root_page).get()
    assert observatory.is_example and observatory.comuni == ["Carpi"]
    assert observatory.url_path == modena.root_page.url_path + "osservatorio-mercato-del-lavoro/"


def test_one_network_loads_alone_and_leaves_the_other_untouched(content_copy):
    report = load_site_content(path=content_copy, today=PINNED_DAY, networks=["modena-carpi"])

    assert Site.objects.filter(hostname="modena-carpi.localhost").exists()
    assert HomePage.objects.count() == 1
    assert all(name.startswith((MODENA, "snippets/", "media/")) for name in report.created
               + report.updated)
    assert not content_is_loaded(network="citta-del-lavoro")

    load_site_content(path=content_copy, networks=["citta-del-lavoro"])
    assert _site("citta-del-lavoro").is_default_site
    citta_pages = _pages_of(_site("citta-del-lavoro"))
    # A change to both networks' files: loading one network takes only its own.
    for network, slug in ((CITTA, "primo-colloquio"), (MODENA, "da-quale-sede-partire")):
        file = content_copy / network / "pages" / "guide" / f"{slug}.yaml"
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        data["title"] += " (aggiornata)"
        file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")

    call_command("load_site_content", path=content_copy, network="modena-carpi",
                 stdout=io.StringIO())

    assert _pages_of(_site("citta-del-lavoro")) == citta_pages
    assert GuidePage.objects.get(slug="primo-colloquio").title == "Il primo colloquio di lavoro"
    assert GuidePage.objects.get(slug="da-quale-sede-partire").title.endswith("(aggiornata)")


def test_an_unknown_network_is_named_with_the_ones_there_are(content_dir):
    with pytest.raises(ContentError, match=r"rete «atlantide» sconosciuta.*citta-del-lavoro, "
                                           r"modena-carpi"):
        load_site_content(path=content_dir, networks=["atlantide"])


def test_export_of_one_network_rewrites_only_its_folder(content_dir, tmp_path):
    load_site_content(path=content_dir, today=PINNED_DAY)
    export_site_content(path=tmp_path)
    guide = GuidePage.objects.get(slug="primo-colloquio")
    guide.title = "Cambiata nel CMS"
    guide.save_revision().publish()
    before = (tmp_path / CITTA / "pages/guide/primo-colloquio.yaml").read_bytes()

    call_command("export_site_content", path=tmp_path, network="modena-carpi")

    assert (tmp_path / CITTA / "pages/guide/primo-colloquio.yaml").read_bytes() == before
    for file in (content_dir / MODENA).rglob("*"):
        if file.is_file() and file.name not in NOT_EXPORTED:
            relative = file.relative_to(content_dir)
            assert (tmp_path / relative).read_bytes() == file.read_bytes(), relative


def test_if_empty_adds_a_new_network_to_a_database_loaded_before_the_networks(content_dir,
                                                                             tmp_path):
    """A database loaded from the single-network layout (pages/ at the top) gets the second
    network from `--if-empty`, and its own pages stay as they are: no new revision."""
    single = tmp_path / "single"
    shutil.copytree(content_dir / CITTA, single)
    for shared in ("snippets", "media"):
        shutil.copytree(content_dir / shared, single / shared)
    site_file = single / "site.yaml"
    site_file.write_text(site_file.read_text(encoding="utf-8").replace("  default: true\n", ""),
                         encoding="utf-8")
    load_site_content(path=single, today=PINNED_DAY)
    assert LoadedFile.objects.filter(path="pages/index.yaml").exists()
    default = Site.objects.get(is_default_site=True)
    pages = _pages_of(default)
    revisions = Revision.objects.count()
    identity = IdentitySettings.for_site(default)
    identity.tagline = "Cambiato nel CMS"
    identity.save()

    call_command("load_site_content", path=content_dir, if_empty=True, stdout=io.StringIO())

    assert HomePage.objects.count() == 2
    assert _site("citta-del-lavoro") == default  # the site it had, now with its folder
    assert _pages_of(default) == pages
    assert IdentitySettings.for_site(default).tagline == "Cambiato nel CMS"
    assert Revision.objects.count() == revisions + Page.objects.descendant_of(
        _site("modena-carpi").root_page, inclusive=True).count()
    assert LoadedFile.objects.filter(path=CITTA + "pages/index.yaml").exists()
    assert not LoadedFile.objects.filter(path="pages/index.yaml").exists()


@pytest.mark.parametrize(("host", "own", "other"), [
    ("localhost", ("Sportello lavoro di Varese", "Provincia di Varese"),
     ("Punto Quicittà di Fossoli", "Provincia di Modena")),
    ("modena-carpi.localhost", ("Punto Quicittà di Fossoli", "Provincia di Modena"),
     ("Sportello lavoro di Varese", "Provincia di Varese")),
])
def test_a_network_shows_only_its_own_sportelli_and_partners(client, content_dir, host, own,
                                                            other):
    load_site_content(path=content_dir, today=PINNED_DAY)

    for path, shown in (("/sportelli/", (0, 1)), ("/contatti/", (0,)), ("/", (1,))):
        response = client.get(path, HTTP_HOST=host, secure=True)
        html = response.content.decode()
        assert response.status_code == 200, path
        for index in shown:  # the sportello, the partner (the home's databank search)
            assert own[index] in html and other[index] not in html, (path, own[index])


def test_each_site_bakes_only_its_own_observatory_csv(content_dir):
    from cms.observatory.bake import baked_files

    load_site_content(path=content_dir, today=PINNED_DAY)

    assert list(baked_files()) == ["/osservatorio-lavoro/dati.csv"]  # the default site
    with use_site(_site("modena-carpi")):  # as its bake works for it
        assert list(baked_files()) == ["/osservatorio-mercato-del-lavoro/dati.csv"]
