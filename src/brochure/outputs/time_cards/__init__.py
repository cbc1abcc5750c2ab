"""Time cards: the signs a timekeeper holds up to a speaker, a landscape sheet each."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pydantic

from brochure.errors import Problem
from brochure.model import TimeCardOptions
from brochure.outputs.base import SCHEDULE, File, Output, entries

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event
    from brochure.outputs.base import Settling

NAME = "time-cards"


@dataclass(frozen=True)
class TimeCardSettings:
    """Which cards are printed, settled from `time_cards:` over the defaults."""

    minutes: tuple[int, ...] = (10, 5, 1)
    """The minutes left that a card each says, from the most to the fewest."""

    @classmethod
    def of(cls, config: BuildConfig) -> TimeCardSettings:
        """The time cards' settings of a build (LookupError when not settled)."""
        return config.settings_of(NAME, cls)


def settle(settling: Settling) -> tuple[TimeCardSettings, list[Problem]]:
    """`time_cards.minutes` (its invalid values are the loader's to report), most first."""
    options = TimeCardOptions()
    with contextlib.suppress(pydantic.ValidationError):
        options = TimeCardOptions.model_validate(settling.section or {})
    return TimeCardSettings(tuple(sorted(options.minutes, reverse=True))), []


def applies(event: Event, config: BuildConfig) -> bool:
    """Only for a programme with a session (a break has nobody to keep time for)."""
    return any(not item.is_break for item in event.programme)


OUTPUT = Output(
    NAME,
    "time cards for the timekeeper: 10, 5, 1 minutes and time, a landscape sheet each (PDF)",
    (File("time-cards.pdf", finish="sheets"),),
    "brochure.outputs.time_cards.render",
    reads=frozenset({"event", "organisers", "programme", "time_cards"}),
    # Only whether there is a session at all (a break's kind).
    fields=entries(
        "programme",
        *SCHEDULE,
    ),
    section="time_cards",
    settle=settle,
    layouts=("time-cards",),
    applies=applies,
    not_applying="the programme has no session to keep time for",
)
