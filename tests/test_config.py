"""One resolved config: the command line over the event file over defaults, met once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import MINIMAL, ROOT, write_event

from brochure.cli import main, parser
from brochure.outputs import REGISTRY
from brochure.outputs.base import Output, Registry


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write_event(tmp_path / "source", MINIMAL)


def test_an_unknown_badge_layout_on_the_command_line_is_misuse(
    source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(source), "--badge-layout", "nosuch"]) == 2
    err = capsys.readouterr().err
    assert "--badge-layout: no layout 'nosuch'; choose from 3x4in, 4x3in, a4-8, a6," in err
    assert not (source.parent.parent / "output").exists()


@pytest.mark.parametrize("name", ["programme.pdf", "pack.DOCX"])
def test_an_output_named_like_a_file_is_misuse(
    source: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = source.parent.parent / name
    assert main(["build", str(source), "-o", str(target)]) == 2
    assert "looks like a file name" in capsys.readouterr().err
    assert not target.exists()


def test_an_output_that_is_a_file_is_misuse(
    source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = source.parent.parent / "output" / "brochure.pdf"
    target.parent.mkdir()
    target.write_bytes(b"last week's")
    assert main(["build", str(source), "-o", str(target)]) == 2
    assert "is a file" in capsys.readouterr().err
    assert target.read_bytes() == b"last week's"


@pytest.mark.parametrize("where", ["before", "after"])
def test_verbosity_goes_before_or_after_the_command(
    source: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["-q", "check", str(source)] if where == "before" else ["check", str(source), "-q"]
    assert main(args) == 0
    assert capsys.readouterr().out == ""
    assert main(["check", str(source)]) == 0
    assert "ok (0 people)" in capsys.readouterr().out


@pytest.mark.slow
def test_the_default_output_is_in_the_project_wherever_the_command_runs(
    source: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "brochure", "build", str(source), "--only", "concept-note"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (source.parent.parent / "output" / "concept-note.docx").is_file()
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("command", ["build", "check"])
def test_help_explains_every_argument_with_its_default(command: str) -> None:
    top = parser()
    sub = next(action for action in top._actions if action.dest == "command").choices[command]  # type: ignore[union-attr]
    text = " ".join(sub.format_help().split())
    for action in sub._actions:
        if action.dest in ("help",):
            continue
        assert action.help, f"{command} {action.option_strings or action.dest} has no help"
        if action.option_strings and action.option_strings[0] in ("-q", "-v", "--debug"):
            continue
        assert "default" in action.help, f"{command} {action.dest}: no default in its help"
    assert "default: source/event.yaml" in text


def test_help_exits_0_for_every_command() -> None:
    for command in ("build", "check"):
        assert main([command, "--help"]) == 0


def test_the_registry_refuses_a_second_output_of_one_name_or_file() -> None:
    first = Output("a", "one", ("a.pdf",), "nowhere")
    with pytest.raises(ValueError, match="two outputs are called 'a'"):
        Registry(first, Output("a", "two", ("b.pdf",), "nowhere"))
    with pytest.raises(ValueError, match=r"both write a\.pdf"):
        Registry(first, Output("b", "two", ("a.pdf",), "nowhere"))


def test_every_output_renders_the_files_it_declares() -> None:
    names = [file for output in REGISTRY for file in output.files]
    assert names == [
        "brochure.pdf",
        "brochure-booklet.pdf",
        "concept-note.docx",
        "badges.pdf",
        "checkin.csv",
        "programme.ics",
        "brochure-large-print.pdf",
        "programme",
        "programme.epub",
        "certificates.pdf",
        "certificates.csv",
        "certificates",
        "signs.pdf",
        "timetable.pdf",
        "time-cards.pdf",
        "tents.pdf",
        "run-sheets.pdf",
    ]


def test_check_does_not_import_the_renderers(source: Path) -> None:
    """`brochure check` stays fast: no WeasyPrint, no python-docx."""
    script = (
        "import sys; from brochure.cli import main; code = main(['-q', 'check', sys.argv[1]]); "
        "print(code, sorted(m for m in ('weasyprint', 'docx') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(source)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.stdout.split() == ["0", "[]"], result.stderr
