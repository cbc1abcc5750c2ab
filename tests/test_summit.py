"""A two-day conference in three rooms, with a registration export straight from the
ticket shop (tests/fixtures/summit): the pack an organiser prints without editing
either (issue 10). One build, checked as readers' software sees it."""

from __future__ import annotations

import csv
import io
import math
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from tests.conftest import FIXTURES, build, libreoffice_pdf, pdftotext, prepared
from tests.test_conference import words_outside_the_text_area

from brochure.outputs.view import EventView

pytestmark = pytest.mark.slow

SOURCE = FIXTURES / "summit" / "event.yaml"


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("summit")
    written = build(SOURCE, out)
    assert sorted(path.relative_to(out).as_posix() for path in written) == [
        "badges.pdf",
        "brochure-booklet.pdf",
        "brochure-large-print.pdf",
        "brochure.pdf",
        "checkin.csv",
        "concept-note.docx",
        "programme.epub",
        "programme.ics",
        "programme/index.html",
        "programme/logo-1.svg",
        "programme/map.png",
        "programme/programme.ics",
        "programme/style.css",
        "run-sheets.pdf",
        "signs.pdf",
        "tents.pdf",
        "time-cards.pdf",
        "timetable.pdf",
    ]
    return out


@pytest.fixture(scope="module")
def view() -> EventView:
    ready = prepared(SOURCE)
    return EventView.of(ready.event, ready.config)


def flat(text: str) -> str:
    return " ".join(text.split())


def pages_of(pdf: Path) -> list[str]:
    """Each page's text, whitespace folded."""
    count = len(pypdf.PdfReader(pdf).pages)
    return [flat(pdftotext(pdf, "-f", str(n), "-l", str(n))) for n in range(1, count + 1)]


def words(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(x, y, word) of every word on a page, from poppler's boxes."""
    layout = pdftotext(pdf, "-bbox", "-f", str(page), "-l", str(page))
    return [
        (float(x), float(y), word)
        for x, y, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*?)</word>', layout
        )
    ]


