"""Pieces placed on sheets: the grid, the mirrored backs for duplex, the cut and fold
marks."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from brochure.cards.layout import SheetLayout

C = TypeVar("C")

#: Longest cut mark, and the gap it keeps from the cards, in mm.
MARK_LENGTH, MARK_GAP = 4.0, 1.0
#: Shortest mark worth drawing, in mm: a margin with less room has none.
MARK_SHORTEST = 1.5


@dataclass(frozen=True)
class Placed(Generic[C]):
    """A card at its place on a sheet: x, y of its top left corner in mm."""

    x: float
    y: float
    card: C


@dataclass(frozen=True)
class Sheet(Generic[C]):
    """One side of one sheet of paper."""

    cards: tuple[Placed[C], ...]
    back: bool = False
    turned: bool = False
    """A back whose cards are drawn upside down: the sheet is turned over a horizontal
    edge, so a card that turns on its lanyard (about its vertical axis) reads upright."""


@dataclass(frozen=True)
class Mark:
    """A cut or fold mark: a short line on the line of a cut (in the sheet's margin,
    pointing at the cards) or of a fold (at its ends, on the piece). x, y: its start (mm
    from the sheet's top left); across: horizontal (the mark of a cut or fold across the
    sheet) or vertical; length in mm."""

    x: float
    """Where it starts, mm from the sheet's left edge."""
    y: float
    """Where it starts, mm from the sheet's top edge."""
    across: bool
    """Horizontal (the mark of a cut across the sheet), else vertical."""
    length: float
    """In mm."""


def paginate(
    cards: Sequence[C], layout: SheetLayout, back: bool, flip: str = "long"
) -> list[Sheet[C]]:
    """Place cards on sheets, row by row; with a back side, each sheet is followed by its
    mirror image, so each back lands behind its own front when the duplex printer turns
    the sheet over its `flip` edge (long or short).

    Turning over a vertical edge mirrors left and right (columns swap), over a
    horizontal one top and bottom (rows swap): the long edge is vertical on a portrait
    sheet, the short edge on a landscape one.
    """
    sheets: list[Sheet[C]] = []
    per = layout.per_sheet
    over_vertical_edge = (flip == "long") != layout.landscape
    for start in range(0, len(cards), per):
        chunk = cards[start : start + per]
        fronts, backs = [], []
        for index, card in enumerate(chunk):
            front = _placed(card, layout, *divmod(index, layout.columns))
            fronts.append(front)
            if back:
                # Where the front is seen from the other side: its place mirrored across
                # the sheet, so it lands behind its front however the grid stands.
                if over_vertical_edge:
                    x, y = layout.page.width - front.x - layout.card.width, front.y
                else:
                    x, y = front.x, layout.page.height - front.y - layout.card.height
                backs.append(Placed(x, y, card))
        sheets.append(Sheet(tuple(fronts)))
        if back:
            sheets.append(Sheet(tuple(backs), back=True, turned=not over_vertical_edge))
    return sheets


def sheet_count(cards: int, layout: SheetLayout, back: bool) -> int:
    """How many pages `cards` cards take (twice as many with backs)."""
    return math.ceil(cards / layout.per_sheet) * (2 if back else 1)


def _placed(card: C, layout: SheetLayout, row: int, column: int) -> Placed[C]:
    return Placed(*layout.origin(row, column), card)


def cut_marks(layout: SheetLayout) -> tuple[Mark, ...]:
    """Where a guillotine cuts: for each cut line, a mark in the margin at each of its
    ends, outside the cards (so none is left on a cut card) and outside the printer's
    margin (so it prints)."""
    if not layout.cut_marks:
        return ()
    # Each card's two edges: one cut between cards that touch, two where a gap parts them.
    xs = sorted({round(x + e, 6) for x, _ in _corners(layout) for e in (0.0, layout.card.width)})
    ys = sorted({round(y + e, 6) for _, y in _corners(layout) for e in (0.0, layout.card.height)})
    right = layout.page.width - layout.margin_x - layout.grid_width
    bottom = layout.page.height - layout.margin_y - layout.grid_height
    marks = []
    for margins, cuts, across, far in (
        ((layout.margin_y, bottom), xs, False, layout.page.height),
        ((layout.margin_x, right), ys, True, layout.page.width),
    ):
        for cut in cuts:
            for room, far_side in ((margins[0], False), (margins[1], True)):
                length = min(MARK_LENGTH, room - MARK_GAP - layout.printer_margin)
                if length < MARK_SHORTEST:
                    continue
                start = far - room + MARK_GAP if far_side else room - MARK_GAP - length
                marks.append(
                    Mark(start, cut, across, length) if across else Mark(cut, start, across, length)
                )
    return tuple(marks)


def _corners(layout: SheetLayout) -> list[tuple[float, float]]:
    """The top left corner of every place on a sheet, mm."""
    return [layout.origin(r, c) for r in range(layout.rows) for c in range(layout.columns)]


def fold_marks(layout: SheetLayout, sheet: Sheet[C]) -> tuple[Mark, ...]:
    """Where each piece of a sheet folds (the layout's `fold`): at both ends of its fold
    line, a mark from the piece's edge inward, inside its padding, so it stands outside
    the printed faces, and on the piece itself, so it is still there once the pieces
    are cut apart; kept out of the printer's margin. None for a layout that does not
    fold, or whose padding leaves a mark no room (under MARK_SHORTEST)."""
    if layout.fold is None:
        return ()
    across = layout.fold == "across"
    # Along the fold: the piece's extent, and the sheet's edges the printer keeps off.
    extent = layout.card.width if across else layout.card.height
    page = layout.page.width if across else layout.page.height
    marks = []
    for placed in sheet.cards:
        start = placed.x if across else placed.y
        line = placed.y + layout.card.height / 2 if across else placed.x + layout.card.width / 2
        near = max(start, layout.printer_margin)
        far = min(start + extent, page - layout.printer_margin)
        # Each mark reaches from the piece's edge (or the printer's margin) inward,
        # stopping MARK_GAP short of where the faces begin.
        inner_start = start + layout.padding - MARK_GAP
        inner_end = start + extent - layout.padding + MARK_GAP
        for first, length in (
            (near, min(MARK_LENGTH, inner_start - near)),
            (far - min(MARK_LENGTH, far - inner_end), min(MARK_LENGTH, far - inner_end)),
        ):
            if length >= MARK_SHORTEST:
                marks.append(
                    Mark(first, line, True, length) if across else Mark(line, first, False, length)
                )
    return tuple(marks)
