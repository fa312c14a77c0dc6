"""The baked site: every public page and listing, only the media it uses, nothing hidden."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from django.conf import settings
from django.core.management import call_command

from cms.publishing.services import bake_site

from .conftest import HIDDEN_MARKERS


def all_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def page_file(build_dir: Path, url: str) -> Path:
    return build_dir / unquote(url).lstrip("/") / "index.html"


def test_every_public_page_and_tag_listing_is_baked(bake_site_tree, build_dir):
    report = bake_site(build_dir=build_dir, progress=False)

    for name, page in bake_site_tree.live.items():
        baked = page_file(build_dir, page.url)
        assert baked.is_file(), f"{name} ({page.url}) was not baked"
        shown = page.specific.hero_title if name == "home" else page.title
        assert shown in baked.read_text(), f"{name} does not show its title"
    guides = bake_site_tree.live["guides"]
    audience = page_file(build_dir, guides.url + "per-chi/giovani/")
    topic = page_file(build_dir, guides.url + "argomenti/curriculum-vitae/")
    assert "Scrivere il curriculum" in audience.read_text()
    assert "Operatore di magazzino" in audience.read_text()  # audience pages list courses too
    assert "Scrivere il curriculum" in topic.read_text()
    html_files = [p for p in all_files(build_dir) if p.suffix == ".html"]
    # Besides the pages: /404.html and the search page /cerca/.
    assert report.pages == len(bake_site_tree.live) + 2 == len(html_files) - 2
    assert report.files == len(all_files(build_dir))


def test_drafts_private_and_withdrawn_pages_appear_nowhere(bake_site_tree, build_dir):
    bake_site(build_dir=build_dir, progress=False)

    files = all_files(build_dir)
    assert files
    for path in files:
        content = path.read_bytes()
        for marker in HIDDEN_MARKERS:
            assert marker.encode() not in content, f"{marker} leaked into {path}"
            assert marker not in str(path)
    for slug in ("bozza", "riservata", "ritirata"):
        assert not list(build_dir.rglob(slug)), f"a folder for '{slug}' was baked"


def test_no_internal_link_or_asset_is_broken(bake_site_tree, build_dir):
    """Checked here independently of the bake's own checker, the way a browser follows links."""
    bake_site(build_dir=build_dir, progress=False)

    checked = 0
    for html_file in (p for p in all_files(build_dir) if p.suffix == ".html"):
        soup = BeautifulSoup(html_file.read_text(), "html.parser")
        for tag in soup.find_all(["a", "link", "img", "script", "source"]):
            for attribute in ("href", "src"):
                url = tag.get(attribute)
                if not url or urlsplit(url).scheme or url.startswith(("#", "//")):
                    continue
                path = unquote(urlsplit(url).path)
                if not path.startswith("/"):
                    base = "/" + html_file.parent.relative_to(build_dir).as_posix() + "/"
                    path = base.replace("//", "/") + path
                target = build_dir / path.lstrip("/")
                if path.endswith("/") or target.is_dir():
                    target = target / "index.html"
                assert target.is_file(), f"{html_file} links to {url}, which is not in the build"
                checked += 1
    assert checked > 20


def test_theme_static_files_are_baked_but_not_the_admin(bake_site_tree, build_dir):
    bake_site(build_dir=build_dir, progress=False)

    theme_files = [p.relative_to(root) for root in map(Path, settings.STATICFILES_DIRS)
                   if root.is_dir() for p in root.rglob("*") if p.is_file()]
    assert theme_files
    for relative in theme_files:
        assert (build_dir / "static" / relative).is_file(), f"{relative} missing from the build"
    assert not (build_dir / "static" / "wagtailadmin").exists()
    assert not (build_dir / "static" / "admin").exists()


def test_used_image_renditions_are_baked_and_unused_originals_are_not(bake_site_tree,
                                                                       build_dir):
    assert not bake_site_tree.used_image.renditions.exists()  # the first bake must make them

    bake_site(build_dir=build_dir, progress=False)

    news_html = page_file(build_dir, bake_site_tree.live["news_page"].url).read_text()
    sources = [img["src"] for img in BeautifulSoup(news_html, "html.parser").find_all("img")
               if "sportello-usata" in img.get("src", "")]
    assert sources, "the news page shows no rendition of its image:\n" + news_html
    for src in sources:
        assert src.startswith("/media/images/")
        assert (build_dir / unquote(src).lstrip("/")).is_file()
    baked_media = [p.relative_to(build_dir).as_posix() for p in all_files(build_dir / "media")]
    assert not any("foto-mai-usata" in name for name in baked_media)
    # Originals are baked only where something links to them (the baked API's download_url
    # of an image a live page uses), never for an image no page uses.
    originals = [name for name in baked_media if name.startswith("media/original_images/")]
    assert all("sportello-usata" in name for name in originals)


def test_document_links_resolve_to_the_file(bake_site_tree, build_dir):
    bake_site(build_dir=build_dir, progress=False)

    document = bake_site_tree.document
    for name in ("guide", "contest"):
        html = page_file(build_dir, bake_site_tree.live[name].url).read_text()
        links = [a["href"] for a in BeautifulSoup(html, "html.parser").find_all("a", href=True)
                 if "bando-concorso" in a["href"]]
        assert links, f"the {name} page has no link to the document"
        for href in links:
            baked = build_dir / unquote(urlsplit(href).path).lstrip("/")
            assert href.startswith("/media/documents/")
            assert baked.read_bytes() == document.file.open("rb").read()


def test_command_prints_a_summary(bake_site_tree, build_dir, capsys):
    call_command("bake", build_dir=str(build_dir), no_progress=True)

    out = capsys.readouterr().out
    assert "Bake completato: 16 pagine" in out
    assert str(build_dir) in out or "build/" in out
    assert (build_dir / "index.html").is_file()


def test_verbose_command_prints_each_stage_time(bake_site_tree, build_dir, capsys):
    call_command("bake", build_dir=str(build_dir), no_progress=True, verbosity=2)

    lines = capsys.readouterr().out.splitlines()
    stages = [line.strip().split(": ") for line in lines if line.startswith("  ")]
    names = [name for name, _seconds in stages]
    assert names == ["select", "render", "static host", "search", "check", "media", "manifest",
                     "compress", "swap"]
    seconds = [float(value.removesuffix(" s")) for _name, value in stages]
    total = float(next(line for line in lines if "Bake completato" in line)
                  .split(" s → ")[0].rsplit(", ", 1)[1])
    assert all(value >= 0 for value in seconds)
    assert sum(seconds) <= total + 0.05


@pytest.mark.django_db
def test_empty_site_still_bakes(site_tree, build_dir):
    report = bake_site(build_dir=build_dir, progress=False)

    assert (build_dir / "index.html").is_file()
    assert report.pages == 6
