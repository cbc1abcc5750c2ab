"""Warnings for what organisers get wrong and the schema cannot see: a room booked twice
at once, a person in two sessions at once, a country nobody knows by that name.

Each is a warning (an error under --strict): the file is valid, but printed as it is it
would send people to the wrong place. A clash of two names both sides; a stretch of
more names how many and the first few, once.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from brochure.errors import Problem
from brochure.model import (
    EventInfo,
    ProgrammeItem,
    country_names,
    fold,
    fold_words,
    unknown_country_hint,
)
from brochure.reading.yamlsource import Path_

if TYPE_CHECKING:
    from brochure.reading.parts import Parts

log = logging.getLogger(__name__)

#: Warnings about one unknown country name before the rest are only counted.
MAX_PLACES_NAMED = 3

#: Items named in a warning about a stretch of overlapping items; the rest are counted.
MAX_ITEMS_NAMED = 3


def check(parts: Parts) -> list[Problem]:
    """Every warning, in file order."""
    return _clashes(parts) + _roomless(parts) + _room_spellings(parts) + _countries(parts)


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
    return sorted(timed, key=lambda entry: (entry[2], entry[0]))


def _stretches(timed: Iterable[_Timed]) -> Iterator[list[_Timed]]:
    """Runs of two or more items, by start, each overlapping one before it in the run.

    One sweep over items sorted by start: n items cost n log n however many overlap at
    once, and a stretch gives one warning, not one a pair. Items that start together
    overlap, even when they take no time.
    """
    run: list[_Timed] = []
    ends = dt.datetime.min
    for entry in timed:
        _, _, begins, finishes = entry
        if run and (ends > begins or run[-1][2] == begins):
            run.append(entry)
            ends = max(ends, finishes)
            continue
        if len(run) > 1:
            yield run
        run, ends = [entry], finishes
    if len(run) > 1:
        yield run


def _when(at: dt.datetime, item: ProgrammeItem) -> str:
    return f"{at:%H:%M}" if item.date is None else f"{at:%Y-%m-%d %H:%M}"


def _named(run: list[_Timed]) -> str:
    """The first items of a stretch, by title and place in the file, and how many more."""
    shown = [
        f"'{item.title}' (programme[{i}], {_when(begins, item)})"
        for i, item, begins, _ in run[:MAX_ITEMS_NAMED]
    ]
    more = len(run) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def _during(run: list[_Timed]) -> str:
    """A stretch's times: from its first start to its last end."""
    first = run[0]
    last = max(run, key=lambda entry: entry[3])
    ends = f"{last[3]:%H:%M}" if last[3].date() == first[2].date() else _when(last[3], last[1])
    return f"from {_when(first[2], first[1])} to {ends}"


def _clashes(parts: Parts) -> list[Problem]:
    """One warning per room and stretch of overlapping items, and one per person and
    stretch: two items name each other; more name how many and the first few."""
    info = parts.info
    timed = _timed(parts)
    found: list[tuple[tuple[int, int, int], Problem]] = []
    places: dict[tuple[str, str], list[_Timed]] = {}
    for entry in timed:
        places.setdefault(_place(entry[1], info), []).append(entry)
    for run in (run for entries in places.values() for run in _stretches(entries)):
        j, second = run[1][0], run[1][1]
        room = second.room or (info.room if info and not second.venue else None)
        if len(run) == 2:
            other = _named(run[:1])
            where = (
                f"{room} is also booked for {other} at the same time"
                if room
                else f"it overlaps {other}, and neither names a room: give each its room, "
                "or correct the times"
            )
        else:
            where = (
                f"{room} is booked for {len(run)} items at overlapping times {_during(run)}: "
                f"{_named(run)}"
                if room
                else f"{len(run)} items overlap {_during(run)}, and none names a room: "
                f"{_named(run)}; give each its room, or correct the times"
            )
        found.append(((j, 0, 0), parts.problem(("programme", j, "room"), where, warning=True)))
    named = {key for _, item in parts.programme for key in (*item.chairs, *item.people)}
    names = {person.key: person.name for _, person in parts.people if person.key in named}
    booked: dict[str, list[_Timed]] = {}
    for entry in timed:
        for key in dict.fromkeys((*entry[1].chairs, *entry[1].people)):
            booked.setdefault(key, []).append(entry)
    for key, entries in booked.items():
        for run in _stretches(entries):
            j, second = run[1][0], run[1][1]
            section = "chairs" if key in second.chairs else "people"
            k = getattr(second, section).index(key)
            name = names.get(key, key)
            said = (
                f"{name} is also in {_named(run[:1])} at the same time"
                if len(run) == 2
                else f"{name} is in {len(run)} items at overlapping times {_during(run)}: "
                f"{_named(run)}"
            )
            path = ("programme", j, section, k)
            found.append(((j, 1 if section == "chairs" else 2, k), parts.problem(path, said, True)))
    return [problem for _, problem in sorted(found, key=lambda pair: pair[0])]


def _place(item: ProgrammeItem, info: EventInfo | None) -> tuple[str, str]:
    """Where an item is, to compare: its own place (an item elsewhere, a dinner) or the
    venue (''), and its room (at the venue, the event's when it names none)."""
    if item.venue is not None:
        return fold(" ".join(item.venue.lines)), fold(item.room or "")
    return "", fold(item.room or (info.room if info else None) or "")


