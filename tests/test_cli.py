"""The command line, driven end to end with real files."""

from __future__ import annotations

import os
import re
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
    # A pretix export's order and invoice columns are known, and the same person in the
    # YAML and the CSV found by e-mail is expected: both said only under --verbose.
    assert result.stderr == ""
    verbose = run("check", "--verbose", cwd=tmp_path)
    assert "registrations.csv: not read (no badge needs them): Order date" in verbose.stderr
    assert "Léa Martin is also people[2] in the event file" in verbose.stderr
    assert "warning" not in verbose.stderr
    assert run("check", "--strict", cwd=tmp_path).returncode == 0
    # A column no registration system is known for is a warning, an error under --strict.
    csv = tmp_path / "source" / "registrations.csv"
    rows = csv.read_text(encoding="utf-8").splitlines()
    csv.write_text(
        "\n".join([rows[0] + ",Dietary wish"] + [row + ",none" for row in rows[1:]]) + "\n",
        encoding="utf-8",
    )
    warned = run("check", cwd=tmp_path)
    assert warned.returncode == 0, warned.stderr
    assert "registrations.csv:1:1: attendees: warning: columns left out" in warned.stderr
    assert "Dietary wish" in warned.stderr
    strict = run("check", "--strict", cwd=tmp_path)
    assert strict.returncode == 1 and strict.stderr.rstrip().endswith(
        "1 problem (warning, refused under --strict)"
    )


def test_a_build_ends_with_a_plain_summary_table_in_a_pipe(project: Path) -> None:
    result = run("build", "--only", "calendar", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["file", "pages", "size", "time"]
    assert re.fullmatch(r"programme\.ics +1 event +\d+(\.\d)? (bytes|kB) +\d+\.\d s", lines[1])
    assert re.fullmatch(r"1 file in output/ in \d+\.\d s", lines[2])
    assert "\x1b[" not in result.stdout  # no terminal codes in a pipe


def _on_a_terminal(args: list[str], cwd: Path, env: dict[str, str], stderr: bool = False) -> str:
    """What the command prints when its output is a terminal (a pseudo-terminal here):
    its standard output, and its standard error too with stderr."""
    import pty

    leader, follower = pty.openpty()
    try:
        subprocess.run(
            [sys.executable, "-m", "brochure", *args],
            cwd=cwd,
            stdout=follower,
            stderr=follower if stderr else subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "100", **env},
            timeout=120,
            check=True,
        )
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: everything was read
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode()
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)


def test_on_a_terminal_the_summary_is_a_rich_table_but_not_in_ci(project: Path) -> None:
    env = {"CI": "", "TERM": "xterm-256color", "NO_COLOR": ""}
    shown = _on_a_terminal(["build", "--only", "calendar"], project, env)
    assert "\x1b[" in shown  # styled by rich
    assert "programme.ics" in shown and "1 file in output/" in shown
    in_ci = _on_a_terminal(
        ["build", "--only", "calendar", "--force"], project, {**env, "CI": "true"}
    )
    assert "\x1b[" not in in_ci
    assert in_ci.splitlines()[0].split() == ["file", "pages", "size", "time"]


