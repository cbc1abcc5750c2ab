"""The door's badges: the chosen people's cards, drawn by the badges output's own code
(outputs/badges/render.badges_pdf), on the door's card.

By default the door prints one card per page of the event's badge layout: the layout
whose page is its card (the sheet's grid, gaps, cut marks and printer margin gone, the
card, its padding, type sizes, band and QR code kept). A badge printer takes that page as
its card; an office printer prints it at its size on its paper, to cut out. A layout
chosen by name (`--badge-layout`) is used as it is: a label sheet, its first places.

A card of its own is turned, two-sided, over its vertical edge, the axis a badge turns
on at its lanyard: the short edge of a landscape card, the long one of a portrait card.
Its back is then drawn upright, as a sheet's backs are when its duplex edge is vertical
(cards/sheets.paginate turns a back only for a horizontal edge), whatever `badges.flip`
says for sheets.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from brochure.errors import InputError, Problem
from brochure.outputs.badges.layout import BadgeLayout
from brochure.outputs.badges.settings import NAME, BadgeSettings, layout_for

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event, Person

log = logging.getLogger(__name__)

#: The door's folder in the output folder, for badges made there.
FOLDER = "badges-door"
#: The keywords of the door's PDFs: how `badge -o` knows a file it may replace is one
#: of its own (a build's badges.pdf or certificates.pdf, also brochure's, is not).
DOOR_KEYWORDS = "brochure door badge"


def single_card(layout: BadgeLayout) -> BadgeLayout:
    """layout with one card per page: a page the size of its card, nothing around it."""
    return layout.model_copy(
        update={
            "description": f"one card of {layout.name} per page",
            "page": layout.card,
            "columns": 1,
            "rows": 1,
            "column_gap": 0.0,
            "row_gap": 0.0,
            "left": 0.0,
            "top": 0.0,
            "cut_marks": False,
            "printer_margin": 0.0,
        }
    )


def door_layout(event: Event, config: BuildConfig, chosen: bool) -> BadgeLayout:
    """The layout the door prints on: the pack's badge layout as it is when it was
    chosen by name on the command line, else one card of it per page.

    Raises InputError, located in the layout file, when it is not a usable layout."""
    layout = layout_for(BadgeSettings.of(config), event, config.layouts)
    return layout if chosen else single_card(layout)


def door_config_in(config: BuildConfig, asked: str | None) -> BuildConfig:
    """config for the door's badges in one of the event's languages: the one asked for
    (`--language`, matched as every request for a language is: i18n.matching_languages;
    `de` names de-AT, en-GB is served by en, sr-Cyrl never by sr-Latn), else the first;
    no other output, no bilingual edition (a `bilingual` brochure made the door fail
    before: KeyError).

    Raises InputError (`--language: ...`, naming the event's languages) otherwise."""
    from brochure.i18n import matching_languages

    language = config.languages[0]
    if asked is not None:
        found = matching_languages(config.languages, asked)
        if len(found) != 1:
            choices = ", ".join(config.languages)
            what = (
                f"'{asked}' names {' and '.join(found)}: write the one meant"
                if found
                else f"'{asked}' is not one of the event's languages; choose from {choices}"
            )
            raise InputError([Problem(None, "--language", what)])
        language = found[0]
    # The badges' settings alone: a bilingual edition the brochure asks for is no pack
    # of the door's, which reads the event in one language.
    settings = {NAME: config.settings[NAME]} if NAME in config.settings else {}
    return dataclasses.replace(
        config,
        outputs=(),
        language=language,
        languages=(language,),
        bilingual=None,
        settings=settings,
    )


def door_checks(people: Sequence[Person], config: BuildConfig) -> None:
    """The badges output's check of what a badge prints, for these people's badges: a
    character no installed font draws is a warning naming the person (InputError under
    --strict), as a build says it."""
    from brochure.engines import glyphs

    texts = [
        ((person.key, field), value)
        for person in people
        for field in ("name", "given", "family", "organisation")
        if (value := getattr(person, field))
    ]
    names = {person.key: person.name for person in people}
    problems = [
        Problem(None, "", f"badges: {names[str(path[0])]}: {glyphs.gaps_phrase(gaps)}", True)
        for path, _, gaps in glyphs.undrawable(texts)
    ]
    if config.strict and problems:
        raise InputError(problems)
    for problem in problems:
        log.warning("%s", problem)


def card_flip(layout: BadgeLayout) -> Literal["long", "short"]:
    """The duplex edge of a single card (one per page): its vertical edge, about which
    it turns on a lanyard, so its back is drawn upright (short for a landscape card)."""
    return "short" if layout.landscape else "long"


def door_config(config: BuildConfig, layout: BadgeLayout) -> BuildConfig:
    """config with the door's duplex edge: a single card's (card_flip); a sheet chosen
    by name keeps the pack's `badges.flip`, as a build places it."""
    settings = BadgeSettings.of(config)
    if layout.per_sheet != 1 or layout.page != layout.card:
        return config
    flip = card_flip(layout)
    settled = {**config.settings, NAME: dataclasses.replace(settings, flip=flip)}
    return dataclasses.replace(config, settings=settled)


def door_pdf(
    event: Event, config: BuildConfig, people: Sequence[Person], layout: BadgeLayout
) -> bytes:
    """The badges of people, in that order's family-name order, on layout, no blanks,
    turned two-sided on the edge door_config says; marked as the door's (DOOR_KEYWORDS)."""
    from brochure.outputs.badges.render import badges_pdf

    config = door_config(config, layout)
    return badges_pdf(event, config, people=people, layout=layout, blank=0, keywords=DOOR_KEYWORDS)


def sides(config: BuildConfig, layout: BadgeLayout | None = None) -> str | None:
    """The duplex a printer is asked for: with a back side, two-sided, turned on the edge
    the badges were placed for (door_config's on layout, else badges.flip); None for
    fronts alone."""
    if layout is not None:
        config = door_config(config, layout)
    settings = BadgeSettings.of(config)
    if settings.back is None:
        return None
    return f"two-sided-{settings.flip}-edge"
