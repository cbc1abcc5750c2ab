"""The wall timetable: a sheet per day, the day's rooms as columns, time running down,
each item a block as tall as it lasts (timetable/grid.py places them; an item of a few
minutes at least LEAST tall where the time after it is free), its words fitted in it by
measuring (cards/wrap.py), drawn straight to PDF by the card engine with the looks of
`layouts/timetable/timetable.css`, read once per build (cards/looks.py).

What a block says, from the most to the least, until it fits: its time, title, chairs
and speakers (the title from TITLE_PT down to the first of STACK_FLOORS, the rest at
their shares of it); without the time; without the chairs (each down to the next
floor); the title (and its mark) alone down to TITLE_FLOOR; the
title alone under it, down to LAST_PT (said); and where even that does not fit, a
number, with the title in a note at the sheet's foot (said). Nothing overflows its
block and nothing is cut. Sizes are for A3 and grow with the sheet (a sheet's short
side over A3's).

A day too dense for one sheet goes on to further sheets, each saying `continued` after
the day: its rooms in groups, when a double booking's lanes would be narrower than
LANE_LEAST (day_parts), then its hours in runs, when its shortest items would be drawn
under LEAST tall (time_runs). Notes take at most NOTES_SHARE of a sheet's grid; those
that do not fit go on to a sheet of notes after it, so no note is drawn off its sheet.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from brochure.cards import fit, wrap
from brochure.cards.fit import SAFETY
from brochure.cards.looks import Look, TextLook, read_looks
from brochure.cards.placed import Box, Lines, Placed, items
from brochure.cards.scripts import cjk_css, fonts_css
from brochure.cards.wrap import PT, Measured, Wrapped, fit_box, fit_stack
from brochure.finishing.paper import Paper
from brochure.i18n import N_
from brochure.outputs.timetable.grid import (
    Block,
    GridItem,
    Scale,
    blocks,
    grid_items,
    lanes_of,
    minutes,
    roomless_apart,
    scale,
)
from brochure.outputs.timetable.settings import TimetableSettings, paper_for
from brochure.outputs.timetable.tracks import COLOURS, Track, tracks_of
from brochure.outputs.view import (
    Day,
    EventView,
    Slot,
    covering_hours,
    in_room_order,
    plain,
)
from brochure.textrules import script_language, set_apart

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.engines import cards_pdf
    from brochure.i18n import Formatter
    from brochure.model import Event

log = logging.getLogger(__name__)

FILE = "timetable.pdf"
STYLESHEET = "timetable/timetable.css"

#: A3's short side, mm: sizes below are for A3 and scale with the sheet's short side.
A3_SIDE = 297.0
#: More rooms than this on a day: the sheets are landscape.
PORTRAIT_ROOMS = 4
#: The sheet's margins, mm.
MARGIN = 12.0
#: The day (the sheet's heading) and the event's line under it, pt.
DAY_PT, EVENT_PT, HEAD_LINE = 34.0, 14.0, 1.2
#: The rooms' names over their columns: largest and smallest, on up to two lines.
ROOM_PT, ROOM_LINE = (17.0, 8.0), 1.15
#: The time axis's labels, and the gap between it and the grid, mm.
AXIS_PT, AXIS_GAP = 10.0, 2.0
#: A block's title: its largest size; the smallest it is set at with the rest of the
#: block (time, chairs, speakers), without the time, without the chairs; alone; last.
TITLE_PT = 22.0
STACK_FLOORS = (12.0, 11.0, 10.0)
TITLE_FLOOR, LAST_PT = 6.0, 4.5
#: Shares of the title's size: time and mark, chairs and speakers.
SMALL_SHARE, PEOPLE_SHARE = 0.66, 0.78
TITLE_LINE, SMALL_LINE = 1.12, 1.2
#: Inside a block, between blocks, between a block's texts (mm).
PAD, GUTTER, TEXT_GAP = 1.4, 1.2, 0.6
#: The track's letter: the side of its square (mm) and its size's share of it.
BADGE, BADGE_TEXT = 7.0, 0.62
#: The least height of a block (mm): an item of a few minutes is drawn this tall where
#: the time after it is free, so that its title (or its note's number) can be read.
LEAST = 6.0
#: The least size of a note's number in its block, pt: a block narrower (a room booked
#: many times over) shows none, its note naming its time and room.
MARKER_LEAST = 2.0
#: A folded empty stretch, as drawn (mm).
GAP_HEIGHT = 7.0
#: The most an hour takes down the sheet, mm (a short day's grid ends above the foot).
HOUR_MOST = 66.0
#: The legend and the notes at the foot, and the space between them and the grid (mm).
LEGEND_PT, NOTE_PT, FOOT_LINE, FOOT_GAP = 14.0, 10.0, 1.3, 6.0
#: The least width of a lane (an item beside another in its room, mm on A3): a day whose
#: double bookings would be narrower has its rooms in groups, a sheet each.
LANE_LEAST = 30.0
#: Lanes a room's width is asked for at most: more (a room booked ten times over) are
#: as narrow as they come, their titles in notes.
LANES_MOST = 3
#: Items a sheet may draw under LEAST (at least; else a tenth of its items) before its
#: day goes on to another sheet.
SHORT_FEW = 3
#: The most of a sheet's grid height its notes take (the rest go on to a sheet of notes).
NOTES_SHARE = 0.35

#: Block kinds whose looks the layout gives (and track-1 ... track-8).
KINDS = ("session", "break", "cancelled", *(f"track-{n}" for n in range(1, COLOURS + 1)))
BLOCK_TEXTS = ("title", "time", "people", "tag", "letter", "marker")

TRACKS = N_("Tracks")
TIMETABLE = N_("Timetable")
CANCELLED = N_("Cancelled")
CONTINUED = N_("continued")
MOVED_FROM = N_("Moved here from %(room)s")


def parts() -> dict[str, str]:
    """Where each part sits in the stylesheet's nesting (cards.looks.read_looks)."""
    found = {
        "sheet": "sheet",
        "day": "sheet / header / day",
        "event": "sheet / header / event",
        "rule": "sheet / header / rule",
        "room-head": "sheet / grid / room-head",
        "room": "sheet / grid / room-head / room",
        "axis": "sheet / grid / axis",
        "hour-line": "sheet / grid / hour-line",
        "half-line": "sheet / grid / half-line",
        "gap": "sheet / grid / gap",
        "legend": "sheet / foot / legend",
        "note": "sheet / foot / note",
    }
    for kind in KINDS:
        classes = f"block {kind}"
        found[kind] = f"sheet / grid / {classes}"
        for text in BLOCK_TEXTS:
            found[f"{kind}/{text}"] = f"sheet / grid / {classes} / {text}"
        found[f"{kind}/badge"] = f"sheet / grid / {classes} / badge"
    return found


