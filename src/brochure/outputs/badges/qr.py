"""The QR code on a badge: what it may carry, and the code itself (segno).

A code carries only what the organiser chose (`badges.qr`) and the person allowed: their
id for the check-in list, or a contact card for people who chose share_contact.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING, Literal

from brochure import vcard
from brochure.cards import sheets
from brochure.outputs.badges.geometry import Card

if TYPE_CHECKING:
    from brochure.model import Person

log = logging.getLogger(__name__)

#: Every code uses one mask pattern (ISO/IEC 18004 allows any of the eight; readers
#: detect it): choosing the best of eight costs seven times the encoding, per badge.
QR_MASK = 0


def with_qr(placed: sheets.Placed[Card]) -> sheets.Placed[Card]:
    """The placed card with its QR code drawn, when it carries one (made in the worker
    that lays out its sheet, not before: a code is a few kB, a badge's plan 0.3)."""
    card = placed.card
    if card.qr_data is None or card.qr is not None:
        return placed
    return dataclasses.replace(placed, card=dataclasses.replace(card, qr=qr_image(card.qr_data)))


def qr_image(data: str) -> str:
    """A QR code of data as a PNG of one pixel per module (a data: URL), printed with crisp
    edges at the layout's size. Always a full QR code: phones and check-in scanners do not
    read Micro QR."""
    # segno is imported when a badge carries a code: `brochure check` never needs it.
    import segno

    return segno.make_qr(data, error="m", mask=QR_MASK, **vcard.qr_encoding(data)).png_data_uri(
        scale=1, border=0
    )


def qr_data(person: Person, kind: Literal["id", "vcard"] | None) -> str | None:
    """What a QR code says: only what the organiser chose and the person allowed."""
    if kind == "id":
        data = person.key
    elif kind == "vcard" and person.share_contact:
        data = vcard.contact_card(person)
    else:
        return None
    if len(data.encode("utf-8")) > QR_MOST_BYTES:
        log.warning(
            "badges: %s: the contact card is too long for a QR code (%d bytes, at most %d); "
            "the badge is printed without one: shorten the organisation or position",
            person.name,
            len(data.encode("utf-8")),
            QR_MOST_BYTES,
        )
        return None
    return data


#: The most a QR code holds in byte mode at error level M (version 40: 2,331 bytes,
#: ISO/IEC 18004 table 7), less room for an ECI header segno adds for UTF-8.
QR_MOST_BYTES = 2_300
