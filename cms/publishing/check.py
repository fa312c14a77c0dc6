"""Check: no file of the bake may point at a file the build will not have.

One stage for both bakes. The full bake checks its staging folder against itself;
the incremental bake checks the files it re-rendered against the build as it will be
once they are applied (staging first, then the live build minus what goes away).
A failed check raises `BrokenLinksError` naming each page and link, and the live
build stays as it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .exceptions import SiteShrinkError
from .links import BrokenLink, PageLinks, served_file
from .paths import count_files, media_prefix
from .problems import broken_links_error


def check_links(*, pages: Iterable[PageLinks], staging: Path, live: Path | None = None,
                gone: frozenset[str] | set[str] = frozenset(),
                media: frozenset[str] | set[str] = frozenset()) -> None:
    """Raise `BrokenLinksError` if a reference of `pages` is answered by no file.

    Without `live`, `staging` is the whole build (a full bake). With it, a reference
    is also answered by a file of `live` not in `gone`, or by a used `media` path.
    """
    broken = broken_links(pages=pages, staging=staging, live=live, gone=gone, media=media)
    if broken:
        raise broken_links_error(broken)  # names the pages to fix, with their edit links


def broken_links(*, pages: Iterable[PageLinks], staging: Path, live: Path | None = None,
                 gone: frozenset[str] | set[str] = frozenset(),
                 media: frozenset[str] | set[str] = frozenset()) -> list[BrokenLink]:
    """The references of `pages` that the build will not answer (see `check_links`)."""
    media_root = Path(settings.MEDIA_ROOT)
    prefix = media_prefix()
    staging_root = os.path.realpath(staging)
    live_root = os.path.realpath(live) if live is not None else None

    def answered(path: str) -> bool:
        if served_file(staging_root, path) is not None:
            return True
        if live_root is None:
            return False
        found = served_file(live_root, path)
        if found is not None and found[len(live_root) + 1:].replace(os.sep, "/") not in gone:
            return True
        return path in media and (media_root / path[len(prefix):]).is_file()

    known: dict[str, bool] = {}  # the menu and footer links repeat on every page
    broken = []
    for page in pages:
        for path in page.paths:
            if path not in known:
                known[path] = answered(path)
            if not known[path]:
                broken.append(BrokenLink(page_url=page.url, reference=path))
    return broken


def page_count(build_dir: Path) -> int:
    """The pages of a build: its `index.html` files."""
    return count_files(build_dir, name="index.html")


def refuse_shrinking(*, new: Path, live: Path) -> None:
    """Raise `SiteShrinkError` if `new` has fewer than half the pages of `live`."""
    new_pages, live_pages = page_count(new), page_count(live)
    if new_pages * 2 < live_pages:
        raise SiteShrinkError(
            _("Il nuovo bake ha solo %(new)d pagine, il sito online ne ha %(live)d: meno della "
              "metà. Il sito online non è stato toccato. Se è voluto (molte pagine ritirate), "
              "rifai il bake con «manage.py bake --force»; altrimenti controlla il database "
              "(un ripristino non riuscito?).") % {"new": new_pages, "live": live_pages})
