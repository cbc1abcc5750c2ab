"""The accessible editions (issue 24), each checked by tools others made.

- Large print: poppler reads every run's type size (pdftohtml) and every word's box
  (pdftotext -bbox, its height over the font's own ascent and descent); page-validation
  (an independent PDF/UA-1 validator) reads it, and the brochure, as PDF/UA; the pages
  are drawn by poppler to measure contrast.
- Web programme: headless Chromium with axe-core at WCAG 2.2 AA, at 320 CSS px and at
  400% zoom (no horizontal scrolling), its markup read by the browser.
- EPUB: epubcheck (no error, no warning) and Ace by DAISY (no violation).

Events: the seed, the summit fixture (three rooms in parallel, logo, map), a right-to-
left event of our own (tests/fixtures/rtl, Hebrew) and a pack in two languages (Montréal,
Letter paper).
"""

from __future__ import annotations

import collections
import io
import itertools
import json
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from lxml import etree
from tests.conftest import FIXTURES, SEED_SOURCE, build, pdftotext, shared, word_boxes

from brochure.colour import contrast, luminance
from brochure.outputs import REGISTRY

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
NPM = ROOT / ".npm" / "node_modules"
EDITIONS = ("large-print", "web", "epub")
EPOCH = "1481155200"  # 2016-12-08 00:00 UTC, as the seed pack's
#: The events built, and where each language's pack lands in its output folder.
EVENTS = {
    "seed": (SEED_SOURCE / "event.yaml", ("",)),
    "summit": (FIXTURES / "summit" / "event.yaml", ("",)),
    "rtl": (FIXTURES / "rtl" / "event.yaml", ("",)),
    "montreal": (FIXTURES / "montreal" / "source" / "event.yaml", ("fr-CA/", "en-CA/")),
}
PACKS = [(event, lang) for event, (_, langs) in EVENTS.items() for lang in langs]
#: What EPUB Accessibility 1.1 asks a book's package to say.
A11Y_PROPERTIES = (
    "schema:accessMode",
    "schema:accessModeSufficient",
    "schema:accessibilityFeature",
    "schema:accessibilityHazard",
    "schema:accessibilitySummary",
    "dcterms:conformsTo",
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _make(event: str) -> Any:
    def make(folder: Path) -> None:
        source = EVENTS[event][0]
        monkeypatch = pytest.MonkeyPatch()
        monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        try:
            build(source, folder / "output", only=EDITIONS, strict=True)
        finally:
            monkeypatch.undo()

    return make


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory, built_pack: Path) -> dict[str, Path]:
    """Each event's editions, built once for the run (shared by the test processes); the
    seed's are in its whole pack."""
    return {"seed": built_pack} | {
        event: shared(tmp_path_factory, f"editions-{event}", _make(event)) / "output"
        for event in EVENTS
        if event != "seed"
    }


def _pack(packs: dict[str, Path], event: str, lang: str) -> Path:
    return packs[event] / lang if lang else packs[event]


# Large print --------------------------------------------------------------------------


def _runs(pdf: Path) -> list[dict[str, Any]]:
    """Every text run as poppler reads it (pdftohtml -xml): page, text, its font's size
    (pt), family and colour, and its box (pt)."""
    zoom = 3  # poppler rounds sizes to whole units: at 3x, to a third of a point
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-zoom", str(zoom), "-stdout", "-q", str(pdf)],
        check=True,
        capture_output=True,
    ).stdout
    root = etree.fromstring(xml, etree.XMLParser(recover=True, resolve_entities=False))
    fonts: dict[str, dict[str, Any]] = {}
    runs = []
    for page in root.iter("page"):
        for spec in page.iter("fontspec"):
            fonts[spec.get("id")] = {
                "size": float(spec.get("size")) / zoom,
                "family": spec.get("family"),
                "color": spec.get("color"),
            }
        for text in page.iter("text"):
            words = "".join(text.itertext()).strip()
            if not words:
                continue
            box = [float(text.get(k)) / zoom for k in ("left", "top", "width", "height")]
            runs.append({"page": int(page.get("number")), "text": words, "box": box,
                         **fonts[text.get("font")]})  # fmt: skip
    return runs


