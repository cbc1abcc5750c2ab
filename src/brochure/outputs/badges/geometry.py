"""Where the parts of a badge go: the card's geometry, its placed blocks, its content.

Computed in Python, drawn by the card engine (badges/drawing.py); badges.css gives only the
looks. Lengths in mm from the card's edges, type sizes in pt.
"""

from __future__ import annotations

from dataclasses import dataclass

from brochure.cards.text import PT, Block
from brochure.outputs.badges.layout import BadgeLayout

GAP = 2.0
"""Space between the blocks of a card, in mm."""
#: The back's programme and name, as shares of the details' and the family name's size:
#: smaller than the front, so that more of the programme fits under the name.
BACK_SCALE, BACK_NAME_SCALE = 0.8, 0.8
#: The "Programme" label on a badge's back: type size (pt) and line height.
BACK_TITLE_PT, BACK_TITLE_LINE = 8.0, 1.4
#: Printers feed a sheet a little short of its nominal height: the sheet box is this much
#: shorter (mm), so a full sheet never spills onto a second page.
SHEET_SLACK = 0.5


@dataclass(frozen=True)
class CardGeometry:
    """Where the parts of every card go: mm from the card's edges, type sizes in pt.

    Computed here, printed by the template; badges.css only gives the looks.
    """

    padding: float
    """Space kept clear inside the card's edges."""
    name_top: float
    """Top of the name area."""
    name_height: float
    """Height of the name area."""
    details_bottom: float
    """Distance of the details' foot from the card's foot."""
    details_right_with_qr: float
    """The details' right edge when a QR code sits beside them."""
    band_height: float
    """Height of the role band along the card's foot."""
    band_size: float
    """Type size of the role band's word, pt."""
    qr_size: float
    """Side of the QR code."""
    back_title_size: float
    """Type size of the back's Programme label, pt."""
    back_title_line: float
    """Line height of that label, a multiple of its size."""
    sheet_height: float
    """Height of a sheet's box: the page's, a little short (SHEET_SLACK)."""

    @classmethod
    def of(cls, layout: BadgeLayout, header: list[Block]) -> CardGeometry:
        top = layout.padding + sum(block.height for block in header) + GAP
        details_bottom = layout.band_height + layout.padding * 0.6
        return cls(
            padding=layout.padding,
            name_top=top,
            name_height=layout.card.height - top - layout.band_height - layout.padding,
            details_bottom=details_bottom,
            details_right_with_qr=layout.padding + layout.qr_size + GAP,
            band_height=layout.band_height,
            band_size=layout.details_size / PT * 1.05,
            qr_size=layout.qr_size,
            back_title_size=BACK_TITLE_PT,
            back_title_line=BACK_TITLE_LINE,
            sheet_height=layout.page.height - SHEET_SLACK,
        )


@dataclass(frozen=True)
class Positioned:
    """A fitted block at its place on the card: top and right edge in mm from the card's
    top and right edges (the left edge is the padding)."""

    block: Block
    """The fitted lines."""
    top: float
    """Its top, mm from the card's top edge."""
    right: float
    """Its right edge, mm from the card's right edge."""


@dataclass(frozen=True)
class Card:
    """One badge's content, every line placed; where the card sits on its sheet is a
    cards.sheets.Placed."""

    role: str
    """The person's role (model.ROLES): the band's class, role-ROLE."""
    role_label: str
    """The role as the band prints it, in the pack's language."""
    names: tuple[Block, ...] = ()
    """The name's fitted lines (given and family, or the whole name)."""
    details: tuple[Block, ...] = ()
    """Organisation and country, fitted."""
    texts: tuple[Positioned, ...] = ()
    """The names and details, placed."""
    qr_data: str | None = None
    """What the QR code says (an id, a vCard), when the badge carries one."""
    qr: str | None = None
    """The QR code as an image (a data: URL), made when the card's sheet is laid out."""
    blank: bool = False
    """A blank badge, for a walk-in to write on."""
    back_texts: tuple[Positioned, ...] = ()
    """The person's name on the back, so a badge turned on its lanyard still names them."""
    cut: tuple[str, ...] = ()
    """Lines that did not fit even at the floor (name, organisation...): cut short."""
    role_second: str = ""
    """In a bilingual edition, the role in its second language, under role_label ('' in
    a pack in one language, or where both languages write the role alike)."""


def stacked(blocks: list[Block], top: float, right: float) -> list[Positioned]:
    """Blocks one under the other from top (mm)."""
    placed = []
    for block in blocks:
        placed.append(Positioned(block, top, right))
        top += block.height
    return placed
