"""brochure's gettext catalogues as files: which languages have one, each compiled in
memory, and the tables of words read from them that the event model needs.

The catalogues are `locale/NAME/LC_MESSAGES/messages.po` (NAME as Babel names locales:
`de`, `pt_PT`, `zh_Hans`, `nb`). This module imports nothing of brochure's, so that both
the event model (model.py: which programme items are breaks) and the formatting of words
(i18n.py) may read the catalogues without importing each other.
"""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

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
    folder = folder or CATALOGUES
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


@functools.cache
def read(path: Path) -> Catalog:
    """A catalogue as Babel reads it, once per process."""
    with path.open("rb") as stream:
        return read_po(stream, locale=path.parent.parent.name, domain=DOMAIN)


@functools.cache
def compiled(path: Path) -> bytes:
    """A catalogue compiled (a `.mo` file's bytes), once per process. Fuzzy translations,
    which `pybabel update` guesses, are left out: their words print in English until
    someone checks them."""
    buffer = io.BytesIO()
    write_mo(buffer, read(path), use_fuzzy=False)
    return buffer.getvalue()


def translated(
    message: str, context: str | None = None, folder: Path | None = None
) -> dict[str, str]:
    """message's translation (in its context) in each catalogue that has one checked
    (not fuzzy), by locale name."""
    found = {}
    for name in catalogues(folder):
        entry = read(path_of(name, folder)).get(message, context=context)
        if entry is not None and not entry.fuzzy and isinstance(entry.string, str) and entry.string:
            found[name] = entry.string
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
