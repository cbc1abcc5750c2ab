"""What a sheet of badges shows: the context every card of a pack is drawn from."""

from __future__ import annotations

from dataclasses import dataclass

from brochure.cards.sheets import Mark, Sheet
from brochure.outputs.badges.back import BackSide
from brochure.outputs.badges.geometry import Card, CardGeometry, Positioned
from brochure.outputs.badges.layout import BadgeLayout
from brochure.outputs.view import Metadata


@dataclass(frozen=True)
class BadgeContext:
    """Everything the badge template shows (its variables are these fields)."""

    layout: BadgeLayout
    """The badge layout of this pack: sheet, card, grid and type sizes, in mm and pt."""
    geometry: CardGeometry
    """Where the parts of every card go (computed from the layout and the header)."""
    fonts_css: str
    """The cards' font stack, as a CSS font-family value."""
    cjk_css: str
    """Which Noto CJK face draws Han text, by language (cards.scripts.cjk_css)."""
    language: str
    """BCP 47 tag of the pack: the page's lang."""
    header: tuple[Positioned, ...]
    """The event's title and date line, placed, the same on every card."""
    sheets: tuple[Sheet[Card], ...]
    """Each side of each sheet, with its cards placed (fronts; with backs, each front
    followed by its back)."""
    back: BackSide | None
    """The back every card prints (the short programme), when badges have backs."""
    cut_marks: tuple[Mark, ...]
    """Where the guillotine cuts, drawn in the sheet's margin."""
    badge_count: int
    """Cards in all: people's and blanks."""
    metadata: Metadata
    """The document's title, authors, language and dates."""
    second_language: str = ""
    """A bilingual edition's second language (BCP 47), in which the bands say the role
    too; '' in a pack in one language."""
