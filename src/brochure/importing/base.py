"""What an importer is: its declaration, the export it reads, what it makes of it, and
the faults it finds there.

An importer is one module that declares one `Importer` (listed in IMPORTERS, in this
package's `__init__`). `brochure import NAME FILE` (commands/import_.py) does the rest for
every importer alike: reads the file within bounds, turns the reader's errors into
problems located in the export (`schedule.json:12:5: path: what is wrong`), writes the
event file (or the attendee list) with what could not be carried over, and checks it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from brochure.errors import Location

#: A place in an export's data: keys of objects and numbers of lists, from the top.
DataPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Fault:
    """Something in the export that cannot be true: where (a path in its data), what."""

    path: DataPath
    message: str


class ExportError(Exception):
    """The export is not what its importer reads, or contradicts itself or the calendar;
    carries every fault found."""

    def __init__(self, faults: list[Fault]) -> None:
        self.faults = tuple(faults)
        super().__init__("; ".join(f"{fault.path}: {fault.message}" for fault in faults))


@dataclass(frozen=True)
class Parsed:
    """An export's text read as data (JSON's, or XML's made into the same shape), with how
    to find where a value of the data is in the file."""

    label: str
    """How messages name the file."""
    data: Any
    locate: Callable[[list[DataPath]], list[Location]]
    """Where the value at each path is in the file (as near as the path leads)."""
    name: Callable[[DataPath], str]
    """A path as the export's own readers write it: `schedule.conference.days[0]` (JSON),
    `/schedule/day[1]/room[2]/event[3]/start` (XML)."""


@dataclass(frozen=True)
class AttendeeTable:
    """A registration list, to be written as CSV that `attendees:` in the event file reads."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    origins: tuple[DataPath, ...]
    """Where each row came from in the export, to name it when a value is refused."""
    columns: dict[str, str]
    """Columns brochure does not know by name -> the field they hold (`Product: role`)."""
    roles: dict[str, str]
    """Values of the role column -> a role (`Speaker ticket: speaker`), each a first
    guess from the value's words, for the organiser to correct."""


@dataclass(frozen=True)
class Conversion:
    """What an importer makes of an export: event-file data (or an attendee list), what
    the export could not fill, and what it held that has no place in the event file."""

    data: dict[str, Any]
    """Event-file data in the order the file is written (dates as date, times as time);
    empty when the importer makes an attendee list."""
    placeholders: tuple[str, ...]
    """Fields the export does not fill, filled with placeholders to replace (event.city)."""
    unmapped: tuple[str, ...]
    """Fields of the export with a value and no place in the event file, with an example
    and how many more hold one: `talks[].language: en (and 6 more)`."""
    about: str
    """Where the export came from: `pretalx 2025.1.0, schedule version 1.3`."""
    counts: dict[str, int]
    """What came in, by kind: days, rooms, talks, speakers, tracks."""
    table: AttendeeTable | None = None
    """The attendee list, for an importer of registrations."""


@dataclass(frozen=True)
class Importer:
    """One kind of export `brochure import` reads: how the command presents it, and how
    its file becomes event-file data.

    read takes the parsed data and returns the importer's model of it; it raises
    pydantic.ValidationError (each error is located in the export by the command) or
    ExportError (a file of another kind: a fault at the path ()). convert takes that
    model and returns the Conversion; it raises ExportError for what cannot be a
    schedule (a talk dated outside the event, a time zone nobody has).
    """

    name: str
    """The command's word for it: `brochure import NAME`."""
    help: str
    """One line for `brochure import --help`."""
    description: str
    """What `brochure import NAME --help` says: where the export is found, what maps."""
    metavar: str
    """The export's file as the usage line names it: SCHEDULE.json."""
    read: Callable[[Any], Any]
    convert: Callable[[Any], Conversion]
    parse: Callable[[str, str], Parsed] | None = None
    """How the export's text (and label) become data; None: the text is JSON, read as
    every JSON export is (an XML export brings its own, made of xmlsource's reader)."""
    makes: Literal["event", "attendees"] = "event"
    """An event file (a programme), or the attendee list beside one (registrations)."""


@dataclass
class Unmapped:
    """Fields with a value that has no place in the event file: how often, an example.

    Personal fields (addresses, phone numbers) are counted and named, never shown: the
    list is printed and written at the top of the event file.
    """

    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    def note(self, label: str, value: Any, private: bool = False) -> None:
        if (
            value is None
            or value is False
            or (isinstance(value, str | list | tuple | dict) and not value)
        ):
            return
        self.counts[label] += 1
        self.examples.setdefault(label, "(not shown)" if private else example(value))

    def extra(self, prefix: str, values: dict[str, Any], read: set[str]) -> None:
        """Every key of values that is not read (nor structure), under prefix."""
        for key, value in values.items():
            if key not in read:
                self.note(f"{prefix}{key}", value)

    def lines(self) -> tuple[str, ...]:
        """`label: example`, and how many more values there are."""
        return tuple(
            f"{label}: {self.examples[label]}" + (f" (and {count - 1} more)" if count > 1 else "")
            for label, count in self.counts.items()
        )


def example(value: Any) -> str:
    """value as one short line of text (at most 50 characters), to show what a field holds."""
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = " ".join(shown.split())
    return text if len(text) <= 50 else text[:47] + "..."
