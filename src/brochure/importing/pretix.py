"""pretix's "Order data (JSON)" export (`EVENT_pretixdata.json`), as its exporter writes
it (pretix/base/exporters/json.py):

    {"event": {"name", "slug", "organizer": {"name", "slug"},
      "categories": [...], "items": [{"id", "name", "admission", "variations", ...}],
      "questions": [...], "quotas": [...], "subevents": [...],
      "orders": [{"code", "status" (n pending, p paid, e expired, c cancelled),
        "testmode", "email", "datetime", "total", ...,
        "positions": [{"id", "positionid", "item", "variation", "attendee_name",
          "attendee_email", "company", "country", "addon_to", "answers", ...}]}]}}

It is registrations, not a programme: what is made of it is the attendee list an event
file reads (`attendees: {file: attendees.csv, ...}`), a row per ticket of admission, with
the columns brochure reads by name (Order code and Position ID, which make each ticket's
id `ABC12-1`; Attendee name, Company, Country, Attendee email) and the product as
`Product`, which the event file's `roles:` maps to a role (a first guess is made from each
product's name: Speaker ticket -> speaker). A position's check-ins (`checkins`, as the
REST API's positions carry them; pretix's JSON export as of 2025 has none) are kept as the
`Checked in` column (when and where first), for certificates of attendance.

Left out, and counted: positions of cancelled or expired orders and cancelled positions,
test-mode orders, add-ons (a workshop seat, a T-shirt) and products that admit nobody,
tickets without an attendee's name (their order codes are listed). Pending orders are
kept (the person registered; payment is another desk's business) and counted. Nothing
personal that a badge does not print is carried over: addresses, phone numbers, answers
are named in the list of what was not carried over, never shown.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pydantic
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

from brochure.importing import dates
from brochure.importing.base import (
    AttendeeTable,
    Conversion,
    DataPath,
    ExportError,
    Fault,
    Importer,
    Unmapped,
)
from brochure.importing.text import one_line
from brochure.model import Person, fold

#: Words of a product's name that say which role its holders have, in the languages
#: pretix is most used in (folded: no case, no accents).
_ROLE_WORDS = {
    "speaker": {"speaker", "speakers", "referent", "referentin", "ponente", "orateur"}
    | {"oratrice", "palestrante", "presenter", "talk"},
    "press": {"press", "presse", "prensa", "imprensa", "media", "journalist", "journalism"},
    "staff": {"staff", "crew", "volunteer", "volunteers", "helper", "helfer", "helferin"}
    | {"angel", "voluntario", "voluntaria", "benevole", "team"},
    "organiser": {"organiser", "organizer", "organisers", "organizers", "orga"}
    | {"organisateur", "organizador", "organizadora", "veranstalter"},
    "moderator": {"moderator", "moderators", "chair", "chairs", "moderadora", "moderador"},
    "rapporteur": {"rapporteur", "rapporteurs", "relator", "relatora"},
}
_STATUS = {"n": "pending", "p": "paid", "e": "expired", "c": "cancelled"}


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow", populate_by_name=True)

    def unread(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


def _text(value: Any) -> Any:
    """pretix's multilingual names ({"en": ..., "de": ...}) as one: the first given."""
    if isinstance(value, dict):
        return next((str(v) for v in value.values() if v), "")
    return value


class Variation(_Part):
    id: int
    name: str | None = None
    _name = field_validator("name", mode="before")(_text)


class Item(_Part):
    """A product: a ticket, an add-on, merchandise."""

    id: int
    name: str
    admission: bool = True
    """Whether it admits its holder (a ticket), or not (a T-shirt, parking)."""
    variations: tuple[Variation, ...] = ()
    _name = field_validator("name", mode="before")(_text)


class Checkin(_Part):
    datetime: dt.datetime | None = None
    type: str | None = None
    """entry or exit."""
    successful: bool = True

    @field_validator("datetime")
    @classmethod
    def _in_years(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and not dates.in_years(value):
            raise ValueError(dates.not_in_years(value))
        # pretix writes UTC (`Z`); one without an offset is taken as UTC too, to compare.
        return value.replace(tzinfo=value.tzinfo or dt.UTC) if value else value


class Position(_Part):
    """A ticket (or add-on) of an order."""

    id: int | None = None
    positionid: int | None = None
    item: int | None = Field(default=None, validation_alias=AliasChoices("item", "product"))
    variation: int | None = None
    attendee_name: str | None = None
    attendee_email: str | None = None
    company: str | None = None
    country: str | None = None
    addon_to: int | None = None
    canceled: bool = False
    checkins: tuple[Checkin, ...] | None = None


class Order(_Part):
    code: str
    status: str
    testmode: bool = False
    positions: tuple[Position, ...] = ()


class Event(_Part):
    name: str | None = None
    items: tuple[Item, ...] = Field(default=(), validation_alias=AliasChoices("items", "products"))
    orders: tuple[Order, ...] = ()
    _name = field_validator("name", mode="before")(_text)


class PretixExport(_Part):
    """The whole file."""

    event: Event


def read(data: Any) -> PretixExport:
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("event"), dict)
        or ("orders" not in data["event"])
    ):
        raise ExportError(
            [
                Fault(
                    (),
                    "not a pretix order export: it has no `event` with `orders`; export it "
                    'from pretix as "Order data (JSON)" (Orders, Export)',
                )
            ]
        )
    return PretixExport.model_validate(data)


_HEADER = ("Order code", "Position ID", "Attendee name", "Product", "Company", "Country")


