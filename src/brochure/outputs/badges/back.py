"""The back of a badge: as much of the short programme as the card holds, under the
person's name (for duplex printing: `badges.back: programme`)."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brochure.cards import fit
from brochure.cards.text import FLOOR_PT, LINE_HEIGHT, NBSP, PT, Block, Text
from brochure.outputs.badges.geometry import (
    BACK_SCALE,
    BACK_TITLE_LINE,
    BACK_TITLE_PT,
    GAP,
    CardGeometry,
)
from brochure.outputs.badges.layout import BadgeLayout
from brochure.outputs.view import EventView, Slot
from brochure.textrules import joined, set_apart

if TYPE_CHECKING:
    from brochure.model import EventInfo

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackSide:
    """The back of every card: as much of the short programme as the card holds."""

    top: float
    """Where the programme starts, mm from the card's top (under the name)."""
    items: tuple[Block, ...]
    """The programme's lines, fitted, one size for all."""
    more: int
    """Items left out ("and 3 more"), 0 when all fit."""


def programme(view: EventView, layout: BadgeLayout, collapsed: bool = False) -> list[Text]:
    """The short programme for the back: over several days, each day's name, then its
    items (time and title, one line each); over one day, the items alone. When the
    programme is in several rooms, each item names its room at the line's end; an item
    elsewhere than the venue (a dinner) always names its place there, and is never left
    out as a break: it says where to go.

    collapsed: sessions in parallel as one line, their time "in parallel" and their rooms
    (Tsavo · Virunga): every time of the day on a back too small for every session."""
    # Only the items the file gives: no "Close" made up from the event's end.
    info = view.event.event
    size = max(layout.details_size / PT * BACK_SCALE, FLOOR_PT)
    texts: list[Text] = []
    for day in view.days:
        if view.several_days:
            texts.append(
                _line("programme-day", view.fmt.weekday_short(day.date), info, size, layout)
            )
        # For warnings: which day a line is of.
        on_day = view.fmt.weekday_short(day.date) if view.several_days else ""
        for block in day.blocks:
            if collapsed and block.parallel:
                note = view.fmt.gettext("in parallel")
                line = joined(" ", (block.when, note[:1].upper() + note[1:]))
                rooms = " · ".join(dict.fromkeys(_room_of(s, info) for s in block.slots))
                together = _line("programme", line, info, size, layout, room=rooms.strip(" ·"))
                texts.append(
                    dataclasses.replace(
                        together, sessions=len(block.slots), at=joined(" ", (on_day, block.when))
                    )
                )
                continue
            for slot in block.slots:
                # A cancelled item says so before its title (a line may be cut short).
                title = view.fmt.labelled(slot.mark, slot.title) if slot.cancelled else slot.title
                line = joined(" ", (slot.when, set_apart(title)))
                # An attendee with the back alone must know where to go: sessions at
                # one time in different rooms look alike without theirs, and an item
                # elsewhere (a dinner) is nowhere near the venue.
                place = slot.venue[0] if slot.venue else ""
                room = place or (_room_of(slot, info) if view.several_rooms else "")
                is_break = slot.is_break and not place
                texts.append(
                    dataclasses.replace(
                        _line("programme", line, info, size, layout, is_break, room),
                        at=f"{slot.title!r} ({joined(' ', (on_day, slot.when))})",
                        place=bool(place),
                    )
                )
    return texts


def _room_of(slot: Slot, info: EventInfo) -> str:
    """Where an item is: its room; a session without one is in the event's, a break
    without one is where it is (none)."""
    return (slot.room or ("" if slot.is_break else info.room)) or ""


#: Between an item of the back's programme and its room: a space of this many ems.
ROOM_GAP_EM = 0.8
#: The most of a back's line a room takes; a longer room is cut short (with a warning).
ROOM_SHARE = 0.5


