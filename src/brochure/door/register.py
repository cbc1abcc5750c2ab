"""A walk-in registered at the door: checked as an export's row is, given an id nobody
has, and appended to `walk-ins.csv` beside the event file, which every later build reads
(reading/walkins.py), so nothing typed at the door is lost.

The row is appended, never rewritten: the file is opened in the event's folder without
following a link (a link there is refused), locked (flock) against the other desks
appending at the same moment, read under the lock for the ids they gave and the people
they registered (the same walk-in typed at two desks at once is registered once), written
in one write at its end (in its own encoding, delimiter and line ends when a person has
edited it in a spreadsheet), and flushed to disk before the badge is made.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import errno
import fcntl
import io
import os
import stat
import time
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pydantic

from brochure.cells import as_written, neutral
from brochure.errors import BrochureError, InputError, Problem
from brochure.model import (
    Person,
    country_code,
    country_names,
    fold,
    make_id,
    unknown_country_hint,
)
from brochure.reading.attendees import COLUMN_ALIASES, FIELDS, MAX_CSV_BYTES
from brochure.reading.messages import message
from brochure.reading.walkins import COLUMNS, FILE

#: How long a desk waits for another desk's lock on walk-ins.csv, in seconds.
LOCK_SECONDS = 10.0


@dataclass(frozen=True)
class WalkIn:
    """A person typed in at the door, field by field, as the command line gives them
    (None where it says nothing)."""

    name: str | None = None
    given: str | None = None
    family: str | None = None
    organisation: str | None = None
    country: str | None = None
    role: str | None = None
    email: str | None = None

    def values(self) -> dict[str, str]:
        """The fields given, trimmed; the role in lower case, as exports give it."""
        found = {
            field: value.strip()
            for field in ("name", "given", "family", "organisation", "country", "role", "email")
            if (value := getattr(self, field)) is not None and value.strip()
        }
        if "role" in found:
            found["role"] = found["role"].lower()
        return found


class WalkInsError(BrochureError):
    """walk-ins.csv cannot be appended to (a link, not a file, locked too long, no name
    column): nothing was written."""


def checked(walk_in: WalkIn, everyone: Sequence[Person], language: str = "en") -> Person:
    """The walk-in as a person (without an id yet), checked as the loader checks an
    export's row; InputError naming the option (`--country: ...`) of each problem, and
    when the person is registered already (by e-mail address, or by name with no other
    address), naming them, so their own badge is printed instead. A country name CLDR
    does not know (in English or language) is refused here, where a build only warns:
    the badge is being printed now, and the person is there to ask; one it knows is
    kept as its ISO 3166 code (model.country_code), printed in each pack's language."""
    values = walk_in.values()
    if not {"name", "given", "family"} & set(values):
        raise InputError([Problem(None, "--name", "a walk-in needs a name")])
    try:
        person = Person.model_validate(values)
    except pydantic.ValidationError as error:
        problems = []
        for found in error.errors():
            field = str(found["loc"][0]) if found["loc"] else "name"
            path = ("attendees", 0, *found["loc"])
            problems.append(Problem(None, f"--{field}", message(found, path)))
        country = values.get("country")
        if country and "--country" not in {p.field for p in problems}:
            problems += [found for found in [_unknown_country(country, language)] if found]
        raise InputError(problems) from None
    if person.country and (problem := _unknown_country(person.country, language)):
        raise InputError([problem])
    if person.country and (code := country_code(person.country, language)):
        # Kept as its ISO 3166 code, as the event file writes one: each pack, and each
        # badge, prints it in its own language ("Syria" is Syrien on a German badge).
        person = person.model_copy(update={"country": code})
    if (known := _registered(person, everyone)) is not None:
        raise InputError([_already(person, known)])
    return person


def _already(person: Person, known: Person, meanwhile: bool = False) -> Problem:
    """The problem of a walk-in who is known already: whose badge to print instead."""
    how = "e-mail address" if person.email and known.email else "name"
    return Problem(
        None,
        "--email" if how == "e-mail address" else "--name",
        f"{known.name} is registered already, by that {how}, as "
        f"'{known.key}'{f' ({known.organisation})' if known.organisation else ''}"
        f"{' at another desk a moment ago' if meanwhile else ''}: "
        f"`brochure badge {known.key}` prints their badge"
        + ("" if person.email else "; someone else of that name: give their --email"),
    )


