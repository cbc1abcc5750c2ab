"""Cards placed on sheets: the grid, the mirrored backs for duplex, the cut marks."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from brochure.cards.layout import CardLayout

C = TypeVar("C")

#: Length of each arm of a cut mark, in mm.
MARK_ARM = 3.0


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
    """A cut mark: a cross centred on x, y (mm from the sheet's top left)."""

    x: float
    y: float


def paginate(
    cards: Sequence[C], layout: CardLayout, back: bool, flip: str = "long"
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
            row, column = divmod(index, layout.columns)
            fronts.append(_placed(card, layout, row, column))
            if back:
                if over_vertical_edge:
                    mirror_row, mirror_column = row, layout.columns - 1 - column
                else:
                    mirror_row, mirror_column = layout.rows - 1 - row, column
                backs.append(_placed(card, layout, mirror_row, mirror_column))
        sheets.append(Sheet(tuple(fronts)))
        if back:
            sheets.append(Sheet(tuple(backs), back=True, turned=not over_vertical_edge))
    return sheets


def sheet_count(cards: int, layout: CardLayout, back: bool) -> int:
    """How many pages `cards` cards take (twice as many with backs)."""
    return math.ceil(cards / layout.per_sheet) * (2 if back else 1)


def _placed(card: C, layout: CardLayout, row: int, column: int) -> Placed[C]:
    return Placed(
        layout.margin_x + column * layout.card.width,
        layout.margin_y + row * layout.card.height,
        card,
    )


def cut_marks(layout: CardLayout) -> tuple[Mark, ...]:
    """Crosses where card edges meet, for cutting the sheet with a guillotine."""
    if not layout.cut_marks:
        return ()
    xs = [layout.margin_x + c * layout.card.width for c in range(layout.columns + 1)]
    ys = [layout.margin_y + r * layout.card.height for r in range(layout.rows + 1)]
    return tuple(Mark(x, y) for x in xs for y in ys)
