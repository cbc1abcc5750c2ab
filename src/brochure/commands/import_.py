"""`brochure import SYSTEM FILE`: an event file from another system's export (or, from a
registration system's, the attendee list an event file reads), for every importer of the
registry alike.

The export is read within bounds, and whatever cannot be read, or cannot be a schedule,
is named where it is in the export (`schedule.json:12:5: path: what is wrong`), with
nothing written. The file is written once (never over an existing one without force),
then checked as `brochure check` would: organisers edit the YAML from then on, not
retype it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic
import yaml

from brochure.cells import neutral
from brochure.errors import BrochureError, InputError, Problem, UsageError
from brochure.importing import IMPORTERS, jsonsource
from brochure.importing.base import (
    AttendeeTable,
    Conversion,
    DataPath,
    ExportError,
    Fault,
    Importer,
    Parsed,
    example,
)
from brochure.importing.yamltext import event_yaml
from brochure.reading.attendees import ColumnSpec, read_attendees
from brochure.reading.load import MAX_SOURCE_BYTES, read_source, validate
from brochure.reading.messages import meaningful
from brochure.reading.textfile import read_text
from brochure.reading.walkins import FILE as WALK_INS
from brochure.reading.yamlsource import parse
from brochure.schema import MODELINE, SCHEMA_FILE, schema_text
from brochure.writer import there, write_file

#: Largest export read, in bytes: a schedule of thousands of talks is a few MiB, and the
#: event file made from it may not pass 2 MiB.
MAX_EXPORT_BYTES = 16 * 1024 * 1024
#: The event file an attendee list is read by: the one beside it, by this name.
EVENT_FILE = "event.yaml"


@dataclass(frozen=True)
class Imported:
    """What an import wrote and what the organiser has to look at."""

    path: Path
    summary: str
    """What came in: `2 days, 3 rooms, 7 talks, 6 speakers, 2 tracks`."""
    placeholders: tuple[str, ...]
    unmapped: tuple[str, ...]
    problems: tuple[Problem, ...]
    """What `brochure check` finds in the written file (a title over the length limit)."""
    next_steps: tuple[str, ...] = ()
    """What to do next, line by line, when there are no problems."""


def import_export(system: str, export_path: Path, target: Path, force: bool = False) -> Imported:
    """Write target from the export of system (a name in IMPORTERS) at export_path: an
    event file, or the attendee list (CSV) an event file reads.

    Raises UsageError when target is no file of that kind, or the export itself, or
    walk-ins.csv (check_target), InputError when the export cannot be read as one (each
    problem located in it), BrochureError when target exists (unless force) or cannot be
    written.
    """
    importer = IMPORTERS[system]
    check_target(importer, export_path, target)
    export = read_export(importer, export_path)
    if there(target) and not force:
        raise BrochureError(f"{target} is there already; nothing was written (--force replaces it)")
    try:
        conversion = importer.convert(export.model)
    except ExportError as error:
        raise InputError(export.problems(error.faults)) from None
    if conversion.table is not None:
        return _write_attendees(export, conversion, conversion.table, target)
    return _write_event(importer, export, conversion, target, force)


#: What each kind of import writes, by the suffixes its file may have.
SUFFIXES = {"event": (".yaml", ".yml"), "attendees": (".csv",)}


def check_target(importer: Importer, export: Path, target: Path) -> None:
    """Whether -o may be written, --force or not: a name of the kind the import makes (an
    event file ends in .yaml, an attendee list in .csv), not the export being read, and
    not the door's walk-ins.csv (its registrations exist nowhere else).

    Raises UsageError (exit 2) before anything is read or written."""
    suffixes = SUFFIXES[importer.makes]
    what = "an event file" if importer.makes == "event" else "an attendee list (CSV)"
    if target.suffix.lower() not in suffixes:
        raise UsageError(
            f"-o: {target} does not end in {' or '.join(suffixes)}; `import {importer.name}` "
            f"writes {what}: name a file ending in {suffixes[0]}; nothing was written"
        )
    if target.name.lower() == WALK_INS.lower():
        raise UsageError(
            f"-o: {target} is the door's {WALK_INS}, whose registrations exist nowhere else; "
            "name the attendee list otherwise (attendees.csv); nothing was written"
        )
    try:
        same = target.exists() and export.exists() and target.samefile(export)
    except OSError:
        same = False
    if same:
        raise UsageError(
            f"-o: {target} is the export being read; name another file to write; nothing "
            "was written"
        )


@dataclass(frozen=True)
class Export:
    """An export as read: its file's name, its data (and where each value is), its model."""

    path: Path
    parsed: Parsed
    model: Any

    def problems(self, faults: Sequence[Fault]) -> list[Problem]:
        """The faults as problems, each located in the file."""
        return _located(self.parsed, faults)


def read_export(importer: Importer, path: Path) -> Export:
    """The export at path; InputError, located, when it is not what importer reads."""
    label = str(path)
    text = read_text(path, label, MAX_EXPORT_BYTES)
    parsed = importer.parse(text, label) if importer.parse else jsonsource.parsed(text, label)
    try:
        model = importer.read(parsed.data)
    except ExportError as error:
        raise InputError(_located(parsed, error.faults)) from None
    except pydantic.ValidationError as error:
        faults = []
        for found in meaningful(error.errors()):
            message = found["msg"]
            if found["type"] == "value_error":  # our own validators' words, as they are
                message = str(found["ctx"]["error"])
            elif found["type"] == "too_short":
                least = found["ctx"]["min_length"]
                message = (
                    f"is empty: the export holds nothing here, and needs at least {least} "
                    f"entr{'y' if least == 1 else 'ies'}; export it again from its system"
                    if not found.get("input")
                    else f"needs at least {least} entries"
                )
            elif found["type"] != "missing":
                message += f" (found {example(found.get('input'))})"
            faults.append(Fault(_data_path(parsed.data, found["loc"]), message))
        raise InputError(_located(parsed, faults)) from None
    return Export(path, parsed, model)


