"""How a printed file is finished after the printer: the rules each finish sets for it.

An output declares the finish of each PDF it writes (outputs/base.py); preflight reads
its rules from here (which page counts are whole, where the guillotine cuts, whether
bleed is asked for), so it never needs to know a file by its name. Kept as data beside
the code, as WeasyPrint keeps its PDF variants.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Cut = Literal["trim", "cards", "none"]
"""Where a guillotine cuts: at the trim box around each page, along the cards a layout
places on the sheet, or nowhere (the sheet is used as it comes from the printer)."""


@dataclass(frozen=True)
class Finish:
    """What happens to a file's sheets once printed, and what that asks of its pages."""

    name: str
    """How outputs declare it and preflight names it: pages, imposed, cut, folded, sheets."""
    summary: str
    """A few words on what is done with the sheets, for preflight's table."""
    pages_per_unit: int
    """Its page count is a multiple of this: 4 for a folded booklet's pages (one sheet
    folded once carries four), 2 for pages printed on both sides, 1 for anything."""
    whole: str
    """What a good page count makes, for preflight: `{units} folded sheets` ({units}: the
    count divided by pages_per_unit)."""
    needs: str
    """Why another count is wrong, for preflight: `a folded booklet needs a multiple of 4`."""
    cut: Cut
    """Where the guillotine cuts: only pages cut at their trim have a safe area to check."""
    uncut: str
    """For preflight, why the page's edges need no safe area (`folded, not cut`); ''
    when they do."""
    bleed: bool
    """Whether a print shop's copy needs bleed past its trim (only pages that are cut at
    their trim do)."""


#: The pages of a saddle-stitched booklet in reading order, to be printed on folded
#: sheets and trimmed (the brochure).
PAGES = Finish(
    "pages",
    "a booklet's pages, folded and trimmed",
    4,
    "{units} folded sheets",
    "a folded booklet needs a multiple of 4 ({whole})",
    "trim",
    "",
    True,
)
#: A booklet's pages imposed two to a side for a duplex office printer: folded and
#: stapled as printed, never cut.
IMPOSED = Finish(
    "imposed",
    "sheets printed on both sides, folded",
    2,
    "{units} sheets printed on both sides, to fold into a booklet",
    "an imposed booklet prints both sides of each sheet, an even number of pages",
    "none",
    "folded, not cut",
    False,
)
#: Sheets cut into cards along the layout's cut marks (badges).
CUT = Finish(
    "cut",
    "sheets cut into cards",
    1,
    "sheets cut into cards",
    "",
    "cards",
    "cut along the cards, not the page",
    False,
)
#: Sheets folded into standing cards (table tents): folded along the layout's fold line,
#: cut along its cards when there are several on a sheet.
FOLDED = Finish(
    "folded",
    "sheets folded into cards",
    1,
    "sheets folded into cards",
    "",
    "cards",
    "folded, and cut along the cards, not the page",
    False,
)
#: Loose sheets used as they come from the printer (door signs, certificates).
SHEETS = Finish(
    "sheets", "loose sheets", 1, "loose sheets", "", "none", "used as printed, not cut", False
)

FINISHES: dict[str, Finish] = {f.name: f for f in (PAGES, IMPOSED, CUT, FOLDED, SHEETS)}
"""Every finish, by name."""
