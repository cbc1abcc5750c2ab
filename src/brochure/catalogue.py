"""brochure's gettext catalogues as files: which languages have one, each compiled in
memory, and the tables of words read from them that the event model needs.

The catalogues are `locale/NAME/LC_MESSAGES/messages.po` (NAME as Babel names locales:
`de`, `pt_PT`, `zh_Hans`, `nb`). This module imports nothing of brochure's, so that both
the event model (model.py: which programme items are breaks) and the formatting of words
(i18n.py) may read the catalogues without importing each other.
"""

from __future__ import annotations

import functools
import re
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

CATALOGUES = Path(__file__).parent / "locale"
DOMAIN = "messages"


def N_(message: str) -> str:
    """Mark a message for extraction where it is defined; it is translated where used."""
    return message


def NP_(context: str, message: str) -> str:
    """Mark a message with its context (gettext's msgctxt: a word that names one thing
    among others, `kind` "Panel") where it is defined; it is translated where used."""
    return message


# Translators: never printed. The words that make a programme item a break or a meal
# when an event file gives them as its kind (kind: Coffee break, kind: Kaffeepause):
# your language's words, comma-separated, as organisers write them in a programme,
# single words and compounds alike (kaffeepause, mittagspause). A word of several is
# found as a whole phrase (makan siang); in Chinese, Japanese and Korean anywhere in the
# kind (午餐 in 午餐会). No words that also name a session (lecture, talk).
BREAK_WORDS = N_(
    "break, coffee, tea, meal, breakfast, lunch, dinner, supper, refreshments, snack, recess"
)


def catalogues(folder: Path | None = None) -> tuple[str, ...]:
    """The locale names brochure has a catalogue for (ar, de, en, en_US, zh_Hans...)."""
    return _shipped(CATALOGUES) if folder is None else _found(folder)


@functools.cache
def _shipped(folder: Path) -> tuple[str, ...]:
    """brochure's own catalogues, looked for once per process."""
    return _found(folder)


def _found(folder: Path) -> tuple[str, ...]:
    return tuple(
        sorted(
            path.parent.parent.name
            for path in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
            if path.is_file()
        )
    )


def path_of(name: str, folder: Path | None = None) -> Path:
    """The `.po` file of the catalogue NAME."""
    return (folder or CATALOGUES) / name / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(path: Path) -> Catalog:
    """A catalogue as Babel reads it (for the tools and tests that check catalogues;
    builds read them with `entries`, which a test holds to Babel's reading)."""
    from babel.messages.pofile import read_po

    with path.open("rb") as stream:
        return read_po(stream, locale=path.parent.parent.name, domain=DOMAIN)


class Entry(NamedTuple):
    """One message of a catalogue, as its file has it."""

    context: str | None
    """Its msgctxt (`kind`), if it has one."""
    message: str
    """Its msgid: the English text."""
    plural: str | None
    """Its msgid_plural, for a message with plural forms."""
    strings: tuple[str, ...]
    """Its msgstr; or msgstr[0], msgstr[1]... for one with plural forms ('' where not
    translated)."""
    fuzzy: bool
    """Guessed by `pybabel update` and not checked since: printed in English."""


#: One entry of a .po file as gettext's tools write it: its comments (flags, #~ for an
#: obsolete one), then msgctxt, msgid, msgid_plural and msgstr (or msgstr[n]), each a
#: string or several on lines of their own.
_PO_ENTRY = re.compile(
    r"^(?P<comments>(?:#.*\n)*)"
    r'(?:msgctxt[ \t]+(?P<context>(?:".*"\n)+))?'
    r'msgid[ \t]+(?P<message>(?:".*"\n)+)'
    r'(?:msgid_plural[ \t]+(?P<plural>(?:".*"\n)+))?'
    r'(?P<strings>(?:msgstr(?:\[\d+\])?[ \t]+(?:".*"\n)+)+)',
    re.MULTILINE,
)
_PO_MSGSTR = re.compile(r'msgstr(?:\[\d+\])?[ \t]+((?:".*"\n)+)')
_PO_LINE_END = re.compile(r"[ \t]*\r?\n")
_PO_QUOTED = re.compile(r'"(.*)"')
_PO_ESCAPE = re.compile(r'\\([\\trn"])')
_PO_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


def _text(lines: str | None) -> str:
    """The text of a .po string written over one line or more (its quotes off, its
    escapes read as gettext's tools write them: backslash, quote, newline, tab, return)."""
    if not lines:
        return ""
    # Most are one line ("...", and its line's end): no search needed.
    one = lines.find("\n") == len(lines) - 1
    joined = lines[1:-2] if one else "".join(_PO_QUOTED.findall(lines))
    if "\\" not in joined:
        return joined
    return _PO_ESCAPE.sub(lambda m: _PO_ESCAPES.get(m[1], m[1]), joined)


@functools.cache
def entries(path: Path) -> dict[tuple[str | None, str], Entry]:
    """Every message of a catalogue, by (context, msgid), as Babel's read_po reads it
    (tests/test_catalogue_reading.py holds the two to each other), in a small part of its
    time: every command reads every catalogue (the kinds' words, the break words). The
    header (msgid "") is among them; obsolete entries (#~) are not."""
    _READ.add(path)
    return dict(_parsed(_normalised(path)))


#: The catalogues entries() has read whole in this process.
_READ: set[Path] = set()


def _normalised(path: Path) -> str:
    """A catalogue's text, each line ended alike, with no space before its end (as the
    tools write them), and a line's end after its last line."""
    text = path.read_text(encoding="utf-8") + "\n"
    if " \n" in text or "\t\n" in text or "\r" in text:
        text = _PO_LINE_END.sub("\n", text)
    return text


