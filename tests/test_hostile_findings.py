"""The hostile-input findings (tests/fixtures/hostile/hostile-input-*), each kind through
the command line with several inputs of that kind: the exit code, the located message,
nothing written where nothing should be, and what later commands read back."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest
import yaml
from tests.conftest import FIXTURES, MINIMAL, ROOT, write_event
from tests.test_import_pretix import add_printed_lines

from brochure.cli import main

CASES = FIXTURES / "hostile"
CSV_CASE = CASES / "hostile-input-01-csv-unclosed-quote"
SECRET_CASE = CASES / "hostile-input-10-secret-size"
CHECKIN_CASE = CASES / "hostile-input-11-checkin-values"
MINOR = CASES / "hostile-input-13-minor"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def case_project(case: Path, tmp_path: Path, *names: str) -> Path:
    """The case's files (all, or those named) as source/ of a project; its event file."""
    source = tmp_path / "source"
    source.mkdir(parents=True, exist_ok=True)
    for path in case.iterdir():
        if path.name != "README.md" and (not names or path.name in names):
            shutil.copy(path, source / path.name)
    return source / "event.yaml"


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under folder: a file's bytes, a link's target."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[name] = path.read_bytes()
    return found


def problems(err: str) -> list[str]:
    """The located lines of a message (`FILE:LINE:COL: ...`), warnings included."""
    return [line for line in err.splitlines() if re.match(r"^\S+:\d+:\d+: ", line)]


# -- 06: badge -o and import -o write only a file of their own kind -----------------------
@pytest.fixture
def door_project(tmp_path: Path) -> Path:
    """A new project with a walk-in registered by hand; its event file."""
    assert main(["-q", "new", str(tmp_path / "p")]) == 0
    source = tmp_path / "p" / "source" / "event.yaml"
    (source.parent / "walk-ins.csv").write_text(
        "id,name,organisation\nzoe,Zoe Q,ACME\n", encoding="utf-8"
    )
    (tmp_path / "p" / "output").mkdir()
    (tmp_path / "p" / "output" / "brochure.pdf").write_bytes(b"%PDF-1.7 yesterday's pack")
    (tmp_path / "elsewhere").mkdir()
    return source


def _pdf_by_brochure(path: Path, keywords: str = "") -> None:
    """A PDF whose document information is what brochure's card engine writes for a
    build's badges.pdf or certificates.pdf (Creator: brochure)."""
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.docinfo["/Creator"] = "brochure"
        if keywords:
            pdf.docinfo["/Keywords"] = keywords
        pdf.save(path)


BADGE_TARGETS = {
    "the event file": "p/source/event.yaml",
    "walk-ins.csv": "p/source/walk-ins.csv",
    "a new PDF in the source folder": "p/source/badge.pdf",
    "the pack's brochure.pdf": "p/output/brochure.pdf",
    "a text file elsewhere": "elsewhere/notes.txt",
    "a PDF elsewhere with no .pdf": "elsewhere/badge",
    "someone's PDF": "elsewhere/mine.pdf",
    "a build's certificates": "elsewhere/certificates.pdf",
    "a link to the event file": "elsewhere/link.pdf",
    "a hard link to walk-ins.csv": "elsewhere/hard.pdf",
    "a folder named .pdf": "elsewhere/folder.pdf",
}


