"""How the wall timetable is printed: `timetable:` in the event file, `--timetable-paper`
over it, settled once (commands/prepare.resolve calls settle)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pydantic

from brochure.errors import Problem
from brochure.finishing.paper import LETTER, MM_PER_INCH, Paper, office_paper
from brochure.model import TimetableOptions

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.outputs.base import Settling

NAME = "timetable"
"""The output's name: its settings are `config.settings_of(NAME, TimetableSettings)`."""

#: The sheets it prints on, portrait (ISO 216; the US Tabloid, 11 x 17 in, and Letter).
PAPERS = {
    "a3": Paper("A3", 297, 420),
    "a2": Paper("A2", 420, 594),
    "a1": Paper("A1", 594, 841),
    "tabloid": Paper("Tabloid", 11 * MM_PER_INCH, 17 * MM_PER_INCH),
    "letter": LETTER,
}


@dataclass(frozen=True)
class TimetableSettings:
    """How the wall timetable is printed, settled: the command line over `timetable:`
    over defaults."""

    paper: str | None = None
    """a3, a2, a1, tabloid or letter; None: each pack's default (paper_for)."""

    @classmethod
    def of(cls, config: BuildConfig) -> TimetableSettings:
        """The timetable's settings of a build (LookupError when not settled)."""
        return config.settings_of(NAME, cls)


def settle(settling: Settling) -> tuple[TimetableSettings, list[Problem]]:
    """paper: `--timetable-paper` over `timetable.paper` (whose invalid values are the
    loader's to report) over each pack's default."""
    options = TimetableOptions()
    with contextlib.suppress(pydantic.ValidationError):
        options = TimetableOptions.model_validate(settling.section or {})
    return TimetableSettings(settling.given("timetable_paper") or options.paper), []


def paper_for(settings: TimetableSettings, language: str, country: str | None) -> Paper:
    """The sheet a pack's timetable prints on, portrait: the one chosen, else A3, or
    Tabloid where Letter is the office paper (finishing.paper.office_paper)."""
    if settings.paper:
        return PAPERS[settings.paper]
    return PAPERS["tabloid" if office_paper(language, country) is LETTER else "a3"]
