"""Printing the brochure: the booklet for an office printer, the print shop's file, PDF/A.

Pages are identified by what is printed on them (pdftotext -bbox), boxes and standards
by reading the PDF back (pikepdf), never by comparing bytes.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from tests.conftest import MINIMAL, SEED_SOURCE, build, write_event

from brochure.finishing import imposition
from brochure.finishing.paper import A4, A5, HALF_LETTER, LETTER, brochure_paper

MM = 72 / 25.4


def test_saddle_stitch_order_puts_first_and_last_on_the_outside() -> None:
    sides = [(s.left, s.right) for s in imposition.saddle_stitch(8)]
    assert sides == [(7, 0), (1, 6), (5, 2), (3, 4)]


def test_saddle_stitch_pads_to_whole_sheets_with_blank_halves() -> None:
    sides = imposition.saddle_stitch(6)
    assert len(sides) == 4
    placed = [page for side in sides for page in (side.left, side.right)]
    assert sorted(p for p in placed if p is not None) == list(range(6))
    assert placed.count(None) == 2


@pytest.mark.parametrize(
    ("language", "page", "sheet"),
    [
        ("en", A5, A4),
        ("en-GB", A5, A4),
        ("es-MX", HALF_LETTER, LETTER),
        ("en-US", HALF_LETTER, LETTER),
    ],
)
def test_paper_comes_with_the_event_language(language: str, page: object, sheet: object) -> None:
    paper = brochure_paper(language)
    assert (paper.page, paper.sheet) == (page, sheet)


def words(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(x, y, word) of every word on a page, in points, from pdftotext -bbox."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', html)
    return [(float(x), float(y), word) for x, y, word in found]


def page_count(pdf: Path) -> int:
    with pikepdf.open(pdf) as document:
        return len(document.pages)


def which_page(half: list[str], pages: dict[int, list[str]]) -> int | None:
    """The brochure page whose words are exactly those printed on a half sheet."""
    if not half:
        return None
    matches = [number for number, found in pages.items() if found == half]
    assert len(matches) == 1, (half[:8], matches)
    return matches[0]


def imposed_order(booklet: Path, brochure: Path) -> list[tuple[int | None, int | None]]:
    """Which brochure page sits on the left and the right half of each booklet side."""
    pages = {n: [w for _, _, w in words(brochure, n)] for n in range(1, page_count(brochure) + 1)}
    with pikepdf.open(booklet) as document:
        middle = float(document.pages[0].mediabox[2]) / 2
    order = []
    for side in range(1, page_count(booklet) + 1):
        found = words(booklet, side)
        left = [w for x, _, w in found if x < middle]
        right = [w for x, _, w in found if x >= middle]
        order.append((which_page(left, pages), which_page(right, pages)))
    return order


# Everything below renders real documents.


@pytest.mark.slow
def test_booklet_holds_the_brochure_pages_in_saddle_stitch_order(built_pack: Path) -> None:
    booklet, brochure = built_pack / "brochure-booklet.pdf", built_pack / "brochure.pdf"
    assert page_count(brochure) == 8
    assert imposed_order(booklet, brochure) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    with pikepdf.open(booklet) as document:
        for page in document.pages:  # A4 landscape: the short edge is the fold's
            width, height = (float(v) for v in page.mediabox[2:])
            assert (round(width / MM), round(height / MM)) == (297, 210)
        assert str(document.Root.Lang) == "en"
        assert document.Root.ViewerPreferences.DisplayDocTitle


@pytest.mark.slow
def test_an_event_in_a_letter_country_prints_half_letter_on_letter(tmp_path: Path) -> None:
    text = MINIMAL.replace("  country: NO\n", "  country: NO\n  language: en-US\n")
    source = write_event(tmp_path, text)
    build(source, tmp_path / "out", only=("brochure",))
    with pikepdf.open(tmp_path / "out" / "brochure.pdf") as document:
        width, height = (float(v) for v in document.pages[0].mediabox[2:])
        assert (round(width / 72, 2), round(height / 72, 2)) == (5.5, 8.5)
    with pikepdf.open(tmp_path / "out" / "brochure-booklet.pdf") as document:
        width, height = (float(v) for v in document.pages[0].mediabox[2:])
        assert (round(width / 72, 2), round(height / 72, 2)) == (11.0, 8.5)
