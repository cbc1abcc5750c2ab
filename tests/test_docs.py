"""The README and the documentation (docs/, mkdocs.yml): what they show is what brochure does.

- The README is a landing page under 8 KB: the two commands first, its pictures and
  every link resolving on a fresh clone, every file of the pack in its table.
- Every promise the README held before the documentation has a home (a page and heading).
- Every YAML example (README and docs) is a whole event `brochure check --strict` accepts,
  or a fragment the event file's schema accepts; every `brochure` command shown parses.
- `mkdocs build --strict` builds the site with no warning (a broken link, a missing page,
  anchor or picture fails it), its reference pages say everything the code declares, it
  fetches nothing from the network, and headless Chromium finds its navigation and search
  working. The README's committed strip is what the current layouts print.
"""

from __future__ import annotations

import copy
import functools
import http.server
import os
import re
import shlex
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from tests.conftest import ROOT, SEED_SOURCE
from tests.test_schema import as_an_editor_reads

from brochure.cli import main, parser
from brochure.outputs import REGISTRY
from brochure.schema import event_schema

README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))

sys.path.insert(0, str(DOCS))
from docsgen import pictures  # noqa: E402

#: Every section of the README before the documentation (its `##` and `###` headings, as
#: of issue 27), and the page and heading that hold its promises now.
HOMES = {
    "# brochure": ("getting-started.md", "# Getting started"),
    "### Bilingual editions": ("guides/languages.md", "## Bilingual editions"),
    "## Running brochure yourself": ("getting-started.md", "## Running brochure yourself"),
    "## Starting your own event by hand": (
        "getting-started.md",
        "## Starting your own event by hand",
    ),
    "## Start, preview, build": ("getting-started.md", "## Start, preview, build"),
    "## Editors that check while you type": (
        "guides/event-file.md",
        "## Editors that check while you type",
    ),
    "## Importing from another system": (
        "guides/importing.md",
        "# Importing from other systems",
    ),
    "## The command": ("reference/commands.md", "## How the commands behave"),
    "## The event file": ("guides/event-file.md", "## The event file"),
    "### The programme": ("guides/event-file.md", "## The programme"),
    "### Registration exports": ("guides/registrations.md", "# Registration exports"),
    "### Warnings": ("guides/event-file.md", "## Warnings"),
    "## Layouts": ("guides/layouts.md", "# Layouts of your own"),
    "## Typesetting": ("guides/typesetting.md", "# Typesetting"),
    "## Languages": ("guides/languages.md", "# Languages and bilingual editions"),
    "### A pack per language": ("guides/languages.md", "## A pack per language"),
    "### Catalogues": ("guides/languages.md", "## Catalogues"),
    "## The concept note": ("guides/concept-note.md", "# The concept note"),
    "## Badges": ("guides/badges.md", "# Badges and printers"),
    "## Badges at the door": ("guides/door.md", "# Badges at the door"),
    "## Certificates": ("guides/certificates.md", "# Certificates"),
    "## The event-day kit": ("guides/event-day-kit.md", "# The event-day kit"),
    "### Door signs": ("guides/event-day-kit.md", "## Door signs"),
    "### The wall timetable": ("guides/event-day-kit.md", "## The wall timetable"),
    "### Time cards": ("guides/event-day-kit.md", "## Time cards"),
    "### Table tents": ("guides/event-day-kit.md", "## Table tents"),
    "### Chairs' run sheets": ("guides/event-day-kit.md", "## Chairs' run sheets"),
    "## Printing": ("guides/printing.md", "# Printing and print shops"),
    "## The calendar": ("guides/calendar.md", "# The calendar"),
    "## Accessible editions": ("guides/accessible-editions.md", "# Accessible editions"),
    "### Large print": ("guides/accessible-editions.md", "## Large print"),
    "### The web programme": ("guides/accessible-editions.md", "## The web programme"),
    "### The EPUB": ("guides/accessible-editions.md", "## The EPUB"),
    "### An independent PDF/UA check": (
        "guides/accessible-editions.md",
        "## An independent PDF/UA check",
    ),
    "## Security: what brochure promises about untrusted input": (
        "security.md",
        "# Security: what brochure promises about untrusted input",
    ),
    "## Development": ("development.md", "# Contributing"),
    "## Performance": ("performance.md", "# Performance"),
}


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# The README ----------------------------------------------------------------------------
def test_the_readme_is_a_landing_page_under_8_kb() -> None:
    readme = README.read_bytes()
    assert len(readme) < 8 * 1024, len(readme)
    blocks = re.findall(r"```(\w*)\n(.*?)```", readme.decode(), re.S)
    language, first = blocks[0]
    commands = [line.split("#")[0].strip() for line in first.splitlines()]
    assert (language, commands) == ("sh", ["make pack", "make test"])
    assert readme.decode().index("```sh") < readme.decode().index("![")