def _unknown_country(value: str, language: str) -> Problem | None:
    """The problem of a country written as a name CLDR does not know, with the nearest
    it knows (as reading/mistakes.py says it of the event file)."""
    if len(value) == 2 and value.isupper():
        return None  # a code: the model checked it
    names = country_names(language)
    if fold(value) in names:
        return None
    hint = unknown_country_hint(value, language, "; write its two-letter ISO 3166 code (PT)")
    return Problem(None, "--country", f"'{value}' is not a country name CLDR knows{hint}")


def _registered(person: Person, everyone: Sequence[Person]) -> Person | None:
    """Who person is already: the one with their e-mail address, else the one with their
    name (case, accents and spacing aside) whose address is not another."""
    if person.email:
        wanted = person.email.strip().casefold()
        for known in everyone:
            if known.email and known.email.strip().casefold() == wanted:
                return known
    name = " ".join(fold(unicodedata.normalize("NFC", person.name)).split())
    for known in everyone:
        if " ".join(fold(unicodedata.normalize("NFC", known.name)).split()) != name:
            continue
        if person.email and known.email and known.email.casefold() != person.email.casefold():
            continue
        return known
    return None


def register(person: Person, everyone: Sequence[Person], event_file: Path) -> Person:
    """person appended to walk-ins.csv beside event_file, with an id no one has (the
    event's, and those other desks wrote since it was read); the person as the next
    build reads them.

    Whether they are registered already is asked again of the file's rows under its lock,
    with the append: the same person typed at two desks at once is registered once, and
    the other desk is told whose badge to print (InputError). Raises WalkInsError when
    the file cannot be appended to."""
    taken = {fold(known.key) for known in everyone}
    folder = event_file.parent
    with _locked(folder) as (descriptor, created):
        existing = _read(descriptor)
        layout = _Layout.of(existing)
        if (known := _registered(person, layout.people)) is not None:
            raise InputError([_already(person, known, meanwhile=True)])
        taken |= {fold(key) for key in layout.ids}
        base = make_id(person.name) or "walk-in"
        key, n = base, 1
        while fold(key) in taken:
            n += 1
            key = f"{base}-{n}"
        registered = person.model_copy(update={"id": key})
        _append(descriptor, layout.text_of(registered, existing), folder)
        if created:
            with contextlib.suppress(OSError):
                _sync_folder(folder)
    return registered


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[tuple[int, bool]]:
    """walk-ins.csv in folder opened for appending (made when missing), never through a
    link, and locked; whether it was made now."""
    label = folder / FILE
    try:
        folder_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as error:
        raise WalkInsError(f"{folder}: cannot be opened ({error.strerror})") from None
    try:
        flags = os.O_RDWR | os.O_APPEND | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        created = False
        try:
            descriptor = os.open(FILE, flags, dir_fd=folder_fd)
        except FileNotFoundError:
            try:
                descriptor = os.open(FILE, flags | os.O_CREAT | os.O_EXCL, 0o644, dir_fd=folder_fd)
                created = True
            except FileExistsError:  # another desk made it meanwhile
                descriptor = os.open(FILE, flags, dir_fd=folder_fd)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise WalkInsError(
                    f"{label} is a link: walk-ins are appended only to a real file in the "
                    "event's folder; nothing was written"
                ) from None
            raise WalkInsError(f"{label}: cannot be opened ({error.strerror})") from None
    finally:
        os.close(folder_fd)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise WalkInsError(f"{label} is not a regular file; nothing was written")
        _lock(descriptor, label)
        yield descriptor, created
    finally:
        os.close(descriptor)  # and the lock with it


def _lock(descriptor: int, label: Path) -> None:
    deadline = time.monotonic() + LOCK_SECONDS
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise WalkInsError(
                    f"{label} is locked by another desk for more than {LOCK_SECONDS:g} s; "
                    "nothing was written: try again"
                ) from None
            time.sleep(0.05)


def _read(descriptor: int) -> bytes:
    size = os.fstat(descriptor).st_size
    if size > MAX_CSV_BYTES:
        raise WalkInsError(f"{FILE} is larger than an export may be; nothing was written")
    return os.pread(descriptor, size, 0)


def _append(descriptor: int, data: bytes, folder: Path) -> None:
    """data written at the file's end (O_APPEND) and flushed to disk."""
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]
    os.fsync(descriptor)


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


