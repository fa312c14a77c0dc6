"""iCalendar (RFC 5545) files for events, courses and the contest, built with `icalendar`.

Times are written in the site's zone (Europe/Rome) with its VTIMEZONE, so a calendar
abroad still shows an open day at the hour printed on the poster. DTSTAMP comes from
the page's last publication, not the clock, so a bake of unchanged content gives
identical files. Courses are all-day spans: their timetable is free text
(«lunedì e mercoledì, 18:00–21:00») that cannot be turned into recurring events.
"""

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Component, Event, Timezone
from icalendar.enums import TRANSP

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.contest.models import ContestPage
from cms.core.site_settings import in_current_site
from cms.courses.models import CoursePage
from cms.events.models import EventPage

from .contest import Milestone, contest_milestones, live_contests
from .entries import course_description, event_description, milestone_description
from .formatting import join_lines
from .links import ical_uid, network_name, page_stamp, page_url

# What the text of an event's or a course's calendar reads beside its page.
CALENDAR_RELATED = {EventPage: ("sportello",), CoursePage: ("provider",)}  # place, description
# The request attribute holding a calendar's page, loaded by the bake with the rest of its
# batch (`bake.preload_calendar_pages`): one query for many files instead of one each.
PRELOADED_PAGE = "_rete_calendar_page"


def calendar_pages(model, *, slugs) -> dict[str, object]:
    """The live public pages of `model` with these slugs, with the rows their calendars show.

    Slugs are unique among siblings, and each kind has one listing page: unique here.
    Every event and course calendar is baked, so the foreign keys its text reads come
    in the same query, and its categories (the audiences) in one more, rather than
    queries of their own for each calendar.
    """
    pages: dict[str, object] = {}
    for page in (in_current_site(model.objects.live().public()).filter(slug__in=slugs)
                 .select_related(*CALENDAR_RELATED[model]).prefetch_related("audiences")
                 .order_by("pk")):
        pages.setdefault(page.slug, page)
    return pages


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _local(value: datetime.datetime) -> datetime.datetime:
    """An aware datetime in the site's zone, so that DTSTART carries TZID=Europe/Rome."""
    return value.astimezone(_zone())


def _stamp(page) -> datetime.datetime:
    return (page_stamp(page) or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)


def _last_modified(page) -> datetime.datetime | None:
    stamp = page_stamp(page)
    return stamp.astimezone(datetime.UTC).replace(microsecond=0) if stamp else None


def _categories(page) -> tuple[str, ...]:
    # A tuple, not a list: icalendar leaves out CATEGORIES for an empty tuple only.
    return tuple(tag.name for tag in page.audiences.all())


def event_component(*, event: EventPage) -> Event:
    """The VEVENT of one event."""
    url = page_url(event)
    return Event.new(
        uid=ical_uid(key=f"evento-{event.pk}"), stamp=_stamp(event),
        last_modified=_last_modified(event), summary=event.title,
        start=_local(event.start), end=_local(event.end), location=event.place,
        description=join_lines(event_description(event=event), url or ""),
        url=url, categories=_categories(event),
    )


def course_components(*, course: CoursePage, with_past_deadline: bool = True) -> list[Event]:
    """The course's span as an all-day event, and its enrolment deadline as another."""
    url = page_url(course)
    stamp = _stamp(course)
    components = [Event.new(
        uid=ical_uid(key=f"corso-{course.pk}"), stamp=stamp, last_modified=_last_modified(course),
        summary=course.title, start=course.start_date,
        end=course.end_date + datetime.timedelta(days=1),  # DTEND of a DATE is exclusive
        location=course.place, description=join_lines(course_description(course=course), url or ""),
        url=url, categories=_categories(course), transparency=TRANSP.TRANSPARENT,
    )]
    if with_past_deadline or course.enrolment_deadline >= timezone.localdate():
        components.append(Event.new(
            uid=ical_uid(key=f"corso-{course.pk}-iscrizioni"), stamp=stamp,
            last_modified=_last_modified(course),
            summary=_("Scadenza iscrizioni: %(course)s") % {"course": course.title},
            start=course.enrolment_deadline,
            end=course.enrolment_deadline + datetime.timedelta(days=1),
            description=join_lines(
                _("Ultimo giorno per iscriversi al corso «%(course)s».") % {"course": course.title},
                url or ""),
            url=url, transparency=TRANSP.TRANSPARENT,
        ))
    return components


