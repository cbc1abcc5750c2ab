"""Load `event.yaml` (and the attendee CSV it names) into one validated Event.

Every problem is collected and raised together as an InputError, each located at
`file:line:column` with the field path, so an organiser fixes them all in one pass.
The loader knows the event and nothing else: checks that belong to an output (a badge
layout, the fonts) are handed to it and run on the same pieces.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import datetime as dt
import logging
import typing
import unicodedata
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

import pydantic

from brochure.errors import InputError, Location, Problem
from brochure.model import (
    PACK,
    AttendeeFile,
    Event,
    EventInfo,
    PackLanguage,
    Person,
    fold,
    language_key,
    language_tag,
    make_id,
    name_forms,
)
from brochure.reading import clocks, confine, images, mistakes
from brochure.reading.attendees import ColumnSpec, RowPlaces, read_attendees
from brochure.reading.messages import located_key, meaningful, message
from brochure.reading.parts import Check, Parts, Source
from brochure.reading.parts import listed as _listed
from brochure.reading.references import Directory
from brochure.reading.textfile import read_text
from brochure.reading.walkins import read_walk_ins, with_walk_ins
from brochure.reading.yamlsource import Path_, dotted, parse

#: Unknown ids that get a "did you mean"; the rest are listed plainly.
MAX_HINTS = 200
#: Largest event file read, in bytes.
MAX_SOURCE_BYTES = 2 * 1024 * 1024

log = logging.getLogger(__name__)


def read_source(path: Path, text: str | None = None) -> Source:
    """Read and parse the event file at path, and the attendee CSV it names; text: the
    file's text, when it is not yet written (`import` checks what it will write).

    Raises InputError when nothing can be read: no file, not text, not YAML, not a mapping.
    """
    label = str(path)
    parsed = parse(read_text(path, label, MAX_SOURCE_BYTES) if text is None else text, label)
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
    places = None
    exported: list[Person] | None = None
    if isinstance(data.get("attendees"), str | dict):
        exported, places, found_problems = _read_export(path, data["attendees"], locations)
        problems += found_problems
        if places is None:
            exported, data = None, {k: v for k, v in data.items() if k != "attendees"}
    # The people registered at the door come after the export's (reading/walkins.py).
    if (walk_ins := read_walk_ins(path)) is not None:
        problems += walk_ins.problems
        data, exported, places = with_walk_ins(data, locations, exported, places, walk_ins)
    names: tuple[tuple[int, str], ...] = ()
    if exported is not None and places is not None:
        people, places, merged, names = _merge_with_people(exported, places, data, locations)
        problems += merged
        data = {**data, "attendees": people}
    return Source(path, data, locations, tuple(problems), places, names)


def _read_export(
    path: Path, value: str | dict[str, Any], locations: dict[Path_, Location]
) -> tuple[list[Person], RowPlaces | None, list[Problem]]:
    """The people of the export `attendees:` names, where each came from, and the
    problems (places None when nothing could be read)."""

    def locate(at: Path_) -> Location | None:
        for end in range(len(at), 0, -1):
            if at[:end] in locations:
                return locations[at[:end]]
        return None

    try:
        spec = AttendeeFile.model_validate({"file": value} if isinstance(value, str) else value)
    except pydantic.ValidationError as error:
        problems = []
        for found in meaningful(error.errors()):
            where: Path_ = (
                "attendees",
                *(part for part in found["loc"] if isinstance(part, str | int)),
            )
            text = message(found, where[1:], root=AttendeeFile)
            problems.append(Problem(locate(where), dotted(where), text))
        return [], None, problems
    try:
        csv_path = confine.resolve_inside(path.parent, spec.file)
    except confine.OutsideError as error:
        file_at = ("attendees", "file") if isinstance(value, dict) else ("attendees",)
        return [], None, [Problem(locate(file_at), "attendees", str(error))]
    try:
        export = read_attendees(
            csv_path,
            str(path.parent / spec.file),
            ColumnSpec(spec.columns, spec.roles),
            locate,
        )
    except InputError as error:  # not a readable CSV: report it with the rest
        return [], None, list(error.problems)
    people, places, twice = _registered_once(export.people, export.places)
    return people, places, [*export.problems, *twice]


def _registered_once(
    attendees: list[Person], places: RowPlaces
) -> tuple[list[Person], RowPlaces, list[Problem]]:
    """One badge for a person registered twice: rows with the same name and the same
    e-mail address (compared as _merge_with_people compares them: case, accents and
    spacing aside) are one person whatever their order ids, the first row kept, with
    one warning for each such person that gives every row's line and id. Rows without
    an address are left alone: a name alone may be two people, as an address alone may
    be a buyer's."""
    first: dict[tuple[str, str], int] = {}
    again: dict[int, list[int]] = {}
    for index, person in enumerate(attendees):
        if not person.email:
            continue
        key = (_same_name(person.name), _same(person.email))
        if key in first:
            again.setdefault(first[key], []).append(index)
        else:
            first[key] = index
    if not again:
        return attendees, places, []
    problems = []
    for kept, later in again.items():
        person = attendees[kept]
        rows = [kept, *later]
        lines = [places.lines[i] for i in rows]
        listed = ", ".join(str(line) for line in lines[:-1]) + f" and {lines[-1]}"
        ids = [attendees[i].id for i in rows]
        given = f" (ids {', '.join(str(i) for i in ids)})" if all(ids) else ""
        problems.append(
            Problem(
                places.locate(("attendees", later[0])),
                dotted(("attendees", places.row(later[0]))),
                f"{person.name} is registered {'twice' if len(rows) == 2 else f'{len(rows)} times'}"
                f" with one e-mail address, on lines {listed}{given}: one person, one badge, "
                f"line {lines[0]}'s" + (f" ({ids[0]})" if ids[0] else ""),
                warning=True,
            )
        )
    dropped = {i for later in again.values() for i in later}
    kept_rows = [i for i in range(len(attendees)) if i not in dropped]
    return [attendees[i] for i in kept_rows], places.keeping(kept_rows), problems


