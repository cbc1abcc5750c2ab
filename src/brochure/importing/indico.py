"""Indico's exports of an event: the event with its programme,
`/export/event/ID.json?detail=contributions` (or `detail=sessions`), and its timetable,
`/export/timetable/ID.json` (indico/modules/events/api.py and timetable/legacy.py; the
HTTP API documentation, docs/source/http-api/exporters/).

    {"count", "_type": "HTTPAPIResult", "url", "ts", "results": [
      {"_type": "Conference", "title", "description" (HTML), "timezone",
       "startDate": {"date", "time", "tz"}, "endDate", "location", "address", "room",
       "url", "chairs": [PERSON], "organizer", "language",
       "contributions": [CONTRIBUTION], "sessions": [SESSION BLOCK]}]}
    CONTRIBUTION: {"title", "startDate", "endDate", "duration" (minutes), "room",
       "type", "track", "description", "code", "speakers": [PERSON], ...}
    SESSION BLOCK: {"title", "startDate", "endDate", "room", "conveners": [PERSON],
       "session": {"title", "isPoster", ...}, "contributions": [CONTRIBUTION]}
    PERSON: {"first_name", "last_name", "fullName", "affiliation", "title", "person_id"}

    the timetable: {"results": {EVENT ID: {"YYYYMMDD": {"s12" | "c34" | "b56": ENTRY}}}}
    ENTRY: {"entryType": "Session" | "Contribution" | "Break", "title", "startDate",
       "endDate", "room", "conveners" | "presenters": [{"firstName", "familyName",
       "affiliation", "name"}], "isPoster", "entries": {KEY: ENTRY}}

What maps: the title, days, time zone (the event's: Indico writes each time in its
server's zone, which may be another city's), venue, room, address (and the city and
country its last line names), language, web page and description (as `about`); every
contribution with its day, start, end, room, type (its `kind`), track and description;
its speakers, and its session's conveners as its chairs; breaks (timetable); a poster
session as one item listing its posters (they share one time and room); the event's
chairs as organisers' people; every person once, with given and family names,
affiliation and title. The timetable has no title, venue or description: placeholders.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

from brochure.importing import dates
from brochure.importing.base import (
    Conversion,
    DataPath,
    ExportError,
    Fault,
    Importer,
    Unmapped,
)
from brochure.importing.eventfile import EventFile
from brochure.importing.people import People
from brochure.importing.text import one_line, prose
from brochure.model import MAX_TEXT, country_code, fold, language_tag
from brochure.model import Day as EventDay

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?")
_DAY_KEY = re.compile(r"\d{8}")
# Keys that say how the export is laid out (its classes, its own bookkeeping): not listed.
_LAYOUT = {"_type", "_fossil", "conferenceId", "uniqueId", "entryType"}


class _Part(BaseModel):
    """A part of the export: every key kept, so those not read can be listed."""

    model_config = ConfigDict(frozen=True, extra="allow", populate_by_name=True)

    def unread(self) -> dict[str, Any]:
        return {k: v for k, v in (self.model_extra or {}).items() if k not in _LAYOUT}


class When(_Part):
    """A moment as Indico writes it: a date, a time and the zone they are read in."""

    date: EventDay
    time: str
    tz: str | None = None

    @field_validator("time")
    @classmethod
    def _clock(cls, value: str) -> str:
        match = _CLOCK.fullmatch(value.strip())
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise ValueError(f"{value!r} is not a time of day (HH:MM:SS)")
        return value.strip()


def _alias(*names: str) -> Any:
    return Field(default=None, validation_alias=AliasChoices(*names))


class Person(_Part):
    first_name: str | None = _alias("first_name", "firstName")
    last_name: str | None = _alias("last_name", "familyName")
    full_name: str | None = _alias("fullName")
    name: str | None = None
    title: str | None = None
    affiliation: str | None = None
    person_id: int | str | None = None
    id: int | str | None = None

    def unread(self) -> dict[str, Any]:
        # The export's own numbers for a person link (id, db_id) say nothing of them;
        # the names are read, in one spelling or another.
        skip = {"firstName", "familyName", "fullName", "db_id", "displayOrderKey", "fax"}
        return {k: v for k, v in super().unread().items() if k not in skip}


class Contribution(_Part):
    title: str | None = None
    startDate: When | None = None
    endDate: When | None = None
    duration: float | None = None
    """Minutes."""
    room: str | None = None
    roomFullname: str | None = None
    location: str | None = None
    type: str | None = None
    track: str | None = None
    description: str | None = None
    speakers: tuple[Person, ...] = ()
    presenters: tuple[Person, ...] = ()
    """The timetable's name for the speakers."""
    code: str | None = None
    id: Any = None
    db_id: Any = None
    """The export's own numbers for it: only told apart, never read as numbers."""
    session: Any = None
    """The title of its session (event export; read from the block it is in)."""


