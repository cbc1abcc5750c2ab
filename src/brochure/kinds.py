"""The kinds of events and of programme items brochure knows, in every catalogue's words.

A kind is written once, in any language brochure has a catalogue for (`kind: Workshop`,
`kind: Taller`, `kind: Kaffeepause`), and printed as the pack's word for it ("Workshop
187" on an English cover, "Taller 187" on a Spanish one); a kind brochure does not know
is printed as written. The concept chapter's heading says what the event is, as a whole
phrase ("About the workshop", "Acerca del taller"): no kind is slotted into a sentence
or re-cased.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from brochure import catalogue
from brochure.catalogue import N_, NP_
from brochure.i18n import Foreign, Formatter, catalogue_chain, is_english
from brochure.model import fold_words

#: The gettext context of the kinds' words: a word that names a kind ("Panel") is
#: translated apart from the same word elsewhere.
CONTEXT = "kind"

#: Kinds of events, each with the heading of the concept chapter of an event of that
#: kind, as whole phrases: languages inflect the noun and its article by gender and
#: case ("About the workshop", "Acerca del taller", "Sobre a conferência").
ABOUT_HEADINGS: tuple[tuple[str, str], ...] = (
    # Translators: a kind of event or of programme item, as an event file's `kind:`
    # gives it and as it is printed: before a number on a cover ("Workshop 187"), as a
    # calendar's category. Capitalised as a word that starts a line. A kind written
    # in your word for it is known as this kind, whatever the pack's language.
    (NP_("kind", "Workshop"), N_("About the workshop")),
    (NP_("kind", "Conference"), N_("About the conference")),
    (NP_("kind", "Seminar"), N_("About the seminar")),
    (NP_("kind", "Meeting"), N_("About the meeting")),
    (NP_("kind", "Panel"), N_("About the panel")),
    (NP_("kind", "Forum"), N_("About the forum")),
    (NP_("kind", "Summit"), N_("About the summit")),
    (NP_("kind", "Symposium"), N_("About the symposium")),
    (NP_("kind", "Webinar"), N_("About the webinar")),
    (NP_("kind", "Course"), N_("About the course")),
    (NP_("kind", "Hackathon"), N_("About the hackathon")),
    (NP_("kind", "Festival"), N_("About the festival")),
)
#: The heading for any other kind, or none.
ABOUT_EVENT = N_("About the event")

#: Kinds of programme items: sessions, then breaks and meals (each a break in every
#: catalogue: its words are among the catalogue's break words, model.is_break_kind).
SESSION_KINDS: tuple[str, ...] = (
    # Translators: a kind of programme item (kind: Keynote), printed as a calendar
    # entry's category. A kind written in your word for it is known as this kind.
    NP_("kind", "Keynote"),
    NP_("kind", "Talk"),
    NP_("kind", "Lecture"),
    NP_("kind", "Round table"),
    NP_("kind", "Plenary"),
    NP_("kind", "Poster session"),
)
BREAK_KINDS: tuple[str, ...] = (
    # Translators: a kind of programme item that is a break or a meal (kind: Coffee
    # break). Your word must also be one of your break words (they make it a break).
    NP_("kind", "Break"),
    NP_("kind", "Coffee break"),
    NP_("kind", "Lunch"),
    NP_("kind", "Dinner"),
    NP_("kind", "Breakfast"),
)
#: Every kind brochure knows, by its English word, in the order a word that names two
#: kinds in some language is read: as the first (Spanish "Conferencia": Conference).
KINDS: tuple[str, ...] = (*(kind for kind, _ in ABOUT_HEADINGS), *SESSION_KINDS, *BREAK_KINDS)


def _key(text: str) -> str:
    """A kind as it is compared: its letters and digits, without case, accents, spaces
    or hyphens (Round table, roundtable and round-table are one kind)."""
    return "".join(fold_words(text))


@functools.cache
def _known() -> dict[str, dict[str, str]]:
    """Each kind's word in English and in every catalogue (compared by _key) -> the
    catalogues whose word it is -> the kind (its English word)."""
    table: dict[str, dict[str, str]] = {}
    translations = catalogue.translations((CONTEXT, english) for english in KINDS)
    for english in KINDS:
        words = {"en": english, **translations[(CONTEXT, english)]}
        for name, word in words.items():
            table.setdefault(_key(word), {}).setdefault(name, english)
    return table


def kind_of(written: str | None, languages: Sequence[str] = ()) -> str | None:
    """The kind (its English word, one of KINDS) written as `written` in English or in
    any catalogue's language; None for a kind brochure does not know. A word that names
    different kinds in two languages is read in the first of `languages` (BCP 47 tags)
    that has it, else in English, else in the first catalogue."""
    if not written:
        return None
    found = _known().get(_key(written))
    if not found:
        return None
    for tag in languages:
        for name in (*catalogue_chain(tag), *(("en",) if is_english(tag) else ())):
            if name in found:
                return found[name]
    return found.get("en") or next(iter(found.values()))


def printed(written: str | None, fmt: Formatter, languages: Sequence[str] = ()) -> str | None:
    """The kind as the pack prints it: a known kind in the pack's word ("Workshop",
    "Taller", "Kaffeepause"), read in the pack's language first, then in `languages`
    (the event's); any other kind, or a known one the pack's language has no
    catalogue for, as written."""
    kind = kind_of(written, (fmt.language, *languages))
    if kind is None:
        return written
    word = fmt.pgettext(CONTEXT, kind)
    return written if isinstance(word, Foreign) else word


def about_heading(kind: str | None, fmt: Formatter) -> str:
    """About the workshop (About the event for a kind not in ABOUT_HEADINGS)."""
    found = kind_of(kind, (fmt.language,))
    heading = dict(ABOUT_HEADINGS).get(found or "", ABOUT_EVENT)
    return fmt.gettext(heading)
