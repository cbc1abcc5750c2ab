"""The printed programme: an A5 (or half-letter) brochure from `layouts/brochure/`, and
its pages imposed as a booklet."""

from __future__ import annotations

import datetime as dt
import html
import logging
import math
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import PIL.Image
import pydantic

from brochure import typography
from brochure.cards.scripts import cjk_css
from brochure.engines import glyphs, layouts, templating, weasy
from brochure.errors import BuildError, Problem
from brochure.finishing import folding, imposition, prepress
from brochure.finishing.paper import BrochurePaper, brochure_paper
from brochure.outputs import logo_grounds
from brochure.outputs.brochure.settings import BrochureSettings
from brochure.outputs.view import EventView
from brochure.reading import confine

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.i18n import Formatter
    from brochure.model import Event
    from brochure.reading.parts import Parts
    from brochure.reading.yamlsource import Path_

log = logging.getLogger(__name__)

TEMPLATE = "brochure/brochure.html.j2"
STYLESHEET = "brochure/brochure.css"
#: The brochure's pages two-up in saddle-stitch order, for an office duplex printer.
BOOKLET = "brochure-booklet.pdf"
#: Resolution print needs: below it, a picture's pixels show (the printing trade's rule).
PRINT_DPI = 300
#: CSS pixels per inch: an image with no size set is drawn one pixel per CSS pixel.
CSS_DPI = 96


@dataclass(frozen=True)
class Box:
    """The largest an image is drawn, in mm: it keeps its proportions inside."""

    width: float
    """At most this wide, mm."""
    height: float
    """At most this tall, mm."""

    def dpi(self, pixels: tuple[int, int]) -> float:
        """The resolution an image of these pixels is printed at in this box."""
        width, height = pixels
        inches = min(width / CSS_DPI, self.width / 25.4, self.height / 25.4 * width / height)
        return width / inches


#: An organiser's logo on the organisers' page (the cover draws it smaller).
LOGO_BOX = Box(50, 14)
#: The venue's map in the practical details: the text's width, half its height.
MAP_BOX = Box(114, 85)
#: Sessions in parallel are set side by side up to this many rooms (an A5 text column
#: of about 114 mm, less the times' 24 mm, gives each of two rooms 45 mm); more rooms
#: are set one under the other, each headed by its room.
ROOM_COLUMNS = 2
#: The programme's column of times, in mm: at least this wide (a 24-hour range,
#: "12:30 – 14:00"), wider when the language's longest range needs it (time_column); the
#: gap between a time and its session is part of it.
TIME_COLUMN = 24.0
TIME_GAP = 3.0


@dataclass(frozen=True)
class Picture:
    """An image the brochure draws, and the box it is drawn in."""

    src: str
    """Its file URL, confined to the source folder."""
    width: float
    """The box it is drawn in: at most this wide, mm."""
    height: float
    """At most this tall, mm."""


@dataclass(frozen=True)
class OrganiserEntry:
    """An organiser as the brochure shows it."""

    name: str
    """As the file writes it."""
    country: str
    """Its country's name in the pack's language ('' when not given)."""
    website: str | None
    """Its web address, when given."""
    logo: str | None
    """The logo's file URL, confined to the source folder."""


@dataclass(frozen=True)
class BrochureContext:
    """Everything the brochure template shows (its variables are these fields)."""

    view: EventView
    """The event as every output prints it: dates, places, the programme by day, people,
    metadata."""
    organisers: tuple[OrganiserEntry, ...]
    """The organisers, in the file's order, each with its own logo."""
    cover_size: str
    """large, medium, small or smallest: a class in brochure.css."""
    notes_pages: int
    """Note pages before the back cover, padding the brochure to whole sheets."""
    any_logos: bool
    """Whether any organiser has a logo (the cover and the organisers' page show them)."""
    paper: BrochurePaper
    """The page size (A5 or half-letter) and the sheet a booklet is imposed on."""
    print_shop: bool
    """Bleed and crop marks for a print shop."""
    bleed: float
    """The bleed in mm: how far backgrounds run past the trim (0 for an office print)."""
    logo_box: Box
    """The largest an organiser's logo is drawn, mm."""
    venue_map: Picture | None
    """The venue's map, when the file names one, with the box it is drawn in."""
    room_columns: int
    """The most rooms whose parallel sessions are set side by side."""
    time_column: float = TIME_COLUMN
    """The width of the programme's column of times, in mm, its gap (time_gap) included:
    as wide as the longest time it prints, which never breaks (time_column())."""
    time_gap: float = TIME_GAP
    """The gap between a time and its session, mm (within time_column)."""
    cjk_css: str = ""
    """Which Noto CJK faces draw Han text, by language (cards.scripts.cjk_css): the
    same choice as on the badges."""