@pytest.mark.parametrize("target", BADGE_TARGETS.values(), ids=BADGE_TARGETS.keys())
def test_badge_o_refuses_any_file_not_the_doors_own_and_registers_nobody(
    door_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "mine.pdf").write_bytes(b"%PDF-1.4 my own notes")
    _pdf_by_brochure(elsewhere / "certificates.pdf")
    (elsewhere / "link.pdf").symlink_to(door_project)
    os.link(door_project.parent / "walk-ins.csv", elsewhere / "hard.pdf")
    (elsewhere / "folder.pdf").mkdir()
    before = snapshot(tmp_path)
    code = main(["badge", str(door_project), "--name", "Walk New", "-o", str(tmp_path / target)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "-o: " in err and "Traceback" not in err
    assert snapshot(tmp_path) == before  # nothing written, replaced or registered


def test_import_o_refuses_a_file_of_another_kind_even_with_force(
    door_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = door_project.parent
    exports = {
        "pretix": FIXTURES / "pretix" / "orders.json",
        "sessionize": FIXTURES / "sessionize" / "all.json",
    }
    refused = [
        ("pretix", source / "event.yaml", "does not end in .csv"),
        ("pretix", source / "walk-ins.csv", "the door's walk-ins.csv"),
        ("pretix", source / "WALK-INS.CSV", "the door's walk-ins.csv"),
        ("pretix", tmp_path / "elsewhere" / "list.pdf", "does not end in .csv"),
        ("pretix", tmp_path / "elsewhere" / "list", "does not end in .csv"),
        ("sessionize", source / "walk-ins.csv", "does not end in .yaml or .yml"),
        ("sessionize", source / "attendees.csv", "does not end in .yaml or .yml"),
        ("sessionize", tmp_path / "p" / "output" / "brochure.pdf", "does not end in .yaml"),
    ]
    before = snapshot(tmp_path)
    for system, target, words in refused:
        code = main(["import", system, str(exports[system]), "-o", str(target), "--force"])
        err = capsys.readouterr().err
        assert code == 2, (target, err)
        assert f"-o: {target}" in err and words in err, err
    assert snapshot(tmp_path) == before
    # The export itself is never the file written.
    export = tmp_path / "elsewhere" / "orders.csv"
    shutil.copy(exports["pretix"], export)
    assert main(["import", "pretix", str(export), "-o", str(export), "--force"]) == 2
    assert "is the export being read" in capsys.readouterr().err
    assert export.read_bytes() == exports["pretix"].read_bytes()


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "brochure", *args],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_badge_o_replaces_a_badge_the_door_wrote_and_anything_with_force(
    door_project: Path, tmp_path: Path
) -> None:
    """The other side of the refusal: a desk printing into one file each time."""
    target = tmp_path / "elsewhere" / "desk.pdf"
    assert run("badge", str(door_project), "zoe", "-o", str(target)).returncode == 0
    done = run("badge", str(door_project), "ana", "-o", str(target))
    assert done.returncode == 0, done.stderr
    with pikepdf.open(target) as pdf:
        assert str(pdf.docinfo["/Keywords"]) == "brochure door badge"
    # A build's badges (brochure's, not the door's) are replaced only with --force.
    _pdf_by_brochure(target)
    refused = run("badge", str(door_project), "ana", "-o", str(target))
    assert refused.returncode == 2 and "not a badge the door wrote" in refused.stderr
    assert run("badge", str(door_project), "ana", "-o", str(target), "--force").returncode == 0
    with pikepdf.open(target) as pdf:
        assert str(pdf.docinfo["/Keywords"]) == "brochure door badge"


# -- 01: CSV quotes that span lines or never close --------------------------------------
QUOTES = {
    "the case's file": (None, "3:2", "opens a quote on line 3 that is never closed"),
    "open at the end, no line end": ('Name,Company\nAl,X\nBob,"ACME', "3:2", "never closed"),
    "a doubled quote inside": ('Name,Company\nAl,X\nBob,"AC""ME\nCarl,X\n', "3:2", "never closed"),
    "semicolons": ('Name;Company\nAl;X\nBob;"ACME\nCarl;X\nDan;Y\n', "3:2", "never closed"),
    "the name's quote": ('Name,Company\nAl,X\n"Bob,ACME\nCarl,X\n', "3:1", "never closed"),
    "a bio never closed": (
        'Name,Company,Bio\nAl,X,"long\nbio"\nBob,Y,"Open\nCarl,Z,bio\n',
        "4:3",
        "never closed",
    ),
    "closed rows later": (
        'Name,Company\nAl,X\nBob,"ACME\nCarl,X\nDan,Y"\nEve,Z\n',
        "3:2",
        "closes only on line 5",
    ),
}


@pytest.mark.parametrize(("text", "place", "words"), QUOTES.values(), ids=QUOTES.keys())
def test_a_quote_that_spans_rows_or_never_closes_is_located_where_it_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str | None, place: str, words: str
) -> None:
    event = case_project(CSV_CASE, tmp_path, "event.yaml", "attendees.csv")
    if text is not None:
        (event.parent / "attendees.csv").write_text(text, encoding="utf-8")
    code = main(["check", str(event)])
    err = capsys.readouterr().err
    assert code == 1, err
    (problem,) = problems(err)
    assert problem.startswith(f"{event.parent / 'attendees.csv'}:{place}: attendees: column ")
    assert words in problem


def test_a_quoted_bio_over_several_lines_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The control: RFC 4180 allows line breaks in a quoted cell, and a bio has them."""
    event = case_project(CSV_CASE, tmp_path, "event.yaml")
    text = 'Name,Company,Bio\nAl,X,"long\nbio"\nBob,Y,short\nCarl,Z,"one\n\ntwo"\n'
    (event.parent / "attendees.csv").write_text(text, encoding="utf-8")
    assert main(["check", str(event)]) == 0
    assert "ok (4 people)" in capsys.readouterr().out


WALK_INS = {
    "the case's file": (None, "2:3", "never closed"),
    "a middle row": ('id,name,organisation\nzoe,"Zoe Q,ACME\nw-2,Wim,Org\n', "2:2", "never closed"),
    "closed rows later": (
        'id,name,organisation\nzoe,Zoe Q,"ACME\nw-2,Wim,Org"\n',
        "2:3",
        "closes only on line 3",
    ),
}


@pytest.mark.parametrize(("text", "place", "words"), WALK_INS.values(), ids=WALK_INS.keys())
def test_a_walk_in_is_not_appended_into_a_quote_left_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str | None, place: str, words: str
) -> None:
    assert main(["-q", "new", str(tmp_path / "p")]) == 0
    event = tmp_path / "p" / "source" / "event.yaml"
    walk_ins = event.parent / "walk-ins.csv"
    if text is None:
        shutil.copy(CSV_CASE / "walk-ins.csv", walk_ins)
    else:
        walk_ins.write_text(text, encoding="utf-8")
    before = walk_ins.read_bytes()
    code = main(["badge", str(event), "--name", "Walk New", "--organisation", "Org2"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert walk_ins.read_bytes() == before
    assert not (tmp_path / "p" / "output").exists()
    (problem,) = problems(err)
    assert problem.startswith(f"{walk_ins}:{place}: attendees: column ") and words in problem


# -- 05: the same walk-in at several desks at once ---------------------------------------
SAME_PEOPLE = {
    "one name, other organisations": [
        ["--name", "Same Name", "--organisation", f"Org{n}"] for n in range(4)
    ],
    "one name, written four ways": [
        ["--name", name] for name in ("Léa Martin", "LÉA MARTIN", "lea  martin", "Léa Martin ")
    ],
    "one e-mail address": [
        ["--name", name, "--email", email]
        for name, email in (
            ("Ana Nova", "ana@example.org"),
            ("Ana M. Nova", "ANA@example.org"),
            ("A. Nova", "ana@example.org"),
            ("Ana Nova-Silva", "Ana@Example.org"),
        )
    ],
}


@pytest.mark.slow
@pytest.mark.parametrize("desks", SAME_PEOPLE.values(), ids=SAME_PEOPLE.keys())
def test_the_same_walk_in_at_several_desks_at_once_is_registered_once(
    tmp_path: Path, desks: list[list[str]]
) -> None:
    assert main(["-q", "new", str(tmp_path / "p")]) == 0
    event = tmp_path / "p" / "source" / "event.yaml"
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "brochure", "badge", str(event), *desk],
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for desk in desks
    ]
    done = [(process.wait(timeout=300), *process.communicate()) for process in started]
    codes = sorted(code for code, _, _ in done)
    assert codes == [0] + [1] * (len(desks) - 1), done
    for code, _, err in done:
        assert code == 0 or "is registered already" in err, err
    rows = list(csv.reader(io.StringIO((event.parent / "walk-ins.csv").read_text("utf-8-sig"))))
    assert len(rows) == 2, rows  # the header and one registration


# -- 10: the certificates' secret is looked at before it is read -------------------------
def _sparse(path: Path) -> None:
    with path.open("wb") as stream:
        stream.truncate(5 << 30)


SECRETS = {
    "a sparse 5 GiB file": (_sparse, "the secret's file is 5.0 GiB"),
    "one byte over the limit": (
        lambda path: path.write_text("a" * 4097, encoding="utf-8"),
        "the secret's file is 4.0 KiB",
    ),
    "a pipe": (os.mkfifo, "'certificates.key' is not a file"),
    "a folder": (Path.mkdir, "'certificates.key' is not a file"),
    "a binary file": (
        lambda path: path.write_bytes(b"\x00\x01" + os.urandom(64).replace(b"\n", b"")),
        "the secret's file",
    ),
}


@pytest.mark.parametrize(("make", "words"), SECRETS.values(), ids=SECRETS.keys())
def test_a_secret_file_that_is_no_passphrase_is_a_located_error_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, words: str
) -> None:
    event = case_project(SECRET_CASE, tmp_path)
    make(event.parent / "certificates.key")  # type: ignore[operator]
    began = time.monotonic()
    code = main(["check", str(event), "--timeout", "30"])
    took = time.monotonic() - began
    err = capsys.readouterr().err
    assert code == 1, err
    assert took < 15, took
    (problem,) = problems(err)
    assert problem.startswith(f"{event}:25:3: certificates.secret: ") and words in problem, err


# -- 11: check-in values that are no check-in --------------------------------------------
def _checkins(tmp_path: Path, value: str) -> Path:
    event = case_project(CHECKIN_CASE, tmp_path)
    (event.parent / "checkins.csv").write_text(
        f"Name,Checked in\nBob Smith,{value}\nCarl Jones,yes\n", encoding="utf-8"
    )
    return event


REFUSED_CHECKINS = {
    "99:99": "is not a time: there is no hour 99",
    "2099-13-45": "is not a date: there is no month 13",
    "0.5": "does not say whether the person checked in",
    "2027-02-01 25:99": "there is no hour 25",
    "13:60": "there is no minute 60",
    "31/02/2027": "February 2027 has no day 31",
    "2027-02-01T09:00:00+25:00": "+25:00 is no UTC offset",
    "2027-02-01 09:14 garbage": "is a date (2027-02-01) followed by '09:14 garbage'",
    "01.02.2027 soon": "is a date (2027-02-01) followed by 'soon'",
    "12abc": "does not say whether the person checked in",
    "13 p.m.": "there is no hour 13 on a 12-hour clock",
}


@pytest.mark.parametrize(("value", "words"), REFUSED_CHECKINS.items(), ids=REFUSED_CHECKINS)
def test_a_check_in_value_that_names_no_moment_is_refused_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, words: str
) -> None:
    event = _checkins(tmp_path, value)
    code = main(["check", str(event)])
    err = capsys.readouterr().err
    assert code == 1, err
    (problem,) = problems(err)
    where = f"{event.parent / 'checkins.csv'}:2:2: certificates.attended: '{value}' (line 2) "
    assert problem.startswith(where) and words in problem, problem
    assert "write yes or no" in problem


OUTSIDE = ["1999-01-01", "2027-03-01", "2027-01-30 18:00", "2027-02-03T09:00:00Z", "15.01.2027"]


@pytest.mark.parametrize("value", OUTSIDE)
def test_a_check_in_on_no_day_of_the_event_is_a_warning_at_its_line(
    tmp_path: Path, value: str
) -> None:
    event = _checkins(tmp_path, value)
    done = run("check", str(event))  # in a process of its own: warnings are logged
    assert done.returncode == 0, done.stderr
    (problem,) = problems(done.stderr)
    where = f"{event.parent / 'checkins.csv'}:2:2: certificates.attended: warning: '{value}'"
    assert problem.startswith(where), problem
    assert "no day of the event (2027-02-01) nor the day before" in problem


@pytest.mark.parametrize(
    "value", ["2027-02-01 09:14", "9:14", "9:14 am", "2027-01-31 18:00", "01/02/2027", "yes"]
)
def test_a_check_in_on_the_event_or_the_evening_before_is_no_problem(
    tmp_path: Path, value: str
) -> None:
    event = _checkins(tmp_path, value)
    done = run("check", str(event))
    assert done.returncode == 0, done.stderr
    assert problems(done.stderr) == []


@pytest.mark.slow
def test_only_check_ins_on_the_event_s_days_are_certified(tmp_path: Path) -> None:
    event = case_project(CHECKIN_CASE, tmp_path)
    rows = {
        "Ana Example": "2027-02-01 09:14",
        "Bob Smith": "1999-01-01",
        "Carl Jones": "2027-03-01 10:00",
        "Dan Day": "2027-01-31 18:00",
        "Eve Early": "15.01.2027",
    }
    (event.parent / "attendees.csv").write_text(
        "Name,Email\n" + "".join(f"{name},{name[:3].lower()}@x.org\n" for name in rows),
        encoding="utf-8",
    )
    (event.parent / "checkins.csv").write_text(
        "Name,Checked in\n" + "".join(f"{name},{value}\n" for name, value in rows.items()),
        encoding="utf-8",
    )
    out = tmp_path / "output"
    done = run("build", str(event), "-o", str(out), "--only", "certificates")
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("no day of the event") == 3
    listed = (out / "certificates.csv").read_text("utf-8-sig")
    attended = {row[3] for row in csv.reader(io.StringIO(listed)) if "attendance" in row[1].lower()}
    assert attended == {"Ana Example", "Dan Day"}


# -- 13-a/b: characters YAML refuses or reads as a hidden line break ---------------------
HIDDEN = {
    "ESC": "\x1b",
    "BEL": "\x07",
    "DEL": "\x7f",
    "a C1 control": "\x80",
    "NEXT LINE": "\x85",
    "LINE SEPARATOR": "\u2028",
    "PARAGRAPH SEPARATOR": "\u2029",
    "U+FFFE": "\ufffe",
    "U+FFFF": "\uffff",
}


@pytest.mark.parametrize("char", HIDDEN.values(), ids=HIDDEN.keys())
def test_a_raw_character_yaml_refuses_is_named_at_its_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], char: str
) -> None:
    event = write_event(tmp_path / "source", MINIMAL.replace("city: Oslo", f"city: Os{char}lo"))
    code = main(["check", str(event)])
    err = capsys.readouterr().err
    assert code == 1, err
    (problem,) = problems(err)
    assert problem.startswith(f"{event}:4:11: YAML: line 4 holds "), problem
    assert f"U+{ord(char):04X}" in problem
    if char in "\x85\u2028\u2029":
        assert "reads as a line break" in problem


@pytest.mark.parametrize(
    ("name", "places"),
    [
        ("a-raw-escape.yaml", ["12:12", "12:19", "12:28"]),
        ("b-line-separator-in-title.yaml", ["2:14"]),
    ],
)
def test_the_case_files_hidden_characters_are_each_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, places: list[str]
) -> None:
    event = tmp_path / "event.yaml"
    shutil.copy(MINOR / name, event)
    assert main(["check", str(event)]) == 1
    found = problems(capsys.readouterr().err)
    assert [line.split(": ")[0] for line in found] == [f"{event}:{p}" for p in places]


# -- 13-c: a key of text by language that is no language ---------------------------------
UNKNOWN_KEYS = {
    "the case's title": (None, "2:51", "event.title.xx", "'xx'"),
    "two keys": ("  title: {en: Title, zz: Foo}", "2:22", "event.title.zz", "'zz'"),
    "a script subtag": (
        "  title: {es: T, en: U, qq-Latn: X}",
        "2:25",
        "event.title.qq-Latn",
        "'qq-Latn'",
    ),
    "a region CLDR lacks": (
        "  title: {en: T, es: U, en-XX: V}",
        "2:25",
        "event.title.en-XX",
        "'en-XX'",
    ),
}


@pytest.mark.parametrize(
    ("title", "place", "field", "key"), UNKNOWN_KEYS.values(), ids=UNKNOWN_KEYS.keys()
)
def test_an_unknown_language_key_is_located_at_the_key_and_named(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    title: str | None,
    place: str,
    field: str,
    key: str,
) -> None:
    text = (MINOR / "c-unknown-language-key.yaml").read_text(encoding="utf-8")
    if title is not None:
        text = re.sub(r"(?m)^  title: .*$", title, text, count=1)
    event = tmp_path / "event.yaml"
    event.write_text(text, encoding="utf-8")
    code = main(["check", str(event)])
    err = capsys.readouterr().err
    assert code == 1, err
    (problem,) = problems(err)
    assert problem.startswith(f"{event}:{place}: {field}: {key} is not a language"), problem


def test_an_unknown_language_key_in_about_is_located_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (MINOR / "c-unknown-language-key.yaml").read_text(encoding="utf-8")
    text = text.replace(", xx: Foo", "").replace(
        "about: {es: A, en: B}", "about: {es: A, en: B, zz: C}"
    )
    event = tmp_path / "event.yaml"
    event.write_text(text, encoding="utf-8")
    assert main(["check", str(event)]) == 1
    (problem,) = problems(capsys.readouterr().err)
    assert problem.startswith(f"{event}:7:23: about.zz: 'zz' is not a language"), problem


# -- 13-f: a frab day whose date is not in the calendar ----------------------------------
@pytest.mark.parametrize("date", ["2026-02-31", "2026-13-01", "2026/02/07", "tomorrow", "2026-2-7"])
def test_a_frab_day_date_not_in_the_calendar_is_said_once_at_the_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], date: str
) -> None:
    text = (MINOR / "f-frab-day-date-invalid.xml").read_text(encoding="utf-8")
    export = tmp_path / "schedule.xml"
    export.write_text(text.replace('date="2026-02-31"', f'date="{date}"'), encoding="utf-8")
    target = tmp_path / "event.yaml"
    code = main(["import", "frab", str(export), "-o", str(target)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert problems(err) == [
        f"{export}:17:3: /schedule/day[1]/@date: '{date}' is not a date in the calendar "
        "(YYYY-MM-DD)"
    ]
    assert not target.exists()


# -- 13-h: formulas in the CSV files brochure writes for spreadsheets --------------------
FORMULAS = ['=HYPERLINK("http://evil/","click")', "+1+1", "-2+3", "@SUM(1)", "'=1"]


def _neutral(value: str) -> str:
    """How a spreadsheet-bound cell holds a value: an apostrophe before a formula."""
    return "'" + value if value.lstrip("'")[:1] in ("=", "+", "-", "@") else value


def _checkin_names(event: Path, tmp_path: Path) -> dict[str, str]:
    """The check-in list's names by id, as a build writes it."""
    out = tmp_path / "output"
    done = run("build", str(event), "-o", str(out), "--only", "checkin")
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO((out / "checkin.csv").read_text("utf-8-sig"))))
    return {row[0]: row[1] for row in rows[1:]}