def _font_heights(pdf: Path) -> dict[str, float]:
    """Each embedded font's ascent minus descent per point of size, as its descriptor in
    the PDF says (what poppler makes a word's box of), by the font's subset tag."""
    heights = {}
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for font in page.Resources.get("/Font", {}).values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.get("/FontDescriptor")
                if descriptor is None:
                    continue
                tag = str(descriptor.FontName)[1:].split("+")[0]
                heights[tag] = (float(descriptor.Ascent) - float(descriptor.Descent)) / 1000
    return heights


def smallest_type(pdf: Path) -> list[tuple[float, str]]:
    """The words of pdf under 16 pt, with their sizes, as poppler reads them: each run's
    size (pdftohtml), and each word's box height (pdftotext -bbox) over the ascent and
    descent of the font of the run it lies in (the PDF's own font descriptors, from
    which poppler makes the boxes)."""
    runs = _runs(pdf)
    heights = _font_heights(pdf)
    small = [(run["size"], run["text"]) for run in runs if run["size"] < 16]
    for page, x0, y0, x1, y1, text in word_boxes(pdf):
        centre = ((x0 + x1) / 2, (y0 + y1) / 2)
        run = next(
            (
                r
                for r in runs
                if r["page"] == page
                and r["box"][0] - 1 <= centre[0] <= r["box"][0] + r["box"][2] + 1
                and r["box"][1] - 1 <= centre[1] <= r["box"][1] + r["box"][3] + 1
            ),
            None,
        )
        # A word no run holds (a leader's dots) is measured by the tallest font: the
        # smallest size it could be.
        ratio = heights[run["family"].split("+")[0]] if run else max(heights.values())
        size = (y1 - y0) / ratio
        if size < 16 - 0.05:
            small.append((size, text))
    return small


@pytest.mark.parametrize(("event", "lang"), PACKS)
def test_large_print_has_no_type_under_16pt_and_its_body_is_18pt(
    packs: dict[str, Path], event: str, lang: str
) -> None:
    pdf = _pack(packs, event, lang) / "brochure-large-print.pdf"
    assert smallest_type(pdf) == []
    sizes = collections.Counter()
    for run in _runs(pdf):
        sizes[round(run["size"])] += len(run["text"])
    assert sizes.most_common(1)[0][0] >= 18, sizes


def test_the_size_reading_finds_small_type(built_pack: Path) -> None:
    """The reading above can fail: the A5 brochure's 9 pt type is found."""
    small = smallest_type(built_pack / "brochure.pdf")
    assert small and min(size for size, _ in small) < 10


@pytest.mark.parametrize(("event", "lang", "paper"), [
    ("seed", "", (595, 842)), ("summit", "", (595, 842)), ("rtl", "", (595, 842)),
    ("montreal", "fr-CA/", (612, 792)), ("montreal", "en-CA/", (612, 792)),
])  # fmt: skip
def test_large_print_is_a4_or_letter_where_the_office_paper_is(
    packs: dict[str, Path], event: str, lang: str, paper: tuple[int, int]
) -> None:
    with pikepdf.open(_pack(packs, event, lang) / "brochure-large-print.pdf") as document:
        for page in document.pages:
            box = [round(float(v)) for v in page.MediaBox]
            assert (box[2] - box[0], box[3] - box[1]) == paper


def test_large_print_is_one_column_and_parallel_sessions_are_a_list(
    packs: dict[str, Path],
) -> None:
    """The summit's three sessions at 11:00, in parallel, are one under the other in the
    order of their rooms, never side by side (poppler's layout of the page's text)."""
    pdf = packs["summit"] / "brochure-large-print.pdf"
    text = pdftotext(pdf, "-layout")
    titles = ("Open budgets in practice", "Sensors in public space", "Workshop: a data standard")
    rows = [next(i for i, line in enumerate(text.splitlines()) if t in line) for t in titles]
    assert len(set(rows)) == 3 and rows == sorted(rows)
    for line in text.splitlines():
        assert sum(t in line for t in titles) <= 1