def brochure_context(
    event: Event,
    config: BuildConfig,
    notes_pages: int = 0,
    cover: str | None = None,
    time_column: float = TIME_COLUMN,
) -> BrochureContext:
    """The brochure's context, computed without WeasyPrint (time_column is measured with
    it: see time_column())."""
    fmt = config.fmt
    settings = BrochureSettings.of(config)
    # Each organiser carries its own logo: two organisers may share a name.
    organisers = tuple(
        OrganiserEntry(
            o.name,
            fmt.country(o.country),
            o.website,
            config.asset(o.logo).as_uri() if o.logo else None,
        )
        for o in event.organisers
    )
    venue = event.event.venue
    return BrochureContext(
        view=EventView.of(event, config),
        organisers=organisers,
        cover_size=cover or cover_size(event.event.title),
        notes_pages=notes_pages,
        any_logos=any(o.logo for o in organisers),
        paper=brochure_paper(event.event.language, event.event.country),
        print_shop=settings.print_shop,
        bleed=prepress.BLEED if settings.print_shop else 0.0,
        logo_box=LOGO_BOX,
        venue_map=Picture(config.asset(venue.map).as_uri(), MAP_BOX.width, MAP_BOX.height)
        if venue and venue.map
        else None,
        room_columns=ROOM_COLUMNS,
        time_column=time_column,
        cjk_css=cjk_css(event.event.language),
    )


def time_column(view: EventView, config: BuildConfig) -> float:
    """The width (mm) of the programme's column of times: TIME_COLUMN, or the widest
    time the column prints (a block's time, in a session's style and in a break's
    italic), as the layout's style sheet sets it, plus TIME_GAP. A time never breaks
    ("08:30 –" over "09:00" did; i18n.Formatter.time_range), so the column is made as
    wide as it: "8:30 a.m. – 9:00 a.m." in en-CA, "8 h 30 – 9 h 00" in fr-CA."""
    times = sorted({block.when for day in view.days for block in day.blocks if block.when})
    if not times:
        return TIME_COLUMN
    stylesheet = config.layouts.stylesheet(STYLESHEET)
    styles = {"item": "time", "break": "time-of-break"}
    probe = (
        f'<!DOCTYPE html><html lang="{html.escape(config.fmt.tag)}"><head><meta charset="utf-8">'
        f"<style>{cjk_css(view.event.event.language)}{stylesheet}</style></head><body>"
        '<div class="programme">'
        + "".join(
            f'<div class="slot {kind}"><p class="when" id="{ident}">x</p></div>'
            for kind, ident in styles.items()
        )
        + "</div></body></html>"
    )
    widths = weasy.text_widths(
        probe,
        config.source_dir,
        config.readable_folders,
        "brochure (measuring times)",
        {ident: times for ident in styles.values()},
    )
    widest = max(width for found in widths.values() for width in found) / weasy.PX_PER_MM
    # Rounded up to a half millimetre, and half a millimetre more for rounding in layout.
    return max(TIME_COLUMN, math.ceil((widest + TIME_GAP) * 2) / 2 + 0.5)


#: The cover's sizes, largest first (classes in brochure.css): the title's type size, and
#: last a crowded cover whose other text is set smaller too.
COVER_SIZES = ("large", "medium", "small", "smallest", "crowded")
#: Room the cover keeps clear at its foot, in mm (its bottom padding).
COVER_FOOT = 14.0


def cover_size(title: str) -> str:
    """How large the cover sets a title of this length (a class in brochure.css): the
    first guess, which render() makes smaller while the cover's text does not fit."""
    for limit, size in ((60, "large"), (110, "medium"), (180, "small")):
        if len(title) <= limit:
            return size
    return "smallest"


