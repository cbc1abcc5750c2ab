"""Name badges: one per person and attendee, sorted by family name, then blanks.

Cards are placed by a layout file (`layouts/badges/*.yaml`) and look as
`layouts/badges/badges.css` says; they are drawn straight to PDF by the card engine
(engines/cards_pdf.py, through badges/drawing.py). Names are fitted by measuring
(cards/fit.py), the QR code carries only what `badges.qr` allows (segno), and a name the
installed fonts cannot draw is reported, naming the person.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import pickle
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brochure.cards import fit, pieces, sheets
from brochure.cards.scripts import FONTS, cjk_css, fonts_css
from brochure.cards.sheets import Sheet
from brochure.cards.text import FLOOR_PT, LINE_HEIGHT, PT, Text
from brochure.engines import glyphs
from brochure.engines.layouts import default_layouts
from brochure.errors import InputError, Problem
from brochure.model import ROLES
from brochure.outputs.badges.back import back_side, programme
from brochure.outputs.badges.context import BadgeContext
from brochure.outputs.badges.geometry import (
    BACK_NAME_SCALE,
    GAP,
    Card,
    CardGeometry,
    stacked,
)
from brochure.outputs.badges.layout import BadgeLayout
from brochure.outputs.badges.qr import qr_data
from brochure.outputs.badges.settings import BadgeSettings, layout_for
from brochure.outputs.view import ROLE_LABELS, EventView
from brochure.textrules import FAMILY_FIRST, joined, name_language, script_language
from brochure.typography import Quotes, quoted

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.engines import cards_pdf
    from brochure.i18n import Formatter
    from brochure.model import Event, Person
    from brochure.outputs.badges import drawing
    from brochure.reading.parts import Parts
    from brochure.reading.yamlsource import Path_

log = logging.getLogger(__name__)

FILE = "badges.pdf"
STYLESHEET = "badges/badges.css"
#: The event's title and date line, as a share of the layout's details size.
TITLE_SCALE, DATE_SCALE = 0.82, 0.78
#: The share of its size under which a family name wraps onto a second line rather than
#: shrink further.
FAMILY_WRAPS_AT = 0.75


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
    try:
        # Read at render only when there are badges: a link or a missing file is said now.
        config.layouts.find(STYLESHEET)
    except InputError as error:
        problems += error.problems
    except FileNotFoundError:
        problems.append(Problem(None, "", f"no layout file {STYLESHEET} in {config.layouts}"))
    shipped = default_layouts().resolve()
    for folder in (f for f in config.layouts.folders if f != shipped):
        # Badges are drawn, not laid out from a template: an old template of a project's
        # own would silently change nothing.
        if (folder / "badges" / "badges.html.j2").is_file():
            problems.append(
                Problem(
                    None,
                    "",
                    f"{folder / 'badges' / 'badges.html.j2'}: badges no longer use a "
                    "template: they are drawn from the layout file and badges.css (its "
                    "colours, weights and case); this file changes nothing, delete it",
                    warning=True,
                )
            )
    if parts.event is not None:
        # The layout this pack prints on (the one chosen, or its office sheet): a project's
        # own file that is not a usable layout is said here, located in that file.
        try:
            layout_for(BadgeSettings.of(config), parts.event, config.layouts)
        except InputError as error:
            problems += error.problems
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
            *(
                config.bilingual.second_fmt.gettext(ROLE_LABELS[role])
                for role in ROLES
                if config.bilingual is not None
            ),
        ):
            yield ("event", "language"), text
    for path, person in parts.people:
        for field in ("name", "given", "family", "organisation"):
            if value := getattr(person, field):
                yield (*path, field), value


def render(event: Event, config: BuildConfig) -> dict[str, bytes]:
    """badges.pdf: every person's badge, then the blanks, on the chosen layout (badges_pdf)."""
    return {FILE: badges_pdf(event, config)}


def badges_pdf(
    event: Event,
    config: BuildConfig,
    people: Sequence[Person] | None = None,
    layout: BadgeLayout | None = None,
    blank: int | None = None,
    keywords: str = "",
) -> bytes:
    """The badges of people (default: everyone), sorted by family name, then blank ones
    (default: `badges.blank`), on layout (default: the pack's, layout_for), as one PDF
    (keywords: its document information's, the door's mark).

    Names are measured once, here (badge_work); the cards are then fitted piece by piece
    (SHEETS_PER_PIECE sheets at a time) and drawn straight to PDF by the card engine
    (engines/cards_pdf.py, through badges/drawing.py) as they come, in one share per
    core (cards/pieces.py): this process holds each piece's plans pickled (about 0.3 kB
    a badge), never every fitted card. A name cut short is said once, here (where
    --strict and the manifest see it).
    """
    from brochure.engines import cards_pdf
    from brochure.outputs.badges import drawing

    work = badge_work(event, config, people, layout, blank)
    cards_pdf.ready()  # once, here: the workers forked to draw inherit it
    context, fmt = work.context, config.fmt
    stylesheet = config.layouts.stylesheet(STYLESHEET)
    styles = {(style, lang) for style, lang, _ in work.widths.table}
    looks = drawing.read_looks(styles, context.layout, config, stylesheet)
    labels = drawing.Labels(
        fmt.gettext("Programme"), fmt.gettext("and %(n)s more: see the printed programme")
    )
    title = fmt.gettext("Name badges")
    info = drawing.info(context, f"{context.metadata.title} · {title}", keywords)
    run = pieces.draw_in_shares(
        _drawn_share,
        (work, looks, labels, info),
        len(work.pieces),
        FILE,
        (work.cards_per_piece, context.badge_count),
        config.limits,
    )
    _say_cut([short for cut in run.reports for short in cut])
    return run.pdf


