"""The programme as iCalendar (RFC 5545), for attendees' calendar apps: `programme.ics`.

One VEVENT per programme item, in the event's time zone (with its VTIMEZONE, so a
calendar in another zone shows the right hour), its room (or its own place: a dinner's
restaurant) and the names of the people who lead it, as the printed programme shows
them; the whole event as one VEVENT when there is no programme. No e-mail address or
other contact detail is ever written.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING

import icalendar

from brochure import __version__, kinds
from brochure.i18n import N_
from brochure.outputs.view import status_mark

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event, ProgrammeItem

FILE = "programme.ics"
#: Names the UIDs of brochure's calendar entries (RFC 4122 name-based UUIDs).
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://brochure.invalid/programme.ics")
#: The label before the names of the people who lead an item.
PEOPLE_LABEL = N_("People")


@dataclass(frozen=True)
class Entry:
    """One calendar entry: what, when, where, who. Times are local to `zone`."""

    uid: str
    summary: str
    start: dt.datetime | dt.date
    """A date-time, or a date for an entry of whole days."""
    end: dt.datetime | dt.date | None
    """Exclusive: the day after the last day of an entry of whole days."""
    location: str
    description: str
    categories: tuple[str, ...]
    cancelled: bool = False
    """STATUS:CANCELLED (RFC 5545 3.8.1.11): calendars strike it through or drop it."""


def render(event: Event, config: BuildConfig) -> dict[str, bytes]:
    """programme.ics: the programme's entries (or the event's), with their time zone."""
    info = event.event
    calendar = icalendar.Calendar.new(
        prodid=f"-//brochure//brochure {__version__}//EN",
        name=info.title,
        method="PUBLISH",
        url=info.website,
        uid=uid(event, "calendar"),
    )
    for entry in entries(event, config):
        vevent = icalendar.Event.new(
            uid=entry.uid,
            stamp=config.built_at,
            summary=entry.summary,
            start=entry.start,
            end=entry.end,
            location=entry.location or None,
            description=entry.description or None,
            url=info.website,
        )
        if entry.categories:
            vevent.add("CATEGORIES", list(entry.categories))
        if entry.cancelled:
            vevent.add("STATUS", "CANCELLED")
        # The language of its text (RFC 5545 3.2.10): the pack's, which a calendar may show.
        for name in ("SUMMARY", "LOCATION", "DESCRIPTION"):
            if name in vevent:
                vevent[name].params["LANGUAGE"] = config.fmt.tag
        calendar.add_component(vevent)
    last = info.end_date or info.date
    # The zone's rules for the years of the event: its standard and daylight offsets.
    calendar.add_missing_timezones(
        first_date=dt.date(info.date.year, 1, 1), last_date=dt.date(last.year + 1, 1, 1)
    )
    for zone in calendar.walk("VTIMEZONE"):
        # icalendar's note for software ("This timezone only works from..."), in English
        # whatever the pack's language; a calendar needs only the rules.
        zone.pop("COMMENT", None)
    return {FILE: calendar.to_ical()}


def entries(event: Event, config: BuildConfig) -> tuple[Entry, ...]:
    """The calendar's entries: one per programme item, or one for the whole event."""
    if not event.programme:
        return (_whole_event(event, config),)
    seen: dict[tuple[object, ...], int] = {}
    found = []
    for item in event.programme:
        day = item.date or event.event.date
        # An item's place: its day, start and room (and which of the items there it is),
        # not its title nor its rank in the day, so a corrected title, a translation or
        # an item added earlier in the day leaves every other entry's UID as it was.
        where = (day.isoformat(), str(item.start or ""), item.room or "")
        seen[where] = seen.get(where, 0) + 1
        found.append(_item_entry(event, config, item, day, (*where, seen[where])))
    return tuple(found)


