"""The event model: one frozen description of an event, passed to every renderer.

The classes double as the schema of `event.yaml`: field names are the YAML keys and
each field's docstring is its documentation (a JSON Schema for editors comes from here).
Scalars arrive as the text the organiser wrote; the field types give them meaning.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import typing
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Literal

from babel import Locale, UnknownLocaleError
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)

from brochure import catalogue, iso3166, zones
from brochure.textrules import (
    FAMILY_FIRST,
    Foreign,
    check_plain,
    check_visible,
    name_language,
    script_language,
)

#: Longest single-line value (a title, a name, an organisation), in characters.
MAX_LINE = 300
#: Longest multi-paragraph value (`about`, a bio, a description), in characters.
MAX_TEXT = 20_000
#: Most entries in any one list (people, programme items, questions).
MAX_ITEMS = 20_000
#: Most languages of one event: a pack each.
MAX_LANGUAGES = 12
#: Most rows of an attendee export (a CSV): what a build can load and check within its
#: default memory limit (4 GiB), with room to spare. A list in the event file is a list
#: like any other (MAX_ITEMS).
MAX_ATTENDEES = 100_000

#: Scripts written without spaces between words, and Korean, whose compounds are
#: written solid (점심시간): a break word in them is found anywhere in a kind (午餐 in
#: 午餐会), not only as a word of it. Hangul as fold leaves it: jamo (NFKD).
_UNSPACED = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\U00020000-\U0003134f]"
)


def fold_words(text: str) -> list[str]:
    """The words of text, folded (no case, no accents): runs of letters, digits and
    marks (a Devanagari vowel sign belongs to its word), split at anything else."""
    found: list[str] = []
    current: list[str] = []
    for char in fold(text):
        if unicodedata.category(char)[0] in "LNM":
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


@dataclass(frozen=True)
class BreakWords:
    """Every catalogue's break words (catalogue.break_words: the words that make a
    programme item a break, a table per language, from the catalogues), folded."""

    words: frozenset[str]
    """Words of one word: Lunch, pause, Kaffeepause, almuerzo."""
    phrases: tuple[tuple[str, ...], ...]
    """Words of several, found as a whole: makan siang, ăn trưa."""
    solid: tuple[str, ...]
    """Words in scripts written without spaces (_UNSPACED), found anywhere: 午餐, 休憩."""

    @classmethod
    def of_catalogues(cls) -> BreakWords:
        words: set[str] = set()
        phrases: set[tuple[str, ...]] = set()
        solid: set[str] = set()
        for listed in catalogue.break_words().values():
            for word in listed:
                parts = tuple(fold_words(word))
                if not parts:
                    continue
                if _UNSPACED.search("".join(parts)):
                    solid.add("".join(parts))
                elif len(parts) == 1:
                    words.add(parts[0])
                else:
                    phrases.add(parts)
        return cls(frozenset(words), tuple(sorted(phrases)), tuple(sorted(solid)))

    def __contains__(self, kind: object) -> bool:
        if not isinstance(kind, str):
            return False
        parts = fold_words(kind)
        if any(part in self.words for part in parts):
            return True
        if any(
            parts[i : i + len(phrase)] == list(phrase)
            for phrase in self.phrases
            for i in range(len(parts) - len(phrase) + 1)
        ):
            return True
        joined_parts = "".join(parts)
        return bool(_UNSPACED.search(joined_parts)) and any(w in joined_parts for w in self.solid)


@functools.lru_cache(maxsize=4096)
def is_break_kind(kind: str | None) -> bool:
    """Whether a programme item of this kind is a break: a word of it is a break word
    of one of brochure's catalogues (`Lunch`, `pause-café`, `Almuerzo`, `Kaffeepause`,
    `午餐`), whatever the pack's language, case and accents aside (BreakWords)."""
    return bool(kind) and kind in break_words()


@functools.cache
def break_words() -> BreakWords:
    """The catalogues' break words, read once per process."""
    return BreakWords.of_catalogues()


RoleName = Literal["organiser", "moderator", "speaker", "rapporteur", "staff", "press", "attendee"]
#: Every role, in the order lists and bands present them: the one list of roles.
ROLES: tuple[str, ...] = typing.get_args(RoleName)


def _lower(value: object) -> object:
    """`Speaker` or `SPEAKER` from a registration export means speaker."""
    return value.strip().lower() if isinstance(value, str) else value


Role = Annotated[RoleName, BeforeValidator(_lower)]
Status = Annotated[Literal["confirmed", "provisional"], BeforeValidator(_lower)]


def _item_status(value: object) -> object:
    """`Cancelled`, `CANCELLED` and the American `canceled` all mean cancelled."""
    value = _lower(value)
    return "cancelled" if value == "canceled" else value


ItemStatus = Annotated[Literal["scheduled", "cancelled"], BeforeValidator(_item_status)]

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
    if isinstance(value, str | dict):
        raise ValueError("names a CSV file, which only brochure's loader reads")
    return value


#: A BCP 47 tag as brochure takes it: language, then script, region or variant subtags.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


#: ISO 639's codes that name no language (RFC 5646 4.1): Babel would read `und` as
#: American English, and knows none of the others.
NO_LANGUAGE = {
    "und": "undetermined",
    "zxx": "no linguistic content",
    "mul": "multiple languages",
    "mis": "uncoded languages",
}


def language_tag(tag: str) -> str:
    """tag, when it is a BCP 47 tag (RFC 5646) of a language Babel (CLDR) knows;
    ValueError otherwise (also for the codes that name no language: NO_LANGUAGE)."""
    first = re.split(r"[-_]", tag, maxsplit=1)[0].lower()
    if first in NO_LANGUAGE:
        raise ValueError(
            f"'{tag}' names no language ('{first}' is ISO 639's code for "
            f"{NO_LANGUAGE[first]}): write the language the event's pages are printed in "
            "(e.g. en, es, pt-BR)"
        )
    try:
        if not _LANGUAGE_TAG.fullmatch(tag):
            raise ValueError(tag)
        Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise ValueError(
            f"'{tag}' is not a language tag brochure knows (e.g. en, es, pt-BR)"
        ) from None
    return tag


