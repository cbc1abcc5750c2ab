"""The event-day kit (issue 22): door signs, the wall timetable and time cards, read back
from the PDFs with poppler (pdftotext -bbox: words and their boxes; pdffonts) and pypdf
(each run of text's type size), in the summit, Berlin, Haifa, kit and seed events."""

from __future__ import annotations

import html
import itertools
import json
import logging
import math
import re
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from tests.conftest import (
    FIXTURES,
    MINIMAL,
    SEED_SOURCE,
    build,
    pdffonts,
    pdftotext,
    prepared,
    shared,
    write_event,
)

from brochure import colour
from brochure.commands.freshness import MANIFEST
from brochure.errors import InputError
from brochure.i18n import Formatter
from brochure.model import Event, is_break_kind
from brochure.outputs import REGISTRY
from brochure.reading.load import load_event

pytestmark = pytest.mark.slow

KIT = ("signs", "timetable", "time-cards")
SUMMIT = FIXTURES / "summit" / "event.yaml"
BERLIN = FIXTURES / "berlin" / "event.yaml"
HAIFA = FIXTURES / "haifa" / "event.yaml"
KIT_EVENT = FIXTURES / "kit" / "event.yaml"
MM = 72 / 25.4
A4 = (595.3, 841.9)
A3 = (841.9, 1190.6)

Word = tuple[str, float, float, float, float]
#: A word of pdftotext -bbox (a box may start off the page: a font's ascent above it).
WORD = re.compile(
    r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>'
)


# Reading the PDFs -----------------------------------------------------------------------


def word_boxes(pdf: Path) -> list[list[Word]]:
    """Every word poppler finds, per page, with its box in points from the top left."""
    pages = []
    for page in pdftotext(pdf, "-bbox").split("<page ")[1:]:
        found = re.findall(WORD, page)
        pages.append(
            [(html.unescape(w), float(a), float(b), float(c), float(d)) for a, b, c, d, w in found]
        )
    return pages


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    return [
        (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1))
        for page in pypdf.PdfReader(pdf).pages
    ]


def runs(pdf: Path) -> list[list[tuple[str, float]]]:
    """Each page's runs of text with the type size they are drawn at (pt)."""
    found: list[list[tuple[str, float]]] = []
    for page in pypdf.PdfReader(pdf).pages:
        here: list[tuple[str, float]] = []

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            if text.strip():
                scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
                here.append((text, size * scale))  # noqa: B023

        page.extract_text(visitor_text=visit)
        found.append(here)
    return found


def flat(text: str) -> str:
    """Text to compare: no spaces, no joiners, plain quotes and apostrophes, one case."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub("[\u2018\u2019\u201a\u201b]", "'", text)
    text = re.sub("[\u201c\u201d\u201e\u00ab\u00bb]", '"', text)
    return re.sub(r"[\s\u00a0\u2060\u2066-\u2069\u200e\u200f]", "", text).casefold()


def visual(word: str) -> str:
    """A word as poppler gives it: a right-to-left one in the order it is drawn (its
    letters reversed), any other as it is."""
    rtl = any(unicodedata.bidirectional(char) in ("R", "AL") for char in word)
    return word[::-1] if rtl else word


def says(text: str, words: list[str]) -> bool:
    """Whether words (as poppler gives them) hold every word of text, in any script: a
    word's letters in any order, as poppler maps Arabic's lam-alef ligature (لا) back to
    its letters in the order they are drawn."""
    found = {"".join(sorted(flat(word))) for word in words}
    return all("".join(sorted(flat(word))) in found for word in text.split())


def page_texts(pdf: Path) -> list[str]:
    """Each page's text in the order it is drawn (pdftotext -raw): a title's lines
    together, whatever stands beside them."""
    pages = pdftotext(pdf, "-raw").split("\f")
    return [" ".join(page.split()) for page in pages[: len(page_sizes(pdf))]]


def overlapping(page: list[Word]) -> list[tuple[str, str]]:
    """Pairs of words drawn over each other (boxes sharing most of their height)."""
    pairs = []
    for i, (a, ax0, ay0, ax1, ay1) in enumerate(page):
        for b, bx0, by0, bx1, by1 in page[i + 1 :]:
            shared_height = min(ay1, by1) - max(ay0, by0)
            if min(ax1, bx1) - max(ax0, bx0) > 0.5 and shared_height > 0.45 * min(
                ay1 - ay0, by1 - by0
            ):
                pairs.append((a, b))
    return pairs


def manifest_warnings(pack: Path, output: str) -> list[str]:
    record = json.loads((pack / MANIFEST).read_text(encoding="utf-8"))
    return list(record["outputs"][output]["warnings"])


# The packs, built once per run ----------------------------------------------------------


def _kit_pack(source: Path) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        build(source, folder / "out", only=KIT)

    return make


@pytest.fixture(scope="module")
def summit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared(tmp_path_factory, "kit-summit", _kit_pack(SUMMIT)) / "out"


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared(tmp_path_factory, "kit-kit", _kit_pack(KIT_EVENT)) / "out"


@pytest.fixture(scope="module")
def berlin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared(tmp_path_factory, "kit-berlin", _kit_pack(BERLIN)) / "out"


@pytest.fixture(scope="module")
def haifa(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared(tmp_path_factory, "kit-haifa", _kit_pack(HAIFA)) / "out"


#: (fixture, language folder, event file, language)
PACKS = [
    ("summit", "", SUMMIT, "en-GB"),
    ("kit", "", KIT_EVENT, "en-GB"),
    ("berlin", "de", BERLIN, "de"),
    ("berlin", "en", BERLIN, "en"),
    ("haifa", "he", HAIFA, "he"),
    ("haifa", "ar", HAIFA, "ar"),
]


def pack_of(request: pytest.FixtureRequest, fixture: str, folder: str) -> Path:
    root: Path = request.getfixturevalue(fixture)
    return root / folder if folder else root


# Door signs -------------------------------------------------------------------------------


def rooms_by_day(event: Event) -> dict[tuple[str, object], list[str]]:
    """What the event file says: each (room, day) a session is in or was announced in,
    with the titles of the sessions on its sign (read from the model, not the view)."""
    found: dict[tuple[str, object], list[str]] = {}
    for item in event.programme:
        if is_break_kind(item.kind):
            continue
        day = item.date or event.event.date
        room = item.room or (None if item.venue else event.event.room)
        for where in (room, item.moved_from):
            if where:
                found.setdefault((where, day), []).append(item.title)
    return found


def sign_of(pdf: Path) -> list[tuple[str, str]]:
    """Each page's room (its runs of 60 pt and more) and text."""
    found = []
    for sizes, text in zip(runs(pdf), page_texts(pdf), strict=True):
        room = "".join(run for run, size in sizes if size >= 59.9)
        found.append((flat(room), text))
    return found


