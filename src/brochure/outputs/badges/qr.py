"""The QR code on a badge: what it may carry, and the code itself (segno's modules).

A code carries only what the organiser chose (`badges.qr`) and the person allowed: their
id for the check-in list, or a contact card for people who chose share_contact.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Literal

from brochure import vcard

if TYPE_CHECKING:
    from brochure.model import Person

log = logging.getLogger(__name__)

#: Every code uses one mask pattern (ISO/IEC 18004 allows any of the eight; readers
#: detect it): choosing the best of eight costs seven times the encoding, per badge.
QR_MASK = 0


@functools.lru_cache(maxsize=4096)
def qr_rows(data: str) -> tuple[str, ...]:
    """A QR code of data as rows of modules ("1" dark), drawn as one path by the card
    engine. Always a full QR code at error level M, one mask (QR_MASK), UTF-8 declared
    by ECI where the text needs it (vcard.qr_encoding): phones and check-in scanners do
    not read Micro QR.

    Made once per person and process: a second language pack's badges, or a rebuild in
    the same process, reuse it (a person's check-in id does not change)."""
    # segno is imported when a badge carries a code: `brochure check` never needs it.
    import segno

    matrix = segno.make_qr(data, error="m", mask=QR_MASK, **vcard.qr_encoding(data)).matrix
    return tuple(bytes(row).translate(_MODULES).decode("ascii") for row in matrix)


_MODULES = bytes.maketrans(b"\x00\x01", b"01")


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
