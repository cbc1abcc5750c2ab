"""The check-in list for the door: who has a badge, by the id its QR code carries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brochure.outputs.badges.settings import NAME as BADGES
from brochure.outputs.badges.settings import BadgeSettings
from brochure.outputs.base import File, Output

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event


def applies(event: Event, config: BuildConfig) -> bool:
    """Only where badges carry ids: without codes to look up, the list is personal data
    nobody asked for."""
    return BadgeSettings.of(config).qr == "id"


OUTPUT = Output(
    "checkin",
    "the check-in list for the door, CSV (only with badges.qr: id)",
    (File("checkin.csv", preview="table"),),
    "brochure.outputs.checkin.render",
    reads=frozenset({"event", "organisers", "people", "attendees"}),
    uses=(BADGES,),
    applies=applies,
    not_applying="badges carry no id (badges.qr is not `id`)",
)