@pytest.mark.parametrize(("fixture", "folder", "source", "language"), PACKS[:4])
def test_every_room_has_a_sign_for_each_day_it_is_used_with_every_session(
    request: pytest.FixtureRequest, fixture: str, folder: str, source: Path, language: str
) -> None:
    pdf = pack_of(request, fixture, folder) / "signs.pdf"
    event = (
        prepared(source).packs[[p.language for p in prepared(source).packs].index(language)].event
    )
    fmt = Formatter.for_language(language)
    pages = sign_of(pdf)
    expected = rooms_by_day(event)
    found: dict[tuple[str, str], str] = {}
    for room, text in pages:
        days = [day for _, day in expected if flat(fmt.date_long(day)) in flat(text)]  # type: ignore[arg-type]
        assert len(set(days)) == 1, text[:80]
        key = (room, fmt.date_long(days[0]))  # type: ignore[arg-type]
        found[key] = found.get(key, "") + text
    assert len(found) == len(expected)
    breaks = [item for item in event.programme if is_break_kind(item.kind) and not item.venue]
    for (room, day), titles in expected.items():
        text = found[(flat(room), fmt.date_long(day))]  # type: ignore[arg-type]
        for title in titles:
            assert flat(title) in flat(text), (room, title)
        for item in breaks:
            if (item.date or event.event.date) == day:
                assert flat(item.title) in flat(text), (room, item.title)


@pytest.mark.parametrize(("fixture", "folder", "source", "language"), PACKS[:4])
def test_signs_are_portrait_on_the_office_paper_and_read_from_two_metres(
    request: pytest.FixtureRequest, fixture: str, folder: str, source: Path, language: str
) -> None:
    """Every sign's room name at 60 pt and more (130 at most), every session title at
    18 pt and more (28 at most), on A4 portrait; a day a little too full for one sheet is
    set tighter, never under those floors."""
    pdf = pack_of(request, fixture, folder) / "signs.pdf"
    assert set(page_sizes(pdf)) == {A4}
    event = next(p for p in prepared(source).packs if p.language == language).event
    titles = [flat(item.title) for item in event.programme if not is_break_kind(item.kind)]
    sizes = []
    for page in runs(pdf):
        assert 60 <= max(size for _, size in page) <= 130.01
        for text, size in page:
            shown = len(flat(text)) >= 6 and any(flat(text) in title for title in titles)
            if shown and size < 59.9:  # not the room's name ("Main Hall", in a title)
                sizes.append(size)
    assert len(sizes) >= 15 and min(sizes) >= 17.99 and max(sizes) <= 28.01