def _merge_with_people(
    attendees: list[Person],
    places: RowPlaces,
    data: dict[str, Any],
    locations: dict[Path_, Location],
) -> tuple[list[Person], RowPlaces, list[Problem], tuple[tuple[int, str], ...]]:
    """Attendees of the export who are also in `people` left out: one person, one badge,
    the event file's entry kept, with its role and spelling (the export's spelling is
    handed back, by index in `people`, for the door to find them by).

    A registration is matched by its e-mail address (quietly: a speaker who registered),
    else by the name, folded (case, accents and spacing aside), in any language's form an
    entry writes it in (`{ar: سلمى الخطيب, en: Salma Al-Khatib}`), whatever organisation
    each gives ("ACME Corp" and "Acme Corporation"), with a warning that says which
    entry was kept, since two people may share a name; two different addresses are two
    people. An address that several rows share is a buyer's, not a person's: it matches
    nobody.
    """
    listed = [entry for entry in _listed(data.get("people")) if isinstance(entry, dict)]
    if not listed or not attendees:
        return attendees, places, [], ()
    by_email: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for index, entry in enumerate(_listed(data.get("people"))):
        if not isinstance(entry, dict):
            continue
        if isinstance(entry.get("email"), str):
            by_email.setdefault(_same(entry["email"]), index)
        for name in name_forms(entry):
            by_name.setdefault(_same_name(name), index)
    emails = collections.Counter(_same(p.email) for p in attendees if p.email)
    kept: list[int] = []
    problems: list[Problem] = []
    names: list[tuple[int, str]] = []
    for index, person in enumerate(attendees):
        email = _same(person.email) if person.email else ""
        match = by_email.get(email) if email and emails[email] == 1 else None
        by_address = match is not None
        if match is None:
            match = by_name.get(_same_name(person.name))
            entry = _listed(data.get("people"))[match] if match is not None else {}
            theirs = entry.get("email") if isinstance(entry.get("email"), str) else None
            if match is not None and email and theirs and _same(theirs) != email:
                match = None  # the same name, two addresses: two people
        if match is None:
            kept.append(index)
            continue
        entry = _listed(data.get("people"))[match]
        names.append((match, person.name))
        where = locations.get(("people", match))
        line = f" (line {where.line})" if where else ""
        role = _listed_role(data, match)
        said = (
            f"{person.name} is also people[{match}] in the event file{line}: one badge, "
            f"the event file's entry, as {role}"
        )
        if by_address:
            # One address, one person: a speaker who also registered, as expected.
            log.debug("note: %s: %s", places.locate(("attendees", index)), said)
            continue
        organisation = entry.get("organisation")
        forms = list(organisation.values()) if isinstance(organisation, dict) else [organisation]
        forms = [form for form in forms if isinstance(form, str)]
        ours = person.organisation or ""
        differs = _same(ours) not in {_same(form) for form in forms}
        theirs = next((form for form in forms if _same(form) == _same(ours)), None) or (
            forms[0] if forms else ""
        )
        how = (
            " (found by the same name; the export gives "
            + (f"'{ours}'" if ours else "no organisation")
            + ", the event file "
            + (f"'{theirs}'" if theirs else "gives no organisation")
            + ")"
            if differs
            else " (found by the same name and organisation)"
        )
        # The same name may be two people: worth a look.
        problems.append(
            Problem(
                places.locate(("attendees", index)),
                dotted(("attendees", places.row(index))),
                said + how,
                warning=True,
            )
        )
    if len(kept) == len(attendees):
        return attendees, places, [], ()
    return [attendees[i] for i in kept], places.keeping(kept), problems, tuple(names)


