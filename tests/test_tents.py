"""Table tents: a tent for every speaker, chair and moderator, the name on both faces, the
face toward the speaker upside down on the flat sheet, nothing outside its face, in the
order the tables are set; read back with poppler (pdftotext -bbox-layout, pdffonts,
pdftoppm)."""

from __future__ import annotations

import html
import logging
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from PIL import Image
from tests.conftest import (
    FIXTURES,
    MINIMAL,
    ROOT,
    SEED_SOURCE,
    build,
    pdffonts,
    pdftotext,
    prepared,
    shared,
    write_event,
)

from brochure.cards.layout import load_layout
from brochure.cards.sheets import Placed, Sheet, fold_marks
from brochure.engines.layouts import LayoutPath
from brochure.errors import InputError
from brochure.finishing.finishes import FOLDED
from brochure.outputs.tents.layout import TentLayout
from brochure.outputs.tents.seating import seats
from brochure.preflight import check_file

SUMMIT = FIXTURES / "summit" / "event.yaml"
HAIFA = FIXTURES / "haifa" / "event.yaml"
BERLIN = FIXTURES / "berlin" / "event.yaml"
MM = 72 / 25.4
SHIPPED = LayoutPath.for_project(SEED_SOURCE.parent)
#: A name of 60 characters, in eight words.
LONG_NAME = "Maria Aparecida dos Santos Ferreira de Albuquerque Luz Silva"


@dataclass(frozen=True)
class Line:
    """A line as poppler finds it: its words in poppler's order, and their boxes (pt)."""

    words: tuple[tuple[str, float, float, float, float], ...]

    @property
    def text(self) -> str:
        return " ".join(word for word, *_ in self.words)

    @property
    def top(self) -> float:
        return min(box[2] for box in self.words)

    @property
    def turned(self) -> bool | None:
        """Whether poppler reads the line from right to left across the page: a line
        turned half round (None for a line of one word, which does not say)."""
        if len(self.words) < 2:
            return None
        xs = [box[1] for box in self.words]
        return xs == sorted(xs, reverse=True)


def pages_of(pdf: Path) -> list[list[Line]]:
    """Every line of every page, as pdftotext -bbox-layout finds it."""
    found = []
    for page in pdftotext(pdf, "-bbox-layout").split("<page ")[1:]:
        lines = []
        for line in re.findall(r"<line [^>]*>(.*?)</line>", page, re.S):
            words = re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)'
                "</word>",
                line,
            )
            lines.append(
                Line(
                    tuple(
                        (html.unescape(w), float(a), float(b), float(c), float(d))
                        for a, b, c, d, w in words
                    )
                )
            )
        found.append(lines)
    return found


def faces(layout: TentLayout, sheet: int = 0) -> list[tuple[float, float, float, float, bool]]:
    """The faces of a full sheet in pt: x0, y0, x1, y1 and whether it is the upper
    (turned) one; row by row, as tents are placed."""
    found = []
    for row in range(layout.rows):
        for column in range(layout.columns):
            x = layout.margin_x + column * layout.card.width
            y = layout.margin_y + row * layout.card.height
            half = layout.card.height / 2
            for top, turned in ((y, True), (y + half, False)):
                found.append(
                    (x * MM, top * MM, (x + layout.card.width) * MM, (top + half) * MM, turned)
                )
    return found


def build_tents(source: Path, out: Path, layout: str | None = None) -> Path:
    build(source, out, only=("tents",), tent_layout=layout)
    return out


@pytest.fixture(scope="module")
def summit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared(tmp_path_factory, "summit-tents", lambda f: build_tents(SUMMIT, f)) / "tents.pdf"


def _on_face(line: Line, face: tuple[float, float, float, float, bool]) -> bool:
    x0, y0, x1, y1, _ = face
    return all(
        x0 - 0.5 <= a and c <= x1 + 0.5 and y0 - 0.5 <= b and d <= y1 + 0.5
        for _, a, b, c, d in line.words
    )


