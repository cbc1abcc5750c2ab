"""Chairs' run sheets: a page for every chaired session, every speaker in order with the
time they start, times that add up to the session, short bios, pronunciations, the next
session in the room; read back with poppler (pdftotext -bbox-layout, pdffonts) and
pikepdf."""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from tests.conftest import FIXTURES, MINIMAL, ROOT, build, pdffonts, prepared, shared, write_event

from brochure.errors import InputError
from brochure.finishing.finishes import SHEETS
from brochure.model import Event, ProgrammeItem, fold
from brochure.outputs.run_sheets.context import BIO_LIMIT, ELLIPSIS, run_sheets, shortened
from brochure.outputs.run_sheets.timing import running_order
from brochure.outputs.view import in_order
from brochure.preflight import check_file

SUMMIT = FIXTURES / "summit" / "event.yaml"
HAIFA = FIXTURES / "haifa" / "event.yaml"
BERLIN = FIXTURES / "berlin" / "event.yaml"
MM = 72 / 25.4
#: The start column's far edge: the page's margin and the column (run-sheets.css).
START_COLUMN = (18 + 26) * MM
TIME = re.compile(r"\d{1,2}:\d{2}")
#: A turn's minutes under its start, in any language written left to right: "25 minutes",
#: "25 Minuten".
MINUTES = re.compile(r"(\d+) \w+")


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def pages_of(pdf: Path) -> list[list[Word]]:
    """Every word of every page with its box in pt, as pdftotext -bbox finds it."""
    layout = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-bbox", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = []
    for page in layout.split("<page ")[1:]:
        words = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page,
        )
        pages.append([Word(html.unescape(w), *map(float, box)) for *box, w in words])
    return pages


def flat(words: list[Word]) -> str:
    return " ".join(word.text for word in words)


def column(words: list[Word]) -> list[str]:
    """The start column, top to bottom: its times and minutes ("11:00", "25 minutes")."""
    rows: dict[int, list[Word]] = {}
    for word in words:
        if word.x1 <= START_COLUMN:
            rows.setdefault(round(word.y0), []).append(word)
    lines = [" ".join(w.text for w in rows[y]) for y in sorted(rows)]
    return [line for line in lines if TIME.fullmatch(line) or MINUTES.fullmatch(line)]


def sheet(pages: list[list[Word]], title: str) -> str:
    """The text of the page of the session with this title (the page that names it as
    the next in the room names it after its running order)."""
    texts = [flat(page) for page in pages]
    return next(t for t in texts if title in t and t.index(title) < t.index("RUNNING ORDER"))


def at(time: str) -> dt.datetime:
    hours, minutes = map(int, time.split(":"))
    return dt.datetime(2000, 1, 1, hours, minutes)


def chaired(event: Event) -> list[tuple[dt.date, ProgrammeItem]]:
    return [(day, item) for day, item in in_order(event) if item.chairs]


@pytest.fixture(scope="module")
def summit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = shared(
        tmp_path_factory, "summit-run-sheets", lambda f: build(SUMMIT, f, only=("run-sheets",))
    )
    return folder / "run-sheets.pdf"


def assert_times_add_up(page: list[Word], item: ProgrammeItem, day: dt.date) -> None:
    """The start column: each turn's start and minutes; each start is the one before
    plus its minutes; the first is the session's start, and the end its end."""
    lines = column(page)
    times = [line for line in lines if TIME.fullmatch(line)]
    minutes = [int(m[1]) for line in lines if (m := MINUTES.fullmatch(line))]
    assert item.start and item.end
    order = running_order(item, day)
    turns = len(order.turns) + (order.discussion is not None)
    assert len(times) == turns + 1 and len(minutes) == turns, lines
    assert times[0] == f"{item.start:%H:%M}" and times[-1] == f"{item.end:%H:%M}"
    for start, length, following in zip(times, minutes, times[1:], strict=False):
        assert at(start) + dt.timedelta(minutes=length) == at(following), lines
    assert sum(minutes) == (at(times[-1]) - at(times[0])).seconds // 60


def test_a_page_for_every_chaired_session_with_every_speaker_in_order(summit: Path) -> None:
    event = prepared(SUMMIT).event
    sessions = chaired(event)
    pages = pages_of(summit)
    assert len(sessions) == 8 and len(pages) == len(sessions)
    for page, (day, item) in zip(pages, sessions, strict=True):
        text = flat(page)
        assert item.title.replace("'", "’") in text, item.title
        assert day.strftime("%-d June 2026") in text
        for key in item.chairs:
            assert event.person(key).name in text
        # every speaker, in the running order (the talks' order, then the others)
        order = [key for turn in running_order(item, day).turns for key in turn.people]
        assert sorted(map(fold, order)) == sorted(map(fold, item.people))
        tops = [text.index(event.person(key).name) for key in order]
        assert tops == sorted(tops), item.title
        if item.people:
            assert_times_add_up(page, item, day)
        else:
            assert "No speakers are listed for this session" in text
            assert "End of the session" not in text


