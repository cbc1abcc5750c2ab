"""Sessionize's "All Data" JSON (`https://sessionize.com/api/v2/ID/view/All`), and its
GridSmart view (`view/GridSmart`), as Sessionize's API documentation gives them:

    {"sessions": [{"id", "title", "description", "startsAt", "endsAt",
        "isServiceSession", "isPlenumSession", "speakers": [SPEAKER ID],
        "categoryItems": [ITEM ID], "roomId", "status", ...}],
     "speakers": [{"id", "firstName", "lastName", "fullName", "bio", "tagLine", ...}],
     "categories": [{"id", "title", "items": [{"id", "name"}]}],
     "rooms": [{"id", "name"}], "questions": [...]}

    GridSmart: [{"date", "rooms": [{"id", "name", "sessions": [SESSION, its speakers
        as {"id", "name"} and its categories as {"name", "categoryItems"}]}],
        "timeSlots": [...the same sessions again, by time]}]

What maps: every scheduled session (day, start, end, room, description); its
category "Track" as its track (and the tracks as the event's sectors), "Session format"
as its kind, "Language" as the event's language when most sessions say one; service
sessions (lunch, a break, registration) as breaks, for every room (no room) when they
are plenum sessions filed in a room of talks (Sessionize spans them across its grid);
every speaker once, with given and family name, bio, and tagline as position. Sessionize
writes the event's local times; a `Z` after them is not read as UTC (no time zone is
given at all). The export has no event title, city, country or description: placeholders.
"""

from __future__ import annotations

import datetime as dt
import functools
import statistics
from collections.abc import Iterator
from typing import Any

from babel import Locale
from pydantic import BaseModel, ConfigDict, field_validator

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
from brochure.model import fold

#: How far (days) a session may be from the middle of the programme: Sessionize gives no
#: event dates, so a session years away (2031 for 2023) is a typo, not a day of it.
MAX_DAYS_AWAY = 31
#: Statuses of sessions on the programme; others (Declined...) are left out.
_ON_PROGRAMME = {"accepted", "confirmed"}


