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


def to_whole_sheets(
    lay_out: Callable[[int], D],
    pages: Callable[[D], int],
    spares: Callable[[D], list[int]] | None = None,
    dropped: Callable[[D, list[int]], D] | None = None,
) -> D:
    """A document padded to whole sheets with spare (note) pages.

    lay_out(n) lays the document out with n spare pages where its layout puts them
    (note pages before the back cover); pages(d) counts d's pages. Laid out once more
    only when the first result is not whole sheets already.

    With spares(d) (the numbers, from 0, of d's spare pages, in order) and dropped(d, numbers)
    (d without those pages), it is laid out once in every case: with as many spare
    pages as a sheet can need (PAGES_PER_SHEET - 1), the ones not needed then dropped
    (a page after them keeps its look: a back cover prints no number). That holds where
    each spare page is a page of its own; a layout whose spare pages are not (spares
    finds another number of them) is laid out as above.
    """
    if spares is not None and dropped is not None:
        most = PAGES_PER_SHEET - 1
        document = lay_out(most)
        found = spares(document)
        if len(found) == most:
            needed = spare_pages(pages(document) - most)
            return dropped(document, found[needed:]) if needed < most else document
    document = lay_out(0)
    spare = spare_pages(pages(document))
    return lay_out(spare) if spare else document