def test_a_day_a_little_too_full_is_set_tighter_to_keep_it_on_one_sheet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """EB 301's last day takes two sheets at the signs' usual sizes, one set tighter."""
    from brochure.cards.looks import read_looks
    from brochure.outputs.signs import layout
    from brochure.outputs.signs.plan import signs
    from brochure.outputs.signs.render import PARTS, STYLESHEET, sign_pages
    from brochure.outputs.view import EventView

    pack = next(p for p in prepared(BERLIN, only=("signs",)).packs if p.language == "en")
    view = EventView.of(pack.event, pack.config)
    looks = read_looks(pack.config.layouts.find(STYLESHEET).read_text(), PARTS, pack.config, "t")
    sign = [s for s in signs(view) if flat(s.room) == flat("EB 301") and s.day.date.day == 17]

    def sheets() -> int:
        return len(sign_pages(view, tuple(sign), pack.config, looks))

    assert sheets() == 1
    monkeypatch.setattr(layout, "COMPACT", layout.NORMAL)
    assert sheets() == 2


def test_a_room_code_stays_on_one_line(berlin: Path) -> None:
    """MA 005 is set on one line at 84 pt or more rather than on two at 130."""
    for page, sizes in zip(
        word_boxes(berlin / "en" / "signs.pdf"), runs(berlin / "en" / "signs.pdf"), strict=True
    ):
        if "MA 005" in "".join(run for run, size in sizes if size > 59):
            ma = next(w for w in page if w[0] == "MA")
            code = next(w for w in page if w[0] == "005")
            assert abs(ma[2] - code[2]) < 1 and max(size for _, size in sizes) >= 84


@pytest.mark.parametrize(("fixture", "folder", "source", "language"), PACKS)
def test_no_sign_text_leaves_the_sheet_or_runs_over_another(
    request: pytest.FixtureRequest, fixture: str, folder: str, source: Path, language: str
) -> None:
    pdf = pack_of(request, fixture, folder) / "signs.pdf"
    (width, height) = page_sizes(pdf)[0]
    side, unprinted = 15 * MM, 5 * MM
    for page in word_boxes(pdf):
        assert page
        for word, x0, y0, x1, y1 in page:
            # Within the side margins (a name's last letter keeps the negative
            # letter-spacing CSS gives every letter: under 1 mm of it), and on the part of
            # the sheet a printer prints: poppler's boxes span a font's whole ascent and
            # descent, Arabic's far above and below its letters.
            assert side - 3 <= x0 and x1 <= width - side + 3, word
            if language == "ar":  # by their middle: Arabic's boxes reach far beyond
                y0 = y1 = (y0 + y1) / 2
            assert y0 >= 0 and y1 <= height - unprinted, word
        if language != "ar":  # Arabic's boxes overlap the lines above and below them
            assert overlapping(page) == []


def test_a_long_title_wraps_at_its_floor_and_long_names_fit_with_a_warning(kit: Path) -> None:
    """The 300-character title is set whole at 18 pt over many lines; a name of 60
    letters without a space is set whole, smaller; both are said, naming the item."""
    pdf = kit / "signs.pdf"
    event = load_event(KIT_EVENT)
    long_title = next(item.title for item in event.programme if len(item.title) == 300)
    long_word = next(p.name for p in event.people if len(p.name) == 60 and " " not in p.name)
    long_name = next(p.name for p in event.people if len(p.name) == 60 and " " in p.name)
    texts = page_texts(pdf)
    page = next(n for n, text in enumerate(texts) if flat(long_title[:40]) in flat(text))
    assert flat(long_title) in flat(texts[page])
    sizes = [
        size for text, size in runs(pdf)[page] if flat(text) and flat(text) in flat(long_title)
    ]
    assert len(sizes) >= 6 and min(sizes) >= 17.99
    words = [w for p in word_boxes(pdf) for w in p]
    assert long_word in [w[0] for w in words], "a name is never cut or broken inside"
    assert flat(long_name) in flat(" ".join(texts))
    said = manifest_warnings(kit, "signs")
    assert any(long_title[:40] in line and "18 pt" in line for line in said), said
    assert any("Names that do not fit" in line for line in said), said


def test_cancelled_and_moved_sessions_are_marked_not_left_out(kit: Path) -> None:
    pages = sign_of(kit / "signs.pdf")
    library = [flat(text) for room, text in pages if room == flat("Library")]
    assert any(flat("CANCELLED Reading budgets aloud") in text for text in library)
    assert any(
        flat("MOVED TO SEMINAR ROOM 3 Mapping cycle lanes together") in text for text in library
    )
    seminar = [flat(text) for room, text in pages if room == flat("Seminar Room 3")]
    assert any(flat("MOVED HERE FROM LIBRARY Mapping cycle lanes") in text for text in seminar)


