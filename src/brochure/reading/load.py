"""Load `event.yaml` (and the attendee CSV it names) into one validated Event.

Every problem is collected and raised together as an InputError, each located at
`file:line:column` with the field path, so an organiser fixes them all in one pass.
The loader knows the event and nothing else: checks that belong to an output (a badge
layout, the fonts) are handed to it and run on the same pieces.
"""

from __future__ import annotations

import contextlib
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

import pydantic

from brochure.errors import InputError, Location, Problem
from brochure.model import Event, EventInfo, Organiser, Person, ProgrammeItem, slug
from brochure.reading import confine, images
from brochure.reading.attendees import read_attendees
from brochure.reading.messages import closest, message
from brochure.reading.textfile import read_text
from brochure.reading.yamlsource import Path_, dotted, parse

#: Unknown ids that get a "did you mean"; the rest are listed plainly.
MAX_HINTS = 200
#: Largest event file read, in bytes.
MAX_SOURCE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """An event file read and parsed, with the attendee CSV it names read in.

    data is plain data (dicts, lists, text); locations give each value's place;
    problems are those found reading (a duplicate key, a bad CSV header).
    """

    path: Path
    data: dict[str, Any]
    locations: dict[Path_, Location]
    problems: tuple[Problem, ...]

    @property
    def label(self) -> str:
        return str(self.path)

    @property
    def folder(self) -> Path:
        return self.path.parent

    def locate(self, path: Path_) -> Location | None:
        """The location of path, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.locations:
                return self.locations[path[:end]]
        return None

    def problem(self, path: Path_, text: str, warning: bool = False) -> Problem:
        """A problem with the value at path, located."""
        return Problem(self.locate(path), dotted(path), text, warning)


def read_source(path: Path) -> Source:
    """Read and parse the event file at path, and the attendee CSV it names.

    Raises InputError when nothing can be read: no file, not text, not YAML, not a mapping.
    """
    label = str(path)
    parsed = parse(read_text(path, label, MAX_SOURCE_BYTES), label)
    locations = dict(parsed.locations)
    data = parsed.data
    if not isinstance(data, dict):
        found = "nothing" if data is None else "a list" if isinstance(data, list) else "text"
        raise InputError(
            [
                Problem(
                    Location(label, 1, 1),
                    "",
                    f"expected a mapping with keys such as `event:` and `about:`, found {found}",
                )
            ]
        )
    problems: list[Problem] = list(parsed.problems)
    if isinstance(data.get("attendees"), str):
        where = locations.get(("attendees",))
        try:
            csv_path = confine.resolve_inside(path.parent, data["attendees"])
        except confine.OutsideError as error:
            problems.append(Problem(where, "attendees", str(error)))
            data = {k: v for k, v in data.items() if k != "attendees"}
        else:
            csv_label = str(path.parent / data["attendees"])
            try:
                rows, row_locations, csv_problems = read_attendees(csv_path, csv_label)
            except InputError as error:  # not a readable CSV: report it with the rest
                rows, row_locations, csv_problems = [], {}, list(error.problems)
            problems += csv_problems
            data = {**data, "attendees": rows}
            locations.update(row_locations)
    return Source(path, data, locations, tuple(problems))


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
    people: tuple[tuple[Path_, Person], ...]
    """Everyone, with their path: ("people", 3) or ("attendees", 12)."""
    programme: tuple[tuple[int, ProgrammeItem], ...]

    @classmethod
    def of(cls, source: Source, event: Event) -> Parts:
        return cls(
            source,
            event,
            event.event,
            tuple(enumerate(event.organisers)),
            tuple((("people", i), p) for i, p in enumerate(event.people))
            + tuple((("attendees", i), p) for i, p in enumerate(event.attendees)),
            tuple(enumerate(event.programme)),
        )

    @classmethod
    def salvage(cls, source: Source) -> Parts:
        data = source.data
        info = _valid(EventInfo, [data.get("event")])
        return cls(
            source,
            None,
            info[0][1] if info else None,
            tuple(_valid(Organiser, data.get("organisers"))),
            tuple(
                ((section, i), person)
                for section in ("people", "attendees")
                for i, person in _valid(Person, data.get(section))
            ),
            tuple(_valid(ProgrammeItem, data.get("programme"))),
        )

    def problem(self, path: Path_, text: str, warning: bool = False) -> Problem:
        return self.source.problem(path, text, warning)


Check = Callable[[Parts], list[Problem]]
"""A check of the event's pieces that returns located problems (errors or warnings)."""


def validate(source: Source, checks: Sequence[Check] = ()) -> tuple[Event | None, list[Problem]]:
    """The event (None when invalid) and every problem: reading, schema, ids, references,
    files, then each of checks."""
    problems: list[Problem] = list(source.problems)
    try:
        event: Event | None = Event.model_validate(source.data)
    except pydantic.ValidationError as error:
        event = None
        # A value the reader already refused (a tag, a duplicate) is not reported twice.
        refused = [p.field for p in problems]
        problems += [
            problem
            for problem in (_problem(e, source) for e in error.errors())
            if not any(_within(problem.field, field) for field in refused)
        ]
    if event:
        event = _with_ids(event)
    parts = Parts.of(source, event) if event else Parts.salvage(source)
    problems += _check_references(parts)
    problems += _check_files(parts)
    for check in checks:
        problems += check(parts)
    return event, problems


