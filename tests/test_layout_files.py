"""Layout files are read only from the layout folders (docs/security.md): a project's
layout file that is a link out of them is refused by name, never passed over for the
shipped file of the same name (issue 20)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.conftest import MINIMAL, ROOT, write_event

from brochure.cli import main
from brochure.engines.layouts import LayoutPath

SHIPPED = ROOT / "layouts"


def project(tmp_path: Path) -> tuple[Path, Path]:
    """A project with a minimal event and an empty `layouts/`; (event file, layouts)."""
    source = write_event(tmp_path / "project" / "source", MINIMAL)
    return source, tmp_path / "project" / "layouts"


def linked(layouts: Path, name: str, target: Path) -> Path:
    link = layouts / name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    return link


@pytest.mark.parametrize(
    ("name", "only"),
    [
        ("brochure/brochure.css", "brochure"),
        ("brochure/brochure.html.j2", "brochure"),
        ("badges/a4-8.yaml", "badges"),
        ("badges/badges.css", "badges"),
        ("concept-note/reference.docx", "concept-note"),
    ],
)
def test_a_layout_file_linked_from_outside_is_refused_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, only: str
) -> None:
    source, layouts = project(tmp_path)
    outside = tmp_path / "elsewhere" / Path(name).name
    outside.parent.mkdir()
    if (SHIPPED / name).is_file():
        shutil.copy(SHIPPED / name, outside)  # a working file: only where it is, is wrong
    else:
        outside.write_bytes(b"")
    link = linked(layouts, name, outside)
    code = main(["build", str(source), "--only", only, "--timeout", "0"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert f"{link}:1:1: layouts: '{name}' is a link that leads outside {layouts}" in err
    assert not (tmp_path / "project" / "output").exists()


def test_check_refuses_it_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, layouts = project(tmp_path)
    shutil.copy(SHIPPED / "brochure" / "brochure.css", tmp_path / "mine.css")
    linked(layouts, "brochure/brochure.css", tmp_path / "mine.css")
    assert main(["check", str(source)]) == 1
    assert "'brochure/brochure.css' is a link that leads outside" in capsys.readouterr().err


def test_a_badge_layout_of_ones_own_linked_from_outside_is_refused_not_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, layouts = project(tmp_path)
    shutil.copy(SHIPPED / "badges" / "a6.yaml", tmp_path / "door.yaml")
    link = linked(layouts, "badges/door.yaml", tmp_path / "door.yaml")
    code = main(["build", str(source), "--only", "badges", "--badge-layout", "door"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert f"{link}:1:1: layouts: 'badges/door.yaml' is a link that leads outside" in err


def test_a_link_to_nothing_is_refused_not_passed_over(tmp_path: Path) -> None:
    _, layouts = project(tmp_path)
    linked(layouts, "brochure/brochure.css", layouts / "brochure" / "gone.css")
    path = LayoutPath((layouts.resolve(), SHIPPED.resolve()))
    with pytest.raises(Exception, match="is a link to a file that does not exist"):
        path.find("brochure/brochure.css")


def test_links_within_the_layout_folders_are_followed(tmp_path: Path) -> None:
    """A project's file linking to another of its own, or to a shipped one, is read."""
    _, layouts = project(tmp_path)
    (layouts / "brochure").mkdir(parents=True)
    (layouts / "brochure" / "house.css").write_text("p { color: black }")
    linked(layouts, "brochure/brochure.css", layouts / "brochure" / "house.css")
    linked(layouts, "badges/a6.yaml", SHIPPED / "badges" / "a6.yaml")
    path = LayoutPath((layouts.resolve(), SHIPPED.resolve()))
    assert path.find("brochure/brochure.css").read_text() == "p { color: black }"
    assert path.find("badges/a6.yaml") == (SHIPPED / "badges" / "a6.yaml").resolve()
    assert path.find("badges/cr80.yaml") == (SHIPPED / "badges" / "cr80.yaml").resolve()


def _spoil(layouts: Path, name: str, kind: str, tmp_path: Path) -> Path:
    """Make layouts/name what kind says: a link to nothing, a pipe, a link out of the
    layout folders, a folder where a file was, a link to another file outside."""
    import os

    path = layouts / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    if kind == "dangling":
        path.symlink_to("/nonexistent")
    elif kind == "dangling-inside":
        path.symlink_to(layouts / "badges" / "gone.css")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "passwd":
        path.symlink_to("/etc/passwd")
    elif kind == "outside":
        (tmp_path / "mine.css").write_text("p { color: black }")
        path.symlink_to(tmp_path / "mine.css")
    elif kind == "folder":
        path.mkdir()  # empty: no new name to change the key by
    else:
        raise AssertionError(kind)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("first", ["shipped", "own"])
@pytest.mark.parametrize(
    "kind", ["dangling", "fifo", "passwd", "folder", "dangling-inside", "outside"]
)
def test_a_layout_spoiled_after_a_good_build_is_refused_by_the_next_build(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], kind: str, first: str
) -> None:
    """Finding 03: after a good build, a layout file made a link to nothing, a pipe, a
    link to /etc/passwd or a folder is refused by the next build as `check` refuses it,
    never "nothing changed" (the build's key is made from what each file is)."""
    source, layouts = project(tmp_path)
    with source.open("a") as text:
        text.write("people:\n  - {name: Ann Lee, role: speaker}\n")
    name = "badges/badges.css"
    if first == "own":  # the project had a file of its own by that name
        (layouts / "badges").mkdir(parents=True)
        shutil.copy(SHIPPED / name, layouts / name)
    assert main(["-q", "build", str(source), "--only", "badges"]) == 0
    badges = tmp_path / "project" / "output" / "badges.pdf"
    before = badges.read_bytes()
    path = _spoil(layouts, name, kind, tmp_path)
    capfd.readouterr()
    assert main(["check", str(source), "--only", "badges"]) == 1
    assert f"{path}:1:1: layouts: '{name}'" in capfd.readouterr().err
    assert main(["build", str(source), "--only", "badges"]) == 1
    captured = capfd.readouterr()
    assert "nothing changed" not in captured.out + captured.err
    assert f"{path}:1:1: layouts: '{name}'" in captured.err
    assert badges.read_bytes() == before


