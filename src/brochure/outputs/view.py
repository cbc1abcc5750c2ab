"""One view of the event that every output prints from.

Facts that several outputs show (the programme by day, who organises and who speaks, the
document metadata, dates and places in the event's language) are computed here, once,
as frozen values. Formatting happens here, in Python; templates only place the strings.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from brochure import kinds, zones
from brochure.i18n import N_, Formatter, printed_tag, utc_offset
from brochure.kinds import about_heading as about_heading
from brochure.model import ROLES, Event, EventInfo, Person, ProgrammeItem, Venue
from brochure.textrules import Foreign, name_language, set_apart, unmarked
from brochure.typography import Quotes, codes_whole, kept_whole, phones_whole, quoted

if TYPE_CHECKING:
    from brochure.config import BuildConfig

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
    """As the person writes it, kept whole."""
    affiliation: str
    """Position, organisation and country, as one line."""
    provisional: bool
    """Not yet confirmed: printed with the language's mark ('to be confirmed')."""
    bio: str | None
    """A few sentences about the person, when given."""
    sessions: tuple[str, ...] = ()
    """The programme items they chair or speak in: "Thu 15 May, 09:30–10:30: Workshops
    (chair), Room 2", in programme order."""
    lang: str = ""
    """The name's language when it is not the event's (the person's name_language, or
    the one its script says): its shaping and CJK face. '' when it is the event's."""


@dataclass(frozen=True)
class Slot:
    """One programme item, formatted: when, what, who, where."""

    day: dt.date
    """Its day."""
    start: dt.time | None
    """When it starts (for sorting; None without a start)."""
    when: str
    """Its time range (12:30 – 14:00; 23:00 – 01:30 ends the next day), '' when no time
    is given."""
    title: str
    """What happens, typeset."""
    chairs: tuple[str, ...]
    """The names of the people who chair it."""
    chairs_line: str
    """Who chairs it, with the language's label: Chair: Name."""
    people: tuple[str, ...]
    """The names of the people who speak in it (or lead it)."""
    people_line: str
    """The same names as one list (A, B and C)."""
    description: str | None
    """A few sentences about it, when given."""
    room: str | None
    """Where, when it has its own room."""
    is_break: bool
    """A break or a meal: set apart in print."""
    venue: tuple[str, ...] = ()
    """Where it is when not at the event's venue: the place's name and address lines."""
    end: dt.time | None = None
    """When it ends (None without an end; before start: the next day)."""
    track: str | None = None
    """The track it belongs to, when the programme names one."""
    cancelled: bool = False
    """Cancelled (status: cancelled): printed marked, not left out."""
    moved_from: str | None = None
    """The room it was announced in, when it has moved to `room`."""
    kind: str | None = None
    """What sort of item, in the pack's words (Workshop, Coffee break), when given."""
    separator: str = ", "
    """What the pack's language puts between a line's parts (Formatter.separator, CLDR):
    "، " in Arabic."""
    mark: str = ""
    """What every programme prints beside it, in the pack's words, when it is cancelled
    (Cancelled, the word the door signs and the timetable print) or has moved (Moved
    here from Room 2); '' otherwise. Text, not only a style: read aloud and copied."""

    @property
    def elsewhere(self) -> str:
        """Its place, when not at the event's venue, on one line: "Restaurant Zur
        Letzten Instanz, Waisenstraße 14, 10179 Berlin" ('' at the venue)."""
        return self.separator.join(self.venue)

    @property
    def where(self) -> str:
        """Its room and its place, on one line ('' when the file names neither)."""
        return self.separator.join(part for part in (self.room, self.elsewhere) if part)

    def people_with_chairs(self, fmt: Formatter) -> str:
        """Chairs, marked as chair or chairs (in the event's language), then speakers:
        "Katrin Vogel and Tomás Rivera (chairs), Léa Martin"."""
        word = fmt.ngettext("chair", "chairs", len(self.chairs))
        return fmt.separator.join(
            part
            for part in (f"{self.chairs_line} ({word})" if self.chairs else "", self.people_line)
            if part
        )


