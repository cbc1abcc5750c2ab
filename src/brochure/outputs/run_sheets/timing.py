"""When each speaker of a session should start: the running order a chair keeps.

The talks (`talks:` on a programme item) come in their order, each with its minutes
where the file gives them; the item's speakers who have no talk follow, one turn each.
Turns without minutes share evenly what the others leave of the session's time. When
every turn has its minutes and they leave time over, the rest is questions and
discussion, at the end. Starts are whole minutes, rounded from the running total (not
turn by turn), so they add up: the first turn starts with the session and the last
ends with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from brochure.model import ProgrammeItem, fold

MINUTE = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Turn:
    """One turn of a session's running order: a talk, or a speaker without one."""

    people: tuple[str, ...]
    """The ids of who speaks (several for a talk given together), as the file writes
    them."""
    title: str | None = None
    """The talk's own title, when the file gives one."""
    start: dt.datetime | None = None
    """When it should start (local date and time); None when the session has no start,
    or no end and the turns before it no minutes."""
    minutes: int | None = None
    """How long it lasts: as given, or its share of the session's time; None unknown."""
    given: bool = False
    """Whether the file gives its minutes (else they are a share of the session's time)."""


@dataclass(frozen=True)
class RunningOrder:
    """A session's turns, and the time left over for questions and discussion."""

    turns: tuple[Turn, ...]
    discussion: Turn | None = None
    """The time the talks leave at the end, when every turn has its minutes (no people)."""
    overrun: int = 0
    """Minutes by which the talks' own minutes pass the session's end (0: none)."""


def running_order(item: ProgrammeItem, day: dt.date) -> RunningOrder:
    """The running order of item on day (its own date, else day)."""
    talked = {fold(key) for talk in item.talks for key in talk.people}
    planned = [(talk.people, talk.title, talk.minutes) for talk in item.talks]
    planned += [((key,), None, None) for key in item.people if fold(key) not in talked]
    span = item.span(day)
    if not planned or span is None:
        return RunningOrder(tuple(Turn(p, t, None, m, m is not None) for p, t, m in planned))
    start, end = span
    if end == start:  # no end: only the minutes given tell when the next turn starts
        timed: list[Turn] = []
        at: dt.datetime | None = start
        for people, title, minutes in planned:
            timed.append(Turn(people, title, at, minutes, minutes is not None))
            at = at + minutes * MINUTE if (at is not None and minutes) else None
        return RunningOrder(tuple(timed))
    total = (end - start) / MINUTE
    given = sum(m for _, _, m in planned if m is not None)
    shared = [m for _, _, m in planned if m is None]
    share = max(0.0, (total - given) / len(shared)) if shared else 0.0
    offsets, running = [], 0.0
    for _, _, minutes in planned:
        offsets.append(round(running))
        running += minutes if minutes is not None else share
    ends = [*offsets[1:], round(running)]
    turns = tuple(
        Turn(people, title, start + offset * MINUTE, stop - offset, minutes is not None)
        for (people, title, minutes), offset, stop in zip(planned, offsets, ends, strict=True)
    )
    left = round(total - running)
    discussion = Turn((), None, start + round(running) * MINUTE, left) if left > 0 else None
    return RunningOrder(turns, discussion, max(0, round(given - total)))
