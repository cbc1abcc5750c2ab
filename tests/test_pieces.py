"""Cutting a long run of cards into pieces drawn in parallel (cards/pieces.py)."""

from __future__ import annotations

import math

import pytest


@pytest.mark.parametrize("cores", [1, 2, 4])
@pytest.mark.parametrize("items", [1, 16, 192, 193, 200, 1_030, 10_010])
def test_a_long_run_is_cut_into_pieces_that_share_out_evenly(
    monkeypatch: pytest.MonkeyPatch, cores: int, items: int
) -> None:
    """Pieces are whole sheets, never over the most a piece holds, and alike but for the
    last; over more than one piece, each worker is given as many (shares_of), so no
    worker draws a whole piece more than another: 1,030 badges on two cores were five
    pieces of 192 and one of 70 (three pieces each: 576 cards against 454)."""
    from brochure.cards import pieces
    from brochure.engines import pool

    monkeypatch.setattr(pool, "cores", lambda: cores)
    per_sheet, most = 8, 192
    size = pieces.piece_size(items, per_sheet, most)
    assert size % per_sheet == 0 and per_sheet <= size <= most
    count = math.ceil(items / size)
    if items <= most:
        assert count == 1
        return
    shares = pieces.shares_of(count)
    cards = [sum(min(size, items - p * size) for p in share) for share in shares]
    # No share more than a tenth (and a sheet) over its fair part: the pieces as they
    # were cut (as many of the most as fit, then the rest) left 193 cards as shares of
    # 192 and 1, and 1,030 as 576 and 454.
    assert max(cards) <= items / len(shares) * 1.1 + per_sheet, (size, cards)