@dataclass(frozen=True)
class Words:
    """The fixed words the timetable prints, in the pack's language."""

    tracks: str
    cancelled: str
    moved_from: str
    """With %(room)s."""
    continued: str = "continued"
    """After the day on its second sheet and later."""


@dataclass
class Said:
    """What the layout had to do that an organiser should hear of, by item."""

    small: dict[str, float] = field(default_factory=dict)
    """An item's label -> the size its title was set at, under TITLE_FLOOR."""
    noted: dict[str, tuple[int, bool]] = field(default_factory=dict)
    """An item's label -> its note's number, and whether the note is on a sheet of
    notes after its block's (else at its block's sheet's foot)."""


@dataclass(frozen=True)
class Sheet:
    """One day's sheet: its size and what is on it."""

    width: float
    height: float
    placed: tuple[Placed, ...]
    blocks: tuple[Block, ...]


def render(event: Event, config: BuildConfig) -> dict[str, bytes]:
    """timetable.pdf: a sheet per day of the programme with a timed item."""
    from brochure.engines import cards_pdf

    view = EventView.of(event, config)
    stylesheet = config.layouts.stylesheet(STYLESHEET)
    looks = read_looks(stylesheet, parts(), config, "timetable (reading the looks)")
    sheets = timetable_sheets(view, config, looks)
    if not sheets:
        return {}
    rtl = view.metadata.direction == "rtl"
    pages = [_page(sheet, looks, rtl) for sheet in sheets]
    title = f"{view.metadata.title} · {config.fmt.gettext(TIMETABLE)}"
    info = cards_pdf.Info(
        title=title,
        language=view.metadata.language,
        created=dt.datetime.fromisoformat(view.metadata.created.replace("Z", "+00:00")),
        authors=view.metadata.authors,
    )
    return {FILE: cards_pdf.draw(pages, info)}


def _page(sheet: Sheet, looks: dict[str, Look], rtl: bool) -> cards_pdf.Page:
    from brochure.engines import cards_pdf

    things: list[cards_pdf.Item] = []
    ground = looks["sheet"]
    if ground.painted:
        things.append(cards_pdf.Rect(0, 0, sheet.width, sheet.height, ground.fill))
    things += items(sheet.placed, looks, sheet.width, rtl)
    return cards_pdf.Page(sheet.width, sheet.height, tuple(things))


@dataclass(frozen=True)
class Setter:
    """Measured widths (fit.measure) in the layout's styles, each text in the case its
    style sets (CSS text-transform: measured as it is drawn)."""

    widths: fit.Widths
    cases: Mapping[str, TextLook] = field(default_factory=dict)

    def case(self, style: str, text: str) -> str:
        look = self.cases.get(style)
        return look.cased(text) if look is not None else text

    def measured(self, style: str, lang: str, text: str) -> Measured:
        return Measured(self.case(style, text), style, lang, self.widths)

    def width(self, style: str, lang: str, text: str) -> float:
        """A line's width, mm per pt."""
        measured = self.measured(style, lang, text)
        spaces = sum(1 for piece in measured.pieces[1:] if not piece.glued)
        return sum(measured.widths) + measured.space * spaces


#: Each text style (the class it is measured in) and a part whose looks give its case.
STYLES = {
    **{style: style for style in ("day", "event", "room", "axis", "legend", "note")},
    **{style: f"session/{style}" for style in ("title", "time", "people", "letter", "marker")},
    "tag": "cancelled/tag",
}


