"""Typesetting a print designer would sign off, in every script and at every length
(issue 11): the field cases 02, 06, 07 and 16, and the stress events in
tests/fixtures/stress/, each built once and checked from what it printed (poppler's word
boxes, pypdf's type sizes, the pages as pixels, the DOCX's XML)."""

from __future__ import annotations

import html
import itertools
import math
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pypdf
import pytest
from tests.conftest import FIXTURES, build, libreoffice_pdf, pdffonts, pdftotext, prepared

from brochure.cards.text import FLOOR_PT
from brochure.engines.layouts import LayoutPath
from brochure.i18n import Formatter
from brochure.model import Event
from brochure.outputs.badges.layout import load_layout
from brochure.outputs.badges.settings import BadgeSettings, layout_for
from brochure.reading.load import load_event
from brochure.typography import (
    LONG_PIECE,
    Quotes,
    address_breaks,
    first_strong,
    kept_whole,
    needs_stacking,
    quoted,
)

MM = 72 / 25.4
FIELD = FIXTURES / "field"
STRESS = FIXTURES / "stress"
STRESS_EVENTS = ("long-title", "short-title", "programme", "scripts", "long-organisations")

Word = tuple[str, float, float, float, float]


def pages_of_words(pdf: Path) -> list[list[Word]]:
    """Every word poppler finds, per page: text and box in points from the top left."""
    pages = []
    for page in pdftotext(pdf, "-bbox").split("<page ")[1:]:
        words = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page,
        )
        pages.append(
            [(html.unescape(w), float(a), float(b), float(c), float(d)) for a, b, c, d, w in words]
        )
    return pages


def page_texts(pdf: Path) -> list[str]:
    """Each page's text on one line (spaces folded)."""
    count = len(pypdf.PdfReader(pdf).pages)
    return [
        " ".join(pdftotext(pdf, "-f", str(n), "-l", str(n)).split()) for n in range(1, count + 1)
    ]


def type_sizes(pdf: Path, pages: slice = slice(None)) -> list[tuple[float, str]]:
    """(size in pt, text) of every piece of text drawn (on those pages), as the PDF sets
    it."""
    found: list[tuple[float, str]] = []
    for page in list(pypdf.PdfReader(pdf).pages)[pages]:

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            if text.strip():
                scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
                found.append((size * scale, text))

        page.extract_text(visitor_text=visit)
    return found


def faces_of(pdf: Path) -> list[tuple[str, str]]:
    """(font name, text) of every piece of text drawn."""
    found: list[tuple[str, str]] = []
    for page in pypdf.PdfReader(pdf).pages:

        def visit(text: str, cm: object, tm: object, font: object, size: float) -> None:
            if text.strip() and isinstance(font, dict):
                found.append((str(font.get("/BaseFont", "")), text))

        page.extract_text(visitor_text=visit)
    return found


def squashed(font: str) -> str:
    """A font name in lower-case letters alone: WeasyPrint names a face from its family
    (Noto-Sans-CJK-JP-Bold), Cairo by its PostScript name (NotoSansCJKjp-Bold)."""
    return re.sub(r"[^a-z]", "", font.lower())


def ink_near_edges(pdf: Path, margin_mm: float, folder: Path) -> list[str]:
    """Pages with any non-white pixel within margin_mm of a sheet edge (at 100 dpi)."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", str(pdf), str(folder / "p")])
    found = []
    for image_path in sorted(folder.glob("p-*.png")):
        image = Image.open(image_path).convert("L")
        width, height = image.size
        edge = math.ceil(margin_mm / 25.4 * 100)
        strips = [
            (0, 0, width, edge),
            (0, height - edge, width, height),
            (0, 0, edge, height),
            (width - edge, 0, width, height),
        ]
        if any(image.crop(box).getextrema()[0] < 250 for box in strips):
            found.append(image_path.name)
    return found


def copied(case: Path, tmp: Path) -> Path:
    shutil.copytree(case / "source", tmp / "source")
    return tmp / "source" / "event.yaml"


@pytest.fixture(scope="module")
def stress(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every stress event built once (the brochure and the badges, all its tests read), by
    name: its output folder."""
    built = {}
    for name in STRESS_EVENTS:
        folder = tmp_path_factory.mktemp(name)
        source = copied(STRESS / name, folder)
        build(source, folder / "output", only=("brochure", "badges"))
        built[name] = folder / "output"
    return built


# The rules, on their own -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quotes", "expected"),
    [
        ('"Open" data', Quotes(), "“Open” data"),
        ("the city's 'right' to know", Quotes(), "the city’s ‘right’ to know"),
        ('Er sagte "ja"', Quotes("„", "“", "‚", "‘"), "Er sagte „ja“"),
        ('"données"', Quotes("«", "»", "«", "»"), "«données»"),
        ("O'Brien in the '90s", Quotes(), "O’Brien in the ’90s"),
        ("no quotes at all", Quotes(), "no quotes at all"),
    ],
)
def test_straight_quotes_become_the_languages(text: str, quotes: Quotes, expected: str) -> None:
    assert quoted(text, quotes) == expected


FRENCH = Quotes("«", "»", "«", "»", space="\u202f")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # converted quotes hold a narrow no-break space inside (« texte »)
        ('les "bonnes pratiques" !', "les «\u202fbonnes pratiques\u202f» !"),
        ("\"a 'b' c\"", "«\u202fa «\u202fb\u202f» c\u202f»"),
        # a space the author typed is the guillemet's space, never doubled
        ('un " texte " tapé', "un «\u202ftexte\u202f» tapé"),
        ("la « ville intelligente » :", "la «\u202fville intelligente\u202f» :"),
        ("la «\u00a0ville\u00a0» ", "la «\u202fville\u202f» "),
        ("la «\u202fville\u202f»", "la «\u202fville\u202f»"),
        ("«serré»", "«\u202fserré\u202f»"),
        ("l'usage d'O'Brien", "l’usage d’O’Brien"),
    ],
)
def test_french_guillemets_hold_narrow_no_break_spaces(text: str, expected: str) -> None:
    """«bonnes pratiques» was printed without the spaces French sets inside guillemets."""
    assert quoted(text, FRENCH) == expected


