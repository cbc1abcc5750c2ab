"""`brochure import sessionize`: an event file from Sessionize's API export, "All Data"
(view/All) or GridSmart (view/GridSmart).

The fixture follows Sessionize's All Data format (its API documentation), with invented
people: two days, three rooms, service sessions, a plenum keynote, a session without a
room and one not yet scheduled. The real exports are Sessionize's demo event (view/All,
its times written with a `Z`) and droidcon San Francisco 2023 (GridSmart, naive local
times, every session listed twice), in ../shared/imports/.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import icalendar
import pytest
from tests.conftest import FIXTURES, pdftotext
from tests.test_import_base import line_of, nested, refused, shared_export

from brochure.cli import main
from brochure.reading.load import load_event

ALL = FIXTURES / "sessionize" / "all.json"


def imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], export: Path = ALL
) -> tuple[Path, str]:
    target = tmp_path / "source" / "event.yaml"
    assert main(["import", "sessionize", str(export), "-o", str(target)]) == 0
    return target, capsys.readouterr().out


def placeholders(said: str) -> list[str]:
    return said.split("placeholders to replace:\n")[1].split("in the export")[0].split()


#: What Sessionize's exports never say: an event file's title, place and description.
NOT_IN_SESSIONIZE = ["event.title", "event.city", "event.country", "about", "organisers"]


def test_all_data_with_its_rooms_tracks_formats_and_breaks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target, said = imported(tmp_path, capsys)
    assert "(2 days, 3 rooms, 7 sessions, 5 speakers, 3 tracks)" in said
    assert placeholders(said) == NOT_IN_SESSIONIZE
    assert main(["-q", "check", str(target)]) == 0
    event = load_event(target)
    assert (event.event.date, event.event.end_date) == (dt.date(2026, 6, 4), dt.date(2026, 6, 5))
    assert event.event.language == "en"  # the Language category of most sessions
    assert event.event.timezone is None  # Sessionize gives none
    assert event.sectors == ("Design", "Mobile", "Web")
    items = {item.title: item for item in event.programme}
    keynote = items["Keynote: builds that finish before lunch"]
    assert (keynote.date, keynote.start, keynote.end, keynote.room) == (
        dt.date(2026, 6, 4),
        dt.time(9, 0),
        dt.time(9, 45),
        "Hall A",
    )
    assert (keynote.kind, keynote.track) == ("Keynote", "Web")
    # Service sessions are breaks, in their own room.
    assert items["Coffee break"].is_break and items["Lunch"].room == "Foyer"
    # Parallel sessions in the order of the export's rooms.
    assert [i.room for i in event.programme if i.start == dt.time(10, 15)] == ["Hall A", "Hall B"]
    assert items["Offline first on Android"].description == (
        "Sync when the network lets you.\n\nWith real outages."
    )
    assert items["Workshop: the build you deserve"].room is None
    priya = event.person(keynote.people[0])
    assert (priya.name, priya.given, priya.family, priya.position, priya.bio) == (
        "Priya Raman",
        "Priya",
        "Raman",
        "Staff Engineer at Northwind",
        "Priya builds build systems.",
    )
    assert items["Workshop: the build you deserve"].people == ("priya-raman", "bongani-dlamini")
    assert "Lightning talks (to be scheduled)" not in items
    for unmapped in (
        "sessions[] not scheduled (no startsAt), left out: Lightning talks",
        "sessions[].categories: Level: Introductory",
        "sessions[].questionAnswers: May we record your session?: Yes",
        "speakers[].links",
    ):
        assert unmapped in said
    output = tmp_path / "output"
    assert main(["-q", "build", str(target), "--only", "calendar", "-o", str(output)]) == 0
    calendar = icalendar.Calendar.from_ical((output / "programme.ics").read_bytes())
    assert len(list(calendar.walk("VEVENT"))) == 7


@pytest.mark.slow
def test_from_sessionize_to_printed_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(ALL, tmp_path / "all.json")
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "import", "sessionize", "all.json"]) == 0
    assert main(["-q", "build"]) == 0
    text = pdftotext(tmp_path / "output" / "brochure.pdf")
    for words in ("Offline first on Android", "Marie-Claire Fontaine", "Hall B"):
        assert words in text


def test_the_demo_events_times_with_a_z_are_its_local_times(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = shared_export("sessionize/sessionize-demo-jl4ktls0.view-All.json")
    target, said = imported(tmp_path, capsys, export)
    assert "(2 days, 3 rooms, 11 sessions, 10 speakers, 3 tracks)" in said
    assert placeholders(said) == NOT_IN_SESSIONIZE
    assert main(["-q", "check", str(target)]) == 0
    event = load_event(target)
    data = json.loads(export.read_text(encoding="utf-8"))
    for session in data["sessions"]:
        item = next(i for i in event.programme if i.title == session["title"])
        starts = dt.datetime.fromisoformat(session["startsAt"].removesuffix("Z"))
        assert (item.date, item.start) == (starts.date(), starts.time())
    lunch = next(i for i in event.programme if i.title == "Lunch")
    assert lunch.is_break and lunch.room == "Restaurant"
    noah = next(i for i in event.programme if i.title == "Noah's Session")
    assert (noah.start, noah.end) == (dt.time(9, 0), dt.time(11, 15))
    # Most sessions say no one language: the default (English) stays.
    assert event.event.language == "en"


def test_gridsmart_lists_each_session_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = shared_export("sessionize/droidcon-sf-2023.view-GridSmart.json")
    target, said = imported(tmp_path, capsys, export)
    assert "(2 days, 4 rooms, 86 sessions, 78 speakers, 0 tracks)" in said
    assert main(["-q", "check", str(target)]) == 0
    event = load_event(target)
    breaks = [item for item in event.programme if item.is_break]
    assert len(breaks) == 20
    assert len({(i.title, i.date, i.start) for i in event.programme}) == 86
    first = event.programme[0]
    assert (first.title, first.date, first.start) == (
        "Registration and Check-in",
        dt.date(2023, 6, 8),
        dt.time(7, 30),
    )
    assert {item.kind for item in event.programme} >= {"Keynote", "Lightning talk", "break"}


def _session(export: dict[str, Any]) -> dict[str, Any]:
    return export["sessions"][0]


@pytest.mark.parametrize(
    ("change", "key", "expected"),
    [
        (
            lambda e: _session(e).update(title="t" * 3_000_000),
            "title",
            "sessions[0].title: 3,000,000 characters: the export makes an event file of",
        ),
        (
            lambda e: _session(e).update(startsAt="2031-06-04T09:00:00"),
            "startsAt",
            "sessions[0].startsAt: 2031-06-04 is 1,826 days from the other sessions'",
        ),
        (
            lambda e: _session(e).update(startsAt="9999-06-04T09:00:00"),
            "startsAt",
            "sessions[0].startsAt: 9999-06-04T09:00:00 is not a time of an event",
        ),
        (
            lambda e: _session(e).update(startsAt="2026-06-04T09:00:00+25:00"),
            "startsAt",
            "sessions[0].startsAt: '2026-06-04T09:00:00+25:00' is not a date and time",
        ),
        (
            lambda e: _session(e).update(startsAt=1780000000),
            "startsAt",
            "sessions[0].startsAt: 1780000000 is not a date and time",
        ),
        (
            lambda e: _session(e).update(endsAt="2026-06-04T08:00:00"),
            "endsAt",
            "sessions[0].endsAt: 2026-06-04 08:00 is before the session starts",
        ),
        (
            lambda e: _session(e).update(roomId=99),
            "roomId",
            "sessions[0].roomId: no room has the id 99",
        ),
        (
            lambda e: _session(e).update(speakers=["nobody"]),
            "nobody",
            "sessions[0].speakers[0]: no speaker has the id 'nobody'",
        ),
        (
            lambda e: e.update(sessions=[]),
            "sessions",
            "has no scheduled session: publish the schedule first",
        ),
    ],
    ids=[
        "huge title",
        "a day outside the event",
        "year 9999",
        "an offset no zone has",
        "a number for a time",
        "ending before it starts",
        "a room nobody has",
        "a speaker nobody is",
        "nothing scheduled",
    ],
)
def test_a_hostile_export_is_refused_where_it_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Any, key: str, expected: str
) -> None:
    export = json.loads(ALL.read_text(encoding="utf-8"))
    change(export)
    path = tmp_path / "all.json"
    text = json.dumps(export, indent=2, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    err = refused(capsys, "sessionize", path, tmp_path / "source" / "event.yaml")
    assert expected in err
    line = line_of(text, '"' + key + '"') if key != "sessions" else 1
    assert f"{path}:{line}:" in err


def test_nesting_past_what_a_reader_takes_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "all.json"
    path.write_text('{"sessions": [' + nested(500) + "]}", encoding="utf-8")
    err = refused(capsys, "sessionize", path, tmp_path / "event.yaml")
    assert f"{path}:1:" in err and "nested deeper than 64 levels" in err


def test_not_sessionize_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "all.json"
    path.write_text('{"talks": []}', encoding="utf-8")
    err = refused(capsys, "sessionize", path, tmp_path / "event.yaml")
    assert f"{path}:1:1: not a Sessionize export" in err


def test_declined_sessions_are_left_out_and_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = json.loads(ALL.read_text(encoding="utf-8"))
    export["sessions"][2]["status"] = "Declined"
    path = tmp_path / "all.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    target, said = imported(tmp_path, capsys, path)
    assert "sessions[] Declined, left out: Offline first on Android" in said
    assert "Offline first" not in "".join(i.title for i in load_event(target).programme)


def _signs(target: Path) -> list[str]:
    """The text of each page of the pack's door signs, built from the event file."""
    output = target.parent.parent / "output"
    assert main(["-q", "build", str(target), "--only", "signs", "-o", str(output)]) == 0
    return pdftotext(output / "signs.pdf").split("\f")[:-1]