@dataclass(frozen=True)
class DayPlan:
    """A day's grid before it is measured: its rooms and its items."""

    day: Day
    rooms: tuple[str, ...]
    items: tuple[GridItem, ...]
    day_end: int | None = None
    """The day's declared end (minutes from midnight), if the event gives one."""


def day_plans(view: EventView) -> list[DayPlan]:
    """Each day with a timed item: its rooms (in the rooms' order) and its items."""
    event_room = view.event.event.room
    plans = []
    for day in view.days:
        used: dict[str, None] = {}
        for slot in day.slots:
            room = slot.room or (None if slot.venue else event_room)
            if room and not slot.is_break and slot.start is not None:
                used[room] = None
        rooms = in_room_order(used, view.event)
        _, end = covering_hours(view.event, day.date)
        day_end = minutes(end) if end else None
        found = grid_items(day, rooms or ("",), event_room, day_end)
        if not rooms:
            found = [GridItem(item.slot, item.start, item.end, None) for item in found]
        elif (apart := roomless_apart(found, len(rooms))) is not found:
            # Sessions that name no room, beside sessions in rooms: a column of their
            # own, with no room over it, not the column of a room they do not name.
            found, rooms = apart, (*rooms, "")
        if found:
            plans.append(DayPlan(day, rooms, tuple(found), day_end))
    return plans


def timetable_sheets(
    view: EventView, config: BuildConfig, looks: Mapping[str, Look]
) -> list[Sheet]:
    """Every day's sheet, laid out (what render draws), each text in the case its looks
    give it; what could not be set as the layout wants is said, once per item."""
    fmt = config.fmt
    lang = view.metadata.language
    words = Words(
        fmt.gettext(TRACKS),
        fmt.gettext(CANCELLED),
        fmt.gettext(MOVED_FROM),
        fmt.gettext(CONTINUED),
    )
    plans = day_plans(view)
    if not plans:
        return []
    tracks = tracks_of(slot.track for day in view.days for slot in day.slots)
    event_line = " \u00b7 ".join(part for part in (view.event.event.title, view.timezone) if part)
    texts = {
        item.slot: _texts(item.slot, fmt, words, lang) for plan in plans for item in plan.items
    }
    cases = {style: looks[part].text for style, part in STYLES.items()}
    casing = Setter(fit.Widths({}), cases)
    keys: set[fit.Key] = set()

    def need(style: str, lang: str, text: str) -> None:
        keys.update(wrap.keys(style, lang, casing.case(style, text)))

    for plan in plans:
        need("day", lang, plan.day.label)
        need("day", lang, f"{plan.day.label} \u00b7 {words.continued}")
        for room in plan.rooms:
            need("room", script_language(room, lang), room)
    need("event", lang, event_line)
    for block_texts in texts.values():
        for style, text, text_lang in block_texts.all():
            need(style, text_lang, text)
        need("note", block_texts.lang, block_texts.note)
    need("legend", lang, words.tracks)
    for track in tracks.values():
        need("legend", script_language(track.name, lang), track.name)
        need("letter", lang, track.letter)
    for minute in range(0, 48 * 60, 30):
        need("axis", lang, _clock(fmt, minute))
    for number in range(1, 100):
        need("marker", lang, str(number))
        need("note", lang, str(number))
    for digits in range(1, 5):
        need("note", lang, "9" * digits)
        need("marker", lang, "9" * digits)
    stylesheet = config.layouts.stylesheet(STYLESHEET) + cjk_css(lang)
    widths = fit.measure(keys, stylesheet, fonts_css(), config.source_dir, config.readable_folders)
    setter = Setter(widths, cases)
    settings = TimetableSettings.of(config)
    paper = paper_for(settings, view.event.event.language, view.event.event.country)
    if max(len(plan.rooms) for plan in plans) > PORTRAIT_ROOMS:
        paper = Paper(paper.name, paper.height, paper.width)
    said = Said()
    sheets: list[Sheet] = []
    for plan in plans:
        context = Context(setter, paper, texts, tracks, words, event_line, fmt, lang, said)
        sheets += _day_sheets(plan, context)
    _say(said)
    return sheets


@dataclass(frozen=True)
class Context:
    """What every sheet of a build is laid out with."""

    setter: Setter
    paper: Paper
    texts: dict[Slot, BlockTexts]
    tracks: dict[str, Track]
    words: Words
    event_line: str
    fmt: Formatter
    lang: str
    said: Said

    @property
    def k(self) -> float:
        """Sizes' scale: the sheet's short side over A3's."""
        return min(self.paper.width, self.paper.height) / A3_SIDE


def _day_sheets(plan: DayPlan, context: Context) -> list[Sheet]:
    """A day's sheets: one, or as many as its density asks (day_parts), the notes
    numbered on through the day."""
    sheets: list[Sheet] = []
    numbered = 0
    for n, part in enumerate(day_parts(plan, context)):
        made, numbered = _sheet(part, context, continued=n > 0, first_note=numbered + 1)
        sheets += made
    return sheets