class Session(_Part):
    title: str | None = None
    isPoster: bool = False
    sessionConveners: tuple[Person, ...] = ()


class Block(_Part):
    """A session's slot in the timetable (SessionSlot), with its contributions."""

    title: str | None = None
    slotTitle: str | None = None
    startDate: When | None = None
    endDate: When | None = None
    room: str | None = None
    roomFullname: str | None = None
    location: str | None = None
    description: str | None = None
    conveners: tuple[Person, ...] = ()
    session: Session | None = None
    contributions: tuple[Contribution, ...] = ()
    conference: Any = None
    """The event again, on every block: read once, from the top."""


class Event(_Part):
    title: str
    description: str | None = None
    startDate: When
    endDate: When | None = None
    timezone: str | None = None
    room: str | None = None
    roomFullname: str | None = None
    location: str | None = None
    address: str | None = None
    url: str | None = None
    chairs: tuple[Person, ...] = ()
    organizer: str | None = None
    language: str | None = None
    contributions: tuple[Contribution, ...] = ()
    sessions: tuple[Block, ...] = ()


class EventExport(_Part):
    """`/export/event/ID.json?detail=contributions` (or sessions)."""

    results: tuple[Event, ...] = Field(min_length=1, max_length=1)


class Entry(_Part):
    """An entry of the timetable: a session block, a contribution or a break."""

    entryType: str
    title: str | None = None
    slotTitle: str | None = None
    startDate: When
    endDate: When | None = None
    duration: float | None = None
    room: str | None = None
    location: str | None = None
    description: str | None = None
    conveners: tuple[Person, ...] = ()
    presenters: tuple[Person, ...] = ()
    isPoster: bool = False
    code: str | None = None
    entries: dict[str, Entry] = {}
    track: str | None = None
    type: str | None = None


class TimetableExport(_Part):
    """`/export/timetable/ID.json`: each day's entries, of one event."""

    results: dict[str, dict[str, dict[str, Entry]]]


def read(data: Any) -> EventExport | TimetableExport:
    """The export as one of Indico's; ExportError for a file of another kind."""
    results = data.get("results") if isinstance(data, dict) else None
    if isinstance(results, list):
        if len(results) != 1:
            # An event's export holds that one event (a search's, none or several).
            found = "no event" if not results else f"{len(results)} events"
            raise ExportError(
                [
                    Fault(
                        ("results",),
                        f"holds {found}; export one event from Indico as "
                        "/export/event/ID.json?detail=contributions (an ID that exists, "
                        "and that you may see)",
                    )
                ]
            )
        return EventExport.model_validate(data)
    if isinstance(results, dict):
        faults = []
        if len(results) != 1:
            faults.append(
                Fault(("results",), f"holds {len(results)} events' timetables; export one")
            )
        for event_id, days in results.items():
            for key in days if isinstance(days, dict) else ():
                if not _DAY_KEY.fullmatch(key):
                    faults.append(
                        Fault(("results", event_id, key), f"{key!r} is not a day (YYYYMMDD)")
                    )
        if faults:
            raise ExportError(faults)
        return TimetableExport.model_validate(data)
    raise ExportError(
        [
            Fault(
                (),
                "not an Indico export: it has no `results`; export the event from Indico as "
                "/export/event/ID.json?detail=contributions, or its timetable as "
                "/export/timetable/ID.json",
            )
        ]
    )