def _two_languages(value: object) -> object:
    """A bilingual edition's languages: a list of two different ones ([fr, en])."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError("names the two languages of a bilingual edition, first first: [fr, en]")
    first, second = value
    if isinstance(first, str) and isinstance(second, str) and first.lower() == second.lower():
        raise ValueError(f"names {first} twice; a bilingual edition has two languages: [fr, en]")
    return value


def _timezone(name: str, info: ValidationInfo) -> str:
    """name, when it is a zone of tzdata with a place (zones.place_zones: Europe/Berlin,
    or an old name tzdata keeps for one, Asia/Calcutta); ValueError otherwise, with the
    closest such zone (the event's city and country, validated before it, help)."""
    country, city = info.data.get("country"), info.data.get("city")
    code = country_code(country, "en") if isinstance(country, str) else None
    problem = zones.zone_problem(name, code, city if isinstance(city, str) else None)
    if problem:
        raise ValueError(problem)
    return name


_COUNTRY_CODE = re.compile(r"[A-Z]{2}")


def _country(value: str) -> str:
    # Only countries: CLDR's other territory codes (ZZ "Unknown Region", EU, EZ, UN, QO)
    # are groupings and placeholders (iso3166.COUNTRIES).
    if _COUNTRY_CODE.fullmatch(value) and value not in iso3166.COUNTRIES:
        raise ValueError(
            f"'{value}' is not an ISO 3166 country code; write the code (GB) or the name"
        )
    return value


def unknown_country_hint(value: str, language: str, fallback: str) -> str:
    """Why a country written as a name is not one CLDR knows, for a message after "'X' is
    not a country name CLDR knows": the countries a name of several means ("Korea":
    iso3166.AMBIGUOUS), or the nearest name it knows, or fallback (how to write it)."""
    if (meant := iso3166.AMBIGUOUS.get(fold(value))) is not None:
        names = Locale("en").territories
        choices = " or ".join(f"{names.get(code, code)} ({code})" for code in meant)
        return f"; it names more than one country: write {choices}"
    known = country_names(language)
    close = difflib.get_close_matches(fold(value), list(known), n=1, cutoff=0.75)
    return f"; did you mean {known[close[0]][0]} ({known[close[0]][1]})?" if close else fallback


def _web_address(url: str) -> str:
    if not re.fullmatch(r"https?://[^\s/$.?#][^\s]*", url):
        raise ValueError(f"'{url}' is not a web address (it must start with https://)")
    return url


def _email(address: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address):
        raise ValueError(f"'{address}' is not an e-mail address")
    return address


_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


def _clock(value: object) -> object:
    """`9:30` and `09:30` are half past nine: H:MM or HH:MM, 24-hour (ISO 8601 without
    seconds); anything else (9.30, 9:3, 25:00) is refused rather than guessed."""
    if not isinstance(value, str):
        return value
    match = _CLOCK.fullmatch(value.strip())
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return dt.time(int(match[1]), int(match[2]))
    if match and (int(match[1]), int(match[2])) == (24, 0):
        raise ValueError(
            f"'{value}' is not a time; midnight is 00:00 (an end before the start is the next day)"
        )
    meant = twelve_hour(value)
    hint = f"; did you mean {meant}?" if meant else ""
    raise ValueError(
        f"'{value}' is not a time; write it as H:MM or HH:MM, 24-hour (9:30, 14:30){hint}"
    )


_TWELVE_HOUR = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\.?", re.IGNORECASE)


def twelve_hour(value: str) -> str | None:
    """A 12-hour time ('9:00 AM', '5:30 p.m.', '12pm') as the 24-hour HH:MM it means
    (09:00, 17:30, 12:00: 12 a.m. is midnight, 12 p.m. noon); None for anything else.
    A hint only: the event file keeps 24-hour times, as ISO 8601 and the schema do."""
    match = _TWELVE_HOUR.fullmatch(value.strip())
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    if not 1 <= hour <= 12 or minute > 59:
        return None
    hour = hour % 12 + (12 if match[3].lower() == "p" else 0)
    return f"{hour:02d}:{minute:02d}"


_LAYOUT_NAME = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")
#: What joins the words of an id.
ID_SEPARATORS = "-_."


def _is_id(text: str) -> bool:
    """Words of letters, digits and their marks (any script), joined by - _ or ."""
    parts = re.split(f"[{re.escape(ID_SEPARATORS)}]", text)
    return all(
        part
        and unicodedata.category(part[0])[0] in "LN"
        and all(unicodedata.category(c)[0] in "LNM" for c in part)
        for part in parts
    )


def _identifier(value: str) -> str:
    """An id in any script, as NFC and in lower case where the script has case
    (`Léa` is `léa`, `groß` stays `groß`), so a reference matches however it was typed."""
    normal = unicodedata.normalize("NFC", value).lower()
    if not _is_id(normal):
        example = make_id(value)
        hint = f", e.g. '{example}'" if example else ""
        raise ValueError(
            f"'{value}' is not an id: use letters, digits and hyphens, with no spaces{hint}"
        )
    return normal


def _layout_name(value: str) -> str:
    # A layout is a file name: kept to plain ASCII words.
    if not _LAYOUT_NAME.fullmatch(value):
        raise ValueError(
            f"'{value}' is not a layout name: use lower-case letters, digits and hyphens (a4-8)"
        )
    return value


#: A language as a key of text written in several languages (`title: {en: ..., es: ...}`):
#: lower case, as people write language tags in YAML (`Consent:` is not one).
_LANGUAGE_KEY = r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
LanguageKey = Annotated[str, Field(pattern=_LANGUAGE_KEY)]


@dataclass
class PackLanguage:
    """What a text written in several languages resolves to, handed to validation as its
    context (reading.load does): the language of the pack being made, then the languages
    it falls back to (the event's other languages, the first one first). The mappings
    that lacked the pack's language are recorded, by identity, with the language printed
    instead, for the loader to locate and warn about."""

    language: str
    fallbacks: tuple[str, ...] = ()
    missing: dict[int, str] = field(default_factory=dict)


#: The validation context's key for the PackLanguage.
PACK = "pack"


def is_language_mapping(value: object) -> bool:
    """Whether value is text written by language: a mapping whose keys are all language
    tags CLDR knows, in lower case (`{en: ..., es: ...}`)."""
    if not isinstance(value, dict) or not value:
        return False
    for key in value:
        if not (isinstance(key, str) and re.fullmatch(_LANGUAGE_KEY, key)):
            return False
        try:
            language_tag(key)
        except ValueError:
            return False
    return True


def unknown_language_key(value: object) -> str | None:
    """The key of text written by language that is no language CLDR knows (`xx` beside
    `en` and `es`), or None: value is a mapping whose keys are all shaped like language
    tags, at least one of them a language."""
    if not isinstance(value, dict) or len(value) < 2:
        return None
    keys = [key for key in value if isinstance(key, str) and re.fullmatch(_LANGUAGE_KEY, key)]
    if len(keys) != len(value):
        return None
    unknown = []
    for key in keys:
        try:
            language_tag(key)
        except ValueError:
            unknown.append(key)
    return unknown[0] if unknown and len(unknown) < len(keys) else None


def language_key(mapping: dict[str, object], wanted: str) -> str | None:
    """The key of a mapping by language that serves the language wanted, in any case:
    the same tag, else the tag made shorter subtag by subtag (RFC 4647 lookup: `pt`
    serves pt-BR), else a key of the same language (`pt-BR` serves pt); None."""
    keys = {key.replace("_", "-").lower(): key for key in mapping}
    parts = wanted.replace("_", "-").lower().split("-")
    for end in range(len(parts), 0, -1):
        if "-".join(parts[:end]) in keys:
            return keys["-".join(parts[:end])]
    return next((key for folded, key in keys.items() if folded.split("-")[0] == parts[0]), None)


def _in_language(value: object, info: ValidationInfo) -> tuple[object, str | None]:
    """Text written by language (`{en: ..., es: ...}`), as the pack being made prints it:
    its language's, else the first of its fallbacks' (recorded as missing, and given with
    the key it is written under); with no pack (a plain model_validate), the first given.
    Anything else is left for the field's own validation (a mapping in no language of the
    event is then refused as not text)."""
    if not is_language_mapping(value):
        return value, None
    assert isinstance(value, dict)
    pack = (info.context or {}).get(PACK)
    if not isinstance(pack, PackLanguage):
        return next(iter(value.values())), None
    for wanted in (pack.language, *pack.fallbacks):
        key = language_key(value, wanted)
        if key is not None:
            if wanted != pack.language:
                pack.missing[id(value)] = key
                return value[key], key
            return value[key], None
    return value, None


def _marked(value: object, language: str) -> object:
    """A validated text (or tuple of texts) marked as written in language: the pack
    prints it in another language than its own, and says so (textrules.Foreign: its
    HTML carries that `lang`, its tagged PDF that /Lang)."""
    if isinstance(value, str):
        return value if isinstance(value, Foreign) else Foreign(value, language)
    if isinstance(value, tuple):
        return tuple(_marked(item, language) for item in value)
    return value


def _multilingual(written: typing.Any) -> WrapValidator:
    """Lets a field be written as it is (written, for the JSON Schema) or by language; a
    text the pack's language lacks is printed in another, marked with it (_marked)."""

    def in_language(
        value: object, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> object:
        chosen, fallen_back_to = _in_language(value, info)
        validated = handler(chosen)
        return _marked(validated, fallen_back_to) if fallen_back_to else validated

    return WrapValidator(in_language, json_schema_input_type=written | dict[LanguageKey, written])


#: The years a date may fall in. The calendar brochure reckons with ends at 9999, and
#: an event that far off (or before printed programmes) is a typo: 2106 for 2016.
YEARS = (1900, 2999)


def _in_years(day: dt.date) -> dt.date:
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise ValueError(
            f"{day.isoformat()} is not a date of an event (years {YEARS[0]}-{YEARS[1]})"
        )
    return day


#: A day of the event: a date in YEARS.
Day = Annotated[dt.date, AfterValidator(_in_years)]

#: One line of text that is not printed as words: ids, file names, addresses, settings.
PlainLine = Annotated[str, Field(min_length=1, max_length=MAX_LINE), AfterValidator(_one_line)]
#: One line of printed text: a title, a name; may be written by language.
Line = Annotated[PlainLine, _multilingual(str)]
Text = Annotated[
    str,
    Field(min_length=1, max_length=MAX_TEXT),
    AfterValidator(_paragraph_text),
    _multilingual(str),
]
#: Text written in one language, or in several (a list item each: `[{en: ..., es: ...}]`).
_ItemInput = str | dict[LanguageKey, str]
Paragraphs = Annotated[
    tuple[Text, ...],
    Field(max_length=MAX_ITEMS),
    # Written as text with blank lines between paragraphs, or as a list of paragraphs;
    # by language as a whole, or paragraph by paragraph.
    BeforeValidator(_paragraphs, json_schema_input_type=str | list[_ItemInput]),
    _multilingual(str | list[_ItemInput]),
]
Lines = Annotated[
    tuple[Line, ...],
    Field(max_length=MAX_ITEMS),
    BeforeValidator(_scalar_list, json_schema_input_type=str | list[_ItemInput]),
    _multilingual(str | list[_ItemInput]),
]
Country = Annotated[Line, AfterValidator(_country)]
WebAddress = Annotated[PlainLine, AfterValidator(_web_address)]
Identifier = Annotated[PlainLine, AfterValidator(_identifier)]
Clock = Annotated[dt.time, BeforeValidator(_clock)]
FileName = PlainLine  # confined to the source folder by the loader, which knows where that is
LanguageTag = Annotated[PlainLine, AfterValidator(language_tag)]


class _Frozen(BaseModel):
    # The fields' docstrings are read for the JSON schema only (described()): pydantic's
    # use_attribute_docstrings reads this file's source for every class at import, a
    # third of the model's import time in every command. The classes' validators are
    # built when first used (defer_build): a rebuild with nothing changed validates
    # its outputs' options only, never the event.
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
        defer_build=True,
    )


class DayHours(_Frozen):
    """The hours of one day, when they differ from the event's."""

    date: Day
    """The day, YYYY-MM-DD: one of the event's days."""
    start: Clock | None = None
    """When the day starts (default: the event's start)."""
    end: Clock | None = None
    """When the day ends (default: the event's end); before the start: the next day."""


class Wifi(_Frozen):
    """The wireless network attendees may use."""

    network: PlainLine
    """Its name (SSID), as a phone lists it."""
    password: PlainLine | None = None
    """Its password; none for an open network."""


def _wifi(value: object) -> object:
    """`wifi: Venue-Guest` names an open network."""
    return {"network": value} if isinstance(value, str) else value


def _address(value: object) -> object:
    """An address written on several lines (a `|` block) or as a list of lines."""
    if isinstance(value, str):
        return [line for line in value.splitlines() if line.strip()]
    return value


class Venue(_Frozen):
    """Where the event takes place, and what attendees need to know there."""

    name: Line | None = None
    """The building or site: Centro de Congressos."""
    address: Annotated[
        tuple[Line, ...],
        Field(max_length=12),
        BeforeValidator(_address, json_schema_input_type=str | list[str]),
        _multilingual(str | list[str]),
    ] = ()
    """The postal address, one line per line as it is written on an envelope."""
    map: FileName | None = None
    """A map or floor plan: an SVG, PNG or JPEG file inside the source folder."""
    wifi: Annotated[Wifi | None, BeforeValidator(_wifi, json_schema_input_type=str | Wifi)] = None
    """The Wi-Fi network (and password) attendees may use."""
    contact: Line | None = None
    """Whom to ask on the day: a desk, a phone number, an address."""
    accessibility: Text | None = None
    """Step-free access, hearing loops, quiet rooms, toilets: what people need to know."""


def _venue(value: object) -> object:
    """`venue: Centro de Congressos` is a venue's name, and so is `venue: {pt: ..., en: ...}`."""
    if isinstance(value, str):
        return {"name": value}
    if (
        isinstance(value, dict)
        and is_language_mapping(value)
        and not value.keys() & Venue.model_fields
    ):
        return {"name": value}
    return value


class Place(_Frozen):
    """Where a programme item is when it is not at the event's venue: the restaurant of
    a dinner, the hall of a reception, a walk's meeting point."""

    name: Line | None = None
    """The building or site: Restaurant Zur Letzten Instanz."""
    address: Annotated[
        tuple[Line, ...],
        Field(max_length=12),
        BeforeValidator(_address, json_schema_input_type=str | list[str]),
        _multilingual(str | list[str]),
    ] = ()
    """The postal address, one line per line as it is written on an envelope."""

    @model_validator(mode="after")
    def _somewhere(self) -> Place:
        if not (self.name or self.address):
            raise ValueError("gives no place: write its name, its address, or both")
        return self

    @property
    def lines(self) -> tuple[str, ...]:
        """Its name and its address's lines, as printed one after another."""
        return tuple(line for line in (self.name, *self.address) if line)


def _place(value: object) -> object:
    """`venue: Restaurant Tegeler See` is a place's name, and so is `venue: {de: ..., en:
    ...}`, as the event's own venue is written (_venue)."""
    if isinstance(value, str):
        return {"name": value}
    by_language = isinstance(value, dict) and is_language_mapping(value)
    if by_language and not typing.cast(dict[str, object], value).keys() & Place.model_fields:
        return {"name": value}
    return value


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
    date: Day
    """The (first) day, as YYYY-MM-DD."""
    end_date: Day | None = None
    """The last day of an event of several days."""
    start: Clock | None = None
    """Local start time, H:MM or HH:MM (24-hour): of every day, unless `days` says
    otherwise; with an end before it, the start of the first day."""
    end: Clock | None = None
    """Local end time: of every day; an end before the start is the end of the last day
    (an event that runs through the night, 18:00 to 16:00 the next day)."""
    days: Annotated[tuple[DayHours, ...], Field(max_length=MAX_ITEMS)] = ()
    """The hours of days that differ from start and end (a last day that ends early)."""
    venue: Annotated[Venue | None, BeforeValidator(_venue, json_schema_input_type=str | Venue)] = (
        None
    )
    """The building or site: its name, or its name with the address, a map, Wi-Fi, a
    contact and how to get in (printed in the brochure's practical details)."""
    room: Line | None = None
    """The room, when known."""
    city: Line
    """The city."""
    region: Line | None = None
    """State, province or region."""
    country: Country
    """The country: an ISO 3166 code (MX) is printed as its name in the event's language."""
    timezone: Annotated[PlainLine, AfterValidator(_timezone)] | None = None
    """The IANA time zone of the times given, named after a place: America/Mexico_City,
    Europe/Berlin (not UTC, CET or localtime, which follow no place's clock)."""
    language: LanguageTag = "en"
    """The language of the event and of everything printed for it (BCP 47: en, which is
    British English, en-US, es, pt-BR, fr)."""
    languages: Annotated[
        tuple[LanguageTag, ...],
        Field(min_length=1, max_length=MAX_LANGUAGES),
        BeforeValidator(_scalar_list, json_schema_input_type=str | list[str]),
    ] = ()
    """Instead of `language`: one pack per language, each in its folder of output/
    (`[es, en]`: output/es/, output/en/). Any text may then be written by language
    (`title: {es: ..., en: ...}`); a text not given in a language is printed in the first
    one, with a warning."""
    website: WebAddress | None = None
    """The event's web page: printed, never fetched."""

    @model_validator(mode="before")
    @classmethod
    def _first_language(cls, data: object) -> object:
        """With `languages` and no `language`, the event's language is the first."""
        if isinstance(data, dict) and "language" not in data:
            languages = _scalar_list(data.get("languages"))
            if isinstance(languages, list) and languages and isinstance(languages[0], str):
                try:
                    return {**data, "language": language_tag(languages[0].strip())}
                except ValueError:
                    pass  # said once, where it is written: languages[0]
        return data

    @property
    def session(self) -> str:
        """Kind and number as printed together: "Workshop 187" ('' when neither)."""
        return " ".join(part for part in (self.kind, self.number) if part)

    @property
    def last_day(self) -> dt.date:
        """The event's last day (its date, when it lasts one day)."""
        return self.end_date or self.date

    @property
    def overnight(self) -> bool:
        """Whether start and end are the start of the first day and the end of the last
        (an end before the start, over several days), rather than every day's hours."""
        return bool(
            self.start and self.end and self.end <= self.start and self.last_day > self.date
        )

    @property
    def names_language(self) -> str:
        """The language the event's names are written in, for filing them: its first
        language, the same in every pack (Person.filing_key)."""
        return (self.languages or (self.language,))[0]

    def hours(self, day: dt.date) -> tuple[dt.time | None, dt.time | None]:
        """The start and end of one day of the event: its own (`days`), else the event's
        (for an event that runs overnight, only the first day's start and the last
        day's end)."""
        own = next((hours for hours in self.days if hours.date == day), None)
        if self.overnight:
            start = self.start if day == self.date else None
            end = self.end if day == self.last_day else None
        else:
            start, end = self.start, self.end
        if own:
            start, end = own.start or start, own.end or end
        return start, end


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


def name_forms(entry: dict[typing.Any, typing.Any]) -> tuple[str, ...]:
    """Every form of a person's name as written (stripped, each once): `name` in each
    language it is written in, else given and family names together in each language
    (family first, without a space, for CJK names, as _composed_name does); () for
    none."""
    names = [text.strip() for text in _texts(entry.get("name")) if text.strip()]
    if not names:
        given, family = entry.get("given"), entry.get("family")
        languages = [
            *(given if isinstance(given, dict) else {}),
            *(family if isinstance(family, dict) else {}),
        ] or [""]
        for language in dict.fromkeys(languages):
            parts = (_text_in(given, language).strip(), _text_in(family, language).strip())
            if script_language("".join(parts), "") in FAMILY_FIRST:
                names.append(parts[1] + parts[0])
            else:
                names.append(" ".join(part for part in parts if part))
    return tuple(name for name in dict.fromkeys(names) if name)


def _texts(value: object) -> list[str]:
    """The texts of a field written as it is or by language (each language's)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for text in value.values() if isinstance(text, str)]
    return []


def _text_in(value: object, language: str) -> str:
    """A field's text in language: the text written alone, or that language's; ''."""
    if isinstance(value, str):
        return value
    text = value.get(language) if isinstance(value, dict) else None
    return text if isinstance(text, str) else ""


def _composed_name(data: object) -> object:
    """A person given only `given` and `family` (a registration export's First and Last
    name) is called by both: family name first for Chinese, Japanese and Korean names
    written in their scripts, with no space between (山田太郎), given first otherwise."""
    if not isinstance(data, dict) or (isinstance(data.get("name"), str) and data["name"].strip()):
        return data
    given, family = (
        value.strip() if isinstance(value := data.get(key), str) else ""
        for key in ("given", "family")
    )
    if not (given or family):
        return data
    if script_language(given + family, "") in FAMILY_FIRST:
        name = family + given
    else:
        name = " ".join(part for part in (given, family) if part)
    return {**data, "name": name}


class Person(_Frozen):
    """Someone who takes part: a speaker, an organiser, an attendee."""

    model_config = ConfigDict(
        # `name` may be left out when `given` or `family` is there (see _composed_name).
        json_schema_extra={
            "anyOf": [{"required": ["name"]}, {"required": ["given"]}, {"required": ["family"]}]
        }
    )

    name: Line
    """The full name, as the person writes it; default: given and family names together."""
    given: Line | None = None
    """Given name(s), when the name splits into given and family; a mononym has neither."""
    family: Line | None = None
    """Family name(s)."""
    honorific: Line | None = None
    """Ms, Mr, Dr: printed only where a programme lists people formally."""
    name_language: Annotated[Line, AfterValidator(language_tag)] | None = None
    """The language the name is written in (BCP 47: ja, zh-TW, ko), when the script
    alone does not say it: 山田太郎 is Japanese, not Chinese. Sets the name's shaping and
    its CJK face on every output; by default the name's script decides."""
    id: Identifier | None = None
    """A short unique id for programme items to name, in any script (léa, 王秀英); defaults
    to one made from the name."""
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
    pronunciation: Line | None = None
    """How to say the name, as the person spells it out for a chair to read aloud
    ("lay-AH mar-TAN", or the IPA /le.a maʁ.tɛ̃/): printed beside the name on the chairs'
    run sheets, nowhere else."""
    email: Annotated[PlainLine, AfterValidator(_email)] | None = None
    """Contact address: never printed unless the person shares their contact."""
    share_contact: bool = False
    """The person agreed to share their contact details (e.g. in a badge's vCard QR code)."""

    _compose = model_validator(mode="before")(_composed_name)
    _forms: tuple[str, ...] = PrivateAttr(default=())

    @model_validator(mode="wrap")
    @classmethod
    def _every_form(cls, data: object, handler: typing.Callable[[object], Person]) -> Person:
        person = handler(data)
        if isinstance(data, dict):
            person._forms = name_forms(data)
        return person

    @property
    def names(self) -> tuple[str, ...]:
        """Every form of the name, each once: as printed (`name`), then as written in each
        language (`name: {ar: ليلى حداد, en: Layla Haddad}`, or given and family names by
        language), as the door searches and the export is matched."""
        return tuple(dict.fromkeys((self.name, *self._forms)))

    def also_named(self, *forms: str) -> Person:
        """The person, with more forms of the name to be found by (a registration
        export's spelling): names grows, nothing printed changes."""
        if all(form in self.names for form in forms):
            return self
        copy = self.model_copy()
        copy._forms = (*self._forms, *forms)
        return copy

    @property
    def key(self) -> str:
        """The person's id: the one given, or one made from the name (the loader makes
        every key unique)."""
        return self.id or make_id(self.name)

    def family_as_filed(self, language: str = "") -> str | None:
        """The family name the person is filed under: `family` when given. Else, from
        `name`: written "Lechner, Georg", the part before the comma; written given name
        first, its last word ("Georg Lechner": Lechner), with the lower-case particles
        before it ("Ludwig van Beethoven": van Beethoven) and past a generational suffix
        ("Martin Luther King Jr.": King). None for a one-word name, and for a name written
        family name first (Chinese, Japanese, Korean, Hungarian, Vietnamese: see
        written_family_first), which is filed as written, by the family name it begins
        with: no guess is made about where a family name ends there.

        language: the language the event's names are written in (EventInfo.names_language)."""
        if self.family:
            return self.family
        words, inverted = _name_words(self.name)
        if inverted:
            return words[0]
        if written_family_first(self, language):
            return None
        if len(words) < 2:
            return None
        start = len(words) - 1
        while start > 1 and words[start - 1].islower():
            start -= 1
        return " ".join(words[start:])

    def filed_by_guess(self, language: str = "") -> bool:
        """Whether where the person is filed is a guess worth checking: no `family`, and a
        name written given name first of three or more words besides particles ("Alexandrine
        Pirlot de Corbion" is filed under C: is Pirlot de Corbion the family name?)."""
        words, inverted = _name_words(self.name)
        if self.family or inverted or written_family_first(self, language):
            return False
        return len([w for w in words if not w.islower()]) > 2

    def filing_key(self, language: str = "") -> tuple[str, str, str]:
        """Where the person is filed (badges, the check-in list, table tents): by family
        name (family_as_filed), as a door's staff look them up, then the whole name,
        ignoring case and accents. Event.by_family_name sorts by it.

        A family name's lower-case particles do not count ("da Silva" under S, "van der
        Berg" under B; Chicago Manual of Style 16.71); a Portuguese or Brazilian family
        name is filed under its last surname ("Conceição dos Santos" under S; ABNT NBR
        6023), a Spanish one under its first ("Mantilla Gaviria" under M). Without a
        family name, the whole name as written."""
        # Emoji and symbols ("Jordan Lee ✨") are no part of where a name is filed.
        name = bare_name(self.name) or self.name
        family = self.family_as_filed(language)
        family = family and bare_name(family)
        if not family:
            return (self._filed(name), "", fold(name))
        # Any lower-case word is a particle when the name has capitals at all (Kikuyu
        # "wa Kinyanjui" under K, as "da Silva" under S); a name typed all in lower case
        # drops only the usual particles.
        parts = family.split()
        words = [w for w in parts if not w.islower()]
        if len(words) == len(parts) or not words:
            words = [w for w in parts if w not in NAME_PARTICLES]
        if not words:
            return (self._filed(family), "", fold(name))
        lusophone = (self.country or "").upper() in LAST_SURNAME_FIRST
        main = words[-1] if lusophone else " ".join(words)
        return (self._filed(main), fold(family), fold(name))

    def _filed(self, text: str) -> str:
        """text folded, and in other scripts romanized as ICU transliterates them (Han as
        pinyin, Cyrillic, Greek, Arabic...), so door staff find 王秀英 under W and
        Иванов under I among the Latin names. A Japanese or Korean name stays in its own
        script, filed after the Latin ones: ICU reads Han as Chinese (山田 as "shan
        tian", not Yamada) and romanizes 김 as "gim", where its bearer writes Kim."""
        folded = fold(text)
        if folded.isascii():
            return folded
        language = self.name_language or name_language(self.name, self.country, "")
        if language.split("-")[0].lower() in ("ja", "ko"):
            return folded
        # Filed by its letters: ICU writes Arabic's ʿayn and hamza as modifier letters
        # (ʿ, ʾ), which sort after z; a leading one would file "ʿAbd" after every Latin name.
        letters = "".join(
            c for c in fold(_romanized(folded)) if c == " " or unicodedata.category(c) != "Lm"
        )
        return letters.strip() or folded

    @property
    def is_provisional(self) -> bool:
        """Whether the person is not yet confirmed (status: provisional)."""
        return self.status == "provisional"


#: Lower-case words a family name may begin or be joined with that do not file it:
#: da Silva, van der Berg, de la Cruz, dos Santos, von Trapp, ten Oever, bin Talal.
NAME_PARTICLES = frozenset(
    [
        "da",
        "das",
        "de",
        "del",
        "della",
        "der",
        "des",
        "di",
        "do",
        "dos",
        "du",
        "e",
        "la",
        "las",
        "le",
        "lo",
        "los",
        "van",
        "von",
        "ten",
        "ter",
        "y",
        "zu",
        "bin",
        "binti",
        "ibn",
        "al",
        "el",
    ]
)
#: Countries whose family names are filed under the last surname (Portuguese usage).
LAST_SURNAME_FIRST = frozenset({"BR", "PT", "AO", "MZ", "CV", "GW", "ST", "TL"})

#: Generational suffixes a name written given name first may end with: not its family name.
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "jnr", "snr"})