def assert_both_faces(pdf: Path, layout: TentLayout, names: list[str], rtl: bool = False) -> None:
    """Each tent (in names' order) has its name on both faces: upright on the lower,
    turned half round on the upper; no line of text leaves its face."""
    pages = pages_of(pdf)
    per = layout.per_sheet
    assert len(pages) == -(-len(names) // per)
    for index, name in enumerate(names):
        lines = pages[index // per]
        slot = index % per
        upper, lower = faces(layout)[2 * slot], faces(layout)[2 * slot + 1]
        for face in (upper, lower):
            held = " ".join(" ".join(line.text for line in lines if _on_face(line, face)).split())
            # poppler gives right-to-left text in the order it is drawn: from the left
            assert (name[::-1] if rtl else name) in held, (name, face, held)
            for line in lines:
                if _on_face(line, face) and line.turned is not None:
                    # the upper face reads upside down: poppler takes its words from the right
                    assert line.turned == face[4], (line.text, face)
    for lines in pages:
        for line in lines:
            assert any(_on_face(line, face) for face in faces(layout)), (
                f"{line.text!r} leaves its face"
            )


def test_every_chair_and_speaker_has_a_tent_with_the_name_on_both_faces(summit: Path) -> None:
    ready = prepared(SUMMIT)
    event = ready.event
    seated = [seat.person.name for seat in seats(event)]
    named = {
        event.person(key).name for item in event.programme for key in (*item.chairs, *item.people)
    }
    assert named | {p.name for p in event.with_role("speaker", "moderator")} == set(seated)
    assert "Zofia Wrona" not in seated  # staff, at no table
    layout = load_layout(SHIPPED, "tents", "a4", TentLayout)
    assert_both_faces(summit, layout, seated)
    # the upper face reads upside down: poppler reads its words in order from the right
    turned = [line for line in pages_of(summit)[0] if line.turned]
    assert [line.text for line in turned] == ["Civic Tech Europe", "Ana Sofia Ferreira"]


def test_tents_are_in_the_order_the_tables_are_set(summit: Path) -> None:
    """By session, in time order, then by family name; a person once, at their first
    table; the speakers and moderators no session names last."""
    names = [seat.person.name for seat in seats(prepared(SUMMIT).event)]
    assert names[:6] == [
        "Ana Sofia Ferreira",  # Opening: chair Ferreira, speaker Zieliński
        "Marek Zieliński",
        "Léa Martin",  # Keynote (Ferreira already has hers)
        "Jonas Berg",  # Open budgets: Berg, Martin (had hers), Ó Súilleabháin
        "Aoife Ó Súilleabháin",
        "Tomás Ribeiro",  # Sensors: Ribeiro, then 王 (Wang)
    ]
    text = " ".join(pdftotext(summit).split())
    positions = [text.index(name) for name in names]
    assert positions == sorted(positions)


def test_two_tents_a_sheet_with_cut_and_fold_marks(tmp_path: Path) -> None:
    pdf = build_tents(SUMMIT, tmp_path, "a4-2") / "tents.pdf"
    layout = load_layout(SHIPPED, "tents", "a4-2", TentLayout)
    names = [seat.person.name for seat in seats(prepared(SUMMIT).event)]
    assert_both_faces(pdf, layout, names)
    reader = pypdf.PdfReader(pdf)
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [595, 842]
    # The marks, as a printer prints them: grey at both ends of each fold line, inside
    # the tent's padding (outside its faces), and none across the faces.
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "s")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("s*.png"))).convert("L")
    px = 150 / 25.4
    for row in range(layout.rows):
        fold = layout.margin_y + row * layout.card.height + layout.card.height / 2
        left, right = layout.margin_x, layout.margin_x + layout.card.width
        ends = [left + 1, right - 1]
        for x in ends:
            assert (
                min(image.getpixel((round(x * px), round(fold * px) + d)) for d in (-1, 0, 1)) < 200
            )
        middle = [
            image.getpixel((round((left + layout.padding + 2) * px), round(fold * px) + d))
            for d in (-1, 0, 1)
        ]
        assert min(middle) > 250, "no mark across the faces"
    # Cut marks in the margin beside each cut across the sheet, none on a tent.
    for row in range(layout.rows + 1):
        cut = layout.margin_y + row * layout.card.height
        beside = [
            image.getpixel((round((layout.margin_x - 3) * px), round(cut * px) + d))
            for d in (-1, 0, 1)
        ]
        assert min(beside) < 200, f"no cut mark at {cut} mm"