@dataclass
class _Reading:
    """What one conversion gathers: the programme (with where each item came from), the
    people, what was not read, what cannot be."""

    zone: Any
    first: dt.date
    last: dt.date
    people: People = field(default_factory=People)
    unmapped: Unmapped = field(default_factory=Unmapped)
    faults: list[Fault] = field(default_factory=list)
    items: list[tuple[dt.datetime, str, dict[str, Any]]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def moment(self, when: When, path: DataPath, within: bool = True) -> dt.datetime | None:
        """when on the event's clock (its zone), or None with a fault (a zone nobody has,
        a day outside the event's, unless not within)."""
        zone = dates.zone(when.tz) if when.tz else self.zone
        if when.tz and zone is None:
            self.faults.append(Fault((*path, "tz"), dates.not_a_zone(when.tz)))
            return None
        match = _CLOCK.fullmatch(when.time)
        assert match  # the model checked it
        written = dt.datetime.combine(when.date, dt.time(int(match[1]), int(match[2])))
        moment = dates.local(written.replace(tzinfo=zone), self.zone) if zone else written
        if within and not self.first <= moment.date() <= self.last + dt.timedelta(days=1):
            self.faults.append(
                Fault(
                    (*path, "date"),
                    f"{when.date} {when.time} is not a day of the event "
                    f"({self.first} to {self.last})",
                )
            )
            return None
        return moment

    def person(self, person: Person, path: str, role: str | None = None) -> str | None:
        """The id of a person of the export (added the first time), or None for one
        without a name."""
        given = one_line(person.first_name or "")
        family = one_line(person.last_name or "")
        name = " ".join(part for part in (given, family) if part)
        if not name:
            written = one_line(person.full_name or person.name or "")
            # Indico writes "Family, Given" as fullName.
            family_first = written.split(", ", 1)
            name = " ".join(reversed(family_first)) if len(family_first) == 2 else written
        if not name:
            return None
        affiliation = one_line(person.affiliation or "")
        key = str(person.person_id or f"{fold(name)}|{fold(affiliation)}")
        for label, value in person.unread().items():
            self.unmapped.note(f"{path}{label}", value, private=_private(label))
        return self.people.add(
            key,
            name,
            given=given or None,
            family=family or None,
            honorific=one_line(person.title or "") or None,
            organisation=affiliation or None,
            role=role,
        )

    def add(
        self,
        path: DataPath,
        title: str | None,
        start: When | None,
        end: When | None,
        minutes: float | None,
        room: str | None,
        **fields: Any,
    ) -> None:
        """An item of the programme, timed as the export says (faults where it cannot be)."""
        begins = self.moment(start, (*path, "startDate")) if start else None
        if begins is None:
            if start is None:
                self.unmapped.note("contributions not in the timetable (no start)", title)
            return
        ends = self.moment(end, (*path, "endDate")) if end else None
        if ends is None and minutes:
            ends = begins + dt.timedelta(minutes=minutes)
        item: dict[str, Any] = {"title": one_line(title or "") or "(untitled)"}
        item |= {"date": begins.date(), "start": begins.time()}
        if ends is not None:
            if ends < begins:
                self.faults.append(
                    Fault((*path, "endDate"), f"ends at {ends:%Y-%m-%d %H:%M}, before it starts")
                )
                return
            if ends - begins >= dt.timedelta(days=1) or ends.date() > begins.date() + dt.timedelta(
                days=1
            ):
                self.unmapped.note("end, too long for an end time in the event file", str(ends))
            elif ends > begins:
                item["end"] = ends.time()
        if place := one_line(room or ""):
            item["room"] = place
        item.update((key, value) for key, value in fields.items() if value)
        self.items.append((begins, place, item))


def _private(label: str) -> bool:
    return any(word in label.lower() for word in ("email", "phone", "address"))


def convert(export: EventExport | TimetableExport) -> Conversion:
    """The event-file data of an Indico export; ExportError for what cannot be."""
    if isinstance(export, EventExport):
        return _event(export.results[0])
    return _timetable(export)


def _event(event: Event) -> Conversion:
    where: DataPath = ("results", 0)
    zone = dates.zone(event.timezone)
    faults = []
    if event.timezone and zone is None:
        faults.append(Fault((*where, "timezone"), dates.not_a_zone(event.timezone)))
    reading = _Reading(zone, event.startDate.date, event.startDate.date)
    start = reading.moment(event.startDate, (*where, "startDate"), within=False)
    first = start.date() if start else event.startDate.date
    reading.first = reading.last = first
    end = (
        reading.moment(event.endDate, (*where, "endDate"), within=False) if event.endDate else None
    )
    if end and end.date() < first:
        faults.append(Fault((*where, "endDate"), f"{end:%Y-%m-%d} is before the start, {first}"))
    reading.last = max(first, end.date()) if end else first
    reading.faults += faults
    label = "event."
    for key, value in event.unread().items():
        if key not in ("adjustedStartDate", "adjustedEndDate"):
            reading.unmapped.note(f"{label}{key}", value, private=_private(key))
    for person in event.chairs:  # the event's chairs: its organisers' people
        reading.person(person, "event.chairs[].", role="organiser")
    for number, block in enumerate(event.sessions):
        _block(reading, block, (*where, "sessions", number))
    for number, contribution in enumerate(event.contributions):
        _contribution(reading, contribution, (*where, "contributions", number), ())
    if reading.faults:
        raise ExportError(reading.faults)
    venue: dict[str, Any] = {}
    if location := one_line(event.location or ""):
        venue["name"] = location
    address = [one_line(line) for line in (event.address or "").splitlines() if line.strip()]
    if address:
        venue["address"] = address
    city, country = _city_and_country(address)
    organiser = one_line(event.organizer or "")
    website = (event.url or "").strip()
    return _conversion(
        reading,
        EventFile(
            system="Indico",
            title=one_line(event.title),
            date=first,
            end_date=reading.last,
            timezone=event.timezone,
            venue=venue or None,
            room=one_line(event.roomFullname or event.room or "") or None,
            city=city,
            country=country,
            language=_language(event.language),
            website=website if re.match(r"https?://", website) else None,
            about=prose(event.description or "") or None,
            organisers=[{"name": organiser}] if 0 < len(organiser) <= 300 else None,
        ),
        about="Indico event export",
    )


def _timetable(export: TimetableExport) -> Conversion:
    (event_id, days), *_ = export.results.items()
    where: DataPath = ("results", event_id)
    keys = sorted(days)
    if not keys:
        raise ExportError([Fault(where, "has no days: is the timetable published?")])
    first = dt.datetime.strptime(keys[0], "%Y%m%d").date()
    last = dt.datetime.strptime(keys[-1], "%Y%m%d").date()
    zones = {entry.startDate.tz for entries in days.values() for entry in entries.values()}
    named = sorted(zone for zone in zones if zone)
    zone_name = named[0] if len(named) == 1 else None
    reading = _Reading(dates.zone(zone_name), first, last)
    for key in keys:
        for entry_key, entry in days[key].items():
            _entry(reading, entry, (*where, key, entry_key), ())
    if reading.faults:
        raise ExportError(reading.faults)
    return _conversion(
        reading,
        EventFile(system="Indico timetable", date=first, end_date=last, timezone=zone_name),
        about="Indico timetable export",
    )


def _conversion(reading: _Reading, event: EventFile, about: str) -> Conversion:
    reading.items.sort(key=lambda found: (found[0], found[1]))
    programme = [item for _, _, item in reading.items]
    tracks = sorted({item["track"] for item in programme if item.get("track")})
    event.sectors = tracks
    event.people = reading.people.people
    event.programme = programme
    data, placeholders = event.data()
    return Conversion(
        data=data,
        placeholders=placeholders,
        unmapped=reading.unmapped.lines(),
        about=about,
        counts={
            "days": len({item["date"] for item in programme}),
            "rooms": len({item["room"] for item in programme if item.get("room")}),
            "items": len(programme),
            "people": len(reading.people),
            "tracks": len(tracks),
        },
    )


def _block(reading: _Reading, block: Block, path: DataPath) -> None:
    """A session block of the event export: a poster session as one item; otherwise its
    contributions, chaired by its conveners (or the block itself, when it has none)."""
    session = block.session or Session()
    conveners = block.conveners or session.sessionConveners
    chairs = tuple(
        ident
        for person in conveners
        if (ident := reading.person(person, "sessions[].conveners[].", role="moderator"))
    )
    title = block.title or session.title
    for key, value in block.unread().items():
        reading.unmapped.note(f"sessions[].{key}", value)
    if session.isPoster or not block.contributions:
        _poster_or_slot(
            reading,
            path,
            title,
            block.startDate,
            block.endDate,
            block.roomFullname or block.room,
            chairs,
            block.description,
            block.contributions,
            session.isPoster,
        )
        return
    reading.unmapped.note(
        "sessions[].title, each contribution's session (its conveners are their chairs)", title
    )
    for number, contribution in enumerate(block.contributions):
        _contribution(reading, contribution, (*path, "contributions", number), chairs)


def _entry(reading: _Reading, entry: Entry, path: DataPath, chairs: tuple[str, ...]) -> None:
    """An entry of the timetable, and those it holds."""
    if entry.entryType != "Contribution":  # a contribution's are listed with it
        for key, value in entry.unread().items():
            reading.unmapped.note(f"entries[].{key}", value)
    if entry.entryType == "Session":
        conveners = tuple(
            ident
            for person in entry.conveners
            if (ident := reading.person(person, "entries[].conveners[].", role="moderator"))
        )
        children = [
            _as_contribution(child)
            for child in entry.entries.values()
            if child.entryType == "Contribution"
        ]
        if entry.isPoster or not entry.entries:
            _poster_or_slot(
                reading,
                path,
                entry.title,
                entry.startDate,
                entry.endDate,
                entry.room,
                conveners,
                entry.description,
                tuple(children),
                entry.isPoster,
            )
            return
        reading.unmapped.note(
            "entries[].title, each contribution's session (its conveners are their chairs)",
            entry.title,
        )
        for key, child in entry.entries.items():
            _entry(reading, child, (*path, "entries", key), conveners)
    elif entry.entryType == "Break":
        reading.add(
            path,
            entry.title,
            entry.startDate,
            entry.endDate,
            entry.duration,
            entry.room,
            kind="break",
            description=prose(entry.description or ""),
        )
    elif entry.entryType == "Contribution":
        _contribution(reading, _as_contribution(entry), path, chairs, "entries[].")
    else:
        reading.faults.append(
            Fault(
                (*path, "entryType"), f"{entry.entryType!r} is not Session, Contribution or Break"
            )
        )


def _as_contribution(entry: Entry) -> Contribution:
    """A timetable's contribution entry as the event export's contribution: what it
    says, and only that (its own keys, not the entry's defaults)."""
    return Contribution.model_validate(entry.model_dump(by_alias=True, exclude_unset=True))


def _contribution(
    reading: _Reading,
    contribution: Contribution,
    path: DataPath,
    chairs: tuple[str, ...],
    label: str = "contributions[].",
) -> None:
    key = str(contribution.db_id or contribution.id or path)
    if key in reading.seen:
        return  # listed in its session and among the event's too
    reading.seen.add(key)
    for name, value in contribution.unread().items():
        reading.unmapped.note(f"{label}{name}", value, private=_private(name))
    if contribution.code:
        reading.unmapped.note(f"{label}code", contribution.code)
    if isinstance(contribution.session, str):  # detail=contributions: its session's title
        reading.unmapped.note(f"{label}session", contribution.session)
    named = "presenters" if contribution.presenters else "speakers"
    speakers = [
        ident
        for person in contribution.speakers or contribution.presenters
        if (ident := reading.person(person, f"{label}{named}[]."))
    ]
    reading.add(
        path,
        contribution.title,
        contribution.startDate,
        contribution.endDate,
        contribution.duration,
        contribution.roomFullname or contribution.room,
        kind=one_line(contribution.type or ""),
        track=one_line(contribution.track or ""),
        chairs=list(chairs),
        people=speakers,
        description=prose(contribution.description or ""),
    )


def _poster_or_slot(
    reading: _Reading,
    path: DataPath,
    title: str | None,
    start: When | None,
    end: When | None,
    room: str | None,
    chairs: tuple[str, ...],
    description: str | None,
    posters: tuple[Contribution, ...],
    poster: bool,
) -> None:
    """A session block as one item: a poster session (its posters share one time and
    room: listed in its description, their presenters among the people), or a block with
    no contributions."""
    listed = []
    for number, contribution in sorted(enumerate(posters), key=lambda found: _board(found[1])):
        presenters = [
            reading.people.name_of(ident)
            for person in contribution.speakers or contribution.presenters
            if (ident := reading.person(person, "contributions[].speakers[]."))
        ]
        code = one_line(contribution.code or "")
        line = " ".join(part for part in (code, one_line(contribution.title or "")) if part)
        listed.append(line + (f" ({', '.join(presenters)})" if presenters else ""))
        reading.seen.add(str(contribution.db_id or contribution.id or (*path, number)))
    # The posters in one paragraph, one after the other (a programme prints an item's
    # description as one), within the longest text an event file holds.
    shown: list[str] = []
    left = MAX_TEXT - len(prose(description or "")) - 40
    for number, line in enumerate(listed):
        left -= len(line) + 2
        if left < 0:
            shown.append(f"and {len(listed) - number} more")
            break
        shown.append(line)
    text = "\n\n".join(part for part in (prose(description or ""), "; ".join(shown)) if part)
    reading.add(
        path,
        title,
        start,
        end,
        None,
        room,
        kind="Poster session" if poster else "Session",
        chairs=list(chairs),
        description=text,
    )


def _board(poster: Contribution) -> tuple[Any, ...]:
    """Where a poster comes in the list: by its code as people count (P-2 before P-10)."""
    code = one_line(poster.code or "")
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code))


