"""Where everything on a door sign goes: the room's name across the top, the day under
it, then the room's programme, a row per session or break, onto as many sheets as the
day takes; each text fitted by measuring (cards/wrap.py). Lengths in mm, sizes in pt.

Readable at two metres: the room's name is never under ROOM_PT[1] (60 pt), a session's
title never under its floor (18 pt): a title is set on one line down to its one-line
size, then on two even lines down to the floor, then on as many lines as it takes at
the floor, and said (a warning naming the item). A day that does not fit one sheet is
set a little tighter (COMPACT: smaller titles, times and names, never under their
floors) when that keeps it on one; else it goes on over more sheets. Nothing is cut: a
word wider than a whole line at its floor is set smaller, and said too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from brochure.cards.fit import SAFETY, Widths
from brochure.cards.looks import TextLook
from brochure.cards.placed import Box, Lines, Placed
from brochure.cards.text import TALL_SCRIPTS
from brochure.cards.wrap import PT, Measured, Wrapped, fit_box, wrap
from brochure.finishing.paper import Paper
from brochure.outputs.view import plain
from brochure.textrules import script_language

if TYPE_CHECKING:
    from brochure.outputs.signs.plan import Entry, Sign

#: The page's margins: sides, top, foot (office printers leave about 5 mm unprinted).
SIDE, TOP, FOOT = 15.0, 14.0, 12.0
#: The room's name: largest and smallest size (pt), and the smallest at which it is
#: kept on one line ("MA 005" on one line at 100 pt rather than two at 130).
ROOM_PT = (130.0, 60.0)
ROOM_ONE_LINE = 84.0
#: Its line height; more in scripts whose letters reach far below the line (Arabic).
ROOM_LINE, ROOM_TALL_LINE = 1.08, 1.3
#: The day under it: largest and smallest on one line.
DAY_PT = (30.0, 22.0)
DAY_LINE = 1.2
#: The rule under the header, and the space around it.
RULE, RULE_GAP = 1.6, 6.0
#: Line heights, as multiples of the size: times, titles, people, marks, breaks.
TIME_LINE, TITLE_LINE, PEOPLE_LINE, TAG_LINE, BREAK_LINE = 1.15, 1.15, 1.25, 1.2, 1.2
#: The mark's box's padding, a break's band's, and the space between a row's parts.
TAG_PAD, BREAK_PAD, PART_GAP = 1.6, 2.6, 1.2
#: Space between the time column and the rest of a row.
COLUMN_GAP = 7.0
#: The foot: the event's title, and "continues on the next sheet".
FOOTER_PT, CONTINUES_PT, FOOTER_LINE = 11.0, 14.0, 1.2
FOOTER_GAP = 4.0
#: A row taller than a whole sheet's room is set smaller by this much at a time.
SHRINK = 0.9


@dataclass(frozen=True)
class Sizes:
    """The type sizes (pt) and spacing (mm) of a sign's rows."""

    time: float
    """A session's start."""
    end: float
    """Its end, under the start."""
    title: float
    """A title's largest size."""
    title_one_line: float
    """The smallest it is set at on one line, before it takes two."""
    title_floor: float
    """The smallest it is ever set at (it wraps onto more lines there)."""
    people: float
    """Chairs and speakers."""
    tag: float
    """The mark of a cancelled or moved session."""
    break_: float
    """A break's time and title."""
    row_pad: float
    """Space above and below a session's row, mm."""

    def scaled(self, scale: float) -> Sizes:
        """Every size times scale (for a row taller than a sheet: under the floors)."""
        return Sizes(
            self.time * scale,
            self.end * scale,
            self.title * scale,
            self.title_one_line * scale,
            self.title_floor * scale,
            self.people * scale,
            self.tag * scale,
            self.break_ * scale,
            self.row_pad,
        )


#: How a sign's rows are set (the floors are the issue's: titles at 18 pt and more).
NORMAL = Sizes(26.0, 18.0, 28.0, 22.0, 18.0, 18.0, 16.0, 22.0, 3.4)
#: Tighter, for a day a little too full for one sheet: every size at or over its floor.
COMPACT = Sizes(22.0, 16.0, 22.0, 19.0, 18.0, 16.0, 14.0, 18.0, 2.2)


@dataclass(frozen=True)
class Words:
    """The fixed words a sign prints, in the pack's language."""

    continued: str
    """After the day on a sign's second sheet: "continued"."""
    continues: str
    """At the foot of a sheet whose room's day goes on: "continues on the next sheet"."""
    cancelled: str
    moved_to: str
    """With %(room)s."""
    moved_from: str
    """With %(room)s."""