@dataclass(frozen=True)
class Block:
    """Sessions that start at one time: one, or several in parallel, in their rooms (a
    row of a timetable)."""

    when: str
    """The time they share (start and end when all end together, else the start)."""
    slots: tuple[Slot, ...]
    """In the day's order of rooms."""

    @property
    def parallel(self) -> bool:
        """Whether several sessions run at this time, in different rooms."""
        return len(self.slots) > 1


@dataclass(frozen=True)
class Day:
    """The programme of one day."""

    date: dt.date
    """The day."""
    label: str
    """The day written out (Thursday, 8 December 2016)."""
    short: str
    """The day, short (8 Dec 2016)."""
    hours: str
    """The day's hours (09:00 – 15:00; from 18:00; until 16:00), '' when not given."""
    slots: tuple[Slot, ...]
    """In time order; items at one time in the rooms' order (room_order), as the blocks
    print them."""
    blocks: tuple[Block, ...]
    """Its time slots in time order, sessions in parallel together."""
    rooms: tuple[str, ...]
    """The rooms the day's items name, in the rooms' order (room_order)."""
    offset: str = ""
    """Its offset from UTC during its hours (UTC+2), '' without a time zone."""


@dataclass(frozen=True)
class Practical:
    """What attendees need to know on the day, as printed."""

    venue: str
    """The venue's name ('' when not given)."""
    address: tuple[str, ...]
    """The venue's address, one line each part."""
    map: str | None
    """The map's file name, in the source folder."""
    wifi_network: str
    """The Wi-Fi network's name."""
    wifi_password: str
    """The Wi-Fi password."""
    contact: str
    """Whom to ask on the day: name, telephone or e-mail, as written."""
    accessibility: str
    """How the venue is reached without steps, hearing loops, quiet rooms: as written."""

    @classmethod
    def of(cls, venue: Venue | None) -> Practical:
        venue = venue or Venue()
        return cls(
            venue=venue.name or "",
            address=venue.address,
            map=venue.map,
            wifi_network=venue.wifi.network if venue.wifi else "",
            wifi_password=(venue.wifi.password or "") if venue.wifi else "",
            contact=phones_whole(venue.contact or ""),
            accessibility=venue.accessibility or "",
        )

    @property
    def on_the_day(self) -> bool:
        """Whether there is more to say than the venue's name."""
        return bool(
            self.address or self.map or self.wifi_network or self.contact or self.accessibility
        )


@dataclass(frozen=True)
class Metadata:
    """What a file says about itself: never a person, unless the YAML names them."""

    title: str
    """The document's title: the event's."""
    authors: tuple[str, ...]
    """The organising organisations."""
    subject: str
    """The document's subject: the event's summary, or its first paragraph."""
    keywords: str
    """The document's keywords: the event's sectors."""
    created: str
    """The build time, ISO 8601 in UTC."""
    language: str
    """The pack's language as documents declare it (BCP 47; `en` is en-GB)."""
    direction: str = "ltr"
    """The language's base direction: rtl (ar, he, fa, ur...) or ltr (HTML `dir`)."""


