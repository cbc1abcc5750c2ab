"""A cancelled programme item (`status: cancelled`) and a moved one (`moved_from`), as
every output an attendee reads shows them, read back with others' tools: pdftotext,
icalendar, python-docx, an HTML parser, the EPUB's zip; and what the certificates say
of them (nothing) and of an evening reception (no hours)."""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest
from docx import Document
from tests.conftest import build, pdftotext, prepared, write_event

from brochure.outputs.certificates import content

EVENT = """
event:
  title: Offene Daten
  date: 2027-05-20
  start: 9:00
  end: 17:30
  timezone: Europe/Vienna
  city: Wien
  country: AT
  languages: [de]
  venue: {name: Haus der Forschung}
about: Wir treffen uns.
organisers:
  - name: Wiener Dateninitiative
people:
  - {name: Birgit Hofer, id: birgit, role: moderator}
  - {name: Amira Haddad, id: amira, role: speaker}
  - {name: Paolo Conti, id: paolo, role: speaker}
programme:
  - {title: Eröffnung, start: '9:00', end: '10:00', room: Festsaal, chairs: [birgit],
     people: [amira]}
  - {title: Werkstatt OpenRefine, start: '10:00', end: '11:00', room: Bibliothek,
     chairs: [birgit], people: [paolo], status: cancelled}
  - {title: Datenjournalismus, start: '11:00', end: '12:00', room: Seminarraum,
     moved_from: Bibliothek, people: [amira]}
  - {title: Mittagessen, start: '12:00', end: '13:00', kind: Lunch}
  - {title: Podium, start: '13:00', end: '17:00', room: Festsaal, people: [amira]}
  - title: Empfang im Rathaus
    start: '19:00'
    end: '23:00'
    venue: {name: Wiener Rathaus, address: Friedrich-Schmidt-Platz 1}
certificates:
  attended: checkins.csv
"""
CHECKINS = "Name,Email,Checked in\nAmira Haddad,,yes\nJemand Neues,,yes\nNoch Jemand,,yes\n"
OUTPUTS = (
    "brochure",
    "large-print",
    "web",
    "epub",
    "calendar",
    "concept-note",
    "run-sheets",
    "certificates",
)


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("cancelled")
    source = write_event(folder / "source", EVENT)
    (folder / "source" / "checkins.csv").write_text(CHECKINS, encoding="utf-8")
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Keep(logging.INFO)
    logger = logging.getLogger("brochure")
    previous = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        build(source, folder / "out", only=OUTPUTS)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    return folder / "out", records


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.slow
def test_the_pdfs_say_cancelled_and_moved_in_words(pack: tuple[Path, list[str]]) -> None:
    out, _ = pack
    for name in ("brochure.pdf", "brochure-large-print.pdf"):
        text = _flat(pdftotext(out / name))
        # The word before the title, the title still there to read and copy.
        assert re.search("Entfällt:? Werkstatt OpenRefine", text), name
        assert "Verlegt aus Bibliothek" in text, name
    # Each speaker's sessions (People) say so too.
    people = _flat(pdftotext(out / "brochure.pdf"))
    assert "Werkstatt OpenRefine, Bibliothek (Entfällt)" in people
    assert "Datenjournalismus, Seminarraum (Verlegt aus Bibliothek)" in people
    sheets = _flat(pdftotext(out / "run-sheets.pdf"))
    assert "Entfällt Werkstatt OpenRefine" in sheets
    # The opening's sheet names no cancelled session as the next in its room.
    assert "Nächste" not in sheets or "OpenRefine (" not in sheets