def check(parts: Parts, config: BuildConfig) -> list[Problem]:
    """The layout's first-choice faces installed (else its text silently falls back);
    every character the brochure prints drawable by some installed font; logos and the
    map with the pixels to print sharp where the brochure draws them; logos that stand
    out from what the layout prints them on."""
    try:
        stylesheet = config.layouts.find(STYLESHEET)
    except FileNotFoundError:
        return [Problem(None, "", f"no layout file {STYLESHEET} in {config.layouts}")]
    css = stylesheet.read_text(encoding="utf-8")
    problems = []
    if BrochureSettings.of(config).for_press and not (prepress.CMYK_PROFILE.is_file()):
        problems.append(
            Problem(
                None,
                "",
                f"brochure: a print shop's PDF declares a CMYK profile, and "
                f"{prepress.CMYK_PROFILE} is missing: install Debian's libgs-common",
            )
        )
    problems += [
        Problem(
            None,
            "",
            f"brochure: the font {family} is not installed; its text falls back to another",
            warning=True,
        )
        for family in glyphs.missing_faces(css)
    ]
    if parts.event is not None:
        problems += _template_problems(parts.event, config)
        texts = [*printed(parts.event), *formatted(parts.event, config)]
        problems += [
            parts.problem(path, f"brochure: {glyphs.gaps_phrase(gaps)}", warning=True)
            for path, _, gaps in glyphs.undrawable(texts)
        ]
    pictures: list[tuple[Path_, str, Box]] = [
        (("organisers", i, "logo"), organiser.logo, LOGO_BOX)
        for i, organiser in parts.organisers
        if organiser.logo
    ]
    venue = parts.info.venue if parts.info else None
    if venue and venue.map:
        pictures.append((("event", "venue", "map"), venue.map, MAP_BOX))
    for path, name, box in pictures:
        if problem := _resolution(parts, path, name, box):
            problems.append(problem)
    problems += logo_grounds.unseen_logos(parts, css)
    return problems


def _template_problems(event: Event, config: BuildConfig) -> list[Problem]:
    """The layout filled in with this event (Jinja only, no layout engine): a misspelt
    variable or anything the sandbox refuses is found by `check`, not first by `build`."""
    if event.unknown_ids():
        return []  # a dangling id: the loader says where; the layout cannot be filled in
    try:
        context = brochure_context(event, config)
    except confine.OutsideError:
        return []  # a logo the loader refuses: said there, with its place
    try:
        with layouts.collected() as said:
            templating.render(config.layouts, config.fmt, TEMPLATE, context)
    except BuildError as error:
        return [Problem(None, "", str(error))]
    return said


def formatted(event: Event, config: BuildConfig) -> Iterator[tuple[Path_, str]]:
    """The words the brochure writes in the event's language (dates, times, countries,
    from CLDR): located at the language, which chose them."""
    fmt, info = config.fmt, event.event
    where: Path_ = ("event", "language")
    yield where, fmt.date_range(info.date, info.end_date)
    yield where, fmt.time_range(info.start, info.end)
    yield where, fmt.timezone(info.timezone, dt.datetime.combine(info.date, dt.time(12)))
    yield where, fmt.place(info.city, info.region, info.country)
    for day in {item.date or info.date for item in event.programme}:
        yield where, fmt.date_long(day)


#: Fields that hold no printed text: ids, addresses never printed, file names, settings.
_NOT_PRINTED = frozenset(
    {
        "id",
        "people",
        "chairs",
        "email",
        "logo",
        "map",
        "language",
        "name_language",
        "timezone",
        "attendees",
        "badges",
        "brochure",
        "password",
        "status",
        "role",
        "kind",
        "share_contact",
        "pronunciation",  # the chairs' run sheets print it, and the talks
        "talks",
        "tents",
    }
)


def printed(event: Event) -> Iterator[tuple[Path_, str]]:
    """Every piece of event text the brochure prints, with its place in the file: each
    text field of the event, its organisers, people and programme (attendees are on
    badges only)."""
    yield from _texts(event, ())


