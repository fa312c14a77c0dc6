"""What the site map shows, gathered in one place so the template stays dumb.

The home page's sections are in `cms.home.selectors`: they read the content apps,
which `core` never imports.
"""


def site_map(*, home) -> list[tuple[object, list]]:
    """Each section below the home page (tree order) with the pages directly in it.

    Two levels, as the modello comuni's site map: on a network of thousands of pages the
    sections' own listings carry the rest. Read with one query.
    """
    pages = list(home.get_descendants().live().public()
                 .filter(depth__lte=home.depth + 2).order_by("path"))
    sections: list[tuple[object, list]] = []
    for page in pages:
        if page.depth == home.depth + 1:
            sections.append((page, []))
        elif sections and page.path.startswith(sections[-1][0].path):
            sections[-1][1].append(page)
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
