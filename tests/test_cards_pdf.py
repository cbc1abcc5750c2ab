"""The card engine: pages of placed shapes and text drawn straight to PDF (Pango, Cairo),
checked with poppler (pdftotext, pdffonts, pdfinfo, pdftoppm) and zbarimg."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
import segno
from PIL import Image as Picture
from tests.conftest import pdffonts, pdftotext

from brochure.engines import cards_pdf
from brochure.engines.cards_pdf import Font, Group, Info, Line, Modules, Page, Rect, Text, colour

STACK = (
    "Inter",
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Devanagari",
    "Noto Sans CJK JP",
    "sans-serif",
)
BOLD = Font(STACK, 700)
INFO = Info("Cards · test", "es-MX", dt.datetime(2026, 3, 10, 9, 30, tzinfo=dt.UTC), ("Org",))
MM = 72 / 25.4


def rows(data: str) -> tuple[str, ...]:
    matrix = segno.make_qr(data, error="m", mask=0).matrix
    return tuple("".join("1" if module else "0" for module in row) for row in matrix)


def card(turned: bool = False) -> Page:
    items = (
        Rect(0, 60, 96, 8, colour("#c2410c")),
        Text(
            "speaker".upper(),
            0,
            60,
            96,
            Font(STACK, 700, letter_spacing=0.06),
            10,
            colour("#ffffff"),
            8,
            "en",
            "ltr",
            "center",
        ),
        Text("Zoë Ólafsdóttir", 5, 5, 86, BOLD, 28, colour("#1d2730"), 11, "is", "ltr"),
        Text(
            "محمد بن عبد الرحمن",
            5,
            17,
            86,
            BOLD,
            18,
            line_height=8,
            language="ar",
            direction="rtl",
            align="right",
        ),
        Text("山田太郎 😀", 5, 26, 60, BOLD, 18, line_height=8, language="ja"),
        Text("ᚠᛖᚺᚢ Runesson", 5, 35, 60, Font(STACK), 12, line_height=6, language="en"),
        Modules(70, 35, 16, rows("p-17")),
        Line(0, 0, 4, 0, 0.2, colour("#8a99a6")),
    )
    return Page(96, 68, (Group(0, 0, 96, 68, items, turned=turned),))


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cards") / "cards.pdf"
    path.write_bytes(cards_pdf.draw([card(), card(turned=True)], INFO))
    return path


def test_text_of_every_script_copies_out(drawn: Path) -> None:
    text = pdftotext(drawn, "-f", "1", "-l", "1")
    for name in ("Zoë Ólafsdóttir", "محمد بن عبد الرحمن", "山田太郎", "ᚠᛖᚺᚢ", "SPEAKER"):
        assert name in text, (name, text)


def test_fonts_are_embedded_subset_and_chosen_by_language(drawn: Path) -> None:
    fonts = pdffonts(drawn)
    assert fonts and all(font["emb"] == "yes" for font in fonts)
    names = " ".join(font["name"] for font in fonts)
    assert re.search(r"[A-Z]{6}\+Inter-Bold", names), names
    assert "NotoSansArabic-Bold" in names and "NotoSansCJKjp-Bold" in names, names
    assert "DejaVu" not in names


def test_pages_size_and_document_information(drawn: Path) -> None:
    info = subprocess.run(["pdfinfo", str(drawn)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+2", info)
    assert re.search(r"Page size:\s+272\.1\d* x 192\.7\d* pts", info), info
    assert "Cards · test" in info and "Author:          Org" in info
    with pikepdf.open(drawn) as pdf:
        assert str(pdf.Root.Lang) == "es-MX"
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20260310093000")


def test_the_same_pages_give_the_same_bytes() -> None:
    assert cards_pdf.draw([card()], INFO) == cards_pdf.draw([card()], INFO)


def test_qr_modules_scan_upright_and_turned(drawn: Path, tmp_path: Path) -> None:
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(drawn), str(tmp_path / "p")], check=True)
    for page in sorted(tmp_path.glob("p-*.png")):
        found = subprocess.run(["zbarimg", "-q", "--raw", str(page)], capture_output=True)
        assert found.stdout.decode().split() == ["p-17"], page


def test_colours_and_a_turned_group(drawn: Path, tmp_path: Path) -> None:
    """The band is drawn in its colour at the card's foot; turned, at its head."""
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(drawn), str(tmp_path / "p")], check=True)
    upright, turned = (Picture.open(p).convert("RGB") for p in sorted(tmp_path.glob("p-*.png")))
    band = (0xC2, 0x41, 0x0C)
    near = lambda got: all(abs(a - b) < 8 for a, b in zip(got, band, strict=True))  # noqa: E731
    _, height = upright.size
    assert near(upright.getpixel((3, height - 3))) and not near(upright.getpixel((3, 3)))
    assert near(turned.getpixel((3, 3))) and not near(turned.getpixel((3, height - 3)))


