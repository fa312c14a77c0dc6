"""Files that are not pages: feeds, calendars, the sitemap, the baked API.

Other apps own them and only say *which* URL of the running CMS becomes *which*
file: each dotted path in `BAKE_EXTRA_FILES` names a function returning
`{url: BakeTarget}` (`cms.core.bake_targets`). A file that belongs to one page (its API
record, its calendar) names it, so an incremental bake rewrites it only with its page.
A file summing up pages of some types only (a feed of events, the API listing of one
type) says which: after an edit it is rewritten only when a page of those types
changed (a new event, an edited course), instead of after every edit; a file showing
no page (the icons drawn from the logo) is rewritten only by an edit that may change
anything (a site setting). The pages an edit changes include, as for their own files,
those showing an edited snippet and those whose state the clock changed
(`schedule.pages_changed_by_clock`). A provider that takes a `page_ids` keyword is asked
with it for just those pages' own files (what an incremental bake needs first, on a large
site a fraction of the full list), plus any file of no page they link to; others are
asked for everything and filtered. Each in
`BAKE_EXTRA_MEDIA` a function returning extra `MEDIA_URL` paths to copy (e.g. originals
the baked API links to).
Each in `BAKE_EXTRA_PRELOAD` a function given a batch of URLs and returning, for those
it knows, attributes their requests should carry: what their views would otherwise
look up one query at a time (the baked API's page records), loaded for the whole batch.
Each in `BAKE_EXTRA_REUSE` a function given a URL an incremental bake rewrites, the file
the live build holds for it and the ids of the pages the edit changed, and returning
attributes its request should carry: what of the old file still holds (an API listing's
records of the pages not changed), so that its view produces only the rest (`Reuse`).
The bake calls their views directly, as it serves the pages (`ExtraFileWriter`), with the
same rule: anything but a 200 stops the bake, naming the URL, and nothing broken is written.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Collection
from contextlib import ExitStack
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.http import Http404
from django.test.client import RequestFactory
from django.urls import resolve
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cms.core.site_settings import current_site, use_request_site

from .cores import forked_pool, usable_cores, workers_see_the_data
from .exceptions import PageRenderError
from .render import SiteRequests, bake_caches

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExtraFile:
    """One URL of the CMS and the file of the build it becomes."""

    url: str
    relative: str
    page_id: int | None = None  # the page it belongs to; None: it sums up the whole site
    # Of a file summing up pages: the page types ("app_label.modelname") it shows, if
    # only those; None: it may show anything, so it is rewritten after every edit.
    shows: frozenset[str] | None = None

    @property
    def file(self) -> str:
        """Its path inside the build, as the manifest records it (no leading slash)."""
        return self.relative.lstrip("/")


def extra_files(*, page_ids: Collection[int] | None = None) -> list[ExtraFile]:
    """Every file the `BAKE_EXTRA_FILES` providers ask for, in their order.

    With `page_ids`, only the files belonging to those pages.
    """
    files: dict[str, ExtraFile] = {}
    for dotted in getattr(settings, "BAKE_EXTRA_FILES", ()):
        provider = import_string(dotted)
        narrowed = page_ids is not None and _takes_page_ids(provider)
        asked = provider(page_ids=page_ids) if narrowed else provider()
        for url, target in asked.items():
            # A provider asked for some pages' files may add files of no page that
            # those files link to (the API records of the images a page nests).
            if page_ids is None or target.page_id in page_ids or (
                    narrowed and target.page_id is None):
                files.setdefault(target.path, ExtraFile(url=url, relative=target.path,
                                                        page_id=target.page_id,
                                                        shows=target.shows))
    return list(files.values())


def may_have_changed(extra: ExtraFile, *, changed_types: frozenset[str] | None) -> bool:
    """Whether an edit that changed pages of `changed_types` (None: anything, pages or
    not) can have changed the file summing up pages `extra`."""
    return extra.shows is None or changed_types is None or bool(extra.shows & changed_types)


def _takes_page_ids(provider: Callable) -> bool:
    return "page_ids" in inspect.signature(provider).parameters


@dataclass(frozen=True)
class Reuse:
    """For an incremental bake: the live build, and the pages the edit changed."""

    build_dir: Path
    changed_ids: frozenset[int]

    def carried(self, extra: ExtraFile) -> dict[str, object]:
        """What the `BAKE_EXTRA_REUSE` providers take from the live copy of `extra`."""
        old = self.build_dir / extra.file
        found: dict[str, object] = {}
        if old.is_file():
            for dotted in getattr(settings, "BAKE_EXTRA_REUSE", ()):
                found.update(import_string(dotted)(extra.url, old, self.changed_ids))
        return found


def extra_media_paths() -> set[str]:
    """`MEDIA_URL` paths the `BAKE_EXTRA_MEDIA` providers need beside the pages' own."""
    paths: set[str] = set()
    for dotted in getattr(settings, "BAKE_EXTRA_MEDIA", ()):
        paths |= set(import_string(dotted)())
    return paths


