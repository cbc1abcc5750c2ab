"""Booklet imposition: a document's pages two-up on sheets, in saddle-stitch order.

Print the result on both sides, flipping on the short edge, stack the sheets as they
come out, fold the stack once and staple it on the fold: the pages read in order. The
pages are the brochure's own PDF pages placed as they are (form XObjects, cut to their
TrimBox), not laid out a second time.

A booklet in a language written right to left (Arabic, Hebrew) is bound on its right
edge: its cover is the left half of the outer sheet and its pages turn from left to
right, so each side carries the same two pages the other way round.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from brochure.finishing.folding import PAGES_PER_SHEET
from brochure.finishing.paper import Paper

if TYPE_CHECKING:
    import pikepdf


@dataclass(frozen=True)
class Side:
    """One side of a sheet: the page on the left half and on the right, 0-based page
    numbers, None for a blank half."""

    left: int | None
    right: int | None


def saddle_stitch(pages: int, right_to_left: bool = False) -> list[Side]:
    """The sides, in printing order (front, back, front, ...), of a booklet of `pages`
    pages padded with blanks to whole sheets.

    Sheet k (from the outside in) carries on its front the last page still unplaced and
    the first; on its back, the second and the last but one. 8 pages: [8|1] [2|7] [6|3]
    [4|5] (1-based). Bound on the right (right_to_left), the cover is on the left of the
    fold and each side is mirrored: [1|8] [7|2] [3|6] [5|4].
    """
    total = pages + (-pages % PAGES_PER_SHEET)

    def page(index: int) -> int | None:
        return index if index < pages else None

    def side(left: int, right: int) -> Side:
        # Bound on the right, each side is the one bound on the left, mirrored.
        return Side(page(right), page(left)) if right_to_left else Side(page(left), page(right))

    sides = []
    for sheet in range(total // PAGES_PER_SHEET):
        first, last = 2 * sheet, total - 1 - 2 * sheet
        sides.append(side(last, first))
        sides.append(side(first + 1, last - 1))
    return sides


def booklet(
    pdf: bytes, sheet: Paper, title: str, language: str, right_to_left: bool = False
) -> bytes:
    """pdf's pages imposed two-up on landscape sheets of `sheet`, in saddle-stitch order,
    bound on the left, or on the right for a language written right to left.

    Each page is cut to its TrimBox (a print shop's bleed and marks fall away) and set
    against the fold: the left page's right edge and the right page's left edge meet at
    the sheet's middle. A page larger than half the sheet is scaled down to fit.
    """
    import pikepdf

    width, height = sheet.points[1], sheet.points[0]  # landscape
    with pikepdf.open(io.BytesIO(pdf)) as source, pikepdf.new() as out:
        forms = [_trimmed_form(page) for page in source.pages]
        for side in saddle_stitch(len(forms), right_to_left):
            page = out.add_blank_page(page_size=(width, height))
            placed = pikepdf.Dictionary()
            page.obj.Resources = pikepdf.Dictionary(XObject=placed)
            content = []
            for slot, index in (("left", side.left), ("right", side.right)):
                if index is None:
                    continue
                name = pikepdf.Name(f"/P{index + 1}")
                placed[name] = out.copy_foreign(forms[index])
                rect = _half(forms[index], slot, width, height)
                content.append(page.calc_form_xobject_placement(forms[index], name, rect))
            page.contents_add(pikepdf.Stream(out, b"".join(content)))
        out.docinfo[pikepdf.Name.Title] = title
        out.Root.Lang = pikepdf.String(language)
        out.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        buffer = io.BytesIO()
        out.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def _trimmed_form(page: pikepdf.Page) -> Any:
    """The page as a form XObject whose BBox is its TrimBox (or MediaBox)."""
    form = page.as_form_xobject()
    box = page.obj.get("/TrimBox", page.obj.MediaBox)
    form.BBox = box
    return form


def _half(form: Any, slot: str, width: float, height: float) -> Any:
    """Where a page goes on the sheet: against the fold, centred across, shrunk to fit."""
    import pikepdf

    x0, y0, x1, y1 = (float(v) for v in form.BBox)
    scale = min(1.0, (width / 2) / (x1 - x0), height / (y1 - y0))
    w, h = (x1 - x0) * scale, (y1 - y0) * scale
    bottom = (height - h) / 2
    left = width / 2 - w if slot == "left" else width / 2
    return pikepdf.Rectangle(left, bottom, left + w, bottom + h)