def convert(export: PretixExport) -> Conversion:
    """The attendee list of a pretix export; ExportError for what a badge cannot print."""
    event = export.event
    items = {item.id: item for item in event.items}
    unmapped = Unmapped()
    for key, value in event.unread().items():
        if key not in ("slug",):
            unmapped.note(f"event.{key}", value)
    left: Counter[str] = Counter()
    nameless: list[str] = []
    pending = 0
    faults: list[Fault] = []
    rows: list[tuple[str, ...]] = []
    origins: list[DataPath] = []
    products: dict[str, None] = {}
    checked = any(
        position.checkins is not None for order in event.orders for position in order.positions
    )
    for o, order in enumerate(event.orders):
        for key, value in order.unread().items():
            unmapped.note(f"orders[].{key}", value, private=True)
        for p, position in enumerate(order.positions):
            path: DataPath = ("event", "orders", o, "positions", p)
            for key, value in position.unread().items():
                unmapped.note(f"orders[].positions[].{key}", value, private=True)
            reason = _left_out(order, position, items)
            if reason:
                left[reason] += 1
                continue
            item = items.get(position.item) if position.item is not None else None
            if item is None:
                faults.append(Fault((*path, "item"), f"no product has the id {position.item}"))
                continue
            name = one_line(position.attendee_name or "")
            if not name:
                left["without an attendee name"] += 1
                nameless.append(order.code)
                continue
            row = {
                "name": name,
                "organisation": one_line(position.company or "") or None,
                "country": one_line(position.country or "") or None,
                "email": one_line(position.attendee_email or "") or None,
            }
            fault = _refused(row, path)
            if fault:
                faults.append(fault)
                continue
            pending += order.status == "n"
            product = one_line(item.name) or f"product {item.id}"
            products.setdefault(product)
            cells = [
                order.code,
                str(position.positionid or p + 1),
                name,
                product,
                row["organisation"] or "",
                row["country"] or "",
                row["email"] or "",
            ]
            if checked:
                cells.append(_first_entry(position.checkins or ()))
            rows.append(tuple(cells))
            origins.append(path)
    if faults:
        raise ExportError(faults)
    for reason, count in left.items():
        listed = f" (orders {', '.join(sorted(set(nameless))[:10])})" if "name" in reason else ""
        unmapped.note(f"tickets left out, {reason}{listed}", count)
    header = (*_HEADER, "Attendee email") + (("Checked in",) if checked else ())
    counts = {"attendees": len(rows), "products": len(products)}
    if pending:
        counts["of them of pending orders"] = pending
    if left:
        counts["tickets left out"] = sum(left.values())
    return Conversion(
        data={},
        placeholders=(),
        unmapped=unmapped.lines(),
        about=f"pretix, {one_line(event.name or '') or 'an event'}",
        counts=counts,
        table=AttendeeTable(
            header=header,
            rows=tuple(rows),
            origins=tuple(origins),
            columns={"Product": "role"},
            roles={product: role_of(product) for product in products},
        ),
    )


def _left_out(order: Order, position: Position, items: dict[int, Item]) -> str | None:
    """Why a position gets no badge (None: it does)."""
    if order.testmode:
        return "test mode"
    if order.status in ("c", "e"):
        return _STATUS[order.status]
    if position.canceled:
        return "cancelled"
    if position.addon_to is not None:
        return "add-ons"
    item = items.get(position.item) if position.item is not None else None
    if item is not None and not item.admission:
        return "products that admit nobody"
    return None


def _refused(row: dict[str, Any], path: DataPath) -> Fault | None:
    """A fault at the first value of row that a person in the event file cannot have."""
    fields = {"name": "attendee_name", "organisation": "company", "email": "attendee_email"}
    fields["country"] = "country"
    try:
        Person.model_validate({key: value for key, value in row.items() if value})
    except pydantic.ValidationError as error:
        found = error.errors()[0]
        key = str(found["loc"][0]) if found["loc"] else "name"
        message = str(found["ctx"]["error"]) if found["type"] == "value_error" else found["msg"]
        return Fault((*path, fields.get(key, key)), message)
    return None


def _first_entry(checkins: tuple[Checkin, ...]) -> str:
    """When the ticket was first let in (ISO 8601), or '' when it never was."""
    entries = sorted(
        checkin.datetime
        for checkin in checkins
        if checkin.datetime and checkin.successful and (checkin.type or "entry") == "entry"
    )
    return entries[0].isoformat() if entries else ""


def role_of(product: str) -> str:
    """The role a product's name says its holders have (`Speaker ticket`: speaker), or
    attendee; a guess, written in the event file for the organiser to correct."""
    words = set(fold(product).replace("-", " ").replace("/", " ").split())
    for role, said in _ROLE_WORDS.items():
        if words & said:
            return role
    return "attendee"


IMPORTER = Importer(
    name="pretix",
    help='pretix\'s registrations, "Order data (JSON)": an attendee list (CSV)',
    description="Make the attendee list an event file reads (a CSV beside it, "
    'source/attendees.csv by default) from pretix\'s "Order data (JSON)" export: a row '
    "per ticket of admission, with its order code, name, product (mapped to a role by "
    "the event file's `roles:`; a first guess is printed), company, country and e-mail, "
    "and its check-ins when the export has them. Cancelled, expired, test-mode and "
    "add-on positions are left out and counted. Prints the lines that make the event "
    "file read the list.",
    metavar="ORDERS.json",
    read=read,
    convert=convert,
    makes="attendees",
)