@dataclass(frozen=True)
class _ProgrammeLine(Text):
    """A line of the back's programme: a day's name, or an item (a break, or not) with
    its room, set at the line's end in its own style (`programme-room`)."""

    is_break: bool = False
    room: str = ""
    sessions: int = 1
    """How many sessions the line stands for (several in parallel, collapsed)."""
    at: str = ""
    """The item the line is of, for warnings: "'Workshop' (Tue 09:00)", or the day and
    time of the sessions in parallel it stands for."""
    place: bool = False
    """Its room is the item's place elsewhere (its venue), not a room."""

    def keys(self) -> set[fit.Key]:
        style, lang = ROOM_STYLE, self.lang
        return super().keys() | {
            (style, lang, NBSP),
            *((style, lang, w) for w in self.room.split()),
        }

    def fitted(self, widths: fit.Widths) -> ProgrammeBlock:
        """Fitted with the room beside it on one line: the largest size (up to self.size)
        at which both fit, never under FLOOR_PT. At the floor the title is cut short
        with an ellipsis; the room never is, unless it alone takes more than ROOM_SHARE
        of the line."""
        room = self.room.split()
        if not room:
            block = super().fitted(widths)
            return ProgrammeBlock(**vars(block))
        words = self.words
        style = self.style
        space = widths.of(style, self.lang, [NBSP])[0]
        room_widths = widths.of(ROOM_STYLE, self.lang, room)
        room_space = widths.of(ROOM_STYLE, self.lang, [NBSP])[0]
        # Widths in mm per point of type size: the line, the gap and the room together.
        room_per_pt = sum(room_widths) + room_space * (len(room) - 1)
        line_per_pt = sum(widths.of(style, self.lang, words)) + space * (len(words) - 1)
        whole = line_per_pt + ROOM_GAP_EM * PT + room_per_pt
        size = max(FLOOR_PT, min(self.size, self.width * fit.SAFETY / whole))
        room_block = fit.Fitted((self.room,), size)
        if room_per_pt * size > self.width * ROOM_SHARE:
            room_block = fit.fit(
                room, room_widths, room_space, self.width * ROOM_SHARE, size, size, 1, size
            )
        room_width = min(room_per_pt * size, self.width * ROOM_SHARE) + ROOM_GAP_EM * PT * size
        line = fit.fit(
            words,
            widths.of(style, self.lang, words),
            space,
            self.width - room_width,
            size,
            size,
            1,
            floor=size,
        )
        return ProgrammeBlock(
            self.css,
            line.lines,
            size,
            self.lang,
            style != self.css,
            line.clipped,
            room=room_block.lines[0] if room_block.lines else "",
            room_clipped=room_block.clipped,
        )


#: The class a room on a badge's back is measured and printed in (badges.css).
ROOM_STYLE = "programme-room"


@dataclass(frozen=True)
class ProgrammeBlock(Block):
    """A fitted line of the back's programme, with its room (set at the line's end)."""

    room: str = ""
    room_clipped: bool = False
    """The room alone took more than ROOM_SHARE of the line: cut short."""


def _line(
    css: str,
    text: str,
    info: EventInfo,
    size: float,
    layout: BadgeLayout,
    is_break: bool = False,
    room: str = "",
) -> _ProgrammeLine:
    return _ProgrammeLine(
        css, text, info.language, size, size * 0.75, layout.inner_width, 1, is_break, room
    )


