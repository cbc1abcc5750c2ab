"""A badge layout: a sheet layout with the badge's type sizes, its role band and its QR code.

The files are `layouts/badges/NAME.yaml` (a4-8, a6, cr80, letter-6, or a project's own);
every length has its unit (mm, cm, in, pt) and is held in mm.
"""

from __future__ import annotations

from collections.abc import Callable

from brochure.cards.layout import Positive, SheetLayout
from brochure.cards.layout import load_layout as load_sheet_layout
from brochure.engines.layouts import LayoutPath
from brochure.errors import Location, Problem
from brochure.reading.yamlsource import Path_


class BadgeLayout(SheetLayout):
    """One way of putting name badges on paper: the sheet layout, and the type sizes."""

    given_size: Positive
    """Given name, on its own line (the largest type)."""
    family_size: Positive
    """Family name, below the given name."""
    name_size: Positive | None = None
    """No longer used (older layout files may give it): a name that does not split into
    given and family (a mononym, a Chinese or Korean name) is set at given_size, so
    given names are the same size whatever the script."""
    min_size: Positive
    """Smallest type a name may shrink to before it wraps between words."""
    details_size: Positive
    """Organisation, country and the event line."""
    band_height: Positive
    """The role band along the card's foot."""
    qr_size: Positive
    """The side of a QR code, when the badges carry one."""

    def problems(self, locate: Callable[[Path_], Location]) -> list[Problem]:
        """A band that, with the padding, leaves no room for the name."""
        if self.band_height + 2 * self.padding >= self.card.height * 0.8:
            return [
                Problem(
                    locate(("band_height",)),
                    "band_height",
                    "with the padding, leaves no room for the name on the card",
                )
            ]
        return []


def load_layout(layouts: LayoutPath, folder: str, name: str) -> BadgeLayout:
    """The badge layout `folder/name.yaml` from the layout path (cards.layout.load_layout).

    Raises FileNotFoundError when there is none, InputError with every problem of the
    file located when it is not a usable badge layout.
    """
    return load_sheet_layout(layouts, folder, name, BadgeLayout)