#: Languages whose names are written family name first: Chinese, Japanese, Korean
#: (textrules.FAMILY_FIRST), Hungarian (Kovács Zsófia), Vietnamese (Nguyễn Văn An) and
#: Khmer.
FILED_AS_WRITTEN = FAMILY_FIRST | {"hu", "vi", "km"}


def _name_words(name: str) -> tuple[list[str], bool]:
    """name's words, and whether it is written family name, comma, given name
    ("Lechner, Georg": one word before the comma). Otherwise what follows a comma is a
    title ("Jane Doe, PhD") and a trailing generational suffix ("Jr.") is no family name:
    both are left out."""
    before, comma, _after = name.partition(",")
    words = [word for word in map(_bare_word, before.split()) if word]
    if comma and len(words) == 1:
        return words, True
    while len(words) > 2 and words[-1].rstrip(".").lower() in NAME_SUFFIXES:
        words.pop()
    return words, False


#: Categories of characters that are no part of a name's letters: symbols (emoji, ✨),
#: modifiers (an emoji's skin tone), format characters (the zero-width joiner of 👩‍💻),
#: private-use and unpaired surrogates (Unicode General_Category).
_NOT_LETTERS = frozenset({"So", "Sk", "Sm", "Sc", "Cf", "Co", "Cs", "Cn"})


