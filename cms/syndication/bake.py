"""The interface to the bake: which URLs of the running CMS become which files.

The bake requests each URL through Django and writes the body to the given path
(relative to the build dir), failing on anything but 200; so only artefacts that
exist right now are listed (the contest ones only when a contest is published).
"""

from collections.abc import Collection

from django.urls import reverse

from cms.core.site_settings import in_current_site
from cms.courses.models import CoursePage
from cms.events.models import EventPage

from .contest import live_contests

ALWAYS = ("feed-news-rss", "feed-news-atom", "feed-events-rss", "feed-events-atom",
          "feed-courses-rss", "feed-courses-atom", "calendar", "sitemap", "robots")
WITH_A_CONTEST = ("feed-contest-rss", "feed-contest-atom", "calendar-contest")


def baked_files(*, page_ids: Collection[int] | None = None) -> dict[str, str | tuple[str, int]]:
    """URL path served by the CMS → output file path relative to the build dir.

    An event's or a course's own calendar also names its page (`(path, page id)`),
    so an incremental bake rewrites it with that page only; `page_ids` asks for
    those pages' calendars alone.
    """
    files: dict[str, str | tuple[str, int]] = {}
    if page_ids is None:
        urls = [reverse(f"syndication:{name}") for name in ALWAYS]
        if live_contests().exists():
            urls += [reverse(f"syndication:{name}") for name in WITH_A_CONTEST]
        files |= {url: url.lstrip("/") for url in urls}
    # Every live event and course, past ones too: their pages stay online with the link.
    for model, name in ((EventPage, "calendar-event"), (CoursePage, "calendar-course")):
        pages = in_current_site(model.objects.live().public())
        if page_ids is not None:
            pages = pages.filter(pk__in=page_ids)
        for pk, slug in pages.order_by("pk").values_list("pk", "slug"):
            url = reverse(f"syndication:{name}", kwargs={"slug": slug})
            files[url] = (url.lstrip("/"), pk)
    return files
