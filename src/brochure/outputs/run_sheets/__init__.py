"""Chairs' run sheets: a page for every session with a chair, with its running order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brochure.outputs.base import SCHEDULE, File, Output, Template, entries

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event


def applies(event: Event, config: BuildConfig) -> bool:
    """Only for an event with a session that has a chair."""
    return any(item.chairs for item in event.programme)


OUTPUT = Output(
    "run-sheets",
    "a run sheet for each session's chair, PDF pages: the running order with start times",
    (File("run-sheets.pdf", finish="sheets"),),
    "brochure.outputs.run_sheets.render",
    reads=frozenset({"event", "organisers", "people", "programme"}),
    # The chairs' sheets: descriptions and talks; no track.
    fields=entries(
        "programme",
        *SCHEDULE,
        "description",
        "talks",
    ),
    applies=applies,
    not_applying="no session of the programme has a chair",
    checked=True,
    layouts=("run-sheets",),
    templates=(
        Template(
            "run-sheets/run-sheets.html.j2",
            "brochure.outputs.run_sheets.context:RunSheetsContext",
        ),
    ),
)
