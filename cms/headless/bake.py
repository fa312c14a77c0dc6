"""The baked headless API: which live URLs become which static files.

Static hosts cannot answer query strings, so every query the baked API offers is a
file of its own (the layout is in `cms/headless/README.md`):

    api/v2/pages/index.json                  /api/v2/pages/?limit=N
    api/v2/pages/type/<app.Model>.json       /api/v2/pages/?type=<app.Model>&fields=*&limit=N
    api/v2/pages/<id>.json                   /api/v2/pages/<id>/
    api/v2/images/index.json, <id>.json      /api/v2/images/?limit=N, /api/v2/images/<id>/
    api/v2/documents/index.json, <id>.json   the same for documents
    api/eventi-in-arrivo.json                /api/eventi-in-arrivo.json
    api/corsi-aperti.json                    /api/corsi-aperti.json

Each API URL carries `flavour=baked`, so the running CMS itself answers with the URLs
of the baked site (`flavour.py`): the bake only requests and writes, no post-processing.
The bake finds these through its settings: `BAKE_EXTRA_FILES` names `baked_files`,
`BAKE_EXTRA_MEDIA` names `media_paths`, `BAKE_EXTRA_PRELOAD` names `preload_records` and
`BAKE_EXTRA_REUSE` names `reusable_records` (see `cms/publishing/artefacts.py`).
A detail file sits where the live detail path points once its trailing `/` becomes
`.json`, which is also how `meta.detail_url` is rewritten.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site, get_page_models

from cms.core.bake_targets import BakeTarget, shows_types
from cms.core.exceptions import BakeError
from cms.core.site_settings import current_site
from cms.courses.models import CoursePage
from cms.events.models import EventPage

from .endpoints import (
    KNOWN_RECORDS,
    PRELOADED_PAGE,
    RECORD_BATCH,
    RecordBatch,
    listing_limit_max,
    with_what_the_api_reads,
)
from .feeds import COURSES_FEED_PATH, EVENTS_FEED_PATH
from .flavour import BAKED, FLAVOUR_PARAM
from .selectors import public_pages, used_object_ids


class ApiBakeError(BakeError):
    """A baked API file could not be produced."""


def baked_files(*, page_ids: Collection[int] | None = None) -> dict[str, BakeTarget]:
    """Every URL of the running CMS to bake → its file, relative to the build folder.

    The bake asks the baked site's host for each URL and writes the 200 body there.
    A page's own record belongs to its page, so that it is rebaked with the page;
    `page_ids` asks for those pages' records alone. A type listing and the partners'
    feeds name the page types they show, so that only an edit of such a page rewrites
    them (the items of a type listing are its pages' records, less their parent).
    """
    site = baked_site()
    pages = public_pages(site=site)
    flavour = f"{FLAVOUR_PARAM}={BAKED}"
    pages_root = reverse("wagtailapi:pages:listing")
    if page_ids is not None:
        chosen = pages.filter(pk__in=page_ids)
        # With them, the records of the images and documents they nest: a page's record
        # links to those, and they must be there as soon as it is.
        return (_page_records(chosen, root=pages_root, flavour=flavour)
                | _media_records(pages=chosen, flavour=flavour))
    limit = listing_limit_max()
    files: dict[str, BakeTarget] = {}

    _check_fits(count=pages.count(), limit=limit, what=_("pagine"))
    files[f"{pages_root}?limit={limit}&{flavour}"] = BakeTarget(_file(pages_root) + "index.json")
    for model in sorted(get_page_models(), key=_label):
        if model is Page:
            continue
        files[f"{pages_root}?type={_label(model)}&fields=*&limit={limit}&{flavour}"] = (
            BakeTarget(f"{_file(pages_root)}type/{_label(model)}.json", shows=shows_types(model)))
    files |= _page_records(pages, root=pages_root, flavour=flavour)

    for endpoint, model in (("images", get_image_model()), ("documents", get_document_model())):
        root = reverse(f"wagtailapi:{endpoint}:listing")
        _check_fits(count=len(used_object_ids(model=model, pages=pages)), limit=limit,
                    what=endpoint)
        files[f"{root}?limit={limit}&{flavour}"] = BakeTarget(_file(root) + "index.json")
    files |= _media_records(pages=pages, flavour=flavour)

    for feed_path, model in ((EVENTS_FEED_PATH, EventPage), (COURSES_FEED_PATH, CoursePage)):
        files[f"/{feed_path}"] = BakeTarget(feed_path, shows=shows_types(model))
    return files


def _page_records(pages, *, root: str, flavour: str) -> dict[str, BakeTarget]:
    """Each page's own detail record, belonging to its page."""
    return {f"{root}{pk}/?{flavour}": BakeTarget(f"{_file(root)}{pk}.json", page_id=pk)
            for pk in pages.order_by("pk").values_list("pk", flat=True)}


def _media_records(*, pages, flavour: str) -> dict[str, BakeTarget]:
    """The detail records of the images and documents `pages` use.

    A record shows its image or document alone, no page (`shows` empty): an edit of pages
    does not rewrite it. It is written with the pages using it (`page_ids` above), which an
    edit of the image or document re-renders, as it does every page referring to it.
    """
    files: dict[str, BakeTarget] = {}
    for endpoint, model in (("images", get_image_model()), ("documents", get_document_model())):
        root = reverse(f"wagtailapi:{endpoint}:listing")
        for pk in sorted(used_object_ids(model=model, pages=pages)):
            files[f"{root}{pk}/?{flavour}"] = BakeTarget(f"{_file(root)}{pk}.json",
                                                         shows=frozenset())
    return files


def preload_records(urls: list[str]) -> dict[str, dict[str, object]]:
    """For the page records among `urls`, their pages loaded in bulk, as each request carries
    it (`endpoints.PRELOADED_PAGE`): a query or two per page type instead of a dozen per page.
    Their parents come with them, and the batch (`endpoints.RECORD_BATCH`), so that their
    records are serialized together.

    Only public pages of the baked site are loaded, those `baked_files` lists: a URL whose
    page is not among them is left to the endpoint's own lookup.
    """
    wanted: dict[int, str] = {}
    for url in urls:
        try:
            match = resolve(url.partition("?")[0])
        except Resolver404:
            continue
        if match.view_name == "wagtailapi:pages:detail":
            wanted[int(match.kwargs["pk"])] = url
    if not wanted:
        return {}
    by_type: dict[int, list[int]] = {}
    chosen = public_pages(site=baked_site()).filter(pk__in=wanted)
    for pk, content_type_id in chosen.values_list("pk", "content_type_id"):
        by_type.setdefault(content_type_id, []).append(pk)
    pages: list[Page] = []
    for content_type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
        pages += with_what_the_api_reads(model.objects.filter(pk__in=pks))
    _remember_parents(pages)
    batch = RecordBatch(pages)
    return {wanted[page.pk]: {PRELOADED_PAGE: page, RECORD_BATCH: batch} for page in pages}


def _remember_parents(pages: list[Page]) -> None:
    """Give `pages` their parents (each record names its parent), loaded in one query, as
    treebeard's `get_parent` would load and keep them, one query each."""
    steplen = Page.steplen
    parents = {parent.path: parent for parent in Page.objects.filter(
        path__in={page.path[:-steplen] for page in pages if len(page.path) > steplen})}
    for page in pages:
        parent = parents.get(page.path[:-steplen])
        if parent is not None:
            page._cached_parent_obj = parent


def reusable_records(url: str, old: Path, changed: frozenset[int]) -> dict[str, object]:
    """For a page listing rewritten after an edit, the records its live copy `old` holds of
    pages not `changed`, as its request carries them (`endpoints.KNOWN_RECORDS`).

    A page's record depends on what its own record does (its page, the objects it
    chooses, its address), and an edit of any of these lists the page among `changed`,
    as it does for the page's own file. Any other URL, or an unreadable copy: nothing.
    """
    root = reverse("wagtailapi:pages:listing")
    if not url.startswith(f"{root}?"):
        return {}
    try:
        items = json.loads(old.read_bytes())["items"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {KNOWN_RECORDS: {item["id"]: item for item in items
                            if isinstance(item, dict) and item.get("id") not in changed}}


def media_paths() -> set[str]:
    """`MEDIA_URL` paths the baked API's `download_url`s point at, for the bake to copy.

    The originals of used images and the used documents' files: the HTML pages only
    reference image renditions, so nothing else copies these.
    """
    pages = public_pages(site=baked_site())
    media_url = "/" + settings.MEDIA_URL.strip("/") + "/"
    paths = set()
    for model in (get_image_model(), get_document_model()):
        for obj in model.objects.filter(pk__in=used_object_ids(model=model, pages=pages)):
            url = obj.file.url
            if url.startswith(media_url):
                paths.add(url)
    return paths


def baked_site() -> Site:
    """The site being baked (`site_settings.use_site`), else the default site."""
    site = current_site()
    if site is None:
        raise ApiBakeError(_("Nessun sito predefinito: impostane uno in Impostazioni → Siti."))
    return site


def _label(model: type[Page]) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def _file(url_path: str) -> str:
    """A listing's URL path as a folder of the build (`/api/v2/pages/` → `api/v2/pages/`)."""
    return url_path.lstrip("/")


def _check_fits(*, count: int, limit: int, what: str) -> None:
    if count > limit:
        raise ApiBakeError(
            _("Ci sono %(count)d %(what)s da pubblicare nell'API, più delle %(limit)d che un "
              "file può contenere: alza WAGTAILAPI_LIMIT_MAX nelle impostazioni.")
            % {"count": count, "what": what, "limit": limit})
