"""Select: what the bake writes now, and what an edit makes it redo.

The first stage of both bakes. `current_outputs` lists every page file the database
bakes now (a few light queries, no page loaded); the full bake renders them all, the
incremental one the URLs `affected_by` returns for an edit. The rules lean towards
re-rendering a little too much, never too little (see `incremental.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.urls import get_callable

from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, ReferenceIndex, Site

from cms.core.page_entries import PageEntry, page_entries

from .listings import listing_signatures, listings_to_render
from .render import FAST_RENDERED_VIEWS, baked_site, routed_listings


@dataclass(frozen=True)
class Output:
    """One page file the full bake writes now.

    `page_id` for a page's own file; a routed listing (audience, topic, numbered
    page) has none. `view`/`obj` only for outputs of a `BAKERY_VIEWS` view the fast
    renderer does not make, which are built through wagtail-bakery.
    """

    url: str
    page_id: int | None = None
    view: object | None = None
    obj: object | None = None
    entry: PageEntry | None = None  # a page's, for the fast renderer
    title: str = ""  # a routed listing's


@dataclass(frozen=True)
class Affected:
    """What an edit makes the incremental bake redo."""

    urls: frozenset[str]  # page outputs to re-render
    page_ids: frozenset[int]  # pages whose own content or context changed (their own extras)
    # Whether everything may have changed (a site setting, the home page, a menu section):
    # then so may the files that show no page at all (the icons drawn from the logo).
    everything: bool = False


# --- What the database bakes now -------------------------------------------------


def current_outputs() -> dict[str, Output]:
    """Every page file the full bake would write now, by URL.

    Only lists (a few light queries: no page is loaded or rendered).
    """
    site = baked_site()
    outputs: dict[str, Output] = {}
    if site is not None:
        for entry in page_entries(site=site):
            outputs.setdefault(entry.url, Output(url=entry.url, page_id=entry.pk, entry=entry))
        for url, title in routed_listings():
            outputs.setdefault(url, Output(url=url, title=title))
    for dotted in settings.BAKERY_VIEWS:
        if dotted in FAST_RENDERED_VIEWS:
            continue
        view = get_callable(dotted)()
        if not hasattr(view, "iter_objects"):
            continue  # a self-building view (404 page…): re-rendered on every bake
        for obj in view.iter_objects():
            url = view.get_url(obj)
            outputs.setdefault(url, Output(url=url, view=view, obj=obj))
    return outputs


# --- What an edit affects --------------------------------------------------------


def edited_urls(*, page_ids: Iterable[int], outputs: dict[str, Output]) -> frozenset[str]:
    """The URLs of the pages `page_ids` themselves, of those the site bakes now: what an
    editor published, which a publish puts live before the pages showing it."""
    wanted = set(page_ids)
    return frozenset(url for url, out in outputs.items() if out.page_id in wanted)


def pages_affected_by(*, page_ids: Iterable[int] = (), context_page_ids: Iterable[int] = (),
                      objects: Iterable[models.Model] = (), everything: bool = False,
                      outputs: dict[str, Output] | None = None,
                      listings_before: dict[str, list[str]] | None = None,
                      listings_now: dict[str, list[str]] | None = None) -> frozenset[str]:
    """The URLs of the page outputs to re-render after an edit (see `affected_by`)."""
    return affected_by(page_ids=page_ids, context_page_ids=context_page_ids, objects=objects,
                       everything=everything, outputs=outputs, listings_before=listings_before,
                       listings_now=listings_now).urls


def affected_by(*, page_ids: Iterable[int] = (), context_page_ids: Iterable[int] = (),
                objects: Iterable[models.Model] = (), everything: bool = False,
                outputs: dict[str, Output] | None = None,
                listings_before: dict[str, list[str]] | None = None,
                listings_now: dict[str, list[str]] | None = None) -> Affected:
    """What to re-render after an edit.

    `page_ids`: pages published, unpublished, edited or moved (their new place).
    `context_page_ids`: pages that only *show* the edited one — a moved page's old
    parent, a deleted page's parent and referrers — re-rendered with their ancestors.
    `objects`: changed snippets, images, documents and settings.
    `listings_before`: the listing signatures recorded with the live build; without
    them every listing is re-rendered.
    """
    outputs = current_outputs() if outputs is None else outputs
    site = baked_site()
    if listings_now is None:
        listings_now = listing_signatures(site=site)
    everything_affected = Affected(
        urls=frozenset(outputs),
        page_ids=frozenset(out.page_id for out in outputs.values() if out.page_id is not None),
        everything=True)
    if everything:
        return everything_affected
    url_by_page = {out.page_id: url for url, out in outputs.items() if out.page_id is not None}
    menu_depth = site.root_page.depth + 1 if site else 0

    # Pages of another site's tree are that site's bake's business.
    changed = list(Page.objects.filter(pk__in=set(page_ids),
                                       path__startswith=site.root_page.path if site else ""))
    if any(page.depth <= menu_depth for page in changed):
        return everything_affected  # the home page or a menu section: shown on every page
    showing: set[int] = set(context_page_ids)
    ids: set[int] = set()
    for page in changed:
        ids.add(page.pk)
        ids.update(Page.objects.descendant_of(page).values_list("pk", flat=True))
        showing |= referring_page_ids(page)
    for obj in objects:
        referrers = referring_page_ids(obj)
        if referrers is None or shown_everywhere(obj):
            return everything_affected  # a site setting: header and footer of every page
        showing |= referrers | pages_shown_with(obj)
    if None in showing:
        return everything_affected
    shown_ids = showing | ids
    # Listings follow their signatures; other ancestors (the home page's sections,
    # the sportelli index) are re-rendered whenever a page below them changes.
    listing_urls = set(listings_now)
    urls = {url_by_page[pk] for pk in shown_ids if pk in url_by_page}
    for page in Page.objects.filter(pk__in=shown_ids):
        for pk in Page.objects.ancestor_of(page).values_list("pk", flat=True):
            if pk in url_by_page and url_by_page[pk] not in listing_urls:
                urls.add(url_by_page[pk])
    urls |= listings_to_render(before=listings_before, now=listings_now, changed=shown_ids)
    # Routed outputs that no index declares a signature for: always, to be safe.
    urls |= {url for url, out in outputs.items()
             if out.page_id is None and url not in listing_urls and shown_ids}
    return Affected(urls=frozenset(url for url in urls if url in outputs),
                    page_ids=frozenset(pk for pk in shown_ids if pk in url_by_page))


def referring_page_ids(obj: models.Model, *, depth: int = 0) -> set | None:
    """Pages whose stored content points at `obj`; None if a site setting does.

    A snippet pointing at `obj` passes the question on to its own referrers (once).
    """
    ids: set = set()
    for ref in ReferenceIndex.get_references_to(obj).select_related("base_content_type"):
        model = ref.base_content_type.model_class()
        if model is None:
            continue
        if issubclass(model, Page):
            ids.add(int(ref.object_id))
        elif issubclass(model, BaseSiteSetting | BaseGenericSetting):
            return None
        elif depth == 0:
            instance = model._default_manager.filter(pk=ref.object_id).first()
            more = referring_page_ids(instance, depth=1) if instance is not None else set()
            if more is None:
                return None
            ids |= more
    return ids


def shown_everywhere(obj: models.Model) -> bool:
    """Site settings live in the header and footer of every page."""
    return isinstance(obj, BaseSiteSetting | BaseGenericSetting)


def pages_shown_with(obj: models.Model) -> set[int]:
    """Pages that show `obj` without a stored reference to it.

    Tags are linked through `content_object` rows, which the reference index may not
    follow; the partners' list of the databank search box is on the home page and
    on the sportelli index.
    """
    from cms.network.models import Partner, SportelloIndexPage

    ids: set[int] = set()
    for relation in obj._meta.related_objects:
        through = relation.related_model
        if any(field.name == "content_object" for field in through._meta.get_fields()):
            ids.update(through._default_manager.filter(**{relation.field.name: obj})
                       .values_list("content_object_id", flat=True))
    if isinstance(obj, Partner):
        ids.update(SportelloIndexPage.objects.values_list("pk", flat=True))
        ids.update(Site.objects.values_list("root_page_id", flat=True))  # every home page
    return ids
