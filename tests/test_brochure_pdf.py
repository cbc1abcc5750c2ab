"""The printed brochure, checked as a reader's software sees it."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from tests.conftest import (
    MINIMAL,
    SEED_SOURCE,
    build,
    pdffonts,
    pdftotext,
    prepared,
    word_boxes,
    write_event,
)

from brochure.outputs.brochure.render import brochure_context
from brochure.reading.load import load_event

A5_POINTS = (419.53, 595.28)


# Every test here renders real documents.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def brochure(built_pack: Path) -> Path:
    return built_pack / "brochure.pdf"


def test_text_holds_title_date_time_and_every_name_with_accents(brochure: Path) -> None:
    text = " ".join(pdftotext(brochure).split())
    assert "Smart Cities and Big Data: Boundless Opportunities?" in text
    # British English, as the seed says it is: no comma, a 24-hour clock, CLDR's dash.
    assert "Thursday 8 December 2016" in text
    assert "12:30–14:00" in text and "PM" not in text
    assert "Mexico City time, UTC-6" in text
    assert "Guadalajara, Jalisco, Mexico" in text
    event = load_event(SEED_SOURCE / "event.yaml")
    for person in event.people:
        assert person.name in text, person.name
    assert "Iván Mantilla Gaviria" in text
    assert "Fundación Karisma" in text
    for question in event.questions:
        assert question in text


def test_provisional_speakers_are_marked(brochure: Path) -> None:
    text = pdftotext(brochure)
    assert len(re.findall(r"Jamila Venturini\s+PROVISIONAL", text)) == 1
    assert not re.search(r"Amalia Toledo\s+PROVISIONAL", text)


def test_page_size_and_whole_sheets(brochure: Path) -> None:
    reader = pypdf.PdfReader(brochure)
    assert len(reader.pages) % 4 == 0
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == A5_POINTS


def test_every_font_is_embedded_with_unicode_map(brochure: Path) -> None:
    fonts = pdffonts(brochure)
    assert fonts, "no fonts at all"
    assert all(font["emb"] == "yes" and font["uni"] == "yes" for font in fonts), fonts
    names = " ".join(font["name"] for font in fonts)
    assert "EB-Garamond" in names and "Inter" in names


def test_bookmarks_name_each_section(brochure: Path) -> None:
    outline = [
        item.title for item in pypdf.PdfReader(brochure).outline if not isinstance(item, list)
    ]
    assert outline == [
        "About the workshop",
        "Questions and topics",
        "Programme",
        "People",
        "Organisers",
        "Practical details",
    ]


def test_contents_page_numbers_are_the_real_pages(brochure: Path) -> None:
    reader = pypdf.PdfReader(brochure)
    contents = pdftotext(brochure, "-f", "2", "-l", "2")
    entries = re.findall(r"^(\S.*?)\s*\.{3,}\s*(\d+)$", contents, re.MULTILINE)
    assert len(entries) == 6, contents
    for title, number in entries:
        page_text = pdftotext(brochure, "-f", number, "-l", number)
        assert title.strip() in page_text, (title, number)
        assert len(reader.pages) >= int(number)


def test_footer_page_numbers_skip_the_cover(brochure: Path) -> None:
    first = pdftotext(brochure, "-f", "1", "-l", "1").split()
    third = pdftotext(brochure, "-f", "3", "-l", "3").split()
    assert "1" not in first
    assert third[-1] == "3"


def test_metadata_names_organisations_not_people(brochure: Path) -> None:
    reader = pypdf.PdfReader(brochure)
    info = reader.metadata
    assert info is not None
    assert info.title == "Smart Cities and Big Data: Boundless Opportunities?"
    assert info.author == "Karisma Foundation, Privacy International"
    assert "Workshop 187" in (info.subject or "")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    everything = " ".join(str(value) for value in info.values())
    for person in load_event(SEED_SOURCE / "event.yaml").people:
        assert person.name not in everything
    # SOURCE_DATE_EPOCH (set by the fixture) is the creation date, not the clock
    assert str(info["/CreationDate"]).startswith("D:20161208000000")


def test_context_is_built_without_rendering() -> None:
    pack = prepared(SEED_SOURCE / "event.yaml")
    view = brochure_context(pack.event, pack.config).view
    assert [p.name for p in view.hosts] == [
        "Alexandrine Pirlot de Corbion",
        "Amalia Toledo",
    ]
    assert all(p.provisional for p in view.speakers)
    assert view.speakers[1].affiliation == "Centre for Internet and Society, India"
    (day,) = view.days
    assert day.slots[0].people == ("Alexandrine Pirlot de Corbion",)
    assert view.when == "Thursday 8 December 2016"


@pytest.mark.parametrize("length", [20, 100, 160, 300])
def test_a_title_of_any_allowed_length_keeps_the_cover_on_one_page(
    tmp_path: Path, length: int
) -> None:
    title = ("Extraordinarily Long Titles Happen " * 10)[:length].strip()
    organisers = "\n".join(f"  - name: Organiser {i} With a Long Name" for i in range(4))
    text = MINIMAL.replace("A Small Meeting", title).replace("  - name: Someone", organisers)
    source = write_event(tmp_path, text)
    build(source, tmp_path / "out", only=("brochure",))
    pdf = tmp_path / "out" / "brochure.pdf"
    cover = " ".join(pdftotext(pdf, "-f", "1", "-l", "1").split())
    assert title in cover and "Organiser 3 With a Long Name" in cover
    assert pdftotext(pdf, "-f", "2", "-l", "2").split()[0] == "Contents"


def test_a_layout_font_that_is_not_installed_is_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = write_event(tmp_path / "source", MINIMAL)
    css = tmp_path / "layouts" / "brochure" / "brochure.css"
    css.parent.mkdir(parents=True)
    css.write_text("html { font-family: 'Helvetica Neue Imaginary', sans-serif; }\n")
    with caplog.at_level("WARNING", logger="brochure"):
        build(source, tmp_path / "out", only=("brochure",))
    assert any(
        "Helvetica Neue Imaginary is not installed" in r.getMessage() for r in caplog.records
    )


# Page breaks across the programme ---------------------------------------------------

#: Filler for descriptions: plain sentences, some 12 words each.
SENTENCE = "We look at how the build is put together and what it costs each team to keep. "


def _item(title: str, start: int, length: int, room: str, sentences: int) -> str:
    """One programme entry (YAML flow mapping): start and length in minutes, its
    description so many SENTENCEs long (none if 0)."""
    begin, end = (f"{m // 60}:{m % 60:02d}" for m in (start, start + length))
    text = f", description: '{SENTENCE * sentences}'" if sentences else ""
    return f"  - {{title: {title}, start: '{begin}', end: '{end}', room: {room}{text}}}\n"


def _event(programme: list[str]) -> str:
    """A one-day US event (half-letter pages, 12-hour times) of these entries."""
    return (
        "event:\n  title: Page Breaks\n  date: 2027-09-14\n  city: Portland\n"
        "  country: US\n  language: en-US\n  timezone: America/Los_Angeles\n"
        "about: We meet.\norganisers:\n  - name: Someone\nprogramme:\n" + "".join(programme)
    )


#: Titles in these programmes: one word each, found in the PDF's words.
TITLE = re.compile(r"(Talk|Opens|Room)[0-9x]+")


def _parallel_blocks(offset: int, blocks: int = 14) -> str:
    """Blocks of four rooms in parallel, set one under the other (three end 40 minutes
    after the start, one 20, so the block's time is its start alone), each after a talk
    of one room. The talks' and the rooms' descriptions are of lengths that change from
    block to block (and with offset), so that the blocks start at many heights on their
    pages. The first room's title in block k is "Opens{k}"."""
    rooms = ["Willamette Ballroom", "Hood Room", "Columbia Room", "Rainier Room"]
    programme = []
    for k in range(blocks):
        start = 7 * 60 + k * 50
        lengths = [(k * 5 + offset * 3 + r * 2) % 9 for r in range(4)]
        programme.append(_item(f"Talk{k}", start, 10, rooms[0], (k * 7 + offset) % 5))
        programme += [
            _item(
                f"Opens{k}" if r == 0 else f"Room{k}x{r}",
                start + 10,
                20 if r == 3 else 40,
                room,
                lengths[r],
            )
            for r, room in enumerate(rooms)
        ]
    return _event(programme)


def _long_talks() -> str:
    """Talks one after another, most with a long description (a conference's abstracts,
    1,000 to 2,000 characters), some short."""
    lengths = [22, 4, 18, 25, 2, 20, 14, 24, 6, 19, 23, 16]
    return _event(
        [
            _item(f"Talk{k}", 8 * 60 + k * 30, 25, "Hood Room", sentences)
            for k, sentences in enumerate(lengths)
        ]
    )


def _overlaps(words: list[tuple[int, float, float, float, float, str]]) -> list[str]:
    """Pairs of words drawn over each other: on one page, their boxes sharing more than
    1 pt each way (lines set close may touch, words beside each other abut)."""
    found = []
    for i, (page, x0, y0, x1, y1, text) in enumerate(words):
        for page2, a0, b0, a1, b1, text2 in words[i + 1 :]:
            if page2 != page:
                break
            if min(x1, a1) - max(x0, a0) > 1 and min(y1, b1) - max(y0, b0) > 1:
                found.append(f"page {page}: {text!r} over {text2!r}")
    return found


#: The words of SENTENCE: a description's, told from the heading's (times, rooms, titles).
DESCRIPTION_WORDS = set(SENTENCE.split())


def _titles_alone(words: list[tuple[int, float, float, float, float, str]]) -> list[str]:
    """Titles (TITLE) not followed on their page by the first three lines of their
    description (or all of it, when it is shorter): a heading at the foot of a page, its
    text overleaf. A description is the SENTENCE words up to the next title."""
    found = []
    titles = [i for i, word in enumerate(words) if TITLE.fullmatch(word[5])]
    for i, end in zip(titles, [*titles[1:], len(words)], strict=True):
        page = words[i][0]
        lines = {(w[0], round(w[2])) for w in words[i + 1 : end] if w[5] in DESCRIPTION_WORDS}
        with_title = {line for line in lines if line[0] == page}
        if len(with_title) < min(3, len(lines)):
            found.append(f"{words[i][5]} on page {page}: {len(with_title)} of {len(lines)} lines")
    return found


@pytest.mark.parametrize("offset", [0, 1, 2])
def test_a_parallel_block_breaks_cleanly_wherever_the_page_ends(
    tmp_path: Path, offset: int
) -> None:
    """Blocks of rooms in parallel, each a time label and four sessions, at many heights
    on their pages: no word drawn over another (a float left behind by a page break was
    drawn again over the next page's heading, "IN PARALLEL" alone above it), and each
    block's time on the page of its first session."""
    source = write_event(tmp_path / "source", _parallel_blocks(offset))
    build(source, tmp_path / "out", only=("brochure",))
    words = word_boxes(tmp_path / "out" / "brochure.pdf")
    assert not _overlaps(words), _overlaps(words)[:5]
    labels = [page for page, *_, text in words if text == "PARALLEL"]
    firsts = [page for page, *_, text in words if re.fullmatch(r"Opens\d+", text)]
    assert labels == firsts
    assert not _titles_alone(words), _titles_alone(words)
    # The blocks stand at the foot of pages: some of them run onto the next.
    assert len({page for page, *_ in words}) > 10


def test_a_long_description_runs_on_with_its_heading_and_first_lines(tmp_path: Path) -> None:
    """Talks with long descriptions fill their pages: a description runs onto the next
    page, three lines at least on each, rather than taking its whole talk to a page of
    its own (a third of each page was empty: 12 pages of programme for this one, now 9).
    A title is never the foot of a page: its first three lines come with it."""
    source = write_event(tmp_path / "source", _long_talks())
    build(source, tmp_path / "out", only=("brochure",))
    words = word_boxes(tmp_path / "out" / "brochure.pdf")
    assert not _titles_alone(words), _titles_alone(words)
    pages = sorted({page for page, *_, text in words if TITLE.fullmatch(text)})
    assert len(pages) <= 10, pages
    # Each page of the programme but its last is filled to its last fifth (half-letter,
    # 612 pt tall; the folio, lower, left out).
    for page in pages[:-1]:
        foot = max(y1 for at, _x0, _y0, _x1, y1, _ in words if at == page and y1 < 560)
        assert foot > 0.8 * 612, (page, foot)
