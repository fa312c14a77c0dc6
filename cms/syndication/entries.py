"""What each feed lists, as plain entries independent of the feed format.

The RSS and the Atom flavour of a feed show the same entries; building them here keeps
the feed classes thin and lets tests and other outputs reuse the selection.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from cms.contest.models import ContestPage
from cms.core.site_settings import in_current_site
from cms.courses.models import CoursePage
from cms.events.models import EventPage
from cms.news.models import NewsPage

from .contest import Milestone, contest_milestones
from .formatting import (
    format_date_span,
    format_day,
    format_moment,
    format_span,
    join_lines,
    upper_first,
)
from .links import feed_guid, page_stamp, page_url

NEWS_LIMIT = 30


@dataclass(frozen=True)
class Entry:
    """One item of a feed."""

    guid: str
    title: str
    link: str
    description: str
    published: datetime.datetime | None
    updated: datetime.datetime | None
    categories: tuple[str, ...] = ()


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _audiences(page: Page) -> tuple[str, ...]:
    return tuple(tag.name for tag in page.audiences.all())


def _html(text: str) -> str:
    """Plain text as the HTML a feed description is read as (escaped, lines kept)."""
    return linebreaks(text, autoescape=True) if text else ""


def _summary(page: Page) -> str:
    return (page.intro or page.search_description or "").strip()


def news_entries(*, limit: int = NEWS_LIMIT) -> list[Entry]:
    """The latest published news, newest first."""
    entries = []
    for news in in_current_site(NewsPage.objects.live().public()).order_by("-date", "-id")[:limit]:
        link = page_url(news)
        if link is None:
            continue
        published = _midnight(news.date)
        entries.append(Entry(
            guid=feed_guid(key=f"notizia-{news.pk}"), title=news.title, link=link,
            description=_html(_summary(news)), published=published,
            updated=max(page_stamp(news) or published, published),
        ))
    return entries


def event_entries() -> list[Entry]:
    """Events that have not ended yet, soonest first."""
    return _dated_entries(EventPage.objects.upcoming(), key="evento",
                          describe=lambda event: event_description(event=event))


def _dated_entries(pages: QuerySet, *, key: str, describe: Callable[[Page], str]) -> list[Entry]:
    """Entries for events or courses: stamped when published, tagged with their audiences."""
    entries = []
    for page in pages.prefetch_related("audiences"):
        link = page_url(page)
        if link is None:
            continue
        stamp = page_stamp(page)
        entries.append(Entry(
            guid=feed_guid(key=f"{key}-{page.pk}"), title=page.title, link=link,
            description=_html(describe(page)),
            published=page.first_published_at or stamp, updated=stamp,
            categories=_audiences(page),
        ))
    return entries


def event_description(*, event: EventPage) -> str:
    """When, where and what, in a few lines."""
    return join_lines(
        upper_first(format_span(event.start, event.end)),
        event.place,
        _("Organizzato da: %(organiser)s") % {"organiser": event.organiser},
        event.cost,
        _summary(event),
    )


def course_entries() -> list[Entry]:
    """Courses not yet concluded, soonest first."""
    return _dated_entries(CoursePage.objects.upcoming(), key="corso",
                          describe=lambda course: course_description(course=course))


def course_description(*, course: CoursePage) -> str:
    """Dates, timetable, place and enrolment deadline, in a few lines."""
    return join_lines(
        upper_first(format_date_span(course.start_date, course.end_date))
        + f", {course.schedule}",
        course.place,
        _("%(hours)d ore, a cura di %(provider)s") % {"hours": course.hours,
                                                      "provider": course.provider},
        _("Iscrizioni entro %(day)s") % {"day": format_day(course.enrolment_deadline)},
        _summary(course),
    )


def milestone_description(*, milestone: Milestone) -> str:
    """What a milestone means for a school taking part."""
    contest = milestone.contest
    texts = {
        "apertura": _("Il concorso è aperto: gli elaborati si consegnano entro %(deadline)s "
                      "presso %(office)s, %(address)s."),
        "scadenza": _("Termine per la consegna degli elaborati: %(deadline)s, presso "
                      "%(office)s, %(address)s."),
        "valutazione": _("La giuria valuta gli elaborati. La premiazione è prevista per "
                         "%(award)s."),
        "premiazione": _("Premiazione del concorso: %(award)s."),
    }
    return texts[milestone.key] % {
        "deadline": format_moment(contest.deadline), "award": format_moment(contest.award_at),
        "office": contest.delivery_office, "address": contest.delivery_address,
    }


def contest_entries(*, contests: list[ContestPage], now: datetime.datetime | None = None,
                    ) -> list[Entry]:
    """One entry per milestone already reached, plus the results once published; newest first."""
    now = now or timezone.now()
    entries = []
    for contest in contests:
        link = page_url(contest)
        if link is None:
            continue
        for milestone in contest_milestones(contest=contest):
            if milestone.at > now:
                continue
            entries.append(Entry(
                guid=feed_guid(key=f"concorso-{contest.pk}-{milestone.key}"),
                title=f"{contest.title}: {milestone.label}", link=f"{link}#date-concorso",
                description=_html(milestone_description(milestone=milestone)),
                published=milestone.at, updated=milestone.at,
            ))
        if contest.results.strip():
            stamp = page_stamp(contest) or now
            published = contest.award_at if contest.award_at <= now else stamp
            entries.append(Entry(
                guid=feed_guid(key=f"concorso-{contest.pk}-esito"),
                title=_("%(contest)s: esito") % {"contest": contest.title},
                link=f"{link}#esito", description=expand_db_html(contest.results),
                published=published, updated=max(stamp, published),
            ))
    entries.sort(key=lambda entry: (entry.published, entry.guid), reverse=True)
    return entries