def _parsed(text: str) -> Iterator[tuple[tuple[str | None, str], Entry]]:
    """Each entry of a catalogue's text (_normalised) but the obsolete, by its key."""
    for entry in _PO_ENTRY.finditer(text):
        comments = entry["comments"]
        if "#~" in comments:
            continue
        fuzzy = "#," in comments and any(
            "fuzzy" in line[2:].replace(",", " ").split()
            for line in comments.splitlines()
            if line.startswith("#,")
        )
        context = _text(entry["context"]) if entry["context"] is not None else None
        message = _text(entry["message"])
        plural = _text(entry["plural"]) if entry["plural"] is not None else None
        strings = tuple(_text(lines) for lines in _PO_MSGSTR.findall(entry["strings"]))
        yield (context, message), Entry(context, message, plural, strings, fuzzy)


@functools.cache
def compiled(path: Path) -> bytes:
    """A catalogue compiled (a `.mo` file's bytes, as Babel's write_mo makes them), once
    per process. Fuzzy translations, which `pybabel update` guesses, are left out, and
    so are untranslated ones: their words print in English until someone checks them."""
    kept = []
    for entry in entries(path).values():
        # As write_mo: the header always; a message with plural forms when it has any
        # msgstr[n], even empty (those forms then print in English).
        empty = not entry.strings or (entry.plural is None and not entry.strings[0])
        if entry.message and (entry.fuzzy or empty):
            continue
        key = entry.message if entry.plural is None else f"{entry.message}\0{entry.plural}"
        if entry.context is not None:
            key = f"{entry.context}\x04{key}"
        if entry.plural is None:
            text = entry.strings[0] if entry.strings else ""
        else:  # a form not translated falls back to the English singular or plural
            english = (entry.message, entry.plural)
            text = "\0".join(s or english[min(n, 1)] for n, s in enumerate(entry.strings))
        kept.append((key.encode(), text.encode()))
    return _mo(sorted(kept))


def _mo(messages: list[tuple[bytes, bytes]]) -> bytes:
    """A GNU .mo file of (msgid, msgstr) pairs, sorted by msgid, without a hash table
    (gettext's format, as Python's gettext module reads it)."""
    count = len(messages)
    ids = strs = b""
    offsets: list[tuple[int, int, int, int]] = []
    for key, text in messages:
        offsets.append((len(ids), len(key), len(strs), len(text)))
        ids += key + b"\0"
        strs += text + b"\0"
    start_ids = 7 * 4
    start_strs = start_ids + count * 8
    start_data = start_strs + count * 8
    id_table = [n for _, length, _, _ in offsets for n in (length, 0)]
    str_table = [n for _, _, _, length in offsets for n in (length, 0)]
    for n, (id_at, _, str_at, _) in enumerate(offsets):
        id_table[2 * n + 1] = start_data + id_at
        str_table[2 * n + 1] = start_data + len(ids) + str_at
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, start_ids, start_strs, 0, 0)
    tables = struct.pack(f"{4 * count}i", *id_table, *str_table)
    return header + tables + ids + strs


def translated(
    message: str, context: str | None = None, folder: Path | None = None
) -> dict[str, str]:
    """message's translation (in its context) in each catalogue that has one checked
    (not fuzzy), by locale name."""
    return translations([(context, message)], folder)[(context, message)]


def translations(
    keys: Iterable[tuple[str | None, str]], folder: Path | None = None
) -> dict[tuple[str | None, str], dict[str, str]]:
    """Each (context, message)'s translated() in every catalogue, each catalogue read
    once for them all, and only for them (_entries_among)."""
    found: dict[tuple[str | None, str], dict[str, str]] = {key: {} for key in keys}
    wanted = frozenset(found)
    for name in catalogues(folder):
        table = _entries_among(path_of(name, folder), wanted)
        for key, words in found.items():
            entry = table.get(key)
            if entry is not None and not entry.fuzzy and entry.plural is None and entry.strings[0]:
                words[name] = entry.strings[0]
    return found


@functools.cache
def _entries_among(
    path: Path, wanted: frozenset[tuple[str | None, str]]
) -> dict[tuple[str | None, str], Entry]:
    """The entries of a catalogue among `wanted`, as entries() reads them, reading only
    its entries that may be among them: every command looks up the kinds' words and the
    break words in all 30 catalogues, and reading each whole took most of the time.
    An entry is never split by a blank line (entries()' pattern cannot match one), so
    the text's blank-line-separated blocks are read apart; a block is read when it has
    the first word of a wanted message (a word gettext's tools never break)."""
    firsts = {message.split(" ", 1)[0] for _, message in wanted}
    # Read whole already (the pack's own language), or a word the file writes escaped.
    if path in _READ or any(char in first for first in firsts for char in '\\"\n\t\r'):
        return {key: entry for key, entry in entries(path).items() if key in wanted}
    found: dict[tuple[str | None, str], Entry] = {}
    has_first = re.compile("|".join(re.escape(first) for first in sorted(firsts))).search
    for block in _normalised(path).split("\n\n"):
        if has_first(block):
            for key, entry in _parsed(block + "\n"):
                if key in wanted:
                    found[key] = entry
    return found


def break_words(folder: Path | None = None) -> dict[str, tuple[str, ...]]:
    """The words that make a programme item a break, by language: English's (the
    message's source text, `en`) and each catalogue's translation of BREAK_WORDS, as
    written there (case and accents are the caller's to fold)."""
    lists = {"en": BREAK_WORDS, **translated(BREAK_WORDS, folder=folder)}
    return {
        name: tuple(word for word in (w.strip() for w in re.split(r"[,،、，;]", text)) if word)
        for name, text in lists.items()
    }
