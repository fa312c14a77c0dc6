"""Which listings an edit changes, from the signatures the index pages give.

A listing (the news index and its numbered pages, the calendar, an audience page) must be
re-rendered after an edit when it now shows other pages, in another order or split, or
when one of the pages it shows changed; and only then, since on a large site the listings
are most of the work of a publish. The tokens themselves are defined in `cms.core.listings`.
"""

from __future__ import annotations

from wagtail.models import Site, get_page_models

from cms.core.listings import shown_page_ids, signatures_of


def listing_signatures(*, site: Site | None) -> dict[str, list[str]]:
    """URL → signature for every listing the index pages of `site` render."""
    if site is None:
        return {}
    signatures: dict[str, list[str]] = {}
    for model in get_page_models():
        if model._meta.abstract or not hasattr(model, "listing_signatures"):
            continue
        for page in (model.objects.live().public()
                     .descendant_of(site.root_page, inclusive=True).order_by("path")):
            if page.url is not None:
                signatures.update(signatures_of(page))
    return signatures


def listings_to_render(*, before: dict[str, list[str]] | None, now: dict[str, list[str]],
                       changed: set[int]) -> set[str]:
    """The listing URLs whose output differs: another signature, or a changed page shown.

    Without a recorded `before` (an old manifest) every listing is re-rendered.
    """
    if before is None:
        return set(now)
    return {url for url, tokens in now.items()
            if before.get(url) != tokens or shown_page_ids(tokens) & changed}
