"""The interface to the bake: which URLs of the running CMS become which files.

The bake requests each URL through Django and writes the body to the given path
(relative to the build dir), failing on anything but 200; so only artefacts that
exist right now are listed (the contest ones only when a contest is published).
"""

from collections.abc import Collection

from django.urls import Resolver404, resolve, reverse

from cms.contest.models import ContestPage
from cms.core.bake_targets import BakeTarget, shows_types
from cms.core.site_settings import in_current_site
from cms.courses.models import CourseIndexPage, CoursePage
from cms.events.models import EventIndexPage, EventPage
from cms.news.models import NewsIndexPage, NewsPage

from .calendars import PRELOADED_PAGE, calendar_pages
from .contest import live_contests

ALWAYS = ("feed-news-rss", "feed-news-atom", "feed-events-rss", "feed-events-atom",
          "feed-courses-rss", "feed-courses-atom", "calendar", "sitemap", "robots")
# The feeds and the full calendar show pages of some types only (a feed also its index
# page's address), so an edit of another kind of page does not rewrite them. What the
# clock changes in them (an event over, a course starting, a contest's next milestone,
# each a change of its status) comes with the pages `pages_changed_by_clock` names.
SHOWS = {
    "feed-news-rss": (NewsPage, NewsIndexPage), "feed-news-atom": (NewsPage, NewsIndexPage),
    "feed-events-rss": (EventPage, EventIndexPage), "feed-events-atom": (EventPage, EventIndexPage),
    "feed-courses-rss": (CoursePage, CourseIndexPage),
    "feed-courses-atom": (CoursePage, CourseIndexPage),
    "calendar": (EventPage, CoursePage, ContestPage),
}
WITH_A_CONTEST = ("feed-contest-rss", "feed-contest-atom", "calendar-contest")


def baked_files(*, page_ids: Collection[int] | None = None) -> dict[str, BakeTarget]:
    """URL path served by the CMS → its file in the build.

    An event's or a course's own calendar belongs to its page, so an incremental bake
    rewrites it with that page only; `page_ids` asks for those pages' calendars alone.
    A feed of one kind of page names the page types it shows.
    """
    files: dict[str, BakeTarget] = {}
    if page_ids is None:
        names = [*ALWAYS, *(WITH_A_CONTEST if live_contests().exists() else ())]
        for name in names:
            url = reverse(f"syndication:{name}")
            files[url] = BakeTarget(url.lstrip("/"), shows=shows_types(*SHOWS[name])
                                    if name in SHOWS else None)
    # Every live event and course, past ones too: their pages stay online with the link.
    for model, name in ((EventPage, "calendar-event"), (CoursePage, "calendar-course")):
        pages = in_current_site(model.objects.live().public())
        if page_ids is not None:
            pages = pages.filter(pk__in=page_ids)
        for pk, slug in pages.order_by("pk").values_list("pk", "slug"):
            url = reverse(f"syndication:{name}", kwargs={"slug": slug})
            files[url] = BakeTarget(url.lstrip("/"), page_id=pk)
    return files


def preload_calendar_pages(urls: list[str]) -> dict[str, dict[str, object]]:
    """For the calendars of one event or course among `urls`, their pages loaded together
    (one query per kind), as each request carries it (`calendars.PRELOADED_PAGE`)."""
    wanted: dict[type, dict[str, str]] = {EventPage: {}, CoursePage: {}}
    kinds = {"syndication:calendar-event": EventPage, "syndication:calendar-course": CoursePage}
    for url in urls:
        try:
            match = resolve(url.partition("?")[0])
        except Resolver404:
            continue
        if match.view_name in kinds:
            wanted[kinds[match.view_name]][match.kwargs["slug"]] = url
    found: dict[str, dict[str, object]] = {}
    for model, by_slug in wanted.items():
        if by_slug:
            for slug, page in calendar_pages(model, slugs=list(by_slug)).items():
                found[by_slug[slug]] = {PRELOADED_PAGE: page}
    return found