@pytest.mark.slow
def test_a_formula_typed_at_the_door_is_written_as_text_and_read_back_as_typed(
    tmp_path: Path,
) -> None:
    event = write_event(tmp_path / "source", MINIMAL + "badges: {qr: id}\n")
    for value in FORMULAS:
        done = run("badge", str(event), f"--name={value}", "--organisation=@SUM(1)")
        assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO((event.parent / "walk-ins.csv").read_text("utf-8-sig"))))
    assert [row["name"] for row in rows] == [_neutral(value) for value in FORMULAS]
    assert {row["organisation"] for row in rows} == {"'@SUM(1)"}
    # Read back as typed: the check-in list (which neutralises again) holds each once.
    names = _checkin_names(event, tmp_path)
    assert sorted(names.values()) == sorted(_neutral(value) for value in FORMULAS)


def test_a_formula_in_a_pretix_export_is_written_as_text_and_read_back_as_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((FIXTURES / "pretix" / "orders.json").read_text(encoding="utf-8"))
    given = iter(FORMULAS)
    for order in data["event"]["orders"]:
        for position in order["positions"]:
            if position.get("attendee_name") and (value := next(given, None)):
                position["attendee_name"] = value
                position["company"] = "+1+1"
    export = tmp_path / "orders.json"
    export.write_text(json.dumps(data), encoding="utf-8")
    assert main(["-q", "new", str(tmp_path / "p")]) == 0
    event = tmp_path / "p" / "source" / "event.yaml"
    target = event.parent / "attendees.csv"
    capsys.readouterr()
    assert main(["import", "pretix", str(export), "-o", str(target)]) == 0
    said = capsys.readouterr().out
    listed = csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline=""))
    written = {row["Attendee name"]: row for row in listed}
    taken = [value for value in FORMULAS if _neutral(value) in written]
    assert len(taken) >= 4, written.keys()
    assert all(written[_neutral(value)]["Company"] == "'+1+1" for value in taken)
    add_printed_lines(event, said)
    text = event.read_text(encoding="utf-8").replace("  # qr: id ", "  qr: id ", 1)
    event.write_text(text, encoding="utf-8")
    names = set(_checkin_names(event, tmp_path / "p").values())
    assert {_neutral(value) for value in taken} <= names


