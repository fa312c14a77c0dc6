"""Dates and times as a citizen reads them, in the site's time zone (Europe/Rome).

Feed descriptions and calendar notes are plain text, so the wording is built here
rather than in a template.
"""

import datetime
import html as html_lib

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import normalize_newlines
from django.utils.translation import gettext as _


def _date(value: datetime.date, fmt: str) -> str:
    # Django's Italian names are capitalised («Lunedì», «Marzo»); Italian writes them in
    # lower case inside a sentence.
    return date_format(value, fmt).lower()


def upper_first(text: str) -> str:
    """The text with its first letter in upper case (unlike str.capitalize, nothing else)."""
    return text[:1].upper() + text[1:]


def format_day(value: datetime.date | datetime.datetime) -> str:
    """E.g. «lunedì 16 marzo 2026»."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return _date(value, "l j F Y")


def format_time(value: datetime.datetime) -> str:
    """E.g. «9:30»."""
    return date_format(timezone.localtime(value), "G:i")


def format_moment(value: datetime.datetime) -> str:
    """E.g. «lunedì 16 marzo 2026 alle 12:00»."""
    return _("%(day)s alle %(time)s") % {"day": format_day(value), "time": format_time(value)}


def format_span(start: datetime.datetime, end: datetime.datetime) -> str:
    """When an event happens, on one day or across several."""
    if timezone.localdate(start) == timezone.localdate(end):
        return _("%(day)s, dalle %(start)s alle %(end)s") % {
            "day": format_day(start), "start": format_time(start), "end": format_time(end)}
    return _("da %(start)s a %(end)s") % {"start": format_moment(start), "end": format_moment(end)}


def format_date_span(start: datetime.date, end: datetime.date) -> str:
    """When a course runs: «dal 3 marzo al 28 aprile 2026» style, always with the year."""
    if start == end:
        return format_day(start)
    return _("dal %(start)s al %(end)s") % {"start": _date(start, "j F Y"),
                                            "end": _date(end, "j F Y")}


def plain_text(html: str) -> str:
    """Rich text as plain text for calendars, which cannot show HTML."""
    text = strip_tags(html.replace("</p>", "</p>\n").replace("<br/>", "\n"))
    return html_lib.unescape(normalize_newlines(text)).strip()


def join_lines(*lines: str) -> str:
    """The non-empty lines, one per line."""
    return "\n".join(line.strip() for line in lines if line and line.strip())
