"""Programmes as organisers write them (issue 10): times, order, days, rooms, chairs, ids,
and the warnings that catch what they get wrong. Fast: no rendering."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PIL import Image
from tests.conftest import FIXTURES, MINIMAL, prepared, write_event

from brochure.cli import main
from brochure.errors import InputError
from brochure.model import make_id
from brochure.outputs.view import EventView
from brochure.reading.load import load_event, read_source, validate

FIELD = FIXTURES / "field"
TWO_DAYS = MINIMAL.replace("date: 2025-03-04", "date: 2025-03-04\n  end_date: 2025-03-05")
#: 24-hour times, for tests that compare them
GB = "  country: NO\n  language: en-GB"


def plain(text: str) -> str:
    """CLDR's narrow and thin spaces, and the no-break spaces that keep a time whole, as
    plain ones; without the word joiner after a range's dash (typography.unbreakable), nor
    the isolates that set a title apart in a longer line (textrules.set_apart)."""
    for space in "\u202f\u2009\u00a0":
        text = text.replace(space, " ")
    for mark in "\u2060\u2066\u2067\u2068\u2069":
        text = text.replace(mark, "")
    return text


def outcome(source: Path) -> tuple[list[str], list[str]]:
    """The errors and the warnings, as printed."""
    _, problems = validate(read_source(source))
    return (
        [str(p) for p in problems if not p.warning],
        [str(p) for p in problems if p.warning],
    )


def view_of(source: Path) -> EventView:
    ready = prepared(source, only=("brochure",))
    return EventView.of(ready.event, ready.config)


# field-12: H:MM ----------------------------------------------------------------------
def test_single_digit_hours_are_times() -> None:
    event = load_event(FIELD / "field-12-single-digit-hour" / "source" / "event.yaml")
    assert event.event.start == dt.time(9, 30)
    assert [item.start for item in event.programme[:2]] == [dt.time(9, 30), dt.time(9, 45)]


@pytest.mark.parametrize("written", ["9.30", "25:00", "9:3", "9:60", "930", "9h30", "24:00"])
def test_what_is_not_a_time_is_still_refused(tmp_path: Path, written: str) -> None:
    source = write_event(tmp_path, MINIMAL + f"programme:\n  - {{title: T, start: '{written}'}}\n")
    errors, _ = outcome(source)
    assert len(errors) == 1 and f"'{written}' is not a time" in errors[0]
    assert "H:MM" in errors[0] or "midnight is 00:00" in errors[0]


# field-05: past midnight -------------------------------------------------------------
def test_a_session_that_ends_after_midnight_ends_the_next_day() -> None:
    source = FIELD / "field-05-session-past-midnight" / "source" / "event.yaml"
    assert outcome(source) == ([], [])
    view = view_of(source)
    friday, saturday = view.days
    karaoke = friday.slots[-1]
    # language: en, which is British English: a 24-hour clock (en-US: "11:00 PM – 1:30 AM")
    assert (karaoke.title, plain(karaoke.when)) == ("Karaoke night", "23:00–01:30")
    # The event runs from Friday 18:00 to Saturday 16:00, not 18:00-16:00 every day.
    assert plain(view.time) == "Fri 18:00 – Sat 16:00"
    assert (plain(friday.hours), plain(saturday.hours)) == ("from 18:00", "until 16:00")


def test_past_midnight_in_american_english(tmp_path: Path) -> None:
    """The case's own wish, in the language whose clock has twelve hours."""
    folder = FIELD / "field-05-session-past-midnight" / "source"
    text = (folder / "event.yaml").read_text(encoding="utf-8")
    assert "language: en\n" in text
    source = write_event(tmp_path, text.replace("language: en\n", "language: en-US\n"))
    view = view_of(source)
    friday, saturday = view.days
    assert plain(friday.slots[-1].when) == "11:00 PM – 1:30 AM"
    assert plain(view.time) == "Fri 6:00 PM – Sat 4:00 PM"
    assert (plain(friday.hours), plain(saturday.hours)) == ("from 6:00 PM", "until 4:00 PM")


def test_midnight_is_an_end_too(tmp_path: Path) -> None:
    source = write_event(
        tmp_path, TWO_DAYS + "programme:\n  - {title: Party, start: 20:00, end: 0:00}\n"
    )
    (item,) = load_event(source).programme
    assert item.span(dt.date(2025, 3, 4)) == (
        dt.datetime(2025, 3, 4, 20, 0),
        dt.datetime(2025, 3, 5, 0, 0),
    )


def test_the_next_day_must_be_a_day_of_the_event(tmp_path: Path) -> None:
    source = write_event(
        tmp_path, MINIMAL + "programme:\n  - title: T\n    start: 23:00\n    end: 1:30\n"
    )
    errors, _ = outcome(source)
    assert errors == [
        f"{source}:12:5: programme[0].end: 01:30 is not after the start 23:00, so it would "
        "end the next day, 2025-03-05, which is not a day of the event (an event that runs "
        "past midnight needs its end_date)"
    ]


# order, days, hours ------------------------------------------------------------------
LUNCH_LAST = """programme:
  - {title: Welcome, start: 9:00, end: 9:30}
  - {title: Morning talk, start: 9:30, end: 12:30}
  - {title: Afternoon talk, start: 13:30, end: 16:00}
  - {title: Wrap-up, start: 16:00, end: 16:30}
  - {title: Day two, date: 2025-03-05, start: 9:00, end: 12:00}
  - {title: Lunch, start: 12:30, end: 13:30, kind: lunch}
  - {title: Announcements}
"""


def test_the_programme_is_printed_in_time_order_each_day_once(tmp_path: Path) -> None:
    view = view_of(write_event(tmp_path, TWO_DAYS + LUNCH_LAST))
    assert [[slot.title for slot in day.slots] for day in view.days] == [
        ["Welcome", "Morning talk", "Lunch", "Announcements", "Afternoon talk", "Wrap-up"],
        ["Day two"],
    ]


def test_no_row_is_made_up_from_the_events_end(tmp_path: Path) -> None:
    text = MINIMAL.replace("city: Oslo", "city: Oslo\n  start: 9:00\n  end: 17:30")
    view = view_of(write_event(tmp_path, text + "programme:\n  - {title: Talk, start: 9:00}\n"))
    assert [slot.title for day in view.days for slot in day.slots] == ["Talk"]


