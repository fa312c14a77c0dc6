"""Incremental bakes: any sequence of edits leaves exactly what a full bake would write.

The edits go through the real chain: Wagtail's signals note them, the bake task
runs when the transaction commits (django-tasks' immediate backend in tests), and
`bake_changes` updates build A in place; then a full `bake_site` writes build B.
"""

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from cms.core.models import StandardPage
from cms.guides.models import GuidePage
from cms.network.models import Partner
from cms.publishing.incremental import bake_changes, pages_affected_by, record_full_bake
from cms.publishing.services import bake_site
from tests import factories

from .builds import comparable_files
from .conftest import site_dir


def assert_same_build(incremental: Path, full: Path) -> None:
    a, b = comparable_files(incremental), comparable_files(full)
    assert sorted(set(a) - set(b)) == [], "files the full bake does not write"
    assert sorted(set(b) - set(a)) == [], "files the incremental bake is missing"
    differing = sorted(name for name in a if a[name] != b[name])
    assert differing == [], "files whose bytes differ"


def content_pages() -> list[Page]:
    """Live pages below the menu sections, the ones editors touch every day."""
    return list(Page.objects.live().filter(depth__gte=4).specific().order_by("path"))


class Editor:
    """Edits as an editor makes them in the admin (publish, unpublish, move, delete…)."""

    def __init__(self, tree, capture):
        self.tree = tree
        self.capture = capture
        self.count = 0

    def apply(self, operation: str, choice: int) -> None:
        self.count += 1
        with self.capture(execute=True):
            getattr(self, operation)(choice)

    def _pick(self, pages, choice):
        return pages[choice % len(pages)] if pages else None

    def new_guide(self, choice):
        guide = factories.GuidePageFactory(parent=self.tree.live["guides"], live=False,
                                           title=f"Guida nuova {self.count}",
                                           slug=f"nuova-{self.count}")
        guide.save_revision().publish()

    def edit_title(self, choice):
        page = self._pick(content_pages(), choice)
        if page is not None:
            page.title = f"{page.title} (rivisto {self.count})"
            page.save_revision().publish()

    def unpublish(self, choice):
        page = self._pick(content_pages(), choice)
        if page is not None:
            page.unpublish()

    def move(self, choice):
        pages = list(StandardPage.objects.filter(depth__gte=4).order_by("path"))
        page = self._pick(pages, choice)
        if page is not None:
            # Fresh from the database: treebeard trusts the instance's path and numchild.
            privacy = StandardPage.objects.get(slug="privacy")
            chi_siamo = StandardPage.objects.get(slug="chi-siamo")
            target = chi_siamo if page.path.startswith(privacy.path) else privacy
            page.move(target, pos="last-child")

    def delete(self, choice):
        page = self._pick(content_pages(), choice)
        if page is not None:
            page.delete()

    def rename_partner(self, choice):
        partner = Partner.objects.order_by("pk").first()
        partner.name = f"Ente rinominato {self.count}"
        partner.save()

    def rename_media(self, choice):
        """Rename the image or the document a live page uses (the baked API has a record of
        each, which shows no page)."""
        item = self.tree.used_image if choice % 2 else self.tree.document
        item = type(item).objects.get(pk=item.pk)
        item.title = f"{item.title} (rinominato {self.count})"
        item.save()

    def add_tag(self, choice):
        guide = self._pick(list(GuidePage.objects.live().order_by("path")), choice)
        if guide is not None:
            tag = factories.AudienceTagFactory(name=f"Pubblico {self.count}",
                                               slug=f"pubblico-{self.count}")
            guide.audiences.add(tag)
            guide.topics.add(f"Argomento {choice % 2}")
            guide.save_revision().publish()


    def restrict(self, choice):
        """Put a password on a live page (Wagtail's "Privacy" dialog in the admin)."""
        page = self._pick(content_pages(), choice)
        if page is not None:
            PageViewRestriction.objects.create(page=page, password="segreta",
                                               restriction_type=PageViewRestriction.PASSWORD)

    def unrestrict(self, choice):
        """Make a private page public again (the fixture's password-protected section too)."""
        restriction = self._pick(list(PageViewRestriction.objects.order_by("pk")), choice)
        if restriction is not None:
            restriction.delete()


OPERATIONS = ["new_guide", "edit_title", "unpublish", "move", "delete", "rename_partner",
              "rename_media", "add_tag", "restrict", "unrestrict"]


class Moves(list):
    """Each `move_into_place` of the incremental bakes: the files it put live, changed or not."""

    @property
    def files(self) -> list[str]:
        return [name for move in self for name in move]


