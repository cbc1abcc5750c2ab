"""A bilingual Montréal symposium (tests/fixtures/montreal: fr-CA and en-CA, half-letter,
America/Montreal) and the seven things its organiser found in the pack: a long hyphenated
name widening a column of parallel sessions past the margin, "Toronto time", names broken
at their hyphens in the concept note, rooms hyphenated, «guillemets» without their
spaces, "08:30 –" over "09:00", and fr-CA times on a 12-hour clock. One build, checked as
readers' software sees it (poppler's word boxes, the DOCX reopened and converted by
LibreOffice)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from tests.conftest import FIXTURES, build, libreoffice_pdf, pdffonts, pdftotext
from tests.test_typesetting import pages_of_words

pytestmark = pytest.mark.slow

SOURCE = FIXTURES / "montreal" / "source" / "event.yaml"
LANGUAGES = ("fr-CA", "en-CA")
MM = 72 / 25.4
#: brochure.css's page margins at the fore-edge, in mm: 15 on a right-hand (odd) page,
#: 17 on a left-hand one.
FORE_EDGE = {1: 15.0, 0: 17.0}
LONG_NAME = "Desrosiers-Villeneuve-Lachapelle-Beauchemin"
NAMES = ("Marie-Ève-Geneviève", LONG_NAME, "Lefèvre-Dubois", "Jean-François")
ROOMS = {
    "fr-CA": ("Salle Hélène-Rochefort-Duchesneau", "Salle Réjean-Ducharme"),
    "en-CA": ("Hélène-Rochefort-Duchesneau Room", "Réjean-Ducharme Room"),
}
#: Every item's time as CLDR writes it in each language: 24-hour in fr-CA (CLDR timeData),
#: 12-hour in en-CA.
TIMES = {
    "fr-CA": (
        "8 h 30 – 9 h 00",
        "9 h 00 – 9 h 15",
        "9 h 15 – 11 h 45",
        "11 h 45 – 13 h 30",
        "13 h 30 – 15 h 00",
        "15 h 15 – 17 h 30",
    ),
    "en-CA": (
        "8:30–9:00 a.m.",
        "9:00–9:15 a.m.",
        "9:15–11:45 a.m.",
        "11:45 a.m.–1:30 p.m.",
        "1:30–3:00 p.m.",
        "3:15–5:30 p.m.",
    ),
}


def plain(text: str) -> str:
    """Text with its no-break spaces as spaces and without word joiners."""
    for space in "\u00a0\u202f\u2009":
        text = text.replace(space, " ")
    return text.replace("\u2060", "")


def split_across_lines(text: str, phrase: str, spaces: bool = True) -> int:
    """How many times phrase is printed broken across two lines in text (poppler's or
    LibreOffice's lines): its count with lines joined, less its count within lines.
    Without spaces: compared with every space left out (LibreOffice draws a no-break
    space as a gap, which poppler does not read as a space)."""

    def fold(part: str) -> str:
        return " ".join(part.split()) if spaces else "".join(part.split())

    text, phrase = plain(text), fold(phrase)
    return fold(text).count(phrase) - sum(fold(line).count(phrase) for line in text.splitlines())


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("montreal") / "output"
    build(SOURCE, out)
    return out


@pytest.fixture(scope="module")
def converted(pack: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each language's concept note as LibreOffice lays it out (a PDF)."""
    return {
        language: libreoffice_pdf(
            pack / language / "concept-note.docx", tmp_path_factory.mktemp("lo")
        )
        for language in LANGUAGES
    }


@pytest.fixture(scope="module")
def notes(converted: dict[str, Path]) -> dict[str, str]:
    """Each converted concept note's text, line by line as LibreOffice set it (-raw:
    poppler's default joins a word hyphenated at a line's end, and reads table cells
    side by side)."""
    return {language: pdftotext(pdf, "-raw") for language, pdf in converted.items()}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_word_runs_past_the_margin(pack: Path, language: str) -> None:
    """N1: a long hyphenated name in a parallel session widened its column of the
    timetable past the page's margin; it now breaks after one of its hyphens, only
    there, and every word stays inside the page's text area."""
    pdf = pack / language / "brochure.pdf"
    pages = pages_of_words(pdf)
    width = float(re.search(r'<page width="([\d.]+)"', pdftotext(pdf, "-bbox")).group(1))  # type: ignore[union-attr]
    for number, words in enumerate(pages[1:-1], start=2):  # the covers run to the edge
        edge = width - FORE_EDGE[number % 2] * MM
        for word, _, _, x1, _ in words:
            assert x1 <= edge + 0.5, (language, number, word, round((x1 - edge) / MM, 1))
    text = plain(pdftotext(pdf, "-raw"))  # (poppler's default joins "Villeneuve-" to the next line)
    printed = re.sub(r"\s+", "", text).count(LONG_NAME)
    assert printed >= 3  # the programme twice, People once
    # joined again only where a line ended with one of the name's hyphens: never inside
    assert re.sub(r"(?<=-)\n", "", text).count(LONG_NAME) == printed


@pytest.mark.parametrize(
    ("language", "zone"), [("fr-CA", "UTC-4, heure de l’Est"), ("en-CA", "Eastern Time, UTC-4")]
)
def test_montreal_is_not_named_toronto(pack: Path, language: str, zone: str) -> None:
    """N2: America/Montreal printed "Toronto time" (Babel names an alias after the city
    of the zone it is folded into)."""
    brochure = " ".join(plain(pdftotext(pack / language / "brochure.pdf")).split())
    note = plain(
        "\n".join(
            p.text for p in docx.Document(str(pack / language / "concept-note.docx")).paragraphs
        )
    )
    for text in (brochure, note):
        assert zone in text and "Toronto" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_concept_note_keeps_names_whole(
    pack: Path, converted: dict[str, Path], notes: dict[str, str], language: str
) -> None:
    """N3: Word and LibreOffice broke "Pierre-Péladeau" after its hyphen in the concept
    note. A name's hyphens are Word's non-breaking hyphens where the name fits its place,
    drawn by the note's own fonts (no fallback face, no missing glyph); python-docx reads
    them as "-". A name longer than its table cell breaks after a hyphen, not inside a
    part."""
    note = pack / language / "concept-note.docx"
    speakers = docx.Document(str(note)).tables[-1]
    assert [row.cells[0].text for row in speakers.rows[1:]] == [
        "Jean-François Côté",
        f"Marie-Ève-Geneviève {LONG_NAME}",
        "Amélie Lefèvre-Dubois",
        "Olivier Dubé",
    ]
    with zipfile.ZipFile(note) as package:
        xml = package.read("word/document.xml").decode()
    assert "Lefèvre</w:t><w:noBreakHyphen/><w:t>Dubois" in xml
    assert "Hortense</w:t><w:noBreakHyphen/><w:t>Lamarre</w:t><w:noBreakHyphen/>" in xml
    text = notes[language]
    for name in ("Lefèvre-Dubois", "Jean-François", "Pavillon Hortense-Lamarre-Beaudry"):
        assert name in " ".join(plain(text).split()), name
        assert split_across_lines(text, name) == 0, name
    printed = re.sub(r"\s+", "", text).count(LONG_NAME)
    assert printed >= 2 and re.sub(r"(?<=-)\n", "", text).count(LONG_NAME) == printed
    faces = {row["name"].split("+")[-1] for row in pdffonts(converted[language])}
    assert all(face.startswith(("Carlito", "Caladea", "OpenSymbol")) for face in faces), faces


@pytest.mark.parametrize("language", LANGUAGES)
def test_rooms_are_never_hyphenated(pack: Path, language: str) -> None:
    """N4: "Salle Réjean-Du-charme": a room is a proper name, never hyphenated (it may
    break at its own hyphen, where a line must)."""
    text = pdftotext(pack / language / "brochure.pdf")
    rejoined = re.sub("\u2010\n", "", text)  # WeasyPrint's hyphenation: U+2010 at a line's end
    for room in ROOMS[language]:
        for word in re.split(r"[\s-]+", room):
            assert text.count(word) == rejoined.count(word), (language, word)
    assert "\u2010\n" in text  # running text is still hyphenated: the test sees hyphenation


def test_french_guillemets_hold_narrow_no_break_spaces(pack: Path) -> None:
    """N5: «bonnes pratiques» lacked the spaces French sets inside guillemets; a space
    the organiser typed (« ville intelligente ») is replaced, not doubled."""
    brochure = " ".join(plain(pdftotext(pack / "fr-CA" / "brochure.pdf")).split())
    assert "« bonnes pratiques »" in brochure and "«bonnes" not in brochure
    with zipfile.ZipFile(pack / "fr-CA" / "concept-note.docx") as package:
        xml = package.read("word/document.xml").decode()
    assert "«\u202fbonnes pratiques\u202f»" in xml
    assert "«\u202fville intelligente\u202f»" in xml
    assert "« " not in xml and " »" not in xml and "\u202f\u202f" not in xml
    english = " ".join(plain(pdftotext(pack / "en-CA" / "brochure.pdf")).split())
    assert "“good practices”" in english


@pytest.mark.parametrize("language", LANGUAGES)
def test_times_are_never_broken(pack: Path, notes: dict[str, str], language: str) -> None:
    """N6: "08:30 –" over "09:00" in the programme's column of times. A time range is
    printed whole in the brochure, on the badges' backs and in the concept note's table
    (as LibreOffice lays it out)."""
    texts = {
        "brochure": pdftotext(pack / language / "brochure.pdf"),
        "badges": pdftotext(pack / language / "badges.pdf"),
        "concept note": notes[language],
    }
    for where, text in texts.items():
        spaces = where != "concept note"
        flat = "".join(plain(text).split())
        for time in TIMES[language]:
            assert "".join(time.split()) in flat, (where, time)
            assert split_across_lines(text, time, spaces) == 0, (where, time)


def test_fr_ca_times_are_on_a_24_hour_clock(pack: Path, notes: dict[str, str]) -> None:
    """N7: fr-CA printed "8 h 30 a.m.": CLDR's fr-CA clock is 24-hour."""
    texts = [
        pdftotext(pack / "fr-CA" / "brochure.pdf"),
        pdftotext(pack / "fr-CA" / "badges.pdf"),
        notes["fr-CA"],
        (pack / "fr-CA" / "programme.ics").read_text(encoding="utf-8"),
    ]
    for text in texts:
        assert not re.search(r"a\.\s?m\.|p\.\s?m\.|\bAM\b|\bPM\b", text)
    assert "8 h 30 – 17 h 30" in " ".join(plain(texts[0]).split())
    english = " ".join(plain(pdftotext(pack / "en-CA" / "brochure.pdf")).split())
    assert "8:30 a.m.–5:30 p.m." in english