def test_each_day_has_its_own_hours(tmp_path: Path) -> None:
    text = TWO_DAYS.replace(
        "city: Oslo",
        "city: Oslo\n  start: 9:00\n  end: 17:30\n  days:\n    - {date: 2025-03-05, end: 15:00}",
    ).replace("  country: NO", GB)
    view = view_of(write_event(tmp_path, text + LUNCH_LAST))
    assert [plain(day.hours) for day in view.days] == ["09:00–17:30", "09:00–15:00"]
    assert view.time == ""  # the cover does not claim one set of hours for both days
    assert [(day, plain(hours)) for day, hours in view.day_hours] == [
        ("4 Mar 2025", "09:00–17:30"),
        ("5 Mar 2025", "09:00–15:00"),
    ]


def test_hours_of_a_day_that_is_not_the_events(tmp_path: Path) -> None:
    text = TWO_DAYS.replace(
        "city: Oslo", "city: Oslo\n  days:\n    - {date: 2025-03-09, end: 15:00}"
    )
    errors, _ = outcome(write_event(tmp_path, text))
    assert (
        len(errors) == 1 and "event.days[0].date: 2025-03-09 is not a day of the event" in errors[0]
    )


# parallel sessions, chairs, people's sessions ----------------------------------------
PARALLEL = """people:
  - {name: Ana Lima, role: moderator}
  - {name: Bo Li, role: speaker}
  - {name: Cy Ode, role: speaker}
programme:
  - {title: Plenary, start: 9:00, end: 10:00, room: Hall, chairs: [ana-lima], people: [bo-li]}
  - {title: Track B, start: 10:00, end: 11:00, room: Room B, people: [cy-ode]}
  - {title: Track A, start: 10:00, end: 11:30, room: Hall, chairs: ana-lima, people: bo-li}
"""


def test_sessions_at_one_time_are_one_row_of_rooms(tmp_path: Path) -> None:
    view = view_of(write_event(tmp_path, MINIMAL.replace("  country: NO", GB) + PARALLEL))
    (day,) = view.days
    assert day.rooms == ("Hall", "Room B")
    plenary, parallel = day.blocks
    assert not plenary.parallel and parallel.parallel
    # rooms in the day's order; the block's time is the shared start when ends differ
    assert [slot.title for slot in parallel.slots] == ["Track A", "Track B"]
    assert parallel.when == "10:00"
    assert view.several_rooms


def test_chairs_are_apart_from_speakers_and_people_list_their_sessions(tmp_path: Path) -> None:
    view = view_of(write_event(tmp_path, MINIMAL.replace("  country: NO", GB) + PARALLEL))
    plenary = view.days[0].slots[0]
    assert (plenary.chairs, plenary.people) == (("Ana Lima",), ("Bo Li",))
    assert plenary.people_with_chairs(view.fmt) == "Ana Lima (chair), Bo Li"
    (ana,) = view.hosts
    assert tuple(plain(line) for line in ana.sessions) == (
        "09:00–10:00: Plenary (chair), Hall",
        "10:00–11:30: Track A (chair), Hall",
    )


# ids ---------------------------------------------------------------------------------
def test_ids_in_any_script_and_references_as_typed(tmp_path: Path) -> None:
    text = MINIMAL + (
        "people:\n  - {name: Léa Martin, id: Léa}\n  - {name: Hans Groß, id: groß}\n"
        "  - {name: Houleymatou Baldé, id: houleymatou-baldé}\n  - {name: 王秀英}\n"
        "programme:\n  - {title: T, people: [léa, Groß, houleymatou-baldé, 王秀英, hans-gross]}\n"
    )
    errors, _ = outcome(write_event(tmp_path, text))
    # Not an id, though made of a name: the person's own id is suggested.
    assert len(errors) == 1
    assert "'hans-gross' is a person's name, not their id; did you mean 'groß'?" in errors[0]
    event = load_event(write_event(tmp_path, text.replace(", hans-gross]", "]")))
    assert [p.key for p in event.people] == ["léa", "groß", "houleymatou-baldé", "王秀英"]


def test_a_reference_may_leave_out_accents_and_case(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + "people:\n  - {name: Léa Martin}\nprogramme:\n  - {title: T, people: [léa-martin]}\n"
    )
    event = load_event(write_event(tmp_path, text))
    assert event.person("léa-martin").name == "Léa Martin"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("María García", "maria-garcia"),
        ("محمد علي", "محمد-علي"),
        ("हिन्दी नाम", "हिन्दी-नाम"),
        ("Γιώργος Παπαδόπουλος", "γιώργος-παπαδόπουλος"),
        ("Иван Петров", "иван-петров"),
        ("山田 太郎", "山田-太郎"),
        ("Ó Súilleabháin, Aoife", "o-suilleabhain-aoife"),
    ],
)
def test_default_ids_are_readable_in_every_script(name: str, key: str) -> None:
    assert make_id(name) == key


@pytest.mark.parametrize(
    ("written", "example"),
    [("Ann Lee", "ann-lee"), ("Léa Martin!", "lea-martin"), ("--x--", "x"), ("王 秀英", "王-秀英")],
)
def test_a_wrong_id_is_shown_as_it_could_be(tmp_path: Path, written: str, example: str) -> None:
    errors, _ = outcome(
        write_event(tmp_path, MINIMAL + f"people:\n  - {{name: A, id: '{written}'}}\n")
    )
    assert len(errors) == 1 and f"e.g. '{example}'" in errors[0]
    assert "amber-sinha" not in errors[0]


def test_one_bad_entry_does_not_cascade_into_wrong_suggestions(tmp_path: Path) -> None:
    text = MINIMAL + (
        "people:\n  - {name: Ann Lee, role: superstar}\n  - {name: Bo Li, id: bo, email: x}\n"
        "  - {name: Ann Leet}\n"
        "programme:\n  - {title: A, people: [ann-lee, bo]}\n  - {title: B, people: [ann-lee]}\n"
    )
    errors, _ = outcome(write_event(tmp_path, text))
    assert [e.split(": ")[1] for e in errors] == ["people[0].role", "people[1].email"]


# warnings ----------------------------------------------------------------------------
CLASHES = """people:
  - {name: Ana Lima}
  - {name: Bo Li}
programme:
  - {title: First, start: 10:00, end: 11:00, room: Hall A, people: [ana-lima]}
  - {title: Second, start: 10:30, end: 11:30, room: hall a, chairs: [ana-lima]}
  - {title: Third, start: 11:00, end: 12:00, room: Room B, people: [bo-li]}
  - {title: Coffee, start: 10:00, end: 12:00, room: Hall A, kind: break, people: [bo-li]}
"""


