"""Door signs: a sheet for each room on each day it is used, its name large, the day,
then its sessions and the day's breaks (outputs/signs/plan.py says which).

Laid out in Python (signs/layout.py), every text measured with the engine that prints
it (cards/fit.py, cards/wrap.py), drawn straight to PDF by the card engine
(engines/cards_pdf.py) with the looks of `layouts/signs/signs.css`, read once per build
(cards/looks.py), as badges are. Portrait on the pack's office paper (A4, or Letter where
Letter is the paper: finishing/paper.office_paper).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from brochure.cards import fit, wrap
from brochure.cards.looks import Look, read_looks
from brochure.cards.placed import items
from brochure.cards.scripts import cjk_css, fonts_css
from brochure.finishing.paper import office_paper
from brochure.i18n import N_
from brochure.outputs.signs.layout import (
    NORMAL,
    Said,
    Setter,
    SignPage,
    Texts,
    Words,
    lay_out,
)
from brochure.outputs.signs.plan import Entry, Sign, room_of, signs
from brochure.outputs.view import EventView
from brochure.textrules import script_language, set_apart

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.engines import cards_pdf
    from brochure.i18n import Formatter
    from brochure.model import Event

log = logging.getLogger(__name__)

FILE = "signs.pdf"
STYLESHEET = "signs/signs.css"

#: Where each part of a sign sits in the stylesheet's nesting (cards.looks.read_looks):
#: rules on the innermost class change how its text is measured and set; rules through
#: its containers (a cancelled session's) change only colours.
PARTS = {
    "sign": "sign",
    "room": "sign / header / room",
    "day": "sign / header / day",
    "rule": "sign / header / rule",
    "time": "sign / session / time",
    "end": "sign / session / end",
    "title": "sign / session / title",
    "chairs": "sign / session / people chairs",
    "people": "sign / session / people",
    "time-cancelled": "sign / session cancelled / time",
    "end-cancelled": "sign / session cancelled / end",
    "title-cancelled": "sign / session cancelled / title",
    "chairs-cancelled": "sign / session cancelled / people chairs",
    "people-cancelled": "sign / session cancelled / people",
    "tag-cancelled": "sign / session cancelled / tag",
    "tag-moved": "sign / session moved / tag",
    "break": "sign / break",
    "break-time": "sign / break / break-time",
    "break-title": "sign / break / break-title",
    "separator": "sign / separator",
    "footer": "sign / foot / footer",
    "continues": "sign / foot / continues",
}

#: Each text style (the class it is measured in) and a part whose looks give its case.
STYLES = {
    **{style: style for style in ("room", "day", "time", "end", "title", "people")},
    **{style: style for style in ("break-time", "break-title", "footer", "continues")},
    "tag": "tag-cancelled",
}

CONTINUED = N_("continued")
CONTINUES = N_("continues on the next sheet")
CANCELLED = N_("Cancelled")
MOVED_TO = N_("Moved to %(room)s")
MOVED_FROM = N_("Moved here from %(room)s")
DOOR_SIGNS = N_("Door signs")


def render(event: Event, config: BuildConfig) -> dict[str, bytes]:
    """signs.pdf: every room's sign for every day it is used (nothing when none is)."""
    from brochure.engines import cards_pdf

    view = EventView.of(event, config)
    planned = signs(view)
    if not planned:
        return {}
    stylesheet = config.layouts.stylesheet(STYLESHEET)
    looks = read_looks(stylesheet, PARTS, config, "door signs (reading the looks)")
    pages = sign_pages(view, planned, config, looks)
    paper = office_paper(event.event.language, event.event.country)
    rtl = view.metadata.direction == "rtl"
    background = looks["sign"]

    def drawn() -> list[cards_pdf.Page]:
        found = []
        for page in pages:
            things: list[cards_pdf.Item] = []
            if background.painted:
                things.append(cards_pdf.Rect(0, 0, paper.width, paper.height, background.fill))
            things += items(page.placed, looks, paper.width, rtl)
            found.append(cards_pdf.Page(paper.width, paper.height, tuple(things)))
        return found

    title = f"{view.metadata.title} · {config.fmt.gettext(DOOR_SIGNS)}"
    info = cards_pdf.Info(
        title=title,
        language=view.metadata.language,
        created=dt.datetime.fromisoformat(view.metadata.created.replace("Z", "+00:00")),
        authors=view.metadata.authors,
    )
    return {FILE: cards_pdf.draw(drawn(), info)}


