"""The looks of a card output's parts, read from its layout's stylesheet.

Where things go and how large they are is Python's; colours, weights, letter-spacing,
case, backgrounds and borders are the stylesheet's, so a project restyles a piece by
giving its own CSS file. The stylesheet is read once per build, as WeasyPrint computes
it, on a probe page holding one element per part (the classes nested as the output
nests them), and the card engine then draws with what was found (as badges/drawing.py
reads badges.css).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brochure.cards.scripts import cjk_css, fonts_css
from brochure.engines import weasy
from brochure.engines.cards_pdf import Colour, Font

if TYPE_CHECKING:
    from brochure.config import BuildConfig

#: CSS font-stretch keywords as Pango's PangoStretch.
STRETCH = {
    name: index
    for index, name in enumerate(
        (
            "ultra-condensed",
            "extra-condensed",
            "condensed",
            "semi-condensed",
            "normal",
            "semi-expanded",
            "expanded",
            "extra-expanded",
            "ultra-expanded",
        )
    )
}

CLEAR: Colour = (0.0, 0.0, 0.0, 0.0)
INK: Colour = (0.0, 0.0, 0.0, 1.0)


@dataclass(frozen=True)
class TextLook:
    """How a kind of text looks: its font, colour and case."""

    font: Font
    colour: Colour
    transform: str = "none"
    """CSS text-transform: none, uppercase, lowercase, capitalize."""

    def cased(self, text: str) -> str:
        """text in the case the stylesheet asks for."""
        if self.transform == "uppercase":
            return text.upper()
        if self.transform == "lowercase":
            return text.lower()
        if self.transform == "capitalize":
            return " ".join(word[:1].upper() + word[1:] for word in text.split(" "))
        return text


@dataclass(frozen=True)
class Look:
    """A part's looks: its text's, its background and its borders (width in mm, colour)."""

    text: TextLook
    fill: Colour
    border_top: tuple[float, Colour]
    border_bottom: tuple[float, Colour]

    @property
    def painted(self) -> bool:
        """Whether it has a background to paint."""
        return self.fill[3] > 0


PLAIN = Look(TextLook(Font(("sans-serif",)), INK), CLEAR, (0.0, CLEAR), (0.0, CLEAR))
"""What a part the stylesheet hides (display: none) or never mentions looks like."""


def look_of(found: weasy.ElementLooks) -> Look:
    """A part's looks from its computed style."""
    font = Font(
        found.font_families,
        found.font_weight,
        found.italic,
        STRETCH.get(found.font_stretch, 4),
        found.letter_spacing,
    )
    return Look(
        TextLook(font, found.colour, found.text_transform),
        found.background,
        found.border_top,
        found.border_bottom,
    )


def read_looks(
    stylesheet: str, parts: dict[str, str], config: BuildConfig, what: str
) -> dict[str, Look]:
    """The looks of each part: parts maps an id to the class attributes of the elements
    it sits in, outermost first, separated by `/` ("sign / session cancelled / title"),
    each level a <div>; a part the stylesheet hides looks PLAIN. One probe page, laid
    out by WeasyPrint with the cards' font stack and CJK faces (cards.scripts)."""
    body = []
    for ident, path in parts.items():
        levels = [level.strip() for level in path.split("/")]
        opening = "".join(f'<div class="{html.escape(level)}">' for level in levels[:-1])
        closing = "</div>" * (len(levels) - 1)
        body.append(
            f'{opening}<div class="{html.escape(levels[-1])}" id="{html.escape(ident)}">x</div>'
            f"{closing}"
        )
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        f"@page {{ size: 400mm 4000mm; margin: 0 }}{stylesheet}\n{cjk_css(config.fmt.language)}\n"
        f"body {{ font-family: {fonts_css()} }}"
        f"</style></head><body>{''.join(body)}</body></html>"
    )
    laid_out = weasy.element_looks(
        page, config.source_dir, config.readable_folders, what, set(parts)
    )
    return {ident: look_of(laid_out[ident]) if ident in laid_out else PLAIN for ident in parts}
