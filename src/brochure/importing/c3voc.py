"""A schedule in the c3voc schema (https://c3voc.de/schedule/schema.json), as pretalx
exports it as JSON and frab, pretalx, wafer and the CCC events as XML (`schedule.xml`):
its model, and the event-file data made of it.

    {"schedule": {"version", "base_url", "url",
      "conference": {"acronym", "title", "start", "end", "time_zone_name",
        "rooms": [{"name", ...}], "tracks": [{"name", "color"}],
        "days": [{"index", "date", "day_start", "day_end",
          "rooms": {ROOM NAME: [{"title", "date", "start": "HH:MM", "duration": "HH:MM",
            "room", "track", "type", "abstract", "description",
            "persons": [{"code", "name" (or the older "public_name"), "biography"}],
            ...}]}}]}}}

What maps: the title, days, time zone and web address; every talk (title, day, start,
end from its duration, room, track, type as its kind, abstract as its description);
every speaker once, with their name as written and biography; the tracks, as the
event's sectors too. Everything else that holds a value is listed in `unmapped`; what an
event file needs and the export does not say (city, about, organisers; the country when
the time zone does not give it) gets a placeholder. The talks' language is the event's.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from brochure.importing import dates
from brochure.importing.base import (
    Conversion,
    DataPath,
    ExportError,
    Fault,
    Unmapped,
    example,
)
from brochure.importing.eventfile import EventFile
from brochure.importing.people import People
from brochure.importing.text import one_line, plain, prose
from brochure.model import Day as EventDay
from brochure.model import is_break_kind

# A duration as hours and minutes (`01:30`; seconds in some versions). Six digits of
# hours (114 years) is past any event: the end is reckoned without overflow.
_DURATION = re.compile(r"(\d{1,6}):([0-5]\d)(?::[0-5]\d)?")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2})?")
# What some schedules write for a talk in no track (wafer's "No Track").
_NO_TRACK = {"no track", "none", "-"}


def _moment_in_years(moment: dt.datetime) -> dt.datetime:
    if not dates.in_years(moment):
        raise ValueError(dates.not_in_years(moment))
    return moment


def _duration(value: str) -> str:
    if value.strip() and not _DURATION.fullmatch(value.strip()):
        raise ValueError(f"{example(value)!r} is not a duration: hours and minutes, HH:MM (01:30)")
    return value.strip()


#: A moment of the event (ISO 8601, with the zone's offset), in the years an event has.
Moment = Annotated[dt.datetime, AfterValidator(_moment_in_years)]
#: How long a talk is: `HH:MM` (`01:30`, or `01:30:00`); empty when it has no length.
Duration = Annotated[str, AfterValidator(_duration)]


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
    city: str | None = None
    """pentabarf's (FOSDEM's): where the event is."""
    venue: str | None = None
    """pentabarf's: the venue's name."""
    rooms: tuple[Room, ...] = ()
    tracks: tuple[Track, ...] = ()
    days: tuple[Day, ...] = ()
    days_count: int | None = Field(default=None, alias="daysCount")


class Schedule(_Export):
    version: str | None = None
    base_url: str | None = None
    url: str | None = None
    conference: Conference


class ScheduleExport(_Export):
    """The whole file."""

    schedule: Schedule
    generator: dict[str, Any] | None = None
    schema_: str | None = Field(default=None, alias="$schema")


#: Keys that say how the export is laid out, not what the event is: read, not listed.
_STRUCTURE = {
    "export": {"schedule", "generator", "$schema"},
    "schedule": {"conference", "version", "base_url", "url"},  # urls: see convert
    "conference": {"title", "start", "end", "time_zone_name", "rooms", "tracks", "days"}
    | {"daysCount", "city", "venue"},
    "day": {"index", "date", "day_start", "day_end", "rooms"},
    "room": {"name"},
    "track": {"name"},
    "talk": {"title", "date", "start", "duration", "room", "type", "abstract", "persons"}
    | {"track", "description"}  # noted by _item, with what became of them
    | {"language"},  # the event's, or noted where a talk's differs
    "person": {"name", "public_name", "biography"},
}


@dataclass(frozen=True)
class Dialect:
    """How one system writes the schedule: its name, how its fields are named in the
    list of what was not carried over, whether its texts are HTML."""

    system: str
    """pretalx, frab XML."""
    labels: dict[str, str]
    """Each part of _STRUCTURE -> how a field of it is named: `talks[].` (JSON), `event/`."""
    html: bool = False
    """Whether abstracts and descriptions may be HTML (pentabarf's), not Markdown."""


def convert(export: ScheduleExport, dialect: Dialect) -> Conversion:
    """The event-file data of a schedule export; ExportError for what cannot be true."""
    schedule = export.schedule
    conference = schedule.conference
    labels = dialect.labels
    unmapped = Unmapped()
    _extra(unmapped, labels["export"], export, "export")
    _extra(unmapped, labels["schedule"], schedule, "schedule")
    _extra(unmapped, labels["conference"], conference, "conference")
    for declared in conference.rooms:
        _extra(unmapped, labels["room"], declared, "room")
    for track in conference.tracks:
        _extra(unmapped, labels["track"], track, "track")

    # Rooms in the order the conference lists them, then as the days first name them.
    room_order = {declared.name: i for i, declared in enumerate(conference.rooms)}
    for day in conference.days:
        for name in day.rooms:
            room_order.setdefault(name, len(room_order))
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
    speakers = People()
    programme = []
    last_day = max([conference.end or conference.start, *(t.date.date() for _, _, t, _ in talks)])
    for _, room_name, talk, _ in talks:
        _extra(unmapped, labels["talk"], talk, "talk")
        for person in talk.persons:
            _extra(unmapped, labels["person"], person, "person")
        programme.append(_item(talk, room_name, speakers, unmapped, last_day, dialect))
    for day in conference.days:
        _extra(unmapped, labels["day"], day, "day")
    tracks = [found for track in conference.tracks if (found := _track(track.name))]
    if not tracks:
        tracks = sorted({found for _, _, talk, _ in talks if (found := _track(talk.track))})

    language = dates.language_of(talk.language for _, _, talk, _ in talks)
    for _, _, talk, _ in talks:
        if talk.language and talk.language != language:
            unmapped.note(f"{labels['talk']}language", talk.language)
    # pretalx's addresses are its own pages (the server, the schedule), not the event's
    # website, which the export does not give.
    for key, address in (("base_url", schedule.base_url), ("url", schedule.url)):
        if address:
            unmapped.note(f"{labels['schedule']}{key}", address)
    data, placeholders = EventFile(
        system=dialect.system,
        title=one_line(conference.title),
        date=conference.start,
        end_date=last_day,
        timezone=conference.time_zone_name,
        venue={"name": venue} if (venue := one_line(conference.venue or "")) else None,
        city=one_line(conference.city or "") or None,
        # The time zone's country (CLDR's zone territories: America/Bogota is CO) is
        # where the event is, which the export says no other way.
        country=dates.country_of(conference.time_zone_name),
        # The talks' language is the programme's: its titles and abstracts are written
        # in it, so the pack is printed in it (a Spanish schedule printed "Programme").
        language=language,
        sectors=tracks,
        people=speakers.people,
        programme=programme,
    ).data()
    generator = export.generator or {}
    made_by = " ".join(str(generator[key]) for key in ("name", "version") if generator.get(key))
    about = ", ".join(
        part
        for part in (made_by, f"schedule version {schedule.version}" if schedule.version else "")
        if part
    )
    return Conversion(
        data=data,
        placeholders=placeholders,
        unmapped=unmapped.lines(),
        about=about or dialect.system,
        counts={
            "days": len({talk.date.date() for _, _, talk, _ in talks}) or len(conference.days),
            "rooms": len({room for _, room, _, _ in talks}),
            "talks": len(programme),
            "speakers": len(speakers.people),
            "tracks": len(tracks),
        },
    )


def _extra(unmapped: Unmapped, prefix: str, part: _Export, kind: str) -> None:
    """Every key of part that is neither read nor structure."""
    unmapped.extra(prefix, part.model_dump(by_alias=True), _STRUCTURE[kind])


def _track(name: str | None) -> str | None:
    """A track's name, or None where the schedule names no track."""
    text = one_line(name or "")
    return text if text and text.casefold() not in _NO_TRACK else None


def _speaker_id(speakers: People, speaker: Speaker) -> str | None:
    name = one_line(speaker.name or speaker.public_name or "")
    if not name:
        return None
    key = str(speaker.code or speaker.guid or speaker.id or name)
    bio = plain(speaker.biography or "") or None
    return speakers.add(key, name, speaker.code, bio=bio)


def _item(
    talk: Talk,
    room: str,
    speakers: People,
    unmapped: Unmapped,
    last_day: dt.date,
    dialect: Dialect,
) -> dict[str, Any]:
    label = dialect.labels["talk"]
    start = talk.date.time().replace(tzinfo=None, second=0, microsecond=0)
    title = one_line(talk.title)
    item: dict[str, Any] = {"title": title, "date": talk.date.date(), "start": start}
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
                f"{label}duration, too long for an end time in the event file", talk.duration
            )
    if talk.room or room:
        item["room"] = one_line(talk.room or room)
    kind = one_line(talk.type or "")
    if kind:
        item["kind"] = kind
    elif is_break_kind(title):
        # A meal or a break the schedule gives no type (wafer's Lunch): set apart in print.
        item["kind"] = "break"
    if track := _track(talk.track):
        item["track"] = track
    people = [ident for person in talk.persons if (ident := _speaker_id(speakers, person))]
    if people:
        item["people"] = people
    text = talk.abstract if (talk.abstract or "").strip() else talk.description
    if text and (described := prose(text) if dialect.html else plain(text)):
        item["description"] = described
    if (talk.abstract or "").strip() and (talk.description or "").strip():
        unmapped.note(f"{label}description, beside the abstract used", talk.description)
    return item