def _same_name(name: str) -> str:
    """A name as compared to find one person twice: folded (no case, no accents: José
    Núñez is Jose Nunez), single spaces."""
    return " ".join(fold(unicodedata.normalize("NFC", name)).split())


def _listed_role(data: dict[str, Any], index: int) -> str:
    """The role people[index] has in the event file, as written (attendee by default)."""
    entry = _listed(data.get("people"))[index]
    role = entry.get("role") if isinstance(entry, dict) else None
    return role.strip().lower() if isinstance(role, str) else "attendee"


def _same(text: str) -> str:
    """Text as compared to find one person twice: NFC, no case, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def pack_languages(data: dict[str, Any]) -> tuple[str, ...]:
    """The languages the event is printed in, a pack each, as its file gives them:
    `event.languages` (each valid tag once, in order), else `event.language`, else
    English. Wrong tags are the loader's to report."""
    info = data.get("event")
    if not isinstance(info, dict):
        return ("en",)
    given = info.get("languages")
    found: list[str] = []
    for tag in [given] if isinstance(given, str) else _listed(given):
        with contextlib.suppress(ValueError, AttributeError):
            tag = language_tag(tag.strip())
            if tag.lower() not in (known.lower() for known in found):
                found.append(tag)
    if found:
        return tuple(found)
    tag = info.get("language")
    if isinstance(tag, str):
        with contextlib.suppress(ValueError):
            return (language_tag(tag.strip()),)
    return ("en",)


def validate(
    source: Source,
    checks: Sequence[Check] = (),
    language: str | None = None,
    ids_from: Event | None = None,
) -> tuple[Event | None, list[Problem]]:
    """The event (None when invalid) and every problem: reading, schema, ids, references,
    files, then each of checks.

    Text written by language is read in language (default: the event's first), falling
    back to the event's other languages, in order, with a warning for each text missing;
    the event is then in that language (`event.language`). ids_from, the event in its
    first language, gives everyone their id there, so programme items name the same
    people whatever language their names are written in.
    """
    problems: list[Problem] = list(source.problems)
    languages = pack_languages(source.data)
    language = language or languages[0]
    pack = PackLanguage(language, tuple(tag for tag in languages if tag != language))
    # Attendees read from an export are people already (validated row by row); they are
    # given their ids in their own list, one at a time, so a large export is never held
    # twice (see _with_ids).
    exported: list[Person] | None = source.data["attendees"] if source.attendee_places else None
    # The schema's problems; those of programme items' references to people that are
    # no id (a name written instead) get a suggestion once everyone is known.
    schema_problems: list[Problem] = []
    not_ids: dict[int, str] = {}
    try:
        event: Event | None = Event.model_validate(
            {**source.data, "attendees": ()} if exported is not None else source.data,
            context={PACK: pack},
        )
    except pydantic.ValidationError as error:
        event = None
        # A value the reader already refused (a tag, a duplicate) is not reported twice.
        refused = [p.field for p in problems]
        for e in meaningful(error.errors()):
            problem = _problem(e, source)
            if any(_within(problem.field, field) for field in refused):
                continue
            if _is_reference(e["loc"]) and e["type"] == "value_error":
                not_ids[len(schema_problems)] = str(e["input"])
            schema_problems.append(problem)
    if event and source.exported_names:
        people = list(event.people)
        for index, name in source.exported_names:
            if index < len(people):
                people[index] = people[index].also_named(name)
        event = event.model_copy(update={"people": tuple(people)})
    if event:
        event = _same_ids(event, ids_from) if ids_from else _with_ids(event, exported)
        if event.event.language != language:
            event = event.model_copy(
                update={"event": event.event.model_copy(update={"language": language})}
            )
    problems += _untranslated(source, pack)
    problems += _check_languages(source)
    parts = Parts.of(source, event) if event else Parts.salvage(source)
    problems += _suggesting_ids(schema_problems, not_ids, parts)
    problems += _check_references(parts)
    problems += clocks.check(parts)
    problems += _check_files(parts)
    if ids_from is None:
        # Clashes and unknown countries are the same in every language: said once, by
        # the first pack, not again in each pack's titles.
        problems += mistakes.check(parts)
        mistakes.note_filing_guesses(parts)
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


