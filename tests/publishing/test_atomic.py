"""A failed bake never touches the live build; a good one keeps the previous build for rollback."""

import os
import time
from pathlib import Path

import pytest

from django.core.management import CommandError, call_command
from django.test import override_settings

from cms.core.models import StandardPage
from cms.publishing import locking
from cms.publishing.exceptions import BrokenLinksError, PageRenderError
from cms.publishing.locking import clear_leftovers
from cms.publishing.services import bake_site, previous_build_dir, rollback_build
from tests import factories


def snapshot(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


# Bookkeeping that lives beside a build on purpose: the bake lock and the incremental manifest.
BOOKKEEPING = (".lock", ".manifest.json", ".state.json")


def siblings(folder: Path) -> list[str]:
    """Folders and files next to the build, bookkeeping left out."""
    return sorted(p.name for p in folder.parent.iterdir() if not p.name.endswith(BOOKKEEPING))


def kept_versions(build_dir: Path) -> set[str]:
    """The version folders the live and the previous build link to."""
    return {os.readlink(link) for link in (build_dir, previous_build_dir(build_dir))
            if link.is_symlink()}


def leftovers(build_dir: Path) -> list[str]:
    return [name for name in siblings(build_dir)
            if name.startswith(build_dir.name + ".") and name != build_dir.name + ".previous"
            and name not in kept_versions(build_dir)]


@pytest.fixture
def broken_template_dir(tmp_path, settings):
    """A theme override whose `broken_page.html` fails while rendering, as a bad edit would."""
    templates = tmp_path / "broken-theme"
    (templates / "pages").mkdir(parents=True)
    (templates / "pages" / "broken_page.html").write_text(
        '{% extends "base.html" %}{% block content %}{% include "non/esiste.html" %}{% endblock %}'
    )
    engines = [dict(engine) for engine in settings.TEMPLATES]
    engines[0]["DIRS"] = [*engines[0]["DIRS"], templates]
    with override_settings(TEMPLATES=engines):
        yield templates


def test_a_page_that_fails_to_render_stops_the_bake_and_leaves_the_live_build(
        bake_site_tree, build_dir, broken_template_dir, monkeypatch):
    bake_site(build_dir=build_dir, progress=False)
    before = snapshot(build_dir)
    assert "index.html" in before

    broken = factories.StandardPageFactory(parent=bake_site_tree.live["home"],
                                           title="Pagina difettosa", slug="difettosa")
    original = StandardPage.get_template

    def template_for(page, request, *args, **kwargs):
        if page.pk == broken.pk:
            return "pages/broken_page.html"
        return original(page, request, *args, **kwargs)

    monkeypatch.setattr(StandardPage, "get_template", template_for)

    with pytest.raises(PageRenderError) as raised:
        bake_site(build_dir=build_dir, progress=False)

    message = str(raised.value)
    assert "Pagina difettosa" in message and "/difettosa/" in message
    assert "500" in message
    assert snapshot(build_dir) == before
    assert leftovers(build_dir) == []
    assert not previous_build_dir(build_dir).exists()


def test_the_command_fails_with_the_page_named(bake_site_tree, build_dir, broken_template_dir,
                                                monkeypatch):
    broken = factories.StandardPageFactory(parent=bake_site_tree.live["home"],
                                           title="Pagina difettosa", slug="difettosa")
    monkeypatch.setattr(StandardPage, "get_template",
                        lambda page, request, *a, **k: "pages/broken_page.html"
                        if page.pk == broken.pk else "pages/standard_page.html")

    with pytest.raises(CommandError, match="Pagina difettosa"):
        call_command("bake", build_dir=str(build_dir), no_progress=True)
    assert not build_dir.exists()
    assert leftovers(build_dir) == []


def test_a_page_answering_an_error_status_is_never_written(bake_site_tree, build_dir,
                                                           monkeypatch):
    from django.http import HttpResponseNotFound

    gone = factories.StandardPageFactory(parent=bake_site_tree.live["home"],
                                         title="Pagina sparita", slug="sparita")
    original = StandardPage.serve
    monkeypatch.setattr(StandardPage, "serve",
                        lambda page, request, *a, **k: HttpResponseNotFound("<h1>Non trovata</h1>")
                        if page.pk == gone.pk else original(page, request, *a, **k))

    with pytest.raises(PageRenderError, match="Pagina sparita.*404"):
        bake_site(build_dir=build_dir, progress=False)
    assert not build_dir.exists()


def test_a_broken_internal_link_stops_the_bake_naming_page_and_link(bake_site_tree, build_dir):
    factories.StandardPageFactory(
        parent=bake_site_tree.live["home"], title="Con un collegamento rotto", slug="rotto",
        body=[("paragraph", '<p>Vedi <a href="/pagina-inesistente/#sezione">qui</a>, '
                            '<a href="mailto:info@example.org">scrivici</a> o '
                            '<a href="https://altro.example.net/x/">un altro sito</a>.</p>')],
    )

    with pytest.raises(BrokenLinksError) as raised:
        bake_site(build_dir=build_dir, progress=False)

    message = str(raised.value)
    assert "/rotto/ → /pagina-inesistente/" in message
    assert "mailto" not in message and "altro.example.net" not in message
    assert not build_dir.exists() and leftovers(build_dir) == []


def test_rollback_puts_the_previous_bake_back(bake_site_tree, build_dir):
    bake_site(build_dir=build_dir, progress=False)
    first = snapshot(build_dir)
    factories.StandardPageFactory(parent=bake_site_tree.live["home"], title="Nuova pagina",
                                  slug="nuova")
    bake_site(build_dir=build_dir, progress=False)
    second = snapshot(build_dir)
    assert "nuova/index.html" in second and "nuova/index.html" not in first
    assert snapshot(previous_build_dir(build_dir)) == first

    call_command("bake", build_dir=str(build_dir), rollback=True)
    assert snapshot(build_dir) == first
    rollback_build(build_dir=build_dir)  # a second rollback undoes the first
    assert snapshot(build_dir) == second
    assert leftovers(build_dir) == []


def test_only_one_previous_build_is_kept(bake_site_tree, build_dir):
    for _ in range(3):
        bake_site(build_dir=build_dir, progress=False)
    versions = sorted(kept_versions(build_dir))
    name = build_dir.name
    assert len(versions) == 2 and all(version.startswith(f"{name}.v-") for version in versions)
    # The first version, dropped by the third bake, is removed by a process of its own.
    deadline = time.monotonic() + 60
    while siblings(build_dir) != [name, f"{name}.previous", *versions]:
        assert time.monotonic() < deadline, siblings(build_dir)
        time.sleep(0.05)


def test_a_dropped_version_is_left_to_its_removal_unless_abandoned(build_dir, monkeypatch):
    """The next bake does not wait for a removal still under way, and finishes a dead one."""
    dropped = build_dir.with_name(f"{build_dir.name}.drop-20261126-140000-000000")
    (dropped / "notizie").mkdir(parents=True)
    (dropped / "notizie" / "index.html").write_text("vecchia")

    assert clear_leftovers(build_dir=build_dir) == []
    assert dropped.is_dir()

    monkeypatch.setattr(locking, "DROPPED_GRACE_SECONDS", 0)
    time.sleep(0.01)
    assert clear_leftovers(build_dir=build_dir) == [dropped]
    assert not dropped.exists()


def test_the_build_is_a_link_replaced_in_one_step_and_readable_as_a_folder(bake_site_tree,
                                                                         build_dir):
    bake_site(build_dir=build_dir, progress=False)
    first = build_dir.resolve()
    bake_site(build_dir=build_dir, progress=False)
    assert build_dir.is_symlink() and build_dir.resolve() != first
    assert previous_build_dir(build_dir).resolve() == first
    # "The folder to upload": read through its path, as a deploy tool or a web server does.
    assert (build_dir / "index.html").read_bytes() == (first / "index.html").read_bytes()
    assert snapshot(build_dir) == snapshot(build_dir.resolve())


def test_a_build_folder_from_before_the_link_becomes_the_previous_build(bake_site_tree,
                                                                       build_dir):
    bake_site(build_dir=build_dir, progress=False)
    old = snapshot(build_dir)
    real = build_dir.resolve()
    os.unlink(build_dir)
    real.rename(build_dir)  # a plain folder, as older bakes left it
    bake_site(build_dir=build_dir, progress=False)
    assert build_dir.is_symlink()
    assert snapshot(previous_build_dir(build_dir)) == old
    assert leftovers(build_dir) == []


def test_rollback_without_a_previous_bake_says_what_to_do(build_dir):
    with pytest.raises(CommandError, match="Non c'è un bake precedente"):
        call_command("bake", build_dir=str(build_dir), rollback=True)


def test_a_folder_that_is_not_a_build_is_never_moved_aside(site_tree, tmp_path):
    precious = tmp_path / "documenti"
    precious.mkdir()
    (precious / "tesi.txt").write_text("non toccare")

    with pytest.raises(CommandError, match="non contiene un sito generato"):
        call_command("bake", build_dir=str(precious), no_progress=True)
    assert (precious / "tesi.txt").read_text() == "non toccare"
    assert siblings(precious) == ["documenti"]


def test_a_bake_that_would_halve_the_site_refuses_unless_forced(bake_site_tree, build_dir):
    bake_site(build_dir=build_dir, progress=False)
    before = snapshot(build_dir)
    # An almost empty database (a restore gone wrong): only the home page is still live.
    for page in bake_site_tree.live["home"].get_descendants().live().specific():
        page.unpublish()

    with pytest.raises(CommandError, match="meno della metà") as refused:
        call_command("bake", build_dir=str(build_dir), no_progress=True)
    assert "manage.py bake --force" in str(refused.value)
    assert snapshot(build_dir) == before
    assert leftovers(build_dir) == []

    call_command("bake", build_dir=str(build_dir), no_progress=True, force=True)
    assert not (build_dir / "guide" / "curriculum" / "index.html").exists()
    assert (build_dir / "index.html").is_file()


def test_a_rollback_during_a_bake_waits_for_it(bake_site_tree, build_dir):
    import threading

    from cms.publishing.locking import bake_lock

    bake_site(build_dir=build_dir, progress=False)
    bake_site(build_dir=build_dir, progress=False)
    order = []

    def roll_back():
        rollback_build(build_dir=build_dir)
        order.append("rollback")

    with bake_lock(build_dir=build_dir):  # a bake holding the lock, in this thread
        other = threading.Thread(target=roll_back)
        other.start()
        other.join(timeout=1)  # without the lock the rollback would be done by now
        order.append("bake")
    other.join()
    assert order == ["bake", "rollback"]
    assert (build_dir / "index.html").is_file()
    assert leftovers(build_dir) == []


def test_the_first_publish_after_a_rollback_leaves_the_whole_site(bake_site_tree, build_dir,
                                                                  tmp_path):
    from django.utils import timezone

    from wagtail.models import Page

    from cms.publishing.incremental import bake_changes

    from .test_incremental import assert_same_build

    Page.objects.filter(last_published_at__isnull=True).update(
        last_published_at=timezone.now().replace(microsecond=0))  # stable calendar stamps
    bake_site(build_dir=build_dir, progress=False)
    factories.StandardPageFactory(parent=bake_site_tree.live["home"], title="Nuova pagina",
                                  slug="nuova")
    bake_site(build_dir=build_dir, progress=False)
    rollback_build(build_dir=build_dir)  # the site from before "nuova"
    assert not (build_dir / "nuova" / "index.html").exists()

    guide = bake_site_tree.live["guide"]
    guide.title = "Guida rinominata"
    guide.save_revision().publish()
    report = bake_changes(build_dir=build_dir, page_ids=[guide.pk])

    assert report.full
    full = tmp_path / "full" / "build"
    bake_site(build_dir=full, progress=False)
    assert_same_build(build_dir, full)
    assert (build_dir / "nuova" / "index.html").is_file()
