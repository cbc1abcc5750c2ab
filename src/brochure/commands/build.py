"""`brochure build`: load the event, render every output to bytes, then write them all.

Gather first, write last (as MkDocs and Pelican do): a problem in the data or in any
renderer stops the build before a single file in the output folder changes. Loading and
rendering run in one child process under the time and memory limits; the parent only
writes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from brochure.commands.prepare import Pack, prepare
from brochure.commands.report import Built, describe
from brochure.config import BuildConfig, CommandLine
from brochure.engines.limits import run_limited
from brochure.engines.logcapture import captured
from brochure.errors import BuildError
from brochure.model import Event
from brochure.outputs import REGISTRY
from brochure.writer import write_outputs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rendered:
    """Every chosen output as bytes, before anything is written."""

    files: dict[str, bytes]
    """File name -> content."""
    warnings: int
    """How many warnings the renderers logged (for --strict)."""
    seconds: dict[str, float]
    """File name -> seconds its output took to render."""


@dataclass(frozen=True)
class _Done:
    """What the building child hands back to write."""

    folder: Path
    title: str
    rendered: Rendered
    warnings: int
    """Warnings of the checks and of the renderers together."""


def build(cli: CommandLine) -> Built:
    """Build the chosen outputs into the output folder; what was written, file by file.

    Raises UsageError, InputError or BuildError; the output folder is then unchanged.
    With limits, loading and rendering run in a child process stopped at those limits;
    under --strict, any warning fails the build before anything is written.
    """
    began = time.perf_counter()
    if cli.limits:
        done = run_limited(_prepare_and_render, (cli,), cli.limits)
    else:
        done = _prepare_and_render(cli)
    files = done.rendered.files
    paths = write_outputs(done.folder, files)
    return Built(
        folder=done.folder,
        title=done.title,
        files=tuple(
            describe(path, files[name], done.rendered.seconds[name])
            for path, name in zip(paths, files, strict=True)
        ),
        seconds=time.perf_counter() - began,
        warnings=done.warnings,
    )


def _prepare_and_render(cli: CommandLine) -> _Done:
    """The event loaded and checked, every chosen output rendered."""
    prepared = prepare(cli)
    config = prepared.config
    rendered = render_packs(prepared.packs)
    if config.strict and rendered.warnings:
        raise BuildError(f"{rendered.warnings} warning(s) and --strict: nothing was written")
    return _Done(
        config.output_dir,
        prepared.event.event.title,
        rendered,
        len(prepared.warnings) + rendered.warnings,
    )


def render_packs(packs: tuple[Pack, ...]) -> Rendered:
    """Every pack rendered (one per language of the event), each file at its place in the
    output folder: `brochure.pdf`, or `es/brochure.pdf` when there are several."""
    files: dict[str, bytes] = {}
    seconds: dict[str, float] = {}
    warnings = 0
    for pack in packs:
        rendered = render_all(pack.event, pack.config)
        for name, content in rendered.files.items():
            files[pack.config.pack_file(name)] = content
            seconds[pack.config.pack_file(name)] = rendered.seconds[name]
        warnings += rendered.warnings
    return Rendered(files, warnings, seconds)


def render_all(event: Event, config: BuildConfig) -> Rendered:
    """Every chosen output as bytes (file name -> content), timed, with its warnings."""
    files: dict[str, bytes] = {}
    seconds: dict[str, float] = {}
    # What the renderers warn about (missing glyphs, images, fonts), for --strict.
    with captured("brochure") as warnings:
        for name in config.outputs:
            output = REGISTRY[name]
            log.info("rendering %s", ", ".join(output.files))
            began = time.perf_counter()
            made: Mapping[str, bytes] = output.render(event, config)
            unexpected = set(made) - set(output.files)
            if unexpected:
                raise BuildError(f"{name} made files it does not declare: {sorted(unexpected)}")
            files.update(made)
            seconds.update(dict.fromkeys(made, time.perf_counter() - began))
    return Rendered(files, len(warnings), seconds)
