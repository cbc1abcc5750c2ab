"""Load `event.yaml` (and the attendee CSV it names) into one validated Event.

Every problem is collected and raised together as an InputError, each located at
`file:line:column` with the field path, so an organiser fixes them all in one pass.
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import io
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic

from brochure import confine, images
from brochure.errors import InputError, Location, Problem
from brochure.model import Event, EventInfo, Organiser, Person, ProgrammeItem, slug
from brochure.yamlsource import Path_, dotted, parse

#: Largest event file read, in bytes.
MAX_SOURCE_BYTES = 2 * 1024 * 1024
#: Largest attendee CSV read, in bytes.
MAX_CSV_BYTES = 64 * 1024 * 1024
#: Logos and other images: an SVG, PNG or JPEG, by file name.
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")


def load_event(source: Path, badge_layouts: tuple[str, ...] | None = None) -> Event:
    """Read, check and build the event described by the YAML file at `source`.

    badge_layouts, when given, are the layout names `badges.layout` may choose from.
    """
    label = str(source)
    text = _read_text(source, label, MAX_SOURCE_BYTES)
    parsed = parse(text, label)
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
            csv_path = confine.resolve_inside(source.parent, data["attendees"])
        except confine.OutsideError as error:
            problems.append(Problem(where, "attendees", str(error)))
            data = {k: v for k, v in data.items() if k != "attendees"}
        else:
            csv_label = str(source.parent / data["attendees"])
            try:
                rows, row_locations, csv_problems = read_attendees(csv_path, csv_label)
            except InputError as error:  # not a readable CSV: report it with the rest
                rows, row_locations, csv_problems = [], {}, list(error.problems)
            problems += csv_problems
            data = {**data, "attendees": rows}
            locations.update(row_locations)
    try:
        event: Event | None = Event.model_validate(data)
    except pydantic.ValidationError as error:
        event = None
        # A value the reader already refused (a tag, a duplicate) is not reported twice.
        refused = [p.field for p in problems]
        problems += [
            problem
            for problem in (_problem(e, locations, label) for e in error.errors())
            if not any(_within(problem.field, field) for field in refused)
        ]
    if event:
        event = _with_ids(event)
    parts = _Parts.of(event) if event else _Parts.salvage(data)
    if badge_layouts is not None:
        problems += _check_badge_layout(data, badge_layouts, locations)
    problems += _check_references(parts, locations)
    problems += _check_files(parts, source.parent, locations)
    if problems or event is None:
        raise InputError(problems)
    return event


def _within(field: str, ancestor: str) -> bool:
    return field == ancestor or field.startswith((ancestor + ".", ancestor + "["))


@dataclass(frozen=True)
class _Parts:
    """The pieces of an event that validated, with their indices in the file.

    When the whole event does not validate, the checks that span pieces (ids, files)
    still run on the valid pieces, so one pass reports every problem.
    """

    info: EventInfo | None
    organisers: tuple[tuple[int, Organiser], ...]
    people: tuple[tuple[Path_, Person], ...]
    programme: tuple[tuple[int, ProgrammeItem], ...]

    @classmethod
    def of(cls, event: Event) -> _Parts:
        return cls(
            event.event,
            tuple(enumerate(event.organisers)),
            tuple((("people", i), p) for i, p in enumerate(event.people))
            + tuple((("attendees", i), p) for i, p in enumerate(event.attendees)),
            tuple(enumerate(event.programme)),
        )

    @classmethod
    def salvage(cls, data: dict[str, Any]) -> _Parts:
        info = _valid(EventInfo, [data.get("event")])
        return cls(
            info[0][1] if info else None,
            tuple(_valid(Organiser, data.get("organisers"))),
            tuple(
                ((section, i), person)
                for section in ("people", "attendees")
                for i, person in _valid(Person, data.get(section))
            ),
            tuple(_valid(ProgrammeItem, data.get("programme"))),
        )


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


def _read_text(path: Path, label: str, limit: int) -> str:
    start = Location(label, 1, 1)
    try:
        with path.open("rb") as stream:
            raw = stream.read(limit + 1)
    except FileNotFoundError:
        raise InputError([Problem(None, "", f"{label}: no such file")]) from None
    except IsADirectoryError:
        raise InputError([Problem(None, "", f"{label}: is a folder, not a file")]) from None
    except OSError as error:
        raise InputError([Problem(None, "", f"{label}: cannot read ({error.strerror})")]) from None
    if len(raw) > limit:
        raise InputError(
            [Problem(start, "", f"the file is larger than the limit of {limit // 1024:,} KiB")]
        )
    if not raw.strip():
        raise InputError([Problem(start, "", "the file is empty")])
    if b"\x00" in raw:
        raise InputError([Problem(start, "", "this is a binary file, not text")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError(
            [Problem(Location(label, line, column), "", "not UTF-8 text; save the file as UTF-8")]
        ) from None


def read_attendees(
    path: Path, label: str
) -> tuple[list[dict[str, str]], dict[Path_, Location], list[Problem]]:
    """Rows of the attendee CSV as dicts, with their locations and any header problems."""
    text = _read_text(path, label, MAX_CSV_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    problems: list[Problem] = []
    try:
        header = [_column(cell) for cell in next(reader)]
    except (StopIteration, csv.Error) as error:
        return [], {}, [Problem(Location(label, 1, 1), "attendees", f"not a CSV file: {error}")]
    known = set(Person.model_fields)
    for column, name in enumerate(header, 1):
        if name not in known:
            problems.append(
                Problem(Location(label, 1, column), "attendees", _unknown_key(name, known))
            )
    rows: list[dict[str, str]] = []
    locations: dict[Path_, Location] = {}
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            index = len(rows)
            line = reader.line_num
            locations[("attendees", index)] = Location(label, line, 1)
            row: dict[str, str] = {}
            for column, (name, cell) in enumerate(zip(header, cells, strict=False), 1):
                if name in known and cell.strip():
                    row[name] = cell
                    locations[("attendees", index, name)] = Location(label, line, column)
            if len(cells) > len(header):
                problems.append(
                    Problem(
                        Location(label, line, len(header) + 1),
                        f"attendees[{index}]",
                        f"has {len(cells)} cells but the header names {len(header)} columns",
                    )
                )
            rows.append(row)
    except csv.Error as error:
        problems.append(Problem(Location(label, reader.line_num, 1), "attendees", str(error)))
    return rows, locations, problems


#: Column names registration systems use for the fields of `people`.
COLUMN_ALIASES = {
    "first_name": "given",
    "given_name": "given",
    "last_name": "family",
    "family_name": "family",
    "surname": "family",
    "organization": "organisation",
    "company": "organisation",
    "e_mail": "email",
    "job_title": "position",
}


def _column(header: str) -> str:
    """A CSV header as a field name: `First name` -> given, `Organization` -> organisation."""
    name = "_".join(header.strip().lower().replace("-", " ").split())
    return COLUMN_ALIASES.get(name, name)


def _delimiter(text: str) -> str:
    """Comma, semicolon (spreadsheets in many European locales) or tab: the one the
    header line uses most."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


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