def _frame(plan: DayPlan, context: Context) -> tuple[float, float, float, float]:
    """Where the day's grid would go on one sheet: left, width, top, bottom (mm)."""
    _, top = _heading(plan, context, continued=False)
    left, width, _ = _columns(context)
    _, top = _room_heads(plan, context, left, width, top)
    _, legend_height = _legend(
        plan, context.setter, context.tracks, context.words, context.paper, context.k, context.lang
    )
    return left, width, top, _grid_bottom(context, legend_height)


def day_parts(plan: DayPlan, context: Context) -> list[DayPlan]:
    """The day as the sheets it needs: its rooms in groups narrow enough for each room's
    lanes (up to LANES_MOST) to be LANE_LEAST wide, then each group's hours in runs short
    enough for each item to be LEAST tall (time_runs). An item in no room (a break) is
    on every group's sheet of its time."""
    k = context.k
    _, width, top, bottom = _frame(plan, context)
    groups: list[list[int]] = [list(range(len(plan.rooms)))]
    if len(plan.rooms) > 1:
        lanes = [1] * len(plan.rooms)
        for column in range(len(plan.rooms)):
            members = [item for item in plan.items if item.column == column]
            lanes[column] = lanes_of(members)
        groups = []
        for column, count in enumerate(lanes):
            widest = max(
                [
                    min(count, LANES_MOST),
                    *(min(lanes[c], LANES_MOST) for c in (groups[-1] if groups else [])),
                ]
            )
            if groups and (len(groups[-1]) + 1) * widest * LANE_LEAST * k <= width:
                groups[-1].append(column)
            else:
                groups.append([column])
    parts: list[DayPlan] = []
    for group in groups:
        renumber = {column: n for n, column in enumerate(group)}
        rooms = tuple(plan.rooms[column] for column in group)
        items = [
            GridItem(item.slot, item.start, item.end, renumber[item.column])
            if item.column is not None
            else item
            for item in plan.items
            if item.column is None or item.column in renumber
        ]
        if not items:
            continue
        for run in time_runs(items, bottom - top, k, plan.day_end):
            parts.append(DayPlan(plan.day, rooms if plan.rooms else (), tuple(run), plan.day_end))
    return parts


