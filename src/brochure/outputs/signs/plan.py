"""What each door sign says: a sign for every room on every day it is used, with that
room's sessions in time order and the day's breaks; pure, from the event's view.

A session is in its `room`, or in the event's room when it names none and is not
elsewhere (a dinner's `venue`), as the double-booking check reads it. A room is used on
a day when a session is in it or was announced in it (`moved_from`): its door is where
people look. A cancelled session stays on its room's sign, marked; a moved one is on
its new room's sign, marked as come from the old, and on the old room's, marked as gone
to the new. The day's breaks at the venue are on every sign of the day (the room is
empty then); a session that names no room in an event that names none is in no room,
and on no sign.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from brochure.outputs.view import Day, EventView, Slot, in_room_order

Mark = Literal["cancelled", "moved-away", "moved-here"]


@dataclass(frozen=True)
class Entry:
    """One line of a sign's programme: a session or a break, and how it is marked."""

    slot: Slot
    mark: Mark | None = None
    """cancelled; moved-away (on the sign of the room it left); moved-here (on its new
    room's); None."""


@dataclass(frozen=True)
class Sign:
    """One room's door sign for one day (one sheet, or more when the day is full)."""

    room: str
    day: Day
    entries: tuple[Entry, ...]
    """In time order."""

    @property
    def sessions(self) -> tuple[Slot, ...]:
        """Its sessions, breaks left out."""
        return tuple(entry.slot for entry in self.entries if not entry.slot.is_break)


def room_of(slot: Slot, event_room: str | None) -> str | None:
    """The room a programme item is in: its own, else the event's when it is at the venue."""
    if slot.room:
        return slot.room
    return None if slot.venue else event_room


def signs(view: EventView) -> tuple[Sign, ...]:
    """Every room's sign for every day it is used, by day, then in the rooms' order."""
    event_room = view.event.event.room
    found: list[Sign] = []
    for day in view.days:
        used: dict[str, None] = {}
        for slot in day.slots:
            if slot.is_break:
                continue
            room = room_of(slot, event_room)
            if room:
                used[room] = None
            if slot.moved_from:
                used[slot.moved_from] = None
        rooms = in_room_order(used, view.event)
        breaks = [slot for slot in day.slots if slot.is_break and not slot.venue]
        for room in rooms:
            entries = []
            for slot in day.slots:
                mark = _mark(slot, room, event_room)
                if mark != "":
                    entries.append(Entry(slot, mark or None))
                elif slot in breaks:
                    entries.append(Entry(slot))
            found.append(Sign(room, day, tuple(entries)))
    return tuple(found)


def _mark(slot: Slot, room: str, event_room: str | None) -> Mark | Literal["", None]:
    """How a session is on room's sign: marked, None (there, unmarked), or '' (not on it)."""
    if slot.is_break:
        return ""
    if slot.moved_from == room:
        return "cancelled" if slot.cancelled else "moved-away"
    if room_of(slot, event_room) != room:
        return ""
    if slot.cancelled:
        return "cancelled"
    return "moved-here" if slot.moved_from else None


def applies(view: EventView) -> bool:
    """Whether the event has a sign to print: a session in some room."""
    return bool(signs(view))
