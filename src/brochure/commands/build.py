"""`brochure build`: load the event, check it, render every output to bytes, then write them.

Gather first, write last (as MkDocs and Pelican do): a problem in the data or in any
renderer stops the build before a single file in the output folder changes. Loading,
checking and rendering run in one child process under the time and memory limits; the
parent only writes. Outputs whose inputs did not change since the last build are not
rendered again (commands/freshness.Plan).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from brochure.commands import freshness
from brochure.commands.prepare import Pack, checked, resolve
from brochure.commands.report import Built, Rendered, RenderedFile, describe
from brochure.config import BuildConfig, CommandLine
from brochure.engines import pool, progress, weasy
from brochure.engines.limits import run_limited
from brochure.engines.logcapture import captured, forget
from brochure.errors import BuildError
from brochure.model import Event
from brochure.outputs import REGISTRY
from brochure.outputs.base import Output
from brochure.writer import settle, write_outputs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Gathered:
    """What the building child hands back to write."""

    folder: Path
    title: str
    rendered: Rendered
    """The files to write (the manifest among them, as this build would record it; merged
    again under the folder's lock when written: record), rendered."""
    warnings: tuple[str, ...]
    """Everything the build warned about, as texts."""
    unchanged: tuple[str, ...] = ()
    """Files left as they were: their outputs' inputs did not change."""
    retired: tuple[str, ...] = ()
    """Files an earlier build wrote that this pack no longer has: removed with the write."""
    record: freshness.Record | None = None
    """What the manifest records, merged with the folder's when the lock is held."""


def build(cli: CommandLine) -> Built:
    """Build the chosen outputs into the output folder; what was written, file by file.

    Raises UsageError, InputError or BuildError; the output folder is then unchanged.
    With limits, loading and rendering run in a child process stopped at those limits;
    under --strict, any warning fails the build before anything is written.
    """
    began = time.perf_counter()
    gathered = run_limited(_gather, (cli,), cli.limits) if cli.limits else _gather(cli)
    records = gathered.rendered.records
    files = gathered.rendered.files
    # Waiting for another build's lock on the folder counts against --timeout too.
    seconds = cli.limits.seconds if cli.limits else 0
    wait = max(seconds - (time.perf_counter() - began), 0.0) if seconds else None
    # The manifest and what is said of the folder's other files are made under the lock:
    # another build (another --only) may have written since this one read the manifest.
    said: list[str] = []
    amend = gathered.record.amend(said) if gathered.record is not None else None
    paths = (
        write_outputs(
            gathered.folder,
            files,
            gathered.retired,
            own_files(),
            folders=REGISTRY.folders(),
            wait=wait,
            amend=amend,
        )
        if files
        else []
    )
    return Built(
        folder=gathered.folder,
        title=gathered.title,
        files=tuple(
            describe(path, record.content, record.seconds)
            for path, record in zip(paths, records, strict=True)
            if record.name != freshness.MANIFEST
        ),
        seconds=time.perf_counter() - began,
        warnings=(*gathered.warnings, *said),
        unchanged=tuple(gathered.folder / name for name in gathered.unchanged),
    )


def _gather(cli: CommandLine) -> _Gathered:
    """load -> check -> render: every chosen output whose inputs changed, as bytes, with
    the manifest that records them; nothing written."""
    forget()  # each thing this build warns of is said once (logcapture.once)
    # Load: the config and the event file as read.
    config, source, problems = resolve(cli)
    # A build killed while moving files left the folder half moved: put it back first,
    # so the manifest the plan reads describes what the folder holds.
    settle(config.output_dir, own_files(), REGISTRY.folders())
    plan = freshness.Plan.of(config, source, problems, cli.force)
    plan.say_not_written(asked=cli.only is not None)
    if plan.skip_checks:
        log.info("nothing changed since the last build")
        info = source.data.get("event")
        title = info.get("title", "") if isinstance(info, dict) else ""
        said = plan.said_again(checks_too=True)
        return _Gathered(config.output_dir, str(title), Rendered(), tuple(said), plan.kept)
    # Check: under --strict even when nothing needs rendering (a warning must fail every
    # strict build, not only the one that first saw it).
    prepared = checked(config, source, problems)
    checks = [str(problem) for problem in prepared.warnings]
    # Render.
    rendered = render_packs(prepared.packs, plan.stale)
    said = plan.said_again(checks_too=False)
    if config.strict and (rendered.warnings or said):
        count = len(rendered.warnings) + len(said)
        raise BuildError(f"{count} warning(s) and --strict: nothing was written")
    title = prepared.event.event.title
    if not plan.stale:
        log.info("nothing changed since the last build")
        if plan.manifest.checked == plan.checked:
            return _Gathered(config.output_dir, title, Rendered(), (*checks, *said), plan.kept)
        # Checked anew and passed: recorded, so the next build may skip the checks.
        record = plan.record({}, {}, checks)
        only_record = _manifest_file(plan.manifest.merged(record))
        return _Gathered(
            config.output_dir, title, only_record, (*checks, *said), plan.kept, record=record
        )
    # What to write: the files, the manifest recording them, the files they replace.
    made = rendered.by_output()
    retired = plan.retired(made)
    record = plan.record(made, rendered.warned, checks, {*rendered.files, *plan.kept, *retired})
    return _Gathered(
        config.output_dir,
        title,
        rendered + _manifest_file(plan.manifest.merged(record)),
        (*checks, *rendered.warnings, *said),
        plan.kept,
        retired,
        record,
    )


def _manifest_file(record: bytes) -> Rendered:
    return Rendered((RenderedFile(freshness.MANIFEST, "", record, 0.0),))


def own_files() -> frozenset[str]:
    """Every file name (without a language folder) a build of brochure ever writes: the
    outputs' and the manifest. Only these, and the folders outputs own whole
    (REGISTRY.folders()), are ever moved or removed in an output folder."""
    return frozenset({*REGISTRY.files(), freshness.MANIFEST})


def render_packs(packs: tuple[Pack, ...], outputs: tuple[str, ...]) -> Rendered:
    """The outputs rendered in every pack (one per language of the event), each file at
    its place in the output folder: `brochure.pdf`, or `es/brochure.pdf` when there are
    several.

    Each output of each pack is a job of its own, and the jobs run in parallel, one
    worker per core (engines/pool.run_jobs: forked, within the memory limit, the most
    costly first); the files come back in the order a build one job after the other
    makes them, and what each job warned about is said once, here."""
    if not packs:
        return Rendered()
    asked = outputs != REGISTRY.choose(None)  # --only named them
    configs = tuple(dataclasses.replace(pack.config, outputs=outputs) for pack in packs)
    jobs = [
        pool.Job((index, name), _cost(REGISTRY[name]))
        for index in range(len(packs))
        for name in outputs
    ]
    work = (tuple(pack.event for pack in packs), configs, asked)
    made = pool.run_jobs(_render_job, work, jobs, packs[0].config.limits, _preload(outputs))
    rendered = Rendered()
    for one in made:
        rendered += one
    return rendered


def render_all(event: Event, config: BuildConfig) -> Rendered:
    """Every chosen output of one pack as bytes, each file at its place in the output
    folder, timed, with what its renderer warned about."""
    asked = config.outputs != REGISTRY.choose(None)  # --only named them
    rendered = Rendered()
    for name in config.outputs:
        rendered += render_one(event, config, name, asked)
    return rendered


def render_one(event: Event, config: BuildConfig, name: str, asked: bool) -> Rendered:
    """One output of one pack as bytes (none when it does not apply: said, at INFO when
    asked, else at DEBUG), each file at its place in the output folder, timed, with
    what its renderer warned about."""
    output = REGISTRY[name]
    if config.bilingual is not None and not output.bilingual:
        return Rendered()  # it has no bilingual edition: its packs in one language have it
    # Each file as the pack places it (fr/brochure.pdf): which language is under way.
    placed = ", ".join(config.pack_file(file) for file in output.files_made(config))
    if output.applies is not None and not output.applies(event, config):
        said = f"{placed}: not written, as {output.not_applying}"
        log.log(logging.INFO if asked else logging.DEBUG, "%s", said)
        return Rendered((), {name: ()})
    log.info("rendering %s", placed)
    began = time.perf_counter()
    # What the renderer warns about (missing glyphs, images, fonts): for --strict, and
    # kept in the manifest to be said again while the output is not rebuilt.
    with captured("brochure") as warnings, progress.placing(config.pack_file):
        made: Mapping[str, bytes] = output.render(event, config)
    unexpected = sorted(file for file in made if not output.owns(file))
    if unexpected:
        raise BuildError(f"{name} made files it does not declare: {unexpected}")
    seconds = time.perf_counter() - began
    files = tuple(
        RenderedFile(config.pack_file(file), name, content, seconds)
        for file, content in made.items()
    )
    return Rendered(files, {name: tuple(warnings)})


def _render_job(
    work: tuple[tuple[Event, ...], tuple[BuildConfig, ...], bool], job: tuple[int, str]
) -> Rendered:
    """A job of render_packs: one output (by name) of one pack (by index)."""
    events, configs, asked = work
    pack, name = job
    return render_one(events[pack], configs[pack], name, asked)


#: How long a file takes to render, roughly: a PDF laid out from a template by WeasyPrint
#: (a document of pages), more again for one imposed from it (the booklet); a PDF of
#: pieces the card engine draws; anything else (a calendar, a list, a DOCX, a web folder
#: or an EPUB of small pages) is quick. Only the order counts: the jobs likely to take
#: longest start first.
LAID_OUT, IMPOSED, DRAWN, QUICK = 5.0, 8.0, 3.0, 1.0


def _cost(output: Output) -> float:
    """An output's likely cost in one pack, from what it declares (its files' finishes,
    whether it has templates)."""
    cost = 0.0
    for file in output.files_of:
        if file.finish == "imposed":
            cost += IMPOSED
        elif file.finish is not None:
            cost += LAID_OUT if output.templates else DRAWN
        else:
            cost += QUICK
    return cost


def _preload(outputs: tuple[str, ...]) -> Callable[[], None]:
    """What to load once, before the workers are forked, so that each inherits it
    rather than loading it again: when the outputs make PDFs, WeasyPrint (every PDF
    output lays out or measures with it) and, when they make cards, the card engine's
    libraries and fonts. Not the outputs' own renderers: each is imported by the worker
    that first renders it, while the other workers render (imported here, one after the
    other, they held back every worker's first job by about 0.15 s)."""

    def load() -> None:
        files = [file for name in outputs for file in REGISTRY[name].files_of]
        if any(file.suffix == ".pdf" for file in files):
            weasy.imported()
        if any(file.finish in _CARD_FINISHES for file in files):
            from brochure.engines import cards_pdf

            cards_pdf.ready()

    return load


#: The finishes of pieces drawn by the card engine.
_CARD_FINISHES = frozenset({"cut", "folded", "sheets"})
