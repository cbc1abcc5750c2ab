"""What tents.css says a tent looks like, read once per build as WeasyPrint computes it
(one probe page shaped like a face), so a layout's stylesheet keeps deciding the
colours, weights, letter-spacing and case; where things go is Python's."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brochure.cards.looks import CLEAR, PLAIN, TextLook, look_of
from brochure.cards.scripts import cjk_css, fonts_css
from brochure.engines import weasy
from brochure.engines.cards_pdf import Colour

if TYPE_CHECKING:
    from brochure.config import BuildConfig

INK: TextLook = PLAIN.text
"""The look of a text the stylesheet does not show (display: none): plain ink."""


@dataclass(frozen=True)
class Looks:
    """Everything the stylesheet decides about a tent."""

    texts: dict[tuple[str, str], TextLook]
    """By (class attribute, language), as the words were measured."""
    face: Colour
    """A face's background."""
    rule: tuple[float, float, Colour]
    """The rule between name and organisation: width, thickness (mm; 0: none), colour."""
    cut_mark: tuple[float, Colour]
    """A cut mark's thickness (mm) and colour."""
    fold_mark: tuple[float, Colour]
    """A fold mark's thickness (mm) and colour."""


def read_looks(styles: set[tuple[str, str]], config: BuildConfig, stylesheet: str) -> Looks:
    """The looks of every (class attribute, language) in styles, of a face, its rule and
    the marks, from stylesheet as WeasyPrint computes it (one probe page)."""
    texts = sorted(styles)
    body = (
        '<div class="face" id="face">'
        + "".join(
            f'<p class="{html.escape(style)}" lang="{html.escape(lang)}" id="t{n}">x</p>'
            for n, (style, lang) in enumerate(texts)
        )
        + '<div class="rule" id="rule"></div></div>'
        '<div class="mark" id="mark"></div><div class="fold-mark" id="fold"></div>'
    )
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        f"@page {{ size: 400mm 2000mm; margin: 0 }}{stylesheet}\n{cjk_css(config.fmt.language)}\n"
        f"body, .face p {{ font-family: {fonts_css()} }}"
        f"</style></head><body>{body}</body></html>"
    )
    ids = {f"t{n}" for n in range(len(texts))} | {"face", "rule", "mark", "fold"}
    found = weasy.element_looks(
        page, config.source_dir, config.readable_folders, "tents (reading the looks)", ids
    )
    rule = found.get("rule")
    mark, fold = found.get("mark"), found.get("fold")
    return Looks(
        texts={
            key: look_of(found[f"t{n}"]).text if f"t{n}" in found else INK
            for n, key in enumerate(texts)
        },
        face=found["face"].background if "face" in found else CLEAR,
        rule=(rule.box[2], rule.border_top[0], rule.border_top[1]) if rule else (0.0, 0.0, CLEAR),
        cut_mark=(mark.box[3], mark.background) if mark else (0.0, CLEAR),
        fold_mark=(fold.box[3], fold.background) if fold else (0.0, CLEAR),
    )
