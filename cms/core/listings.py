"""The vocabulary of listing signatures: what each listing shows, as comparable tokens.

A listing (the news index and its numbered pages, the calendar, an audience page)
shows other pages. After an edit it must be re-rendered when it now shows other
pages, in another order or split, or when one of the pages it shows changed; and
only then, since on a large site the listings are most of the work of a publish.

Index page models say what they list through `listing_signatures()`: for each URL
they render, a list of tokens. A token `page:<group>:<id>` stands for a page shown
(the group tells, say, upcoming from past events); any other token is whatever
else the listing shows (a tag's name, the number of pages). Two signatures that
are equal mean the same items in the same places. The signatures are read with
`values_list` queries only, never by rendering.

The tokens live here, in core, because the index page models of every content app build
them; the bake (`cms.publishing.listings`) compares them to decide what to re-render.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from contextvars import ContextVar

from wagtail.models import Page

from cms.core.scoping import bound

PAGE_TOKEN = "page"
# Signatures by index page id while `shared_signatures()` is active: one bake asks for
# them three times (which listing pages exist, which changed, the manifest).
_SHARED: ContextVar[dict[int, dict[str, list[str]]] | None] = ContextVar(
    "rete_listing_signatures", default=None)


def shared_signatures() -> AbstractContextManager:
    """Compute each index's signatures once while the block runs (the data must not change)."""
    return bound(_SHARED, {})


def signatures_of(page: Page) -> dict[str, list[str]]:
    """`page.listing_signatures()`, shared within `shared_signatures()`."""
    shared = _SHARED.get()
    if shared is None:
        return page.listing_signatures()
    if page.pk not in shared:
        shared[page.pk] = page.listing_signatures()
    return shared[page.pk]


def page_token(*, group: str, pk: int) -> str:
    """The token of page `pk` shown in the `group` part of a listing."""
    return f"{PAGE_TOKEN}:{group}:{pk}"


def page_tokens(*, group: str, ids: Iterable[int]) -> list[str]:
    return [page_token(group=group, pk=pk) for pk in ids]


def shown_page_ids(tokens: Iterable[str]) -> set[int]:
    """The ids of the pages a signature shows."""
    return {int(token.rsplit(":", 1)[1]) for token in tokens
            if token.startswith(PAGE_TOKEN + ":")}
