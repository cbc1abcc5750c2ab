"""`brochure import pretix`: the attendee list (CSV) an event file reads, from pretix's
"Order data (JSON)" export.

No real export of that kind was found (it holds buyers' personal data): the fixture
follows pretix's exporter (pretix/base/exporters/json.py) field for field, with invented
people: paid, pending, cancelled, expired and test-mode orders, an add-on, a T-shirt, a
ticket without a name, three products (a ticket with a student variation, a speaker
ticket, a press pass).
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import FIXTURES
from tests.test_import_base import line_of, nested, refused

from brochure.cli import main
from brochure.reading.load import load_event

ORDERS = FIXTURES / "pretix" / "orders.json"


def project(tmp_path: Path) -> Path:
    """A new event folder (`brochure new`); its event file."""
    assert main(["-q", "new", str(tmp_path)]) == 0
    return tmp_path / "source" / "event.yaml"


def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str], export: Path = ORDERS) -> str:
    capsys.readouterr()
    target = tmp_path / "source" / "attendees.csv"
    assert main(["import", "pretix", str(export), "-o", str(target)]) == 0
    return capsys.readouterr().out


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def add_printed_lines(event: Path, said: str) -> None:
    """Append the `attendees:` lines the import printed to the event file, as told."""
    printed = said.split("guessed from the product names:\n")[1]
    block = [line.removeprefix("  ") for line in printed.splitlines() if line.startswith("  ")]
    with event.open("a", encoding="utf-8") as stream:
        stream.write("\n" + "\n".join(block) + "\n")


def test_tickets_become_the_attendee_list_the_event_file_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event_file = project(tmp_path)
    said = imported(tmp_path, capsys)
    assert "(7 attendees, 3 products, 1 of them of pending orders, 6 tickets left out)" in said
    written = rows(tmp_path / "source" / "attendees.csv")
    assert list(written[0]) == [
        "Order code",
        "Position ID",
        "Attendee name",
        "Product",
        "Company",
        "Country",
        "Attendee email",
    ]
    assert [row["Attendee name"] for row in written] == [
        "Ana Lima",
        "Jonas Weber",
        "Grace Mwangi",
        "Tomasz Nowak",
        "Saanvi Iyer",
        "Léa Dubois",
        "王秀英",
    ]
    # Left out, each counted: cancelled, expired, test mode, an add-on, a T-shirt, a
    # ticket without a name (its order named).
    for reason in (
        "tickets left out, cancelled: 1",
        "tickets left out, expired: 1",
        "tickets left out, test mode: 1",
        "tickets left out, add-ons: 1",
        "tickets left out, products that admit nobody: 1",
        "tickets left out, without an attendee name (orders N9P0Q): 1",
    ):
        assert reason in said
    # Nothing personal a badge does not print is shown.
    assert "orders[].phone: (not shown)" in said and "Vegetarian" not in said
    assert "ana.lima@example.org" not in said
    # The roles of the products, guessed from their names, in lines to add.
    assert "Speaker ticket: speaker" in said and "Press pass: press" in said
    add_printed_lines(event_file, said)
    assert main(["-q", "check", str(event_file)]) == 0
    event = load_event(event_file)
    attendees = {person.name: person for person in event.attendees}
    assert len(attendees) == 7
    grace = attendees["Grace Mwangi"]
    assert (grace.role, grace.organisation, grace.country, grace.key) == (
        "speaker",
        "Open Transit Kenya",
        "KE",
        "d3e4f-1",  # the order code and position, as an id
    )
    assert attendees["Tomasz Nowak"].role == "press"
    assert attendees["Jonas Weber"].role == "attendee"
    assert attendees["Léa Dubois"].email == "lea.dubois@example.org"
    # Imported again, the event file already reads the list: it is checked with it, and
    # only the list is replaced.
    said = capsys.readouterr().out
    kept = event_file.read_text(encoding="utf-8")
    target = tmp_path / "source" / "attendees.csv"
    assert main(["import", "pretix", str(ORDERS), "-o", str(target), "--force"]) == 0
    # `next: brochure check ...`, as brochure was run (here: python -m brochure).
    assert f"brochure check {event_file}" in capsys.readouterr().out.split("next: ")[-1]
    assert event_file.read_text(encoding="utf-8") == kept


@pytest.mark.parametrize(
    ("product", "role"),
    [
        ("Speaker ticket", "speaker"),
        ("Press pass", "press"),
        ("Staff", "staff"),
        ("Crew (Helfer)", "staff"),
        ("Volunteer shift", "staff"),
        ("Ticket ponente", "speaker"),
        ("Regular ticket", "attendee"),
        ("Early bird", "attendee"),
    ],
)
def test_a_products_role_is_guessed_from_its_name(product: str, role: str) -> None:
    from brochure.importing.pretix import role_of

    assert role_of(product) == role


def test_never_over_an_existing_list_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "attendees.csv"
    target.write_text("Name\nmine\n", encoding="utf-8")
    assert main(["-q", "import", "pretix", str(ORDERS), "-o", str(target)]) == 1
    assert "there already; nothing was written (--force replaces it)" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "Name\nmine\n"


def test_check_ins_are_kept_for_certificates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """pretix's JSON export has no check-ins; positions that carry them (as the REST
    API's do) keep when each ticket was first let in."""
    export = json.loads(ORDERS.read_text(encoding="utf-8"))
    ana, jonas = export["event"]["orders"][0]["positions"]
    ana["checkins"] = [
        {"list": 1, "datetime": "2025-05-14T08:41:12.118Z", "type": "exit"},
        {"list": 1, "datetime": "2025-05-14T08:02:03.401Z", "type": "entry"},
        {"list": 1, "datetime": "2025-05-15T08:10:00Z", "type": "entry"},
    ]
    jonas["checkins"] = []
    path = tmp_path / "orders.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    event_file = project(tmp_path)
    said = imported(tmp_path, capsys, path)
    written = {row["Attendee name"]: row for row in rows(tmp_path / "source" / "attendees.csv")}
    assert written["Ana Lima"]["Checked in"] == "2025-05-14T08:02:03.401000+00:00"
    assert written["Jonas Weber"]["Checked in"] == ""
    add_printed_lines(event_file, said)
    assert main(["-q", "check", "--strict", str(event_file)]) == 0  # a column brochure knows


