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


def _dense_day(rooms: int, minutes: int, doubled: int) -> tuple[str, list[str]]:
    """A day of `minutes`-long talks back to back in `rooms` rooms, 08:00-20:00, a lunch
    break across them, and `doubled` more talks at 11:00 in rooms 0 and 1 (a double
    booking, only warned of); and every title."""
    titles = ["Lunch"]
    lines = ["  - {title: Lunch, start: '13:00', end: '13:45', kind: break}"]

    def add(title: str, start: int, end: int, room: int) -> None:
        titles.append(title)
        lines.append(
            f"  - {{title: {title}, start: '{start // 60}:{start % 60:02d}', "
            f"end: '{end // 60}:{end % 60:02d}', room: Room {room}}}"
        )

    for room in range(rooms):
        for n, start in enumerate(range(8 * 60, 20 * 60 - minutes + 1, minutes)):
            if start + minutes <= 13 * 60 or start >= 13 * 60 + 45:
                add(f"Talk {room}-{n} on open data", start, start + minutes, room)
    for n in range(doubled):
        add(f"Parallel talk number {n}", 11 * 60, 11 * 60 + 30, n % 2)
    head = MINIMAL.replace("  country: NO\n", "  country: NO\n  start: '8:00'\n  end: '20:00'\n")
    return head + "programme:\n" + "\n".join(lines) + "\n", titles


@pytest.mark.parametrize(
    ("rooms", "minutes", "doubled", "paper"),
    [(5, 10, 0, "a3"), (8, 5, 0, "a3"), (5, 10, 0, "a1"), (2, 30, 40, "a3"), (6, 15, 4, "a3")],
)
def test_a_dense_day_goes_on_to_further_sheets_and_loses_nothing(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    rooms: int,
    minutes: int,
    doubled: int,
    paper: str,
) -> None:
    """Five to eight rooms of 5- and 10-minute talks from 08:00 to 20:00 (up to 1080
    items) came out as one blank sheet, and 40 talks double-booked at 11:00 pushed the
    notes off the sheet's top: every title is now printed (in its block or in a note),
    every word inside its page, the day's later sheets say `continued`, and a warning
    promising note N at a sheet's foot has note N there."""
    text, titles = _dense_day(rooms, minutes, doubled)
    source = write_event(tmp_path / "source", text)
    out = tmp_path / "out"
    with caplog.at_level("WARNING"):
        build(source, out, only=("timetable",), timetable_paper=paper)
    pdf = out / "timetable.pdf"
    pages = pdftotext(pdf).split("\f")[:-1]
    flat = " ".join(" ".join(pages).split())
    assert [title for title in titles if title not in flat] == []
    assert len(pages) > 1 and all("continued" in page for page in pages[1:])
    assert "continued" not in pages[0]
    boxes = pdftotext(pdf, "-bbox")
    for width, height, body in re.findall(
        r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', boxes, re.S
    ):
        for box in re.findall(
            r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)"', body
        ):
            x0, y0, x1, y1 = map(float, box)
            assert x0 >= 0 and x1 <= float(width) and y0 >= 0 and y1 <= float(height), box
    for record in caplog.records:
        found = re.search(
            r"'([^']+)' .*printed in note (\d+) (at the sheet's foot)?", record.getMessage()
        )
        if found:
            title, number, foot = found.groups()
            line = re.compile(rf"^{number} .*{re.escape(title)}(?!\d)", re.M)
            holding = [page for page in pages if line.search(page)]
            assert len(holding) == 1, record.getMessage()
            # at the foot of a grid (its rooms' heads), else on a sheet of notes alone
            assert bool(re.search(r"^Room \d+$", holding[0], re.M)) == bool(foot)
