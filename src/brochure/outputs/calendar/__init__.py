"""The programme for calendar apps: iCalendar (RFC 5545), an entry per programme item."""

from __future__ import annotations

from brochure.outputs.base import SCHEDULE, File, Output, entries

OUTPUT = Output(
    "calendar",
    "the programme for calendar apps, iCalendar",
    (File("programme.ics", preview="calendar"),),
    "brochure.outputs.calendar.render",
    reads=frozenset(
        {"event", "summary", "about", "questions", "sectors", "organisers", "people", "programme"}
    ),
    # An event per item, its description in it; no track or talks.
    fields=entries(
        "programme",
        *SCHEDULE,
        "description",
    ),
)
