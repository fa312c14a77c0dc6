"""A small portal with one live page of every type, pages that must stay out, and the baked API.

Hidden pages carry a marker in title and intro, so a test can grep every baked file for it.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import wagtail_factories

from django.test import Client
from django.utils import timezone

from wagtail.models import PageViewRestriction, Site

from cms.headless.bake import baked_files
from tests import factories

DRAFT_MARKER = "MARCATORE-BOZZA-API-41c7"
REVISION_MARKER = "MARCATORE-REVISIONE-API-8d20"
PRIVATE_MARKER = "MARCATORE-PRIVATA-API-e513"
WITHDRAWN_MARKER = "MARCATORE-RITIRATA-API-0b6f"
HIDDEN_MARKERS = [DRAFT_MARKER, REVISION_MARKER, PRIVATE_MARKER, WITHDRAWN_MARKER]
BASE_URL = "https://lavoro.example.it"


@dataclass
class Portal:
    """The test content, by role."""

    live: dict = field(default_factory=dict)
    hidden: dict = field(default_factory=dict)
    used_image: object = None
    unused_image: object = None
    document: object = None
    draft_document: object = None


@pytest.fixture(autouse=True)
def public_address(settings):
    """A baked-site address unlike the CMS host, so that every rewritten URL shows."""
    settings.RETE_BASE_URL = BASE_URL


@pytest.fixture
def portal(site_tree) -> Portal:
    now = timezone.now().replace(microsecond=0)
    today = timezone.localdate()
    days = datetime.timedelta
    used_image = wagtail_factories.ImageFactory(title="Foto dello sportello")
    unused_image = wagtail_factories.ImageFactory(title="Foto mai usata")
    document = wagtail_factories.DocumentFactory(title="Bando del concorso",
                                                 file__filename="bando.pdf")
    draft_document = wagtail_factories.DocumentFactory(title="Allegato di una bozza",
                                                       file__filename="bozza.pdf")
    audience = factories.AudienceTagFactory(name="Giovani", slug="giovani")

    sportello = factories.SportelloPageFactory(parent=site_tree.sportelli, slug="ispra",
                                               title="Sportello di Ispra")
    sportello.opening_hours.create(weekday=0, opens="09:00", closes="12:30")
    sportello.save_revision().publish()
    guide = factories.GuidePageFactory(
        parent=site_tree.guides, slug="curriculum", title="Scrivere il curriculum",
        body=[("paragraph", "<p>Leggi la guida.</p>"),
              ("document", {"document": document, "title": "Scarica il modello"})])
    guide.audiences.add(audience)
    guide.topics.add("Curriculum vitae")
    guide.save_revision().publish()
    open_course = factories.CoursePageFactory(parent=site_tree.courses, slug="magazzino",
                                              title="Operatore di magazzino", is_free=False,
                                              cost="120.00")
    open_course.audiences.add(audience)
    open_course.save_revision().publish()
    closed_course = factories.CoursePageFactory(
        parent=site_tree.courses, slug="chiuso", title="Corso a iscrizioni chiuse",
        enrolment_deadline=today - days(1), start_date=today + days(5), end_date=today + days(30))
    running_course = factories.CoursePageFactory(
        parent=site_tree.courses, slug="in-corso", title="Corso in corso",
        enrolment_deadline=today - days(10), start_date=today - days(5),
        end_date=today + days(30))
    later_event = factories.EventPageFactory(parent=site_tree.events, slug="fiera",
                                             title="Fiera del lavoro", sportello=None,
                                             start=now + days(20), end=now + days(20, hours=8))
    event = factories.EventPageFactory(parent=site_tree.events, sportello=sportello,
                                       slug="giornata", title="Giornata del lavoro",
                                       start=now + days(3), end=now + days(3, hours=2))
    ongoing_event = factories.EventPageFactory(parent=site_tree.events, slug="in-corso",
                                               title="Laboratorio in corso",
                                               start=now - days(hours=1), end=now + days(hours=1))
    past_event = factories.EventPageFactory(parent=site_tree.events, slug="passato",
                                            title="Evento passato",
                                            start=now - days(3), end=now - days(3, hours=-2))
    news = factories.NewsPageFactory(
        parent=site_tree.news, slug="nasce-la-rete", title="Nasce la rete",
        image=used_image, image_alt="Lo sportello di Ispra",
        body=[("image", {"image": used_image, "alt": "Lo sportello", "caption": ""})])
    contest = factories.ContestPageFactory(
        parent=site_tree.home, documents=[("document", {"document": document, "title": ""})])
    standard = factories.StandardPageFactory(parent=site_tree.home, slug="privacy",
                                             title="Privacy")
    site_map = factories.SiteMapPageFactory(parent=site_tree.home)
    accessibility = factories.AccessibilityStatementPageFactory(parent=site_tree.home)
    contacts = factories.ContactsPageFactory(parent=site_tree.home)
    observatory = factories.ObservatoryPageFactory(parent=site_tree.home)

    draft = factories.GuidePageFactory(
        parent=site_tree.guides, slug="bozza", title=f"Guida {DRAFT_MARKER}", intro=DRAFT_MARKER,
        live=False, body=[("document", {"document": draft_document, "title": ""})])
    draft_event = factories.EventPageFactory(parent=site_tree.events, slug="evento-bozza",
                                             title=f"Evento {DRAFT_MARKER}", live=False)
    draft_course = factories.CoursePageFactory(parent=site_tree.courses, slug="corso-bozza",
                                               title=f"Corso {DRAFT_MARKER}", live=False)
    revised = factories.StandardPageFactory(parent=site_tree.home, slug="chi-siamo",
                                            title="Chi siamo")
    revised.title = f"Chi siamo {REVISION_MARKER}"
    revised.intro = REVISION_MARKER
    revised.save_revision()
    private = factories.StandardPageFactory(parent=site_tree.home, slug="riservata",
                                            title=f"Riservata {PRIVATE_MARKER}",
                                            intro=PRIVATE_MARKER)
    PageViewRestriction.objects.create(page=private, restriction_type="password",
                                       password="segreta")
    withdrawn = factories.NewsPageFactory(parent=site_tree.news, slug="ritirata",
                                          title=f"Notizia {WITHDRAWN_MARKER}",
                                          intro=WITHDRAWN_MARKER)
    withdrawn.unpublish()

    live = {
        "home": site_tree.home, "guides": site_tree.guides, "courses": site_tree.courses,
        "events": site_tree.events, "news": site_tree.news, "sportelli": site_tree.sportelli,
        "sportello": sportello, "guide": guide, "open_course": open_course,
        "closed_course": closed_course, "running_course": running_course, "event": event,
        "later_event": later_event, "ongoing_event": ongoing_event, "past_event": past_event,
        "news_page": news, "contest": contest, "standard": standard, "revised": revised,
        "site_map": site_map, "accessibility": accessibility, "contacts": contacts,
        "observatory": observatory,
    }
    hidden = {"draft": draft, "draft_event": draft_event, "draft_course": draft_course,
              "private": private, "withdrawn": withdrawn}
    return Portal(live=live, hidden=hidden, used_image=used_image, unused_image=unused_image,
                  document=document, draft_document=draft_document)


@pytest.fixture
def cms_client() -> Client:
    """A client asking the default site's host, as the bake does."""
    site = Site.objects.get(is_default_site=True)
    return Client(HTTP_HOST=site.hostname)


@dataclass
class BakedApi:
    build_dir: Path
    files: dict[str, str]

    def load(self, relative: str):
        return json.loads((self.build_dir / relative).read_bytes())

    def all_files(self) -> list[Path]:
        return sorted(path for path in self.build_dir.rglob("*") if path.is_file())


@pytest.fixture
def baked(portal, cms_client, tmp_path) -> BakedApi:
    """The baked API, produced as the bake does: request every mapped URL, write the body."""
    build_dir = tmp_path / "build"
    # A page's own record comes as (file, page id): the page it is rebaked with.
    files = {url: target.path
             for url, target in baked_files().items()}
    for url, relative in files.items():
        response = cms_client.get(url)
        assert response.status_code == 200, (url, response.content[:500])
        destination = build_dir / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(response.content)
    return BakedApi(build_dir=build_dir, files=files)