def _bare_word(word: str) -> str:
    """word without what is not its letters: symbols and emoji, a mark left with no
    letter to sit on (an emoji's variation selector), and punctuation at its ends
    ("Lee✨", "(Priya)": Lee, Priya); an apostrophe or hyphen inside stays (O'Brien,
    Smith-Jones). '' for a word of symbols alone (👩‍💻)."""
    kept: list[str] = []
    for char in unicodedata.normalize("NFC", word):
        category = unicodedata.category(char)
        if category in _NOT_LETTERS:
            continue
        if category.startswith("M") and not (kept and unicodedata.category(kept[-1])[0] in "LNM"):
            continue
        kept.append(char)
    bare = "".join(kept)
    while bare and unicodedata.category(bare[0])[0] == "P":
        bare = bare[1:]
    while bare and unicodedata.category(bare[-1])[0] == "P" and bare[-1] != ".":
        bare = bare[:-1]
    return bare


def bare_name(text: str) -> str:
    """text's words without symbols, emoji or the punctuation around them (_bare_word):
    what a name is filed and compared by."""
    return " ".join(word for word in map(_bare_word, text.split()) if word)


def written_family_first(person: Person, language: str = "") -> bool:
    """Whether person's name is written family name first: by their `name_language`;
    else by its script (Han, Kana, Hangul; a name in Han alone by the person's country,
    textrules.name_language); else, for a name in Latin letters, by language, the
    language the event's names are written in (an event in Hungarian writes Kovács
    Zsófia). A Hungarian name at an event in another language is taken as written given
    name first, as Hungarians abroad write it, unless its `name_language` says hu."""
    found = person.name_language or name_language(person.name, person.country, "")
    if (
        not found
        and language
        and all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in person.name)
    ):
        found = language
    return found.split("-")[0].lower() in FILED_AS_WRITTEN


