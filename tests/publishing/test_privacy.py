"""Privacy changes re-bake through the real worker, and nothing private reaches the build.

An editor puts a password on a live guide, makes a collection private, moves a photo
into it: each queues a bake like a publish, `db_worker` runs it, and afterwards the
live build holds nothing reachable only through the private page or collection (its
page, listing entries, tag chip and tag page, API records, search entries, feed and
calendar items, sitemap line, documents and images) and equals a full bake.
"""

import gzip
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from cms.publishing.incremental import record_full_bake
from cms.publishing.services import bake_site
from tests.publishing import test_worker
from tests.publishing.test_incremental import assert_same_build

TOPIC = "Curriculum vitae"
QUEUED_IN_DATABASE = test_worker.QUEUED_IN_DATABASE
# The real worker, run until the queue is empty (see test_worker.py).
run_worker_once = test_worker.run_worker_once
_nothing_pending = test_worker._nothing_pending


def build_text(build_dir: Path) -> dict[str, str]:
    """Every file of the build as text, compressed ones and search fragments unpacked."""
    texts = {}
    for path in sorted(build_dir.rglob("*")):
        if not path.is_file() or path.suffix in (".br",):
            continue
        body = path.read_bytes()
        if body[:2] == b"\x1f\x8b":  # .gz twins and Pagefind's fragments
            body = gzip.decompress(body)
        texts[path.relative_to(build_dir).as_posix()] = body.decode("utf-8", "replace")
    return texts


def files_mentioning(build_dir: Path, needle: str) -> list[str]:
    return sorted(name for name, text in build_text(build_dir).items() if needle in text)


@pytest.fixture
def live_site(bake_site_tree, build_dir):
    """The bake test site, baked as the wired-up full bake does, with the queue turned on."""
    # As in test_incremental.py: calendars stamp a page never published through a
    # revision with the clock, and no two bakes would agree.
    Page.objects.filter(last_published_at__isnull=True).update(
        last_published_at=timezone.now().replace(microsecond=0))
    bake_site(build_dir=build_dir, progress=False)
    record_full_bake(build_dir=build_dir)
    with override_settings(TASKS=QUEUED_IN_DATABASE, RETE_AUTO_BAKE=True,
                           BUILD_DIR=str(build_dir.parent)):
        yield bake_site_tree


def full_bake_equals(build_dir: Path, tmp_path: Path) -> None:
    full = tmp_path / "full" / "build"
    bake_site(build_dir=full, progress=False)
    assert_same_build(build_dir, full)


@pytest.mark.django_db
def test_a_password_on_a_live_guide_takes_everything_of_it_off_the_site(
        live_site, build_dir, tmp_path, django_capture_on_commit_callbacks, run_worker_once):
    guide = live_site.live["guide"]
    topic_page = build_dir / "guide" / "argomenti" / "curriculum-vitae" / "index.html"
    assert topic_page.is_file()
    assert files_mentioning(build_dir, guide.title)

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=guide, password="segreta",
                                           restriction_type=PageViewRestriction.PASSWORD)
    task = DBTaskResult.objects.get()
    assert guide.pk in task.args_kwargs["kwargs"]["page_ids"]
    run_worker_once()

    # Its page, API record, listing entries, feed and calendar items, sitemap line,
    # search entries: gone. Its topic carried by no other public page: no chip, no page.
    assert files_mentioning(build_dir, guide.title) == []
    assert files_mentioning(build_dir, TOPIC) == []
    assert not topic_page.exists()
    assert not (build_dir / f"api/v2/pages/{guide.pk}.json").exists()
    assert files_mentioning(build_dir, guide.url) == []
    full_bake_equals(build_dir, tmp_path)

    # Public again: everything comes back, as a full bake writes it.
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.get(page=guide).delete()
    run_worker_once()
    assert topic_page.is_file()
    assert (build_dir / guide.url.lstrip("/") / "index.html").is_file()
    full_bake_equals(build_dir, tmp_path / "again")


