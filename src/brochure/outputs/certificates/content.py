"""What each certificate says, before anything is measured or drawn: whose it is, what
it certifies, the hours or sessions, and its verification code.

A certificate of attendance goes to everyone the check-in export says came; one of
presentation to everyone who speaks in or chairs a programme item that is not cancelled,
whether or not the export lists them (a speaker is often let in by the side door).
Someone who did both gets both; someone whose every item is cancelled gets none of
presentation. Nothing is printed of a person but their name: never their e-mail address,
organisation or anything else the files hold.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from brochure.i18n import N_
from brochure.outputs.certificates import codes
from brochure.outputs.view import EventView, in_order
from brochure.textrules import isolated, name_language
from brochure.typography import quoted

if TYPE_CHECKING:
    from brochure.model import Event, Person

Kind = Literal["attendance", "presentation"]

#: The heading of each kind of certificate.
HEADINGS: dict[str, str] = {
    "attendance": N_("Certificate of attendance"),
    "presentation": N_("Certificate of presentation"),
}
#: What the line between the name and the event says, for each kind.
STATEMENTS: dict[str, str] = {
    # Translators: on a certificate, between the person's name and the event's title:
    # "[Name] / attended / [Event]". Written as a line of its own.
    "attendance": N_("attended"),
    # Translators: on a certificate, between the person's name and the event's title:
    # "[Name] / contributed to the programme of / [Event]". A line of its own.
    "presentation": N_("contributed to the programme of"),
}
# Translators: on a certificate, above the person's name ("This certifies that / [Name]").
INTRO = N_("This certifies that")
# Translators: on a certificate of presentation, one per session; %(title)s is the
# session's title in quotation marks.
PRESENTED = N_("presented %(title)s")
# Translators: on a certificate of presentation: the person chaired (moderated) the
# session; %(title)s is its title in quotation marks.
CHAIRED = N_("chaired %(title)s")
# Translators: on a certificate of attendance; %(hours)s is a duration ("7.5 hours").
HOURS = N_("%(hours)s of programme")


@dataclass(frozen=True)
class Certificate:
    """One certificate: one page."""

    kind: Kind
    """attendance or presentation."""
    key: str
    """The person's id: their file's name with --split, and part of the code."""
    name: str
    """The name as printed (typographic apostrophes), as the event file or the check-in
    export writes it."""
    lang: str
    """The name's language (BCP 47): its shaping and its CJK face."""
    sessions: tuple[str, ...]
    """What the person did, one line each (presented "Title"), for a certificate of
    presentation; empty for one of attendance."""
    hours: str
    """The programme's hours, written out (7.5 hours of programme), for a certificate of
    attendance when the programme gives times; '' otherwise."""
    code: str
    """The verification code (codes.code)."""


def certificates(
    event: Event, view: EventView, attended: tuple[Person, ...], secret: bytes | None
) -> list[Certificate]:
    """Every certificate of the pack, by person in the order a door's list files them
    (by family name), each person's certificate of attendance before their one of
    presentation."""
    fmt = view.fmt
    language = event.event.language
    sessions = presented(event, view)
    hours = programme_hours(event)
    hours_line = fmt.gettext(HOURS) % {"hours": fmt.hours(hours)} if hours else ""
    people: dict[str, Person] = {person.key: person for person in attended}
    for key in sessions:
        people.setdefault(key, event.person(key))
    came = {person.key for person in attended}
    made = []
    for person in event.by_family_name(people.values()):
        lang = person.name_language or name_language(person.name, person.country, language)
        name = quoted(person.name, fmt.quotes)
        for kind in ("attendance", "presentation"):
            if (kind == "attendance" and person.key not in came) or (
                kind == "presentation" and person.key not in sessions
            ):
                continue
            made.append(
                Certificate(
                    kind,
                    person.key,
                    name,
                    lang,
                    sessions.get(person.key, ()) if kind == "presentation" else (),
                    hours_line if kind == "attendance" else "",
                    codes.code(secret, event.event.date, kind, person.key),
                )
            )
    return made


def presented(event: Event, view: EventView) -> dict[str, tuple[str, ...]]:
    """For each person who chairs or speaks in a programme item, what they did, in
    programme order: chaired "Opening", presented "Keynote" (with the day, when the
    event has several)."""
    fmt = view.fmt
    quotes = fmt.quotes
    titles = {
        id(item): typeset.title
        for item, typeset in zip(event.programme, view.event.programme, strict=True)
    }
    found: dict[str, list[str]] = {}
    for day, item in in_order(event):
        if item.is_cancelled:
            continue  # nobody presented it
        title = isolated(
            f"{quotes.start}{quotes.space}{titles[id(item)]}{quotes.space}{quotes.end}"
        )
        when = f" ({fmt.date_short(day)})" if view.several_days else ""
        for keys, said in ((item.chairs, CHAIRED), (item.people, PRESENTED)):
            line = fmt.gettext(said) % {"title": title} + when
            for key in keys:
                lines = found.setdefault(event.person(key).key, [])
                if line not in lines:
                    lines.append(line)
    return {key: tuple(lines) for key, lines in found.items()}


def only_cancelled(event: Event) -> tuple[Person, ...]:
    """The people who chair or speak only in cancelled items: no certificate of
    presentation, in the order the programme first names them."""
    named: dict[str, Person] = {}
    went_ahead: set[str] = set()
    for item in event.programme:
        for key in (*item.chairs, *item.people):
            person = event.person(key)
            named.setdefault(person.key, person)
            if not item.is_cancelled:
                went_ahead.add(person.key)
    return tuple(person for key, person in named.items() if key not in went_ahead)


def programme_hours(event: Event) -> float | None:
    """The hours of the programme, down to the quarter hour: what an attendee checked
    in once is certified for (the export says that they came, not how long they
    stayed). Counted: the items with a start and an end, within their day's hours as
    the event file gives them (EventInfo.hours: `start`, `end`, `days`), sessions in
    parallel once. Left out: breaks and meals, cancelled items, and whatever lies
    outside the day's hours: registration before the start, an evening reception or
    dinner after the end (the social programme, not hours of the programme an employer
    or a professional body counts). None when nothing is counted."""
    spans: list[tuple[dt.datetime, dt.datetime]] = []
    for item in event.programme:
        if item.is_break or item.is_cancelled or not item.end:
            continue
        span = item.span(event.event.date)
        if span is None:
            continue
        begins, ends = _within_hours(event, item.date or event.event.date, span)
        if ends > begins:
            spans.append((begins, ends))
    if not spans:
        return None
    total = dt.timedelta()
    start, end = sorted(spans)[0]
    for begins, ends in sorted(spans)[1:]:
        if begins > end:
            total += end - start
            start, end = begins, ends
        else:
            end = max(end, ends)
    total += end - start
    # Down to the quarter hour: a certificate never claims more than the programme held.
    quarters = math.floor(total.total_seconds() / 900 + 1e-9)
    return quarters / 4 or None


def _within_hours(
    event: Event, day: dt.date, span: tuple[dt.datetime, dt.datetime]
) -> tuple[dt.datetime, dt.datetime]:
    """An item's span cut to its day's hours (an end at or before the start: the next
    morning's, a night's); a side the file gives no hour for is left as it is."""
    start, end = event.event.hours(day)
    begins, ends = span
    if start is not None:
        begins = max(begins, dt.datetime.combine(day, start))
    if end is not None:
        closes = dt.datetime.combine(day, end)
        if start is not None and end <= start:
            closes += dt.timedelta(days=1)
        ends = min(ends, closes)
    return begins, ends
