"""What the home page shows, gathered in one place so the template stays dumb.

It reads the content apps (guides, courses, events, contest, sportelli), which is why
the home page is an app of its own above them rather than part of `cms.core`.
"""

from django.db.models import QuerySet

from wagtail.models import Page

from cms.contest.models import ContestPage, ContestStatus
from cms.core.listings import page_token, page_tokens
from cms.core.visibility import on_public_site
from cms.courses.models import CoursePage
from cms.events.models import EventPage
from cms.guides.models import GuideIndexPage
from cms.guides.selectors import audiences_in_use
from cms.network.models import SportelloPage


def home_sections(*, home: Page, limit: int = 3) -> dict:
    """Featured guides, the next courses and events, the contest while it is open, the sportelli."""
    contests = ContestPage.objects.live().public().descendant_of(home)
    open_contest = next((c for c in contests if c.get_status() is ContestStatus.OPEN), None)
    return {
        "featured_guides": [item.guide for item in home.featured_guides.select_related("guide")
                            if on_public_site(item.guide)],
        "next_courses": CoursePage.objects.upcoming().descendant_of(home)[:limit],
        "next_events": EventPage.objects.upcoming().descendant_of(home)[:limit],
        "open_contest": open_contest,
        "sportelli": SportelloPage.objects.listed().descendant_of(home),
        "guide_index": GuideIndexPage.objects.live().descendant_of(home).first(),
    }


def home_listing_signatures(*, home: Page) -> dict[str, list[str]]:
    """What the home page shows of other pages, as a listing signature.

    With it the home page is re-rendered when one of its sections changes (see
    `cms.publishing.listings`), not after every edit below it. Mirrors `home_sections`
    and the entry points' links to the audience pages, which exist only while an
    audience is in use.
    """
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