@dataclass(frozen=True)
class EventView:
    """The event as the outputs print it."""

    event: Event
    """The event itself, typeset (names and times kept whole, the language's quotation
    marks): every field of event.yaml."""
    fmt: Formatter
    """The pack's Formatter: dates, times, places and lists in its language (CLDR)."""
    when: str
    """The date or dates, long."""
    when_short: str
    """The date or dates, short: 8 Dec 2016."""
    time: str
    """The event's hours ('' when not given, or when its days differ: see day_hours)."""
    day_hours: tuple[tuple[str, str], ...]
    """Each day (short) with its hours, when they differ from day to day."""
    timezone: str
    """The time zone in words, with its offset from UTC during the event's hours: Mexico
    City time, UTC-6; when the clocks change during the event, each day's offset with its
    days: Berlin time, UTC+1 (28 Mar 2026), UTC+2 (29–30 Mar 2026) ('' when the file
    gives no zone)."""
    place: str
    """City, region, country."""
    about_heading: str
    """The concept chapter's heading: About the workshop, or About the event."""
    kind_line: str
    """Session and series: "Workshop 187, 11th Internet Governance Forum (IGF 2016)"."""
    organiser_names: str
    """The organisers' names as one list in the pack's language: Karisma Foundation and
    Privacy International."""
    days: tuple[Day, ...]
    """The programme by day."""
    hosts: tuple[PersonEntry, ...]
    """Organisers and moderators."""
    speakers: tuple[PersonEntry, ...]
    """Speakers, each with the sessions they speak in."""
    others: tuple[PersonEntry, ...]
    """Rapporteurs, staff, press."""
    metadata: Metadata
    """The document's title, authors, subject, keywords, language and dates."""
    practical: Practical
    """Practical details: address, Wi-Fi, contact, accessibility."""
    clocks_change: bool = False
    """Whether the clocks change during the event (daylight saving time): the zone then
    gives each offset with its days, and each day of the programme its own offset."""

    @classmethod
    def of(cls, event: Event, config: BuildConfig) -> EventView:
        fmt = config.fmt
        event = typeset(event, fmt)
        info = event.event
        days = programme_days(event, fmt)
        sessions = sessions_of(days, event, fmt)

        def entries(*roles: str) -> tuple[PersonEntry, ...]:
            return tuple(
                person_entry(p, fmt, sessions.get(p.key, ())) for p in event.with_role(*roles)
            )

        uniform = info.overnight or len({info.hours(day) for day in _days_with_hours(info)}) == 1
        offsets, clocks_change = zone_offsets(event, fmt)
        return cls(
            event=event,
            fmt=fmt,
            when=fmt.date_range(info.date, info.end_date),
            when_short=fmt.date_range_short(info.date, info.end_date),
            time=_event_time(event, fmt) if uniform else "",
            day_hours=() if uniform else _hours_by_day(event, fmt),
            timezone=fmt.timezone(info.timezone, offset=offsets) if info.timezone else "",
            place=fmt.place(info.city, info.region, info.country),
            about_heading=about_heading(info.kind, fmt),
            kind_line=fmt.parts((info.session, info.series)),
            organiser_names=fmt.join([o.name for o in event.organisers]),
            days=days,
            hosts=entries("organiser", "moderator"),
            speakers=entries("speaker"),
            others=entries("rapporteur", "staff", "press"),
            metadata=metadata(event, config),
            practical=Practical.of(info.venue),
            clocks_change=clocks_change,
        )

    @property
    def any_provisional(self) -> bool:
        """Whether anyone is not yet confirmed (the brochure then explains the mark)."""
        return any(person.provisional for person in self.speakers)

    @property
    def several_days(self) -> bool:
        """Whether the programme runs over more than one day."""
        info = self.event.event
        return bool(info.end_date and info.end_date != info.date)

    @property
    def several_rooms(self) -> bool:
        """Whether a day's items are in different rooms (a room is then worth a column)."""
        return any(len(day.rooms) > 1 for day in self.days)

    def role_label(self, role: str) -> str:
        """The role written out in the event's language (Speaker, Participant)."""
        return self.fmt.gettext(ROLE_LABELS[role])


#: Fields printed as written, never given typographic quotes: addresses, passwords, files.
VERBATIM = frozenset(
    {"website", "password", "network", "email", "id", "logo", "map", "language", "timezone"}
    | {"kind", "role", "status", "layout", "file", "people", "chairs", "country"}
    | {"name_language"}
)
#: Fields that hold names of people or organisations: never broken inside (kept_whole).
NAMES = frozenset({"name", "given", "family", "organisation"})


