"""Deploy to a git branch (GitHub-Pages-style hosting), against a local bare repository."""

from __future__ import annotations

import io
import subprocess

import pytest

from django.core.management import CommandError, call_command

from .conftest import PAGE, build_files, clone, remove, write_build

pytestmark = pytest.mark.django_db


def deploy(*args: str) -> str:
    out = io.StringIO()
    call_command("deploy", "localhost", *args, stdout=out, no_progress=True)
    return out.getvalue()


def tip(repo) -> str:
    return subprocess.run(["git", "--git-dir", str(repo), "rev-parse", "refs/heads/gh-pages"],
                          capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def pages(bare_repo, configure):
    configure({"name": "pages", "kind": "git", "repository": str(bare_repo)})
    return bare_repo


def test_the_branch_holds_the_build_and_nojekyll(build, pages, tmp_path):
    deploy()

    assert clone(pages, "gh-pages", tmp_path / "clone") == {**build_files(build),
                                                            ".nojekyll": b""}


def test_an_unchanged_build_makes_no_commit(build, pages):
    deploy()
    before = tip(pages)

    out = deploy()

    assert "0 file da caricare, 0 da eliminare, nulla da fare" in out
    assert tip(pages) == before


def test_one_changed_file_is_one_change_on_top_of_the_last_deploy(build, pages, tmp_path):
    deploy()
    before = tip(pages)
    (build / "guide/cv/index.html").write_text(PAGE.format("Il curriculum, aggiornato"))
    remove(build, "sitemap.xml")

    dry = deploy("--dry-run")
    deploy()

    assert dry.splitlines()[1:-1] == ["  ~ guide/cv/index.html", "  - sitemap.xml",
                                    "  - sitemap.xml.br", "  - sitemap.xml.gz"]
    parent = subprocess.run(["git", "--git-dir", str(pages), "rev-parse", "gh-pages^"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert parent == before
    assert clone(pages, "gh-pages", tmp_path / "clone") == {**build_files(build),
                                                            ".nojekyll": b""}


def test_an_unreachable_repository_is_an_italian_error(build, configure, tmp_path):
    configure({"name": "pages", "kind": "git", "repository": str(tmp_path / "non-esiste.git")})

    with pytest.raises(CommandError, match="git ls-remote .* non è riuscito.*non è stato "
                                           "modificato nulla"):
        deploy()


def test_a_refused_push_leaves_the_branch_as_it_was(build, pages, tmp_path):
    deploy()
    before = tip(pages)
    hook = pages / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'spazio esaurito' >&2\nexit 1\n")
    hook.chmod(0o755)
    write_build(build, {"index.html": PAGE.format("Una novità")})

    with pytest.raises(CommandError, match="git push .*il sito pubblicato è quello di prima"):
        deploy()

    assert tip(pages) == before