def test_talks_give_their_minutes_and_leave_the_rest_to_questions(summit: Path) -> None:
    """Open budgets in practice (11:00–12:30): Berg's talk 25 minutes, Martin's 35, then
    30 minutes of questions; even shares where no talks are given (the panel)."""
    pages = pages_of(summit)
    budgets = next(p for p in pages if flat(p) == sheet(pages, "Open budgets in practice"))
    text = flat(budgets)
    assert text.index("Jonas Berg") < text.index("Malmö’s budget, line by line")
    assert text.index("Léa Martin") < text.index("Who reads an open budget?")
    assert "Questions and discussion" in text
    panel = next(p for p in pages if flat(p) == sheet(pages, "who owns a city"))
    assert column(panel)[::2] == ["11:00", "11:30", "12:00", "12:30"]


def test_a_short_bio_a_pronunciation_and_the_next_session_in_the_room(summit: Path) -> None:
    pages = pages_of(summit)
    texts = [flat(page) for page in pages]
    budgets = sheet(pages, "Open budgets in practice")
    assert "How three cities publish their budgets, and who reads them." in budgets
    assert "Léa Martin runs Lyon’s open budget portal." in budgets
    assert "Ville de Lyon, France" in budgets and "Malmö stad, Sweden" in budgets
    assert "This biography is here" not in budgets  # its first sentence only
    assert "Next in this room: 13:30–15:00 Residents’ data projects (Chair: Aoife" in budgets
    panel = sheet(pages, "who owns a city")
    assert "Pronunciation: hoo-LAY-ma-too bal-DAY" in panel
    assert panel.index("Houleymatou Baldé") < panel.index("Pronunciation: hoo-LAY")
    assert "Next in this room: 13:30–14:30 Closing plenary" in panel
    assert "Grace Mwangi provisional" in panel  # not yet confirmed
    # A chair's own pronunciation is for others to read: not on their sheet.
    assert "EE-fa" not in " ".join(texts)
    closing = sheet(pages, "Mobility data across borders")
    assert "Grace Mwangi" not in closing


def test_the_run_sheets_are_a_tagged_pdf_with_their_fonts(summit: Path) -> None:
    with pikepdf.open(summit) as pdf:
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.Lang == "en-GB"
        assert [round(float(v)) for v in pdf.pages[0].mediabox[2:]] == [595, 842]  # A4
        assert pdf.Root.MarkInfo.Marked
        assert b"pdfuaid:part" in pdf.Root.Metadata.read_bytes()  # declared PDF/UA
        assert "Chairs’ run sheets" in str(pdf.docinfo["/Title"])
    fonts = pdffonts(summit)
    assert fonts and all(font["emb"] == "yes" for font in fonts)
    found = {f.check: f for f in check_file(summit, finish=SHEETS)}
    assert found["pages"].level == "ok" and found["fonts"].level == "ok"
    assert found["safe area"].detail == SHEETS.uncut


def test_a_right_to_left_pack_is_mirrored(tmp_path: Path) -> None:
    """Hebrew and Arabic: the start times stand at the right, the names to their left,
    each pack in its language."""
    build(HAIFA, tmp_path, only=("run-sheets",))
    for pack in prepared(HAIFA).packs:
        pdf = tmp_path / pack.language / "run-sheets.pdf"
        pages = pages_of(pdf)
        assert len(pages) == len(chaired(pack.event)) == 2
        with pikepdf.open(pdf) as document:
            assert document.Root.Lang == pack.language
        for page in pages:
            width = max(word.x1 for word in page)
            times = [w for w in page if TIME.fullmatch(w.text) and w.x0 > width / 2]
            assert times, flat(page)
        # The opening: its speaker's name left of its start time, on the time's line.
        start = next(w for w in pages[0] if w.text == "9:00")
        name = pack.event.person("noa-levi").name.split()
        beside = [
            w for w in pages[0] if w.y0 < start.y1 and start.y0 < w.y1 and w.text[::-1] in name
        ]
        assert beside and all(w.x1 < start.x0 for w in beside)