@pytest.fixture
def moves(monkeypatch) -> Moves:
    """What every incremental bake of the test moves into the live build, move by move."""
    from cms.publishing import incremental

    recorded = Moves()
    move = incremental.move_into_place

    def recorded_move(**kwargs):
        recorded.append(move(**kwargs))
        return recorded[-1]

    monkeypatch.setattr(incremental, "move_into_place", recorded_move)
    return recorded


@pytest.fixture
def editable_tree(bake_site_tree):
    """The bake test site plus standard pages that can move between two parents."""
    factories.StandardPageFactory(parent=bake_site_tree.live["standard"], title="Orari",
                                  slug="orari")
    factories.StandardPageFactory(parent=bake_site_tree.live["standard"], title="Contatti",
                                  slug="contatti")
    # Factory pages were never published through a revision: without a publication
    # time the calendars stamp them with the clock, and no two bakes would agree.
    Page.objects.filter(last_published_at__isnull=True).update(
        last_published_at=timezone.now().replace(microsecond=0))
    return bake_site_tree


@pytest.mark.django_db
@hypothesis_settings(max_examples=15, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 20)),
                      min_size=1, max_size=5))
def test_any_sequence_of_edits_bakes_like_a_full_bake(editable_tree,
                                                      django_capture_on_commit_callbacks,
                                                      edits):
    with tempfile.TemporaryDirectory() as tmp:
        build_a, build_b = site_dir(Path(tmp) / "a"), Path(tmp) / "b" / "build"
        with transaction.atomic():
            bake_site(build_dir=build_a, progress=False)
            record_full_bake(build_dir=build_a)  # what the wired-up full bake does
            editor = Editor(editable_tree, django_capture_on_commit_callbacks)
            with override_settings(RETE_AUTO_BAKE=True, BUILD_DIR=str(build_a.parent)):
                for operation, choice in edits:
                    editor.apply(operation, choice)
            bake_site(build_dir=build_b, progress=False)
            assert_same_build(build_a, build_b)
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_unpublishing_removes_only_its_files_and_every_link_to_it(
        bake_site_tree, build_dir, django_capture_on_commit_callbacks):
    guide = bake_site_tree.live["guide"]
    related = factories.GuidePageFactory(parent=bake_site_tree.live["guides"], slug="collegata",
                                         title="Guida collegata", live=False)
    related.save_revision().publish()
    related = GuidePage.objects.get(pk=related.pk)  # publish() saved another instance
    bake_site(build_dir=build_dir, progress=False)
    record_full_bake(build_dir=build_dir)
    before = comparable_files(build_dir)
    link = related.url
    assert any(link.encode() in body for name, body in before.items() if name.endswith(".html")
               and name != "guide/collegata/index.html")

    with override_settings(RETE_AUTO_BAKE=True, BUILD_DIR=str(build_dir.parent)), \
            django_capture_on_commit_callbacks(execute=True):
        related.unpublish()

    after = comparable_files(build_dir)
    # Compressed twins follow their file; the search index is rebuilt as a whole.
    removed = {name for name in set(before) - set(after)
               if not name.endswith((".gz", ".br")) and not name.startswith("pagefind/")}
    # Its page, and the baked API's record of it (`api/v2/pages/<id>.json`): nothing else.
    assert "guide/collegata/index.html" in removed
    assert removed - {"guide/collegata/index.html"} <= {f"api/v2/pages/{related.pk}.json"}
    assert {name for name in after if not name.startswith("pagefind/")} <= set(before)
    assert not (build_dir / "guide" / "collegata").exists()
    for name, body in after.items():
        if name.endswith(".html"):
            assert f'href="{link}"'.encode() not in body, f"{name} still links to {link}"
    assert (build_dir / guide.url.lstrip("/") / "index.html").is_file()


@pytest.mark.django_db
def test_editing_a_guide_re_renders_its_neighbourhood_not_the_whole_site(bake_site_tree):
    guide = bake_site_tree.live["guide"]
    affected = pages_affected_by(page_ids=[guide.pk])
    assert guide.url in affected
    assert bake_site_tree.live["guides"].url in affected  # its listing
    assert bake_site_tree.live["home"].url in affected  # the home page's sections
    assert bake_site_tree.live["guides"].url + "per-chi/giovani/" in affected
    assert bake_site_tree.live["news_page"].url not in affected
    assert bake_site_tree.live["sportello"].url not in affected


@pytest.mark.django_db
def test_a_partner_re_renders_the_courses_it_runs(bake_site_tree):
    partner = bake_site_tree.live["course"].provider
    affected = pages_affected_by(objects=[partner])
    assert bake_site_tree.live["course"].url in affected
    assert bake_site_tree.live["courses"].url in affected
    assert bake_site_tree.live["news_page"].url not in affected