def _city_and_country(address: list[str]) -> tuple[str | None, str | None]:
    """The city and country an address's last line names (`Trieste - Italy`,
    `1211 Geneva 23, Switzerland`), when it names a country CLDR knows in English."""
    if not address:
        return None, None
    parts = [part.strip() for part in re.split(r"\s[-–]\s|,", address[-1]) if part.strip()]
    country = country_code(parts[-1], "en") if parts else None
    if country is None:
        return None, None
    # The part before the country, without its postcode (and district number).
    words = [word for word in parts[-2].split() if not any(c.isdigit() for c in word)]
    return (" ".join(words) or None) if len(parts) > 1 else None, country


def _language(tag: str | None) -> str | None:
    """Indico's locale (en_GB) as a language tag brochure prints in, or None."""
    if not tag:
        return None
    try:
        return language_tag(tag.replace("_", "-"))
    except ValueError:
        return None


IMPORTER = Importer(
    name="indico",
    help="an Indico event (/export/event/ID.json?detail=contributions) or its timetable",
    description="Make an event file from Indico's export of an event, "
    "https://INDICO/export/event/ID.json?detail=contributions (or detail=sessions), or of "
    "its timetable, https://INDICO/export/timetable/ID.json: days, venue, rooms, "
    "contributions with their speakers and affiliations, sessions' conveners as chairs, "
    "breaks, tracks. What the export does not say is filled with placeholders to edit.",
    metavar="EXPORT.json",
    read=read,
    convert=convert,
)
