"""Dates that stay alive: absolute, relative to the load day, or the next day of the year.

Demo content must not go stale: a course "with enrolment open" is written as
``"@+14"`` (fourteen days after the anchor, the day of the first load) and a yearly
deadline as ``"@next 04-29 12:00"``. Times are wall-clock times in Europe/Rome.

Accepted forms::

    2027-04-29              2027-04-29 12:00
    "@+14"   "@-3"   "@+0"  "@+14 09:30"
    "@next 04-29"  "@next 04-29 12:00"  "@next 04-29+7 09:00"   (7 days after the next 29 April)
"""

import datetime
import re
import zoneinfo

ROME = zoneinfo.ZoneInfo("Europe/Rome")

_TIME = r"(?:\s+(?P<time>\d{1,2}:\d{2}(?::\d{2})?))?"
_ABSOLUTE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})" + _TIME + r"$")
_RELATIVE = re.compile(r"^@(?P<offset>[+-]\d+)" + _TIME + r"$")
_NEXT = re.compile(r"^@next\s+(?P<month>\d{2})-(?P<day>\d{2})(?P<offset>[+-]\d+)?" + _TIME + r"$")


class DateExpressionError(ValueError):
    """A date the loader cannot read; the message is Italian and says what is accepted."""


HELP = ("usa AAAA-MM-GG, «AAAA-MM-GG HH:MM», «@+N» / «@-N» (giorni dal caricamento) "
        "o «@next MM-GG HH:MM»")


def _parse_time(text: str | None) -> datetime.time | None:
    if text is None:
        return None
    try:
        return datetime.time.fromisoformat(text.zfill(5) if len(text) == 4 else text)
    except ValueError as error:
        raise DateExpressionError(f"ora non valida «{text}»") from error


def _next_occurrence(*, month: int, day: int, anchor: datetime.date) -> datetime.date:
    for year in (anchor.year, anchor.year + 1, anchor.year + 2, anchor.year + 3, anchor.year + 4):
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:
            continue  # 29 February in a common year, or a day that does not exist
        if candidate >= anchor:
            return candidate
    raise DateExpressionError(f"il giorno {month:02d}-{day:02d} non esiste")


def _evaluate(value, *, anchor: datetime.date) -> tuple[datetime.date, datetime.time | None]:
    if isinstance(value, datetime.datetime):
        local = value.astimezone(ROME) if value.tzinfo else value
        return local.date(), local.time()
    if isinstance(value, datetime.date):
        return value, None
    if not isinstance(value, str):
        raise DateExpressionError(f"valore «{value}» non è una data: {HELP}")
    text = value.strip()
    try:
        if match := _ABSOLUTE.match(text):
            return datetime.date.fromisoformat(match["date"]), _parse_time(match["time"])
        if match := _RELATIVE.match(text):
            day = anchor + datetime.timedelta(days=int(match["offset"]))
            return day, _parse_time(match["time"])
        if match := _NEXT.match(text):
            base = _next_occurrence(month=int(match["month"]), day=int(match["day"]), anchor=anchor)
            offset = int(match["offset"] or 0)
            return base + datetime.timedelta(days=offset), _parse_time(match["time"])
    except ValueError as error:
        if isinstance(error, DateExpressionError):
            raise
        raise DateExpressionError(f"data non valida «{text}»: {HELP}") from error
    raise DateExpressionError(f"data non leggibile «{text}»: {HELP}")


def parse_date(value, *, anchor: datetime.date) -> datetime.date:
    """A DateField value from a file value."""
    day, time = _evaluate(value, anchor=anchor)
    if time is not None:
        raise DateExpressionError(f"«{value}»: qui serve solo la data, senza l'ora")
    return day


def parse_datetime(value, *, anchor: datetime.date) -> datetime.datetime:
    """An aware DateTimeField value from a file value (times are in Europe/Rome)."""
    day, time = _evaluate(value, anchor=anchor)
    if time is None:
        raise DateExpressionError(f"«{value}»: qui serve anche l'ora, ad esempio «{day} 09:00»")
    return datetime.datetime.combine(day, time, tzinfo=ROME)


def _format_time(time: datetime.time) -> str:
    return time.strftime("%H:%M:%S" if time.second else "%H:%M")


def _kept(original, *, anchor: datetime.date | None) -> bool:
    """Whether the loaded expression may be written back: always with an anchor; without
    one (an export with absolute dates), only if it is itself a calendar date."""
    return original is not None and (anchor is not None or not str(original).startswith("@"))


def express_date(value: datetime.date, *, original, anchor: datetime.date | None):
    """How to write `value` back: the original expression if it still holds, else "@±N"
    from the anchor; without an anchor, the calendar date."""
    if _kept(original, anchor=anchor):
        try:
            if parse_date(original, anchor=anchor or value) == value:
                return original
        except DateExpressionError:
            pass
    if anchor is None:
        return value
    return f"@{(value - anchor).days:+d}"


def express_datetime(value: datetime.datetime, *, original, anchor: datetime.date | None):
    """As `express_date`, for an aware datetime."""
    if _kept(original, anchor=anchor):
        try:
            if parse_datetime(original, anchor=anchor or value.date()) == value:
                return original
        except DateExpressionError:
            pass
    local = value.astimezone(ROME)
    if anchor is None:
        return f"{local.date().isoformat()} {_format_time(local.time())}"
    return f"@{(local.date() - anchor).days:+d} {_format_time(local.time())}"
