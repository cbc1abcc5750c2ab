"""A made-up conference that uses every field: the outputs carry all of it."""

from __future__ import annotations

import math
import re
from pathlib import Path

import docx
import pypdf
import pytest
from tests.conftest import FIXTURES, build, pdftotext

from brochure.reading.load import load_event

# Every test here renders real documents.
pytestmark = pytest.mark.slow


SOURCE = FIXTURES / "conference" / "event.yaml"


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("conference")
    build(SOURCE, out)
    return out


def test_attendees_come_from_the_csv() -> None:
    event = load_event(SOURCE)
    assert len(event.attendees) == 40
    assert all(person.role == "attendee" for person in event.attendees)


def test_brochure_shows_days_bios_rooms_and_the_logo(pack: Path) -> None:
    pdf = pack / "brochure.pdf"
    text = " ".join(pdftotext(pdf).split())
    assert "14 – 15 May 2025" in text  # en-GB: CLDR's range, the month written out
    assert "WEDNESDAY 14 MAY 2025" in text and "THURSDAY 15 MAY 2025" in text
    assert "This biography is here to test" in text
    assert "Salas 2-4" in text and "Auditório 1" in text
    assert "https://example.org/open-city/2025" in text
    assert "tomas@example.org" not in text  # e-mail addresses are never printed
    assert len(pypdf.PdfReader(pdf).pages) % 4 == 0
    # the SVG logo is drawn, on the cover and on the organisers' page, with its text
    assert text.count("OPEN CITY") >= 2
    # a speaker not yet confirmed is marked where the programme names her, not only in
    # People: a reader of the programme alone learns it too
    programme = text[text.index("WEDNESDAY 14 MAY 2025") : text.index("ORGANISERS")]
    assert "Grace Mwangi (provisional)" in programme


def test_concept_note_lists_the_programme_as_a_table(pack: Path) -> None:
    note = docx.Document(str(pack / "concept-note.docx"))
    programme = note.tables[0]
    assert [cell.text for cell in programme.rows[0].cells] == ["Day", "Time", "Item", "People"]
    rows = [[cell.text for cell in row.cells] for row in programme.rows[1:]]
    assert [row[2] for row in rows[:3]] == ["Registration", "Opening", "What the sensors see"]
    # a day's spaces are no-break ones: read whole
    assert rows[0][0] == "14\u00a0May\u00a02025" and rows[-1][0] == "15\u00a0May\u00a02025"
    assert note.core_properties.language == "en-GB"
    section = note.sections[0]
    assert round(section.page_width.mm) == 210  # A4 outside the US and Canada


def test_badges_for_people_attendees_and_blanks(pack: Path) -> None:
    event = load_event(SOURCE)
    total = len(event.people) + len(event.attendees) + event.badges.blank
    pdf = pack / "badges.pdf"
    assert len(pypdf.PdfReader(pdf).pages) == math.ceil(total / 8)
    text = pdftotext(pdf)
    assert "14 – 15 May 2025" in text
    for role, count in (
        ("PARTICIPANT", 40),
        ("MODERATOR", 1),
        ("SPEAKER", 2),
        ("STAFF", 1),
        ("PRESS", 1),
    ):
        assert len(re.findall(rf"\b{role}\b", text)) == count, role


def words_outside_the_text_area(pdf: Path, margin_mm: float = 10) -> list[str]:
    """Words closer to a page edge than margin_mm: text that overflowed its box."""
    margin = margin_mm * 72 / 25.4
    layout = pdftotext(pdf, "-bbox")
    outside = []
    for page in layout.split("<page ")[1:]:
        width, height = (float(v) for v in re.findall(r'(?:width|height)="([\d.]+)"', page)[:2])
        for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page,
        ):
            if (
                float(x0) < margin
                or float(y0) < margin
                or float(x1) > width - margin
                or float(y1) > height - margin
            ):
                outside.append(word)
    return outside


def large_event(folder: Path, people: int = 80, days: int = 3, items: int = 20) -> Path:
    """A big made-up event: long titles, many people with bios, a programme of days."""
    lines = [
        "event:",
        "  title: A Very Large Gathering on Data Governance, Privacy and Consent in Cities",
        "  date: 2025-09-01",
        f"  end_date: 2025-09-0{days}",
        "  start: 08:00",
        "  end: 18:00",
        "  city: São Paulo",
        "  country: BR",
        "about: |",
        "  " + "A sentence of the concept, long enough to fill a line or two. " * 40,
        "questions:",
        *(f"  - Question {i} asks something rather long about data in cities?" for i in range(12)),
        "organisers:",
        *(f"  - name: Organiser {i} International Alliance for Things" for i in range(4)),
        "people:",
    ]
    for i in range(people):
        role = ("speaker", "moderator", "rapporteur", "staff")[i % 4]
        lines += [
            f"  - name: Person Number{i} Withaverylongfamilyname",
            f"    id: p{i}",
            f"    organisation: An Organisation With A Long Name Number {i}",
            f"    role: {role}",
            "    bio: " + "A bio sentence that goes on for a while to fill space. " * (i % 5),
        ]
    lines.append("programme:")
    for day in range(1, days + 1):
        for k in range(items):
            hour, minute = 8 + k // 2, 30 * (k % 2)
            lines += [
                f"  - title: Session {day}-{k}, a title long enough to wrap onto a second line",
                f"    date: 2025-09-0{day}",
                f"    start: {hour:02d}:{minute:02d}",
                f"    end: {hour:02d}:{minute + 29:02d}",
                f"    people: [p{k}, p{k + 20}, p{k + 40}]",
                f"    room: Room {k % 5}",
                "    description: " + "Description text. " * (k % 9),
            ]
    path = folder / "event.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_no_text_overflows_the_pages(pack: Path, tmp_path: Path) -> None:
    assert words_outside_the_text_area(pack / "brochure.pdf") == []
    source = large_event(tmp_path)
    build(source, tmp_path / "out", only=("brochure",))
    pdf = tmp_path / "out" / "brochure.pdf"
    assert words_outside_the_text_area(pdf) == []
    pages = len(pypdf.PdfReader(pdf).pages)
    assert pages % 4 == 0 and pages > 20
    contents = pdftotext(pdf, "-f", "2", "-l", "2")
    for title, number in re.findall(r"^(\S.*?)\s*\.{3,}\s*(\d+)$", contents, re.MULTILINE):
        assert title.strip() in pdftotext(pdf, "-f", number, "-l", number), title


def test_words_longer_than_a_line_break_instead_of_overflowing(tmp_path: Path) -> None:
    from tests.conftest import MINIMAL, write_event

    long_address = "https://example.org/" + "abcdefghij" * 12  # no hyphen to break at
    text = MINIMAL.replace(
        "  - name: Someone", f"  - name: Someone\n    website: {long_address}"
    ) + (
        "people:\n"
        f"  - name: Pneumonoultramicroscopicsilicovolcanoconiosis {'Qx' * 45}\n"
        "    organisation: Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamten\n"
        "    role: speaker\n"
        "sectors: [Donaudampfschifffahrtselektrizitätenhauptbetriebswerk"
        "bauunterbeamtengesellschaft]\n"
    )
    source = write_event(tmp_path, text)
    build(source, tmp_path / "out", only=("brochure",))
    assert words_outside_the_text_area(tmp_path / "out" / "brochure.pdf") == []
