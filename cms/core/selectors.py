"""What the home page shows, gathered in one place so the template stays dumb."""

from cms.core.models import HomePage


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
                            if item.guide.live],
        "next_courses": upcoming_courses().descendant_of(home)[:limit],
        "next_events": upcoming_events().descendant_of(home)[:limit],
        "open_contest": open_contest,
        "sportelli": sportelli().descendant_of(home),
        "guide_index": GuideIndexPage.objects.live().descendant_of(home).first(),
    }
