"""Name badges: one per person and attendee, sorted by family name, then blanks.

Cards are placed by a layout file (`layouts/badges/*.yaml`) and look as
`layouts/badges/badges.css` says; they are drawn straight to PDF by the card engine
(engines/cards_pdf.py, through outputs/badge_drawing.py). Names are fitted by measuring
(cards/fit.py), the QR code carries only what `badges.qr` allows (segno), and a name the
installed fonts cannot draw is reported, naming the person.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brochure.cards import fit, sheets
from brochure.cards.layout import CardLayout
from brochure.cards.scripts import (
    FAMILY_FIRST,
    FONTS,
    cjk_css,
    fonts_css,
    name_language,
    script_language,
)
from brochure.cards.sheets import Mark, Sheet
from brochure.cards.text import FLOOR_PT, LINE_HEIGHT, NBSP, PT, Block, Text
from brochure.engines import glyphs, pool, progress
from brochure.errors import Problem
from brochure.finishing import joining
from brochure.model import ROLES
from brochure.outputs.view import ROLE_LABELS, EventView, Metadata, Slot
from brochure.textrules import joined
from brochure.typography import Quotes, quoted

if TYPE_CHECKING:
    from brochure.config import BadgeConfig, BuildConfig
    from brochure.engines.cards_pdf import Info
    from brochure.model import Event, EventInfo, Person
    from brochure.outputs.badge_drawing import Labels, Looks
    from brochure.reading.load import Parts
    from brochure.reading.yamlsource import Path_

log = logging.getLogger(__name__)

TEMPLATE = "badges/badges.html.j2"
STYLESHEET = "badges/badges.css"
GAP = 2.0
"""Space between the blocks of a card, in mm."""
#: The event's title and date line, as a share of the layout's details size.
TITLE_SCALE, DATE_SCALE = 0.82, 0.78
#: The share of its size under which a family name wraps onto a second line rather than
#: shrink further.
FAMILY_WRAPS_AT = 0.75
#: The back's programme and name, as shares of the details' and the family name's size:
#: smaller than the front, so that more of the programme fits under the name.
BACK_SCALE, BACK_NAME_SCALE = 0.8, 0.8
#: The "Programme" label on a badge's back: type size (pt) and line height.
BACK_TITLE_PT, BACK_TITLE_LINE = 8.0, 1.4
#: Printers feed a sheet a little short of its nominal height: the sheet box is this much
#: shorter (mm), so a full sheet never spills onto a second page.
SHEET_SLACK = 0.5


@dataclass(frozen=True)
class CardGeometry:
    """Where the parts of every card go: mm from the card's edges, type sizes in pt.

    Computed here, printed by the template; badges.css only gives the looks.
    """

    padding: float
    name_top: float
    """Top of the name area."""
    name_height: float
    details_bottom: float
    """Distance of the details' foot from the card's foot."""
    details_right_with_qr: float
    """The details' right edge when a QR code sits beside them."""
    band_height: float
    band_size: float
    qr_size: float
    back_title_size: float
    back_title_line: float
    sheet_height: float

    @classmethod
    def of(cls, layout: CardLayout, header: list[Block]) -> CardGeometry:
        top = layout.padding + sum(block.height for block in header) + GAP
        details_bottom = layout.band_height + layout.padding * 0.6
        return cls(
            padding=layout.padding,
            name_top=top,
            name_height=layout.card.height - top - layout.band_height - layout.padding,
            details_bottom=details_bottom,
            details_right_with_qr=layout.padding + layout.qr_size + GAP,
            band_height=layout.band_height,
            band_size=layout.details_size / PT * 1.05,
            qr_size=layout.qr_size,
            back_title_size=BACK_TITLE_PT,
            back_title_line=BACK_TITLE_LINE,
            sheet_height=layout.page.height - SHEET_SLACK,
        )


@dataclass(frozen=True)
class Positioned:
    """A fitted block at its place on the card: top and right edge in mm from the card's
    top and right edges (the left edge is the padding)."""

    block: Block
    top: float
    right: float


