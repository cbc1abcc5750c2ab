"""Loading event files: the seed is carried faithfully, and every mistake is located."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.conftest import MINIMAL, SEED_SOURCE, write_event

from brochure.errors import InputError
from brochure.reading.load import load_event, read_source, validate


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_event(path)
    return [str(problem) for problem in caught.value.problems]


def test_seed_event_is_carried_faithfully() -> None:
    event = load_event(SEED_SOURCE / "event.yaml")
    info = event.event
    assert info.title == "Smart Cities and Big Data: Boundless Opportunities?"
    assert (info.kind, info.number) == ("Workshop", "187")
    assert info.date == dt.date(2016, 12, 8)
    assert (info.start, info.end) == (dt.time(12, 30), dt.time(14, 0))
    assert (info.city, info.country) == ("Guadalajara", "MX")
    assert info.room is None and info.venue is None  # not known: not invented
    assert [o.name for o in event.organisers] == ["Karisma Foundation", "Privacy International"]
    assert len(event.about) == 2
    assert len(event.questions) == 3
    speakers = event.with_role("speaker")
    assert [(p.given, p.family) for p in speakers] == [
        ("Guilherme", "Canela de Sousa"),
        ("Amber", "Sinha"),
        ("Gemma", "Galdon Clavell"),
        ("Iván", "Mantilla Gaviria"),
        ("Niels", "ten Oever"),
        ("Jamila", "Venturini"),
    ]
    assert all(p.status == "provisional" for p in speakers)
    assert [p.name for p in event.with_role("organiser")] == [
        "Alexandrine Pirlot de Corbion",
        "Amalia Toledo",
    ]
    assert all(p.bio is None for p in event.people)


def test_minimal_event_reads_as_a_person_means_it(tmp_path: Path) -> None:
    event = load_event(write_event(tmp_path, MINIMAL))
    assert event.event.country == "NO"  # Norway, not false
    assert event.event.language == "en"
    assert event.about == ("We meet.",)


def test_times_are_times_not_sexagesimal_numbers(tmp_path: Path) -> None:
    path = write_event(
        tmp_path, MINIMAL + "programme:\n  - {title: Talk, start: 10:30, end: 11:05}\n"
    )
    item = load_event(path).programme[0]
    assert (item.start, item.end) == (dt.time(10, 30), dt.time(11, 5))


def test_ids_default_to_slugs_and_stay_unique(tmp_path: Path) -> None:
    path = write_event(
        tmp_path,
        MINIMAL + "people:\n  - name: María García\n  - name: Maria Garcia\n  - name: 王秀英\n",
    )
    # A name in a script without Latin letters makes an id in that script (issue 10:
    # `person-3` was an id nobody could guess).
    assert [p.key for p in load_event(path).people] == [
        "maria-garcia",
        "maria-garcia-2",
        "王秀英",
    ]


BAD_INPUTS = [
    # (what, yaml appended to or replacing MINIMAL, expected line:col, field, words)
    (
        "a role that does not exist",
        MINIMAL + "people:\n  - name: A\n  - name: B\n    role: superstar\n",
        "12:5",
        "people[1].role",
        "'superstar' is not one of",
    ),
    (
        "an unknown key, with a suggestion",
        MINIMAL.replace("  city: Oslo", "  city: Oslo\n  venu: Hall"),
        "5:3",
        "event.venu",
        "did you mean 'venue'?",
    ),
    (
        "a missing required field",
        MINIMAL.replace("  title: A Small Meeting\n", ""),
        "1:1",
        "event.title",
        "is required",
    ),
    (
        "a date in words",
        MINIMAL.replace("2025-03-04", "4 March 2025"),
        "3:3",
        "event.date",
        "is not a date",
    ),
    (
        "half of an emoji written as a JSON escape",
        MINIMAL.replace("about: We meet.", 'about: "We meet \\ud83d\\ude00."'),
        "6:1",
        "about[0]",
        "holds half of a UTF-16 pair",
    ),
    (
        "an impossible time",
        MINIMAL + "programme:\n  - title: T\n    start: 25:61\n",
        "11:5",
        "programme[0].start",
        "is not a time",
    ),
    (
        "an end before the start",
        MINIMAL + "programme:\n  - title: T\n    start: 11:00\n    end: 10:00\n",
        "12:5",
        "programme[0].end",
        "is not after the start",
    ),
    (
        "a dangling person id",
        MINIMAL + "people:\n  - name: Ann Lee\nprogramme:\n  - title: T\n    people: [ann-le]\n",
        "13:14",
        "programme[0].people[0]",
        "did you mean 'ann-lee'?",
    ),
    (
        "a duplicate id",
        MINIMAL + "people:\n  - {name: A, id: same}\n  - {name: B, id: same}\n",
        "11:15",
        "people[1].id",
        "is taken by people[0]",
    ),
    (
        "a duplicate key",
        MINIMAL + "about: again\n",
        "9:1",
        "about",
        "duplicate key",
    ),
    (
        "a list where text belongs",
        MINIMAL.replace("city: Oslo", "city: [Oslo, Bergen]"),
        "4:3",
        "event.city",
        "expected text, found a list",
    ),
    (
        "an unknown country code",
        MINIMAL.replace("country: NO", "country: XQ"),
        "5:3",
        "event.country",
        "not an ISO 3166 country code",
    ),
    (
        "an unknown language",
        MINIMAL.replace("country: NO", "country: NO\n  language: klingon-xx"),
        "6:3",
        "event.language",
        "not a language tag",
    ),
    (
        "a logo outside the source folder",
        MINIMAL.replace("- name: Someone", "- name: Someone\n    logo: ../secret.png"),
        "9:5",
        "organisers[0].logo",
        "leads outside",
    ),
    (
        "a logo given as an address",
        MINIMAL.replace("- name: Someone", "- name: Someone\n    logo: https://example.org/l.png"),
        "9:5",
        "organisers[0].logo",
        "brochure never fetches",
    ),
    (
        "an absolute path",
        MINIMAL + "attendees: /etc/passwd\n",
        "9:1",
        "attendees",
        "absolute path",
    ),
    (
        "a control character",
        MINIMAL.replace("title: A Small Meeting", 'title: "A\\x07Bell"'),
        "2:3",
        "event.title",
        "control character U+0007",
    ),
    (
        "no organisers",
        MINIMAL.replace("organisers:\n  - name: Someone\n", "organisers: []\n"),
        "7:1",
        "organisers",
        "needs at least 1 entry",
    ),
    (
        "a negative number of blank badges",
        MINIMAL + "badges:\n  blank: -3\n",
        "10:3",
        "badges.blank",
        "must be at least 0",
    ),
    (
        "an e-mail address that is not one",
        MINIMAL + "people:\n  - name: A\n    email: nobody\n",
        "11:5",
        "people[0].email",
        "not an e-mail address",
    ),
    (
        "an object-constructing tag",
        MINIMAL + "summary: !!python/object/apply:os.system [ls]\n",
        "9:10",
        "summary",
        "is not accepted",
    ),
]


@pytest.mark.parametrize(
    ("what", "text", "where", "field", "words"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS]
)
def test_bad_input_is_located(
    tmp_path: Path, what: str, text: str, where: str, field: str, words: str
) -> None:
    path = write_event(tmp_path / "source", text)
    problems = problems_of(path)
    expected_start = f"{path}:{where}: {field}: "
    assert any(p.startswith(expected_start) and words in p for p in problems), problems


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = """
    event:
      title: T
      date: 2016-13-01
      start: noon
      city: X
      country: ZZ  # CLDR lists ZZ as "Unknown Region"
    about: a
    organisers:
      - name: O
        logo: ../../x.png
    people:
      - name: A
        role: boss
    programme:
      - title: P
        people: [nobody]
    """
    problems = problems_of(write_event(tmp_path, text))
    fields = [p.split(": ")[1] for p in problems]
    assert fields == [
        "event.date",
        "event.start",
        "event.country",
        "organisers[0].logo",
        "people[0].role",
        "programme[0].people[0]",
    ]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "the file is empty"),
        (b"   \n\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        (b"event:\n  title: caf\xe9\n", "not UTF-8"),
        (b"- a\n- b\n", "found a list"),
        (b"just text\n", "found text"),
    ],
)
def test_files_that_are_not_event_files(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "event.yaml"
    path.write_bytes(content)
    assert any(words in p for p in problems_of(path))


def test_missing_file_is_named(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nope.yaml") == [f"{tmp_path / 'nope.yaml'}: no such file"]


def test_oversized_file_names_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "event.yaml"
    path.write_text("about: " + "x" * (3 * 1024 * 1024) + "\n")
    assert any("larger than the limit" in p for p in problems_of(path))


def test_attendee_csv_is_read_and_errors_point_into_it(tmp_path: Path) -> None:
    (tmp_path / "reg.csv").write_text(
        "name,given,family,organisation,role,country\n"
        "Zoë Ek,Zoë,Ek,Acme,attendee,SE\n"
        "Bo Li,Bo,Li,Beta,wizard,CN\n",
        encoding="utf-8",
    )
    path = write_event(tmp_path, MINIMAL + "attendees: reg.csv\n")
    problems = problems_of(path)
    assert problems == [
        f"{tmp_path / 'reg.csv'}:3:5: attendees[1].role: 'wizard' is not one of "
        "'organiser', 'moderator', 'speaker', 'rapporteur', 'staff', 'press' or 'attendee'; "
        'say which role it is under `attendees:` in the event file: `roles: {"wizard": '
        "attendee}`"
    ]
    (tmp_path / "reg.csv").write_text(
        "name,given,family,organisation,country\nZoë Ek,Zoë,Ek,Acme,SE\n", encoding="utf-8"
    )
    (attendee,) = load_event(path).attendees
    assert (attendee.name, attendee.family, attendee.role) == ("Zoë Ek", "Ek", "attendee")


def test_attendee_csv_with_unknown_column(tmp_path: Path) -> None:
    # Issue 10: a column brochure has no field for is left out with one warning (it was
    # an error, and a registration export always has such columns).
    (tmp_path / "reg.csv").write_text("name,shoe_size\nA,44\n", encoding="utf-8")
    event, problems = validate(read_source(write_event(tmp_path, MINIMAL + "attendees: reg.csv\n")))
    assert event is not None and [p.name for p in event.attendees] == ["A"]
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'reg.csv'}:1:1: attendees: warning: columns left out, as brochure has "
        "no field for them: 'shoe_size' (2); to use one, name its field under `attendees:` "
        "in the event file (`columns: {Ticket Type: role}`)"
    ]


def test_symlink_leading_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_text("name\nX\n")
    source = tmp_path / "source"
    source.mkdir()
    (source / "reg.csv").symlink_to(outside)
    problems = problems_of(write_event(source, MINIMAL + "attendees: reg.csv\n"))
    assert any("link that leads outside" in p for p in problems)


def test_a_registration_export_is_read_as_its_people_mean_it(tmp_path: Path) -> None:
    # A spreadsheet export: semicolons, a byte-order mark, the system's own column names
    (tmp_path / "export.csv").write_text(
        "\ufeffName;First name;Last Name;Organization;E-mail;Role;Share contact\n"
        "Zoë Ek;Zoë;Ek;Acme;zoe@example.org;Speaker;yes\n"
        "Bo Li;Bo;Li;Beta;bo@example.org;ATTENDEE;no\n",
        encoding="utf-8",
    )
    event = load_event(write_event(tmp_path, MINIMAL + "attendees: export.csv\n"))
    zoe, bo = event.attendees
    assert (zoe.given, zoe.family, zoe.organisation, zoe.role) == ("Zoë", "Ek", "Acme", "speaker")
    assert zoe.share_contact and not bo.share_contact
    assert bo.role == "attendee" and bo.email == "bo@example.org"


PEOPLE = (
    "people:\n"
    "  - {name: Amélie Tremblay, id: amelie-tremblay}\n"
    "  - {name: Jean-François Côté, id: jf}\n"
    "  - {name: Sarah O'Connor, id: sarah}\n"
    "  - {name: Léa Martin}\n"
    "  - {name: Grace Akinyi Ouma, id: grace}\n"
    # A registered attendee of the same name: the event's people come first.
    "attendees:\n  - {name: Grace Ouma, id: '3456700037'}\n"
)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (
            '"Amélie Tremblay"',
            "'Amélie Tremblay' is a person's name, not their id; did you mean 'amelie-tremblay'?",
        ),
        ("amelie tremblay", "did you mean 'amelie-tremblay'?"),
        (
            "Jean-François Côté",
            "'Jean-François Côté' is a person's name, not their id; did you mean 'jf'?",
        ),
        (
            "jean-francois-cote",
            "'jean-francois-cote' is a person's name, not their id; did you mean 'jf'?",
        ),
        ("Sarah OConnor", "did you mean 'sarah'?"),
        ("Léa", "'léa' is a person's name, not their id; did you mean 'lea-martin'?"),
        (
            "amelie-tremblai",
            "no person has the id 'amelie-tremblai'; did you mean 'amelie-tremblay'?",
        ),
        ("Grace Ouma", "'Grace Ouma' is a person's name, not their id; did you mean 'grace'?"),
    ],
    ids=[
        "name",
        "name in lower case",
        "name with an id of its own",
        "name as an id",
        "name nearly",
        "given name alone",
        "id nearly",
        "words of a speaker's name, an attendee's whole",
    ],
)
def test_a_name_where_an_id_belongs_suggests_that_persons_id(
    tmp_path: Path, written: str, expected: str
) -> None:
    """Programme items name people by id; written by name (or nearly), the problem
    suggests the id of the person named, found by their name as well as their id."""
    path = write_event(
        tmp_path, MINIMAL + PEOPLE + f"programme:\n  - title: T\n    people: [{written}]\n"
    )
    with pytest.raises(InputError) as caught:
        load_event(path)
    (problem,) = caught.value.problems
    assert problem.field == "programme[0].people[0]"
    assert expected in problem.message, problem.message


def test_a_missing_file_suggests_the_closest_name_in_its_folder(tmp_path: Path) -> None:
    """A user's `logos/okf-logo.png` was missing with `logos/okf.png` right there: the
    error named no file; the closest name in the same folder is suggested, as an id is."""
    text = MINIMAL.replace("- name: Someone", "- name: Someone\n    logo: logos/okf-logo.png")
    path = write_event(tmp_path / "source", text)
    (tmp_path / "source" / "logos").mkdir()
    for name in ("okf.png", "wdi.svg"):
        (tmp_path / "source" / "logos" / name).write_bytes(b"")
    (problem,) = [p for p in problems_of(path) if "organisers[0].logo" in p]
    assert problem.startswith(f"{path}:9:5: organisers[0].logo: 'logos/okf-logo.png' ")
    assert problem.endswith("does not exist in " + f"{path.parent} (did you mean 'logos/okf.png'?)")
    (tmp_path / "source" / "logos" / "okf.png").unlink()
    (problem,) = [p for p in problems_of(path) if "organisers[0].logo" in p]
    assert "did you mean" not in problem and "does not exist" in problem