def typeset(event: Event, fmt: Formatter) -> Event:
    """The event as print sets it: typographic quotes and apostrophes in the event
    language's style, names and room codes ("H 0104") that lines never break inside.
    People keep their ids (made from the name as written); attendees, printed on badges
    only, are left as they are."""

    def quotes() -> Quotes:
        return fmt.quotes

    def text(value: object, field: str) -> object:
        if isinstance(value, str) and field not in VERBATIM:
            # A text printed in another language than the pack's (textrules.Foreign)
            # takes that language's quotation marks, and keeps its mark.
            lang = value.lang if isinstance(value, Foreign) else None
            marks = functools.partial(_quotes_of, lang) if lang else quotes
            # a room's code ("H 0104") never broken across lines, in any text
            typeset = codes_whole(quoted(value, marks))
            typeset = kept_whole(typeset) if field in NAMES else typeset
            return Foreign(typeset, printed_tag(lang)) if lang else typeset
        if isinstance(value, tuple):
            return tuple(text(item, field) for item in value)
        if isinstance(value, BaseModel) and not isinstance(value, Event):
            return value.model_copy(
                update={name: text(getattr(value, name), name) for name in type(value).model_fields}
            )
        return value

    people = tuple(
        typing.cast(Person, text(person, "people")).model_copy(update={"id": person.key})
        for person in event.people
    )
    update = {
        name: text(getattr(event, name), name)
        for name in ("event", "summary", "about", "questions", "sectors", "organisers", "programme")
    }

    # A kind brochure knows prints as the pack's word for it (kinds.printed).
    def kind(typeset: Any, written: str | None) -> Any:
        word = kinds.printed(written, fmt, event.event.languages)
        return typeset if word == written else typeset.model_copy(update={"kind": word})

    update["event"] = kind(update["event"], event.event.kind)
    update["programme"] = tuple(
        kind(typeset, item.kind)
        for typeset, item in zip(
            typing.cast(tuple[Any, ...], update["programme"]), event.programme, strict=True
        )
    )
    return event.model_copy(update={**update, "people": people})


@functools.lru_cache(maxsize=32)
def _quotes_of(language: str) -> Quotes:
    """A language's quotation marks (CLDR), for a text printed in it in another pack."""
    return Formatter.for_language(language).quotes


def person_entry(person: Person, fmt: Formatter, sessions: tuple[str, ...] = ()) -> PersonEntry:
    parts = [person.position, person.organisation, fmt.country(person.country)]
    lang = person.name_language or name_language(person.name, person.country, fmt.language)
    return PersonEntry(
        lang="" if lang == fmt.language else lang,
        name=person.name,
        affiliation=fmt.parts(parts),
        provisional=person.is_provisional,
        bio=person.bio,
        sessions=sessions,
    )


#: Events longer than this list only the days with hours of their own, after the rest.
LISTED_DAYS = 31


def _days_with_hours(info: EventInfo) -> list[dt.date]:
    """Every day with hours of its own, and one day with the event's (when there is one):
    the days whose hours may differ. The first day may have hours of its own too."""
    own = [hours.date for hours in info.days]
    span = (info.last_day - info.date).days + 1
    plain = next(
        (day for n in range(span) if (day := info.date + dt.timedelta(days=n)) not in own),
        None,
    )
    return [*own, *([plain] if plain else [])] or [info.date]


def _hours_by_day(event: Event, fmt: Formatter) -> tuple[tuple[str, str], ...]:
    """Each day with its hours; a long event's days with hours of their own, after the
    hours of every other day."""
    info = event.event
    span = (info.last_day - info.date).days + 1
    covered = item_spans(event)
    if span <= LISTED_DAYS:
        days = [info.date + dt.timedelta(days=n) for n in range(span)]
        return tuple((fmt.date_short(day), _hours(event, day, fmt, covered)) for day in days)
    own = sorted(hours.date for hours in info.days)
    usual = fmt.time_range(info.start, info.end)
    return (
        *(((fmt.gettext(N_("Other days")), usual),) if usual else ()),
        *((fmt.date_short(day), _hours(event, day, fmt, covered)) for day in own),
    )


def _event_time(event: Event, fmt: Formatter) -> str:
    """The event's hours; for one that runs overnight, from the first day's start to the
    last day's end (Fri 18:00 – Sat 16:00)."""
    info = event.event
    if info.overnight and info.start and info.end:
        return fmt.moment_range(
            dt.datetime.combine(info.date, info.start), dt.datetime.combine(info.last_day, info.end)
        )
    return fmt.time_range(info.start, info.end)


#: When each day's items start and end, earliest and latest (local date and time).
Spans = dict[dt.date, tuple[dt.datetime, dt.datetime]]


def item_spans(event: Event, only: dt.date | None = None) -> Spans:
    """For each day of the programme (or the day only), when its first item starts and
    its last ends (an item without an end: its start; past midnight: the next day's)."""
    spans: Spans = {}
    for item in event.programme:
        day = item.date or event.event.date
        span = item.span(day) if only in (None, day) else None
        if span is None:
            continue
        first, last = spans.get(day, span)
        spans[day] = (min(first, span[0]), max(last, span[1]))
    return spans


