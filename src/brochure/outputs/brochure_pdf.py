"""The printed programme: an A5 brochure from `layouts/brochure/`."""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from brochure.engines import glyphs, templating, weasy
from brochure.errors import Problem
from brochure.finishing import folding, imposition, prepress
from brochure.finishing.paper import BrochurePaper, brochure_paper
from brochure.outputs.view import EventView

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event
    from brochure.reading.load import Parts
    from brochure.reading.yamlsource import Path_

log = logging.getLogger(__name__)

TEMPLATE = "brochure/brochure.html.j2"
STYLESHEET = "brochure/brochure.css"
#: The brochure's pages two-up in saddle-stitch order, for an office duplex printer.
BOOKLET = "brochure-booklet.pdf"


@dataclass(frozen=True)
class OrganiserEntry:
    """An organiser as the brochure shows it."""

    name: str
    country: str
    website: str | None
    logo: str | None
    """The logo's file URL, confined to the source folder."""


@dataclass(frozen=True)
class BrochureContext:
    """Everything the brochure template shows (its variables are these fields)."""

    view: EventView
    organisers: tuple[OrganiserEntry, ...]
    cover_size: str
    """large, medium, small or smallest: a class in brochure.css."""
    notes_pages: int
    """Note pages before the back cover, padding the brochure to whole sheets."""
    any_logos: bool
    paper: BrochurePaper
    """The page size (A5 or half-letter) and the sheet a booklet is imposed on."""
    print_shop: bool
    """Bleed and crop marks for a print shop."""
    bleed: float
    """The bleed in mm: how far backgrounds run past the trim (0 for an office print)."""


def brochure_context(event: Event, config: BuildConfig, notes_pages: int = 0) -> BrochureContext:
    """The brochure's context, computed without WeasyPrint."""
    fmt = config.fmt
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
    return BrochureContext(
        view=EventView.of(event, config),
        organisers=organisers,
        cover_size=cover_size(event.event.title),
        notes_pages=notes_pages,
        any_logos=any(o.logo for o in organisers),
        paper=brochure_paper(event.event.language),
        print_shop=config.print_shop,
        bleed=prepress.BLEED if config.print_shop else 0.0,
    )


def cover_size(title: str) -> str:
    """How large the cover sets a title of this length (a class in brochure.css)."""
    for limit, size in ((60, "large"), (110, "medium"), (180, "small")):
        if len(title) <= limit:
            return size
    return "smallest"


def check(parts: Parts, config: BuildConfig) -> list[Problem]:
    """The layout's first-choice faces installed (else its text silently falls back), and
    every character the brochure prints drawable by some installed font."""
    try:
        stylesheet = config.layouts.find(STYLESHEET)
    except FileNotFoundError:
        return [Problem(None, "", f"no layout file {STYLESHEET} in {config.layouts}")]
    css = stylesheet.read_text(encoding="utf-8")
    problems = []
    if (config.print_shop or config.pdf_variant.startswith("pdf/x")) and not (
        prepress.CMYK_PROFILE.is_file()
    ):
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
        texts = [*printed(parts.event), *formatted(parts.event, config)]
        problems += [
            parts.problem(path, f"brochure: {glyphs.gaps_phrase(gaps)}", warning=True)
            for path, _, gaps in glyphs.undrawable(texts)
        ]
    return problems


def formatted(event: Event, config: BuildConfig) -> Iterator[tuple[Path_, str]]:
    """The words the brochure writes in the event's language (dates, times, countries,
    from CLDR): located at the language, which chose them."""
    fmt, info = config.fmt, event.event
    where: Path_ = ("event", "language")
    yield where, fmt.date_range(info.date, info.end_date)
    yield where, fmt.time_range(info.start, info.end)
    yield where, fmt.timezone(info.timezone)
    yield where, fmt.place(info.city, info.region, info.country)
    for day in {item.date or info.date for item in event.programme}:
        yield where, fmt.date_long(day)


#: The fields of each part of the event that the brochure prints.
_PRINTED = {
    "event": (
        "title",
        "subtitle",
        "kind",
        "series",
        "theme",
        "number",
        "venue",
        "room",
        "city",
        "region",
        "country",
        "website",
    ),
    "organisers": ("name", "country", "website"),
    "people": ("name", "honorific", "position", "organisation", "country", "bio"),
    "programme": ("title", "room", "description"),
}


def printed(event: Event) -> Iterator[tuple[Path_, str]]:
    """Every piece of event text the brochure prints, with its place in the file."""
    for field in _PRINTED["event"]:
        if value := getattr(event.event, field):
            yield ("event", field), value
    if event.summary:
        yield ("summary",), event.summary
    for key in ("about", "questions", "sectors"):
        for i, text in enumerate(getattr(event, key)):
            yield (key, i), text
    for key in ("organisers", "people", "programme"):
        for i, part in enumerate(getattr(event, key)):
            for field in _PRINTED[key]:
                if value := getattr(part, field):
                    yield (key, i, field), value


def _check_resolution(document: weasy.Document, config: BuildConfig) -> None:
    """A warning for each image printed below 300 dpi at its size on the page."""
    base = config.source_dir.resolve()
    worst: dict[str, float] = {}
    for image in weasy.placed_images(document):
        worst[image.source] = min(image.dpi, worst.get(image.source, image.dpi))
    for source, dpi in worst.items():
        if dpi >= prepress.MIN_PRINT_DPI:
            continue
        path = Path(urllib.parse.unquote(urllib.parse.urlparse(source).path))
        name = path.relative_to(base) if path.is_relative_to(base) else path.name
        log.warning(
            "brochure: %s is printed at %d dpi; a print shop needs %d (use a larger "
            "image, or an SVG)",
            name,
            dpi,
            prepress.MIN_PRINT_DPI,
        )


def render(event: Event, config: BuildConfig) -> dict[str, bytes]:
    """brochure.pdf, padded with note pages to whole folded sheets, and its pages imposed
    as a booklet for an office duplex printer (brochure-booklet.pdf)."""

    def lay_out(notes_pages: int) -> weasy.Document:
        context = brochure_context(event, config, notes_pages)
        html = templating.render(config.layouts, config.fmt, TEMPLATE, context)
        return weasy.render_document(html, config.source_dir, config.readable_folders, "brochure")

    document = folding.to_whole_sheets(lay_out, weasy.page_count)
    if config.print_shop:
        _check_resolution(document, config)
    pdf = weasy.to_pdf(document, "brochure", config.pdf_variant)
    if config.print_shop or config.pdf_variant.startswith("pdf/x"):
        identity = f"{event.event.title} {config.built_at.isoformat()}"
        pdf = prepress.for_press(pdf, identity, crop_marks=config.print_shop)
    sheet = brochure_paper(event.event.language).sheet
    booklet = imposition.booklet(pdf, sheet, event.event.title, event.event.language)
    return {"brochure.pdf": pdf, BOOKLET: booklet}