def test_a_room_booked_twice_and_a_person_in_two_places_are_warnings(tmp_path: Path) -> None:
    source = write_event(tmp_path, MINIMAL + CLASHES)
    errors, warnings = outcome(source)
    assert errors == []
    assert warnings == [
        f"{source}:14:47: programme[1].room: warning: hall a is also booked for 'First' "
        "(programme[0], 10:00) at the same time",
        f"{source}:14:70: programme[1].chairs[0]: warning: Ana Lima is also in 'First' "
        "(programme[0], 10:00) at the same time",
        # and the room written two ways, which the timetable and the signs keep apart
        f"{source}:14:47: programme[1].room: warning: room 'hall a' ('Second' (programme[1])) "
        "and 'Hall A' (2 items) differ only in capitals, accents, spaces or punctuation, so "
        "they are two rooms (two timetable columns, two door signs); did you mean 'Hall A'?",
    ]
    with pytest.raises(InputError, match="hall a is also booked"):
        prepared(source, strict=True, only=("brochure",))


def test_a_clash_is_said_once_however_many_languages(tmp_path: Path) -> None:
    """A programme in two languages has its clashes once, not once a pack."""
    text = MINIMAL.replace("  country: NO\n", "  country: NO\n  languages: [en, fr]\n")
    clashes = CLASHES.replace("title: First", "title: {en: First, fr: Premier}")
    ready = prepared(write_event(tmp_path, text + clashes), only=("brochure",))
    said = [str(w) for w in ready.warnings if "at the same time" in str(w)]
    assert len(said) == 2, said


def _crowd(count: int, room: str = "room: Hall, ") -> str:
    """count items at 09:00-09:30, all chaired by Ana Lima, each with its speaker."""
    people = "".join(f"  - {{name: Speaker {n}, id: s{n}}}\n" for n in range(count))
    items = "".join(
        f"  - {{title: Talk {n}, start: '09:00', end: '09:30', {room}chairs: [ana], "
        f"people: [s{n}]}}\n"
        for n in range(count)
    )
    return f"people:\n  - {{name: Ana Lima, id: ana}}\n{people}programme:\n{items}"


def test_a_crowd_in_one_room_is_one_warning_for_the_room_and_one_for_the_person(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """400 items at once in one room, one person chairing all: two warnings, not one a
    pair (79,800 each), each naming how many and the first few."""
    source = write_event(tmp_path, MINIMAL + _crowd(400))
    assert main(["check", str(source)]) == 0
    said = capfd.readouterr()
    lines = said.err.splitlines()
    number, line = next(
        (n, text) for n, text in enumerate(source.read_text().splitlines(), 1) if "Talk 1," in text
    )
    room, chair = line.index("room:") + 1, line.index("ana]") + 1
    assert lines == [
        f"{source}:{number}:{room}: programme[1].room: warning: Hall is booked for 400 items at "
        "overlapping times from 09:00 to 09:30: 'Talk 0' (programme[0], 09:00), 'Talk 1' "
        "(programme[1], 09:00), 'Talk 2' (programme[2], 09:00) and 397 more",
        f"{source}:{number}:{chair}: programme[1].chairs[0]: warning: Ana Lima is in 400 items at "
        "overlapping times from 09:00 to 09:30: 'Talk 0' (programme[0], 09:00), 'Talk 1' "
        "(programme[1], 09:00), 'Talk 2' (programme[2], 09:00) and 397 more",
    ]
    assert said.out.strip() == f"{source}: ok (401 people)"


@pytest.mark.slow
def test_five_thousand_items_at_once_check_in_seconds(tmp_path: Path) -> None:
    """Pair by pair, 5,000 items at once were 12.5 million warnings and ran out of
    memory; by stretches they are two, and the check takes seconds, not minutes."""
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    source = write_event(tmp_path, MINIMAL + _crowd(5000, room=""))
    began = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "brochure", "check", str(source)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    took = time.monotonic() - began
    assert result.returncode == 0, result.stderr
    warnings = result.stderr.splitlines()
    assert len(warnings) == 2, warnings[:3]
    assert (
        ": programme[1].room: warning: 5000 items overlap from 09:00 to 09:30, and none "
        "names a room: 'Talk 0' (programme[0], 09:00), 'Talk 1' (programme[1], 09:00), "
        "'Talk 2' (programme[2], 09:00) and 4997 more; give each its room, or correct the "
        "times" in warnings[0]
    )
    assert ": programme[1].chairs[0]: warning: Ana Lima is in 5000 items" in warnings[1]
    # Seconds on a laptop; a shared machine under load gets room to spare.
    assert took < 90, took


def test_each_stretch_of_overlaps_is_one_warning(tmp_path: Path) -> None:
    """A chain (each overlapping the one before) is one stretch; a gap starts another;
    items in other rooms or after one another stay out of it."""
    source = write_event(
        tmp_path,
        MINIMAL + "people:\n  - {name: Ana Lima}\n"
        "programme:\n"
        "  - {title: A, start: 10:00, end: 11:00, room: Hall}\n"
        "  - {title: B, start: 10:30, end: 11:30, room: Hall, people: [ana-lima]}\n"
        "  - {title: C, start: 11:15, end: 12:00, room: Hall, people: [ana-lima]}\n"
        "  - {title: D, start: 12:00, end: 13:00, room: Hall, people: [ana-lima]}\n"
        "  - {title: E, start: 12:00, end: 12:30, room: Yard, people: [ana-lima]}\n"
        "  - {title: F, start: 14:00, end: 15:00, room: Hall}\n"
        "  - {title: G, start: 14:00, end: 14:00, room: Hall}\n",
    )
    _, warnings = outcome(source)
    assert [w.split(": ", 1)[1] for w in warnings] == [
        "programme[1].room: warning: Hall is booked for 3 items at overlapping times from "
        "10:00 to 12:00: 'A' (programme[0], 10:00), 'B' (programme[1], 10:30), "
        "'C' (programme[2], 11:15)",
        "programme[2].people[0]: warning: Ana Lima is also in 'B' (programme[1], 10:30) "
        "at the same time",
        "programme[4].people[0]: warning: Ana Lima is also in 'D' (programme[3], 12:00) "
        "at the same time",
        "programme[6].room: warning: Hall is also booked for 'F' (programme[5], 14:00) "
        "at the same time",
    ]


@pytest.mark.parametrize(
    "kind",
    ["pause", "Pause-café", "dîner", "déjeuner", "almuerzo", "receso", "almoço", "Coffee break"],
)
def test_a_break_in_the_events_language_is_a_break(tmp_path: Path, kind: str) -> None:
    """`kind` written in French, Spanish or Portuguese (case and accents aside) makes a
    break as `break` does: set apart in print, sharing the room with no warning."""
    source = write_event(tmp_path, MINIMAL + CLASHES.replace("kind: break", f"kind: {kind}"))
    _, warnings = outcome(source)
    assert not any("Coffee" in warning for warning in warnings), warnings
    (coffee,) = [
        slot for day in view_of(source).days for slot in day.slots if slot.title == "Coffee"
    ]
    assert coffee.is_break
    (first,) = [slot for day in view_of(source).days for slot in day.slots if slot.title == "First"]
    assert not first.is_break


def test_sessions_in_different_rooms_or_one_after_another_are_no_clash(tmp_path: Path) -> None:
    source = write_event(tmp_path, MINIMAL + PARALLEL)
    assert outcome(source) == ([], [])


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("South Afrika", "did you mean South Africa (ZA)?"),
        ("Untied Kingdom", "did you mean United Kingdom (GB)?"),
        ("Atlantis", "write its two-letter ISO 3166 code to be sure (as MX for Mexico)"),
    ],
)
def test_a_country_nobody_knows_by_that_name(tmp_path: Path, written: str, hint: str) -> None:
    source = write_event(
        tmp_path,
        MINIMAL.replace("- name: Someone", f"- name: Someone\n    country: {written}")
        + f"people:\n  - {{name: A, country: {written}}}\n  - {{name: B, country: Norway}}\n",
    )
    errors, warnings = outcome(source)
    assert errors == []
    assert warnings == [
        f"{source}:9:5: organisers[0].country: warning: '{written}' is not a country name "
        f"CLDR knows; {hint} (also in 1 other place)"
    ]


