"""Who gets a table tent, and in which order the tents are printed.

Everyone who sits at a session's table (its chairs and its speakers, whatever their
role) and every speaker and moderator of the event file: one tent each, in the order
the tables are set. A cancelled session sets no table: whoever chairs or speaks only in
cancelled items gets no tent (as they get no certificate of presentation). Kept light
(no rendering imported): the output's declaration asks it whether an event has tents at
all.
"""

from __future__ import annotations

from dataclasses import dataclass

from brochure.model import Event, Person, ProgrammeItem
from brochure.outputs.view import in_order

#: Roles that sit at a table even when the programme names them nowhere.
SEATED_ROLES = ("speaker", "moderator")


@dataclass(frozen=True)
class Seat:
    """One tent: the person it names, and the first session they sit at the table of."""

    person: Person
    session: ProgrammeItem | None
    """Their first session (chaired, or spoken in, in time order); None for a speaker or
    moderator the programme names nowhere."""


def seats(event: Event) -> tuple[Seat, ...]:
    """One tent per person who sits at a session's table, in the order the tables are
    set: by session (in date and time order, outputs/view.in_order), then by family
    name (Event.by_family_name); then the speakers and moderators no session names, by
    family name. Cancelled items set no table: a person named only in them gets none.

    A person at several tables gets one tent, with the first: it goes with them.
    Attendees of a registration export get none (a speaker there is in `people` too,
    or names no session)."""
    seated: dict[str, Seat] = {}
    cancelled: set[str] = set()
    for _day, item in in_order(event):
        if item.is_cancelled:
            cancelled.update(
                p.key for key in (*item.chairs, *item.people) if (p := _known(event, key))
            )
            continue
        here = {p.key: p for key in (*item.chairs, *item.people) if (p := _known(event, key))}
        for person in event.by_family_name(here.values()):
            seated.setdefault(person.key, Seat(person, item))
    rest = [
        p for p in event.with_role(*SEATED_ROLES) if p.key not in seated and p.key not in cancelled
    ]
    for person in event.by_family_name(rest):
        seated[person.key] = Seat(person, None)
    return tuple(seated.values())


def _known(event: Event, key: str) -> Person | None:
    """The person of an id; None for an id of nobody (the loader says where it is)."""
    try:
        return event.person(key)
    except KeyError:
        return None
