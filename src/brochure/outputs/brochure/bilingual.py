"""The bilingual brochure: one brochure in two of the event's languages at once, as
bilingual countries print one (Canada's federal events, Switzerland's and Belgium's
conferences, Wales): every heading and fixed word in both, the first language first and
the second set apart (a second line or a slash, in italics and a second colour), texts
written by language side by side in two columns where the page is wide enough and one
after the other where not, names once, dates and times in both.

It is the brochure of the bilingual edition's pack (`output/fr+en/`, config.BilingualEdition):
its own template, `layouts/brochure/bilingual.html.j2`, with `bilingual.css` after
`brochure.css`, laid out and printed as the brochure is (render.laid_out). Each text
carries its language (`lang`), which the tagged PDF says per structure element (/Lang:
engines/weasy.py).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from babel.support import NullTranslations
from markupsafe import escape

from brochure.cards.scripts import cjk_css
from brochure.engines import layouts, templating, weasy
from brochure.errors import BuildError, Problem
from brochure.i18n import Formatter
from brochure.outputs.brochure.render import (
    STYLESHEET,
    TIME_COLUMN,
    BrochureContext,
    OrganiserEntry,
    brochure_context,
    laid_out,
    time_column,
)
from brochure.outputs.view import Block, Day, EventView, PersonEntry, Slot
from brochure.reading import confine
from brochure.textrules import Foreign

if TYPE_CHECKING:
    from brochure.config import BilingualEdition, BuildConfig
    from brochure.model import Event
    from brochure.reading.parts import Parts

TEMPLATE = "brochure/bilingual.html.j2"
BILINGUAL_STYLESHEET = "brochure/bilingual.css"
#: The fewest characters a line of running text holds when the two languages are set
#: side by side in columns: a newspaper column's measure (Bringhurst, The Elements of
#: Typographic Style 2.1.2, gives 40 to 50 as the average for work in columns). Below
#: it, the texts are set one after the other, each the whole width.
MIN_MEASURE = 35

T = TypeVar("T")


@dataclass(frozen=True)
class Pair(Generic[T]):
    """One thing as each language prints it."""

    first: T
    """In the first language."""
    second: T
    """In the second."""


@dataclass(frozen=True)
class SlotPair:
    """A programme item in both languages, and who leads it: names once."""

    first: Slot
    """In the first language."""
    second: Slot
    """In the second."""
    chairs_line: str
    """Who chairs it, as the first language lists them, each not yet confirmed marked in
    both languages ("Ann Lee (à confirmer / provisional)")."""
    people_line: str
    """Who speaks, as chairs_line."""


@dataclass(frozen=True)
class BlockPair:
    """A time slot of the programme in both languages: one session, or several in
    parallel."""

    first: Block
    """In the first language."""
    second: Block
    """In the second."""
    slots: tuple[SlotPair, ...]
    """Its sessions, each in both languages, in the rooms' order."""


@dataclass(frozen=True)
class DayPair:
    """A day of the programme in both languages."""

    first: Day
    """In the first language (its label, hours, offset)."""
    second: Day
    """In the second."""
    blocks: tuple[BlockPair, ...]
    """Its time slots, in time order."""


@dataclass(frozen=True)
class Columns:
    """Which running texts are set side by side (each language a column) rather than
    one after the other: those whose column, where the layout sets it, holds at least
    MIN_MEASURE characters of the text in its style (measured)."""

    about: bool
    """The summary and the concept's paragraphs."""
    bios: bool
    """People's biographies."""
    descriptions: bool
    """The programme's descriptions of its items."""
    notes: bool
    """The practical details' running text (access)."""


@dataclass(frozen=True)
class BilingualContext:
    """Everything the bilingual brochure template shows (its variables are these
    fields). Fixed words (`_()`, `ngettext()`) print in both languages: the first, then
    the second in a span of its own `lang` and class `second` (the same word once)."""

    first: BrochureContext
    """The brochure as the first language prints it: its view of the event (`first.view`),
    organisers, paper, cover size, note pages, logos, map, time column."""
    second: EventView
    """The event as the second language prints it: its dates, times, places, titles."""
    second_organisers: tuple[OrganiserEntry, ...]
    """The organisers as the second language prints them (their countries' names)."""
    days: tuple[DayPair, ...]
    """The programme by day, in both languages."""
    hosts: tuple[Pair[PersonEntry], ...]
    """Organisers and moderators, each in both languages."""
    speakers: tuple[Pair[PersonEntry], ...]
    """Speakers, each in both languages."""
    others: tuple[Pair[PersonEntry], ...]
    """Rapporteurs, staff, press, each in both languages."""
    second_language: str
    """The second language as documents declare it (BCP 47): its texts' `lang`."""
    second_direction: str
    """The second language's direction (ltr or rtl): its texts' `dir`."""
    columns: Columns
    """Which running texts are side by side, which one after the other."""