def test_the_key_changes_with_what_a_refused_layout_file_is_and_where_it_leads(
    tmp_path: Path,
) -> None:
    """Each kind of refused layout file, and each target of a link out, is another
    check key (no rendering: the key alone)."""
    from brochure.commands.freshness import check_key, keys
    from brochure.commands.prepare import resolve
    from brochure.config import CommandLine

    source, layouts = project(tmp_path)
    (tmp_path / "other.css").write_text("p { color: black }")

    def key() -> tuple[str, str]:
        config, read, _ = resolve(CommandLine.of(source=source, only=("badges",)))
        return check_key(read, config), keys(read, config)["badges"]

    found = [key()]
    for kind in ["dangling", "dangling-inside", "fifo", "passwd", "outside", "folder"]:
        _spoil(layouts, "badges/badges.css", kind, tmp_path)
        found.append(key())
    link = layouts / "badges" / "badges.css"
    shutil.rmtree(link)
    link.symlink_to(tmp_path / "other.css")  # another file outside: another key
    found.append(key())
    assert len({check for check, _ in found}) == len(found)
    assert len({own for _, own in found}) == len(found)


def test_a_template_included_from_another_folder_keys_what_it_is(tmp_path: Path) -> None:
    """A project's template that includes one of another layout folder: that file made a
    link out, then a pipe, changes the brochure's key (check refuses it when read)."""
    import os

    from brochure.commands.freshness import check_key
    from brochure.commands.prepare import resolve
    from brochure.config import CommandLine

    source, layouts = project(tmp_path)
    (layouts / "brochure").mkdir(parents=True)
    (layouts / "shared").mkdir()
    template = (SHIPPED / "brochure" / "brochure.html.j2").read_text(encoding="utf-8")
    (layouts / "brochure" / "brochure.html.j2").write_text(
        template + '\n{% include "shared/note.html.j2" %}\n', encoding="utf-8"
    )
    shared = layouts / "shared" / "note.html.j2"
    shared.write_text("<p>note</p>")

    def key() -> str:
        config, read, _ = resolve(CommandLine.of(source=source, only=("brochure",)))
        return check_key(read, config)

    found = [key()]
    shared.unlink()
    shared.symlink_to("/etc/passwd")
    found.append(key())
    shared.unlink()
    os.mkfifo(shared)
    found.append(key())
    assert len(set(found)) == 3


# -- hostile 2, finding 06: @import in a layout's style sheet ------------------------------


@pytest.mark.slow
def test_a_style_sheet_imports_files_of_the_layout_folders_and_refuses_others_once(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The project's brochure.css is set after other rules, where CSS drops every
    @import: brochure sets each imported file of the layout folders in its place (beside
    it, or in another layout folder, in @media when the import names media); an import
    from outside the layout folders, and one after other rules, is left out and said
    once, at the importing file's own line and column, by its path in the project, and
    WeasyPrint says nothing of them. `check` says the same."""
    from tests.conftest import pdftotext

    source, layouts = project(tmp_path)
    (layouts / "brochure").mkdir(parents=True)
    (layouts / "shared").mkdir()
    (layouts / "brochure" / "extra.css").write_text('h1::after { content: " BESIDE" }\n')
    (layouts / "shared" / "more.css").write_text('h2::after { content: " SHARED" }\n')
    (tmp_path / "project" / "outside.css").write_text('h1::before { content: "OUTSIDE " }\n')
    shipped = (SHIPPED / "brochure" / "brochure.css").read_text()
    (layouts / "brochure" / "brochure.css").write_text(
        '@charset "utf-8";\n'
        '@import "extra.css";\n'
        '/* a comment */ @import url("../shared/more.css") print;\n'
        '  @import url("../../outside.css");\n'
        '@import "missing.css";\n' + shipped + '\n@import "extra.css";\n'
    )
    after = 6 + shipped.count("\n") + 1  # the line of the import after the rules
    out = tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--only", "brochure"]) == 0
    err = capfd.readouterr().err
    text = pdftotext(out / "brochure.pdf")
    assert "BESIDE" in text and "SHARED" in text
    assert "OUTSIDE" not in text
    css = "layouts/brochure/brochure.css"
    assert (
        err.count(
            f"{css}:4:3: @import: warning: '../../outside.css' refused: outside.css is outside "
            "the layout folders"
        )
        == 1
    ), err
    assert err.count(f"{css}:5:1: @import: warning: 'missing.css' refused: ") == 1, err
    assert "layouts/brochure/missing.css is not there" in err
    assert err.count(f"{css}:{after}:1: @import: warning: an @import after other rules") == 1
    assert err.count(": @import: warning:") == 3, err
    assert "not at the beginning" not in err and "@charset" not in err, err
    assert str(tmp_path) not in err
    assert main(["check", str(source)]) == 0
    checked = capfd.readouterr().err
    assert f"{css}:4:3: @import: warning: '../../outside.css' refused" in checked