def test_a_logo_under_300_dpi_where_it_is_printed(tmp_path: Path) -> None:
    Image.new("RGB", (200, 60), "red").save(tmp_path / "small.png")
    Image.new("RGB", (700, 170), "red").save(tmp_path / "sharp.png")
    (tmp_path / "vector.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 3">'
        '<rect width="10" height="3" fill="#123b5a"/></svg>'
    )
    organisers = "".join(
        f"  - name: O{i}\n    logo: {name}\n"
        for i, name in enumerate(("small.png", "sharp.png", "vector.svg"))
    )
    source = write_event(
        tmp_path, MINIMAL.replace("organisers:\n  - name: Someone\n", "organisers:\n" + organisers)
    )
    ready = prepared(source, only=("brochure",))
    assert [str(w) for w in ready.warnings] == [
        f"{source}:9:5: organisers[0].logo: warning: brochure: 'small.png' is 200 x 60 "
        "pixels, so it prints at 109 dpi where the brochure draws it (at most 50 x 14 mm); "
        "print needs 300 dpi: use one of 552 x 166 pixels or more, or an SVG"
    ]


# field-01 and the YAML messages ------------------------------------------------------
def test_a_colon_in_a_title_is_told_in_the_organisers_words() -> None:
    source = FIELD / "field-01-colon-in-title" / "source" / "event.yaml"
    with pytest.raises(InputError) as caught:
        load_event(source)
    assert [str(p) for p in caught.value.problems] == [
        f"{source}:2:10: the text contains ': ', which YAML reads as a key and a value; put "
        'the whole text in quotes: title: "Open Data: What Councils Publish"'
    ]


def test_a_colon_in_a_question_is_told_the_same_way() -> None:
    source = FIELD / "field-01-colon-in-title" / "variant-question" / "source" / "event.yaml"
    errors, _ = outcome(source)
    assert errors == [
        f"{source}:15:5: questions[0]: the text contains ': ', which YAML reads as a key and "
        'a value; put the whole text in quotes: "Consent: who gives it, and when?"'
    ]


@pytest.mark.parametrize(
    ("text", "where", "quoted"),
    [
        ("event:\n  subtitle: Part 2: the sequel\n", "2:13", 'subtitle: "Part 2: the sequel"'),
        (
            "people:\n  - name: A\n    organisation: Acme: Labs\n",
            "3:19",
            'organisation: "Acme: Labs"',
        ),
        ("programme:\n  - {title: Panel: data, start: 10:00}\n", "2:13", 'title: "Panel: data"'),
        ('event:\n  title: Say "hi": now\n', "2:10", 'title: "Say \\"hi\\": now"'),
    ],
)
def test_every_value_with_a_colon_gets_its_quotes(
    tmp_path: Path, text: str, where: str, quoted: str
) -> None:
    source = write_event(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_event(source)
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"{source}:{where}: ") and str(problem).endswith(quoted)


