"""The event model: one frozen description of an event, passed to every renderer.

The classes double as the schema of `event.yaml`: field names are the YAML keys and
each field's docstring is its documentation (a JSON Schema for editors comes from here).
Scalars arrive as the text the organiser wrote; the field types give them meaning.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
import unicodedata
import zoneinfo
from functools import cached_property
from typing import Annotated, Literal

from babel import Locale, UnknownLocaleError
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from brochure.textrules import check_plain, check_visible

#: Longest single-line value (a title, a name, an organisation), in characters.
MAX_LINE = 300
#: Longest multi-paragraph value (`about`, a bio, a description), in characters.
MAX_TEXT = 20_000
#: Most entries in any one list (people, programme items, questions).
MAX_ITEMS = 20_000
#: Most attendees, from a CSV or a list: what a build can load and check within its
#: default memory limit (4 GiB), with room to spare.
MAX_ATTENDEES = 100_000

RoleName = Literal["organiser", "moderator", "speaker", "rapporteur", "staff", "press", "attendee"]
#: Every role, in the order lists and bands present them: the one list of roles.
ROLES: tuple[str, ...] = typing.get_args(RoleName)


def _lower(value: object) -> object:
    """`Speaker` or `SPEAKER` from a registration export means speaker."""
    return value.strip().lower() if isinstance(value, str) else value


Role = Annotated[RoleName, BeforeValidator(_lower)]
Status = Annotated[Literal["confirmed", "provisional"], BeforeValidator(_lower)]

_no_controls = check_plain  # every string the model holds passes through it (textrules)


def _one_line(text: str) -> str:
    """Fold line breaks and runs of spaces: a title is one line however it was typed."""
    return check_visible(" ".join(_no_controls(text).split()))


def _paragraph_text(text: str) -> str:
    return check_visible("\n\n".join(split_paragraphs(_no_controls(text))))


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs separated by blank lines, each folded onto one line."""
    blocks = re.split(r"\n[ \t]*\n", text.strip())
    return tuple(" ".join(block.split()) for block in blocks if block.strip())


def _paragraphs(value: object) -> object:
    if isinstance(value, str):
        return split_paragraphs(_no_controls(value))
    return value


def _scalar_list(value: object) -> object:
    """Let a single value stand for a list of one (`people: amber-sinha`)."""
    return [value] if isinstance(value, str) else value


def _rows(value: object) -> object:
    """Attendees arrive as rows: a CSV file name is read by the loader before this."""
    if isinstance(value, str):
        raise ValueError(f"'{value}' names a CSV file, which only brochure's loader reads")
    return value


#: A BCP 47 tag as brochure takes it: language, then script, region or variant subtags.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def language_tag(tag: str) -> str:
    """tag, when it is a BCP 47 tag (RFC 5646) of a language Babel (CLDR) knows;
    ValueError otherwise."""
    try:
        if not _LANGUAGE_TAG.fullmatch(tag):
            raise ValueError(tag)
        Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise ValueError(
            f"'{tag}' is not a language tag brochure knows (e.g. en, es, pt-BR)"
        ) from None
    return tag


def _timezone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"'{name}' is not a time zone name (e.g. America/Mexico_City)") from None
    return name


_COUNTRY_CODE = re.compile(r"[A-Z]{2}")


def _country(value: str) -> str:
    # CLDR names ZZ "Unknown Region": a placeholder, not a country.
    if _COUNTRY_CODE.fullmatch(value) and (value == "ZZ" or value not in Locale("en").territories):
        raise ValueError(
            f"'{value}' is not an ISO 3166 country code; write the code (GB) or the name"
        )
    return value


def _web_address(url: str) -> str:
    if not re.fullmatch(r"https?://[^\s/$.?#][^\s]*", url):
        raise ValueError(f"'{url}' is not a web address (it must start with https://)")
    return url


def _email(address: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address):
        raise ValueError(f"'{address}' is not an e-mail address")
    return address


_ID = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")


def _identifier(value: str) -> str:
    if not _ID.fullmatch(value):
        raise ValueError(
            f"'{value}' is not an id: use lower-case letters, digits and hyphens (amber-sinha)"
        )
    return value


Line = Annotated[str, Field(min_length=1, max_length=MAX_LINE), AfterValidator(_one_line)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), AfterValidator(_paragraph_text)]
Paragraphs = Annotated[
    tuple[
        Annotated[str, Field(min_length=1, max_length=MAX_TEXT), AfterValidator(_paragraph_text)],
        ...,
    ],
    Field(max_length=MAX_ITEMS),
    # Written as text with blank lines between paragraphs, or as a list of paragraphs.
    BeforeValidator(_paragraphs, json_schema_input_type=str | list[str]),
]
Lines = Annotated[
    tuple[Line, ...],
    Field(max_length=MAX_ITEMS),
    BeforeValidator(_scalar_list, json_schema_input_type=str | list[str]),
]
Country = Annotated[Line, AfterValidator(_country)]
WebAddress = Annotated[Line, AfterValidator(_web_address)]
Identifier = Annotated[Line, AfterValidator(_identifier)]
FileName = Line  # confined to the source folder by the loader, which knows where that is


