"""Render: write the selected pages and extra files into a staging folder.

One stage for both bakes. The pages of `PublishedPagesView` and `TagListingsView` go
through the fast renderer (`render.py`: same bytes, no per-page routing, one process
per core); any other view listed in `BAKERY_VIEWS` still builds itself through
wagtail-bakery; then the extra files (API JSON, calendars, feeds, sitemap…) of
`artefacts.py`. The full bake passes `urls=None` (everything), the incremental one
the URLs `select.affected_by` chose.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.urls import get_callable

from .artefacts import ExtraFile, write_extra_files
from .paths import bakery_build_dir
from .render import baked_site, render_site, render_targets
from .select import Output


@dataclass(frozen=True)
class Written:
    """What the render stage wrote."""

    pages: int
    extra_files: int


def render_outputs(*, build_dir: Path, outputs: dict[str, Output],
                   urls: Collection[str] | None = None, extras: list[ExtraFile] = (),
                   on_progress: Callable[[int], None] | None = None) -> Written:
    """Render the page outputs `urls` (all of `outputs` if None) and write `extras`.

    Self-building views (a django-bakery view without objects) build on every call.
    Raises `PageRenderError` naming the first page that fails.
    """
    progress = on_progress or (lambda _count=1: None)
    every = urls is None
    wanted = set(outputs) if every else set(urls)
    fast = {url for url in wanted if outputs[url].view is None}
    site = baked_site()
    pages = 0
    if fast and site is not None:
        if every:
            targets = render_targets(site=site)
        else:
            entries = [out.entry for out in outputs.values() if out.entry is not None]
            routed = [(url, out.title) for url, out in outputs.items()
                      if out.page_id is None and out.view is None]
            targets = render_targets(site=site, only=fast, entries=entries, routed=routed)
        pages += render_site(build_dir=build_dir, targets=targets,
                             on_progress=progress).pages
    slow = [url for url in outputs if url in wanted and outputs[url].view is not None]
    with bakery_build_dir(build_dir):
        for dotted in settings.BAKERY_VIEWS:
            view = get_callable(dotted)()
            if not hasattr(view, "iter_objects"):
                view.build_method()  # a plain django-bakery view (a feed, a 404 page)
                pages += 1
                progress(1)
        for url in slow:
            outputs[url].view.build_object(outputs[url].obj)
            pages += 1
            progress(1)
    write_extra_files(list(extras), build_dir=build_dir, on_progress=progress)
    return Written(pages=pages, extra_files=len(extras))


def self_building_views() -> int:
    """How many `BAKERY_VIEWS` build themselves (for a progress bar's total)."""
    return sum(1 for dotted in settings.BAKERY_VIEWS
               if not hasattr(get_callable(dotted)(), "iter_objects"))
