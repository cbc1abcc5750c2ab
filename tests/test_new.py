"""`brochure new`: a new event folder that builds at once, from the repository or a wheel."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import typing
import zipfile
from pathlib import Path

import pydantic
import pytest
from tests.conftest import ROOT

from brochure.cli import main
from brochure.commands.new import starter_event
from brochure.model import Event
from brochure.schema import MODELINE, SCHEMA_FILE


def test_new_makes_an_event_that_check_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path / "meeting")]) == 0
    source = tmp_path / "meeting" / "source"
    assert (source / "event.yaml").is_file()
    assert (source / "logos").is_dir()
    assert (source / SCHEMA_FILE).is_file()
    said = capsys.readouterr().out
    assert "brochure serve" in said and "brochure build" in said
    assert main(["check", str(source / "event.yaml")]) == 0
    assert (source / "event.yaml").read_text(encoding="utf-8").startswith(MODELINE + "\n")


def test_new_files_can_be_read_by_whoever_shares_the_folder(tmp_path: Path) -> None:
    """The files get the permissions any new file gets (umask 022: readable by all)."""
    previous = os.umask(0o022)
    try:
        assert main(["-q", "new", str(tmp_path / "meeting")]) == 0
    finally:
        os.umask(previous)
    for name in ("event.yaml", SCHEMA_FILE):
        assert (tmp_path / "meeting" / "source" / name).stat().st_mode & 0o777 == 0o644


def test_new_never_replaces_a_file_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-q", "new", str(tmp_path)]) == 0
    source = tmp_path / "source" / "event.yaml"
    source.write_text("mine\n", encoding="utf-8")
    assert main(["-q", "new", str(tmp_path)]) == 1
    assert "already there; nothing was written (--force replaces them)" in capsys.readouterr().err
    assert source.read_text(encoding="utf-8") == "mine\n"
    assert main(["-q", "new", str(tmp_path), "--force"]) == 0
    assert source.read_text(encoding="utf-8") != "mine\n"


def _keys(model: type[pydantic.BaseModel]) -> set[tuple[str, str]]:
    """Every (model, key) of the event file, through nested models."""
    found = set()
    for name, field in model.model_fields.items():
        found.add((model.__name__, name))
        for inner in _models(field.annotation):
            found |= _keys(inner)
    return found


def _models(annotation: object) -> list[type[pydantic.BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def test_the_starter_explains_every_key_of_the_event_file() -> None:
    """Each key of the model is in the starter: given with a comment beside or above it,
    or commented out with an example that says what it holds."""
    import datetime as dt

    lines = starter_event(dt.date(2030, 1, 1)).splitlines()
    for model, key in sorted(_keys(Event)):
        found = [i for i, line in enumerate(lines) if re.match(rf"\s*(#\s*)?(- )?{key}:", line)]
        assert found, f"{model}.{key} is not in the starter event"
        assert any(
            lines[i].lstrip().startswith("#")  # commented out, its example explaining it
            or "#" in lines[i].split(f"{key}:", 1)[1]  # a comment beside it
            or lines[i - 1].lstrip().startswith("#")  # a comment above it
            for i in found
        ), f"{model}.{key} is not explained"


@pytest.mark.slow
def test_new_then_build_from_an_installed_wheel_outside_the_repository(tmp_path: Path) -> None:
    """The wheel carries the layouts and the starter: nothing is read from this checkout."""
    wheels = tmp_path / "wheels"
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    subprocess.run(
        [*pip_wheel, "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("brochure-*.whl")
    installed = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(installed)
    assert "brochure/_layouts/brochure/brochure.html.j2" in names
    assert "brochure/starter/event.yaml.j2" in names
    assert "brochure/preview/page.html.j2" in names
    assert "brochure/locale/es/LC_MESSAGES/messages.po" in names  # compiled when needed
    work = tmp_path / "elsewhere"
    work.mkdir()
    # The unpacked wheel first on the path, before this checkout's editable install; no
    # PYTHONPATH into the repository, and run from a folder outside it.
    env = {**os.environ, "PYTHONPATH": str(installed), "PYTHONSAFEPATH": "1"}

    def brochure(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "brochure", *args],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import brochure.engines.layouts as l; print(l.default_layouts())"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where) == installed / "brochure" / "_layouts"
    made = brochure("new", "conference")
    assert made.returncode == 0, made.stderr
    built = brochure("build", "conference/source/event.yaml")
    assert built.returncode == 0, built.stderr
    output = work / "conference" / "output"
    assert sorted(p.name for p in output.iterdir()) == [
        ".brochure-manifest.json",
        "badges.pdf",
        "brochure-booklet.pdf",
        "brochure-large-print.pdf",
        "brochure.pdf",
        "concept-note.docx",
        "programme",
        "programme.epub",
        "programme.ics",
        "tents.pdf",  # a moderator and a speaker; no chair, so no run sheets
        "time-cards.pdf",
        "timetable.pdf",
    ]
    assert not (ROOT / "conference").exists()