@pytest.mark.parametrize(("event", "lang"), PACKS)
def test_large_print_and_brochure_are_pdf_ua_to_an_independent_validator(
    packs: dict[str, Path], built_pack: Path, event: str, lang: str
) -> None:
    """page-validation (Rust; veraPDF's test corpus passes it) finds nothing against
    PDF/UA-1 in the large print of every pack, and in the seed's brochure."""
    import page  # page-validation, of the test extra

    files = [_pack(packs, event, lang) / "brochure-large-print.pdf"]
    if event == "seed":
        files.append(built_pack / "brochure.pdf")
    for pdf in files:
        report = page.validate_pdf(str(pdf), profile="ua1")
        assert report.is_compliant, (pdf.name, [(f.rule_id, f.message) for f in report.failures])


def test_the_validator_refuses_an_untagged_pdf(tmp_path: Path, built_pack: Path) -> None:
    import page  # page-validation, of the test extra

    untagged = tmp_path / "untagged.pdf"
    with pikepdf.open(built_pack / "brochure-large-print.pdf") as document:
        del document.Root["/StructTreeRoot"]
        del document.Root["/MarkInfo"]
        document.save(untagged)
    assert not page.validate_pdf(str(untagged), profile="ua1").is_compliant


def test_large_print_says_what_the_brochure_says(packs: dict[str, Path], built_pack: Path) -> None:
    """The summit's every session, person, organiser and practical detail is in its large
    print; the seed's large print holds every line of the brochure's own text."""
    import yaml

    data = yaml.safe_load((FIXTURES / "summit" / "event.yaml").read_text(encoding="utf-8"))
    printed = pdftotext(packs["summit"] / "brochure-large-print.pdf").replace("’", "'")
    text = " ".join(printed.split())
    for item in data["programme"]:
        assert item["title"] in text
    for person in data["people"]:
        assert person["name"] in text
    for organiser in data["organisers"]:
        assert organiser["name"] in text
    for detail in ("Summit-Guest", "opendata2026", "+48 12 000 00 00", "hearing loop"):
        assert detail in text
    assert "ana@example.org" not in text  # e-mail addresses are never printed
    seed = " ".join(pdftotext(built_pack / "brochure-large-print.pdf").split())
    brochure = pdftotext(built_pack / "brochure.pdf", "-raw")
    for name in ("Alexandrine Pirlot de Corbion", "Karisma Foundation", "Privacy International"):
        assert name in seed and name in brochure


def test_large_print_contents_give_the_right_pages(packs: dict[str, Path]) -> None:
    pdf = packs["summit"] / "brochure-large-print.pdf"
    pages = pdftotext(pdf).split("\f")
    contents = next(page for page in pages if page.lstrip().startswith("Contents"))
    entries = re.findall(r"^(.+?)\s+(\d+)$", contents, re.MULTILINE)
    assert len(entries) == 6, contents
    for heading, number in entries:
        assert pages[int(number) - 1].lstrip().startswith(heading), (heading, number)


@pytest.mark.parametrize(("event", "lang"), PACKS)
def test_large_print_is_sans_serif_never_italic(
    packs: dict[str, Path], event: str, lang: str
) -> None:
    pdf = _pack(packs, event, lang) / "brochure-large-print.pdf"
    names = [line.split()[0] for line in subprocess.run(
        ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]]  # fmt: skip
    assert names
    for name in names:
        face = name.split("+")[-1]
        assert face.startswith(("Inter", "Noto-Sans", "NotoSans")), face
        assert "Italic" not in face and "Oblique" not in face, face


def _ink_contrasts(pdf: Path, folder: Path) -> list[tuple[float, str]]:
    """Each word's contrast on its page as poppler draws it (100 dpi): its darkest pixel
    against its lightest, WCAG's ratio."""
    from PIL import Image

    dpi = 100
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(folder / "p")], check=True)
    pages = sorted(folder.glob("p-*.png"))
    found = []
    scale = dpi / 72
    drawn: dict[int, Image.Image] = {}  # each page decoded once, not once a word
    for page, x0, y0, x1, y1, text in word_boxes(pdf):
        if page not in drawn:
            with Image.open(pages[page - 1]) as image:
                drawn = {page: image.convert("RGB")}
        box = drawn[page].crop(
            (int(x0 * scale), int(y0 * scale), int(x1 * scale) + 1, int(y1 * scale) + 1)
        )
        # each colour once (the same darkest and lightest as every pixel gives)
        colours = [colour for _count, colour in box.getcolors(box.width * box.height) or []]
        channels = [tuple(c / 255 for c in colour) for colour in colours]
        darkest = min(channels, key=luminance)
        lightest = max(channels, key=luminance)
        found.append((contrast(darkest, lightest), text))
    return found