def test_the_readme_lists_every_file_of_the_pack() -> None:
    rows = [line for line in text_of(README).splitlines() if line.startswith("| `")]
    listed = " ".join(row.split("|")[1] for row in rows)
    for output in REGISTRY:
        for part in output.files_of:
            if part.folder and output.name == "certificates":
                continue  # certificates/ with --split: one file per person, said in its guide
            name = f"`{part.name}/`" if part.folder else f"`{part.name}`"
            assert name in listed, f"{output.name}: {name} is not in the README's table"


def links(markdown: str) -> list[str]:
    """The targets of the Markdown links and images of a text (outside code)."""
    from markdown_it import MarkdownIt

    found: list[str] = []

    def walk(tokens: list[Any]) -> None:
        for token in tokens:
            if token.type == "link_open":
                found.append(str(token.attrs["href"]))
            elif token.type == "image":
                found.append(str(token.attrs["src"]))
            if token.children:
                walk(token.children)

    walk(MarkdownIt("commonmark").enable("table").parse(markdown))
    return found


def headings(markdown: str) -> set[str]:
    """The anchors MkDocs gives a page's headings (Python-Markdown's toc slugify)."""
    from markdown.extensions.toc import slugify

    inside, found = False, set()
    for line in markdown.splitlines():
        if line.startswith("```"):
            inside = not inside
        elif not inside and (match := re.match(r"#{1,6} (.+)", line)):
            found.add(slugify(match.group(1).replace("`", ""), "-"))
    return found


def test_every_link_of_the_readme_resolves_in_the_clone() -> None:
    targets = links(text_of(README))
    assert any(target.startswith("docs/images/") for target in targets)
    for target in targets:
        assert not re.match(r"[a-z]+:", target), f"{target}: the README links inside the clone"
        path, _, anchor = target.partition("#")
        file = ROOT / path
        assert file.is_file(), f"{target}: no such file"
        if anchor:
            assert anchor in headings(text_of(file)), f"{target}: no such heading"


def test_every_section_of_the_old_readme_has_a_home() -> None:
    for old, (page, heading) in HOMES.items():
        lines = text_of(DOCS / page).splitlines()
        assert heading in lines, f"{old}: {page} has no heading {heading!r}"


def test_the_readme_strip_is_drawn_by_the_pictures_script() -> None:
    committed = sorted(path.stem for path in pictures.README_IMAGES.glob("*.webp"))
    assert committed == sorted(pictures.STRIP)
    used = [target for target in links(text_of(README)) if target.startswith("docs/images/")]
    assert sorted(Path(target).stem for target in used) == sorted(pictures.STRIP)
    assert sum(path.stat().st_size for path in pictures.README_IMAGES.glob("*")) < 64 * 1024


# Pictures ------------------------------------------------------------------------------
def test_every_guide_shows_what_it_makes() -> None:
    """Each guide shows a page a real build drew, or words it printed or wrote."""
    for guide in sorted((DOCS / "guides").glob("*.md")):
        text = text_of(guide)
        assert "images/pack/" in text or "<!-- pack-text:" in text, guide.name


def test_every_picture_drawn_is_shown() -> None:
    shown = " ".join(text_of(page) for page in [README, *PAGES])
    for picture in pictures.PICTURES:
        if picture.name not in pictures.STRIP:
            assert f"images/pack/{picture.name}.webp" in shown, picture.name


def test_no_page_says_a_section_twice() -> None:
    """A heading once per page, whatever its level (a page pasted twice, in part, once
    held `### Bilingual editions` cut mid-sentence and `## Bilingual editions` whole)."""
    for path in [README, *PAGES]:
        text = re.sub(r"```.*?```", "", text_of(path), flags=re.S)
        headings = [line.lstrip("#").strip() for line in re.findall(r"^#{1,6} .*$", text, re.M)]
        twice = sorted({heading for heading in headings if headings.count(heading) > 1})
        assert twice == [], (path.relative_to(ROOT).as_posix(), twice)


