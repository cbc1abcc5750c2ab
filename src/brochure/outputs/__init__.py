"""The parts of the pack, declared once, in build order.

A new output is a module with `render` (and `check`) and one line here. The registry
refuses two outputs with one name or one file.
"""

from __future__ import annotations

from brochure.outputs.base import Output, Registry

REGISTRY = Registry(
    Output(
        "brochure",
        "the printed programme, A5 PDF, and its pages imposed as a booklet",
        # The booklet is the brochure's own pages imposed (finishing/imposition.py): one
        # rendering, two files, so --only brochure writes both.
        ("brochure.pdf", "brochure-booklet.pdf"),
        "brochure.outputs.brochure_pdf",
        checked=True,
        ignores=frozenset({"attendees", "badges"}),
        layouts=("brochure",),
        assets=True,
    ),
    Output(
        "concept-note",
        "the concept note partners edit, DOCX",
        ("concept-note.docx",),
        "brochure.outputs.concept_note",
        ignores=frozenset({"attendees", "badges", "brochure"}),
        layouts=("concept-note",),
    ),
    Output(
        "badges",
        "name badges, PDF sheets or cards",
        ("badges.pdf",),
        "brochure.outputs.badges",
        checked=True,
        chunked=True,
        ignores=frozenset({"about", "questions", "sectors", "summary", "brochure"}),
        layouts=("badges",),
    ),
    Output(
        "checkin",
        "the check-in list for the door, CSV (only with badges.qr: id)",
        ("checkin.csv",),
        "brochure.outputs.checkin",
        ignores=frozenset({"about", "questions", "sectors", "summary", "brochure", "programme"}),
        # Without codes to look up, the list is personal data nobody asked for.
        applies=lambda event: event.badges.qr == "id",
        not_applying="badges carry no id (badges.qr is not `id`)",
    ),
    Output(
        "calendar",
        "the programme for calendar apps, iCalendar",
        ("programme.ics",),
        "brochure.outputs.programme_ics",
        ignores=frozenset({"attendees", "badges", "brochure"}),
    ),
)

#: Endings of the files outputs write: an output folder named like one is a mistake.
FILE_SUFFIXES = frozenset(name[name.rindex(".") :] for name in REGISTRY.files())


def choose(only: tuple[str, ...] | None) -> tuple[str, ...]:
    """The outputs to build, by name, in build order (all when only is None)."""
    return REGISTRY.choose(only)


def all_files() -> tuple[str, ...]:
    return REGISTRY.files()
