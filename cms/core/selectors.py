"""What the home page shows, gathered in one place so the template stays dumb."""

from cms.core.models import HomePage
from cms.core.visibility import on_public_site


def home_sections(*, home: HomePage, limit: int = 3) -> dict:
    """Featured guides, the next courses and events, the contest while it is open, the sportelli."""
    from cms.contest.models import ContestPage, ContestStatus
    from cms.courses.selectors import upcoming_courses
    from cms.events.selectors import upcoming_events
    from cms.guides.models import GuideIndexPage
    from cms.network.selectors import sportelli

    contests = ContestPage.objects.live().public().descendant_of(home)
    open_contest = next((c for c in contests if c.get_status() is ContestStatus.OPEN), None)
    return {
        "featured_guides": [item.guide for item in home.featured_guides.select_related("guide")
                            if on_public_site(item.guide)],
        "next_courses": upcoming_courses().descendant_of(home)[:limit],
        "next_events": upcoming_events().descendant_of(home)[:limit],
        "open_contest": open_contest,
        "sportelli": sportelli().descendant_of(home),
        "guide_index": GuideIndexPage.objects.live().descendant_of(home).first(),
    }


def home_listing_signatures(*, home: HomePage) -> dict[str, list[str]]:
    """What the home page shows of other pages, as a listing signature.

    With it the home page is re-rendered when one of its sections changes (see
    `cms.publishing.listings`), not after every edit below it. Mirrors `home_sections`
    and the entry points' links to the audience pages, which exist only while an
    audience is in use.
    """
    from django.db.models import QuerySet

    from cms.core.listings import page_token, page_tokens
    from cms.guides.selectors import audiences_in_use

    sections = home_sections(home=home)
    tokens = [page_token(group="home", pk=home.pk)]
    for name in ("featured_guides", "next_courses", "next_events", "sportelli"):
        items = sections[name]
        ids = (items.prefetch_related(None).values_list("pk", flat=True)
               if isinstance(items, QuerySet) else [item.pk for item in items])
        tokens += page_tokens(group=name, ids=ids)
    for name in ("open_contest", "guide_index"):
        if sections[name] is not None:
            tokens.append(page_token(group=name, pk=sections[name].pk))
    if home.entry_points:
        tokens += [f"audience:{pk}" for pk in audiences_in_use().values_list("pk", flat=True)]
    return {home.url: tokens}


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
    """What the site map page shows, as a listing signature (see `home_listing_signatures`)."""
    from cms.core.listings import page_token, page_tokens

    home = page.get_parent()
    ids = (home.get_descendants().live().public().filter(depth__lte=home.depth + 2)
           .order_by("path").values_list("pk", flat=True))
    return {page.url: [page_token(group="site map", pk=page.pk),
                       *page_tokens(group="listed", ids=ids)]}
