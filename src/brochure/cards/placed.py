"""Text and boxes at their places on a page, named by the part of the layout they are,
and drawn with that part's looks (cards/looks.py) by the card engine.

Layouts place everything as a left-to-right page reads, from the start edge; a page in
a right-to-left language is the same page mirrored (`Page.items(..., rtl=True)`): what
stood at the left stands at the right, lines set against the start edge are set against
the right one, and each line still reads in its own direction (a Latin name on a Hebrew
sign). Lengths in mm from the page's top left, type sizes in pt.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from brochure.cards.looks import PLAIN, Look
from brochure.cards.wrap import PT, Wrapped
from brochure.engines import cards_pdf
from brochure.typography import first_strong

Align = Literal["start", "end", "center"]


@dataclass(frozen=True)
class Lines:
    """A text's lines, set one under the other from top, across width from x."""

    part: str
    """The layout's name for this kind of text (its looks: `title`, `time`)."""
    wrapped: Wrapped
    x: float
    y: float
    width: float
    lang: str
    """BCP 47: its shaping and CJK face."""
    align: Align = "start"

    @property
    def height(self) -> float:
        return self.wrapped.height

    @property
    def bottom(self) -> float:
        return self.y + self.wrapped.height


@dataclass(frozen=True)
class Box:
    """A rectangle painted with its part's background and borders (top, bottom)."""

    part: str
    x: float
    y: float
    width: float
    height: float


Placed = Lines | Box


def items(
    placed: tuple[Placed, ...], looks: Mapping[str, Look], page_width: float, rtl: bool
) -> Iterator[cards_pdf.Item]:
    """The card engine's items for placed things, in order (later on top), mirrored
    across the page for a right-to-left language."""
    for thing in placed:
        look = looks.get(thing.part, PLAIN)
        x = page_width - thing.x - thing.width if rtl else thing.x
        if isinstance(thing, Box):
            if look.painted:
                yield cards_pdf.Rect(x, thing.y, thing.width, thing.height, look.fill)
            width, ink = look.border_top
            if width:
                yield cards_pdf.Rect(x, thing.y, thing.width, width, ink)
            width, ink = look.border_bottom
            if width:
                yield cards_pdf.Rect(x, thing.y + thing.height - width, thing.width, width, ink)
            continue
        yield from _lines(thing, x, look, rtl)


def _lines(thing: Lines, x: float, look: Look, rtl: bool) -> Iterator[cards_pdf.Text]:
    wrapped = thing.wrapped
    step = wrapped.size * wrapped.line_height * PT
    align: Literal["left", "right", "center"] = "center"
    if thing.align != "center":
        align = "right" if (thing.align == "start") == rtl else "left"
    top = thing.y
    for line in wrapped.lines:
        own = first_strong(line) or ("rtl" if rtl else "ltr")
        yield cards_pdf.Text(
            look.text.cased(line),
            x,
            top,
            thing.width,
            look.text.font,
            wrapped.size,
            look.text.colour,
            step,
            thing.lang,
            "rtl" if own == "rtl" else "ltr",
            align,
        )
        top += step
