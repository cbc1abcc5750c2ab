"""Registration exports as registration systems write them (issue 10): read row by row,
their own column names and encodings, every problem at once and each once."""

from __future__ import annotations

import codecs
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
import vobject
from tests.conftest import FIXTURES, MINIMAL, ROOT, build, pdftotext, prepared, write_event

from brochure import vcard
from brochure.cli import main
from brochure.errors import InputError
from brochure.model import MAX_ITEMS, Event, Person
from brochure.outputs.checkin import render as checkin
from brochure.reading import attendees
from brochure.reading.load import load_event, read_source, validate

FIELD = FIXTURES / "field"


def outcome(source: Path) -> tuple[Event | None, list[str], list[str]]:
    """The event, its errors and its warnings, as printed."""
    event, problems = validate(read_source(source))
    errors = [str(p) for p in problems if not p.warning]
    warnings = [str(p) for p in problems if p.warning]
    return (event if not errors else None), errors, warnings


def export(folder: Path, text: str, yaml: str = "attendees: reg.csv\n", **kwargs: str) -> Path:
    """An event with MINIMAL and a CSV of text beside it; the event file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "reg.csv").write_text(text, encoding=kwargs.get("encoding", "utf-8"))
    return write_event(folder, MINIMAL + yaml)


# field-03: Excel's "Unicode Text" and Notepad's "Unicode" ------------------------------
def test_a_utf16_export_and_a_utf16_event_file_are_read() -> None:
    case = FIELD / "field-03-excel-utf16-csv"
    event = load_event(case / "source" / "event.yaml")
    assert [(p.name, p.organisation) for p in event.attendees] == [
        ("Zoë Brontë-Smith", "Université de Montréal"),
        ("José Núñez", "Ayuntamiento de Sevilla"),
        ("Agnieszka Wójcik", "Urząd Miasta Łodzi"),
    ]
    assert load_event(case / "variant-yaml-utf16" / "source" / "event.yaml").event.title == (
        "Open Data in Local Government"
    )


@pytest.mark.parametrize(
    "encoding", ["utf-16-le", "utf-16-be", "utf-8", "utf-32-le"], ids=lambda e: e
)
def test_every_unicode_encoding_that_says_so_with_a_byte_order_mark(
    tmp_path: Path, encoding: str
) -> None:
    mark = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-8": codecs.BOM_UTF8,
        "utf-32-le": codecs.BOM_UTF32_LE,
    }[encoding]
    source = export(tmp_path, "")
    (tmp_path / "reg.csv").write_bytes(
        mark + "First name\tLast name\r\nZoë\tBrontë\r\n".encode(encoding)
    )
    (person,) = load_event(source).attendees
    assert (person.name, person.given) == ("Zoë Brontë", "Zoë")


def test_utf16_without_a_byte_order_mark_is_named_not_called_binary(tmp_path: Path) -> None:
    source = export(tmp_path, "")
    (tmp_path / "reg.csv").write_bytes("name,organisation\nZoë,Acme\n".encode("utf-16-le"))
    _, errors, _ = outcome(source)
    assert errors == [
        f"{tmp_path / 'reg.csv'}:1:1: attendees: this looks like UTF-16 text without a "
        "byte-order mark; save it as UTF-8"
    ]


# field-15: First Name and Last Name, no name column -----------------------------------
def test_names_are_composed_from_given_and_family() -> None:
    event = load_event(FIELD / "field-15-csv-first-last-only" / "source" / "event.yaml")
    assert [p.name for p in event.attendees] == [
        "Marta Kowalska",
        "Jonas Berg",
        "Aoife Ó Súilleabháin",
    ]


def test_chinese_japanese_and_korean_names_are_composed_family_first(tmp_path: Path) -> None:
    source = export(tmp_path, "Given name,Family name\n太郎,山田\n민수,김\n秀英,王\nLi,Wei\n")
    assert [p.name for p in load_event(source).attendees] == [
        "山田太郎",
        "김민수",
        "王秀英",
        "Li Wei",
    ]


def test_an_unknown_column_warns_once_and_the_rows_are_still_checked() -> None:
    case = FIELD / "field-15-csv-first-last-only" / "variant-with-title-column" / "source"
    event, errors, warnings = outcome(case / "event.yaml")
    assert errors == [] and event is not None and len(event.attendees) == 3
    assert warnings == [
        f"{case / 'attendees.csv'}:1:1: attendees: warning: columns left out, as brochure has "
        "no field for them: 'Title' (4); to use one, name its field under `attendees:` in "
        "the event file (`columns: {Ticket Type: role}`)"
    ]


def test_header_and_row_problems_are_reported_together(tmp_path: Path) -> None:
    source = export(
        tmp_path,
        "First Name,Last Name,Company,Company,Email,Badge colour\n"
        "Marta,Kowalska,Kraków City Hall,,not-an-address,red\n"
        "Jonas,Berg,Malmö stad,,jonas@example.org,blue\n",
    )
    _, errors, warnings = outcome(source)
    csv = tmp_path / "reg.csv"
    assert errors == [
        f"{csv}:1:4: attendees: columns 3 'Company' and 4 'Company' both hold organisation; "
        "say which to keep under `attendees:` in the event file with `columns:`: "
        "`{4: ignore}` keeps column 3; `{3: ignore}` keeps column 4",
        f"{csv}:2:5: attendees[0].email: 'not-an-address' is not an e-mail address",
    ]
    assert len(warnings) == 1 and "'Badge colour' (6)" in warnings[0]


def test_a_file_without_a_name_column_says_so_once(tmp_path: Path) -> None:
    rows = "".join(f"Org {i},p{i}@example.org\n" for i in range(150))
    _, errors, _ = outcome(export(tmp_path, "Company,Email\n" + rows))
    assert len(errors) == 1 and "no column holds names" in errors[0]


# field-09: two columns for one field --------------------------------------------------
def test_two_columns_for_one_field_are_an_error_naming_both() -> None:
    case = FIELD / "field-09-export-duplicate-company" / "source"
    _, errors, _ = outcome(case / "event.yaml")
    csv = case / "orders.csv"
    assert errors == [
        f"{csv}:1:7: attendees: columns 5 'Company' and 7 'Company' both hold organisation; "
        "say which to keep under `attendees:` in the event file with `columns:`: "
        "`{7: ignore}` keeps column 5; `{5: ignore}` keeps column 7",
        f"{csv}:1:8: attendees: columns 6 'Country' and 8 'Country' both hold country; "
        "say which to keep under `attendees:` in the event file with `columns:`: "
        "`{8: ignore}` keeps column 6; `{6: ignore}` keeps column 8",
    ]


def test_the_column_mapping_settles_which_column_is_meant(tmp_path: Path) -> None:
    case = FIELD / "field-09-export-duplicate-company" / "source"
    shutil.copy(case / "orders.csv", tmp_path / "orders.csv")
    text = (
        (case / "event.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "attendees: orders.csv",
            "attendees:\n  file: orders.csv\n  columns: {7: ignore, 8: ignore}",
        )
    )
    (tmp_path / "event.yaml").write_text(text, encoding="utf-8")
    marta, jonas = load_event(tmp_path / "event.yaml").attendees
    assert (marta.organisation, marta.country) == ("Kraków City Hall", "PL")
    assert (jonas.organisation, jonas.country) == ("Malmö stad", "SE")


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Email,E-mail", "email"),
        ("First name,Given name", "given"),
        ("Company,Organization", "organisation"),
    ],
)
def test_two_spellings_of_one_field_are_two_columns_too(
    tmp_path: Path, header: str, field: str
) -> None:
    _, errors, _ = outcome(export(tmp_path, f"Name,{header}\nA,x@example.org,y@example.org\n"))
    assert len(errors) == 1 and f"both hold {field}" in errors[0]


def test_the_attendees_column_is_read_where_the_buyers_is_beside_it(tmp_path: Path) -> None:
    """A registration export holds the buyer's e-mail and each attendee's (pretix: Email
    and Attendee email): the badge is the attendee's, so their column is read."""
    event, errors, _ = outcome(
        export(
            tmp_path,
            "Name,Email,Attendee email\nAnn Lee,buyer@example.org,ann@example.org\n",
        )
    )
    assert errors == []
    assert event is not None and event.attendees[0].email == "ann@example.org"