@dataclass(frozen=True)
class Card:
    """One badge's content, every line placed; where the card sits on its sheet is a
    cards.sheets.Placed."""

    role: str
    role_label: str
    names: tuple[Block, ...] = ()
    details: tuple[Block, ...] = ()
    texts: tuple[Positioned, ...] = ()
    """The names and details, placed."""
    qr_data: str | None = None
    """What the QR code says (an id, a vCard), when the badge carries one."""
    qr: str | None = None
    """The QR code as an image (a data: URL), made when the card's sheet is laid out."""
    blank: bool = False
    back_texts: tuple[Positioned, ...] = ()
    """The person's name on the back, so a badge turned on its lanyard still names them."""
    cut: tuple[str, ...] = ()
    """Lines that did not fit even at the floor (name, organisation...): cut short."""


@dataclass(frozen=True)
class BackSide:
    """The back of every card: as much of the short programme as the card holds."""

    top: float
    items: tuple[Block, ...]
    more: int
    """Items left out ("and 3 more"), 0 when all fit."""


@dataclass(frozen=True)
class BadgeContext:
    """Everything the badge template shows (its variables are these fields)."""

    layout: CardLayout
    geometry: CardGeometry
    fonts_css: str
    cjk_css: str
    """Which Noto CJK face draws Han text, by language (cards.scripts.cjk_css)."""
    language: str
    header: tuple[Positioned, ...]
    sheets: tuple[Sheet[Card], ...]
    back: BackSide | None
    cut_marks: tuple[Mark, ...]
    badge_count: int
    metadata: Metadata


def check(parts: Parts, config: BuildConfig) -> list[Problem]:
    """The badge font installed; every character a badge prints drawable by some font
    (warnings naming the person and the characters)."""
    problems = []
    if not glyphs.installed(FONTS[0]):
        problems.append(
            Problem(
                None,
                "",
                f"badges: the font {FONTS[0]} is not installed; names fall back to Noto",
                warning=True,
            )
        )
    # One warning per person (or per event field), with every character it lacks.
    found: dict[Path_, list[str]] = {}
    for path, _, gaps in glyphs.undrawable(printed(parts, config)):
        owner = path[:2] if path[0] in ("people", "attendees") else path
        found.setdefault(owner, [])
        found[owner] += [gap for gap in gaps if gap not in found[owner]]
    people = dict(parts.people)
    for owner, gaps in found.items():
        who = people.get(owner)
        path = (*owner, "name") if who else owner
        name = f"{who.name}: " if who else ""
        problems.append(
            parts.problem(path, f"badges: {name}{glyphs.gaps_phrase(gaps)}", warning=True)
        )
    return problems


def printed(parts: Parts, config: BuildConfig) -> Iterator[tuple[Path_, str]]:
    """Every piece of text a badge prints, with its place in the file (words from CLDR
    and the catalogues at the event's language, which chose them)."""
    if parts.info:
        yield ("event", "title"), parts.info.title
        yield ("event", "city"), parts.info.city
    if parts.info:
        fmt, info = config.fmt, parts.info
        for text in (
            fmt.date_range_short(info.date, info.end_date),
            fmt.time_range(info.start, info.end),
            *(fmt.gettext(ROLE_LABELS[role]) for role in ROLES),
        ):
            yield ("event", "language"), text
    for path, person in parts.people:
        for field in ("name", "given", "family", "organisation"):
            if value := getattr(person, field):
                yield (*path, field), value


def render(event: Event, config: BuildConfig) -> dict[str, bytes]:
    """badges.pdf: every person's badge, then the blanks, on the chosen layout.

    Names are measured once, here (badge_work); the cards are then fitted piece by piece
    (SHEETS_PER_PIECE sheets at a time) and drawn straight to PDF as they come (drawn):
    this process holds each piece's plans pickled (about 0.3 kB a badge), never every
    fitted card. A name cut short is said once, here (where --strict and the manifest
    see it).
    """
    work = badge_work(event, config)
    pdf, cut = drawn(work, config)
    _say_cut(cut)
    return {"badges.pdf": pdf}


#: Sheets whose cards are fitted together (an even number, so a sheet and its back stay
#: together).
SHEETS_PER_PIECE = 24