# Examples ------------------------------------------------------------------------------
def fenced(language: str) -> Iterator[tuple[str, int, str, str]]:
    """(file, line, text, the comment line before it) of every block in a language, in the
    README and the pages."""
    for path in [README, *PAGES]:
        lines = text_of(path).splitlines()
        start, before = None, ""
        for number, line in enumerate(lines):
            opening = re.fullmatch(rf"\s*(`{{3,}}){language}\b.*", line)
            if start is None and opening:
                start, fence = number, opening.group(1)
                previous = [text for text in lines[:number] if text.strip()]
                before = previous[-1].strip() if previous else ""
            elif start is not None and line.strip() == fence:
                name = path.relative_to(ROOT).as_posix()
                block = textwrap.dedent("\n".join(lines[start + 1 : number]))
                yield name, start + 1, block + "\n", before
                start = None


YAML_BLOCKS = list(fenced("yaml"))


@pytest.fixture(scope="module")
def fragments() -> jsonschema.protocols.Validator:
    """The event file's schema with nothing required: what a fragment of a file may hold."""

    def loosen(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: loosen(value) for key, value in node.items() if key != "required"}
        if isinstance(node, list):
            return [loosen(value) for value in node]
        return node

    return jsonschema.Draft202012Validator(loosen(copy.deepcopy(event_schema())))


@pytest.mark.parametrize(
    ("where", "text", "before"),
    [(f"{name}:{line}", text, before) for name, line, text, before in YAML_BLOCKS],
    ids=[f"{name}:{line}" for name, line, _, _ in YAML_BLOCKS],
)
def test_every_yaml_example_is_an_event_or_a_fragment_of_one(
    where: str, text: str, before: str, fragments: jsonschema.protocols.Validator, tmp_path: Path
) -> None:
    """Each example read as brochure reads an event file (PyYAML, YAML 1.1: its syntax
    errors and duplicate keys), and as editors read it (YAML 1.2, against the schema). Read
    only as editors do, `{en: Who publishes the data?}` passed: a plain `?` before `}` is
    text in YAML 1.2 and an error to brochure."""
    from brochure.errors import InputError
    from brochure.reading.yamlsource import parse

    try:
        problems = [str(p) for p in parse(text, where).problems]
    except InputError as error:
        problems = [str(p) for p in error.problems]
    assert problems == [], where
    data = as_an_editor_reads(text)
    if data is None:
        assert text.lstrip().startswith("# yaml-language-server:"), where
        return  # the editors' first line, a comment alone
    required = set(event_schema()["required"])
    if required <= set(data) and not before.startswith("<!-- fragment"):
        event = tmp_path / "source" / "event.yaml"
        event.parent.mkdir()
        event.write_text(text, encoding="utf-8")
        assert main(["-q", "check", str(event), "--strict"]) == 0, where
    else:
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in fragments.iter_errors(data)]
        assert errors == [], where


def test_the_examples_badge_layout_is_one_brochure_takes() -> None:
    layouts = DOCS / "examples" / "layouts"
    for layout in sorted((layouts / "badges").glob("*.yaml")):
        arguments = ["-q", "check", str(SEED_SOURCE / "event.yaml"), "--only", "badges"]
        assert main([*arguments, "--layouts", str(layouts), "--badge-layout", layout.stem]) == 0


def commands_shown() -> list[tuple[str, list[str]]]:
    """Every `brochure ...` command in the README's and the pages' shell blocks."""
    found = []
    for name, line, text, _ in [*fenced("sh"), *fenced("bash")]:
        for command in text.replace("\\\n", " ").splitlines():
            words = shlex.split(command.split(" #")[0].split(">")[0], comments=True)
            if words and words[0] in ("brochure", ".venv/bin/brochure"):
                found.append((f"{name}:{line}", words[1:]))
    return found


@pytest.mark.parametrize(("where", "arguments"), commands_shown())
def test_every_command_shown_is_one_brochure_takes(where: str, arguments: list[str]) -> None:
    try:
        parser().parse_args(arguments)
    except SystemExit as stop:  # --help and its like end here, with 0
        assert stop.code == 0, f"{where}: brochure {' '.join(arguments)}"


# The site ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation built as `make docs` builds it, its pictures drawn afresh."""
    folder = tmp_path_factory.mktemp("docs")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env={
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "BROCHURE_DOCS_PICTURES": str(folder / "pictures"),
        },
        check=False,
    )
    said = built.stdout + built.stderr
    assert built.returncode == 0, said
    assert "WARNING" not in said, said
    return folder / "site"


@pytest.mark.slow
def test_the_site_has_every_page_and_picture(site: Path) -> None:
    for page in PAGES:
        assert (site / page.relative_to(DOCS)).with_suffix(".html").is_file(), page
    for picture in pictures.PICTURES:
        image = site / "images" / "pack" / f"{picture.name}.webp"
        assert 1_000 < image.stat().st_size < 120_000, image


