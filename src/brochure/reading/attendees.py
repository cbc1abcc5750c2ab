"""The attendee list: a registration export read, row by row, into people.

Exports come as their systems write them (pretix, Eventbrite, ti.to, a spreadsheet):
comma, semicolon or tab; UTF-8, or UTF-16 with a byte-order mark (Excel's "Unicode
Text"); their own column names; columns brochure has no use for; empty columns Excel
leaves at the end. The file is decoded and parsed as a stream, and each row becomes a
validated Person at once, so a large export costs the people in it, not its text.

Problems with the header (two columns for one field, a column with values but no name)
and with rows are reported together; a problem that concerns a whole column (no column
for names, a ticket type that is no role) is reported once, not once per row. Rows that
get no badge (a registration cancelled or withdrawn, a row with no name) are left out
and said once, with their lines.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import logging
import os
import re
import stat
import unicodedata
from array import array
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic

from brochure.cells import as_written
from brochure.errors import InputError, Location, Problem
from brochure.model import MAX_ATTENDEES, ROLES, Person, fold
from brochure.reading.messages import closest, message
from brochure.reading.textfile import binary_or_utf16, encoding_of
from brochure.reading.yamlsource import Path_, dotted

log = logging.getLogger(__name__)

#: Largest attendee CSV read, in bytes.
MAX_CSV_BYTES = 64 * 1024 * 1024
#: Unknown `columns:` keys that get a "did you mean".
MAX_HINTS = 200
#: Most columns an export may have (pretix's widest have about a hundred).
MAX_COLUMNS = 1_000
#: Distinct wrong values of one column reported before the rest are only counted.
MAX_VALUES_REPORTED = 20
#: The value of `attendees.columns` that leaves a column out.
IGNORE = "ignore"
#: A helper column: pretix numbers the tickets of an order (ABC12-1, ABC12-2).
_POSITION = "position id"
_ORDER_CODE = "order code"
#: A helper column: the registration's state (pretix's order Status, Indico's
#: Registration state, Eventbrite's Attendee Status); only whether it is void is read.
_STATE = "registration state"
#: Headers of registration systems' state columns (besides a pretix export's Status).
STATE_COLUMNS = frozenset(
    {
        "registration state",
        "registration status",
        "attendee status",
        "order status",
        "ticket status",
        "ticket state",
        "booking status",
    }
)
#: States of a registration that holds no place at the event (cancelled, withdrawn,
#: refused, refunded, expired), folded (no case, no accents), in the languages the
#: systems export in (pretix: "canceled", "storniert"; Indico: "Withdrawn", "Rejected";
#: Eventbrite: "Not Attending", "Refunded", "Deleted"). Such a row gets no badge.
VOID_STATES = frozenset(
    {
        # English
        "cancelled",
        "canceled",
        "withdrawn",
        "rejected",
        "refused",
        "declined",
        "refunded",
        "expired",
        "not attending",
        "deleted",
        "void",
        "voided",
        # German
        "storniert",
        "abgesagt",
        "abgelaufen",
        "zuruckgezogen",
        "abgelehnt",
        "erstattet",
        "zuruckerstattet",
        # Spanish and Portuguese
        "cancelado",
        "cancelada",
        "anulado",
        "anulada",
        "retirado",
        "retirada",
        "rechazado",
        "rechazada",
        "recusado",
        "recusada",
        "reembolsado",
        "reembolsada",
        "expirado",
        "expirada",
        "caducado",
        "caducada",
        # French
        "annule",
        "annulee",
        "retire",
        "retiree",
        "refuse",
        "refusee",
        "rembourse",
        "remboursee",
        "expire",
        "expiree",
    }
)
#: pretix's order status codes for orders that hold no ticket: canceled, expired.
_PRETIX_VOID_CODES = frozenset({"c", "e"})
#: Columns holding the buyer's name (pretix's invoice address, a shop's billing name):
#: not read, but named when the attendees' own names are empty, as the column to map.
BUYER_NAME_COLUMNS = ("invoice address name", "buyer name", "purchaser name", "billing name")

#: Columns of registration exports (pretix, Eventbrite, ti.to) that brochure knows and
#: does not read: payment, invoice and postal details never belong on a badge or in a
#: programme (data minimisation). They are left out without a warning; a column that is
#: not known is still named, as it may be one the organiser meant to use.
UNREAD_COLUMNS = frozenset(
    {
        "phone number",
        "phone",
        "order date",
        "order time",
        "order total",
        "variation",
        "price",
        "tax rate",
        "tax rule",
        "tax value",
        "address",
        "zip code",
        "postcode",
        "postal code",
        "city",
        "state",
        "voucher",
        "voucher code",
        "pseudonymization id",
        "ticket secret",
        "seat id",
        "seat name",
        "seat zone",
        "seat row",
        "seat number",
        "invoice address name",
        "invoice address name: given name",
        "invoice address name: family name",
        "invoice address name: title",
        "invoice address: company",
        "invoice address: country",
        "invoice address: city",
        "vat id",
        "sales channel",
        "order locale",
        "email address verified",
        "external customer id",
        "check in lists",
        "payment providers",
        "payment provider",
        "payment method",
        "payment date",
        "date paid",
        "currency",
        "fees",
        "total",
        "gross",
        "net",
        "discount",
        "quantity",
        "requires attention",
        "comment",
        "checked in",
        "check in",
        "date registered",
        "order number",
        "order #",
        "ticket price",
        # Eventbrite's attendee report: its order, payment, contact and address columns
        # (its Attendee Status is read: a row "Not Attending" gets no badge)
        "price tier",
        "group",
        "order type",
        "total paid",
        "eventbrite fees",
        "eventbrite payment processing",
        "cell phone",
        "home phone",
        "work phone",
        "home address 1",
        "home address 2",
        "home city",
        "home state",
        "home zip",
        "work address 1",
        "work address 2",
        "work city",
        "work state",
        "work zip",
        "work country",
        "billing address 1",
        "billing address 2",
        "billing city",
        "billing state",
        "billing zip",
        "billing country",
        # Health and diet are never printed: not read (data minimisation).
        "dietary requirements",
        "dietary restrictions",
        "accessibility needs",
    }
)

#: Column names registration systems use (pretix, Eventbrite, ti.to, spreadsheets) for
#: the fields of `people`, compared without case, with - and _ read as spaces; each
#: field's own name is known too.
KNOWN_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("full name", "attendee name", "participant name"),
    "given": (
        "first name",
        "firstname",
        "given name",
        "forename",
        "first",
        "attendee name: given name",
        "attendee first name",
    ),
    "family": (
        "last name",
        "lastname",
        "family name",
        "surname",
        "last",
        "attendee name: family name",
        "attendee last name",
    ),
    "honorific": ("salutation", "attendee name: title"),
    "id": (
        "attendee #",
        "attendee id",
        "ticket id",
        "ticket #",
        "ticket number",
        "registration id",
        _ORDER_CODE,
    ),
    "position": ("job title", "job position"),
    "organisation": (
        "organization",
        "company",
        "company name",
        "affiliation",
        "institution",
        "employer",
        "organisation name",
        "organization name",
        "attendee company",
    ),
    "email": ("e mail", "email address", "e mail address", "attendee email", "attendee e mail"),
    "bio": ("biography",),
    "country": ("home country", "country/region", "country or region", "attendee country"),
}
COLUMN_ALIASES = {name: target for target, names in KNOWN_COLUMNS.items() for name in names}
#: The fields that may each be filled from one column.
FIELDS = tuple(Person.model_fields)
_STATUSES = ("confirmed", "provisional")


@dataclass(frozen=True)
class ColumnSpec:
    """How the event file says to read the export: `attendees.columns` and `.roles`."""

    columns: Mapping[str, str | None] = field(default_factory=dict)
    """Header text or column number -> field (None or `ignore`: left out)."""
    roles: Mapping[str, str] = field(default_factory=dict)
    """Values of the role column -> roles."""
    known: Mapping[str, str] = field(default_factory=dict)
    """More headers known by name (as compared: case, spacing, - and _ aside) -> a
    field, a helper or `ignore`, before KNOWN_COLUMNS (a check-in export's `Checked in`,
    in every catalogue's words); a header not in the export is no problem."""
    helpers: frozenset[str] = frozenset()
    """Targets that are no field of people: each person's values of them are handed
    back beside the person (Attendees.helpers), not validated."""
    section: str = "attendees"
    """The event file's key that names the export, as problems and hints name it."""
    gives: str = "badge"
    """What a row read is for, as notes on the rows left out say it."""
    known_by: frozenset[str] = frozenset()
    """Fields that may stand in for names (a check-in export's id and e-mail): with a
    column for one of them and none for names, each row that has one is read, named
    NAMELESS, for the caller to match to people it knows; a row with none has no name."""


#: The name of a row read by ColumnSpec.known_by alone: never printed (the caller
#: matches the row to a person it knows, or leaves it out).
NAMELESS = "?"
#: The fields that hold a person's name.
_NAMES = ("name", "given", "family")


@dataclass(frozen=True)
class RowPlaces:
    """Where each attendee read came from, compactly: a 1,000,000-row export keeps two
    numbers per person, not a location per cell.

    Index i is the i-th attendee read; `rows[i]` its number among the export's rows
    (counting rows that were refused), `lines[i]` its line in the file.
    """

    label: str
    columns: Mapping[str, int]
    """Field -> the column (1-based) it was read from."""
    rows: array[int] = field(default_factory=lambda: array("L"))
    lines: array[int] = field(default_factory=lambda: array("L"))

    def locate(self, path: Path_) -> Location | None:
        """The place of ("attendees", i, field...) in the file, or None."""
        if len(path) < 2 or not isinstance(path[1], int) or not 0 <= path[1] < len(self.lines):
            return None
        field_ = path[2] if len(path) > 2 and isinstance(path[2], str) else ""
        return Location(self.label, self.lines[path[1]], self.columns.get(field_, 1))

    def row(self, index: int) -> int:
        """The export's row number of the index-th attendee read."""
        return self.rows[index] if 0 <= index < len(self.rows) else index

    def keeping(self, indices: list[int]) -> RowPlaces:
        """The places of the attendees at indices, in that order."""
        return RowPlaces(
            self.label,
            self.columns,
            array("L", (self.rows[i] for i in indices)),
            array("L", (self.lines[i] for i in indices)),
        )


@dataclass(frozen=True)
class Attendees:
    """What an export held: the people in the rows that are valid, where each came from,
    and every problem (errors and warnings)."""

    people: list[Person]
    places: RowPlaces
    problems: list[Problem]
    helpers: list[dict[str, str]] = field(default_factory=list)
    """Each person's values of ColumnSpec.helpers, by index (only with helpers asked)."""


def read_attendees(
    path: Path,
    label: str,
    spec: ColumnSpec | None = None,
    locate_spec: Callable[[Path_], Location | None] = lambda path: None,
) -> Attendees:
    """The attendees of the export at path, read as a stream.

    label is how messages name the file; spec says how to read columns brochure does not
    know by name, and locate_spec where its parts are in the event file. Raises
    InputError when the file cannot be read as text at all.
    """
    spec = spec or ColumnSpec()
    try:
        found = _read(path, label, spec, locate_spec)
    except InputError as error:
        raise InputError([_in_section(p, spec.section) for p in error.problems]) from None
    if spec.section != ColumnSpec.section:
        found.problems[:] = [_in_section(p, spec.section) for p in found.problems]
    return found


def _in_section(problem: Problem, section: str) -> Problem:
    """problem, its field in section rather than `attendees` (a check-in export's)."""
    if problem.field == "attendees" or problem.field.startswith(("attendees.", "attendees[")):
        return dataclasses.replace(problem, field=section + problem.field[len("attendees") :])
    return problem


def _read(
    path: Path, label: str, spec: ColumnSpec, locate_spec: Callable[[Path_], Location | None]
) -> Attendees:
    with _open(path, label) as stream:
        text = _decoded(stream, label)
        lines = _Held(_lines(text))
        reading = _Reading(label, spec, locate_spec)
        try:
            first = next(lines, "")
        except _LineTooLong as error:
            raise InputError([reading.line_too_long(error.line)]) from None
        if not first.strip():
            raise InputError([Problem(Location(label, 1, 1), "attendees", "the file is empty")])
        separator = _excel_separator(first)
        reading.delimiter = separator or _delimiter(first)
        reader = csv.reader(itertools.chain([first], lines), delimiter=reading.delimiter)
        if separator:
            # Excel's `sep=;` line names the delimiter; the header is the next line.
            next(reader)
            lines.next_row()
        return reading.read(reader, lines)


#: The most characters one cell holds: Python's csv module's own limit (its
#: field_size_limit), 128 KiB, far above any cell of an export (a long biography).
MAX_CELL_CHARS = 131_072
#: The most characters of one row kept to say where a quote in it opened.
MAX_HELD_CHARS = 4 * 1024 * 1024
#: Fields that may hold line breaks (paragraphs); every other field is one line.
MULTILINE_FIELDS = frozenset({"bio"})
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Held:
    """The file's lines, as the csv reader takes them, one at a time, keeping those of
    the row being read (at most MAX_HELD_CHARS of them): where a quote in it opened is
    found in them when the row spans lines or breaks off (_quotes)."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines
        self.row: list[str] = []
        self.held = 0

    def __iter__(self) -> _Held:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        if self.held < MAX_HELD_CHARS:
            self.row.append(line)
            self.held += len(line)
        return line

    def next_row(self) -> list[str]:
        """The lines of the row just read; the next row's are kept from now on."""
        row, self.row, self.held = self.row, [], 0
        return row


@dataclass(frozen=True)
class _Quotes:
    """Where a row's cells begin and its quotes open, as the csv reader reads them."""

    open_at: tuple[int, int] | None
    """(line within the row, 0-based column) of the quote of a cell still open at the
    end of the lines read: one never closed."""
    cell_at: tuple[int, int]
    """(line within the row, 0-based column) where the last cell begun begins."""


def _quotes(lines: list[str], delimiter: str) -> _Quotes:
    """How the csv reader (RFC 4180, as Python reads it: text after a closing quote
    joins the cell) reads the quotes of a row's lines."""
    quoted, after_quote, column = False, False, 0
    opened: tuple[int, int] | None = None
    cell = (0, 0)
    starting = True
    for number, line in enumerate(lines):
        for char in line:
            if quoted:
                if char == '"':
                    quoted, after_quote = False, True
                continue
            if after_quote and char == '"':
                quoted, after_quote = True, False  # a doubled quote: one quote in the cell
                continue
            after_quote = False
            if char == delimiter:
                column += 1
                cell, starting = (number, column), True
            elif char in "\r\n":
                starting = False
            elif starting and char == '"':
                quoted, opened, starting = True, (number, column), False
            else:
                starting = False
    return _Quotes(opened if quoted else None, cell)


#: The longest line of an export, in characters: a row of 1,000 columns of 1,000
#: characters. Past it, one line would be split into millions of cells at once.
MAX_LINE_CHARS = 1 << 20


class _LineTooLong(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _lines(text: io.TextIOWrapper) -> Iterator[str]:
    """The file's lines, each read at most MAX_LINE_CHARS at a time; _LineTooLong (with
    its number) for a longer one, before it is held whole."""
    number = 0
    while line := text.readline(MAX_LINE_CHARS + 1):
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise _LineTooLong(number)
        yield line


class _Reading:
    """One pass over an export: the header, then every row."""

    def __init__(
        self, label: str, spec: ColumnSpec, locate_spec: Callable[[Path_], Location | None]
    ) -> None:
        self.label = label
        self.spec = spec
        self.locate_spec = locate_spec
        self.problems: list[Problem] = []
        self.people: list[Person] = []
        self.rows = array("L")
        self.lines = array("L")
        #: field -> the columns (0-based) that hold it
        self.targets: dict[str, list[int]] = {}
        self.header: list[str] = []
        self.nameless: list[int] = []
        """0-based columns whose header cell is empty and that nothing maps."""
        self.unnamed: dict[int, int] = {}
        """0-based column without a header -> the first line with a value in it."""
        self.wrong: dict[tuple[str, str], list[tuple[int, int]]] = {}
        """(field, value) of a role or status no row may have -> (row, line) of each."""
        self.roles = {fold(key): value for key, value in spec.roles.items()}
        self.count = 0
        """Rows read so far (blank ones do not count)."""
        self.header_line = 1
        """The header's line: 2 after Excel's `sep=;` line."""
        self.void: list[int] = []
        """Lines of registrations cancelled or withdrawn: no badge."""
        self.void_column: int | None = None
        """The 0-based column that said so (the first row's)."""
        self.ignored_state: int | None = None
        """The 0-based column `columns:` leaves out that would otherwise say which rows
        are cancelled (pretix's Status): its void rows get a badge, with a warning."""
        self.ignored_key = ""
        """The `columns:` key that leaves it out, as the event file spells it."""
        self.kept_void: list[int] = []
        """Lines whose ignored state column says cancelled: they keep their badge."""
        self.no_name: list[int] = []
        """Lines of rows with no name at all: no badge."""
        self.buyer_names: list[int] = []
        """0-based columns holding the buyer's name (BUYER_NAME_COLUMNS)."""
        self.buyer_named = 0
        """Rows with no name of their own whose buyer's name is given."""
        self.helpers: list[dict[str, str]] = []
        """Each person's values of the spec's helpers (ColumnSpec.helpers)."""
        self.known = {_normal(key): value for key, value in spec.known.items()}
        self.delimiter = ","
        """The export's delimiter: comma, semicolon or tab."""

    def at(self, line: int, column: int) -> Location:
        return Location(self.label, line, column)

    def line_too_long(self, line: int) -> Problem:
        return Problem(
            self.at(line, 1),
            "attendees",
            f"line {line} is longer than {MAX_LINE_CHARS:,} characters; a registration "
            "export's rows are far shorter: is this the export?",
        )

    def read(self, reader: Any, held: _Held) -> Attendees:
        self.header_line = reader.line_num + 1
        try:
            self.header = next(reader)
        except StopIteration:
            raise InputError(
                [Problem(self.at(self.header_line, 1), "attendees", "the file has no header row")]
            ) from None
        except csv.Error as error:
            raise InputError([self.not_csv(error, self.header_line, held.next_row())]) from None
        except _LineTooLong as error:
            raise InputError([self.line_too_long(error.line)]) from None
        held.next_row()
        if (column := _undecodable(self.header)) is not None:
            raise InputError([self.not_text(self.header_line, column)])
        if len(self.header) > MAX_COLUMNS:
            # Each row is looked at column by column: a header of 500,000 empty cells
            # would make every row cost as much.
            raise InputError(
                [
                    Problem(
                        self.at(self.header_line, MAX_COLUMNS + 1),
                        "attendees",
                        f"has {len(self.header):,} columns; a registration export has fewer "
                        f"than {MAX_COLUMNS:,}",
                    )
                ]
            )
        self.read_header()
        line = reader.line_num
        row_lines: list[str] = []
        try:
            for cells in reader:
                start, line = line + 1, reader.line_num
                row_lines = held.next_row()
                if line > start and self.spans_lines(cells, start, line, row_lines):
                    continue
                if not any(cell.strip() for cell in cells):
                    continue
                if (column := _undecodable(cells)) is not None:
                    self.problems.append(self.not_text(start, column))
                    break
                if len(cells) > MAX_COLUMNS:
                    self.problems.append(
                        Problem(
                            self.at(start, MAX_COLUMNS + 1),
                            "attendees",
                            f"has {len(cells):,} cells on line {start}; a registration "
                            f"export has fewer than {MAX_COLUMNS:,} columns",
                        )
                    )
                    break
                index, self.count = self.count, self.count + 1
                if index >= MAX_ATTENDEES:
                    self.problems.append(
                        Problem(
                            self.at(start, 1),
                            "attendees",
                            f"more than {MAX_ATTENDEES:,} rows; brochure reads at most that "
                            "many attendees: split the export",
                        )
                    )
                    break
                self.read_row(cells, index, start)
            else:
                if row_lines and line == start:
                    # The last row, on one line: a quote it opens runs to the end of the
                    # file without a line break (rows that span lines are looked at above).
                    self.never_closed(row_lines, start, line)
        except csv.Error as error:
            self.problems.append(self.not_csv(error, line + 1, held.next_row()))
        except _LineTooLong as error:
            self.problems.append(self.line_too_long(error.line))
        self.report_columns()
        self.report_left_out()
        columns = {name: cols[0] + 1 for name, cols in self.targets.items()}
        return Attendees(
            self.people,
            RowPlaces(self.label, columns, self.rows, self.lines),
            self.problems,
            self.helpers,
        )

    # quotes ------------------------------------------------------------------------
    def column_named(self, column: int) -> str:
        """column (0-based) as a message names it: `column 2 'Company'`."""
        header = self.header[column].strip() if column < len(self.header) else ""
        return f"column {column + 1}" + (f" '{header}'" if header else "")

    def field_of(self, column: int) -> str | None:
        """The field (or helper) column (0-based) is read into; None: not read."""
        for target, columns in self.targets.items():
            if columns and columns[0] == column:
                return target
        return None

    def spans_lines(self, cells: list[str], start: int, end: int, lines: list[str]) -> bool:
        """A row read over lines start to end: a quoted cell holds line breaks (RFC 4180
        allows them; registration systems write them in postal addresses and answers).
        A quote never closed, or a line break in a cell read into a one-line field (a
        name, an organisation), is an error at the line and column where the quote
        opened, and the row is not read (True): a quote left open there has read the
        rows after it into that cell. In a column not read, or a paragraph (a bio), the
        cell is kept, with a warning when its lines look like rows of the export."""
        if self.never_closed(lines, start, end):
            return True
        line = start
        for column, cell in enumerate(cells):
            breaks = len(_LINE_BREAK.findall(cell))
            if not breaks:
                continue
            target = self.field_of(column)
            if target is not None and target not in MULTILINE_FIELDS:
                what = target.replace("_", " ")
                self.problems.append(
                    Problem(
                        self.at(line, column + 1),
                        "attendees",
                        f"{self.column_named(column)} opens a quote on line {line} that "
                        f"closes only on line {line + breaks}: the cell holds line breaks, "
                        f"but it is read as the {what}, which is one line; if the quote was "
                        "left open, the rows between were read into this cell (and lost): "
                        'close the quote (") where the cell ends, or take the line breaks out',
                    )
                )
                return True
            rows = [
                text
                for text in _LINE_BREAK.split(cell)[1:]
                if len(text.split(self.delimiter)) >= max(2, len(self.header))
            ]
            if rows:
                self.problems.append(
                    Problem(
                        self.at(line, column + 1),
                        "attendees",
                        f"{self.column_named(column)} opens a quote on line {line} that "
                        f"closes only on line {line + breaks}, and the lines in it look like "
                        f"rows of the export ('{_shown(rows[0])}'): they were read as part "
                        "of this one cell, not as rows; if the quote was left open, close "
                        'it (") where the cell ends',
                        warning=True,
                    )
                )
            line += breaks
        return False

    def never_closed(self, lines: list[str], start: int, end: int) -> bool:
        """An error at a quote the row opens and never closes (it ran to the end of the
        file); whether there is one."""
        opened = _quotes(lines, self.delimiter).open_at
        if opened is None:
            return False
        line, column = start + opened[0], opened[1]
        after = end - line
        swallowed = f"the {_counted(after, 'line', 'lines')} after it" if after else "the text"
        self.problems.append(
            Problem(
                self.at(line, column + 1),
                "attendees",
                f"{self.column_named(column)} opens a quote on line {line} that is never "
                f"closed: {swallowed}, to the end of the file, would be read as this one "
                'cell; close the quote (") where the cell ends',
            )
        )
        return True

    def not_csv(self, error: csv.Error, start: int, lines: list[str]) -> Problem:
        """What the csv reader could not read, in the organiser's words, located where
        the row's cell that broke it begins (or its quote opens)."""
        quotes = _quotes(lines, self.delimiter)
        line, column = quotes.open_at or quotes.cell_at
        line += start
        if "field larger than field limit" in str(error):
            if quotes.open_at:
                said = (
                    f"opens a quote on line {line} that runs on for more than "
                    f"{MAX_CELL_CHARS:,} characters, the most a cell holds: a quote left "
                    'open? close it (") where the cell ends'
                )
            else:
                said = (
                    f"holds more than {MAX_CELL_CHARS:,} characters on line {line}, the "
                    "most a cell of an export holds (a biography takes a few thousand): "
                    "shorten it"
                )
            return Problem(
                self.at(line, column + 1), "attendees", f"{self.column_named(column)} {said}"
            )
        if "NUL" in str(error):
            said = "holds a NUL character (a binary file, or one saved as UTF-16 without its mark?)"
            return Problem(self.at(line, column + 1), "attendees", said)
        return Problem(self.at(line, column + 1), "attendees", f"not CSV: {error}")

    def not_text(self, line: int, column: int) -> Problem:
        return Problem(
            self.at(line, column + 1),
            "attendees",
            "not UTF-8 text from here on (a spreadsheet's own encoding?); save the export "
            "as CSV UTF-8",
        )

    # header -----------------------------------------------------------------------
    def read_header(self) -> None:
        unknown: list[str] = []
        unread: list[str] = []
        self.explicit: set[int] = set()
        """0-based columns the event file maps by name or number."""
        self.pretix = {_ORDER_CODE, _POSITION} <= {_normal(cell) for cell in self.header}
        """An export of pretix's order data: its Status is the order's (p, n, c, e)."""
        asked = {_normal(key): value for key, value in self.spec.columns.items()}
        used: set[str] = set()
        for column, cell in enumerate(self.header):
            text = cell.strip()
            number, name = str(column + 1), _normal(text)
            if number in asked or (name and name in asked):
                key = number if number in asked else name
                used.add(key)
                target = asked[key]
                if target is None or target == IGNORE:
                    if self.ignored_state is None and self.tells_void(name):
                        self.ignored_state = column
                        self.ignored_key = next(k for k in self.spec.columns if _normal(k) == key)
                    continue
                self.explicit.add(column)
            elif not text:
                # A column without a name: left out; only values in it are a problem.
                self.nameless.append(column)
                continue
            elif name in self.known:
                target = self.known[name]
                if target == IGNORE:
                    continue
            elif (self.pretix and name == "status") or name in STATE_COLUMNS:
                # The order's status (paid, pending, canceled), not a speaker's: read only
                # to leave out registrations that hold no place.
                target = _STATE
            elif name in COLUMN_ALIASES or name in _FIELD_NAMES:
                target = COLUMN_ALIASES.get(name) or _FIELD_NAMES[name]
            elif name == _POSITION:
                target = _POSITION
            elif name in UNREAD_COLUMNS:
                if name in BUYER_NAME_COLUMNS:
                    self.buyer_names.append(column)
                unread.append(text)
                continue
            else:
                unknown.append(f"'{text}' ({column + 1})")
                continue
            self.targets.setdefault(target, []).append(column)
        unmatched = [key for key in self.spec.columns if _normal(key) not in used]
        for place, missing in enumerate(unmatched):
            # a "did you mean" for the first ones; past them the time would not be bounded
            self.problems.append(self.unmatched_column(missing, hint=place < MAX_HINTS))
        if unread:
            log.debug("note: %s: not read (no badge needs them): %s", self.label, ", ".join(unread))
        self.check_header(unknown)

    def tells_void(self, name: str) -> bool:
        """Whether a column of this (normalised) header would say which registrations
        are cancelled, were `columns:` not to leave it out."""
        if (self.pretix and name == "status") or name in STATE_COLUMNS:
            return True
        return (COLUMN_ALIASES.get(name) or _FIELD_NAMES.get(name)) == "status"

    def unmatched_column(self, key: str, hint: bool = True) -> Problem:
        names = [cell.strip() for cell in self.header if cell.strip()]
        close = closest(key, names) if hint else None
        suggestion = f"; did you mean '{close}'?" if close else ""
        return Problem(
            self.locate_spec(("attendees", "columns", key)),
            dotted(("attendees", "columns", key)),
            f"the export has no column '{key}' (nor that many columns){suggestion}",
        )

    def check_header(self, unknown: list[str]) -> None:
        first = self.at(self.header_line, 1)
        for target, columns in self.targets.items():
            if target == _STATE:
                del columns[1:]  # one state column is enough to tell a void registration
                continue
            chosen = [c for c in columns if c in self.explicit]
            if len(columns) > 1 and chosen and len(chosen) < len(columns):
                # The event file's own mapping wins over a column found by its name
                # (`Ticket secret: id` beside pretix's Order code).
                columns[:] = chosen
            attendee_s = [c for c in columns if _normal(self.header[c]).startswith("attendee ")]
            if (
                len(columns) > 1
                and self.pretix
                and not attendee_s
                and len({_normal(self.header[c]) for c in columns}) == 1
            ):
                # pretix writes the attendee's Company and Country, then the invoice
                # address's under the same names: the first are the attendee's.
                log.info(
                    "note: %s: %s is read from column %d, the attendee's (the later '%s' "
                    "columns are the invoice address's)",
                    self.label,
                    target,
                    columns[0] + 1,
                    self.header[columns[0]].strip(),
                )
                columns[:] = columns[:1]
            if len(columns) > 1 and target != _POSITION and len(attendee_s) == 1:
                # A registration export holds the buyer's details and each attendee's
                # (pretix: Email and Attendee email): a badge is the attendee's.
                log.info(
                    "note: %s: %s is read from column %d '%s', the attendee's",
                    self.label,
                    target,
                    attendee_s[0] + 1,
                    self.header[attendee_s[0]].strip(),
                )
                columns[:] = attendee_s
            if len(columns) > 1 and target not in (_POSITION, _STATE):
                named = [f"{c + 1} '{self.header[c].strip()}'" for c in columns]
                listed = ", ".join(named[:-1]) + f" and {named[-1]}"
                every = "both" if len(columns) == 2 else "all"
                keeps = "; ".join(
                    f"`{{{', '.join(f'{o + 1}: ignore' for o in columns if o != c)}}}` keeps "
                    f"column {c + 1}"
                    for c in columns
                )
                self.problems.append(
                    Problem(
                        self.at(self.header_line, columns[1] + 1),
                        "attendees",
                        f"columns {listed} {every} hold {target}; say which to keep under "
                        f"`{self.spec.section}:` in the event file with `columns:`: {keeps}",
                    )
                )
        role_named = "role" in self.spec.columns.values()
        if self.roles and "role" not in self.targets and not role_named:
            # Without a role column the mapping would be silently unused: every badge
            # would print the default role. A role column the event file names but the
            # export lacks is said once, by unmatched_column.
            self.problems.append(
                Problem(
                    self.locate_spec(("attendees", "roles")) or first,
                    "attendees.roles",
                    "roles are given but no column of the export holds the role; name the "
                    f"column that does under `{self.spec.section}:` "
                    "(`columns: {Product: role}`)",
                )
            )
        if not {"name", "given", "family"} & set(self.targets) and not self.keyed:
            self.problems.append(
                Problem(
                    first,
                    "attendees",
                    "no column holds names: brochure looks for Name, or First name and "
                    f"Last name; name yours under `{self.spec.section}:` in the event file "
                    "(`columns: {Participant: name}`)",
                )
            )
        if _POSITION in self.targets and not self.order_codes:
            column = self.targets.pop(_POSITION)[0]
            unknown.append(f"'{self.header[column].strip()}' ({column + 1})")
        if unknown:
            self.problems.append(
                Problem(
                    first,
                    "attendees",
                    f"columns left out, as brochure has no field for them: {', '.join(unknown)}; "
                    f"to use one, name its field under `{self.spec.section}:` in the event file "
                    "(`columns: {Ticket Type: role}`)",
                    warning=True,
                )
            )

    @property
    def keyed(self) -> bool:
        """Whether rows are known by ColumnSpec.known_by alone: no column holds names."""
        targets = set(self.targets)
        return not set(_NAMES) & targets and bool(self.spec.known_by & targets)

    @property
    def order_codes(self) -> bool:
        """Whether ids are pretix order codes, numbered by the Position ID column."""
        ids = self.targets.get("id", [])
        return len(ids) == 1 and _normal(self.header[ids[0]]) == _ORDER_CODE

    # rows -------------------------------------------------------------------------
    def read_row(self, cells: list[str], index: int, line: int) -> None:
        values: dict[str, str] = {}
        for column in range(len(self.header), len(cells)):
            if cells[column].strip():
                self.unnamed.setdefault(column, line)
        for column in self.nameless:
            if column < len(cells) and cells[column].strip():
                self.unnamed.setdefault(column, line)
        for target, columns in self.targets.items():
            column = columns[0]
            # A cell brochure (or a spreadsheet) wrote as text with an apostrophe before
            # a formula ('=...) is read as it was typed (cells.as_written).
            value = as_written(cells[column].strip()) if column < len(cells) else ""
            if value:
                values[target] = value
        if self.is_void(values, cells, line):
            return
        kept = self.ignored_state
        if kept is not None and kept < len(cells) and self.void_state(cells[kept]):
            self.kept_void.append(line)
        has_names = bool({"name", "given", "family"} & set(self.targets))
        keyed = not has_names and self.keyed
        if (has_names or keyed) and not self._naming() & set(values):
            # A row of an export with no name at all (a ticket not yet personalised): no
            # badge, said once for all such rows (report_left_out).
            self.no_name.append(line)
            if any(c < len(cells) and cells[c].strip() for c in self.buyer_names):
                self.buyer_named += 1
            return
        _without_title(values)
        position = values.pop(_POSITION, None)
        if position and "id" in values and self.order_codes:
            # pretix writes the position as a number (1) or whole (ABC12-1): one code.
            order = values["id"]
            whole = position.casefold().startswith(f"{order}-".casefold())
            values["id"] = position if whole else f"{order}-{position}"
        helped = {target: values.pop(target) for target in self.spec.helpers if target in values}
        self.enumerated(values, "role", ROLES, index, line)
        self.enumerated(values, "status", _STATUSES, index, line)
        try:
            person = Person.model_validate(values if has_names else {**values, "name": NAMELESS})
        except pydantic.ValidationError as error:
            for problem in error.errors():
                path: Path_ = ("attendees", index, *problem["loc"])
                column = self.column_of(str(problem["loc"][0]) if problem["loc"] else "")
                self.problems.append(
                    Problem(self.at(line, column), dotted(path), message(problem, path))
                )
            return
        if not (has_names or keyed):
            return
        self.people.append(person)
        self.rows.append(index)
        self.lines.append(line)
        if self.spec.helpers:
            self.helpers.append(helped)

    def is_void(self, values: dict[str, str], cells: list[str], line: int) -> bool:
        """Whether the row is a registration that holds no place (VOID_STATES in its
        state column, or in the status column), noted for report_left_out."""
        for target in (_STATE, "status"):
            value = values.get(target)
            if value is None:
                continue
            if self.void_state(value):
                self.void.append(line)
                if self.void_column is None:
                    self.void_column = self.targets[target][0]
                return True
        values.pop(_STATE, None)
        return False

    def void_state(self, value: str) -> bool:
        """Whether a state column's value is a registration that holds no place."""
        folded = re.sub(r"\s*\(.*\)$", "", " ".join(fold(value).split()))
        return folded in VOID_STATES or (self.pretix and folded in _PRETIX_VOID_CODES)

    def report_left_out(self) -> None:
        """Rows that get no badge, said once each kind: void registrations (a note),
        rows without a name (a warning, an error when no row has one), pointing at
        the buyer's name column when it holds names."""
        if self.void and self.void_column is not None:
            column = self.void_column
            log.info(
                "note: %s: %s cancelled or withdrawn (column %d '%s': %s): no %s%s for %s",
                self.label,
                _counted(len(self.void), "registration", "registrations"),
                column + 1,
                self.header[column].strip(),
                _line_list(self.void),
                self.spec.gives,
                " and no check-in row" if self.spec.gives == "badge" else "",
                "it" if len(self.void) == 1 else "them",
            )
        if self.kept_void and (ignored := self.ignored_state) is not None:
            header = self.header[ignored].strip()
            self.problems.append(
                Problem(
                    self.at(self.kept_void[0], ignored + 1),
                    "attendees",
                    f"{header} is ignored: cancelled registrations are not left out "
                    f"(column {ignored + 1} says cancelled on {_line_list(self.kept_void)}: "
                    f"{'it gets a' if len(self.kept_void) == 1 else 'each gets a'} "
                    f"{self.spec.gives}); remove `{self.ignored_key}: ignore` from "
                    f"`columns:` under `{self.spec.section}:` to leave them out",
                    warning=True,
                )
            )
        if not self.no_name:
            return
        columns = [c for name in sorted(self._naming()) for c in self.targets.get(name, [])]
        named = [f"{c + 1} '{self.header[c].strip()}'" for c in sorted(columns)]
        headers = " and ".join(filter(None, (", ".join(named[:-1]), named[-1])))
        hint = ""
        if self.buyer_named:
            buyer = self.buyer_names[0]
            which = (
                ("it" if len(self.no_name) == 1 else "each of them")
                if self.buyer_named == len(self.no_name)
                else f"{self.buyer_named:,} of them"
            )
            hint = (
                f"; column {buyer + 1} '{self.header[buyer].strip()}' holds the buyer's name "
                f"in {which}: if every ticket is "
                "for its buyer, read it as the name under "
                f"`{self.spec.section}:` in the event file "
                f'(`columns: {{"{self.header[buyer].strip()}": name}}`)'
            )
        where = self.at(self.no_name[0], min(columns) + 1 if columns else 1)
        if not self.people:
            self.problems.append(
                Problem(
                    where,
                    "attendees",
                    f"no row has a name (column{'s' if len(columns) > 1 else ''} {headers} "
                    f"{'are' if len(columns) > 1 else 'is'} empty in "
                    f"{_counted(len(self.no_name), 'row', 'rows')}){hint}",
                )
            )
            return
        self.problems.append(
            Problem(
                where,
                "attendees",
                f"{_counted(len(self.no_name), 'row has', 'rows have')} no name ("
                f"{_line_list(self.no_name)}): no {self.spec.gives} for "
                f"{'it' if len(self.no_name) == 1 else 'them'}, left out{hint}",
                warning=True,
            )
        )

    def _naming(self) -> set[str]:
        """The fields a row must have one of to be read: its names, or what stands in
        for them (ColumnSpec.known_by) in an export with no names."""
        return set(self.spec.known_by) if self.keyed else set(_NAMES)

    def column_of(self, target: str) -> int:
        columns = self.targets.get(target)
        return columns[0] + 1 if columns else 1

    def enumerated(
        self, values: dict[str, str], target: str, allowed: tuple[str, ...], index: int, line: int
    ) -> None:
        """A role or status as the schema knows it; a value it does not know is noted for
        one report per value (not one per row) and left out of the row."""
        value = values.get(target)
        if value is None:
            return
        if target == "role" and fold(value) in self.roles:
            values[target] = self.roles[fold(value)]
        elif value.lower() not in allowed:
            self.wrong.setdefault((target, value), []).append((index, line))
            del values[target]

    # whole columns ----------------------------------------------------------------
    def report_columns(self) -> None:
        for column, line in sorted(self.unnamed.items()):
            self.problems.append(
                Problem(
                    self.at(line, column + 1),
                    "attendees",
                    f"column {column + 1} has no name in the header row, but holds values "
                    f"(the first on line {line}); name the column or delete its values",
                )
            )
        for count, ((target, value), places) in enumerate(self.wrong.items()):
            if count == MAX_VALUES_REPORTED:
                self.problems.append(
                    Problem(
                        self.at(self.header_line, self.column_of(target)),
                        "attendees",
                        f"and {len(self.wrong) - count} more values that are not a role or status",
                    )
                )
                break
            self.problems.append(self.wrong_value(target, value, places))

    def wrong_value(self, target: str, value: str, places: list[tuple[int, int]]) -> Problem:
        """A role or status no row may have: in one row, said there; in many, said once."""
        column = self.column_of(target)
        allowed = ROLES if target == "role" else _STATUSES
        choices = ", ".join(f"'{choice}'" for choice in allowed[:-1]) + f" or '{allowed[-1]}'"
        row, line = places[0]
        if target == "role":
            # A ticket type (pretix's Product) is a role only through `roles:`.
            fix = (
                f"say which role it is under `{self.spec.section}:` in the event file: "
                f'`roles: {{"{value}": attendee}}`'
            )
        else:
            fix = (
                f"if the column means something else, leave it out: `columns: {{{column}: ignore}}`"
            )
        if len(places) == 1:
            return Problem(
                self.at(line, column),
                dotted(("attendees", row, target)),
                f"'{value}' is not one of {choices}" + (f"; {fix}" if target == "role" else ""),
            )
        lines = [str(line) for _, line in places[:5]]
        more = f" and {len(places) - 5} more" if len(places) > 5 else ""
        return Problem(
            self.at(line, column),
            f"attendees.{target}",
            f"'{value}' (column {column} '{self.header[column - 1].strip()}', lines "
            f"{', '.join(lines)}{more}) is not one of {choices}; {fix}",
        )


def _shown(text: str, most: int = 60) -> str:
    """text as a message quotes it: at most `most` characters."""
    text = text.strip()
    return text if len(text) <= most else text[: most - 1] + "…"


def _counted(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def _line_list(lines: list[int]) -> str:
    """line 4, or lines 4, 9 and 12, or the first five and how many more."""
    shown = [str(line) for line in lines[:5]]
    if len(lines) == 1:
        return f"line {shown[0]}"
    if len(lines) > 5:
        return f"lines {', '.join(shown)} and {len(lines) - 5:,} more"
    return f"lines {', '.join(shown[:-1])} and {shown[-1]}"


def _without_title(values: dict[str, str]) -> None:
    """The full name without the title a system put before it: pretix writes "Attendee
    name" as title, given and family names ("Dr Ana Pérez") beside "Attendee name:
    Title" ("Dr"); the badge's front prints given and family names, so the name its back
    and the check-in list print is the same, and the title stays the honorific."""
    honorific, name = values.get("honorific"), values.get("name")
    if not (honorific and name and {"given", "family"} & set(values)):
        return
    title, words = honorific.split(), name.split()
    if len(words) > len(title) and [w.casefold() for w in words[: len(title)]] == [
        w.casefold() for w in title
    ]:
        values["name"] = " ".join(words[len(title) :])


def _excel_separator(line: str) -> str | None:
    """The delimiter Excel's first line `sep=;` names (`sep=,`, `sep=\t`), or None."""
    match = re.fullmatch(r'"?sep=(.)"?[,;\t]*', line.rstrip("\r\n"))
    return match[1] if match else None


def _normal(header: str) -> str:
    """A header as compared: `E-mail` and `e_mail` are `e mail`; case and spacing do not
    count."""
    text = unicodedata.normalize("NFC", header).casefold().replace("-", " ").replace("_", " ")
    return " ".join(text.split())


#: Each field by the name a header gives it (`share contact` is share_contact).
_FIELD_NAMES = {_normal(name): name for name in FIELDS}


def _delimiter(header: str) -> str:
    """Comma, semicolon (spreadsheets in many European locales) or tab: the one the
    header line uses most."""
    return max((",", ";", "\t"), key=header.count)


# the file ---------------------------------------------------------------------------
class _Bounded(io.RawIOBase):
    """A file read up to a number of bytes: one that grows while it is read still stops."""

    def __init__(self, raw: io.FileIO, limit: int, label: str) -> None:
        self.raw, self.left, self.limit, self.label = raw, limit, limit, label

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self.raw.readinto(buffer) or 0
        self.left -= count
        if self.left < 0:
            raise InputError([_too_large(self.label, self.limit)])
        return count

    def close(self) -> None:
        self.raw.close()
        super().close()


def _too_large(label: str, limit: int) -> Problem:
    return Problem(
        Location(label, 1, 1),
        "attendees",
        f"the file is larger than the limit of {limit // 2**20} MiB",
    )


def _open(path: Path, label: str) -> io.BufferedReader:
    """The file at path, opened for reading; InputError for anything but a regular file
    within the size limit (a FIFO or a device would block or never end)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise InputError([Problem(None, "attendees", f"{label}: no such file")]) from None
    except OSError as error:
        raise InputError(
            [Problem(None, "attendees", f"{label}: cannot read ({error.strerror})")]
        ) from None
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        raise InputError(
            [Problem(None, "attendees", f"{label}: is not a regular file (a pipe or a device)")]
        )
    if status.st_size > MAX_CSV_BYTES:
        os.close(descriptor)
        raise InputError([_too_large(label, MAX_CSV_BYTES)])
    raw = io.FileIO(descriptor, "rb")
    return io.BufferedReader(_Bounded(raw, MAX_CSV_BYTES, label))


def _decoded(stream: io.BufferedReader, label: str) -> io.TextIOWrapper:
    """The stream as text: the encoding its byte-order mark declares, else UTF-8."""
    head = stream.peek(4096)[:4096]
    encoding = encoding_of(head[:4])
    if encoding is None and b"\x00" in head:
        raise InputError([Problem(Location(label, 1, 1), "attendees", binary_or_utf16(head))])
    # newline="": the csv module reads line ends itself (quoted cells may hold them).
    # Bytes that do not decode become lone surrogates, found with the cell they are in.
    return io.TextIOWrapper(
        stream, encoding=encoding or "utf-8", errors="surrogateescape", newline=""
    )


_SURROGATES = re.compile("[\udc80-\udcff]")


def _undecodable(cells: list[str]) -> int | None:
    """The first cell (0-based) holding bytes that did not decode, or None."""
    for column, cell in enumerate(cells):
        if _SURROGATES.search(cell):
            return column
    return None