def test_emoji_are_drawn_from_the_fonts_own_images(drawn: Path) -> None:
    """Noto Color Emoji's glyphs are bitmaps: drawn as its own PNG (136 px), not a 72 dpi
    rasterisation."""
    listed = subprocess.run(
        ["pdfimages", "-list", "-f", "1", "-l", "1", str(drawn)], capture_output=True, text=True
    ).stdout.splitlines()[2:]
    widths = [int(line.split()[3]) for line in listed if line.split()[2] == "image"]
    assert widths and min(widths) >= 100, listed


def test_a_line_is_set_in_its_box_as_css_sets_it(tmp_path: Path) -> None:
    """The same line at two line heights: the taller box lowers the line by half the
    difference (half-leading)."""

    def top_of(line_height: float) -> float:
        pdf = tmp_path / f"l{line_height}.pdf"
        pdf.write_bytes(
            cards_pdf.draw(
                [Page(50, 50, (Text("Hamburg", 5, 10, 40, BOLD, 12, line_height=line_height),))],
                INFO,
            )
        )
        box = pdftotext(pdf, "-bbox")
        return float(re.search(r'yMin="([\d.]+)"', box).group(1))  # type: ignore[union-attr]

    assert top_of(10) - top_of(6) == pytest.approx(2 * MM, abs=0.05)


def test_no_page_is_an_error() -> None:
    with pytest.raises(ValueError, match="no page"):
        cards_pdf.draw([], INFO)


@pytest.mark.slow
def test_badges_take_their_looks_from_the_layouts_stylesheet(tmp_path: Path) -> None:
    """A project's badges.css decides colours and case (read as WeasyPrint computes it,
    never the shipped values); what it hides is not drawn."""
    from tests.conftest import MINIMAL, ROOT, build, write_event

    source = write_event(
        tmp_path / "source",
        MINIMAL + "people:\n  - {name: Ann Lee, given: Ann, family: Lee, role: speaker}\n"
        "badges:\n  blank: 1\n",
    )
    css = (ROOT / "layouts" / "badges" / "badges.css").read_text(encoding="utf-8")
    (tmp_path / "layouts" / "badges").mkdir(parents=True)
    (tmp_path / "layouts" / "badges" / "badges.css").write_text(
        css + "\n.role-speaker .band { background: #00a000; text-transform: lowercase }"
        "\n.given { color: #d00000 }\n.write-here { display: none }\n"
    )
    build(source, tmp_path / "out", only=("badges",))
    pdf = tmp_path / "out" / "badges.pdf"
    text = pdftotext(pdf)
    assert "speaker" in text and "SPEAKER" not in text
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "p")], check=True)
    image = Picture.open(next(tmp_path.glob("p-*.png"))).convert("RGB")
    pixels = {image.getpixel((x, y)) for x in range(image.width) for y in range(image.height)}
    assert any(r < 40 and g > 140 and b < 40 for r, g, b in pixels), "the band's green"
    assert any(r > 180 and g < 40 and b < 40 for r, g, b in pixels), "the given name's red"


def test_a_turned_group_first_leaves_later_lines_upright(tmp_path: Path) -> None:
    """Lines share their shaping across cards: a document whose first line is on a
    turned card still sets the lines after it upright (and the turned one upside down)."""
    turned = Group(0, 0, 96, 68, (Text("Upside", 5, 5, 86, BOLD, 20, line_height=9),), True)
    upright = Text("Upright", 5, 40, 86, BOLD, 20, line_height=9)
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(cards_pdf.draw([Page(96, 68, (turned, upright))], INFO))
    words = re.findall(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(\w+)<', pdftotext(pdf, "-bbox")
    )
    tops = {word: float(top) for top, word in words}
    assert "Upright" in tops and tops["Upright"] == pytest.approx(40 * MM, abs=3 * MM)
    assert "Upside" in tops and tops["Upside"] > 50 * MM  # turned: at the card's foot