class _Part(BaseModel):
    """A part of the export: every key kept, so those not read can be listed."""

    model_config = ConfigDict(frozen=True, extra="allow", populate_by_name=True)

    def unread(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


def _local(value: Any) -> Any:
    """A time as Sessionize writes it (ISO 8601): the event's clock, a `Z` or offset
    dropped; ValueError for anything else (a number is no time of day)."""
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(str(value).strip()).replace(tzinfo=None)
    except ValueError:
        raise ValueError(
            f"{value!r} is not a date and time (ISO 8601: 2023-09-16T09:00:00)"
        ) from None


class SpeakerRef(_Part):
    """A speaker as GridSmart names one in a session."""

    id: str
    name: str | None = None


class CategoryRef(_Part):
    """A session's category, as GridSmart embeds it."""

    name: str
    categoryItems: tuple[dict[str, Any], ...] = ()


class Session(_Part):
    id: str | int
    title: str
    description: str | None = None
    startsAt: dt.datetime | None = None
    endsAt: dt.datetime | None = None
    isServiceSession: bool = False
    isPlenumSession: bool = False
    speakers: tuple[str | SpeakerRef, ...] = ()
    categoryItems: tuple[int, ...] = ()
    categories: tuple[CategoryRef, ...] = ()
    roomId: int | None = None
    room: str | None = None
    status: str | None = None

    @field_validator("startsAt", "endsAt", mode="before")
    @classmethod
    def _clock(cls, value: Any) -> Any:
        return _local(value)

    @field_validator("startsAt", "endsAt")
    @classmethod
    def _in_years(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and not dates.in_years(value):
            raise ValueError(dates.not_in_years(value))
        return value


class Speaker(_Part):
    id: str
    firstName: str | None = None
    lastName: str | None = None
    fullName: str | None = None
    bio: str | None = None
    tagLine: str | None = None
    sessions: tuple[int | str, ...] = ()


class Item(_Part):
    id: int
    name: str


class Category(_Part):
    id: int | None = None
    title: str
    items: tuple[Item, ...] = ()


class Room(_Part):
    id: int
    name: str
    sessions: tuple[Session, ...] = ()
    """GridSmart's: the room's sessions of one day."""


class Question(_Part):
    id: int
    question: str


class AllData(_Part):
    """view/All."""

    sessions: tuple[Session, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    categories: tuple[Category, ...] = ()
    rooms: tuple[Room, ...] = ()
    questions: tuple[Question, ...] = ()


class GridDay(_Part):
    """A day of view/GridSmart."""

    date: dt.datetime | dt.date
    rooms: tuple[Room, ...] = ()
    timeSlots: Any = None
    """The same sessions again, by time: not read twice."""
    isDefault: Any = None


class GridSmart(_Part):
    days: tuple[GridDay, ...]


def read(data: Any) -> AllData | GridSmart:
    """The export as Sessionize's All Data or GridSmart view; ExportError otherwise."""
    if isinstance(data, dict) and "sessions" in data:
        return AllData.model_validate(data)
    if isinstance(data, list) and all(isinstance(day, dict) and "rooms" in day for day in data):
        return GridSmart.model_validate({"days": data})
    raise ExportError(
        [
            Fault(
                (),
                "not a Sessionize export: it has no `sessions` (All Data) nor a list of "
                "days with `rooms` (GridSmart); export it from Sessionize's API as "
                "https://sessionize.com/api/v2/ID/view/All",
            )
        ]
    )


def _sessions(export: AllData | GridSmart) -> Iterator[tuple[Session, DataPath, str | None]]:
    """Every session once, with its path in the export and its room's name (GridSmart's
    from the room it is listed in). A session listed twice with the same id (and the
    same details) is read once; two different sessions with one id are an ExportError,
    at each later one."""
    if isinstance(export, AllData):
        rooms = {room.id: room.name for room in export.rooms}
        seen: dict[str, tuple[Session, int]] = {}
        faults = []
        for number, session in enumerate(export.sessions):
            key = str(session.id)
            if key in seen:
                first, at = seen[key]
                if first != session:
                    faults.append(
                        Fault(
                            ("sessions", number, "id"),
                            f"id {key!r} is also sessions[{at}]'s ({first.title!r}), with "
                            "other details; each session has an id of its own",
                        )
                    )
                continue
            seen[key] = (session, number)
            yield (
                session,
                ("sessions", number),
                rooms.get(session.roomId) if session.roomId else None,
            )
        if faults:
            raise ExportError(faults)
        return
    seen_ids: set[str] = set()
    for d, day in enumerate(export.days):
        for r, room in enumerate(day.rooms):
            for s, session in enumerate(room.sessions):
                if str(session.id) not in seen_ids:
                    seen_ids.add(str(session.id))
                    yield session, (d, "rooms", r, "sessions", s), room.name


def convert(export: AllData | GridSmart) -> Conversion:
    """The event-file data of a Sessionize export; ExportError for what cannot be."""
    unmapped = Unmapped()
    faults: list[Fault] = []
    items_by_id: dict[int, tuple[str, str]] = {}  # category item -> (category, item)
    speakers: dict[str, Speaker | SpeakerRef] = {}
    questions: dict[int, str] = {}
    if isinstance(export, AllData):
        for category in export.categories:
            for item in category.items:
                items_by_id[item.id] = (category.title, item.name)
        speakers = {speaker.id: speaker for speaker in export.speakers}
        questions = {question.id: question.question for question in export.questions}
        for speaker in export.speakers:
            for key, value in speaker.unread().items():
                unmapped.note(f"speakers[].{key}", value)
    found = list(_sessions(export))
    kept = []
    for session, path, room in found:
        if session.startsAt is None:
            unmapped.note("sessions[] not scheduled (no startsAt), left out", session.title)
        elif (session.status or "accepted").casefold() not in _ON_PROGRAMME:
            unmapped.note(f"sessions[] {session.status}, left out", session.title)
        else:
            kept.append((session, path, room))
    if not kept:
        raise ExportError([Fault((), "has no scheduled session: publish the schedule first")])
    middle = statistics.median_low(session.startsAt.date() for session, _, _ in kept)  # type: ignore[union-attr]
    people = People()
    programme: list[tuple[dt.datetime, int, dict[str, Any]]] = []
    # Parallel sessions in the order the export lists its rooms.
    rooms = {name: number for number, name in enumerate(dict.fromkeys(r for _, _, r in found if r))}
    if isinstance(export, AllData):
        rooms = {room.name: number for number, room in enumerate(export.rooms)}
    languages: list[str | None] = []
    talk_rooms = {room for session, _, room in kept if room and not session.isServiceSession}
    for session, path, room in kept:
        begins = session.startsAt
        assert begins is not None
        if abs((begins.date() - middle).days) > MAX_DAYS_AWAY:
            faults.append(
                Fault(
                    (*path, "startsAt"),
                    f"{begins:%Y-%m-%d} is {abs((begins.date() - middle).days):,} days from the "
                    f"other sessions' ({middle}): not a day of the event",
                )
            )
            continue
        if isinstance(export, AllData) and session.roomId is not None and room is None:
            faults.append(Fault((*path, "roomId"), f"no room has the id {session.roomId}"))
            continue
        categories = _categories(session, items_by_id)
        spans = _spans_rooms(session, room, talk_rooms)
        entry, fault = _item(session, path, room, categories, every_room=spans)
        if fault:
            faults.append(fault)
            continue
        for name, values in categories.items():
            if _role_of(name) is None:
                unmapped.note(f"sessions[].categories: {name}", ", ".join(values))
        languages.append(_language(categories))
        ids = []
        for number, written in enumerate(session.speakers):
            reference = written if isinstance(written, str) else written.id
            known = speakers.get(reference) or (None if isinstance(written, str) else written)
            if known is None:
                faults.append(
                    Fault((*path, "speakers", number), f"no speaker has the id {reference!r}")
                )
                continue
            ids.append(_speaker(people, known))
        if ids:
            described = entry.pop("description", None)
            entry["people"] = ids
            if described:
                entry["description"] = described
        extra = session.unread()
        for answer in extra.pop("questionAnswers", None) or ():
            asked = answer.get("questionId") if isinstance(answer, dict) else None
            question = questions.get(asked) if isinstance(asked, int) else None
            unmapped.note(
                f"sessions[].questionAnswers: {question or 'a question'}",
                answer.get("answerValue") if isinstance(answer, dict) else answer,
            )
        for key, value in extra.items():
            unmapped.note(f"sessions[].{key}", value)
        programme.append((begins, rooms.get(str(entry.get("room", "")), len(rooms)), entry))
    if faults:
        raise ExportError(faults)
    programme.sort(key=lambda found: (found[0], found[1]))
    items = [item for _, _, item in programme]
    tracks = sorted({item["track"] for item in items if item.get("track")})
    days = sorted({item["date"] for item in items})
    data, placeholders = EventFile(
        system="Sessionize",
        date=days[0],
        end_date=days[-1],
        language=dates.language_of(languages),
        sectors=tracks,
        people=people.people,
        programme=items,
    ).data()
    return Conversion(
        data=data,
        placeholders=placeholders,
        unmapped=unmapped.lines(),
        about="Sessionize " + ("All Data" if isinstance(export, AllData) else "GridSmart"),
        counts={
            "days": len(days),
            "rooms": len({item["room"] for item in items if item.get("room")}),
            "sessions": len(items),
            "speakers": len(people),
            "tracks": len(tracks),
        },
    )


def _spans_rooms(session: Session, room: str | None, talk_rooms: set[str]) -> bool:
    """Whether a session is a break for every room, which the event file writes with no
    room: a plenum service session (Sessionize spans it across every room of its grid)
    filed in a room that holds talks, as Sessionize files one in some room (droidcon's
    breaks in its first hall). Filed in a room of its own (the demo event's Lunch in
    its Restaurant), that room is where it is, and kept. A plenum talk (a keynote) is
    held in its room."""
    if not (session.isServiceSession and session.isPlenumSession):
        return False
    return (room or session.room or "") in talk_rooms


def _categories(session: Session, items: dict[int, tuple[str, str]]) -> dict[str, list[str]]:
    """The session's categories: category title -> its items' names."""
    found: dict[str, list[str]] = {}
    for item_id in session.categoryItems:
        if item_id in items:
            category, name = items[item_id]
            found.setdefault(category, []).append(name)
    for embedded in session.categories:
        for value in embedded.categoryItems:
            if isinstance(value, dict) and isinstance(value.get("name"), str):
                found.setdefault(embedded.name, []).append(value["name"])
    return found


def _role_of(category: str) -> str | None:
    """What a category says of a session in the event file: its track, its kind (the
    session format), its language; None for the others (Level, Tags)."""
    words = fold(category)
    if "track" in words:
        return "track"
    if "format" in words or words in ("type", "session type"):
        return "kind"
    if "language" in words:
        return "language"
    return None


def _item(
    session: Session,
    path: DataPath,
    room: str | None,
    categories: dict[str, list[str]],
    every_room: bool = False,
) -> tuple[dict[str, Any], Fault | None]:
    """The event file's item of a session, or a Fault; every_room: a break for every
    room, written with none."""
    # The event file counts in minutes: seconds are dropped before anything is compared.
    begins = _minute(session.startsAt)
    item: dict[str, Any] = {"title": one_line(session.title) or "(untitled)"}
    item |= {"date": begins.date(), "start": begins.time()}
    if session.endsAt is not None:
        ends = _minute(session.endsAt)
        if ends < begins:
            message = f"{session.endsAt:%Y-%m-%d %H:%M} is before the session starts"
            return item, Fault((*path, "endsAt"), message)
        if dt.timedelta(0) < ends - begins < dt.timedelta(days=1):
            item["end"] = ends.time()
    if (room := one_line(room or session.room or "")) and not every_room:
        item["room"] = room
    by_role = {_role_of(name): values for name, values in categories.items()}
    if session.isServiceSession:
        # Lunch, a break, registration: Sessionize's service sessions are no talks.
        item["kind"] = "break"
    elif by_role.get("kind"):
        item["kind"] = one_line(", ".join(by_role["kind"]))
    if by_role.get("track"):
        item["track"] = one_line(", ".join(by_role["track"]))
    if text := prose(session.description or ""):
        item["description"] = text
    return item, None


def _minute(moment: dt.datetime | None) -> dt.datetime:
    assert moment is not None  # only scheduled sessions are read
    return moment.replace(second=0, microsecond=0)


def _speaker(people: People, speaker: Speaker | SpeakerRef) -> str:
    if isinstance(speaker, SpeakerRef):
        return people.add(speaker.id, one_line(speaker.name or "") or speaker.id)
    given = one_line(speaker.firstName or "")
    family = one_line(speaker.lastName or "")
    name = one_line(speaker.fullName or "") or " ".join(p for p in (given, family) if p)
    return people.add(
        speaker.id,
        name or speaker.id,
        given=given or None,
        family=family or None,
        position=one_line(speaker.tagLine or "") or None,
        bio=prose(speaker.bio or "") or None,
    )


@functools.cache
def _language_names() -> dict[str, str]:
    """Languages' English names (CLDR), folded -> their tag: english -> en."""
    return {fold(name): code for code, name in Locale("en").languages.items()}


def _language(categories: dict[str, list[str]]) -> str | None:
    for name, values in categories.items():
        if _role_of(name) == "language" and len(values) == 1:
            return _language_names().get(fold(values[0]))
    return None


IMPORTER = Importer(
    name="sessionize",
    help="a Sessionize export (API view/All, or view/GridSmart)",
    description='Make an event file from Sessionize\'s API export, "All Data" '
    "(https://sessionize.com/api/v2/ID/view/All; the GridSmart view too): sessions with "
    "their rooms, tracks and formats, service sessions as breaks, speakers with their "
    "names, taglines and bios. Sessionize gives no event title, place or description: "
    "placeholders to edit.",
    metavar="EXPORT.json",
    read=read,
    convert=convert,
)
