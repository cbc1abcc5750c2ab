"""programme.ics, built through the command and read back as a calendar app reads it."""

from __future__ import annotations

import datetime as dt
import shutil
import zoneinfo
from pathlib import Path

import icalendar
import pytest
from tests.conftest import FIXTURES, MINIMAL, SEED_SOURCE, write_event

from brochure.cli import main
from brochure.reading.load import load_event


def ics(source: Path, output: Path, epoch: str = "1700000000") -> icalendar.Calendar:
    """The calendar `brochure build --only calendar` writes for source."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", epoch)
        assert main(["-q", "build", str(source), "-o", str(output), "--only", "calendar"]) == 0
    return icalendar.Calendar.from_ical((output / "programme.ics").read_bytes())


@pytest.fixture(scope="module")
def conference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, icalendar.Calendar]:
    folder = tmp_path_factory.mktemp("ics")
    shutil.copytree(FIXTURES / "conference", folder / "source")
    source = folder / "source" / "event.yaml"
    return source, ics(source, folder / "output")


def test_one_entry_per_programme_item_as_the_yaml_says(
    conference: tuple[Path, icalendar.Calendar],
) -> None:
    source, calendar = conference
    event = load_event(source)
    zone = zoneinfo.ZoneInfo("Europe/Lisbon")
    entries = calendar.events
    assert len(entries) == len(event.programme)
    for entry, item in zip(entries, event.programme, strict=True):
        day = item.date or event.event.date
        assert entry["SUMMARY"] == item.title
        assert entry.start == dt.datetime.combine(day, item.start, tzinfo=zone)
        assert entry.end == dt.datetime.combine(day, item.end, tzinfo=zone)
        assert entry.start.tzinfo.key == "Europe/Lisbon"  # type: ignore[union-attr]
        location = str(entry["LOCATION"])
        assert location.startswith(item.room or event.event.room or "")
        assert location.endswith("Lisboa, Portugal")
        description = str(entry.get("DESCRIPTION", ""))
        for key in item.people:
            assert event.person(key).name in description
        if item.description:
            assert item.description in description
    # The zone's rules travel with the file: a calendar elsewhere shows the right hour.
    assert [zone.tz_name for zone in calendar.timezones] == ["Europe/Lisbon"]
    assert calendar.get_missing_tzids() == set()
    assert str(calendar["X-WR-CALNAME"]) == event.event.title


def test_nothing_personal_beyond_the_printed_names(
    conference: tuple[Path, icalendar.Calendar],
) -> None:
    source, calendar = conference
    text = calendar.to_ical().decode()
    event = load_event(source)
    for person in event.everyone:
        if person.email:
            assert person.email not in text
    assert "ATTENDEE" not in text and "ORGANIZER" not in text and "mailto:" not in text
    # Only the people who lead an item are named, and only by name.
    leading = {key for item in event.programme for key in item.people}
    for person in event.people:
        if person.key not in leading:
            assert person.name not in text


def test_uids_are_unique_and_stable_across_builds(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "conference", tmp_path / "source")
    source = tmp_path / "source" / "event.yaml"
    first = ics(source, tmp_path / "one", epoch="1700000000")
    second = ics(source, tmp_path / "two", epoch="1800000000")
    uids = [str(entry["UID"]) for entry in first.events]
    assert len(set(uids)) == len(uids)
    assert uids == [str(entry["UID"]) for entry in second.events]
    assert str(first["UID"]) == str(second["UID"])
    # The stamp is the build's time, so the files differ only there.
    assert first.events[0].DTSTAMP != second.events[0].DTSTAMP
    # A corrected event title and an item added at the start of the day change no entry's
    # UID: calendars that subscribed update their entries instead of doubling them.
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace(
            "  title: Data, Cities and Consent", "  title: Data, Cities & Consent"
        ).replace(
            "  - {title: Registration, start: 08:30",
            "  - {title: Early coffee, start: 08:00, end: 08:30, kind: break}\n"
            "  - {title: Registration, start: 08:30",
        ),
        encoding="utf-8",
    )
    third = ics(source, tmp_path / "three", epoch="1700000000")
    by_title = {str(e["SUMMARY"]): str(e["UID"]) for e in first.events}
    again = {str(e["SUMMARY"]): str(e["UID"]) for e in third.events}
    assert {title: again[title] for title in by_title} == by_title
    assert len(set(again.values())) == len(again)
    for zone in third.walk("VTIMEZONE"):
        assert "COMMENT" not in zone  # icalendar's English note for software


def test_the_whole_event_when_there_is_no_programme(tmp_path: Path) -> None:
    calendar = ics(write_event(tmp_path / "source", MINIMAL), tmp_path / "output")
    (entry,) = calendar.events
    assert entry["SUMMARY"] == "A Small Meeting"
    # No times: a day-long entry, its end the next day (RFC 5545 §3.6.1).
    assert entry.start == dt.date(2025, 3, 4)
    assert entry.end == dt.date(2025, 3, 5)
    assert str(entry["LOCATION"]) == "Oslo, Norway"
    assert str(entry["DESCRIPTION"]) == "We meet."


def test_the_seed_event_in_its_time_zone(tmp_path: Path) -> None:
    calendar = ics(SEED_SOURCE / "event.yaml", tmp_path / "output")
    (entry,) = calendar.events
    assert entry["SUMMARY"] == "Opening"
    assert entry.start == dt.datetime(
        2016, 12, 8, 12, 30, tzinfo=zoneinfo.ZoneInfo("America/Mexico_City")
    )
    assert "DTEND" not in entry  # the YAML gives no end: none is made up
    assert "Alexandrine Pirlot de Corbion" in str(entry["DESCRIPTION"])


def test_times_without_a_zone_are_floating(tmp_path: Path) -> None:
    text = MINIMAL + "programme:\n  - {title: Talk, start: '10:00', end: '11:00'}\n"
    calendar = ics(write_event(tmp_path / "source", text), tmp_path / "output")
    (entry,) = calendar.events
    assert entry.start == dt.datetime(2025, 3, 4, 10, 0)
    assert entry.start.tzinfo is None
    assert calendar.timezones == []


def test_an_item_without_a_time_lasts_its_day(tmp_path: Path) -> None:
    text = MINIMAL + "programme:\n  - {title: Field visit}\n  - {title: Talk, start: '10:00'}\n"
    calendar = ics(write_event(tmp_path / "source", text), tmp_path / "output")
    visit, talk = calendar.events
    assert (visit.start, visit.end) == (dt.date(2025, 3, 4), dt.date(2025, 3, 5))
    assert talk.start == dt.datetime(2025, 3, 4, 10, 0) and "DTEND" not in talk


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("", "Chair: Katrin Vogel", "Chairs: Katrin Vogel and Amalia Toledo"),
        ("fr", "Présidence\xa0: Katrin Vogel", "Présidence\xa0: Katrin Vogel et Amalia Toledo"),
    ],
    ids=["English", "French"],
)
def test_chairs_are_named_apart_from_the_speakers_in_the_number_they_are(
    tmp_path: Path, language: str, one: str, two: str
) -> None:
    """One chair is "Chair", two are "Chairs" (the catalogue's plural: French has one
    word for both)."""
    text = MINIMAL.replace(
        "  country: NO\n",
        f"  country: NO\n  language: {language}\n" if language else "  country: NO\n",
    ) + (
        "people:\n  - {name: Katrin Vogel, id: kv}\n  - {name: Amalia Toledo, id: at}\n"
        "  - {name: Léa Martin, id: lm}\n"
        "programme:\n  - {title: Meetup, start: '10:00', end: '11:00', chairs: [kv]}\n"
        "  - {title: Opening, start: '11:00', end: '11:30', chairs: [kv, at], people: [lm]}\n"
    )
    calendar = ics(write_event(tmp_path / "source", text), tmp_path / "output")
    meetup, opening = calendar.events
    assert str(meetup["DESCRIPTION"]) == one
    assert str(opening["DESCRIPTION"]).startswith(two + "\n\n")
    assert str(opening["DESCRIPTION"]).endswith(": Léa Martin")


# issue 20: an item's own place, and the clocks changing ---------------------------------
def test_an_item_elsewhere_sends_guests_there(tmp_path: Path) -> None:
    """The calendar sent guests of a dinner to the conference building: an item with a
    place of its own (`venue:`) is located there, name and address, and no other."""
    shutil.copytree(FIXTURES / "berlin", tmp_path / "source")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        out = tmp_path / "output"
        assert (
            main(
                [
                    "-q",
                    "build",
                    str(tmp_path / "source" / "event.yaml"),
                    "-o",
                    str(out),
                    "--only",
                    "calendar",
                ]
            )
            == 0
        )
    calendar = icalendar.Calendar.from_ical((out / "de" / "programme.ics").read_bytes())
    where = {str(entry["SUMMARY"]): str(entry["LOCATION"]) for entry in calendar.events}
    assert (
        where["Konferenzdinner"]
        == "Restaurant Zur Letzten Instanz, Waisenstraße 14–16, 10179 Berlin"
    )
    assert where["Empfang im Roten Rathaus"] == (
        "Berliner Rathaus (Rotes Rathaus), Rathausstraße 15, 10178 Berlin"
    )
    assert (
        where["Stadtspaziergang: Daten im Kiez"] == "Brandenburger Tor, Pariser Platz, 10117 Berlin"
    )
    assert where["Eröffnung"] == (
        "Lichthof, Technische Universität Berlin, Hauptgebäude, Berlin, Deutschland"
    )


def test_an_items_place_and_its_room(tmp_path: Path) -> None:
    text = MINIMAL.replace("city: Oslo", "city: Oslo\n  venue: Folkets hus\n  room: Sal 1") + (
        "programme:\n  - {title: Talk, start: '10:00'}\n"
        "  - {title: Gala, start: '19:00', room: Salongen, venue: {name: Grand Hotel,"
        " address: Karl Johans gate 31}}\n  - {title: Toast, start: '18:00', venue: Rådhuset}\n"
    )
    calendar = ics(write_event(tmp_path / "source", text), tmp_path / "output")
    talk, gala, toast = calendar.events
    assert str(talk["LOCATION"]) == "Sal 1, Folkets hus, Oslo, Norway"
    assert str(gala["LOCATION"]) == "Salongen, Grand Hotel, Karl Johans gate 31"
    assert str(toast["LOCATION"]) == "Rådhuset"


UTC = dt.UTC


@pytest.mark.parametrize(
    ("zone", "country", "day", "items", "expected"),
    [
        # Berlin, 29 March 2026: 02:00 becomes 03:00; 25 October: 03:00 becomes 02:00
        (
            "Europe/Berlin",
            "DE",
            "2026-03-28\n  end_date: 2026-10-26",
            [
                ("2026-03-29", "1:30", "3:30"),
                ("2026-10-25", "2:30", "2:45"),
                ("2026-10-25", "1:00", "4:00"),
            ],
            [
                (dt.datetime(2026, 3, 29, 0, 30), 60),
                (dt.datetime(2026, 10, 25, 0, 30), 15),
                (dt.datetime(2026, 10, 24, 23, 0), 240),
            ],
        ),
        # New York, 1 November 2026: 02:00 becomes 01:00 (01:15 is the first, EDT)
        (
            "America/New_York",
            "US",
            "2026-10-31\n  end_date: 2026-11-01",
            [("2026-11-01", "1:15", "1:45"), ("2026-10-31", "23:00", "3:00")],
            [(dt.datetime(2026, 11, 1, 5, 15), 30), (dt.datetime(2026, 11, 1, 3, 0), 300)],
        ),
    ],
)
def test_entries_last_as_long_as_they_really_do_when_the_clocks_change(
    tmp_path: Path,
    zone: str,
    country: str,
    day: str,
    items: list[tuple[str, str, str]],
    expected: list[tuple[dt.datetime, int]],
) -> None:
    """Read as a calendar app reads them (in UTC): an item over the hour skipped lasts
    an hour less than its clock times say, one over the hour repeated an hour more, and
    a time that happens twice is its first occurrence (RFC 5545 3.3.5)."""
    text = (
        MINIMAL.replace("date: 2025-03-04", f"date: {day}").replace(
            "  country: NO", f"  country: {country}\n  timezone: {zone}"
        )
        + "programme:\n"
        + "".join(
            f"  - {{title: Item {n}, date: {date}, start: '{start}', end: '{end}', room: R{n}}}\n"
            for n, (date, start, end) in enumerate(items)
        )
    )
    calendar = ics(write_event(tmp_path / "source", text), tmp_path / "output")
    got = [
        (
            entry.start.astimezone(UTC).replace(tzinfo=None),
            int((entry.end.astimezone(UTC) - entry.start.astimezone(UTC)).total_seconds() // 60),
        )
        for entry in calendar.events
    ]
    assert got == expected