def test_a_day_too_full_for_one_sheet_goes_on_to_a_second_marked_continued(kit: Path) -> None:
    pages = [
        text
        for room, text in sign_of(kit / "signs.pdf")
        if room == flat("Main Hall") and "16" in text
    ]
    assert len(pages) == 2
    assert "continues on the next sheet" in pages[0] and "continued" not in pages[0]
    assert "continued" in pages[1] and "continues on the next sheet" not in pages[1]
    both = flat(" ".join(pages))
    for n in range(1, 10):
        assert flat(f"Main hall session {n}: budgets in the open") in both


def test_signs_in_a_right_to_left_language_are_mirrored(haifa: Path) -> None:
    """The room's name stands against the right margin, the times right of the titles."""
    pdf = haifa / "he" / "signs.pdf"
    width = page_sizes(pdf)[0][0]
    for page, sizes in zip(word_boxes(pdf), runs(pdf), strict=True):
        room = [word for run, size in sizes if size >= 59.9 for word in run.split()]
        room_words = [w for w in page if w[0] in {visual(word) for word in room}]
        assert max(w[3] for w in room_words) > width - 15 * MM - 3
        times = [w for w in page if re.fullmatch(r"\d{1,2}:\d{2}", w[0])]
        assert times and min(w[1] for w in times) > width / 2
    grid = word_boxes(haifa / "he" / "timetable.pdf")[0]
    first, second = (next(w for w in grid if w[0] == visual(room)) for room in ("האולם", "החדר"))
    assert first[1] > second[3]  # the first room's column at the right
    axis = [w for w in grid if re.fullmatch(r"\d{1,2}:\d{2}", w[0])]
    assert min(w[1] for w in axis) > first[3]  # and the time axis right of it


