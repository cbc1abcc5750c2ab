"""When a check-in export says a person came: its `Checked in` cell read as a date, a time
of day, or both, strictly.

The forms are those the systems and spreadsheets write: ISO 8601 (`2026-06-10`,
`2026-06-10T09:14:00+02:00`, `2026-06-10 09:14`: brochure's importer, pretix's API);
pretix's check-in list, which writes Django's short date and time of the export's
language (`06/10/2026 9:14 a.m.`, `06/10/2026 noon`, `10.06.2026 09:14`, `10/06/2026
09:14`, `10-06-2026 09:14`, `10.6.2026 9.14`); and what a spreadsheet shows
(`6/10/26 9:14 AM`, `9:14`, `09:14:00`, `9h14`). A date written with slashes may be
day first or month first (06/10/2026): one order is decided for the whole file, by the
cells only one order reads (25/12/2024 is day first: `file_order`, `in_order`); in a file
no cell decides, both readings are kept, and the event's days decide. A value of that
shape that names no date or time (`99:99`, `2099-13-45`,
`2027-02-01 25:99`) is refused with what is wrong in it; anything else (`0.5`, `12abc`)
is not a moment at all.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass

from brochure.model import YEARS

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_LOCAL_DATE = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})\.?")
_TIME_24 = re.compile(r"(\d{1,2})([:h.])(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?")
_HOUR_H = re.compile(r"(\d{1,2})h")
_TIME_12 = re.compile(r"(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([ap])\.?\s?m\.?")
#: Django's P format (pretix's English check-in list): 12:00 and 0:00 in words.
_WORDS = {"noon": dt.time(12), "midnight": dt.time(0)}


@dataclass(frozen=True)
class Moment:
    """When a person came, as a cell says it."""

    days: tuple[dt.date, ...] = ()
    """The dates it may mean (two for 06/10/2026: 10 June or 6 October); none for a
    time of day alone."""
    time: dt.time | None = None
    offset: dt.timedelta | None = None
    """The UTC offset written with it (ISO 8601's Z or +02:00); None: local time."""
    orders: tuple[str, ...] = ()
    """The orders a date written with slashes reads in ("day" first, "month" first),
    each giving the date of days at its index; () for any other date."""

    def within(self, first: dt.date, last: dt.date, zone: str | None) -> bool:
        """Whether it is on a day of the event (first to last), or the day before (the
        badges are often handed out the evening before); a time given in UTC or with an
        offset is read in the event's time zone (without one, a day later counts too)."""
        if not self.days:
            return True
        end = last
        local = list(self.days)
        if self.offset is not None:
            if zone:
                moment = dt.datetime.combine(
                    self.days[0], self.time or dt.time(), dt.timezone(self.offset)
                )
                local = [moment.astimezone(zoneinfo.ZoneInfo(zone)).date()]
            else:
                end = last + dt.timedelta(days=1)
        start = first - dt.timedelta(days=1)
        return any(start <= day <= end for day in local)


def moment(text: str) -> Moment | None:
    """The moment text (folded: lower case, single spaces) gives; None when it is no
    date or time at all. Raises ValueError saying what is wrong when it is written as
    one but names none ("is not a date: there is no month 13")."""
    if found := _ISO_DATE.match(text):
        day = _date(int(found[1]), int(found[2]), int(found[3]))
        rest = text[found.end() :]
        if not rest:
            return Moment((day,))
        if not (rest.startswith(("t", " "))):
            return None
        time, offset = _time_after(day, rest[1:].strip(), dotted=False, zoned=True)
        return Moment((day,), time, offset)
    if found := _LOCAL_DATE.match(text):
        first, separator, second, year = found[1], found[2], found[3], found[4]
        read = _local_dates(int(first), int(second), _year(year), separator)
        days = tuple(day for _, day in read)
        orders = tuple(order for order, _ in read) if separator == "/" else ()
        rest = text[found.end() :].lstrip(",").strip()
        if not rest:
            return Moment(days, orders=orders)
        time, _ = _time_after(days[0], rest, dotted=True, zoned=False)
        return Moment(days, time, orders=orders)
    try:
        time, _ = _time(text, dotted=False, zoned=False)
    except _NotATime:
        return None
    return Moment((), time)


class _NotATime(ValueError):
    """Text not written as a time of day at all."""


def _time_after(
    day: dt.date, text: str, dotted: bool, zoned: bool
) -> tuple[dt.time, dt.timedelta | None]:
    """The time of day written after a date; ValueError saying so when what follows the
    date is no time at all (`2026-06-10 soon`), or names an impossible one."""
    try:
        return _time(text, dotted, zoned)
    except _NotATime:
        shown = text if len(text) <= 40 else text[:39] + "…"
        raise ValueError(
            f"is a date ({day.isoformat()}) followed by '{shown}', which is no time of day"
        ) from None


def _time(text: str, dotted: bool, zoned: bool) -> tuple[dt.time, dt.timedelta | None]:
    """A time of day (24-hour, 12-hour with a.m./p.m., noon, midnight, 9h14), and a UTC
    offset after it when zoned. Raises _NotATime when text is none, ValueError when it
    names an impossible one."""
    if text in _WORDS:
        return _WORDS[text], None
    offset = None
    if zoned and (zone := re.search(r"(z|[+-]\d{2}:?(\d{2})?)$", text)):
        offset = _offset(zone[1])
        text = text[: zone.start()].strip()
    if found := _TIME_12.fullmatch(text):
        hour = int(found[1])
        if not 1 <= hour <= 12:
            raise ValueError(
                f"is not a time: there is no hour {hour} on a 12-hour clock (1 to 12 a.m. or p.m.)"
            )
        hour = hour % 12 + (12 if found[4] == "p" else 0)
        return _clock(hour, int(found[2] or 0), int(found[3] or 0)), offset
    if (found := _TIME_24.fullmatch(text)) and (dotted or found[2] != "."):
        return _clock(int(found[1]), int(found[3]), int(found[4] or 0)), offset
    if found := _HOUR_H.fullmatch(text):
        return _clock(int(found[1]), 0, 0), offset
    raise _NotATime(text)


def _clock(hour: int, minute: int, second: int) -> dt.time:
    if hour > 23:
        raise ValueError(f"is not a time: there is no hour {hour} (hours run from 0 to 23)")
    if minute > 59:
        raise ValueError(f"is not a time: there is no minute {minute} (minutes run from 0 to 59)")
    if second > 59:
        raise ValueError(f"is not a time: there is no second {second}")
    return dt.time(hour, minute, second)


def _offset(text: str) -> dt.timedelta:
    if text == "z":
        return dt.timedelta(0)
    hours, minutes = int(text[1:3]), int(text[-2:]) if len(text) > 3 else 0
    if hours > 14 or minutes > 59:
        raise ValueError(f"is not a time: {text} is no UTC offset")
    sign = -1 if text[0] == "-" else 1
    return sign * dt.timedelta(hours=hours, minutes=minutes)


def _year(text: str) -> int:
    """A year as written: 2026, or 26 for 2026 (a spreadsheet's short date)."""
    return 2000 + int(text) if len(text) == 2 else int(text)


def _local_dates(
    first: int, second: int, year: int, separator: str
) -> tuple[tuple[str, dt.date], ...]:
    """The dates of a day and month written with dots or dashes (day first: 10.06.2026,
    10-06-2026) or slashes (either: 10/06/2026 in Europe, 06/10/2026 in the United
    States), each with its order ("day" or "month" first; one date for 03/03/2026);
    ValueError when none is a date."""
    if separator != "/":
        return (("day", _date(year, second, first)),)
    days: list[tuple[str, dt.date]] = []
    reasons = []
    for order, month, day in (("day", second, first), ("month", first, second)):
        try:
            found = _date(year, month, day)
        except ValueError as error:
            reasons.append(str(error))
            continue
        if found not in [known for _, known in days]:
            days.append((order, found))
    if not days:
        raise ValueError(f"{reasons[0]}, read day first or month first")
    return tuple(days)


def file_order(moments: list[Moment]) -> str | None:
    """The order a file writes its dates with slashes in ("day" or "month" first): the
    one its cells that only one order reads prove (25/12/2024 is day first, 12/25/2024
    month first); None when no cell proves one, or cells prove both (a file of mixed
    orders: each cell is then read both ways, and the event's days decide)."""
    proved = {
        moment.orders[0]
        for moment in moments
        if len(moment.orders) == 1 and moment.days[0].day != moment.days[0].month
    }
    return proved.pop() if len(proved) == 1 else None


def in_order(moment: Moment, order: str | None) -> Moment:
    """moment read in the file's order (file_order): a date two orders read is the one
    of that order; anything else as it is."""
    if order is None or len(moment.orders) < 2:
        return moment
    day = moment.days[moment.orders.index(order)]
    return Moment((day,), moment.time, moment.offset, (order,))


def _date(year: int, month: int, day: int) -> dt.date:
    if not YEARS[0] <= year <= YEARS[1]:
        raise ValueError(
            f"is not a date of an event: {year} is not a year from {YEARS[0]} to {YEARS[1]}"
        )
    if not 1 <= month <= 12:
        raise ValueError(f"is not a date: there is no month {month}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(f"is not a date: {calendar.month_name[month]} {year} has no day {day}")
    return dt.date(year, month, day)
