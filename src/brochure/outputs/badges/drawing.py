"""Badges as drawing instructions: the placed, fitted cards of badges/render.py turned
into pages for the card engine (engines/cards_pdf.py), with the looks of the layout's
stylesheet (badges.css: colours, weights, letter-spacing, the role band's case).

The looks are read once per build from the stylesheet as WeasyPrint computes it, on a
probe page shaped like the card (the same classes in the same nesting), so a layout's
CSS keeps deciding how badges look; where things go is Python's (the layout file, each
name's fitting), as before.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from brochure.cards.scripts import cjk_css, fonts_css
from brochure.cards.text import FLOOR_PT, PT, Block
from brochure.engines import cards_pdf, weasy
from brochure.engines.cards_pdf import Colour, Font, Group, Item, Modules, Page, Rect, Text
from brochure.model import ROLES
from brochure.outputs.badges.back import ProgrammeBlock
from brochure.outputs.badges.context import BadgeContext
from brochure.outputs.badges.geometry import Card, Positioned
from brochure.outputs.badges.layout import BadgeLayout
from brochure.outputs.badges.qr import qr_rows

if TYPE_CHECKING:
    from brochure.cards.sheets import Sheet
    from brochure.config import BuildConfig

#: CSS font-stretch keywords as Pango's PangoStretch.
STRETCH = {
    name: index
    for index, name in enumerate(
        (
            "ultra-condensed",
            "extra-condensed",
            "condensed",
            "semi-condensed",
            "normal",
            "semi-expanded",
            "expanded",
            "extra-expanded",
            "ultra-expanded",
        )
    )
}


@dataclass(frozen=True)
class TextLook:
    """How a kind of text looks: its font, colour, case and (when the CSS sets it) size."""

    font: Font
    colour: Colour
    transform: str = "none"
    size: float = 0.0
    """In points, when the stylesheet gives one (.more); 0 when Python sizes it."""

    def cased(self, text: str) -> str:
        """text in the case CSS text-transform asks for."""
        if self.transform == "uppercase":
            return text.upper()
        if self.transform == "lowercase":
            return text.lower()
        if self.transform == "capitalize":
            return " ".join(word[:1].upper() + word[1:] for word in text.split(" "))
        return text


@dataclass(frozen=True)
class BandLook:
    fill: Colour
    text: TextLook
    border: tuple[float, Colour]
    """Its top border: width (mm; 0 for none) and colour."""
    second: TextLook | None = None
    """Its word in a bilingual edition's second language (`.band .second`), under the
    first; None: as the first."""


@dataclass(frozen=True)
class Looks:
    """Everything the stylesheet decides about a badge, read once per build."""

    texts: dict[tuple[str, str], TextLook]
    """By (class attribute, language), as the names were measured."""
    cards: dict[str, Colour]
    """A card's background, by role (and "blank")."""
    bands: dict[str, BandLook]
    """By role, and "blank"."""
    programme_title: TextLook
    programme_title_gap: float
    """Under the "Programme" label, mm."""
    more: TextLook
    mark: Colour
    mark_across: tuple[float, float]
    """A horizontal cut mark's offset from its line and thickness, mm."""
    mark_down: tuple[float, float]
    rule: tuple[float, float, float, float, Colour]
    """A blank card's write-here line: x, y, width (mm from the card), thickness, colour."""


_CLEAR: Colour = (0.0, 0.0, 0.0, 0.0)
_NOTHING = weasy.ElementLooks(
    colour=_CLEAR,
    background=_CLEAR,
    font_families=("sans-serif",),
    font_weight=400,
    italic=False,
    font_stretch="normal",
    font_size=0.0,
    letter_spacing=0.0,
    text_transform="none",
    margin_bottom=0.0,
    border_top=(0.0, _CLEAR),
    border_bottom=(0.0, _CLEAR),
    box=(0.0, 0.0, 0.0, 0.0),
)