def test_no_signs_for_an_event_without_rooms(
    built_pack: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert not (built_pack / "signs.pdf").exists()
    assert (built_pack / "timetable.pdf").exists() and (built_pack / "time-cards.pdf").exists()
    with caplog.at_level(logging.INFO, logger="brochure"):
        build(SEED_SOURCE / "event.yaml", tmp_path / "out", only=("signs",))
    said = [r.getMessage() for r in caplog.records if "signs.pdf: not written" in r.getMessage()]
    assert len(said) == 1 and "names a room" in said[0]


def test_a_project_restyles_signs_with_its_own_stylesheet(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(SUMMIT.parent, project / "source")
    shipped = (Path(__file__).parent.parent / "layouts" / "signs" / "signs.css").read_text()
    (project / "layouts" / "signs").mkdir(parents=True)
    (project / "layouts" / "signs" / "signs.css").write_text(
        shipped + "\n.room { text-transform: uppercase; }\n", encoding="utf-8"
    )
    build(project / "source" / "event.yaml", project / "output", only=("signs",))
    texts = page_texts(project / "output" / "signs.pdf")
    assert texts[0].startswith("HALL A") and "ROOM B" in " ".join(texts)


def test_a_letter_pack_prints_on_letter_and_tabloid(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(SUMMIT.parent, source)
    event = source / "event.yaml"
    event.write_text(event.read_text().replace("language: en-GB", "language: en-US"))
    build(event, tmp_path / "out", only=KIT)
    assert set(page_sizes(tmp_path / "out" / "signs.pdf")) == {(612.0, 792.0)}
    assert set(page_sizes(tmp_path / "out" / "timetable.pdf")) == {(792.0, 1224.0)}
    assert set(page_sizes(tmp_path / "out" / "time-cards.pdf")) == {(792.0, 612.0)}


# The wall timetable -------------------------------------------------------------------------


def sheets_of(source: Path, language: str) -> list:  # type: ignore[type-arg]
    """The timetable's sheets as laid out for a pack (the blocks' boxes, in mm)."""
    from brochure.cards.looks import read_looks
    from brochure.outputs.timetable.render import STYLESHEET, parts, timetable_sheets
    from brochure.outputs.view import EventView

    ready = prepared(source, only=("timetable",))
    pack = next(p for p in ready.packs if p.language == language)
    looks = read_looks(
        pack.config.layouts.find(STYLESHEET).read_text(), parts(), pack.config, "test"
    )
    return timetable_sheets(EventView.of(pack.event, pack.config), pack.config, looks)


def _inside(word: Word, box: tuple[float, float, float, float], slack: float = 1.0) -> bool:
    _, x0, y0, x1, y1 = word
    left, top, right, bottom = box
    return left - slack <= x0 and x1 <= right + slack and top - slack <= y0 and y1 <= bottom + slack


def _centre_in(word: Word, box: tuple[float, float, float, float]) -> bool:
    _, x0, y0, x1, y1 = word
    left, top, right, bottom = box
    return left <= (x0 + x1) / 2 <= right and top <= (y0 + y1) / 2 <= bottom


@pytest.mark.parametrize(("fixture", "folder", "source", "language"), PACKS)
def test_the_grids_blocks_never_overlap_and_each_holds_its_title(
    request: pytest.FixtureRequest, fixture: str, folder: str, source: Path, language: str
) -> None:
    """Blocks (as laid out) never overlap; in the PDF, the words inside each block's box
    say its title, and every word in the grid's area is inside a block."""
    pdf = pack_of(request, fixture, folder) / "timetable.pdf"
    sheets = sheets_of(source, language)
    pages = word_boxes(pdf)
    assert len(pages) == len(sheets)
    rtl = language in ("he", "ar")
    for sheet, page in zip(sheets, pages, strict=True):
        boxes = []
        for block in sheet.blocks:
            x = sheet.width - block.x - block.width if rtl else block.x
            boxes.append(
                (x * MM, block.y * MM, (x + block.width) * MM, (block.y + block.height) * MM)
            )
        for (a, first), (b, second) in itertools.combinations(
            zip(sheet.blocks, boxes, strict=True), 2
        ):
            assert (
                min(first[2], second[2]) - max(first[0], second[0]) <= 0.01
                or min(first[3], second[3]) - max(first[1], second[1]) <= 0.01
            ), (a.item.slot.title, b.item.slot.title)
        for block, box in zip(sheet.blocks, boxes, strict=True):
            if not block.main:
                continue
            inside = [w[0] for w in page if _centre_in(w, box)]
            title = block.item.slot.title
            if rtl:
                assert says(title, inside), (title, inside)
            else:
                joined = " ".join(inside)
                assert flat(title) in flat(joined) or re.fullmatch(r"\d+", joined), (title, inside)
        left = min(box[0] for box in boxes)
        right = max(box[2] for box in boxes)
        top = min(box[1] for box in boxes)
        bottom = max(box[3] for box in boxes)
        for word in page:
            if _centre_in(word, (left, top, right, bottom)):
                if language == "ar":
                    # Arabic's boxes reach far above and below its letters: across, and
                    # by its middle
                    _, x0, y0, x1, y1 = word
                    assert any(
                        _inside((word[0], x0, (y0 + y1) / 2, x1, (y0 + y1) / 2), box)
                        for box in boxes
                    ), word
                else:
                    assert any(_inside(word, box) for box in boxes), word
            assert word[1] >= 0 and word[3] <= sheet.width * MM
            assert word[2] >= 0 and word[4] <= sheet.height * MM


def test_parallel_sessions_stand_side_by_side_and_breaks_run_across(summit: Path) -> None:
    sheet = sheets_of(SUMMIT, "en-GB")[0]
    at_eleven = [b for b in sheet.blocks if b.item.slot.when.startswith("11:00")]
    assert [b.item.slot.room for b in sorted(at_eleven, key=lambda b: b.x)] == [
        "Hall A",
        "Room B",
        "Room C",
    ]
    assert len({round(b.y, 3) for b in at_eleven}) == 1
    coffee = next(b for b in sheet.blocks if b.item.slot.title == "Coffee")
    widest = max(b.x + b.width for b in sheet.blocks) - min(b.x for b in sheet.blocks)
    assert coffee.width > widest * 0.97
    words = word_boxes(summit / "timetable.pdf")[0]
    heads = sorted((w[1], w[0]) for w in words if w[0] in ("A", "B", "C") and w[2] < 200)
    assert [name for _, name in heads] == ["A", "B", "C"]  # Hall A, Room B, Room C heads


def test_a_cancelled_session_keeps_its_block_marked_and_a_tiny_one_is_drawn_taller(
    kit: Path,
) -> None:
    sheet = sheets_of(KIT_EVENT, "en-GB")[0]
    words = word_boxes(kit / "timetable.pdf")[0]
    for title, said in (
        ("Reading budgets aloud", "CANCELLED 14:00–15:00 Reading budgets aloud"),
        ("Announcements for the evening", "Announcements for the evening"),
    ):
        block = next(b for b in sheet.blocks if b.item.slot.title == title)
        box = (
            block.x * MM,
            block.y * MM,
            (block.x + block.width) * MM,
            (block.y + block.height) * MM,
        )
        inside = [w[0] for w in words if _centre_in(w, box)]
        assert flat(" ".join(inside)).startswith(flat(said)), inside
    tiny = next(b for b in sheet.blocks if b.item.slot.title == "Announcements for the evening")
    assert tiny.height >= 6 - 1e-6  # five minutes, drawn 6 mm tall: the time after is free


def test_a_short_day_takes_no_more_than_66_mm_an_hour(built_pack: Path) -> None:
    sheet = sheets_of(SEED_SOURCE / "event.yaml", "en-GB")[0]
    opening = sheet.blocks[0]  # 12:30 until the day's end at 14:00
    assert opening.height <= 66 * 1.5 + 0.01 and sheet.height > 3 * opening.height
    assert "Opening" in " ".join(page_texts(built_pack / "timetable.pdf"))


def test_a_short_session_gets_its_title_only(kit: Path) -> None:
    sheets = sheets_of(KIT_EVENT, "en-GB")
    block = next(b for b in sheets[1].blocks if b.item.slot.title == "A ten-minute welcome")
    box = (block.x * MM, block.y * MM, (block.x + block.width) * MM, (block.y + block.height) * MM)
    inside = [w[0] for w in word_boxes(kit / "timetable.pdf")[1] if _centre_in(w, box)]
    assert flat(" ".join(inside)) == flat("A ten-minute welcome")


def test_an_empty_evening_is_folded_out_of_the_grid(summit: Path) -> None:
    sheet = sheets_of(SUMMIT, "en-GB")[0]
    walk = next(b for b in sheet.blocks if b.item.slot.title.startswith("Night walk"))
    talks = next(b for b in sheet.blocks if b.item.slot.title == "Lightning talks")
    per_minute = talks.height / 90
    assert walk.height == pytest.approx(150 * per_minute, rel=0.05)
    words = [w[0] for w in word_boxes(summit / "timetable.pdf")[0]]
    assert "17:00" in words and "22:00" in words and "20:00" not in words


def test_tracks_have_a_colour_a_letter_and_a_legend(kit: Path) -> None:
    from brochure.cards.looks import read_looks
    from brochure.outputs.timetable.render import KINDS, STYLESHEET, parts

    sheets = sheets_of(KIT_EVENT, "en-GB")
    pages = word_boxes(kit / "timetable.pdf")
    letters = {"Open data": "O", "Security": "S", "Mobility": "M"}
    for sheet, page in zip(sheets, pages, strict=True):
        text = " ".join(w[0] for w in page)
        tracked = [b for b in sheet.blocks if b.item.slot.track]
        assert tracked and "Tracks" in text
        for block in tracked:
            assert block.item.slot.track in text
            box = (
                block.x * MM,
                block.y * MM,
                (block.x + block.width) * MM,
                (block.y + block.height) * MM,
            )
            inside = [w[0] for w in page if _centre_in(w, box)]
            assert letters[block.item.slot.track] in inside, block.item.slot.title
    ready = prepared(KIT_EVENT, only=("timetable",))
    looks = read_looks(
        ready.config.layouts.find(STYLESHEET).read_text(), parts(), ready.config, "t"
    )
    for kind in KINDS:
        ground = looks[kind].fill[:3]
        for text in ("title", "time", "people", "tag"):
            ink = looks[f"{kind}/{text}"].text.colour[:3]
            assert colour.contrast(ground, ink) >= colour.AA_TEXT, (kind, text)
            if kind.startswith("track") and text == "title":  # light tints, ink over 10:1
                assert colour.contrast(ground, ink) >= 10, kind
        badge = looks[f"{kind}/badge"].fill[:3]
        assert colour.contrast(badge, looks[f"{kind}/letter"].text.colour[:3]) >= colour.AA_TEXT


def test_the_timetable_prints_on_a3_or_larger_by_its_section_or_flag(
    summit: Path, kit: Path, tmp_path: Path
) -> None:
    from brochure.outputs.timetable.settings import PAPERS, TimetableSettings, paper_for

    assert set(page_sizes(summit / "timetable.pdf")) == {A3}
    assert set(page_sizes(kit / "timetable.pdf")) == {(A3[1], A3[0])}  # five rooms: landscape
    source = write_event(
        tmp_path / "source",
        SUMMIT.read_text(encoding="utf-8") + "timetable:\n  paper: A1\n",
    )
    shutil.copy(SUMMIT.parent / "registrations.csv", tmp_path / "source")
    shutil.copy(SUMMIT.parent / "logo.svg", tmp_path / "source")
    shutil.copy(SUMMIT.parent / "map.png", tmp_path / "source")
    settings = TimetableSettings.of(prepared(source, only=("timetable",)).config)
    assert paper_for(settings, "en-GB", "PL") == PAPERS["a1"]
    flagged = prepared(source, only=("timetable",), timetable_paper="a2").config
    assert TimetableSettings.of(flagged).paper == "a2"
    build(SUMMIT, tmp_path / "a2", only=("timetable",), timetable_paper="a2")
    assert set(page_sizes(tmp_path / "a2" / "timetable.pdf")) == {(1190.6, 1683.8)}


def test_a_title_too_long_for_its_block_is_smaller_or_in_a_note_with_a_warning(
    tmp_path: Path,
) -> None:
    """Between two items with no time free around it, a five-minute item's title goes into
    a numbered note at the sheet's foot (never cut, never over its block); a long title
    in a small block is set under the floor: both said."""
    items = "\n".join(
        f"  - {{title: Session in room {n}, start: '9:00', end: '17:00', room: Room {n}}}"
        for n in range(2, 6)
    )
    source = write_event(
        tmp_path / "source",
        MINIMAL.replace("  country: NO\n", "  country: NO\n  language: en-GB\n")
        + "programme:\n"
        + items
        + "\n  - {title: Before, start: '9:00', end: '12:00', room: Room 1}\n"
        "  - {title: Announcements about the afternoon and the evening, start: '12:00', "
        "end: '12:03', room: Room 1}\n"
        "  - {title: After, start: '12:03', end: '17:00', room: Room 1}\n"
        "  - {title: A rather long title for a quarter of an hour in a narrow column of the "
        "grid, start: '17:00', end: '17:15', room: Room 1}\n",
    )
    out = tmp_path / "out"
    build(source, out, only=("timetable",))
    said = manifest_warnings(out, "timetable")
    assert any("Announcements about" in line and "note 1" in line for line in said), said
    assert any("A rather long title" in line and "set at" in line for line in said), said
    text = " ".join(page_texts(out / "timetable.pdf"))
    assert flat(
        "1 12:00–12:03 · Room 1 · Announcements about the afternoon and the evening"
    ) in flat(text)
    assert flat("A rather long title for a quarter of an hour") in flat(text)


# Time cards --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "folder", "said"),
    [
        ("summit", "", ["10 minutes", "5 minutes", "1 minute", "Time"]),
        ("berlin", "de", ["10 Minuten", "5 Minuten", "1 Minute", "Zeit ist um"]),
        ("haifa", "ar", ["10 دقائق", "5 دقائق", "1 دقيقة", "انتهى الوقت"]),
        ("haifa", "he", ["10 דקות", "5 דקות", "1 דקה", "הזמן נגמר"]),
    ],
)
def test_time_cards_say_their_minutes_in_the_packs_language_as_large_as_the_sheet_allows(
    request: pytest.FixtureRequest, fixture: str, folder: str, said: list[str]
) -> None:
    pdf = pack_of(request, fixture, folder) / "time-cards.pdf"
    assert set(page_sizes(pdf)) == {(A4[1], A4[0])}
    pages = word_boxes(pdf)
    assert [sorted(flat(w[0]) for w in page) for page in pages] == [
        sorted(flat(visual(word)) for word in line.split()) for line in said
    ]
    inner_width, inner_height = A4[1] - 36 * MM, A4[0] - 36 * MM
    for page in pages:
        width = max(w[3] for w in page) - min(w[1] for w in page)
        height = max(w[4] for w in page) - min(w[2] for w in page)
        assert width > 0.7 * inner_width or height > 0.7 * inner_height
        assert min(w[1] for w in page) >= 17 * MM and max(w[3] for w in page) <= A4[1] - 17 * MM


def test_time_card_colours_differ_in_lightness_and_contrast_with_their_words() -> None:
    from brochure.cards.looks import read_looks
    from brochure.outputs.time_cards.render import LEVELS, STYLESHEET

    config = prepared(SUMMIT, only=("time-cards",)).config
    parts = {f"level-{n}": f"card level-{n}" for n in range(1, LEVELS + 1)}
    parts |= {f"level-{n}/words": f"card level-{n} / words" for n in range(1, LEVELS + 1)}
    looks = read_looks(config.layouts.find(STYLESHEET).read_text(), parts, config, "t")
    grounds = [looks[f"level-{n}"].fill[:3] for n in range(1, LEVELS + 1)]
    for n, ground in enumerate(grounds, 1):
        assert colour.contrast(ground, looks[f"level-{n}/words"].text.colour[:3]) >= 7
    for one, other in itertools.combinations(grounds, 2):
        assert abs(colour.lightness(one) - colour.lightness(other)) >= 15


def test_time_cards_of_a_layout_that_look_alike_are_said(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = tmp_path / "project"
    shutil.copytree(SUMMIT.parent, project / "source")
    (project / "layouts" / "time-cards").mkdir(parents=True)
    (project / "layouts" / "time-cards" / "time-cards.css").write_text(
        ".card.level-4 { background: #2e7d32 } .card.level-3 { background: #f9a825 }\n"
        ".card.level-2 { background: #c62828 } .card.level-1 { background: #c62828 }\n"
        ".words { color: #ffffff }\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="brochure"):
        build(project / "source" / "event.yaml", project / "output", only=("time-cards",))
    said = " ".join(r.getMessage() for r in caplog.records)
    assert ".level-1 and .level-2 differ by 0 in lightness" in said
    assert ".level-3 have a contrast of" in said


def test_time_cards_say_the_minutes_the_event_file_asks_for(tmp_path: Path) -> None:
    source = write_event(
        tmp_path / "source",
        MINIMAL + "programme:\n  - title: Talks\ntime_cards:\n  minutes: [1, 3]\n",
    )
    build(source, tmp_path / "out", only=("time-cards",))
    texts = page_texts(tmp_path / "out" / "time-cards.pdf")
    assert texts == ["3 minutes", "1 minute", "Time"]


# The house -------------------------------------------------------------------------------


def test_each_kit_file_is_finished_and_previewed_as_declared(summit: Path, tmp_path: Path) -> None:
    from brochure.preflight import check_file
    from brochure.preview.pages import preview

    for name in ("signs.pdf", "timetable.pdf", "time-cards.pdf"):
        finish = REGISTRY.finish_of(name)
        assert finish is not None and finish.name == "sheets"
        found = {f.check: f for f in check_file(summit / name, finish=finish)}
        assert found["pages"].level == "ok", found["pages"]
        assert found["fonts"].level == "ok", found["fonts"]
        assert REGISTRY.preview_of(name) == "pages"
    shown = preview(
        summit, ["timetable.pdf"], tmp_path / "images", tmp_path / "office", REGISTRY.preview_of
    )
    assert shown[0].images


@pytest.mark.parametrize(("fixture", "folder", "source", "language"), PACKS)
def test_kit_pages_embed_every_font(
    request: pytest.FixtureRequest, fixture: str, folder: str, source: Path, language: str
) -> None:
    for name in ("signs.pdf", "timetable.pdf", "time-cards.pdf"):
        fonts = pdffonts(pack_of(request, fixture, folder) / name)
        assert fonts and all(font["emb"] == "yes" for font in fonts), (name, fonts)


def test_an_event_without_a_programme_writes_no_kit_and_says_so_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = write_event(tmp_path / "source", MINIMAL)
    with caplog.at_level(logging.INFO, logger="brochure"):
        build(source, tmp_path / "out", only=KIT)
    said = [r.getMessage() for r in caplog.records if "not written" in r.getMessage()]
    assert sorted(line.split(":")[0] for line in said) == [
        "signs.pdf",
        "time-cards.pdf",
        "timetable.pdf",
    ]
    assert not list((tmp_path / "out").glob("*.pdf"))
    only_breaks = write_event(
        tmp_path / "breaks", MINIMAL + "programme:\n  - {title: Lunch, kind: lunch}\n"
    )
    ready = prepared(only_breaks)
    for name in KIT:
        applies = REGISTRY[name].applies
        assert applies is not None and not applies(ready.event, ready.config), name
    with pytest.raises(InputError, match=r"time_cards\.minutes"):
        load_event(write_event(tmp_path / "zero", MINIMAL + "time_cards:\n  minutes: [0]\n"))


# The event file --------------------------------------------------------------------------


def test_a_moved_session_names_its_new_room_and_a_cancelled_one_takes_no_room(
    tmp_path: Path,
) -> None:
    base = MINIMAL + "programme:\n"
    moved_nowhere = write_event(tmp_path / "a", base + "  - {title: A, moved_from: Room 1}\n")
    with pytest.raises(InputError) as error:
        load_event(moved_nowhere)
    assert "programme[0]" in str(error.value) and "moved_from needs `room`" in str(error.value)
    same = write_event(tmp_path / "b", base + "  - {title: A, room: Room 1, moved_from: room 1}\n")
    with pytest.raises(InputError, match="both name Room 1"):
        load_event(same)
    spelled = write_event(tmp_path / "c", base + "  - {title: A, status: Canceled}\n")
    assert load_event(spelled).programme[0].is_cancelled
    clash = write_event(
        tmp_path / "d",
        base
        + "  - {title: A, start: '9:00', end: '10:00', room: R}\n"
        + "  - {title: B, start: '9:00', end: '10:00', room: R, status: cancelled}\n",
    )
    ready = prepared(clash)
    assert not [w for w in ready.warnings if "also booked" in w.message]


def test_a_short_last_word_of_a_room_is_never_alone_on_its_line(tmp_path: Path) -> None:
    """The user's sign said "Seminarraum" on one line and "1" alone under it: a room's
    name is set smaller first, its last short word held to the one before, on the signs
    and in the timetable's room heads alike."""
    text = BERLIN.read_text(encoding="utf-8")
    text = text.replace("room: EB 301", "room: Seminarraum 1").replace(
        "room: H 0104", "room: Saal B"
    )
    source = write_event(tmp_path / "source", text)
    build(source, tmp_path / "out", only=("signs", "timetable"))
    seen = 0
    for pdf in ("signs.pdf", "timetable.pdf"):
        for page in word_boxes(tmp_path / "out" / "de" / pdf):
            for index, word in enumerate(page):
                if word[0] in ("Seminarraum", "Saal") and index + 1 < len(page):
                    after = page[index + 1]
                    assert after[0] in ("1", "B") and abs(after[2] - word[2]) < 1, (
                        pdf,
                        word,
                        after,
                    )
                    seen += 1
    assert seen >= 4