def milestone_component(*, milestone: Milestone) -> Event:
    """A VEVENT at the exact time of a contest milestone (no duration: it is a moment)."""
    contest = milestone.contest
    url = page_url(contest)
    event = Event.new(
        uid=ical_uid(key=f"concorso-{contest.pk}-{milestone.key}"), stamp=_stamp(contest),
        last_modified=_last_modified(contest),
        summary=f"{contest.title}: {milestone.label}", start=_local(milestone.at),
        description=join_lines(milestone_description(milestone=milestone), url or ""),
        url=url, transparency=TRANSP.TRANSPARENT,
    )
    if milestone.key == "scadenza":
        event.location = f"{contest.delivery_office}, {contest.delivery_address}"
        # A reminder the day before, for the calendars that keep alarms of subscriptions.
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", datetime.timedelta(days=-1))
        alarm.add("description", _("Domani scade la consegna degli elaborati per «%(contest)s».")
                  % {"contest": contest.title})
        event.add_component(alarm)
    return event


def contest_components(*, contest: ContestPage, since: datetime.datetime | None = None,
                       ) -> list[Event]:
    """The contest's milestones, optionally only those from `since` on."""
    return [milestone_component(milestone=milestone)
            for milestone in contest_milestones(contest=contest)
            if since is None or milestone.at >= since]


def build_calendar(*, key: str, name: str, components: Iterable[Component]) -> Calendar:
    """A VCALENDAR with the components and the VTIMEZONE of every zone they use."""
    components = list(components)
    calendar = Calendar.new(
        prodid=f"-//{settings.WAGTAIL_SITE_NAME}//{network_name()}//IT",
        uid=ical_uid(key=key), name=name, method="PUBLISH",
        refresh_interval=datetime.timedelta(hours=12),
    )
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("x-published-ttl", "PT12H")  # Outlook's name for REFRESH-INTERVAL
    for component in components:
        calendar.add_component(component)
    # The VTIMEZONE covers the years the calendar spans (a shorter file than the default
    # 1970–2038), derived from the content so that it is the same on every bake.
    years = [component.start.year for component in components]
    if years:
        calendar.add_missing_timezones(first_date=datetime.date(min(years) - 1, 1, 1),
                                       last_date=datetime.date(max(years) + 2, 1, 1))
    else:
        # RFC 5545 wants at least one component: an empty calendar still carries its zone.
        year = timezone.localdate().year
        calendar.add_component(Timezone.from_tzid(settings.TIME_ZONE,
                                                  first_date=datetime.date(year - 1, 1, 1),
                                                  last_date=datetime.date(year + 2, 1, 1)))
    return calendar


def event_calendar(*, event: EventPage) -> Calendar:
    """The .ics of one event, for «Aggiungi al calendario»."""
    return build_calendar(key=f"calendario-evento-{event.pk}", name=event.title,
                          components=[event_component(event=event)])


def course_calendar(*, course: CoursePage) -> Calendar:
    """The .ics of one course: its dates and its enrolment deadline."""
    return build_calendar(key=f"calendario-corso-{course.pk}", name=course.title,
                          components=course_components(course=course))


def contest_calendar(*, contests: list[ContestPage]) -> Calendar:
    """The .ics of the contest: all its milestones, the delivery deadline at its time."""
    name = contests[0].title if len(contests) == 1 else _("Concorsi")
    return build_calendar(
        key="calendario-concorso", name=name,
        components=[c for contest in contests for c in contest_components(contest=contest)])


def full_calendar(*, now: datetime.datetime | None = None) -> Calendar:
    """Everything still to come: events, courses with their deadlines, contest milestones."""
    now = now or timezone.now()
    components: list[Component] = [
        event_component(event=event)
        for event in EventPage.objects.upcoming().prefetch_related("audiences")]
    for course in CoursePage.objects.upcoming().prefetch_related("audiences"):
        components.extend(course_components(course=course, with_past_deadline=False))
    for contest in live_contests():
        components.extend(contest_components(contest=contest, since=now))
    return build_calendar(
        key="calendario", name=_("Calendario – %(network)s") % {"network": network_name()},
        components=components)