def _font(looks: weasy.ElementLooks) -> Font:
    return Font(
        looks.font_families,
        looks.font_weight,
        looks.italic,
        STRETCH.get(looks.font_stretch, 4),
        looks.letter_spacing,
    )


def _text(looks: weasy.ElementLooks, sized: bool = False) -> TextLook:
    return TextLook(
        _font(looks), looks.colour, looks.text_transform, looks.font_size if sized else 0.0
    )


def read_looks(
    styles: set[tuple[str, str]], layout: BadgeLayout, config: BuildConfig, stylesheet: str
) -> Looks:
    """The looks of every (class attribute, language) in styles, of the card, its role
    bands, the back's labels, the cut marks and a blank card's line, from stylesheet as
    WeasyPrint computes it (one probe page)."""
    texts = sorted(styles)
    card = f'style="width:{layout.card.width}mm;height:{layout.card.height}mm"'
    parts = [
        f'<div class="card role-{role}" id="card-{role}" {card}>'
        f'<div class="band" id="band-{role}">x<span class="second" id="band-second-{role}">'
        "x</span></div>"
        + ('<div class="write-here" id="rule"></div>' if role == "blank" else "")
        + "</div>"
        for role in (*ROLES, "blank")
    ]
    parts.append(
        f'<div class="card role-attendee" {card}>'
        + "".join(
            f'<p class="{html.escape(style)}" lang="{html.escape(lang)}" id="t{n}">x</p>'
            for n, (style, lang) in enumerate(texts)
        )
        + '<div class="programme-list"><p class="programme-title" id="title">x</p>'
        '<p class="programme more" id="more">x</p></div></div>'
    )
    parts.append(
        '<div class="sheet" id="sheet" style="width:100mm;height:100mm">'
        '<div class="mark across" id="across" style="left:10mm;top:10mm;width:4mm"></div>'
        '<div class="mark down" id="down" style="left:10mm;top:10mm;height:4mm"></div></div>'
    )
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        f"@page {{ size: 400mm 4000mm; margin: 0 }}{stylesheet}\n{cjk_css(config.fmt.language)}\n"
        f"body, .card p {{ font-family: {fonts_css()} }}"
        ".card { position: relative !important }"
        f"</style></head><body>{''.join(parts)}</body></html>"
    )
    ids = {f"t{n}" for n in range(len(texts))} | {
        "title",
        "more",
        "rule",
        "across",
        "down",
        "sheet",
    }
    ids |= {f"card-{role}" for role in (*ROLES, "blank")}
    ids |= {f"band-{role}" for role in (*ROLES, "blank")}
    ids |= {f"band-second-{role}" for role in ROLES}
    laid_out = weasy.element_looks(
        page, config.source_dir, config.readable_folders, "badges (reading the looks)", ids
    )
    # What a layout's stylesheet does not show (display: none) is not drawn.
    found = {ident: laid_out.get(ident, _NOTHING) for ident in ids}
    blank, sheet = found["card-blank"].box, found["sheet"].box
    rule = found["rule"]
    across, down = found["across"], found["down"]
    return Looks(
        texts={key: _text(found[f"t{n}"]) for n, key in enumerate(texts)},
        cards={role: found[f"card-{role}"].background for role in (*ROLES, "blank")},
        bands={
            role: BandLook(
                found[f"band-{role}"].background,
                _text(found[f"band-{role}"]),
                found[f"band-{role}"].border_top,
                _text(laid_out[f"band-second-{role}"])
                if f"band-second-{role}" in laid_out
                else None,
            )
            for role in (*ROLES, "blank")
        },
        programme_title=_text(found["title"]),
        programme_title_gap=found["title"].margin_bottom,
        more=_text(found["more"], sized=True),
        mark=across.background,
        mark_across=(across.box[1] - sheet[1] - 10, across.box[3]),
        mark_down=(down.box[0] - sheet[0] - 10, down.box[2]),
        rule=(
            rule.box[0] - blank[0],
            rule.box[1] + rule.box[3] - rule.border_bottom[0] - blank[1],
            rule.box[2],
            rule.border_bottom[0],
            rule.border_bottom[1],
        ),
    )


