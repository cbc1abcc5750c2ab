"""Printed booklets are folded sheets: their page count is a multiple of four."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

#: Pages on one sheet folded once (two leaves, printed on both sides).
PAGES_PER_SHEET = 4

D = TypeVar("D")


def spare_pages(pages: int, per_sheet: int = PAGES_PER_SHEET) -> int:
    """How many pages make `pages` up to whole sheets (0 to per_sheet - 1)."""
    return -pages % per_sheet


def to_whole_sheets(lay_out: Callable[[int], D], pages: Callable[[D], int]) -> D:
    """A document padded to whole sheets with spare (note) pages.

    lay_out(n) lays the document out with n spare pages where its layout puts them
    (note pages before the back cover); pages(d) counts d's pages. Laid out once more
    only when the first result is not whole sheets already.
    """
    document = lay_out(0)
    spare = spare_pages(pages(document))
    return lay_out(spare) if spare else document