def test_on_letter_paper_a_tent_a_letter_sheet(tmp_path: Path) -> None:
    """The office paper where the event is: an en-US pack prints on Letter."""
    text = MINIMAL.replace("  country: NO\n", "  country: US\n  language: en-US\n")
    source = write_event(
        tmp_path / "source", text + "people:\n  - {name: Ann Lee, role: speaker}\n"
    )
    assert prepared(source).config.settings["tents"].layout is None
    pdf = build_tents(source, tmp_path / "out") / "tents.pdf"
    page = pypdf.PdfReader(pdf).pages[0]
    assert [round(float(v)) for v in page.mediabox[2:]] == [792, 612]  # 11 x 8.5 in
    assert_both_faces(pdf, load_layout(SHIPPED, "tents", "letter", TentLayout), ["Ann Lee"])


def test_fold_marks_stand_outside_the_faces_and_the_printers_margin() -> None:
    for name in ("a4", "a4-2", "letter", "letter-2"):
        layout = load_layout(SHIPPED, "tents", name, TentLayout)
        cards = [
            Placed(
                layout.margin_x + c * layout.card.width, layout.margin_y + r * layout.card.height, n
            )
            for n, (r, c) in enumerate(
                (r, c) for r in range(layout.rows) for c in range(layout.columns)
            )
        ]
        marks = fold_marks(layout, Sheet(tuple(cards)))
        assert len(marks) == 2 * layout.per_sheet, name
        for mark in marks:
            assert mark.across and mark.length >= 1.5
            assert mark.x >= layout.printer_margin - 1e-9
            assert mark.x + mark.length <= layout.page.width - layout.printer_margin + 1e-9
            card = next(
                p
                for p in cards
                if p.x <= mark.x <= p.x + layout.card.width
                and p.y <= mark.y <= p.y + layout.card.height
            )
            assert mark.y == pytest.approx(card.y + layout.card.height / 2)  # on the fold
            inside = (mark.x, mark.x + mark.length)
            faces_from, faces_to = (
                card.x + layout.padding,
                card.x + layout.card.width - layout.padding,
            )
            assert inside[1] <= faces_from or inside[0] >= faces_to, (name, mark)
    # A piece that does not fold has no fold marks.
    flat = load_layout(SHIPPED, "tents", "a4", TentLayout).model_copy(update={"fold": None})
    assert fold_marks(flat, Sheet((Placed(5.0, 5.0, 0),))) == ()


def test_a_60_character_name_fits_or_wraps_with_a_warning_never_clips(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert len(LONG_NAME) == 60
    source = write_event(
        tmp_path / "source",
        MINIMAL + f"people:\n  - {{name: {LONG_NAME}, id: long, role: speaker, country: BR,"
        " organisation: Instituto Brasileiro de Pesquisa em Cidades Inteligentes e Dados"
        " Abertos}\n",
    )
    for name in ("a4", "a4-2", "letter-2"):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="brochure"):
            pdf = build_tents(source, tmp_path / name, name) / "tents.pdf"
        layout = load_layout(SHIPPED, "tents", name, TentLayout)
        said = [r.getMessage() for r in caplog.records if r.getMessage().startswith("tents: ")]
        assert said and LONG_NAME in said[0] and "set on" in said[0], said
        assert "cut short" not in " ".join(said)
        text = pdftotext(pdf)
        assert "\u2026" not in text
        assert " ".join(text.split()).count(LONG_NAME) == 2, text  # both faces, every word whole
        assert_both_faces(pdf, layout, [LONG_NAME])
    strict = brochure("build", str(source), "-o", str(tmp_path / "strict"), "--strict")
    assert strict.returncode == 1 and LONG_NAME in strict.stderr
    assert not (tmp_path / "strict" / "tents.pdf").exists()


