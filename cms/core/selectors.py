"""What the site map shows, gathered in one place so the template stays dumb.

The home page's sections are in `cms.home.selectors`: they read the content apps,
which `core` never imports.
"""

from __future__ import annotations

from .page_entries import PageEntry, page_entries


def site_map(*, home) -> list[tuple[PageEntry, list[PageEntry]]]:
    """Each section below the home page (tree order) with the pages directly in it.

    Two levels, as the modello comuni's site map: on a network of thousands of pages the
    sections' own listings carry the rest. Read as light rows (`page_entries`, one query
    for the site), not as page objects: a large network's map lists thousands.
    """
    site = home.get_site()
    if site is None:
        return []
    steplen = home.steplen
    sections: list[tuple[PageEntry, list[PageEntry]]] = []
    for entry in page_entries(site=site):
        depth = len(entry.path) // steplen
        if not entry.path.startswith(home.path) or not home.depth < depth <= home.depth + 2:
            continue
        if depth == home.depth + 1:
            sections.append((entry, []))
        elif sections and entry.path.startswith(sections[-1][0].path):
            sections[-1][1].append(entry)
    return sections


def site_map_signatures(*, page) -> dict[str, list[str]]:
    """What the site map page shows, as a listing signature.

    As `cms.home.selectors.home_listing_signatures` does for the home page.
    """
    from cms.core.listings import page_token, page_tokens

    home = page.get_parent()
    ids = (home.get_descendants().live().public().filter(depth__lte=home.depth + 2)
           .order_by("path").values_list("pk", flat=True))
    return {page.url: [page_token(group="site map", pk=page.pk),
                       *page_tokens(group="listed", ids=ids)]}
