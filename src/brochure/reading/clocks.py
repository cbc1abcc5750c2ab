"""Local times the event's zone skips or repeats: the hour the clocks go forward (a time
in it never happens) and the hour they go back (a time in it happens twice).

A time that does not exist is an error: a calendar reads it with the offset before the
change (RFC 5545 3.3.5), so an item from 02:00 to 03:00 on the night the clocks go
forward would last no time at all. A time that happens twice is taken as its first
occurrence, as RFC 5545 and Python (PEP 495, fold 0) read it, and said once as a
warning (an error under --strict).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from brochure import zones
from brochure.errors import Problem
from brochure.i18n import utc_offset
from brochure.reading.yamlsource import Path_

if TYPE_CHECKING:
    from brochure.model import EventInfo
    from brochure.reading.parts import Parts

#: Other times in one repeated hour named in its warning; past them, counted.
NAMED = 3


def check(parts: Parts) -> list[Problem]:
    """An error for each time that does not exist in the event's zone, and one warning
    for each change of its clocks that makes times of the file happen twice."""
    info = parts.info
    if info is None or info.timezone is None:
        return []
    problems = []
    repeated: dict[zones.Change, list[tuple[Path_, dt.time]]] = {}
    skipped: dict[dt.date, tuple[zones.Change, list[Path_]]] = {}
    reported: set[Path_] = set()
    for path, day in _dates(parts, info):
        change = zones.change_at(info.timezone, dt.datetime.combine(day, dt.time()))
        if change is not None and change.skips(day):
            skipped.setdefault(day, (change, []))[1].append(path)
    for path, moment in _times(parts, info):
        change = zones.change_at(info.timezone, moment)
        if change is None or path in reported:
            continue
        reported.add(path)
        if change.skips(moment.date()) and moment.date() in skipped:
            skipped[moment.date()][1].append(path)  # on a day the file writes: said there
        elif change.skips(moment.date()):
            # A time written on a day that exists, carried past midnight into a day the
            # clocks skip whole (an item 23:00-01:30 on Samoa's 29 December 2011).
            problems.append(parts.problem(path, _into_skipped_day(moment, change)))
        elif change.forward:
            problems.append(parts.problem(path, _skipped_time(moment, change)))
        else:
            repeated.setdefault(change, []).append((path, moment.time()))
    for day, (change, paths) in skipped.items():
        problems.append(parts.problem(paths[0], _skipped_day(parts, day, change, paths[1:])))
    for change, times in repeated.items():
        (path, first), others = times[0], times[1:]
        named = ", ".join(parts.source.field(other) for other, _ in others[:NAMED])
        more = len(others) - NAMED
        also = f" (so do {named}{f' and {more} more' if more > 0 else ''})" if others else ""
        problems.append(
            parts.problem(
                path,
                f"{first:%H:%M} happens twice{also}: {change}; it is taken as the first "
                f"{first:%H:%M}, before the change ({utc_offset(change.offset_before)})",
                warning=True,
            )
        )
    return problems


def _skipped_time(moment: dt.datetime, change: zones.Change) -> str:
    """Why a time in the hour the clocks skip cannot be, and what to write: the times
    before the change and from it, each only where the day has them (a change at
    midnight leaves nothing before it that day)."""
    first, last = change.gap
    day = moment.date()
    instead = []
    if first.date() == day and first.time() != dt.time():
        instead.append(f"before {first:%H:%M}")
    if last.date() == day:
        instead.append(f"from {last:%H:%M}")
    begins = (
        f" ({zones.long_date(day)} begins at {last:%H:%M})"
        if first <= dt.datetime.combine(day, dt.time()) < last
        else f" ({zones.long_date(day)} ends at {first:%H:%M})"
        if last.date() != day
        else ""
    )
    return f"{moment:%H:%M} does not exist that day: {change}{begins}; write a time " + " or ".join(
        instead
    )


def _into_skipped_day(moment: dt.datetime, change: zones.Change) -> str:
    """Why a time past midnight cannot be: the day it falls on is skipped whole."""
    last = change.gap[1]
    return (
        f"{moment:%H:%M} the next day would be on {zones.long_date(moment.date())}, which "
        f"does not exist in {change.zone}: the clocks went from "
        f"{zones.long_date(moment.date() - dt.timedelta(days=1))} straight to "
        f"{zones.long_date(last.date())}; end it by midnight, or write it on "
        f"{last.date().isoformat()}"
    )


def _skipped_day(parts: Parts, day: dt.date, change: zones.Change, others: list[Path_]) -> str:
    """Why a day the clocks skip whole cannot be the event's: the days it lies between."""
    first, last = change.gap
    before = first - dt.timedelta(minutes=1)
    named = ", ".join(parts.source.field(other) for other in others[:NAMED])
    more = len(others) - NAMED
    also = f" ({named}{f' and {more} more' if more > 0 else ''} fall on it too)" if others else ""
    return (
        f"{zones.long_date(day)} does not exist in {change.zone}: the clocks went from "
        f"{zones.long_date(before.date(), before.year != last.year)} straight to "
        f"{zones.long_date(last.date())}{also}; give a day that exists there"
    )


def _dates(parts: Parts, info: EventInfo) -> Iterator[tuple[Path_, dt.date]]:
    """Every date the file gives itself (the event's first and last day, an item's
    date), with where."""
    yield ("event", "date"), info.date
    if info.end_date is not None:
        yield ("event", "end_date"), info.end_date
    for i, item in parts.programme:
        if item.date is not None:
            yield ("programme", i, "date"), item.date


def _times(parts: Parts, info: EventInfo) -> Iterator[tuple[Path_, dt.datetime]]:
    """Every local time the file gives that may fall in a change of the clocks, with
    where: the hours of each day around a change (zones.change_days; the day before, for
    an end after midnight), then each programme item's start and end (an end before the
    start: the next day)."""
    own = {hours.date: i for i, hours in enumerate(info.days)}
    assert info.timezone is not None
    changes = zones.change_days(info.timezone, info.date, info.last_day)
    around = {day - dt.timedelta(days=n) for day in changes for n in (0, 1)}
    for day in sorted(day for day in around if info.date <= day <= info.last_day):
        change = zones.change_at(info.timezone, dt.datetime.combine(day, dt.time()))
        written = day in own or day in (info.date, info.end_date)
        if change is not None and change.skips(day) and not written:
            # A day the clocks skip whole inside the event's span, which the file does not
            # name (Samoa's 30 December 2011 between 29 and 31): no day of the event, so
            # its hours are nobody's.
            continue
        start, end = info.hours(day)
        i = own.get(day)
        for key, time in (("start", start), ("end", end)):
            if time is None:
                continue
            when = dt.datetime.combine(day, time)
            if key == "end" and start is not None and time <= start:
                when += dt.timedelta(days=1)  # the end of a night: the next morning
            mine = i is not None and getattr(info.days[i], key) is not None
            path: Path_ = ("event", "days", i, key) if i is not None and mine else ("event", key)
            yield path, when
    for i, item in parts.programme:
        span = item.span(info.date)
        if span is None:
            continue
        yield ("programme", i, "start"), span[0]
        if item.end is not None:
            yield ("programme", i, "end"), span[1]