def _calendar_faults(conference: Conference, talks: list[tuple[Talk, DataPath]]) -> list[Fault]:
    """What the export says of its days and times that cannot be: an end before the start,
    a talk outside the conference's days or running days past them, a start the talk's
    date does not say, an offset that is not its time zone's, a time zone nobody has."""
    faults = []
    where = ("schedule", "conference")
    first = conference.start
    last = conference.end or max([first, *(day.date for day in conference.days)])
    if conference.end and conference.end < first:
        faults.append(Fault((*where, "end"), f"{conference.end} is before the start, {first}"))
        last = first
    zone = dates.zone(conference.time_zone_name)
    if conference.time_zone_name and zone is None:
        faults.append(
            Fault((*where, "time_zone_name"), dates.not_a_zone(conference.time_zone_name))
        )
    # A schedule's days run to the small hours of the next date (`day_end`): a talk on
    # the last night may end (or even be dated) the day after the last, before dawn.
    latest = dt.datetime.combine(last + dt.timedelta(days=1), dates.SMALL_HOURS_END)
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
            expected = _offsets(local, zone)
            if offset not in expected:
                offsets.append(
                    Fault(
                        (*path, "date"),
                        f"{talk.date.isoformat()}: its UTC offset, "
                        f"{dates.offset_text(offset)}, is not "
                        f"the one of {conference.time_zone_name} that day "
                        f"({' or '.join(sorted(dates.offset_text(o) for o in expected))})",
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


def _offsets(local: dt.datetime, zone: zoneinfo.ZoneInfo) -> set[dt.timedelta]:
    """The UTC offsets a local time may have in zone: two in the hour the clocks go back."""
    found = {local.replace(tzinfo=zone, fold=fold).utcoffset() for fold in (0, 1)}
    return {offset for offset in found if offset is not None}
