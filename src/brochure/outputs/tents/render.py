"""Table tents: a folded name card for every speaker, chair and moderator.

Tents are placed by a layout file (`layouts/tents/*.yaml`) and look as
`layouts/tents/tents.css` says; they are drawn straight to PDF by the card engine
(engines/cards_pdf.py), as badges are. Each name is fitted to its face by measuring
(cards/fit.py), printed on both faces, the face toward the speaker upside down on the
flat sheet so that both read upright once folded; the fold is marked at its ends, outside
the faces (cards/sheets.fold_marks).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from brochure.cards import fit, sheets
from brochure.cards.scripts import FONTS, cjk_css, fonts_css
from brochure.cards.text import FLOOR_PT, PT, Block
from brochure.engines import glyphs
from brochure.errors import InputError, Problem
from brochure.i18n import N_
from brochure.outputs.tents.faces import Face, Plan, face, plan
from brochure.outputs.tents.layout import TentLayout
from brochure.outputs.tents.looks import INK, Looks, read_looks
from brochure.outputs.tents.seating import seats
from brochure.outputs.tents.settings import TentSettings, layout_for
from brochure.outputs.view import EventView
from brochure.textrules import name_language, script_language
from brochure.typography import Quotes, quoted

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.engines import cards_pdf
    from brochure.model import Event, Person
    from brochure.reading.parts import Parts
    from brochure.reading.yamlsource import Path_

log = logging.getLogger(__name__)

FILE = "tents.pdf"
STYLESHEET = "tents/tents.css"
#: The document's title, after the event's.
TITLE = N_("Table tents")


def check(parts: Parts, config: BuildConfig) -> list[Problem]:
    """The card font installed; the layout this pack prints on usable (said in its file);
    every name and organisation a tent prints drawable by some font (warnings naming the
    person and the characters)."""
    problems = []
    if not glyphs.installed(FONTS[0]):
        problems.append(
            Problem(
                None,
                "",
                f"tents: the font {FONTS[0]} is not installed; names fall back to Noto",
                warning=True,
            )
        )
    if parts.event is None:
        return problems
    try:
        layout_for(TentSettings.of(config), parts.event, config.layouts)
    except InputError as error:
        problems += error.problems
    seated = {seat.person.key for seat in seats(parts.event)}
    texts: list[tuple[Path_, str]] = []
    for path, person in parts.people:
        if path[0] == "people" and person.key in seated:
            for field in ("name", "organisation"):
                texts.append(((*path, field), getattr(person, field) or ""))
    for path, _, gaps in glyphs.undrawable((p, t) for p, t in texts if t):
        problems.append(parts.problem(path, f"tents: {glyphs.gaps_phrase(gaps)}", warning=True))
    return problems


def render(event: Event, config: BuildConfig) -> dict[str, bytes]:
    """tents.pdf: a tent for every speaker, chair and moderator (seating.seats), in the
    order the tables are set, on the chosen layout; what does not fit is said, naming
    the person."""
    from brochure.engines import cards_pdf

    layout = layout_for(TentSettings.of(config), event, config.layouts)
    view = EventView.of(event, config)
    plans = [_plan(seat.person, view, layout) for seat in seats(event)]
    stylesheet = config.layouts.find(STYLESHEET).read_text(encoding="utf-8")
    widths = _measured(plans, stylesheet, config)
    styles = {(style, lang) for style, lang, _ in widths.table}
    looks = read_looks(styles, config, stylesheet)
    faces = [face(p, widths, layout, looks.rule[1]) for p in plans]
    _say(plans, faces, layout)
    metadata = view.metadata
    info = cards_pdf.Info(
        title=f"{metadata.title} · {config.fmt.gettext(TITLE)}",
        language=metadata.language,
        created=dt.datetime.fromisoformat(metadata.created.replace("Z", "+00:00")),
        authors=metadata.authors,
    )
    cards_pdf.ready()
    return {FILE: cards_pdf.draw(pages(faces, layout, looks, metadata.direction), info)}


def _plan(person: Person, view: EventView, layout: TentLayout) -> Plan:
    """The name as the person writes it (whole: lines break only between its words)
    and the organisation, in the pack's quotation marks, each with its language."""
    language = view.event.event.language

    def quotes() -> Quotes:
        return view.fmt.quotes

    lang = person.name_language or name_language(person.name, person.country, language)
    organisation = quoted(person.organisation or "", quotes)
    return plan(
        quoted(person.name, quotes),
        lang,
        organisation,
        script_language(organisation, language),
        layout,
    )