# Fewer files than this are written in this process: forking costs more. The few
# files summing up a site (API listings, feeds) are worth it, a page's own are not.
PARALLEL_FROM = 8
# At most this many files per task handed to a worker, preloaded together: few enough
# that the slow ones (the API's type listings take seconds on a large site) still spread
# over the workers.
BATCH_SIZE = 20
# The list being written, inherited by forked workers (never pickled).
_JOB: tuple[list[ExtraFile], Path, Reuse | None] | None = None
_WORKER_WRITER: ExtraFileWriter | None = None
_WORKER_CACHES = ExitStack()


def write_extra_files(extras: list[ExtraFile], *, build_dir: Path, workers: int | None = None,
                      on_progress: Callable[[int], None] | None = None,
                      reuse: Reuse | None = None) -> None:
    """Write `extras` into `build_dir`, spread over one process per core when there are many.

    With `reuse` (an incremental bake), each request carries what its view may take
    from the live build's copy of its file.

    The API's type listings take seconds each on a large site: alone in one process
    they would be most of a bake. As in `render.render_site`, inside a transaction or
    on an in-memory database (the tests) everything is written here. Raises
    `PageRenderError` for the first file that fails.
    """
    global _JOB
    workers = workers or usable_cores()
    progress = on_progress or (lambda _count=1: None)
    # Smaller batches when there are few files: a publish's two dozen files summing up
    # the site must still spread over every worker.
    size = max(1, min(BATCH_SIZE, -(-len(extras) // (workers * 4))))
    batches = [range(start, min(start + size, len(extras)))
               for start in range(0, len(extras), size)]
    if workers <= 1 or len(extras) < PARALLEL_FROM or not workers_see_the_data():
        writer = ExtraFileWriter() if extras else None
        with bake_caches():
            for batch in batches:
                progress(writer.write_batch([extras[index] for index in batch],
                                            build_dir=build_dir, reuse=reuse))
        return
    _JOB = (extras, Path(build_dir), reuse)
    connections.close_all()  # each worker opens its own
    try:
        with forked_pool(workers) as pool:
            for written, error in pool.imap_unordered(_write_batch, batches):
                if error is not None:
                    raise PageRenderError(error)
                progress(written)
            pool.close()
            pool.join()
    finally:
        _JOB = None


def _write_batch(indexes: range) -> tuple[int, str | None]:
    """In a worker: write some files; an error comes back as its message."""
    global _WORKER_WRITER
    extras, build_dir, reuse = _JOB
    if _WORKER_WRITER is None:
        # For the worker's life: it ends with this bake.
        _WORKER_CACHES.enter_context(bake_caches())
        _WORKER_WRITER = ExtraFileWriter()
    try:
        return _WORKER_WRITER.write_batch([extras[index] for index in indexes],
                                          build_dir=build_dir, reuse=reuse), None
    except PageRenderError as error:
        return 0, str(error)


def preloaded(urls: list[str]) -> dict[str, dict[str, object]]:
    """What the `BAKE_EXTRA_PRELOAD` providers loaded for `urls`: URL → request attributes."""
    found: dict[str, dict[str, object]] = {}
    for dotted in getattr(settings, "BAKE_EXTRA_PRELOAD", ()):
        found.update(import_string(dotted)(urls))
    return found


class ExtraFileWriter:
    """Calls each extra URL's view as the handler would, and writes the 200 body.

    Not through the handler's middleware: for a bake that would only find again what
    every request here already carries, as the pages' render has it (`SiteRequests`):
    the site, its settings and root paths, the anonymous visitor (with an empty session),
    the site's language, and the site's theme and public address (`SiteMiddleware`'s
    `use_request_site`). What the rest of the middleware adds is headers, which no file
    keeps. The 7,170 extra files of a 5,000-page site: 11.3 s → 10.0 s, the same bytes.
    """

    def __init__(self):
        site = current_site()
        self.factory = RequestFactory(SERVER_NAME=site.hostname if site else "localhost",
                                      SERVER_PORT=str(site.port) if site else "80")
        self.requests = SiteRequests.read(site) if site else None
        self.sessions = import_module(settings.SESSION_ENGINE).SessionStore
        self.language = self.requests.language if self.requests else settings.LANGUAGE_CODE

    def write_batch(self, extras: list[ExtraFile], *, build_dir: Path,
                    reuse: Reuse | None = None) -> int:
        """Write `extras`, with what the preload providers loaded for all of them at once
        and, with `reuse`, what each may take from its live copy."""
        carried = preloaded([extra.url for extra in extras])
        for extra in extras:
            carrying = carried.get(extra.url, {})
            if reuse is not None:
                carrying = {**carrying, **reuse.carried(extra)}
            self.write(extra, build_dir=build_dir, carrying=carrying)
        return len(extras)

    def write(self, extra: ExtraFile, *, build_dir: Path,
              carrying: dict[str, object] | None = None) -> None:
        destination = (build_dir / extra.file).resolve()
        if build_dir.resolve() not in destination.parents:
            raise PageRenderError(_("Il file %(file)s richiesto per %(url)s finirebbe fuori dalla "
                                    "cartella del sito: correggi il percorso nel suo modulo.")
                                  % {"file": extra.relative, "url": extra.url})
        # As the public sees it, over https: the CMS redirects plain http requests.
        request = self.factory.get(extra.url, secure=True)
        request.session = self.sessions()  # a visitor's, empty (the API reads the passwords given)
        if self.requests is not None:
            self.requests.prime(request)
        for name, value in (carrying or {}).items():
            setattr(request, name, value)
        status, body, cause = self._respond(request)
        if status != 200:
            raise PageRenderError(
                _("L'indirizzo %(url)s (file %(file)s) non si genera (errore %(status)s%(cause)s). "
                  "Controlla le pagine pubblicate di recente che questo file elenca (l'errore "
                  "completo è nel registro del worker) e pubblica di nuovo.")
                % {"url": extra.url, "file": extra.relative, "status": status, "cause": cause})
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(body)

    def _respond(self, request) -> tuple[int, bytes, str]:
        """Status, body and, for a failure, its cause: the view's answer, rendered."""
        try:
            request.resolver_match = match = resolve(request.path_info)
            with translation.override(self.language), use_request_site(request):
                response = match.func(request, *match.args, **match.kwargs)
                if callable(getattr(response, "render", None)):
                    response = response.render()
                return response.status_code, _body(response), ""
        except Http404:
            return 404, b"", ""
        except PermissionDenied:
            return 403, b"", ""
        except Exception as error:  # noqa: BLE001 - any failure names the file, as a 500 would
            logger.exception("Extra file %s failed", request.path)
            return 500, b"", f": {error!r}"


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content