@dataclass(frozen=True)
class Labels:
    """The fixed words a badge's back prints, in the pack's language."""

    programme: str
    """Over the back's programme ("Programme")."""
    more: str
    """The last line when sessions are left out, with %(n)s for how many."""


def pages(context: BadgeContext, looks: Looks, labels: Labels) -> Iterator[Page]:
    """Each sheet of context as a page of drawing instructions."""
    for sheet in context.sheets:
        yield sheet_page(sheet, context, looks, labels)


def sheet_page(sheet: Sheet[Card], context: BadgeContext, looks: Looks, labels: Labels) -> Page:
    """One sheet: its cards (turned on a back turned over its horizontal edge), then its
    cut marks (fronts only)."""
    layout = context.layout
    items: list[Item] = [
        Group(
            placed.x,
            placed.y,
            layout.card.width,
            layout.card.height,
            tuple(_card(placed.card, sheet.back, context, looks, labels)),
            turned=sheet.turned,
        )
        for placed in sheet.cards
    ]
    if not sheet.back:
        (offset, thick), (offset_down, thick_down) = looks.mark_across, looks.mark_down
        for mark in context.cut_marks:
            if mark.across:
                items.append(Rect(mark.x, mark.y + offset, mark.length, thick, looks.mark))
            else:
                items.append(
                    Rect(mark.x + offset_down, mark.y, thick_down, mark.length, looks.mark)
                )
    return Page(layout.page.width, layout.page.height, tuple(items))


def _card(
    card: Card, back: bool, context: BadgeContext, looks: Looks, labels: Labels
) -> Iterator[Item]:
    layout, geometry = context.layout, context.geometry
    width, height = layout.card.width, layout.card.height
    direction = context.metadata.direction
    background = looks.cards.get("blank" if card.blank else card.role, _CLEAR)
    if background[3]:
        yield Rect(0, 0, width, height, background)
    for placed in context.header:
        yield from _positioned(placed, geometry.padding, width, direction, looks)
    if back:
        for placed in card.back_texts:
            yield from _positioned(placed, geometry.padding, width, direction, looks)
        if context.back is not None:
            yield from _programme(context, looks, labels)
    elif card.blank:
        x, y, length, thick, ink = looks.rule
        if thick:
            yield Rect(x, y, length, thick, ink)
    else:
        for placed in card.texts:
            yield from _positioned(placed, geometry.padding, width, direction, looks)
        if card.qr_data is not None:
            size = geometry.qr_size
            yield Modules(
                width - geometry.padding - size,
                height - geometry.details_bottom - size,
                size,
                qr_rows(card.qr_data),
            )
    band = looks.bands.get(card.role, looks.bands["blank" if card.blank else "attendee"])
    top = height - geometry.band_height
    border, ink = band.border
    # As CSS paints a box: its background, then its border (over the background's edge).
    if band.fill[3]:
        yield Rect(0, top, width, geometry.band_height, band.fill)
    if border:
        yield Rect(0, top - border, width, border, ink)
    if card.role_label:
        yield from _band_words(card, band, top, width, context)


