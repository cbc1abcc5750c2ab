"""Programmes as organisers write them (issue 10): times, order, days, rooms, chairs, ids,
and the warnings that catch what they get wrong. Fast: no rendering."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image
from tests.conftest import FIXTURES, MINIMAL, prepared, write_event

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
    plain ones; without the word joiner after a range's dash (typography.unbreakable)."""
    for space in "\u202f\u2009\u00a0":
        text = text.replace(space, " ")
    return text.replace("\u2060", "")


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
