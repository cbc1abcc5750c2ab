"""The JSON Schema of the file as people write it: what editors check while typing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML
from tests.conftest import FIXTURES, MINIMAL, ROOT, SEED_SOURCE

from brochure.schema import MODELINE, SCHEMA_FILE, event_schema

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


def test_the_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from brochure.cli import main

    assert main(["schema", "-q"]) == 0  # the schema is the product: printed under -q too
    assert json.loads(capsys.readouterr().out) == event_schema()


def test_the_files_brochure_writes_validate(
    validator: jsonschema.protocols.Validator, tmp_path: Path
) -> None:
    """The starter of `brochure new` and a pretalx import, as an editor checks them."""
    from brochure.cli import main

    assert main(["-q", "new", str(tmp_path / "new")]) == 0
    imported = tmp_path / "imported" / "event.yaml"
    schedule = FIXTURES / "pretalx" / "schedule.json"
    assert main(["-q", "import", "pretalx", str(schedule), "-o", str(imported)]) == 0
    for path in (tmp_path / "new" / "source" / "event.yaml", imported):
        text = path.read_text(encoding="utf-8")
        assert text.startswith(MODELINE + "\n")
        assert (path.parent / SCHEMA_FILE).is_file()
        errors = list(validator.iter_errors(as_an_editor_reads(text)))
        assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]


def test_the_guide_shows_the_modeline() -> None:
    readme = (ROOT / "docs" / "guides" / "event-file.md").read_text(encoding="utf-8")
    assert MODELINE in readme
    assert "brochure schema > source/event.schema.json" in readme
