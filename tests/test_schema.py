"""The JSON Schema of the file as people write it: what editors check while typing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML
from tests.conftest import FIXTURES, MINIMAL, SEED_SOURCE

from brochure.schema import event_schema

EVENT_FILES = [SEED_SOURCE / "event.yaml", *sorted(FIXTURES.glob("*/event.yaml"))]


def as_an_editor_reads(text: str) -> Any:
    """YAML 1.2, as yaml-language-server reads it (`187` a number, `12:30` text); dates
    become the text they were written as, as JSON has no dates."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    return plain(YAML(typ="safe").load(text))


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = event_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", EVENT_FILES, ids=[p.parent.name for p in EVENT_FILES])
def test_every_event_file_we_ship_validates(
    validator: jsonschema.protocols.Validator, path: Path
) -> None:
    errors = list(validator.iter_errors(as_an_editor_reads(path.read_text(encoding="utf-8"))))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (MINIMAL + "colour: blue\n", []),
        (MINIMAL.replace("city: Oslo", "city: Oslo\n  venu: Hall A"), ["event"]),
        (MINIMAL + "people:\n  - name: Ann\n    role: superstar\n", ["people", 0, "role"]),
        (MINIMAL.replace("about: We meet.\n", ""), []),
        (MINIMAL + "badges:\n  qr: email\n", ["badges", "qr"]),
        (MINIMAL + "badges:\n  blank: many\n", ["badges", "blank"]),
        (MINIMAL + "programme:\n  - title: Opening\n    start: 25:00\n", ["programme", 0]),
        (MINIMAL.replace("date: 2025-03-04", "date: [2025]"), ["event", "date"]),
    ],
    ids=["unknown key", "misspelt key", "role", "about missing", "qr", "blank", "time", "date"],
)
def test_files_the_loader_refuses_fail_the_schema_there(
    validator: jsonschema.protocols.Validator, text: str, where: list[Any]
) -> None:
    errors = list(validator.iter_errors(as_an_editor_reads(text)))
    assert errors
    assert any(list(error.absolute_path)[: len(where)] == where for error in errors), [
        (list(e.absolute_path), e.message) for e in errors
    ]


def test_text_or_a_list_where_the_loader_takes_both(
    validator: jsonschema.protocols.Validator,
) -> None:
    text = MINIMAL.replace("about: We meet.", "about: [One., Two.]") + (
        "attendees: attendees.csv\nquestions: Why?\n"
        "people:\n  - {name: Ann, id: ann}\n"
        "programme:\n  - {title: Talk, start: '9:30', people: ann}\n"
    )
    assert list(validator.iter_errors(as_an_editor_reads(text))) == []
