"""Paper: the brochure's page and the sheet it is printed on, chosen with the event.

ISO 216 everywhere (A5 pages, two to an A4 sheet) except where Letter is the office
paper (CLDR's supplemental `paperSize` data: US-Letter in the Americas and the
Philippines): half-letter pages, two to a Letter sheet. A language tag that names its
territory (en-US, es-MX, en-GB) chooses; with a bare one (en, es) the event's country
does, as the pack is printed where the event is; with neither, ISO, the world's default.
Every output asks here: the brochure, the concept note and the default badge sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

from brochure.model import country_code

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
    """Across, in mm."""
    height: float
    """Down, in mm."""

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
    """The brochure's page (A5, or half-letter)."""
    sheet: Paper
    """The sheet two pages are imposed on, side by side, for the booklet (A4, or Letter)."""


ISO = BrochurePaper(A5, A4)
US = BrochurePaper(HALF_LETTER, LETTER)


def office_paper(language: str, country: str | None = None) -> Paper:
    """The paper of the office printers where the pack is printed: LETTER for a Letter
    territory (from the language tag's region, else the event's country, an ISO 3166 code
    or a name CLDR knows in English or that language), A4 otherwise."""
    parts = language.replace("_", "-").split("-")
    territory = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    if territory is None and country:
        territory = country_code(country, parts[0].lower())
    return LETTER if territory in LETTER_TERRITORIES else A4


def brochure_paper(language: str, country: str | None = None) -> BrochurePaper:
    """Half-letter on Letter where the office paper is Letter (office_paper), else A5 on
    A4."""
    return US if office_paper(language, country) is LETTER else ISO