def time_runs(
    items: Sequence[GridItem], height: float, k: float, day_end: int | None
) -> list[list[GridItem]]:
    """The items in runs of start times, each run as long as fits `height` (mm) at a
    scale that draws each of its items LEAST tall (the time to the next item in its
    column counts, as a short item is drawn taller into free time; at most HOUR_MOST an
    hour), but for SHORT_FEW of them or a tenth. An item too short for its title at
    LAST_PT even at HOUR_MOST (a three-minute announcement between sessions) asks
    nothing: its title is a note whatever the sheets. A run is one start time at least,
    however long its items."""
    span = {id(item): _span(item, items) for item in items}
    least = (LEAST + GUTTER) * k
    most = HOUR_MOST * k / 60
    # A small block's padding is a quarter of its height: a line at LAST_PT needs twice it.
    readable = (2 * LAST_PT * PT * TITLE_LINE + GUTTER) * k

    def fits(run: Sequence[GridItem]) -> bool:
        drawn = scale(run, 0.0, height, GAP_HEIGHT * k, most, day_end)
        short = [
            item
            for item in run
            if readable <= span[id(item)] * most
            and span[id(item)] * drawn.per_minute < min(least, span[id(item)] * most) * (1 - 1e-9)
        ]
        # A few short items (a welcome of five minutes) are set small or noted; a day of
        # them goes on to another sheet.
        return len(short) <= max(SHORT_FEW, len(run) // 10)

    starts: dict[int, list[GridItem]] = {}
    for item in sorted(items, key=lambda item: item.start):
        starts.setdefault(item.start, []).append(item)
    runs: list[list[GridItem]] = []
    run: list[GridItem] = []
    for group in starts.values():
        if run and not fits([*run, *group]):
            runs.append(run)
            run = []
        run += group
    if run:
        runs.append(run)
    return runs


def _span(item: GridItem, items: Sequence[GridItem]) -> int:
    """An item's minutes, and the free time after it in its column (to the next start)."""
    after = [
        other.start
        for other in items
        if other.start > item.start
        and (item.column is None or other.column is None or other.column == item.column)
    ]
    reach = min(after) if after else item.end + 60
    return max(item.end, reach) - item.start


@dataclass(frozen=True)
class BlockTexts:
    """What a block may say, as printed."""

    tag: str
    time: str
    title: str
    chairs: str
    people: str
    lang: str
    """The title's language."""
    pack: str
    """The pack's language."""
    room: str = ""
    """Its room, for its note (a block too small for a number is found by it)."""

    def all(self) -> list[tuple[str, str, str]]:
        """(style, text, language) of every text it may print."""
        return [
            ("tag", self.tag, self.pack),
            ("time", self.time, self.pack),
            ("title", self.title, self.lang),
            ("title", self.titled, self.lang),
            ("people", self.chairs, self.pack),
            ("people", self.people, self.pack),
        ]

    @property
    def note(self) -> str:
        """Everything it says, on one line, as a note at the sheet's foot says it."""
        return " \u00b7 ".join(
            part for part in (self.time, self.room, self.titled, self.chairs, self.people) if part
        )

    @property
    def titled(self) -> str:
        """The title after its mark, for a block with room for one text only."""
        return f"{self.tag}: {set_apart(self.title)}" if self.tag else self.title


def _texts(slot: Slot, fmt: Formatter, words: Words, lang: str) -> BlockTexts:
    tag = ""
    if slot.cancelled:
        tag = words.cancelled
    elif slot.moved_from:
        tag = words.moved_from % {"room": slot.moved_from}
    chairs = ""
    if slot.chairs:
        label = fmt.ngettext("Chair", "Chairs", len(slot.chairs))
        chairs = fmt.labelled(label, fmt.join([_held(name) for name in slot.chairs]))
    title = slot.title
    # An item elsewhere says where (its place's name; its room too, if it has one):
    # the grid's columns are the venue's rooms, and a reception across them is not in them.
    place = fmt.separator.join(
        part for part in (slot.venue[0] if slot.venue else "", slot.room) if part
    )
    room = place if slot.venue else slot.room or ""
    if slot.venue:
        title = f"{set_apart(title)} \u00b7 {place}"
    people = fmt.join([_held(name) for name in slot.people]) if slot.people else ""
    return BlockTexts(
        tag,
        slot.when,
        title,
        chairs,
        people,
        script_language(slot.title, lang),
        lang,
        room,
    )


def _held(name: str) -> str:
    return name.replace(" ", "\u00a0")


def _clock(fmt: Formatter, minute: int) -> str:
    """A mark of the time axis: 09:00 (a minute past midnight: the next day's clock)."""
    minute %= 24 * 60
    return fmt.time(dt.time(minute // 60, minute % 60))


def _heading(plan: DayPlan, context: Context, continued: bool) -> tuple[list[Placed], float]:
    """The day (`continued` after it on a day's later sheets), the event's line and the
    rule under them; and where what follows starts (mm)."""
    k, setter, lang = context.k, context.setter, context.lang
    inner = context.paper.width - 2 * MARGIN
    day = plan.day.label
    if continued:
        day = f"{day} \u00b7 {context.words.continued}"
    placed: list[Placed] = []
    top = MARGIN
    for style, text, size in ((("day", day, DAY_PT)), ("event", context.event_line, EVENT_PT)):
        measured = setter.measured(style, lang, text)
        line = fit_box(measured, inner, HEAD_LINE, size * k, size * k * 0.5, max_lines=1)
        line = line or wrap.wrap(measured, inner, HEAD_LINE, size * k * 0.5)
        placed.append(Lines(style, line, MARGIN, top, inner, lang))
        top += line.height
    top += 2.0 * k
    placed.append(Box("rule", MARGIN, top, inner, 0.8 * k))
    return placed, top + 0.8 * k + 4.0 * k


def _columns(context: Context) -> tuple[float, float, float]:
    """The grid's left edge and width, and the time axis's width (mm)."""
    k = context.k
    axis = max(
        context.setter.width("axis", context.lang, _clock(context.fmt, m))
        for m in range(0, 24 * 60, 30)
    )
    axis_width = axis * AXIS_PT * k / SAFETY + AXIS_GAP * k
    return MARGIN + axis_width, context.paper.width - 2 * MARGIN - axis_width, axis_width


def _room_heads(
    plan: DayPlan, context: Context, left: float, width: float, top: float
) -> tuple[list[Placed], float]:
    """The rooms' names over their columns; and where the grid starts (mm)."""
    k, setter, lang = context.k, context.setter, context.lang
    if not plan.rooms:
        return [], top
    columns = len(plan.rooms)
    placed: list[Placed] = []
    heads = []
    for room in plan.rooms:
        room_lang = script_language(room, lang)
        measured = setter.measured("room", room_lang, room)
        room_width = width / columns - 2 * PAD * k
        fitted = fit_box(
            measured, room_width, ROOM_LINE, ROOM_PT[0] * k, ROOM_PT[1] * k, max_lines=2
        ) or wrap.wrap(measured, room_width, ROOM_LINE, ROOM_PT[1] * k)
        heads.append((fitted, room_lang))
    head_height = max(fitted.height for fitted, _ in heads) + 2 * PAD * k
    for n, (fitted, room_lang) in enumerate(heads):
        x = left + n * width / columns
        placed.append(
            Box("room-head", x + GUTTER * k / 2, top, width / columns - GUTTER * k, head_height)
        )
        placed.append(
            Lines(
                "room",
                fitted,
                x + PAD * k,
                top + PAD * k,
                width / columns - 2 * PAD * k,
                room_lang,
                "center",
            )
        )
    return placed, top + head_height + GUTTER * k


def _grid_bottom(context: Context, legend_height: float) -> float:
    """Where the grid (and its notes) must end: above the legend, mm."""
    k = context.k
    return (
        context.paper.height
        - MARGIN
        - legend_height
        - (FOOT_GAP * k if legend_height else AXIS_PT * k * PT)
    )


def _sheet(
    plan: DayPlan, context: Context, continued: bool, first_note: int
) -> tuple[list[Sheet], int]:
    """A part of a day (day_parts) on its sheet: heading, room heads, axis, blocks,
    legend, notes; and the sheets of the notes that do not fit at its foot, if any;
    and the last note's number (first_note - 1 without notes)."""
    k, paper, setter, texts, lang = (
        context.k,
        context.paper,
        context.setter,
        context.texts,
        context.lang,
    )
    placed, top = _heading(plan, context, continued)
    left, width, axis_width = _columns(context)
    heads, top = _room_heads(plan, context, left, width, top)
    placed += heads
    columns = max(len(plan.rooms), 1)
    legend, legend_height = _legend(plan, setter, context.tracks, context.words, paper, k, lang)
    bottom = _grid_bottom(context, legend_height)
    most_notes = max(bottom - top, 0.0) * NOTES_SHARE
    notes: list[tuple[int, GridItem]] = []
    placed_blocks: list[Placed] = []
    drawn: list[Block] = []
    notes_height = 0.0
    said = Said()
    for _ in range(4):
        grid_scale = scale(
            plan.items,
            top,
            bottom - notes_height - top,
            GAP_HEIGHT * k,
            HOUR_MOST * k / 60,
            plan.day_end,
        )
        drawn = blocks(plan.items, columns, left, width, grid_scale, GUTTER * k, LEAST * k)
        said = Said()
        placed_blocks, notes = _blocks(
            drawn, setter, texts, context.tracks, k, plan, said, first_note
        )
        needed = min(_notes_height(notes, setter, texts, paper, k, lang), most_notes)
        if needed <= notes_height + 0.01:
            break
        notes_height = needed
    context.said.small.update(said.small)
    placed += _axis(
        grid_scale, setter, context.fmt, MARGIN, axis_width - AXIS_GAP * k, left, width, k, lang
    )
    placed += placed_blocks
    placed += legend_at(legend, paper.height - MARGIN - legend_height)
    rows = _note_rows(notes, setter, texts, paper, k, lang)
    here, y = 0, bottom - notes_height + (2 * k if notes else 0.0)
    while here < len(rows) and y + rows[here][1] <= bottom + 0.01:
        placed += _moved(rows[here][0], y)
        y += rows[here][1]
        here += 1
    sheets = [Sheet(paper.width, paper.height, tuple(placed), tuple(drawn))]
    for n, (number, item) in enumerate(notes):
        context.said.noted[_label(item, plan)] = (number, n >= here)
    rest = rows[here:]
    while rest:
        page, top = _heading(plan, context, continued=True)
        y = top + 2 * k
        taken = 0
        while taken < len(rest) and (not taken or y + rest[taken][1] <= paper.height - MARGIN):
            page += _moved(rest[taken][0], y)
            y += rest[taken][1]
            taken += 1
        sheets.append(Sheet(paper.width, paper.height, tuple(page), ()))
        rest = rest[taken:]
    return sheets, notes[-1][0] if notes else first_note - 1


def _moved(things: Sequence[Placed], top: float) -> list[Placed]:
    """Things placed from y = 0, moved down by top."""
    return legend_at(list(things), top)


def legend_at(legend: list[Placed], top: float) -> list[Placed]:
    """The legend's things, moved down to start at top."""
    moved: list[Placed] = []
    for thing in legend:
        if isinstance(thing, Box):
            moved.append(Box(thing.part, thing.x, thing.y + top, thing.width, thing.height))
        else:
            moved.append(
                Lines(
                    thing.part,
                    thing.wrapped,
                    thing.x,
                    thing.y + top,
                    thing.width,
                    thing.lang,
                    thing.align,
                )
            )
    return moved


def _legend(
    plan: DayPlan,
    setter: Setter,
    tracks: dict[str, Track],
    words: Words,
    paper: Paper,
    k: float,
    lang: str,
) -> tuple[list[Placed], float]:
    """The day's tracks, each its colour, its letter and its name, in rows from the
    sheet's start edge (y from 0: legend_at moves them); and its height (0 without)."""
    used = [
        tracks[name] for name in dict.fromkeys(i.slot.track for i in plan.items if i.slot.track)
    ]
    if not used:
        return [], 0.0
    size = LEGEND_PT * k
    line = size * FOOT_LINE * PT
    badge = BADGE * k
    inner = paper.width - 2 * MARGIN
    placed: list[Placed] = []
    label = Wrapped((setter.case("legend", words.tracks),), size, FOOT_LINE)
    label_width = setter.width("legend", lang, words.tracks) * size / SAFETY
    placed.append(Lines("legend", label, MARGIN, 0.0, label_width + 1, lang))
    x, y = MARGIN + label_width + 4 * k, 0.0
    for track in used:
        name_lang = script_language(track.name, lang)
        name_width = setter.width("legend", name_lang, track.name) * size / SAFETY
        entry = badge + 2 * k + min(name_width, inner - badge - 2 * k) + 6 * k
        if x + entry > MARGIN + inner and x > MARGIN + label_width + 4 * k:
            x, y = MARGIN + label_width + 4 * k, y + max(line, badge) + 2 * k
        top = y + (line - badge) / 2
        placed.append(Box(track.part, x, top, badge, badge))
        placed.append(Box(f"{track.part}/badge", x, top, badge, badge))
        letter = Wrapped((setter.case("letter", track.letter),), badge / PT * BADGE_TEXT, 1.0)
        placed.append(
            Lines(
                f"{track.part}/letter",
                letter,
                x,
                top + (badge - letter.height) / 2,
                badge,
                lang,
                "center",
            )
        )
        name = wrap.wrap(
            setter.measured("legend", name_lang, track.name), inner - badge - 2 * k, FOOT_LINE, size
        )
        placed.append(Lines("legend", name, x + badge + 2 * k, y, name_width + 1, name_lang))
        x += entry
    height = y + max(line, badge) + 3 * k
    return placed, height


def _axis(
    grid_scale: Scale,
    setter: Setter,
    fmt: Formatter,
    x: float,
    width: float,
    left: float,
    grid_width: float,
    k: float,
    lang: str,
) -> list[Placed]:
    """The time axis: a label at each whole hour (and half hour where there is room), a
    line across the grid at each; folded stretches as gap bands."""
    placed: list[Placed] = []
    size = AXIS_PT * k
    line = size * 1.2 * PT
    halves = grid_scale.per_minute * 30 >= line * 1.6
    for top, bottom in grid_scale.gaps:
        placed.append(Box("gap", x, top, left + grid_width - x, bottom - top))
    for minute, y in grid_scale.hours():
        whole = minute % 60 == 0
        if not whole and not halves:
            continue
        placed.append(Box("hour-line" if whole else "half-line", left, y, grid_width, 0.25 * k))
        label = Wrapped(
            (setter.case("axis", _clock(fmt, minute)),), size if whole else size * 0.8, 1.2
        )
        placed.append(Lines("axis", label, x, y - label.height / 2, width, lang, "end"))
    return placed


def _blocks(
    drawn: Sequence[Block],
    setter: Setter,
    texts: dict[Slot, BlockTexts],
    tracks: dict[str, Track],
    k: float,
    plan: DayPlan,
    said: Said,
    first_note: int = 1,
) -> tuple[list[Placed], list[tuple[int, GridItem]]]:
    """Each block's box, its track's letter and its words (as many as fit); and the
    items whose titles go into notes, numbered from first_note."""
    placed: list[Placed] = []
    notes: list[tuple[int, GridItem]] = []
    for block in drawn:
        slot = block.item.slot
        track = tracks.get(slot.track or "")
        kind = "cancelled" if slot.cancelled else "break" if slot.is_break else "session"
        if track is not None and not slot.cancelled:
            kind = track.part
        placed.append(Box(kind, block.x, block.y, block.width, block.height))
        pad = min(PAD * k, block.height / 4, block.width / 4)
        room = block.width - 2 * pad
        if track is not None:
            badge = min(BADGE * k, block.height - 2 * pad, block.width / 3)
            bx = block.x + block.width - pad - badge
            placed.append(Box(f"{kind}/badge", bx, block.y + pad, badge, badge))
            letter = Wrapped((setter.case("letter", track.letter),), badge / PT * BADGE_TEXT, 1.0)
            placed.append(
                Lines(
                    f"{kind}/letter",
                    letter,
                    bx,
                    block.y + pad + (badge - letter.height) / 2,
                    badge,
                    texts[slot].pack,
                    "center",
                )
            )
            room -= badge + pad
        if not block.main:
            continue
        words, small = _words(block, setter, texts[slot], kind, pad, room, k)
        if small is not None:
            said.small[_label(block.item, plan)] = small
        if words is None:
            number = first_note + len(notes)
            notes.append((number, block.item))
            digits = "9" * len(str(number))
            wide = setter.width("marker", texts[slot].pack, digits) / SAFETY
            size = min(
                TITLE_PT * k,
                (block.height - 2 * pad) / PT / TITLE_LINE,
                room / wide if wide > 0 else TITLE_PT * k,
            )
            if size < MARKER_LEAST:
                continue  # a sliver of a block: its note says its time and room
            marker = Wrapped((str(number),), size, TITLE_LINE)
            placed.append(
                Lines(
                    f"{kind}/marker",
                    marker,
                    block.x + pad,
                    block.y + pad,
                    max(room, 0.1),
                    texts[slot].pack,
                )
            )
            continue
        placed += words
    return placed, notes


def _words(
    block: Block,
    setter: Setter,
    texts: BlockTexts,
    kind: str,
    pad: float,
    room: float,
    k: float,
) -> tuple[list[Placed] | None, float | None]:
    """A block's words, as many as fit (see the module's docstring), and the size its
    title was set at when under TITLE_FLOOR (to be said); None for the words when
    nothing fits, not even the title at LAST_PT."""
    height = block.height - 2 * pad
    if room <= 0 or height <= 0:
        return None, None
    entries = [
        ("tag", setter.measured("tag", texts.pack, texts.tag), SMALL_SHARE, SMALL_LINE),
        ("time", setter.measured("time", texts.pack, texts.time), SMALL_SHARE, SMALL_LINE),
        ("title", setter.measured("title", texts.lang, texts.title), 1.0, TITLE_LINE),
        ("chairs", setter.measured("people", texts.pack, texts.chairs), PEOPLE_SHARE, SMALL_LINE),
        ("people", setter.measured("people", texts.pack, texts.people), PEOPLE_SHARE, SMALL_LINE),
    ]
    tries = [
        entries,
        [entry for entry in entries if entry[0] != "time"],
        [entry for entry in entries if entry[0] not in ("time", "chairs")],
        [entry for entry in entries if entry[0] in ("tag", "title")],
    ]
    for stack, floor in zip(tries, (*STACK_FLOORS, TITLE_FLOOR), strict=True):
        shown = [entry for entry in stack if entry[1].pieces]
        fitted = fit_stack(
            [(m, share, line) for _, m, share, line in shown],
            room,
            height,
            TITLE_PT * k,
            floor * k,
            TEXT_GAP * k,
        )
        if fitted:
            return _stacked(block, shown, fitted, kind, pad, room), None
    alone = setter.measured("title", texts.lang, texts.titled)
    for largest, smallest in ((TITLE_PT, TITLE_FLOOR), (TITLE_FLOOR, LAST_PT)):
        last = fit_box(alone, room, TITLE_LINE, largest * k, smallest * k, height=height)
        if last is not None:
            words = _stacked(block, [("title", alone, 1.0, TITLE_LINE)], [last], kind, pad, room)
            return words, last.size if smallest == LAST_PT else None
    return None, None


def _stacked(
    block: Block,
    shown: Sequence[tuple[str, Measured, float, float]],
    fitted: Sequence[Wrapped],
    kind: str,
    pad: float,
    room: float,
) -> list[Placed]:
    placed: list[Placed] = []
    y = block.y + pad
    gap = TEXT_GAP * (fitted[0].size / TITLE_PT) if fitted else 0.0
    for (name, measured, _, _), lines in zip(shown, fitted, strict=True):
        style = "people" if name == "chairs" else name
        placed.append(Lines(f"{kind}/{style}", lines, block.x + pad, y, room, measured.lang))
        y += lines.height + gap
    return placed


def _notes_height(
    notes: Sequence[tuple[int, GridItem]],
    setter: Setter,
    texts: dict[Slot, BlockTexts],
    paper: Paper,
    k: float,
    lang: str,
) -> float:
    """The height of the notes at a sheet's foot, mm (0 without)."""
    rows = _note_rows(notes, setter, texts, paper, k, lang)
    return sum(height for _, height in rows) + (2 * k if notes else 0.0)


def _note_rows(
    notes: Sequence[tuple[int, GridItem]],
    setter: Setter,
    texts: dict[Slot, BlockTexts],
    paper: Paper,
    k: float,
    lang: str,
) -> list[tuple[list[Placed], float]]:
    """Each title that did not fit its block, after its number, from y = 0; and its
    height (mm)."""
    rows: list[tuple[list[Placed], float]] = []
    size = NOTE_PT * k
    inner = paper.width - 2 * MARGIN
    widest = str(max((number for number, _ in notes), default=1))
    number_width = setter.width("note", lang, "9" * max(len(widest), 2)) * size / SAFETY + 2 * k
    for number, item in notes:
        block = texts[item.slot]
        fitted = wrap.wrap(
            setter.measured("note", block.lang, block.note), inner - number_width, FOOT_LINE, size
        )
        rows.append(
            (
                [
                    Lines(
                        "note",
                        Wrapped((str(number),), size, FOOT_LINE),
                        MARGIN,
                        0.0,
                        number_width,
                        lang,
                    ),
                    Lines(
                        "note", fitted, MARGIN + number_width, 0.0, inner - number_width, block.lang
                    ),
                ],
                fitted.height,
            )
        )
    return rows


def _label(item: GridItem, plan: DayPlan) -> str:
    """How a warning names an item: its title (shortened), its day and time."""
    title = plain(item.slot.title)
    title = title if len(title) <= 60 else title[:59] + "\u2026"
    when = ", ".join(plain(part) for part in (plan.day.short, item.slot.when) if part)
    return f"'{title}' ({when})"


def _say(said: Said) -> None:
    for label, size in said.small.items():
        log.warning(
            "timetable: %s: its block is too small for its title at %g pt: set at %.1f pt; "
            "a shorter title, or a larger sheet (--timetable-paper), reads better",
            label,
            TITLE_FLOOR,
            size,
        )
    for label, (number, after) in said.noted.items():
        log.warning(
            "timetable: %s: its block is too small for its title at any size: it is "
            "printed in note %d %s; a shorter title, or a larger sheet "
            "(--timetable-paper), keeps it in its block",
            label,
            number,
            "on the sheet of notes after its block's" if after else "at the sheet's foot",
        )
