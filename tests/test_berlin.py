"""A new user's conference (issue 20): three days in Berlin, four rooms, 68 items, German
and English, a reception and a dinner elsewhere, registration before the day's start and
a walk after the last day's end (tests/fixtures/berlin). Built once, read back from the
printed pages, the DOCX (and LibreOffice's PDF of it) and the badges."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from tests.conftest import FIXTURES, MINIMAL, build, libreoffice_pdf, pdftotext, write_event

from brochure.i18n import Formatter

pytestmark = pytest.mark.slow

ROOMS = ["Lichthof", "H 0104", "EB 301", "MA 005"]
#: Characters typesetting adds that metadata must not hold (outputs.view.plain).
INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u2011\u202a-\u202e\u2060-\u2069\ufeff]")


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Berlin pack (de and en), the outputs its tests read: brochure, concept note,
    badges."""
    folder = tmp_path_factory.mktemp("berlin")
    shutil.copytree(FIXTURES / "berlin", folder / "source")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1789000000")
        build(
            folder / "source" / "event.yaml",
            folder / "out",
            only=("brochure", "concept-note", "badges"),
        )
    return folder / "out"


def lines_of(pdf: Path, *pages: str) -> list[str]:
    """The PDF's lines as pdftotext -bbox gives its words: words whose tops are within
    2 pt of each other on a page make a line, read by x."""
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>|'
        r"(<page )",
        pdftotext(pdf, "-bbox", *pages),
    )
    words: list[tuple[int, float, float, str]] = []
    page = 0
    for x, y, word, new_page in found:
        if new_page:
            page += 1
        else:
            words.append((page, float(y), float(x), word.replace("&amp;", "&")))
    lines: list[list[tuple[int, float, float, str]]] = []
    for word in sorted(words):
        if lines and lines[-1][0][0] == word[0] and word[1] - lines[-1][0][1] <= 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [" ".join(w[3] for w in sorted(line, key=lambda w: w[2])) for line in lines]


def test_every_day_is_headed_by_hours_that_cover_its_items(pack: Path) -> None:
    """Registration at 08:30 under a heading that said 09:00; a walk until 18:30 after a
    last day that ends at 16:00: the headings now cover them."""
    lines = [flat(line) for line in lines_of(pack / "de" / "brochure.pdf")]
    assert "MITTWOCH, 15. SEPTEMBER 2027 08:30–20:00 UHR" in lines
    assert "DONNERSTAG, 16. SEPTEMBER 2027 09:00–22:30 UHR" in lines
    assert "FREITAG, 17. SEPTEMBER 2027 09:00–18:30 UHR" in lines
    # and so do the practical details, day by day
    for day in (
        "15.09.2027 08:30–20:00 Uhr",
        "16.09.2027 09:00–22:30 Uhr",
        "17.09.2027 09:00–18:30 Uhr",
    ):
        assert day in lines


def test_parallel_sessions_are_in_one_order_in_the_brochure_and_the_note(pack: Path) -> None:
    """The file lists each row of parallel sessions in another order of rooms; the
    brochure printed them in each day's order of first use, the note in the file's. Both
    now print the rooms as they first appear in the file, every row, every day."""
    for language in ("de", "en"):
        text = flat(pdftotext(pack / language / "brochure.pdf"))
        labels = re.findall(r"(LICHTHOF|H 0104|EB 301|MA 005) \d\d:\d\d", text)
        assert len(labels) == 12 * 4
        for n in range(0, len(labels), 4):
            assert labels[n : n + 4] == [room.upper() for room in ROOMS], (language, n)
        note = docx.Document(str(pack / language / "concept-note.docx"))
        table = note.tables[0]
        header = [cell.text for cell in table.rows[0].cells]
        fmt = Formatter.for_language(language)  # the column heads are the pack's words
        day, time, where = (header.index(fmt.gettext(w)) for w in ("Day", "Time", "Where"))
        rows: dict[tuple[str, str], list[str]] = {}
        for row in table.rows[1:]:
            cells = [cell.text for cell in row.cells]
            # room codes are kept whole with a no-break space (H 0104)
            rows.setdefault((cells[day], cells[time]), []).append(cells[where].replace("\xa0", " "))
        parallel = [rooms for rooms in rows.values() if len(rooms) == 4]
        assert len(parallel) == 12
        assert all(rooms == ROOMS for rooms in parallel), parallel