@pytest.mark.django_db
def test_a_private_collection_takes_its_documents_off_every_page(
        live_site, build_dir, tmp_path, django_capture_on_commit_callbacks, run_worker_once):
    document = live_site.document
    guide = live_site.live["guide"]
    copied = build_dir / document.file.url.lstrip("/")
    assert copied.is_file()
    assert document.file.url in (build_dir / guide.url.lstrip("/") / "index.html").read_text()

    private = Collection.get_first_root_node().add_child(name="Uffici interni")
    CollectionViewRestriction.objects.create(collection=private,
                                             restriction_type=CollectionViewRestriction.LOGIN)
    with django_capture_on_commit_callbacks(execute=True):
        document.collection = private  # moved by an editor in its edit form: a save
        document.save()
    run_worker_once()
    assert not copied.exists()
    assert files_mentioning(build_dir, document.file.url) == []
    assert files_mentioning(build_dir, document.title) == []
    assert not (build_dir / f"api/v2/documents/{document.pk}.json").exists()
    # The page renders without it (its other paragraph is still there).
    assert "Leggi la guida." in (build_dir / guide.url.lstrip("/") / "index.html").read_text()
    full_bake_equals(build_dir, tmp_path / "moved")


@pytest.mark.django_db
def test_making_a_collection_private_or_public_rebakes_what_shows_its_media(
        live_site, build_dir, tmp_path, django_capture_on_commit_callbacks, run_worker_once):
    image, document = live_site.used_image, live_site.document
    news = live_site.live["news_page"]
    collection = Collection.get_first_root_node().add_child(name="Foto riservate")
    with django_capture_on_commit_callbacks(execute=True):
        for obj in (image, document):
            obj.collection = collection
            obj.save()
    run_worker_once()
    news_file = build_dir / news.url.lstrip("/") / "index.html"
    assert "<img" in news_file.read_text()
    assert (build_dir / document.file.url.lstrip("/")).is_file()

    with django_capture_on_commit_callbacks(execute=True):
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    task = DBTaskResult.objects.filter(status="READY").get()
    assert {tuple(key) for key in task.args_kwargs["kwargs"]["objects"]} == {
        ("wagtailimages.image", image.pk), ("wagtaildocs.document", document.pk)}
    run_worker_once()

    assert "<img" not in news_file.read_text()
    media = build_dir / "media"
    leftover = sorted(path.name for path in media.rglob("*") if path.is_file()
                      and ("sportello-usata" in path.name or "bando-concorso" in path.name))
    assert leftover == []
    for endpoint, obj in (("images", image), ("documents", document)):
        assert not (build_dir / f"api/v2/{endpoint}/{obj.pk}.json").exists()
        assert f'"id": {obj.pk},' not in (build_dir / f"api/v2/{endpoint}/index.json").read_text()
    full_bake_equals(build_dir, tmp_path / "private")

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    run_worker_once()
    assert "<img" in news_file.read_text()
    assert (build_dir / document.file.url.lstrip("/")).is_file()
    full_bake_equals(build_dir, tmp_path / "public")


@pytest.mark.django_db
def test_the_admin_bulk_move_to_a_private_collection_rebakes(
        live_site, build_dir, editor_client, django_capture_on_commit_callbacks,
        run_worker_once):
    document = live_site.document
    private = Collection.get_first_root_node().add_child(name="Riservati")
    CollectionViewRestriction.objects.create(collection=private,
                                             restriction_type=CollectionViewRestriction.LOGIN)
    DBTaskResult.objects.all().delete()  # the restriction's own bake: nothing used it yet
    url = reverse("wagtail_bulk_action", args=("wagtaildocs", "document", "add_to_collection"))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(f"{url}?id={document.pk}", {"collection": private.pk})
    assert response.status_code == 302
    assert DBTaskResult.objects.count() == 1
    run_worker_once()
    assert not (build_dir / document.file.url.lstrip("/")).exists()
    assert files_mentioning(build_dir, document.file.url) == []