def _measured(plans: list[Plan], stylesheet: str, config: BuildConfig) -> fit.Widths:
    """Widths of every word of the tents (and of a space in each style), in one pass."""
    keys: set[fit.Key] = set()
    for each in plans:
        for text in each.texts:
            keys |= text.keys()
    stylesheet += cjk_css(config.fmt.language)
    return fit.measure(keys, stylesheet, fonts_css(), config.source_dir, config.readable_folders)


def _say(plans: list[Plan], faces: list[Face], layout: TentLayout) -> None:
    """Warn, naming the person, about a name set on several lines or under the layout's
    smallest size, and about what is cut short (only past the floor: never on a name
    that fits, however long)."""
    for each, placed in zip(plans, faces, strict=True):
        if "name" in placed.cut:
            log.warning(
                "tents: %s: the name does not fit the tent's face even at %g pt: it is cut "
                "short; shorten it where it is written",
                each.name,
                FLOOR_PT,
            )
        elif placed.crowded:
            lines = len(placed.name.lines)
            log.warning(
                "tents: %s: the name does not fit the tent's face on one line at %g pt: it "
                "is set on %d line%s at %.0f pt",
                each.name,
                round(layout.min_size / PT),
                lines,
                "s" if lines > 1 else "",
                placed.name.size,
            )
        if "organisation" in placed.cut:
            log.warning(
                "tents: %s: the organisation does not fit the tent's face even at %g pt on "
                "two lines: it is cut short; shorten it where it is written",
                each.name,
                FLOOR_PT,
            )


def pages(
    faces: list[Face], layout: TentLayout, looks: Looks, direction: str
) -> Iterator[cards_pdf.Page]:
    """Each sheet of tents as a page of drawing instructions: every tent's two faces
    (the upper one turned half round), then the sheet's cut marks and fold marks."""
    from brochure.engines.cards_pdf import Group, Page

    width, height = layout.card.width, layout.face_height
    cut_marks = sheets.cut_marks(layout)
    for sheet in sheets.paginate(faces, layout, back=False):
        items: list[cards_pdf.Item] = []
        for placed in sheet.cards:
            drawn = tuple(_face(placed.card, layout, looks, direction))
            # Toward the speaker: the upper half, upside down on the flat sheet.
            items.append(Group(placed.x, placed.y, width, height, drawn, turned=True))
            # Toward the audience: the lower half, upright.
            items.append(Group(placed.x, placed.y + height, width, height, drawn))
        thick, ink = looks.cut_mark
        for mark in cut_marks if thick and ink[3] else ():
            items.append(_mark(mark, thick, ink))
        thick, ink = looks.fold_mark
        for mark in sheets.fold_marks(layout, sheet) if thick and ink[3] else ():
            items.append(_mark(mark, thick, ink))
        yield Page(layout.page.width, layout.page.height, tuple(items))


def _mark(mark: sheets.Mark, thick: float, ink: cards_pdf.Colour) -> cards_pdf.Rect:
    """A mark as a thin rectangle centred on its line."""
    from brochure.engines.cards_pdf import Rect

    if mark.across:
        return Rect(mark.x, mark.y - thick / 2, mark.length, thick, ink)
    return Rect(mark.x - thick / 2, mark.y, thick, mark.length, ink)


def _face(
    placed: Face, layout: TentLayout, looks: Looks, direction: str
) -> Iterator[cards_pdf.Item]:
    """A face's drawing: its background, the name's lines, the rule, the organisation's
    lines, each line centred across the face and reading in its own direction."""
    from brochure.engines.cards_pdf import Rect

    width = layout.card.width
    if looks.face[3]:
        yield Rect(0, 0, width, layout.face_height, looks.face)
    yield from _lines(placed.name, placed.name_top, layout, looks, direction)
    rule_width, rule_thick, rule_ink = looks.rule
    if placed.rule_top is not None and rule_thick and rule_ink[3]:
        yield Rect((width - rule_width) / 2, placed.rule_top, rule_width, rule_thick, rule_ink)
    if placed.organisation is not None:
        yield from _lines(placed.organisation, placed.organisation_top, layout, looks, direction)


def _lines(
    block: Block, top: float, layout: TentLayout, looks: Looks, direction: str
) -> Iterator[cards_pdf.Text]:
    from brochure.engines.cards_pdf import Text

    look = looks.texts.get((block.style, block.lang), INK)
    line_height = block.size * block.line_height * PT
    own: Literal["ltr", "rtl"] = "rtl" if (block.direction or direction) == "rtl" else "ltr"
    for line in block.lines:
        yield Text(
            look.cased(line),
            layout.padding,
            top,
            layout.inner_width,
            look.font,
            block.size,
            look.colour,
            line_height,
            block.lang,
            own,
            "center",
        )
        top += line_height
