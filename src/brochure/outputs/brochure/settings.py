"""How the brochure is printed: `brochure:` in the event file, `--print-shop` and
`--pdf-variant` over it, settled once (commands/prepare.resolve calls settle)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pydantic

from brochure.errors import Problem
from brochure.model import BrochureOptions

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.outputs.base import Settling

NAME = "brochure"
"""The output's name: its settings are `config.settings_of(NAME, BrochureSettings)`."""
#: The brochure's PDF standard unless asked otherwise: accessible (ISO 14289-1).
ACCESSIBLE = "pdf/ua-1"
#: The print shop's: PDF/X-4 (ISO 15930-7), which keeps transparency live.
PRINT_SHOP = "pdf/x-4"


@dataclass(frozen=True)
class BrochureSettings:
    """How the brochure is printed, settled: the command line over `brochure:` over
    defaults."""

    print_shop: bool = False
    """For a print shop: 3 mm bleed, crop marks, trim and bleed boxes, PDF/X-4, images
    checked at 300 dpi."""
    pdf_variant: str = ACCESSIBLE
    """The PDF standard it is written to (model.PDF_VARIANTS): PDF/UA-1 by default,
    PDF/X-4 for a print shop, PDF/A on request; always tagged."""

    @property
    def for_press(self) -> bool:
        """Whether the file is a print shop's (asked for, or a PDF/X variant): it then
        declares a CMYK output intent and carries trim and bleed boxes."""
        return self.print_shop or self.pdf_variant.startswith("pdf/x")

    @classmethod
    def of(cls, config: BuildConfig) -> BrochureSettings:
        """The brochure's settings of a build (LookupError when not settled)."""
        return config.settings_of(NAME, cls)


def settle(settling: Settling) -> tuple[BrochureSettings, list[Problem]]:
    """print_shop and pdf_variant: the command line over `brochure:` in the file (whose
    invalid values are the loader's to report) over the defaults."""
    options = BrochureOptions()
    with contextlib.suppress(pydantic.ValidationError):
        options = BrochureOptions.model_validate(settling.section or {})
    flag = settling.given("print_shop")
    print_shop = flag if flag is not None else options.print_shop
    variant = settling.given("pdf_variant") or options.pdf_variant
    return BrochureSettings(print_shop, variant or (PRINT_SHOP if print_shop else ACCESSIBLE)), []