class Talk(_Frozen):
    """One talk of a session, in its running order: who gives it, its title, how long."""

    people: Annotated[
        tuple[Identifier, ...],
        Field(min_length=1, max_length=MAX_ITEMS),
        BeforeValidator(_scalar_list, json_schema_input_type=str | list[str]),
    ]
    """The id of the person who gives it (or the ids of those who give it together):
    each one of the item's `people`."""
    title: Line | None = None
    """The talk's own title, when it has one."""
    minutes: Annotated[int, Field(ge=1, le=24 * 60)] | None = None
    """How long it lasts, in minutes; talks without it share what the others leave of
    the session's time evenly."""


def _talks_by_speakers(item: ProgrammeItem) -> ProgrammeItem:
    """Every talk given by people the item names among its speakers (`people`), as
    written or but for case and accents (`lea` for `léa`), so that the talks are the
    running order of speakers every other output lists."""
    speakers = {fold(key) for key in item.people}
    for index, talk in enumerate(item.talks):
        strangers = [key for key in talk.people if fold(key) not in speakers]
        if strangers:
            listed = ", ".join(f"'{key}'" for key in strangers)
            raise ValueError(
                f"talks[{index}] names {listed}, not among this item's people: add "
                f"{'them' if len(strangers) > 1 else 'the id'} to its people, or correct "
                f"the talk's"
            )
    return item


