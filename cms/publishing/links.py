"""What the baked pages point at, and whether the build really contains it.

A static host has no application behind it: a link to a page that was not baked,
or to an image rendition that was not copied, is a 404 for a citizen. So the bake
reads back every page it wrote, the way a browser would, before anything goes live.
The same scan tells the bake which media files the pages use, so only those are copied.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

# Attributes that make a browser fetch or navigate to a URL.
URL_ATTRIBUTES = ("href", "src", "poster")
SRCSET_ATTRIBUTES = ("srcset", "imagesrcset")
IGNORED_SCHEMES = {"mailto", "tel", "sms", "javascript", "data", "geo", "webcal"}


@dataclass(frozen=True)
class PageLinks:
    """The site-internal paths one baked HTML file refers to."""

    url: str
    file: Path
    paths: tuple[str, ...]


@dataclass(frozen=True)
class BrokenLink:
    """A reference in a baked page that resolves to no file of the build."""

    page_url: str
    reference: str


def raw_references(html: str) -> list[str]:
    """Every URL written in an `href`, `src` or `srcset` of the document, as written."""
    soup = BeautifulSoup(html, "html.parser")
    references: list[str] = []
    for tag in soup.find_all(True):
        for attribute in URL_ATTRIBUTES:
            value = tag.get(attribute)
            if isinstance(value, str) and value.strip():
                references.append(value.strip())
        for attribute in SRCSET_ATTRIBUTES:
            value = tag.get(attribute)
            if isinstance(value, str):
                # "a.jpg 1x, b.jpg 2x": each candidate is a URL and an optional descriptor.
                references += [candidate.split()[0] for candidate in value.split(",")
                               if candidate.strip()]
    return references


def internal_path(reference: str, *, page_url: str, own_hosts: Iterable[str]) -> str | None:
    """The site path `reference` points at, or None when it is not ours to check.

    Fragments and queries are dropped (a static host ignores them); `mailto:`, `tel:`
    and links to other hosts are skipped; absolute links to the site's own public
    address (canonical URLs, sharing tags) are checked like relative ones.
    """
    parts = urlsplit(reference)
    if parts.scheme and parts.scheme.lower() in IGNORED_SCHEMES:
        return None
    if parts.scheme or parts.netloc:
        if parts.scheme.lower() not in ("http", "https", ""):
            return None
        if (parts.hostname or "").lower() not in {host.lower() for host in own_hosts}:
            return None
        path = parts.path or "/"
    else:
        if not parts.path:
            return None  # "#section" or "?page=2" on the same page
        path = urlsplit(urljoin(page_url, parts.path)).path
    path = unquote(path)
    normalised = posixpath.normpath(path)
    if path.endswith("/") and normalised != "/":
        normalised += "/"
    return normalised


def resolve(build_dir: Path, path: str) -> Path | None:
    """The file a static host would serve for `path`, or None if there is none."""
    target = (build_dir / path.lstrip("/")).resolve()
    root = build_dir.resolve()
    if target != root and root not in target.parents:
        return None
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def page_url_for(build_dir: Path, html_file: Path) -> str:
    """The URL a baked HTML file is served at (`a/b/index.html` → `/a/b/`)."""
    relative = html_file.relative_to(build_dir).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def scan_pages(*, build_dir: Path, own_hosts: Iterable[str]) -> list[PageLinks]:
    """Read back every baked HTML file and list the internal paths it refers to."""
    hosts = tuple(own_hosts)
    pages = []
    for html_file in sorted(build_dir.rglob("*.html")):
        url = page_url_for(build_dir, html_file)
        html = html_file.read_text(encoding="utf-8", errors="replace")
        paths = [internal_path(reference, page_url=url, own_hosts=hosts)
                 for reference in raw_references(html)]
        pages.append(PageLinks(url=url, file=html_file,
                               paths=tuple(dict.fromkeys(p for p in paths if p is not None))))
    return pages


def find_broken_links(*, build_dir: Path, pages: Iterable[PageLinks]) -> list[BrokenLink]:
    """Every reference of `pages` that no file of `build_dir` answers."""
    broken = []
    known: dict[str, bool] = {}
    for page in pages:
        for path in page.paths:
            if path not in known:
                known[path] = resolve(build_dir, path) is not None
            if not known[path]:
                broken.append(BrokenLink(page_url=page.url, reference=path))
    return broken