def drawn(work: BadgeWork, config: BuildConfig) -> tuple[bytes, list[CutShort]]:
    """The badges of work as one PDF, drawn by the card engine (engines/cards_pdf.py)
    with the looks of the layout's stylesheet (outputs/badge_drawing.py); and the people
    whose names are cut short.

    With more than one piece, the pieces are shared out in order between one worker
    process per core, each drawing its share as one PDF (each with its own font
    subsets), and the shares are joined (finishing/joining.py)."""
    from brochure.engines import cards_pdf
    from brochure.outputs import badge_drawing

    cards_pdf.ready()  # once, here: the workers forked below inherit it
    context, fmt = work.context, config.fmt
    stylesheet = config.layouts.find(STYLESHEET).read_text(encoding="utf-8")
    styles = {(style, lang) for style, lang, _ in work.widths.table}
    looks = badge_drawing.read_looks(styles, context.layout, config, stylesheet)
    labels = badge_drawing.Labels(
        fmt.gettext("Programme"), fmt.gettext("and %(n)s more: see the printed programme")
    )
    title = f"{context.metadata.title} · {fmt.gettext('Name badges')}"
    info = badge_drawing.info(context, title)
    count = len(work.pieces)
    shares = pool.workers_for(count)
    bounds = [(count * n // shares, count * (n + 1) // shares) for n in range(shares)]
    job = (work, looks, labels, info, bounds)
    pdfs: list[bytes] = []
    cut: list[CutShort] = []
    for pdf, cut_here in pool.Pieces(_drawn_share, job, shares, config.limits):
        pdfs.append(pdf)
        cut += cut_here
        done = min(bounds[len(pdfs) - 1][1] * work.cards_per_piece, context.badge_count)
        progress.report("badges.pdf", done, context.badge_count)
    return (pdfs[0] if len(pdfs) == 1 else joining.join_pdfs(pdfs)), cut


def _drawn_share(
    job: tuple[BadgeWork, Looks, Labels, Info, list[tuple[int, int]]], index: int
) -> tuple[bytes, list[CutShort]]:
    """Share `index` of the pieces (bounds[index]) fitted and drawn as one PDF, and the
    names cut short on its cards (said by the caller: this may run in a worker process,
    whose log nobody keeps)."""
    from brochure.engines import cards_pdf
    from brochure.outputs import badge_drawing

    work, looks, labels, info, bounds = job
    cut: list[CutShort] = []

    def pages() -> Iterator[cards_pdf.Page]:
        for piece in range(*bounds[index]):
            context, cut_here = work.piece(piece)
            cut.extend(cut_here)
            yield from badge_drawing.pages(context, looks, labels)

    return cards_pdf.draw(pages(), info), cut


@dataclass(frozen=True)
class CutShort:
    """A person whose card has lines that do not fit even at the floor (Card.cut)."""

    name: str
    parts: tuple[str, ...]
    """The kinds of line cut short: name, organisation, country."""
    texts: tuple[str, ...] = ()
    """What each of parts says."""


@dataclass(frozen=True)
class BadgeWork:
    """Everything needed to lay out the cards piece by piece, prepared once: the
    people's plans (sorted by family name) and their words' widths, not their fitted
    cards, which are made by the worker that lays the piece out."""

    context: BadgeContext
    """All but the sheets (sheets is empty)."""
    pieces: tuple[bytes, ...]
    """Each piece's plans, pickled. A forked worker shares this process's memory until
    either writes to it, and merely reading a Python object writes (its reference
    count): a worker reading the plans themselves would copy, piece after piece, the
    pages holding them. Unpickling its own piece writes nothing shared."""
    widths: fit.Widths
    cards_per_piece: int
    """Cards on SHEETS_PER_PIECE sheets (half as many with backs)."""
    people: int
    """Cards of people, before the blanks."""
    flip: str
    """The duplex printer's flip edge (long or short)."""

    def piece(self, index: int) -> tuple[BadgeContext, list[CutShort]]:
        """The context of piece `index`: its cards (people's, then blanks) fitted and
        placed on its sheets; and the people of those cards whose names are cut short."""
        layout = self.context.layout
        cards: list[Card] = []
        cut: list[CutShort] = []
        plans: tuple[_Plan, ...] = pickle.loads(self.pieces[index])
        for plan in plans:
            card = plan.card(self.widths, layout, self.context.geometry)
            if card.cut:
                said = {text.css: text.text for text in (*plan.names, *plan.details)}
                texts = tuple(said.get(part, "") for part in card.cut)
                cut.append(CutShort(plan.name, card.cut, texts))
            cards.append(card)
        start = index * self.cards_per_piece
        stop = min(start + self.cards_per_piece, self.context.badge_count)
        cards += [Card("blank", "", blank=True)] * max(0, stop - max(start, self.people))
        back = self.context.back is not None
        placed = tuple(sheets.paginate(cards, layout, back=back, flip=self.flip))
        return dataclasses.replace(self.context, sheets=placed), cut


def badge_context(event: Event, config: BuildConfig) -> BadgeContext:
    """Sheets of placed, fitted cards, every one at once, with everything else the
    template prints; names cut short are said (render makes its sheets piece by piece)."""
    work = badge_work(event, config)
    placed: list[Sheet[Card]] = []
    cut: list[CutShort] = []
    for index in range(len(work.pieces)):
        context, cut_here = work.piece(index)
        placed += context.sheets
        cut += cut_here
    _say_cut(cut)
    return dataclasses.replace(work.context, sheets=tuple(placed))


def badge_work(event: Event, config: BuildConfig) -> BadgeWork:
    """The people's plans, every word measured, and all the template prints but the
    sheets."""
    options = config.badges
    assert options is not None, "the badges output is built with badge settings"
    layout = options.layout
    view = EventView.of(event, config)
    people = sorted(event.everyone, key=lambda person: person.sort_key)
    planned = tuple(_plan(person, view, options) for person in people)
    header = _header(view, layout)
    programme = _programme(view, layout) if options.back else []
    collapsed = _programme(view, layout, collapsed=True) if options.back else []
    every_text = (
        header
        + programme
        + collapsed
        + [t for plan in planned for t in plan.names + plan.details + plan.back_name]
    )
    widths = _measured(every_text, config)

    header_blocks = [text.fitted(widths) for text in header]
    geometry = CardGeometry.of(layout, header_blocks)
    # The back's programme starts under the tallest name: fitted here, for its height only.
    back_name_height = max(
        (sum(text.fitted(widths).height for text in plan.back_name) for plan in planned),
        default=0.0,
    )
    back = bool(options.back)
    context = BadgeContext(
        layout=layout,
        geometry=geometry,
        fonts_css=fonts_css(),
        cjk_css=cjk_css(event.event.language),
        language=view.metadata.language,
        header=tuple(_stacked(header_blocks, layout.padding, layout.padding)),
        sheets=(),
        back=_back(layout, widths, programme, geometry, back_name_height, collapsed)
        if back
        else None,
        cut_marks=sheets.cut_marks(layout),
        badge_count=len(planned) + options.blank,
        metadata=view.metadata,
    )
    per_piece = SHEETS_PER_PIECE // (2 if back else 1) * layout.per_sheet
    count = math.ceil(context.badge_count / per_piece) or 1
    pieces = tuple(
        pickle.dumps(planned[n * per_piece : (n + 1) * per_piece], pickle.HIGHEST_PROTOCOL)
        for n in range(count)
    )
    return BadgeWork(context, pieces, widths, per_piece, len(planned), options.flip)


def _measured(texts: list[Text], config: BuildConfig) -> fit.Widths:
    """Widths of every word of texts (and of a space in each style) in one layout pass."""
    keys: set[fit.Key] = set()
    for text in texts:
        keys |= text.keys()
    stylesheet = config.layouts.find(STYLESHEET).read_text(encoding="utf-8")
    stylesheet += cjk_css(config.fmt.language)
    return fit.measure(keys, stylesheet, fonts_css(), config.source_dir, config.readable_folders)


def _header(view: EventView, layout: CardLayout) -> list[Text]:
    """The event's title and its date, time and city: small, at the top of every card."""
    info = view.event.event
    second = joined(" · ", (view.when_short, view.time, info.city))
    lines = []
    for css, text, scale in (
        ("event-title", info.title, TITLE_SCALE),
        ("event-date", second, DATE_SCALE),
    ):
        # Never under the floor: a small card (cr80) wraps the line instead.
        size = max(layout.details_size / PT * scale, FLOOR_PT)
        lines.append(Text(css, text, info.language, size, size, layout.inner_width))
    return lines


@dataclass(frozen=True)
class _Plan:
    """What one person's card will say, before the words are measured.

    It names the person but holds no Person: a worker fitting plans then reads no
    object of the event, whose memory it inherits, so that memory stays shared."""

    name: str
    """The person's name, to warn with."""
    role: str
    role_label: str
    names: list[Text]
    details: list[Text]
    qr_data: str | None
    back_name: list[Text]
    """The name again, for the back (empty without a back)."""

    def card(self, widths: fit.Widths, layout: CardLayout, geometry: CardGeometry) -> Card:
        """The card with every line fitted to the width, the names to the area's height;
        with a back, the name again for its top."""
        names = [text.fitted(widths) for text in self.names]
        details = [text.fitted(widths) for text in self.details]
        # Names sit at the same height on every card of a sheet: room is kept for the
        # tallest details (two lines of organisation and a country, or the QR code).
        usual = (
            (2 * LINE_HEIGHT["organisation"] + LINE_HEIGHT["country"]) * layout.details_size * 1.15
        )
        qr_height = layout.qr_size if self.qr_data else 0
        details_height = max(sum(b.height * 1.15 for b in details), usual, qr_height)
        room = geometry.name_height - details_height - GAP
        names_height = sum(block.height for block in names)
        cut = [b.css for b in (*names, *details) if b.clipped]
        if names_height > room > 0:
            # Shrink every name line alike, so given and family keep their proportion,
            # but none under the floor: a name still too tall then runs into the
            # details, and the person is warned about.
            scale = max(room / names_height, FLOOR_PT / min(b.size for b in names))
            names = [dataclasses.replace(b, size=b.size * scale) for b in names]
            names_height = sum(block.height for block in names)
            if names_height > room + 0.01:
                cut.append("name")
        name_top = geometry.name_top + max(0.0, (room - names_height) / 2)
        right = geometry.details_right_with_qr if self.qr_data else layout.padding
        details_top = layout.card.height - geometry.details_bottom - sum(b.height for b in details)
        back = [b.fitted(widths) for b in self.back_name]
        return Card(
            self.role,
            self.role_label,
            tuple(names),
            tuple(details),
            (
                *_stacked(names, name_top, layout.padding),
                *_stacked(details, details_top, right),
            ),
            qr_data=self.qr_data,
            back_texts=tuple(_stacked(back, geometry.name_top, layout.padding)),
            cut=tuple(dict.fromkeys(cut)),
        )


#: Names listed in a warning about text many badges cut short; the rest are counted.
NAMES_LISTED = 3


def _say_cut(cut: list[CutShort]) -> None:
    """Warn about what badges cut short: a person's name on their own; a detail many
    people share (an organisation of 30 attendees) once, with how many badges it is on,
    so one long name is one line to fix, not thirty."""
    shared: dict[tuple[str, str], list[str]] = {}
    for short in cut:
        names = [part for part in short.parts if part in ("name", "given", "family")]
        if names:
            log.warning(
                "badges: %s: the %s does not fit the card even at %g pt on two lines: it "
                "is cut short; shorten it where it is written",
                short.name,
                " and the ".join(names),
                FLOOR_PT,
            )
        for part, text in zip(short.parts, short.texts or ("",) * len(short.parts), strict=True):
            if part not in names:
                shared.setdefault((part, text), []).append(short.name)
    for (part, text), people in shared.items():
        listed = ", ".join(people[:NAMES_LISTED])
        more = len(people) - NAMES_LISTED
        whose = f"{listed} and {more} more" if more > 0 else listed
        log.warning(
            "badges: the %s %r does not fit the card even at %g pt on two lines: it is cut "
            "short on %d badge%s (%s); shorten it where it is written (the event file, or "
            "the registration export)",
            part,
            text,
            FLOOR_PT,
            len(people),
            "s" if len(people) != 1 else "",
            whose,
        )


def _stacked(blocks: list[Block], top: float, right: float) -> list[Positioned]:
    """Blocks one under the other from top (mm)."""
    placed = []
    for block in blocks:
        placed.append(Positioned(block, top, right))
        top += block.height
    return placed


def _plan(person: Person, view: EventView, options: BadgeConfig) -> _Plan:
    layout = options.layout
    language = view.event.event.language

    def quotes() -> Quotes:
        return view.fmt.quotes

    lang = person.name_language or name_language(person.name, person.country, language)
    width = layout.inner_width
    smallest = layout.min_size / PT
    if person.given and person.family and lang.split("-")[0] not in FAMILY_FIRST:
        names = [
            Text(
                "given", quoted(person.given, quotes), lang, layout.given_size / PT, smallest, width
            ),
            # A long family name ("dos Santos Ferreira de Albuquerque e Vasconcelos")
            # goes onto a second line before it shrinks under three quarters of its
            # size: set on one line it came out smaller than the organisation.
            Text(
                "family",
                quoted(person.family, quotes),
                lang,
                layout.family_size / PT,
                max(smallest, layout.family_size / PT * FAMILY_WRAPS_AT),
                width,
            ),
        ]
    else:
        # A mononym, or a name written family name first (王秀英): set as large as any
        # given name, whatever its script.
        # Past the family name's size it is set on two lines rather than smaller.
        name = quoted(person.name, quotes)
        wraps_at = max(smallest, layout.family_size / PT)
        names = [Text("name", name, lang, layout.given_size / PT, wraps_at, width)]
    qr = _qr(person, options)
    detail_width = width - (layout.qr_size + GAP if qr else 0)
    details = []
    for css, text, scale in (
        ("organisation", quoted(person.organisation or "", quotes), 1.0),
        ("country", view.fmt.country(person.country), 0.92),
    ):
        if text:
            size = max(layout.details_size / PT * scale, FLOOR_PT)
            text_lang = script_language(text, language)
            # Details shrink to three quarters (never under the floor) before they wrap
            # onto a second line.
            details.append(Text(css, text, text_lang, size, size * 0.75, detail_width))
    back_name = []
    if options.back:
        whole = quoted(person.name, quotes)
        size, floor = layout.family_size / PT * BACK_NAME_SCALE, layout.min_size / PT
        back_name = [Text("back-name", whole, lang, size, floor, width)]
    return _Plan(
        person.name, person.role, view.role_label(person.role), names, details, qr, back_name
    )


#: Every code uses one mask pattern (ISO/IEC 18004 allows any of the eight; readers
#: detect it): choosing the best of eight costs seven times the encoding, per badge.
QR_MASK = 0


def _qr(person: Person, options: BadgeConfig) -> str | None:
    """What a QR code says: only what the organiser chose and the person allowed."""
    from segno import helpers

    if options.qr == "id":
        data = person.key
    elif options.qr == "vcard" and person.share_contact:
        data = helpers.make_vcard_data(
            name=";".join((person.family or person.name, person.given or "")),
            displayname=person.name,
            email=person.email,
            org=person.organisation,
            title=person.position,
        )
    else:
        return None
    if len(data.encode("utf-8")) > QR_MOST_BYTES:
        log.warning(
            "badges: %s: the contact card is too long for a QR code (%d bytes, at most %d); "
            "the badge is printed without one: shorten the organisation or position",
            person.name,
            len(data.encode("utf-8")),
            QR_MOST_BYTES,
        )
        return None
    return data


#: The most a QR code holds in byte mode at error level M (version 40: 2,331 bytes,
#: ISO/IEC 18004 table 7), less room for an ECI header segno adds for UTF-8.
QR_MOST_BYTES = 2_300


def _programme(view: EventView, layout: CardLayout, collapsed: bool = False) -> list[Text]:
    """The short programme for the back: over several days, each day's name, then its
    items (time and title, one line each); over one day, the items alone. When the
    programme is in several rooms, each item names its room at the line's end.

    collapsed: sessions in parallel as one line, their time "in parallel" and their rooms
    (Tsavo · Virunga): every time of the day on a back too small for every session."""
    # Only the items the file gives: no "Close" made up from the event's end.
    info = view.event.event
    size = max(layout.details_size / PT * BACK_SCALE, FLOOR_PT)
    texts: list[Text] = []
    for day in view.days:
        if view.several_days:
            texts.append(
                _line("programme-day", view.fmt.weekday_short(day.date), info, size, layout)
            )
        for block in day.blocks:
            if collapsed and block.parallel:
                note = view.fmt.gettext("in parallel")
                line = joined(" ", (block.when, note[:1].upper() + note[1:]))
                rooms = " · ".join(dict.fromkeys(_room_of(s, info) for s in block.slots))
                together = _line("programme", line, info, size, layout, room=rooms.strip(" ·"))
                texts.append(dataclasses.replace(together, sessions=len(block.slots)))
                continue
            for slot in block.slots:
                line = joined(" ", (slot.when, slot.title))
                # An attendee with the back alone must know where to go: sessions at
                # one time in different rooms look alike without theirs.
                room = _room_of(slot, info) if view.several_rooms else ""
                texts.append(_line("programme", line, info, size, layout, slot.is_break, room))
    return texts


def _room_of(slot: Slot, info: EventInfo) -> str:
    """Where an item is: its room; a session without one is in the event's, a break
    without one is where it is (none)."""
    return (slot.room or ("" if slot.is_break else info.room)) or ""


#: Between an item of the back's programme and its room: a space of this many ems.
ROOM_GAP_EM = 0.8
#: The most of a back's line a room takes; a longer room is cut short (with a warning).
ROOM_SHARE = 0.5


@dataclass(frozen=True)
class _ProgrammeLine(Text):
    """A line of the back's programme: a day's name, or an item (a break, or not) with
    its room, set at the line's end in its own style (`programme-room`)."""

    is_break: bool = False
    room: str = ""
    sessions: int = 1
    """How many sessions the line stands for (several in parallel, collapsed)."""

    def keys(self) -> set[fit.Key]:
        style, lang = ROOM_STYLE, self.lang
        return super().keys() | {
            (style, lang, NBSP),
            *((style, lang, w) for w in self.room.split()),
        }

    def fitted(self, widths: fit.Widths) -> ProgrammeBlock:
        """Fitted with the room beside it on one line: the largest size (up to self.size)
        at which both fit, never under FLOOR_PT. At the floor the title is cut short
        with an ellipsis; the room never is, unless it alone takes more than ROOM_SHARE
        of the line."""
        room = self.room.split()
        if not room:
            block = super().fitted(widths)
            return ProgrammeBlock(**vars(block))
        words = self.words
        style = self.style
        space = widths.of(style, self.lang, [NBSP])[0]
        room_widths = widths.of(ROOM_STYLE, self.lang, room)
        room_space = widths.of(ROOM_STYLE, self.lang, [NBSP])[0]
        # Widths in mm per point of type size: the line, the gap and the room together.
        room_per_pt = sum(room_widths) + room_space * (len(room) - 1)
        line_per_pt = sum(widths.of(style, self.lang, words)) + space * (len(words) - 1)
        whole = line_per_pt + ROOM_GAP_EM * PT + room_per_pt
        size = max(FLOOR_PT, min(self.size, self.width * fit.SAFETY / whole))
        room_block = fit.Fitted((self.room,), size)
        if room_per_pt * size > self.width * ROOM_SHARE:
            room_block = fit.fit(
                room, room_widths, room_space, self.width * ROOM_SHARE, size, size, 1, size
            )
        room_width = min(room_per_pt * size, self.width * ROOM_SHARE) + ROOM_GAP_EM * PT * size
        line = fit.fit(
            words,
            widths.of(style, self.lang, words),
            space,
            self.width - room_width,
            size,
            size,
            1,
            floor=size,
        )
        return ProgrammeBlock(
            self.css,
            line.lines,
            size,
            self.lang,
            style != self.css,
            line.clipped,
            room=room_block.lines[0] if room_block.lines else "",
            room_clipped=room_block.clipped,
        )


#: The class a room on a badge's back is measured and printed in (badges.css).
ROOM_STYLE = "programme-room"


@dataclass(frozen=True)
class ProgrammeBlock(Block):
    """A fitted line of the back's programme, with its room (set at the line's end)."""

    room: str = ""
    room_clipped: bool = False
    """The room alone took more than ROOM_SHARE of the line: cut short."""


def _line(
    css: str,
    text: str,
    info: EventInfo,
    size: float,
    layout: CardLayout,
    is_break: bool = False,
    room: str = "",
) -> _ProgrammeLine:
    return _ProgrammeLine(
        css, text, info.language, size, size * 0.75, layout.inner_width, 1, is_break, room
    )


def _back(
    layout: CardLayout,
    widths: fit.Widths,
    programme: list[Text],
    geometry: CardGeometry,
    name_height: float,
    collapsed: list[Text] | None = None,
) -> BackSide:
    """The back of every card: under the person's name (name_height mm, printed per
    card), as much of the short programme as the card holds, every line at one size.

    When not all of it fits, sessions in parallel are one line each time (collapsed, when
    given and shorter); then breaks are left out; then each day keeps its first items,
    the days sharing the room, and a last line says how many sessions are left out."""
    top = geometry.name_top + name_height + (GAP if name_height else 0.0)
    title_height = BACK_TITLE_PT * BACK_TITLE_LINE * PT + 1  # the label and its gap
    # Above the band, half the padding: the list is set small, and a line more of the
    # programme is worth more than white space.
    above_band = max(GAP, layout.padding / 2)
    room = layout.card.height - layout.band_height - above_band - top - title_height

    def lines_at(size: float) -> int:
        return max(1, int(room // (size * PT * LINE_HEIGHT["programme"])))

    fits = lines_at(max(layout.details_size / PT * BACK_SCALE, FLOOR_PT))
    if collapsed and len(programme) > lines_at(FLOOR_PT) and len(collapsed) < len(programme):
        # Every time of the day, with where, beats the first sessions of each day.
        programme = collapsed
    while True:
        chosen = _chosen(programme, fits)
        blocks = [text.fitted(widths) for text in chosen]
        # One size for every line, the smallest any needs (never under the floor); a
        # line longer than the card at that size is cut short with an ellipsis.
        size = max(FLOOR_PT, min((b.size for b in blocks), default=FLOOR_PT))
        # Lines set smaller than first thought leave room for more: take it (the size
        # only goes down as lines are added, so the lines chosen always fit).
        if lines_at(size) <= fits or len(chosen) == len(programme):
            break
        fits = lines_at(size)
    # Sessions left out are counted; breaks left out are not news.
    hidden = _sessions(programme) - _sessions(chosen)
    blocks = [dataclasses.replace(text, size=size, smallest=size).fitted(widths) for text in chosen]
    cut_rooms = [
        text.room
        for text, block in zip(chosen, blocks, strict=True)
        if isinstance(text, _ProgrammeLine)
        and isinstance(block, ProgrammeBlock)
        and block.room_clipped
    ]
    for name in dict.fromkeys(cut_rooms):
        log.warning(
            "badges: the room %r is too long for the back of the badges (more than half a "
            "line at %g pt): it is cut short; shorten it in the event file",
            name,
            size,
        )
    return BackSide(top, tuple(blocks), hidden)


def _is_session(text: Text) -> bool:
    return text.css == "programme" and not getattr(text, "is_break", False)


def _sessions(texts: list[Text]) -> int:
    """How many sessions lines of the back's programme stand for."""
    return sum(getattr(t, "sessions", 1) for t in texts if _is_session(t))


def _chosen(programme: list[Text], fits: int) -> list[Text]:
    """The lines of the programme a back with room for `fits` lines prints."""
    if len(programme) <= fits:
        return programme
    items = [t for t in programme if not getattr(t, "is_break", False)]
    # A day whose items were all breaks is left out with them.
    kept = [
        t
        for n, t in enumerate(items)
        if t.css != "programme-day" or (n + 1 < len(items) and items[n + 1].css != "programme-day")
    ]
    if len(kept) <= fits - 1:
        return kept
    days: list[list[Text]] = []
    for text in kept:
        if text.css == "programme-day" or not days:
            days.append([])
        days[-1].append(text)
    # Each day's heading and first item, then one more item a day in turn, while room is
    # left (one line is kept for "and N more").
    headed = [1 if day[0].css == "programme-day" else 0 for day in days]
    shown = [min(len(day), h + 1) for day, h in zip(days, headed, strict=True)]
    while sum(shown) > fits - 1 and len(shown) > 1:
        shown.pop()
    more = True
    while more and sum(shown) < fits - 1:
        more = False
        for n, day in enumerate(days[: len(shown)]):
            if shown[n] < len(day) and sum(shown) < fits - 1:
                shown[n] += 1
                more = True
    return [text for day, n in zip(days, shown, strict=False) for text in day[:n]]
