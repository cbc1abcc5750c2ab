"""The wall timetable's time axis: one long evening item does not squash the day."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import MINIMAL, build, pdftotext, write_event

pytestmark = pytest.mark.slow


def _words(pdf: Path) -> list[tuple[str, float]]:
    """Each word of the first page with its height (pt), from pdftotext -bbox."""
    page = pdftotext(pdf, "-bbox", "-f", "1", "-l", "1")
    return [
        (word, float(y1) - float(y0))
        for y0, y1, word in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', page
        )
    ]


def test_a_long_evening_item_is_cut_from_the_axis_and_says_where(tmp_path: Path) -> None:
    """A reception from 19:00 to 01:00 at another venue took a third of the sheet and set
    the daytime sessions in small type: its empty middle is folded away (a cut in the
    axis), the sessions' titles keep the size they have without it, and its block names
    its place."""
    day = "".join(
        f"  - {{title: Session{n}, start: '{9 + n}:00', end: '{10 + n}:00', room: Hall,"
        " people: [ada-lind]}\n"
        for n in range(8)
    )
    head = MINIMAL.replace("date: 2025-03-04", "date: 2025-03-04\n  end_date: 2025-03-05")
    head += "people:\n  - {name: Ada Lind, role: speaker}\nprogramme:\n" + day
    evening = (
        "  - {title: Reception, start: '19:00', end: '1:00',"
        " venue: {name: Heuriger Mayer, address: Pfarrplatz 2}}\n"
    )
    sizes = {}
    for name, text in (("day", head), ("evening", head + evening)):
        source = write_event(tmp_path / name, text)
        build(source, tmp_path / f"out-{name}", only=("timetable",))
        words = _words(tmp_path / f"out-{name}" / "timetable.pdf")
        sizes[name] = min(height for word, height in words if word.startswith("Session"))
        if name == "evening":
            printed = " ".join(word for word, _ in words)
            assert "Reception" in printed and "Heuriger Mayer" in printed
    assert sizes["evening"] >= sizes["day"] * 0.97, sizes
