"""`brochure import frab`: an event file from a frab (pentabarf) XML schedule.

The fixture is an invented event in pentabarf's classic dialect (FOSDEM's): no <date>,
a day_change, HTML abstracts, the city and venue in <conference>. The real exports are
38C3's first day (53 rooms, days past midnight, offsets mixed) and DebConf23's (wafer:
<date> in UTC, <start> local), read in ../shared/imports/.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import xml.etree.ElementTree as ElementTree
import zoneinfo
from collections import Counter
from pathlib import Path

import icalendar
import pytest
from tests.conftest import FIXTURES, pdftotext
from tests.test_import_base import refused, shared_export

from brochure.cli import main
from brochure.reading.load import load_event, read_source, validate

SCHEDULE = FIXTURES / "frab" / "schedule.xml"
_EVENT = "/schedule/day[1]/room[1]/event[1]"


def imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], schedule: Path = SCHEDULE
) -> tuple[Path, str]:
    target = tmp_path / "source" / "event.yaml"
    assert main(["import", "frab", str(schedule), "-o", str(target)]) == 0
    return target, capsys.readouterr().out


def placeholders(said: str) -> list[str]:
    """The fields the import said it filled with placeholders."""
    lines = said.split("filled with placeholders to replace:\n")[1].splitlines()
    return [line.strip() for line in lines if line.startswith("  ")][: len(lines)]


def test_pentabarfs_dialect_is_read_as_its_days_say(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target, said = imported(tmp_path, capsys)
    assert "(2 days, 4 rooms, 8 talks, 5 speakers, 3 tracks)" in said
    # Only what the schedule cannot say is a placeholder: it has a city, no country.
    assert placeholders(said)[:3] == ["event.country", "about", "organisers"]
    assert main(["-q", "check", str(target)]) == 0
    event = load_event(target)
    assert (event.event.title, event.event.city) == ("Civic Code Days 2026", "Brussels")
    assert event.event.venue and event.event.venue.name == "Université Libre de Bruxelles"
    assert (event.event.date, event.event.end_date) == (dt.date(2026, 2, 7), dt.date(2026, 2, 8))
    assert event.sectors == ("Keynotes", "Open data", "Public sector")
    items = {item.title: item for item in event.programme}
    welcome = items["Welcome to Civic Code Days"]
    assert (welcome.date, welcome.start, welcome.end) == (
        dt.date(2026, 2, 7),
        dt.time(9, 30),
        dt.time(9, 55),
    )
    assert (welcome.kind, welcome.track, welcome.room) == ("maintrack", "Keynotes", "Janson")
    # HTML abstracts as paragraphs, entities read once.
    assert (
        welcome.description
        == "Why public code matters, & who keeps it running.\n\nTwo days, four rooms."
    )
    # Before the day_change (09:00), a start is the night after the day's date.
    bar = items["Last orders at the bar"]
    assert (bar.date, bar.start) == (dt.date(2026, 2, 8), dt.time(0, 30))
    night = items["Night hack"]
    assert (night.date, night.start, night.end) == (
        dt.date(2026, 2, 7),
        dt.time(23, 30),
        dt.time(1, 30),
    )
    # A meal with no type is a break; an event with an empty <room> is in its <room name>.
    assert items["Lunch"].is_break and items["Lunch"].track is None
    assert items["Workshop: your first civic app"].room == "Workshop room"
    # Speakers once each, by their pentabarf id, in every talk they give.
    assert [event.person(key).name for key in items["Who maintains the maintainers?"].people] == [
        "李娜",
        "Amélie Dubois",
    ]
    assert len(event.people) == 5 and {p.role for p in event.people} == {"speaker"}
    for unmapped in ("conference/day_change: 09:00:00", "event/links", "event/subtitle"):
        assert unmapped in said


def test_import_check_and_calendar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target, _ = imported(tmp_path, capsys)
    output = tmp_path / "output"
    assert main(["-q", "build", str(target), "--only", "calendar", "-o", str(output)]) == 0
    calendar = icalendar.Calendar.from_ical((output / "programme.ics").read_bytes())
    events = [part for part in calendar.walk("VEVENT")]
    assert len(events) == 8
    assert {str(e["SUMMARY"]) for e in events} >= {"Night hack", "Last orders at the bar"}


@pytest.mark.slow
def test_from_schedule_to_printed_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(SCHEDULE, tmp_path / "schedule.xml")
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "import", "frab", "schedule.xml"]) == 0
    assert main(["-q", "build"]) == 0
    text = pdftotext(tmp_path / "output" / "brochure.pdf")
    for words in ("Civic Code Days 2026", "Maps the city can keep", "李娜", "Workshop room"):
        assert words in text


def test_38c3s_first_day_with_its_53_rooms_and_its_night(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schedule = shared_export("frab-xml/38c3-day1.schedule.xml")
    target, said = imported(tmp_path, capsys, schedule)
    assert "(2 days, 53 rooms, 245 talks, 185 speakers, 7 tracks)" in said
    assert placeholders(said)[:3] == ["event.city", "about", "organisers"]
    assert main(["-q", "check", str(target)]) == 0
    _, problems = validate(read_source(target))
    # The export's own, and only those: speakers listed in two events at once. No room
    # is booked twice.
    assert all(
        p.warning and re.search(" is (also in|in [0-9]+ items) ", p.message) for p in problems
    )
    # 20 pairs, said once for each person and stretch of overlapping events.
    assert len(problems) == 9
    event = load_event(target)
    info = event.event
    assert (info.timezone, info.country, info.language) == ("Europe/Berlin", "DE", "de")
    # The header still says four days: the conference's end is kept.
    assert (info.date, info.end_date) == (dt.date(2024, 12, 27), dt.date(2024, 12, 30))
    assert len(event.programme) == 245
    assert len({item.room for item in event.programme}) == 53
    # Events after midnight are on the 28th, at their local time.
    late = [item for item in event.programme if item.date == dt.date(2024, 12, 28)]
    assert len(late) == 18 and min(item.start for item in late if item.start) == dt.time(0, 0)
    # Each talk's track as it is (201 of 245 have none), the seven as sectors.
    assert sum(1 for item in event.programme if item.track) == 44
    assert "Art & Beauty" in event.sectors
    soldering = next(i for i in event.programme if i.title == "Soldering Competition - Day 1")
    assert (soldering.start, soldering.end) == (dt.time(12, 0), dt.time(0, 0))
    output = tmp_path / "output"
    assert main(["-q", "build", str(target), "--only", "calendar", "-o", str(output)]) == 0
    calendar = icalendar.Calendar.from_ical((output / "programme.ics").read_bytes())
    assert len(list(calendar.walk("VEVENT"))) == 245


def test_debconfs_utc_dates_are_the_local_times_its_starts_say(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schedule = shared_export("frab-xml/debconf23.schedule.xml")
    target, said = imported(tmp_path, capsys, schedule)
    assert "(8 days, 5 rooms, 117 talks, 87 speakers, 11 tracks)" in said
    assert "wafer 0.14.0" in target.read_text(encoding="utf-8")
    assert main(["-q", "check", str(target)]) == 0
    event = load_event(target)
    assert (event.event.timezone, event.event.country) == ("Asia/Kolkata", "IN")
    kolkata = zoneinfo.ZoneInfo("Asia/Kolkata")
    root = ElementTree.parse(schedule).getroot()
    written = Counter(
        (" ".join(element.findtext("title", "").split()), local.date(), local.time())
        for element in root.iter("event")
        if (local := dt.datetime.fromisoformat(element.findtext("date", "").strip()))
        and (local := local.astimezone(kolkata).replace(tzinfo=None))
    )
    assert Counter((item.title, item.date, item.start) for item in event.programme) == written
    opening = next(item for item in event.programme if item.title == "Opening Ceremony")
    assert (opening.date, opening.start, opening.end) == (
        dt.date(2023, 9, 10),
        dt.time(10, 30),
        dt.time(10, 50),
    )
    # Meals are breaks; wafer's "No Track" is no track.
    assert all(i.is_break for i in event.programme if i.title in ("Breakfast", "Lunch", "Dinner"))
    assert "No Track" not in event.sectors
    assert all(item.track != "No Track" for item in event.programme)


def _hostile(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "schedule.xml"
    path.write_text(text, encoding="utf-8")
    return path


_SOURCE = SCHEDULE.read_text(encoding="utf-8")
_FIRST_START = "<start>09:30</start>"


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        (
            "<schedule>" + "<x>" * 200 + "</x>" * 200 + "</schedule>",
            "<x>",
            "nested deeper than 64 levels",
        ),
        (
            _SOURCE.replace("Welcome to Civic Code Days", "w" * 3_000_000),
            "www",
            f"{_EVENT}/title: 3,000,000 characters: the export makes an event file of",
        ),
        (
            _SOURCE.replace(_FIRST_START, "<date>2030-02-07T09:30:00</date>" + _FIRST_START, 1),
            "<date>2030",
            f"{_EVENT}/date: 2030-02-07T09:30:00 is not a day of the conference",
        ),
        (
            _SOURCE.replace(_FIRST_START, "<date>9999-02-07T09:30:00</date>" + _FIRST_START, 1),
            "<date>9999",
            f"{_EVENT}/date: 9999-02-07T09:30:00 is not a time of an event (years 1900-2999)",
        ),
        (
            _SOURCE.replace("<city>", "<time_zone_name>Mars/Olympus</time_zone_name><city>"),
            "Mars/Olympus",
            "/schedule/conference[1]/time_zone_name: 'Mars/Olympus' is not a time zone",
        ),
        (
            _SOURCE.replace("<city>", "<time_zone_name>localtime</time_zone_name><city>"),
            "localtime",
            "'localtime' is not a time zone: an IANA name such as Europe/Berlin",
        ),
        (
            _SOURCE.replace("<duration>00:25</duration>", "<duration>99:99</duration>"),
            "99:99",
            f"{_EVENT}/duration: '99:99' is not a duration",
        ),
        (
            _SOURCE.replace("<duration>00:25</duration>", "<duration>47:00</duration>"),
            "47:00",
            f"{_EVENT}/duration: 47:00 ends the talk after the conference's last day",
        ),
        (_SOURCE.replace(_FIRST_START, "", 1), '<event id="101">', f"{_EVENT}: has no <start>"),
        (
            _SOURCE.replace('<event id="102">', '<event id="101">'),
            'id="101">\n        <start>10:00',
            "/schedule/day[1]/room[1]/event[2]/@id: id '101' is another event's too",
        ),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE schedule [<!ENTITY a "aaaa">'
            '<!ENTITY b "&a;&a;&a;&a;">]>\n<schedule>&b;</schedule>',
            "<!DOCTYPE",
            "declares a document type (DTD), which an export has no need of",
        ),
        (
            _SOURCE.replace("<title>Civic Code Days 2026</title>", ""),
            "  <conference>",
            "/schedule/conference[1]/title: Field required",
        ),
        ("<schedule><conference>", "<conference>", "not XML: no element found"),
        ("<html><body/></html>", "<html>", "not a frab schedule: its root element is <html>"),
    ],
    ids=[
        "200 levels",
        "huge title",
        "a day outside the event",
        "year 9999",
        "unknown time zone",
        "the machine's clock as a zone",
        "99 minutes",
        "past the last night",
        "no start",
        "one id twice",
        "entities",
        "a conference without a title",
        "not XML",
        "a web page",
    ],
)
def test_a_hostile_schedule_is_refused_where_it_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, fragment: str, expected: str
) -> None:
    export = _hostile(tmp_path, text)
    err = refused(capsys, "frab", export, tmp_path / "source" / "event.yaml")
    assert expected in err
    # Located on the line of the element (or the bracket, the declaration) at fault.
    line = text[: text.index(fragment)].count("\n") + 1
    assert f"{export}:{line}:" in err


def test_a_talk_without_a_room_is_imported_without_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _SOURCE.replace('<room name="Foyer">', "<room>").replace("<room>Foyer</room>", "<room/>")
    target, _ = imported(tmp_path, capsys, _hostile(tmp_path, text))
    assert main(["-q", "check", str(target)]) == 0
    bar = next(item for item in load_event(target).programme if item.title.startswith("Last"))
    assert bar.room is None


def test_a_break_listed_in_every_room_is_one_break_for_every_room(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The schedule's Lunch is in Janson; a schedule that blocks every room's column lists
    # it again in H.1301, at the same time: one break, with no room (as the event file
    # writes a break for all rooms), not two, each printed under one room.
    begins = _SOURCE.index('<event id="103">')
    lunch = _SOURCE[begins : _SOURCE.index("</event>", begins) + len("</event>")]
    again = lunch.replace('id="103"', 'id="203"').replace("Janson", "H.1301")
    text = _SOURCE.replace('<room name="H.1301">', f'<room name="H.1301">{again}', 1)
    target, _ = imported(tmp_path, capsys, _hostile(tmp_path, text))
    assert main(["-q", "check", str(target)]) == 0
    lunches = [item for item in load_event(target).programme if item.title == "Lunch"]
    assert [(item.is_break, item.room) for item in lunches] == [(True, None)]
    # Listed in one room only, a break stays in it: that room is where it is.
    target, _ = imported(tmp_path / "one", capsys)
    lunches = [item for item in load_event(target).programme if item.title == "Lunch"]
    assert [(item.is_break, item.room) for item in lunches] == [(True, "Janson")]
