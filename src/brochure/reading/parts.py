"""The event file as read, and its pieces that validated: what every check is handed.

`Source` is the file parsed, with the place of every value; `Parts` the pieces that
validated (all of them when the whole event did), so the checks that span pieces still
run, and report, when the rest of the file is wrong.
"""

from __future__ import annotations

import contextlib
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic

from brochure.errors import Location, Problem
from brochure.model import Event, EventInfo, Organiser, Person, ProgrammeItem
from brochure.reading.attendees import RowPlaces
from brochure.reading.yamlsource import Path_, dotted


@dataclass(frozen=True)
class Source:
    """An event file read and parsed, with the attendee CSV it names read in.

    data is plain data (dicts, lists, text), except `attendees`, which holds the people
    of the export already validated; locations give each value's place (and
    attendee_places each attendee's row); problems are those found reading (a duplicate
    key, a bad CSV header).
    """

    path: Path
    data: dict[str, Any]
    locations: dict[Path_, Location]
    problems: tuple[Problem, ...]
    attendee_places: RowPlaces | None = None
    """Where each attendee read from the export came from, when there is one."""
    exported_names: tuple[tuple[int, str], ...] = ()
    """(index in `people`, name): the export's spelling of each person of the event file
    it registered (one badge, the event file's entry), which the door also finds."""

    @property
    def label(self) -> str:
        return str(self.path)

    @property
    def folder(self) -> Path:
        return self.path.parent

    def locate(self, path: Path_) -> Location | None:
        """The location of path, or of its nearest ancestor that has one."""
        places = self.attendee_places
        if places and path[:1] == ("attendees",) and (found := places.locate(path)):
            return found
        for end in range(len(path), -1, -1):
            if path[:end] in self.locations:
                return self.locations[path[:end]]
        return None

    def field(self, path: Path_) -> str:
        """path as people read it; an attendee from an export by its row there."""
        if self.attendee_places and path[:1] == ("attendees",) and len(path) > 1:
            index = path[1]
            if isinstance(index, int):
                path = ("attendees", self.attendee_places.row(index), *path[2:])
        return dotted(path)

    def problem(self, path: Path_, text: str, warning: bool = False) -> Problem:
        """A problem with the value at path, located."""
        return Problem(self.locate(path), self.field(path), text, warning)


@dataclass(frozen=True)
class Parts:
    """The pieces of an event that validated, with their places in the file.

    When the whole event does not validate, the checks that span pieces (ids, files,
    an output's own checks) still run on the valid pieces, so one pass reports every
    problem.
    """

    source: Source
    event: Event | None
    """The whole event, when it validated."""
    info: EventInfo | None
    organisers: tuple[tuple[int, Organiser], ...]
    people: Sequence[tuple[Path_, Person]]
    """Everyone, with their path: ("people", 3) or ("attendees", 12)."""
    programme: tuple[tuple[int, ProgrammeItem], ...]

    @classmethod
    def of(cls, source: Source, event: Event) -> Parts:
        return cls(
            source,
            event,
            event.event,
            tuple(enumerate(event.organisers)),
            Everyone(event.people, event.attendees),
            tuple(enumerate(event.programme)),
        )

    @classmethod
    def salvage(cls, source: Source) -> Parts:
        data = source.data
        info = valid(EventInfo, [data.get("event")])
        return cls(
            source,
            None,
            info[0][1] if info else None,
            tuple(valid(Organiser, data.get("organisers"))),
            tuple(
                ((section, i), person)
                for section in ("people", "attendees")
                for i, person in valid(Person, data.get(section))
            ),
            tuple(valid(ProgrammeItem, data.get("programme"))),
        )

    def problem(self, path: Path_, text: str, warning: bool = False) -> Problem:
        return self.source.problem(path, text, warning)


class Everyone(Sequence[tuple[Path_, Person]]):
    """People and attendees with their paths, paired as they are asked for: an export of
    a million rows is not paired up in advance."""

    def __init__(self, people: Sequence[Person], attendees: Sequence[Person]) -> None:
        self.people, self.attendees = people, attendees

    def __len__(self) -> int:
        return len(self.people) + len(self.attendees)

    @typing.overload
    def __getitem__(self, index: int) -> tuple[Path_, Person]: ...
    @typing.overload
    def __getitem__(self, index: slice) -> Sequence[tuple[Path_, Person]]: ...
    def __getitem__(self, index: int | slice) -> typing.Any:
        if isinstance(index, slice):
            return list(self)[index]
        if index < 0:
            index += len(self)
        if index < len(self.people):
            return ("people", index), self.people[index]
        return ("attendees", index - len(self.people)), self.attendees[index - len(self.people)]

    def __iter__(self) -> typing.Iterator[tuple[Path_, Person]]:
        for i, person in enumerate(self.people):
            yield ("people", i), person
        for i, person in enumerate(self.attendees):
            yield ("attendees", i), person


Check = Callable[[Parts], list[Problem]]
"""A check of the event's pieces that returns located problems (errors or warnings)."""


def listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


_M = typing.TypeVar("_M", bound=pydantic.BaseModel)


def valid(model: type[_M], items: Any) -> list[tuple[int, _M]]:
    """The items that validate as model, with their positions in the list."""
    valid = []
    for i, item in enumerate(listed(items)):
        with contextlib.suppress(pydantic.ValidationError):
            valid.append((i, model.model_validate(item)))
    return valid