def _texts(value: object, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _texts(item, (*path, i))
    elif isinstance(value, pydantic.BaseModel):
        for name in type(value).model_fields:
            if name not in _NOT_PRINTED:
                yield from _texts(getattr(value, name), (*path, name))


def _check_resolution(document: weasy.Document, config: BuildConfig) -> None:
    """For a print shop: a warning for each image a layout brings that prints below 300
    dpi at its size on the page. (The event's own images, logos and the map, are checked
    before rendering, with their place in the file.)"""
    base = config.source_dir.resolve()
    worst: dict[str, float] = {}
    for image in weasy.placed_images(document):
        worst[image.source] = min(image.dpi, worst.get(image.source, image.dpi))
    for source, dpi in worst.items():
        if dpi >= prepress.MIN_PRINT_DPI:
            continue
        path = Path(urllib.parse.unquote(urllib.parse.urlparse(source).path))
        if path.is_relative_to(base):
            continue
        log.warning(
            "brochure: %s is printed at %d dpi; a print shop needs %d (use a larger "
            "image, or an SVG)",
            path.name,
            dpi,
            prepress.MIN_PRINT_DPI,
        )


def _resolution(parts: Parts, path: Path_, name: str, box: Box) -> Problem | None:
    """A warning when a bitmap would print under PRINT_DPI in its box (an SVG is sharp
    at any size); None when it is sharp enough, or not a readable image (which the
    loader reports)."""
    if name.lower().endswith(".svg"):
        return None
    try:
        with PIL.Image.open(confine.resolve_inside(parts.source.folder, name)) as image:
            pixels = image.size  # read from the header; nothing is decoded
    except (confine.OutsideError, OSError, ValueError, PIL.Image.DecompressionBombError):
        return None
    if box.dpi(pixels) >= PRINT_DPI:
        return None
    width, height = pixels
    scale = min(box.width / width, box.height / height)
    needed = (
        math.ceil(width * scale / 25.4 * PRINT_DPI),
        math.ceil(height * scale / 25.4 * PRINT_DPI),
    )
    return parts.problem(
        path,
        f"brochure: '{name}' is {width} x {height} pixels, so it prints at "
        f"{box.dpi(pixels):.0f} dpi where the brochure draws it (at most "
        f"{box.width:g} x {box.height:g} mm); print needs {PRINT_DPI} dpi: use one of "
        f"{needed[0]} x {needed[1]} pixels or more, or an SVG",
        warning=True,
    )


#: The named page (CSS `page:`) of the layout's note pages, which make the brochure up
#: to whole folded sheets.
NOTES_PAGE = "notes"


def render(event: Event, config: BuildConfig) -> dict[str, bytes]:
    """brochure.pdf, padded with note pages to whole folded sheets, and its pages imposed
    as a booklet for an office duplex printer (brochure-booklet.pdf)."""
    times = time_column(brochure_context(event, config).view, config)

    def context(notes_pages: int, cover: str) -> BrochureContext:
        return brochure_context(event, config, notes_pages, cover, times)

    return laid_out(event, config, TEMPLATE, context, config.fmt)


def laid_out(
    event: Event,
    config: BuildConfig,
    template: str,
    context_of: Callable[[int, str], object],
    fmt: Formatter,
) -> dict[str, bytes]:
    """A brochure template laid out and printed: its cover fitted, its pages padded with
    note pages to whole folded sheets, written to the settings' PDF standard (for a
    print shop, with bleed and marks), and imposed as a booklet. context_of(notes pages,
    cover size) is the template's context; fmt translates its fixed words."""
    paper = brochure_paper(event.event.language, event.event.country)
    sizes = list(COVER_SIZES[COVER_SIZES.index(cover_size(event.event.title)) :])

    def lay_out(notes_pages: int) -> weasy.Document:
        # The cover's text is measured, not guessed: while it runs into the cover's
        # foot, it is laid out again a size smaller (a long title, many organisers).
        while True:
            context = context_of(notes_pages, sizes[0])
            html = typography.stacked_in_noto(
                templating.render(config.layouts, fmt, template, context),
                whole_runs=config.fmt.direction == "rtl",
            )
            document = weasy.render_document(
                html, config.source_dir, config.readable_folders, "brochure"
            )
            fits = weasy.text_bottom(document, 0) <= paper.page.height - COVER_FOOT + 0.5
            if fits or len(sizes) == 1:
                return document
            sizes.pop(0)

    document = folding.to_whole_sheets(
        lay_out,
        weasy.page_count,
        lambda laid_out: weasy.pages_named(laid_out, NOTES_PAGE),
        weasy.without_pages,
    )
    settings = BrochureSettings.of(config)
    if settings.print_shop:
        _check_resolution(document, config)
    pdf = weasy.to_pdf(document, "brochure", settings.pdf_variant)
    if settings.for_press:
        identity = f"{event.event.title} {config.built_at.isoformat()}"
        pdf = prepress.for_press(pdf, identity, crop_marks=settings.print_shop)
    sheet = paper.sheet
    booklet = imposition.booklet(
        pdf, sheet, event.event.title, config.fmt.tag, config.fmt.direction == "rtl"
    )
    return {"brochure.pdf": pdf, BOOKLET: booklet}