@pytest.mark.slow
def test_plenum_breaks_filed_in_a_hall_of_talks_are_for_every_room(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Sessionize files a plenum service session in some room of its grid (droidcon: every
    # break in its first hall) and spans it across every room: the event file writes it
    # with no room, so no break is printed under one hall's name.
    export = shared_export("sessionize/droidcon-sf-2023.view-GridSmart.json")
    target, _ = imported(tmp_path, capsys, export)
    assert main(["-q", "check", str(target)]) == 0
    event = load_event(target)
    breaks = [item for item in event.programme if item.is_break]
    assert len(breaks) == 20 and {item.room for item in breaks} == {None}
    keynote = next(i for i in event.programme if i.title.startswith("Keynote: Android"))
    assert keynote.room == "Robertson 1"  # a plenum talk is held in its hall
    signs = _signs(target)
    rooms = ["Robertson 1", "Robertson 2", "Fisher West", "Fisher East"]
    first_day = [page for page in signs if "8 June" in page]
    for room in rooms:
        # Every room's sign for the first day lists its breaks (a sign may take two sheets).
        text = "\n".join(page for page in first_day if page.startswith(room))
        assert text.count("Break") == 7 and "Lunch" in text, room
    assert not any(f"Break · {room}" in page for page in signs for room in rooms)


@pytest.mark.slow
def test_a_break_keeps_a_room_of_its_own_or_that_is_its_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(ALL.read_text(encoding="utf-8"))
    coffee = next(s for s in data["sessions"] if s["title"] == "Coffee break")
    coffee["roomId"] = 71  # filed in Hall A, which holds talks: a break for every room
    # A service session that is no plenum one is in its room alone.
    data["sessions"].append(
        coffee
        | {"id": "s-lunch", "title": "Speakers' lunch", "roomId": 72, "isPlenumSession": False}
        | {"startsAt": "2026-06-04T12:30:00", "endsAt": "2026-06-04T13:30:00"}
    )
    export = tmp_path / "all.json"
    export.write_text(json.dumps(data), encoding="utf-8")
    target, _ = imported(tmp_path, capsys, export)
    assert main(["-q", "check", str(target)]) == 0
    rooms = {item.title: item.room for item in load_event(target).programme if item.is_break}
    # The Lunch filed in the Foyer, a room of breaks alone, is where it is.
    assert rooms == {"Coffee break": None, "Lunch": "Foyer", "Speakers' lunch": "Hall B"}
    first_day = [page for page in _signs(target) if "4 June" in page]
    assert [page.split("\n")[0] for page in first_day] == ["Hall A", "Hall B"]
    for page in first_day:
        assert "Coffee break" in page and "Coffee break · Hall" not in page
        assert "Lunch · Foyer" in page
