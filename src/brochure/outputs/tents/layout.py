"""A tent layout: a sheet layout whose pieces fold across into two faces, with the type
sizes of the name and the organisation.

The files are `layouts/tents/NAME.yaml` (a4, a4-2, letter, letter-2, or a project's
own); every length has its unit (mm, cm, in, pt) and is held in mm.
"""

from __future__ import annotations

from collections.abc import Callable

from brochure.cards.layout import Positive, SheetLayout
from brochure.errors import Location, Problem
from brochure.reading.yamlsource import Path_


class TentLayout(SheetLayout):
    """One way of putting table tents on paper: each piece folded across its middle
    into two faces (the one toward the speaker printed upside down), and the type sizes."""

    name_size: Positive
    """The name's largest type: it is fitted to the face, never larger."""
    min_size: Positive
    """Smallest type a name is set at on one line: a name that would need less is set on
    two lines (or three) between its words, with a warning naming the person."""
    organisation_size: Positive
    """The organisation, under the name (shrunk to three quarters, then wrapped)."""

    @property
    def face_height(self) -> float:
        """One face: half the piece, mm."""
        return self.card.height / 2

    @property
    def inner_height(self) -> float:
        """Room down a face inside its padding (at its edge and at the fold), mm."""
        return self.face_height - 2 * self.padding

    def problems(self, locate: Callable[[Path_], Location]) -> list[Problem]:
        """A tent folds across (its faces are its halves, one above the other), and its
        padding leaves room on each face for a name at min_size."""
        problems = []
        if self.fold != "across":
            problems.append(
                Problem(
                    locate(("fold",)),
                    "fold",
                    "a table tent folds across its middle, into two faces one above the "
                    "other: write `fold: across`",
                )
            )
        if self.inner_height < self.min_size * 1.1:
            problems.append(
                Problem(
                    locate(("padding",)),
                    "padding",
                    f"leaves {max(self.inner_height, 0):.1f} mm down each face of "
                    f"{self.face_height:g} mm, too little for a name at min_size",
                )
            )
        return problems
