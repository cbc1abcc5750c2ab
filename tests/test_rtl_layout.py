"""An Arabic pack's pages mirror: parallel rooms (the first at the right, as on the wall
timetable), the practical details (labels at the right, values to their left); the
bilingual edition sets its second language's lines as its own pack does."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from tests.conftest import build, libreoffice_pdf, pdftotext, write_event

ARABIC = """
event:
  title: {ar: منتدى عمّان, en: Amman Forum}
  date: 2027-04-13
  start: 9:00
  end: 17:00
  timezone: Asia/Amman
  city: {ar: عمّان, en: Amman}
  country: JO
  languages: [ar, en]
  venue:
    name: {ar: مركز المؤتمرات, en: Convention Centre}
    address:
      ar: |
        شارع الملك عبدالله الثاني 15
        عمّان 11181
      en: |
        15 King Abdullah II Street
        Amman 11181
about: {ar: يجمع المنتدى الباحثين., en: The forum brings researchers together.}
organisers:
  - name: SESAME
    country: JO
people:
  - name: {ar: ليلى حداد, en: Layla Haddad}
    id: layla
    organisation: SESAME
    role: speaker
    bio: {ar: "باحثة في SESAME منذ 2015 وعضوة في مجلسه.", en: "Researcher at SESAME since 2015."}
programme:
  - title: {ar: البيانات المفتوحة, en: Open data}
    date: 2027-04-13
    start: 10:30
    end: 12:00
    room: {ar: القاعة الكبرى, en: Grand Hall}
    people: [layla]
  - title: {ar: المسرعات, en: Accelerators}
    date: 2027-04-13
    start: 10:30
    end: 12:00
    room: {ar: قاعة البتراء, en: Petra Room}
brochure:
  bilingual: [ar, en]
"""


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rtl-layout")
    source = write_event(folder / "source", ARABIC)
    build(source, folder / "output", only=["brochure"])
    return folder / "output"


Word = tuple[float, float, float, float, str]


def _words(pdf: Path) -> list[list[Word]]:
    """Each page's words as poppler places them: (xMin, yMin, xMax, yMax, text), in pt."""
    pages = pdftotext(pdf, "-bbox").split("<page ")[1:]
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)'
    return [
        [
            (float(a), float(b), float(c), float(d), text)
            for a, b, c, d, text in re.findall(pattern, page)
        ]
        for page in pages
    ]


def _page_with(pages: list[list[Word]], *texts: str) -> list[Word]:
    for words in pages:
        if all(any(word[4] == text for word in words) for text in texts):
            return words
    raise AssertionError(f"no page holds {texts}")


def _word(words: list[Word], text: str) -> Word:
    return next(word for word in words if word[4] == text)


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["ar", "ar+en"])
def test_the_first_room_stands_at_the_right(pack: Path, edition: str) -> None:
    # Poppler reverses an Arabic word's letters: the title words as it reads them.
    words = _page_with(_words(pack / edition / "brochure.pdf"), "ةحوتفملا", "تاعرسملا")
    first, second = _word(words, "ةحوتفملا"), _word(words, "تاعرسملا")
    assert first[0] > second[2], (first, second)


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["ar", "ar+en"])
def test_practical_labels_stand_at_the_right_of_their_values(pack: Path, edition: str) -> None:
    words = _page_with(_words(pack / edition / "brochure.pdf"), "ناونعلا", "11181")
    label = _word(words, "ناونعلا")
    values = [word for word in words if word[4] in ("11181", "عراش")]
    assert values and all(value[2] < label[0] for value in values), (label, values)
    # The value stands against the labels' column (24 mm and its 3 mm gap), not at the
    # page's far side.
    assert label[2] - max(value[2] for value in values) < 90


@pytest.mark.slow
def test_the_second_languages_address_keeps_its_lines(pack: Path) -> None:
    words = _page_with(_words(pack / "ar+en" / "brochure.pdf"), "Street", "Amman")
    street = _word(words, "Street")
    amman = next(w for w in words if w[4] == "Amman" and w[1] > street[1])
    assert amman[1] >= street[3] - 1, (street, amman)
    assert "StreetAmman" not in pdftotext(pack / "ar+en" / "brochure.pdf")


