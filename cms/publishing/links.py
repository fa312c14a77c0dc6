"""What the baked files point at, and whether the build really contains it.

A static host has no application behind it: a link to a page that was not baked,
or to an image rendition that was not copied, is a 404 for a citizen. So the bake
reads back every file it wrote before anything goes live: the pages the way a
browser would, and the files other programs follow — feeds and the sitemap (XML),
the baked API (JSON), calendars (iCalendar) and style sheets (CSS) — the way a feed
reader, an app, a calendar or a browser loading a font would.
The same scan tells the bake which media files the build uses, so only those are copied.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# The standard library's parser, not defusedxml: it only ever reads the XML the bake
# itself just wrote, and it resolves no external entities anyway.
from xml.etree import ElementTree

import icalendar
from lxml import etree

from django.utils.translation import gettext as _

from .cores import share_out
from .exceptions import BakeError
from .paths import files_under

# A worker process is started for every this many files to read back, up to one per core.
FILES_PER_SCAN_WORKER = 200

# Attributes that make a browser fetch or navigate to a URL.
URL_ATTRIBUTES = ("href", "src", "poster")
SRCSET_ATTRIBUTES = ("srcset", "imagesrcset")
# `<meta>` tags whose `content` is a file a link preview fetches (OpenGraph, Twitter).
META_URL_NAMES = frozenset({"og:image", "og:image:url", "og:image:secure_url", "twitter:image"})
IGNORED_SCHEMES = {"mailto", "tel", "sms", "javascript", "data", "geo", "webcal"}
# XML elements (by local name, any namespace) whose text is a URL: sitemap `<loc>`
# (also `image:loc`), RSS `<link>`; and elements whose attribute is one: Atom and
# `atom:link`/`xhtml:link` `href`, RSS `<enclosure url>`.
XML_TEXT_ELEMENTS = frozenset({"loc", "link"})
XML_URL_ATTRIBUTES = {"link": "href", "enclosure": "url"}
# iCalendar properties holding a URI a calendar app offers to open or refresh from.
ICS_URL_PROPERTIES = ("URL", "SOURCE")
# JSON keys holding a URL: the API's `meta.html_url`, `detail_url`, `download_url`,
# the feeds' `url`/`feed_url`, a rendition's `url`, any other `…_url` or `href`.
JSON_URL_KEYS = frozenset({"url", "href"})
JSON_URL_KEY_SUFFIX = "_url"
# CSS comments first (a commented-out `url()` is not fetched), then `url(…)` in its
# three spellings and the string form of `@import`.
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
CSS_REFERENCE = re.compile(
    r"""url\(\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^)"'\s]*))\s*\)"""
    r"""|@import\s+(?:"(?P<import_double>[^"]*)"|'(?P<import_single>[^']*)')""",
    re.IGNORECASE,
)


class UnreadableFileError(BakeError):
    """A baked feed, sitemap, API file or calendar is not valid in its own format."""


@dataclass(frozen=True)
class PageLinks:
    """The site-internal paths one baked file (a page, feed, API file…) refers to."""

    url: str
    file: Path
    paths: tuple[str, ...]


@dataclass(frozen=True)
class BrokenLink:
    """A reference in a baked file (`page_url` is where it is served) that resolves to no
    file of the build."""

    page_url: str
    reference: str


def raw_references(html: str) -> list[str]:
    """Every URL written in an `href`, `src` or `srcset` (or an `og:image`) of the document.

    Read with libxml2's HTML parser (lxml): entities in attribute values decoded, the
    first of a repeated attribute kept, as a browser does. Asked for every page of a
    bake, it is a few times faster than the standard library's parser.
    """
    if not html.strip():
        return []
    root = etree.fromstring(html.encode("utf-8"), parser=_HTML_PARSER)
    references: list[str] = []
    for element in () if root is None else root.iter(tag=etree.Element):
        values = element.attrib
        if not values:
            continue
        if element.tag == "meta" and (values.get("property") or values.get("name")) \
                in META_URL_NAMES:
            value = values.get("content")
            if value and value.strip():
                references.append(value.strip())
        for attribute in URL_ATTRIBUTES:
            value = values.get(attribute)
            if value and value.strip():
                references.append(value.strip())
        for attribute in SRCSET_ATTRIBUTES:
            value = values.get(attribute)
            if value:
                # "a.jpg 1x, b.jpg 2x": each candidate is a URL and an optional descriptor.
                references += [candidate.split()[0] for candidate in value.split(",")
                               if candidate.strip()]
    return references


_HTML_PARSER = etree.HTMLParser(encoding="utf-8")


def xml_references(text: str) -> list[str]:
    """The URLs of a feed or sitemap: `<loc>` and `<link>` text, `link href`, `enclosure url`."""
    references: list[str] = []
    for element in ElementTree.fromstring(text).iter():
        if not isinstance(element.tag, str):
            continue  # a comment or processing instruction
        name = element.tag.rpartition("}")[2]
        if name in XML_TEXT_ELEMENTS and element.text and element.text.strip():
            references.append(element.text.strip())
        attribute = XML_URL_ATTRIBUTES.get(name)
        value = element.get(attribute) if attribute else None
        if value and value.strip():
            references.append(value.strip())
    return references


def json_references(text: str) -> list[str]:
    """Every string under a URL-named key (`url`, `href`, `*_url`) anywhere in the document."""
    references: list[str] = []

    def walk(node: object) -> None:
        # Recursive: the API is a few levels deep, and `json.loads` itself refuses any
        # document nested close to the interpreter's recursion limit.
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str):
                    if (key in JSON_URL_KEYS or key.endswith(JSON_URL_KEY_SUFFIX)) \
                            and value.strip():
                        references.append(value.strip())
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(text))
    return references