def test_only_french_spaces_its_guillemets() -> None:
    from brochure.i18n import Formatter

    assert Formatter.for_language("fr").quotes.space == "\u202f"
    assert Formatter.for_language("fr-CA").quotes.space == "\u202f"
    for language in ("it", "ru", "de-CH", "en"):
        fmt = Formatter.for_language(language)
        assert fmt.quotes.space == ""
        assert quoted("«serré» « espacé »", fmt.quotes) == "«serré» « espacé »"


def test_quotes_come_from_cldr() -> None:
    from brochure.i18n import Formatter

    assert Formatter.for_language("de").quotes.start == "„"
    assert Formatter.for_language("ja").quotes.start == "「"
    assert Formatter.for_language("fr").quotes.start == "«"
    assert Formatter.for_language("ar").direction == "rtl"
    assert Formatter.for_language("he").direction == "rtl"
    assert Formatter.for_language("en").direction == "ltr"


def test_typeset_event_keeps_addresses_and_passwords_as_typed(tmp_path: Path) -> None:
    from tests.conftest import MINIMAL, write_event

    from brochure.i18n import Formatter
    from brochure.outputs.view import typeset

    source = write_event(
        tmp_path,
        MINIMAL.replace(
            "  country: NO\n",
            "  country: NO\n  website: https://example.org/it's\n"
            "  venue:\n    name: The 'Old' Hall\n    wifi: {network: Guest, password: \"a'b\"}\n",
        )
        + "people:\n  - name: Niamh O'Connor-Byrne\n    role: speaker\n",
    )
    event = typeset(load_event(source), Formatter.for_language("en"))
    info = event.event
    assert info.website == "https://example.org/it's"
    assert info.venue and info.venue.wifi and info.venue.wifi.password == "a'b"
    assert info.venue.name == "The ‘Old’ Hall"
    person = event.people[0]
    assert person.name == "Niamh O’Connor-\u2060Byrne"
    assert person.key == "niamh-o-connor-byrne"  # the id is made from the name as typed


def test_names_and_marks() -> None:
    assert kept_whole("Lefèvre-Dubois") == "Lefèvre-\u2060Dubois"
    assert needs_stacking("Adébáyọ̀") and not needs_stacking("Adébáyọ")
    assert not needs_stacking("مَرحبا") and not needs_stacking("Lefèvre")
    assert first_strong("10:00 Open") == "ltr" and first_strong("12 שלום") == "rtl"


