"""Where a file that is not a page goes in the build, and what it belongs to.

Each app lists in `BAKE_EXTRA_FILES` a provider returning `{url: BakeTarget}`: the bake
requests each URL of the running CMS and writes the 200 body at the target's path
(see `cms/publishing/artefacts.py`). What the target belongs to decides when an
incremental bake rewrites it: with its own page, when pages of the types it shows
change, or after every edit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BakeTarget:
    """One file of the build, written from one URL of the CMS."""

    path: str  # relative to the build folder
    # The page it belongs to (its API record, its calendar): rewritten with that page only.
    page_id: int | None = None
    # Of a file summing up pages (a feed, an API listing): the page types
    # ("app_label.modelname") it shows, rewritten only when such a page changes; an empty
    # set: it shows no page (the icons), rewritten only when everything may have changed.
    # None: it may show anything, rewritten after every edit.
    shows: frozenset[str] | None = None


def shows_types(*models) -> frozenset[str]:
    """The `shows` of a file summing up pages of these models."""
    return frozenset(model._meta.label_lower for model in models)
