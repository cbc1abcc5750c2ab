"""`brochure import SYSTEM FILE`: an event file from another system's export (or, from a
registration system's, the attendee list an event file reads), for every importer of the
registry alike.

The export is read within bounds, and whatever cannot be read, or cannot be a schedule,
is named where it is in the export (`schedule.json:12:5: path: what is wrong`), with
nothing written. Three steps: the export is converted into the texts of the files to
write, checked as `brochure check` would check them, nothing written (`convert_export`, in
a child under the limits); the files are written, only once that finished, never over an
existing one without force (`write`, in the parent); the event file beside an attendee list
that reads it is checked last (`check_event`). Organisers edit the YAML from then on, not
retype it. An import stopped by a limit has written nothing.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import tempfile
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
from brochure.importing.text import controls_in
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
    warnings: tuple[Problem, ...] = ()
    """What was changed on the way, located in the export: control characters removed."""
    next_steps: tuple[str, ...] = ()
    """What to do next, line by line, when there are no problems."""


@dataclass(frozen=True)
class Converted:
    """An export converted into the files to write, and checked, nothing written yet."""

    target: Path
    """The event file, or the attendee list, asked for."""
    files: tuple[tuple[Path, str], ...]
    """Each file to write and its text, target last (the event's schema first)."""
    summary: str
    placeholders: tuple[str, ...]
    unmapped: tuple[str, ...]
    problems: tuple[Problem, ...]
    """What `brochure check` finds in target's text, found before it is written."""
    next_steps: tuple[str, ...] = ()
    event: Path | None = None
    """The event file beside an attendee list that reads it: checked once the list is
    written (check_event), as it reads the list by its name."""
    warnings: tuple[Problem, ...] = ()
    """What the import changed in the export's texts (control characters removed)."""

    def imported(self, more: Sequence[Problem] = ()) -> Imported:
        """What the import wrote, with more problems (the event file's, check_event)."""
        return Imported(
            path=self.target,
            summary=self.summary,
            placeholders=self.placeholders,
            unmapped=self.unmapped,
            problems=(*self.problems, *(p for p in more if p not in self.problems)),
            next_steps=self.next_steps,
            warnings=self.warnings,
        )


def import_export(system: str, export_path: Path, target: Path, force: bool = False) -> Imported:
    """Write target from the export of system (a name in IMPORTERS) at export_path: an
    event file, or the attendee list (CSV) an event file reads, checked. The steps of the
    command in one call, with no limits (cli._import runs convert_export and check_event
    in a child under its limits, and write between them).

    Raises UsageError when target is no file of that kind, or the export itself, or
    walk-ins.csv (check_target), InputError when the export cannot be read as one (each
    problem located in it), BrochureError when target exists (unless force) or cannot be
    written.
    """
    converted = convert_export(system, export_path, target, force)
    write(converted, force)
    return converted.imported(check_event(converted))


def convert_export(system: str, export_path: Path, target: Path, force: bool = False) -> Converted:
    """The files an import of the export of system at export_path into target writes,
    with their texts, checked as `brochure check` would check them; nothing written.

    Raises InputError when the export cannot be read as one (each problem located in it),
    BrochureError when target exists (unless force) or the event file would be too large.
    """
    importer = IMPORTERS[system]
    check_target(importer, export_path, target)
    export = read_export(importer, export_path)
    _refuse_existing(target, force)
    try:
        conversion = importer.convert(export.model)
    except ExportError as error:
        raise InputError(export.problems(error.faults)) from None
    if conversion.table is not None:
        converted = _attendees(conversion, conversion.table, target)
    else:
        converted = _event(importer, export, conversion, target, force)
    return dataclasses.replace(converted, warnings=_controls(export.parsed))


def write(converted: Converted, force: bool = False) -> None:
    """Write the converted files, target last (each whole: writer.write_file). Raises
    BrochureError when target exists (unless force: it may have appeared while the
    export was converted) or a file cannot be written."""
    _refuse_existing(converted.target, force)
    for path, text in converted.files:
        write_file(path, text)


def check_event(converted: Converted) -> list[Problem]:
    """What `brochure check` finds in the event file beside an attendee list written,
    when it reads that list (none otherwise)."""
    if converted.event is None:
        return []
    _, found = validate(read_source(converted.event))
    return [p for p in found if not p.warning]


def _refuse_existing(target: Path, force: bool) -> None:
    if there(target) and not force:
        raise BrochureError(f"{target} is there already; nothing was written (--force replaces it)")


#: Fields named one by one in the warnings about control characters; past them, counted.
MAX_CONTROL_WARNINGS = 10


def _controls(parsed: Parsed) -> tuple[Problem, ...]:
    """A warning for each text of the export that held control characters, which the
    event file cannot hold and the import removed (an escape sequence leaves the letters
    after it, "Open[2J Data": worth a look), located in the export; past
    MAX_CONTROL_WARNINGS, the rest counted on one more line."""
    found: list[tuple[DataPath, list[str]]] = []
    stack: list[tuple[DataPath, Any]] = [((), parsed.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if controls := controls_in(value):
                found.append((path, controls))
        elif isinstance(value, dict):
            stack.extend(reversed([((*path, key), child) for key, child in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([((*path, i), child) for i, child in enumerate(value)]))
    shown = found[:MAX_CONTROL_WARNINGS]
    places = parsed.locate([path for path, _ in shown])
    warnings = [
        Problem(
            place,
            parsed.name(path),
            f"holds control character{'s' if len(controls) > 1 else ''} "
            f"{', '.join(controls)}, which the event file cannot hold: removed where it is "
            "carried over; check the text reads as meant",
            warning=True,
        )
        for place, (path, controls) in zip(places, shown, strict=True)
    ]
    if len(found) > len(shown):
        more = len(found) - len(shown)
        warnings.append(
            Problem(
                None,
                "",
                f"{more} more text{'s' if more > 1 else ''} of {parsed.label} held control "
                "characters, removed too",
                warning=True,
            )
        )
    return tuple(warnings)


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


def _event(
    importer: Importer, export: Export, conversion: Conversion, target: Path, force: bool
) -> Converted:
    """The event file's text (and its schema's, unless there and not force), checked."""
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
    # Checked as the file it becomes (the walk-ins beside it read too), before it is.
    _, problems = validate(read_source(target, text))
    files = []
    schema = target.parent / SCHEMA_FILE
    if force or not there(schema):
        files.append((schema, schema_text()))
    files.append((target, text))
    return Converted(
        target,
        tuple(files),
        _summary(conversion),
        conversion.placeholders,
        conversion.unmapped,
        tuple(p for p in problems if not p.warning),
        (f"next: brochure serve {target}",),
    )


def _attendees(conversion: Conversion, table: AttendeeTable, target: Path) -> Converted:
    """target as a CSV of the table's rows, checked as the event file beside it would
    read it (from a private copy: nothing is written beside it yet); the event file to
    check once it is written, or the lines that make it read it, when it does not yet."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    # Organisers open the list in a spreadsheet: a cell that would run as a formula is
    # written as text (cells.neutral), and read back as it was in the export.
    writer.writerow(neutral(cell) for cell in table.header)
    writer.writerows([neutral(cell) for cell in row] for row in table.rows)
    text = stream.getvalue()
    spec = ColumnSpec(table.columns, table.roles)
    with tempfile.TemporaryDirectory(prefix="brochure-import-") as scratch:
        copy = Path(scratch) / target.name
        copy.write_text(text, encoding="utf-8", newline="")
        read = read_attendees(copy, str(target), spec)
    problems = [p for p in read.problems if not p.warning]
    event = target.parent / EVENT_FILE
    block: dict[str, Any] = {"file": target.name}
    if table.columns:
        block["columns"] = table.columns
    if table.roles:
        block["roles"] = table.roles
    reads = there(event) and _reads(event, target.name)
    if reads:
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
    return Converted(
        target,
        ((target, text),),
        _summary(conversion),
        conversion.placeholders,
        conversion.unmapped,
        tuple(problems),
        steps,
        event if reads else None,
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