# field-11: Excel's empty trailing columns ---------------------------------------------
def test_columns_with_no_name_and_no_values_are_ignored() -> None:
    case = FIELD / "field-11-csv-trailing-empty-columns" / "source"
    event, errors, warnings = outcome(case / "event.yaml")
    assert errors == warnings == []
    assert event is not None
    assert [p.name for p in event.attendees] == ["Marta Kowalska", "Jonas Berg"]


def test_a_column_with_values_but_no_name_is_reported_once(tmp_path: Path) -> None:
    _, errors, _ = outcome(export(tmp_path, "Name;Company;;\nA;X;;\nB;Y;42;\nC;Z;43;extra\n"))
    csv = tmp_path / "reg.csv"
    assert errors == [
        f"{csv}:3:3: attendees: column 3 has no name in the header row, but holds values "
        "(the first on line 3); name the column or delete its values",
        f"{csv}:4:4: attendees: column 4 has no name in the header row, but holds values "
        "(the first on line 4); name the column or delete its values",
    ]


# columns and roles in the event file --------------------------------------------------
EVENTBRITE = (
    "Order #,Order Date,First Name,Last Name,Email,Quantity,Ticket Type,Attendee #,"
    "Job Title,Company,Attendee Status\n"
    "1001,2026-04-01,Marta,Kowalska,marta@example.org,1,Speaker pass,3001,Officer,"
    "Kraków City Hall,Attending\n"
    "1002,2026-04-02,Jonas,Berg,jonas@example.org,1,General admission,3002,,Malmö stad,"
    "Attending\n"
    "1003,2026-04-02,Aoife,Ó Súilleabháin,aoife@example.org,1,General admission,3003,,"
    "Dublin City Council,Attending\n"
)
MAPPING = """attendees:
  file: reg.csv
  columns:
    Ticket Type: role
  roles:
    Speaker pass: speaker
    general admission: attendee
"""


def test_an_eventbrite_export_read_through_columns_and_roles(tmp_path: Path) -> None:
    event, errors, warnings = outcome(export(tmp_path, EVENTBRITE, MAPPING))
    assert errors == [] and event is not None
    assert [(p.key, p.role, p.position) for p in event.attendees] == [
        ("3001", "speaker", "Officer"),
        ("3002", "attendee", None),
        ("3003", "attendee", None),
    ]
    # Order #, Order Date, Quantity and the attendee's status are known and no badge
    # needs them: not said.
    assert warnings == []


def test_eventbrites_whole_attendee_report_is_read_without_a_word(tmp_path: Path) -> None:
    """Every column of Eventbrite's attendee report: its payment, phone, address and
    diet columns are not read, its Home Country is the attendee's country."""
    header = (
        "Order #,Order Date,First Name,Last Name,Email,Quantity,Price Tier,Ticket Type,"
        "Attendee #,Group,Order Type,Currency,Total Paid,Eventbrite Fees,Eventbrite Payment "
        "Processing,Attendee Status,Job Title,Company,Home Address 1,Home City,Home Country,"
        "Cell Phone,Dietary requirements\n"
    )
    row = (
        "1234500000,2027-01-11 10:00:00,Mukendi,Kasongo,muk@example.org,1,,General admission,"
        "3456700000,,Eventbrite Completed,KES,5000.00,250.00,150.00,Attending,Engineer,"
        "Université de Kinshasa,,Kinshasa,Kenya,+254700000000,Vegetarian\n"
    )
    event, errors, warnings = outcome(export(tmp_path, header + row, MAPPING))
    assert errors == [] and warnings == [] and event is not None
    (person,) = event.attendees
    assert (person.key, person.country, person.organisation) == (
        "3456700000",
        "Kenya",
        "Université de Kinshasa",
    )


def test_a_role_value_nobody_mapped_is_reported_once_with_its_lines(tmp_path: Path) -> None:
    yaml = MAPPING.replace("    general admission: attendee\n", "")
    _, errors, _ = outcome(export(tmp_path, EVENTBRITE, yaml))
    assert errors == [
        f"{tmp_path / 'reg.csv'}:3:7: attendees.role: 'General admission' (column 7 "
        "'Ticket Type', lines 3, 4) is not one of 'organiser', 'moderator', 'speaker', "
        "'rapporteur', 'staff', 'press' or 'attendee'; say which role it is under "
        '`attendees:` in the event file: `roles: {"General admission": attendee}`'
    ]


