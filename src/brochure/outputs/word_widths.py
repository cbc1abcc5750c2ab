"""How wide text is in a Word document as Word and LibreOffice set it: measured in the
document's own font, or in its metric twin where that is what is installed.

Word documents name Microsoft's fonts (Calibri, Cambria). LibreOffice, which partners
and brochure's tests open them with, draws them with their metric twins, Carlito and
Caladea (Debian's fonts-crosextra-carlito and -caladea): other glyphs, the same advance
widths, made so that lines break where Word breaks them. Widths come from the fonts'
advance widths (the hmtx table, read with fontTools), as both programs lay out a line;
a character the font lacks is drawn by a fallback font: counted as an em (a full-width
CJK character) or as an average letter.
"""

from __future__ import annotations

import functools
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont

#: Fonts Word documents name, and the free fonts drawn with exactly their advance widths
#: that LibreOffice puts in their place (its font replacement table, VCL.xcu).
METRIC_TWINS = {
    "calibri": "Carlito",
    "cambria": "Caladea",
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "times new roman": "Liberation Serif",
    "times": "Liberation Serif",
    "courier new": "Liberation Mono",
}
#: The font Word's own documents set text in when they name none (Word 2007-2010 body).
DEFAULT_FAMILY = "Cambria"
#: The size, in points, of text whose document names none (OOXML's default: 10 pt).
DEFAULT_SIZE = 10.0
#: What a character the font lacks takes, in ems: a full-width one, any other.
WIDE_EM, OTHER_EM = 1.0, 0.6
#: Added to every width measured: kerning and rounding to twips go both ways.
SAFETY = 1.02
MM_PER_PT = 25.4 / 72


@functools.cache
def font_file(family: str, bold: bool = False) -> Path | None:
    """The installed font file fontconfig gives for family (for its metric twin, when
    it has one), bold or regular; None when fontconfig cannot be asked."""
    name = METRIC_TWINS.get(family.casefold(), family)
    try:
        found = subprocess.run(
            ["fc-match", "--format=%{file}", f"{name}:{'bold' if bold else 'regular'}"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(found)
    return path if found and path.is_file() else None


@functools.cache
def _advances(path: Path) -> tuple[dict[int, int], int]:
    """Each character's advance width in font units, and the font's units per em."""
    with TTFont(str(path), lazy=True, fontNumber=0) as font:
        metrics = font["hmtx"].metrics
        advances = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
        return advances, int(font["head"].unitsPerEm)


def _zero_width(char: str) -> bool:
    """Characters that take no room on a line: format characters (word joiners,
    direction marks, soft hyphens unless a line breaks there) and combining marks."""
    return unicodedata.category(char) in ("Cf", "Mn", "Me")


@dataclass(frozen=True)
class WordWidths:
    """Widths of text in a document's body font, at its size."""

    family: str
    size: float
    """Points."""
    complex_family: str | None = None
    """The font of text holding right-to-left characters (a w:rtl run, which Word and
    LibreOffice set in its complex-script font, w:cs: an Arabic date "13‏/04‏/2027" with
    its right-to-left marks), when the document names one."""

    def of(self, text: str, bold: bool = False) -> float:
        """How wide text is set on one line, in mm."""
        family = self.family
        if self.complex_family and any(
            unicodedata.bidirectional(char) in ("R", "AL") for char in text
        ):
            family = self.complex_family
        path = font_file(family, bold)
        advances, per_em = _advances(path) if path else ({}, 1000)
        units = 0.0
        for char in text:
            if _zero_width(char):
                continue
            advance = advances.get(ord(char))
            if advance is None:
                wide = unicodedata.east_asian_width(char) in ("W", "F")
                advance = int((WIDE_EM if wide else OTHER_EM) * per_em)
            units += advance
        return units / per_em * self.size * MM_PER_PT * SAFETY