def test_the_names_are_centred_and_look_as_tents_css_says(tmp_path: Path) -> None:
    """A project's own tents.css decides the looks (here: capitals), and each line is
    centred across its face."""
    source = write_event(
        tmp_path / "source", MINIMAL + "people:\n  - {name: Ann Lee, role: speaker}\n"
    )
    css = SHIPPED.find("tents/tents.css").read_text(encoding="utf-8")
    (tmp_path / "layouts" / "tents").mkdir(parents=True)
    (tmp_path / "layouts" / "tents" / "tents.css").write_text(
        css + "\n.name { text-transform: uppercase; }\n", encoding="utf-8"
    )
    pdf = build_tents(source, tmp_path / "out") / "tents.pdf"
    lines = [line for line in pages_of(pdf)[0] if line.text == "ANN LEE"]
    assert len(lines) == 2
    layout = load_layout(SHIPPED, "tents", "a4", TentLayout)
    middle = (layout.margin_x + layout.card.width / 2) * MM
    for line in lines:
        left, right = min(w[1] for w in line.words), max(w[3] for w in line.words)
        assert abs((left + right) / 2 - middle) < 1.5, (left, right, middle)


def test_every_script_on_both_faces_and_fonts_embedded(tmp_path: Path) -> None:
    """The names fixture's people, every one at a table: Greek, Cyrillic, Arabic,
    Devanagari, Chinese, Japanese, Korean, a mononym, a long hyphenated name."""
    names = FIXTURES / "names" / "event.yaml"
    ids = ", ".join(f'"{person.key}"' for person in prepared(names).event.people)
    table = f"  - {{title: Every name, start: 12:00, end: 13:00, people: [{ids}]}}\n"
    text = names.read_text(encoding="utf-8").replace("programme:\n", "programme:\n" + table)
    path = write_event(tmp_path / "source", text)
    pdf = build_tents(path, tmp_path / "out", "a4-2") / "tents.pdf"
    event = prepared(path).event
    assert len(seats(event)) == len(event.people)
    text = " ".join(pdftotext(pdf).split())
    for person in event.people:
        if person.name == "محمد بن عبد الرحمن الفلاني":
            assert text.count("محمد بن عبد الرحمن") == 2  # poppler's lam-alef: see test_badges
        elif person.family == "श्रीनिवासन":
            assert text.count(person.given or "") == 2  # poppler's pre-base vowel: see test_badges
        else:
            assert text.count(" ".join(person.name.split())) == 2, person.name
    fonts = pdffonts(pdf)
    assert fonts and all(font["emb"] == "yes" for font in fonts)
    found = " ".join(font["name"] for font in fonts).replace("-", "")
    for family in ("Inter", "NotoSansArabic", "NotoSansDevanagari", "NotoSansCJK"):
        assert family in found, (family, found)


def test_a_right_to_left_pack_reads_upright_on_both_faces(tmp_path: Path) -> None:
    build_tents(HAIFA, tmp_path)
    for language in ("he", "ar"):
        pack = prepared(HAIFA).packs
        event = next(p.event for p in pack if p.language == language)
        names = [seat.person.name for seat in seats(event)]
        pdf = tmp_path / language / "tents.pdf"
        assert pypdf.PdfReader(pdf).pdf_header and len(pypdf.PdfReader(pdf).pages) == len(names)
        layout = load_layout(SHIPPED, "tents", "a4", TentLayout)
        if language == "he":
            assert_both_faces(pdf, layout, names, rtl=True)
        assert pypdf.PdfReader(pdf).trailer["/Root"]["/Lang"] == language


def test_the_seed_and_the_berlin_conference_have_their_tents(
    built_pack: Path, tmp_path: Path
) -> None:
    """The seed: the one who opens the workshop, then its six speakers by family name;
    Berlin: every seat, in both packs."""
    names = [seat.person.name for seat in seats(prepared(SEED_SOURCE / "event.yaml").event)]
    assert names == [
        "Alexandrine Pirlot de Corbion",
        "Guilherme Canela de Sousa",
        "Gemma Galdon Clavell",
        "Iván Mantilla Gaviria",
        "Niels ten Oever",
        "Amber Sinha",
        "Jamila Venturini",
    ]
    layout = load_layout(SHIPPED, "tents", "a4", TentLayout)
    assert_both_faces(built_pack / "tents.pdf", layout, names)
    build_tents(BERLIN, tmp_path)
    for pack in prepared(BERLIN).packs:
        pdf = tmp_path / pack.language / "tents.pdf"
        assert len(pypdf.PdfReader(pdf).pages) == len(seats(pack.event)) > 20
        text = " ".join(pdftotext(pdf).split())
        assert all(text.count(seat.person.name) == 2 for seat in seats(pack.event))


