"""The large-print programme from `layouts/large-print/`: the brochure's content, one column,
18 pt sans-serif on A4 (or Letter), tagged PDF/UA-1.

It follows UKAAF's minimum standards for large print (UK Association for Accessible
Formats, G003 "Creating clear print and large print documents", 2019): A4 paper; text of
at least 16 pt, ideally 18 pt, page numbers and labels the size of the text; a sans-serif
face; no italics, underlining or blocks of capitals; text aligned to the start of the
line; words not split over two lines; no columns; no text over pictures; high contrast.
The contrast asked here is WCAG 2.2's AAA for body text (1.4.6: 7:1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from brochure import typography
from brochure.cards.scripts import cjk_css
from brochure.engines import templating, weasy
from brochure.finishing.paper import Paper, office_paper
from brochure.outputs.view import EventView

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event

TEMPLATE = "large-print/large-print.html.j2"
FILE = "brochure-large-print.pdf"
#: The body's type size, pt: UKAAF's ideal for large print (its minimum is 16 pt).
BODY_PT = 18.0
#: The smallest type anywhere, pt: the body's (page numbers and labels too, as UKAAF asks).
SMALLEST_PT = 18.0
#: An organiser's logo: as tall as this (mm), narrower than the line (width, height).
LOGO_MM = (170.0, 30.0)
#: The largest the venue's map is drawn, mm (width, height).
MAP_MM = (170.0, 160.0)


@dataclass(frozen=True)
class Picture:
    """An image the large print draws, never with text over it."""

    src: str
    """Its file URL, confined to the source folder."""
    alt: str
    """What it shows, for a screen reader: an organisation's name, or the map's place."""
    width: float
    """The box it is drawn in: at most this wide, mm."""
    height: float
    """At most this tall, mm."""


@dataclass(frozen=True)
class Organiser:
    """An organiser as the large print shows it."""

    name: str
    """As the file writes it."""
    country: str
    """Its country's name in the pack's language ('' when not given)."""
    website: str | None
    """Its web address, when given."""
    logo: Picture | None
    """Its logo, with its name as the alternative text."""


@dataclass(frozen=True)
class LargePrintContext:
    """Everything the large-print template shows (its variables are these fields)."""

    view: EventView
    """The event as every output prints it: dates, places, the programme by day, people,
    metadata."""
    organisers: tuple[Organiser, ...]
    """The organisers, in the file's order, each with its own logo."""
    paper: Paper
    """The page: A4, or Letter where the office paper is Letter (finishing/paper.py)."""
    body_pt: float
    """The body text's size, pt (18: UKAAF's ideal for large print)."""
    smallest_pt: float
    """The smallest type on any page, pt: page numbers and labels included."""
    venue_map: Picture | None
    """The venue's map, when the file names one."""
    cjk_css: str = ""
    """Which Noto CJK faces draw Han text, by language (cards.scripts.cjk_css)."""


def large_print_context(event: Event, config: BuildConfig) -> LargePrintContext:
    """The large print's context, computed without WeasyPrint."""
    fmt = config.fmt
    view = EventView.of(event, config)
    organisers = tuple(
        Organiser(
            o.name,
            fmt.country(o.country),
            o.website,
            Picture(config.asset(o.logo).as_uri(), o.name, *LOGO_MM) if o.logo else None,
        )
        for o in view.event.organisers
    )
    practical = view.practical
    where = fmt.separator.join(part for part in (practical.venue, *practical.address) if part)
    venue_map = (
        Picture(
            config.asset(practical.map).as_uri(),
            f"{fmt.gettext('Map')}: {where}" if where else fmt.gettext("Map"),
            *MAP_MM,
        )
        if practical.map
        else None
    )
    return LargePrintContext(
        view=view,
        organisers=organisers,
        paper=office_paper(event.event.language, event.event.country),
        body_pt=BODY_PT,
        smallest_pt=SMALLEST_PT,
        venue_map=venue_map,
        cjk_css=cjk_css(event.event.language),
    )


def render(event: Event, config: BuildConfig) -> dict[str, bytes]:
    """brochure-large-print.pdf: tagged PDF/UA-1, whatever the brochure's PDF variant (the
    large print is for reading, never for a print shop)."""
    context = large_print_context(event, config)
    html = typography.stacked_in_noto(
        templating.render(config.layouts, config.fmt, TEMPLATE, context),
        whole_runs=config.fmt.direction == "rtl",
    )
    document = weasy.render_document(html, config.source_dir, config.readable_folders, FILE)
    return {FILE: weasy.to_pdf(document, FILE, "pdf/ua-1")}
