"""A made-up conference that uses every field: the outputs carry all of it."""

from __future__ import annotations

import math
import re
from pathlib import Path

import docx
import pypdf
import pytest
from tests.conftest import FIXTURES, pdftotext

from brochure import build
from brochure.load import load_event

SOURCE = FIXTURES / "conference" / "event.yaml"


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("conference")
    build.build(SOURCE, out)
    return out


def test_attendees_come_from_the_csv() -> None:
    event = load_event(SOURCE)
    assert len(event.attendees) == 40
    assert all(person.role == "attendee" for person in event.attendees)


def test_brochure_shows_days_bios_rooms_and_the_logo(pack: Path) -> None:
    pdf = pack / "brochure.pdf"
    text = " ".join(pdftotext(pdf).split())
    assert "Wednesday 14 May – Thursday 15 May 2025" in text  # en-GB, from CLDR
    assert "WEDNESDAY, 14 MAY 2025" in text and "THURSDAY, 15 MAY 2025" in text
    assert "This biography is here to test" in text
    assert "Salas 2-4" in text and "Auditório 1" in text
    assert "https://example.org/open-city/2025" in text
    assert "tomas@example.org" not in text  # e-mail addresses are never printed
    assert len(pypdf.PdfReader(pdf).pages) % 4 == 0
    # the SVG logo is drawn, on the cover and on the organisers' page, with its text
    assert text.count("OPEN CITY") >= 2


def test_concept_note_lists_the_programme_as_a_table(pack: Path) -> None:
    note = docx.Document(str(pack / "concept-note.docx"))
    programme = note.tables[0]
    titles = [row.cells[1].text for row in programme.rows[1:]]
    assert titles[:3] == ["Registration", "Opening", "What the sensors see"]
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