@dataclass(frozen=True)
class Texts:
    """The text of one sign's row, as it prints (its people's names held whole)."""

    time: str
    end: str
    title: str
    chairs: str
    people: str
    tag: str
    lang: str
    """The title's language (its script's, else the pack's)."""


@dataclass
class Said:
    """What the layout had to do that an organiser should hear of, by item."""

    wrapped: dict[str, int] = field(default_factory=dict)
    """An item's label -> the lines its title took past two."""
    shrunk: dict[str, float] = field(default_factory=dict)
    """A text's label -> the size it was set at, under its floor."""


@dataclass(frozen=True)
class SignPage:
    """One sheet of a sign: what is on it, placed."""

    placed: tuple[Placed, ...]
    room: str
    day: str
    continued: bool
    continues: bool


@dataclass(frozen=True)
class Setter:
    """Fits texts with the measured widths (fit.measure) in the layout's styles, each in
    the case its style sets (CSS text-transform: measured as it is drawn)."""

    widths: Widths
    cases: Mapping[str, TextLook] = field(default_factory=dict)

    def case(self, style: str, text: str) -> str:
        look = self.cases.get(style)
        return look.cased(text) if look is not None else text

    def measured(self, style: str, lang: str, text: str, keep: bool = False) -> Measured:
        return Measured(self.case(style, text), style, lang, self.widths, keep)


def header(
    setter: Setter, room: str, day: str, lang: str, paper: Paper, said: Said
) -> tuple[list[Placed], float]:
    """The room's name and the day, and the rule under them: placed, with the top of the
    room left for the programme (mm)."""
    inner = paper.width - 2 * SIDE
    room_lang = script_language(room, lang)
    measured = setter.measured("room", room_lang, room)
    spacing = ROOM_TALL_LINE if room_lang.split("-")[0] in TALL_SCRIPTS else ROOM_LINE
    name = fit_box(measured, inner, spacing, ROOM_PT[0], ROOM_ONE_LINE, max_lines=1) or fit_box(
        measured, inner, spacing, ROOM_PT[0], ROOM_PT[1], max_lines=2
    )
    if name is None:
        name = wrap(measured, inner, spacing, ROOM_PT[1])
        if name.shrunk:
            said.shrunk[f"the room's name {room}"] = name.size
    top = TOP
    placed: list[Placed] = [Lines("room", name, SIDE, top, inner, room_lang)]
    top += name.height + 2.0
    day_text = setter.measured("day", lang, day)
    day_fit = fit_box(day_text, inner, DAY_LINE, DAY_PT[0], DAY_PT[1], max_lines=1) or wrap(
        day_text, inner, DAY_LINE, DAY_PT[1]
    )
    placed.append(Lines("day", day_fit, SIDE, top, inner, lang))
    top += day_fit.height + RULE_GAP / 2
    placed.append(Box("rule", SIDE, top, inner, RULE))
    top += RULE + RULE_GAP
    return placed, top


def _foot(setter: Setter, footer: str, lang: str, paper: Paper, label: str) -> list[Placed]:
    """The event's title at the foot (and the label saying the sign goes on, when it does),
    against the foot margin."""
    inner = paper.width - 2 * SIDE
    placed: list[Placed] = []
    bottom = paper.height - FOOT
    room = inner
    if label:
        measured = setter.measured("continues", lang, label)
        fitted = fit_box(measured, inner / 2, FOOTER_LINE, CONTINUES_PT, 8.0, max_lines=1)
        fitted = fitted or wrap(measured, inner / 2, FOOTER_LINE, 8.0)
        placed.append(
            Lines("continues", fitted, SIDE, bottom - fitted.height, inner, lang, align="end")
        )
        room = inner / 2 - 4.0
    measured = setter.measured("footer", lang, footer)
    fitted = fit_box(measured, room, FOOTER_LINE, FOOTER_PT, 6.0, max_lines=1)
    fitted = fitted or wrap(measured, room, FOOTER_LINE, 6.0)
    placed.append(Lines("footer", fitted, SIDE, bottom - fitted.height, room, lang))
    return placed


def foot_height(setter: Setter, footer: str, lang: str, paper: Paper, label: str) -> float:
    """How far up from the page's foot the foot reaches, mm."""
    return FOOT + max(
        (
            thing.height
            for thing in _foot(setter, footer, lang, paper, label)
            if isinstance(thing, Lines)
        ),
        default=0.0,
    )


