"""A small site with one live page of every type, the media they use, and pages that must stay out.

Each page that must never be published carries a unique marker in its title and intro,
so a test can grep the whole build for it.
"""

from dataclasses import dataclass, field
from pathlib import Path

import pytest
import wagtail_factories

from wagtail.models import PageViewRestriction, Site

from cms.core.models import StandardPage
from cms.core.site_settings import site_folder
from tests import factories

DRAFT_MARKER = "MARCATORE-BOZZA-7f3a"
REVISION_MARKER = "MARCATORE-REVISIONE-2c9e"
PRIVATE_MARKER = "MARCATORE-PRIVATA-91bd"
UNPUBLISHED_MARKER = "MARCATORE-RITIRATA-5e04"
HIDDEN_MARKERS = [DRAFT_MARKER, REVISION_MARKER, PRIVATE_MARKER, UNPUBLISHED_MARKER]


@dataclass
class BakeSite:
    """The pages and media of the test site, by role."""

    live: dict = field(default_factory=dict)
    used_image: object = None
    unused_image: object = None
    document: object = None


def site_dir(root: Path, site=None) -> Path:
    """The folder `site` (the default site) is baked into when `BUILD_DIR` is `root`."""
    return root / site_folder(site or Site.objects.get(is_default_site=True))


@pytest.fixture
def build_dir(tmp_path, db) -> Path:
    """The default site's build, in `BUILD_DIR` = `tmp_path/www` as the worker bakes it."""
    return site_dir(tmp_path / "www")


@pytest.fixture
def bake_site_tree(site_tree) -> BakeSite:
    """One live page of every type (with tags, an image and a document) plus hidden pages."""
    used_image = wagtail_factories.ImageFactory(title="Foto dello sportello",
                                                file__filename="sportello-usata.jpg")
    unused_image = wagtail_factories.ImageFactory(title="Foto mai usata",
                                                  file__filename="foto-mai-usata.jpg")
    document = wagtail_factories.DocumentFactory(title="Bando del concorso",
                                                 file__filename="bando-concorso.pdf",
                                                 file__data=b"%PDF-1.4 bando di prova")
    audience = factories.AudienceTagFactory(name="Giovani", slug="giovani")
    partner = factories.PartnerFactory()

    sportello = factories.SportelloPageFactory(parent=site_tree.sportelli,
                                               title="Sportello di Ispra", slug="ispra")
    guide = factories.GuidePageFactory(
        parent=site_tree.guides, title="Scrivere il curriculum", slug="curriculum",
        body=[("paragraph", "<p>Leggi la guida.</p>"),
              ("document", {"document": document, "title": "Scarica il modello"})],
    )
    guide.audiences.add(audience)
    guide.topics.add("Curriculum vitae")
    guide.save_revision().publish()
    course = factories.CoursePageFactory(parent=site_tree.courses, provider=partner,
                                         title="Operatore di magazzino", slug="magazzino")
    course.audiences.add(audience)
    course.save_revision().publish()
    event = factories.EventPageFactory(parent=site_tree.events, sportello=sportello,
                                       title="Giornata del lavoro", slug="giornata")
    news = factories.NewsPageFactory(
        parent=site_tree.news, title="Nasce la rete", slug="nasce-la-rete",
        image=used_image, image_alt="Lo sportello di Ispra",
        body=[("image", {"image": used_image, "alt": "Lo sportello", "caption": ""})],
    )
    contest = factories.ContestPageFactory(
        parent=site_tree.home, documents=[("document", {"document": document, "title": ""})],
    )
    standard = factories.StandardPageFactory(parent=site_tree.home, title="Privacy", slug="privacy")

    # Never published.
    factories.GuidePageFactory(parent=site_tree.guides, title=f"Guida {DRAFT_MARKER}",
                               intro=DRAFT_MARKER, slug="bozza", live=False)
    # Published, then edited without publishing: only the published version may appear.
    revised = factories.StandardPageFactory(parent=site_tree.home, title="Chi siamo",
                                            slug="chi-siamo")
    revised.title = f"Chi siamo {REVISION_MARKER}"
    revised.intro = REVISION_MARKER
    revised.save_revision()
    # Behind a password.
    private = factories.StandardPageFactory(parent=site_tree.home, slug="riservata",
                                            title=f"Riservata {PRIVATE_MARKER}",
                                            intro=PRIVATE_MARKER)
    PageViewRestriction.objects.create(page=private, restriction_type="password",
                                       password="segreta")
    factories.StandardPageFactory(parent=private, slug="sotto-riservata",
                                  title=f"Figlia della riservata {PRIVATE_MARKER}")
    # Published once, then withdrawn.
    withdrawn = factories.NewsPageFactory(parent=site_tree.news, slug="ritirata",
                                          title=f"Notizia {UNPUBLISHED_MARKER}",
                                          intro=UNPUBLISHED_MARKER)
    withdrawn.unpublish()

    live = {
        "home": site_tree.home, "guides": site_tree.guides, "courses": site_tree.courses,
        "events": site_tree.events, "news": site_tree.news, "sportelli": site_tree.sportelli,
        "sportello": sportello, "guide": guide, "course": course, "event": event,
        "news_page": news, "contest": contest, "standard": standard,
        "revised": StandardPage.objects.get(pk=revised.pk),
    }
    return BakeSite(live=live, used_image=used_image, unused_image=unused_image,
                    document=document)