class _Frozen(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
        use_attribute_docstrings=True,
    )


class EventInfo(_Frozen):
    """What the event is, when and where."""

    title: Line
    """The event's title, as printed on the cover."""
    subtitle: Line | None = None
    """A line under the title."""
    kind: Line | None = None
    """What sort of event: Workshop, Conference, Seminar."""
    series: Line | None = None
    """The larger event or series it belongs to, e.g. Internet Governance Forum 2016."""
    theme: Line | None = None
    """The theme of the series or meeting, when it has one."""
    number: Line | None = None
    """Its number within the series (workshop 187)."""
    date: dt.date
    """The (first) day, as YYYY-MM-DD."""
    end_date: dt.date | None = None
    """The last day of an event of several days."""
    start: dt.time | None = None
    """Local start time, HH:MM."""
    end: dt.time | None = None
    """Local end time, HH:MM."""
    timezone: Annotated[Line, AfterValidator(_timezone)] | None = None
    """IANA time zone of the times given, e.g. America/Mexico_City."""
    venue: Line | None = None
    """The building or site."""
    room: Line | None = None
    """The room, when known."""
    city: Line
    """The city."""
    region: Line | None = None
    """State, province or region."""
    country: Country
    """The country: an ISO 3166 code (MX) is printed as its name in the event's language."""
    language: Annotated[Line, AfterValidator(language_tag)] = "en"
    """The language of the event and of everything printed for it (BCP 47: en, es, pt-BR)."""
    website: WebAddress | None = None
    """The event's web page: printed, never fetched."""

    @property
    def session(self) -> str:
        """Kind and number as printed together: "Workshop 187" ('' when neither)."""
        return " ".join(part for part in (self.kind, self.number) if part)


class Organiser(_Frozen):
    """An organisation that runs the event."""

    name: Line
    """The organisation's name."""
    country: Country | None = None
    """Where it is based."""
    website: WebAddress | None = None
    """Its web page: printed, never fetched."""
    logo: FileName | None = None
    """An SVG, PNG or JPEG file inside the source folder."""


class Person(_Frozen):
    """Someone who takes part: a speaker, an organiser, an attendee."""

    name: Line
    """The full name, as the person writes it."""
    given: Line | None = None
    """Given name(s), when the name splits into given and family; a mononym has neither."""
    family: Line | None = None
    """Family name(s)."""
    honorific: Line | None = None
    """Ms, Mr, Dr: printed only where a programme lists people formally."""
    id: Identifier | None = None
    """A short unique id for programme items to name; defaults to a slug of the name."""
    position: Line | None = None
    """Job title: Project Coordinator."""
    organisation: Line | None = None
    """Where the person works or what they represent."""
    country: Country | None = None
    """The person's country (of the organisation), when given."""
    role: Role = "attendee"
    """organiser, moderator, speaker, rapporteur, staff, press or attendee."""
    status: Status = "confirmed"
    """confirmed, or provisional for speakers not yet confirmed."""
    bio: Text | None = None
    """A short biography, in the person's own words."""
    email: Annotated[Line, AfterValidator(_email)] | None = None
    """Contact address: never printed unless the person shares their contact."""
    share_contact: bool = False
    """The person agreed to share their contact details (e.g. in a badge's vCard QR code)."""

    @property
    def key(self) -> str:
        """The person's id; the loader fills it in for everyone."""
        return self.id or slug(self.name)

    @property
    def sort_key(self) -> tuple[str, str]:
        """Family name first, then the whole name, ignoring case and accents."""
        return (fold(self.family or self.name), fold(self.name))

    @property
    def is_provisional(self) -> bool:
        return self.status == "provisional"


class ProgrammeItem(_Frozen):
    """One slot of the programme."""

    title: Line
    """What happens: Opening, Panel, Coffee break."""
    date: dt.date | None = None
    """The day, when the event has several; defaults to the event's date."""
    start: dt.time | None = None
    """Start time, HH:MM."""
    end: dt.time | None = None
    """End time, HH:MM."""
    room: Line | None = None
    """Where, when it differs from the event's room."""
    kind: Line | None = None
    """session, break, meal: breaks are set apart in print."""
    people: Annotated[
        tuple[Identifier, ...],
        Field(max_length=MAX_ITEMS),
        BeforeValidator(_scalar_list, json_schema_input_type=str | list[str]),
    ] = ()
    """Ids of the people who lead it."""
    description: Text | None = None
    """A few sentences about it."""