def row(
    setter: Setter,
    entry: Entry,
    texts: Texts,
    top: float,
    time_width: float,
    paper: Paper,
    pack_lang: str,
    said: Said,
    label: str,
    sizes: Sizes,
) -> tuple[list[Placed], float]:
    """One row of the programme placed from top: its things and its height."""
    inner = paper.width - 2 * SIDE
    if entry.slot.is_break:
        return _break_row(setter, texts, top, time_width, inner, pack_lang, sizes)
    variant = "-cancelled" if entry.mark == "cancelled" else ""
    placed: list[Placed] = []
    y = top + sizes.row_pad
    if texts.time:
        start = Wrapped((setter.case("time", texts.time),), sizes.time, TIME_LINE)
        placed.append(Lines("time" + variant, start, SIDE, y, time_width, pack_lang))
        if texts.end:
            end = Wrapped((setter.case("end", texts.end),), sizes.end, TIME_LINE)
            placed.append(
                Lines("end" + variant, end, SIDE, y + start.height, time_width, pack_lang)
            )
    times = sum(thing.height for thing in placed if isinstance(thing, Lines))
    x = SIDE + time_width + COLUMN_GAP
    width = paper.width - SIDE - x
    if texts.tag:
        tag_part = "tag-cancelled" if entry.mark == "cancelled" else "tag-moved"
        measured = setter.measured("tag", pack_lang, texts.tag)
        fitted = wrap(measured, width - 2 * TAG_PAD, TAG_LINE, sizes.tag)
        if fitted.shrunk:
            said.shrunk[f"the mark of {label}"] = fitted.size
        longest = max(_width(setter, "tag", pack_lang, line) for line in fitted.lines)
        box_width = min(width, longest * fitted.size + 2 * TAG_PAD + 0.5)
        placed.append(Box(tag_part, x, y, box_width, fitted.height + 2 * TAG_PAD * 0.6))
        placed.append(
            Lines(
                tag_part, fitted, x + TAG_PAD, y + TAG_PAD * 0.6, box_width - 2 * TAG_PAD, pack_lang
            )
        )
        y += fitted.height + 2 * TAG_PAD * 0.6 + PART_GAP * 1.5
    title = _title(setter, texts, width, said, label, sizes)
    placed.append(Lines("title" + variant, title, x, y, width, texts.lang))
    y += title.height
    for part, text in (("chairs", texts.chairs), ("people", texts.people)):
        if not text:
            continue
        measured = setter.measured("people", pack_lang, text)
        fitted = wrap(measured, width, PEOPLE_LINE, sizes.people)
        if fitted.shrunk:
            said.shrunk[f"the people of {label}"] = fitted.size
        y += PART_GAP
        placed.append(Lines(part + variant, fitted, x, y, width, pack_lang))
        y += fitted.height
    bottom = max(y, top + sizes.row_pad + times) + sizes.row_pad
    return placed, bottom - top


def _title(
    setter: Setter, texts: Texts, width: float, said: Said, label: str, sizes: Sizes
) -> Wrapped:
    """On one line down to its one-line size, on two even lines down to the floor, else
    wrapped at the floor (said)."""
    measured = setter.measured("title", texts.lang, texts.title)
    largest, one, floor = sizes.title, sizes.title_one_line, sizes.title_floor
    fitted = fit_box(measured, width, TITLE_LINE, largest, one, max_lines=1) or fit_box(
        measured, width, TITLE_LINE, largest, floor, max_lines=2
    )
    if fitted is not None:
        return fitted
    fitted = wrap(measured, width, TITLE_LINE, floor)
    if fitted.shrunk:
        said.shrunk[label] = fitted.size
    else:
        said.wrapped[label] = len(fitted.lines)
    return fitted


def _break_row(
    setter: Setter,
    texts: Texts,
    top: float,
    time_width: float,
    inner: float,
    pack_lang: str,
    sizes: Sizes,
) -> tuple[list[Placed], float]:
    """A break: its time and title on a band across the sign."""
    x = SIDE + time_width + COLUMN_GAP
    width = SIDE + inner - x - BREAK_PAD
    measured = setter.measured("break-title", texts.lang, texts.title)
    size = sizes.break_
    fitted = fit_box(measured, width, BREAK_LINE, size, sizes.title_floor, max_lines=1)
    fitted = fitted or wrap(measured, width, BREAK_LINE, sizes.title_floor)
    height = max(fitted.height, size * BREAK_LINE * PT) + 2 * BREAK_PAD
    y = top + 1.2
    placed: list[Placed] = [Box("break", SIDE, y, inner, height)]
    if texts.time:
        placed.append(
            Lines(
                "break-time",
                Wrapped((setter.case("break-time", texts.time),), size, BREAK_LINE),
                SIDE + BREAK_PAD,
                y + BREAK_PAD,
                time_width,
                pack_lang,
            )
        )
    placed.append(Lines("break-title", fitted, x, y + BREAK_PAD, width, texts.lang))
    return placed, height + 2.4