class _Text(HTMLParser):
    """Each heading's text, and the text inside <s>."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.struck: list[str] = []
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h3", "h4", "s"):
            self._in.append(tag)
            if tag != "s":
                self.headings.append("")
            else:
                self.struck.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if "s" in self._in:
            self.struck[-1] += data
        if any(tag != "s" for tag in self._in):
            self.headings[-1] += data


@pytest.mark.slow
def test_the_web_page_and_the_epub_say_it_in_the_heading(pack: tuple[Path, list[str]]) -> None:
    out, _ = pack
    with zipfile.ZipFile(out / "programme.epub") as epub:
        book = next(n for n in epub.namelist() if b'id="programme"' in epub.read(n))
        pages = {
            "web": (out / "programme" / "index.html").read_text(encoding="utf-8"),
            "epub": epub.read(book).decode("utf-8"),
        }
    for name, page in pages.items():
        parsed = _Text()
        parsed.feed(page)
        headings = [_flat(h) for h in parsed.headings]
        assert "Entfällt: Werkstatt OpenRefine" in headings, name
        assert parsed.struck == ["Werkstatt OpenRefine"], name
        assert "Verlegt aus Bibliothek" in _flat(" ".join(parsed.text)), name


@pytest.mark.slow
def test_the_calendar_says_status_cancelled(pack: tuple[Path, list[str]]) -> None:
    out, _ = pack
    calendar = icalendar.Calendar.from_ical((out / "programme.ics").read_bytes())
    entries = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    cancelled = entries["Entfällt: Werkstatt OpenRefine"]
    assert str(cancelled["STATUS"]) == "CANCELLED"  # RFC 5545 3.8.1.11
    assert "STATUS" not in entries["Eröffnung"]
    assert "Verlegt aus Bibliothek" in str(entries["Datenjournalismus"]["DESCRIPTION"])


@pytest.mark.slow
def test_the_concept_note_marks_and_strikes_it(pack: tuple[Path, list[str]]) -> None:
    out, _ = pack
    document = Document(str(out / "concept-note.docx"))
    cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
    cancelled = next(c for c in cells if "Werkstatt OpenRefine" in c.text)
    runs = cancelled.paragraphs[0].runs
    assert cancelled.text.startswith("Entfällt: ") and runs[0].bold
    assert all(run.font.strike for run in runs if "OpenRefine" in run.text)
    assert any(c.text == "Datenjournalismus (Verlegt aus Bibliothek)" for c in cells)


@pytest.mark.slow
def test_a_cancelled_item_certifies_nothing(pack: tuple[Path, list[str]]) -> None:
    out, said = pack
    rows = list(csv.reader(io.StringIO((out / "certificates.csv").read_text("utf-8-sig"))))
    presented = {row[2]: row[4] for row in rows[1:] if row[1] == "Mitwirkungsbescheinigung"}
    assert set(presented) == {"amira", "birgit"}  # Paolo's one session is cancelled
    assert "OpenRefine" not in presented["birgit"] and "Eröffnung" in presented["birgit"]
    assert [line for line in said if "Paolo Conti (id paolo)" in line] != []
    # The unknown in the check-in export named by their line, once.
    unknown = [line for line in said if "does not list" in line]
    assert len(unknown) == 1 and "line 3 (id " in unknown[0] and "line 4 (id " in unknown[0]
    # No certificates/ folder without --split: not said to be rendered either.
    rendering = next(line for line in said if line.startswith("rendering certificates"))
    assert rendering == "rendering certificates.pdf, certificates.csv"
    assert not (out / "certificates").exists()


@pytest.mark.slow
def test_hours_are_the_days_hours_not_the_evening_reception(tmp_path: Path) -> None:
    source = write_event(tmp_path, EVENT)
    (tmp_path / "checkins.csv").write_text(CHECKINS, encoding="utf-8")
    event = prepared(source).event
    # 09:00-10:00 and 11:00-12:00 and 13:00-17:00; not the cancelled 10:00-11:00, the
    # lunch, nor the reception from 19:00 to 23:00 after a day that ends at 17:30.
    assert content.programme_hours(event) == 6
    evening = EVENT.replace(
        "  end: 17:30\n", "  end: 17:30\n  days: [{date: 2027-05-20, end: 21:00}]\n"
    )
    source = write_event(tmp_path / "evening", evening)
    (tmp_path / "evening" / "checkins.csv").write_text(CHECKINS, encoding="utf-8")
    # A day whose hours run to 21:00 counts the reception until then.
    assert content.programme_hours(prepared(source).event) == 8
