"""What pydantic found wrong, said in the words an organiser uses."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
import types
import typing
from typing import Any

import pydantic

from brochure.model import Event, is_language_mapping, twelve_hour, unknown_language_key
from brochure.reading.yamlsource import Path_, colon_in_text, invisible, is_invisible

_TYPE_NAMES = {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}
#: The kinds of error of text (or a list of texts) written as a mapping instead.
_TEXT_KINDS = ("string_type", "tuple_type", "list_type")


def located_key(error: Any) -> str | None:
    """The key of the mapping an error is about, when the error is that key's (a key of
    text written by language that is no language): its problem is placed there."""
    if error["type"] in _TEXT_KINDS:
        return unknown_language_key(error.get("input"))
    return None


def message(
    error: Any, path: Path_, root: type[pydantic.BaseModel] = Event, language: str = ""
) -> str:
    """One pydantic error (a dict of `ValidationError.errors()`) as a sentence; path is
    where the value is, inside root. language (BCP 47, the event's) reads a date written
    with slashes for a suggestion (09/14/2027 in en-US: 2027-09-14)."""
    kind, value, context = error["type"], error.get("input"), error.get("ctx") or {}
    found = _TYPE_NAMES.get(type(value), type(value).__name__)
    if kind == "missing":
        if path[-1:] == ("name",) and path[:1] in (("people",), ("attendees",)):
            return "is required: give the name, or the given and family names"
        return "is required"
    if kind in _TEXT_KINDS and (key := unknown_language_key(value)) is not None:
        others = ", ".join(k for k in value if k != key)
        return (
            f"'{key}' is not a language brochure knows (BCP 47, as CLDR has it); text "
            f"written by language has a key for each language ({others}): correct the "
            "key, or remove the text"
        )
    if kind in _TEXT_KINDS and is_language_mapping(value):
        return (
            f"is written in {', '.join(value)}, and in none of the languages the event is "
            "printed in (event.language or event.languages): add the text in that language"
        )
    if kind == "string_type" and _looks_like_colon_text(value):
        return colon_in_text(*next(iter(value.items())))
    if kind == "extra_forbidden":
        return unknown_key(str(path[-1]), fields_at(path[:-1], root))
    if value is None:
        return "is empty; give a value or remove the key"
    if kind == "literal_error":
        return f"'{value}' is not one of {context.get('expected', '')}"
    if kind.startswith("date"):
        meant = iso_date(value, language) if isinstance(value, str) else None
        hint = f"; did you mean {meant}?" if meant else ""
        return f"'{value}' is not a date; write it as YYYY-MM-DD (2016-12-08){hint}"
    if kind.startswith("time"):
        meant = twelve_hour(value) if isinstance(value, str) else None
        hint = f"; did you mean {meant}?" if meant else ""
        return f"'{value}' is not a time; write it as HH:MM, 24-hour (14:30){hint}"
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
    if kind in ("greater_than_equal", "less_than_equal", "greater_than"):
        bound = context.get("ge", context.get("le", context.get("gt")))
        words = {"ge": "at least", "le": "at most", "gt": "more than"}
        which = next(key for key in words if key in context)
        return f"{value} must be {words[which]} {bound}"
    if kind == "string_unicode":
        # YAML's "\ud83d\ude00" is two halves of a pair (UTF-16's way of writing 😀), which
        # YAML, unlike JSON, does not join.
        return (
            "holds half of a UTF-16 pair (an escape like \\ud83d): write the character "
            "itself, or its code as \\U0001F600"
        )
    if kind == "string_type":
        return f"expected text, found {found}"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list, found {found}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping of keys to values, found {found}"
    if kind == "value_error":
        return str(context.get("error", error["msg"]))
    return str(error["msg"])


def meaningful(errors: list[Any]) -> list[Any]:
    """pydantic's errors without those that only follow from others: a list whose
    entries are all invalid is also "too short" once they are dropped (`minutes: [1.5]`
    needs at least 1 entry), which its entries' own errors already say."""
    return [
        error
        for error in errors
        if not (
            error["type"] == "too_short"
            and isinstance(error.get("input"), list | tuple | dict)
            and len(error["input"]) >= (error.get("ctx") or {}).get("min_length", 0)
        )
    ]


def unknown_key(key: str, known: typing.Iterable[str]) -> str:
    """ "unknown key 'nmae'; did you mean 'name'?"; a key with an invisible character in
    it (a zero-width space pasted from a web page) is told so."""
    hidden = invisible(key)
    if hidden:
        visible = "".join(c for c in key if not is_invisible(c)).strip()
        return f"the key '{visible}' has {hidden} in it; retype the key"
    close = closest(key, sorted(known))
    hint = f"; did you mean '{close}'?" if close else ""
    return f"unknown key '{key}'{hint}"


def _looks_like_colon_text(value: object) -> bool:
    """A mapping of one key to text where text was expected: `- Consent: who gives it?`."""
    return (
        isinstance(value, dict)
        and len(value) == 1
        and all(isinstance(v, str | None) for v in value.values())
    )


#: The most candidates one suggestion compares: difflib's ratio is quadratic in the
#: word's length and linear in the candidates, and a file may name 100,000 people.
MAX_CANDIDATES = 2_000


def closest(word: str, candidates: typing.Sequence[str], cutoff: float = 0.6) -> str | None:
    """The candidate most like word (difflib's ratio of at least cutoff), or None.

    Only candidates of about word's length are compared, at most MAX_CANDIDATES (those
    sharing its first letter first), so the time spent is bounded whatever the list.
    """
    slack = max(2, len(word) // 3)
    near = [c for c in candidates if abs(len(c) - len(word)) <= slack]
    if len(near) > MAX_CANDIDATES:
        near = [c for c in near if c[:1] == word[:1]][:MAX_CANDIDATES]
    close = difflib.get_close_matches(word, near, n=1, cutoff=cutoff)
    return close[0] if close else None


def fields_at(path: Path_, root: type[pydantic.BaseModel] = Event) -> set[str]:
    """The keys the schema allows at path (a mapping inside root)."""
    model: Any = root
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


_SLASHED_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")


def iso_date(value: str, language: str = "") -> str | None:
    """A date written with slashes or dots (09/14/2027, 14.09.2027) as the ISO 8601 date
    it means, when one reading alone is a date: a day over 12 decides, else the order of
    the event's language's short date (CLDR: month first in en-US, day first in en-GB
    and fr); None when it stays ambiguous or is no date. A hint only: the event file
    keeps ISO dates."""
    match = _SLASHED_DATE.fullmatch(value.strip())
    if not match:
        return None
    first, second, year = int(match[1]), int(match[3]), int(match[4])
    readings = set()
    for month, day in ((first, second), (second, first)):
        with contextlib.suppress(ValueError):
            readings.add(dt.date(year, month, day))
    if len(readings) > 1:
        order = _month_first(language)
        if order is None:
            return None
        month, day = (first, second) if order else (second, first)
        readings = {dt.date(year, month, day)}
    return readings.pop().isoformat() if readings else None


def _month_first(language: str) -> bool | None:
    """Whether the language's short date (CLDR, through Babel) puts the month before
    the day; None when it is not known (no language, or one Babel does not know)."""
    if not language:
        return None
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_date_format

    try:
        pattern = get_date_format("short", locale=Locale.parse(language, sep="-")).pattern
    except (ValueError, UnknownLocaleError):
        return None
    month, day = pattern.find("M"), pattern.find("d")
    return None if month < 0 or day < 0 else month < day