def _width(setter: Setter, style: str, lang: str, line: str) -> float:
    """A line's width in mm per pt, from its pieces' widths."""
    measured = setter.measured(style, lang, line)
    return sum(measured.widths) + measured.space * sum(
        1 for piece in measured.pieces[1:] if not piece.glued
    )


def time_width(setter: Setter, rows: list[Texts], lang: str, sizes: Sizes) -> float:
    """The time column's width: the widest start, end or break time, mm."""
    widths = [0.0]
    for texts in rows:
        widths.append(_width(setter, "time", lang, texts.time) * sizes.time if texts.time else 0)
        widths.append(_width(setter, "end", lang, texts.end) * sizes.end if texts.end else 0)
    return max(widths) / SAFETY


def lay_out(
    setter: Setter,
    sign: Sign,
    rows: list[Texts],
    paper: Paper,
    words: Words,
    footer: str,
    lang: str,
    said: Said,
) -> list[SignPage]:
    """A sign's sheets (see the module's docstring): as set NORMAL, or COMPACT when that
    keeps on one sheet a day that does not fit one; what had to be said, added to said."""
    pages, own = _set(setter, sign, rows, paper, words, footer, lang, NORMAL)
    if len(pages) > 1:
        tight, tight_said = _set(setter, sign, rows, paper, words, footer, lang, COMPACT)
        if len(tight) < len(pages):
            pages, own = tight, tight_said
    said.wrapped.update(own.wrapped)
    said.shrunk.update(own.shrunk)
    return pages


def _set(
    setter: Setter,
    sign: Sign,
    rows: list[Texts],
    paper: Paper,
    words: Words,
    footer: str,
    lang: str,
    sizes: Sizes,
) -> tuple[list[SignPage], Said]:
    """The header on each sheet (the day marked continued after the first), the rows in
    order, each on the sheet where it fits whole, the foot (marked where the day goes
    on). A row taller than a whole sheet's room is set smaller (SHRINK at a time) until
    it fits one, and said."""
    said = Said()
    first = header(setter, sign.room, sign.day.label, lang, paper, said)
    later = header(
        setter, sign.room, f"{sign.day.label} \u00b7 {words.continued}", lang, paper, said
    )
    bottom = paper.height - foot_height(setter, footer, lang, paper, words.continues) - FOOTER_GAP
    column = time_width(setter, rows, lang, sizes)
    sheets: list[list[Placed]] = [[]]
    top = first[1]
    for entry, texts in zip(sign.entries, rows, strict=True):
        label = _label(sign, entry, texts)
        things, height = row(setter, entry, texts, top, column, paper, lang, said, label, sizes)
        if top + height > bottom and sheets[-1]:
            sheets.append([])
            top = later[1]
            things, height = row(setter, entry, texts, top, column, paper, lang, said, label, sizes)
        scale = 1.0
        while top + height > bottom and scale > 0.3:
            scale *= SHRINK
            smaller = sizes.scaled(scale)
            things, height = row(
                setter, entry, texts, top, column, paper, lang, said, label, smaller
            )
        if scale < 1.0:
            said.shrunk[f"{label}: its row, taller than a sheet,"] = sizes.title_floor * scale
        sheets[-1] += things
        top += height
    pages = []
    for number, things in enumerate(sheets):
        goes_on = number < len(sheets) - 1
        head = first[0] if number == 0 else later[0]
        foot = _foot(setter, footer, lang, paper, words.continues if goes_on else "")
        pages.append(
            SignPage(tuple([*head, *things, *foot]), sign.room, sign.day.label, number > 0, goes_on)
        )
    return pages, said


def _label(sign: Sign, entry: Entry, texts: Texts) -> str:
    """How a warning names a row: its title (shortened), its room, its day and time."""
    title = plain(texts.title)
    title = title if len(title) <= 60 else title[:59] + "\u2026"
    when = ", ".join(plain(part) for part in (sign.day.short, entry.slot.when) if part)
    return f"'{title}' ({plain(sign.room)}, {when})"
