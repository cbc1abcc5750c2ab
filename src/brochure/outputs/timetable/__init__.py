"""The wall timetable: the whole programme as a grid, a sheet per day, rooms as columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brochure.model import TIMETABLE_PAPERS
from brochure.outputs.base import SCHEDULE, File, Flag, Output, entries
from brochure.outputs.timetable.settings import NAME, settle

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event


def applies(event: Event, config: BuildConfig) -> bool:
    """Only for a programme with an item that has a time: the grid places items by it."""
    return any(item.start is not None for item in event.programme)


OUTPUT = Output(
    NAME,
    "the wall timetable: a grid per day, rooms as columns (PDF, A3 or larger)",
    (File("timetable.pdf", finish="sheets"),),
    "brochure.outputs.timetable.render",
    reads=frozenset({"event", "organisers", "people", "programme", "timetable"}),
    # The grid: when, where, what, who, a mark, its track's colour.
    fields=entries(
        "programme",
        *SCHEDULE,
        "track",
    ),
    section="timetable",
    flags=(
        Flag(
            "--timetable-paper",
            "the wall timetable's paper, over the event file's timetable.paper (default: "
            "that, or A3; Tabloid where Letter is the paper)",
            choices=TIMETABLE_PAPERS,
            setting="paper",
            example="a2",
        ),
    ),
    settle=settle,
    layouts=("timetable",),
    applies=applies,
    not_applying="no item of the programme has a time",
)
