"""A pretalx schedule export (`schedule.json`, frab compatible) as event-file data.

The format is pretalx's `FrabJsonExporter` (pretalx/schedule/exporters.py), which
follows the c3voc schedule schema (https://c3voc.de/schedule/schema.json):

    {"schedule": {"version", "base_url", "url",
      "conference": {"acronym", "title", "start", "end", "time_zone_name",
        "rooms": [{"name", ...}], "tracks": [{"name", "color"}],
        "days": [{"index", "date", "day_start", "day_end",
          "rooms": {ROOM NAME: [{"title", "date", "start": "HH:MM", "duration": "HH:MM",
            "room", "track", "type", "abstract", "description",
            "persons": [{"code", "name" (or the older "public_name"), "biography"}],
            ...}]}}]}}}

What maps: the title, days, time zone and web address; every talk (title, day, start,
end from its duration, room, type as its kind, abstract as its description); every
speaker once, with their name as written and biography; the tracks, as the event's
sectors. Everything else that holds a value is listed in `unmapped`; what an event file
needs and the export does not say (city, about, organisers; the country when the time
zone does not give it) gets a placeholder. The talks' language is the event's.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from typing import Annotated, Any

from babel.core import get_global
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from brochure.importing.jsonsource import Path_
from brochure.model import YEARS, language_tag, make_id
from brochure.model import Day as EventDay

#: What the export does not say, as the starter event writes it: obviously to replace.
PLACEHOLDERS: dict[tuple[str, ...], Any] = {
    ("event", "city"): "Your City",
    ("event", "country"): "Your Country",
    ("about",): "What the event is about: not in the pretalx export. Write it here; "
    "paragraphs are separated by blank lines.",
    ("organisers",): [{"name": "Your Organisation"}],
}
# Controls other than tab and line feed: the event file refuses them (model._CONTROL).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# pretalx writes a duration as hours and minutes (`01:30`; seconds in some versions). Six
# digits of hours (114 years) is past any event: the end is reckoned without overflow.
_DURATION = re.compile(r"(\d{1,6}):([0-5]\d)(?::[0-5]\d)?")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


def _moment_in_years(moment: dt.datetime) -> dt.datetime:
    if not YEARS[0] <= moment.year <= YEARS[1]:
        raise ValueError(
            f"{moment.isoformat()} is not a time of an event (years {YEARS[0]}-{YEARS[1]})"
        )
    return moment


def _duration(value: str) -> str:
    if value.strip() and not _DURATION.fullmatch(value.strip()):
        raise ValueError(f"{example(value)!r} is not a duration: hours and minutes, HH:MM (01:30)")
    return value.strip()


#: A moment of the event (ISO 8601, with the zone's offset), in the years an event has.
Moment = Annotated[dt.datetime, AfterValidator(_moment_in_years)]
#: How long a talk is: `HH:MM` (`01:30`, or `01:30:00`); empty when it has no length.
Duration = Annotated[str, AfterValidator(_duration)]


@dataclass(frozen=True)
class Fault:
    """Something in the export that cannot be true: where (a path in its data), what."""

    path: Path_
    message: str


class ExportError(Exception):
    """The export contradicts itself or the calendar; carries every fault found."""

    def __init__(self, faults: list[Fault]) -> None:
        self.faults = tuple(faults)
        super().__init__("; ".join(f"{fault.path}: {fault.message}" for fault in faults))


class _Export(BaseModel):
    """A part of the export: every key kept, so those not mapped can be listed."""

    model_config = ConfigDict(frozen=True, extra="allow", populate_by_name=True)


class Speaker(_Export):
    code: str | None = None
    id: int | str | None = None
    guid: str | None = None
    name: str | None = None
    public_name: str | None = None
    """The name in pretalx before 2024 (still written beside `name`, deprecated)."""
    biography: str | None = None


class Talk(_Export):
    title: str
    date: Moment
    """The local start, ISO 8601 with the zone's offset."""
    start: str
    """The local start again, `HH:MM`."""
    duration: Duration
    room: str | None = None
    track: str | None = None
    type: str | None = None
    abstract: str | None = None
    description: str | None = None
    persons: tuple[Speaker, ...] = ()
    language: str | None = None
    """The language the talk is given in (pretalx's submission language: en, es...)."""

    @field_validator("track", "type", "room", "abstract", "description", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        # pretalx writes multilingual names as {"en": ..., "de": ...} in some versions.
        if isinstance(value, dict):
            return next((str(v) for v in value.values() if v), None)
        return value

    @property
    def minutes(self) -> int:
        """The duration in minutes (0 when the export gives none)."""
        match = _DURATION.fullmatch(self.duration)
        return int(match.group(1)) * 60 + int(match.group(2)) if match else 0


class Day(_Export):
    index: int | None = None
    date: EventDay
    day_start: str | None = None
    day_end: str | None = None
    rooms: dict[str, tuple[Talk, ...]] = {}


class Room(_Export):
    name: str


class Track(_Export):
    name: str


class Conference(_Export):
    title: str
    start: EventDay
    end: EventDay | None = None
    time_zone_name: str | None = None
    rooms: tuple[Room, ...] = ()
    tracks: tuple[Track, ...] = ()
    days: tuple[Day, ...] = ()
    days_count: int | None = Field(default=None, alias="daysCount")


class Schedule(_Export):
    version: str | None = None
    base_url: str | None = None
    url: str | None = None
    conference: Conference


class PretalxExport(_Export):
    """The whole file."""

    schedule: Schedule
    generator: dict[str, Any] | None = None
    schema_: str | None = Field(default=None, alias="$schema")


#: Keys that say how the export is laid out, not what the event is: read, not listed.
_STRUCTURE = {
    "export": {"schedule", "generator", "$schema"},
    "schedule": {"conference", "version", "base_url", "url"},  # urls: see from_export
    "conference": {"title", "start", "end", "time_zone_name", "rooms", "tracks", "days"}
    | {"daysCount"},
    "day": {"index", "date", "day_start", "day_end", "rooms"},
    "room": {"name"},
    "track": {"name"},
    "talk": {"title", "date", "start", "duration", "room", "type", "abstract", "persons"}
    | {"track", "description"}  # noted by _item, with what became of them
    | {"language"},  # the event's, or noted where a talk's differs
    "person": {"name", "public_name", "biography"},
}


@dataclass
class _Unmapped:
    """Fields with a value that has no place in the event file: how often, an example."""

    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    def note(self, label: str, value: Any) -> None:
        if value in (None, "", [], {}, False):
            return
        self.counts[label] += 1
        self.examples.setdefault(label, example(value))

    def extra(self, prefix: str, part: _Export, kind: str) -> None:
        """Every key of part that is neither read nor structure."""
        for key, value in part.model_dump(by_alias=True).items():
            if key not in _STRUCTURE[kind]:
                self.note(f"{prefix}{key}", value)

    def lines(self) -> tuple[str, ...]:
        """`label: example`, and how many more values there are."""
        return tuple(
            f"{label}: {self.examples[label]}" + (f" (and {count - 1} more)" if count > 1 else "")
            for label, count in self.counts.items()
        )


@dataclass(frozen=True)
class Imported:
    """The event file's data, and what the export could not fill or had no place for."""

    data: dict[str, Any]
    """Plain data in the order the event file is written (dates as date, times as time)."""
    placeholders: tuple[str, ...]
    """Fields the export does not fill: placeholders to replace (event.city...)."""
    unmapped: tuple[str, ...]
    """Fields of the export with a value and no place in the event file, with how many
    hold one and an example: `talks[].language (7): en`."""
    about: str
    """Where the export came from: pretalx 2025.1.0, schedule version 1.3."""
    counts: dict[str, int]
    """days, rooms, talks, speakers, tracks."""


def from_export(export: PretalxExport) -> Imported:
    """The event-file data of a pretalx schedule export."""
    schedule = export.schedule
    conference = schedule.conference
    unmapped = _Unmapped()
    unmapped.extra("", export, "export")
    unmapped.extra("schedule.", schedule, "schedule")
    unmapped.extra("conference.", conference, "conference")
    for declared in conference.rooms:
        unmapped.extra("conference.rooms[].", declared, "room")
    for track in conference.tracks:
        unmapped.extra("conference.tracks[].", track, "track")

    room_order = {declared.name: i for i, declared in enumerate(conference.rooms)}
    # In the order of the programme's clock (the local time the event file keeps): an
    # export may mix times with an offset and without, which Python cannot compare.
    talks = sorted(
        (
            (day, room, talk, ("schedule", "conference", "days", d, "rooms", room, t))
            for d, day in enumerate(conference.days)
            for room, in_room in day.rooms.items()
            for t, talk in enumerate(in_room)
        ),
        key=lambda found: (
            found[2].date.replace(tzinfo=None),
            room_order.get(found[1], len(room_order)),
            found[1],
        ),
    )
    faults = _calendar_faults(conference, [(talk, path) for _, _, talk, path in talks])
    if faults:
        raise ExportError(faults)
    speakers = _Speakers()
    programme = []
    last_day = max([conference.end or conference.start, *(t.date.date() for _, _, t, _ in talks)])
    for _, room_name, talk, _ in talks:
        unmapped.extra("talks[].", talk, "talk")
        for person in talk.persons:
            unmapped.extra("talks[].persons[].", person, "person")
        programme.append(_item(talk, room_name, speakers, unmapped, last_day))
    for day in conference.days:
        unmapped.extra("days[].", day, "day")
    tracks = [track.name for track in conference.tracks] or sorted(
        {talk.track for _, _, talk, _ in talks if talk.track}
    )

    event: dict[str, Any] = {"title": _text(conference.title), "date": conference.start}
    if last_day != conference.start:
        event["end_date"] = last_day
    if conference.time_zone_name:
        event["timezone"] = conference.time_zone_name
    event["city"] = PLACEHOLDERS[("event", "city")]
    # The time zone's country (CLDR's zone territories: America/Bogota is CO) is where
    # the event is, which the export says no other way.
    country = _country_of(conference.time_zone_name)
    event["country"] = country or PLACEHOLDERS[("event", "country")]
    language = _language_of(talk for _, _, talk, _ in talks)
    if language:
        # The talks' language is the programme's: its titles and abstracts are written
        # in it, so the pack is printed in it (a Spanish schedule printed "Programme").
        event["language"] = language
    for _, _, talk, _ in talks:
        if talk.language and talk.language != language:
            unmapped.note("talks[].language", talk.language)
    # pretalx's addresses are its own pages (the server, the schedule), not the event's
    # website, which the export does not give.
    for key, address in (("schedule.base_url", schedule.base_url), ("schedule.url", schedule.url)):
        if address:
            unmapped.note(key, address)
    data: dict[str, Any] = {
        "event": event,
        "about": PLACEHOLDERS[("about",)],
    }
    if tracks:
        data["sectors"] = tracks
    data["organisers"] = PLACEHOLDERS[("organisers",)]
    if speakers.people:
        data["people"] = speakers.people
    if programme:
        data["programme"] = programme
    generator = export.generator or {}
    made_by = " ".join(str(generator[key]) for key in ("name", "version") if generator.get(key))
    about = ", ".join(
        part
        for part in (made_by, f"schedule version {schedule.version}" if schedule.version else "")
        if part
    )
    return Imported(
        data=data,
        placeholders=tuple(
            ".".join(path)
            for path in PLACEHOLDERS
            if not (country and path == ("event", "country"))
        ),
        unmapped=unmapped.lines(),
        about=about or "pretalx",
        counts={
            "days": len({talk.date.date() for _, _, talk, _ in talks}) or len(conference.days),
            "rooms": len({room for _, room, _, _ in talks}),
            "talks": len(programme),
            "speakers": len(speakers.people),
            "tracks": len(tracks),
        },
    )


#: When the last night of a conference is over: a talk may end up to then on the day
#: after its last day (pretalx's `day_end` runs past midnight), not later.
SMALL_HOURS_END = dt.time(6, 0)


def _country_of(zone: str | None) -> str | None:
    """The ISO 3166 code of the country a time zone is in (CLDR), None for UTC and the
    like."""
    if not zone:
        return None
    # An alias (Portugal, US/Eastern) is CLDR's canonical zone's.
    zone = get_global("zone_aliases").get(zone, zone)
    territory = get_global("zone_territories").get(zone)
    return territory if territory and len(territory) == 2 and territory != "ZZ" else None


def _language_of(talks: Any) -> str | None:
    """The language most talks are given in, as a tag brochure prints in (None when no
    talk says, or it is not one): the first listed wins a tie."""
    counted = Counter(talk.language.strip() for talk in talks if talk.language)
    for tag, _ in counted.most_common():
        try:
            return language_tag(tag)
        except ValueError:
            continue
    return None


class _Speakers:
    """Each speaker once, in order of first talk, with an id programme items can name."""

    def __init__(self) -> None:
        self.people: list[dict[str, Any]] = []
        self._ids: dict[str, str] = {}
        self._taken: set[str] = set()

    def id_of(self, speaker: Speaker) -> str | None:
        name = _text(speaker.name or speaker.public_name or "")
        if not name:
            return None
        key = str(speaker.code or speaker.guid or speaker.id or name)
        if key in self._ids:
            return self._ids[key]
        # The id brochure would give the name by itself (model.make_id), unless another
        # speaker has it or the name has no Latin letters or digits: then the pretalx code.
        ident = make_id(name)
        if not ident or ident in self._taken:
            ident = make_id(f"{ident} {speaker.code or len(self.people) + 1}")
        number = 1
        while ident in self._taken:  # a code that makes another speaker's id
            number += 1
            ident = make_id(f"{make_id(name)} {speaker.code or ''} {number}")
        self._taken.add(ident)
        self._ids[key] = ident
        # Every speaker's id is written: one made from a name could otherwise be another
        # speaker's written one, and the programme would name the wrong person.
        person: dict[str, Any] = {"name": name, "id": ident}
        person["role"] = "speaker"
        if speaker.biography and _text(speaker.biography):
            person["bio"] = _text(speaker.biography)
        self.people.append(person)
        return ident


def _item(
    talk: Talk, room: str, speakers: _Speakers, unmapped: _Unmapped, last_day: dt.date
) -> dict[str, Any]:
    start = talk.date.time().replace(tzinfo=None, second=0, microsecond=0)
    item: dict[str, Any] = {"title": _text(talk.title), "date": talk.date.date(), "start": start}
    minutes = talk.minutes
    if minutes:
        end_moment = dt.datetime.combine(talk.date.date(), start) + dt.timedelta(minutes=minutes)
        next_day = talk.date.date() + dt.timedelta(days=1)
        if end_moment.date() == talk.date.date() or (
            end_moment.date() == next_day <= last_day and end_moment.time() < start
        ):
            # An end before the start is the next day in the event file.
            item["end"] = end_moment.time()
        else:
            # Longer than a day, or into the last night's small hours: the event file's
            # end (a time, the next day at most) cannot say it.
            unmapped.note(
                "talks[].duration, too long for an end time in the event file", talk.duration
            )
    if talk.room or room:
        item["room"] = _text(talk.room or room)
    if talk.type:
        item["kind"] = _text(talk.type)
    people = [ident for person in talk.persons if (ident := speakers.id_of(person))]
    if people:
        item["people"] = people
    text = talk.abstract or talk.description
    if text and _text(text):
        item["description"] = _text(text)
    if talk.abstract and talk.description:
        unmapped.note("talks[].description, beside the abstract used", talk.description)
    if talk.track:
        unmapped.note("talks[].track, each talk's (the tracks became sectors)", talk.track)
    return item


def _calendar_faults(conference: Conference, talks: list[tuple[Talk, Path_]]) -> list[Fault]:
    """What the export says of its days and times that cannot be: an end before the start,
    a talk outside the conference's days or running days past them, a start the talk's
    date does not say, an offset that is not its time zone's."""
    faults = []
    where = ("schedule", "conference")
    first = conference.start
    last = conference.end or max([first, *(day.date for day in conference.days)])
    if conference.end and conference.end < first:
        faults.append(Fault((*where, "end"), f"{conference.end} is before the start, {first}"))
        last = first
    # pretalx's days run to the small hours of the next date (`day_end`): a talk on the
    # last night may end (or even be dated) the day after the last, before dawn.
    latest = dt.datetime.combine(last + dt.timedelta(days=1), SMALL_HOURS_END)
    zone = _zone(conference.time_zone_name)
    offsets: list[Fault] = []  # talks whose offset is not the zone's
    timed = 0  # talks with an offset
    for talk, path in talks:
        local = talk.date.replace(tzinfo=None)
        if not first <= local.date() <= last + dt.timedelta(days=1):
            faults.append(
                Fault(
                    (*path, "date"),
                    f"{talk.date.isoformat()} is not a day of the conference ({first} to {last})",
                )
            )
            continue
        clock = _CLOCK.fullmatch(talk.start.strip())
        if not clock or (int(clock.group(1)), int(clock.group(2))) != (local.hour, local.minute):
            faults.append(
                Fault(
                    (*path, "start"),
                    f"{example(talk.start)!r} is not the time the talk's date says ({local:%H:%M})",
                )
            )
        offset = talk.date.utcoffset()
        if zone and offset is not None:
            # Either side of a change of the clocks (fold): 01:30 comes twice in autumn.
            expected = {local.replace(tzinfo=zone, fold=fold).utcoffset() for fold in (0, 1)}
            if offset not in expected:
                offsets.append(
                    Fault(
                        (*path, "date"),
                        f"{talk.date.isoformat()}: its UTC offset, {_offset(offset)}, is not "
                        f"the one of {conference.time_zone_name} that day "
                        f"({' or '.join(sorted(_offset(o) for o in expected if o is not None))})",
                    )
                )
            timed += 1
        if local + dt.timedelta(minutes=talk.minutes) >= latest:
            faults.append(
                Fault(
                    (*path, "duration"),
                    f"{talk.duration} ends the talk after the conference's last day ({last})",
                )
            )
    if len(offsets) > 1 and len(offsets) == timed:
        # Not one talk is in the zone: the zone is wrong, or every time. Said once.
        faults.append(
            Fault(
                (*where, "time_zone_name"),
                f"no talk's time is in this time zone: {offsets[0].message}; "
                f"the time zone is wrong, or the times",
            )
        )
    else:
        faults += offsets
    return faults


def _zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    """The time zone of that IANA name; None when there is none (`brochure check` says
    so in the written file)."""
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _offset(offset: dt.timedelta) -> str:
    """A UTC offset as ISO 8601 writes it: +01:00, -05:30."""
    minutes = round(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _text(value: str) -> str:
    """Text as the event file takes it: Windows line ends and control characters gone."""
    return _CONTROLS.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def example(value: Any) -> str:
    """value as one short line of text (at most 50 characters), to show what a field holds."""
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(shown.split())
    return text if len(text) <= 50 else text[:47] + "..."