def test_the_dinner_and_the_reception_say_where_they_are(pack: Path) -> None:
    text = flat(pdftotext(pack / "de" / "brochure.pdf"))
    venue = Formatter.for_language("de").gettext("Venue").upper()  # the pack's word
    assert re.search(
        # the label stands in the margin column: read before or after the place
        rf"19:30–22:30 Uhr Konferenzdinner (?:{venue} )?Restaurant Zur Letzten Instanz, "
        r"Waisenstraße 14–16, 10179 Berlin",
        text,
    ), text
    assert f"Empfang im Roten Rathaus {venue} Berliner Rathaus (Rotes Rathaus), " in text
    note = docx.Document(str(pack / "en" / "concept-note.docx"))
    rows = {row.cells[2].text: row.cells[3].text for row in note.tables[0].rows[1:]}
    assert rows["Conference dinner"] == (
        "Restaurant Zur Letzten Instanz, Waisenstraße 14–16, 10179 Berlin"
    )
    assert rows["City walk: data in the neighbourhood"] == (
        "Brandenburger Tor, Pariser Platz, 10117 Berlin"
    )


def test_badge_backs_give_every_day_and_the_dinner(pack: Path) -> None:
    """The backs showed two days and "and 55 more": the last day and the dinner at
    another venue never appeared."""
    back = flat(pdftotext(pack / "de" / "badges.pdf", "-f", "2", "-l", "2"))
    first = back[: back.index("weitere: siehe gedrucktes Programm")]
    for day in ("Mi., 15. Sept.", "Do., 16. Sept.", "Fr., 17. Sept."):
        assert day in first
    # each day's first item, and its last, where the day ends
    assert "08:30–09:00 Uhr Registrierung Lichthof" in first
    assert "Konferenzdinner Restaurant Zur Letzten Instanz" in first
    assert "Empfang im Roten Rathaus Berliner Rathaus (Rotes Rathaus)" in first


@pytest.mark.parametrize("layout", ["cr80", "a6"])
def test_on_any_card_every_day_has_its_line(tmp_path: Path, layout: str) -> None:
    """A smaller card (cr80) and a larger one (a6): every day's line is on the back."""
    build(
        FIXTURES / "berlin" / "event.yaml", tmp_path / "out", only=("badges",), badge_layout=layout
    )
    back = flat(pdftotext(tmp_path / "out" / "en" / "badges.pdf", "-f", "2", "-l", "2"))
    # the page's first card (both layouts print one a page)
    assert back.count("PROGRAMME") == 1
    for day in ("Wed 15 Sept", "Thu 16 Sept", "Fri 17 Sept"):
        assert day in back, (layout, back)


def test_five_days_on_a_small_card_each_have_their_line(tmp_path: Path) -> None:
    """Another event of the kind: five days of eight sessions on a cr80 card."""
    text = MINIMAL.replace("date: 2025-03-04", "date: 2025-03-03\n  end_date: 2025-03-07")
    items = "".join(
        f"  - {{title: Session {day}.{n}, date: 2025-03-0{day}, start: '{9 + n}:00',"
        f" end: '{9 + n}:45', room: Room {n % 2}}}\n"
        for day in range(3, 8)
        for n in range(8)
    )
    source = write_event(
        tmp_path / "source",
        text
        + "people:\n  - {name: Ann Lee}\nprogramme:\n"
        + items
        + "  - {title: Dinner, date: 2025-03-05, start: '19:00', kind: dinner, venue: Fyret}\n"
        + "badges: {back: programme, layout: cr80}\n",
    )
    build(source, tmp_path / "out", only=("badges",))
    back = flat(pdftotext(tmp_path / "out" / "badges.pdf", "-f", "2", "-l", "2"))
    for day in ("Mon 3 Mar", "Tue 4 Mar", "Wed 5 Mar", "Thu 6 Mar", "Fri 7 Mar"):
        assert day in back, back
    assert "more: see the printed programme" in back