# -- 13-m: Sessionize sessions listed twice ----------------------------------------------
def _sessionize(tmp_path: Path, change: object) -> Path:
    data = json.loads((FIXTURES / "sessionize" / "all.json").read_text(encoding="utf-8"))
    change(data["sessions"])  # type: ignore[operator]
    export = tmp_path / "all.json"
    export.write_text(json.dumps(data), encoding="utf-8")
    return export


TWICE = {
    "every session twice": lambda sessions: sessions.extend(list(sessions)),
    "one session three times": lambda sessions: sessions.extend([sessions[2], sessions[2]]),
    "a break twice, apart": lambda sessions: sessions.insert(5, sessions[1]),
}


@pytest.mark.parametrize("change", TWICE.values(), ids=TWICE.keys())
def test_a_sessionize_session_listed_twice_is_read_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: object
) -> None:
    target = tmp_path / "event.yaml"
    code = main(["import", "sessionize", str(_sessionize(tmp_path, change)), "-o", str(target)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "(2 days, 3 rooms, 7 sessions, 5 speakers, 3 tracks)" in captured.out
    assert "at the same time" not in captured.err and "double" not in captured.err
    programme = yaml.safe_load(target.read_text(encoding="utf-8"))["programme"]
    titles = [item["title"] for item in programme]
    assert len(titles) == len(set(titles)) == 7


def test_two_sessionize_sessions_sharing_an_id_are_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def clash(sessions: list[dict[str, object]]) -> None:
        sessions.append({**sessions[2], "title": "Another talk"})

    export = _sessionize(tmp_path, clash)
    code = main(["import", "sessionize", str(export), "-o", str(tmp_path / "event.yaml")])
    err = capsys.readouterr().err
    assert code == 1
    (problem,) = problems(err)
    assert problem.startswith(f"{export}:1:") and "sessions[8].id: id '5002' is also" in problem
    assert not (tmp_path / "event.yaml").exists()


# -- 13-n: a list whose entries are wrong is not also "too short" ------------------------
@pytest.mark.parametrize(
    ("minutes", "wrong"),
    [("[1.5]", [0]), ("[x]", [0]), ("[true]", [0]), ("[1.5, 2.5]", [0, 1]), ("[0.5, 3]", [0])],
)
def test_a_list_of_wrong_entries_is_said_entry_by_entry_and_not_too_short(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], minutes: str, wrong: list[int]
) -> None:
    text = (MINOR / "n-time-cards-float.yaml").read_text(encoding="utf-8")
    event = tmp_path / "event.yaml"
    event.write_text(text.replace("[1.5]", minutes), encoding="utf-8")
    assert main(["check", str(event)]) == 1
    found = problems(capsys.readouterr().err)
    assert [re.search(r"minutes\[(\d+)\]", line)[1] for line in found] == [  # type: ignore[index]
        str(index) for index in wrong
    ]
    assert all("is not a whole number" in line for line in found)


def test_an_empty_list_is_still_too_short(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (MINOR / "n-time-cards-float.yaml").read_text(encoding="utf-8")
    event = tmp_path / "event.yaml"
    event.write_text(text.replace("[1.5]", "[]"), encoding="utf-8")
    assert main(["check", str(event)]) == 1
    assert problems(capsys.readouterr().err) == [
        f"{event}:24:14: time_cards.minutes: needs at least 1 entry"
    ]


# -- images read no further than their limit ---------------------------------------------
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10">'
    '<rect width="10" height="10" fill="#000"/><image href="{}" width="5" height="5"/></svg>'
)


@pytest.mark.parametrize(
    ("where", "words"),
    [
        ("a PNG an SVG logo refers to", "'giant.png' is larger than the image limit"),
        ("a signer's signature", "certificates.signers[0].signature: 'giant.png' is 5.0 GiB"),
    ],
)
def test_a_sparse_giant_image_anywhere_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, words: str
) -> None:
    event = case_project(CHECKIN_CASE, tmp_path)
    folder = event.parent
    _sparse(folder / "giant.png")
    text = event.read_text(encoding="utf-8")
    if where.startswith("a PNG"):
        (folder / "logo.svg").write_text(SVG.format("giant.png"), encoding="utf-8")
        text = text.replace("  - name: Org\n", "  - name: Org\n    logo: logo.svg\n", 1)
    else:
        text = text.replace("signature: signature.png", "signature: giant.png")
    event.write_text(text, encoding="utf-8")
    began = time.monotonic()
    code = main(["check", str(event), "--timeout", "30"])
    took = time.monotonic() - began
    err = capsys.readouterr().err
    assert code == 1, err
    assert took < 15, took
    assert any(line.startswith(f"{event}:") and words in line for line in problems(err)), err
