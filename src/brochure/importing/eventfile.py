"""The event file an importer writes: its sections in the order people read them, and a
placeholder, obviously to replace, wherever the export does not say what the file
needs (as the starter event of `brochure new` writes it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from brochure import zones
from brochure.model import is_break_kind

#: A placeholder for each field an event file needs, by its path.
PLACEHOLDERS: dict[tuple[str, ...], Any] = {
    ("event", "title"): "Your Event",
    ("event", "date"): None,  # never a placeholder: an event file needs a real day
    ("event", "city"): "Your City",
    ("event", "country"): "Your Country",
    ("about",): "What the event is about: not in the {system} export. Write it here; "
    "paragraphs are separated by blank lines.",
    ("organisers",): [{"name": "Your Organisation"}],
}


@dataclass
class EventFile:
    """What an importer found for each section of the event file (None: not in the
    export); `data()` writes them, placeholders where the file needs a value."""

    system: str
    """The export's system as the about placeholder names it: pretalx, Indico."""
    date: dt.date
    title: str | None = None
    end_date: dt.date | None = None
    timezone: str | None = None
    venue: dict[str, Any] | None = None
    room: str | None = None
    city: str | None = None
    country: str | None = None
    language: str | None = None
    website: str | None = None
    about: str | None = None
    organisers: list[dict[str, Any]] | None = None
    sectors: list[str] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    programme: list[dict[str, Any]] = field(default_factory=list)

    def data(self) -> tuple[dict[str, Any], tuple[str, ...]]:
        """The event file's data, and the fields filled with placeholders (event.city)."""
        placeholders: list[str] = []

        def given(path: tuple[str, ...], value: Any) -> Any:
            if value:
                return value
            placeholders.append(".".join(path))
            fill = PLACEHOLDERS[path]
            return fill.format(system=self.system) if isinstance(fill, str) else fill

        event: dict[str, Any] = {"title": given(("event", "title"), self.title)}
        event["date"] = self.date
        if self.end_date and self.end_date != self.date:
            event["end_date"] = self.end_date
        if self.timezone and zones.is_place_zone(self.timezone):
            event["timezone"] = self.timezone
        elif self.timezone:
            # The export's times are read in its zone (UTC is a zone times can be in), but
            # the event file's zone must be a place's, whose clocks the pack follows: the
            # same zone written otherwise (posix/Europe/Berlin), else the organiser's to
            # write (another zone would move every time the export gives).
            found = zones.same_zone(self.timezone)
            if found:
                event["timezone"] = found
            else:
                placeholders.append(
                    f"event.timezone (the times are as the export gives them, in "
                    f"{self.timezone}: write the zone of the event's place, as Region/City, "
                    "and check them)"
                )
        for key in ("venue", "room"):
            if getattr(self, key):
                event[key] = getattr(self, key)
        event["city"] = given(("event", "city"), self.city)
        event["country"] = given(("event", "country"), self.country)
        for key in ("language", "website"):
            if getattr(self, key):
                event[key] = getattr(self, key)
        data: dict[str, Any] = {"event": event, "about": given(("about",), self.about)}
        if self.sectors:
            data["sectors"] = self.sectors
        data["organisers"] = given(("organisers",), self.organisers)
        if self.people:
            data["people"] = self.people
        if self.programme:
            data["programme"] = shared_breaks(self.programme)
        return data, tuple(placeholders)


def shared_breaks(programme: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The programme with each break that an export lists once per room (the same title,
    day, start and end in several rooms: a conference system's way to block every room's
    column) written once, with no room, as the event file writes a break for every room
    (docs/guides/event-file.md): a break with a room is printed under its room's name,
    as a break in that room alone. The first of them keeps its place; a break in one
    room keeps it."""
    rooms_of: dict[tuple[Any, ...], set[str]] = {}
    for item in programme:
        if is_break_kind(item.get("kind")) and item.get("room"):
            rooms_of.setdefault(_moment(item), set()).add(item["room"])
    shared = {key for key, rooms in rooms_of.items() if len(rooms) > 1}
    kept: list[dict[str, Any]] = []
    written: set[tuple[Any, ...]] = set()
    for item in programme:
        key = _moment(item)
        if is_break_kind(item.get("kind")) and key in shared:
            if key in written:
                continue
            written.add(key)
            item = {name: value for name, value in item.items() if name != "room"}
        kept.append(item)
    return kept


def _moment(item: dict[str, Any]) -> tuple[Any, ...]:
    return (item.get("title"), item.get("date"), item.get("start"), item.get("end"))
