"""`brochure build`: load the event, render every output to bytes, then write them all.

Gather first, write last (as MkDocs and Pelican do): a problem in the data or in any
renderer stops the build before a single file in the output folder changes. Loading and
rendering run in one child process under the time and memory limits; the parent only
writes.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from brochure.commands.prepare import prepare
from brochure.config import BuildConfig, CommandLine
from brochure.engines.limits import run_limited
from brochure.engines.logcapture import captured
from brochure.errors import BuildError
from brochure.model import Event
from brochure.outputs import REGISTRY
from brochure.writer import write_outputs

log = logging.getLogger(__name__)


def build(cli: CommandLine) -> list[Path]:
    """Build the chosen outputs into the output folder; the paths written.

    Raises UsageError, InputError or BuildError; the output folder is then unchanged.
    With limits, loading and rendering run in a child process stopped at those limits;
    under --strict, any warning fails the build before anything is written.
    """
    if cli.limits:
        folder, rendered = run_limited(_prepare_and_render, (cli,), cli.limits)
    else:
        folder, rendered = _prepare_and_render(cli)
    return write_outputs(folder, rendered)


def _prepare_and_render(cli: CommandLine) -> tuple[Path, dict[str, bytes]]:
    """The output folder and every chosen output's files, rendered."""
    prepared = prepare(cli)
    config = prepared.config
    rendered, warnings = render_all(prepared.event, config)
    if config.strict and warnings:
        raise BuildError(f"{warnings} warning(s) and --strict: nothing was written")
    return config.output_dir, rendered


def render_all(event: Event, config: BuildConfig) -> tuple[dict[str, bytes], int]:
    """Every chosen output as bytes (file name -> content), and how many warnings."""
    rendered: dict[str, bytes] = {}
    # What the renderers warn about (missing glyphs, images, fonts), for --strict.
    with captured("brochure") as warnings:
        for name in config.outputs:
            output = REGISTRY[name]
            log.info("rendering %s", ", ".join(output.files))
            files: Mapping[str, bytes] = output.render(event, config)
            unexpected = set(files) - set(output.files)
            if unexpected:
                raise BuildError(f"{name} made files it does not declare: {sorted(unexpected)}")
            rendered.update(files)
    return rendered, len(warnings)