def test_preflight_knows_tents_are_folded(summit: Path) -> None:
    found = {f.check: f for f in check_file(summit, finish=FOLDED)}
    assert found["pages"].level == "ok"
    assert found["fonts"].level == "ok"
    assert found["safe area"].detail == FOLDED.uncut


def test_no_tents_for_an_event_with_nobody_at_a_table(tmp_path: Path) -> None:
    """Not written, and not mentioned, for an event with nobody at a table; said once
    when --only asks for them."""
    source = write_event(
        tmp_path / "source", MINIMAL + "people:\n  - {name: Ann Lee, role: staff}\n"
    )
    whole = brochure("build", str(source), "-o", str(tmp_path / "out"))
    assert whole.returncode == 0, whole.stderr
    assert not (tmp_path / "out" / "tents.pdf").exists() and "tents" not in whole.stderr
    asked = brochure("build", str(source), "-o", str(tmp_path / "out"), "--only", "tents")
    assert asked.returncode == 0, asked.stderr
    assert "tents.pdf: not written, as the event has nobody at a table" in asked.stderr


def brochure(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m brochure` as an organiser runs it."""
    return subprocess.run(
        [sys.executable, "-m", "brochure", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=300,
    )


def test_a_tent_layout_is_chosen_in_the_file_and_checked(tmp_path: Path) -> None:
    people = "people:\n  - {name: Ann Lee, role: speaker}\n"
    source = write_event(tmp_path / "source", MINIMAL + people + "tents:\n  layout: a4-3\n")
    problems = [str(p) for p in prepared_problems(source)]
    assert any(
        "tents.layout: 'a4-3' is not a tent layout; choose from a4, a4-2, letter, letter-2 "
        "(did you mean 'a4-2'?)" in p
        for p in problems
    ), problems
    source.write_text(source.read_text().replace("a4-3", "letter-2"))
    assert prepared(source).config.settings["tents"].layout == "letter-2"
    assert prepared(source, tent_layout="a4").config.settings["tents"].layout == "a4"


def prepared_problems(source: Path) -> list[object]:
    try:
        prepared(source)
    except InputError as error:
        return list(error.problems)
    return []


def test_a_layout_that_does_not_fold_across_is_refused_in_its_file(tmp_path: Path) -> None:
    folder = tmp_path / "layouts" / "tents"
    folder.mkdir(parents=True)
    text = (SHIPPED.find("tents/a4.yaml")).read_text().replace("fold: across", "fold: down")
    (folder / "mine.yaml").write_text(text)
    with pytest.raises(InputError) as raised:
        load_layout(LayoutPath((tmp_path / "layouts",)), "tents", "mine", TentLayout)
    (problem,) = raised.value.problems
    assert "fold" in str(problem) and "fold: across" in str(problem)
    assert str(problem).startswith(f"{folder / 'mine.yaml'}:")


def test_a_speaker_of_cancelled_sessions_only_gets_no_tent(tmp_path: Path) -> None:
    """A cancelled session sets no table: Bo Chen, who speaks only in it (and is a
    speaker of `people`), gets no tent, as he gets no certificate of presentation;
    Ana Silva, at a table that is set, gets hers."""
    source = write_event(
        tmp_path / "source",
        MINIMAL
        + "people:\n  - {name: Ana Silva, role: speaker}\n  - {name: Bo Chen, role: speaker}\n"
        "programme:\n"
        "  - {title: Moved one, start: '9:00', end: '10:00', room: Hall A, people: [ana-silva]}\n"
        "  - {title: Gone, start: '10:00', end: '11:00', room: Hall A, status: CANCELLED,"
        " people: [bo-chen]}\n",
    )
    assert [seat.person.name for seat in seats(prepared(source).event)] == ["Ana Silva"]
    build(source, tmp_path / "out", only=("tents",))
    text = pdftotext(tmp_path / "out" / "tents.pdf")
    assert "Ana Silva" in text and "Bo Chen" not in text