def test_a_mapping_that_names_no_column_says_so_in_the_event_file(tmp_path: Path) -> None:
    yaml = MAPPING.replace("Ticket Type: role", "Ticket Typ: role")
    source = export(tmp_path, EVENTBRITE, yaml)
    _, errors, _ = outcome(source)
    assert (
        f"{source}:12:5: attendees.columns.Ticket Typ: the export has no column 'Ticket Typ'"
        in ("\n".join(errors))
    )
    assert "did you mean 'Ticket Type'?" in "\n".join(errors)


def test_a_wrong_field_in_the_mapping_is_located_in_the_event_file(tmp_path: Path) -> None:
    source = export(tmp_path, EVENTBRITE, MAPPING.replace("Ticket Type: role", "Ticket Type: rol"))
    _, errors, _ = outcome(source)
    assert errors and errors[0].startswith(f"{source}:12:5: attendees.columns.Ticket Type: 'rol'")


# ids from the export ------------------------------------------------------------------
def test_pretix_order_codes_and_positions_are_the_ids(tmp_path: Path) -> None:
    source = export(
        tmp_path,
        "Order code,Position ID,Attendee name,Attendee email\n"
        "AB3CD,1,Marta Kowalska,marta@example.org\n"
        "AB3CD,2,Jonas Berg,jonas@example.org\n",
    )
    assert [p.key for p in load_event(source).attendees] == ["ab3cd-1", "ab3cd-2"]


def test_ids_made_from_names_survive_a_re_sorted_export(tmp_path: Path) -> None:
    rows = [
        "Maria Garcia,Acme,a@example.org",
        "Maria Garcia,Beta,b@example.org",
        "Jonas Berg,Malmö stad,j@example.org",
        "Maria Garcia,Acme,c@example.org",
    ]

    def ids(order: list[str]) -> dict[str, str]:
        source = export(
            tmp_path / str(len(list(tmp_path.iterdir()))),
            "\n".join(["Name,Company,Email", *order]) + "\n",
        )
        return {p.email or "": p.key for p in load_event(source).attendees}

    first = ids(rows)
    assert first == {
        "a@example.org": "maria-garcia-acme",
        "b@example.org": "maria-garcia-beta",
        "c@example.org": "maria-garcia-acme-2",
        "j@example.org": "jonas-berg",
    }
    assert ids(list(reversed(rows))) == first


def test_an_attendee_never_takes_the_id_of_a_person_in_the_event_file(tmp_path: Path) -> None:
    source = export(
        tmp_path,
        # two addresses: two people of one name, not one registered twice
        "Name,Company,Email\nAnn Lee,Beta,ann.lee@beta.example\n",
        "people:\n  - {name: Ann Lee, role: speaker, email: ann@example.org}\n"
        "programme:\n  - {title: T, people: [ann-lee]}\n"
        "attendees: reg.csv\n",
    )
    event = load_event(source)
    assert event.people[0].key == "ann-lee" and event.attendees[0].key == "ann-lee-beta"


# the same person twice ----------------------------------------------------------------
def test_the_same_person_in_the_event_file_and_the_export_is_one_badge(tmp_path: Path) -> None:
    source = export(
        tmp_path,
        "Name,Company,Email\n"
        "Ana Ferreira,Open City,ANA@example.org\n"
        "Tom Whitaker,Civic Data Trust,\n"
        "Bo Li,Beta,bo@example.org\n",
        "people:\n  - {name: Ana Sofia Ferreira, email: ana@example.org, role: moderator}\n"
        "  - {name: Tom  Whitaker, organisation: Civic Data Trust, role: speaker}\n"
        "attendees: reg.csv\n",
    )
    event, errors, warnings = outcome(source)
    assert errors == [] and event is not None
    assert [p.name for p in event.everyone] == ["Ana Sofia Ferreira", "Tom Whitaker", "Bo Li"]
    csv = tmp_path / "reg.csv"
    # Found by the address (one person, as expected): not a warning; by the name and
    # organisation (two people may share them): worth a look.
    assert warnings == [
        f"{csv}:3:1: attendees[1]: warning: Tom Whitaker is also people[1] in the event file "
        "(line 11): one badge, the event file's entry, as speaker (found by the same name "
        "and organisation)",
    ]


def test_a_buyers_address_on_several_rows_matches_nobody(tmp_path: Path) -> None:
    source = export(
        tmp_path,
        "Name,Email\nJo Buyer,office@example.org\nKim Guest,office@example.org\n",
        "people:\n  - {name: Jo Buyer-Smith, email: office@example.org}\nattendees: reg.csv\n",
    )
    assert len(load_event(source).attendees) == 2


# the file itself ----------------------------------------------------------------------
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.csv")
    with pytest.raises(InputError, match="not a regular file"):
        attendees.read_attendees(tmp_path / "pipe.csv", "pipe.csv")


def test_reading_stops_at_the_row_limit_with_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attendees, "MAX_ATTENDEES", 100)
    (tmp_path / "reg.csv").write_text("name\n" + "a\n" * 500, encoding="utf-8")
    read = attendees.read_attendees(tmp_path / "reg.csv", "reg.csv")
    assert len(read.people) == 100
    assert [str(p) for p in read.problems] == [
        "reg.csv:102:1: attendees: more than 100 rows; brochure reads at most that many "
        "attendees: split the export"
    ]


