"""How table tents are printed: `tents:` in the event file, `--tent-layout` over it,
settled once (commands/prepare.resolve calls settle).

The layout file is read per pack (layout_for): with no layout chosen, each pack prints
one tent per sheet of the office paper where it is printed (letter or a4), as badges
take their office sheet.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pydantic

from brochure.cards.layout import load_layout
from brochure.errors import Problem
from brochure.finishing.paper import LETTER, office_paper
from brochure.model import TentOptions
from brochure.outputs.tents.layout import TentLayout

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.engines.layouts import LayoutPath
    from brochure.model import Event
    from brochure.outputs.base import Settling

#: Tent layouts live in this layout subfolder.
TENT_LAYOUTS = "tents"
NAME = "tents"
"""The output's name: its settings are `config.settings_of(NAME, TentSettings)`."""


@dataclass(frozen=True)
class TentSettings:
    """How tents are printed, settled: the command line over `tents:` over defaults."""

    layout: str | None
    """The tent layout chosen on the command line or in the file; None: each pack's
    office paper, one tent a sheet (layout_for)."""

    @classmethod
    def of(cls, config: BuildConfig) -> TentSettings:
        """The tents' settings of a build (LookupError when tents are not settled)."""
        return config.settings_of(NAME, cls)


def settle(settling: Settling) -> tuple[TentSettings, list[Problem]]:
    """`tents:` from the file (invalid values are the loader's to report; defaults stand
    in), `--tent-layout` over it; the layout named checked to exist.

    Raises UsageError for a --tent-layout that names no layout.
    """
    options = TentOptions()
    with contextlib.suppress(pydantic.ValidationError):
        options = TentOptions.model_validate(settling.section or {})
    name, problems = settling.layout(TENT_LAYOUTS, "tent_layout", options.layout, "tent")
    return TentSettings(name), problems


def office_sheet(language: str, country: str | None) -> str:
    """The tent layout for the office paper where a pack in language is printed
    (finishing.paper.office_paper): letter on Letter, a4 on A4."""
    return "letter" if office_paper(language, country) is LETTER else "a4"


def layout_for(settings: TentSettings, event: Event, layouts: LayoutPath) -> TentLayout:
    """The layout a pack's tents print on: the one chosen, else one tent per sheet of
    the office paper where the pack is printed.

    Raises InputError, located in the layout file, when it is not a usable layout.
    """
    name = settings.layout or office_sheet(event.event.language, event.event.country)
    return load_layout(layouts, TENT_LAYOUTS, name, TentLayout)
