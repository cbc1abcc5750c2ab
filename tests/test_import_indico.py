"""`brochure import indico`: an event file from Indico's event export (with its
contributions or sessions) or its timetable export.

The fixtures follow Indico's serializers (indico/modules/events/api.py for the event,
timetable/legacy.py for the timetable; the HTTP API documentation), with invented
people: a two-day workshop whose event export writes times in the server's zone
(Europe/Zurich) while the event is in Lisbon. The real export is FEL2022's (JACoW),
`detail=sessions`, cut to its first two days, in ../shared/imports/.
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
from brochure.reading.load import load_event, read_source, validate

EVENT = FIXTURES / "indico" / "event.json"
TIMETABLE = FIXTURES / "indico" / "timetable.json"


def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str], export: Path) -> tuple[Path, str]:
    target = tmp_path / "source" / "event.yaml"
    assert main(["import", "indico", str(export), "-o", str(target)]) == 0
    return target, capsys.readouterr().out


def test_the_event_export_in_the_events_own_time_zone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target, said = imported(tmp_path, capsys, EVENT)
    assert "(2 days, 2 rooms, 5 items, 6 people, 2 tracks)" in said
    # Everything an event file needs is in the export: no placeholder.
    assert "placeholders" not in said
    assert main(["-q", "check", str(target)]) == 0
    event = load_event(target)
    info = event.event
    assert info.title == "Workshop on Open Scientific Hardware 2026"
    assert (info.timezone, info.city, info.country, info.language) == (
        "Europe/Lisbon",
        "Estoril",
        "PT",
        "en-GB",
    )
    assert info.venue and info.venue.name == "Centro de Congressos do Estoril"
    assert info.venue.address == ("Avenida de Portugal", "2765-273 Estoril, Portugal")
    assert (info.room, info.website) == ("Auditório 1", "https://indico.example.org/event/1742/")
    assert event.about == (
        "Two days on instruments anyone can build, repair and share.",
        "Organised with the Lisbon open hardware community.",
    )
    assert [o.name for o in event.organisers] == ["Lisbon Open Hardware Network"]
    # 10:30 in Zurich (the server's zone, in which the export writes) is 09:30 in Lisbon.
    first = event.programme[0]
    assert (first.title, first.date, first.start, first.end) == (
        "An open-source spectrometer for field work",
        dt.date(2026, 3, 10),
        dt.time(9, 30),
        dt.time(10, 0),
    )
    assert (first.kind, first.track, first.room) == ("Talk", "Instruments", "Auditório 1")
    assert first.description == (
        "Building a spectrometer from printed parts and open firmware; costs < 200 EUR."
    )
    ines = event.person(event.programme[1].people[0])
    assert (ines.name, ines.given, ines.family, ines.organisation) == (
        "Inés García Ruiz",
        "Inés",
        "García Ruiz",
        "CSIC",
    )
    # The event's chair is an organiser; a speaker in two talks is one person.
    helena = event.person("helena-marques")
    assert (helena.role, helena.organisation) == ("organiser", "Universidade de Lisboa")
    assert len([p for p in event.people if p.name == "Olusegun Adeyemi"]) == 1
    # A contribution without a room is in the event's; one not scheduled is listed.
    assert event.programme[-1].room is None
    assert "contributions not in the timetable (no start): A contribution not yet" in said
    for unmapped in ("contributions[].code: OH1-01", "contributions[].session: Open instr"):
        assert unmapped in said
    assert "emailHash: (not shown)" in said and "645976" not in said


def test_the_timetable_export_with_its_sessions_breaks_and_posters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target, said = imported(tmp_path, capsys, TIMETABLE)
    assert "(2 days, 5 rooms, 10 items, 8 people, 0 tracks)" in said
    # The timetable has no title, place or description: only those are placeholders.
    assert said.split("placeholders to replace:\n")[1].split("in the export")[0].split() == [
        "event.title",
        "event.city",
        "event.country",
        "about",
        "organisers",
    ]
    assert main(["-q", "check", str(target)]) == 0
    event = load_event(target)
    assert (event.event.date, event.event.end_date) == (dt.date(2026, 3, 10), dt.date(2026, 3, 11))
    assert event.event.timezone == "Europe/Lisbon"
    items = {item.title: item for item in event.programme}
    # A session's conveners chair each of its contributions.
    spectrometer = items["An open-source spectrometer for field work"]
    assert spectrometer.chairs == ("helena-marques",)
    assert spectrometer.people == ("kofi-boateng", "mei-tanaka")
    # Breaks, inside a session or not, and the dinner elsewhere.
    assert all(items[title].is_break for title in ("Coffee break", "Lunch", "Workshop dinner"))
    assert items["Workshop dinner"].room == "Restaurante Mar à Vista"
    # A poster session is one item listing its posters by board code.
    posters = items["Posters"]
    assert (posters.kind, posters.chairs, posters.room) == (
        "Poster session",
        ("rui-costa",),
        "Átrio",
    )
    assert posters.description == (
        "P-01 Open PCR machines in teaching (Sara Haddad); "
        "P-02 Documenting hardware for reuse (Mei Tanaka); "
        "P-03 A shared repository of lab fixtures (Anna Kowalska)"
    )
    assert event.person("anna-kowalska").organisation == "CERN"
    assert "entries[].title, each contribution's session" in said
    output = tmp_path / "output"
    assert main(["-q", "build", str(target), "--only", "calendar", "-o", str(output)]) == 0
    calendar = icalendar.Calendar.from_ical((output / "programme.ics").read_bytes())
    assert len(list(calendar.walk("VEVENT"))) == 10


@pytest.mark.slow
def test_from_indico_to_printed_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(EVENT, tmp_path / "event.json")
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "import", "indico", "event.json"]) == 0
    assert main(["-q", "build"]) == 0
    text = pdftotext(tmp_path / "output" / "brochure.pdf")
    for words in ("Workshop on Open Scientific Hardware 2026", "Inés García Ruiz", "Estoril"):
        assert words in text


def test_fel2022_cut_to_two_days_whose_end_date_still_says_five(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = shared_export("indico/fel2022-event-44.detail-sessions.first-2-days.json")
    target, said = imported(tmp_path, capsys, export)
    assert "(2 days, 2 rooms, 35 items, 136 people, 7 tracks)" in said
    # The export says all but who organises it.
    assert said.split("placeholders to replace:\n")[1].split("in the export")[0].split() == [
        "organisers"
    ]
    assert main(["-q", "check", str(target)]) == 0
    # Its own clash, said once: two poster blocks in the Exhibition Hall at once.
    _, problems = validate(read_source(target))
    (warning,) = problems
    assert warning.warning and "Exhibition Hall is also booked" in warning.message
    event = load_event(target)
    info = event.event
    assert (info.date, info.end_date) == (dt.date(2022, 8, 21), dt.date(2022, 8, 26))
    assert (info.city, info.country, info.timezone) == ("Trieste", "IT", "Europe/Zurich")
    assert {item.date for item in event.programme} == {dt.date(2022, 8, 22), dt.date(2022, 8, 23)}
    # Sessions were not sorted; the programme is.
    starts = [(item.date, item.start) for item in event.programme]
    assert starts == sorted(starts)  # type: ignore[type-var]
    # 132 posters in two poster sessions (and the one-to-one meetings), not 132 items.
    posters = [item for item in event.programme if item.kind == "Poster session"]
    assert len(posters) == 3
    data = json.loads(export.read_text(encoding="utf-8"))
    poster_codes = [
        contribution["code"]
        for block in data["results"][0]["sessions"]
        if block["session"]["isPoster"]
        for contribution in block["contributions"]
    ]
    listed = "\n".join(item.description or "" for item in posters)
    assert all(code in listed for code in poster_codes if code)
    # Conveners chair their sessions' talks; affiliations are carried.
    chaired = [item for item in event.programme if item.chairs]
    blocks = [block for block in data["results"][0]["sessions"] if block["conveners"]]
    assert len(chaired) == sum(
        1 if block["session"]["isPoster"] else len(block["contributions"]) for block in blocks
    )
    roles = {event.person(key).role for item in chaired for key in item.chairs}
    assert roles <= {"organiser", "moderator"}
    assert sum(1 for person in event.people if person.organisation) >= 130


def _talk(export: dict[str, Any]) -> dict[str, Any]:
    return export["results"][0]["contributions"][0]


_PATH = "results[0].contributions[0]"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda e: _talk(e).update(title="t" * 3_000_000),
            f"{_PATH}.title: 3,000,000 characters: the export makes an event file of",
        ),
        (
            lambda e: _talk(e)["startDate"].update(date="2031-03-10"),
            f"{_PATH}.startDate.date: 2031-03-10 10:30:00 is not a day of the event",
        ),
        (
            lambda e: _talk(e)["startDate"].update(date="9999-03-10"),
            f"{_PATH}.startDate.date: 9999-03-10 is not a date of an event",
        ),
        (
            lambda e: _talk(e)["startDate"].update(tz="Mars/Olympus"),
            f"{_PATH}.startDate.tz: 'Mars/Olympus' is not a time zone",
        ),
        (
            lambda e: e["results"][0].update(timezone="Factory"),
            "results[0].timezone: 'Factory' is not a time zone",
        ),
        (
            lambda e: _talk(e)["startDate"].update(time="25:99:00"),
            f"{_PATH}.startDate.time: '25:99:00' is not a time of day",
        ),
        (
            lambda e: _talk(e)["endDate"].update(time="08:00:00"),
            f"{_PATH}.endDate: ends at 2026-03-10 07:00, before it starts",
        ),
        (
            lambda e: _talk(e).update(speakers=[{"first_name": 7}]),
            f"{_PATH}.speakers[0].first_name: Input should be a valid string (found 7)",
        ),
        (lambda e: e.update(results={}), "results: holds 0 events' timetables; export one"),
        (lambda e: e.pop("results"), "not an Indico export: it has no `results`"),
    ],
    ids=[
        "huge title",
        "a day outside the event",
        "year 9999",
        "unknown time zone",
        "no place as the event's zone",
        "no time of day",
        "ending before it starts",
        "a name that is a number",
        "no event",
        "not Indico",
    ],
)
def test_a_hostile_export_is_refused_where_it_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Any, expected: str
) -> None:
    export = json.loads(EVENT.read_text(encoding="utf-8"))
    change(export)
    path = tmp_path / "event.json"
    text = json.dumps(export, indent=2, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    err = refused(capsys, "indico", path, tmp_path / "source" / "event.yaml")
    assert expected in err
    assert f"{path}:" in err


def test_nesting_past_what_a_reader_takes_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "timetable.json"
    text = '{"results": {"1": {"20260310": {"c1": ' + nested(300) + "}}}}"
    path.write_text(text, encoding="utf-8")
    err = refused(capsys, "indico", path, tmp_path / "event.yaml")
    assert f"{path}:1:" in err and "nested deeper than 64 levels" in err


def test_a_timetable_entry_without_a_room_is_imported_in_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = json.loads(TIMETABLE.read_text(encoding="utf-8"))
    export["results"]["1742"]["20260311"]["c5040"]["room"] = None
    path = tmp_path / "timetable.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    target, _ = imported(tmp_path, capsys, path)
    assert main(["-q", "check", str(target)]) == 0
    closing = next(i for i in load_event(target).programme if i.title == "Closing remarks")
    assert closing.room is None


def test_a_timetable_day_that_is_no_day_is_refused_where_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = json.loads(TIMETABLE.read_text(encoding="utf-8"))
    days = export["results"]["1742"]
    days["2026-3-11"] = days.pop("20260311")
    path = tmp_path / "timetable.json"
    text = json.dumps(export, indent=1)
    path.write_text(text, encoding="utf-8")
    err = refused(capsys, "indico", path, tmp_path / "event.yaml")
    line = line_of(text, '"2026-3-11"')
    assert f"{path}:{line}:" in err
    assert "'2026-3-11' is not a day (YYYYMMDD)" in err


def test_a_session_without_contributions_is_one_item_chaired_by_its_conveners(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = json.loads(TIMETABLE.read_text(encoding="utf-8"))
    export["results"]["1742"]["20260311"]["s5030"]["entries"] = {}
    path = tmp_path / "timetable.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    target, _ = imported(tmp_path, capsys, path)
    session = next(i for i in load_event(target).programme if i.title == "Sharing and standards")
    assert (session.kind, session.chairs, session.room) == (
        "Session",
        ("sara-haddad", "helena-marques"),
        "Auditório 2",
    )
    assert (session.start, session.end) == (dt.time(9, 30), dt.time(11, 0))


def test_a_poster_session_of_hundreds_of_posters_fits_one_description(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from brochure.model import MAX_TEXT

    export = json.loads(TIMETABLE.read_text(encoding="utf-8"))
    posters = export["results"]["1742"]["20260310"]["s5020"]
    (poster, *_) = posters["entries"].values()
    posters["entries"] = {
        f"c{6000 + n}": dict(poster, code=f"P-{n}", title=f"Poster {n}: " + "words " * 30)
        for n in range(400)
    }
    path = tmp_path / "timetable.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    target, _ = imported(tmp_path, capsys, path)
    assert main(["-q", "check", str(target)]) == 0
    item = next(i for i in load_event(target).programme if i.title == "Posters")
    assert item.description and len(item.description) <= MAX_TEXT
    assert item.description.startswith("P-0 Poster 0: words") and " more" in item.description[-20:]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda e: e.update(results=[]), "results: holds no event; export one event"),
        (
            lambda e: _talk(e)["startDate"].update(time="25:99:00"),
            f"{_PATH}.startDate.time: '25:99:00' is not a time of day",
        ),
    ],
    ids=["empty results", "a bad time"],
)
def test_one_fault_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Any, expected: str
) -> None:
    """An export with no event, or one bad time, is said once: no second line from the
    validation of `results` as a whole (finding 13-l)."""
    export = json.loads(EVENT.read_text(encoding="utf-8"))
    change(export)
    path = tmp_path / "event.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    err = refused(capsys, "indico", path, tmp_path / "source" / "event.yaml")
    lines = err.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"{path}:1:"), lines
    assert expected in lines[0] and lines[1] == "1 problem", lines