#: Sheets whose cards are fitted together (an even number, so a sheet and its back stay
#: together).
SHEETS_PER_PIECE = 24


def _drawn_share(
    job: tuple[BadgeWork, drawing.Looks, drawing.Labels, cards_pdf.Info], share: range
) -> tuple[bytes, list[CutShort]]:
    """The pieces of share fitted and drawn as one PDF, and the names cut short on its
    cards (said by the caller: this may run in a worker process, whose log nobody
    keeps)."""
    from brochure.engines import cards_pdf
    from brochure.outputs.badges import drawing

    work, looks, labels, info = job
    cut: list[CutShort] = []

    def pages() -> Iterator[cards_pdf.Page]:
        for piece in share:
            context, cut_here = work.piece(piece)
            cut.extend(cut_here)
            yield from drawing.pages(context, looks, labels)

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


def badge_work(
    event: Event,
    config: BuildConfig,
    people: Sequence[Person] | None = None,
    layout: BadgeLayout | None = None,
    blank: int | None = None,
) -> BadgeWork:
    """The people's plans, every word measured, and all the template prints but the
    sheets (people, layout and blank as badges_pdf takes them)."""
    options = BadgeSettings.of(config)
    layout = layout or layout_for(options, event, config.layouts)
    blank = options.blank if blank is None else blank
    view = EventView.of(event, config)
    chosen = event.by_family_name(people)
    second = config.bilingual.second_fmt if config.bilingual is not None else None
    planned = tuple(_plan(person, view, options, layout, second) for person in chosen)
    header = _header(view, layout)
    on_back = programme(view, layout) if options.back else []
    collapsed = programme(view, layout, collapsed=True) if options.back else []
    every_text = (
        header
        + on_back
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
        header=tuple(stacked(header_blocks, layout.padding, layout.padding)),
        sheets=(),
        back=back_side(layout, widths, on_back, geometry, back_name_height, collapsed)
        if back
        else None,
        cut_marks=sheets.cut_marks(layout),
        badge_count=len(planned) + blank,
        metadata=view.metadata,
        second_language=second.tag if second is not None else "",
    )
    per_piece = pieces.piece_size(
        context.badge_count,
        layout.per_sheet,
        SHEETS_PER_PIECE // (2 if back else 1) * layout.per_sheet,
    )
    count = math.ceil(context.badge_count / per_piece) or 1
    plans = tuple(
        pickle.dumps(planned[n * per_piece : (n + 1) * per_piece], pickle.HIGHEST_PROTOCOL)
        for n in range(count)
    )
    return BadgeWork(context, plans, widths, per_piece, len(planned), options.flip)


def _measured(texts: list[Text], config: BuildConfig) -> fit.Widths:
    """Widths of every word of texts (and of a space in each style) in one layout pass."""
    keys: set[fit.Key] = set()
    for text in texts:
        keys |= text.keys()
    stylesheet = config.layouts.stylesheet(STYLESHEET)
    stylesheet += cjk_css(config.fmt.language)
    return fit.measure(keys, stylesheet, fonts_css(), config.source_dir, config.readable_folders)


def _header(view: EventView, layout: BadgeLayout) -> list[Text]:
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
    role_second: str
    """The role in a bilingual edition's second language ('' otherwise)."""
    names: list[Text]
    details: list[Text]
    qr_data: str | None
    back_name: list[Text]
    """The name again, for the back (empty without a back)."""

    def card(self, widths: fit.Widths, layout: BadgeLayout, geometry: CardGeometry) -> Card:
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
                *stacked(names, name_top, layout.padding),
                *stacked(details, details_top, right),
            ),
            qr_data=self.qr_data,
            back_texts=tuple(stacked(back, geometry.name_top, layout.padding)),
            cut=tuple(dict.fromkeys(cut)),
            role_second=self.role_second,
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


def _plan(
    person: Person,
    view: EventView,
    options: BadgeSettings,
    layout: BadgeLayout,
    second: Formatter | None = None,
) -> _Plan:
    """One person's card. second: a bilingual edition's second language, in which the
    band says the role too (role_label)."""
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
    qr = qr_data(person, options.qr)
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
    label = view.role_label(person.role)
    return _Plan(
        person.name,
        person.role,
        label,
        role_label(person.role, label, second),
        names,
        details,
        qr,
        back_name,
    )


def role_label(role: str, first: str, second: Formatter | None) -> str:
    """The role in a bilingual edition's second language, for the band's second line:
    '' without one, or when both languages write it alike (PARTICIPANT, PARTICIPANT)."""
    if second is None:
        return ""
    word = second.gettext(ROLE_LABELS[role])
    return "" if word.casefold() == first.casefold() else word
