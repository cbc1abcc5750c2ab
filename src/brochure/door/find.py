"""Who is asked for at the door: a person found by id, by what their badge's QR code
says, by e-mail address or by name.

What a scanner types is what the QR code carries (outputs/badges/qr.py): the person's id
(`badges.qr: id`, or an export's own code named as the id, such as pretix's ticket
secret), or a contact card (`badges.qr: vcard`), read here for its e-mail and name. A
name is matched without case or accents, whole first, then word by word from the start
of each word ("ana sil" finds Ana Silva), or anywhere in a name written without spaces
(山田 finds 山田太郎), in every form the name is written in: each language's
(`name: {ar: ليلى حداد, en: Layla Haddad}`: "haddad" finds her at an Arabic desk too)
and the registration export's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from brochure.errors import InputError, Problem
from brochure.model import Person, fold
from brochure.vcard import unfolded

#: People listed in the message about a name many share; the rest are counted.
LISTED = 10
#: Where the words of a name part (folded): spaces, hyphens, apostrophes, full stops.
_WORD_BREAKS = re.compile(r"[\s\-'’.]+")


@dataclass(frozen=True)
class Match:
    """The people who fit what was asked, and how (a whole match outranks a partial one)."""

    people: tuple[Person, ...]
    how: str
    """id, code, e-mail, name, or words (part of a name); '' when nobody fits."""


def matches(everyone: Sequence[Person], asked: str) -> Match:
    """The people of everyone that asked names: by id (case and accents aside), by a
    scanned contact card's e-mail, then name, by e-mail address, by the whole name, else
    by part of the name. Several people share a name; nobody fits: an empty match."""
    text = asked.strip()
    if not text:
        return Match((), "")
    if text.upper().startswith("BEGIN:VCARD"):
        email, name = _card(text)
        found = _by_email(everyone, email) if email else ()
        if not found and name:
            found = _by_name(everyone, name)
        return Match(found, "code" if found else "")
    key = fold(text)
    by_id = tuple(p for p in everyone if p.key == text or fold(p.key) == key)
    if by_id:
        return Match(by_id, "id")
    if "@" in text:
        found = _by_email(everyone, text)
        return Match(found, "e-mail" if found else "")
    found = _by_name(everyone, text)
    if found:
        return Match(found, "name")
    found = _by_words(everyone, text)
    return Match(found, "words" if found else "")


def find(everyone: Sequence[Person], asked: Sequence[str], language: str = "") -> list[Person]:
    """The one person each of asked names, in order, each once (language: the event's
    names', EventInfo.names_language, for listing several by family name).

    Raises InputError with a problem for each that fits nobody, and for each that fits
    several (listed with their ids and organisations, so the id can be given instead).
    """
    found: list[Person] = []
    problems: list[Problem] = []
    for text in asked:
        match = matches(everyone, text)
        if len(match.people) == 1:
            if match.people[0] not in found:
                found.append(match.people[0])
        elif not match.people:
            problems.append(Problem(None, "", f"nobody fits '{text.strip()}'{_hint(text)}"))
        else:
            problems.append(Problem(None, "", _several(text, match.people, language)))
    if problems:
        raise InputError(problems)
    return found


def describe(person: Person) -> str:
    """A person as the lists at the door name them: name (id, organisation)."""
    return f"{person.name} ({', '.join(p for p in (person.key, person.organisation) if p)})"


def _several(text: str, people: tuple[Person, ...], language: str) -> str:
    ordered = sorted(people, key=lambda person: person.filing_key(language))
    listed = "; ".join(describe(person) for person in ordered[:LISTED])
    more = len(ordered) - LISTED
    tail = f"; and {more} more" if more > 0 else ""
    return (
        f"'{text.strip()}' fits {len(people)} people: {listed}{tail}; give the id of the "
        "one you mean"
    )


def _hint(text: str) -> str:
    if text.strip().upper().startswith("BEGIN:VCARD"):
        return " (a contact card whose e-mail and name nobody has)"
    return " (by id, e-mail address or name); a walk-in is added with --name"


def _by_email(everyone: Sequence[Person], email: str) -> tuple[Person, ...]:
    wanted = email.strip().casefold()
    return tuple(p for p in everyone if p.email and p.email.strip().casefold() == wanted)


def _by_name(everyone: Sequence[Person], name: str) -> tuple[Person, ...]:
    wanted = " ".join(fold(name).split())
    return tuple(
        p for p in everyone if any(" ".join(fold(form).split()) == wanted for form in p.names)
    )


def _by_words(everyone: Sequence[Person], text: str) -> tuple[Person, ...]:
    """Those whose name holds every word of text at the start of one of its words; a word
    in a script written without spaces (no ASCII letter in it) anywhere in the name."""
    asked = [word for word in _WORD_BREAKS.split(fold(text)) if word]
    if not asked:
        return ()
    return tuple(p for p in everyone if any(_fits(fold(form), asked) for form in p.names))


def _fits(name: str, asked: list[str]) -> bool:
    words = [word for word in _WORD_BREAKS.split(name) if word]
    return all(
        any(word.startswith(part) for word in words) if part.isascii() else part in name
        for part in asked
    )


def _card(text: str) -> tuple[str | None, str | None]:
    """The e-mail address and the formatted name (EMAIL, FN) of a vCard's text, its
    escapes undone; None where it has none. A scanner may end lines with CR, LF or both."""
    email = name = None
    for line in unfolded(text.replace("\r\n", "\n").replace("\n", "\r\n")).split("\r\n"):
        field, _, value = line.partition(":")
        kind = field.split(";")[0].strip().upper()
        value = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)
        if kind == "EMAIL" and email is None:
            email = value.strip()
        elif kind == "FN" and name is None:
            name = value.strip()
    return email, name
