"""The programme as a web page, from `layouts/web/`: `programme/index.html` with its style
sheet, the organisers' logos, the venue's map and the calendar file copied beside it.

The page works from a USB stick or an e-mail attachment unpacked: every link is relative,
nothing is fetched, no script runs, no font file is needed (the reader's own sans-serif).
It is written for WCAG 2.2 AA: one h1 and headings in order, lists, a table only where
sessions run in parallel (rooms as row headers), `lang` on the page and on every text in
another script, `dir` for right-to-left, a skip link, times in `<time datetime>`, a print
style sheet, and one column that reflows at 320 CSS px (1.4.10). The same template, in
XHTML, is the EPUB's content (outputs/epub).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from brochure.engines import templating
from brochure.outputs.calendar.render import render as calendar
from brochure.outputs.view import Day, EventView, Slot
from brochure.textrules import script_language

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event

FOLDER = "programme"
TEMPLATE = "web/programme.html.j2"
STYLESHEET = "web/style.css"
#: The calendar file the page links to, copied into its folder (outputs/calendar).
CALENDAR = "programme.ics"
#: Languages written right to left, among those a script names (textrules.script_language).
RIGHT_TO_LEFT = frozenset({"ar", "he", "fa", "ur"})


@dataclass(frozen=True)
class Image:
    """A picture the page shows, copied into its folder."""

    src: str
    """Its file name beside the page: `logo-1.svg`, `map.png`."""
    alt: str
    """What it shows, for a screen reader: the organisation's name; the map's place."""
    source: str
    """Its file in the source folder, as the event file names it (copied from there)."""


@dataclass(frozen=True)
class Organiser:
    """An organiser as the page shows it."""

    name: str
    """As the file writes it."""
    country: str
    """Its country's name in the pack's language ('' when not given)."""
    website: str | None
    """Its web address, when given (a link)."""
    logo: Image | None
    """Its logo, with its name as the alternative text."""


@dataclass(frozen=True)
class PageContext:
    """Everything the web page (and the EPUB's content) shows: its variables."""

    view: EventView
    """The event as every output prints it: dates, places, the programme by day, people,
    metadata."""
    organisers: tuple[Organiser, ...]
    """The organisers, in the file's order, each with its own logo."""
    venue_map: Image | None
    """The venue's map, when the file names one."""
    stylesheet: str
    """The style sheet's file name beside the page."""
    calendar: str | None
    """The calendar file's name beside the page (None in an EPUB, which has none)."""
    marks: Marks
    """How texts and times are marked up: `lang` of a text in another script, a session's
    `datetime`."""
    epub: bool = False
    """Whether this is the EPUB's content document (XHTML with epub:type, no skip link
    and no contents of its own: the reading system's navigation has them)."""


@dataclass(frozen=True)
class Marks:
    """The markup's machine-readable values: languages of texts, and times."""

    language: str
    """The page's language (BCP 47)."""
    timezone: str | None
    """The event's time zone (IANA), for the UTC offset of its times."""

    def lang_of(self, text: str) -> str:
        """The language tag of a text written in another script than the page's (a name
        in Arabic on an English page: `ar`), else ''; for `lang` (and `dir`) on it."""
        found = script_language(text, self.language)
        return "" if found.split("-")[0] == self.language.split("-")[0] else found

    def names_in(self, line: str, names: Iterable[str]) -> Markup:
        """A line of names ("王秀英 and Tomás Ribeiro"), escaped, each name written in
        another script than the page's marked with its own `lang` (and `dir`):
        `<span lang="zh">王秀英</span> and Tomás Ribeiro`."""
        marked = str(escape(line))
        for name in dict.fromkeys(names):
            tag = self.lang_of(name)
            if not tag:
                continue
            direction = ' dir="rtl"' if tag in RIGHT_TO_LEFT and not self.rtl else ""
            direction = ' dir="ltr"' if tag not in RIGHT_TO_LEFT and self.rtl else direction
            shown = str(escape(name))
            marked = marked.replace(shown, f'<span lang="{tag}"{direction}>{shown}</span>')
        return Markup(marked)

    @property
    def rtl(self) -> bool:
        """Whether the page reads right to left."""
        return self.language.split("-")[0] in RIGHT_TO_LEFT

    def date_of(self, day: Day) -> str:
        """A day as HTML's `datetime` writes it: 2016-12-08."""
        return day.date.isoformat()

    def moment_of(self, slot: Slot) -> str:
        """When a session starts, as HTML's `datetime` writes it: with the event's UTC
        offset that day (2016-12-08T12:30-06:00), without one when the event names no
        time zone; '' when the session has no time."""
        if slot.start is None:
            return ""
        moment = dt.datetime.combine(slot.day, slot.start)
        if self.timezone:
            offset = moment.replace(tzinfo=zoneinfo.ZoneInfo(self.timezone)).utcoffset()
            if offset is not None:
                return moment.replace(tzinfo=dt.timezone(offset)).isoformat(timespec="minutes")
        return moment.isoformat(timespec="minutes")


def pictures(event: Event, config: BuildConfig) -> tuple[tuple[Organiser, ...], Image | None]:
    """The organisers, each logo named by its place (`logo-1.svg`), and the venue's map
    (`map.png`): files copied beside the page, named so no two collide."""
    organisers = []
    for number, organiser in enumerate(event.organisers, start=1):
        logo = None
        if organiser.logo:
            suffix = PurePosixPath(organiser.logo).suffix.lower()
            logo = Image(f"logo-{number}{suffix}", organiser.name, organiser.logo)
        country = config.fmt.country(organiser.country)
        organisers.append(Organiser(organiser.name, country, organiser.website, logo))
    venue = event.event.venue
    venue_map = None
    if venue and venue.map:
        where = config.fmt.separator.join(part for part in (venue.name, *venue.address) if part)
        label = config.fmt.gettext("Map")
        venue_map = Image(
            "map" + PurePosixPath(venue.map).suffix.lower(),
            f"{label}: {where}" if where else label,
            venue.map,
        )
    return tuple(organisers), venue_map


def images(organisers: tuple[Organiser, ...], venue_map: Image | None) -> Iterator[Image]:
    """Every picture the page shows."""
    yield from (organiser.logo for organiser in organisers if organiser.logo)
    if venue_map:
        yield venue_map


def page_context(event: Event, config: BuildConfig, epub: bool = False) -> PageContext:
    """The page's context, computed without a browser."""
    view = EventView.of(event, config)
    organisers, venue_map = pictures(view.event, config)
    return PageContext(
        view=view,
        organisers=organisers,
        venue_map=venue_map,
        stylesheet="style.css",
        calendar=None if epub else CALENDAR,
        marks=Marks(view.fmt.language, event.event.timezone),
        epub=epub,
    )


#: U+2060 WORD JOINER, which print sets inside names and times so a line never breaks
#: there (typography.kept_whole).
WORD_JOINER = "\u2060"


def reflowing(html: str) -> str:
    """The page without print's word joiners: a screen reflows at any width, and a name
    searched for (Ctrl+F, a screen reader's find) is found as it is typed."""
    return html.replace(WORD_JOINER, "")


def render(event: Event, config: BuildConfig) -> dict[str, bytes]:
    """programme/index.html, style.css, programme.ics and the pictures it shows."""
    context = page_context(event, config)
    page = reflowing(templating.render(config.layouts, config.fmt, TEMPLATE, context))
    files = {
        f"{FOLDER}/index.html": page.encode("utf-8"),
        f"{FOLDER}/{context.stylesheet}": config.layouts.find(STYLESHEET).read_bytes(),
        f"{FOLDER}/{CALENDAR}": calendar(event, config)[CALENDAR],
    }
    for image in images(context.organisers, context.venue_map):
        files[f"{FOLDER}/{image.src}"] = config.asset(image.source).read_bytes()
    return files