def test_an_export_is_read_as_a_stream(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 48 MiB export of tiny rows is read without holding its text: memory follows the
    people kept (here the first 10,000 rows), not the file."""
    monkeypatch.setattr(attendees, "MAX_ATTENDEES", 10_000)
    path = tmp_path / "reg.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("name\n")
        out.writelines("a\n" for _ in range(24 * 2**20))
    tracemalloc.start()
    try:
        read = attendees.read_attendees(path, "reg.csv")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(read.people) == 10_000
    assert peak < 24 * 2**20, f"{peak / 2**20:.0f} MiB for a 48 MiB file"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "First name,Last name\n" + "A," * 3_000_000 + "B\n",
            "reg.csv:2:1: attendees: line 2 is longer than 1,048,576 characters",
        ),
        (
            "First name,Last name" + ",x" * 600_000 + "\nA,B\n",
            "reg.csv:1:1: attendees: line 1 is longer than 1,048,576 characters",
        ),
        (
            "First name,Last name\nA,B" + "," * 200_000 + "\n",
            "reg.csv:2:1001: attendees: has 200,002 cells on line 2",
        ),
    ],
    ids=["a row of millions of cells", "a header as long", "a row of 200,000 empty cells"],
)
def test_a_line_no_export_has_stops_reading_before_it_is_split(
    tmp_path: Path, text: str, said: str
) -> None:
    """A 6 MB line of three million cells (a 60 MB one ran out of 4 GiB): refused before it
    is held whole or split into cells, with one problem, not one per cell, in little
    memory."""
    (tmp_path / "reg.csv").write_text(text, encoding="utf-8")
    tracemalloc.start()
    try:
        try:
            problems = [
                str(p) for p in attendees.read_attendees(tmp_path / "reg.csv", "reg.csv").problems
            ]
        except InputError as error:
            problems = [str(p) for p in error.problems]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(problems) == 1 and problems[0].startswith(said), problems
    assert peak < 32 * 2**20, f"{peak / 2**20:.0f} MiB"


def test_decoding_errors_are_located_at_their_line(tmp_path: Path) -> None:
    source = export(tmp_path, "")
    # Excel's "CSV" on Windows writes its own code page (José as Jos\xe9).
    (tmp_path / "reg.csv").write_bytes(b"name,organisation\nZo\xc3\xab,A\nB,Jos\xe9\n")
    _, errors, _ = outcome(source)
    assert errors == [
        f"{tmp_path / 'reg.csv'}:3:2: attendees: not UTF-8 text from here on (a "
        "spreadsheet's own encoding?); save the export as CSV UTF-8"
    ]


@pytest.mark.parametrize(
    ("header", "field", "value"),
    [
        ("ID", "id", "a17"),
        ("Ticket ID", "id", "a17"),
        ("Attendee #", "id", "a17"),
        ("Salutation", "honorific", "Dr"),
        ("Attendee name: Title", "honorific", "Dr"),
        ("Surname", "family", "Kowalska"),
        ("Attendee email", "email", "m@example.org"),
        ("Job title", "position", "Officer"),
        ("Organization", "organisation", "Acme"),
        ("share_contact", "share_contact", True),
    ],
)
def test_the_column_names_of_registration_systems(
    tmp_path: Path, header: str, field: str, value: object
) -> None:
    written = {"a17": "A17", "Dr": "Dr", True: "yes"}.get(value, value)  # type: ignore[call-overload]
    source = export(tmp_path, f"Name,{header}\nMarta Kowalska,{written}\n")
    (person,) = load_event(source).attendees
    assert getattr(person, field) == value


def test_the_check_in_list_is_written_only_for_id_codes_and_never_runs_formulas(
    tmp_path: Path,
) -> None:
    source = export(
        tmp_path,
        'Name,Company,Role\n=HYPERLINK("x"),+Acme,speaker\nBo Li,-,attendee\n',
        "attendees: reg.csv\nbadges: {qr: id}\n",
    )
    ready = prepared(source, only=("checkin",))
    rows = checkin.render(ready.event, ready.config)["checkin.csv"].decode("utf-8-sig")
    assert rows.splitlines() == [
        "id,name,organisation,role",
        'hyperlink-x,"\'=HYPERLINK(""x"")",\'+Acme,Speaker',
        "bo-li,Bo Li,'-,Participant",
    ]
    assert rows.endswith("\r\n")
    without = source.read_text(encoding="utf-8").replace("badges: {qr: id}\n", "")
    source.write_text(without, encoding="utf-8")
    ready = prepared(source, only=("checkin",))
    assert checkin.render(ready.event, ready.config) == {}


def test_roles_without_a_role_column_are_an_error(tmp_path: Path) -> None:
    """`roles:` maps the values of the role column; with no column holding the role it
    would be silently unused and every badge would print the default role."""
    _, errors, _ = outcome(
        export(
            tmp_path,
            "Name,Product\nAnn Lee,Press\n",
            yaml='attendees:\n  file: reg.csv\n  roles: {"Press": press}\n',
        )
    )
    assert len(errors) == 1
    assert (
        "event.yaml:11:3: attendees.roles: roles are given but no column of the export holds"
        in errors[0]
    )


PRETIX_PRODUCTS = (
    "Order code,Position ID,Product,Attendee name,Attendee email\n"
    "WK1DE,1,Conference pass,Ann Lee,ann@example.org\n"
    "WK1DE,2,Speaker pass,Bo Chen,bo@example.org\n"
    "QX7PL,1,speaker,Cy Diaz,cy@example.org\n"
)


def test_a_pretix_product_column_is_left_out_unless_it_is_named_the_role(tmp_path: Path) -> None:
    """pretix's "Product" (the ticket bought) is not read by itself: a warning names it
    and every attendee is an attendee. `columns: {Product: role}` reads it as the role, a
    product named as a role ("speaker", any case) as that role, the others through
    `roles:`; a product `roles:` does not name is an error giving the line to add."""
    event, errors, warnings = outcome(export(tmp_path / "alone", PRETIX_PRODUCTS))
    assert errors == [] and event is not None
    assert {p.role for p in event.attendees} == {"attendee"}
    assert len(warnings) == 1 and "no field for them: 'Product' (3)" in warnings[0]
    mapped = (
        "attendees:\n  file: reg.csv\n  columns: {Product: role}\n"
        '  roles: {"Conference pass": attendee, "Speaker pass": speaker}\n'
    )
    event, errors, warnings = outcome(export(tmp_path / "mapped", PRETIX_PRODUCTS, mapped))
    assert errors == [] and warnings == [] and event is not None
    assert [(p.key, p.role) for p in event.attendees] == [
        ("wk1de-1", "attendee"),
        ("wk1de-2", "speaker"),
        ("qx7pl-1", "speaker"),
    ]
    unmapped = mapped.replace('"Conference pass": attendee, ', "")
    _, errors, _ = outcome(export(tmp_path / "unmapped", PRETIX_PRODUCTS, unmapped))
    assert len(errors) == 1
    assert "'Conference pass' is not one of 'organiser'" in errors[0]
    assert '`roles: {"Conference pass": attendee}`' in errors[0]


PRETIX = (
    "Order code,Position ID,Status,Email,Attendee name,Attendee email,Company,Country,"
    "Ticket secret,Company,Invoice address name,Country\n"
    "WK1DE,1,p,buyer@example.org,Ann Lee,ann@example.org,Open City,BR,s3cr3t1,Buyer Inc,"
    "Buyer,US\n"
    "WK1DE,2,p,buyer@example.org,Bo Chen,bo@example.org,Civic Lab,JP,s3cr3t2,Buyer Inc,"
    "Buyer,US\n"
)


def test_a_pretix_export_is_read_as_the_attendees_details_without_a_word(
    tmp_path: Path,
) -> None:
    """pretix writes the buyer's Email beside the Attendee email, and the invoice
    address's Company and Country after the attendee's under the same names: each badge
    carries the attendee's, and nothing needs a look."""
    event, errors, warnings = outcome(export(tmp_path, PRETIX))
    assert errors == [] and warnings == [] and event is not None
    assert [(p.key, p.email, p.organisation, p.country) for p in event.attendees] == [
        ("wk1de-1", "ann@example.org", "Open City", "BR"),
        ("wk1de-2", "bo@example.org", "Civic Lab", "JP"),
    ]


def test_the_event_files_column_for_a_field_wins_over_one_found_by_name(
    tmp_path: Path,
) -> None:
    """`Ticket secret: id` (what pretix's own scanner reads) beside the Order code that
    brochure would otherwise number the badges by: the event file's choice is read."""
    yaml = "attendees:\n  file: reg.csv\n  columns: {Ticket secret: id}\n"
    event, errors, warnings = outcome(export(tmp_path, PRETIX, yaml))
    assert errors == [] and event is not None
    assert [p.key for p in event.attendees] == ["s3cr3t1", "s3cr3t2"]
    assert [w for w in warnings if "Position ID" not in w] == []


# field-19: contact cards in QR codes, as a phone reads them -----------------------------
def scanned(pdf: Path, folder: Path) -> list[str]:
    """The QR codes of the badges as zbarimg decodes them to text (honouring an ECI), at
    600 dpi: a vCard's 57 modules in 16 mm are finer than 300 dpi draws cleanly."""
    subprocess.run(["pdftoppm", "-r", "600", "-png", str(pdf), str(folder / "s")], check=True)
    text = "".join(
        subprocess.run(["zbarimg", "-q", "--raw", str(page)], capture_output=True).stdout.decode()
        for page in sorted(folder.glob("s*.png"))
    )
    # --raw ends each code with a line break of its own
    return [code.removesuffix("\n") for code in re.split(r"(?=BEGIN:VCARD)", text) if code.strip()]


def scanned_bytes(pdf: Path, folder: Path) -> list[bytes]:
    """The codes' bytes as stored (zbarimg -Sbinary: no decoding, no ECI header)."""
    data = b"".join(
        subprocess.run(
            ["zbarimg", "-q", "--raw", "-Sbinary", str(page)], capture_output=True
        ).stdout
        for page in sorted(folder.glob("s*.png"))
    )
    return [code for code in re.split(rb"(?=BEGIN:VCARD)", data) if code.strip()]


def fields(card: str) -> dict[str, object]:
    """A scanned vCard as a contact app stores it (vobject's parser, not ours)."""
    contact = vobject.readOne(card)
    return {
        "fn": contact.fn.value,
        "family": contact.n.value.family,
        "given": contact.n.value.given,
        "org": getattr(contact, "org", None) and contact.org.value,
        "title": getattr(contact, "title", None) and contact.title.value,
        "email": getattr(contact, "email", None) and contact.email.value,
    }


@pytest.mark.slow
def test_a_contact_card_is_utf8_declared_and_escaped_as_the_badge_prints_it(
    tmp_path: Path,
) -> None:
    case = FIELD / "field-19-vcard-qr-not-utf8" / "source"
    build(case / "event.yaml", tmp_path / "out", only=("badges",))
    (card,) = scanned(tmp_path / "out" / "badges.pdf", tmp_path)
    assert fields(card) == {
        "fn": "Siobhán O'Brien",
        "family": "O'Brien",
        "given": "Siobhán",
        "org": ["Smith, Jones & Partners; Dublin"],
        "title": "Head of Research; Data & Policy",
        "email": "siobhan.o'brien+igf@example.ie",
    }
    # The stored bytes are UTF-8 (á is C3 A1, not ISO-8859-1's E1), and the text zbarimg
    # decodes through the code's ECI is the same: the code says it is UTF-8.
    (stored,) = scanned_bytes(tmp_path / "out" / "badges.pdf", tmp_path)
    assert "Siobhán".encode() in stored and stored.decode("utf-8") == card


@pytest.mark.slow
def test_every_character_a_vcard_reserves_is_escaped(tmp_path: Path) -> None:
    """Backslashes, commas and semicolons in every field, accents, CJK, and a title long
    enough to be folded: each field comes back as the event file gives it."""
    people = [
        {
            "name": "Zoë Núñez; Jr",
            "given": "Zoë, Ana",
            "family": "Núñez; Jr",
            "organisation": "Dept. of Law \\ Policy, Universidad; Sevilla",
            "position": "Chair, Working Group; Data \\ Ethics — Ünïcödé " + "é" * 40,
            "email": "zoe@example.es",
        },
        {"name": "王秀英", "organisation": "北京大学", "email": "wang@example.cn"},
        {"name": "Aoife", "position": "Head; of, Things", "email": "aoife@example.ie"},
    ]
    entries = "".join(
        "  - {"
        + ", ".join(f"{k}: {json.dumps(v)}" for k, v in p.items())
        + ", share_contact: true}\n"
        for p in people
    )
    source = write_event(
        tmp_path, MINIMAL + "people:\n" + entries + "badges:\n  qr: vcard\n  layout: a6\n"
    )
    build(source, tmp_path / "out", only=("badges",))
    cards = {c["fn"]: c for c in map(fields, scanned(tmp_path / "out" / "badges.pdf", tmp_path))}
    assert cards == {
        "Zoë Núñez; Jr": {
            "fn": "Zoë Núñez; Jr",
            "family": "Núñez; Jr",
            "given": "Zoë, Ana",
            "org": ["Dept. of Law \\ Policy, Universidad; Sevilla"],
            "title": people[0]["position"],
            "email": "zoe@example.es",
        },
        "王秀英": {
            "fn": "王秀英",
            "family": "王秀英",
            "given": "",
            "org": ["北京大学"],
            "title": None,
            "email": "wang@example.cn",
        },
        "Aoife": {
            "fn": "Aoife",
            "family": "Aoife",
            "given": "",
            "org": None,
            "title": "Head; of, Things",
            "email": "aoife@example.ie",
        },
    }


def test_contact_card_lines_are_folded_at_75_octets_never_inside_a_character() -> None:
    person = Person(name="Ü" * 100, email="u@example.org", share_contact=True)
    card = vcard.contact_card(person)
    lines = card.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert vcard.unfolded(card).split("\r\n")[3] == "FN:" + "Ü" * 100


# limits: every list of the event file, the attendees' too ------------------------------
@pytest.mark.parametrize("style", ["block", "flow"])
def test_an_attendee_list_in_the_event_file_holds_at_most_20000_entries(
    tmp_path: Path, style: str
) -> None:
    count = MAX_ITEMS + 1
    if style == "block":
        listed = "attendees:\n" + "".join(f"  - name: P{i}\n" for i in range(count))
    else:
        listed = "attendees: [" + ", ".join(f"{{name: P{i}}}" for i in range(count)) + "]\n"
    source = write_event(tmp_path, MINIMAL + listed)
    line = MINIMAL.count("\n")  # the line of `attendees:`; MINIMAL starts with a newline
    _, errors, _ = outcome(source)
    assert errors == [f"{source}:{line}:1: attendees: has more than 20,000 entries"]


def test_an_export_may_hold_more_rows_than_a_list_has_entries(tmp_path: Path) -> None:
    """The export's own limit is its rows' (100,000), as docs/guides/registrations.md says."""
    rows = "".join(f"P{i},Org\n" for i in range(MAX_ITEMS + 1))
    event, errors, _ = outcome(export(tmp_path, "Name,Company\n" + rows))
    assert errors == [] and event is not None and len(event.attendees) == MAX_ITEMS + 1


# issue 20: exports as organisers download them, daily, without editing -----------------
def test_a_row_with_no_name_gets_no_badge_and_one_warning_with_its_lines(
    tmp_path: Path,
) -> None:
    source = export(
        tmp_path,
        "First name,Last name,Company,Email\n"
        "Marta,Kowalska,Kraków City Hall,marta@example.org\n"
        ",,Malmö stad,jonas@example.org\n"
        "Aoife,Ó Súilleabháin,Galway City,aoife@example.org\n"
        " , ,,\n"  # a row of blanks: no registration at all, not a nameless one
        ",,Acme,\n",
    )
    event, errors, warnings = outcome(source)
    assert errors == [] and event is not None
    assert [p.name for p in event.attendees] == ["Marta Kowalska", "Aoife Ó Súilleabháin"]
    assert warnings == [
        f"{tmp_path / 'reg.csv'}:3:1: attendees: warning: 2 rows have no name (lines 3 and "
        "6): no badge for them, left out"
    ]
    with pytest.raises(InputError, match="2 rows have no name"):
        prepared(source, strict=True)


def test_a_nameless_row_in_a_semicolon_export_with_a_name_column(tmp_path: Path) -> None:
    rows = "".join(f"P{i};Org\n" if i % 4 else ";Org\n" for i in range(1, 13))
    _, errors, warnings = outcome(export(tmp_path, "Name;Company\n" + rows))
    assert errors == []
    assert warnings == [
        f"{tmp_path / 'reg.csv'}:5:1: attendees: warning: 3 rows have no name (lines 5, 9 "
        "and 13): no badge for them, left out"
    ]


def test_a_person_in_the_event_file_without_a_name_stays_an_error(tmp_path: Path) -> None:
    source = write_event(
        tmp_path,
        MINIMAL + "people:\n  - {organisation: Acme}\nattendees:\n  - {organisation: Beta}\n",
    )
    _, errors, _ = outcome(source)
    assert len(errors) == 2
    assert "people[0]" in errors[0] and "attendees[0]" in errors[1]


PRETIX_HEADER = (
    "Order code,Position ID,Status,Email,Product,Attendee name,Attendee name: Title,"
    "Attendee name: Given name,Attendee name: Family name,Attendee email,Company,"
    "Invoice address name\n"
)


def test_a_pretix_export_without_attendee_names_points_at_the_buyers_name_once(
    tmp_path: Path,
) -> None:
    rows = "".join(f"ORD{i:02d},1,p,buyer{i}@example.org,Pass,,,,,,,Buyer {i}\n" for i in range(40))
    _, errors, _ = outcome(export(tmp_path, PRETIX_HEADER + rows))
    assert errors == [
        f"{tmp_path / 'reg.csv'}:2:6: attendees: no row has a name (columns 6 'Attendee name', "
        "8 'Attendee name: Given name' and 9 'Attendee name: Family name' are empty in 40 "
        "rows); column 12 'Invoice address name' holds the buyer's name in each of them: if "
        "every ticket is for its buyer, read it as the name under `attendees:` in the event "
        'file (`columns: {"Invoice address name": name}`)'
    ]
    # Doing as it says builds: each buyer's name on their badge.
    fixed = export(
        tmp_path / "fixed",
        PRETIX_HEADER + rows,
        'attendees:\n  file: reg.csv\n  columns: {"Invoice address name": name}\n',
    )
    event, errors, _ = outcome(fixed)
    assert errors == [] and event is not None and event.attendees[3].name == "Buyer 3"


@pytest.mark.parametrize(
    ("header", "cancelled", "kept"),
    [
        # pretix: the order's status, as its export writes it (English, German, codes)
        (PRETIX_HEADER.split(",Invoice")[0], ["canceled", "expired", "storniert"], "paid"),
        ("Order code,Position ID,Status,Attendee name", ["c", "e", "canceled (paid fee)"], "p"),
        # Indico
        ("ID,First Name,Last Name,Registration state", ["Withdrawn", "Rejected"], "Completed"),
        # Eventbrite's attendee report
        ("Attendee #,First Name,Last Name,Attendee Status", ["Not Attending"], "Attending"),
        # a spreadsheet's own status column
        ("Name,Status", ["Cancelled", "annulé", "cancelado"], "confirmed"),
    ],
    ids=["pretix", "pretix-codes", "indico", "eventbrite", "spreadsheet"],
)
def test_cancelled_or_withdrawn_registrations_get_no_badge_and_no_check_in_row(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    header: str,
    cancelled: list[str],
    kept: str,
) -> None:
    columns = header.split(",")
    state = columns.index(next(c for c in columns if "tatus" in c or "state" in c))

    def row(number: int, value: str) -> str:
        cells = [f"x{number}" for _ in columns]
        for i, column in enumerate(columns):
            if "name" in column.lower():
                cells[i] = f"Person{number}"
            elif "mail" in column.lower():
                cells[i] = f"p{number}@example.org"
        cells[state] = value
        return ",".join(cells) + "\n"

    values = [kept, *cancelled, kept]
    text = header + "\n" + "".join(row(i, value) for i, value in enumerate(values))
    source = export(tmp_path, text, "attendees: reg.csv\nbadges: {qr: id}\n")
    with caplog.at_level(logging.INFO, logger="brochure"):
        ready = prepared(source, only=("checkin",))
    assert len(ready.event.attendees) == 2
    names = {p.name.split()[0] for p in ready.event.attendees}
    assert names == {"Person0", f"Person{len(values) - 1}"}
    listed = checkin.render(ready.event, ready.config)["checkin.csv"].decode("utf-8-sig")
    assert len(listed.splitlines()) == 3 and "Person1" not in listed
    notes = [r.getMessage() for r in caplog.records if "cancelled or withdrawn" in r.getMessage()]
    numbers = [str(line) for line in range(3, 3 + len(cancelled))]
    lines = ("lines " if len(numbers) > 1 else "line ") + " and ".join(
        filter(None, (", ".join(numbers[:-1]), numbers[-1]))
    )
    assert len(notes) == 1 and notes[0].startswith("note: ")
    counted = f"{len(cancelled)} registration{'s' if len(cancelled) > 1 else ''}"
    assert f"{counted} cancelled or withdrawn" in notes[0]
    assert f"'{columns[state]}': {lines})" in notes[0]
    assert not [w for w in ready.warnings if "Product" not in w.message]


def test_a_speaker_who_registered_with_another_spelling_gets_one_badge(tmp_path: Path) -> None:
    source = export(
        tmp_path,
        "Name,Company,Email\n"
        "Jose Nunez,ACME Corp.,\n"  # no accents, another spelling, no address
        "Ana Pérez,Beta,ana.perez@beta.example\n"  # an address of her own: another Ana
        "Kim Lee,Gamma,kim@example.org\n",
        "people:\n"
        "  - {name: José  Núñez, organisation: Acme Corporation, role: speaker}\n"
        "  - {name: Ana Pérez, email: ana@example.org, role: moderator}\n"
        "attendees: reg.csv\n",
    )
    event, errors, warnings = outcome(source)
    assert errors == [] and event is not None
    assert [(p.name, p.role) for p in event.everyone] == [
        ("José Núñez", "speaker"),
        ("Ana Pérez", "moderator"),
        ("Ana Pérez", "attendee"),
        ("Kim Lee", "attendee"),
    ]
    assert warnings == [
        f"{tmp_path / 'reg.csv'}:2:1: attendees[0]: warning: Jose Nunez is also people[0] in "
        "the event file (line 10): one badge, the event file's entry, as speaker (found by the "
        "same name; the export gives 'ACME Corp.', the event file 'Acme Corporation')"
    ]


def test_excels_sep_line_names_the_delimiter_and_the_header_follows(tmp_path: Path) -> None:
    source = export(
        tmp_path,
        "sep=;\nName;Company;Email\nMarta Kowalska;Kraków, City Hall;not-an-address\n"
        "Jonas Berg;Malmö stad;jonas@example.org\n",
    )
    _, errors, _ = outcome(source)
    # the row's line is the file's: the sep= line counts
    assert errors == [
        f"{tmp_path / 'reg.csv'}:3:3: attendees[0].email: 'not-an-address' is not an e-mail address"
    ]
    (tmp_path / "reg.csv").write_text(
        '"sep=,"\r\nFirst name,Last name,Company\r\nMarta,Kowalska,"Kraków, City Hall"\r\n',
        encoding="utf-8-sig",
    )
    (person,) = load_event(source).attendees
    assert (person.name, person.organisation) == ("Marta Kowalska", "Kraków, City Hall")


@pytest.mark.parametrize(
    "country",
    [
        "Viet Nam",
        "Korea, Republic of",
        "Bosnia and Herzegovina",
        "Tanzania, United Republic of",
        "Russian Federation",
        "Türkiye",
        "Cabo Verde",
        "Lao People's Democratic Republic",
    ],
)
def test_iso_3166_short_names_are_known_countries(tmp_path: Path, country: str) -> None:
    source = write_event(
        tmp_path, MINIMAL + f"people:\n  - {{name: Ann Lee, country: {json.dumps(country)}}}\n"
    )
    event, errors, warnings = outcome(source)
    assert errors == [] and warnings == [] and event is not None


def brochure(*args: str) -> subprocess.CompletedProcess[str]:
    """The command as an organiser runs it: what it prints, on a terminal or not."""
    return subprocess.run(
        [sys.executable, "-m", "brochure", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=300,
    )


def test_warnings_and_problems_of_one_check_are_printed_together(tmp_path: Path) -> None:
    source = export(
        tmp_path,
        "First Name,Last Name,Email,Badge colour\nMarta,Kowalska,not-an-address,red\n",
    )
    result = brochure("check", str(source))
    assert result.returncode == 1
    err = result.stderr
    assert "warning: columns left out, as brochure has no field for them: 'Badge colour'" in err
    assert "attendees[0].email: 'not-an-address' is not an e-mail address" in err


def test_an_information_line_of_check_does_not_look_like_a_problem(tmp_path: Path) -> None:
    source = export(
        tmp_path,
        "Order code,Position ID,Status,Email,Attendee name,Attendee email,Company,Country,"
        "Company,Country\n"
        "ABC12,1,p,buyer@example.org,Ana Pérez,ana@example.org,Acme,PT,Buyer Ltd,GB\n"
        "ABC12,2,c,buyer@example.org,Bo Li,bo@example.org,Acme,PT,Buyer Ltd,GB\n",
    )
    out = brochure("check", str(source))
    assert out.returncode == 0, out.stderr
    lines = out.stderr.splitlines()
    assert len(lines) == 4  # email, organisation and country read, one cancelled
    # A problem is `file:line:col: field: ...`; a note says it is one.
    assert all(line.startswith("note: ") for line in lines), lines
    assert not any(re.match(r"\S+:\d+:\d+: ", line) for line in lines)
    assert out.stdout.strip().endswith("ok (1 person)")


def test_new_names_a_command_that_runs_after_make_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After `make pack`, brochure is .venv/bin/brochure, not on the PATH: the hint names
    it so that it runs from the new project's folder; on the PATH, `brochure`."""
    checkout = tmp_path / "checkout"
    program = checkout / ".venv" / "bin" / "brochure"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    monkeypatch.chdir(checkout)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.setattr(sys, "argv", [".venv/bin/brochure", "new", "my-event"])
    assert main(["new", "my-event"]) == 0
    hint = capsys.readouterr().out.split("next: ")[1].splitlines()
    assert hint[0] == "cd my-event"
    command = hint[1].split()[0]
    assert (checkout / "my-event" / command).resolve() == program.resolve()
    assert hint[2].split()[:2] == [command, "build"]

    monkeypatch.setenv("PATH", f"{program.parent}:/usr/bin:/bin")
    assert main(["new", "other-event"]) == 0
    hint = capsys.readouterr().out.split("next: ")[1].splitlines()
    assert hint[1].split()[:2] == ["brochure", "serve"]
    assert shutil.which("brochure") == str(program)


@pytest.mark.slow
def test_a_pretix_title_leaves_one_name_on_front_back_and_check_in_list(tmp_path: Path) -> None:
    source = export(
        tmp_path,
        PRETIX_HEADER + "AB12C,1,paid,b@example.org,Pass,Prof. Dr. Ana Pérez,Prof. Dr.,Ana,Pérez,"
        "ana@example.org,Acme,Bea Buyer\n"
        + "AB12C,2,paid,b@example.org,Pass,Bo Li,,Bo,Li,bo@example.org,Acme,Bea Buyer\n",
        "attendees: reg.csv\nbadges: {qr: id, back: programme, layout: a6}\n"
        "programme:\n  - {title: Opening, start: '10:00'}\n",
    )
    out = tmp_path / "out"
    build(source, out, only=("badges", "checkin"))
    pages = pdftotext(out / "badges.pdf").split("\f")
    # a6: one badge a page, each followed by its back
    fronts_and_backs = zip(pages[::2], pages[1::2], strict=False)  # a last empty page
    front, back = next((f, b) for f, b in fronts_and_backs if "Ana" in f)
    assert "Ana" in front and "Pérez" in front and "Dr" not in front
    assert "Ana Pérez" in back and "Dr" not in back
    listed = (out / "checkin.csv").read_text(encoding="utf-8-sig")
    assert "ab12c-1,Ana Pérez,Acme,Participant" in listed.splitlines()


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        (
            '"' + "A" * 140_000 + '"',
            "column 2 'Company' holds more than 131,072 characters on line 3, the most a cell "
            "of an export holds (a biography takes a few thousand): shorten it",
        ),
        (
            '"Acme\nBob,' + "A" * 140_000,
            "column 2 'Company' opens a quote on line 3 that runs on for more than 131,072 "
            'characters, the most a cell holds: a quote left open? close it (") where the '
            "cell ends",
        ),
    ],
    ids=["a long quoted cell", "a quote left open"],
)
def test_a_cell_over_the_csv_limit_is_said_in_the_organisers_words(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], cell: str, said: str
) -> None:
    """Python's csv reader stops at 131,072 characters a cell ("field larger than field
    limit"): said at the cell, with the limit, in words (finding 13-g)."""
    source = write_event(tmp_path, MINIMAL + "attendees: people.csv\n")
    (tmp_path / "people.csv").write_text(f"Name,Company\nAna,Org\nBob,{cell}\n", encoding="utf-8")
    assert main(["check", str(source)]) == 1
    lines = capfd.readouterr().err.splitlines()
    # Located at the line and cell (column 2), as a spreadsheet shows it.
    assert lines == [f"{tmp_path / 'people.csv'}:3:2: attendees: {said}", "1 problem"], lines


