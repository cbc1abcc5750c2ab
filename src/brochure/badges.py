"""Name badges: one per person and attendee, sorted by family name, then blanks.

Cards are placed by a layout file (`layouts/badges/*.yaml`); the card itself is
`layouts/badges/badges.html.j2` and `badges.css`. Names are fitted by measuring
(fit.py), the QR code carries only what `badges.qr` allows (segno), and a name the
installed fonts cannot draw is reported, naming the person.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Text:
    """A piece of text to fit: what it says, how it is set, how far it may shrink."""

    css: str
    text: str
    lang: str
    size: float
    """Largest type size, in points."""
    smallest: float
    """Size (points) under which it wraps between words instead of shrinking more."""
    width: float
    """Room across, in mm."""
    max_lines: int = 2

    def fitted(self, widths: Widths) -> Block:
        words = self.text.split()
        result: Fitted = fit.fit(
            words,
            widths.of(self.css, self.lang, words),
            widths.of(self.css, self.lang, [NBSP])[0],
            self.width,
            self.size,
            self.smallest,
            self.max_lines,
        )
        return Block(self.css, result.lines, result.size, self.lang)


def measured(texts: list[Text], stylesheet: str, settings: BuildSettings) -> Widths:
    """Widths of every word of texts (and of a space in each style) in one layout pass."""
    keys: set[Key] = set()
    for text in texts:
        keys.add((text.css, text.lang, NBSP))
        keys.update((text.css, text.lang, word) for word in text.text.split())
    return fit.measure(keys, stylesheet, fonts_css(), settings)


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
    _warn_about_missing_glyphs(people)
    language = event.event.language
    planned = [_plan(person, event, layout, settings) for person in people]
    header = _header(event, layout, settings)
    programme = _programme(event, layout, settings) if event.badges.back else []
    every_text = header + programme + [t for plan in planned for t in plan.names + plan.details]
    stylesheet = settings.layouts.find(STYLESHEET).read_text(encoding="utf-8")
    widths = measured(every_text, stylesheet, settings)

    header_blocks = [text.fitted(widths) for text in header]
    area = _name_area(layout, header_lines=sum(len(block.lines) for block in header_blocks))
    cards = [plan.card(widths, layout, area) for plan in planned]
    cards += [
        Card(0, 0, "blank", "", blank=True, name_top=area[0]) for _ in range(event.badges.blank)
    ]
    return {
        "layout": layout,
        "fonts_css": fonts_css(),
        "language": language,
        "header": header_blocks,
        "sheets": paginate(cards, layout, back=bool(event.badges.back)),
        "back": _back(layout, widths, programme, area) if event.badges.back else None,
        "cut_marks": _cut_marks(layout) if layout.cut_marks else [],
        "badge_count": len(cards),
        "title": event.event.title,
        "created": settings.built_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "authors": [o.name for o in event.organisers],
    }


def fonts_css() -> str:
    return ", ".join(f'"{family}"' for family in FONTS) + ", sans-serif"


def _warn_about_missing_glyphs(people: list[Person]) -> None:
    if not glyphs.installed(FONTS[0]):
        log.warning("badges: the font %s is not installed; names fall back to Noto", FONTS[0])
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


def _header(event: Event, layout: BadgeLayout, settings: BuildSettings) -> list[Text]:
    """The event's title and its date, time and city: small, at the top of every card."""
    info = event.event
    fmt = settings.fmt
    when = fmt.date_range_short(info.date, info.end_date)
    times = fmt.time_range(info.start, info.end)
    second = " · ".join(part for part in (when, times, info.city) if part)
    lines = []
    for css, text, scale in (("event-title", info.title, 0.82), ("event-date", second, 0.78)):
        size = layout.details_size / PT * scale
        lines.append(Text(css, text, info.language, size, size * 0.7, _inner_width(layout)))
    return lines


def _inner_width(layout: BadgeLayout) -> float:
    return layout.card.width - 2 * layout.padding


def _name_area(layout: BadgeLayout, header_lines: int) -> tuple[float, float]:
    """Top of the name area and its height, in mm."""
    header = header_lines * layout.details_size * 0.82 * 1.25 + GAP
    top = layout.padding + header
    return top, layout.card.height - top - layout.band_height - layout.padding