@pytest.mark.parametrize(
    ("character", "named"),
    [
        ("\t", "a tab (U+0009)"),
        ("\u00a0", "the invisible character NO-BREAK SPACE (U+00A0)"),
        ("\u200b", "the invisible character ZERO WIDTH SPACE (U+200B)"),
        ("\u3000", "the invisible character IDEOGRAPHIC SPACE (U+3000)"),
        ("\u2003", "the invisible character EM SPACE (U+2003)"),
    ],
)
def test_indentation_that_only_looks_like_spaces_is_named(
    tmp_path: Path, character: str, named: str
) -> None:
    text = MINIMAL.replace("  city: Oslo", f" {character}city: Oslo")
    source = write_event(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_event(source)
    assert [str(p) for p in caught.value.problems] == [
        f"{source}:4:2: YAML syntax: line 4 is indented with {named}; YAML indents with plain "
        "spaces only: retype the indentation with spaces"
    ]


def test_an_unclosed_quote_is_reported_where_it_opened(tmp_path: Path) -> None:
    text = MINIMAL.replace("title: A Small Meeting", 'title: "A Small Meeting') + (
        'programme:\n  - title: Coffee\n  - title: "Panel: data"\n    start: 10:00\n'
    )
    source = write_event(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_event(source)
    assert [str(p) for p in caught.value.problems] == [
        f'{source}:2:10: YAML syntax: the quote " opened here is not closed on this line, so '
        'YAML read on into line 11; end the text with " on this line'
    ]


def test_an_unclosed_bracket_is_reported_where_it_opened(tmp_path: Path) -> None:
    source = write_event(tmp_path, "event:\n  title: [unclosed\n  date: x\n")
    with pytest.raises(InputError) as caught:
        load_event(source)
    assert [str(p) for p in caught.value.problems] == [
        f"{source}:2:10: YAML syntax: the [ opened here is not closed on this line, so YAML "
        "read on into line 3; end it with ] on this line"
    ]


def test_a_country_named_in_the_events_language_is_known(tmp_path: Path) -> None:
    text = MINIMAL.replace("country: NO", "country: NO\n  language: es")
    source = write_event(tmp_path, text + "people:\n  - {name: A, country: Sudáfrica}\n")
    assert outcome(source) == ([], [])


def test_a_long_event_lists_only_the_days_with_hours_of_their_own(tmp_path: Path) -> None:
    text = MINIMAL.replace("  country: NO", GB).replace(
        "date: 2025-03-04",
        "date: 2025-03-04\n  end_date: 2025-09-30\n  start: 9:00\n  end: 17:00\n"
        "  days:\n    - {date: 2025-06-01, end: 12:00}",
    )
    view = view_of(write_event(tmp_path, text))
    assert [(day, plain(hours)) for day, hours in view.day_hours] == [
        ("Other days", "09:00–17:00"),
        ("1 Jun 2025", "09:00–12:00"),
    ]


@pytest.mark.parametrize(
    ("field", "written"),
    [
        ("event.date", "event:\n  title: T\n  date: 9999-12-31\n"),
        ("event.date", "event:\n  title: T\n  date: 1016-12-08\n"),
        ("event.end_date", "event:\n  title: T\n  date: 2025-03-04\n  end_date: 3025-03-05\n"),
    ],
)
def test_a_date_far_from_any_event_is_a_typo(tmp_path: Path, field: str, written: str) -> None:
    """The calendar ends in 9999: 9999-12-31 passed check and failed the build (a day
    past the last). Dates are taken from 1900 to 2999, and the message says so."""
    text = MINIMAL.replace("event:\n  title: A Small Meeting\n  date: 2025-03-04\n", written)
    source = write_event(tmp_path, text)
    with pytest.raises(InputError) as raised:
        load_event(source)
    assert f"{field}: " in str(raised.value) and "(years 1900-2999)" in str(raised.value)


def test_the_last_year_taken_builds_past_midnight(tmp_path: Path) -> None:
    from tests.conftest import build

    text = MINIMAL.replace("2025-03-04", "2999-12-31").replace(
        "country: NO", "country: NO\n  end_date: 2999-12-31"
    )
    source = write_event(
        tmp_path / "source", text + "programme:\n  - {title: Late, start: 20:00, end: 23:59}\n"
    )
    build(source, tmp_path / "out", only=("calendar",))
    assert (tmp_path / "out" / "programme.ics").read_text().count("BEGIN:VEVENT") == 1


# time zones (issue 20) ------------------------------------------------------------------
def with_zone(zone: str, base: str = MINIMAL) -> str:
    return base.replace("  country: NO", f"  country: NO\n  timezone: {zone}")


@pytest.mark.parametrize(
    ("zone", "why"),
    [
        ("localtime", "is the clock of the computer that builds the pack, not a place"),
        ("posixrules", "is the clock of the computer that builds the pack, not a place"),
        ("Factory", "is tzdata's placeholder for a computer whose zone is not set, not a place"),
        ("UTC", "names no place"),
        ("Etc/UTC", "names no place"),
        ("Zulu", "names no place"),
        ("Etc/GMT-1", "names no place"),
        ("CET", "is a rule (as a computer's TZ setting writes it), not a place"),
        ("EST5EDT", "is a rule (as a computer's TZ setting writes it), not a place"),
    ],
)
def test_a_zone_that_names_no_place_is_refused_with_the_places_zone(
    tmp_path: Path, zone: str, why: str
) -> None:
    """`timezone: localtime` made the pack's times follow the build machine's clock: a
    zone must name a place; the error suggests the zone of the event's city (Oslo)."""
    source = write_event(tmp_path, with_zone(zone))
    errors, _ = outcome(source)
    assert errors == [
        f"{source}:6:3: event.timezone: '{zone}' {why}"
        + (
            ", so the pack's times would not follow a place's clock changes"
            if why == "names no place"
            else ""
        )
        + ": write Europe/Oslo, the zone of the event's place"
    ]


@pytest.mark.parametrize(
    ("zone", "message"),
    [
        # tzdata's copies of a zone for computers' clocks: the zone itself
        (
            "right/Europe/Berlin",
            "is a copy of a zone that counts leap seconds, kept for "
            "computers' clocks: write Europe/Berlin",
        ),
        (
            "posix/Asia/Tokyo",
            "is a copy of a zone kept for computers' clocks, not the zone's name: write Asia/Tokyo",
        ),
        # a place written nearly right
        ("Europe/Olso", "is not a time zone of a place; did you mean Europe/Oslo?"),
        ("europe/oslo", "is not a time zone of a place; did you mean Europe/Oslo?"),
        ("Oslo", "is not a time zone of a place; did you mean Europe/Oslo?"),
        ("America/Mexico City", "is not a time zone of a place; did you mean America/Mexico_City?"),
        ("Mars/Olympus_Mons", "is not a time zone of a place; did you mean Europe/Oslo?"),
    ],
)
def test_a_zone_written_nearly_right_gets_the_closest_real_zone(
    tmp_path: Path, zone: str, message: str
) -> None:
    source = write_event(tmp_path, with_zone(zone))
    errors, _ = outcome(source)
    assert errors == [f"{source}:6:3: event.timezone: '{zone}' {message}"]


@pytest.mark.parametrize(
    "zone", ["Europe/Oslo", "Asia/Calcutta", "US/Eastern", "America/Montreal", "Japan", "GB"]
)
def test_zones_and_the_old_names_of_places_are_taken(tmp_path: Path, zone: str) -> None:
    assert outcome(write_event(tmp_path, with_zone(zone))) == ([], [])


def test_every_zone_tzdata_gives_a_country_is_taken_and_none_of_its_others() -> None:
    """tzdata's own table of the zones of each country (zone1970.tab) against the zones
    taken; its fixed offsets and rules (Etc/, the POSIX names) are refused."""
    import zoneinfo

    from brochure.zones import is_place_zone

    table = next(
        (
            Path(folder) / "zone1970.tab"
            for folder in zoneinfo.TZPATH
            if (Path(folder) / "zone1970.tab").is_file()
        ),
        None,
    )
    if table is None:
        pytest.skip("no zone1970.tab in this system's tzdata")
    zones = [
        line.split("\t")[2]
        for line in table.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(zones) > 300
    assert [zone for zone in zones if not is_place_zone(zone)] == []
    others = [
        name
        for name in zoneinfo.available_timezones()
        if name.startswith("Etc/") or name in ("UTC", "GMT", "CET", "EST", "PST8PDT", "localtime")
    ]
    assert len(others) > 20
    assert [name for name in others if is_place_zone(name)] == []


# the clocks change (issue 20) -----------------------------------------------------------
BERLIN = (
    MINIMAL.replace("date: 2025-03-04", "date: 2026-03-28\n  end_date: 2026-03-30")
    .replace("city: Oslo", "city: Berlin")
    .replace("  country: NO", "  country: DE\n  timezone: Europe/Berlin\n  language: en-GB")
)


def test_a_time_the_clocks_skip_is_refused_naming_the_change(tmp_path: Path) -> None:
    """02:30 on 29 March 2026 in Berlin never happens: its calendar entry lasted no time.
    Starts and ends (also an end after midnight) are refused, each where it is."""
    source = write_event(
        tmp_path,
        BERLIN
        + "programme:\n"
        + "  - {title: Night shift, date: 2026-03-29, start: 2:30, end: 4:00}\n"
        + "  - {title: Party, date: 2026-03-28, start: 22:00, end: 2:15}\n"
        + "  - {title: Early, date: 2026-03-29, start: 1:00, end: 3:00}\n",
    )
    errors, _ = outcome(source)
    change = "clocks go forward from 02:00 to 03:00 on 29 March 2026 in Europe/Berlin"
    advice = "write a time before 02:00 or from 03:00"
    assert errors == [
        f"{source}:13:44: programme[0].start: 02:30 does not exist that day: {change}; {advice}",
        f"{source}:14:52: programme[1].end: 02:15 does not exist that day: {change}; {advice}",
    ]


@pytest.mark.parametrize(
    ("zone", "country", "day", "written", "change"),
    [
        # the event's own hours, on the night New York's clocks go forward
        (
            "America/New_York",
            "US",
            "2026-03-08",
            "2:30",
            "clocks go forward from 02:00 to 03:00 on 8 March 2026 in America/New_York",
        ),
        # a change at midnight, and one of half an hour
        (
            "America/Santiago",
            "CL",
            "2026-09-06",
            "0:15",
            "clocks go forward from 00:00 to 01:00 on 6 September 2026 in America/Santiago",
        ),
        (
            "Australia/Lord_Howe",
            "AU",
            "2026-10-04",
            "2:10",
            "clocks go forward from 02:00 to 02:30 on 4 October 2026 in Australia/Lord_Howe",
        ),
    ],
)
def test_the_events_own_hours_in_a_skipped_hour_are_refused(
    tmp_path: Path, zone: str, country: str, day: str, written: str, change: str
) -> None:
    text = (
        MINIMAL.replace("date: 2025-03-04", f"date: {day}")
        .replace("  country: NO", f"  country: {country}\n  timezone: {zone}")
        .replace("city: Oslo", f"city: Somewhere\n  start: {written}\n  end: 12:00")
    )
    source = write_event(tmp_path, text)
    errors, _ = outcome(source)
    assert len(errors) == 1
    assert errors[0].startswith(f"{source}:5:3: event.start: ")
    assert change in errors[0]


APIA = (
    MINIMAL.replace("date: 2025-03-04", "date: 2011-12-30")
    .replace("city: Oslo", "city: Apia\n  start: 9:00\n  end: 12:00")
    .replace("  country: NO", "  country: WS\n  timezone: Pacific/Apia")
)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # Samoa skipped 30 December 2011 whole: from 29 December straight to the 31st.
        (
            APIA,
            ":3:3: event.date: 30 December 2011 does not exist in Pacific/Apia: the clocks "
            "went from 29 December straight to 31 December 2011 (event.start, event.end fall "
            "on it too); give a day that exists there",
        ),
        # An item of the day before that ends after midnight ends on no day.
        (
            APIA.replace("2011-12-30", "2011-12-29\n  end_date: 2011-12-31").replace(
                "  start: 9:00\n  end: 12:00\n", ""
            )
            + "programme:\n  - {title: Late, date: 2011-12-29, start: 23:00, end: 0:30}\n",
            ":12:51: programme[0].end: 00:30 the next day would be on 30 December 2011, "
            "which does not exist in Pacific/Apia: the clocks went from 29 December 2011 "
            "straight to 31 December 2011; end it by midnight, or write it on 2011-12-31",
        ),
        # Brazil's clocks went forward at midnight: 4 November 2018 began at 01:00, and
        # nothing that day is before 00:00.
        (
            APIA.replace("2011-12-30", "2018-11-04")
            .replace("start: 9:00", "start: 0:30")
            .replace("WS", "BR")
            .replace("Pacific/Apia", "America/Sao_Paulo"),
            ":5:3: event.start: 00:30 does not exist that day: clocks go forward from 00:00 "
            "to 01:00 on 4 November 2018 in America/Sao_Paulo (4 November 2018 begins at "
            "01:00); write a time from 01:00",
        ),
    ],
)
def test_a_day_the_clocks_skip_is_said_in_days(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], text: str, said: str
) -> None:
    """A day skipped whole, or a change at midnight, gets advice one can follow: no
    "from 00:00 to 00:00", no "before 00:00" on a day that begins later."""
    source = write_event(tmp_path, text)
    assert main(["check", str(source)]) == 1
    assert capfd.readouterr().err.splitlines() == [f"{source}{said}", "1 problem"]


