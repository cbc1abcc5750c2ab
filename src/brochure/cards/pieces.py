"""A long run of sheets drawn in shares, in parallel, and joined into one PDF.

The recipe every card output shares (badges; tents, signs and certificates alike): the
work is prepared once in this process; the pieces of the run (a piece: the cards fitted
together, SHEETS_PER_PIECE sheets of them) are shared out in order between one worker
per core (engines/pool.py, forked: the work is inherited, never pickled); each worker
draws its share as one PDF with `draw_share` (one set of font subsets per share), and
the shares are joined in order (finishing/joining.py). Progress is reported as shares
arrive; what a share reports besides its PDF (names cut short, say) comes back to this
process, whose log --strict and the manifest see. Nothing here knows what a piece holds.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from brochure.engines import pool, progress
from brochure.engines.limits import Limits
from brochure.finishing import joining

S = TypeVar("S")
"""The work shared by every share (inherited by the forked workers, never pickled)."""
W = TypeVar("W")
"""What a share reports besides its PDF."""


@dataclass(frozen=True)
class Run(Generic[W]):
    """The joined PDF, and what each share reported, in order."""

    pdf: bytes
    reports: tuple[W, ...]


def piece_size(items: int, per_sheet: int, most: int) -> int:
    """How many items (cards) a piece holds: whole sheets of per_sheet, at most `most`,
    and, when the run takes more than one piece, as many as share the run out evenly
    between one worker per core (shares_of): the pieces of a run are then alike but for
    the last, and no worker draws a whole piece more than another while the others wait
    (1,030 badges, 8 a sheet, at most 192 a piece, on two cores: 6 pieces of 176, not
    5 of 192 and one of 70, three to a worker)."""
    most = max(per_sheet, most - most % per_sheet)
    pieces = math.ceil(items / most)
    if pieces <= 1:
        return most
    workers = min(pool.cores(), pieces)
    pieces = math.ceil(pieces / workers) * workers
    return min(most, math.ceil(items / pieces / per_sheet) * per_sheet)


def shares_of(pieces: int, workers: int | None = None) -> tuple[range, ...]:
    """pieces shared out in order, as evenly as can be, between one worker per core
    (workers, when given): each share a range of piece numbers."""
    count = workers or pool.workers_for(pieces)
    return tuple(range(pieces * n // count, pieces * (n + 1) // count) for n in range(count))


def draw_in_shares(
    draw_share: Callable[[S, range], tuple[bytes, W]],
    shared: S,
    pieces: int,
    file: str,
    items: tuple[int, int],
    limits: Limits | None,
) -> Run[W]:
    """draw_share(shared, share) for each share of `pieces` pieces (shares_of), in
    parallel where there is more than one, joined in order into one PDF.

    file names the output's file in progress reports; items is (items per piece, items
    in all) to report progress in the reader's unit (badges, not pieces). Raises
    BuildError when a worker fails or runs out of its share of limits.
    """
    per_piece, total = items
    shares = shares_of(pieces)
    pdfs: list[bytes] = []
    reports: list[W] = []
    for pdf, report in pool.Pieces(_one, (draw_share, shared, shares), len(shares), limits):
        pdfs.append(pdf)
        reports.append(report)
        progress.report(file, min(shares[len(pdfs) - 1].stop * per_piece, total), total)
    return Run(pdfs[0] if len(pdfs) == 1 else joining.join_pdfs(pdfs), tuple(reports))


def _one(
    job: tuple[Callable[[S, range], tuple[bytes, W]], S, tuple[range, ...]], index: int
) -> tuple[bytes, W]:
    draw_share, shared, shares = job
    return draw_share(shared, shares[index])
