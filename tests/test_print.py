"""Printing the brochure: the booklet for an office printer, the print shop's file, PDF/A.

Pages are identified by what is printed on them (pdftotext -bbox), boxes and standards
by reading the PDF back (pikepdf), never by comparing bytes.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from tests.conftest import MINIMAL, SEED_SOURCE, build, write_event

from brochure.finishing import imposition
from brochure.finishing.paper import A4, A5, HALF_LETTER, LETTER, brochure_paper, office_paper

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
    ("language", "country", "page", "sheet"),
    [
        ("en", None, A5, A4),
        ("en-GB", None, A5, A4),
        ("es-MX", None, HALF_LETTER, LETTER),
        ("en-US", None, HALF_LETTER, LETTER),
        # a bare tag: the event's country, by code or by name, says where it is printed
        ("es", "CO", HALF_LETTER, LETTER),
        ("es", "Colombia", HALF_LETTER, LETTER),
        ("fr", "Canada", HALF_LETTER, LETTER),
        ("es", "ES", A5, A4),
        ("es", "Atlantis", A5, A4),
        # the tag's region wins: a British pack of an event in Mexico (the seed)
        ("en-GB", "MX", A5, A4),
        ("es-ES", "CO", A5, A4),
    ],
)
def test_paper_comes_with_the_event_language(
    language: str, country: str | None, page: object, sheet: object
) -> None:
    paper = brochure_paper(language, country)
    assert (paper.page, paper.sheet) == (page, sheet)
    assert office_paper(language, country) == sheet


@pytest.mark.slow
def test_every_output_prints_on_the_paper_of_the_events_country(tmp_path: Path) -> None:
    """An event in Bogotá written in bare `es`: the brochure half-letter, the concept
    note and the default badge sheet Letter (the concept note was A4 beside a
    half-letter brochure)."""
    import zipfile

    text = MINIMAL.replace("  country: NO\n", "  country: CO\n  language: es\n")
    source = write_event(tmp_path, text + "people:\n  - {name: Ana Gómez, role: speaker}\n")
    build(source, tmp_path / "out", only=("brochure", "concept-note", "badges"))
    with pikepdf.open(tmp_path / "out" / "brochure.pdf") as document:
        width, height = (float(v) for v in document.pages[0].mediabox[2:])
        assert (round(width / 72, 2), round(height / 72, 2)) == (5.5, 8.5)
    with zipfile.ZipFile(tmp_path / "out" / "concept-note.docx") as package:
        xml = package.read("word/document.xml").decode()
    assert 'w:w="12240"' in xml and 'w:h="15840"' in xml  # 8.5 x 11 in, in twentieths of a point
    with pikepdf.open(tmp_path / "out" / "badges.pdf") as document:
        width, height = (float(v) for v in document.pages[0].mediabox[2:])
        assert (round(width / 72, 2), round(height / 72, 2)) == (8.5, 11.0)


@pytest.mark.slow
def test_each_language_pack_prints_its_badges_on_its_own_office_paper(tmp_path: Path) -> None:
    """A London event in British and American English: with no layout chosen, the en-GB
    badges on A4 (a4-8), the en-US badges on Letter (letter-6), as each pack's brochure;
    a layout the file names is every pack's."""
    text = MINIMAL.replace("  country: NO\n", "  country: GB\n  languages: [en-GB, en-US]\n")
    text += "people:\n  - {name: Ann Lee, role: speaker}\n"
    source = write_event(tmp_path, text)
    build(source, tmp_path / "out", only=("badges",))

    def size(pdf: Path) -> tuple[float, float]:
        with pikepdf.open(pdf) as document:
            width, height = (float(v) for v in document.pages[0].mediabox[2:])
        return round(width / 72, 2), round(height / 72, 2)

    assert size(tmp_path / "out" / "en-GB" / "badges.pdf") == (8.27, 11.69)
    assert size(tmp_path / "out" / "en-US" / "badges.pdf") == (8.5, 11.0)
    source.write_text(text + "badges:\n  layout: a4-8\n")
    build(source, tmp_path / "chosen", only=("badges",))
    assert size(tmp_path / "chosen" / "en-US" / "badges.pdf") == (8.27, 11.69)


