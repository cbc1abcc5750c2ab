"""`brochure import pretalx SCHEDULE.json`: an event file from a pretalx schedule export.

The file is written once (never over an existing one without force), then checked as
`brochure check` would: organisers edit the YAML from then on, not retype it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pydantic

from brochure.errors import BrochureError, InputError, Location, Problem
from brochure.importing.pretalx import PretalxExport, from_export
from brochure.importing.yamltext import event_yaml
from brochure.reading.load import MAX_SOURCE_BYTES, read_source, validate
from brochure.reading.textfile import read_text
from brochure.reading.yamlsource import dotted
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

    Raises InputError when the export cannot be read as one, BrochureError when target
    exists (unless force) or cannot be written.
    """
    export = read_export(schedule)
    if there(target) and not force:
        raise BrochureError(f"{target} is there already; nothing was written (--force replaces it)")
    imported = from_export(export)
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
    if len(text.encode("utf-8")) > MAX_SOURCE_BYTES:
        raise BrochureError(
            f"the export makes an event file of {len(text.encode()) // 1024:,} KiB, more than "
            f"the {MAX_SOURCE_BYTES // 1024:,} KiB brochure reads; nothing was written"
        )
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


def read_export(path: Path) -> PretalxExport:
    """The export at path; InputError, located, when it is not JSON or not pretalx's."""
    label = str(path)
    text = read_text(path, label, MAX_EXPORT_BYTES)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = Location(label, error.lineno, error.colno)
        raise InputError([Problem(where, "", f"not JSON: {error.msg}")]) from None
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
        return PretalxExport.model_validate(data)
    except pydantic.ValidationError as error:
        raise InputError(
            [
                Problem(
                    None,
                    dotted(tuple(part for part in e["loc"] if isinstance(part, str | int))),
                    f"{e['msg']} (in {label}, found {json.dumps(e.get('input'))[:60]})",
                )
                for e in error.errors()
            ]
        ) from None