def test_metadata_is_plain_text(pack: Path) -> None:
    """A word joiner inside "Berlin-\u2060Brandenburg" reached the PDF's and the DOCX's
    author: metadata holds the names as written."""
    authors = "Offene Kommunen Netzwerk gGmbH, Institut für Stadtdaten Berlin-Brandenburg e. V."
    for language in ("de", "en"):
        for name in ("brochure.pdf", "badges.pdf"):
            info = subprocess.run(
                ["pdfinfo", "-enc", "UTF-8", str(pack / language / name)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            meta = subprocess.run(
                ["pdfinfo", "-meta", str(pack / language / name)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            assert f"Author:          {authors}\n" in info, info
            if name == "brochure.pdf":  # its XMP (PDF/UA) lists the authors one by one
                assert "<rdf:li>Institut für Stadtdaten Berlin-Brandenburg e. V.</rdf:li>" in meta
            assert not INVISIBLE.search(info + meta), name
        properties = docx.Document(str(pack / language / "concept-note.docx")).core_properties
        assert properties.author == authors == properties.last_modified_by
        for value in (properties.title, properties.subject, properties.keywords):
            assert not INVISIBLE.search(value), value


def test_no_time_nor_date_is_torn_in_libreoffice(pack: Path, tmp_path: Path) -> None:
    """Through LibreOffice the note's table tore "15 Sept 202/7" and "11:30–12:15 U/hr":
    its columns are measured in the fonts LibreOffice draws (Caladea for Cambria)."""
    for language in ("de", "en"):
        note = pack / language / "concept-note.docx"
        assert_whole_in_libreoffice(note, tmp_path / language)


def assert_whole_in_libreoffice(
    note: Path, folder: Path, columns: tuple[int, ...] = (0, 1)
) -> None:
    """Every day and time of the note's programme table (its columns given) is on one
    line of LibreOffice's PDF, as many times as the table has it (pdftotext -bbox's
    words, by line)."""
    folder.mkdir(parents=True, exist_ok=True)
    pdf = libreoffice_pdf(note, folder)
    lines = lines_of(pdf)
    table = docx.Document(str(note)).tables[0]
    wanted: dict[str, int] = {}
    for row in table.rows[1:]:
        for n in columns:
            text = " ".join(row.cells[n].text.replace("\u2060", "").split())
            wanted[text] = wanted.get(text, 0) + 1
    assert len(wanted) > 3
    for text, count in wanted.items():
        on_one_line = sum(" ".join(line.split()).count(text) for line in lines)
        assert on_one_line >= count, (text, count, on_one_line)


def test_each_day_prints_its_own_offset_when_the_clocks_change(tmp_path: Path) -> None:
    """Over the night Berlin's clocks go forward (29 March 2026), the brochure and the
    note printed the first day's offset for all three days."""
    text = (
        (
            MINIMAL.replace("date: 2025-03-04", "date: 2026-03-28\n  end_date: 2026-03-30")
            .replace("city: Oslo", "city: Berlin\n  start: 9:00\n  end: 18:00")
            .replace("  country: NO", "  country: DE\n  timezone: Europe/Berlin\n  language: en-GB")
        )
        + "programme:\n"
        + "".join(
            f"  - {{title: Day {n}, date: 2026-03-{28 + n}, start: '10:00', end: '11:00'}}\n"
            for n in range(3)
        )
    )
    source = write_event(tmp_path / "source", text)
    build(source, tmp_path / "out", only=("brochure", "concept-note"))
    zone = "Berlin time, UTC+1 (28 Mar 2026), UTC+2 (29–30 Mar 2026)"
    brochure = re.sub(r"\s*–\s*", "–", flat(pdftotext(tmp_path / "out" / "brochure.pdf")))
    assert zone in brochure
    # its own row in the practical details (not in parentheses after the hours)
    assert f"TIME ZONE {zone}" in brochure
    lines = lines_of(tmp_path / "out" / "brochure.pdf")
    for heading in (
        "SATURDAY 28 MARCH 2026 09:00–18:00 UTC+1",
        "SUNDAY 29 MARCH 2026 09:00–18:00 UTC+2",
        "MONDAY 30 MARCH 2026 09:00–18:00 UTC+2",
    ):
        assert heading in lines, lines
    note = docx.Document(str(tmp_path / "out" / "concept-note.docx"))
    facts = [" ".join(p.text.replace("\u2009", "").split()) for p in note.paragraphs]
    assert f"Time zone: {zone}" in facts, facts
    assert "UTC+1" not in " ".join(facts).replace(zone, "")