def test_an_event_over_a_day_the_clocks_skip_is_written(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Finding 11: an event from 29 to 31 December 2011 in Samoa was refused at
    `end_date` labelled `event.start`, asking for "a day that exists" though both do.
    The skipped day is no day of the event: accepted, and the offsets name no 30th."""
    text = APIA.replace("2011-12-30", "2011-12-29\n  end_date: 2011-12-31")
    source = write_event(tmp_path / "source", text)
    assert main(["check", str(source)]) == 0, capfd.readouterr().err
    out = tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--only", "calendar,checkin"]) == 0
    assert "20111230" not in (out / "programme.ics").read_text("utf-8")


def test_a_time_that_happens_twice_is_the_first_said_once(tmp_path: Path) -> None:
    """On 25 October 2026 Berlin's clocks go back from 03:00 to 02:00: 02:30 happens
    twice. Taken as the first (summer time, UTC+2), as RFC 5545 reads it: one warning
    for the change, naming the other times in that hour."""
    text = BERLIN.replace("2026-03-28", "2026-10-24").replace("2026-03-30", "2026-10-26")
    source = write_event(
        tmp_path,
        text
        + "programme:\n"
        + "  - {title: Owls, date: 2026-10-25, start: 2:30, end: 2:45, room: A}\n"
        + "  - {title: Bats, date: 2026-10-25, start: 2:40, end: 3:30, room: B}\n",
    )
    errors, warnings = outcome(source)
    assert errors == []
    assert warnings == [
        f"{source}:13:37: programme[0].start: warning: 02:30 happens twice (so do "
        "programme[0].end, programme[1].start): clocks go back from 03:00 to 02:00 on 25 "
        "October 2026 in Europe/Berlin; it is taken as the first 02:30, before the change "
        "(UTC+2)"
    ]
    with pytest.raises(InputError, match="happens twice"):
        prepared(source, strict=True, only=("brochure",))


@pytest.mark.parametrize(
    ("text", "language", "line", "offsets"),
    [
        # Berlin's clocks go forward in the night to Sunday 29 March 2026
        (
            BERLIN,
            "en-GB",
            "Berlin time, UTC+1 (28 Mar 2026), UTC+2 (29–30 Mar 2026)",
            ["UTC+1", "UTC+2", "UTC+2"],
        ),
        # New York's on 8 March 2026, in Spanish; Sydney's go back on 5 April 2026
        (
            MINIMAL.replace("date: 2025-03-04", "date: 2026-03-07\n  end_date: 2026-03-09")
            .replace("  country: NO", "  country: US\n  timezone: America/New_York\n  language: es")
            .replace("city: Oslo", "city: Nueva York"),
            "es",
            "UTC-5 (7 mar 2026), UTC-4 (8–9 mar 2026), hora de Nueva York",
            ["UTC-5", "UTC-4", "UTC-4"],
        ),
        (
            MINIMAL.replace("date: 2025-03-04", "date: 2026-04-04\n  end_date: 2026-04-05")
            .replace("  country: NO", "  country: AU\n  timezone: Australia/Sydney")
            .replace("city: Oslo", "city: Sydney"),
            "en",
            "Sydney time, UTC+11 (4 Apr 2026), UTC+10 (5 Apr 2026)",
            ["UTC+11", "UTC+10"],
        ),
    ],
)
def test_each_day_says_its_own_offset_when_the_clocks_change(
    tmp_path: Path, text: str, language: str, line: str, offsets: list[str]
) -> None:
    """A three-day event over a change printed the first day's offset for every day."""
    first = re.search(r"date: (\S+)", text)
    assert first
    start = dt.date.fromisoformat(first[1])
    days = "".join(
        f"  - {{title: Talk {n}, date: {start + dt.timedelta(days=n)}, start: 10:00}}\n"
        for n in range(len(offsets))
    )
    view = view_of(write_event(tmp_path, text + "programme:\n" + days))
    assert view.fmt.tag.startswith(language.split("-")[0])
    assert view.timezone.replace("\u2009", "") == line.replace("\u2009", "")
    assert [day.offset for day in view.days] == offsets
    assert view.clocks_change


def test_one_offset_is_printed_once(tmp_path: Path) -> None:
    text = BERLIN.replace("2026-03-28", "2026-06-10").replace("2026-03-30", "2026-06-12")
    view = view_of(write_event(tmp_path, text))
    assert view.timezone == "Berlin time, UTC+2"
    assert not view.clocks_change


# an item elsewhere (issue 20) -----------------------------------------------------------
ELSEWHERE = """programme:
  - {title: Talks, start: 9:00, end: 17:00, room: Aula}
  - title: Dinner
    start: 19:30
    end: 22:00
    kind: dinner
    venue:
      name: Restaurant Fjord
      address: |
        Kaigata 1
        0150 Oslo
  - {title: Reception, start: 17:00, end: 18:00, venue: Rådhuset}
"""


def test_an_item_elsewhere_has_its_own_place(tmp_path: Path) -> None:
    """A dinner away from the venue had no way to say where: `venue:` on an item, as
    the event's (a name, or a name and an address), printed where the item is."""
    view = view_of(write_event(tmp_path, MINIMAL.replace("  country: NO", GB) + ELSEWHERE))
    talks, reception, dinner = view.days[0].slots
    assert (talks.venue, talks.where) == ((), "Aula")
    assert reception.venue == ("Rådhuset",)
    assert dinner.venue == ("Restaurant Fjord", "Kaigata 1", "0150 Oslo")
    assert dinner.elsewhere == "Restaurant Fjord, Kaigata 1, 0150 Oslo"


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("{}", "programme[0].venue: gives no place: write its name, its address, or both"),
        ("{name: X, wifi: Guest}", "programme[0].venue.wifi: unknown key 'wifi'"),
        ("''", "programme[0].venue.name: is empty"),
    ],
)
def test_an_items_place_is_checked_as_the_venue_is(
    tmp_path: Path, written: str, problem: str
) -> None:
    source = write_event(
        tmp_path, MINIMAL + f"programme:\n  - {{title: Dinner, venue: {written}}}\n"
    )
    errors, _ = outcome(source)
    assert len(errors) == 1 and problem in errors[0], errors


