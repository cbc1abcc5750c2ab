"""The DOCX concept note: reopened with python-docx and converted by LibreOffice."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from tests.conftest import (
    FIXTURES,
    MINIMAL,
    SEED_SOURCE,
    build,
    libreoffice_pdf,
    pdffonts,
    pdftotext,
    write_event,
)

from brochure.outputs.concept_note.render import word_language
from brochure.reading.load import load_event

# Every test here renders real documents.
pytestmark = pytest.mark.slow


SPEAKERS = [
    "Guilherme Canela de Sousa",
    "Amber Sinha",
    "Gemma Galdon Clavell",
    "Iván Mantilla Gaviria",
    "Niels ten Oever",
    "Jamila Venturini",
]


@pytest.fixture(scope="module")
def note(built_pack: Path) -> docx.document.Document:
    return docx.Document(str(built_pack / "concept-note.docx"))


def test_sections_are_real_headings(note: docx.document.Document) -> None:
    headings = [p.text for p in note.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Organisers",
        "Background",
        "Questions",
        "Sectors and topics",
        "Format and programme",
        "Speakers",
        "Practical details",
    ]
    assert note.paragraphs[0].style.name == "Title"
    assert note.paragraphs[0].text == "Smart Cities and Big Data: Boundless Opportunities?"


def test_lists_use_list_styles_and_no_direct_formatting(note: docx.document.Document) -> None:
    numbered = [p.text for p in note.paragraphs if p.style.name == "List Number"]
    assert numbered[0] == "Where do data sets come from?"
    bullets = [p.text for p in note.paragraphs if p.style.name == "List Bullet"]
    assert "Karisma Foundation (Colombia)" in bullets
    assert "Waste management" in bullets
    for paragraph in note.paragraphs:
        for run in paragraph.runs:
            assert run.bold is None and run.italic is None and run.font.size is None


def test_speaker_table_has_a_repeating_header_and_marks_provisional(
    note: docx.document.Document,
) -> None:
    speakers = note.tables[-1]
    assert speakers.style.name == "Light List Accent 1"
    header = speakers.rows[0]
    assert [c.text for c in header.cells] == ["Name", "Affiliation", "Country", "Status"]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = [[c.text for c in row.cells] for row in speakers.rows[1:]]
    assert [row[0] for row in rows] == SPEAKERS
    assert rows[3] == [
        "Iván Mantilla Gaviria",
        "National Planning Department",
        "Colombia",
        "provisional",
    ]


def test_programme_is_a_table_when_times_are_known(note: docx.document.Document) -> None:
    programme = note.tables[0]
    assert [c.text for c in programme.rows[1].cells] == [
        "12:30",  # British English: a 24-hour clock
        "Opening",
        "Alexandrine Pirlot de Corbion",
    ]


def test_properties_name_organisers_and_the_build_time(note: docx.document.Document) -> None:
    props = note.core_properties
    assert props.title == "Smart Cities and Big Data: Boundless Opportunities?"
    assert props.author == "Karisma Foundation, Privacy International"
    assert props.last_modified_by == props.author
    assert "python-docx" not in (props.comments + props.author)
    assert props.subject.startswith("Concept note: Workshop 187")
    assert "Waste management" in props.keywords
    assert props.created == dt.datetime(2016, 12, 8, 0, 0, tzinfo=dt.UTC)
    assert props.language == "en-GB"
    assert props.last_printed is None


def test_the_package_names_its_real_producer(built_pack: Path) -> None:
    import zipfile

    with zipfile.ZipFile(built_pack / "concept-note.docx") as package:
        app = package.read("docProps/app.xml").decode()
    assert "<Application>brochure</Application>" in app
    assert "Microsoft" not in app


def test_language_is_on_the_styles(note: docx.document.Document) -> None:
    defaults = note.styles.element.find(qn("w:docDefaults"))
    assert (
        defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val"))
        == "en-GB"
    )
    heading = note.styles["Heading 1"].element
    assert heading.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == "en-GB"


def test_header_and_page_fields(note: docx.document.Document) -> None:
    section = note.sections[0]
    assert section.header.paragraphs[0].text == note.paragraphs[0].text
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml


@pytest.mark.parametrize(
    ("tag", "word"),
    [
        ("en", "en-GB"),
        ("en-GB", "en-GB"),
        ("en-US", "en-US"),
        ("es", "es-ES"),
        ("pt", "pt-BR"),
        ("pt-BR", "pt-BR"),
        ("fr", "fr-FR"),
    ],
)
def test_word_language(tag: str, word: str) -> None:
    assert word_language(tag) == word


def test_libreoffice_converts_it_and_the_footer_counts_pages(
    built_pack: Path, tmp_path: Path
) -> None:
    pdf = libreoffice_pdf(built_pack / "concept-note.docx", tmp_path)
    text = pdftotext(pdf)
    flat = " ".join(text.split())
    for name in SPEAKERS:
        assert name in flat, name
    pages = int(re.search(r"Page 1 of (\d+)", text).group(1))  # type: ignore[union-attr]
    assert pages >= 2
    assert f"Page {pages} of {pages}" in text


def test_a_minimal_event_still_makes_a_note(tmp_path: Path) -> None:
    source = write_event(tmp_path / "source", MINIMAL)
    build(source, tmp_path / "out", only=("concept-note",))
    note = docx.Document(str(tmp_path / "out" / "concept-note.docx"))
    assert note.paragraphs[0].text == "A Small Meeting"
    assert not note.tables  # no programme, no speakers: no empty tables
    assert load_event(source).event.language == "en"


def test_reproducible_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    texts = []
    for run in ("a", "b"):
        build(SEED_SOURCE / "event.yaml", tmp_path / run, only=("concept-note",))
        note = docx.Document(str(tmp_path / run / "concept-note.docx"))
        texts.append(([p.text for p in note.paragraphs], note.core_properties.created))
    assert texts[0] == texts[1]
    # and, beyond the text, the package itself: entries dated by the build time
    import zipfile

    with zipfile.ZipFile(tmp_path / "a" / "concept-note.docx") as package:
        assert {entry.date_time for entry in package.infolist()} == {(2001, 9, 9, 1, 46, 40)}
        assert not any("thumbnail" in name for name in package.namelist())


def test_a_reference_document_supplies_the_styles(tmp_path: Path, built_pack: Path) -> None:
    reference = docx.Document(str(built_pack / "concept-note.docx"))
    reference.styles["Heading 1"].font.color.rgb = docx.shared.RGBColor(0xAA, 0x00, 0x00)
    reference.sections[0].page_width = docx.shared.Mm(200)
    (tmp_path / "layouts" / "concept-note").mkdir(parents=True)
    reference.save(str(tmp_path / "layouts" / "concept-note" / "reference.docx"))
    source = write_event(tmp_path / "source", MINIMAL)
    build(source, tmp_path / "out", only=("concept-note",))
    note = docx.Document(str(tmp_path / "out" / "concept-note.docx"))
    assert str(note.styles["Heading 1"].font.color.rgb) == "AA0000"
    assert round(note.sections[0].page_width.mm) == 200
    assert note.paragraphs[0].text == "A Small Meeting"  # the reference's text is gone


def test_a_reference_document_without_the_styles_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from brochure.cli import main

    reference = docx.Document()
    (tmp_path / "layouts" / "concept-note").mkdir(parents=True)
    path = tmp_path / "layouts" / "concept-note" / "reference.docx"
    reference.save(str(path))
    # python-docx's template has every style but the table style's name: remove one
    import zipfile

    with zipfile.ZipFile(path) as package:
        files = {name: package.read(name) for name in package.namelist()}
    files["word/styles.xml"] = (
        files["word/styles.xml"]
        .replace(b'w:styleId="ListNumber"', b'w:styleId="Gone"')
        .replace(b'w:val="List Number"', b'w:val="Gone"')
    )
    with zipfile.ZipFile(path, "w") as package:
        for name, content in files.items():
            package.writestr(name, content)
    source = write_event(tmp_path / "source", MINIMAL)
    assert main(["build", str(source), "-o", str(tmp_path / "out"), "--only", "concept-note"]) == 1
    err = capsys.readouterr().err
    assert "lacks the styles List Number" in err and "Traceback" not in err


def test_names_hold_their_hyphens_with_words_own_non_breaking_hyphen(tmp_path: Path) -> None:
    """Word and LibreOffice broke "Pierre-/Péladeau" after its hyphen. A name's hyphens
    are Word's own non-breaking hyphens (w:noBreakHyphen), which python-docx reads back
    as "-"; no word joiner is left in a name, but between a Chinese name's characters,
    where word processors break."""
    import zipfile

    source = write_event(
        tmp_path / "source",
        MINIMAL.replace("- name: Someone", "- name: Jean-Some Org")
        + "people:\n  - {name: Anne Lefèvre-Dubois, role: speaker, organisation: Jean-Some Org}\n"
        + "  - {name: 王秀英, role: speaker}\n",
    )
    build(source, tmp_path / "out", only=("concept-note",))
    note = tmp_path / "out" / "concept-note.docx"
    with zipfile.ZipFile(note) as package:
        xml = "".join(
            package.read(name).decode()
            for name in package.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        )
    assert "Lefèvre</w:t><w:noBreakHyphen/><w:t>Dubois" in xml
    assert "Jean</w:t><w:noBreakHyphen/><w:t>Some Org" in xml
    assert "Lefèvre-Dubois" not in xml and "Jean-Some" not in xml
    speakers = docx.Document(str(note)).tables[-1]
    assert [row.cells[0].text for row in speakers.rows[1:]] == [
        "Anne Lefèvre-Dubois",
        "王\u2060秀\u2060英",
    ]
    assert speakers.rows[1].cells[1].text == "Jean-Some Org"
    # ...except between the characters of a Chinese name, where word processors break
    assert xml.count("\u2060") == xml.count("王\u2060秀\u2060英") * 2 > 0


def test_table_columns_are_as_wide_as_their_longest_word() -> None:
    """No word of a table is broken inside its cell ("Auditoriu/m" was): a column takes
    at least its longest word, the others share the rest by their shares; where the
    page cannot hold every longest word, a day and a time stay whole and the columns of
    running text give way."""
    from docx.shared import Mm

    from brochure.outputs.concept_note.render import CELL_PADDING, column_widths, table_widths
    from brochure.outputs.word_widths import WordWidths

    total = int(Mm(160))
    least = [int(Mm(n)) for n in (20, 30, 25, 20)]
    widths = column_widths(total, (2.4, 4, 1.8, 3.8), least)
    assert widths[2] >= least[2]
    assert abs(sum(widths) - total) < 10
    assert widths[1] / widths[3] == pytest.approx(4 / 3.8, rel=0.01)
    # More long words than the page holds: the shares alone.
    assert column_widths(total, (1, 1), (int(Mm(200)), int(Mm(200)))) == [total // 2, total // 2]
    measure = WordWidths("Cambria", 11)
    columns = [
        ("Day", "15\u00a0Sept\u00a02027"),
        ("Time", "11:30–\u206012:15\u00a0Uhr"),
        ("Item", "Donaudampfschifffahrtsgesellschaftskapitänsmütze"),
        ("People", "Wolfeschlegelsteinhausenbergerdorff"),
    ]
    narrow = int(Mm(100))
    day, time, item, people = table_widths(
        narrow, (2, 2, 4, 4), columns, measure, (True, True, False, False)
    )
    assert day >= Mm(measure.of("15\u00a0Sept\u00a02027", bold=True)) + CELL_PADDING
    assert time >= Mm(measure.of("11:30–12:15\u00a0Uhr")) + CELL_PADDING
    assert abs(day + time + item + people - narrow) < 10
    assert min(item, people) > Mm(15)


@pytest.mark.slow
def test_the_programme_table_starts_on_the_page_of_its_heading(tmp_path: Path) -> None:
    """In this two-day workshop the programme's heading fell at page 1's foot, its table
    on page 2 (or the header and one row at the foot): the heading, its line and the
    table's first rows go together (read back from LibreOffice's PDF)."""
    source = tmp_path / "source"
    shutil.copytree(FIXTURES / "bogota-half-letter" / "source", source)
    event = source / "event.yaml"
    event.write_text(
        event.read_text(encoding="utf-8").replace("language: es-MX", "language: es"),
        encoding="utf-8",
    )
    build(event, tmp_path / "out", only=("concept-note",))
    pdf = libreoffice_pdf(tmp_path / "out" / "concept-note.docx", tmp_path)
    pages = pdftotext(pdf).split("\f")
    heading = next(n for n, page in enumerate(pages) if "Formato y programa" in page)
    table = next(n for n, page in enumerate(pages) if "Participantes" in page)
    assert heading == table
    first_rows = next(n for n, page in enumerate(pages) if "Apertura" in page)
    assert first_rows == table


# issue 20 -----------------------------------------------------------------------------
def three_days(language: str, country: str, rooms: tuple[str, ...]) -> str:
    """A three-day event in several rooms, with long names in every row."""
    text = MINIMAL.replace("date: 2025-03-04", "date: 2027-09-15\n  end_date: 2027-09-17").replace(
        "  country: NO", f"  country: {country}\n  language: {language}"
    )
    names = ["Marie-Ève Desrosiers-Villeneuve", "Jean-François Beauchemin-Lachapelle"]
    people = "".join(f"  - {{name: {name}, role: speaker}}\n" for name in names)
    items = "".join(
        f"  - {{title: Atelier {day}.{n}, date: 2027-09-{day}, start: '{8 + 2 * (n // 3)}:30',"
        f" end: '{10 + 2 * (n // 3)}:00', room: {rooms[n % len(rooms)]},"
        f" people: [marie-eve-desrosiers-villeneuve, jean-francois-beauchemin-lachapelle]}}\n"
        for day in (15, 16, 17)
        for n in range(6)
    )
    return text + "people:\n" + people + "programme:\n" + items


@pytest.mark.parametrize(
    ("language", "country", "rooms"),
    [
        ("fr-CA", "CA", ("Salle Claude-Léveillée", "Studio-théâtre", "Foyer Sud")),
        ("en-US", "US", ("Grand Ballroom East", "Room 2104", "Hall C")),
    ],
)
def test_times_and_days_stay_whole_through_libreoffice(
    tmp_path: Path, language: str, country: str, rooms: tuple[str, ...]
) -> None:
    """The note's table tore "15 Sept 202/7" and "11:30–12:15 U/hr" in LibreOffice: its
    columns were counted in characters. They are measured in the fonts LibreOffice
    draws the document's with (Caladea for Cambria), in each language's own times
    ("8 h 30 – 10 h 00", "8:30 – 10:00 AM"): read back from its PDF, word by word."""
    from tests.test_berlin import assert_whole_in_libreoffice

    source = write_event(tmp_path / "source", three_days(language, country, rooms))
    build(source, tmp_path / "out", only=("concept-note",))
    assert_whole_in_libreoffice(tmp_path / "out" / "concept-note.docx", tmp_path / "lo")


def test_the_note_measures_in_the_documents_own_font(tmp_path: Path) -> None:
    """Widths come from the fonts LibreOffice draws Calibri and Cambria with (their
    metric twins, Carlito and Caladea): a line's width as measured against the same
    words laid out by LibreOffice (pdftotext -bbox), regular and bold."""
    from docx.shared import Pt

    from brochure.outputs.word_widths import WordWidths, font_file

    regular, bold = font_file("Cambria"), font_file("Cambria", bold=True)
    assert regular is not None and regular.name.startswith("Caladea-Regular")
    assert bold is not None and bold.name.startswith("Caladea-Bold")
    words = ["15 Sept 2027", "11:30–12:15 Uhr", "Lefèvre-Dubois", "Fahrgastinformation"]
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(11)
    for word in words:
        document.add_paragraph(word.replace(" ", "\u00a0"))
        document.add_paragraph().add_run(word.replace(" ", "\u00a0")).bold = True
    document.save(str(tmp_path / "words.docx"))
    pdf = libreoffice_pdf(tmp_path / "words.docx", tmp_path)
    boxes = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"', pdftotext(pdf, "-bbox")
    )
    lines: dict[str, tuple[float, float]] = {}
    for x0, y0, x1 in boxes:
        left, right = lines.get(y0, (float(x0), float(x1)))
        lines[y0] = (min(left, float(x0)), max(right, float(x1)))
    drawn = [
        (right - left) * 25.4 / 72
        for _, (left, right) in sorted(lines.items(), key=lambda kv: float(kv[0]))
    ]
    cambria = WordWidths("Cambria", 11)
    measured = [cambria.of(word, heavy) for word in words for heavy in (False, True)]
    assert len(drawn) == len(measured)
    for mine, theirs in zip(measured, drawn, strict=True):
        # never narrower than LibreOffice sets it; a few per cent wider at most
        assert theirs <= mine <= theirs * 1.05 + 0.3, (measured, drawn)
    assert cambria.of("Lefèvre-\u2060Dubois") == cambria.of("Lefèvre-Dubois")


def test_the_programme_table_names_where_each_item_is(tmp_path: Path) -> None:
    """An item elsewhere: the table's last-but-one column says where (Where), in the
    rooms' one order for parallel sessions; metadata without word joiners."""
    text = MINIMAL.replace("- name: Someone", "- name: Fjord-Kultur AS") + (
        "programme:\n"
        "  - {title: B talk, start: '10:00', end: '11:00', room: Room B}\n"
        "  - {title: A talk, start: '10:00', end: '11:00', room: Room A}\n"
        "  - {title: A again, start: '11:00', end: '12:00', room: Room A}\n"
        "  - {title: B again, start: '11:00', end: '12:00', room: Room B}\n"
        "  - {title: Dinner, start: '19:00', kind: dinner, venue: {name: Fyret, "
        "address: Kaigata 1}}\n"
    )
    source = write_event(tmp_path / "source", text)
    build(source, tmp_path / "out", only=("concept-note",))
    note = docx.Document(str(tmp_path / "out" / "concept-note.docx"))
    rows = [[cell.text for cell in row.cells] for row in note.tables[0].rows]
    assert rows[0] == ["Time", "Item", "Where", "People"]
    assert [(row[1], row[2]) for row in rows[1:]] == [
        ("B talk", "Room B"),
        ("A talk", "Room A"),
        ("B again", "Room B"),
        ("A again", "Room A"),
        ("Dinner", "Fyret, Kaigata 1"),
    ]
    assert note.core_properties.author == "Fjord-Kultur AS"