def test_large_print_text_has_aaa_contrast(packs: dict[str, Path], tmp_path: Path) -> None:
    """Every word of the summit's large print, as drawn, 7:1 at least (WCAG 1.4.6)."""
    found = _ink_contrasts(packs["summit"] / "brochure-large-print.pdf", tmp_path)
    low = [(round(ratio, 1), text) for ratio, text in found if ratio < 7]
    assert found and low == []


def test_large_print_never_hyphenates(packs: dict[str, Path]) -> None:
    """A line ending in a hyphen ends a word the event file writes with that hyphen."""
    for event in ("seed", "summit"):
        pdf = packs[event] / "brochure-large-print.pdf"
        source = EVENTS[event][0].read_text(encoding="utf-8")
        lines = [line.strip() for line in pdftotext(pdf).splitlines()]
        for line, following in itertools.pairwise(lines):
            if line.endswith("-") and following:
                joined = line.split()[-1] + following.split()[0]
                assert joined.rstrip(".,;:") in " ".join(source.split()), joined


def test_large_print_sets_paragraphs_a_blank_line_apart(built_pack: Path) -> None:
    """The seed's two paragraphs about the workshop: the gap between them, as poppler
    places their lines, is a whole line of 18 pt at least; lines within one are close."""
    words = word_boxes(built_pack / "brochure-large-print.pdf")
    tops: dict[tuple[int, float], float] = {}
    for page, _x0, y0, _x1, y1, _text in words:
        tops[(page, round(y0, 1))] = y1
    first = next(w for w in words if w[5] == "Arguments")  # the second paragraph's first word
    above = max(
        ((page, top), bottom)
        for (page, top), bottom in tops.items()
        if page == first[0] and top < first[2] - 1
    )
    assert first[2] - above[1] >= 18
    lines = sorted(top for (page, top) in tops if page == first[0] and top < first[2] - 1)
    assert min(b - a for a, b in itertools.pairwise(lines)) < 30  # 18 pt x 1.4


def test_large_print_declares_loose_sheets_and_shows_its_pages() -> None:
    declared = REGISTRY.file("brochure-large-print.pdf")
    assert declared is not None and declared.finish == "sheets" and declared.preview == "pages"
    assert REGISTRY.preview_of("fr-CA/programme/index.html") == "site"
    assert REGISTRY.file("programme.epub") is not None


# The web programme ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (binary and driver_path):
        pytest.fail("needs Debian's chromium and chromium-driver (make test-packages)")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", f"--user-data-dir={profile}"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    try:
        yield driver
    finally:
        driver.quit()


def _axe(driver: Any, url: str) -> list[tuple[str, list[str]]]:
    """axe-core's violations of WCAG 2.2 AA on the page at url: rule and nodes."""
    script = NPM / "axe-core" / "axe.min.js"
    if not script.is_file():
        pytest.fail("axe-core is not installed: make npm-tools")
    driver.set_window_size(1280, 900)
    driver.get(url)
    driver.execute_script(script.read_text(encoding="utf-8"))
    return [
        (rule, nodes)
        for rule, nodes in driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
            ".then(r => done(r.violations.map(v => [v.id, v.nodes.map(n => n.html)])))",
            AXE_TAGS,
        )
    ]


@pytest.mark.parametrize(("event", "lang"), PACKS)
def test_the_web_programme_has_no_wcag_aa_violation(
    packs: dict[str, Path], chromium: Any, event: str, lang: str
) -> None:
    page = _pack(packs, event, lang) / "programme" / "index.html"
    assert _axe(chromium, page.as_uri()) == []


