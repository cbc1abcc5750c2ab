"""A screen reader's view: the brochure and badges are tagged PDFs (PDF/UA-1).

The structure tree is read with pikepdf; its text in reading order with poppler
(`pdfinfo -struct-text`); content streams are checked for untagged marks.
"""

from __future__ import annotations

import itertools
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from tests.conftest import FIXTURES, build, pdftotext

pytestmark = pytest.mark.slow

CONFERENCE = FIXTURES / "conference" / "event.yaml"


@pytest.fixture(scope="module")
def conference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The made-up conference (organisers with logos), brochure and badges."""
    out = tmp_path_factory.mktemp("accessible")
    build(CONFERENCE, out, only=("brochure", "badges"), strict=True)
    return out


@pytest.fixture(params=["seed", "conference"])
def brochure(request: pytest.FixtureRequest, built_pack: Path) -> Path:
    if request.param == "seed":
        return built_pack / "brochure.pdf"
    return request.getfixturevalue("conference") / "brochure.pdf"


def elements(node: Any) -> Iterator[Any]:
    """Every structure element under node, in document (reading) order."""
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from elements(kid)


def structure(pdf: Path) -> list[Any]:
    with pikepdf.open(pdf) as document:
        return [(str(e.S)[1:], dict(e.items())) for e in elements(document.Root.StructTreeRoot)]


def test_the_brochure_is_tagged_with_language_and_title(brochure: Path) -> None:
    with pikepdf.open(brochure) as document:
        root = document.Root
        assert root.MarkInfo.Marked
        assert str(root.Lang) in ("en", "en-GB")
        assert root.ViewerPreferences.DisplayDocTitle  # the title, not the file name
        assert str(document.docinfo.Title)
        assert document.open_metadata()["pdfuaid:part"] == "1"
        assert "/StructTreeRoot" in root


def test_headings_start_at_one_and_never_skip_a_level(brochure: Path) -> None:
    levels = [int(tag[1]) for tag, _ in structure(brochure) if re.fullmatch(r"H[1-6]", tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


def struct_text(pdf: Path) -> str:
    """The structure tree with its text, as poppler reads it out."""
    return subprocess.run(
        ["pdfinfo", "-struct-text", str(pdf)], check=True, capture_output=True, text=True
    ).stdout


def test_reading_order_follows_the_pages(built_pack: Path) -> None:
    """Each section's heading comes in the tree in the order the pages show it."""
    pdf = built_pack / "brochure.pdf"
    tree = struct_text(pdf)
    headings = re.findall(r'^\s*H2 \(block\)\n\s*Span \(inline\)\n\s*"([^"]+)"', tree, re.M)
    printed = " ".join(pdftotext(pdf).split())
    positions = [printed.index(heading.strip()) for heading in headings]
    assert headings[:3] == ["Contents", "About the workshop", "Questions and topics"]
    assert positions == sorted(positions), headings


def test_lists_are_lists_with_labels_and_bodies(built_pack: Path) -> None:
    tags = [tag for tag, _ in structure(built_pack / "brochure.pdf")]
    assert tags.count("L") >= 3  # contents, questions, sectors, people
    assert tags.count("LI") == tags.count("LBody")
    assert "Lbl" in tags  # the questions' numbers


def test_logos_are_figures_named_after_their_organiser(conference: Path) -> None:
    figures = [attrs for tag, attrs in structure(conference / "brochure.pdf") if tag == "Figure"]
    assert len(figures) == 2  # on the cover and on the organisers' page
    assert {str(f["/Alt"]) for f in figures} == {"Open City Network"}


def test_tables_have_header_cells(brochure: Path) -> None:
    """Any table a layout uses heads its columns (TH), as PDF/UA asks (7.5)."""
    tags = [tag for tag, _ in structure(brochure)]
    assert tags.count("Table") <= tags.count("TH") or "Table" not in tags


MARKING = {b"BDC", b"BMC"}
PAINTING = {b"Tj", b"TJ", b"'", b'"', b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s"}
PAINTING |= {b"Do", b"sh"}


def untagged_marks(page: pikepdf.Page) -> list[str]:
    """Painting operators outside both tagged content (an MCID) and artifacts."""
    stack: list[str] = []
    found = []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = bytes(operator)
        if op in MARKING:
            tag = str(operands[0])
            props = operands[1] if len(operands) > 1 else None
            has_mcid = isinstance(props, pikepdf.Dictionary) and "/MCID" in props
            stack.append("artifact" if tag == "/Artifact" else "mcid" if has_mcid else tag)
        elif op == b"EMC":
            stack.pop()
        elif op in PAINTING and not ({"artifact", "mcid"} & set(stack)):
            found.append(op.decode())
    return found


def test_everything_drawn_is_content_or_an_artifact(brochure: Path) -> None:
    """Backgrounds, rules and the cover's dot grid are artifacts; text is tagged."""
    with pikepdf.open(brochure) as document:
        for number, page in enumerate(document.pages, 1):
            assert untagged_marks(page) == [], number


def test_badges_carry_a_language_and_a_title(conference: Path) -> None:
    with pikepdf.open(conference / "badges.pdf") as document:
        assert str(document.Root.Lang) == "en-GB"
        assert document.Root.ViewerPreferences.DisplayDocTitle
        assert "Name badges" in str(document.docinfo.Title)


def test_an_image_without_alternative_text_is_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A layout of one's own that forgets an alt: said, and fatal under --strict."""
    from brochure.engines import weasy

    dot = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>"
    html = f'<html lang="en"><title>T</title><img src="{dot}"></html>'
    document = weasy.render_document(html, tmp_path, (tmp_path,), "brochure")
    with caplog.at_level("WARNING", logger="brochure"):
        weasy.to_pdf(document, "brochure")
    assert any(
        r.getMessage().startswith("brochure: ") and "no required alt" in r.getMessage()
        for r in caplog.records
    ), [r.getMessage() for r in caplog.records]
