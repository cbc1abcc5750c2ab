"""Time cards: "10 minutes", "5 minutes", "1 minute", "Time" in the pack's language, a
landscape sheet each (A4, or Letter where Letter is the paper), the words as large as
the sheet allows, measured and fitted (cards/wrap.py), drawn by the card engine with
the looks of `layouts/time-cards/time-cards.css` (cards/looks.py).

Each card's colour is its place from the end (`.level-1`, the last, says the time is
up; `.level-2` the card before it...), and the levels differ in lightness (CIE L*) as
well as in hue, so a speaker tells them apart across a room, in any colour vision, and
on a sheet printed in grey: the shipped colours are checked with colour.py by the
tests, and a layout's own are checked when the cards are drawn (a warning).
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from babel.numbers import format_decimal

from brochure import colour
from brochure.cards import fit, wrap
from brochure.cards.looks import Look, read_looks
from brochure.cards.placed import Lines, items
from brochure.cards.scripts import cjk_css, fonts_css
from brochure.cards.wrap import Measured, fit_box
from brochure.finishing.paper import office_paper
from brochure.i18n import N_
from brochure.outputs.time_cards import TimeCardSettings
from brochure.outputs.view import metadata

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.i18n import Formatter
    from brochure.model import Event

log = logging.getLogger(__name__)

FILE = "time-cards.pdf"
STYLESHEET = "time-cards/time-cards.css"
#: Levels the layout colours: a card's place from the end, the fourth and earlier alike.
LEVELS = 4
#: The sheet's margin around the words, mm (office printers leave about 5 mm unprinted).
MARGIN = 18.0
#: The words' largest and smallest size, pt, and their line height.
LARGEST, SMALLEST, LINE = 600.0, 24.0, 1.05
#: The least difference in CIE L* between two levels' colours, and the least contrast
#: of a card's words with its colour (WCAG 2.2 AAA for large text is 4.5:1: these are
#: read from across a room).
LEAST_LIGHTNESS_STEP, LEAST_CONTRAST = 15.0, 7.0

TIME_CARDS = N_("Time cards")


@dataclass(frozen=True)
class Card:
    """One card: what it says, and its level (1: the last)."""

    words: str
    level: int

    @property
    def part(self) -> str:
        return f"level-{self.level}"


def cards(settings: TimeCardSettings, fmt: Formatter) -> list[Card]:
    """The cards in the order they are held up: each number of minutes, then time."""
    found = []
    count = len(settings.minutes) + 1
    for index, number in enumerate(settings.minutes):
        written = format_decimal(number, locale=fmt.locale)
        # Translators: a time card: the minutes a speaker has left ("5 minutes").
        words = fmt.ngettext("%(n)s minute", "%(n)s minutes", number) % {"n": written}
        found.append(Card(words, min(count - index, LEVELS)))
    # Translators: the last time card, held up when a speaker's time is over: say it
    # as a timekeeper would ("Time's up" may be better than "Time").
    found.append(Card(fmt.pgettext("time card", "Time"), 1))
    return found


def render(event: Event, config: BuildConfig) -> dict[str, bytes]:
    """time-cards.pdf: a landscape sheet per card."""
    from brochure.engines import cards_pdf

    fmt = config.fmt
    lang = fmt.tag
    shown = cards(TimeCardSettings.of(config), fmt)
    paper = office_paper(event.event.language, event.event.country)
    width, height = paper.height, paper.width  # landscape
    stylesheet = config.layouts.find(STYLESHEET).read_text(encoding="utf-8")
    parts = {f"level-{n}": f"card level-{n}" for n in range(1, LEVELS + 1)}
    parts |= {f"level-{n}/words": f"card level-{n} / words" for n in range(1, LEVELS + 1)}
    looks = read_looks(stylesheet, parts, config, "time cards (reading the looks)")
    _check_colours(looks, {card.level for card in shown})
    # Measured in the case it is drawn in (CSS text-transform on .words).
    shown = [Card(looks[f"{card.part}/words"].text.cased(card.words), card.level) for card in shown]
    keys: set[fit.Key] = set()
    for card in shown:
        keys |= wrap.keys("words", lang, card.words)
    widths = fit.measure(
        keys, stylesheet + cjk_css(lang), fonts_css(), config.source_dir, config.readable_folders
    )
    rtl = fmt.direction == "rtl"
    pages = []
    for card in shown:
        measured = Measured(card.words, "words", lang, widths)
        box_width, box_height = width - 2 * MARGIN, height - 2 * MARGIN
        fitted = fit_box(measured, box_width, LINE, LARGEST, SMALLEST, height=box_height)
        fitted = fitted or wrap.wrap(measured, box_width, LINE, SMALLEST)
        top = MARGIN + (box_height - fitted.height) / 2
        placed = (Lines(f"{card.part}/words", fitted, MARGIN, top, box_width, lang, "center"),)
        ground = looks[card.part]
        things: list[cards_pdf.Item] = []
        if ground.painted:
            things.append(cards_pdf.Rect(0, 0, width, height, ground.fill))
        things += items(placed, looks, width, rtl)
        pages.append(cards_pdf.Page(width, height, tuple(things)))
    about = metadata(event, config)
    info = cards_pdf.Info(
        title=f"{about.title} · {fmt.gettext(TIME_CARDS)}",
        language=about.language,
        created=dt.datetime.fromisoformat(about.created.replace("Z", "+00:00")),
        authors=about.authors,
    )
    return {FILE: cards_pdf.draw(pages, info)}


def _check_colours(looks: dict[str, Look], levels: set[int]) -> None:
    """Warn when a layout's colours fail the cards: words under LEAST_CONTRAST on their
    card, or two cards' colours closer than LEAST_LIGHTNESS_STEP in lightness."""
    grounds = {n: looks[f"level-{n}"].fill[:3] for n in sorted(levels)}
    for level, ground in grounds.items():
        ink = looks[f"level-{level}/words"].text.colour[:3]
        ratio = colour.contrast(ground, ink)
        if ratio < LEAST_CONTRAST:
            log.warning(
                "time cards: the words of .level-%d have a contrast of %.1f:1 with its "
                "colour, under %g:1: they are hard to read from across a room",
                level,
                ratio,
                LEAST_CONTRAST,
            )
    for (one, first), (other, second) in itertools.combinations(grounds.items(), 2):
        step = abs(colour.lightness(first) - colour.lightness(second))
        if step < LEAST_LIGHTNESS_STEP:
            log.warning(
                "time cards: the colours of .level-%d and .level-%d differ by %.0f in "
                "lightness (CIE L*), under %g: on a grey-scale print, and to many eyes, they "
                "look alike",
                one,
                other,
                step,
                LEAST_LIGHTNESS_STEP,
            )
