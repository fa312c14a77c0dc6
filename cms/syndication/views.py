"""Views serving the calendars and robots.txt (the feeds are views themselves)."""

from icalendar import Calendar

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from cms.courses.models import CoursePage
from cms.events.models import EventPage

from .calendars import (
    PRELOADED_PAGE,
    calendar_pages,
    contest_calendar,
    course_calendar,
    event_calendar,
    full_calendar,
)
from .contest import live_contests
from .links import public_url
from .sitemaps import PublicSitemap, urlset_xml

ICALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _ics_response(calendar: Calendar) -> HttpResponse:
    return HttpResponse(calendar.to_ical(), content_type=ICALENDAR_CONTENT_TYPE)


def _live_page_or_404(model, *, slug: str, request: HttpRequest):
    preloaded = getattr(request, PRELOADED_PAGE, None)
    if type(preloaded) is model and preloaded.slug == slug:
        return preloaded
    page = calendar_pages(model, slugs=[slug]).get(slug)
    if page is None:
        raise Http404
    return page


def full_calendar_view(request: HttpRequest) -> HttpResponse:
    """/calendario.ics: everything still to come, for subscribing."""
    return _ics_response(full_calendar())


def event_calendar_view(request: HttpRequest, slug: str) -> HttpResponse:
    """/calendario/eventi/<slug>.ics: one event."""
    event = _live_page_or_404(EventPage, slug=slug, request=request)
    return _ics_response(event_calendar(event=event))


def course_calendar_view(request: HttpRequest, slug: str) -> HttpResponse:
    """/calendario/corsi/<slug>.ics: one course and its enrolment deadline."""
    course = _live_page_or_404(CoursePage, slug=slug, request=request)
    return _ics_response(course_calendar(course=course))


def contest_calendar_view(request: HttpRequest) -> HttpResponse:
    """/calendario/concorso.ics: the contest's milestones."""
    contests = list(live_contests())
    if not contests:
        raise Http404
    return _ics_response(contest_calendar(contests=contests))


def sitemap_view(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml: every live public page, on the public address of the baked site."""
    response = wagtail_sitemap(request, sitemaps={"pagine": PublicSitemap})
    # The template's output, written without the template engine (`urlset_xml`).
    response.content = urlset_xml(response.context_data["urlset"])
    return response


def robots_view(request: HttpRequest) -> HttpResponse:
    """/robots.txt: everything may be crawled; here is the sitemap.

    Written by hand: it is three lines, and django-robots would add database tables
    for rules this site does not have.
    """
    sitemap = public_url(reverse("syndication:sitemap"))
    lines = ["User-agent: *", "Allow: /", "", f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