class BadgeOptions(_Frozen):
    """How name badges are printed."""

    layout: Identifier = "a4-8"
    """a4-8 (office printers), a6, cr80, letter-6, or a layout file of your own."""
    blank: Annotated[int, Field(ge=0, le=10_000)] = 0
    """How many blank badges to add for walk-ins."""
    qr: Literal["id", "vcard"] | None = None
    """What a QR code carries: nothing (default), the person's id, or a vCard for
    people who chose share_contact."""
    back: Literal["programme"] | None = None
    """Print a back side (the short programme) for duplex printing."""
    flip: Literal["long", "short"] = "long"
    """The edge the duplex printer turns the sheet over: long (the usual) or short; each
    back is placed to land behind its own front."""


PdfVariant = Literal[
    "pdf/ua-1",
    "pdf/ua-2",
    "pdf/a-2b",
    "pdf/a-2u",
    "pdf/a-2a",
    "pdf/a-3b",
    "pdf/a-3u",
    "pdf/a-3a",
    "pdf/x-4",
]
"""The PDF standards the brochure can be written to (ISO 14289 PDF/UA, ISO 19005 PDF/A,
ISO 15930-7 PDF/X-4), as WeasyPrint names them. PDF/A-1 is left out: it forbids the
transparency the layouts use."""
PDF_VARIANTS: tuple[str, ...] = typing.get_args(PdfVariant)


class BrochureOptions(_Frozen):
    """How the brochure is printed."""

    print_shop: bool = False
    """For a print shop: 3 mm bleed, crop marks, trim and bleed boxes, PDF/X-4, images
    checked at 300 dpi (`--print-shop` on the command line)."""
    pdf_variant: PdfVariant | None = None
    """The PDF standard it follows: pdf/ua-1 (accessible, the default), pdf/x-4 (the
    default for a print shop) or PDF/A for the records (pdf/a-3b, ...)."""


class Event(_Frozen):
    """Everything `event.yaml` says, with the attendee list read in."""

    event: EventInfo
    """What, when and where."""
    summary: Text | None = None
    """One paragraph that says what the event is about."""
    about: Paragraphs
    """The concept: paragraphs separated by blank lines."""
    questions: Lines = ()
    """The questions the event asks."""
    sectors: Lines = ()
    """Topics or sectors it covers."""
    organisers: Annotated[tuple[Organiser, ...], Field(min_length=1, max_length=MAX_ITEMS)]
    """The organisations that run it (at least one)."""
    people: Annotated[tuple[Person, ...], Field(max_length=MAX_ITEMS)] = ()
    """Speakers, organisers' staff, moderators and others who take part."""
    programme: Annotated[tuple[ProgrammeItem, ...], Field(max_length=MAX_ITEMS)] = ()
    """The programme, in order."""
    attendees: Annotated[
        tuple[Person, ...],
        Field(max_length=MAX_ATTENDEES),
        BeforeValidator(_rows, json_schema_input_type=str | list[Person]),
    ] = ()
    """Registrations: a CSV file inside the source folder with the columns of `people`
    (or the people themselves, as a list)."""
    badges: BadgeOptions = BadgeOptions()
    """Name badges."""
    brochure: BrochureOptions = BrochureOptions()
    """The printed brochure."""

    @property
    def everyone(self) -> tuple[Person, ...]:
        """People, then attendees: everyone who gets a badge."""
        return self.people + self.attendees

    def person(self, key: str) -> Person:
        """The person with this id (KeyError when there is none)."""
        return self._people_by_key[key]

    @cached_property
    def _people_by_key(self) -> dict[str, Person]:
        return {person.key: person for person in self.everyone}

    def model_copy(self, *, update: typing.Any = None, deep: bool = False) -> Event:
        """A copy with update applied; lookups cached on this event are not carried over."""
        copy = super().model_copy(update=update, deep=deep)
        copy.__dict__.pop("_people_by_key", None)
        return copy

    def with_role(self, *roles: str) -> tuple[Person, ...]:
        """People with one of these roles, in the order the YAML gives them."""
        return tuple(person for person in self.people if person.role in roles)


# Letters that carry their mark inside the glyph, so NFKD does not take it off; sorted
# with their base letter as dictionaries do (Łukasiewicz among the L's).
_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h"}
)


def fold(text: str) -> str:
    """Text for sorting and comparing: no case, no accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slug(text: str) -> str:
    """A lower-case ASCII id made of the letters and digits of text ('' if none)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