def test_the_berlin_conference_has_a_page_for_each_chaired_session(tmp_path: Path) -> None:
    build(BERLIN, tmp_path, only=("run-sheets",))
    for pack in prepared(BERLIN).packs:
        sessions = chaired(pack.event)
        pages = pages_of(tmp_path / pack.language / "run-sheets.pdf")
        assert len(pages) == len(sessions) > 40
        for page, (day, item) in zip(pages, sessions, strict=True):
            if item.people and item.start and item.end:
                assert_times_add_up(page, item, day)


def test_no_run_sheets_without_a_chair(built_pack: Path, tmp_path: Path) -> None:
    """The seed names no chair: no run sheets, said only when --only asks for them."""
    assert not (built_pack / "run-sheets.pdf").exists()
    source = write_event(tmp_path / "source", MINIMAL)
    asked = subprocess.run(
        [sys.executable, "-m", "brochure", "build", str(source), "--only", "run-sheets"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=300,
    )
    assert asked.returncode == 0, asked.stderr
    assert "run-sheets.pdf: not written, as no session of the programme has a chair" in (
        asked.stderr
    )


PANEL = """
people:
  - {{name: Ann Chair, id: chair, role: moderator}}
{speakers}
programme:
  - title: A crowded panel
    start: 9:00
    end: 11:00
    chairs: [chair]
    people: [{ids}]
"""


def crowded(folder: Path, count: int, bio: int) -> Path:
    """A panel of count speakers, each with a bio of one sentence of about bio letters."""
    sentence = " ".join(["Word"] + ["lorem"] * (bio // 6)) + "."
    speakers = "\n".join(
        f"  - {{name: Speaker Number{n} Example, id: s{n}, role: speaker, "
        f"organisation: Institute {n}, bio: '{sentence}'}}"
        for n in range(count)
    )
    ids = ", ".join(f"s{n}" for n in range(count))
    return write_event(folder, MINIMAL + PANEL.format(speakers=speakers, ids=ids))


def test_a_crowded_session_is_set_smaller_to_keep_to_one_page(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Twelve speakers with long bios fit one page in smaller type; forty do not, and
    the session is named in a warning (nothing is left out)."""
    source = crowded(tmp_path / "twelve", 12, 400)
    build(source, tmp_path / "out12", only=("run-sheets",))
    (page,) = pages_of(tmp_path / "out12" / "run-sheets.pdf")
    for n in range(12):
        assert f"Speaker Number{n} Example" in flat(page)
    assert flat(page).count(ELLIPSIS) == 12  # each bio cut at about 300 characters
    source = crowded(tmp_path / "forty", 40, 300)
    with caplog.at_level(logging.WARNING, logger="brochure"):
        build(source, tmp_path / "out40", only=("run-sheets",))
    said = [r.getMessage() for r in caplog.records if r.getMessage().startswith("run sheets:")]
    assert said == [
        "run sheets: A crowded panel: the session does not fit one page even in the smallest "
        "type (shorten its description or its speakers' bios)"
    ]
    assert "Nothing follows in this room" in flat(page)
    text = " ".join(flat(page) for page in pages_of(tmp_path / "out40" / "run-sheets.pdf"))
    assert all(f"Speaker Number{n} Example" in text for n in range(40))


# Running order and bios, without rendering --------------------------------------------


def item(**fields: object) -> ProgrammeItem:
    return ProgrammeItem.model_validate({"title": "T", "start": "10:00", "end": "11:30", **fields})


DAY = dt.date(2026, 6, 10)


def starts(found: list[dt.datetime | None]) -> list[str]:
    return [f"{start:%H:%M}" if start else "" for start in found]


def test_the_sessions_time_is_shared_evenly_in_whole_minutes() -> None:
    order = running_order(item(people=["a", "b", "c", "d"]), DAY)
    assert starts([turn.start for turn in order.turns]) == ["10:00", "10:22", "10:45", "11:08"]
    assert [turn.minutes for turn in order.turns] == [22, 23, 23, 22]
    assert sum(turn.minutes or 0 for turn in order.turns) == 90 and order.discussion is None


def test_talks_keep_their_minutes_and_share_the_rest() -> None:
    talks = [{"people": "b", "minutes": 30, "title": "Bee"}, {"people": "a", "minutes": 20}]
    order = running_order(item(people=["a", "b", "c"], talks=talks), DAY)
    assert [turn.people for turn in order.turns] == [("b",), ("a",), ("c",)]
    assert starts([turn.start for turn in order.turns]) == ["10:00", "10:30", "10:50"]
    assert [turn.minutes for turn in order.turns] == [30, 20, 40]
    assert order.turns[0].title == "Bee" and order.turns[0].given and not order.turns[2].given
    timed = running_order(item(people=["a", "b"], talks=[*talks]), DAY)
    assert timed.discussion is not None and timed.discussion.minutes == 40
    assert f"{timed.discussion.start:%H:%M}" == "10:50"
    over = running_order(
        item(people=["a", "b"], talks=[*talks[:1], {"people": "a", "minutes": 70}]), DAY
    )
    assert over.overrun == 10 and over.discussion is None


def test_without_an_end_only_the_minutes_given_tell_the_next_start() -> None:
    order = running_order(
        item(end=None, people=["a", "b", "c"], talks=[{"people": "a", "minutes": 15}]), DAY
    )
    assert starts([turn.start for turn in order.turns]) == ["10:00", "10:15", ""]
    assert running_order(item(start=None, end=None, people=["a"]), DAY).turns[0].start is None


def test_the_next_session_in_the_room_names_its_day_when_it_is_another(tmp_path: Path) -> None:
    source = write_event(
        tmp_path,
        MINIMAL.replace("  date: 2025-03-04\n", "  date: 2025-03-04\n  end_date: 2025-03-05\n")
        + "people:\n  - {name: Ann Lee}\nprogramme:\n"
        "  - {title: First, start: 16:00, end: 17:00, room: Hall, chairs: [ann-lee]}\n"
        "  - {title: Elsewhere, start: 17:00, end: 18:00, room: Annex}\n"
        "  - {title: Second, date: 2025-03-05, start: 9:00, end: 10:00, room: Hall,"
        " chairs: [ann-lee]}\n",
    )
    ready = prepared(source)
    first, second = run_sheets(ready.event, ready.config)
    # (the time range holds a word joiner after its dash: never broken there)
    assert first.next_up.replace("\u2060", "") == (
        "Next in this room: Wed 5 Mar 09:00–10:00 Second (Chair: Ann Lee)"
    )
    assert second.next_up == "Nothing follows in this room"


def test_a_talk_names_one_of_the_items_speakers(tmp_path: Path) -> None:
    source = write_event(
        tmp_path,
        MINIMAL
        + "people:\n  - {name: Ann Lee}\nprogramme:\n  - title: Talk\n    chairs: [ann-lee]\n"
        "    talks: [{people: bob, minutes: 10}]\n",
    )
    with pytest.raises(InputError) as raised:
        prepared(source)
    messages = [str(problem) for problem in raised.value.problems]
    assert any(
        "programme[0]: talks[0] names 'bob', not among this item's people" in m for m in messages
    ), messages


def test_talks_longer_than_their_session_are_a_warning_at_the_talks(tmp_path: Path) -> None:
    source = write_event(
        tmp_path,
        MINIMAL + "people:\n  - {name: Ann Lee}\n  - {name: Bo Chen}\nprogramme:\n  - title: Talk\n"
        "    start: 10:00\n    end: 10:30\n    chairs: [ann-lee]\n    people: [bo-chen]\n"
        "    talks: [{people: bo-chen, minutes: 45}]\n",
    )
    warnings = [str(p) for p in prepared(source).warnings]
    assert any(
        "programme[0].talks: warning: run sheets: the talks last 45 minutes, 15 more than "
        "the session's 30" in w
        for w in warnings
    ), warnings


@pytest.mark.parametrize(
    ("bio", "language", "short"),
    [
        ("Léa runs the portal. She also writes.", "fr", "Léa runs the portal."),
        (
            "Dr. Ana Díaz leads U.S. work on data. Another.",
            "en",
            "Dr. Ana Díaz leads U.S. work on data.",
        ),
        (
            "王秀英是深圳开放数据实验室的负责人。她研究城市数据。",
            "zh",
            "王秀英是深圳开放数据实验室的负责人。",
        ),
        ("First paragraph only\n\nSecond paragraph.", "en", "First paragraph only"),
    ],
)
def test_a_bio_is_its_first_sentence(bio: str, language: str, short: str) -> None:
    assert shortened(bio, language, BIO_LIMIT, sentence=True) == short


def test_a_long_first_sentence_is_cut_at_a_word_with_an_ellipsis() -> None:
    bio = " ".join(["Researcher"] * 60) + ". More."
    short = shortened(bio, "en", BIO_LIMIT, sentence=True)
    assert short.endswith("Researcher" + ELLIPSIS) and len(short) <= BIO_LIMIT + 1
    han = "城市数据开放平台研究" * 50
    cut = shortened(han, "zh", 40, sentence=True)
    assert cut.endswith(ELLIPSIS) and len(cut) <= 41 and han.startswith(cut[:-1])
