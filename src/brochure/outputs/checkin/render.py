"""The check-in list for the door: who has a badge, by the id its QR code carries.

Written only when `badges.qr` is `id`: the list is what a scanner's code is looked up
in, and without codes it is personal data nobody asked for. One row per badge, in the
badges' order (by family name): id, name, organisation, role as the badge shows it.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from brochure.cells import neutral
from brochure.i18n import N_
from brochure.outputs.badges.settings import BadgeSettings
from brochure.outputs.view import ROLE_LABELS
from brochure.textrules import unmarked

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event

FILE = "checkin.csv"
#: The columns, headed in the pack's language (a check-in app maps them by position or
#: by name once; the id column holds what the QR codes carry).
HEADER = (N_("id"), N_("name"), N_("organisation"), N_("role"))


def render(event: Event, config: BuildConfig) -> dict[str, bytes]:
    """checkin.csv when badges carry ids in their QR codes; nothing otherwise.

    UTF-8 with a byte-order mark and CRLF line ends (RFC 4180), as spreadsheets and
    check-in apps open it without asking.
    """
    if BadgeSettings.of(config).qr != "id":  # the registry does not call it then (applies)
        return {}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(config.fmt.gettext(word) for word in HEADER)
    for person in event.by_family_name():
        role = config.fmt.gettext(ROLE_LABELS[person.role])
        writer.writerow(
            neutral(unmarked(value))
            for value in (person.key, person.name, person.organisation or "", role)
        )
    return {FILE: buffer.getvalue().encode("utf-8-sig")}
