"""A long run of sheets rendered in pieces, in parallel, and joined into one PDF.

The recipe every card output shares (badges; tents, signs and certificates alike): the
work is prepared once in this process, each piece is rendered by `render_piece` in a
worker forked from it (engines/pool.py), the finished pieces wait in a spool file
(finishing/joining.py) and are joined in order, and progress is reported as pieces
arrive. What a piece reports besides its PDF (names cut short, say) comes back to this
process, whose log --strict and the manifest see. Nothing here knows what a piece holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from brochure.engines import pool, progress
from brochure.engines.limits import Limits
from brochure.finishing import joining

S = TypeVar("S")
"""The work shared by every piece (inherited by the forked workers, never pickled)."""
W = TypeVar("W")
"""What a piece reports besides its PDF."""


@dataclass(frozen=True)
class Run(Generic[W]):
    """The joined PDF, and what each piece reported, in piece order."""

    pdf: bytes
    reports: tuple[W, ...]


def render_in_pieces(
    render_piece: Callable[[S, int], tuple[bytes, W]],
    shared: S,
    pieces: int,
    file: str,
    items: tuple[int, int],
    limits: Limits | None,
) -> Run[W]:
    """render_piece(shared, i) for each of `pieces` pieces, in parallel where it pays,
    joined in order into one PDF.

    file names the output's file in progress reports; items is (items per piece, items
    in all) to report progress in the reader's unit (badges, not pieces). Raises
    BuildError when a worker fails or runs out of its share of limits.
    """
    per_piece, total = items
    reports: list[W] = []
    with joining.spooled() as spool:
        for index, (pdf, report) in enumerate(pool.Pieces(render_piece, shared, pieces, limits)):
            reports.append(report)
            spool.add(pdf)
            progress.report(file, min((index + 1) * per_piece, total), total)
        return Run(spool.joined(), tuple(reports))
