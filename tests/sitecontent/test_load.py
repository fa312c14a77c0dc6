"""Loading site_content/: repeatable, careful with editors' work, all-or-nothing."""

import datetime

import pytest
import yaml

from django.core.management import CommandError, call_command

from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from cms.core.models import AudienceTag
from cms.guides.models import GuidePage
from cms.home.models import HomePage
from cms.network.models import Closure, OpeningHours, Partner, Service, SportelloPage
from cms.sitecontent.models import ContentAnchor, LoadedFile
from cms.sitecontent.services import ContentError, load_site_content

from .conftest import CITTA, PINNED_DAY

pytestmark = pytest.mark.django_db

COUNTED = [Page, Revision, get_image_model(), get_document_model(), Partner, Service, AudienceTag,
           Tag, OpeningHours, Closure, LoadedFile, ContentAnchor]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_first_load_builds_the_site(content_dir):
    report = load_site_content(path=content_dir, today=PINNED_DAY)

    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert site.site_name == "Le città del lavoro"
    assert not Page.objects.filter(title__startswith="Welcome").exists()
    assert SportelloPage.objects.live().descendant_of(home).count() == 9
    assert GuidePage.objects.live().descendant_of(home).count() >= 6
    assert CITTA + "pages/index.yaml" in report.created
    varese = SportelloPage.objects.get(slug="varese")
    assert varese.relative_url(site) == "/sportelli/varese/"
    assert varese.opening_hours.count() == 5
    assert {s.slug for s in varese.services.all()} >= {"curriculum", "preselezione"}
    guide = GuidePage.objects.get(slug="scrivere-il-curriculum")
    assert {tag.slug for tag in guide.audiences.all()} == {"giovani", "disoccupati"}
    # the sportello block points at the real page, by id
    sportello_block = next(block for block in guide.body if block.block_type == "sportello")
    assert sportello_block.value["sportello"].specific == varese


def test_loading_twice_changes_nothing(content_dir):
    load_site_content(path=content_dir, today=PINNED_DAY)
    before = _counts()
    latest = dict(Page.objects.values_list("pk", "latest_revision_id"))

    report = load_site_content(path=content_dir, today=PINNED_DAY + datetime.timedelta(days=40))

    assert not report.changed
    assert report.kept == []
    assert _counts() == before
    assert dict(Page.objects.values_list("pk", "latest_revision_id")) == latest
    assert ContentAnchor.objects.get().day == PINNED_DAY


def _edit_yaml(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_page_edited_in_the_cms_is_kept_unless_forced(content_copy):
    load_site_content(path=content_copy, today=PINNED_DAY)
    guide = GuidePage.objects.get(slug="primo-colloquio")
    guide.title = "Il colloquio (rivisto dalla redazione)"
    guide.save_revision().publish()
    file = content_copy / CITTA / "pages/guide/primo-colloquio.yaml"
    _edit_yaml(file, lambda data: data.update(title="Il primo colloquio, nuova versione"))

    report = load_site_content(path=content_copy)

    assert GuidePage.objects.get(pk=guide.pk).title == "Il colloquio (rivisto dalla redazione)"
    assert report.kept == [(CITTA + "pages/guide/primo-colloquio.yaml",
                            "modificata nel CMS: usa --force per sovrascrivere")]

    report = load_site_content(path=content_copy, force=True)

    assert GuidePage.objects.get(pk=guide.pk).title == "Il primo colloquio, nuova versione"
    assert CITTA + "pages/guide/primo-colloquio.yaml" in report.updated


def test_changed_file_updates_a_page_nobody_edited(content_copy):
    load_site_content(path=content_copy, today=PINNED_DAY)
    revisions = Revision.objects.count()
    file = content_copy / CITTA / "pages/sportelli/ispra.yaml"
    _edit_yaml(file, lambda data: data["fields"].update(phone="0332 999 999"))

    report = load_site_content(path=content_copy)

    assert report.updated == [CITTA + "pages/sportelli/ispra.yaml"]
    assert SportelloPage.objects.get(slug="ispra").phone == "0332 999 999"
    assert Revision.objects.count() == revisions + 1


def test_live_false_takes_a_published_page_off_the_site(content_copy):
    load_site_content(path=content_copy, today=PINNED_DAY)
    assert SportelloPage.objects.get(slug="ispra").live
    _edit_yaml(content_copy / CITTA / "pages/sportelli/ispra.yaml",
               lambda data: data.update(live=False))

    report = load_site_content(path=content_copy)

    assert report.updated == [CITTA + "pages/sportelli/ispra.yaml"]
    assert not SportelloPage.objects.get(slug="ispra").live
    assert SportelloPage.objects.live().filter(slug="ispra").count() == 0


BROKEN = [
    (CITTA + "pages/guide/primo-colloquio.yaml", lambda d: d.update(type="guides.GuidaInesistente"),
     CITTA + "pages/guide/primo-colloquio.yaml, campo «type»: tipo di pagina sconosciuto"),
    (CITTA + "pages/sportelli/ispra.yaml", lambda d: d["fields"].update(fax="0332 1"),
     CITTA + "pages/sportelli/ispra.yaml, campo «fax»: campo sconosciuto"),
    (CITTA + "pages/eventi/job-day-somma-lombardo.yaml",
     lambda d: d["fields"].update(sportello="/sportelli/atlantide/"),
     CITTA + "pages/eventi/job-day-somma-lombardo.yaml, campo «sportello»: la pagina "
     "«/sportelli/atlantide/» non esiste"),
    (CITTA + "pages/corsi/inglese-per-il-lavoro.yaml",
     lambda d: d["fields"].update(start_date="dopodomani"),
     CITTA + "pages/corsi/inglese-per-il-lavoro.yaml, campo «start_date»: data non leggibile "
             "«dopodomani»"),
    (CITTA + "pages/guide/assumere-un-apprendista.yaml",
     lambda d: d["fields"]["body"].append({"type": "sportello",
                                           "value": {"sportello": "/sportelli/marte/"}}),
     CITTA + "pages/guide/assumere-un-apprendista.yaml, campo «body[4].sportello»: la pagina "
     "«/sportelli/marte/» non esiste"),
]


@pytest.mark.parametrize(("relative", "breakage", "message"), BROKEN)
def test_broken_file_names_file_and_field_and_loads_nothing(content_copy, relative, breakage,
                                                            message):
    _edit_yaml(content_copy / relative, breakage)
    pages_before = Page.objects.count()

    with pytest.raises(ContentError) as error:
        load_site_content(path=content_copy, today=PINNED_DAY)

    assert str(error.value).startswith(message)
    assert Page.objects.count() == pages_before
    assert not HomePage.objects.exists()
    assert not Partner.objects.exists()
    assert not get_image_model().objects.exists()


def test_command_reports_the_mistake_in_italian(content_copy):
    _edit_yaml(content_copy / CITTA / "pages/sportelli/ispra.yaml",
               lambda d: d["fields"].update(postcode="2102"))

    with pytest.raises(CommandError, match=r"ispra.yaml, campo «postcode»: Il CAP è fatto di 5"):
        call_command("load_site_content", path=content_copy)


def test_command_if_empty_and_dry_run(content_dir):
    call_command("load_site_content", path=content_dir, dry_run=True)
    assert not HomePage.objects.exists()

    call_command("load_site_content", path=content_dir, if_empty=True)
    revisions = Revision.objects.count()
    assert HomePage.objects.count() == 2  # one per network

    call_command("load_site_content", path=content_dir, if_empty=True)
    assert Revision.objects.count() == revisions
