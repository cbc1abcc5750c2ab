"""QR codes on cards written straight into the page's content (cards_pdf: a code nothing
drawn after it overlaps is written after Cairo, in module units): the same marks in the
same place as Cairo draws them, read by zbarimg, turned with their card, and under what
is drawn over them where something is."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pikepdf
import pytest
import segno
from PIL import Image as Picture
from PIL import ImageChops

from brochure.engines import cards_pdf
from brochure.engines.cards_pdf import Group, Info, Modules, Page, Rect, colour

INFO = Info("Codes · test", "en", dt.datetime(2026, 3, 10, tzinfo=dt.UTC))


def rows(data: str) -> tuple[str, ...]:
    matrix = segno.make_qr(data, error="m", mask=0).matrix
    return tuple("".join("1" if module else "0" for module in row) for row in matrix)


def sheet() -> Page:
    """Two cards, the second turned (a back), each with a code; a third code under a
    band drawn after it."""
    card = (Rect(0, 0, 80, 50, colour("#f4f1ea")), Modules(52, 18, 24, rows("p-0001")))
    return Page(
        210,
        297,
        (
            Group(10, 10, 80, 50, card),
            Group(10, 70, 80, 50, card, turned=True),
            Modules(120, 20, 30, rows("under a band")),
            Rect(110, 30, 60, 8, colour("#123b5a")),
        ),
    )


def png(pdf: bytes, folder: Path, name: str) -> Picture.Image:
    (folder / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "150",
            "-png",
            "-singlefile",
            str(folder / f"{name}.pdf"),
            str(folder / name),
        ],
        check=True,
    )
    return Picture.open(folder / f"{name}.png").convert("RGB")


def test_codes_are_written_as_cairo_draws_them_and_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = cards_pdf.draw([sheet()], INFO)
    with pikepdf.open(io.BytesIO(written)) as document:
        streams = document.pages[0].Contents
        after = streams[-1].read_bytes() if isinstance(streams, pikepdf.Array) else b""
    assert after.count(b" re f Q") == 2  # the two cards' codes; not the one under the band

    monkeypatch.setattr(cards_pdf, "_written_codes", lambda page: frozenset())
    drawn = cards_pdf.draw([sheet()], INFO)
    ours, cairos = png(written, tmp_path, "written"), png(drawn, tmp_path, "drawn")
    difference = ImageChops.difference(ours, cairos).convert("L").point(lambda v: v > 96)
    # Only a module edge's antialiasing may differ (rounded differently), nowhere a module.
    assert sum(difference.histogram()[1:]) <= 200, difference.getbbox()

    found = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "written.png")],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert found.count("p-0001") == 2


def test_a_code_under_something_drawn_later_stays_under_it(tmp_path: Path) -> None:
    """The band drawn after the third code covers it, as it does when Cairo draws both."""
    picture = png(cards_pdf.draw([sheet()], INFO), tmp_path, "band")
    scale = 150 / 25.4
    along = {picture.getpixel((round(x / 4 * scale), round(34 * scale))) for x in range(481, 599)}
    assert along == {(0x12, 0x3B, 0x5A)}  # the band's colour across the code's width