@dataclass(frozen=True)
class _Plan:
    """What one person's card will say, before the words are measured."""

    person: Person
    role_label: str
    names: list[Text]
    details: list[Text]
    qr: str | None

    def card(self, widths: Widths, layout: BadgeLayout, area: tuple[float, float]) -> Card:
        """The card with every line fitted to the width, the names to the area's height."""
        names = [text.fitted(widths) for text in self.names]
        details = [text.fitted(widths) for text in self.details]
        top, height = area
        # Names sit at the same height on every card of a sheet: room is kept for the
        # tallest details (two lines of organisation and a country, or the QR code).
        usual = (2 * 1.2 + 1.25) * layout.details_size * 1.15
        qr_height = layout.qr_size if self.qr else 0
        details_height = max(sum(b.height * 1.15 for b in details), usual, qr_height)
        room = height - details_height - GAP
        names_height = sum(block.height for block in names)
        if names_height > room > 0:
            # Shrink every name line alike, so given and family keep their proportion.
            scale = room / names_height
            names = [dataclasses.replace(b, size=b.size * scale) for b in names]
            names_height = room
        return Card(
            0,
            0,
            self.person.role,
            self.role_label,
            tuple(names),
            tuple(details),
            self.qr,
            name_top=top + max(0.0, (room - names_height) / 2),
        )


def _plan(person: Person, event: Event, layout: BadgeLayout, settings: BuildSettings) -> _Plan:
    language = event.event.language
    lang = script_language(person.name, language)
    width = _inner_width(layout)
    smallest = layout.min_size / PT
    if person.given and person.family and lang not in FAMILY_FIRST:
        names = [
            Text("given", person.given, lang, layout.given_size / PT, smallest, width),
            Text("family", person.family, lang, layout.family_size / PT, smallest, width),
        ]
    else:
        names = [Text("name", person.name, lang, layout.name_size / PT, smallest, width)]
    qr = _qr(person, event)
    detail_width = width - (layout.qr_size + GAP if qr else 0)
    details = []
    for css, text, scale in (
        ("organisation", person.organisation, 1.0),
        ("country", settings.fmt.country(person.country), 0.92),
    ):
        if text:
            size = layout.details_size / PT * scale
            text_lang = script_language(text, language)
            # Details shrink to three quarters before they wrap onto a second line.
            details.append(Text(css, text, text_lang, size, size * 0.75, detail_width))
    label = settings.fmt.gettext(ROLE_LABELS[person.role])
    return _Plan(person, label, names, details, qr)


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
    return dataclasses.replace(
        card,
        x=layout.margin_x + column * layout.card.width,
        y=layout.margin_y + row * layout.card.height,
    )


def _cut_marks(layout: BadgeLayout) -> list[dict[str, float]]:
    """Crosses where card edges meet, for cutting the sheet with a guillotine."""
    xs = [layout.margin_x + c * layout.card.width for c in range(layout.columns + 1)]
    ys = [layout.margin_y + r * layout.card.height for r in range(layout.rows + 1)]
    return [{"x": x, "y": y} for x in xs for y in ys]


def _programme(event: Event, layout: BadgeLayout, settings: BuildSettings) -> list[Text]:
    """The short programme for the back: one line per item, shrunk to fit, never wrapped."""
    fmt = settings.fmt
    lines = [
        f"{fmt.time_range(item.start, item.end)} {item.title}".strip() for item in event.programme
    ]
    if event.event.end:
        lines.append(f"{fmt.time(event.event.end)} {fmt.gettext('Close')}")
    size = layout.details_size / PT
    language = event.event.language
    return [
        Text("programme", line, language, size, size * 0.6, _inner_width(layout), max_lines=1)
        for line in lines
    ]


def _back(
    layout: BadgeLayout, widths: Widths, programme: list[Text], area: tuple[float, float]
) -> dict[str, Any]:
    """The back of every card: as much of the short programme as the card holds."""
    blocks = [text.fitted(widths) for text in programme]
    top, height = area
    line_height = layout.details_size * 1.3
    title_height = 8 * 1.4 * PT + 1  # the "Programme" label above the list
    fits = max(1, int((height - title_height) // line_height))
    hidden = max(0, len(blocks) - fits)
    if hidden:
        blocks = blocks[: fits - 1]
    return {"top": top, "items": blocks, "more": hidden + (1 if hidden else 0)}