class ProgrammeItem(_Frozen):
    """One slot of the programme."""

    title: Line
    """What happens: Opening, Panel, Coffee break."""
    date: Day | None = None
    """The day, when the event has several; defaults to the event's date."""
    start: Clock | None = None
    """Start time, H:MM or HH:MM (24-hour)."""
    end: Clock | None = None
    """End time; an end before the start is the next day (23:00 to 01:30)."""
    room: Line | None = None
    """Where, when it differs from the event's room; sessions at the same time in
    different rooms are printed side by side, as a timetable."""
    venue: Annotated[Place | None, BeforeValidator(_place, json_schema_input_type=str | Place)] = (
        None
    )
    """Where it is when not at the event's venue (a dinner, a reception): the place's
    name, or its name and address; printed with the item and the calendar's location."""
    kind: PlainLine | None = None
    """What sort of item: a session's (Panel, Workshop, Keynote), or a break's, set apart
    in print: break, coffee, meal, lunch, dinner, or the word in any language brochure
    has a catalogue for (pause, déjeuner, almuerzo, Kaffeepause, Mittagspause, 午餐...).
    A kind brochure knows prints in each pack's words (Coffee break, Kaffeepause)."""
    track: Line | None = None
    """The track (or stream) it belongs to, when the programme has several: Security,
    Open Data; as a conference system names it (pretalx's, Sessionize's, Indico's)."""
    chairs: Annotated[
        tuple[Identifier, ...],
        Field(max_length=MAX_ITEMS),
        BeforeValidator(_scalar_list, json_schema_input_type=str | list[str]),
    ] = ()
    """Ids of the people who chair or moderate it (printed apart from the speakers)."""
    people: Annotated[
        tuple[Identifier, ...],
        Field(max_length=MAX_ITEMS),
        BeforeValidator(_scalar_list, json_schema_input_type=str | list[str]),
    ] = ()
    """Ids of the people who speak in it (or lead it)."""
    description: Text | None = None
    """A few sentences about it."""
    status: ItemStatus = "scheduled"
    """scheduled (the default), or cancelled: a cancelled item stays in the file and is
    printed marked as cancelled wherever people look for it (every programme, each
    speaker's sessions, the door signs, the timetable; STATUS:CANCELLED in the
    calendar), not left out, and certifies nothing. A session that moves to another
    room is not a status: its `room` says where it is now and `moved_from` where it was
    announced."""
    moved_from: Line | None = None
    """The room it was announced in, when it has moved to the room `room` names: the
    old room's door sign then says where it went, the new room's where it came from,
    and the programmes say "Moved here from" it."""

    @model_validator(mode="after")
    def _moved_somewhere(self) -> ProgrammeItem:
        if self.moved_from is not None:
            if self.room is None:
                raise ValueError("moved_from needs `room`: the room it has moved to")
            if fold(self.moved_from) == fold(self.room):
                raise ValueError(
                    f"moved_from and room both name {self.room}: moved_from is the room it "
                    "was announced in, room the one it has moved to"
                )
        return self

    @property
    def is_cancelled(self) -> bool:
        """Whether it is cancelled (status: cancelled)."""
        return self.status == "cancelled"

    talks: Annotated[tuple[Talk, ...], Field(max_length=MAX_ITEMS)] = ()
    """Its talks in running order, each with its speaker (one of `people`), its title
    and its minutes: the chairs' run sheets print them, with the time each starts. A
    speaker without a talk follows the talks."""

    _talks = model_validator(mode="after")(_talks_by_speakers)

    @property
    def is_break(self) -> bool:
        """Whether it is a break or a meal (its kind says so, in any catalogue's language)."""
        return is_break_kind(self.kind)

    def span(self, default_day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        """When it starts and ends, as local date and time (its own date, else
        default_day); an end before the start is the next day's; no end: a moment.
        None when it has no start."""
        if self.start is None:
            return None
        begins = dt.datetime.combine(self.date or default_day, self.start)
        if self.end is None:
            return begins, begins
        ends = dt.datetime.combine(self.date or default_day, self.end)
        return begins, ends if ends >= begins else ends + dt.timedelta(days=1)


class BadgeOptions(_Frozen):
    """How name badges are printed."""

    layout: Annotated[PlainLine, AfterValidator(_layout_name)] | None = None
    """a4-8 (office printers), a6, cr80, letter-6, or a layout file of your own; by
    default the office sheet of the paper where the event is: letter-6 where Letter is
    the paper (the language's region or the event's country, as for the brochure),
    a4-8 elsewhere."""
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


class TentOptions(_Frozen):
    """How table tents are printed."""

    layout: Annotated[PlainLine, AfterValidator(_layout_name)] | None = None
    """a4 (one tent per A4 sheet, folded lengthwise), a4-2 (two smaller tents per A4
    sheet, cut apart and folded), letter, letter-2, or a layout file of your own; by
    default one tent per sheet of the paper where the event is: letter where Letter is
    the paper, a4 elsewhere."""


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
    bilingual: (
        Annotated[
            tuple[LanguageTag, LanguageTag],
            BeforeValidator(_two_languages, json_schema_input_type=list[str]),
        ]
        | None
    ) = None
    """Two of the event's `languages`, the first first ([fr, en]): a bilingual edition
    too, as bilingual countries print one (`output/fr+en/`: the brochure with both, the
    badges' roles in both, the concept note as a two-column table); `--bilingual fr,en`."""


TimetablePaper = Literal["a3", "a2", "a1", "tabloid", "letter"]
"""The sheets a wall timetable is printed on: ISO 216 A3, A2 and A1, and the US Tabloid
(11 x 17 in) and Letter."""
TIMETABLE_PAPERS: tuple[str, ...] = typing.get_args(TimetablePaper)


class TimetableOptions(_Frozen):
    """How the wall timetable is printed."""

    paper: Annotated[TimetablePaper, BeforeValidator(_lower)] | None = None
    """a3, a2, a1 (a print shop's poster sizes), tabloid or letter; by default A3, or
    Tabloid where Letter is the office paper (the language's region or the event's
    country, as for the brochure). Portrait for up to four rooms a day, landscape for
    more."""


#: The most minutes a time card says: two hours.
MOST_MINUTES = 120


def _minutes(value: object) -> object:
    """`minutes: 5` is a list of one."""
    return [value] if isinstance(value, int | str) else value


def _each_minutes_once(minutes: tuple[int, ...]) -> tuple[int, ...]:
    """Each number of minutes from 1 to MOST_MINUTES, and once."""
    wrong = [n for n in minutes if not 1 <= n <= MOST_MINUTES]
    if wrong:
        raise ValueError(f"{wrong[0]} is not a number of minutes from 1 to {MOST_MINUTES}")
    if len(set(minutes)) != len(minutes):
        raise ValueError("names a number of minutes twice")
    return minutes


class TimeCardOptions(_Frozen):
    """Which time cards a timekeeper holds up."""

    minutes: Annotated[
        tuple[int, ...],
        Field(min_length=1, max_length=12),
        BeforeValidator(_minutes, json_schema_input_type=int | list[int]),
        AfterValidator(_each_minutes_once),
    ] = (10, 5, 1)
    """The minutes left that a card each says (10, 5, 1 by default; 1 to 120 each),
    printed from the most to the fewest; a last card says the time is up."""


#: What a column of a registration export may hold: a field of `people`, or `ignore`.
ColumnTarget = Literal[
    "name",
    "given",
    "family",
    "honorific",
    "id",
    "position",
    "organisation",
    "country",
    "role",
    "status",
    "bio",
    "email",
    "share_contact",
    "ignore",
]


class AttendeeFile(_Frozen):
    """A registration export, and how to read it."""

    file: FileName
    """The CSV file (comma, semicolon or tab; UTF-8 or UTF-16) inside the source folder."""
    columns: Annotated[
        dict[PlainLine, Annotated[ColumnTarget, BeforeValidator(_lower)] | None],
        Field(max_length=MAX_ITEMS),
    ] = {}
    """Which field of `people` a column holds, for columns brochure does not know by name
    (`Ticket Type: role`); `ignore` (or nothing) leaves a column out. A column is named
    by its header, or by its number (`7: ignore`) when two share one header."""
    roles: Annotated[dict[PlainLine, Role], Field(max_length=MAX_ITEMS)] = {}
    """What the role column's values mean (`"Speaker pass": speaker`), ignoring case."""


class Signer(_Frozen):
    """Someone who signs the certificates: their name and position printed under their
    signature."""

    name: Line
    """As printed under the signature: Marek Zieliński."""
    position: Line | None = None
    """Their position, printed under the name: Director."""
    organisation: Line | None = None
    """The organisation they sign for, printed after the position."""
    signature: FileName | None = None
    """An image of the signature (SVG, PNG or JPEG) inside the source folder, printed
    above the name; without one, a line to sign by hand."""


class CheckinFile(_Frozen):
    """A check-in export, and how to read it."""

    file: FileName
    """The CSV file (comma, semicolon or tab; UTF-8 or UTF-16) inside the source folder."""
    columns: Annotated[
        dict[
            PlainLine,
            Annotated[ColumnTarget | Literal["checked_in"], BeforeValidator(_lower)] | None,
        ],
        Field(max_length=MAX_ITEMS),
    ] = {}
    """Which field a column holds, for columns brochure does not know by name (`Anwesend:
    checked_in`, `Teilnehmer: name`); `ignore` (or nothing) leaves a column out."""


def _checkin_file(value: object) -> object:
    """`attended: checkins.csv` names the file alone."""
    return {"file": value} if isinstance(value, str) else value


class CertificateOptions(_Frozen):
    """Certificates of attendance and of presentation (`certificates.pdf`), asked for by
    writing this section (`certificates: {}` makes the presentation certificates alone)."""

    attended: Annotated[
        CheckinFile | None,
        BeforeValidator(_checkin_file, json_schema_input_type=str | CheckinFile | None),
    ] = None
    """The check-in export that says who came (a CSV inside the source folder), or the
    file with how to read its columns: pretix's check-in list, brochure's own
    checkin.csv with a `Checked in` column added at the door (yes/no, true/false, 1/0 or
    the time), or the attendee list `brochure import pretix` writes. Without one, no
    certificates of attendance are made."""
    signers: Annotated[tuple[Signer, ...], Field(max_length=4)] = ()
    """Who signs each certificate (at most four), in the order printed."""
    secret: FileName | None = None
    """A file inside the source folder holding the organiser's secret (at least 16
    characters), which keys the verification codes (HMAC-SHA256): without it, anyone who
    knows a person's id can work their code out. Keep it, and keep it out of what you
    publish: the codes of certificates already sent depend on it."""
    split: bool = False
    """Also one PDF per person, named by their id, in the folder `certificates/` (for
    sending by e-mail); `--split` on the command line."""


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
        # A list written in the file is a list like any other; an export's rows (up to
        # MAX_ATTENDEES) are read and validated row by row by the loader, not here.
        Field(max_length=MAX_ITEMS),
        BeforeValidator(_rows, json_schema_input_type=str | AttendeeFile | list[Person]),
    ] = ()
    """Registrations: a registration export (a CSV file inside the source folder), with
    how to read its columns, or the people themselves, as a list."""
    badges: BadgeOptions = BadgeOptions()
    """Name badges."""
    brochure: BrochureOptions = BrochureOptions()
    """The printed brochure."""
    certificates: CertificateOptions | None = None
    """Certificates of attendance and of presentation; none when not written."""
    timetable: TimetableOptions = TimetableOptions()
    """The wall timetable."""
    time_cards: TimeCardOptions = TimeCardOptions()
    """The timekeeper's cards."""
    tents: TentOptions = TentOptions()
    """Table tents: the folded name cards on the speakers' table."""

    @property
    def everyone(self) -> tuple[Person, ...]:
        """People, then attendees: everyone who gets a badge."""
        return self.people + self.attendees

    def person(self, key: str) -> Person:
        """The person with this id, or whose id it is but for case and accents
        (`léa-martin` finds `lea-martin`); KeyError when there is none."""
        found = self._people_by_key.get(key) or self._people_by_folded.get(fold(key))
        if found is None:
            raise KeyError(key)
        return found

    def unknown_ids(self) -> tuple[str, ...]:
        """The ids programme items name (as chairs or people; talks name only an item's
        people) that no one has, as person finds them: the loader reports each where it is
        written (reading/load.py); a layout cannot be filled in until they are put right."""
        unknown: list[str] = []
        for item in self.programme:
            for key in (*item.chairs, *item.people):
                try:
                    self.person(key)
                except KeyError:
                    unknown.append(key)
        return tuple(dict.fromkeys(unknown))

    @cached_property
    def _people_by_key(self) -> dict[str, Person]:
        return {person.key: person for person in self.everyone}

    @cached_property
    def _people_by_folded(self) -> dict[str, Person | None]:
        """Ids without case and accents; None where two ids fold alike (ambiguous)."""
        folded: dict[str, Person | None] = {}
        for person in self.everyone:
            key = fold(person.key)
            folded[key] = None if key in folded else person
        return folded

    def model_copy(self, *, update: typing.Any = None, deep: bool = False) -> Event:
        """A copy with update applied; lookups cached on this event are not carried over."""
        copy = super().model_copy(update=update, deep=deep)
        copy.__dict__.pop("_people_by_key", None)
        copy.__dict__.pop("_people_by_folded", None)
        return copy

    def by_family_name(self, people: Iterable[Person] | None = None) -> list[Person]:
        """people (default: everyone) in the order they are filed, by family name
        (Person.filing_key): the one order of the badges, the check-in list, the table
        tents and the certificates."""
        language = self.event.names_language
        chosen = self.everyone if people is None else people
        return sorted(chosen, key=lambda person: person.filing_key(language))

    def with_role(self, *roles: str) -> tuple[Person, ...]:
        """People with one of these roles, in the order the YAML gives them."""
        return tuple(person for person in self.people if person.role in roles)


