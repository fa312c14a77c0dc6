"""Deploy to a folder with rsync (a local destination: the same command reaches a server)."""

from __future__ import annotations

import io

import pytest

from django.core.management import call_command

from .conftest import PAGE, build_files, remove, write_build

pytestmark = pytest.mark.django_db


def deploy(*args: str) -> str:
    out = io.StringIO()
    call_command("deploy", "localhost", *args, stdout=out, no_progress=True)
    return out.getvalue()


@pytest.fixture
def served(configure, tmp_path):
    """The folder a web server would serve, deployed to by rsync."""
    folder = tmp_path / "www"
    configure({"name": "cartella", "kind": "rsync", "destination": str(folder)})
    return folder


def test_the_folder_holds_the_build(build, served):
    deploy()

    assert build_files(served) == build_files(build)


def test_an_unchanged_build_copies_nothing_even_when_rebaked(build, served):
    deploy()
    for path in build.rglob("*"):  # a new bake writes the same bytes with new times
        if path.is_file():
            path.write_bytes(path.read_bytes())

    assert "0 file da caricare, 0 da eliminare, nulla da fare" in deploy()


def test_only_the_changed_file_is_copied_and_removed_files_go(build, served):
    deploy()
    (build / "guide/index.html").write_text(PAGE.format("Le guide, aggiornate"))
    write_build(build, {"static/css/site.fedcba987654.css": "body{color:#000}"})
    remove(build, "sitemap.xml")

    dry = deploy("--dry-run")
    out = deploy()

    assert dry.splitlines()[1:-1] == [
        "  + static/css/site.fedcba987654.css",
        "  + static/css/site.fedcba987654.css.br",
        "  + static/css/site.fedcba987654.css.gz",
        "  ~ guide/index.html",
        "  - sitemap.xml",
        "  - sitemap.xml.br",
        "  - sitemap.xml.gz",
    ]
    assert "4 file da caricare, 3 da eliminare" in out
    assert build_files(served) == build_files(build)
