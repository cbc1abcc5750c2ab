"""What a US conference's organiser met on a first run (a pretix export, a
timetable of several rooms, times typed the American way), each through the command
line as they would meet it."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import MINIMAL, write_event

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
