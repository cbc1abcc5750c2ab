"""A person's contact card as vCard text, and how text goes into a QR code so phones read
it as written.

A vCard is version 3.0 (RFC 2426), the version phones' cameras and contact apps read
best, written with the escaping RFC 6350 section 3.4 gives both versions: a backslash,
comma and semicolon in a value are escaped (`\\\\`, `\\,`, `\\;`), so "Smith, Jones &
Partners; Dublin" is one organisation and "O'Brien; Jr" one family name, not two fields;
lines are folded at 75 octets (RFC 6350 section 3.2), never inside a character.

A QR code's byte mode is ISO-8859-1 unless an ECI says otherwise (ISO/IEC 18004 section
7.4.2): text that is not plain ASCII is written as UTF-8 and declared so by ECI 26, which
iOS, Android (ZXing) and zbar read; UTF-8 without it is guessed at, and ISO-8859-1 is
shown garbled by phones that guess UTF-8.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from brochure.model import Person

#: The longest content line, in octets, before it is folded (RFC 6350 section 3.2).
LINE_OCTETS = 75


def escaped(value: str) -> str:
    """value as a vCard text value (RFC 6350 section 3.4): backslash, comma and semicolon
    escaped, a line break written `\\n`."""
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def contact_card(person: Person) -> str:
    """The vCard 3.0 of person, as the badge prints them: FN the name as written, N its
    family and given names (a name that does not split is all family name), then what is
    given of e-mail (EMAIL), organisation (ORG) and job title (TITLE). Lines end in CRLF
    and are folded at 75 octets."""
    family, given = person.family, person.given
    if family is None and given is None:
        family = person.name
    structured = ";".join(escaped(part or "") for part in (family, given, "", "", ""))
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{structured}", f"FN:{escaped(person.name)}"]
    if person.organisation:
        lines.append(f"ORG:{escaped(person.organisation)}")
    if person.email:
        lines.append(f"EMAIL:{escaped(person.email)}")
    if person.position:
        lines.append(f"TITLE:{escaped(person.position)}")
    lines.append("END:VCARD")
    return "".join(folded(line) + "\r\n" for line in lines)


def folded(line: str) -> str:
    """A content line folded after at most 75 octets of UTF-8, each continuation starting
    with a space (RFC 6350 section 3.2); a character is never split."""
    pieces: list[str] = []
    current, size = "", 0
    limit = LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append(current)
            # the continuation's leading space counts towards its 75 octets
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += char
        size += octets
    pieces.append(current)
    return "\r\n ".join(pieces)


def unfolded(text: str) -> str:
    """vCard text with its folded lines joined again (RFC 6350 section 3.2)."""
    return text.replace("\r\n ", "").replace("\r\n\t", "")


def qr_encoding(text: str) -> dict[str, Any]:
    """segno's arguments for text: none for ASCII (the same bytes in every reading),
    else UTF-8 declared by ECI 26."""
    return {} if text.isascii() else {"encoding": "utf-8", "eci": True}
