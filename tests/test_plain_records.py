"""Records hold plain text: the direction marks and isolates brochure sets around what
it draws (textrules.isolated) stay out of CSV cells and PDF and DOCX metadata, whose
readers order the text themselves (field test: an Arabic forum's certificates.csv held
RLM and FSI/PDI in some dates and not others; its PDFs' Title and Author were wrapped)."""

from __future__ import annotations

import csv
import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from tests.conftest import build, write_event

#: The direction marks and controls (UAX #9).
MARKS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

EVENT = """\
event:
  title: {ar: منتدى عمّان للعلوم المفتوحة 2027, en: Amman Open Science Forum 2027}
  kind: {ar: منتدى, en: Forum}
  date: 2027-04-13
  end_date: 2027-04-14
  city: {ar: عمّان, en: Amman}
  country: JO
  languages: [ar, en]
about: {ar: يجمع المنتدى الباحثين., en: The forum brings researchers together.}
organisers:
  - name: {ar: المركز الأردني للعلوم المفتوحة, en: Jordan Open Science Centre}
  - name: SESAME
people:
  - {name: {ar: سلمى الخطيب, en: Salma Al-Khatib}, id: salma, role: speaker}
programme:
  - title: {ar: الجلسة الافتتاحية, en: Opening plenary}
    date: 2027-04-13
    start: 9:00
    end: 10:00
    people: [salma]
  - title: {ar: SESAME والمستخدمون العرب, en: SESAME and Arab users}
    date: 2027-04-14
    start: 10:30
    end: 11:30
    people: [salma]
badges: {qr: id}
certificates:
  secret: certificates.key
  signers:
    - {name: {ar: ليلى حداد, en: Layla Haddad}, position: {ar: مديرة المنتدى, en: Director}}
"""


@pytest.mark.slow
def test_csv_cells_and_pdf_and_docx_metadata_hold_no_direction_marks(tmp_path: Path) -> None:
    source = write_event(tmp_path / "source", EVENT)
    (source.parent / "certificates.key").write_text("correct horse battery staple\n")
    out = tmp_path / "out"
    only = ("brochure", "run-sheets", "certificates", "concept-note", "checkin")
    build(source, out, only=only)
    arabic = out / "ar"
    listed = (arabic / "certificates.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(listed.splitlines()))
    assert any("14/04/2027" in cell for row in rows for cell in row), rows
    assert not [cell for row in rows for cell in row if MARKS.search(cell)], rows
    checkin = (arabic / "checkin.csv").read_text(encoding="utf-8-sig")
    assert "سلمى الخطيب" in checkin and not MARKS.search(checkin)
    for pdf in ("brochure.pdf", "brochure-booklet.pdf", "run-sheets.pdf", "certificates.pdf"):
        if not (arabic / pdf).exists():
            continue
        info = subprocess.run(
            ["pdfinfo", "-enc", "UTF-8", str(arabic / pdf)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        said = {line.split(":")[0]: line for line in info.splitlines()}
        assert "منتدى عمّان للعلوم المفتوحة 2027" in said["Title"], (pdf, info)
        if pdf != "brochure-booklet.pdf":  # imposed: its title alone (finishing/imposition)
            assert "المركز الأردني للعلوم المفتوحة" in said["Author"], (pdf, info)
        assert not MARKS.search(info), (pdf, info)
        with pikepdf.open(arabic / pdf) as document:
            xmp = str(document.open_metadata())
        assert not MARKS.search(xmp), (pdf, xmp)
    with zipfile.ZipFile(arabic / "concept-note.docx") as docx:
        core = docx.read("docProps/core.xml").decode()
    assert "منتدى عمّان للعلوم المفتوحة 2027" in core and not MARKS.search(core), core
