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
