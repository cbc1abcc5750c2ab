"""Walk-ins: the people registered at the door, in `walk-ins.csv` beside the event file.

`brochure badge --name ...` appends a row for each person who was in neither the event
file nor the registration export (door/register.py writes it); every later build reads
the file with the export, so their badges, their check-in rows and their ids stay. It is
read as an export is (reading/attendees.py: the same columns, checks and limits), and
its people come after the export's, each located in walk-ins.csv.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brochure.errors import InputError, Location, Problem
from brochure.model import Person
from brochure.reading import confine
from brochure.reading.attendees import Attendees, RowPlaces, read_attendees
from brochure.reading.yamlsource import Path_

FILE = "walk-ins.csv"
"""The file's name, in the event file's folder."""
COLUMNS = ("id", "name", "given", "family", "organisation", "country", "role", "email")
"""Its header: fields of `people`, by their own names (read as an export's columns)."""


def read_walk_ins(event_file: Path) -> Attendees | None:
    """The walk-ins beside event_file, each located at its line there, and the problems
    of the file (one that cannot be read is one problem); None when there is no
    walk-ins.csv, or it is empty (made, and nothing written yet)."""
    folder = event_file.parent
    label = str(folder / FILE)
    try:
        found = (folder / FILE).lstat()
    except FileNotFoundError:
        return None
    except OSError as error:
        return _unread(label, f"cannot be read ({error.strerror})")
    try:
        path = confine.resolve_inside(folder, FILE)
        if found.st_size == 0 and path.stat().st_size == 0:
            return None
        return read_attendees(path, label)
    except confine.OutsideError as error:
        return _unread(label, str(error))
    except InputError as error:
        return Attendees([], RowPlaces(label, {}), list(error.problems))
    except OSError as error:
        return _unread(label, f"cannot be read ({error.strerror})")


def _unread(label: str, why: str) -> Attendees:
    return Attendees([], RowPlaces(label, {}), [Problem(Location(label, 1, 1), FILE, why)])


def with_walk_ins(
    data: dict[str, Any],
    locations: dict[Path_, Location],
    exported: list[Person] | None,
    places: RowPlaces | None,
    walk_ins: Attendees,
) -> tuple[dict[str, Any], list[Person] | None, RowPlaces | None]:
    """The event file's data, the attendees read from files and where each came from,
    with the walk-ins after the others: after the export's people, or after an
    `attendees:` list written in the file (located in walk-ins.csv through locations),
    or as the attendees when the file names none. An `attendees:` that is none of these
    (the loader reports it) is left to be reported, without them."""
    if exported is not None and places is not None:
        return data, exported + walk_ins.people, JoinedPlaces.of(places, walk_ins.places)
    written = data.get("attendees")
    if isinstance(written, list):
        for index in range(len(walk_ins.people)):
            where = walk_ins.places.locate(("attendees", index))
            if where is not None:
                locations[("attendees", len(written) + index)] = where
        return {**data, "attendees": [*written, *walk_ins.people]}, None, None
    if "attendees" in data:
        return data, exported, places
    return data, list(walk_ins.people), walk_ins.places


@dataclass(frozen=True)
class JoinedPlaces(RowPlaces):
    """Where each attendee of an export followed by the walk-ins came from: the first
    `len(first.lines)` in the export, the rest in walk-ins.csv (numbered on from the
    export's rows, so `attendees[N]` names one person)."""

    first: RowPlaces | None = None
    then: RowPlaces | None = None

    @classmethod
    def of(cls, first: RowPlaces, then: RowPlaces) -> JoinedPlaces:
        return cls(first.label, first.columns, array("L"), array("L"), first, then)

    def _split(self, index: int) -> tuple[RowPlaces, int]:
        assert self.first is not None and self.then is not None
        count = len(self.first.lines)
        return (self.first, index) if index < count else (self.then, index - count)

    def locate(self, path: Path_) -> Location | None:
        if len(path) < 2 or not isinstance(path[1], int):
            return None
        places, index = self._split(path[1])
        return places.locate((path[0], index, *path[2:]))

    def row(self, index: int) -> int:
        places, inner = self._split(index)
        if places is self.first:
            return places.row(inner)
        assert self.first is not None
        return (self.first.rows[-1] + 1 if self.first.rows else 0) + places.row(inner)

    def keeping(self, indices: list[int]) -> RowPlaces:
        assert self.first is not None and self.then is not None
        count = len(self.first.lines)
        return JoinedPlaces.of(
            self.first.keeping([i for i in indices if i < count]),
            self.then.keeping([i - count for i in indices if i >= count]),
        )