def test_only_what_needs_a_look_is_said(pack: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Nothing here needs a look: every column is read or known as one no badge needs
    (Order date, Price, the invoice address), and Léa Martin, a speaker, registered with
    the address the event file gives her: one badge, said only under --verbose."""
    with caplog.at_level("DEBUG"):
        assert [str(w) for w in prepared(SOURCE).warnings] == []
    assert "not read (no badge needs them): Order date, Price, Invoice address: Company" in (
        caplog.text
    )
    assert "Léa Martin is also people[2] in the event file (line 73): one badge" in caplog.text


def test_the_programme_reads_in_time_order_day_by_day(pack: Path) -> None:
    text = flat(pdftotext(pack / "brochure.pdf"))
    programme = text[text.index("Programme 10 – 11 June 2026") : text.index("People ORGANISERS")]
    order = [
        "WEDNESDAY 10 JUNE 2026",
        "Registration and coffee",
        "Open budgets in practice",
        "Lunch",
        "Residents’ data projects",
        "Day one in review",
        "22:00–00:30 Night walk",
        "THURSDAY 11 JUNE 2026",
        "Mobility data across borders",
        "Close of conference",
    ]
    positions = [programme.index(words) for words in order]
    assert positions == sorted(positions)
    assert programme.count("WEDNESDAY") == 1 and programme.count("THURSDAY") == 1
    # each day's hours in its heading, covering its items (registration at 08:30, the
    # night walk until 00:30); no row the file does not have ("17:30 Close")
    assert "WEDNESDAY 10 JUNE 2026 08:30–00:30" in programme and "09:00–15:00" in programme
    assert "17:30 Close" not in programme and programme.count("Close") == 1


def test_parallel_sessions_are_a_timetable_by_room(pack: Path) -> None:
    pdf = pack / "brochure.pdf"
    pages = pages_of(pdf)
    # two rooms side by side: both titles on one line, the second to the right
    page = next(n for n, text in enumerate(pages, 1) if "Residents’ data projects" in text)
    placed = {word: (x, y) for x, y, word in words(pdf, page)}
    (left_x, left_y), (right_x, right_y) = placed["Residents’"], placed["mapping"]
    assert abs(left_y - right_y) < 3 and right_x > left_x + 40
    # three rooms one under the other, each headed by its room and its time
    text = " ".join(pages)
    assert "HALL A 11:00–12:30" in text  # (the block's "in parallel" note comes next)
    for room, title in (
        ("ROOM B", "Sensors in public space"),
        ("ROOM C", "Workshop: a data standard for bus stops"),
    ):
        assert f"{room} 11:00–12:30 {title}" in text
    assert text.count("IN PARALLEL") == 4  # 11:00, 13:30, 15:30; 09:00 on day two
    # (poppler may read the CHAIR label after the names it stands before)
    assert "Aoife Ó Súilleabháin Léa Martin and Jonas Berg" in text and "CHAIR" in text


def test_no_session_is_split_across_pages(pack: Path, view: EventView) -> None:
    pages = pages_of(pack / "brochure.pdf")
    for day in view.days:
        for slot in day.slots:
            parts = [slot.title, slot.people_line, slot.chairs_line, slot.description or ""]
            # names carry word joiners (typography.kept_whole), which poppler drops
            parts = [part.replace("\u2060", "") for part in parts]
            assert any(all(part in page for part in parts) for page in pages), slot.title


def test_people_see_their_sessions(pack: Path) -> None:
    text = flat(pdftotext(pack / "brochure.pdf"))
    assert (
        "Léa Martin Ville de Lyon, France "
        "Wed 10 Jun, 09:30–10:30: Keynote: the budget as a public document, Hall A "
        "Wed 10 Jun, 11:00–12:30: Open budgets in practice, Hall A "
        "Thu 11 Jun, 09:00–10:30: Workshop: open budgets, hands on, Room B "
        "Léa Martin runs"
    ) in text
    assert "Wed 10 Jun, 11:00–12:30: Sensors in public space (chair), Room B" in text


def test_practical_details_are_where_attendees_look(pack: Path) -> None:
    pdf = pack / "brochure.pdf"
    pages = pages_of(pdf)
    assert "WI-FI Summit-Guest · Password opendata2026" in pages[1]  # the contents page
    practical = next(page for page in pages if page.startswith("Practical details"))
    for words_ in (
        "ADDRESS ul. Przykładowa 1 30-000 Kraków",
        "WI-FI Network Summit-Guest Password opendata2026",
        "CONTACT Registration desk, ground floor; +48 12 000 00 00",
        "ACCESS Step-free entrance",
        "11 JUN 2026 09:00–15:00",
    ):
        assert words_ in practical
    listed = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"\bimage\s+1400\s+1040\b", listed), listed


def test_nothing_runs_off_the_page(pack: Path) -> None:
    assert words_outside_the_text_area(pack / "brochure.pdf") == []
    assert len(pypdf.PdfReader(pack / "brochure.pdf").pages) % 4 == 0


def test_the_concept_note_has_a_room_column_and_keeps_rows_whole(
    pack: Path, view: EventView, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = pack / "concept-note.docx"
    programme = docx.Document(str(path)).tables[0]
    assert [c.text for c in programme.rows[0].cells] == ["Day", "Time", "Item", "Room", "People"]
    rows = [[c.text for c in row.cells] for row in programme.rows[1:]]
    assert [row[2] for row in rows[4:8]] == [
        "Open budgets in practice",
        "Sensors in public space",
        "Workshop: a data standard for bus stops",
        "Lunch",
    ]
    assert rows[5] == [
        "10\u00a0Jun\u00a02026",  # a day read whole
        "11:00–\u206012:30",  # a word joiner after the dash: never broken in two
        "Sensors in public space",
        "Room B",
        # the Chinese name's characters joined, so no line breaks inside it
        "Ana Sofia Ferreira (chair), 王\u2060秀\u2060英 and Tomás Ribeiro",
    ]
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert xml.count("<w:cantSplit") >= len(rows)
    converted = libreoffice_pdf(path, tmp_path_factory.mktemp("note"))
    pages = pages_of(converted)
    for _, _, title, _, people in rows:
        first_name = people.split(" (")[0].split(",")[0].split(" and ")[0]
        assert any(title.split(":")[0] in page and first_name in page for page in pages), title


def test_one_badge_for_everyone_and_the_door_list(pack: Path, view: EventView) -> None:
    event = view.event
    assert len(event.people) == 11 and len(event.attendees) == 148  # 149 rows, Léa merged
    total = len(event.everyone) + event.badges.blank
    reader = pypdf.PdfReader(pack / "badges.pdf")
    sheets = math.ceil(total / 8)
    assert len(reader.pages) == 2 * sheets  # each sheet and its back
    fronts = " ".join(
        flat(pdftotext(pack / "badges.pdf", "-f", str(n), "-l", str(n)))
        for n in range(1, 2 * sheets, 2)
    )
    assert fronts.count("Léa") == 1  # in the event file and the export: one badge
    assert "佐藤花子" in fronts and "김민수" in fronts  # family name first
    rows = list(csv.reader(io.StringIO((pack / "checkin.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["id", "name", "organisation", "role"]
    assert len(rows) == 1 + len(event.everyone)
    ids = [row[0] for row in rows[1:]]
    assert len(set(ids)) == len(ids)
    assert ["léa", "Léa Martin", "Ville de Lyon", "Speaker"] in rows
    assert ["kbrg2-1", "Karin Berg", "Malmö stad", "Speaker"] in rows
    assert sum(bool(re.fullmatch(r"[a-z0-9]{5}-[1-3]", i)) for i in ids) == 148


def test_badge_backs_say_the_day(pack: Path) -> None:
    back = flat(pdftotext(pack / "badges.pdf", "-f", "2", "-l", "2"))
    # Each day is named once, its items under it; breaks make way for sessions.
    assert re.search(r"Wed 10 Jun 09:00–09:30 Opening .*Thu 11 Jun 09:00–10:30", back), back
    assert "Thu 11 Jun" in back
    # The back names the person too: a badge turned on its lanyard still says who.
    front = flat(pdftotext(pack / "badges.pdf", "-f", "1", "-l", "1"))
    assert "Felix Becker" in back and "Felix" in front
    assert "Close" not in back.replace("Close of conference", "")


def test_badge_backs_name_each_sessions_room_whole(pack: Path) -> None:
    """Sessions run in parallel in three rooms, more than a back holds: each time is one
    line, "In parallel" with the rooms (Hall A · Room B), and each other session names
    its room at the line's end, whole, inside the card and clear of the title."""
    layout = pdftotext(pack / "badges.pdf", "-bbox", "-f", "2", "-l", "2")
    boxes = [
        (float(x0), float(y0), float(x1), word)
        for x0, y0, x1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>(.*?)</word>', layout
        )
    ]
    # The back's first card (mirrored for a long-edge flip: the sheet's top left), its
    # inner edge 9 + 96 - 5.5 mm from the sheet's left (layouts/badges/a4-8.yaml).
    inner_right = (9 + 96 - 5.5) / 25.4 * 72
    card = [box for box in boxes if box[0] < inner_right and box[1] < (12.5 + 68) / 25.4 * 72]
    lines: dict[float, list[tuple[float, float, str]]] = {}
    for x0, y0, x1, word in card:
        lines.setdefault(round(y0), []).append((x0, x1, word))
    read = {}
    for words_on_line in lines.values():
        words_on_line.sort()
        text = " ".join(word for _, _, word in words_on_line)
        if not re.match(r"\d\d:\d\d–\d\d:\d\d ", text):
            continue
        if words_on_line[-1][2] not in ("A", "B", "C"):
            continue  # an item in no room (the night walk, the day's last): none named
        # The room column: rooms of two words, joined by "·".
        rooms = [words_on_line[-2:]]
        title = words_on_line[:-2]
        while title and title[-1][2] == "·":
            rooms.insert(0, title[-3:-1])
            title = title[:-3]
        names = [" ".join(w for _, _, w in room) for room in rooms]
        assert set(names) <= {"Hall A", "Room B", "Room C"}, text
        assert words_on_line[-1][1] <= inner_right + 0.5, text  # inside the card
        assert title[-1][1] < rooms[0][0][0] - 1, text  # clear of the title
        read[" ".join(w for _, _, w in title)] = " · ".join(names)
    assert read["09:30–10:30 Keynote: the budget as a public document"] == "Hall A"
    assert read["09:00–10:30 In parallel"] == "Hall A · Room B"
    # each day's last item too, where the day ends (issue 20)
    assert read["14:30–15:00 Close of conference"] == "Hall A"
    assert len(read) >= 4