@pytest.mark.slow
def test_the_attendees_get_their_badges(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import pdftotext

    event_file = project(tmp_path)
    add_printed_lines(event_file, imported(tmp_path, capsys))
    assert main(["-q", "build", str(event_file), "--only", "badges"]) == 0
    text = pdftotext(tmp_path / "output" / "badges.pdf")
    for name in ("Grace Mwangi", "Tomasz Nowak", "王秀英", "Léa Dubois"):
        assert name in text
    assert "Pierre Martin" not in text and "Test Person" not in text


def _position(export: dict[str, Any]) -> dict[str, Any]:
    return export["event"]["orders"][0]["positions"][0]


_AT = "event.orders[0].positions[0]"


@pytest.mark.parametrize(
    ("change", "key", "expected"),
    [
        (
            lambda e: _position(e).update(attendee_name="n" * 3_000_000),
            "attendee_name",
            f"{_AT}.attendee_name: String should have at most 300 characters",
        ),
        (
            lambda e: _position(e).update(company="c" * 400),
            "company",
            f"{_AT}.company: String should have at most 300 characters",
        ),
        (
            lambda e: _position(e).update(attendee_email="not an address"),
            "attendee_email",
            f"{_AT}.attendee_email: 'not an address' is not an e-mail address",
        ),
        (
            lambda e: _position(e).update(item=999),
            "item",
            f"{_AT}.item: no product has the id 999",
        ),
        (
            lambda e: _position(e).update(checkins=[{"datetime": "9999-05-14T08:00:00Z"}]),
            "9999-05-14T08:00:00Z",
            f"{_AT}.checkins[0].datetime: 9999-05-14T08:00:00+00:00 is not a time of an event",
        ),
        (
            lambda e: _position(e).update(country="Atlantis"),
            "country",
            "not a country",
        ),
    ],
    ids=[
        "huge name",
        "long company",
        "no e-mail address",
        "a product nobody sells",
        "a check-in in year 9999",
        "a country nobody has",
    ],
)
def test_a_hostile_export_is_refused_where_it_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Any, key: str, expected: str
) -> None:
    export = json.loads(ORDERS.read_text(encoding="utf-8"))
    change(export)
    path = tmp_path / "orders.json"
    text = json.dumps(export, indent=1, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    target = tmp_path / "source" / "attendees.csv"
    if key == "country":
        # A country CLDR does not know is the event file's to warn of, as for any list.
        assert main(["-q", "import", "pretix", str(path), "-o", str(target)]) == 0
        return
    err = refused(capsys, "pretix", path, target)
    assert expected in err
    assert f"{path}:{line_of(text, chr(34) + key + chr(34))}:" in err


def test_nesting_and_other_files_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "orders.json"
    path.write_text('{"event": {"orders": ' + nested(400) + "}}", encoding="utf-8")
    err = refused(capsys, "pretix", path, tmp_path / "attendees.csv")
    assert f"{path}:1:" in err and "nested deeper than 64 levels" in err
    shutil.copy(FIXTURES / "pretalx" / "schedule.json", path)
    err = refused(capsys, "pretix", path, tmp_path / "attendees.csv")
    assert f"{path}:1:1: not a pretix order export" in err
