"""Badges at the door: `brochure badge` (a few people now, a walk-in), printing through a
real CUPS queue read back from cups-pdf, walk-ins.csv read by every build, the door page
(`serve --door`) in headless Chromium, and the badge layouts of the stock people buy."""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import pwd
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from tests.conftest import FIXTURES, MINIMAL, ROOT, SEED_SOURCE, build, pdftotext, write_event
from tests.test_serve import Serving

from brochure.cli import main
from brochure.door import find, register
from brochure.door.cards import single_card
from brochure.engines.layouts import LayoutPath
from brochure.errors import InputError
from brochure.model import Person
from brochure.outputs.badges.layout import load_layout
from brochure.reading.load import load_event

SUMMIT = FIXTURES / "summit"
MM = 72 / 25.4
LAYOUT_FOLDER = ROOT / "layouts" / "badges"
SHIPPED_LAYOUTS = sorted(path.stem for path in LAYOUT_FOLDER.glob("*.yaml"))
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def project_of(fixture: Path, tmp_path: Path) -> Path:
    """A copy of a fixture's event folder as source/ of a project in tmp_path; its event file."""
    shutil.copytree(fixture, tmp_path / "source")
    return tmp_path / "source" / "event.yaml"


def run(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """brochure in a fresh process, as staff at the door run it."""
    return subprocess.run(
        [sys.executable, "-m", "brochure", *args],
        cwd=cwd,
        env={**ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


def people(*specs: tuple[str, str | None, str | None]) -> list[Person]:
    return [
        Person.model_validate({"name": name, "id": key, "email": email})
        for name, key, email in specs
    ]


# -- who is asked for ---------------------------------------------------------------------
EVERYONE = people(
    ("Ana Silva", "ana-silva", "ana@example.org"),
    ("Ana Souza", "ana-souza", None),
    ("Léa Martin", "léa-martin", None),
    ("山田太郎", "yamada", None),
    ("Grzegorz Jankowski", "bwrea-1", "p000@example.org"),
)


@pytest.mark.parametrize(
    ("asked", "found"),
    [
        ("ana-silva", "ana-silva"),  # an id
        ("BWREA-1", "bwrea-1"),  # a code as a scanner types it, in capitals
        ("lea-martin", "léa-martin"),  # an id, accents aside
        ("P000@Example.org", "bwrea-1"),  # an e-mail address, case aside
        ("ana silva", "ana-silva"),  # a whole name
        ("grzeg jank", "bwrea-1"),  # the start of each word of a name
        ("山田", "yamada"),  # inside a name written without spaces
        ("lea", "léa-martin"),  # a name, accents aside
    ],
)
def test_a_person_is_found_by_id_code_email_or_name(asked: str, found: str) -> None:
    assert [person.key for person in find.find(EVERYONE, [asked])] == [found]


def test_a_scanned_contact_card_finds_its_person() -> None:
    from brochure.vcard import contact_card

    card = contact_card(EVERYONE[0])
    assert [p.key for p in find.find(EVERYONE, [card])] == ["ana-silva"]
    # A scanner that types line ends as LF alone
    assert [p.key for p in find.find(EVERYONE, [card.replace("\r\n", "\n")])] == ["ana-silva"]


def test_a_name_several_people_fit_lists_them_and_finds_nobody() -> None:
    with pytest.raises(InputError) as raised:
        find.find(EVERYONE, ["ana"])
    text = str(raised.value)
    assert "'ana' fits 2 people" in text
    assert "Ana Silva (ana-silva)" in text and "Ana Souza (ana-souza)" in text
    assert "give the id" in text
    assert "ana@example.org" not in text  # the e-mail is never shown


def test_nobody_fits_says_so_with_every_other_problem() -> None:
    with pytest.raises(InputError) as raised:
        find.find(EVERYONE, ["nobody here", "ana"])
    assert len(raised.value.problems) == 2
    assert "nobody fits 'nobody here'" in str(raised.value)


# -- walk-ins.csv -------------------------------------------------------------------------
def test_a_walk_in_is_checked_as_an_export_row_and_named_by_its_option() -> None:
    with pytest.raises(InputError) as raised:
        register.checked(
            register.WalkIn(name="Ana Nova", country="Atlantis", role="superstar", email="x@"),
            EVERYONE,
        )
    fields = {problem.field for problem in raised.value.problems}
    assert fields == {"--country", "--role", "--email"}, raised.value
    with pytest.raises(InputError, match="--name: a walk-in needs a name"):
        register.checked(register.WalkIn(organisation="Acme"), EVERYONE)


def test_a_walk_in_registered_already_is_pointed_to_their_badge() -> None:
    with pytest.raises(
        InputError, match=r"Ana Silva is registered already.*brochure badge ana-silva"
    ):
        register.checked(register.WalkIn(name="ana  SILVA"), EVERYONE)
    with pytest.raises(InputError, match=r"by that e-mail address, as 'bwrea-1'"):
        register.checked(register.WalkIn(name="G. J.", email="P000@example.org"), EVERYONE)
    # The same name with another address is someone else.
    other = register.checked(register.WalkIn(name="Ana Silva", email="ana2@example.org"), EVERYONE)
    assert other.name == "Ana Silva"


def test_walk_ins_are_appended_with_fresh_ids_and_read_by_the_loader(tmp_path: Path) -> None:
    source = write_event(
        tmp_path / "source", MINIMAL + "people:\n  - {name: Ana Silva, email: ana@example.org}\n"
    )
    everyone = list(load_event(source).everyone)
    first = register.register(
        register.checked(register.WalkIn(name="Ana Silva", email="a2@example.org"), everyone),
        everyone,
        source,
    )
    second = register.register(
        register.checked(
            register.WalkIn(name="Zoë Ng", organisation="Acme", role="Press"), everyone
        ),
        everyone,
        source,
    )
    assert first.key == "ana-silva-2"  # the event file's Ana Silva has ana-silva
    assert second.key == "zoe-ng" and second.role == "press"
    raw = (source.parent / "walk-ins.csv").read_bytes()
    assert raw.startswith(
        b"\xef\xbb\xbf" + b"id,name,given,family,organisation,country,role,email\r\n"
    )
    event = load_event(source)  # the event file names no attendees: the walk-ins still count
    assert [(p.key, p.name, p.role) for p in event.attendees] == [
        ("ana-silva-2", "Ana Silva", "attendee"),
        ("zoe-ng", "Zoë Ng", "press"),
    ]


def test_a_walk_in_row_that_is_wrong_is_located_in_walk_ins_csv(tmp_path: Path) -> None:
    source = write_event(tmp_path / "source", MINIMAL)
    (source.parent / "walk-ins.csv").write_text(
        "id,name,organisation,country,role\nana,Ana,Acme,PT,attendee\nbo,Bo,,XX,attendee\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as raised:
        load_event(source)
    assert re.search(r"walk-ins\.csv:3:\d+: attendees\[1\]\.country: ", str(raised.value))


def test_walk_ins_follow_the_export_and_an_attendee_list_written_in_the_file(
    tmp_path: Path,
) -> None:
    summit = project_of(SUMMIT, tmp_path / "summit")
    exported = len(load_event(summit).attendees)
    (summit.parent / "walk-ins.csv").write_text(
        "id,name,role\nwalk-1,Wanda Walker,attendee\n", encoding="utf-8"
    )
    event = load_event(summit)
    assert len(event.attendees) == exported + 1
    assert event.attendees[-1].key == "walk-1"
    written = write_event(
        tmp_path / "listed",
        MINIMAL + "attendees:\n  - {name: Ola Listed}\n",
    )
    (written.parent / "walk-ins.csv").write_text(
        "id,name,country\nwalk-2,Wim Walker,XX\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"walk-ins\.csv:2:\d+: attendees\[\d+\]\.country"):
        load_event(written)
    (written.parent / "walk-ins.csv").write_text(
        "id,name,country\nwalk-2,Wim Walker,NL\n", encoding="utf-8"
    )
    assert [p.name for p in load_event(written).attendees] == ["Ola Listed", "Wim Walker"]


def test_an_empty_walk_ins_file_is_no_walk_in(tmp_path: Path) -> None:
    source = write_event(tmp_path / "source", MINIMAL)
    (source.parent / "walk-ins.csv").write_bytes(b"")
    assert load_event(source).attendees == ()


def test_a_file_edited_in_a_spreadsheet_is_appended_to_in_its_own_way(tmp_path: Path) -> None:
    """Excel's "Unicode Text" (UTF-16, tabs) and a semicolon CSV without a last line end:
    the row is added in the file's encoding, delimiter and line ends, and read back."""
    for encoding, delimiter, ending in (("utf-16", "\t", "\r\n"), ("utf-8", ";", "")):
        folder = tmp_path / encoding
        source = write_event(folder, MINIMAL)
        text = delimiter.join(["ID", "Name", "Company", "Role"]) + "\r\n"
        text += delimiter.join(["w-1", "Åsa Öst", "Acme", "attendee"]) + ending
        (folder / "walk-ins.csv").write_bytes(text.encode(encoding))
        everyone = list(load_event(source).everyone)
        added = register.register(
            register.checked(register.WalkIn(name="Ana Nova", organisation="Beta"), everyone),
            everyone,
            source,
        )
        event = load_event(source)
        assert [(p.key, p.name, p.organisation) for p in event.attendees] == [
            ("w-1", "Åsa Öst", "Acme"),
            (added.key, "Ana Nova", "Beta"),
        ]


def _register_one(folder: str, index: int) -> str:
    source = Path(folder) / "event.yaml"
    person = register.checked(register.WalkIn(name="Sam Same", email=f"s{index}@example.org"), [])
    return register.register(person, [], source).key


def test_desks_appending_at_once_lose_no_row_and_share_no_id(tmp_path: Path) -> None:
    source = write_event(tmp_path / "source", MINIMAL)
    with multiprocessing.get_context("fork").Pool(8) as pool:
        keys = pool.starmap(_register_one, [(str(source.parent), n) for n in range(24)])
    assert len(set(keys)) == 24
    event = load_event(source)
    assert sorted(p.key for p in event.attendees) == sorted(keys)
    assert {p.email for p in event.attendees} == {f"s{n}@example.org" for n in range(24)}


def test_walk_ins_are_never_written_through_a_link(tmp_path: Path) -> None:
    source = write_event(tmp_path / "source", MINIMAL)
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_text("id,name\n", encoding="utf-8")
    (source.parent / "walk-ins.csv").symlink_to(elsewhere)
    person = register.checked(register.WalkIn(name="Ana Nova"), [])
    with pytest.raises(register.WalkInsError, match="is a link"):
        register.register(person, [], source)
    assert elsewhere.read_text(encoding="utf-8") == "id,name\n"
    with pytest.raises(InputError, match=r"walk-ins\.csv"):
        load_event(source)  # and it is not read through a link out of the folder


def test_a_new_walk_in_makes_the_next_build_render_the_badges_again(tmp_path: Path) -> None:
    """The walk-ins are in what the badges and the check-in list are keyed by."""
    from brochure.commands.freshness import keys
    from brochure.commands.prepare import resolve
    from brochure.config import CommandLine

    source = write_event(tmp_path / "source", MINIMAL + "badges: {qr: id}\n")
    cli = CommandLine.of(source=source, output=tmp_path / "output")
    config, read, _ = resolve(cli)
    before = keys(read, config)
    (source.parent / "walk-ins.csv").write_text("id,name\nw-1,Wim\n", encoding="utf-8")
    config, read, _ = resolve(cli)
    after = keys(read, config)
    assert before["badges"] != after["badges"] and before["checkin"] != after["checkin"]
    assert before["brochure"] == after["brochure"]


# -- the door's card ----------------------------------------------------------------------
@pytest.mark.parametrize("name", SHIPPED_LAYOUTS)
def test_one_card_per_page_is_the_layout_whose_page_is_its_card(name: str) -> None:
    layout = load_layout(LayoutPath.for_project(ROOT), "badges", name)
    card = single_card(layout)
    assert (card.page.width, card.page.height) == (layout.card.width, layout.card.height)
    assert (card.columns, card.rows, card.per_sheet) == (1, 1, 1)
    assert (card.margin_x, card.margin_y, card.printer_margin, card.cut_marks) == (0, 0, 0, False)
    assert (card.given_size, card.padding, card.qr_size) == (
        layout.given_size,
        layout.padding,
        layout.qr_size,
    )


def test_avery_l4785_places_its_labels_where_the_sheet_has_them() -> None:
    """gLabels' template: 80 x 50 mm labels from 18 mm left and 13 mm top, every 95 mm
    across and 55 mm down."""
    from brochure.cards.sheets import paginate

    layout = load_layout(LayoutPath.for_project(ROOT), "badges", "avery-l4785")
    sheet = paginate(list(range(10)), layout, back=False)[0]
    assert [(round(p.x, 3), round(p.y, 3)) for p in sheet.cards] == [
        (18 + 95 * column, 13 + 55 * row) for row in range(5) for column in range(2)
    ]


def test_a_layout_whose_gaps_push_cards_off_the_page_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "layouts" / "badges"
    folder.mkdir(parents=True)
    text = (LAYOUT_FOLDER / "avery-l4785.yaml").read_text(encoding="utf-8")
    (folder / "wide.yaml").write_text(text.replace("column_gap: 15mm", "column_gap: 45mm"))
    with pytest.raises(InputError, match=r"wide\.yaml:\d+:\d+: (columns|printer_margin)"):
        load_layout(LayoutPath.for_project(tmp_path), "badges", "wide")


@pytest.mark.slow
@pytest.mark.parametrize("name", SHIPPED_LAYOUTS)
def test_each_shipped_layout_builds_with_every_word_on_its_card(name: str, tmp_path: Path) -> None:
    from tests.conftest import prepared

    from brochure.cards.sheets import paginate
    from brochure.outputs.badges.render import badges_pdf

    ready = prepared(SUMMIT / "event.yaml", badge_layout=name)
    layout = load_layout(ready.config.layouts, "badges", name)
    chosen = ready.event.everyone[: layout.per_sheet]
    pdf = tmp_path / "badges.pdf"
    pdf.write_bytes(badges_pdf(ready.event, ready.config, people=chosen, blank=0))
    pages = pypdf.PdfReader(pdf).pages
    box = pages[0].mediabox
    assert (round(float(box.width) / MM, 1), round(float(box.height) / MM, 1)) == (
        round(layout.page.width, 1),
        round(layout.page.height, 1),
    )
    places = [
        (p.x * MM, p.y * MM)
        for p in paginate(list(range(layout.per_sheet)), layout, back=False)[0].cards
    ]
    words = _words(pdf)[0]
    assert any(word == chosen[0].name.split()[0] for word, *_ in words)
    for word, x0, y0, x1, y1 in words:
        assert any(
            x - 0.5 <= x0
            and x1 <= x + layout.card.width * MM + 0.5
            and y - 0.5 <= y0
            and y1 <= y + layout.card.height * MM + 0.5
            for x, y in places
        ), (name, word)
    if layout.printer_margin:
        (tmp_path / "pixels").mkdir()
        from tests.test_typesetting import ink_near_edges

        assert ink_near_edges(pdf, layout.printer_margin, tmp_path / "pixels") == []


def _words(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    import html

    pages = []
    for page in pdftotext(pdf, "-bbox").split("<page ")[1:]:
        found = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page,
        )
        pages.append(
            [(html.unescape(w), float(a), float(b), float(c), float(d)) for a, b, c, d, w in found]
        )
    return pages


def test_badges_with_a_back_are_printed_on_both_sides_as_they_were_placed() -> None:
    from tests.conftest import prepared

    from brochure.door.cards import sides

    assert sides(prepared(SUMMIT / "event.yaml").config) == "two-sided-long-edge"
    assert sides(prepared(SUMMIT / "event.yaml", badge_flip="short").config) == (
        "two-sided-short-edge"
    )
    assert sides(prepared(SEED_SOURCE / "event.yaml").config) is None


def _reads_upright(words: list[tuple[str, float, float, float, float]], title: str) -> bool:
    """Whether the card's header (the event's title, first on it) reads left to right at
    the top of the page: upside-down text is found by pdftotext at the bottom, its words
    running right to left."""
    first, *rest = title.split()
    found = [w for w in words if w[0] in (first, rest[0])]
    assert len(found) >= 2, words
    (_, x0, y0, *_), (_, x1, *_) = found[:2]
    height = max(w[4] for w in words)
    return x0 < x1 and y0 < height / 2


@pytest.mark.parametrize("name", SHIPPED_LAYOUTS)
def test_a_door_badge_back_is_upright_as_a_sheets_back_is(name: str, tmp_path: Path) -> None:
    """The user's door badge (landscape card, badges.flip long) came out with its back
    upside down while the a4-8 sheet's backs were upright: the door's own card turns over
    its vertical edge, and its printer is asked to turn it so."""
    from tests.conftest import prepared

    from brochure.door.cards import door_layout, door_pdf, sides
    from brochure.outputs.badges.render import badges_pdf

    ready = prepared(SUMMIT / "event.yaml", badge_layout=name)
    layout = door_layout(ready.event, ready.config, chosen=False)
    pdf = tmp_path / "door.pdf"
    pdf.write_bytes(door_pdf(ready.event, ready.config, ready.event.everyone[:1], layout))
    title = ready.event.event.title
    front, back = _words(pdf)
    assert _reads_upright(front, title) and _reads_upright(back, title), name
    vertical = "short" if layout.page.width > layout.page.height else "long"
    assert sides(ready.config, layout) == f"two-sided-{vertical}-edge"
    if name == "a4-8":
        sheet = tmp_path / "sheet.pdf"
        sheet.write_bytes(badges_pdf(ready.event, ready.config, people=ready.event.everyone[:1]))
        assert _reads_upright(_words(sheet)[1], title)


# -- brochure badge -----------------------------------------------------------------------
def test_say_whose_badge(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = project_of(SEED_SOURCE, tmp_path)
    assert main(["badge", str(source)]) == 2
    assert "say whose badge" in capsys.readouterr().err
    (tmp_path / "a-folder").mkdir()
    assert main(["badge", str(source), "amalia", "-o", str(tmp_path / "a-folder")]) == 2
    assert "is a folder" in capsys.readouterr().err


@pytest.mark.slow
def test_a_badge_at_the_door_is_one_card_on_its_page_with_its_code(tmp_path: Path) -> None:
    source = project_of(SUMMIT, tmp_path)
    done = run("badge", str(source), "grzegorz jankowski", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "badge of Grzegorz Jankowski (bwrea-1, Miasto Gdańsk)" in done.stdout
    pdf = tmp_path / "output" / "badges-door" / "bwrea-1.pdf"
    reader = pypdf.PdfReader(pdf)
    # The summit prints on a4-8 with backs: one 96 x 68 mm card per page, and its back.
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (96, 68)
    text = pdftotext(pdf, "-f", "1", "-l", "1")
    assert "Grzegorz" in text and "Jankowski" in text and "PARTICIPANT" in text
    assert "Zuzanna" not in text
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    scanned = subprocess.run(
        ["zbarimg", "-q", "--raw", *map(str, tmp_path.glob("p*.png"))],
        capture_output=True,
        text=True,
    )
    assert scanned.stdout.split() == ["bwrea-1"]
    # What a scanner reads from it finds the same person again, into a file named with -o.
    again = run("badge", str(source), scanned.stdout.strip(), "-o", str(tmp_path / "again.pdf"))
    assert again.returncode == 0 and "Jankowski" in pdftotext(tmp_path / "again.pdf")


@pytest.mark.slow
def test_a_chosen_layout_is_used_as_it_is_and_files_are_never_written_through_links(
    tmp_path: Path,
) -> None:
    source = project_of(SUMMIT, tmp_path)
    sheet = tmp_path / "sheet.pdf"
    done = run("badge", str(source), "bwrea-1", "--badge-layout", "avery-l4785", "-o", str(sheet))
    assert done.returncode == 0, done.stderr
    box = pypdf.PdfReader(sheet).pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (210, 297)
    (word,) = [w for w in _words(sheet)[0] if w[0] == "Grzegorz"]
    assert word[1] >= 18 * MM and word[3] <= 98 * MM  # on the first label, 18 to 98 mm
    # A badge's file that is a link is replaced, not written through.
    door = tmp_path / "output" / "badges-door"
    door.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere.pdf"
    elsewhere.write_bytes(b"mine")
    (door / "bwrea-1.pdf").symlink_to(elsewhere)
    assert run("badge", str(source), "bwrea-1").returncode == 0
    assert elsewhere.read_bytes() == b"mine"
    assert not (door / "bwrea-1.pdf").is_symlink()
    # The door's folder that is a link is refused.
    shutil.rmtree(door)
    (tmp_path / "other").mkdir()
    door.symlink_to(tmp_path / "other")
    refused = run("badge", str(source), "bwrea-1")
    assert refused.returncode == 1 and "is a link" in refused.stderr
    assert list((tmp_path / "other").iterdir()) == []


@pytest.mark.slow
def test_a_name_several_share_prints_nothing(tmp_path: Path) -> None:
    source = project_of(SUMMIT, tmp_path)
    done = run("badge", str(source), "grzegorz", cwd=tmp_path)
    assert done.returncode == 1
    assert re.search(
        r"'grzegorz' fits \d+ people: .*Grzegorz Jankowski \(bwrea-1, Miasto Gdańsk\)", done.stderr
    )
    assert not (tmp_path / "output" / "badges-door").exists()


@pytest.mark.slow
def test_a_walk_in_gets_a_badge_now_and_is_in_every_later_build(tmp_path: Path) -> None:
    source = project_of(SUMMIT, tmp_path)
    done = run(
        "badge",
        str(source),
        "--name",
        "Ana Silva",
        "--given",
        "Ana",
        "--family",
        "Silva",
        "--organisation",
        "Cooperativa Aberta",
        "--country",
        "PT",
        "--role",
        "press",
    )
    assert done.returncode == 0, done.stderr
    assert "registered Ana Silva as 'ana-silva'" in done.stdout
    pdf = tmp_path / "output" / "badges-door" / "ana-silva.pdf"
    text = pdftotext(pdf, "-f", "1", "-l", "1")
    assert "Ana" in text and "Silva" in text and "Cooperativa Aberta" in text and "PRESS" in text
    # The next build: her badge among the others, her id in the check-in list.
    build(source, tmp_path / "output", only=("badges", "checkin"))
    assert "Cooperativa Aberta" in pdftotext(tmp_path / "output" / "badges.pdf")
    rows = list(
        csv.reader(io.StringIO((tmp_path / "output" / "checkin.csv").read_text("utf-8-sig")))
    )
    assert ["ana-silva", "Ana Silva", "Cooperativa Aberta", "Press"] in rows
    # Typed again at the door: pointed to her badge, not registered twice.
    twice = run("badge", str(source), "--name", "Ana Silva")
    assert twice.returncode == 1 and "brochure badge ana-silva" in twice.stderr
    assert (source.parent / "walk-ins.csv").read_text("utf-8-sig").count("Ana Silva") == 1


@pytest.mark.slow
def test_bad_walk_in_input_is_located_and_nothing_is_written(tmp_path: Path) -> None:
    source = project_of(SEED_SOURCE, tmp_path)
    done = run("badge", str(source), "--name", "Ana Nova", "--country", "Atlantis", "--role", "vip")
    assert done.returncode == 1
    assert "--country: " in done.stderr and "--role: 'vip' is not one of" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (source.parent / "walk-ins.csv").exists()


# -- printing through CUPS ----------------------------------------------------------------
@dataclass(frozen=True)
class Queue:
    """A CUPS queue printing to PDF files (cups-pdf), made for these tests."""

    name: str
    folder: Path
    """Where cups-pdf writes what it printed for this user."""
    since: float
    """When the queue was made: older files there are not these tests' jobs."""


def _lpstat(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["lpstat", *args], capture_output=True, text=True, timeout=30)


@pytest.fixture(scope="module")
def printer() -> Iterator[Queue]:
    """A cups-pdf queue (Debian's cups and printer-driver-cups-pdf, make test-packages),
    cupsd started here when it is not running (as root: in CI too); removed afterwards."""
    backend = Path("/usr/lib/cups/backend/cups-pdf")
    ppd = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
    missing = [n for n in ("cupsd", "lpadmin", "lpstat", "lp") if shutil.which(n) is None]
    if missing or not backend.exists() or not ppd.exists():
        pytest.skip("needs Debian's cups and printer-driver-cups-pdf (make test-packages)")
    started = None
    if "is running" not in _lpstat("-r").stdout:
        if os.geteuid() != 0:
            pytest.skip("CUPS's scheduler is not running, and only root may start it")
        started = subprocess.Popen(
            [shutil.which("cupsd") or "cupsd", "-f"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while "is running" not in _lpstat("-r").stdout:
            if time.monotonic() > deadline or started.poll() is not None:
                started.kill()
                pytest.skip("cupsd cannot run here (it did not start)")
            time.sleep(0.2)
    name = f"brochure-test-{os.getpid()}"
    # cups-pdf prints through PostScript; poppler's pdftops keeps the words as text (the
    # default, Ghostscript, draws them as outlines), so the printed PDF can be read back.
    added = subprocess.run(
        [
            "lpadmin",
            "-p",
            name,
            "-v",
            "cups-pdf:/",
            "-E",
            "-P",
            str(ppd),
            "-o",
            "pdftops-renderer-default=pdftops",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if added.returncode != 0:
        if started:
            started.terminate()
        pytest.skip(f"CUPS refuses a test printer here: {added.stderr.strip()}")
    out = Path(pwd.getpwuid(os.geteuid()).pw_dir) / "PDF"
    conf = Path("/etc/cups/cups-pdf.conf")
    for line in conf.read_text(encoding="utf-8").splitlines() if conf.exists() else ():
        if line.startswith("Out "):
            out = Path(line.split(None, 1)[1].replace("${HOME}", pwd.getpwuid(os.geteuid()).pw_dir))
    before = set(out.glob("*.pdf"))
    try:
        yield Queue(name, out, time.time() - 1)
    finally:
        subprocess.run(["lpadmin", "-x", name], capture_output=True, timeout=60)
        for made in set(out.glob("brochure_badge*.pdf")) - before:
            made.unlink(missing_ok=True)  # what these tests printed
        others = [q for q in _lpstat("-e").stdout.split() if q.startswith("brochure-test-")]
        if started and not others:
            started.terminate()
            started.wait(timeout=30)


def printed(queue: Queue, answer: str, seconds: float = 60) -> Path:
    """The PDF cups-pdf made of the job `answer` names (`request id is Q-12 ...`)."""
    job = re.search(rf"request id is {re.escape(queue.name)}-(\d+)", answer)
    assert job, answer
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [
            path
            for path in queue.folder.glob(f"*job_{job[1]}.pdf")
            if path.stat().st_mtime >= queue.since
        ]
        if found and found[0].stat().st_size > 0:
            time.sleep(0.3)  # written whole
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"cups-pdf wrote nothing for job {job[1]} into {queue.folder}")


@pytest.mark.slow
def test_a_walk_in_is_printed_through_a_real_cups_queue(tmp_path: Path, printer: Queue) -> None:
    source = project_of(SEED_SOURCE, tmp_path)
    done = run(
        "badge",
        str(source),
        "--name",
        "Ana Silva",
        "--organisation",
        "Cooperativa Aberta",
        "--role",
        "attendee",
        "--printer",
        printer.name,
    )
    assert done.returncode == 0, done.stderr
    assert f"sent to the printer {printer.name}" in done.stdout
    pdf = printed(printer, done.stdout)
    words = " ".join(pdftotext(pdf).split())
    assert "Ana Silva" in words and "Cooperativa Aberta" in words and "PARTICIPANT" in words
    # The job is titled for what it is, not for whom: CUPS keeps titles in its logs.
    assert "Ana" not in pdf.name and "brochure_badge" in pdf.name


@pytest.mark.slow
def test_print_goes_to_the_default_printer(tmp_path: Path, printer: Queue) -> None:
    source = project_of(SEED_SOURCE, tmp_path)
    # lp's default destination, as the person at the desk set it ($LPDEST).
    done = run("badge", str(source), "amalia toledo", "--print", env={"LPDEST": printer.name})
    assert done.returncode == 0, done.stderr
    assert "Amalia" in pdftotext(printed(printer, done.stdout))


@pytest.mark.slow
def test_a_printer_that_is_not_there_is_said_before_anything_is_made(
    tmp_path: Path, printer: Queue
) -> None:
    source = project_of(SEED_SOURCE, tmp_path)
    done = run("badge", str(source), "--name", "Ana Nova", "--printer", "no-such-printer")
    assert done.returncode == 1
    assert "there is no printer 'no-such-printer'" in done.stderr
    assert printer.name in done.stderr  # the printers there are
    assert "Traceback" not in done.stderr
    assert not (source.parent / "walk-ins.csv").exists()
    assert not (tmp_path / "output").exists()


# -- the door page ------------------------------------------------------------------------
def _request(url: str, headers: dict[str, str] | None = None, data: bytes | None = None) -> int:
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, data, headers or {}), timeout=30
        ) as r:
            return int(r.status)
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.slow
def test_the_door_page_finds_shows_and_prints_each_in_under_a_second(
    tmp_path: Path, browser: object, printer: Queue
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    project_of(SUMMIT, tmp_path)
    serving = Serving(tmp_path, "--door", "--printer", printer.name)
    try:
        url = serving.expect(r"door page on (http://127\.0\.0\.1:\d+/)", seconds=120).group(1)
        # Nothing but the page itself answers without its token.
        assert _request(url + "search?q=grzegorz") == 403
        assert _request(url + "badge.png?id=bwrea-1") == 403
        assert (
            _request(url + "print", {"Content-Type": "application/json"}, b'{"id": "bwrea-1"}')
            == 403
        )
        driver.get(url)  # type: ignore[attr-defined]
        box = driver.find_element(By.ID, "q")  # type: ignore[attr-defined]

        def wait(check: object, message: str) -> None:
            WebDriverWait(driver, 30, poll_frequency=0.02).until(check, message=message)

        for asked, chosen in (("grzeg jank", "bwrea-1"), ("zuzanna", None), ("chipo", None)):
            box.clear()
            box.send_keys(asked)
            wait(
                lambda d, asked=asked: (
                    d.find_element(By.ID, "people").get_attribute("data-query") == asked
                    and d.find_elements(By.CSS_SELECTOR, "#people button")
                ),
                f"no one listed for {asked!r}",
            )
            buttons = driver.find_elements(By.CSS_SELECTOR, "#people button")  # type: ignore[attr-defined]
            # Each shows what the badge shows: no e-mail address, no country.
            assert all("@" not in b.text for b in buttons)
            button = next(b for b in buttons if chosen in (None, b.get_attribute("data-id")))
            key, name = button.get_attribute("data-id"), button.text.splitlines()[0]
            button.click()
            wait(
                lambda d, key=key: (
                    d.find_element(By.ID, "badge").get_attribute("data-id") == key
                    and d.execute_script(
                        "const i = document.getElementById('badge');"
                        "return i.complete && i.naturalWidth > 0 && !i.hidden"
                    )
                ),
                "the badge was not shown",
            )
            driver.find_element(By.ID, "print").click()  # type: ignore[attr-defined]
            wait(
                lambda d: "sent to the printer" in d.find_element(By.ID, "status").text,
                "not printed",
            )
            answer = driver.find_element(By.ID, "status").text  # type: ignore[attr-defined]
            assert name.split()[0] in pdftotext(printed(printer, answer))
        # A scanner types the code and Enter: the badge is shown at once.
        box.clear()
        box.send_keys("bwrea-1", Keys.ENTER)
        wait(
            lambda d: d.find_element(By.ID, "badge").get_attribute("data-id") == "bwrea-1",
            "a scanned code did not show its badge",
        )
    finally:
        assert serving.stop() == 0, "\n".join(serving.seen)
    # Nothing personal on the terminal: no name was typed into a log.
    assert not any("Grzegorz" in line or "grzeg" in line for line in serving.seen), serving.seen


@pytest.mark.slow
def test_the_door_page_finds_a_walk_in_registered_at_another_desk(tmp_path: Path) -> None:
    project_of(SEED_SOURCE, tmp_path)
    serving = Serving(tmp_path, "--door", env={"PRINTER": "no-such-printer", "LPDEST": ""})
    try:
        url = serving.expect(r"door page on (http://127\.0\.0\.1:\d+/)", seconds=120).group(1)
        with urllib.request.urlopen(url, timeout=30) as response:
            token = re.search(r'data-token="([^"]+)"', response.read().decode())[1]  # type: ignore[index]

        def search(text: str) -> str:
            request = urllib.request.Request(
                url + "search?q=" + urllib.parse.quote(text), headers={"X-Door-Token": token}
            )
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.read().decode()

        assert '"people": []' in search("wanda")
        done = run("badge", "--name", "Wanda Walker", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "Wanda Walker" in search("wanda")
        # Started without a printer there, it shows badges and says why it cannot print.
        request = urllib.request.Request(
            url + "print",
            b'{"id": "wanda-walker"}',
            {"X-Door-Token": token, "Content-Type": "application/json"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=60)
        assert "there is no printer 'no-such-printer'" in refused.value.read().decode()
        # Asked from another site (its Origin), nothing is printed.
        request.add_header("Origin", "http://example.org")
        assert _request(request.full_url, dict(request.header_items()), request.data) == 403
    finally:
        serving.stop()
    assert any("no printer yet" in line for line in serving.seen), serving.seen


def test_the_door_prints_in_the_language_asked_for(tmp_path: Path) -> None:
    """The user's door badge came out in the event's first language only (and a bilingual
    brochure made the door fail: KeyError 'en'); a walk-in's country typed as a name was
    stored and printed as typed ("Syria" on a German badge)."""
    text = (FIXTURES / "berlin" / "event.yaml").read_text(encoding="utf-8")
    source = write_event(tmp_path / "source", text + "brochure: {bilingual: [de, en]}\n")
    walk_in = ("--name", "Yusuf Khoury", "--country", "Syria", "--organisation", "Data Lab")
    german = tmp_path / "de.pdf"
    assert main(["badge", str(source), *walk_in, "-o", str(german), "--timeout", "0"]) == 0
    (row,) = list(
        csv.DictReader(io.StringIO((source.parent / "walk-ins.csv").read_text("utf-8-sig")))
    )
    assert row["country"] == "SY"
    front = pdftotext(german, "-f", "1", "-l", "1")
    assert "Syrien" in front and "TEILNEHMENDE" in front
    english = tmp_path / "en.pdf"
    asked = ["badge", str(source), "yusuf-khoury", "-o", str(english), "--timeout", "0"]
    assert main([*asked, "--language", "EN"]) == 0
    front = pdftotext(english, "-f", "1", "-l", "1")
    assert "Syria" in front and "Syrien" not in front and "PARTICIPANT" in front
    assert "PROGRAMME" in pdftotext(english, "-f", "2", "-l", "2")


def test_a_language_the_event_is_not_printed_in_is_refused() -> None:
    from tests.conftest import prepared

    from brochure.door.cards import door_config_in

    config = prepared(FIXTURES / "berlin" / "event.yaml").config
    assert door_config_in(config, None).language == "de"
    assert door_config_in(config, "en").languages == ("en",)
    with pytest.raises(InputError) as error:
        door_config_in(config, "fr")
    assert "--language: 'fr' is not one of the event's languages; choose from de, en" in str(
        error.value.problems[0]
    )
    assert main(["serve", str(FIXTURES / "berlin" / "event.yaml"), "--language", "en"]) == 2


def test_a_walk_in_country_is_a_country(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Finding 08: --country took CLDR's groupings (Eurozone, United Nations, EU, QO) as
    countries and refused "Palestine" and "Korea". Only ISO 3166-1 countries are taken,
    by CLDR's names for them; a name of two countries asks which."""
    source = write_event(tmp_path / "source", MINIMAL)
    badge = ["badge", str(source), "-o", str(tmp_path / "b.pdf"), "--timeout", "0"]
    for index, country in enumerate(["Eurozone", "United Nations", "EU", "QO", "EZ", "UN"]):
        capsys.readouterr()
        assert main([*badge, "--name", f"Walk In{index}", "--country", country]) == 1, country
        err = capsys.readouterr().err
        assert f"--country: '{country}' is not" in err, err
    assert main([*badge, "--name", "Walk Korea", "--country", "Korea"]) == 1
    err = capsys.readouterr().err
    assert "'Korea' is not a country name CLDR knows" in err and "(KR) or" in err
    assert "(KP)" in err, err
    assert not (source.parent / "walk-ins.csv").exists()
    assert main([*badge, "--name", "Walk Palestine", "--country", "Palestine"]) == 0
    (row,) = csv.DictReader(io.StringIO((source.parent / "walk-ins.csv").read_text("utf-8-sig")))
    assert row["country"] == "PS"
    # The event file too: a grouping is not the event's country.
    grouping = write_event(tmp_path / "other", MINIMAL.replace("country: NO", "country: EZ"))
    assert main(["check", str(grouping)]) == 1
    assert "event.country: 'EZ' is not an ISO 3166 country code" in capsys.readouterr().err


# -- every form of a name ----------------------------------------------------------------
FORUM = """\
event: {title: {ar: منتدى, en: Forum}, date: 2027-04-13, city: Amman, country: JO,
  languages: [ar, en]}
about: {ar: منتدى, en: A forum.}
organisers: [{name: SESAME}]
badges: {qr: id}
people:
  - {name: {ar: ليلى حداد, en: Layla Haddad}, id: layla-haddad, organisation: SESAME}
  - name: {ar: سلمى الخطيب, en: Salma Al-Khatib}
    id: salma-alkhatib
    email: salma@example.org
    role: speaker
attendees: reg.csv
"""


def forum(tmp_path: Path) -> Path:
    """An Arabic/English event whose names are written by language, and an export that
    registers Sami Haddad and (by her address, spelt its own way) Salma Al-Khatib."""
    source = write_event(tmp_path / "source", FORUM)
    (source.parent / "reg.csv").write_text(
        "Name,Company,Email\nSami Haddad,Lebanese University,sami@example.org\n"
        "Salma Alkhatib,University of Jordan,salma@example.org\n",
        encoding="utf-8",
    )
    return source


def test_the_door_finds_a_name_in_each_of_its_languages(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The field test: at the Arabic desk "haddad" found Sami Haddad alone, and "Layla
    Haddad" nobody: her name was searched in Arabic only."""
    source = forum(tmp_path)
    pdf = str(tmp_path / "b.pdf")
    assert main(["badge", str(source), "haddad", "-o", pdf, "--timeout", "0"]) == 1
    said = capfd.readouterr().err
    assert "'haddad' fits 2 people: Sami Haddad (sami-haddad, Lebanese University); " in said
    assert "ليلى حداد (layla-haddad, SESAME); give the id of the one you mean" in said
    for asked in ("Layla Haddad", "layla had", "ليلى", "Salma Alkhatib", "Salma Al-Khatib"):
        assert main(["badge", str(source), asked, "-o", pdf, "--timeout", "0"]) == 0, asked
        said = capfd.readouterr().out
        assert re.search(r"badge of \S+ \S+ \((layla-haddad|salma-alkhatib)", said), said
    assert "سلمى الخطيب" in pdftotext(Path(pdf))  # the badge in the event's first language


@pytest.mark.slow
def test_the_door_page_finds_a_name_in_each_of_its_languages(tmp_path: Path) -> None:
    forum(tmp_path)
    serving = Serving(tmp_path, "--door", env={"PRINTER": "no-such-printer", "LPDEST": ""})
    try:
        url = serving.expect(r"door page on (http://127\.0\.0\.1:\d+/)", seconds=120).group(1)
        with urllib.request.urlopen(url, timeout=30) as response:
            token = re.search(r'data-token="([^"]+)"', response.read().decode())[1]  # type: ignore[index]

        def search(text: str) -> list[str]:
            request = urllib.request.Request(
                url + "search?q=" + urllib.parse.quote(text), headers={"X-Door-Token": token}
            )
            with urllib.request.urlopen(request, timeout=60) as response:
                return re.findall(r'"id": "([^"]+)"', response.read().decode())

        assert sorted(search("haddad")) == ["layla-haddad", "sami-haddad"]
        assert search("Layla Haddad") == ["layla-haddad"]
        assert search("salma alkhatib") == ["salma-alkhatib"]
    finally:
        serving.stop()


def test_options_go_anywhere_among_whom_badge_is_asked_for(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """`badge event.yaml --language en "Layla"` was refused: "unrecognized arguments"."""
    source = forum(tmp_path)
    pdf = str(tmp_path / "b.pdf")
    asked = ["badge", str(source), "--language", "en", "Layla", "-o", pdf, "Sami"]
    assert main([*asked, "--timeout", "0"]) == 0
    said = capfd.readouterr().out
    assert "badge of Layla Haddad (layla-haddad" in said and "badge of Sami Haddad" in said
    assert "Layla Haddad" in pdftotext(Path(pdf)) and "Sami Haddad" in pdftotext(Path(pdf))
    assert main(["badge", str(source), "Layla", "--no-such-option", "Sami"]) == 2
    assert "unrecognized arguments: --no-such-option" in capfd.readouterr().err


def test_the_door_does_not_repeat_the_events_warnings(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The field test: every walk-in's badge repeated each "not written in" warning of
    the event file; they are `check`'s and the build's to say (the door: --verbose)."""
    source = forum(tmp_path)
    text = source.read_text(encoding="utf-8")
    source.write_text(text + "programme:\n  - {title: {en: Talk}, start: 9:00, end: 10:00}\n")
    pdf = str(tmp_path / "b.pdf")
    assert main(["check", str(source)]) == 0
    assert "warning: not written in ar" in capfd.readouterr().err
    assert main(["badge", str(source), "sami-haddad", "-o", pdf, "--timeout", "0"]) == 0
    assert "warning" not in capfd.readouterr().err
