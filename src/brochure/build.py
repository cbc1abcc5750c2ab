"""The pipeline: load the event, render every output to bytes, then write them all.

Gather first, write last (as MkDocs and Pelican do): a problem in the data or in any
renderer stops the build before a single file in the output folder changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from brochure.badge_layout import available as badge_layout_names
from brochure.badges import render_badges
from brochure.brochure_pdf import render_brochure
from brochure.buildtime import build_time
from brochure.concept_note import render_concept_note
from brochure.errors import BuildError
from brochure.i18n import Formatter
from brochure.layouts import LayoutPath
from brochure.limits import Limits, run_limited
from brochure.load import load_event
from brochure.logcapture import captured
from brochure.model import Event
from brochure.output import write_outputs
from brochure.settings import BuildSettings

log = logging.getLogger(__name__)

Renderer = Callable[[Event, BuildSettings], bytes]


@dataclass(frozen=True)
class Output:
    """One kind of file a build writes."""

    name: str
    """What `--only` calls it."""
    filename: str
    """Its file name in the output folder."""
    render: Renderer


OUTPUTS: tuple[Output, ...] = (
    Output("brochure", "brochure.pdf", render_brochure),
    Output("concept-note", "concept-note.docx", render_concept_note),
    Output("badges", "badges.pdf", render_badges),
)


def output_names() -> tuple[str, ...]:
    return tuple(output.name for output in OUTPUTS)


def settings_for(
    source: Path,
    event: Event,
    layouts: LayoutPath | None = None,
    badge_layout: str | None = None,
) -> BuildSettings:
    """The settings a build of this event uses (layouts: the project's, by default)."""
    return BuildSettings(
        source_dir=source.parent,
        layouts=layouts or LayoutPath.for_source(source.parent),
        built_at=build_time(),
        fmt=Formatter.for_language(event.event.language),
        badge_layout=badge_layout,
    )


def build(
    source: Path,
    output_dir: Path,
    only: tuple[str, ...] | None = None,
    layouts: Path | None = None,
    badge_layout: str | None = None,
    strict: bool = False,
    limits: Limits | None = None,
) -> list[Path]:
    """Build the chosen outputs (all by default) from source into output_dir.

    With strict, any warning while rendering fails the build before anything is written.
    With limits, rendering runs in a child process that is stopped at those limits.
    """
    chosen = [o for o in OUTPUTS if only is None or o.name in only]
    layout_path = LayoutPath.for_source(source.parent, layouts)
    choices = badge_layout_names(layout_path)
    if badge_layout and badge_layout not in choices:
        raise BuildError(
            f"--badge-layout: no layout '{badge_layout}'; choose from {', '.join(choices)}"
        )
    event = load_event(source, badge_layouts=choices)
    settings = settings_for(source, event, layout_path, badge_layout)
    if limits:
        rendered, warnings = run_limited(render_all, (event, settings, chosen), limits)
    else:
        rendered, warnings = render_all(event, settings, chosen)
    if strict and warnings:
        raise BuildError(f"{warnings} warning(s) and --strict: nothing was written")
    return write_outputs(output_dir, rendered)


def render_all(
    event: Event, settings: BuildSettings, outputs: list[Output]
) -> tuple[dict[str, bytes], int]:
    """Every chosen output as bytes (file name -> content), and how many warnings."""
    rendered: dict[str, bytes] = {}
    # What the renderers warn about (missing glyphs, images, fonts), for --strict.
    with captured("brochure") as warnings:
        for output in outputs:
            log.info("rendering %s", output.filename)
            rendered[output.filename] = output.render(event, settings)
    return rendered, len(warnings)