#: Byte-order marks and the encoding a row is appended in after each.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class _Layout:
    """How the file is written: its encoding, delimiter, line end and columns (each a
    field of `people`, or None), and the ids it holds."""

    encoding: str
    delimiter: str
    line_end: str
    columns: tuple[str | None, ...]
    ids: tuple[str, ...]
    open_line: bool = False
    """Its last line has no line end (saved so by a spreadsheet)."""
    people: tuple[Person, ...] = ()
    """The people its rows hold (rows that are no valid person left out: the loader
    reports them), to tell whether someone is registered already."""

    @classmethod
    def of(cls, raw: bytes) -> _Layout:
        """The layout of a file's content; of a new file (empty): brochure's own."""
        if not raw.strip():
            return cls("utf-8", ",", "\r\n", COLUMNS, ())
        encoding, start = "utf-8", 0
        for mark, name in _MARKS:
            if raw.startswith(mark):
                encoding, start = name, len(mark)
                break
        text = raw[start:].decode(encoding, "replace")
        line_end = "\r\n" if "\r\n" in text else "\n"
        lines = text.splitlines()
        first = lines[0] if lines else ""
        skip = 0
        if first.lstrip('"').lower().startswith("sep=") and len(first.strip('"')) >= 5:
            delimiter, skip = first.strip('"')[4], 1  # Excel's `sep=;` line
        else:
            delimiter = max((",", ";", "\t"), key=first.count)
        body = "\n".join(lines[skip:])
        try:
            rows = list(csv.reader(io.StringIO(body), delimiter=delimiter, strict=True))
        except csv.Error as error:
            if "unexpected end of data" in str(error):
                # A row appended now would be read into the cell that quote opens.
                raise WalkInsError(
                    f"{FILE} ends inside a quote that a row opens and never closes; a row "
                    "appended now would be read into that cell: close the quote (`brochure "
                    "check` says where); nothing was written"
                ) from None
            rows = list(csv.reader(io.StringIO(body), delimiter=delimiter))
        header = rows[0] if rows else []
        columns = tuple(_field_of(cell) for cell in header)
        if "id" not in columns or not ({"name", "given", "family"} & set(columns)):
            raise WalkInsError(
                f"{FILE} has no column for the id or none for the name (its header: "
                f"{', '.join(header)[:200]}); nothing was written: its first line should be "
                f"{','.join(COLUMNS)}"
            )
        at = columns.index("id")
        ids = tuple(
            as_written(row[at].strip()) for row in rows[1:] if len(row) > at and row[at].strip()
        )
        people = tuple(_people(columns, rows[1:]))
        open_line = not text.endswith(("\n", "\r"))
        return cls(encoding, delimiter, line_end, columns, ids, open_line, people)

    def text_of(self, person: Person, existing: bytes) -> bytes:
        """person's row, in this file's columns and encoding (after the header when the
        file is new, after a line end when its last line has none)."""
        values: Mapping[str, str | None] = {
            field: getattr(person, field) for field in COLUMNS if field != "id"
        }
        values = {**values, "id": person.key}
        out = io.StringIO()
        writer = csv.writer(out, delimiter=self.delimiter, lineterminator=self.line_end)
        if not existing.strip():
            writer.writerow(COLUMNS)
        elif self.open_line:
            out.write(self.line_end)
        # A value typed at the door that a spreadsheet would run as a formula is written
        # as text (cells.neutral); builds read it back as typed.
        writer.writerow(
            [neutral(values.get(field) or "") if field else "" for field in self.columns]
        )
        text = out.getvalue().encode(self.encoding)
        # A new file starts with UTF-8's byte-order mark: spreadsheets then open it as
        # UTF-8 (an accent typed at the door stays an accent).
        return codecs.BOM_UTF8 + text if not existing else text


def _people(columns: tuple[str | None, ...], rows: list[list[str]]) -> Iterator[Person]:
    """The people of walk-ins.csv's rows (those that are a valid person)."""
    for row in rows:
        values = {
            field: as_written(cell.strip())
            for field, cell in zip(columns, row, strict=False)
            if field in ("id", "name", "given", "family", "organisation", "email") and cell.strip()
        }
        if not {"name", "given", "family"} & set(values):
            continue
        try:
            yield Person.model_validate(values)
        except pydantic.ValidationError:
            continue


def _field_of(header: str) -> str | None:
    """The field of `people` a header names (as an export's header is read), or None."""
    normal = " ".join(
        unicodedata.normalize("NFC", header).casefold().replace("-", " ").replace("_", " ").split()
    )
    for field in FIELDS:
        if normal == field.replace("_", " "):
            return field
    return COLUMN_ALIASES.get(normal)
