"""Static host: the pages a static host needs beyond the site's own, and the search index.

A static host has no application to fall back on, so the build carries a `/404.html`,
the `/cerca/` page with its Pagefind index, a page (and server rules) for every
redirect, and CSS whose name changes with its content. One stage for both bakes:
`write_host_pages` is the part they share; the full bake then hashes the static
files (`prepare_static_host`), the incremental one points its new pages at the hashed
names already recorded and re-indexes the live build (`rebuild_search_index`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .pagefind import build_search_index
from .postprocess import hash_static_files, render_theme_page
from .redirects import write_redirects
from .search import SearchBundle, build_search_page, bundle_folders, bundle_of

NOT_FOUND_FILE = "404.html"


def write_404_page(*, build_dir: Path) -> Path:
    """`/404.html`, the theme's "page not found" with the site's header and footer.

    Rendered from the template rather than requested through Django, because a
    development server with `DEBUG = True` would answer with its technical 404 page.
    """
    destination = build_dir / NOT_FOUND_FILE
    destination.write_text(render_theme_page(template_name="404.html", url="/404.html"),
                           encoding="utf-8")
    return destination


def write_host_pages(*, build_dir: Path, bundles: list[SearchBundle],
                     pages_dir: Path | None = None) -> int:
    """Write the 404 page, the search page (of `bundles`) and the redirects into `build_dir`.

    `pages_dir` is where the site's pages are, if not in `build_dir` (an incremental
    bake stages these files beside the live build). Returns the number of redirects.
    """
    write_404_page(build_dir=build_dir)
    build_search_page(build_dir=build_dir, bundles=bundles)
    return write_redirects(build_dir=build_dir, pages_dir=pages_dir)


def prepare_static_host(*, build_dir: Path, bundles: list[SearchBundle]) -> dict[str, int]:
    """The full bake's stage: host pages, then hashed assets. The search index comes next
    (`search.build_search_index`), once every page has its final HTML.

    The order matters: every HTML file must exist before its static references are
    rewritten. Returns counts for the report.
    """
    redirects = write_host_pages(build_dir=build_dir, bundles=bundles)
    hashed = hash_static_files(build_dir=build_dir)
    return {"redirects": redirects, "hashed_static_files": len(hashed)}


def rebuild_search_index(*, build_dir: Path, bundles: list[SearchBundle],
                         changed: Iterable[str] | None = None) -> None:
    """Re-index the live build after a publish: only the search bundles holding a page
    file in `changed` (paths relative to the build), or all if None or if the bundles
    (`search_bundles` of the build's pages) are not those the build has (a folder grew
    large enough for a bundle of its own).

    A bundle listing its pages is not re-indexed for a changed page it does not list and
    that is still there: a listing, the site map. Whether a page is marked for the search
    is its template's choice, so it was not marked before either, and Pagefind would write
    the same bundle again (on a large site, the rest of the site's bundle at every publish
    that adds a page to the site map).
    """
    present = {path.name for path in bundle_folders(build_dir)}
    if changed is None or present != {bundle.path for bundle in bundles}:
        build_search_index(build_dir=build_dir, bundles=bundles, live=True)
        return
    listed = {name for bundle in bundles for name in bundle.files or ()}
    touched = {bundle.path for rel in changed if rel.endswith(".html")
               if (bundle := bundle_of(rel, bundles)) is not None
               and (bundle.files is None or rel in listed or not (build_dir / rel).is_file())}
    if touched:
        build_search_index(build_dir=build_dir, bundles=bundles, only=touched, live=True)