def sign_pages(
    view: EventView, planned: tuple[Sign, ...], config: BuildConfig, looks: Mapping[str, Look]
) -> list[SignPage]:
    """Every sign's sheets, laid out (what render draws), each text in the case its
    looks give it; what could not be set as the layout wants is said, once per item."""
    fmt = config.fmt
    lang = view.metadata.language
    words = Words(
        fmt.gettext(CONTINUED),
        fmt.gettext(CONTINUES),
        fmt.gettext(CANCELLED),
        fmt.gettext(MOVED_TO),
        fmt.gettext(MOVED_FROM),
    )
    event_room = view.event.event.room
    footer = view.event.event.title
    rows = [
        [texts_of(entry, words, fmt, event_room, lang) for entry in sign.entries]
        for sign in planned
    ]
    cases = {style: looks[part].text for style, part in STYLES.items()}
    casing = Setter(fit.Widths({}), cases)
    keys: set[fit.Key] = set()

    def need(style: str, lang: str, text: str, keep: bool = False) -> None:
        keys.update(wrap.keys(style, lang, casing.case(style, text), keep))

    for sign, texts in zip(planned, rows, strict=True):
        need("room", script_language(sign.room, lang), sign.room)
        for day in (sign.day.label, f"{sign.day.label} \u00b7 {words.continued}"):
            need("day", lang, day)
        for row in texts:
            need("time", lang, row.time)
            need("end", lang, row.end)
            need("title", row.lang, row.title)
            need("break-title", row.lang, row.title)
            need("people", lang, row.chairs)
            need("people", lang, row.people)
            need("tag", lang, row.tag)
    need("footer", lang, footer)
    need("continues", lang, words.continues)
    stylesheet = config.layouts.stylesheet(STYLESHEET)
    stylesheet += cjk_css(fmt.language)
    widths = fit.measure(keys, stylesheet, fonts_css(), config.source_dir, config.readable_folders)
    setter = Setter(widths, cases)
    paper = office_paper(view.event.event.language, view.event.event.country)
    said = Said()
    pages: list[SignPage] = []
    for sign, texts in zip(planned, rows, strict=True):
        pages += lay_out(setter, sign, texts, paper, words, footer, lang, said)
    _say(said)
    return pages


def texts_of(
    entry: Entry, words: Words, fmt: Formatter, event_room: str | None, lang: str
) -> Texts:
    """What one row prints: its times, title, chairs, speakers and mark."""
    slot = entry.slot
    start = fmt.time(slot.start) if slot.start else ""
    end = f"\u2013\u00a0{fmt.time(slot.end)}" if slot.start and slot.end else ""
    title = slot.title
    if slot.is_break:
        where = room_of(slot, None)
        title = f"{set_apart(title)} \u00b7 {where}" if where else title
        end = ""
    chairs = ""
    if slot.chairs:
        label = fmt.ngettext("Chair", "Chairs", len(slot.chairs))
        chairs = fmt.labelled(label, fmt.join([_held(name) for name in slot.chairs]))
    people = fmt.join([_held(name) for name in slot.people]) if slot.people else ""
    tag = ""
    if entry.mark == "cancelled":
        tag = words.cancelled
    elif entry.mark == "moved-away":
        tag = words.moved_to % {"room": room_of(slot, event_room) or ""}
    elif entry.mark == "moved-here":
        tag = words.moved_from % {"room": slot.moved_from or ""}
    return Texts(start, end, title, chairs, people, tag, script_language(title, lang))


def _held(name: str) -> str:
    """A name whose spaces do not break: a list of names breaks between them (and inside
    one only where it is longer than a whole line: cards.wrap)."""
    return name.replace(" ", "\u00a0")


def _say(said: Said) -> None:
    for label, lines in said.wrapped.items():
        log.warning(
            "signs: %s: the title does not fit two lines even at %g pt: it is set on %d "
            "lines; a shorter title reads better from the corridor",
            label,
            NORMAL.title_floor,
            lines,
        )
    for label, size in said.shrunk.items():
        log.warning(
            "signs: %s: a word is wider than the sign at its smallest size: set at %.1f pt; "
            "shorten it where it is written",
            label,
            size,
        )
