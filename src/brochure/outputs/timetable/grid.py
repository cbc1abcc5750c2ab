"""The wall timetable's grid, as geometry: which column each item stands in, the time
running down at one scale (long empty stretches folded away), and each item's block, as
tall as it lasts; pure, no text.

Columns are the day's rooms in the rooms' order (view.room_order). An item is in its
room's column (the event's room when it names none and is not elsewhere, as door signs
read it); a break, and an item in no room (a plenary of an event that names no rooms, a
dinner elsewhere), runs across every column free at its time; but an item in no room
beside items in rooms (a session whose room was left out) stands in a column of its own,
headed by no room (roomless_apart), never in a room it does not name. Items that overlap in one
column (a double booking) stand side by side in it, in lanes, as do items across the
grid that overlap each other: no two blocks ever overlap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from brochure.outputs.view import Day, Slot

DAY_MINUTES = 24 * 60
#: An item without an end lasts until the next item in its column, else the day's end,
#: else this long (minutes).
DEFAULT_LENGTH = 60
#: Time on the axis starts and ends on a multiple of this (minutes).
STEP = 30
#: An empty stretch longer than this (minutes) is folded away, drawn as a gap.
FOLDED = 90
#: An item longer than this (minutes: an evening reception till one in the morning) after
#: the day's main hours holds the axis for its first SHOWN minutes and its end only: the
#: rest, where no other item is, is folded away (a cut in the time axis its block runs
#: across), so one long item does not squash the day's sessions into small type.
LONG = 180
SHOWN = 60


@dataclass(frozen=True)
class GridItem:
    """A programme item on the grid: when (minutes from the day's midnight; an end past
    midnight is over DAY_MINUTES) and where (its column, or None across the grid)."""

    slot: Slot
    start: int
    end: int
    column: int | None


def minutes(slot_time: object) -> int:
    """A time of day as minutes from midnight."""
    hour, minute = getattr(slot_time, "hour", 0), getattr(slot_time, "minute", 0)
    return int(hour) * 60 + int(minute)


def grid_items(
    day: Day, rooms: Sequence[str], event_room: str | None, day_end: int | None
) -> list[GridItem]:
    """The day's items that have a start, in their columns (rooms: the columns' rooms)."""
    columns = {room: n for n, room in enumerate(rooms)}
    timed = [slot for slot in day.slots if slot.start is not None]
    placed: list[tuple[Slot, int, int | None, int | None]] = []
    for slot in timed:
        start = minutes(slot.start)
        end = None
        if slot.end is not None:
            end = minutes(slot.end)
            if end <= start:
                end += DAY_MINUTES
        room = slot.room or (None if slot.venue else event_room)
        column = None if slot.is_break or room is None else columns.get(room)
        placed.append((slot, start, end, column))
    found = []
    for slot, start, end, column in placed:
        if end is None:
            later = [
                other_start
                for _, other_start, _, other_column in placed
                if other_start > start and (column is None or other_column in (None, column))
            ]
            if later:
                end = min(later)
            elif day_end is not None and day_end > start:
                end = day_end
            else:
                end = start + DEFAULT_LENGTH
        found.append(GridItem(slot, start, end, column))
    return found


def roomless_apart(items: list[GridItem], columns: int) -> list[GridItem]:
    """items with those that name no room and are no break, where an item in a room's
    column runs at the same time, moved to a column of their own (number `columns`,
    after the rooms'): across the free columns such an item would stand in a room it
    does not name. An item in no room with nothing in a room beside it (a plenary, a
    dinner elsewhere) still runs across the grid."""
    in_rooms = [item for item in items if item.column is not None]
    apart = {
        id(item)
        for item in items
        if item.column is None
        and not item.slot.is_break
        and not item.slot.venue
        and any(_overlap(item, other) for other in in_rooms)
    }
    if not apart:
        return items
    return [
        GridItem(item.slot, item.start, item.end, columns) if id(item) in apart else item
        for item in items
    ]


@dataclass(frozen=True)
class Scale:
    """Minutes of the day to mm down the page, with long empty stretches folded away."""

    runs: tuple[tuple[int, int, float], ...]
    """Each stretch shown: its first and last minute, and the y (mm) of its first."""
    per_minute: float
    """mm per minute."""
    gaps: tuple[tuple[float, float], ...]
    """Each folded stretch as drawn: its top and bottom, mm."""

    def y(self, minute: int) -> float:
        """Where a minute is drawn (a minute in a gap: the gap's top)."""
        for first, last, top in self.runs:
            if minute <= last:
                return top + (max(minute, first) - first) * self.per_minute
        first, last, top = self.runs[-1]
        return top + (last - first) * self.per_minute

    @property
    def top(self) -> float:
        return self.runs[0][2]

    @property
    def bottom(self) -> float:
        first, last, top = self.runs[-1]
        return top + (last - first) * self.per_minute

    def hours(self) -> list[tuple[int, float]]:
        """Each whole and half hour shown, with its y: the axis's marks."""
        marks = []
        for first, last, top in self.runs:
            minute = -(-first // STEP) * STEP
            while minute <= last:
                marks.append((minute, top + (minute - first) * self.per_minute))
                minute += STEP
        return marks


def scale(
    items: Sequence[GridItem],
    top: float,
    height: float,
    gap: float,
    most: float,
    day_end: int | None = None,
) -> Scale:
    """The scale that fits the items' times into height (mm) from top, at most `most` mm
    a minute (a short day does not stretch an hour over half a sheet): from the first
    start to the last end (to a STEP), an empty stretch of over FOLDED minutes drawn as
    a gap of `gap` mm. An item of over LONG minutes after the day's main hours (from
    day_end, the day's declared end in minutes, else the last end of the shorter items)
    counts as busy for its first SHOWN minutes and at its end: its empty middle is
    folded too."""
    first = min(item.start for item in items) // STEP * STEP
    last = -(-max(item.end for item in items) // STEP) * STEP
    short = [item.end for item in items if item.end - item.start <= LONG]
    main_end = day_end if day_end is not None else max(short, default=None)
    busy = sorted(
        span
        for item in items
        for span in (
            ((item.start, item.end),)
            if item.end - item.start <= LONG or main_end is None or item.start < main_end
            else ((item.start, item.start + SHOWN), (item.end, item.end))
        )
    )
    shown: list[tuple[int, int]] = []
    start = first
    reach = first
    for begins, ends in busy:
        if begins - reach > FOLDED:
            shown.append((start, -(-reach // STEP) * STEP))
            start = begins // STEP * STEP
        reach = max(reach, ends)
    shown.append((start, last))
    total = sum(b - a for a, b in shown)
    per_minute = min(most, (height - gap * (len(shown) - 1)) / max(total, 1))
    runs = []
    gaps = []
    y = top
    for n, (a, b) in enumerate(shown):
        if n:
            gaps.append((y, y + gap))
            y += gap
        runs.append((a, b, y))
        y += (b - a) * per_minute
    return Scale(tuple(runs), per_minute, tuple(gaps))


@dataclass(frozen=True)
class Block:
    """An item's block on the grid: its box in mm. An item across the grid whose free
    columns are not side by side has a block for each run of them (main: the widest,
    which carries its words)."""

    item: GridItem
    x: float
    y: float
    width: float
    height: float
    main: bool = True


def _overlap(a: GridItem, b: GridItem) -> bool:
    return a.start < b.end and b.start < a.end


def _lanes(items: Sequence[GridItem]) -> dict[int, tuple[int, int]]:
    """Each item's lane and the lanes of its cluster (items that overlap, directly or
    through others), by index in items: side by side only where they overlap."""
    order = sorted(range(len(items)), key=lambda n: (items[n].start, -items[n].end))
    found: dict[int, tuple[int, int]] = {}
    cluster: list[int] = []
    lane_ends: list[int] = []
    reach = -1

    def close() -> None:
        for index in cluster:
            found[index] = (found[index][0], len(lane_ends))

    for index in order:
        item = items[index]
        if cluster and item.start >= reach:
            close()
            cluster, lane_ends = [], []
        lane = next((n for n, end in enumerate(lane_ends) if end <= item.start), None)
        if lane is None:
            lane = len(lane_ends)
            lane_ends.append(item.end)
        else:
            lane_ends[lane] = item.end
        found[index] = (lane, 0)
        cluster.append(index)
        reach = max(reach, item.end)
    if cluster:
        close()
    return found


def lanes_of(items: Sequence[GridItem]) -> int:
    """The most items of one column that overlap at once (1 without a double booking)."""
    return max((lanes for _, lanes in _lanes(items).values()), default=1)


def blocks(
    items: Sequence[GridItem],
    columns: int,
    left: float,
    width: float,
    scale: Scale,
    gutter: float,
    least: float = 0.0,
) -> list[Block]:
    """Every item's block: columns of width/columns from left, gutter mm between blocks;
    a block shorter than least (mm: an item of a few minutes) drawn taller, as far as
    the time under it, then above it, is free (never into another block, nor past the
    grid)."""
    column_width = width / columns
    across = [item for item in items if item.column is None]
    within: dict[int, list[GridItem]] = {n: [] for n in range(columns)}
    for item in items:
        if item.column is not None:
            within[item.column].append(item)
    free: dict[int, list[int]] = {}
    for index, item in enumerate(across):
        open_columns = [
            n for n in range(columns) if not any(_overlap(item, other) for other in within[n])
        ]
        if open_columns:
            free[index] = open_columns
        else:
            # Nowhere free at its time: it stands beside the first column's items.
            within[0].append(GridItem(item.slot, item.start, item.end, 0))
    found: list[Block] = []
    for n in range(columns):
        members = within[n]
        for index, (lane, lanes) in _lanes(members).items():
            item = members[index]
            share = column_width / lanes
            found.append(_block(item, left + n * column_width + lane * share, share, scale, gutter))
    spanning = [across[index] for index in free]
    lanes_of = _lanes(spanning)
    for position, index in enumerate(free):
        item = across[index]
        lane, lanes = lanes_of[position]
        runs = _runs(free[index])
        widest = max(runs, key=lambda run: run[1] - run[0])
        for first, stop in runs:
            share = (stop - first) * column_width / lanes
            x = left + first * column_width + lane * share
            found.append(_block(item, x, share, scale, gutter, main=(first, stop) == widest))
    top, floor = scale.top + gutter / 2, scale.bottom - gutter / 2
    return [_taller(block, found, least, top, floor, gutter) for block in found]


def _taller(
    block: Block, others: Sequence[Block], least: float, top: float, floor: float, gutter: float
) -> Block:
    """block at least `least` tall where the blocks under it (and floor) leave room, then
    where those above it (and top) do."""
    if block.height >= least:
        return block
    bottom = block.y + block.height
    beside = [
        other
        for other in others
        if other is not block
        and other.x < block.x + block.width
        and block.x < other.x + other.width
    ]
    under = [other.y - gutter for other in beside if other.y >= bottom - 1e-6]
    reach = min([floor, *under])
    height = max(block.height, min(least, reach - block.y))
    above = [
        other.y + other.height + gutter
        for other in beside
        if other.y + other.height <= block.y + 1e-6
    ]
    start = max(block.y - (least - height), max([top, *above]))
    if start < block.y:
        height += block.y - start
    return Block(block.item, block.x, min(start, block.y), block.width, height, block.main)


def _runs(columns: list[int]) -> list[tuple[int, int]]:
    """Consecutive columns as (first, after last) runs."""
    runs: list[tuple[int, int]] = []
    for column in columns:
        if runs and runs[-1][1] == column:
            runs[-1] = (runs[-1][0], column + 1)
        else:
            runs.append((column, column + 1))
    return runs


def _block(
    item: GridItem, x: float, width: float, scale: Scale, gutter: float, main: bool = True
) -> Block:
    top, bottom = scale.y(item.start), scale.y(item.end)
    half = gutter / 2
    return Block(
        item, x + half, top + half, max(width - gutter, 0.1), max(bottom - top - gutter, 0.1), main
    )
