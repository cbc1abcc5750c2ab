"""pretalx's schedule export, "JSON (frab compatible)" (`schedule.json`): pretalx's
`FrabJsonExporter` (pretalx/schedule/exporters.py), which follows the c3voc schedule
schema; read as every such schedule is (c3voc.py)."""

from __future__ import annotations

from typing import Any

from brochure.importing import c3voc
from brochure.importing.base import Conversion, ExportError, Fault, Importer

DIALECT = c3voc.Dialect(
    system="pretalx",
    labels={
        "export": "",
        "schedule": "schedule.",
        "conference": "conference.",
        "room": "conference.rooms[].",
        "track": "conference.tracks[].",
        "day": "days[].",
        "talk": "talks[].",
        "person": "talks[].persons[].",
    },
)


def read(data: Any) -> c3voc.ScheduleExport:
    """The export as a schedule; ExportError when it is no pretalx schedule export."""
    if not isinstance(data, dict) or "schedule" not in data:
        raise ExportError(
            [
                Fault(
                    (),
                    "not a pretalx schedule export: it has no `schedule`; export it from "
                    "pretalx as JSON (frab compatible), /EVENT/schedule/export/schedule.json",
                )
            ]
        )
    return c3voc.ScheduleExport.model_validate(data)


def convert(export: c3voc.ScheduleExport) -> Conversion:
    return c3voc.convert(export, DIALECT)


IMPORTER = Importer(
    name="pretalx",
    help="a pretalx schedule export (schedule.json, frab compatible)",
    description="Make an event file from pretalx's schedule export, \"JSON (frab "
    'compatible)", at https://PRETALX/EVENT/schedule/export/schedule.json: days, '
    "rooms, talks, speakers with their names as written, tracks. What the export does "
    "not say (city, country, about, organisers) is filled with placeholders to edit.",
    metavar="SCHEDULE.json",
    read=read,
    convert=convert,
)