def _band_words(
    card: Card, band: BandLook, top: float, width: float, context: BadgeContext
) -> Iterator[Text]:
    """The role on its band, centred; in a bilingual edition with its word in the second
    language under it, each line half the band (at the band's size where that fits, as
    it does on every shipped layout; never under the floor)."""
    geometry = context.geometry
    direction = _direction(context.metadata.direction)
    if not card.role_second:
        yield Text(
            band.text.cased(card.role_label),
            0,
            top,
            width,
            band.text.font,
            geometry.band_size,
            band.text.colour,
            geometry.band_height,
            context.language,
            direction,
            "center",
        )
        return
    half = geometry.band_height / 2
    size = max(min(geometry.band_size, half / PT / BAND_LEADING), FLOOR_PT)
    second = band.second or band.text
    for text, look, y, language in (
        (card.role_label, band.text, top, context.language),
        (card.role_second, second, top + half, context.second_language),
    ):
        yield Text(
            look.cased(text),
            0,
            y,
            width,
            look.font,
            size,
            look.colour,
            half,
            language,
            None,
            "center",
        )


#: A band's two lines (a bilingual edition's role), each this many times its type size.
BAND_LEADING = 1.2
_INK = TextLook(Font(("sans-serif",)), (0.0, 0.0, 0.0, 1.0))


def _direction(value: str | None) -> Literal["ltr", "rtl"]:
    return "rtl" if value == "rtl" else "ltr"


def _positioned(
    placed: Positioned, padding: float, card_width: float, direction: str, looks: Looks
) -> Iterator[Text]:
    """A fitted block at its place: its lines one under the other from its top, against
    the edge where the card's lines start (the left, or the right in a right-to-left
    language), each line reading in its own direction."""
    yield from _lines(placed.block, padding, placed.top, placed.right, card_width, direction, looks)


def _lines(
    block: Block,
    left: float,
    top: float,
    right: float,
    card_width: float,
    direction: str,
    looks: Looks,
) -> Iterator[Text]:
    look = looks.texts.get((block.style, block.lang), _INK)
    line_height = block.size * block.line_height * PT
    own = _direction(block.direction or direction)
    for line in block.lines:
        yield Text(
            look.cased(line),
            left,
            top,
            card_width - left - right,
            look.font,
            block.size,
            look.colour,
            line_height,
            block.lang,
            own,
            "right" if direction == "rtl" else "left",
        )
        top += line_height


def _programme(context: BadgeContext, looks: Looks, labels: Labels) -> Iterator[Text]:
    """The back's short programme: its label, its lines (each with its room at the
    line's end), and how many sessions are left out."""

    back, geometry, layout = context.back, context.geometry, context.layout
    assert back is not None
    padding, width = geometry.padding, layout.card.width
    direction = context.metadata.direction
    align: Literal["left", "right"] = "right" if direction == "rtl" else "left"
    title = looks.programme_title
    top = back.top
    line = geometry.back_title_size * geometry.back_title_line * PT
    yield Text(
        title.cased(labels.programme),
        padding,
        top,
        width - 2 * padding,
        title.font,
        geometry.back_title_size,
        title.colour,
        line,
        context.language,
        _direction(direction),
        align,
    )
    top += line + looks.programme_title_gap
    for block in back.items:
        yield from _lines(block, padding, top, padding, width, direction, looks)
        room = block.room if isinstance(block, ProgrammeBlock) else ""
        if room:
            look = looks.texts.get(("programme-room", block.lang), _INK)
            yield Text(
                room,
                padding,
                top,
                width - 2 * padding,
                look.font,
                block.size,
                look.colour,
                block.size * block.line_height * PT,
                block.lang,
                _direction(direction),
                "left" if direction == "rtl" else "right",
            )
        top += block.height
    if back.more:
        more = looks.more
        yield Text(
            more.cased(labels.more % {"n": back.more}),
            padding,
            top,
            width - 2 * padding,
            more.font,
            more.size,
            more.colour,
            None,
            context.language,
            _direction(direction),
            align,
        )


def info(context: BadgeContext, title: str) -> cards_pdf.Info:
    """The document's title, language, organisers and build time."""
    metadata = context.metadata
    return cards_pdf.Info(
        title=title,
        language=context.language,
        created=dt.datetime.fromisoformat(metadata.created.replace("Z", "+00:00")),
        authors=metadata.authors,
    )
