"""Door signs: a sheet for each room on each day it is used, with its sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brochure.outputs.base import SCHEDULE, File, Output, entries

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event


def applies(event: Event, config: BuildConfig) -> bool:
    """Only for an event with a session in a room: its own, the event's, or one it moved
    from (as outputs/signs/plan.py reads them)."""
    room = event.event.room
    return any(
        not item.is_break and (item.room or item.moved_from or (room and not item.venue))
        for item in event.programme
    )


OUTPUT = Output(
    "signs",
    "door signs: a sheet per room per day, with its sessions (PDF)",
    (File("signs.pdf", finish="sheets"),),
    "brochure.outputs.signs.render",
    reads=frozenset({"event", "organisers", "people", "programme"}),
    # A room's sessions: when, what, who, a mark; no description, track or talks.
    fields=entries(
        "programme",
        *SCHEDULE,
    ),
    layouts=("signs",),
    applies=applies,
    not_applying="no session of the programme names a room (nor does the event)",
)