def ics_references(text: str) -> list[str]:
    """The `URL` (and `SOURCE`) of the calendar and of each of its events."""
    references: list[str] = []
    for calendar in icalendar.Calendar.from_ical(text, multiple=True):
        for component in calendar.walk():
            for name in ICS_URL_PROPERTIES:
                values = component.get(name)
                for value in values if isinstance(values, list) else [values]:
                    if value is not None and str(value).strip():
                        references.append(str(value).strip())
    return references


def css_references(text: str) -> list[str]:
    """Every `url(…)` and `@import` of a style sheet; `data:` URIs are left out."""
    references: list[str] = []
    for match in CSS_REFERENCE.finditer(CSS_COMMENT.sub("", text)):
        value = next((v for v in match.groups() if v is not None), "").strip()
        if value and not value.lower().startswith("data:"):
            references.append(value)
    return references


# How each kind of baked file is read, by suffix. Anything else (images, fonts,
# JavaScript, Pagefind's index, `.gz`/`.br` companions) refers to nothing we check.
READERS: dict[str, Callable[[str], list[str]]] = {
    ".html": raw_references,
    ".xml": xml_references,
    ".atom": xml_references,
    ".rss": xml_references,
    ".json": json_references,
    ".ics": ics_references,
    ".css": css_references,
}


def file_references(path: Path, text: str, *, name: str | None = None) -> list[str]:
    """Every URL written in the baked file `path` (whose content is `text`), as written.

    Dispatches on the suffix; a kind of file that links nowhere gives `[]`. Raises
    `UnreadableFileError`, naming the file as `name` (default: its path), when a feed,
    API file or calendar is not valid: a feed reader, an app or a calendar would
    fail on it just as the check does.
    """
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return []
    try:
        return reader(text)
    except (ElementTree.ParseError, ValueError) as error:  # JSONDecodeError is a ValueError
        raise UnreadableFileError(
            _("Il file %(file)s del sito generato non è valido (%(error)s): correggi il modello "
              "o la funzione che lo produce e rifai il bake.")
            % {"file": name or path, "error": error}) from error


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


def served_file(root: str, path: str) -> str | None:
    """The file a static host would serve for `path` below `root`, or None if there is none.

    `root` is a real path (`os.path.realpath`): asked for every link of a large build,
    the file is looked at with one `stat`, not resolved. A path climbing out of the build
    (`/../`) answers nothing.
    """
    target = os.path.normpath(os.path.join(root, path.lstrip("/")))
    if target != root and not target.startswith(root + os.sep):
        return None
    if path.endswith("/"):
        target = os.path.join(target, "index.html")
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return None
    if stat.S_ISDIR(mode):
        target = os.path.join(target, "index.html")
        return target if os.path.isfile(target) else None
    return target if stat.S_ISREG(mode) else None


def page_url_for(build_dir: Path, html_file: Path) -> str:
    """The URL a baked HTML file is served at (`a/b/index.html` → `/a/b/`)."""
    relative = html_file.relative_to(build_dir).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def scan_file(*, build_dir: Path, path: Path, own_hosts: Iterable[str]) -> PageLinks:
    """Read back one baked file of any kind and list the internal paths it refers to."""
    url = page_url_for(build_dir, path)
    text = path.read_text(encoding="utf-8", errors="replace")
    hosts = frozenset(own_hosts)
    paths = [_internal_path(reference, url if _relative(reference) else "/", hosts)
             for reference in file_references(path, text, name=url)]
    return PageLinks(url=url, file=path,
                     paths=tuple(dict.fromkeys(p for p in paths if p is not None)))


# References that do not depend on the page they are on: absolute paths, URLs with a
# scheme, fragments. Most of a page's (menus, assets) repeat on every page of a bake.
_NOT_RELATIVE = ("/", "#", "http:", "https:", "mailto:", "tel:", "data:")


def _relative(reference: str) -> bool:
    return not reference.startswith(_NOT_RELATIVE)


@lru_cache(maxsize=1 << 16)
def _internal_path(reference: str, page_url: str, own_hosts: frozenset[str]) -> str | None:
    return internal_path(reference, page_url=page_url, own_hosts=own_hosts)


def scan_pages(*, build_dir: Path, own_hosts: Iterable[str]) -> list[PageLinks]:
    """Read back every baked HTML file and list the internal paths it refers to."""
    hosts = frozenset(host.lower() for host in own_hosts)
    return [scan_file(build_dir=build_dir, path=path, own_hosts=hosts)
            for path in files_under(build_dir, suffixes={".html"})]


def scan_build(*, build_dir: Path, own_hosts: Iterable[str]) -> list[PageLinks]:
    """Read back every file of the build that can refer to another: pages, feeds, the
    sitemap, the API, calendars, style sheets (see `READERS`); each is parsed once.

    A large build's files are shared out among the machine's cores (parsing is most of
    the time); the result is in file order either way.
    """
    hosts = frozenset(host.lower() for host in own_hosts)
    files = files_under(build_dir, suffixes=READERS)
    scanned = share_out(partial(_scan_files, build_dir=build_dir, own_hosts=hosts), files,
                        per_worker=FILES_PER_SCAN_WORKER)
    return [links for batch in scanned for links in batch]


def _scan_files(files: list[Path], *, build_dir: Path,
                own_hosts: frozenset[str]) -> list[PageLinks]:
    return [scan_file(build_dir=build_dir, path=path, own_hosts=own_hosts) for path in files]
