"""The printed programme: an A5 brochure from `layouts/brochure/`."""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from typing import Any

from brochure import glyphs, templating, weasy
from brochure.i18n import Formatter
from brochure.model import Event, Person, ProgrammeItem
from brochure.settings import BuildSettings

log = logging.getLogger(__name__)

TEMPLATE = "brochure/brochure.html.j2"
STYLESHEET = "brochure/brochure.css"
#: Printed booklets are folded sheets: four pages each. Spare pages become note pages.
PAGES_PER_SHEET = 4


@dataclass(frozen=True)
class PersonEntry:
    """A person as the brochure lists them."""

    name: str
    affiliation: str
    """Position, organisation and country, as one line."""
    provisional: bool
    bio: str | None


@dataclass(frozen=True)
class Day:
    """The programme of one day."""

    label: str
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class Slot:
    """A programme row: when, what, who."""

    when: str
    title: str
    people: tuple[str, ...]
    description: str | None
    room: str | None
    is_break: bool


def brochure_context(event: Event, settings: BuildSettings, notes_pages: int = 0) -> dict[str, Any]:
    """Everything the brochure template shows, computed without WeasyPrint."""
    fmt = settings.fmt
    info = event.event
    logos = {
        organiser.name: settings.asset(organiser.logo).as_uri()
        for organiser in event.organisers
        if organiser.logo
    }
    hosts = event.with_role("organiser", "moderator")
    speakers = event.with_role("speaker")
    others = event.with_role("rapporteur", "staff", "press")
    return {
        "event": event,
        "info": info,
        "language": info.language,
        "when": fmt.date_range(info.date, info.end_date),
        "time": fmt.time_range(info.start, info.end),
        "timezone": fmt.timezone(info.timezone),
        "place": fmt.place(info.city, info.region, info.country),
        "organiser_names": fmt.join([o.name for o in event.organisers]),
        "organisers": [
            {
                "name": o.name,
                "country": fmt.country(o.country),
                "website": o.website,
                "logo": logos.get(o.name),
            }
            for o in event.organisers
        ],
        "logos": logos,
        "hosts": [person_entry(p, fmt) for p in hosts],
        "speakers": [person_entry(p, fmt) for p in speakers],
        "others": [person_entry(p, fmt) for p in others],
        "any_provisional": any(p.is_provisional for p in speakers),
        "programme_days": programme_days(event, fmt),
        "cover_size": cover_size(info.title),
        "metadata": pdf_metadata(event, settings),
        "notes_pages": notes_pages,
    }


def cover_size(title: str) -> str:
    """How large the cover sets a title of this length (a class in brochure.css)."""
    for limit, size in ((60, "large"), (110, "medium"), (180, "small")):
        if len(title) <= limit:
            return size
    return "smallest"


def person_entry(person: Person, fmt: Formatter) -> PersonEntry:
    parts = [person.position, person.organisation, fmt.country(person.country)]
    return PersonEntry(
        name=person.name,
        affiliation=", ".join(part for part in parts if part),
        provisional=person.is_provisional,
        bio=person.bio,
    )


def programme_days(event: Event, fmt: Formatter) -> list[Day]:
    """The programme in its given order, in runs of items on the same day."""
    runs = itertools.groupby(event.programme, key=lambda item: item.date or event.event.date)
    return [
        Day(fmt.date_long(day), tuple(slot(item, event, fmt) for item in items))
        for day, items in runs
    ]


def slot(item: ProgrammeItem, event: Event, fmt: Formatter) -> Slot:
    return Slot(
        when=fmt.time_range(item.start, item.end),
        title=item.title,
        people=tuple(event.person(key).name for key in item.people),
        description=item.description,
        room=item.room,
        is_break=(item.kind or "").lower() in ("break", "meal", "lunch", "coffee"),
    )


def pdf_metadata(event: Event, settings: BuildSettings) -> dict[str, Any]:
    """Title, author (the organisations, never a person), subject, keywords, date."""
    info = event.event
    fmt = settings.fmt
    subject = " · ".join(
        part
        for part in (
            info.session,
            info.series,
            info.city,
            fmt.date_short(info.date),
        )
        if part
    )
    return {
        "title": info.title,
        "authors": [o.name for o in event.organisers],
        "subject": subject,
        "keywords": ", ".join((*event.sectors, *(k for k in (info.kind, info.series) if k))),
        "created": settings.built_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def render_brochure(event: Event, settings: BuildSettings) -> bytes:
    """The brochure PDF, padded with note pages to whole folded sheets."""
    css = settings.layouts.find(STYLESHEET).read_text(encoding="utf-8")
    for family in glyphs.missing_faces(css):
        log.warning(
            "brochure: the font %s is not installed; its text falls back to another", family
        )
    document = _lay_out(event, settings, notes_pages=0)
    spare = -len(document.pages) % PAGES_PER_SHEET
    if spare:
        document = _lay_out(event, settings, notes_pages=spare)
    return weasy.to_pdf(document)


def _lay_out(event: Event, settings: BuildSettings, notes_pages: int) -> Any:
    html = templating.render(
        settings.layouts,
        settings.fmt,
        TEMPLATE,
        brochure_context(event, settings, notes_pages),
    )
    return weasy.render_document(html, settings, "brochure")
