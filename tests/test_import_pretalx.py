"""`brochure import pretalx`: an event file from a pretalx schedule export.

The fixture follows pretalx's JSON (frab compatible) export as pretalx writes it
(pretalx/schedule/exporters.py, FrabJsonExporter; the c3voc schedule schema): two days,
two rooms, tracks, a speaker in several talks, two speakers of one name, a name in Han
characters, a mononym, a talk with only a description, fields brochure has no place for.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import FIXTURES, pdftotext

from brochure.cli import main
from brochure.reading.load import load_event

SCHEDULE = FIXTURES / "pretalx" / "schedule.json"


def talks(export: dict[str, Any]) -> list[dict[str, Any]]:
    """Every talk of the export, in time order, then room order."""
    conference = export["schedule"]["conference"]
    order = [room["name"] for room in conference["rooms"]]
    found = [
        talk
        for day in conference["days"]
        for room, in_room in day["rooms"].items()
        for talk in in_room
    ]
    return sorted(found, key=lambda talk: (talk["date"], order.index(talk["room"])))


@pytest.fixture
def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    """The fixture imported into tmp_path/source/event.yaml; and what the command said."""
    target = tmp_path / "source" / "event.yaml"
    assert main(["import", "pretalx", str(SCHEDULE), "-o", str(target)]) == 0
    return target, capsys.readouterr().out


def test_the_written_file_is_accepted_by_check(imported: tuple[Path, str]) -> None:
    target, said = imported
    assert main(["-q", "check", str(target)]) == 0
    assert f"wrote {target} (2 days, 2 rooms, 6 talks, 6 speakers, 2 tracks)" in said


def test_days_rooms_talks_speakers_and_tracks_as_the_export_says(
    imported: tuple[Path, str],
) -> None:
    target, _ = imported
    export = json.loads(SCHEDULE.read_text(encoding="utf-8"))
    conference = export["schedule"]["conference"]
    event = load_event(target)
    assert event.event.title == conference["title"]
    assert event.event.date == dt.date.fromisoformat(conference["start"])
    assert event.event.end_date == dt.date.fromisoformat(conference["end"])
    assert event.event.timezone == conference["time_zone_name"]
    assert event.sectors == tuple(track["name"] for track in conference["tracks"])
    expected = talks(export)
    assert [item.title for item in event.programme] == [talk["title"] for talk in expected]
    for item, talk in zip(event.programme, expected, strict=True):
        start = dt.datetime.fromisoformat(talk["date"])
        hours, minutes = map(int, talk["duration"].split(":"))
        assert item.date == start.date()
        assert item.start == start.time().replace(tzinfo=None)
        end = start + dt.timedelta(hours=hours, minutes=minutes)
        assert item.end == end.time().replace(tzinfo=None)
        assert item.room == talk["room"]
        assert item.kind == talk["type"]
        assert item.track == talk["track"]  # each talk's, beside the tracks as sectors
        text = " ".join((talk["abstract"] or talk["description"]).split())
        assert item.description == (text or None)
        # Speakers by their names as written, each once, linked by id.
        assert [event.person(key).name for key in item.people] == [
            person["name"] for person in talk["persons"]
        ]
    names = [person.name for person in event.people]
    assert names == ["Kofi Mensah", "Rita Água", "Maria Silva", "李娜", "Ne", "Maria Silva"]
    assert all(person.role == "speaker" for person in event.people)
    assert all(person.given is None and person.family is None for person in event.people)
    assert event.people[1].bio == "Rita works on open transport data.\n\nShe lives in Porto."
    # Two speakers share a name: two people, each talk naming its own.
    workshop = next(item for item in event.programme if item.title == "Mapping workshop")
    assert event.person(workshop.people[0]) is event.people[5]


def test_every_field_it_could_not_map_is_listed(imported: tuple[Path, str]) -> None:
    target, said = imported
    text = target.read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    for field in (
        "conference.acronym: odc25",
        "conference.colors",
        "conference.rooms[].capacity",
        "conference.tracks[].color",
        "talks[].do_not_record: true",
        "talks[].links",
        "talks[].persons[].url",
        "talks[].description, beside the abstract used",
        "schedule.url",
    ):
        assert field in said, field
        assert field in header, field
    for placeholder in ("event.city", "about", "organisers"):
        assert f"  {placeholder}\n" in said
    # The time zone says the country; the talks say the language: both carried over.
    assert "event.country" not in said and "talks[].language" not in said
    assert "\n  country: PT\n" in text and "\n  language: en\n" in text
    # What was mapped is not listed as lost.
    for mapped in (
        "conference.title",
        "talks[].title",
        "persons[].name",
        "time_zone_name",
        "talks[].track",
    ):
        assert mapped not in said


def test_never_over_an_existing_file_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "event.yaml"
    target.write_text("mine\n", encoding="utf-8")
    assert main(["-q", "import", "pretalx", str(SCHEDULE), "-o", str(target)]) == 1
    assert "there already; nothing was written (--force replaces it)" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "event.schema.json").exists()
    assert main(["-q", "import", "pretalx", str(SCHEDULE), "-o", str(target), "--force"]) == 0
    assert "Open Data Commons 2025" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"schedule": {"conference": ', "schedule.json:1:29: not JSON: Expecting value"),
        ('{"talks": []}', "schedule.json:1:1: not a pretalx schedule export"),
        (
            '{"schedule": {"conference": {"title": "X", "start": "soon"}}}',
            "schedule.conference.start: Input should be a valid date",
        ),
    ],
    ids=["not JSON", "not pretalx", "bad date"],
)
def test_an_export_it_cannot_read_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expected: str
) -> None:
    schedule = tmp_path / "schedule.json"
    schedule.write_text(content, encoding="utf-8")
    target = tmp_path / "source" / "event.yaml"
    assert main(["import", "pretalx", str(schedule), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err
    assert not target.exists()


@pytest.mark.slow
def test_from_export_to_printed_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(SCHEDULE, tmp_path / "schedule.json")
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "import", "pretalx", "schedule.json"]) == 0
    assert main(["-q", "build", "--only", "brochure"]) == 0
    text = pdftotext(tmp_path / "output" / "brochure.pdf")
    for words in ("Open Data Commons 2025", "Bus data, in the open", "李娜", "Rita Água"):
        assert words in text


def test_what_check_refuses_in_the_written_file_is_shown_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file is written (organisers fix it there), and its problems are listed."""
    export = json.loads(SCHEDULE.read_text(encoding="utf-8"))
    first = export["schedule"]["conference"]["days"][0]["rooms"]["Main Hall"][0]
    first["title"] = "A title far too long " * 20
    schedule = tmp_path / "schedule.json"
    schedule.write_text(json.dumps(export), encoding="utf-8")
    target = tmp_path / "source" / "event.yaml"
    assert main(["-q", "import", "pretalx", str(schedule), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    line = next(
        number
        for number, text in enumerate(target.read_text(encoding="utf-8").splitlines(), 1)
        if "A title far too long" in text
    )
    assert f"{target}:{line}:" in err and "programme[0].title:" in err
    assert f"1 problem in {target}: fix it there" in err


def test_a_talk_past_midnight_ends_the_next_day_and_no_server_is_the_website(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = json.loads(SCHEDULE.read_text(encoding="utf-8"))
    conference = export["schedule"]["conference"]
    first_day = conference["days"][0]
    in_room = next(iter(first_day["rooms"].values()))
    night = dict(in_room[0], guid="night-hack", id=9901, title="Night Hack", persons=[])
    night.update(date=f"{first_day['date']}T23:30:00+01:00", start="23:30", duration="01:30")
    in_room.append(night)
    schedule = tmp_path / "schedule.json"
    schedule.write_text(json.dumps(export), encoding="utf-8")
    target = tmp_path / "source" / "event.yaml"
    assert main(["import", "pretalx", str(schedule), "-o", str(target)]) == 0
    said = capsys.readouterr().out
    event = load_event(target)
    (item,) = [item for item in event.programme if item.title == "Night Hack"]
    assert (item.start, item.end) == (dt.time(23, 30), dt.time(1, 0))  # the next morning
    assert "ending after" not in said
    assert event.event.website is None  # pretalx's pages are not the event's website
    assert "schedule.base_url" in said


def test_a_schedule_in_spanish_is_printed_in_spanish_where_its_zone_is(tmp_path: Path) -> None:
    """A Bogotá schedule whose talks are in Spanish: the event file says `language: es`
    (a Spanish programme printed under English headings) and `country: CO`; a talk in
    another language is listed as not carried over."""
    export = json.loads(SCHEDULE.read_text(encoding="utf-8"))
    export["schedule"]["conference"]["time_zone_name"] = "America/Bogota"
    found = talks(export)
    for talk in found:
        talk["language"] = "es"
        talk["date"] = talk["date"].replace("+01:00", "-05:00")  # Bogotá's offset
    found[-1]["language"] = "en"
    schedule = tmp_path / "schedule.json"
    schedule.write_text(json.dumps(export), encoding="utf-8")
    target = tmp_path / "source" / "event.yaml"
    assert main(["-q", "import", "pretalx", str(schedule), "-o", str(target)]) == 0
    event = load_event(target)
    assert (event.event.language, event.event.country) == ("es", "CO")
    assert "talks[].language: en" in target.read_text(encoding="utf-8")


def _first_talk(export: dict[str, Any]) -> dict[str, Any]:
    return export["schedule"]["conference"]["days"][0]["rooms"]["Main Hall"][0]


_TALK = 'schedule.conference.days[0].rooms["Main Hall"][0]'


@pytest.mark.parametrize(
    ("change", "value", "expected"),
    [
        # Dates the calendar (or the event file's years, 1900-2999) cannot take.
        ("date", "9999-12-31T23:30:00+01:00", f"{_TALK}.date: 9999-12-31T23:30:00+01:00 is not"),
        ("date", "0001-01-01T00:10:00+01:00", f"{_TALK}.date: 0001-01-01T00:10:00+01:00 is not"),
        ("date", "9999-12-31T23:30:00", f"{_TALK}.date: 9999-12-31T23:30:00 is not a time"),
        ("date", "2025-02-30T10:00:00+01:00", f"{_TALK}.date: Input should be a valid datetime"),
        ("date", "2030-05-14T09:00:00+01:00", "is not a day of the conference (2025-05-14 to"),
        ("conference.start", "9999-12-31", "schedule.conference.start: 9999-12-31 is not a date"),
        ("conference.end", "0001-01-01", "schedule.conference.end: 0001-01-01 is not a date"),
        ("conference.end", "2025-05-01", "schedule.conference.end: 2025-05-01 is before the"),
        ("day.date", "9999-01-01", "schedule.conference.days[0].date: 9999-01-01 is not a"),
        # Durations: past the event, past any calendar, negative, not one at all.
        ("duration", "99999:00", f"{_TALK}.duration: 99999:00 ends the talk after the"),
        ("duration", "47:00", f"{_TALK}.duration: 47:00 ends the talk after the"),
        ("duration", "9" * 40 + ":00", f"{_TALK}.duration: '{'9' * 40}:00' is not a duration"),
        ("duration", "-01:00", f"{_TALK}.duration: '-01:00' is not a duration: hours and"),
        ("duration", "00:99", f"{_TALK}.duration: '00:99' is not a duration"),
        ("duration", 90, f"{_TALK}.duration: Input should be a valid string (found 90)"),
        # A start the date does not say; an offset that is not the time zone's.
        ("start", "99:99", f"{_TALK}.start: '99:99' is not the time the talk's date says (09:00)"),
        (
            "date",
            "2025-05-14T09:00:00+23:59",
            f"{_TALK}.date: 2025-05-14T09:00:00+23:59: its UTC offset, +23:59, is not the one "
            "of Europe/Lisbon that day (+01:00)",
        ),
        # Text that is not text.
        ("title", 12345, f"{_TALK}.title: Input should be a valid string (found 12345)"),
        ("title", None, f"{_TALK}.title: Input should be a valid string (found null)"),
        ("persons.name", 7, f"{_TALK}.persons[0].name: Input should be a valid string (found 7)"),
        ("title", "x" * 3_000_000, f"{_TALK}.title: 3,000,000 characters: the export makes an"),
    ],
    ids=[
        "year 9999",
        "year 1",
        "year 9999 without offset",
        "30 February",
        "talk years after the conference",
        "conference in year 9999",
        "conference ending in year 1",
        "conference ending before it starts",
        "day in year 9999",
        "99999 hours",
        "47 hours, past the last night",
        "40 digits of hours",
        "negative duration",
        "99 minutes",
        "duration as a number",
        "start not the date's",
        "absurd offset",
        "title a number",
        "title null",
        "name a number",
        "huge title",
    ],
)
def test_a_hostile_value_is_a_located_error_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str, value: Any, expected: str
) -> None:
    """Each value that cannot be true of an event is named where it is in the export:
    `schedule.json:LINE:COL: path: what is wrong`; exit 1, no trace, no event file."""
    export = json.loads(SCHEDULE.read_text(encoding="utf-8"))
    conference = export["schedule"]["conference"]
    if change.startswith("conference."):
        conference[change.removeprefix("conference.")] = value
    elif change == "day.date":
        conference["days"][0]["date"] = value
    elif change == "persons.name":
        _first_talk(export)["persons"][0]["name"] = value
    else:
        _first_talk(export)[change] = value
    schedule = tmp_path / "schedule.json"
    text = json.dumps(export, indent=2, ensure_ascii=False)
    schedule.write_text(text, encoding="utf-8")
    target = tmp_path / "source" / "event.yaml"
    assert main(["import", "pretalx", str(schedule), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "failed" not in err
    # Located on the line of the value in the export.
    key = change.rpartition(".")[2]
    written = json.dumps(value, ensure_ascii=False)
    line = next(
        number
        for number, row in enumerate(text.splitlines(), 1)
        if row.lstrip().startswith(f'"{key}": {written[:40]}')
    )
    assert f"{schedule}:{line}:" in err
    assert expected in err
    assert not target.exists() and not target.parent.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"schedule": ' + "[" * 5000 + "]" * 5000 + "}", "schedule.json:1:77: nested deeper"),
        ('{"schedule": {"x": ' + "[" * 200 + "]" * 200 + "}}", "schedule.json:1:82: nested deeper"),
        ('{"schedule": {"x": ' + "9" * 5000 + "}}", "schedule.json:1:20: a number of more than"),
    ],
    ids=["5000 levels", "200 levels", "5000 digits"],
)
def test_json_past_what_a_reader_takes_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expected: str
) -> None:
    schedule = tmp_path / "schedule.json"
    schedule.write_text(content, encoding="utf-8")
    target = tmp_path / "event.yaml"
    assert main(["import", "pretalx", str(schedule), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err and "failed" not in err
    assert not target.exists()


def test_a_time_zone_no_talk_is_in_is_said_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = json.loads(SCHEDULE.read_text(encoding="utf-8"))
    export["schedule"]["conference"]["time_zone_name"] = "America/Bogota"
    schedule = tmp_path / "schedule.json"
    schedule.write_text(json.dumps(export, indent=2), encoding="utf-8")
    target = tmp_path / "event.yaml"
    assert main(["import", "pretalx", str(schedule), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.count("is not the one of America/Bogota") == 1
    assert "schedule.conference.time_zone_name: no talk's time is in this time zone" in err
    assert not target.exists()


def test_times_with_and_without_an_offset_and_a_talk_of_two_days_are_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A time without an offset is the event's local time; a talk longer than a day
    (which the event file cannot end) keeps its start and is listed as not carried over."""
    export = json.loads(SCHEDULE.read_text(encoding="utf-8"))
    _first_talk(export)["date"] = "2025-05-14T09:00:00"
    _first_talk(export)["duration"] = "30:00"
    schedule = tmp_path / "schedule.json"
    schedule.write_text(json.dumps(export), encoding="utf-8")
    target = tmp_path / "event.yaml"
    assert main(["-q", "import", "pretalx", str(schedule), "-o", str(target)]) == 0
    event = load_event(target)
    first = event.programme[0]
    assert (first.date, first.start, first.end) == (dt.date(2025, 5, 14), dt.time(9), None)
    assert (
        "talks[].duration, too long for an end time in the event file: 30:00"
        in target.read_text(encoding="utf-8")
    )


def test_the_country_of_an_alias_time_zone_is_its_canonical_zones() -> None:
    from brochure.importing.dates import country_of as _country_of

    assert [_country_of(z) for z in ("Portugal", "US/Eastern", "Europe/Lisbon", "UTC")] == [
        "PT",
        "US",
        "PT",
        None,
    ]


@pytest.mark.parametrize("zone", ["Mars/Olympus", "localtime", "Factory", "posix/Europe/Lisbon"])
def test_a_time_zone_that_is_no_place_is_refused_where_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], zone: str
) -> None:
    export = json.loads(SCHEDULE.read_text(encoding="utf-8"))
    export["schedule"]["conference"]["time_zone_name"] = zone
    schedule = tmp_path / "schedule.json"
    text = json.dumps(export, indent=2)
    schedule.write_text(text, encoding="utf-8")
    target = tmp_path / "event.yaml"
    assert main(["import", "pretalx", str(schedule), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"time_zone_name"' in row)
    assert (
        f"{schedule}:{line}:25: schedule.conference.time_zone_name: '{zone}' is not a time zone"
        in err
    )
    assert "Traceback" not in err and not target.exists()


def test_a_talk_without_a_room_is_imported_without_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = json.loads(SCHEDULE.read_text(encoding="utf-8"))
    day = export["schedule"]["conference"]["days"][0]
    talk = day["rooms"]["Main Hall"].pop(0)
    talk["room"] = None
    day["rooms"][""] = [talk]
    schedule = tmp_path / "schedule.json"
    schedule.write_text(json.dumps(export), encoding="utf-8")
    target = tmp_path / "event.yaml"
    assert main(["-q", "import", "pretalx", str(schedule), "-o", str(target)]) == 0
    item = next(i for i in load_event(target).programme if i.title == talk["title"])
    assert item.room is None


def test_control_characters_are_removed_and_said_once_a_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An escape sequence in a title is removed as the event file needs (it holds no
    control characters), but not silently: the letters it leaves ("[2J") are worth a
    look, so each text that held any gets one warning, located in the export, naming
    them once however often they occur."""
    export = json.loads(SCHEDULE.read_text(encoding="utf-8"))
    _first_talk(export)["title"] = "Open\u001b[2J\u0007 Data\u0007"
    _first_talk(export)["abstract"] = "Plain\u000b text."
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(export, indent=1), encoding="utf-8")
    target = tmp_path / "source" / "event.yaml"
    assert main(["import", "pretalx", str(path), "-o", str(target)]) == 0
    said = capsys.readouterr()
    warnings = [line for line in said.err.splitlines() if "warning:" in line]
    assert [w.split(": ", 1)[1] for w in warnings] == [
        f"{_TALK}.title: warning: holds control characters U+001B, U+0007, which the event "
        "file cannot hold: removed where it is carried over; check the text reads as meant",
        f"{_TALK}.abstract: warning: holds control character U+000B, which the event file "
        "cannot hold: removed where it is carried over; check the text reads as meant",
    ]
    assert all(w.startswith(f"{path}:") for w in warnings)
    assert "Open[2J Data" in target.read_text(encoding="utf-8")
    assert main(["-q", "check", str(target)]) == 0