def covering_hours(
    event: Event, day: dt.date, spans: Spans | None = None
) -> tuple[dt.time | None, dt.time | None]:
    """A day's start and end (EventInfo.hours) made to cover its items: registration at
    08:30 on a day that starts at 09:00 starts it at 08:30, a walk until 18:30 after a
    last day that ends at 16:00 ends it at 18:30. Hours the file does not give stay
    unknown (None): none are made up from the items."""
    start, end = event.event.hours(day)
    span = (spans if spans is not None else item_spans(event, day)).get(day)
    if span is None:
        return start, end
    first, last = span
    if start is not None and first < dt.datetime.combine(day, start):
        start = first.time()
    if end is not None:
        ends = dt.datetime.combine(day, end)
        if start is not None and end <= start:
            ends += dt.timedelta(days=1)  # a night's end: the next morning
        if last > ends:
            end = last.time()
    return start, end


def _hours(event: Event, day: dt.date, fmt: Formatter, spans: Spans | None) -> str:
    """One day's hours, covering its items (covering_hours): 09:00 – 15:00, from 18:00
    (the first night), until 16:00."""
    start, end = covering_hours(event, day, spans)
    if start and end:
        return fmt.time_range(start, end)
    if start:
        return fmt.gettext(N_("from %(time)s")) % {"time": fmt.time(start)}
    if end:
        return fmt.gettext(N_("until %(time)s")) % {"time": fmt.time(end)}
    return ""


def in_order(event: Event) -> list[tuple[dt.date, ProgrammeItem]]:
    """The programme in date and time order, each item with its day.

    Items at the same time keep the file's order; an item with no time stays after the
    item before it in the file (it inherits that one's time for sorting).
    """
    keyed = []
    last: dict[dt.date, dt.time] = {}
    for position, item in enumerate(event.programme):
        day = item.date or event.event.date
        moment = item.start or last.get(day, dt.time.min)
        last[day] = moment
        keyed.append(((day, moment, position), day, item))
    return [(day, item) for _, day, item in sorted(keyed, key=lambda entry: entry[0])]


def room_order(event: Event) -> dict[str, int]:
    """Each room's place in the order parallel sessions are printed: the order the rooms
    first appear in the file, over the whole programme (items that name none as one,
    ''), so a room keeps its place from row to row and from day to day, in every output."""
    rooms = dict.fromkeys(item.room or "" for item in event.programme)
    return {room: n for n, room in enumerate(rooms)}


def in_room_order(rooms: Iterable[str], event: Event) -> tuple[str, ...]:
    """rooms in the order of room_order; the event's own room (event.room) where the
    items that name no room stand, since they are in it."""
    order = room_order(event)
    own = event.event.room
    last = len(order)

    def place(room: str) -> int:
        if room in order:
            return order[room]
        return order.get("", last) if room == own else last

    return tuple(sorted(dict.fromkeys(rooms), key=place))


def programme_days(event: Event, fmt: Formatter) -> tuple[Day, ...]:
    """The programme by day, in date and time order, each day once."""
    days = []
    order = room_order(event)
    spans = item_spans(event)
    zone = event.event.timezone
    for day, entries in itertools.groupby(in_order(event), key=lambda entry: entry[0]):
        blocks = _blocks(tuple(_slot(item, day, event, fmt) for _, item in entries), order, fmt)
        slots = tuple(slot for block in blocks for slot in block.slots)
        rooms = tuple(dict.fromkeys(slot.room for slot in slots if slot.room))
        offset = utc_offset(zones.offset_at(zone, _moment(event, day, spans))) if zone else ""
        days.append(
            Day(
                day,
                fmt.date_long(day),
                fmt.date_short(day),
                _hours(event, day, fmt, spans),
                slots,
                blocks,
                rooms,
                offset,
            )
        )
    return tuple(days)