def _with_ids(event: Event, exported: list[Person] | None = None) -> Event:
    """Give everyone without an id one made from their name, unique in the event; the
    attendees are event's, or those of exported, whose people are replaced in place.

    People in the event file are numbered in its order (maria-garcia, maria-garcia-2), as
    programme items name them. Attendees of an export who share a name all get their
    organisation added (maria-garcia-acme), then a number in the order of their details,
    never of their rows: a re-sorted export keeps every id, so a QR code printed with
    one still finds its person. An attendee whose id is free keeps none, and is known by
    the one their name makes (Person.key), which saves a copy per row.
    """
    attendees = list(event.attendees) if exported is None else exported
    # The event file's people get their ids first, as if no export were there: an id in
    # the export never takes the one the programme names a speaker by (two people with
    # one id are then reported, at the export's row).
    taken = {p.id for p in event.people if p.id}
    counts: dict[str, int] = {}

    def fill(person: Person, index: int) -> Person:
        if person.id:
            return person
        base = make_id(person.name) or f"person-{index + 1}"
        return person.model_copy(update={"id": _first_free(base, taken, counts)})

    people = tuple(fill(p, i) for i, p in enumerate(event.people))
    taken |= {p.id for p in attendees if p.id}
    sharing: dict[str, list[int]] = {}
    for index, person in enumerate(attendees):
        if not person.id:
            sharing.setdefault(make_id(person.name) or "person", []).append(index)
    crowded = []
    for base, members in sharing.items():
        if len(members) == 1 and base not in taken and base == attendees[members[0]].key:
            taken.add(base)
        else:
            crowded.append((base, members))
    numbered: dict[str, int] = {}
    for base, members in crowded:
        members.sort(key=lambda i: _details(attendees[i]))
        for index in members:
            person = attendees[index]
            stem = f"{base}-{make_id(person.organisation)}" if person.organisation else base
            candidate = _first_free(stem, taken, numbered)
            attendees[index] = person.model_copy(update={"id": candidate})
    return event.model_copy(update={"people": people, "attendees": tuple(attendees)})


def _first_free(stem: str, taken: set[str], counts: dict[str, int]) -> str:
    """stem, or stem-2, stem-3...: the first id nobody has (counts remembers where each
    stem's numbering stands); taken then holds it."""
    candidate, n = stem, counts.get(stem, 1)
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}"
    counts[stem] = n
    taken.add(candidate)
    return candidate


def _check_languages(source: Source) -> list[Problem]:
    """`languages` alone, each language once: with `language` beside it, which would be
    the main one is unclear."""
    info = source.data.get("event")
    if not isinstance(info, dict) or "languages" not in info:
        return []
    problems = []
    if "language" in info:
        problems.append(
            source.problem(
                ("event", "language"),
                "give language (one pack) or languages (a pack each, the first the main "
                "one), not both",
            )
        )
    seen: set[str] = set()
    for index, tag in enumerate(_listed(info["languages"])):
        if not isinstance(tag, str):
            continue
        key = tag.strip().lower().replace("_", "-")
        if key in seen:
            problems.append(
                source.problem(("event", "languages", index), f"'{tag.strip()}' is given twice")
            )
        seen.add(key)
    return problems


def _same_ids(event: Event, first: Event) -> Event:
    """event with everyone's id as in first (the same file read in its first language),
    person by person: names written by language would otherwise make other ids."""
    people = tuple(
        person.model_copy(update={"id": known.key})
        for person, known in zip(event.people, first.people, strict=True)
    )
    # An export's attendees are not written by language: the first reading's, as they are.
    attendees = first.attendees
    if event.attendees:
        attendees = tuple(
            person.model_copy(update={"id": known.key})
            for person, known in zip(event.attendees, first.attendees, strict=True)
        )
    return event.model_copy(update={"people": people, "attendees": attendees})