def test_the_summary_shows_names_as_they_are_not_as_markup_or_controls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A folder named `[red]x` or holding an escape sequence is printed as text."""
    import io

    from brochure.commands.report import Built, BuiltFile
    from brochure.console import print_summary

    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    folder = Path("/tmp/[red]out\x1b]0;owned\x07")
    built = Built(folder, "T", (BuiltFile(folder / "[blink]b.pdf", 10, 1, None, 0.1),), 0.2, 0)
    stream = io.StringIO()
    print_summary(built, stream)
    shown = stream.getvalue()
    assert "[blink]b.pdf" in shown and "[red]out" in shown
    assert "\x1b]0;" not in shown and "\x07" not in shown


@pytest.mark.parametrize(
    "command",
    [
        ["build"],
        ["check"],
        ["serve"],
        ["new"],
        ["schema"],
        ["import", "pretalx", "schedule.json"],
    ],
    ids=lambda command: command[0],
)
@pytest.mark.parametrize("flag", ["-q", "--quiet", "-v", "--verbose"])
def test_every_command_takes_quiet_and_verbose(command: list[str], flag: str) -> None:
    from brochure.cli import parser

    before = parser().parse_args([flag, *command])
    after = parser().parse_args([*command, flag])
    name = flag.lstrip("-")[0]
    wanted = "quiet" if name == "q" else "verbose"
    assert getattr(before, wanted) and getattr(after, wanted)


def test_quiet_commands_print_nothing_but_their_product(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "-q", str(tmp_path)]) == 0
    source = str(tmp_path / "source" / "event.yaml")
    assert main(["check", "-q", source]) == 0
    assert main(["build", "-q", source, "--only", "calendar"]) == 0
    target = str(tmp_path / "imported.yaml")
    schedule = str(ROOT / "tests" / "fixtures" / "pretalx" / "schedule.json")
    assert main(["import", "pretalx", "-q", schedule, "-o", target]) == 0
    said = capsys.readouterr()
    assert said.out == "" and said.err == ""
    # Rendering logs from its child process: watch it from outside, as a person would.
    verbose = run("build", "-v", source, "--only", "calendar", "--force", cwd=tmp_path)
    assert "rendering programme.ics" in verbose.stderr
    assert "programme.ics" in verbose.stdout


def test_the_progress_of_a_pack_of_several_languages_names_each_language(tmp_path: Path) -> None:
    """`rendering fr/programme.ics` and `rendering en/programme.ics`: which language's
    pack is under way, as the files are placed (the packs render at once, one job each:
    in either order)."""
    source = write_event(
        tmp_path / "source",
        MINIMAL.replace("  country: NO\n", "  country: NO\n  languages: [fr, en]\n"),
    )
    said = run("build", str(source), "--only", "calendar", cwd=tmp_path)
    assert said.returncode == 0, said.stderr
    lines = [line for line in said.stderr.splitlines() if line.startswith("rendering")]
    assert sorted(lines) == ["rendering en/programme.ics", "rendering fr/programme.ics"]


@pytest.mark.slow
def test_a_long_badge_run_shows_its_progress_on_a_terminal_only(tmp_path: Path) -> None:
    source = write_event(
        tmp_path / "source", MINIMAL + "attendees: people.csv\nbadges:\n  layout: a6\n"
    )
    rows = "\n".join(f"Person {i},Person,{i}" for i in range(60))  # 60 A6 sheets: 3 pieces
    (source.parent / "people.csv").write_text("name,given,family\n" + rows + "\n")
    env = {"CI": "", "TERM": "xterm-256color", "NO_COLOR": ""}
    args = ["build", str(source), "--only", "badges"]
    shown = _on_a_terminal(args, tmp_path, env, stderr=True)
    assert re.search(r"badges\.pdf .*\b[1-5]?[0-9]/60\b", shown), shown
    quiet = run("build", str(source), "--only", "badges", "--force", cwd=tmp_path)
    assert "/60" not in quiet.stderr  # in a pipe: no bar


def test_an_error_after_a_progress_bar_shows_the_cursor_again(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A rendering child stopped at a limit dies with its bar drawn and the cursor hidden;
    the error that follows clears the line and shows the cursor."""
    import io
    import logging

    from brochure import cli
    from brochure.console import ProgressDisplay

    progress = logging.getLogger("brochure.progress")
    handler = ProgressDisplay(io.StringIO())
    progress.addHandler(handler)
    try:
        cli._error("the build took longer than 1 seconds and was stopped")
    finally:
        progress.removeHandler(handler)
    err = capsys.readouterr().err
    assert err.startswith("\r\x1b[2K\x1b[?25h") and err.endswith("was stopped\n")
    cli._error("plain")
    assert capsys.readouterr().err == "plain\n"


def test_the_checkin_list_is_only_mentioned_when_asked_for(project: Path) -> None:
    """Without ids on the badges there is no check-in list: a build of the whole pack
    says nothing about it (it read like a failure on every build); `--only checkin`
    says why nothing was written."""
    whole = run("build", cwd=project)
    assert whole.returncode == 0, whole.stderr
    assert "checkin" not in whole.stderr
    asked = run("build", "--only", "checkin", cwd=project)
    assert asked.returncode == 0, asked.stderr
    assert "checkin.csv: not written, as badges carry no id" in asked.stderr
    assert not (project / "output" / "checkin.csv").exists()