def test_axe_finds_what_is_wrong(packs: dict[str, Path], chromium: Any, tmp_path: Path) -> None:
    """The check can fail: the summit's page without its language, or with a logo
    undescribed, is refused."""
    folder = tmp_path / "programme"
    shutil.copytree(packs["summit"] / "programme", folder)
    page = folder / "index.html"
    html = page.read_text(encoding="utf-8")
    broken = re.sub(r'<html lang="[^"]+"', "<html", html).replace('alt="Civic Tech Europe"', "")
    page.write_text(broken, encoding="utf-8")
    rules = {rule for rule, _ in _axe(chromium, page.as_uri())}
    assert {"html-has-lang", "image-alt"} <= rules


def _overflow(driver: Any) -> tuple[int, int]:
    return tuple(
        driver.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
    )


@pytest.mark.parametrize(("event", "lang"), PACKS)
def test_the_web_programme_reflows_at_320px_and_400_percent(
    packs: dict[str, Path], chromium: Any, event: str, lang: str
) -> None:
    """WCAG 1.4.10: no horizontal scrolling on a 320 CSS px wide screen, nor at 400% zoom
    of a 1280 px window (the root zoomed, as a browser zooms: 320 px of layout)."""
    url = (_pack(packs, event, lang) / "programme" / "index.html").as_uri()
    chromium.set_window_size(320, 800)
    chromium.get(url)
    width = chromium.execute_script("return window.innerWidth")
    assert width <= 330  # the window really is that narrow
    scroll, client = _overflow(chromium)
    assert scroll <= client, (scroll, client)
    chromium.set_window_size(1280, 900)
    chromium.get(url)
    chromium.execute_script("document.documentElement.style.zoom = '400%'")
    scroll, client = _overflow(chromium)
    assert scroll <= client, (scroll, client)


def test_the_reflow_check_finds_a_page_too_wide(chromium: Any, tmp_path: Path) -> None:
    page = tmp_path / "wide.html"
    page.write_text('<!DOCTYPE html><html lang="en"><title>x</title><table><tr>'
                    + "<td>cell</td>" * 60 + "</tr></table></html>", encoding="utf-8")  # fmt: skip
    chromium.set_window_size(320, 800)
    chromium.get(page.as_uri())
    scroll, client = _overflow(chromium)
    assert scroll > client
    fixed = tmp_path / "fixed.html"
    fixed.write_text('<!DOCTYPE html><html lang="en"><title>x</title>'
                     '<p style="width: 400px">fixed</p></html>', encoding="utf-8")  # fmt: skip
    chromium.set_window_size(1280, 900)
    chromium.get(fixed.as_uri())
    assert _overflow(chromium)[0] <= _overflow(chromium)[1]  # 400 px fit in 1280
    chromium.execute_script("document.documentElement.style.zoom = '400%'")
    scroll, client = _overflow(chromium)
    assert scroll > client  # 1600 px do not


def _dom(page: Path) -> Any:
    """The page as an HTML parser reads it (lxml)."""
    from lxml import html

    return html.fromstring(page.read_bytes())


@pytest.mark.parametrize(("event", "lang"), PACKS)
def test_the_web_programme_is_semantic_and_self_contained(
    packs: dict[str, Path], event: str, lang: str
) -> None:
    folder = _pack(packs, event, lang) / "programme"
    root = _dom(folder / "index.html")
    levels = [int(h.tag[1]) for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    assert root.get("lang")
    assert root.get("dir") == ("rtl" if event == "rtl" else "ltr")
    # The skip link comes first and leads to the programme.
    first = next(root.iter("a"))
    assert first.get("href") == "#programme" and root.get_element_by_id("programme") is not None
    # No script; nothing from elsewhere: every picture, style sheet and file is beside it.
    assert not list(root.iter("script"))
    for element, _attribute, link, _ in root.iterlinks():
        if element.tag == "a" and link.startswith(("http://", "https://", "#")):
            continue  # a link the reader follows, never fetched by the page
        assert not re.match(r"^[a-z]+:|^/|\.\.", link), link
        assert (folder / link).is_file(), link
    # Every time is a <time> with a machine-readable datetime.
    times = list(root.iter("time"))
    assert times
    for time in times:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d([+-]\d\d:\d\d)?)?", time.get("datetime"))
    # The calendar beside it, and a print style sheet.
    assert root.xpath('//a[@href="programme.ics"]') and (folder / "programme.ics").is_file()
    assert "@media print" in (folder / "style.css").read_text(encoding="utf-8")


