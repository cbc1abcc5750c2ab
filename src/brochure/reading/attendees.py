"""The attendee CSV: a registration export read into rows of `people` fields."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from brochure.errors import Location, Problem
from brochure.model import Person
from brochure.reading.messages import unknown_key
from brochure.reading.textfile import read_text
from brochure.reading.yamlsource import Path_

#: Largest attendee CSV read, in bytes.
MAX_CSV_BYTES = 64 * 1024 * 1024

#: Column names registration systems use for the fields of `people`.
COLUMN_ALIASES = {
    "first_name": "given",
    "given_name": "given",
    "last_name": "family",
    "family_name": "family",
    "surname": "family",
    "organization": "organisation",
    "company": "organisation",
    "e_mail": "email",
    "job_title": "position",
}


def read_attendees(
    path: Path, label: str
) -> tuple[list[dict[str, str]], dict[Path_, Location], list[Problem]]:
    """Rows of the attendee CSV as dicts, with their locations and any header problems.

    Raises InputError when the file cannot be read as text at all.
    """
    text = read_text(path, label, MAX_CSV_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    problems: list[Problem] = []
    try:
        header = [_column(cell) for cell in next(reader)]
    except (StopIteration, csv.Error) as error:
        return [], {}, [Problem(Location(label, 1, 1), "attendees", f"not a CSV file: {error}")]
    known = set(Person.model_fields)
    for column, name in enumerate(header, 1):
        if name not in known:
            problems.append(
                Problem(Location(label, 1, column), "attendees", unknown_key(name, known))
            )
    rows: list[dict[str, str]] = []
    locations: dict[Path_, Location] = {}
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            index = len(rows)
            line = reader.line_num
            locations[("attendees", index)] = Location(label, line, 1)
            row: dict[str, str] = {}
            for column, (name, cell) in enumerate(zip(header, cells, strict=False), 1):
                if name in known and cell.strip():
                    row[name] = cell
                    locations[("attendees", index, name)] = Location(label, line, column)
            if len(cells) > len(header):
                problems.append(
                    Problem(
                        Location(label, line, len(header) + 1),
                        f"attendees[{index}]",
                        f"has {len(cells)} cells but the header names {len(header)} columns",
                    )
                )
            rows.append(row)
    except csv.Error as error:
        problems.append(Problem(Location(label, reader.line_num, 1), "attendees", str(error)))
    return rows, locations, problems


def _column(header: str) -> str:
    """A CSV header as a field name: `First name` -> given, `Organization` -> organisation."""
    name = "_".join(header.strip().lower().replace("-", " ").split())
    return COLUMN_ALIASES.get(name, name)


def _delimiter(text: str) -> str:
    """Comma, semicolon (spreadsheets in many European locales) or tab: the one the
    header line uses most."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)