def _roomless(parts: Parts) -> list[Problem]:
    """One warning per session that names no room (at the venue, when the event names
    no room of its own) while an item in a room runs at the same time: it cannot run
    across the rooms as a plenary does, so it is in some room nobody was told. A break
    or meal, an item elsewhere, or one with no room and no item in a room beside it (a
    plenary, as the timetable draws it across its columns) is left alone."""
    info = parts.info
    if info is None or info.room:
        return []
    day = info.date
    roomed: list[tuple[dt.datetime, dt.datetime, int, ProgrammeItem]] = []
    roomless: list[_Timed] = []
    for index, item in parts.programme:
        span = item.span(day)
        if span is None or item.is_break or item.venue is not None:
            continue
        if item.room:
            roomed.append((*span, index, item))
        elif not item.is_cancelled:
            roomless.append((index, item, *span))
    if not roomed or not roomless:
        return []
    roomed.sort(key=lambda entry: (entry[0], entry[2]))
    starts = [entry[0] for entry in roomed]
    # The latest end among the items in rooms that start up to each one: whether any
    # of them still runs at a time is one lookup (n log n, however long the programme).
    latest: list[int] = []
    for n, entry in enumerate(roomed):
        best = latest[-1] if latest else n
        latest.append(n if entry[1] > roomed[best][1] else best)
    problems = []
    for index, item, begins, ends in roomless:
        # Items that start before it ends (or with it, a moment) may overlap it.
        before = bisect.bisect_right(starts, begins if ends == begins else ends - _TICK)
        if not before:
            continue
        other = roomed[latest[before - 1]]
        if not (other[1] > begins or other[0] == begins):
            continue
        beside = _named([(other[2], other[3], other[0], other[1])])
        problems.append(
            parts.problem(
                ("programme", index),
                f"'{item.title}' names no room, while {beside} is in {other[3].room} at "
                "the same time: it cannot run across the rooms as a plenary does (the "
                "timetable gives it a column of its own, with no room over it); give its "
                "`room:`",
                warning=True,
            )
        )
    return problems


#: The least step of time: an item ending at 11:00 does not overlap one starting then.
_TICK = dt.timedelta(microseconds=1)


def _room_key(room: str) -> str:
    """A room as two spellings of it compare: its words (letters and digits), without
    case, accents, or what stands between them (the model has already folded runs of spaces,
    no-break ones among them, into one: those are one room)."""
    return " ".join(fold_words(room))


def _room_spellings(parts: Parts) -> list[Problem]:
    """One warning per spelling of a room that differs from its most used one only in
    case, accents, spaces or punctuation ('Hood room', 'Hood-Room' beside 'Hood Room'):
    each spelling is a
    room of its own (a timetable column, a door sign), so it names both spellings, the
    items that use the rarer one, and suggests the more used."""
    uses: dict[str, dict[str, list[tuple[Path_, str]]]] = {}
    info = parts.info
    if info is not None and info.room:
        uses.setdefault(_room_key(info.room), {}).setdefault(info.room, []).append(
            (("event", "room"), "the event")
        )
    for index, item in parts.programme:
        for field in ("room", "moved_from"):
            room = getattr(item, field)
            if room:
                spellings = uses.setdefault(_room_key(room), {})
                spellings.setdefault(room, []).append(
                    (("programme", index, field), f"'{item.title}' (programme[{index}])")
                )
    problems = []
    for spellings in uses.values():
        if len(spellings) < 2:
            continue
        # The most used first; among equals, the first written.
        ranked = sorted(spellings.items(), key=lambda pair: -len(pair[1]))
        usual, usual_uses = ranked[0]
        for spelling, places in ranked[1:]:
            named = ", ".join(what for _, what in places[:MAX_ITEMS_NAMED])
            more = len(places) - MAX_ITEMS_NAMED
            named += f" and {more} more" if more > 0 else ""
            problems.append(
                parts.problem(
                    places[0][0],
                    f"room '{spelling}' ({named}) and '{usual}' "
                    f"({_counted_items(len(usual_uses))}) differ only in capitals, accents, "
                    "spaces or punctuation, so they are two rooms (two timetable columns, two "
                    "door signs); "
                    f"did you mean '{usual}'?",
                    warning=True,
                )
            )
    return problems


def _counted_items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


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
        hint = unknown_country_hint(
            value, language, "; write its two-letter ISO 3166 code to be sure (as MX for Mexico)"
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


#: How many of the people filed by a guess a note names.
GUESSES_NAMED = 3


def note_filing_guesses(parts: Parts) -> None:
    """One note (--verbose), at the first, for the people without `family` whose long
    name is filed by its last word (Person.filed_by_guess), naming a few: adding `given`
    and `family` files them where they belong. A note, not a warning: the source may
    not say where a family name begins, and --strict must not refuse it for that."""
    language = parts.info.names_language if parts.info else ""
    guessed = [(path, p) for path, p in parts.people if p.filed_by_guess(language)]
    if not guessed:
        return
    named = "; ".join(
        f"{p.name} under {p.family_as_filed(language)}" for _, p in guessed[:GUESSES_NAMED]
    )
    more = len(guessed) - GUESSES_NAMED
    tail = f"; and {more} more" if more > 0 else ""
    note = parts.problem(
        guessed[0][0],
        f"with no `family:`, a name is filed by its last word (badges, check-in list): "
        f"{named}{tail}; write `given:` and `family:` where that is not the family name",
    )
    log.debug("note: %s", note)
