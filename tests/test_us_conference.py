"""What a US conference's organiser met on a first run (a pretix export, a
timetable of several rooms, times typed the American way), each through the command
line as they would meet it."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, MINIMAL, ROOT, pdftotext, write_event

from brochure.cli import main

PRETIX = (
    "Order code,Position ID,Status,Email,Product,Attendee name,Attendee email\n"
    "AAAAA,1,p,buyer@example.org,Conference pass,Ann Lee,ann@example.org\n"
    "BBBBB,1,c,bo@example.org,Conference pass,Bo Chen,bo@example.org\n"
    "CCCCC,1,p,cy@example.org,Conference pass,Cy Diaz,cy@example.org\n"
)


def check(source: Path, capfd: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """`brochure check source`'s exit status and what it printed."""
    status = main(["check", str(source), *args])
    captured = capfd.readouterr()
    return status, captured.out + captured.err


def registrations(folder: Path, csv: str, columns: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "reg.csv").write_text(csv, encoding="utf-8")
    mapping = f"  columns: {{{columns}}}\n" if columns else ""
    return write_event(folder, MINIMAL + "attendees:\n  file: reg.csv\n" + mapping)


def test_ignoring_the_status_column_says_cancelled_registrations_keep_their_badge(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    status, said = check(registrations(tmp_path / "read", PRETIX), capfd)
    assert status == 0 and "ignored" not in said and "(2 people)" in said
    source = registrations(tmp_path / "ignored", PRETIX, "Status: ignore, Email: ignore")
    status, said = check(source, capfd)
    assert status == 0 and "(3 people)" in said
    assert (
        "reg.csv:3:3: attendees: warning: Status is ignored: cancelled registrations are "
        "not left out" in said
    )
    assert "line 3" in said and "`Status: ignore`" in said
    # Only paid orders: nothing to say.
    paid = PRETIX.replace(",c,", ",p,")
    status, said = check(registrations(tmp_path / "paid", paid, "Status: ignore"), capfd)
    assert status == 0 and "ignored" not in said


def programme(folder: Path, items: str, extra: str = "") -> Path:
    """An event of MINIMAL with these programme items (YAML flow mappings, one a line)."""
    listed = "".join(f"  - {item}\n" for item in items.strip().splitlines())
    return write_event(folder, MINIMAL + extra + "programme:\n" + listed)


def test_a_room_spelled_two_ways_is_one_warning_per_spelling_naming_both(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    items = """
{title: Opening, start: '09:00', end: '10:00', room: Hood Room}
{title: Compose, start: '10:00', end: '11:00', room: "Hood  Room"}
{title: Kotlin, start: '11:00', end: '12:00', room: Hood room}
{title: Gradle, start: '12:00', end: '13:00', room: "Hood\\u00a0Room"}
{title: Wear OS, start: '13:00', end: '14:00', room: Hood-Room}
{title: Testing, start: '14:00', end: '15:00', room: "HOOD ROOM."}
{title: Lunch, start: '15:00', end: '16:00', room: Salle Élysée, kind: Lunch}
{title: Closing, start: '16:00', end: '17:00', room: Salle Elysee}
{title: Elsewhere, start: '09:00', end: '10:00', room: Columbia Room}
"""
    status, said = check(programme(tmp_path, items), capfd)
    warnings = [line for line in said.splitlines() if "differ only" in line]
    assert status == 0 and len(warnings) == 4, said
    kotlin, wear, testing, closing = sorted(warnings, key=lambda line: int(line.split(":")[1]))
    # Runs of spaces, a no-break one among them, are one space: the same spelling.
    assert "programme[2].room: warning: room 'Hood room' ('Kotlin' (programme[2]))" in kotlin
    assert "and 'Hood Room' (3 items)" in kotlin and "did you mean 'Hood Room'?" in kotlin
    assert "room 'Hood-Room' ('Wear OS' (programme[4]))" in wear
    assert "room 'HOOD ROOM.' ('Testing' (programme[5]))" in testing
    assert "room 'Salle Elysee' ('Closing' (programme[7])) and 'Salle Élysée' (1 item)" in closing
    assert "Columbia" not in said
    assert main(["check", str(tmp_path / "event.yaml"), "--strict"]) == 1


def words(pdf: Path) -> list[tuple[str, float, float]]:
    """Each word of the PDF's first page with its left and right edges (pdftotext -bbox)."""
    found = []
    for line in pdftotext(pdf, "-bbox", "-f", "1", "-l", "1").splitlines():
        if match := re.search(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)".*>(.*)</word>', line):
            found.append((html.unescape(match[3]), float(match[1]), float(match[2])))
    return found


def test_a_session_with_no_room_beside_sessions_in_rooms_is_warned_and_kept_out_of_them(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    items = """
{title: Welcome, start: '09:00', end: '10:00'}
{title: Alpha, start: '10:00', end: '11:00', room: Oak}
{title: Beta, start: '10:00', end: '11:00', room: Elm}
{title: Orphan, start: '10:30', end: '11:30'}
{title: Coffee, start: '11:00', end: '11:30', kind: Coffee break}
{title: Dropped, start: '10:00', end: '11:00', status: cancelled}
"""
    source = programme(tmp_path, items)
    status, said = check(source, capfd)
    warnings = [line for line in said.splitlines() if "names no room" in line]
    assert status == 0 and len(warnings) == 1, said
    assert (
        "programme[3]: warning: 'Orphan' names no room, while 'Alpha' (programme[1], "
        in (warnings[0])
    )
    assert "is in Oak at the same time" in warnings[0]
    # The welcome (nothing in a room beside it), the break and the cancelled item: no word.
    assert "'Welcome'" not in said and "'Coffee'" not in said and "'Dropped'" not in said
    assert main(["build", str(source), "-o", str(tmp_path / "out"), "--only", "timetable"]) == 0
    capfd.readouterr()
    placed = words(tmp_path / "out" / "timetable.pdf")
    heads = {text: (left, right) for text, left, right in placed if text in ("Oak", "Elm")}
    assert len(heads) == 2
    orphan = next(left for text, left, _ in placed if text == "Orphan")
    welcome = next(left for text, left, _ in placed if text == "Welcome")
    # Orphan stands right of both rooms' columns (their heads are centred over them,
    # so a column reaches past its head by no more than the head's distance to the next).
    oak, elm = sorted(heads.values())
    assert orphan > elm[1] + (elm[0] - oak[1]) / 2
    # The welcome still runs across the grid, from the first column.
    assert welcome < oak[0]


def test_a_person_registered_twice_gets_one_badge_and_one_warning(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    twice = PRETIX + (
        "DDDDD,1,p,ann@example.org,Conference pass,Ann  Lee,ANN@example.org\n"
        "EEEEE,1,p,x@example.org,Conference pass,Ann Lee,other@example.org\n"
        "FFFFF,1,p,y@example.org,Conference pass,Cy Diaz,cy@example.org\n"
        "GGGGG,1,p,y@example.org,Conference pass,Cy Díaz,cy@example.org\n"
    )
    source = registrations(tmp_path, twice, "Email: ignore")
    status, said = check(source, capfd)
    warnings = [line for line in said.splitlines() if "is registered" in line]
    assert status == 0 and len(warnings) == 2, said
    assert "reg.csv:5:1: attendees[3]: warning: Ann Lee is registered twice" in warnings[0]
    assert (
        "Ann Lee is registered twice with one e-mail address, on lines 2 and 5 "
        "(ids aaaaa-1, ddddd-1): one person, one badge, line 2's (aaaaa-1)" in warnings[0]
    )
    assert "Cy Diaz is registered 3 times" in warnings[1] and "lines 4, 7 and 8" in warnings[1]
    # Ann, the other Ann Lee (another address: another person), Cy; Bo is cancelled.
    assert "(3 people)" in said


def test_a_speaker_who_registered_with_an_organisation_the_event_file_lacks(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    csv = "Name,Email,Company\nAnn Lee,ann@example.org,Uber\nBo Chen,bo@example.org,\n"
    (tmp_path / "reg.csv").write_text(csv, encoding="utf-8")
    people = "people:\n  - {name: Ann Lee}\n  - {name: Bo Chen, organisation: Lyft}\n"
    source = write_event(tmp_path, MINIMAL + people + "attendees: reg.csv\n")
    status, said = check(source, capfd)
    assert status == 0
    assert "the export gives 'Uber', the event file gives no organisation)" in said
    assert "the export gives no organisation, the event file 'Lyft')" in said
    assert "'none'" not in said


def test_only_given_twice_builds_both(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    items = "{title: Alpha, start: '10:00', end: '11:00', room: Oak}"
    source = programme(tmp_path, items)
    out = tmp_path / "out"
    argv = ["build", str(source), "-o", str(out), "--only", "timetable", "--only", "calendar,"]
    assert main(argv) == 0, capfd.readouterr().err
    assert sorted(path.name for path in out.iterdir() if not path.name.startswith(".")) == [
        "programme.ics",
        "timetable.pdf",
    ]
    assert main(["check", str(source), "--only", "timetable", "--only", "nothing"]) == 2
    assert "unknown output nothing" in capfd.readouterr().err


def test_the_import_names_the_next_command_as_brochure_was_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "source" / "event.yaml"
    schedule = FIXTURES / "pretalx" / "schedule.json"
    ran = subprocess.run(
        [sys.executable, "-m", "brochure", "import", "pretalx", str(schedule), "-o", str(target)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    last = ran.stdout.strip().splitlines()[-1]
    python = Path(sys.executable)
    assert last in (
        f"next: {python} -m brochure serve {target}",
        f"next: {python.name} -m brochure serve {target}",
    )
    # Run as `brochure`, the one on the PATH: said as `brochure`.
    program = tmp_path / "bin" / "brochure"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{program.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(sys, "argv", [str(program)])
    assert main(["import", "pretalx", str(schedule), "-o", str(target), "--force"]) == 0
    assert capfd.readouterr().out.strip().splitlines()[-1] == f"next: brochure serve {target}"


def test_emoji_and_symbols_after_a_name_do_not_decide_where_it_is_filed(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    csv = (
        "Name,Email\n"
        "Zoe Young,zoe@example.org\n"
        "Priya Patel \U0001f469\u200d\U0001f4bb,priya@example.org\n"
        "Jordan Lee \u2728,jordan@example.org\n"
        "Amy Baker,amy@example.org\n"
        "Sam Quinn \U0001f44d\U0001f3fd,sam@example.org\n"
        "Ray Moss (\u2605),ray@example.org\n"
    )
    (tmp_path / "reg.csv").write_text(csv, encoding="utf-8")
    source = write_event(tmp_path, MINIMAL + "attendees: reg.csv\nbadges: {qr: id}\n")
    assert main(["build", str(source), "-o", str(tmp_path / "out"), "--only", "checkin"]) == 0
    capfd.readouterr()
    rows = (tmp_path / "out" / "checkin.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    families = [row.split(",")[1].split()[1] for row in rows]
    assert families == ["Baker", "Lee", "Moss", "Patel", "Quinn", "Young"], rows


def test_a_reference_after_a_duplicate_id_is_not_sent_to_the_clashing_id(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    people = (
        "people:\n"
        "  - {name: Tor Norbye, id: tor-norbye}\n"
        "  - {name: Nehal Kumar, id: tor-norbye}\n"  # copied: was nehal-kumar
        "programme:\n"
        "  - {title: Keynote, start: '09:00', people: [tor-norbye]}\n"
        "  - {title: Health Connect, start: '10:00', people: [nehal-kumar]}\n"
        "  - {title: Panel, start: '11:00', people: [Nehal Kumar]}\n"
    )
    status, said = check(write_event(tmp_path, MINIMAL + people), capfd)
    assert status == 1
    assert "people[1].id: the id 'tor-norbye' is taken by people[0]" in said
    assert "did you mean 'tor-norbye'" not in said, said
    assert (
        "programme[1].people[0]: 'nehal-kumar' is no one's id; Nehal Kumar, whose name it is "
        "made of, has the id 'tor-norbye', which is used twice: give each person an id of "
        "their own" in said
    )
    assert "programme[2].people[0]: 'Nehal Kumar' is no one's id; Nehal Kumar has" in said


@pytest.mark.parametrize(
    ("language", "ambiguous"),
    [("en-US", "2027-09-06"), ("en-GB", "2027-06-09"), ("fr", "2027-06-09"), ("", None)],
)
def test_twelve_hour_times_and_slashed_dates_are_refused_with_what_they_mean(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], language: str, ambiguous: str | None
) -> None:
    head = MINIMAL.replace("  country: NO\n", f"  country: NO\n  language: {language}\n")
    items = """
{title: Opening, start: 9:00 AM, end: 5:30 PM}
{title: Late, start: 12 a.m., end: '12:30pm', date: 09/14/2027}
{title: Early, start: '10:00', date: 09/06/2027}
{title: Odd, start: 13:00 PM, date: 31/31/2027}
"""
    listed = "".join(f"  - {item}\n" for item in items.strip().splitlines())
    head = head if language else MINIMAL
    status, said = check(write_event(tmp_path, head + "programme:\n" + listed), capfd)
    assert status == 1
    assert "programme[0].start: '9:00 AM' is not a time;" in said
    assert (
        "'9:00 AM' is not a time; write it as H:MM or HH:MM, 24-hour (9:30, 14:30); "
        "did you mean 09:00?" in said
    )
    assert "'5:30 PM' is not a time" in said and "did you mean 17:30?" in said
    assert "'12 a.m.' is not a time" in said and "did you mean 00:00?" in said
    assert "did you mean 12:30?" in said
    assert (
        "'09/14/2027' is not a date; write it as YYYY-MM-DD (2016-12-08); "
        "did you mean 2027-09-14?" in said
    )
    line = next(line for line in said.splitlines() if "'09/06/2027'" in line)
    assert line.endswith(f"did you mean {ambiguous}?" if ambiguous else "(2016-12-08)"), line
    odd = [line for line in said.splitlines() if "'13:00 PM'" in line or "'31/31/2027'" in line]
    assert len(odd) == 2 and not any("did you mean" in line for line in odd)
