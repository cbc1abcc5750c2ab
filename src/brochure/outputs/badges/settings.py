"""How badges are printed: `badges:` in the event file, `--badge-layout` and
`--badge-flip` over it, settled once (commands/prepare.resolve calls settle).

The layout file is read per pack (layout_for): with no layout chosen, each pack prints
on the office sheet where it is printed, so an en-US pack of a London event takes
letter-6 and its en-GB pack a4-8.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pydantic

from brochure.cards.layout import load_layout
from brochure.errors import Problem
from brochure.finishing.paper import LETTER, office_paper
from brochure.model import BadgeOptions
from brochure.outputs.badges.layout import BadgeLayout

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.engines.layouts import LayoutPath
    from brochure.model import Event
    from brochure.outputs.base import Settling

#: Badge layouts live in this layout subfolder.
BADGE_LAYOUTS = "badges"
NAME = "badges"
"""The output's name: its settings are `config.settings_of(NAME, BadgeSettings)`."""


@dataclass(frozen=True)
class BadgeSettings:
    """How badges are printed, settled: the command line over `badges:` over defaults."""

    layout: str | None
    """The badge layout chosen on the command line or in the file; None: each pack's
    office sheet (layout_for)."""
    blank: int = 0
    """Blank badges after the named ones."""
    qr: Literal["id", "vcard"] | None = None
    """What a QR code carries."""
    back: Literal["programme"] | None = None
    """The back side printed for duplex printers."""
    flip: Literal["long", "short"] = "long"
    """The edge a duplex printer turns the sheet over: backs are mirrored to match."""

    @classmethod
    def of(cls, config: BuildConfig) -> BadgeSettings:
        """The badges' settings of a build (LookupError when badges are not settled)."""
        return config.settings_of(NAME, cls)


def settle(settling: Settling) -> tuple[BadgeSettings, list[Problem]]:
    """`badges:` from the file (invalid values are the loader's to report; defaults stand
    in), `--badge-layout` and `--badge-flip` over it; the layout named checked to exist.

    Raises UsageError for a --badge-layout that names no layout.
    """
    options = BadgeOptions()
    with contextlib.suppress(pydantic.ValidationError):
        options = BadgeOptions.model_validate(settling.section or {})
    name, problems = settling.layout(BADGE_LAYOUTS, "badge_layout", options.layout, "badge")
    flip = settling.given("badge_flip") or options.flip
    return BadgeSettings(name, options.blank, options.qr, options.back, flip), problems


def office_sheet(language: str, country: str | None) -> str:
    """The badge layout for the office paper where a pack in language is printed
    (finishing.paper.office_paper): letter-6 on Letter, a4-8 on A4."""
    return "letter-6" if office_paper(language, country) is LETTER else "a4-8"


def layout_for(settings: BadgeSettings, event: Event, layouts: LayoutPath) -> BadgeLayout:
    """The layout a pack's badges print on: the one chosen, else the office sheet where
    the pack is printed (its language's region, else the event's country).

    Raises InputError, located in the layout file, when it is not a usable layout.
    """
    name = settings.layout or office_sheet(event.event.language, event.event.country)
    return load_layout(layouts, BADGE_LAYOUTS, name, BadgeLayout)
