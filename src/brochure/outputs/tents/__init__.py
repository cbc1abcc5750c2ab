"""Table tents: a folded name card for every speaker, chair and moderator, in the order
the tables are set (by session, then by family name)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brochure.outputs.base import SCHEDULE, File, Flag, Output, entries
from brochure.outputs.tents.seating import seats
from brochure.outputs.tents.settings import NAME, TENT_LAYOUTS, settle

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event


def applies(event: Event, config: BuildConfig) -> bool:
    """Only for an event with someone at a table: a speaker, a chair or a moderator."""
    return bool(seats(event))


OUTPUT = Output(
    NAME,
    "table tents for speakers, chairs and moderators, PDF sheets to fold",
    # Folded along the layout's fold; a layout of two tents a sheet (a4-2) is cut apart
    # first, which the folded finish covers (finishing/finishes.FOLDED).
    (File("tents.pdf", finish="folded"),),
    "brochure.outputs.tents.render",
    reads=frozenset({"event", "organisers", "people", "programme", "tents"}),
    # Who sits at the table, by session (in time order, cancelled ones aside).
    fields=entries(
        "programme",
        *SCHEDULE,
    ),
    section="tents",
    flags=(
        Flag(
            "--tent-layout",
            "table tent layout, over the event file's tents.layout (default: that, or one "
            "tent per sheet of the office paper where the event is: a4, or letter where "
            "Letter is the paper)",
            metavar="NAME",
            setting="layout",
            example="a4-2",
        ),
    ),
    settle=settle,
    applies=applies,
    not_applying="the event has nobody at a table (no speakers, chairs or moderators)",
    checked=True,
    layouts=(TENT_LAYOUTS,),
)