# Letters that carry their mark inside the glyph, so NFKD does not take it off; sorted
# with their base letter as dictionaries do (Łukasiewicz among the L's).
_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h"}
)


@functools.cache
def _transliterator() -> typing.Any:
    import icu  # pyicu-wheels; loaded only when a name is in another script

    return icu.Transliterator.createInstance("Any-Latin; Latin-ASCII")


def _romanized(text: str) -> str:
    """text in Latin letters (ICU's Any-Latin: CLDR's transliterations)."""
    return str(_transliterator().transliterate(text))


@functools.cache
def country_names(language: str) -> dict[str, tuple[str, str]]:
    """Folded country names -> (name, ISO 3166 code), in English and the language (CLDR),
    and ISO 3166-1's own English short names ("Viet Nam", "Korea, Republic of").

    CLDR's territories include regions (World, Europe: three digits), groupings (EU,
    Eurozone, United Nations) and its "Unknown Region" (ZZ); only countries
    (iso3166.COUNTRIES) are names to write, with CLDR's other English names for them
    (iso3166.OTHER_NAMES: Palestine). A tag Babel does not know adds no names of its own.
    """
    names: dict[str, tuple[str, str]] = {}
    for tag in dict.fromkeys(("en", language.replace("-", "_"))):
        try:
            territories = Locale.parse(tag).territories
        except (ValueError, UnknownLocaleError):
            continue
        for code, name in territories.items():
            if code in iso3166.COUNTRIES:
                names.setdefault(fold(name), (name, code))
    for code, name in iso3166.SHORT_NAMES.items():
        names.setdefault(fold(name), (name, code))
    for name, code in iso3166.OTHER_NAMES.items():
        names.setdefault(fold(name), (name, code))
    return names


