"""Name badges: one per person and attendee, sorted by family name, then blanks.

Cards are placed by a layout file (`layouts/badges/*.yaml`); the card itself is
`layouts/badges/badges.html.j2` and `badges.css`. Names are fitted by measuring
(fit.py), the QR code carries only what `badges.qr` allows (segno), and a name the
installed fonts cannot draw is reported, naming the person.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import Any

import segno
from segno import helpers

from brochure import fit, glyphs, templating, weasy
from brochure.badge_layout import BadgeLayout, load_layout
from brochure.fit import Fitted, Key, Widths
from brochure.i18n import N_
from brochure.model import Event, Person
from brochure.settings import BuildSettings

log = logging.getLogger(__name__)

TEMPLATE = "badges/badges.html.j2"
STYLESHEET = "badges/badges.css"
PT = 25.4 / 72  # mm per point
NBSP = "\u00a0"
#: The badge font stack: Inter for Latin, Greek and Cyrillic, Noto for the rest.
FONTS = (
    "Inter",
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Devanagari",
    "Noto Sans Bengali",
    "Noto Sans Thai",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Noto Sans CJK KR",
)
ROLE_LABELS = {
    "organiser": N_("Organiser"),
    "moderator": N_("Moderator"),
    "speaker": N_("Speaker"),
    "rapporteur": N_("Rapporteur"),
    "staff": N_("Staff"),
    "press": N_("Press"),
    "attendee": N_("Participant"),
}
GAP = 2.0  # mm between the blocks of a card
#: Scripts whose names are written family name first (山田太郎): a badge shows the name
#: as the person writes it rather than a Western given-above-family split.
FAMILY_FIRST = frozenset({"zh", "ja", "ko"})
NAME_STYLES = frozenset({"given", "family", "name"})


@dataclass(frozen=True)
class Block:
    """Fitted lines of one kind of text (given name, organisation...)."""

    css: str
    lines: tuple[str, ...]
    size: float
    lang: str

    @property
    def height(self) -> float:
        """Height in mm, at the line height badges.css gives names (1.1)."""
        return len(self.lines) * self.size * 1.1 * PT


@dataclass(frozen=True)
class Card:
    """One badge, placed on its sheet (mm from the sheet's top left)."""

    x: float
    y: float
    role: str
    role_label: str
    names: tuple[Block, ...] = ()
    details: tuple[Block, ...] = ()
    qr: str | None = None
    blank: bool = False
    name_top: float = 0.0
    """Where the name block starts, in mm from the card's top."""


@dataclass(frozen=True)
class Sheet:
    cards: tuple[Card, ...]
    back: bool = False


@dataclass
class _Words:
    """Collects every (style, lang, word) that needs a width."""

    keys: set[Key] = field(default_factory=set)

    def add(self, css: str, lang: str, text: str) -> None:
        self.keys.add((css, lang, NBSP))
        for word in text.split():
            self.keys.add((css, lang, word))


def script_language(text: str, default: str) -> str:
    """A language tag that makes the fonts draw this script in its own forms."""
    for char in text:
        point = ord(char)
        if 0x3040 <= point <= 0x30FF:
            return "ja"
        if 0xAC00 <= point <= 0xD7AF or 0x1100 <= point <= 0x11FF:
            return "ko"
    for char in text:
        point = ord(char)
        if 0x4E00 <= point <= 0x9FFF or 0x3400 <= point <= 0x4DBF:
            return "zh"
        if 0x0600 <= point <= 0x06FF:
            return "ar"
        if 0x0590 <= point <= 0x05FF:
            return "he"
        if 0x0900 <= point <= 0x097F:
            return "hi"
    return default


def render_badges(event: Event, settings: BuildSettings) -> bytes:
    """badges.pdf: every person's badge, then the blanks, on the chosen layout."""
    layout = load_layout(settings.layouts, settings.badge_layout or event.badges.layout)
    context = badge_context(event, settings, layout)
    html = templating.render(settings.layouts, settings.fmt, TEMPLATE, context)
    document = weasy.render_document(html, settings, "badges")
    return weasy.to_pdf(document)


def badge_context(event: Event, settings: BuildSettings, layout: BadgeLayout) -> dict[str, Any]:
    """Everything the badge template shows: sheets of placed, fitted cards."""
    people = sorted(event.everyone, key=lambda person: person.sort_key)
    _warn_about_missing_glyphs(event, people)
    language = event.event.language
    words = _Words()
    for person in people:
        lang = script_language(person.name, language)
        if person.given and person.family and lang not in FAMILY_FIRST:
            words.add("given", lang, person.given)
            words.add("family", lang, person.family)
        else:
            words.add("name", lang, person.name)
        if person.organisation:
            org_lang = script_language(person.organisation, language)
            words.add("organisation", org_lang, person.organisation)
        if person.country:
            country = settings.fmt.country(person.country)
            words.add("country", script_language(country, language), country)
    header = _header_lines(event, settings)
    for css, text in header:
        words.add(css, language, text)
    programme = _programme_lines(event, settings) if event.badges.back else []
    for text in programme:
        words.add("programme", language, text)
    stylesheet = settings.layouts.find(STYLESHEET).read_text(encoding="utf-8")
    widths = fit.measure(words.keys, stylesheet, fonts_css(), settings)

    header_blocks = [_fitted_header(css, text, layout, widths, language) for css, text in header]
    area = _name_area(layout, header_lines=sum(len(block.lines) for block in header_blocks))
    cards = [_person_card(person, event, layout, widths, settings, area) for person in people]
    cards += [
        Card(0, 0, "blank", "", blank=True, name_top=area[0]) for _ in range(event.badges.blank)
    ]
    return {
        "layout": layout,
        "fonts_css": fonts_css(),
        "language": language,
        "header": header_blocks,
        "sheets": paginate(cards, layout, back=bool(event.badges.back)),
        "back": _back(layout, widths, language, programme, area) if event.badges.back else None,
        "cut_marks": _cut_marks(layout) if layout.cut_marks else [],
        "badge_count": len(cards),
        "title": event.event.title,
        "created": settings.built_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "authors": [o.name for o in event.organisers],
    }


def fonts_css() -> str:
    return ", ".join(f'"{family}"' for family in FONTS) + ", sans-serif"


def _warn_about_missing_glyphs(event: Event, people: list[Person]) -> None:
    covered = glyphs.coverage(FONTS)
    if not covered:
        log.warning("badges: no badge fonts found; install fonts-inter and fonts-noto-core")
        return
    for person in people:
        gaps = glyphs.missing(person.name + (person.organisation or ""), covered)
        if gaps:
            log.warning(
                "badges: %s (%s): the installed fonts cannot draw %s; the badge would show "
                "empty boxes -- install a font that covers them",
                person.name,
                person.key,
                ", ".join(gaps),
            )


def _header_lines(event: Event, settings: BuildSettings) -> list[tuple[str, str]]:
    info = event.event
    fmt = settings.fmt
    when = fmt.date_range_short(info.date, info.end_date)
    times = fmt.time_range(info.start, info.end)
    second = " · ".join(part for part in (when, times, info.city) if part)
    return [("event-title", info.title), ("event-date", second)]


def _fitted_header(css: str, text: str, layout: BadgeLayout, widths: Widths, lang: str) -> Block:
    size = layout.details_size / PT * (0.82 if css == "event-title" else 0.78)
    return _block(css, text, lang, widths, _inner_width(layout), size, size * 0.7, 2)


def _block(
    css: str,
    text: str,
    lang: str,
    widths: Widths,
    width_mm: float,
    max_pt: float,
    min_pt: float,
    max_lines: int,
) -> Block:
    words = text.split()
    fitted: Fitted = fit.fit(
        words,
        widths.of(css, lang, words),
        widths.of(css, lang, [NBSP])[0],
        width_mm,
        max_pt,
        min_pt,
        max_lines,
    )
    return Block(css, fitted.lines, fitted.size, lang)


def _inner_width(layout: BadgeLayout) -> float:
    return layout.card.width - 2 * layout.padding


def _name_area(layout: BadgeLayout, header_lines: int) -> tuple[float, float]:
    """Top of the name area and its height, in mm."""
    header = header_lines * layout.details_size * 0.82 * 1.25 + GAP
    top = layout.padding + header
    return top, layout.card.height - top - layout.band_height - layout.padding


def _person_card(
    person: Person,
    event: Event,
    layout: BadgeLayout,
    widths: Widths,
    settings: BuildSettings,
    area: tuple[float, float],
) -> Card:
    """A person's card: names fitted to the width, then to the name area's height."""
    language = event.event.language
    lang = script_language(person.name, language)
    width = _inner_width(layout)

    def fitted(css: str, text: str, size_mm: float, within: float = width) -> Block:
        # Names may shrink to the layout's minimum before they wrap; details to 3/4.
        smallest = layout.min_size / PT if css in NAME_STYLES else size_mm / PT * 0.75
        text_lang = lang if css in NAME_STYLES else script_language(text, language)
        return _block(css, text, text_lang, widths, within, size_mm / PT, smallest, 2)

    if person.given and person.family and lang not in FAMILY_FIRST:
        names = [
            fitted("given", person.given, layout.given_size),
            fitted("family", person.family, layout.family_size),
        ]
    else:
        names = [fitted("name", person.name, layout.name_size)]
    qr = _qr(person, event)
    detail_width = width - (layout.qr_size + GAP if qr else 0)
    details: list[Block] = []
    if person.organisation:
        details.append(
            fitted("organisation", person.organisation, layout.details_size, detail_width)
        )
    country = settings.fmt.country(person.country)
    if country:
        details.append(fitted("country", country, layout.details_size * 0.92, detail_width))
    top, height = area
    # Names sit at the same height on every card of a sheet: room is kept for the
    # tallest details (two lines of organisation and a country, or the QR code).
    usual = (2 * 1.2 + 1.25) * layout.details_size * 1.15
    details_height = max(sum(b.height * 1.15 for b in details), usual, layout.qr_size if qr else 0)
    room = height - details_height - GAP
    names_height = sum(block.height for block in names)
    if names_height > room > 0:
        # Shrink every name line alike, so given and family keep their proportion.
        scale = room / names_height
        names = [Block(b.css, b.lines, b.size * scale, b.lang) for b in names]
        names_height = room
    name_top = top + max(0.0, (room - names_height) / 2)
    return Card(
        0,
        0,
        person.role,
        settings.fmt.gettext(ROLE_LABELS[person.role]),
        tuple(names),
        tuple(details),
        qr,
        name_top=name_top,
    )


def _qr(person: Person, event: Event) -> str | None:
    """A QR code only with what the organiser chose and the person allowed."""
    choice = event.badges.qr
    if choice == "id":
        return segno.make(person.key, error="m").svg_data_uri(border=0)
    if choice == "vcard" and person.share_contact:
        code = helpers.make_vcard(
            name=";".join((person.family or person.name, person.given or "")),
            displayname=person.name,
            email=person.email,
            org=person.organisation,
            title=person.position,
        )
        return code.svg_data_uri(border=0)
    return None


def paginate(cards: list[Card], layout: BadgeLayout, back: bool) -> list[Sheet]:
    """Place cards on sheets; with a back side, each sheet is followed by its mirror
    image for a long-edge flip (columns swap on portrait sheets, rows on landscape)."""
    sheets: list[Sheet] = []
    per = layout.per_sheet
    for start in range(0, len(cards), per):
        chunk = cards[start : start + per]
        fronts, backs = [], []
        for index, card in enumerate(chunk):
            row, column = divmod(index, layout.columns)
            fronts.append(_placed(card, layout, row, column))
            if back:
                if layout.landscape:
                    mirror_row, mirror_column = layout.rows - 1 - row, column
                else:
                    mirror_row, mirror_column = row, layout.columns - 1 - column
                backs.append(_placed(card, layout, mirror_row, mirror_column))
        sheets.append(Sheet(tuple(fronts)))
        if back:
            sheets.append(Sheet(tuple(backs), back=True))
    return sheets


def sheet_count(badges: int, layout: BadgeLayout, back: bool) -> int:
    return math.ceil(badges / layout.per_sheet) * (2 if back else 1)


def _placed(card: Card, layout: BadgeLayout, row: int, column: int) -> Card:
    return Card(
        x=layout.margin_x + column * layout.card.width,
        y=layout.margin_y + row * layout.card.height,
        role=card.role,
        role_label=card.role_label,
        names=card.names,
        details=card.details,
        qr=card.qr,
        blank=card.blank,
        name_top=card.name_top,
    )


def _cut_marks(layout: BadgeLayout) -> list[dict[str, float]]:
    """Crosses where card edges meet, for cutting the sheet with a guillotine."""
    xs = [layout.margin_x + c * layout.card.width for c in range(layout.columns + 1)]
    ys = [layout.margin_y + r * layout.card.height for r in range(layout.rows + 1)]
    return [{"x": x, "y": y} for x in xs for y in ys]


def _programme_lines(event: Event, settings: BuildSettings) -> list[str]:
    fmt = settings.fmt
    lines = []
    for item in event.programme:
        when = fmt.time_range(item.start, item.end)
        lines.append(f"{when} {item.title}".strip())
    if event.event.end:
        lines.append(f"{fmt.time(event.event.end)} {fmt.gettext('Close')}")
    return lines


def _back(
    layout: BadgeLayout,
    widths: Widths,
    language: str,
    programme: list[str],
    area: tuple[float, float],
) -> dict[str, Any]:
    """The back of every card: the short programme, fitted to the card."""
    size = layout.details_size / PT
    blocks = [
        _block("programme", line, language, widths, _inner_width(layout), size, size * 0.6, 1)
        for line in programme
    ]
    top, height = area
    line_height = size * 1.3 * PT
    title_height = 8 * 1.4 * PT + 1  # the "Programme" label above the list
    fits = max(1, int((height - title_height) // line_height))
    hidden = max(0, len(blocks) - fits)
    if hidden:
        blocks = blocks[: fits - 1]
    return {"top": top, "items": blocks, "more": hidden + (1 if hidden else 0)}
