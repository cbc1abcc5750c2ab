"""Warnings for what organisers get wrong and the schema cannot see: a room booked twice
at once, a person in two sessions at once, a country nobody knows by that name.

Each is a warning (an error under --strict): the file is valid, but printed as it is it
would send people to the wrong place. Every warning names both sides of a clash.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from brochure.errors import Problem
from brochure.model import EventInfo, ProgrammeItem, country_names, fold
from brochure.reading.yamlsource import Path_

if TYPE_CHECKING:
    from brochure.reading.parts import Parts

#: Warnings about one unknown country name before the rest are only counted.
MAX_PLACES_NAMED = 3


def check(parts: Parts) -> list[Problem]:
    """Every warning, in file order."""
    return _clashes(parts) + _countries(parts)


_Timed = tuple[int, ProgrammeItem, dt.datetime, dt.datetime]


def _timed(parts: Parts) -> list[_Timed]:
    """Programme items with a start, with when they start and end, by start."""
    if parts.info is None:
        return []
    day = parts.info.date
    timed = []
    for index, item in parts.programme:
        span = item.span(day)
        # A break may share a room, and everyone's time; a cancelled item takes neither.
        if span and not item.is_break and not item.is_cancelled:
            timed.append((index, item, *span))
    return sorted(timed, key=lambda entry: entry[2])


def _overlapping(timed: list[_Timed]) -> Iterator[tuple[_Timed, _Timed]]:
    """Pairs of items whose times overlap (the earlier first): a sweep by start, so a
    long programme is not compared pair by pair."""
    running: list[_Timed] = []
    for entry in timed:
        _, _, begins, _ = entry
        running = [other for other in running if other[3] > begins or other[2] == begins]
        for other in running:
            yield other, entry
        running.append(entry)


def _clashes(parts: Parts) -> list[Problem]:
    problems = []
    info = parts.info
    named = {key for _, item in parts.programme for key in (*item.chairs, *item.people)}
    names = {person.key: person.name for _, person in parts.people if person.key in named}
    for (i, first, begins, _), (j, second, _, _) in _overlapping(_timed(parts)):
        when = f"{begins:%H:%M}" if first.date is None else f"{begins:%Y-%m-%d %H:%M}"
        other = f"'{first.title}' (programme[{i}], {when})"
        room = second.room or (info.room if info and not second.venue else None)
        if _place(first, info) == _place(second, info):
            where = (
                f"{room} is also booked for {other} at the same time"
                if room
                else f"it overlaps {other}, and neither names a room: give each its room, "
                "or correct the times"
            )
            problems.append(parts.problem(("programme", j, "room"), where, warning=True))
        for section in ("chairs", "people"):
            for k, key in enumerate(getattr(second, section)):
                if key in (*first.chairs, *first.people):
                    problems.append(
                        parts.problem(
                            ("programme", j, section, k),
                            f"{names.get(key, key)} is also in {other} at the same time",
                            warning=True,
                        )
                    )
    return problems


def _place(item: ProgrammeItem, info: EventInfo | None) -> tuple[str, str]:
    """Where an item is, to compare: its own place (an item elsewhere, a dinner) or the
    venue (''), and its room (at the venue, the event's when it names none)."""
    if item.venue is not None:
        return fold(" ".join(item.venue.lines)), fold(item.room or "")
    return "", fold(item.room or (info.room if info else None) or "")


def _countries(parts: Parts) -> list[Problem]:
    """Countries written as names that CLDR does not know, once per name, with the
    nearest name it knows."""
    info = parts.info
    language = info.language if info else "en"
    places: dict[str, list[Path_]] = {}
    if info:
        places.setdefault(info.country, []).append(("event", "country"))
    for i, organiser in parts.organisers:
        if organiser.country:
            places.setdefault(organiser.country, []).append(("organisers", i, "country"))
    for path, person in parts.people:
        if person.country:
            places.setdefault(person.country, []).append((*path, "country"))
    problems = []
    for value, paths in places.items():
        if len(value) == 2 and value.isupper():
            continue  # a code: the model checked it
        names = country_names(language)
        if fold(value) in names:
            continue
        close = difflib.get_close_matches(fold(value), list(names), n=1, cutoff=0.75)
        hint = (
            f"; did you mean {names[close[0]][0]} ({names[close[0]][1]})?"
            if close
            else "; write its two-letter ISO 3166 code to be sure (as MX for Mexico)"
        )
        also = (
            f" (also in {len(paths) - 1} other place{'s' if len(paths) > 2 else ''})"
            if len(paths) > 1
            else ""
        )
        problems.append(
            parts.problem(
                paths[0],
                f"'{value}' is not a country name CLDR knows{hint}{also}",
                warning=True,
            )
        )
    return problems