def _blocks(slots: tuple[Slot, ...], order: dict[str, int], fmt: Formatter) -> tuple[Block, ...]:
    """Items that start together grouped into one block, in the rooms' order (order:
    room_order; items in one room keep the file's order).

    Items without a time are blocks of their own.
    """
    blocks = []
    for _, group in itertools.groupby(slots, key=_start_or_alone):
        together = list(group)
        whens = {slot.when for slot in together}
        start = together[0].start
        if len(together) > 1 and start:
            together.sort(key=lambda slot: order.get(slot.room or "", len(order)))
            when = whens.pop() if len(whens) == 1 else fmt.time(start)
        else:
            when = together[0].when
        blocks.append(Block(when, tuple(together)))
    return tuple(blocks)


def _moment(event: Event, day: dt.date, spans: Spans) -> dt.datetime:
    """The local time a day's offset from UTC is read at: its start (covering its
    items), else its first item's, else noon: when its people are there."""
    start, _ = covering_hours(event, day, spans)
    if start is not None:
        return dt.datetime.combine(day, start)
    if day in spans:
        return spans[day][0]
    return dt.datetime.combine(day, dt.time(12))


#: The most periods of one offset the time zone's line lists with their days; an event
#: over more changes of the clocks (a year or longer) lists its offsets alone.
MAX_PERIODS = 4


def zone_offsets(event: Event, fmt: Formatter) -> tuple[str, bool]:
    """The event's offset from UTC during its hours (UTC-6); when the clocks change
    during the event, each offset with its days: "UTC+1 (28 Mar 2026), UTC+2 (29–30 Mar
    2026)"; over more than MAX_PERIODS, the offsets alone (UTC+1 / UTC+2). And whether
    the clocks change. ('', False) without a time zone."""
    info = event.event
    if info.timezone is None:
        return "", False
    spans = item_spans(event)
    one_day = dt.timedelta(days=1)
    changes = zones.change_days(info.timezone, info.date, info.last_day)
    # The offset is read on the first day, each day the clocks may change and the day
    # after it; it holds from each of them to the next.
    read = sorted({info.date, *changes, *(day + one_day for day in changes if day < info.last_day)})
    periods: list[tuple[dt.timedelta, dt.date, dt.date]] = []
    for day, until in zip(read, [*(day - one_day for day in read[1:]), info.last_day], strict=True):
        offset = zones.offset_at(info.timezone, _moment(event, day, spans))
        if periods and periods[-1][0] == offset:
            periods[-1] = (offset, periods[-1][1], until)
        else:
            periods.append((offset, day, until))
    # A day the clocks skip whole (Samoa's 30 December 2011) is no day of the event:
    # the period it would end or begin names the day beside it.
    zone = info.timezone

    def skipped(day: dt.date) -> bool:
        change = zones.change_at(zone, dt.datetime.combine(day, dt.time()))
        return change is not None and change.skips(day)

    periods = [
        (offset, first + one_day if skipped(first) and first < last else first, last)
        for offset, first, last in periods
    ]
    periods = [
        (offset, first, last - one_day if skipped(last) and last > first else last)
        for offset, first, last in periods
    ]
    if len(periods) == 1:
        return utc_offset(periods[0][0]), False
    if len(periods) > MAX_PERIODS:
        return " / ".join(dict.fromkeys(utc_offset(offset) for offset, _, _ in periods)), True
    dated = (
        f"{utc_offset(offset)} ({fmt.date_range_short(first, last if last > first else None)})"
        for offset, first, last in periods
    )
    return fmt.separator.join(dated), True


def _start_or_alone(slot: Slot) -> object:
    """What groups items into one block: their start (an item with none stands alone)."""
    return slot.start or object()


def _slot(item: ProgrammeItem, day: dt.date, event: Event, fmt: Formatter) -> Slot:
    venue = item.venue.lines if item.venue else ()
    chairs = tuple(event.person(key).name for key in item.chairs)
    names = tuple(event.person(key).name for key in item.people)
    return Slot(
        day=day,
        start=item.start,
        when=fmt.time_range(item.start, item.end),
        title=item.title,
        chairs=chairs,
        chairs_line=fmt.join(_marked(event, item.chairs, fmt)),
        people=names,
        people_line=fmt.join(_marked(event, item.people, fmt)),
        description=item.description,
        room=item.room,
        is_break=item.is_break,
        venue=venue,
        end=item.end,
        track=item.track,
        cancelled=item.is_cancelled,
        moved_from=item.moved_from,
        kind=item.kind,
        mark=status_mark(item, fmt),
        separator=fmt.separator,
    )