@pytest.mark.slow
def test_the_second_languages_time_reads_as_its_own_pack_sets_it(pack: Path) -> None:
    text = pdftotext(pack / "ar+en" / "brochure.pdf")
    # Its zone after it in brackets, never a line starting with a label's slash.
    # (poppler reads the closing bracket of a left-to-right run in a right-to-left line
    # at the line's start: its image has it at the end)
    assert "09:00–17:00 (Amman time, UTC+3" in _plain(text)
    assert not re.search(r"^\s*/\s*\(?Amman time", text, re.MULTILINE)
    # Drawn as the English pack draws it: as wide (an italic colon set wide would not be).
    widths = [
        [word[2] - word[0] for word in words if word[4] == "09:00–17:00"]
        for pdf in (pack / "ar+en" / "brochure.pdf", pack / "en" / "brochure.pdf")
        for words in [_page_with(_words(pdf), "Amman", "09:00–17:00")]
    ]
    assert widths[0] and widths[1]
    assert abs(widths[0][0] - widths[1][0]) < 0.5, widths


def _plain(text: str) -> str:
    """text without bidi marks and joiners, its white space single spaces."""
    return re.sub(r"\s+", " ", re.sub("[\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069]", "", text))


def _ink_top(pdf: Path, page: int, word: Word, folder: Path) -> float:
    """The top of a word's ink, in pt from the page's top (rendered at 300 dpi)."""
    from PIL import Image

    scale = 300 / 72
    x, y = int(word[0] * scale), int(word[1] * scale)
    width, height = int((word[2] - word[0]) * scale) + 1, int((word[3] - word[1]) * scale) + 1
    stem = folder / f"ink-{page}-{x}-{y}"
    region = ["-x", str(x), "-y", str(y), "-W", str(width), "-H", str(height)]
    pages = ["-f", str(page), "-l", str(page)]
    subprocess.run(
        ["pdftoppm", "-r", "300", *pages, *region, "-singlefile", "-png", str(pdf), str(stem)],
        check=True,
    )
    with Image.open(f"{stem}.png") as opened:
        image = opened.convert("L")
        pixels = image.load()
        assert pixels is not None
        rows = [
            row
            for row in range(image.height)
            if any(pixels[column, row] < 128 for column in range(image.width))
        ]
    return (y + rows[0]) / scale


@pytest.mark.slow
def test_latin_digits_in_arabic_text_are_lining(pack: Path, tmp_path: Path) -> None:
    pdf = pack / "ar" / "brochure.pdf"
    pages = _words(pdf)
    number, words = next(
        (n, words)
        for n, words in enumerate(pages, 1)
        if any(w[4] == "2015" for w in words) and any(w[4] == "SESAME" for w in words)
    )
    year = _word(words, "2015")
    capitals = next(w for w in words if w[4] == "SESAME" and abs(w[1] - year[1]) < 2)
    # Lining figures stand as high as capitals; old-style ones at the x-height (~3 pt less).
    assert (
        abs(_ink_top(pdf, number, year, tmp_path) - _ink_top(pdf, number, capitals, tmp_path)) < 0.6
    )


@pytest.mark.slow
def test_arabic_dates_in_the_concept_notes_table_stay_whole(tmp_path: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    two_days = ARABIC.replace(
        "  date: 2027-04-13\n  start", "  date: 2027-04-13\n  end_date: 2027-04-14\n  start"
    )
    two_days = two_days.replace(
        "brochure:",
        "  - title: {ar: الختام, en: Closing}\n    date: 2027-04-14\n    start: 9:00\n"
        "    end: 10:00\n    room: {ar: القاعة الكبرى, en: Grand Hall}\nbrochure:",
    )
    source = write_event(tmp_path / "source", two_days)
    build(source, tmp_path / "output", only=["concept-note"])
    note = tmp_path / "output" / "ar" / "concept-note.docx"
    table = docx.Document(str(note)).tables[0]
    days = [row.cells[0] for row in table.rows[1:]]
    # The day's runs are set in a font with Arabic (its right-to-left marks make it a
    # right-to-left run, set in its complex-script font), not a fallback.
    for cell in days:
        for run in cell.paragraphs[0].runs:
            fonts = run._r.rPr.find(qn("w:rFonts"))
            assert fonts is not None and fonts.get(qn("w:cs")) == "Noto Naskh Arabic"
    # LibreOffice sets each date on one line: "2027" never alone on a line of its own.
    pdf = libreoffice_pdf(note, tmp_path / "pdf")
    lines = [_plain(line).strip() for line in pdftotext(pdf).splitlines()]
    dates = [line for line in lines if "2027" in line and "/04/" in line]
    assert len(dates) == len(days), dates
    assert "2027" not in lines