def test_an_items_place_may_be_written_by_language(tmp_path: Path) -> None:
    text = MINIMAL.replace("  country: NO\n", "  country: NO\n  languages: [nb, en]\n")
    source = write_event(
        tmp_path, text + "programme:\n  - {title: Middag, venue: {nb: Rådhuset, en: City Hall}}\n"
    )
    for language, place in (("nb", "Rådhuset"), ("en", "City Hall")):
        event, problems = validate(read_source(source), language=language)
        assert event is not None and not [p for p in problems if not p.warning]
        (item,) = event.programme
        assert item.venue is not None and item.venue.name == place


# the day's hours cover its items (issue 20) ---------------------------------------------
def test_a_days_hours_cover_its_items(tmp_path: Path) -> None:
    """Registration at 08:30 under a heading that said 09:00, and a walk after the last
    day's end: each day's printed hours start at its first item and end with its last;
    the event's own hours (the cover's) stay as the file gives them."""
    text = TWO_DAYS.replace(
        "city: Oslo",
        "city: Oslo\n  start: 9:00\n  end: 17:00\n  days:\n    - {date: 2025-03-05, end: 13:00}",
    ).replace("  country: NO", GB)
    source = write_event(
        tmp_path,
        text
        + "programme:\n"
        + "  - {title: Registration, start: 8:30, end: 9:00}\n"
        + "  - {title: Talks, start: 9:00, end: 17:00}\n"
        + "  - {title: Morning, date: 2025-03-05, start: 9:00, end: 13:00}\n"
        + "  - {title: Walk, date: 2025-03-05, start: 14:00, end: 16:30}\n",
    )
    assert outcome(source) == ([], [])
    view = view_of(source)
    assert [plain(day.hours) for day in view.days] == ["08:30–17:00", "09:00–16:30"]
    assert [(day, plain(hours)) for day, hours in view.day_hours] == [
        ("4 Mar 2025", "08:30–17:00"),
        ("5 Mar 2025", "09:00–16:30"),
    ]