def uid(event: Event, *place: object) -> str:
    """A UID stable across builds: the same for the same event (its dates, country and
    time zone, which a translation or a corrected title do not change) and the same
    place in its programme, so calendars that subscribed update an entry instead of
    adding a second one. A name-based UUID (RFC 4122), as RFC 7986 recommends for UID,
    with nothing personal in it."""
    info = event.event
    event_key = (info.date.isoformat(), str(info.end_date or ""), info.country, info.timezone)
    name = "\x1f".join(str(part) for part in (*event_key, *place))
    return str(uuid.uuid5(UID_NAMESPACE, name))


def _item_entry(
    event: Event,
    config: BuildConfig,
    item: ProgrammeItem,
    day: dt.date,
    place: tuple[object, ...],
) -> Entry:
    info = event.event
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date | None
    if item.start is None:
        start, end = day, day + dt.timedelta(days=1)
    else:
        start = _moment(day, item.start, info.timezone)
        end = None
        # No end in the YAML: none is made up (a calendar shows the start as a moment).
        if item.end is not None:
            # An end at or before the start is past midnight: the next day.
            end_day = day if item.end > item.start else day + dt.timedelta(days=1)
            end = _moment(end_day, item.end, info.timezone)
    fmt = config.fmt
    # A moved item says where it was announced; a cancelled one says so in its summary
    # too, for calendars that show no STATUS.
    mark = status_mark(item, fmt)
    parts = [mark if mark and not item.is_cancelled else "", item.description or ""]
    chairs = [event.person(key).name for key in item.chairs]
    people = [event.person(key).name for key in item.people]
    # "Chair" for one, "Chairs" for more, as the printed programme says (CLDR plural
    # rules through the catalogue: French "Présidence" for any number).
    for label, names in (
        (fmt.ngettext("Chair", "Chairs", len(chairs)), chairs),
        (fmt.gettext(PEOPLE_LABEL), people),
    ):
        if names:
            parts.append(fmt.labelled(label, fmt.join(names)))
    return Entry(
        uid=uid(event, *place),
        summary=fmt.labelled(mark, item.title) if item.is_cancelled else item.title,
        start=start,
        end=end,
        location=_location(event, config, item),
        description="\n\n".join(part for part in parts if part),
        categories=_kinds(item.kind, event, config),
        cancelled=item.is_cancelled,
    )


def _whole_event(event: Event, config: BuildConfig) -> Entry:
    info = event.event
    last = info.end_date or info.date
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date | None
    if info.start is None:
        start, end = info.date, last + dt.timedelta(days=1)
    else:
        start = _moment(info.date, info.start, info.timezone)
        end = _moment(last, info.end, info.timezone) if info.end else None
    about = event.summary or (event.about[0] if event.about else "")
    return Entry(
        uid=uid(event, "event"),
        summary=info.title,
        start=start,
        end=end,
        location=_location(event, config),
        description=about,
        categories=_kinds(info.kind, event, config),
    )


def _kinds(kind: str | None, event: Event, config: BuildConfig) -> tuple[str, ...]:
    """An entry's categories (RFC 5545): its kind, in the pack's word when brochure
    knows it (kinds.printed: Workshop, Taller)."""
    word = kinds.printed(kind, config.fmt, event.event.languages)
    return (word,) if word else ()


def _moment(day: dt.date, time: dt.time, zone: str | None) -> dt.datetime:
    """A local date-time: in the event's zone, or floating (RFC 5545 §3.3.5) without one."""
    return dt.datetime.combine(day, time, tzinfo=zoneinfo.ZoneInfo(zone) if zone else None)


def _location(event: Event, config: BuildConfig, item: ProgrammeItem | None = None) -> str:
    """Room, venue and place, as the brochure names them (Room 2, Centro, Lisboa,
    Portugal); for an item elsewhere, its room and its own place, name and address
    (Restaurant Zur Letzten Instanz, Waisenstraße 14, 10179 Berlin), never the venue's."""
    info = event.event
    room = item.room if item else None
    if item is not None and item.venue is not None:
        return ", ".join(part for part in (room, *item.venue.lines) if part)
    place = config.fmt.place(info.city, info.region, info.country)
    venue = info.venue.name if info.venue else None
    return ", ".join(part for part in (room or info.room, venue, place) if part)