def test_every_pdf_variant_offered_is_one_weasyprint_writes() -> None:
    from weasyprint.pdf import VARIANTS

    from brochure.model import PDF_VARIANTS

    assert set(PDF_VARIANTS) <= set(VARIANTS)
    assert not any(name.startswith("pdf/a-1") for name in PDF_VARIANTS)


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
        assert str(document.Root.Lang) == "en-GB"
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


@pytest.fixture(scope="module")
def print_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed brochure built for a print shop, with a fixed build time."""
    out = tmp_path_factory.mktemp("print-shop")
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1481155200")
    try:
        build(SEED_SOURCE / "event.yaml", out, only=("brochure",), print_shop=True)
    finally:
        monkeypatch.undo()
    return out


def box(page: pikepdf.Page, name: str) -> tuple[float, ...]:
    return tuple(round(float(v) / MM, 1) for v in page.obj[name])


@pytest.mark.slow
def test_print_shop_pages_have_bleed_trim_and_room_for_marks(print_shop: Path) -> None:
    with pikepdf.open(print_shop / "brochure.pdf") as document:
        assert len(document.pages) % 4 == 0
        for page in document.pages:
            assert box(page, "/TrimBox") == (0, 0, 148, 210)
            assert box(page, "/BleedBox") == (-3, -3, 151, 213)
            x0, y0, x1, y1 = box(page, "/MediaBox")
            assert x0 <= -8 and y0 <= -8 and x1 >= 156 and y1 >= 218  # marks fit outside


def rendered(pdf: Path, page: int, folder: Path, dpi: int) -> Any:
    """A page rendered over its whole MediaBox (hairlines drawn at least a pixel wide)."""
    from PIL import Image

    command = ["pdftoppm", "-r", str(dpi), "-thinlinemode", "solid", "-png"]
    subprocess.run(
        [*command, "-f", str(page), "-l", str(page), str(pdf), str(folder / "p")], check=True
    )
    (png,) = folder.glob("p-*.png")
    return Image.open(png).convert("RGB")


@pytest.mark.slow
def test_the_cover_runs_into_the_bleed_and_crop_marks_sit_outside_it(
    print_shop: Path, tmp_path: Path
) -> None:
    with pikepdf.open(print_shop / "brochure.pdf") as document:
        reach = -float(document.pages[0].mediabox[0])  # MediaBox beyond the trim, pt
    dpi = 150
    image = rendered(print_shop / "brochure.pdf", 1, tmp_path, dpi)
    middle = image.height // 2

    def at(x_mm: float, y_mm: float) -> tuple[int, int, int]:
        """The colour x, y mm from the trim's top left corner."""
        scale = dpi / 72
        return image.getpixel((int((reach + x_mm * MM) * scale), int((reach + y_mm * MM) * scale)))

    blue = at(20, 100)
    assert blue[2] > blue[0] + 40  # the cover is dark blue
    assert at(-1.5, 100) == blue and at(149.5, 100) == blue  # ... into the bleed
    assert image.getpixel((1, middle)) == (255, 255, 255)  # and no further
    # A crop mark: the trim line extended outside the bleed, at each corner.
    assert sum(at(-6, 0)) < 300 and sum(at(0, -6)) < 300
    assert sum(at(154, 210)) < 300 and sum(at(148, 216)) < 300
    assert at(-6, 5) == (255, 255, 255)  # marks are lines, not a frame


