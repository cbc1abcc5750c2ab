"""The parts of the pack, declared once, in build order.

Each output is a package whose `__init__` declares it whole (outputs/base.py: its files,
options, flags, what it reads, how it is finished and previewed); adding one is its
package and its line here. The registry refuses two outputs with one name, file or flag.
"""

from __future__ import annotations

from brochure.outputs import (
    badges,
    calendar,
    certificates,
    checkin,
    concept_note,
    epub,
    large_print,
    run_sheets,
    signs,
    tents,
    time_cards,
    timetable,
    web,
)
from brochure.outputs import brochure as brochure_pdf
from brochure.outputs.base import Registry

REGISTRY = Registry(
    brochure_pdf.OUTPUT,
    concept_note.OUTPUT,
    badges.OUTPUT,
    checkin.OUTPUT,
    calendar.OUTPUT,
    large_print.OUTPUT,
    web.OUTPUT,
    epub.OUTPUT,
    certificates.OUTPUT,
    signs.OUTPUT,
    timetable.OUTPUT,
    time_cards.OUTPUT,
    tents.OUTPUT,
    run_sheets.OUTPUT,
)

#: Endings of the files outputs write: an output folder named like one is a mistake.
FILE_SUFFIXES = frozenset(name[name.rindex(".") :] for name in REGISTRY.files() if "." in name)


def choose(only: tuple[str, ...] | None) -> tuple[str, ...]:
    """The outputs to build, by name, in build order (all when only is None)."""
    return REGISTRY.choose(only)


def all_files() -> tuple[str, ...]:
    return REGISTRY.files()
