"""The interface to the bake: which URLs of the running CMS become which files.

The bake requests each URL through Django and writes the body to the given path
(relative to the build dir), failing on anything but 200; so only artefacts that
exist right now are listed (the contest ones only when a contest is published).
"""

from django.urls import reverse

from cms.courses.models import CoursePage
from cms.events.models import EventPage

from .contest import live_contests

ALWAYS = ("feed-news-rss", "feed-news-atom", "feed-events-rss", "feed-events-atom",
          "feed-courses-rss", "feed-courses-atom", "calendar", "sitemap", "robots")
WITH_A_CONTEST = ("feed-contest-rss", "feed-contest-atom", "calendar-contest")


def baked_files() -> dict[str, str]:
    """URL path served by the CMS → output file path relative to the build dir."""
    urls = [reverse(f"syndication:{name}") for name in ALWAYS]
    if live_contests().exists():
        urls += [reverse(f"syndication:{name}") for name in WITH_A_CONTEST]
    # Every live event and course, past ones too: their pages stay online with the link.
    for slug in EventPage.objects.live().public().order_by("pk").values_list("slug", flat=True):
        urls.append(reverse("syndication:calendar-event", kwargs={"slug": slug}))
    for slug in CoursePage.objects.live().public().order_by("pk").values_list("slug", flat=True):
        urls.append(reverse("syndication:calendar-course", kwargs={"slug": slug}))
    return {url: url.lstrip("/") for url in urls}