def test_a_night_items_end_covers_the_next_morning(tmp_path: Path) -> None:
    """A party until 01:30 after a day that ends at 18:00 ends that day at 01:30; hours
    the file does not give are not made up from the items."""
    text = TWO_DAYS.replace("city: Oslo", "city: Oslo\n  end: 18:00").replace("  country: NO", GB)
    source = write_event(
        tmp_path,
        text
        + "programme:\n"
        + "  - {title: Early, start: 7:00, end: 8:00}\n"
        + "  - {title: Party, start: 22:00, end: 1:30}\n",
    )
    view = view_of(source)
    assert [plain(day.hours) for day in view.days] == ["until 01:30"]


# one order of rooms (issue 20) ----------------------------------------------------------
ROOMS = """programme:
  - {title: Opening, start: 9:00, end: 9:30, room: Hall}
  - {title: B1, start: 10:00, end: 11:00, room: Room B}
  - {title: A1, start: 10:00, end: 11:00, room: Room A}
  - {title: H1, start: 10:00, end: 11:00, room: Hall}
  - {title: A2, date: 2025-03-05, start: 9:00, end: 10:00, room: Room A}
  - {title: H2, date: 2025-03-05, start: 9:00, end: 10:00, room: Hall}
  - {title: B2, date: 2025-03-05, start: 9:00, end: 10:00, room: Room B}
  - {title: C2, date: 2025-03-05, start: 9:00, end: 10:00, room: Room C}
"""


def test_parallel_sessions_keep_the_rooms_order_from_day_to_day(tmp_path: Path) -> None:
    """Parallel sessions came in the order each day first used its rooms: Hall, Room B,
    Room A on one day, Room A, Hall, Room B the next, and the concept note had the
    file's. One order now, everywhere: the rooms as they first appear in the file."""
    view = view_of(write_event(tmp_path, TWO_DAYS + ROOMS))
    first, second = view.days
    assert [slot.title for slot in first.blocks[1].slots] == ["H1", "B1", "A1"]
    assert [slot.title for slot in second.blocks[0].slots] == ["H2", "B2", "A2", "C2"]
    # the day's slots (the concept note's rows, People's lists) in the same order
    assert [slot.title for slot in second.slots] == ["H2", "B2", "A2", "C2"]
    assert second.rooms == ("Hall", "Room B", "Room A", "Room C")


# metadata (issue 20) ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typeset", "written"),
    [
        ("Berlin-\u2060Brandenburg e.\u00a0V.", "Berlin-Brandenburg e.\u00a0V."),
        ("Lefèvre\u2011Dubois", "Lefèvre-Dubois"),
        ("Daten\u00adschutz\u200b", "Datenschutz"),
        ("\u2068مؤسسة المدينة\u2069، \u2068منتدى\u2069", "مؤسسة المدينة، منتدى"),
        # in two directions too: metadata is laid out by its reader, never by brochure
        ("Forum, \u2068منتدى\u2069", "Forum, منتدى"),
        ("13\u200f/04\u200f/2027", "13/04/2027"),
    ],
)
def test_metadata_holds_plain_text(typeset: str, written: str) -> None:
    """What typesetting adds to hold lines together (word joiners, no-break and soft
    hyphens, zero-width spaces) and direction marks and isolates are not metadata."""
    from brochure.outputs.view import plain

    assert plain(typeset) == written


def test_the_views_metadata_is_plain(tmp_path: Path) -> None:
    text = MINIMAL.replace("- name: Someone", "- name: Jean-Some Org\n  - name: 王秀英基金会")
    view = view_of(write_event(tmp_path, text))
    assert view.metadata.authors == ("Jean-Some Org", "王秀英基金会")
    assert view.organiser_names != "Jean-Some Org and 王秀英基金会"  # print holds them whole


def test_an_item_elsewhere_books_no_room_at_the_venue(tmp_path: Path) -> None:
    """A reception at the town hall while talks run in the event's room is no double
    booking; two items at one time at the same other place are."""
    text = MINIMAL.replace("city: Oslo", "city: Oslo\n  room: Aula") + (
        "programme:\n"
        "  - {title: Talks, start: 9:00, end: 18:00}\n"
        "  - {title: Reception, start: 17:00, end: 19:00, venue: Rådhuset}\n"
        "  - {title: Tour, start: 17:30, end: 18:30, venue: Rådhuset}\n"
    )
    source = write_event(tmp_path, text)
    errors, warnings = outcome(source)
    assert errors == []
    assert (
        len(warnings) == 1 and "programme[2].room: warning: it overlaps 'Reception'" in warnings[0]
    )


def test_a_long_event_over_many_changes_lists_its_offsets_and_stays_quick(tmp_path: Path) -> None:
    """Ten years in Berlin: the zone's line lists its offsets, without their twenty
    periods of days; the clocks' changes are found without reading every day."""
    import time

    text = BERLIN.replace("2026-03-30", "2035-12-31").replace(
        "city: Berlin", "city: Berlin\n  start: 2:30"
    )
    source = write_event(tmp_path, text)
    began = time.monotonic()
    errors, _ = outcome(source)
    # 02:30 does not exist on each day the clocks go forward: said once, at event.start
    assert len(errors) == 1 and "event.start: 02:30 does not exist that day" in errors[0]
    fixed = write_event(tmp_path / "fixed", text.replace("start: 2:30", "start: 9:00"))
    view = view_of(fixed)
    assert time.monotonic() - began < 20
    assert view.timezone == "Berlin time, UTC+1 / UTC+2"
    assert view.clocks_change