def test_a_table_only_where_sessions_run_in_parallel(packs: dict[str, Path]) -> None:
    """The summit has four time slots of sessions in parallel: four tables, rooms as row
    headers; the seed, one room, has none."""
    root = _dom(packs["summit"] / "programme" / "index.html")
    tables = list(root.iter("table"))
    assert len(tables) == 4  # 11:00, 13:30 and 15:30 on day one; 9:00 on day two
    for table in tables:
        assert table.xpath(".//thead//th[@scope='col']")
        rows = table.xpath(".//tbody/tr")
        assert len(rows) >= 2
        assert all(row.xpath("./th[@scope='row']") for row in rows)
    assert not list(_dom(packs["seed"] / "programme" / "index.html").iter("table"))


def test_logos_are_named_and_other_scripts_marked(packs: dict[str, Path]) -> None:
    root = _dom(packs["summit"] / "programme" / "index.html")
    logos = root.xpath("//img[contains(@class, 'logo')]")
    assert [logo.get("alt") for logo in logos] == ["Civic Tech Europe"]
    assert root.xpath("//*[@lang='zh-Hans' or @lang='zh']/text()[contains(., '王秀英')]")
    # Times with the event's offset; print's word joiners left out of names.
    assert root.xpath("//time[@datetime='2026-06-10T11:00+02:00']")
    assert "\u2060" not in (packs["summit"] / "programme" / "index.html").read_text("utf-8")
    rtl = _dom(packs["rtl"] / "programme" / "index.html")
    assert rtl.xpath("//span[@lang='ar']/text()[contains(., 'سلمى')]")


def test_fixed_words_a_catalogue_lacks_are_marked_english(tmp_path: Path) -> None:
    """Romanian has no catalogue: the page is Romanian, its fixed words English spans."""
    from tests.conftest import MINIMAL, prepared, write_event

    from brochure.engines import templating
    from brochure.outputs.web.render import TEMPLATE, page_context

    source = write_event(
        tmp_path / "source", MINIMAL.replace("country: NO", "country: RO\n  language: ro")
    )
    ready = prepared(source)
    html = templating.render(
        ready.config.layouts, ready.config.fmt, TEMPLATE, page_context(ready.event, ready.config)
    )
    assert '<html lang="ro"' in html
    assert '<h2 id="programme-title"><span lang="en-GB" dir="ltr">Programme</span></h2>' in html


def test_the_print_style_sheet_hides_the_screens_aids(
    packs: dict[str, Path], chromium: Any
) -> None:
    chromium.set_window_size(1280, 900)
    chromium.get((packs["summit"] / "programme" / "index.html").as_uri())
    style = "return getComputedStyle(document.querySelector(arguments[0])).display"
    assert chromium.execute_script(style, ".skip") != "none"
    chromium.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    shown = [chromium.execute_script(style, selector) for selector in (".skip", ".contents")]
    chromium.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert shown == ["none", "none"]


# The EPUB -------------------------------------------------------------------------------


def _epubcheck(epub: Path) -> str:
    jar = Path("/usr/share/java/epubcheck.jar")
    # A run of a few seconds: the quick compiler alone and the serial collector take
    # half the CPU time of the JVM's defaults (the checks are the same).
    java = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(jar)]
    command = java if jar.is_file() else ["epubcheck"]
    if not (jar.is_file() or shutil.which("epubcheck")):
        pytest.fail("needs Debian's epubcheck (make test-packages)")
    done = subprocess.run(
        [*command, str(epub)], capture_output=True, text=True, timeout=300, check=False
    )
    return done.stdout + done.stderr


@pytest.mark.parametrize(("event", "lang"), PACKS)
def test_the_epub_passes_epubcheck_without_a_warning(
    packs: dict[str, Path], event: str, lang: str
) -> None:
    said = _epubcheck(_pack(packs, event, lang) / "programme.epub")
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in said, said


def test_epubcheck_refuses_a_broken_epub(packs: dict[str, Path], tmp_path: Path) -> None:
    broken = tmp_path / "broken.epub"
    with (
        zipfile.ZipFile(packs["summit"] / "programme.epub") as good,
        zipfile.ZipFile(broken, "w") as bad,
    ):
        for entry in good.infolist():
            if not entry.filename.endswith("nav.xhtml"):
                bad.writestr(entry, good.read(entry))
    assert "0 errors" not in _epubcheck(broken)


