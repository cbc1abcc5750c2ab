"""Who came: a check-in export read row by row, and each row that checked in matched to
the event's people.

The export is read as registration exports are (reading/attendees.py: the same bounds,
encodings, separators, column names and located problems, a cancelled registration
left out), with one more column: `Checked in`, which holds yes/no, true/false, 1/0 or
the time the person was let in (pretix writes the time; brochure's importer writes it
as ISO 8601). It is known by that name, by `Check-in` and `Checked in at`, and by its
name in each of brochure's catalogues (`Eingecheckt`, `Registrado`); brochure's own
checkin.csv is known by its columns in the language it was written in.

Who checked in is matched to the event file's people and attendees: by id (brochure's
checkin.csv and `brochure import pretix` write the badge's id), else by an e-mail
address only they have, else by a name only they have (an order code narrowing
several people of one name down: pretix's check-in list writes the order's code, the
registration export its tickets' ids, `ABC12-1`). Someone the event file does not
know is certified as the export names them (a walk-in), with an id of their own. An
export with ids or e-mail addresses but no names is matched by those alone, and who it
does not match is not certified (CheckIns.nameless).
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from brochure import catalogue
from brochure.catalogue import N_
from brochure.errors import Location, Problem
from brochure.model import CheckinFile, Event, EventInfo, Person, fold, make_id
from brochure.reading.attendees import IGNORE, ColumnSpec, read_attendees
from brochure.reading.messages import closest
from brochure.reading.moments import Moment, file_order, in_order, moment
from brochure.reading.yamlsource import Path_

#: The target of the column that says whether someone came.
CHECKED_IN = "checked_in"
#: The event file's place of the export, as problems name it.
SECTION = "certificates.attended"
#: The column's header, as the catalogues translate it (`Eingecheckt`).
CHECKED_IN_HEADER = N_("Checked in")
#: Other headers of the column, in English (compared as attendees.py compares them).
CHECKED_IN_NAMES = ("checked in", "check in", "checkin", "checked in at", "check in time")
#: brochure's checkin.csv columns (outputs/checkin/render.py), in each catalogue's words.
_CHECKIN_LIST = {N_("id"): "id", N_("name"): "name", N_("organisation"): "organisation"}
_CHECKIN_ROLE = N_("role")
#: Columns of pretix's check-in list that say nothing about who came (left out quietly).
PRETIX_CHECKIN_COLUMNS = (
    "product",
    "checked out",
    "automatically checked in",
    "paid",
    "secret",
    "blocked",
    "valid from",
    "valid until",
    "requires special attention",
    "start date",
    "end date",
)
#: What a `Checked in` cell says when the person came, or did not, folded (no case, no
#: accents), in the languages spreadsheets are typed in; a time also says they came.
YES = frozenset(
    {"yes", "y", "true", "t", "1", "x", "✓", "✔", "ja", "j", "si", "sim", "oui", "tak"}
    | {"da", "ano", "igen", "kylla", "evet", "sì", "是", "はい", "예", "نعم", "כן", "present"}
)
NO = frozenset(
    {"no", "n", "false", "f", "0", "-", "nein", "non", "nao", "nie", "ne", "nee", "nej"}
    | {"ei", "hayir", "否", "いいえ", "아니요", "لا", "לא", "absent"}
)
#: Distinct values that say neither reported before the rest are only counted.
MAX_VALUES_REPORTED = 10
#: The event's days, as check-in dates are compared with them: its first and last day,
#: and its time zone (None: not given).
Days = tuple[dt.date, dt.date, str | None]

Locate = Callable[[Path_], Location | None]
"""Where a part of the event file is (None: not written there)."""


@dataclass(frozen=True)
class CheckIns:
    """What a check-in export says: who came, matched to the event's people, and what
    is wrong in it."""

    attended: tuple[Person, ...]
    """Everyone who checked in, once each, in the export's order: the event file's entry
    when it has one, else the person as the export writes them, with an id of their own."""
    absent: int
    """Rows of people who did not check in."""
    unknown: int
    """People who checked in that the event file does not list (certified by the
    export's name)."""
    problems: tuple[Problem, ...]
    lines: tuple[int, ...] = ()
    """The export's line of each row that checked in, in the export's order: the line
    of each of `attended` when read without an event (none matched)."""
    nameless: bool = False
    """Whether the export has no column for names, only ids or e-mail addresses: its
    rows are matched by those alone, and a row that matches nobody is not certified
    (its name would be an id or an address)."""


def read_checkins(
    path: Path,
    label: str,
    spec: CheckinFile,
    event: Event | None,
    locate: Locate,
    days: Days | None = None,
) -> CheckIns:
    """Who checked in, by the export at path (label: how messages name it), matched to
    the event's people (none matched without an event). locate finds a part of the
    event file (`certificates.attended.columns.X`) for problems about it. A check-in
    dated on no day of the event (days; the event's own when not given) is no
    attendance: a warning names its lines, and those rows are not among who came.

    Raises InputError when the file cannot be read as a CSV at all."""
    if days is None and event is not None:
        days = days_of(event.event)
    columns: dict[str, str | None] = {
        key: ("checked in" if value == CHECKED_IN else value) for key, value in spec.columns.items()
    }
    found = read_attendees(
        path,
        label,
        ColumnSpec(
            columns,
            known=known_headers(),
            helpers=frozenset({"checked in"}),
            section=SECTION,
            gives="certificate",
            known_by=frozenset({"id", "email"}),
        ),
        lambda at: locate(("certificates", "attended", *at[1:])),
    )
    problems = list(found.problems)
    came: list[Person] = []
    came_lines: list[int] = []
    wrong: dict[str, tuple[str | None, list[int]]] = {}
    outside: dict[str, tuple[Moment, list[int]]] = {}
    absent = 0
    column = found.places.columns.get("checked in")
    if column is None and not any(not p.warning for p in problems):
        problems.append(
            Problem(
                Location(label, 1, 1),
                SECTION,
                "no column says who checked in: brochure looks for `Checked in` (yes/no, "
                "true/false, 1/0 or the time); name yours under `certificates.attended:` "
                "in the event file (`columns: {Anwesend: checked_in}`)",
            )
        )
    readings: list[bool | Moment | NotACheckIn] = []
    for index in range(len(found.people)):
        value = found.helpers[index].get("checked in", "") if found.helpers else ""
        try:
            readings.append(reading_of(value))
        except NotACheckIn as error:
            readings.append(error)
    # One order for the file's dates with slashes, by the cells only one order reads:
    # 03/04/2025 is 3 April in a file whose 25/12/2024 proves it day first.
    order = file_order([said for said in readings if isinstance(said, Moment)])
    for index, person in enumerate(found.people):
        value = found.helpers[index].get("checked in", "") if found.helpers else ""
        line = found.places.lines[index]
        said = readings[index]
        if isinstance(said, NotACheckIn):
            wrong.setdefault(value, (said.why, []))[1].append(line)
            continue
        if isinstance(said, Moment):
            said = in_order(said, order)
        if said is False:
            absent += 1
        elif isinstance(said, Moment) and days is not None and not said.within(*days):
            outside.setdefault(value, (said, []))[1].append(line)
        else:
            came.append(person)
            came_lines.append(line)
    problems += _outside(outside, days, label, column)
    for count, (value, (why, lines)) in enumerate(wrong.items()):
        if count == MAX_VALUES_REPORTED:
            problems.append(
                Problem(
                    Location(label, lines[0], column or 1),
                    SECTION,
                    f"and {len(wrong) - count} more values that say neither yes nor no",
                )
            )
            break
        wrong_how = why or "does not say whether the person checked in"
        problems.append(
            Problem(
                Location(label, lines[0], column or 1),
                SECTION,
                f"'{value}' ({_lines(lines)}) {wrong_how}; write yes or no, true or false, 1 or 0, "
                "or the time they came (9:14, 2026-06-10 09:14)",
            )
        )
    nameless = not {"name", "given", "family"} & set(found.places.columns)
    if event is None:
        return CheckIns(tuple(came), absent, 0, tuple(problems), tuple(came_lines), nameless)
    attended, unknown = matched(came, event, nameless)
    if nameless:
        problems += unmatched(unknown, tuple(came_lines), label)
    unknown = () if nameless else unknown
    return CheckIns(attended, absent, len(unknown), tuple(problems), tuple(came_lines), nameless)


def unmatched(
    unknown: tuple[tuple[int, Person], ...], lines: tuple[int, ...], label: str
) -> list[Problem]:
    """One warning for the rows of an export without names (CheckIns.nameless) that
    checked in and match nobody by id or e-mail: not certified, as certifying them
    would print an id or an address for a name. unknown: as matched gives them; lines:
    the export's line of each row that checked in."""
    if not unknown:
        return []
    at = [lines[index] for index, _ in unknown if index < len(lines)]
    return [
        Problem(
            Location(label, at[0] if at else 1, 1),
            SECTION,
            f"{len(unknown)} {'row' if len(unknown) == 1 else 'rows'} that checked in "
            f"({_lines(at)}) {'matches' if len(unknown) == 1 else 'match'} nobody in the event "
            "file by id or e-mail, and the export has no column for names: no certificate "
            f"for {'it' if len(unknown) == 1 else 'them'}; add a Name column to certify "
            "walk-ins",
            warning=True,
        )
    ]


#: How close an export's id or name must be to one of the event file's (difflib's ratio)
#: to be suggested as what it meant.
CLOSE = 0.75
#: The most rows matching nobody that are compared with everyone not matched, for a
#: misspelling: each comparison is difflib's, and 8,000 such rows (an export writing names
#: family name first, or many walk-ins) against as many people took minutes. The rest are
#: counted in one warning.
MOST_COMPARED = 100


def misspelt(
    found: CheckIns, unknown: tuple[tuple[int, Person], ...], event: Event, label: str
) -> list[Problem]:
    """A warning for each row that checked in and matches nobody, whose id (else name)
    is close to that of someone of the event file who has no row that came: a typo
    (`a1b2c-9` for `a1b2c-1`) certifies the misspelling and leaves the person without a
    certificate. found: the export read without an event (its rows that came); unknown:
    as matched gives them."""
    came, lines = found.attended, found.lines
    attended, _ = matched(list(came), event, found.nameless)
    certified = {person.key for person in attended}
    left = [person for person in event.everyone if person.key not in certified]
    by_id = {person.key: person for person in left}
    by_name = {_same(form): person for person in left for form in person.names}
    ids, names = list(by_id), list(by_name)
    problems = []
    for index, _ in unknown[:MOST_COMPARED]:
        row = came[index]
        close = closest(row.id, ids, CLOSE) if row.id else None
        meant = by_id[close] if close else None
        if meant is None:
            close = closest(_same(row.name), names, CLOSE)
            meant = by_name[close] if close else None
        if meant is None:
            continue
        what = f"'{row.id}' ({row.name})" if row.id else f"'{row.name}'"
        problems.append(
            Problem(
                Location(label, lines[index] if index < len(lines) else 1, 1),
                SECTION,
                f"{what} checked in and is nobody in the event file: did you mean "
                f"{meant.key} ({meant.name})? As written, {meant.key} gets no certificate"
                f"{' and the row none' if found.nameless else ', the row one of its own'}: "
                "correct the row",
                warning=True,
            )
        )
    rest = [index for index, _ in unknown[MOST_COMPARED:]]
    if rest:
        numbers = [lines[index] if index < len(lines) else 1 for index in rest]
        problems.append(
            Problem(
                Location(label, numbers[0], 1),
                SECTION,
                f"{len(unknown)} rows checked in and are nobody in the event file; the "
                f"first {MOST_COMPARED} were compared with the people who have no row, for a "
                f"misspelling, not the other {len(rest)} ({_lines(numbers)}): if these are "
                "not walk-ins, see whether the export writes the names as the event file "
                "does (given name first) or carries the badges' ids",
                warning=True,
            )
        )
    return problems


def days_of(info: EventInfo) -> Days:
    """The event's days, as check-in dates are compared with them."""
    return (info.date, info.last_day, info.timezone)


def _lines(lines: list[int]) -> str:
    """line 3, or lines 3, 4 and 2 more."""
    shown = ", ".join(str(line) for line in lines[:5])
    more = f" and {len(lines) - 5} more" if len(lines) > 5 else ""
    return f"line{'s' if len(lines) > 1 else ''} {shown}{more}"


def _outside(
    outside: dict[str, tuple[Moment, list[int]]], days: Days | None, label: str, column: int | None
) -> list[Problem]:
    """A warning for each check-in dated on no day of the event (nor the day before):
    no certificate of attendance for those rows."""
    if not outside or days is None:
        return []
    first, last, _ = days
    span = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
    problems = []
    for count, (value, (said, lines)) in enumerate(outside.items()):
        if count == MAX_VALUES_REPORTED:
            rest = sum(len(lines) for _, lines in list(outside.values())[count:])
            problems.append(
                Problem(
                    Location(label, lines[0], column or 1),
                    SECTION,
                    f"and {rest} more check-ins dated on no day of the event: no certificate "
                    "of attendance for them",
                    warning=True,
                )
            )
            break
        dated = " or ".join(day.isoformat() for day in said.days)
        them = "it" if len(lines) == 1 else "them"
        problems.append(
            Problem(
                Location(label, lines[0], column or 1),
                SECTION,
                f"'{value}' ({_lines(lines)}) is dated {dated}, no day of the event ({span}) "
                f"nor the day before: no certificate of attendance for {them} (a check-in "
                "of another event, or a typo?)",
                warning=True,
            )
        )
    return problems


class NotACheckIn(ValueError):
    """A `Checked in` cell that says neither yes nor no nor when; why: what is wrong in
    a date or time (None when it is none at all)."""

    def __init__(self, why: str | None) -> None:
        super().__init__(why or "says neither yes nor no")
        self.why = why


def reading_of(value: str) -> bool | Moment:
    """What a `Checked in` cell says: False for no, false, 0 or nothing; True for yes,
    true or 1; when the person came for a date or a time (reading/moments.py). Raises
    NotACheckIn for anything else, and for a date or time that does not exist."""
    folded = " ".join(fold(value).split())
    if folded in NO or not folded:
        return False
    if folded in YES:
        return True
    try:
        found = moment(" ".join(value.lower().split()))
    except ValueError as error:
        raise NotACheckIn(str(error)) from None
    if found is None:
        raise NotACheckIn(None)
    return found


def checked_in(value: str) -> bool | None:
    """Whether a `Checked in` cell says the person came: True for yes, true, 1 or a date
    or time that exists, False for no, false, 0 or nothing, None for anything else."""
    try:
        return reading_of(value) is not False
    except NotACheckIn:
        return None


@functools.cache
def known_headers() -> dict[str, str]:
    """The check-in export's headers brochure knows besides a registration export's:
    `Checked in` in English and in each catalogue's words, brochure's own checkin.csv's
    columns in each catalogue's words, and pretix's check-in list's columns that need
    no reading."""
    known: dict[str, str] = dict.fromkeys(PRETIX_CHECKIN_COLUMNS, IGNORE)
    for message, target in (*_CHECKIN_LIST.items(), (_CHECKIN_ROLE, IGNORE)):
        for word in catalogue.translated(message).values():
            known.setdefault(word, target)
    known[_CHECKIN_ROLE] = IGNORE
    for word in (*CHECKED_IN_NAMES, *catalogue.translated(CHECKED_IN_HEADER).values()):
        known[word] = "checked in"
    return known


def matched(
    came: list[Person], event: Event, nameless: bool = False
) -> tuple[tuple[Person, ...], tuple[tuple[int, Person], ...]]:
    """Each person who came as the event knows them (matched: see the module), once; and
    those the event file does not list, each with their place in came and as certified
    (with an id of their own), in the order they came. nameless (CheckIns.nameless):
    came are matched by id and e-mail alone, and those the event file does not list
    are not among who came (they are still returned as not listed)."""
    emails = collections.Counter(_same(p.email) for p in came if p.email)
    theirs: dict[str, list[Person]] = {}
    by_name: dict[str, list[Person]] = {}
    for person in event.everyone:
        if person.email:
            theirs.setdefault(_same(person.email), []).append(person)
        for form in person.names:
            named = by_name.setdefault(_same(form), [])
            if person not in named:
                named.append(person)
    keys = {person.key for person in event.everyone}
    found: dict[str, Person] = {}
    unknown: list[tuple[int, Person]] = []
    for index, person in enumerate(came):
        known = _known(person, event, emails, theirs, {} if nameless else by_name)
        if known is None:
            known = person.model_copy(update={"id": _free(person, keys)})
            unknown.append((index, known))
            if nameless:
                continue
        keys.add(known.key)
        found.setdefault(known.key, known)
    return tuple(found.values()), tuple(unknown)


def _known(
    person: Person,
    event: Event,
    emails: collections.Counter[str],
    theirs: dict[str, list[Person]],
    by_name: dict[str, list[Person]],
) -> Person | None:
    if person.id:
        try:
            return event.person(person.id)
        except KeyError:
            pass
    if person.email and emails[_same(person.email)] == 1:
        owners = theirs.get(_same(person.email), [])
        if len(owners) == 1:
            return owners[0]
    named = by_name.get(_same(person.name), [])
    if len(named) > 1 and person.id:
        # pretix's check-in list gives the order's code; the registrations, its tickets'.
        prefix = f"{person.id}-"
        named = [p for p in named if p.key == person.id or p.key.startswith(prefix)]
    return named[0] if len(named) == 1 else None


def _free(person: Person, taken: set[str]) -> str:
    """An id for someone the event file does not list: the export's, or one made from
    their name, numbered when taken."""
    stem = person.id or make_id(person.name) or "person"
    candidate, number = stem, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem}-{number}"
    return candidate


def _same(text: str) -> str:
    """Text as compared to find one person twice: NFC, folded, single spaces."""
    return " ".join(fold(unicodedata.normalize("NFC", text)).split())