@pytest.mark.slow
def test_print_shop_file_is_pdf_x4_with_a_cmyk_output_intent(print_shop: Path) -> None:
    with pikepdf.open(print_shop / "brochure.pdf") as document:
        (intent,) = document.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        assert intent.DestOutputProfile.N == 4
        meta = document.open_metadata()
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert document.Root.MarkInfo.Marked  # still tagged for screen readers
        # RGB colours are declared sRGB, not device RGB
        spaces = document.pages[0].Resources.ColorSpace
        assert "/DefaultRGB" in spaces
        # crop marks print on every plate (registration colour)
        assert any(
            isinstance(space, pikepdf.Array) and space[0] == "/Separation" and space[1] == "/All"
            for space in spaces.values()
        )


@pytest.mark.slow
def test_the_booklet_of_a_print_shop_brochure_is_cut_to_the_trim(print_shop: Path) -> None:
    order = imposed_order(print_shop / "brochure-booklet.pdf", print_shop / "brochure.pdf")
    assert order == [(8, 1), (2, 7), (6, 3), (4, 5)]
    with pikepdf.open(print_shop / "brochure-booklet.pdf") as document:
        width, height = (float(v) for v in document.pages[0].mediabox[2:])
        assert (round(width / MM), round(height / MM)) == (297, 210)


@pytest.mark.slow
def test_same_event_and_build_time_give_the_same_print_shop_file(
    print_shop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1481155200")
    build(SEED_SOURCE / "event.yaml", tmp_path, only=("brochure",), print_shop=True)
    for name in ("brochure.pdf", "brochure-booklet.pdf"):
        assert (tmp_path / name).read_bytes() == (print_shop / name).read_bytes(), name


@pytest.mark.slow
def test_print_shop_warns_of_an_image_below_300_dpi_naming_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from PIL import Image

    Image.new("RGB", (120, 40), "#123b5a").save(tmp_path / "small.png")
    text = MINIMAL.replace("  - name: Someone", "  - name: Someone\n    logo: small.png")
    source = write_event(tmp_path, text)
    with caplog.at_level("WARNING", logger="brochure"):
        build(source, tmp_path / "out", only=("brochure",), print_shop=True)
    messages = [r.getMessage() for r in caplog.records]
    # The event's own images are checked before rendering, with their place in the file.
    assert any(
        re.search(
            r"organisers\[0\]\.logo: warning: brochure: 'small\.png' is 120 x 40 pixels, "
            r"so it prints at \d+ dpi",
            m,
        )
        for m in messages
    ), messages


@pytest.mark.slow
def test_print_shop_from_the_event_file(tmp_path: Path) -> None:
    source = write_event(tmp_path, MINIMAL + "brochure:\n  print_shop: true\n")
    build(source, tmp_path / "out", only=("brochure",))
    with pikepdf.open(tmp_path / "out" / "brochure.pdf") as document:
        assert box(document.pages[0], "/BleedBox") == (-3, -3, 151, 213)


@pytest.mark.slow
def test_pdf_variant_writes_pdf_a_for_the_records(tmp_path: Path) -> None:
    source = write_event(tmp_path, MINIMAL)
    build(source, tmp_path / "out", only=("brochure",), pdf_variant="pdf/a-3b")
    with pikepdf.open(tmp_path / "out" / "brochure.pdf") as document:
        meta = document.open_metadata()
        assert meta["pdfaid:part"] == "3" and meta["pdfaid:conformance"] == "B"
        (intent,) = document.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        assert document.Root.MarkInfo.Marked


def test_an_unknown_pdf_variant_is_misuse_or_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from brochure.cli import main

    source = write_event(tmp_path / "source", MINIMAL + "brochure:\n  pdf_variant: pdf/z-9\n")
    assert main(["build", str(source), "--only", "brochure", "--pdf-variant", "pdf/z-9"]) == 2
    assert main(["check", str(source)]) == 1
    err = capsys.readouterr().err
    assert "--pdf-variant" in err
    assert re.search(r"event\.yaml:\d+:\d+: brochure\.pdf_variant: ", err), err
