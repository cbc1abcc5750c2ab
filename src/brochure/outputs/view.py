"""One view of the event that every output prints from.

Facts that several outputs show (the programme by day, who organises and who speaks, the
document metadata, dates and places in the event's language) are computed here, once,
as frozen values. Formatting happens here, in Python; templates only place the strings.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brochure.i18n import N_, Formatter
from brochure.model import ROLES, Event, Person, ProgrammeItem
from brochure.textrules import joined

if TYPE_CHECKING:
    from brochure.config import BuildConfig

#: Programme item kinds that are set apart as breaks.
BREAK_KINDS = frozenset({"break", "meal", "lunch", "coffee"})
#: How each role is written on a badge band or beside a name (one list, model.ROLES).
ROLE_LABELS = dict(
    zip(
        ROLES,
        (
            N_("Organiser"),
            N_("Moderator"),
            N_("Speaker"),
            N_("Rapporteur"),
            N_("Staff"),
            N_("Press"),
            N_("Participant"),
        ),
        strict=True,
    )
)


@dataclass(frozen=True)
class PersonEntry:
    """A person as lists print them."""

    name: str
    affiliation: str
    """Position, organisation and country, as one line."""
    provisional: bool
    bio: str | None


@dataclass(frozen=True)
class Slot:
    """One programme item, formatted: when, what, who, where."""

    day: dt.date
    when: str
    """Its time range (12:30 – 14:00), '' when no time is given."""
    title: str
    people: tuple[str, ...]
    """The names of the people who lead it."""
    people_line: str
    """The same names as one list (A, B and C)."""
    description: str | None
    room: str | None
    is_break: bool


@dataclass(frozen=True)
class Day:
    """The programme of one day."""

    date: dt.date
    label: str
    """The day written out (Thursday, 8 December 2016)."""
    short: str
    """The day, short (8 Dec 2016)."""
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class Metadata:
    """What a file says about itself: never a person, unless the YAML names them."""

    title: str
    authors: tuple[str, ...]
    """The organising organisations."""
    subject: str
    keywords: str
    created: str
    """The build time, ISO 8601 in UTC."""
    language: str


@dataclass(frozen=True)
class EventView:
    """The event as the outputs print it."""

    event: Event
    fmt: Formatter
    when: str
    """The date or dates, long."""
    when_short: str
    time: str
    """The event's hours, '' when not given."""
    timezone: str
    place: str
    """City, region, country."""
    kind_line: str
    """Session and series: "Workshop 187, 11th Internet Governance Forum (IGF 2016)"."""
    organiser_names: str
    days: tuple[Day, ...]
    hosts: tuple[PersonEntry, ...]
    """Organisers and moderators."""
    speakers: tuple[PersonEntry, ...]
    others: tuple[PersonEntry, ...]
    """Rapporteurs, staff, press."""
    metadata: Metadata

    @classmethod
    def of(cls, event: Event, config: BuildConfig) -> EventView:
        fmt = config.fmt
        info = event.event

        def entries(*roles: str) -> tuple[PersonEntry, ...]:
            return tuple(person_entry(p, fmt) for p in event.with_role(*roles))

        return cls(
            event=event,
            fmt=fmt,
            when=fmt.date_range(info.date, info.end_date),
            when_short=fmt.date_range_short(info.date, info.end_date),
            time=fmt.time_range(info.start, info.end),
            timezone=fmt.timezone(info.timezone),
            place=fmt.place(info.city, info.region, info.country),
            kind_line=joined(", ", (info.session, info.series)),
            organiser_names=fmt.join([o.name for o in event.organisers]),
            days=programme_days(event, fmt),
            hosts=entries("organiser", "moderator"),
            speakers=entries("speaker"),
            others=entries("rapporteur", "staff", "press"),
            metadata=metadata(event, config),
        )

    @property
    def any_provisional(self) -> bool:
        return any(person.provisional for person in self.speakers)

    @property
    def several_days(self) -> bool:
        info = self.event.event
        return bool(info.end_date and info.end_date != info.date)

    def role_label(self, role: str) -> str:
        """The role written out in the event's language (Speaker, Participant)."""
        return self.fmt.gettext(ROLE_LABELS[role])


def person_entry(person: Person, fmt: Formatter) -> PersonEntry:
    parts = [person.position, person.organisation, fmt.country(person.country)]
    return PersonEntry(
        name=person.name,
        affiliation=joined(", ", parts),
        provisional=person.is_provisional,
        bio=person.bio,
    )


def programme_days(event: Event, fmt: Formatter) -> tuple[Day, ...]:
    """The programme in its given order, in runs of items on the same day."""
    runs = itertools.groupby(event.programme, key=lambda item: item.date or event.event.date)
    return tuple(
        Day(
            day,
            fmt.date_long(day),
            fmt.date_short(day),
            tuple(_slot(item, day, event, fmt) for item in items),
        )
        for day, items in runs
    )


def _slot(item: ProgrammeItem, day: dt.date, event: Event, fmt: Formatter) -> Slot:
    names = tuple(event.person(key).name for key in item.people)
    return Slot(
        day=day,
        when=fmt.time_range(item.start, item.end),
        title=item.title,
        people=names,
        people_line=fmt.join(names),
        description=item.description,
        room=item.room,
        is_break=(item.kind or "").lower() in BREAK_KINDS,
    )


def metadata(event: Event, config: BuildConfig) -> Metadata:
    """Title, author (the organisations, never a person), subject, keywords, date."""
    info = event.event
    fmt = config.fmt
    subject = " · ".join(
        part for part in (info.session, info.series, info.city, fmt.date_short(info.date)) if part
    )
    return Metadata(
        title=info.title,
        authors=tuple(o.name for o in event.organisers),
        subject=subject,
        keywords=", ".join((*event.sectors, *(k for k in (info.kind, info.series) if k))),
        created=config.built_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        language=info.language,
    )