# Field cases ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["", "variant-titles-only"])
def test_field_02_emoji_are_drawn_with_an_emoji_font(tmp_path: Path, variant: str) -> None:
    source = copied(FIELD / "field-02-emoji-in-text" / variant, tmp_path)
    build(source, tmp_path / "output", strict=True, only=("brochure", "badges"))
    # (the variant has emoji in programme titles only, which badges do not print)
    pdf = tmp_path / "output" / "brochure.pdf"
    assert any("Emoji" in font["name"] for font in pdffonts(pdf))
    assert all(font["emb"] == "yes" for font in pdffonts(pdf))
    if not variant:
        # Cards are drawn by Cairo 1.16, which would rasterise a colour glyph at 72 dpi:
        # the card engine draws Noto Color Emoji's own bitmaps (136 px) instead.
        badges = tmp_path / "output" / "badges.pdf"
        assert all(font["emb"] == "yes" for font in pdffonts(badges))
        listed = subprocess.run(
            ["pdfimages", "-list", str(badges)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert [line for line in listed if line.split()[2:4] == ["image", "136"]], listed
    text = pdftotext(tmp_path / "output" / "brochure.pdf")
    assert "🥐" in text and "🎉" in text
    # digits and punctuation stay in the text faces (an emoji font has them too)
    digits = [
        face for face, text in faces_of(tmp_path / "output" / "brochure.pdf") if "2026" in text
    ]
    assert digits and not any("Emoji" in face for face in digits), digits


def test_field_02_without_an_emoji_font_every_output_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brochure.engines import glyphs

    everything = glyphs.installed_coverage()
    # the fonts as they would be without Noto Color Emoji: nothing from U+1F000 on
    emoji_free = glyphs.Coverage(
        tuple(s for s in everything.starts if s < 0x1F000),
        tuple(
            min(e, 0x1EFFF)
            for s, e in zip(everything.starts, everything.ends, strict=True)
            if s < 0x1F000
        ),
    )
    monkeypatch.setattr(glyphs, "installed_coverage", lambda: emoji_free)
    for variant in ("", "variant-titles-only"):
        folder = tmp_path / (variant or "main")
        source = copied(FIELD / "field-02-emoji-in-text" / variant, folder)
        messages = [str(problem) for problem in prepared(source).warnings]
        assert any("programme[3].title" in m and "U+1F389" in m for m in messages), messages
        assert any("brochure" in m and "U+1F950" in m for m in messages), messages


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("field06")
    source = copied(FIELD / "field-06-arabic-event", folder)
    # Its fixed words come from brochure's Arabic catalogue.
    build(source, folder / "output", only=("brochure", "badges", "concept-note"))
    return folder / "output"


@pytest.mark.slow
def test_field_06_the_brochure_reads_right_to_left(arabic: Path) -> None:
    pdf = arabic / "brochure.pdf"
    width = float(pypdf.PdfReader(pdf).pages[0].mediabox.width)
    for page in pages_of_words(pdf)[2:4]:
        # headings and paragraphs start at the right margin
        rightmost = max(word[3] for word in page)
        assert rightmost > width - 20 * MM
    # (poppler gives Arabic words in drawing order: right to left, so reversed)
    title_word = "مفتوح"[::-1]  # (نقاش مفتوح, 11:45)
    programme = next(p for p in pages_of_words(pdf) if any(w[0] == title_word for w in p))
    title = next(w for w in programme if w[0] == title_word)
    time = next(w for w in programme if "11:45" in w[0] and abs(w[2] - title[2]) < 20)
    assert time[1] > title[3], "the time column stands at the right, the title to its left"


@pytest.mark.slow
def test_field_06_badge_lines_keep_their_order(arabic: Path) -> None:
    words = pages_of_words(arabic / "badges.pdf")[0]
    # the date, time and city line reads from the right: date, time, city
    date = next(w for w in words if "2026" in w[0])
    city = next(w for w in words if w[0] == "تونس"[::-1] and abs(w[2] - date[2]) < 4)
    start = next(w for w in words if w[0].startswith("10:00"))
    end = next(w for w in words if w[0].startswith("1:00"))
    assert date[1] > start[1] > end[1] > city[1], (date, start, end, city)


@pytest.mark.slow
def test_field_06_the_concept_note_is_right_to_left(arabic: Path, tmp_path: Path) -> None:
    from tests.conftest import libreoffice_pdf

    with zipfile.ZipFile(arabic / "concept-note.docx") as package:
        styles = package.read("word/styles.xml").decode()
        document = package.read("word/document.xml").decode()
    assert "<w:bidi/>" in styles  # every paragraph style: base direction right to left
    assert re.search(r"<w:sectPr[^>]*>.*<w:bidi/>", document, re.S)
    assert "<w:bidiVisual/>" in document  # tables' columns from the right
    run = re.search(r"<w:r>(?:(?!</w:r>).)*الافتتاح", document, re.S)
    assert run and "<w:rtl/>" in run.group()
    converted = libreoffice_pdf(arabic / "concept-note.docx", tmp_path)
    width = float(pypdf.PdfReader(converted).pages[0].mediabox.width)
    first = pages_of_words(converted)[0]
    title = [w for w in first if w[0] in ("البيانات"[::-1], "البلديات"[::-1])]
    assert title and max(w[3] for w in title) > width - 40 * MM
    # the footer reads from the right, as its words do: "الصفحة 1 من 2" (Page 1 of 2)
    height = float(pypdf.PdfReader(converted).pages[0].mediabox.height)
    foot = {w[0]: w for w in first if w[2] > height - 30 * MM}
    page, of = foot["الصفحة"[::-1]], foot["من"[::-1]]
    assert page[1] > of[1], (page, of)


@pytest.mark.slow
def test_field_07_a_slot_splits_only_in_its_description(tmp_path: Path) -> None:
    source = copied(FIELD / "field-07-slot-split-across-pages", tmp_path)
    build(source, tmp_path / "output", only=("brochure",))
    assert_heads_with_their_text(tmp_path / "output" / "brochure.pdf", load_event(source))


@pytest.mark.slow
def test_field_16_office_sheets_keep_5mm_clear(tmp_path: Path) -> None:
    source = copied(FIELD / "field-16-a4-printer-margins", tmp_path)
    build(source, tmp_path / "output", only=("badges",))
    pdf = tmp_path / "output" / "badges.pdf"
    (tmp_path / "pixels").mkdir()
    assert ink_near_edges(pdf, 5.0, tmp_path / "pixels") == []
    layout = load_layout(LayoutPath.for_project(tmp_path), "badges", "a4-8")
    assert layout.printer_margin == 5.0
    # every word 5 mm or more from every edge
    for page in pages_of_words(pdf):
        for word, x0, y0, x1, y1 in page:
            assert x0 >= 5 * MM and y0 >= 5 * MM, word
            assert x1 <= 205 * MM and y1 <= 292 * MM, word


def test_cut_marks_stand_outside_the_cards() -> None:
    from brochure.cards import sheets

    layout = load_layout(LayoutPath.for_project(FIELD), "badges", "a4-8")
    marks = sheets.cut_marks(layout)
    assert marks
    grid = (
        layout.margin_x,
        layout.margin_y,
        layout.margin_x + layout.columns * layout.card.width,
        layout.margin_y + layout.rows * layout.card.height,
    )
    for mark in marks:
        x1 = mark.x + (mark.length if mark.across else 0)
        y1 = mark.y + (0 if mark.across else mark.length)
        inside = grid[0] < x1 and mark.x < grid[2] and grid[1] < y1 and mark.y < grid[3]
        assert not inside, mark
        assert min(mark.x, mark.y) >= layout.printer_margin
        assert x1 <= layout.page.width - layout.printer_margin
        assert y1 <= layout.page.height - layout.printer_margin


def test_a_layout_whose_cards_reach_the_printer_margin_is_refused(tmp_path: Path) -> None:
    from brochure.errors import InputError

    folder = tmp_path / "layouts" / "badges"
    folder.mkdir(parents=True)
    shipped = (Path(__file__).parent.parent / "layouts" / "badges" / "a4-8.yaml").read_text()
    (folder / "full.yaml").write_text(
        shipped.replace("card: {width: 96mm, height: 68mm}", "card: {width: 105mm, height: 74mm}")
    )
    with pytest.raises(InputError, match=r"printer_margin: the cards come within 0\.0 mm"):
        load_layout(LayoutPath.for_project(tmp_path), "badges", "full")


# Stress events -------------------------------------------------------------------------


def assert_heads_with_their_text(pdf: Path, event: Event) -> None:
    """Every programme item's title, people and room on one page with the start of its
    description; a long description may run onto the next page (never further)."""
    texts = page_texts(pdf)
    programme = [n for n, text in enumerate(texts) if "Programme" in text or "PROGRAMME" in text]
    pages = texts[programme[0] :] if programme else texts
    for item in event.programme:
        if not item.description:
            continue
        # the description's first and last three words, and the title
        words = quoted(item.description, Quotes()).split()
        head, tail = " ".join(words[:3]), " ".join(words[-3:])
        title_pages = [n for n, text in enumerate(pages) if quoted(item.title, Quotes()) in text]
        starting = [n for n, text in enumerate(pages) if head in text]
        ending = [n for n, text in enumerate(pages) if tail in text]
        assert starting and ending, f"{head!r} or {tail!r} not found"
        together = set(starting) & set(title_pages)
        assert together, f"{item.title!r} split from its description"
        assert (together | {n + 1 for n in together}) & set(ending), f"{item.title!r} runs on"


#: What headings say on the stress events' pages (section names, days in upper case).
HEADINGS = re.compile(
    r"^(Contents|About the .*|Questions and topics|Programme|People|Organisers|"
    r"Practical details|SPEAKERS|ORGANISERS AND MODERATORS|ALSO TAKING PART|"
    r"QUESTIONS WE ASK|SECTORS AND TOPICS|[A-Z]+DAY, .*|"
    # a slot's time (and its "in parallel" note) left without its session
    r"[\d:–\- ]+(AM|PM|a\.m\.|p\.m\.)?( IN PARALLEL)?|IN PARALLEL)$"
)


@pytest.mark.slow
@pytest.mark.parametrize("name", STRESS_EVENTS)
def test_stress_brochure_pages(stress: dict[str, Path], name: str) -> None:
    pdf = stress[name] / "brochure.pdf"
    reader = pypdf.PdfReader(pdf)
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    event = load_event(STRESS / name / "source" / "event.yaml")
    assert len(reader.pages) % 4 == 0
    # no word outside its page (cover and back cover keep 14 mm at their foot)
    for number, page in enumerate(pages_of_words(pdf)):
        for word, x0, y0, x1, y1 in page:
            assert x0 >= 8 * MM and x1 <= width - 8 * MM, (number, word)
            assert y0 >= 8 * MM and y1 <= height - 8 * MM, (number, word)
    # the cover is one page: the next is the contents; the back cover's text stands at
    # its foot
    contents = Formatter.for_language(event.event.language).gettext("Contents")
    assert page_texts(pdf)[1].lstrip("\u202a\u202b").startswith(contents)
    back = pages_of_words(pdf)[-1]
    assert max(word[4] for word in back) > height - 30 * MM
    # no heading ends a page (the page number is the last line)
    count = len(reader.pages)
    for number in range(2, count):
        lines = [
            line.strip()
            for line in pdftotext(pdf, "-layout", "-f", str(number), "-l", str(number)).splitlines()
            if line.strip()
        ]
        body = [line for line in lines if not re.fullmatch(r"\d+", line)]
        if len(body) > 1:
            assert not HEADINGS.match(body[-1]), (number, body[-1])
    assert_heads_with_their_text(pdf, event)


@pytest.mark.slow
@pytest.mark.parametrize("name", STRESS_EVENTS)
def test_stress_badges(stress: dict[str, Path], name: str, tmp_path: Path) -> None:
    pdf = stress[name] / "badges.pdf"
    ready = prepared(STRESS / name / "source" / "event.yaml")
    settings = BadgeSettings.of(ready.config)
    layout = layout_for(settings, ready.event, ready.config.layouts)  # or the office sheet
    sizes = type_sizes(pdf)
    assert sizes
    small = [(size, text) for size, text in sizes if size < FLOOR_PT - 0.01]
    assert small == [], small
    # no word outside its card (cards tile from the margins)
    for page in pages_of_words(pdf):
        for word, x0, y0, x1, y1 in page:
            column = int((x0 / MM - layout.margin_x) // layout.card.width)
            row = int((y0 / MM - layout.margin_y) // layout.card.height)
            left = (layout.margin_x + column * layout.card.width) * MM
            top = (layout.margin_y + row * layout.card.height) * MM
            assert 0 <= column < layout.columns and 0 <= row < layout.rows, word
            assert x1 <= left + layout.card.width * MM + 0.5, word
            assert y1 <= top + layout.card.height * MM + 0.5, word
    if layout.printer_margin:
        (tmp_path / "pixels").mkdir()
        assert ink_near_edges(pdf, layout.printer_margin, tmp_path / "pixels") == []


@pytest.mark.slow
def test_stress_long_organisations_warn_naming_the_person(tmp_path: Path) -> None:
    import logging

    source = copied(STRESS / "long-organisations", tmp_path)
    from brochure.outputs.badges import render as badges

    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Keep()
    logging.getLogger("brochure.outputs.badges").addHandler(handler)
    try:
        ready = prepared(source)
        badges.badge_context(ready.event, ready.config)
    finally:
        logging.getLogger("brochure.outputs.badges").removeHandler(handler)
    assert any("Mx Short" in m and "organisation" in m and "6 pt" in m for m in records)
    assert any("María José Fernández" in m for m in records)
    assert not any("Hubert" in m for m in records)


@pytest.mark.slow
def test_stress_given_names_one_size_whatever_the_script(stress: dict[str, Path]) -> None:
    # the fronts only (every other page): a back sets the name smaller, on one line
    fronts = type_sizes(stress["scripts"] / "badges.pdf", pages=slice(None, None, 2))
    sizes = {text.strip(): size for size, text in fronts}
    given = [
        sizes[name] for name in ("Jean-Pierre", "Владимир", "山田太郎", "王秀英") if name in sizes
    ]
    assert len(given) == 4, sizes
    assert max(given) - min(given) < 0.01


@pytest.mark.slow
def test_stress_badge_backs_name_the_person_and_the_days(stress: dict[str, Path]) -> None:
    pdf = stress["programme"] / "badges.pdf"
    front, back = page_texts(pdf)[0], page_texts(pdf)[1]
    assert "Tue 9 Jun" in back or "Tue, Jun 9" in back
    first = load_event(STRESS / "programme" / "source" / "event.yaml").people
    named = [person.name for person in first if person.name in back]
    assert named and all(person_given in front for person_given in [named[0].split()[0]])


@pytest.mark.slow
def test_stress_names_are_never_broken(stress: dict[str, Path]) -> None:
    for name in ("programme", "scripts"):
        text = pdftotext(stress[name] / "brochure.pdf")
        assert "Lefèvre-\n" not in text and "Lefè-\n" not in text and "Matsu-\n" not in text


@pytest.mark.slow
def test_stress_stacked_marks_are_set_in_noto(stress: dict[str, Path]) -> None:
    # Adébáyọ̀: an o with a dot below and a grave, which EB Garamond and Inter's capitals
    # set beside the letter; Noto places it (looked at), on the page and on the badge
    for pdf in (stress["scripts"] / "brochure.pdf", stress["scripts"] / "badges.pdf"):
        faces = {face for face, text in faces_of(pdf) if "Adébáy" in text}
        assert faces and all("Noto" in face for face in faces), (pdf.name, faces)


@pytest.mark.slow
def test_stress_running_text_in_another_direction_reads_in_its_own(
    stress: dict[str, Path],
) -> None:
    # An English description in a Hebrew brochure starts at the left, like English.
    pdf = stress["scripts"] / "brochure.pdf"
    page = next(p for p in pages_of_words(pdf) if any(w[0] == "panel" for w in p))
    first = next(w for w in page if w[0] == "A" and any(v[0] == "panel" for v in page))
    width = float(pypdf.PdfReader(pdf).pages[0].mediabox.width)
    assert first[1] < width / 3


@pytest.mark.slow
def test_stress_cjk_faces_by_language_alike_in_every_output(stress: dict[str, Path]) -> None:
    # 王秀英 (Chinese by its script), 山田太郎 (name_language: ja), 陳美玲 (zh-TW): on
    # the badges and in the brochure's People (lists of names inside a line of the
    # programme take the page's language)
    expected = {"王秀英": "CJK-SC", "山田太郎": "CJK-JP", "陳美玲": "CJK-TC"}
    for pdf in (stress["scripts"] / "brochure.pdf", stress["scripts"] / "badges.pdf"):
        faces = faces_of(pdf)
        for name, face in expected.items():
            used = {f for f, text in faces if name in text and "sanscjk" in squashed(f)}
            used = {f for f in used if "Bold" in f}
            assert used and all(squashed(face) in squashed(f) for f in used), (pdf.name, used)


def test_a_name_in_han_alone_takes_its_language_from_the_persons_country() -> None:
    """A registration export has no field for a name's language, but has the country:
    佐藤花子 from Japan is set in Japanese forms; kana and hangul still decide by script."""
    from brochure.textrules import name_language

    assert name_language("佐藤花子", "JP", "en") == "ja"
    assert name_language("陳美玲", "TW", "en") == "zh-TW"
    assert name_language("王秀英", None, "en") == "zh"
    assert name_language("王秀英", "BR", "pt-BR") == "zh"
    assert name_language("さとう", "CN", "en") == "ja"
    assert name_language("Ana Lima", "JP", "en") == "en"


@pytest.mark.slow
def test_a_japanese_attendee_from_an_export_is_set_in_japanese_forms(tmp_path: Path) -> None:
    from tests.conftest import MINIMAL, write_event

    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "reg.csv").write_text(
        "Name,Country\n佐藤花子,JP\n王秀英,CN\n", encoding="utf-8"
    )
    source = write_event(tmp_path / "source", MINIMAL + "attendees: reg.csv\n")
    build(source, tmp_path / "out", only=("badges",))
    faces = faces_of(tmp_path / "out" / "badges.pdf")
    for name, face in {"佐藤花子": "CJK-JP", "王秀英": "CJK-SC"}.items():
        used = {f for f, text in faces if name in text and "CJK" in f}
        assert used and all(squashed(face) in squashed(f) for f in used), (name, used)


@pytest.mark.slow
def test_every_script_in_the_brochure_is_set_in_noto_not_dejavu(stress: dict[str, Path]) -> None:
    """Arabic, Hebrew, Devanagari and the rest are drawn by the Noto faces the stacks name
    (fontconfig would reach DejaVu first, whose Arabic is not a book face)."""
    for pdf in (stress["scripts"] / "brochure.pdf", stress["scripts"] / "badges.pdf"):
        fonts = " ".join(row["name"] for row in pdffonts(pdf))
        assert "DejaVu" not in fonts, (pdf.name, fonts)
        assert "Arabic" in fonts, (pdf.name, fonts)


def test_capitalised_words_are_wrapped_to_stay_whole() -> None:
    from brochure.typography import names_unhyphenated

    text = "in São Paulo, l’Université &amp; Prefeitura, Donaudampfschifffahrtsgesellschaft"
    out = names_unhyphenated(text, "pt-BR")
    assert 'São <span class="proper">Paulo</span>' in out
    assert 'l’<span class="proper">Université</span>' in out
    assert '&amp; <span class="proper">Prefeitura</span>' in out
    # a word longer than any name stays free to break at the margin
    assert "Donaudampfschifffahrtsgesellschaft" in out.replace('<span class="proper">', "")
    assert '">Donaudampf' not in out
    assert names_unhyphenated(text, "de") == text  # every German noun is capitalised


@pytest.mark.slow
def test_names_are_never_hyphenated_but_words_are(tmp_path: Path) -> None:
    """Running text is hyphenated, names in it are not (São Pau-lo was)."""
    from tests.conftest import MINIMAL, write_event

    words = " ".join(
        ["internationalisation", "Massachusetts", "responsibilities", "Constantinople"] * 60
    )
    source = write_event(tmp_path / "source", MINIMAL.replace("about: We meet.", f"about: {words}"))
    build(source, tmp_path / "out", only=("brochure",))
    lines = pdftotext(tmp_path / "out" / "brochure.pdf").splitlines()
    broken = [line.split()[-1] for line in lines if line.rstrip().endswith(("-", "\u2010"))]
    assert broken, "nothing was hyphenated: the test shows nothing"
    assert all(word[0].islower() for word in broken), broken


#: A time left on its own at a page's head: the foot of a slot split from its slot.
TIME_ALONE = re.compile(r"^[\d:–\- ]*\d(\s?(AM|PM|a\.\s?m\.|p\.\s?m\.))?$")


@pytest.mark.slow
def test_a_time_in_two_lines_stays_with_its_one_line_slot(tmp_path: Path) -> None:
    """In es-MX a range ("1:00–" over "2:30 p.m.") takes two lines of the time's column,
    one more than a lunch's title: a slot is kept whole by its taller column, so no page
    starts with the end of a time (one did, printed over the next slot's)."""
    source = copied(FIXTURES / "bogota-half-letter", tmp_path)
    build(source, tmp_path / "output", only=("brochure",))
    pdf = tmp_path / "output" / "brochure.pdf"
    for number in range(2, len(page_texts(pdf)) + 1):
        lines = [
            line.strip()
            for line in pdftotext(pdf, "-layout", "-f", str(number), "-l", str(number)).splitlines()
            if line.strip()
        ]
        assert not TIME_ALONE.match(lines[0]), (number, lines[:2])
    # The Chinese name in a slot's list of people is never broken between characters.
    text = pdftotext(pdf)
    assert "王秀英" in text and "王秀\n" not in text and "王\n" not in text
    # Days with hours of their own: the practical details still say the time zone.
    details = text[text.rindex("Información práctica") :]
    assert "ZONA HORARIA" in details and "hora de Bogotá" in details
    # Places are names: never hyphenated ("Co-lombia" in the contents' Where).
    assert not re.search(r"Co\W?\n\s*lombia", text)


def test_names_in_cjk_are_kept_whole_and_stay_so_in_the_docx() -> None:
    from brochure.typography import WORD_JOINER, held_hyphens, kept_whole

    kept = kept_whole("王秀英, 김민준, やまだ and Lefèvre-Dubois")
    assert kept == (
        f"王{WORD_JOINER}秀{WORD_JOINER}英, 김{WORD_JOINER}민{WORD_JOINER}준, "
        f"や{WORD_JOINER}ま{WORD_JOINER}だ and Lefèvre-{WORD_JOINER}Dubois"
    )
    # The editable document keeps the CJK joins, and holds the name's hyphen with a
    # non-breaking hyphen of its own between the pieces (ooxml.names_held_whole)...
    assert held_hyphens(kept, lambda name: True) == [
        f"王{WORD_JOINER}秀{WORD_JOINER}英, 김{WORD_JOINER}민{WORD_JOINER}준, "
        f"や{WORD_JOINER}ま{WORD_JOINER}だ and Lefèvre",
        "Dubois",
    ]
    # ...unless the name does not fit where it is set: then a plain hyphen, where a line
    # may break, rather than anywhere inside it
    assert held_hyphens(kept, lambda name: False) == [
        f"王{WORD_JOINER}秀{WORD_JOINER}英, 김{WORD_JOINER}민{WORD_JOINER}준, "
        f"や{WORD_JOINER}ま{WORD_JOINER}だ and Lefèvre-Dubois"
    ]


@pytest.mark.slow
def test_a_word_longer_than_the_cover_breaks_inside_it(tmp_path: Path) -> None:
    """A title of one long German compound and a long place name: on the covers (flex
    columns, sized by their longest word) they break where they must, all of them
    printed, none past the page's edge."""
    title = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft"
    city = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
    source = tmp_path / "source"
    shutil.copytree(Path(__file__).parent.parent / "source", source)
    event = source / "event.yaml"
    text = event.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  title: .*$", f"  title: {title}", text, count=1)
    text = re.sub(r"(?m)^  city: .*$", f"  city: {city}", text, count=1)
    event.write_text(text, encoding="utf-8")
    build(event, tmp_path / "output", only=("brochure",))
    pdf = tmp_path / "output" / "brochure.pdf"
    width = float(pypdf.PdfReader(pdf).pages[0].mediabox.width)
    for number, page in enumerate(pages_of_words(pdf)):
        for word, x0, _, x1, _ in page:
            assert x0 >= 0 and x1 <= width - 8 * MM, (number, word)
    texts = page_texts(pdf)
    for number in (0, len(texts) - 1):  # the cover and the back cover
        flat = re.sub(r"\s+", "", texts[number])
        assert title in flat and city in flat, (number, texts[number])


def test_a_telephone_number_is_never_broken_across_lines() -> None:
    """Practical details' contact: a number's spaces are no-break ones and a line never
    breaks after its dash; dates, times and short numbers are left alone."""
    from brochure.typography import WORD_JOINER, phones_whole

    assert (
        phones_whole("Front desk: +254 20 000 0000")
        == "Front desk: +254\u00a020\u00a0000\u00a00000"
    )
    assert phones_whole("Julie, 514 555-0199.") == f"Julie, 514\u00a0555-{WORD_JOINER}0199."
    for text in ("14 mai 2027, 08:30", "Room 12, 3 4", "Call 911", "8–9 December 2016"):
        assert phones_whole(text) == text


def test_a_provisional_mark_is_one_phrase() -> None:
    """ "(à confirmer)" after a name in the programme never leaves "(à" at a line's end."""
    from brochure.i18n import Formatter
    from brochure.model import Event
    from brochure.outputs.view import _marked

    event = Event.model_validate(
        {
            "event": {"title": "T", "date": "2025-03-04", "city": "Oslo", "country": "NO"},
            "about": "x",
            "organisers": [{"name": "O"}],
            "people": [{"name": "Ann Lee", "id": "ann", "status": "provisional"}],
        }
    )
    (line,) = _marked(event, ("ann",), Formatter.for_language("fr"))
    assert line == "Ann Lee (à\u00a0confirmer)"


# issue 20, field-18: web addresses break only at their own punctuation ------------------

FIELD_18_ADDRESSES = (
    "https://docs.example.org/igf2016/workshop-187/smart-cities-and-big-data/shared-notes/"
    "session-materials/opening-remarks-final-version-2016-12-08.pdf",
    "https://www.youtube.com/watch?v=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_abcdefghij",
)


def allowed_breaks(address: str) -> set[int]:
    """Where a line may end inside address: next to its own punctuation, before it
    (address_breaks, as Chicago 7.42 asks) or after it (UAX #14 lets a line break
    after a slash or a hyphen); inside a piece too long for a narrow column."""
    places, at = set(), 0
    for piece in address_breaks(address):
        if len(piece) >= LONG_PIECE:  # longer than a narrow column: anywhere inside
            places |= set(range(at + 1, at + len(piece)))
        at += len(piece)
        places.add(at)
    return places | {i + 1 for i, char in enumerate(address) if char in "/.-_?&=@~,#%:"}


def lines_of(pdf: Path) -> str:
    """The PDF's words as poppler places them, a line of text for each line of words:
    no line-end hyphen taken away (pdftotext's plain text joins hyphenated words)."""
    lines: list[str] = []
    for words in pages_of_words(pdf):
        top = None
        for text, _, y0, _, _ in words:
            if top is None or abs(y0 - top) > 3:  # faces of one line differ in height
                lines.append(text)
            else:
                lines[-1] += " " + text
            top = y0
    return "\n".join(lines)


def assert_printed_as_typed(text: str, address: str) -> None:
    """address is in text whole once its line ends are taken out (so no hyphen that is
    not its own was added), broken only where allowed_breaks says."""
    joined, ends = "", []
    for line in text.split("\n"):
        joined += line
        ends.append(len(joined))
    start = joined.find(address)
    assert start >= 0, (address, text)
    inside = [end - start for end in ends if start < end < start + len(address)]
    assert inside, "the address fits one line: the test would show nothing"
    assert set(inside) <= allowed_breaks(address), [address[:i][-12:] for i in inside]


@pytest.mark.slow
def test_field_18_addresses_in_a_description_are_not_hyphenated(tmp_path: Path) -> None:
    case = copied(FIELD / "field-18-url-hyphenated", tmp_path)
    build(case, tmp_path / "out", only=("brochure",))
    text = lines_of(tmp_path / "out" / "brochure.pdf")
    for address in FIELD_18_ADDRESSES:
        assert_printed_as_typed(text, address)


@pytest.mark.slow
def test_addresses_in_narrow_columns_of_a_hyphenated_language(tmp_path: Path) -> None:
    """German hyphenates every long word; two sessions side by side leave narrow
    columns; an address with a query and an e-mail address, in a description and a bio."""
    web = (
        "https://www.bundesregierung.example.de/Webs/Breg/DE/Themen/Digitalisierung/"
        "datenschutzfolgenabschaetzung-verwaltung.html?nn=123456&view=renderNewsletterHtml"
    )
    mail = "kontakt.datenschutzbeauftragte@verwaltungsdigitalisierung.example.de"
    source = tmp_path / "source" / "event.yaml"
    source.parent.mkdir()
    source.write_text(
        "event: {title: Datenschutz in der Verwaltung, date: 2025-03-04, city: Berlin,\n"
        "  country: DE, language: de, start: '9:00', end: '12:00'}\n"
        "about: Ein Workshop.\norganisers: [{name: Beispielverein}]\n"
        f"people:\n  - {{name: Jana Roth, role: speaker, bio: 'Schreiben Sie an {mail} "
        "oder lesen Sie die Verwaltungsdigitalisierungsstrategie.'}\n"
        "programme:\n"
        f"  - {{title: Folgenabschätzung, start: '9:00', end: '10:00', room: Saal A,\n"
        f"     people: [jana-roth], description: 'Unterlagen: {web} (Stand März).'}}\n"
        "  - {title: Beschaffung, start: '9:00', end: '10:00', room: Saal B}\n",
        encoding="utf-8",
    )
    build(source, tmp_path / "out", only=("brochure",))
    text = lines_of(tmp_path / "out" / "brochure.pdf")
    assert_printed_as_typed(text, web)
    assert mail.replace("\n", "") in text.replace("\n", "")


@pytest.mark.slow
def test_the_concept_note_never_hyphenates_an_address(tmp_path: Path) -> None:
    """Even where a reference document turns hyphenation on, LibreOffice (and Word)
    break an address at its own punctuation, adding no hyphen."""
    web = FIELD_18_ADDRESSES[0]
    source = tmp_path / "source" / "event.yaml"
    source.parent.mkdir()
    source.write_text(
        "event: {title: Smart Cities, date: 2025-03-04, city: Oslo, country: NO}\n"
        f"about: 'The materials of the representativeness workshop are at {web} and "
        "the organisers answer at organisation.secretariat@example.org.'\n"
        "organisers: [{name: Someone}]\n",
        encoding="utf-8",
    )
    build(source, tmp_path / "out", only=("concept-note",))
    note = tmp_path / "out" / "concept-note.docx"
    with zipfile.ZipFile(note) as package:
        document = package.read("word/document.xml").decode()
        settings = package.read("word/settings.xml").decode()
        parts = {name: package.read(name) for name in package.namelist()}
    (paragraph,) = [p for p in re.findall(r"<w:p[ >].*?</w:p>", document) if "docs.example" in p]
    assert "<w:suppressAutoHyphens/>" in paragraph and "<w:noProof/>" in paragraph
    # as a partner's reference document would: hyphenation on for the whole document
    parts["word/settings.xml"] = settings.replace(
        "<w:zoom", '<w:autoHyphenation w:val="true"/><w:zoom', 1
    ).encode()
    hyphenated = tmp_path / "hyphenated.docx"
    with zipfile.ZipFile(hyphenated, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    text = lines_of(libreoffice_pdf(hyphenated, tmp_path))
    assert_printed_as_typed(text, web)


# issue 20: the concept note is a current Word document ----------------------------------
def docx_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def assert_current_word(parts: dict[str, bytes]) -> None:
    """What Word 2013 and later read as one of theirs, not in Compatibility Mode."""
    settings = parts["word/settings.xml"].decode()
    modes = re.findall(r'w:name="compatibilityMode"[^>]*w:val="(\d+)"', settings)
    assert modes == ["15"]
    for name in ("differentiateMultirowTableHeaders", "enableOpenTypeFeatures"):
        assert f'w:name="{name}"' in settings
    for leftover in ("<w:useFELayout", "<w:rsids", "<w:proofState", "<w:savePreviewPicture"):
        assert leftover not in settings
    assert "word/stylesWithEffects.xml" not in parts and "customXml/item1.xml" not in parts
    assert b"stylesWithEffects" not in parts["[Content_Types].xml"]
    assert b"stylesWithEffects" not in parts["word/_rels/document.xml.rels"]
    assert b"<AppVersion>" not in parts["docProps/app.xml"]


@pytest.mark.slow
def test_the_concept_note_is_a_current_word_document(tmp_path: Path) -> None:
    build(
        FIXTURES.parent.parent / "source" / "event.yaml", tmp_path / "out", only=("concept-note",)
    )
    note = tmp_path / "out" / "concept-note.docx"
    assert_current_word(docx_parts(note))
    # LibreOffice opens and converts it, whole
    text = pdftotext(libreoffice_pdf(note, tmp_path))
    assert "Smart Cities and Big Data" in text and "Page 2 of 2" in text


@pytest.mark.slow
def test_a_word_2010_reference_document_makes_a_current_concept_note(tmp_path: Path) -> None:
    """A partner's reference.docx saved by Word 2010 (mode 14, stylesWithEffects,
    useFELayout) gives its styles, not its age."""
    first = tmp_path / "first"
    build(FIXTURES.parent.parent / "source" / "event.yaml", first, only=("concept-note",))
    parts = docx_parts(first / "concept-note.docx")
    parts["word/settings.xml"] = (
        parts["word/settings.xml"]
        .replace(b'w:val="15"', b'w:val="14"', 1)
        .replace(b"<w:compat>", b"<w:compat><w:useFELayout/>")
    )
    project = tmp_path / "project"
    shutil.copytree(FIXTURES.parent.parent / "source", project / "source")
    reference = project / "layouts" / "concept-note" / "reference.docx"
    reference.parent.mkdir(parents=True)
    with zipfile.ZipFile(reference, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    written = docx_parts(reference)["word/settings.xml"]
    assert b'"compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="14"' in (
        written
    )
    build(project / "source" / "event.yaml", tmp_path / "out", only=("concept-note",))
    note = tmp_path / "out" / "concept-note.docx"
    assert_current_word(docx_parts(note))
    assert "Smart Cities and Big Data" in pdftotext(libreoffice_pdf(note, tmp_path))


# issue 20: room codes whole, Wi-Fi details one line each --------------------------------
@pytest.mark.slow
def test_room_codes_stay_whole_and_wifi_sits_on_two_lines_in_german(tmp_path: Path) -> None:
    fillers = ["im", "neben", "gegenüber", "oberhalb", "Erdgeschoss", "Treppenhaus", "a"]
    about = " ".join(
        f"Treffpunkt {fillers[i % len(fillers)] * (1 + i % 3)} Raum "
        f"{'H 0104' if i % 2 else 'EB 301'}."
        for i in range(60)
    )
    source = tmp_path / "source" / "event.yaml"
    source.parent.mkdir()
    source.write_text(
        "event:\n  title: Datenschutz in der Verwaltung\n  date: 2025-03-04\n"
        "  city: Berlin\n  country: DE\n  language: de\n  venue:\n"
        "    name: Kongresszentrum\n"
        "    wifi: {network: Kongresszentrum-Gaeste-WLAN, password: Datenschutz-2026!}\n"
        "    contact: Anmeldung im Erdgeschoss, Raum H 0104\n"
        f"about: {about}\norganisers: [{{name: Beispielverein}}]\n",
        encoding="utf-8",
    )
    build(source, tmp_path / "out", only=("brochure",))
    lines = lines_of(tmp_path / "out" / "brochure.pdf").split("\n")
    codes = 0
    for line, following in itertools.pairwise(lines):
        codes += line.count("0104") + line.count("301")
        ends, starts = line.split()[-1], following.split()[0]
        assert not (ends in ("H", "EB") and starts.rstrip(".,").isdigit()), (line, following)
    assert codes >= 60
    # In the practical details (the last Wi-Fi; the contents page has one line for it):
    # network and password, each with its label, on one line each, no more lines
    at = max(i for i, line in enumerate(lines) if line.startswith("WLAN"))
    assert lines[at] == "WLAN Netzwerk Kongresszentrum-Gaeste-WLAN"
    assert lines[at + 1] == "Passwort Datenschutz-2026!"


def test_a_run_of_text_too_long_for_a_dictionary_is_never_hyphenated() -> None:
    """The hostile round: a pasted token of 10,000 characters took WeasyPrint 4 minutes
    to lay out under the brochure's `hyphens: auto` (its hyphenation grows with the cube
    of the word's length). A run of LONGEST_HYPHENATED characters or more without a break
    opportunity is set `hyphens: manual`, in the text of the body only: never in an
    attribute, a style sheet or a script, never a shorter word."""
    from brochure.typography import LONGEST_HYPHENATED, long_words_unhyphenated

    token = "Tok3n" * (LONGEST_HYPHENATED // 5)
    word = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"  # 63
    page = (
        f'<html><head><title>{token}</title></head><body><a href="https://x.org/{token}">'
        f"{word} {token}, and {token}\u200bmore</a><style>p{{background:url(data:{token})}}"
        f"</style><script>{token}</script><p>{word}</p></body></html>"
    )
    laid = long_words_unhyphenated(page)
    unhyphenated = f'<span style="hyphens: manual">{token}</span>'
    assert laid.count(unhyphenated) == 1, laid  # "token," is one run; the next is too short
    assert f">{word} {unhyphenated}, and {token}\u200bmore<" not in laid
    assert laid.count(token) == page.count(token)
    assert f'href="https://x.org/{token}"' in laid and f"<title>{token}</title>" in laid
    assert f"url(data:{token})" in laid and f"<script>{token}</script>" in laid
    assert f"<p>{word}</p>" in laid
    short = page.replace(token, word)
    assert long_words_unhyphenated(short) == short


@pytest.mark.slow
def test_a_long_token_in_the_brochure_breaks_at_the_margin_and_copies_out_whole(
    tmp_path: Path,
) -> None:
    """A 1,200-character token in `about:` (as much as its page holds) is laid out in
    its column, broken where the margin falls (no hyphen added), and copies out whole."""
    from tests.conftest import MINIMAL, write_event

    token = ("CitiesAndResidentsBuildTheirToolsTogether" * 30)[:1200]
    source = write_event(
        tmp_path / "source", MINIMAL.replace("about: We meet.\n", f"about: We meet. {token}\n", 1)
    )
    build(source, tmp_path / "out", only=("brochure",))
    text = pdftotext(tmp_path / "out" / "brochure.pdf")
    assert "".join(text.split()).count(token) == 1
    assert "‐" not in text and "-\n" not in text
