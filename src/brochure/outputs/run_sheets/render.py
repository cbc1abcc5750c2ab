"""Chairs' run sheets: one page for every session with a chair, from
`layouts/run-sheets/`, rendered by WeasyPrint as a tagged PDF.

Each session must fit one page: one that does not is laid out again in smaller type
(context.SIZES), and one that does not fit even then is said, naming the session.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

from brochure.engines import glyphs, layouts, templating, weasy
from brochure.errors import BuildError, Problem
from brochure.outputs.run_sheets.context import SIZES, RunSheet, chaired, context, run_sheets
from brochure.outputs.run_sheets.timing import running_order
from brochure.typography import stacked_in_noto

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event
    from brochure.reading.parts import Parts
    from brochure.reading.yamlsource import Path_

log = logging.getLogger(__name__)

FILE = "run-sheets.pdf"
TEMPLATE = "run-sheets/run-sheets.html.j2"
#: The PDF standard the run sheets are written to: accessible (ISO 14289-1), as the
#: brochure by default.
VARIANT = "pdf/ua-1"


def check(parts: Parts, config: BuildConfig) -> list[Problem]:
    """Talks whose minutes pass their session's end (the run sheet's times then run past
    it); every text a run sheet prints drawable by some font; the layout fills in."""
    problems: list[Problem] = []
    default_day = parts.info.date if parts.info else None
    for index, item in parts.programme:
        if not (item.chairs and item.talks and default_day):
            continue
        order = running_order(item, item.date or default_day)
        if order.overrun:
            span = item.span(default_day)
            length = round((span[1] - span[0]).total_seconds() / 60) if span else 0
            given = sum(talk.minutes or 0 for talk in item.talks)
            problems.append(
                parts.problem(
                    ("programme", index, "talks"),
                    f"run sheets: the talks last {given} minutes, {order.overrun} more than "
                    f"the session's {length}: the run sheet's times run past its end",
                    warning=True,
                )
            )
    problems += [
        parts.problem(path, f"run sheets: {glyphs.gaps_phrase(gaps)}", warning=True)
        for path, _, gaps in glyphs.undrawable(printed(parts))
    ]
    if parts.event is not None:
        problems += _template_problems(parts.event, config)
    return problems


def printed(parts: Parts) -> Iterator[tuple[Path_, str]]:
    """The event text a run sheet prints, with its place in the file: the chaired
    sessions' titles, descriptions and talks' titles, and their people's names,
    pronunciations, positions, organisations and biographies."""
    named: set[str] = set()
    for index, item in parts.programme:
        if not item.chairs:
            continue
        yield ("programme", index, "title"), item.title
        if item.description:
            yield ("programme", index, "description"), item.description
        for number, talk in enumerate(item.talks):
            if talk.title:
                yield ("programme", index, "talks", number, "title"), talk.title
        named |= {*item.chairs, *item.people}
    for path, person in parts.people:
        if path[0] == "people" and person.key in named:
            for field in ("name", "pronunciation", "position", "organisation", "bio"):
                if value := getattr(person, field):
                    yield (*path, field), value


def _template_problems(event: Event, config: BuildConfig) -> list[Problem]:
    """The layout filled in with the first run sheet (Jinja only, no layout engine): a
    misspelt variable or anything the sandbox refuses is found by `check`."""
    if not chaired(event) or event.unknown_ids():
        return []  # nothing to fill in, or a dangling id: the loader says where
    try:
        sheets = run_sheets(event, config)[:1]
        with layouts.collected() as said:
            templating.render(
                config.layouts, config.fmt, TEMPLATE, context(sheets, [SIZES[0]], event, config)
            )
    except BuildError as error:
        return [Problem(None, "", str(error))]
    return said


def render(event: Event, config: BuildConfig) -> dict[str, bytes]:
    """run-sheets.pdf: a page for every chaired session, in programme order, tagged.

    Every sheet is laid out in one document; the sessions that take more than a page
    (found from where each sheet starts) are tried in smaller type (SIZES), all those
    still over at one size together in one document (each sheet starts a page of its
    own: it fits or not as it would alone), until each fits, and the document is laid
    out again with each sheet at its size. A session that does not fit even in the
    smallest is said, naming it."""
    sheets = run_sheets(event, config)
    sizes = [SIZES[0]] * len(sheets)
    document = _laid_out(sheets, sizes, event, config)
    over = _overflowing(document, len(sheets))
    # One document per size, not one per session and size: each costs WeasyPrint its
    # style sheets and fonts again (70 sessions of 25 speakers: 36 s, most of it that).
    trying = over
    for size in SIZES[1:]:
        if not trying:
            break
        for index in trying:
            sizes[index] = size
        trial = _laid_out([sheets[index] for index in trying], [size] * len(trying), event, config)
        trying = [trying[n] for n in _overflowing(trial, len(trying))]
    for index in trying:
        log.warning(
            "run sheets: %s: the session does not fit one page even in the smallest "
            "type (shorten its description or its speakers' bios)",
            sheets[index].title,
        )
    if over:
        document = _laid_out(sheets, sizes, event, config)
    return {FILE: weasy.to_pdf(document, "run sheets", VARIANT)}


def _laid_out(
    sheets: list[RunSheet], sizes: list[str], event: Event, config: BuildConfig
) -> weasy.Document:
    html = templating.render(
        config.layouts, config.fmt, TEMPLATE, context(sheets, sizes, event, config)
    )
    html = stacked_in_noto(html, whole_runs=config.fmt.direction == "rtl")
    return weasy.render_document(html, config.source_dir, config.readable_folders, "run sheets")


def _overflowing(document: weasy.Document, count: int) -> list[int]:
    """The sheets (by index) that take more than one page: each starts a page (its
    element `sheet-N`), so one is over when the next starts more than a page later."""
    if weasy.page_count(document) == count:
        return []
    starts = weasy.element_pages(document, {f"sheet-{n}" for n in range(count)})
    ends = [starts.get(f"sheet-{n}", 0) for n in range(1, count)] + [weasy.page_count(document)]
    return [n for n in range(count) if ends[n] - starts.get(f"sheet-{n}", 0) > 1]