def test_a_speaker_named_by_language_who_registered_is_one_badge(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A `people` entry whose name is written by language is matched to a registration
    by any language's form (field test: an Arabic/English forum's speaker got two badges)."""
    (tmp_path / "reg.csv").write_text(
        "Given name,Family name,Company,Product\n"
        "Salma,Al-Khatib,University of Jordan,Speaker ticket\n"
        "Omar,Nasser,Al-Ghad,Regular ticket\n",
        encoding="utf-8",
    )
    source = write_event(
        tmp_path,
        "event: {title: {ar: منتدى, en: Forum}, date: 2027-04-13, city: Amman, country: JO,\n"
        "  languages: [ar, en]}\n"
        "about: {ar: منتدى, en: A forum.}\n"
        "organisers: [{name: SESAME}]\n"
        "badges: {qr: id}\n"
        "people:\n"
        "  - name: {ar: سلمى الخطيب, en: Salma Al-Khatib}\n"
        "    id: salma\n"
        "    organisation: {ar: الجامعة الأردنية, en: University of Jordan}\n"
        "    role: speaker\n"
        "programme:\n  - {title: Talk, people: [salma]}\n"
        "attendees:\n  file: reg.csv\n  columns: {Product: role}\n"
        "  roles: {Speaker ticket: speaker, Regular ticket: attendee}\n",
    )
    out = tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--only", "checkin,badges"]) == 0
    said = capfd.readouterr().err
    assert said.count("Salma Al-Khatib is also people[0] in the event file") == 1
    assert "(found by the same name and organisation)" in said
    for language, family in (("en", "Al-Khatib"), ("ar", "الخطيب")):
        rows = (out / language / "checkin.csv").read_text(encoding="utf-8-sig").splitlines()
        assert len(rows) == 3 and sum(family in row for row in rows) == 1, rows
        assert pdftotext(out / language / "badges.pdf").count(family) == 1


def test_a_role_column_the_export_lacks_is_one_error(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The field test: an export without its `Product` column gave two errors, the
    second telling to add `columns: {Product: role}`, which the file had."""
    source = export(
        tmp_path,
        "Name,Company\nOmar Nasser,Al-Ghad\n",
        "attendees:\n  file: reg.csv\n  columns: {Product: role}\n"
        "  roles: {Speaker ticket: speaker}\n",
    )
    assert main(["check", str(source)]) == 1
    errors = [line for line in capfd.readouterr().err.splitlines() if ": attendees" in line]
    assert len(errors) == 1 and "the export has no column 'Product'" in errors[0], errors