# new user, Vienna ----------------------------------------------------------------------
def test_every_break_row_spans_the_table_alike(tmp_path: Path) -> None:
    """Some breaks read across the table, others as a title and empty boxes: the table
    style boxes every other row's cells (Light List's banded rows). Every break or meal,
    on whichever row, in whichever language's word (kind: Kaffeepause), is one cell from
    its title (or its room) to the table's edge (w:gridSpan), and LibreOffice sets a
    break's long title on one line across the empty columns."""
    long = "Coffee and posters in the foyer of the house"
    text = MINIMAL.replace("date: 2025-03-04", "date: 2025-03-04\n  end_date: 2025-03-05") + (
        "people:\n  - {name: Ada Lind, role: speaker}\n"
        "programme:\n"
        f"  - {{title: {long}, date: 2025-03-04, start: '8:30', end: '9:00', kind: coffee}}\n"
        "  - {title: Opening, date: 2025-03-04, start: '9:00', end: '10:00', room: Hall,"
        " people: [ada-lind]}\n"
        f"  - {{title: {long}, date: 2025-03-04, start: '10:00', end: '10:30',"
        " kind: Kaffeepause}\n"
        "  - {title: A, date: 2025-03-04, start: '10:30', end: '12:00', room: Hall}\n"
        "  - {title: B, date: 2025-03-04, start: '10:30', end: '12:00', room: Annex}\n"
        "  - {title: Lunch, date: 2025-03-04, start: '12:00', end: '13:00', kind: lunch,"
        " room: Canteen}\n"
        f"  - {{title: {long}, date: 2025-03-05, start: '9:00', end: '9:30', kind: break}}\n"
    )
    source = write_event(tmp_path / "source", text)
    build(source, tmp_path / "out", only=("concept-note",))
    path = tmp_path / "out" / "concept-note.docx"
    table = docx.Document(str(path)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Day", "Time", "Item", "Room", "People"]
    shapes = [
        (row.cells[2].text, len(row._tr.tc_lst), [cell.grid_span for cell in row._tr.tc_lst])
        for row in table.rows[1:]
    ]
    # breaks on odd and even rows alike: the title to the edge; a room spans the rest
    assert [shape for shape in shapes if shape[0] == long] == [(long, 3, [1, 1, 3])] * 3
    assert ("Lunch", 4, [1, 1, 1, 2]) in shapes
    assert ("Opening", 5, [1] * 5) in shapes and ("A", 5, [1] * 5) in shapes
    assert all(len(row.cells[2].paragraphs) == 1 for row in table.rows[1:])
    pdf = libreoffice_pdf(path, tmp_path)
    lines = re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)<', pdftotext(pdf, "-bbox")
    )
    first, last = long.split()[0], long.split()[-1]
    starts = [y for y, word in lines if word == first]
    ends = [y for y, word in lines if word == last]
    assert len(starts) == len(ends) == 3
    assert starts == ends  # each break's title on one line, across the empty columns