@pytest.mark.django_db
def test_without_a_live_build_the_first_change_bakes_everything(bake_site_tree, build_dir):
    report = bake_changes(build_dir=build_dir, page_ids=[bake_site_tree.live["guide"].pk])
    assert report.full
    assert (build_dir / "index.html").is_file()


@pytest.mark.django_db
def test_files_summing_up_one_kind_of_page_are_rewritten_only_when_such_a_page_changes(
        editable_tree, build_dir):
    """A guide's edit rewrites the guides' API listing but leaves the events' listing and
    feeds as they were; an event's edit rewrites those."""
    bake_site_tree = editable_tree  # with publication times, which calendars show
    bake_site(build_dir=build_dir, progress=False)
    record_full_bake(build_dir=build_dir)
    events_files = ["api/v2/pages/type/events.EventPage.json", "feed/eventi.xml",
                    "feed/eventi.atom", "api/eventi-in-arrivo.json"]
    guides_listing = "api/v2/pages/type/guides.GuidePage.json"

    def inodes() -> dict[str, int]:
        return {name: (build_dir / name).stat().st_ino for name in [*events_files, guides_listing]}

    before = inodes()
    guide = GuidePage.objects.get(pk=bake_site_tree.live["guide"].pk)
    guide.title = "Guida rivista"
    guide.save_revision().publish()
    bake_changes(build_dir=build_dir, page_ids=[guide.pk])

    after_guide = inodes()
    assert after_guide[guides_listing] != before[guides_listing]
    assert "Guida rivista" in (build_dir / guides_listing).read_text()
    assert {name: after_guide[name] for name in events_files} == {
        name: before[name] for name in events_files}

    event = Page.objects.get(pk=bake_site_tree.live["event"].pk).specific
    event.title = "Evento rivisto"
    event.save_revision().publish()
    bake_changes(build_dir=build_dir, page_ids=[event.pk])

    after_event = inodes()
    assert all(after_event[name] != after_guide[name] for name in events_files)
    assert "Evento rivisto" in (build_dir / events_files[0]).read_text()
    assert "Evento rivisto" in (build_dir / "feed/eventi.xml").read_text()
    full = build_dir.parent / "full"
    bake_site(build_dir=full, progress=False)
    assert_same_build(build_dir, full)


@pytest.mark.django_db
def test_an_edit_rewrites_the_api_listings_serializing_only_the_pages_it_changed(
        editable_tree, build_dir):
    """After a guide's edit, the API listings take every other page's record from their
    live copy (here doctored, to tell it apart) and serialize the guide's afresh; which
    pages, in which order and how many are the listing's own."""
    factories.GuidePageFactory(parent=editable_tree.live["guides"], title="Un'altra guida")
    bake_site(build_dir=build_dir, progress=False)
    record_full_bake(build_dir=build_dir)
    guide = GuidePage.objects.get(pk=editable_tree.live["guide"].pk)
    listings = ["api/v2/pages/index.json", "api/v2/pages/type/guides.GuidePage.json"]
    others = {}
    for name in listings:
        data = json.loads((build_dir / name).read_text())
        other = next(item for item in data["items"] if item["id"] != guide.pk)
        other["title"] = "Copia del file dal vivo"
        others[name] = other["id"]
        (build_dir / name).write_text(json.dumps(data))

    guide.title = "Guida rivista"
    guide.save_revision().publish()
    bake_changes(build_dir=build_dir, page_ids=[guide.pk])

    full = build_dir.parent / "full"
    bake_site(build_dir=full, progress=False)
    for name in listings:
        data = json.loads((build_dir / name).read_text())
        fresh = json.loads((full / name).read_text())
        titles = {item["id"]: item["title"] for item in data["items"]}
        assert titles[guide.pk] == "Guida rivista"
        assert titles[others[name]] == "Copia del file dal vivo"
        assert [item["id"] for item in data["items"]] == [item["id"] for item in fresh["items"]]
        assert data["meta"] == fresh["meta"]
        assert [item for item in data["items"] if item["id"] != others[name]] == [
            item for item in fresh["items"] if item["id"] != others[name]]