def country_code(country: str, language: str) -> str | None:
    """The ISO 3166 code of a country as the event file gives it: a code, or a name
    CLDR knows in English or the language (accents and case aside); None otherwise."""
    country = country.strip()
    if len(country) == 2 and country.isalpha():
        return country.upper()
    found = country_names(language).get(fold(country))
    return found[1] if found else None


def fold(text: str) -> str:
    """Text for sorting and comparing: no case, no accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _is_latin(char: str) -> bool:
    return char.isascii() or unicodedata.name(char, "").startswith("LATIN")


def make_id(text: str) -> str:
    """A readable id made of the words of text, in their own script ('' when text has no
    letters or digits): María García -> maria-garcia (Latin letters lose their accents,
    as people type ids), 王秀英 -> 王秀英, محمد علي -> محمد-علي, Γιώργος -> γιώργος."""
    out: list[str] = []
    after_latin = False
    for char in unicodedata.normalize("NFC", text).lower():
        kind = unicodedata.category(char)[0]
        if kind == "M":  # a mark belongs to the letter before it
            if out and out[-1] != "-" and not after_latin:
                out.append(char)
        elif kind in "LN":
            after_latin = _is_latin(char)
            out.append(fold(char) if after_latin else char)
        else:
            out.append("-")
            after_latin = False
    return re.sub(r"-{2,}", "-", "".join(out)).strip("-")


@functools.cache
def described() -> None:
    """Give every field of the event's classes its docstring as its description, as
    pydantic's use_attribute_docstrings would at import, and build the classes again
    with them (the JSON schema shows them). Once per process; the models validate as
    before."""
    from pydantic._internal._docs_extraction import extract_docstrings_from_cls

    classes: list[type[_Frozen]] = []
    queue = list(_Frozen.__subclasses__())
    while queue:  # in the order defined: a class before those that hold it
        kind = queue.pop(0)
        classes.append(kind)
        queue += kind.__subclasses__()
    for kind in classes:
        docs = extract_docstrings_from_cls(kind, use_inspect=True)
        for name, info in kind.model_fields.items():
            if info.description is None and name in docs:
                info.description = docs[name]
    for kind in classes:
        kind.model_rebuild(force=True)