def test_each_script_is_set_in_a_font_named_for_it(tmp_path: Path) -> None:
    """Greek names fell back to whatever font LibreOffice found (Caladea, its Cambria,
    has no Greek; Chinese came out in a Japanese face): each run of another script
    names its Noto family in its own slot (w:rFonts), and LibreOffice's PDF embeds those
    families and no other (pdffonts)."""
    names = ["Νίκος Αλεξίου", "Анна Иванова", "ليلى حداد", "张伟"]
    people = "".join(f"  - {{name: {name}, role: speaker}}\n" for name in names)
    text = (
        MINIMAL
        + "people:\n"
        + people
        + (
            "programme:\n"
            "  - {title: Ένα πάνελ, start: '10:00', end: '11:00', room: Room A,"
            " people: [νίκος-αλεξίου, анна-иванова]}\n"
        )
    )
    source = write_event(tmp_path / "source", text)
    build(source, tmp_path / "out", only=("concept-note",))
    path = tmp_path / "out" / "concept-note.docx"
    note = docx.Document(str(path))
    fonts: dict[str, set[str]] = {}
    for run in note.element.body.iter(qn("w:r")):
        slots = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if slots is not None:
            for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                if slots.get(qn(slot)):
                    fonts.setdefault(slots.get(qn(slot)), set()).add(run.findtext(qn("w:t")))
    assert {"Νίκος", "Αλεξίου", "Анна", "Иванова"} <= {
        word.strip() for text in fonts["Noto Serif"] for word in text.split()
    }
    assert {text.strip() for text in fonts["Noto Naskh Arabic"]} == {"ليلى حداد"}
    assert {text.strip().replace("\u2060", "") for text in fonts["Noto Serif CJK SC"]} == {"张伟"}
    pdf = libreoffice_pdf(path, tmp_path)
    embedded = {re.sub(r"^[A-Z]{6}\+", "", font["name"]).split("-")[0] for font in pdffonts(pdf)}
    assert {"NotoSerif", "NotoNaskhArabic"} <= embedded
    assert any(name.startswith("NotoSerifCJK") for name in embedded)
    expected = ("Caladea", "Carlito", "NotoSerif", "NotoNaskhArabic", "NotoSerifCJK", "OpenSymbol")
    assert all(name.startswith(expected) for name in embedded), embedded
    words = pdftotext(pdf)
    for name in names:
        assert name in words or name[::-1] in words