def load_event(path: Path, checks: Sequence[Check] = ()) -> Event:
    """Read, check and build the event described by the YAML file at path.

    Raises InputError with every error found; warnings alone do not stop it.
    """
    event, problems = validate(read_source(path), checks)
    errors = [p for p in problems if not p.warning]
    if errors or event is None:
        raise InputError(errors)
    return event


def _within(field: str, ancestor: str) -> bool:
    return field == ancestor or field.startswith((ancestor + ".", ancestor + "["))


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


_M = typing.TypeVar("_M", bound=pydantic.BaseModel)


def _valid(model: type[_M], items: Any) -> list[tuple[int, _M]]:
    """The items that validate as model, with their positions in the list."""
    valid = []
    for i, item in enumerate(_listed(items)):
        with contextlib.suppress(pydantic.ValidationError):
            valid.append((i, model.model_validate(item)))
    return valid


def _with_ids(event: Event) -> Event:
    """Give everyone without an id one made from their name, unique in the event."""
    taken = {p.id for p in event.everyone if p.id}
    counts: dict[str, int] = {}

    def fill(person: Person, index: int) -> Person:
        if person.id:
            return person
        base = slug(person.name) or f"person-{index + 1}"
        candidate, n = base, counts.get(base, 1)
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        counts[base] = n
        taken.add(candidate)
        return person.model_copy(update={"id": candidate})

    people = tuple(fill(p, i) for i, p in enumerate(event.people))
    attendees = tuple(fill(p, i + len(people)) for i, p in enumerate(event.attendees))
    return event.model_copy(update={"people": people, "attendees": attendees})


def _check_references(parts: Parts) -> list[Problem]:
    problems: list[Problem] = []

    def report(path: Path_, text: str) -> None:
        problems.append(parts.problem(path, text))

    chosen: dict[str, Path_] = {}
    for path, person in parts.people:
        if person.id and person.id in chosen:
            report((*path, "id"), f"the id '{person.id}' is taken by {dotted(chosen[person.id])}")
        elif person.id:
            chosen[person.id] = path
    keys = {person.key for _, person in parts.people}
    known = sorted(keys)
    hints = MAX_HINTS  # suggestions for the first unknown ids; past them, none (time)
    info = parts.info
    if info and info.end_date and info.end_date < info.date:
        report(("event", "end_date"), f"{info.end_date} is before the event's date {info.date}")
    if info and info.start and info.end and info.end <= info.start and not info.end_date:
        report(("event", "end"), f"{info.end:%H:%M} is not after the start {info.start:%H:%M}")
    for i, item in parts.programme:
        for j, key in enumerate(item.people):
            if key not in keys:
                close = closest(key, known) if hints > 0 else None
                hints -= 1
                hint = f"; did you mean '{close}'?" if close else ""
                report(("programme", i, "people", j), f"no person has the id '{key}'{hint}")
        if item.start and item.end and item.end <= item.start:
            report(
                ("programme", i, "end"),
                f"{item.end:%H:%M} is not after the start {item.start:%H:%M}",
            )
        if info and item.date and not (info.date <= item.date <= (info.end_date or info.date)):
            report(("programme", i, "date"), f"{item.date} is not a day of the event")
    return problems


def _check_files(parts: Parts) -> list[Problem]:
    """Every logo inside the source folder and through the image gate (images.py)."""
    problems: list[Problem] = []
    folder = parts.source.folder
    for i, organiser in parts.organisers:
        if organiser.logo is None:
            continue
        path: Path_ = ("organisers", i, "logo")
        try:
            logo = confine.resolve_inside(folder, organiser.logo)
            info = images.check_image(logo, _beside(folder, organiser.logo))
        except confine.OutsideError as error:
            problems.append(parts.problem(path, str(error)))
        except images.ImageError as error:
            problems.append(parts.problem(path, f"'{organiser.logo}' {error}"))
        else:
            problems += [
                parts.problem(path, f"'{organiser.logo}' {text}", warning=True)
                for text in info.warnings
            ]
    return problems


def _beside(folder: Path, name: str) -> images.Resolve:
    """Reads the files an SVG named `name` refers to: beside it, inside folder."""
    base = PurePosixPath(name.replace("\\", "/")).parent

    def resolve(reference: str) -> bytes:
        try:
            path = confine.resolve_inside(folder, str(base / unquote(reference)))
        except confine.OutsideError as error:
            raise images.ImageError(str(error)) from None
        if path.stat().st_size > images.MAX_IMAGE_BYTES:
            raise images.ImageError(f"'{reference}' is larger than the image limit")
        return path.read_bytes()

    return resolve


def _problem(error: Any, source: Source) -> Problem:
    path: Path_ = tuple(part for part in error["loc"] if isinstance(part, str | int))
    return Problem(
        source.locate(path) or Location(source.label, 1, 1), dotted(path), message(error, path)
    )