#: The word of a cancelled item: the one the door signs and the timetable print.
CANCELLED = N_("Cancelled")
#: The line of a moved item, printed under its new room.
MOVED_FROM = N_("Moved here from %(room)s")


def status_mark(item: ProgrammeItem, fmt: Formatter) -> str:
    """An item's mark in the pack's words: Cancelled (Entfällt), Moved here from Room 2,
    or '' for an item that takes place where it was announced."""
    if item.is_cancelled:
        return fmt.gettext(CANCELLED)
    if item.moved_from:
        return fmt.gettext(MOVED_FROM) % {"room": item.moved_from}
    return ""


def _marked(event: Event, keys: tuple[str, ...], fmt: Formatter) -> tuple[str, ...]:
    """The people's names, each not yet confirmed marked as People marks them (Ann Lee
    (provisional)): a reader of the programme alone learns it too."""
    # One phrase ("à confirmer"): never "(à" at a line's end.
    word = fmt.gettext("provisional").replace(" ", "\u00a0")
    return tuple(
        f"{person.name} ({word})" if person.is_provisional else person.name
        for person in (event.person(key) for key in keys)
    )


def sessions_of(days: tuple[Day, ...], event: Event, fmt: Formatter) -> dict[str, tuple[str, ...]]:
    """For each person's key, the items they chair or speak in, as People lists them."""
    found: dict[str, list[str]] = {}
    several = len(days) > 1
    chair = fmt.gettext(N_("chair"))
    for day, item in in_order(event):
        times = fmt.time_range(item.start, item.end)
        weekday = fmt.weekday_short(day) if several else ""
        when = fmt.date_and_time(weekday, times)
        place = item.venue.name or item.venue.address[0] if item.venue else None
        # A cancelled or moved item says so here too: a speaker's list is where they look.
        mark = status_mark(item, fmt)
        for key, chairing in [(k, True) for k in item.chairs] + [(k, False) for k in item.people]:
            # The title set apart: an English one in an Arabic line keeps its own order.
            title = set_apart(item.title)
            title = f"{title} ({chair})" if chairing else title
            where = "".join(f"{fmt.separator}{part}" for part in (item.room, place) if part)
            where += f" ({mark})" if mark else ""
            found.setdefault(event.person(key).key, []).append(
                fmt.labelled(when, f"{title}{where}") if when else f"{title}{where}"
            )
    return {key: tuple(dict.fromkeys(lines)) for key, lines in found.items()}


#: What typesetting puts in text that draws nothing or only holds a line together: word
#: joiners (kept_whole, unbreakable), soft hyphens, zero-width spaces and no-break ones
#: of zero width (U+FEFF), and the invisible operators (U+2061-2064).
_INVISIBLE = re.compile("[\u00ad\u200b\u2060-\u2064\ufeff]")


def plain(text: str) -> str:
    """text as metadata and spreadsheet cells hold it (a PDF's Info and XMP, a DOCX's
    core properties, certificates.csv), which readers search, list and lay out in their
    own direction: without the characters typesetting adds to hold lines together
    (_INVISIBLE), a non-breaking hyphen (U+2011) as a hyphen, and without direction
    marks and controls (textrules.unmarked), which only text brochure draws needs."""
    return unmarked(_INVISIBLE.sub("", text).replace("\u2011", "-"))


def metadata(event: Event, config: BuildConfig) -> Metadata:
    """Title, author (the organisations, never a person), subject, keywords, date: as
    plain text (plain), whatever print sets them with."""
    info = event.event
    fmt = config.fmt
    when = fmt.date_range_short(info.date, info.end_date)
    subject = " · ".join(part for part in (info.session, info.series, info.city, when) if part)
    return Metadata(
        title=plain(info.title),
        authors=tuple(plain(o.name) for o in event.organisers),
        subject=plain(subject),
        keywords=plain(", ".join((*event.sectors, *(k for k in (info.kind, info.series) if k)))),
        created=config.built_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        language=fmt.tag,
        direction=fmt.direction,
    )