class Word(str):
    """A fixed word in both languages: the first's text, with the second's. In HTML the
    first, then the second in a span of class `second` with its language (the layout's
    stylesheet sets it on a line of its own, or after a slash); the same word in both,
    once. Formatting it (`%`) formats both. Either may be a word its catalogue lacks,
    printed in English and marked so (textrules.Foreign)."""

    first: str
    second: str
    language: str
    """The second's language (BCP 47)."""

    def __new__(cls, first: str, second: str, language: str) -> Word:
        made = super().__new__(cls, first)
        made.first, made.second, made.language = first, second, language
        return made

    def __html__(self) -> str:
        first = _html(self.first)
        if self.first.casefold() == self.second.casefold():
            return first
        second = _html(self.second)
        language = escape(self.language)
        return f'{first} <span class="second word" lang="{language}">{second}</span>'

    def __mod__(self, values: object) -> Word:
        return Word(self.first % values, self.second % values, self.language)  # type: ignore[operator]

    def __reduce__(self) -> tuple[type[Word], tuple[str, str, str]]:
        return (Word, (self.first, self.second, self.language))


def _html(text: str) -> str:
    """text escaped, in a span of its own language when it is a word its catalogue
    lacks (textrules.Foreign)."""
    if isinstance(text, Foreign):
        return f'<span lang="{escape(text.lang)}">{escape(str(text))}</span>'
    return str(escape(text))


class BothTranslations(NullTranslations):
    """Fixed words in both languages (Word): the first language's catalogue and the
    second's, for the bilingual template's `_()` and `ngettext()`."""

    def __init__(self, first: NullTranslations, second: NullTranslations, language: str) -> None:
        super().__init__()
        self.first, self.second, self.language = first, second, language

    def gettext(self, message: str) -> str:
        return Word(self.first.gettext(message), self.second.gettext(message), self.language)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return Word(
            self.first.ngettext(msgid1, msgid2, n),
            self.second.ngettext(msgid1, msgid2, n),
            self.language,
        )

    def pgettext(self, context: str, message: str) -> str:
        return Word(
            str(self.first.pgettext(context, message)),
            str(self.second.pgettext(context, message)),
            self.language,
        )

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return Word(
            str(self.first.npgettext(context, msgid1, msgid2, n)),
            str(self.second.npgettext(context, msgid1, msgid2, n)),
            self.language,
        )

    # Jinja calls Python 2's names first (see i18n._English).
    ugettext = gettext
    ungettext = ngettext


def both_words(config: BuildConfig) -> Formatter:
    """The first language's Formatter, its fixed words in both languages (Word): what
    the bilingual template is rendered with."""
    edition = _edition(config)
    second = edition.second_fmt
    words = BothTranslations(config.fmt.translations, second.translations, second.tag)
    return Formatter(config.fmt.language, words)


def _edition(config: BuildConfig) -> BilingualEdition:
    if config.bilingual is None:
        raise BuildError("the bilingual brochure is printed in a bilingual edition's pack")
    return config.bilingual


def bilingual_context(
    event: Event,
    config: BuildConfig,
    notes_pages: int = 0,
    cover: str | None = None,
    times: float = TIME_COLUMN,
    columns: Columns | None = None,
) -> BilingualContext:
    """The bilingual brochure's context, computed without WeasyPrint (the time column
    and the columns are measured with it: bilingual_times, measured_columns)."""
    edition = _edition(config)
    second_config = config.in_language(edition.languages[1])
    first = brochure_context(event, config, notes_pages, cover, times)
    second = EventView.of(edition.second, second_config)
    second_organisers = tuple(
        OrganiserEntry(
            o.name,
            second_config.fmt.country(o.country),
            o.website,
            config.asset(o.logo).as_uri() if o.logo else None,
        )
        for o in edition.second.organisers
    )
    view = first.view
    return BilingualContext(
        first=first,
        second=second,
        second_organisers=second_organisers,
        days=tuple(
            _day(a, b, _provisional(view.fmt), _provisional(second.fmt))
            for a, b in zip(view.days, second.days, strict=True)
        ),
        hosts=_pairs(view.hosts, second.hosts),
        speakers=_pairs(view.speakers, second.speakers),
        others=_pairs(view.others, second.others),
        second_language=second.fmt.tag,
        second_direction=second.fmt.direction,
        columns=columns or Columns(True, True, True, True),
    )


def _pairs(first: tuple[T, ...], second: tuple[T, ...]) -> tuple[Pair[T], ...]:
    """The same things in both languages, paired in order (the event file's order, the
    same in every language)."""
    return tuple(Pair(a, b) for a, b in zip(first, second, strict=True))


def _provisional(fmt: Formatter) -> str:
    """The mark a name not yet confirmed carries in a language's lists (view._marked)."""
    return f"({fmt.gettext('provisional').replace(' ', chr(0xA0))})"


def _day(first: Day, second: Day, mark: str, mark2: str) -> DayPair:
    """A day in both languages; its lists of names in the first language's words, each
    mark of a name not yet confirmed in both ("(à confirmer / provisional)")."""
    both = mark if mark.casefold() == mark2.casefold() else f"{mark[:-1]}\u00a0/ {mark2[1:]}"

    def slot(a: Slot, b: Slot) -> SlotPair:
        return SlotPair(a, b, a.chairs_line.replace(mark, both), a.people_line.replace(mark, both))

    return DayPair(
        first,
        second,
        tuple(
            BlockPair(a, b, tuple(slot(x, y) for x, y in zip(a.slots, b.slots, strict=True)))
            for a, b in zip(first.blocks, second.blocks, strict=True)
        ),
    )


