"""`brochure import pretalx SCHEDULE.json`: an event file from a pretalx schedule export.

The file is written once (never over an existing one without force), then checked as
`brochure check` would: organisers edit the YAML from then on, not retype it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic

from brochure.errors import BrochureError, InputError, Location, Problem
from brochure.importing.jsonsource import Path_, load, locate, path_text
from brochure.importing.pretalx import ExportError, Fault, PretalxExport, example, from_export
from brochure.importing.yamltext import event_yaml
from brochure.reading.load import MAX_SOURCE_BYTES, read_source, validate
from brochure.reading.textfile import read_text
from brochure.schema import MODELINE, SCHEMA_FILE, schema_text
from brochure.writer import there, write_file

#: Largest export read, in bytes: a schedule of thousands of talks is a few MiB, and the
#: event file made from it may not pass 2 MiB.
MAX_EXPORT_BYTES = 16 * 1024 * 1024


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


def import_pretalx(schedule: Path, target: Path, force: bool = False) -> Imported:
    """Write target (an event file) from the pretalx export at schedule.

    Raises InputError when the export cannot be read as one (each problem located in it),
    BrochureError when target exists (unless force) or cannot be written.
    """
    export = read_export(schedule)
    if there(target) and not force:
        raise BrochureError(f"{target} is there already; nothing was written (--force replaces it)")
    try:
        imported = from_export(export.model)
    except ExportError as error:
        raise InputError(export.problems(error.faults)) from None
    header = [
        MODELINE.removeprefix("# "),
        f"Imported from {schedule.name} ({imported.about}) by `brochure import pretalx`.",
        "Edit this file from now on: importing again would replace your edits.",
    ]
    if imported.placeholders:
        header += ["", "Not in the export, filled with placeholders to replace:"]
        header += [f"  {field}" for field in imported.placeholders]
    if imported.unmapped:
        header += ["", "In the export, but the event file has no place for them:"]
        header += [f"  {line}" for line in imported.unmapped]
    text = event_yaml(imported.data, header)
    size = len(text.encode("utf-8"))
    if size > MAX_SOURCE_BYTES:
        too_large = (
            f"the export makes an event file of {size // 1024:,} KiB, more than "
            f"the {MAX_SOURCE_BYTES // 1024:,} KiB brochure reads; nothing was written"
        )
        path, length = _longest_text(export.data)
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
        summary=", ".join(f"{count} {what}" for what, count in imported.counts.items()),
        placeholders=imported.placeholders,
        unmapped=imported.unmapped,
        problems=tuple(p for p in problems if not p.warning),
    )


@dataclass(frozen=True)
class Export:
    """An export as read: its text, its data and its model."""

    label: str
    """How messages name the file."""
    text: str
    data: Any
    model: PretalxExport

    def problems(self, faults: Sequence[Fault]) -> list[Problem]:
        """The faults as problems, each located in the file."""
        return _located(self.text, self.label, faults)


def read_export(path: Path) -> Export:
    """The export at path; InputError, located, when it is not JSON or not pretalx's."""
    label = str(path)
    text = read_text(path, label, MAX_EXPORT_BYTES)
    data = load(text, label)
    if not isinstance(data, dict) or "schedule" not in data:
        raise InputError(
            [
                Problem(
                    Location(label, 1, 1),
                    "",
                    "not a pretalx schedule export: it has no `schedule`; export it from "
                    "pretalx as JSON (frab compatible), /EVENT/schedule/export/schedule.json",
                )
            ]
        )
    try:
        model = PretalxExport.model_validate(data)
    except pydantic.ValidationError as error:
        faults = []
        for found in error.errors():
            message = found["msg"]
            if found["type"] == "value_error":  # our own validators' words, as they are
                message = str(found["ctx"]["error"])
            elif found["type"] != "missing":
                message += f" (found {example(found.get('input'))})"
            faults.append(Fault(_data_path(data, found["loc"]), message))
        raise InputError(_located(text, label, faults)) from None
    return Export(label, text, data, model)


def _located(text: str, label: str, faults: Sequence[Fault]) -> list[Problem]:
    """The faults of the export with this text as problems, each located in it."""
    places = locate(text, [fault.path for fault in faults], label)
    return [
        Problem(place, path_text(fault.path), fault.message)
        for place, fault in zip(places, faults, strict=True)
    ]


def _data_path(data: Any, loc: tuple[str | int, ...]) -> Path_:
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


def _longest_text(data: Any) -> tuple[Path_, int]:
    """The path and length of the longest text in data (lists and dicts walked without
    recursion)."""
    longest: tuple[Path_, int] = ((), 0)
    stack: list[tuple[Path_, Any]] = [((), data)]
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