def back_side(
    layout: BadgeLayout,
    widths: fit.Widths,
    programme: list[Text],
    geometry: CardGeometry,
    name_height: float,
    collapsed: list[Text] | None = None,
) -> BackSide:
    """The back of every card: under the person's name (name_height mm, printed per
    card), as much of the short programme as the card holds, every line at one size.

    When not all of it fits, sessions in parallel are one line each time (collapsed, when
    given and shorter); then breaks are left out; then each day keeps its line and its
    first and last items (where the day ends: a dinner elsewhere), then more in turn
    (_chosen), and a last line says how many sessions are left out."""
    top = geometry.name_top + name_height + (GAP if name_height else 0.0)
    title_height = BACK_TITLE_PT * BACK_TITLE_LINE * PT + 1  # the label and its gap
    # Above the band, half the padding: the list is set small, and a line more of the
    # programme is worth more than white space.
    above_band = max(GAP, layout.padding / 2)
    room = layout.card.height - layout.band_height - above_band - top - title_height

    def lines_at(size: float) -> int:
        return max(1, int(room // (size * PT * LINE_HEIGHT["programme"])))

    fits = lines_at(max(layout.details_size / PT * BACK_SCALE, FLOOR_PT))
    if collapsed and len(programme) > lines_at(FLOOR_PT) and len(collapsed) < len(programme):
        # Every time of the day, with where, beats the first sessions of each day.
        programme = collapsed
    while True:
        chosen = _chosen(programme, fits)
        blocks = [text.fitted(widths) for text in chosen]
        # One size for every line, the smallest any needs (never under the floor); a
        # line longer than the card at that size is cut short with an ellipsis.
        size = max(FLOOR_PT, min((b.size for b in blocks), default=FLOOR_PT))
        # Lines set smaller than first thought leave room for more: take it (the size
        # only goes down as lines are added, so the lines chosen always fit).
        if lines_at(size) <= fits or len(chosen) == len(programme):
            break
        fits = lines_at(size)
    # Sessions left out are counted; breaks left out are not news.
    hidden = _sessions(programme) - _sessions(chosen)
    blocks = [dataclasses.replace(text, size=size, smallest=size).fitted(widths) for text in chosen]
    cut = [
        text
        for text, block in zip(chosen, blocks, strict=True)
        if isinstance(text, _ProgrammeLine)
        and isinstance(block, ProgrammeBlock)
        and block.room_clipped
    ]
    _warn_cut_rooms(cut, size)
    return BackSide(top, tuple(blocks), hidden)


def _warn_cut_rooms(cut: list[_ProgrammeLine], size: float) -> None:
    """One warning for each room (or place) cut short on the back, naming the items
    whose line it is at; one for each list of rooms of sessions in parallel (a line
    standing for several: no one room of the event file is too long), with its times."""
    where: dict[tuple[str, bool, bool], list[str]] = {}
    for text in cut:
        where.setdefault((text.room, text.sessions > 1, text.place), []).append(text.at)
    half = f"more than half a line at {size:g} pt"
    for (room, parallel, place), items in where.items():
        if parallel:
            log.warning(
                "badges: the rooms of the sessions in parallel, %r, are too long for one "
                "line of the back of the badges (%s), at %s: the list is cut short; "
                "shorter room names in the event file, or a larger badges layout, print "
                "it whole",
                room,
                half,
                _some(items),
            )
        else:
            log.warning(
                "badges: the %s %r is too long for the back of the badges (%s), at %s: "
                "it is cut short; shorten it in the event file",
                "place" if place else "room",
                room,
                half,
                _some(items),
            )


def _some(items: list[str], shown: int = 3) -> str:
    """The first few of a list, and how many more: "a; b; c and 4 more"."""
    # Without the word joiners that keep a time range whole in print.
    items = [item.replace("\u2060", "") for item in items]
    if len(items) <= shown:
        return "; ".join(items)
    return f"{'; '.join(items[:shown])} and {len(items) - shown} more"


def _is_session(text: Text) -> bool:
    return text.css == "programme" and not getattr(text, "is_break", False)


def _sessions(texts: list[Text]) -> int:
    """How many sessions lines of the back's programme stand for."""
    return sum(getattr(t, "sessions", 1) for t in texts if _is_session(t))


def _chosen(programme: list[Text], fits: int) -> list[Text]:
    """The lines of the programme a back with room for `fits` lines prints, in the
    programme's order: all of them when they fit, else all but the breaks (an item
    elsewhere is none: _programme), else, one line being kept for "and N more", every
    day's line (its name) with its first and its last item (when the day
    starts, and where it ends: a dinner, a walk), then its other items in turn, the days
    sharing the room. Where not even a day's line and one item a day fit, every day's
    line (as many as the back holds), then each day's first item in turn."""
    if len(programme) <= fits:
        return programme
    items = [t for t in programme if not getattr(t, "is_break", False)]
    # A day whose items were all breaks is left out with them.
    kept = [
        t
        for n, t in enumerate(items)
        if t.css != "programme-day" or (n + 1 < len(items) and items[n + 1].css != "programme-day")
    ]
    if len(kept) <= fits - 1:
        return kept
    days: list[list[Text]] = []
    for text in kept:
        if text.css == "programme-day" or not days:
            days.append([])
        days[-1].append(text)
    room = fits - 1
    headed = [1 if day[0].css == "programme-day" else 0 for day in days]
    # Each day's items, most wanted first: its first, its last, then the rest in order.
    wanted = []
    for day, head in zip(days, headed, strict=True):
        rest = list(range(head, len(day)))
        wanted.append(rest[:1] + rest[-1:][: len(rest) - 1] + rest[1:-1])
    taken: list[list[int]] = [list(range(head)) for head in headed]
    if sum(headed) >= room and len(days) > 1:
        taken = taken[:room]  # more days than lines: the first days' lines
    free = room - sum(len(day) for day in taken)
    more = True
    while more and free > 0:
        more = False
        for n, day_wanted in enumerate(wanted[: len(taken)]):
            if free > 0 and len(taken[n]) - headed[n] < len(day_wanted):
                taken[n].append(day_wanted[len(taken[n]) - headed[n]])
                free -= 1
                more = True
    return [days[n][i] for n, lines in enumerate(taken) for i in sorted(lines)]