def bilingual_times(context: BilingualContext, config: BuildConfig) -> float:
    """The programme's column of times, as wide as the widest time of either language
    (render.time_column): each slot prints its time in both where they differ."""
    edition = _edition(config)
    return max(
        time_column(context.first.view, config),
        time_column(context.second, config.in_language(edition.languages[1])),
    )


#: The running texts the columns are decided for: the element (its class in the
#: layout's stylesheet, inside what holds it) and the texts it sets.
_PLACES = {
    "about": '<section class="chapter" id="about"><div class="texts side-by-side">'
    '<div class="text"><p id="column-about">x</p></div><div class="text second"></div>'
    "</div></section>",
    "bios": '<ul class="people"><li class="person"><div class="texts side-by-side">'
    '<div class="text"><p class="person-bio" id="column-bios">x</p></div><div class="text second">'
    "</div></div></li></ul>",
    "descriptions": '<div class="programme"><div class="slot item"><p class="when">x</p>'
    '<div class="what"><div class="texts side-by-side"><div class="text">'
    '<p class="slot-description" id="column-descriptions">x</p></div><div class="text second">'
    "</div></div></div></div></div>",
    "notes": '<dl class="facts"><dt>x</dt><dd><div class="texts side-by-side"><div class="text">'
    '<p id="column-notes">x</p></div><div class="text second"></div></div></dd></dl>',
}


def measured_columns(context: BilingualContext, config: BuildConfig) -> Columns:
    """Which running texts go side by side: laid out once in the layout's stylesheets at
    the page's size, each place's column is measured, and so is the average width of a
    character of the event's running text in its style (both languages'); a column that
    holds MIN_MEASURE characters or more takes them side by side."""
    view, second = context.first.view, context.second
    samples = [
        text
        for event in (view.event, second.event)
        for text in (
            *(paragraph for paragraph in event.about),
            *((event.summary,) if event.summary else ()),
            *(p.bio for p in event.people if p.bio),
            *(i.description for i in event.programme if i.description),
        )
    ] or ["Ag"]
    css = _stylesheets(config)
    probe = (
        f'<!DOCTYPE html><html lang="{html.escape(config.fmt.tag)}" '
        f'dir="{config.fmt.direction}"><head><meta charset="utf-8"><style>'
        f"{cjk_css(config.fmt.language)}{css}"
        f"@page {{ size: {context.first.paper.page.css}; }}</style></head><body>"
        + "".join(_PLACES.values())
        + "</body></html>"
    )
    document = weasy.render_document(
        probe, config.source_dir, config.readable_folders, "brochure (measuring columns)"
    )
    widths = weasy.element_widths(document, "p")
    characters = weasy.text_widths(
        probe,
        config.source_dir,
        config.readable_folders,
        "brochure (measuring columns)",
        {f"column-{place}": samples for place in _PLACES},
    )

    def wide_enough(place: str) -> bool:
        total = sum(characters.get(f"column-{place}", [0.0]))
        count = sum(len(text) for text in samples)
        per_character = total / count if count else 0.0
        width = widths.get(f"column-{place}", 0.0)
        return per_character > 0 and width / per_character >= MIN_MEASURE

    return Columns(*(wide_enough(place) for place in ("about", "bios", "descriptions", "notes")))


def _stylesheets(config: BuildConfig) -> str:
    """The brochure's stylesheet and the bilingual one after it, as the template
    includes them."""
    return "".join(config.layouts.stylesheet(name) for name in (STYLESHEET, BILINGUAL_STYLESHEET))


def render(event: Event, config: BuildConfig) -> dict[str, bytes]:
    """The bilingual edition's brochure.pdf and its booklet (render.laid_out)."""
    start = bilingual_context(event, config)
    times = bilingual_times(start, config)
    columns = measured_columns(start, config)
    fmt = both_words(config)

    def context(notes_pages: int, cover: str) -> BilingualContext:
        return bilingual_context(event, config, notes_pages, cover, times, columns)

    return laid_out(event, config, TEMPLATE, context, fmt)


def check(parts: Parts, config: BuildConfig) -> list[Problem]:
    """The bilingual template filled in with this event (Jinja only, no layout engine),
    as render._template_problems does for a pack in one language; everything else (fonts,
    pictures, each language's words) is checked in the languages' own packs. Nothing
    when a programme item names an id no one has: the loader says where, and the layout
    cannot be filled in."""
    if parts.event is None or parts.event.unknown_ids():
        return []
    try:
        context = bilingual_context(parts.event, config)
    except confine.OutsideError:
        return []  # a logo the loader refuses: said there, with its place
    try:
        with layouts.collected() as said:
            templating.render(config.layouts, both_words(config), TEMPLATE, context)
    except BuildError as error:
        return [Problem(None, "", str(error))]
    return said
