"""Name badges: one per person and attendee, sorted by family name, then blanks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brochure.outputs.badges.settings import BADGE_LAYOUTS, NAME, BadgeSettings, settle
from brochure.outputs.base import SCHEDULE, File, Flag, Output, entries

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event


def applies(event: Event, config: BuildConfig) -> bool:
    """Only for an event with someone to make a badge for, or blank badges asked for."""
    return bool(event.everyone) or BadgeSettings.of(config).blank > 0


OUTPUT = Output(
    NAME,
    "name badges, PDF sheets or cards",
    (File("badges.pdf", finish="cut"),),
    "brochure.outputs.badges.render",
    reads=frozenset({"event", "organisers", "people", "programme", "attendees", "badges"}),
    # The back's short programme: when, what, where, a mark.
    fields=entries(
        "programme",
        *SCHEDULE,
    ),
    section="badges",
    flags=(
        Flag(
            "--badge-layout",
            "badge layout, over the event file's badges.layout (default: that, or the "
            "office sheet where the event is: a4-8, or letter-6 where Letter is the paper)",
            metavar="NAME",
            setting="layout",
            example="cr80",
        ),
        Flag(
            "--badge-flip",
            "the edge a duplex printer turns badge sheets over; each back lands behind its "
            "own front (default: the event file's badges.flip, or long)",
            choices=("long", "short"),
            setting="flip",
        ),
    ),
    settle=settle,
    applies=applies,
    not_applying="the event has nobody to make a badge for (no people, no attendees, no blanks)",
    checked=True,
    chunked=True,
    layouts=(BADGE_LAYOUTS,),
    # A bilingual edition (the brochure's `bilingual`) prints the roles in both languages.
    uses=("brochure.bilingual",),
    bilingual="brochure.outputs.badges.render",
)