def _write_event(
    importer: Importer, export: Export, conversion: Conversion, target: Path, force: bool
) -> Imported:
    header = [
        MODELINE.removeprefix("# "),
        f"Imported from {export.path.name} ({conversion.about}) by `brochure import "
        f"{importer.name}`.",
        "Edit this file from now on: importing again would replace your edits.",
    ]
    if conversion.placeholders:
        header += ["", "Not in the export, filled with placeholders to replace:"]
        header += [f"  {field}" for field in conversion.placeholders]
    if conversion.unmapped:
        header += ["", "In the export, but the event file has no place for them:"]
        header += [f"  {line}" for line in conversion.unmapped]
    text = event_yaml(conversion.data, header)
    size = len(text.encode("utf-8"))
    if size > MAX_SOURCE_BYTES:
        too_large = (
            f"the export makes an event file of {size // 1024:,} KiB, more than "
            f"the {MAX_SOURCE_BYTES // 1024:,} KiB brochure reads; nothing was written"
        )
        path, length = _longest_text(export.parsed.data)
        if length * 2 > MAX_SOURCE_BYTES:  # one value makes most of it: say which
            raise InputError(export.problems([Fault(path, f"{length:,} characters: {too_large}")]))
        raise BrochureError(too_large)
    write_file(target, text)
    schema = target.parent / SCHEMA_FILE
    if force or not there(schema):
        write_file(schema, schema_text())
    _, problems = validate(read_source(target))
    return Imported(
        path=target,
        summary=_summary(conversion),
        placeholders=conversion.placeholders,
        unmapped=conversion.unmapped,
        problems=tuple(p for p in problems if not p.warning),
        next_steps=(f"next: brochure serve {target}",),
    )


def _write_attendees(
    export: Export, conversion: Conversion, table: AttendeeTable, target: Path
) -> Imported:
    """target as a CSV of the table's rows, checked as the event file beside it would
    read it; the lines that make that event file read it, when it does not yet."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    # Organisers open the list in a spreadsheet: a cell that would run as a formula is
    # written as text (cells.neutral), and read back as it was in the export.
    writer.writerow(neutral(cell) for cell in table.header)
    writer.writerows([neutral(cell) for cell in row] for row in table.rows)
    write_file(target, stream.getvalue())
    spec = ColumnSpec(table.columns, table.roles)
    read = read_attendees(target, str(target), spec)
    problems = [p for p in read.problems if not p.warning]
    event = target.parent / EVENT_FILE
    block: dict[str, Any] = {"file": target.name}
    if table.columns:
        block["columns"] = table.columns
    if table.roles:
        block["roles"] = table.roles
    if there(event) and _reads(event, target.name):
        _, found = validate(read_source(event))
        problems += [p for p in found if not p.warning]
        steps: tuple[str, ...] = (f"next: brochure check {event}",)
    else:
        lines = yaml.safe_dump(
            {"attendees": block}, sort_keys=False, allow_unicode=True, default_flow_style=False
        ).splitlines()
        steps = (
            f"add these lines to {event} (the event file beside the list), and correct "
            "the roles guessed from the product names:",
            *(f"  {line}" for line in lines),
        )
    return Imported(
        path=target,
        summary=_summary(conversion),
        placeholders=conversion.placeholders,
        unmapped=conversion.unmapped,
        problems=tuple(problems),
        next_steps=steps,
    )


def _reads(event: Path, name: str) -> bool:
    """Whether the event file's `attendees:` reads the file of this name."""
    try:
        data = parse(read_text(event, str(event), MAX_SOURCE_BYTES), str(event)).data
    except InputError:
        return False
    attendees = data.get("attendees") if isinstance(data, dict) else None
    named = attendees.get("file") if isinstance(attendees, dict) else attendees
    return isinstance(named, str) and named.strip() == name


def _summary(conversion: Conversion) -> str:
    return ", ".join(f"{count:,} {what}" for what, count in conversion.counts.items())


def _located(parsed: Parsed, faults: Sequence[Fault]) -> list[Problem]:
    """The faults as problems, each located in the parsed export."""
    places = parsed.locate([fault.path for fault in faults])
    return [
        Problem(place, parsed.name(fault.path), fault.message)
        for place, fault in zip(places, faults, strict=True)
    ]


def _data_path(data: Any, loc: tuple[str | int, ...]) -> DataPath:
    """The path in data that pydantic's error location names: without the names it adds
    for the branches of a union (`int`, `str`), which are no keys of the data."""
    path: list[str | int] = []
    for number, part in enumerate(loc, 1):
        in_dict = isinstance(data, dict) and isinstance(part, str) and part in data
        if in_dict or (isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)):
            data = data[part]
        elif not (isinstance(data, dict) and number == len(loc)):
            continue  # a union's branch; a key the data lacks is named only when missing
        path.append(part)
    return tuple(path)


def _longest_text(data: Any) -> tuple[DataPath, int]:
    """The path and length of the longest text in data (lists and dicts walked without
    recursion)."""
    longest: tuple[DataPath, int] = ((), 0)
    stack: list[tuple[DataPath, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if len(value) > longest[1]:
                longest = (path, len(value))
        elif isinstance(value, dict):
            stack.extend(((*path, key), child) for key, child in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, i), child) for i, child in enumerate(value))
    return longest