def _ace(epub: Path, folder: Path) -> dict[str, Any]:
    ace = NPM / ".bin" / "ace-puppeteer"
    chromium = shutil.which("chromium")
    if not ace.exists() or not chromium:
        pytest.fail("Ace by DAISY and Chromium are needed: make npm-tools test-packages")
    environment = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium}
    subprocess.run(
        [str(ace), "--silent", "-f", "-o", str(folder / "report"), "-t", str(folder / "tmp"),
         str(epub)],
        check=True, capture_output=True, timeout=300, env=environment,
    )  # fmt: skip
    report: dict[str, Any] = json.loads((folder / "report" / "report.json").read_text("utf-8"))
    return report


@pytest.mark.parametrize("event", ["seed", "summit", "rtl"])
def test_ace_finds_no_violation_in_the_epub(
    packs: dict[str, Path], event: str, tmp_path: Path
) -> None:
    report = _ace(packs[event] / "programme.epub", tmp_path)
    violations = [
        (test["earl:test"]["dct:title"], test["earl:result"].get("dct:description"))
        for document in report["assertions"]
        for test in document.get("assertions", [])
        if test["earl:result"]["earl:outcome"] != "pass"
    ]
    assert report["earl:result"]["earl:outcome"] == "pass", violations
    assert violations == []
    metadata = report["a11y-metadata"]
    assert not metadata["empty"]
    for name in A11Y_PROPERTIES:
        assert name in metadata["present"], name


def test_ace_finds_a_picture_undescribed(packs: dict[str, Path], tmp_path: Path) -> None:
    broken = tmp_path / "broken.epub"
    with (
        zipfile.ZipFile(packs["summit"] / "programme.epub") as good,
        zipfile.ZipFile(broken, "w") as bad,
    ):
        for entry in good.infolist():
            content = good.read(entry)
            if entry.filename.endswith("programme.xhtml"):
                content = content.replace(b'alt="Civic Tech Europe"', b"")
            bad.writestr(entry, content)
    assert _ace(broken, tmp_path)["earl:result"]["earl:outcome"] == "fail"


def _package(epub: Path) -> Any:
    with zipfile.ZipFile(epub) as book:
        return etree.fromstring(book.read("EPUB/package.opf"))


def test_the_epub_says_its_language_and_accessibility(packs: dict[str, Path]) -> None:
    for event, lang, tag in (("seed", "", "en-GB"), ("montreal", "fr-CA/", "fr-CA"),
                             ("rtl", "", "he")):  # fmt: skip
        epub = _pack(packs, event, lang) / "programme.epub"
        package = _package(epub)
        ns = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
        assert package.xpath("//dc:language/text()", namespaces=ns) == [tag]
        properties = collections.defaultdict(list)
        for meta in package.xpath("//opf:meta[@property]", namespaces=ns):
            properties[meta.get("property")].append(meta.text)
        assert "textual" in properties["schema:accessModeSufficient"]
        assert properties["schema:accessibilityHazard"] == ["none"]
        assert "structuralNavigation" in properties["schema:accessibilityFeature"]
        assert properties["dcterms:conformsTo"] == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
        with zipfile.ZipFile(epub) as book:
            nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
            cover = book.read("EPUB/cover.xhtml").decode("utf-8")
            toc = "//*[local-name()='nav'][@*[local-name()='type']='toc']//*[local-name()='a']"
            assert nav.xpath(toc)
            title = package.xpath("//dc:title/text()", namespaces=ns)[0]
            assert title.strip("\u2068\u2069") in cover  # the cover is text
    summaries = {
        lang: _package(packs["montreal"] / lang / "programme.epub").xpath(
            "//*[@property='schema:accessibilitySummary']/text()"
        )[0]
        for lang in ("fr-CA", "en-CA")
    }
    assert summaries["fr-CA"] != summaries["en-CA"]  # in the pack's language
    rtl = _package(packs["rtl"] / "programme.epub")
    assert rtl.xpath("//*[local-name()='spine']/@page-progression-direction") == ["rtl"]