@pytest.mark.slow
def test_the_readme_strip_is_what_the_current_layouts_print(site: Path) -> None:
    """The committed strip (docs/images/) against the one this build drew: the same
    pictures, pixel for pixel within a few levels of WebP's rounding.
    `.venv/bin/python docs/docsgen/pictures.py --readme` draws it again."""
    from PIL import Image, ImageChops, ImageStat

    for name in pictures.STRIP:
        committed = Image.open(pictures.README_IMAGES / f"{name}.webp").convert("RGB")
        drawn = Image.open(site / "images" / "pack" / f"{name}.webp").convert("RGB")
        assert committed.size == drawn.size, f"{name}: run docs/docsgen/pictures.py --readme"
        difference = ImageStat.Stat(ImageChops.difference(committed, drawn)).mean
        assert max(difference) < 2.0, f"{name} differs: run docs/docsgen/pictures.py --readme"


@pytest.mark.slow
def test_the_reference_pages_say_everything_the_code_declares(site: Path) -> None:
    import html

    def page(name: str) -> str:
        words = html.unescape(re.sub(r"<[^>]+>", "", text_of(site / "reference" / name)))
        return " ".join(words.split())

    def said(text: str) -> str:
        """Markdown's words as a page prints them: no backticks, spaces collapsed."""
        return " ".join(text.replace("`", "").split())

    commands = page("commands.html")
    top = parser()
    for action in top._subparsers._group_actions[0].choices.values():  # type: ignore[union-attr]
        for option in action._actions:
            for string in option.option_strings:
                if string not in ("-h", "--help", "--quiet", "--verbose"):  # said once, on top
                    assert string in commands, f"{action.prog}: {string}"
    outputs = page("outputs.html")
    for output in REGISTRY:
        assert output.name in outputs and said(output.summary) in outputs
        assert all(flag.option in outputs for flag in output.flags)
    event_file = page("event-file.html")
    schema = event_schema()
    for definition in [schema, *schema["$defs"].values()]:
        for key, value in definition.get("properties", {}).items():
            assert key in event_file
            assert said(value.get("description", "")) in event_file, key
    layouts = page("layouts.html")
    from brochure.outputs.reference import templates

    assert all(template in layouts for _, template, _ in templates())
    for css in (ROOT / "layouts").rglob("*.css"):
        rules = re.sub(r"/\*.*?\*/", "", text_of(css), flags=re.S)
        for cls in set(re.findall(r"\.([a-z][\w-]*)\s*[,{:.\s>+\[]", rules)):
            assert f".{cls}" in layouts, f"{css.name}: .{cls}"


@pytest.mark.slow
def test_the_site_fetches_nothing(site: Path) -> None:
    """No script, style sheet, font or picture from elsewhere: the site reads offline."""
    remote = re.compile(
        r"<(?:script|img|iframe|source)\b[^>]*\bsrc=[\"']?(?:https?:)?//"
        r"|<link\b[^>]*\bhref=[\"']?(?:https?:)?//"
        r"|@import\s+(?:url\()?[\"']?(?:https?:)?//|url\([\"']?(?:https?:)?//",
        re.I,
    )
    for path in [*site.rglob("*.html"), *site.rglob("*.css")]:
        assert not remote.search(text_of(path)), path


@pytest.fixture
def served(site: Path) -> Iterator[str]:
    """The built site on 127.0.0.1 (search fetches its index, which a file: page cannot)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_navigation_and_search_work_in_chromium(browser: Any, served: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as shown
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 30)
    browser.get(served + "index.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "brochure"
    # The navigation: a guide, then from it a reference page.
    browser.find_element(By.LINK_TEXT, "The event-day kit").click()
    wait.until(shown.text_to_be_present_in_element((By.TAG_NAME, "h1"), "The event-day kit"))
    images = browser.find_elements(By.CSS_SELECTOR, "article img")
    assert images and all(
        browser.execute_script("return arguments[0].naturalWidth", image) > 0 for image in images
    )
    browser.find_element(By.LINK_TEXT, "Commands").click()
    wait.until(shown.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Commands"))
    # The search: Material's own, from the index it built.
    browser.find_element(By.CSS_SELECTOR, "label.md-search__icon, .md-search__input").click()
    field = wait.until(shown.element_to_be_clickable((By.CSS_SELECTOR, "input.md-search__input")))
    field.send_keys("saddle-stitch")
    # The results are drawn again as the index answers: found afresh until one is clicked.
    result = (By.CSS_SELECTOR, '.md-search-result__item > a[href*="guides/printing.html"]')
    wait.until(shown.element_to_be_clickable(result)).click()
    wait.until(shown.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Printing"))
    assert "saddle-stitch" in browser.find_element(By.TAG_NAME, "article").text
