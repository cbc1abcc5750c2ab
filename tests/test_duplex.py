"""Duplex badges: each back lands behind its own front, whichever edge the sheet turns on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, ROOT, build, pdftotext

from brochure.cards.sheets import paginate
from brochure.engines.layouts import LayoutPath
from brochure.outputs.badges.layout import BadgeLayout as CardLayout
from brochure.outputs.badges.layout import load_layout

# Every shipped badge layout (label sheets with gaps between their labels among them).
LAYOUTS = tuple(sorted(path.stem for path in (ROOT / "layouts" / "badges").glob("*.yaml")))
MM = 72 / 25.4


def shipped(name: str) -> CardLayout:
    return load_layout(LayoutPath.for_project(ROOT, None), "badges", name)


def turned_over(x: float, y: float, layout: CardLayout, flip: str) -> tuple[float, float]:
    """Where a card at x, y (its top left, mm) is seen from the other side of the sheet:
    the sheet turned over its long or its short edge, then set upright again."""
    page, card = layout.page, layout.card
    vertical_edge = (page.height >= page.width) == (flip == "long")
    if vertical_edge:
        return page.width - x - card.width, y
    return x, page.height - y - card.height


@pytest.mark.parametrize("flip", ["long", "short"])
@pytest.mark.parametrize("name", LAYOUTS)
def test_every_back_is_behind_its_own_front(name: str, flip: str) -> None:
    layout = shipped(name)
    cards = list(range(max(2, layout.per_sheet * 2 - 1)))  # a full sheet, one short
    sheets = paginate(cards, layout, back=True, flip=flip)
    assert [sheet.back for sheet in sheets] == [False, True] * 2
    for front, back in zip(sheets[::2], sheets[1::2], strict=True):
        behind = {placed.card: (placed.x, placed.y) for placed in back.cards}
        for placed in front.cards:
            x, y = turned_over(placed.x, placed.y, layout, flip)
            assert behind[placed.card] == pytest.approx((x, y)), (placed.card, flip)


def test_a_landscape_sheet_swaps_rows_on_the_long_edge_and_columns_on_the_short() -> None:
    layout = shipped("a4-8").model_copy(
        update={
            "page": shipped("a4-8").page.model_copy(update={"width": 297, "height": 210}),
            "columns": 2,
            "rows": 2,
        }
    )
    long_back = paginate([0, 1, 2, 3], layout, back=True, flip="long")[1]
    short_back = paginate([0, 1, 2, 3], layout, back=True, flip="short")[1]
    first = {p.card: (p.x, p.y) for p in long_back.cards}
    assert first[0][0] == first[2][0] and first[0][1] > first[2][1]  # rows swap
    first = {p.card: (p.x, p.y) for p in short_back.cards}
    assert first[0][1] == first[1][1] and first[0][0] > first[1][0]  # columns swap


def band_slots(
    pdf: Path, page: int, layout: CardLayout, edges: dict[tuple[int, int], float] | None = None
) -> dict[tuple[int, int], str]:
    """The role word on each card's band, by the card's row and column on the sheet; with
    edges, where the band sits across its card too (0 at the card's top, 1 at its foot)."""
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
        r"(ORGANISER|MODERATOR|SPEAKER|RAPPORTEUR|STAFF|PRESS|PARTICIPANT)</word>",
        pdftotext(pdf, "-bbox", "-f", str(page), "-l", str(page)),
    )
    slots = {}
    for x0, y0, x1, y1, word in found:
        x, y = (float(x0) + float(x1)) / 2 / MM, (float(y0) + float(y1)) / 2 / MM
        column = int((x - layout.margin_x) // layout.card.width)
        row = int((y - layout.margin_y) // layout.card.height)
        slots[(row, column)] = word
        if edges is not None:
            edges[(row, column)] = (y - layout.margin_y) / layout.card.height - row
    return slots


@pytest.mark.slow
@pytest.mark.parametrize("flip", ["long", "short"])
def test_printed_backs_sit_behind_their_fronts(tmp_path: Path, flip: str) -> None:
    source = FIXTURES / "names" / "event.yaml"
    build(source, tmp_path, only=("badges",), badge_flip=flip)
    layout = shipped("a4-8")
    edges: dict[tuple[int, int], float] = {}
    front, back = (
        band_slots(tmp_path / "badges.pdf", 1, layout),
        band_slots(tmp_path / "badges.pdf", 2, layout, edges),
    )
    # A sheet turned over its short edge has its backs drawn upside down (the band at the
    # card's top), so each reads upright when its card turns on the lanyard.
    assert all((edge > 0.8) if flip == "long" else (edge < 0.2) for edge in edges.values())
    assert len(front) == layout.per_sheet and len(set(front.values())) > 1
    for (row, column), word in front.items():
        if flip == "long":  # portrait sheet, turned over its long (vertical) edge
            assert back[(row, layout.columns - 1 - column)] == word
        else:
            assert back[(layout.rows - 1 - row, column)] == word