def test_the_epub_holds_no_personal_data_the_brochure_does_not_print(
    packs: dict[str, Path],
) -> None:
    with zipfile.ZipFile(packs["summit"] / "programme.epub") as book:
        everything = b"".join(book.read(entry) for entry in book.namelist())
    for private in (b"ana@example.org", b"lea.martin@example.org", b"registrations.csv"):
        assert private not in everything
    assert b"Jankowski" not in everything  # an attendee, on badges only


def test_the_epub_is_the_same_bytes_for_the_same_build_time(tmp_path: Path) -> None:
    """Two builds under one SOURCE_DATE_EPOCH give one file; every zip entry carries that
    time; `mimetype` is first and stored, as OCF asks."""
    made = []
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        for run in ("one", "two"):
            build(FIXTURES / "summit" / "event.yaml", tmp_path / run, only=("epub",))
            made.append((tmp_path / run / "programme.epub").read_bytes())
    finally:
        monkeypatch.undo()
    assert made[0] == made[1]
    with zipfile.ZipFile(io.BytesIO(made[0])) as book:
        entries = book.infolist()
        assert entries[0].filename == "mimetype" and entries[0].compress_type == zipfile.ZIP_STORED
        assert {entry.date_time for entry in entries} == {(2016, 12, 8, 0, 0, 0)}


# The preview ----------------------------------------------------------------------------


def test_the_preview_opens_the_web_programme_as_a_site(
    packs: dict[str, Path], tmp_path: Path
) -> None:
    """`brochure serve` shows the large print's pages and the web folder as one entry that
    opens its page, whose style sheet, pictures and calendar the preview serves too."""
    import datetime as dt
    import urllib.request

    from brochure.preview import server as preview_server
    from brochure.preview.pages import preview

    pack = packs["montreal"]
    names = sorted(p.relative_to(pack).as_posix() for p in pack.rglob("*") if p.is_file())
    shown = {file.name: file for file in preview(pack, names, tmp_path / "pages", tmp_path)}
    assert shown["fr-CA/brochure-large-print.pdf"].images
    site = shown["fr-CA/programme"]
    assert site.opens == "fr-CA/programme/index.html"
    assert "fr-CA/programme/style.css" in site.members
    assert not [name for name in shown if name.startswith("fr-CA/programme/")]
    published = preview_server.Published(
        "Montréal", tuple(shown.values()), pack, tmp_path / "pages", dt.datetime.now(), 1.0
    )
    board = preview_server.Board(preview_server.State("event.yaml", 1, published))
    page = preview_server.page(board.current())
    assert 'href="/files/fr-CA/programme/index.html" target="_blank"' in page
    with preview_server.PreviewServer(0, board) as server:
        server.serve_in_background()
        try:
            for name in ("index.html", "style.css", "programme.ics"):
                url = f"{server.url}files/fr-CA/programme/{name}"
                with urllib.request.urlopen(url, timeout=10) as answer:
                    assert answer.status == 200
                    assert answer.read() == (pack / "fr-CA" / "programme" / name).read_bytes()
        finally:
            server.shutdown()


def test_the_web_folder_is_written_and_replaced_whole(tmp_path: Path) -> None:
    """The build writes programme/ through the writer as one unit: a rebuild with nothing
    changed keeps it; one without the logo leaves no logo behind; the folder holds only
    what the last build made."""
    source = tmp_path / "source"
    shutil.copytree(FIXTURES / "summit", source)
    out = tmp_path / "output"
    build(source / "event.yaml", out, only=("web",))
    assert (out / "programme" / "logo-1.svg").is_file()
    before = (out / "programme" / "index.html").stat().st_mtime_ns
    build(source / "event.yaml", out, only=("web",))
    assert (out / "programme" / "index.html").stat().st_mtime_ns == before  # kept
    event = source / "event.yaml"
    event.write_text(event.read_text("utf-8").replace("    logo: logo.svg\n", ""), "utf-8")
    build(event, out, only=("web",))
    assert sorted(p.name for p in (out / "programme").iterdir()) == [
        "index.html",
        "map.png",
        "programme.ics",
        "style.css",
    ]
