"""The network's name, as its editors set it in the identity settings, read once per bake.

Every calendar and feed names the network: thousands of files of one bake would each
read the same row. While `network_names_remembered()` is active (the bake holds it
around each share of files, when nothing changes) each site's name is read once;
outside it, every call reads the row, so a name the editors change is in the very
next bake.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from contextvars import ContextVar

from wagtail.models import Site

from .scoping import bound

_NAMES: ContextVar[dict[int | None, str] | None] = ContextVar("rete_network_names", default=None)


def network_names_remembered() -> AbstractContextManager:
    """Remember each site's network name for the whole block (the data must not change)."""
    return bound(_NAMES, {})


def network_name_of(site: Site | None) -> str:
    """The `network_name` of `site`'s identity settings; "" if it has none."""
    from .models import IdentitySettings

    remembered = _NAMES.get()
    key = site.pk if site is not None else None
    if remembered is not None and key in remembered:
        return remembered[key]
    name = (IdentitySettings.objects.filter(site=site)
            .values_list("network_name", flat=True).first()) or ""
    if remembered is not None:
        remembered[key] = name
    return name