def _untranslated(source: Source, pack: PackLanguage) -> list[Problem]:
    """A warning at each text written by language that lacks the pack's language, naming
    every language of the event it lacks and what each of their packs prints instead
    (the same words whichever pack finds it first, so each text is warned about once)."""
    if not pack.missing:
        return []
    languages = pack_languages(source.data)
    return [
        source.problem(path, _not_written(value, languages), warning=True)
        for path, value in _mappings(source.data, ())
        if id(value) in pack.missing
    ]


def _not_written(value: dict[str, Any], languages: tuple[str, ...]) -> str:
    """ "not written in ar or fr: the ar and fr packs print it in en": the event's
    languages value lacks, and the key each one's pack prints instead (its fallbacks:
    the event's other languages, the first one first)."""
    instead: dict[str, list[str]] = {}
    for language in languages:
        if language_key(value, language) is not None:
            continue
        others = (tag for tag in languages if tag != language)
        key = next((k for tag in others if (k := language_key(value, tag)) is not None), None)
        instead.setdefault(key or next(iter(value)), []).append(language)
    lacking = [language for group in instead.values() for language in group]
    said = "; ".join(
        f"the {_listed_words(group)} {'pack prints' if len(group) == 1 else 'packs print'} "
        f"it in {key}"
        for key, group in instead.items()
    )
    return f"not written in {_listed_words(lacking, 'or')}: {said}"


def _listed_words(words: list[str], last: str = "and") -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


def _mappings(value: Any, path: Path_) -> typing.Iterator[tuple[Path_, dict[str, Any]]]:
    """Every mapping in the file's data, with its path (an export's people are not)."""
    if isinstance(value, dict):
        yield path, value
        for key, item in value.items():
            if isinstance(item, dict | list):
                yield from _mappings(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict | list):
                yield from _mappings(item, (*path, index))


def _details(person: Person) -> tuple[str, ...]:
    """What tells two people of one name apart, in an order that ignores the export's."""
    return tuple(
        fold(value or "")
        for value in (person.organisation, person.email, person.position, person.country)
    )


def _is_reference(loc: tuple[Any, ...]) -> bool:
    """Whether a schema error's place is a programme item's reference to a person."""
    return len(loc) == 4 and loc[0] == "programme" and loc[2] in ("chairs", "people")


def _suggesting_ids(
    problems: list[Problem], not_ids: dict[int, str], parts: Parts
) -> list[Problem]:
    """problems, those at the indexes of not_ids (references that are no id: the text
    written) suggesting the id of the person they name (for the first MAX_HINTS)."""
    if not not_ids:
        return problems
    directory = Directory.of(parts.people)
    problems = list(problems)
    for index, written in list(not_ids.items())[:MAX_HINTS]:
        suggestion = directory.suggest(written)
        if suggestion:
            problems[index] = dataclasses.replace(
                problems[index], message=suggestion.message(written, f"'{written}' is not an id")
            )
    return problems


def _check_references(parts: Parts) -> list[Problem]:
    problems: list[Problem] = []

    def report(path: Path_, text: str) -> None:
        problems.append(parts.problem(path, text))

    keys: dict[str, Path_] = {}
    for path, person in parts.people:
        if person.id and person.id in keys:
            report(
                (*path, "id"),
                f"the id '{person.id}' is taken by {parts.source.field(keys[person.id])}",
            )
        else:
            keys.setdefault(person.key, path)
    folded: collections.Counter[str] | None = None  # made when a reference needs it
    directory: Directory | None = None  # likewise
    # People whose own entry is wrong are reported there, not again at every mention.
    unknowable = _keys_of_invalid(parts)
    hints = MAX_HINTS  # suggestions for the first unknown ids; past them, none (time)
    info = parts.info
    if info:
        problems += _check_dates(parts, info)
    for i, item in parts.programme:
        for section in ("chairs", "people"):
            for j, key in enumerate(getattr(item, section)):
                if key in keys or key in unknowable:
                    continue
                folded = folded or collections.Counter(fold(known) for known in keys)
                if folded[fold(key)] == 1:
                    continue
                directory = directory or Directory.of(parts.people)
                suggestion = directory.suggest(key) if hints > 0 else None
                hints -= 1
                unknown = f"no person has the id '{key}'"
                report(
                    ("programme", i, section, j),
                    suggestion.message(key, unknown) if suggestion else unknown,
                )
        if item.start and item.end and item.end == item.start:
            report(("programme", i, "end"), f"{item.end:%H:%M} is not after the start")
        if not info:
            continue
        day = item.date or info.date
        if item.date and not (info.date <= item.date <= info.last_day):
            report(("programme", i, "date"), f"{item.date} is not a day of the event")
        elif item.start and item.end and item.end < item.start and day >= info.last_day:
            report(
                ("programme", i, "end"),
                f"{item.end:%H:%M} is not after the start {item.start:%H:%M}, so it would "
                f"end the next day, {day + dt.timedelta(days=1)}, which is not a day of "
                "the event (an event that runs past midnight needs its end_date)",
            )
    return problems


