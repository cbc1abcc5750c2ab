"""Paper: the brochure's page and the sheet it is printed on, chosen with the event.

ISO 216 everywhere (A5 pages, two to an A4 sheet) except where Letter is the office
paper (CLDR's supplemental `paperSize` data: US-Letter in the Americas and the
Philippines): half-letter pages, two to a Letter sheet. A language tag that names its
territory (en-US, es-MX) chooses; a bare one (en, es) keeps ISO, the world's default.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Territories whose paper is US-Letter (CLDR supplementalData.xml, measurementData).
LETTER_TERRITORIES = frozenset(
    {"BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US", "VE"}
)

MM_PER_INCH = 25.4
PT_PER_MM = 72 / MM_PER_INCH


@dataclass(frozen=True)
class Paper:
    """A sheet or page size, portrait, in mm."""

    name: str
    """As CSS @page `size` and print dialogs call it (A5, letter)."""
    width: float
    height: float

    @property
    def css(self) -> str:
        """The CSS `size` value: width then height."""
        return f"{self.width:.2f}mm {self.height:.2f}mm"

    @property
    def points(self) -> tuple[float, float]:
        """Width and height in PDF points (1/72 in)."""
        return self.width * PT_PER_MM, self.height * PT_PER_MM


A4 = Paper("A4", 210, 297)
A5 = Paper("A5", 148, 210)
LETTER = Paper("Letter", 8.5 * MM_PER_INCH, 11 * MM_PER_INCH)
HALF_LETTER = Paper("half-letter", 5.5 * MM_PER_INCH, 8.5 * MM_PER_INCH)


@dataclass(frozen=True)
class BrochurePaper:
    """The brochure's page, and the sheet two pages are imposed on (landscape) for a
    booklet folded once."""

    page: Paper
    sheet: Paper


ISO = BrochurePaper(A5, A4)
US = BrochurePaper(HALF_LETTER, LETTER)


def brochure_paper(language: str) -> BrochurePaper:
    """Half-letter on Letter for a language of a Letter territory (en-US), else A5 on A4."""
    parts = language.replace("_", "-").split("-")
    territory = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    return US if territory in LETTER_TERRITORIES else ISO