def _check_references(parts: _Parts, locations: dict[Path_, Location]) -> list[Problem]:
    problems: list[Problem] = []

    def report(path: Path_, message: str) -> None:
        problems.append(Problem(_locate(path, locations), dotted(path), message))

    chosen: dict[str, Path_] = {}
    for path, person in parts.people:
        if person.id and person.id in chosen:
            report((*path, "id"), f"the id '{person.id}' is taken by {dotted(chosen[person.id])}")
        elif person.id:
            chosen[person.id] = path
    keys = {person.key for _, person in parts.people}
    info = parts.info
    if info and info.end_date and info.end_date < info.date:
        report(("event", "end_date"), f"{info.end_date} is before the event's date {info.date}")
    if info and info.start and info.end and info.end <= info.start and not info.end_date:
        report(("event", "end"), f"{info.end:%H:%M} is not after the start {info.start:%H:%M}")
    for i, item in parts.programme:
        for j, key in enumerate(item.people):
            if key not in keys:
                close = difflib.get_close_matches(key, sorted(keys), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                report(("programme", i, "people", j), f"no person has the id '{key}'{hint}")
        if item.start and item.end and item.end <= item.start:
            report(
                ("programme", i, "end"),
                f"{item.end:%H:%M} is not after the start {item.start:%H:%M}",
            )
        if info and item.date and not (info.date <= item.date <= (info.end_date or info.date)):
            report(("programme", i, "date"), f"{item.date} is not a day of the event")
    return problems


def _check_badge_layout(
    data: dict[str, Any], choices: tuple[str, ...], locations: dict[Path_, Location]
) -> list[Problem]:
    badges = data.get("badges")
    chosen = badges.get("layout") if isinstance(badges, dict) else None
    if not isinstance(chosen, str) or chosen in choices:
        return []
    path: Path_ = ("badges", "layout")
    close = difflib.get_close_matches(chosen, choices, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return [
        Problem(
            _locate(path, locations),
            dotted(path),
            f"'{chosen}' is not a badge layout; choose from {', '.join(choices)}{hint}, "
            "or add layouts/badges/" + chosen + ".yaml",
        )
    ]


def _check_files(parts: _Parts, folder: Path, locations: dict[Path_, Location]) -> list[Problem]:
    problems: list[Problem] = []
    for i, organiser in parts.organisers:
        if organiser.logo is None:
            continue
        path: Path_ = ("organisers", i, "logo")
        message = None
        try:
            logo = confine.resolve_inside(folder, organiser.logo)
            if not organiser.logo.lower().endswith(IMAGE_SUFFIXES):
                raise images.ImageError("is not an SVG, PNG or JPEG file")
            images.check_image(logo)
        except confine.OutsideError as error:
            message = str(error)
        except images.ImageError as error:
            message = f"'{organiser.logo}' {error}"
        if message:
            problems.append(Problem(_locate(path, locations), dotted(path), message))
    return problems


def _locate(path: Path_, locations: dict[Path_, Location]) -> Location | None:
    """The location of path, or of its nearest ancestor that has one."""
    for end in range(len(path), -1, -1):
        if path[:end] in locations:
            return locations[path[:end]]
    return None


def _problem(error: Any, locations: dict[Path_, Location], label: str) -> Problem:
    path: Path_ = tuple(part for part in error["loc"] if isinstance(part, str | int))
    return Problem(
        _locate(path, locations) or Location(label, 1, 1), dotted(path), _message(error, path)
    )


_TYPE_NAMES = {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}


def _message(error: Any, path: Path_) -> str:
    """Say what pydantic found wrong in words an organiser uses."""
    kind, value, context = error["type"], error.get("input"), error.get("ctx") or {}
    found = _TYPE_NAMES.get(type(value), type(value).__name__)
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return _unknown_key(str(path[-1]), _fields_at(path[:-1]))
    if value is None:
        return "is empty; give a value or remove the key"
    if kind == "literal_error":
        return f"'{value}' is not one of {context.get('expected', '')}"
    if kind.startswith("date"):
        return f"'{value}' is not a date; write it as YYYY-MM-DD (2016-12-08)"
    if kind.startswith("time"):
        return f"'{value}' is not a time; write it as HH:MM, 24-hour (14:30)"
    if kind in ("int_parsing", "int_from_float"):
        return f"'{value}' is not a whole number"
    if kind == "bool_parsing":
        return f"'{value}' is not true or false"
    if kind == "string_too_long":
        return f"is {len(value):,} characters long; the limit is {context['max_length']:,}"
    if kind == "string_too_short":
        return "is empty"
    if kind == "too_short":
        least = context["min_length"]
        return f"needs at least {least} entr{'y' if least == 1 else 'ies'}"
    if kind == "too_long":
        return f"has more than {context['max_length']:,} entries"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = context.get("ge", context.get("le"))
        return f"{value} must be {'at least' if 'ge' in context else 'at most'} {bound}"
    if kind == "string_type":
        return f"expected text, found {found}"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list, found {found}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping of keys to values, found {found}"
    if kind == "value_error":
        return str(context.get("error", error["msg"]))
    return str(error["msg"])


def _unknown_key(key: str, known: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(key, sorted(known), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown key '{key}'{hint}"


def _fields_at(path: Path_) -> set[str]:
    """The keys the schema allows at path (a mapping inside Event)."""
    model: Any = Event
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        model = _model_in(field.annotation) if field else None
        if model is None:
            return set()
    return set(model.model_fields)


def _model_in(annotation: Any) -> type[pydantic.BaseModel] | None:
    """The pydantic model an annotation holds (through Optional, tuple and Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, tuple, typing.Annotated):
        for argument in typing.get_args(annotation):
            if found := _model_in(argument):
                return found
    return None