@pytest.mark.django_db
def test_a_publish_puts_the_edited_page_live_before_the_pages_showing_it(
        editable_tree, build_dir, moves):
    """The first files to go live are the guide's own (its page, its API records); its
    listing follows. A new address takes the pages linking to the old one in the same
    first move, so no live page ever links to a removed file."""
    bake_site(build_dir=build_dir, progress=False)
    record_full_bake(build_dir=build_dir)
    guide = GuidePage.objects.get(pk=editable_tree.live["guide"].pk)
    guide.title = "Guida rivista"
    guide.save_revision().publish()
    bake_changes(build_dir=build_dir, page_ids=[guide.pk])

    page, listing = guide.url.strip("/") + "/index.html", "guide/index.html"
    # Its page, its API record and the records of the document it offers: nothing else.
    assert {page, f"api/v2/pages/{guide.pk}.json"} <= set(moves[0])
    assert [name for name in moves[0] if name != page and not name.startswith("api/v2/")] == []
    assert listing not in moves[0]
    assert "Guida rivista" in (build_dir / page).read_text()
    assert listing in moves[1] and "Guida rivista" in (build_dir / listing).read_text()

    moves.clear()
    old_url = guide.url
    guide.slug = "curriculum-europeo"  # its old address goes away
    guide.save_revision().publish()
    bake_changes(build_dir=build_dir, page_ids=[guide.pk])
    assert listing in moves[0]
    assert not (build_dir / old_url.strip("/") / "index.html").exists()
    assert f'href="{old_url}"'.encode() not in (build_dir / listing).read_bytes()
    full = build_dir.parent / "full"
    bake_site(build_dir=full, progress=False)
    assert_same_build(build_dir, full)


@pytest.mark.django_db
def test_the_icons_are_drawn_again_for_a_new_logo_not_for_each_publish(
        editable_tree, build_dir, moves):
    """The favicon and the app icons show the logo and no page: a guide's publish leaves
    them be, a new logo in the identity settings redraws them."""
    import io

    from PIL import Image as PILImage

    from django.core.files.images import ImageFile

    from wagtail.images.models import Image

    from cms.core.models import IdentitySettings

    bake_site(build_dir=build_dir, progress=False)
    record_full_bake(build_dir=build_dir)
    guide = GuidePage.objects.get(pk=editable_tree.live["guide"].pk)
    guide.title = "Guida rivista"
    guide.save_revision().publish()
    bake_changes(build_dir=build_dir, page_ids=[guide.pk])
    assert guide.url.strip("/") + "/index.html" in moves.files
    assert [name for name in moves.files if name.startswith(("favicon", "icons/"))] == []

    moves.clear()
    old_icon = (build_dir / "icons/icon-192.png").read_bytes()
    data = io.BytesIO()
    PILImage.new("RGBA", (400, 200), (255, 120, 0, 255)).save(data, "PNG")
    logo = Image.objects.create(title="Logo nuovo", file=ImageFile(data, name="logo.png"))
    identity, _created = IdentitySettings.objects.get_or_create(
        site=editable_tree.live["home"].get_site(), defaults={"network_name": "Rete"})
    identity.logo = logo
    identity.save()
    bake_changes(build_dir=build_dir, objects=[identity])

    assert {"favicon.ico", "icons/icon-192.png", "icons/anteprima.png"} <= set(moves.files)
    icon = PILImage.open(build_dir / "icons/icon-192.png")
    assert icon.convert("RGB").getpixel((96, 96)) == (255, 120, 0)  # the new logo, centred
    assert (build_dir / "icons/icon-192.png").read_bytes() != old_icon
    full = build_dir.parent / "full"
    bake_site(build_dir=full, progress=False)
    assert_same_build(build_dir, full)


@pytest.mark.django_db
def test_an_image_record_is_written_again_when_its_image_changes_not_at_each_publish(
        editable_tree, build_dir, moves):
    """The baked API's record of an image shows the image alone: a guide's publish leaves
    it be, renaming the image (which re-renders the news item using it) rewrites it."""
    bake_site(build_dir=build_dir, progress=False)
    record_full_bake(build_dir=build_dir)
    image = type(editable_tree.used_image).objects.get(pk=editable_tree.used_image.pk)
    record = f"api/v2/images/{image.pk}.json"
    assert json.loads((build_dir / record).read_text())["title"] == image.title
    guide = GuidePage.objects.get(pk=editable_tree.live["guide"].pk)
    guide.title = "Guida rivista"
    guide.save_revision().publish()
    bake_changes(build_dir=build_dir, page_ids=[guide.pk])
    assert "api/v2/pages/index.json" in moves.files and record not in moves.files

    moves.clear()
    image.title = "Lo sportello di Ispra, rinnovato"
    image.save()
    bake_changes(build_dir=build_dir, objects=[image])
    assert record in moves.files
    assert json.loads((build_dir / record).read_text())["title"] == image.title
    full = build_dir.parent / "full"
    bake_site(build_dir=full, progress=False)
    assert_same_build(build_dir, full)