def _check_dates(parts: Parts, info: EventInfo) -> list[Problem]:
    """The event's own dates and hours, and the hours of its days."""
    problems = []
    if info.end_date and info.end_date < info.date:
        problems.append(
            parts.problem(
                ("event", "end_date"), f"{info.end_date} is before the event's date {info.date}"
            )
        )
    if info.start and info.end and info.end <= info.start and info.last_day == info.date:
        problems.append(
            parts.problem(
                ("event", "end"),
                f"{info.end:%H:%M} is not after the start {info.start:%H:%M}; an event that "
                "ends after midnight needs end_date, the day it ends",
            )
        )
    seen: set[dt.date] = set()
    for i, hours in enumerate(info.days):
        if not info.date <= hours.date <= info.last_day:
            problems.append(
                parts.problem(
                    ("event", "days", i, "date"), f"{hours.date} is not a day of the event"
                )
            )
        elif hours.date in seen:
            problems.append(
                parts.problem(("event", "days", i, "date"), f"{hours.date} is given twice")
            )
        seen.add(hours.date)
        start, end = info.hours(hours.date)
        if start and end and end <= start and hours.date >= info.last_day:
            problems.append(
                parts.problem(
                    ("event", "days", i, "end"),
                    f"{end:%H:%M} is not after the start {start:%H:%M}, and the next day is "
                    "not a day of the event",
                )
            )
    return problems


def _keys_of_invalid(parts: Parts) -> set[str]:
    """The ids people whose entries did not validate would have had."""
    valid = {path for path, _ in parts.people if path[0] == "people"}
    keys = set()
    for i, entry in enumerate(_listed(parts.source.data.get("people"))):
        if ("people", i) in valid or not isinstance(entry, dict):
            continue
        for value in (entry.get("id"), entry.get("name"), entry.get("given"), entry.get("family")):
            if isinstance(value, str) and (key := make_id(value)):
                keys.add(key)
                keys.add(unicodedata.normalize("NFC", value.strip()).lower())
        names = [entry.get(k) for k in ("given", "family")]
        if all(isinstance(n, str) for n in names):
            keys.add(make_id(" ".join(typing.cast(list[str], names))))
    return keys


def _check_files(parts: Parts) -> list[Problem]:
    """Logos and the venue's map: inside the source folder, and images."""
    files: list[tuple[Path_, str]] = [
        (("organisers", i, "logo"), organiser.logo)
        for i, organiser in parts.organisers
        if organiser.logo
    ]
    if parts.info and parts.info.venue and parts.info.venue.map:
        files.append((("event", "venue", "map"), parts.info.venue.map))
    problems: list[Problem] = []
    folder = parts.source.folder
    for path, name in files:
        text = None
        try:
            image = confine.resolve_inside(folder, name)
            info = images.check_image(image, beside(folder, name))
        except confine.OutsideError as error:
            problems.append(parts.problem(path, str(error)))
        except images.ImageError as error:
            text = f"'{name}' {error}"
        else:
            problems += [
                parts.problem(path, f"'{name}' {warning}", warning=True)
                for warning in info.warnings
            ]
        if text:
            problems.append(parts.problem(path, text))
    return problems


def beside(folder: Path, name: str) -> images.Resolve:
    """Reads the files an SVG named `name` (a path relative to folder) refers to: beside
    it, inside folder. The resolver raises images.ImageError for a file outside folder or
    over the image limit, OSError for one that cannot be read."""
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
    if (key := located_key(error)) is not None:
        path = (*path, key)
    return Problem(
        source.locate(path) or Location(source.label, 1, 1),
        source.field(path),
        message(error, path, language=_event_language(source.data)),
    )


def _event_language(data: dict[str, Any]) -> str:
    """The event's (first) language as written, for a message's hint; '' when it is
    not one yet."""
    event = data.get("event")
    language = event.get("language") if isinstance(event, dict) else None
    return language if isinstance(language, str) else ""
