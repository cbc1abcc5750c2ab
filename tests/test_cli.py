"""The command line, driven end to end with real files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, MINIMAL, ROOT, write_event

from brochure.cli import main


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `python -m brochure` as a user would, in cwd."""
    return subprocess.run(
        [sys.executable, "-m", "brochure", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=300,
    )


def test_check_accepts_the_seed(project: Path) -> None:
    result = run("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "source/event.yaml: ok (8 people)" in result.stdout


def test_bad_input_exits_1_with_located_problems_and_no_traceback(project: Path) -> None:
    source = project / "source" / "event.yaml"
    source.write_text(
        source.read_text().replace("role: speaker", "role: superstar", 1), encoding="utf-8"
    )
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("source/event.yaml:")
    assert ": people[2].role: 'superstar' is not one of" in first
    assert result.stderr.rstrip().endswith("1 problem")  # check writes nothing anyway


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["build", "--only", "posters"],
        ["build", "--nonsense"],
        ["build", "--layouts", "/no/such/folder"],
        ["check", "--layouts", "/no/such/folder"],
        [],
    ],
)
def test_misuse_exits_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2


def test_version_and_help_exit_0() -> None:
    assert main(["--version"]) == 0
    assert main(["build", "--help"]) == 0


@pytest.mark.slow
def test_failed_build_leaves_output_untouched(project: Path) -> None:
    output = project / "output"
    output.mkdir()
    (output / "brochure.pdf").write_bytes(b"previous pack")
    (output / "notes.txt").write_text("mine")
    source = project / "source" / "event.yaml"
    source.write_text(source.read_text().replace("date: 2016-12-08", "date: someday"))
    result = run("build", cwd=project)
    assert result.returncode == 1
    assert "event.date" in result.stderr
    assert (output / "brochure.pdf").read_bytes() == b"previous pack"
    assert sorted(p.name for p in output.iterdir()) == ["brochure.pdf", "notes.txt"]
    assert [p.name for p in project.iterdir() if p.name.startswith(".")] == []


@pytest.mark.slow
def test_build_only_leaves_other_outputs_as_they_are(tmp_path: Path) -> None:
    write_event(tmp_path / "source", MINIMAL)
    output = tmp_path / "output"
    output.mkdir()
    (output / "badges.pdf").write_bytes(b"old badges")
    assert (
        main(
            [
                "-q",
                "build",
                str(tmp_path / "source/event.yaml"),
                "-o",
                str(output),
                "--only",
                "brochure",
            ]
        )
        == 0
    )
    assert (output / "brochure.pdf").read_bytes().startswith(b"%PDF-")
    assert (output / "badges.pdf").read_bytes() == b"old badges"


def test_a_new_event_started_from_the_summit_is_checked_with_its_warnings(
    tmp_path: Path,
) -> None:
    shutil.copytree(FIXTURES / "summit", tmp_path / "source")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "source/event.yaml: ok (159 people)" in result.stdout
    assert "registrations.csv:1:1: attendees: warning: columns left out" in result.stderr
    strict = run("check", "--strict", cwd=tmp_path)
    assert strict.returncode == 1 and strict.stderr.rstrip().endswith("2 problems")
