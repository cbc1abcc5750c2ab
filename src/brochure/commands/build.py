"""`brochure build`: load the event, render every output to bytes, then write them all.

Gather first, write last (as MkDocs and Pelican do): a problem in the data or in any
renderer stops the build before a single file in the output folder changes. Loading and
rendering run in one child process under the time and memory limits; the parent only
writes. Outputs whose inputs did not change since the last build are not rendered
again (commands/freshness.py).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from brochure.commands import freshness
from brochure.commands.prepare import Pack, checked
from brochure.commands.report import Built, describe
from brochure.config import BuildConfig, CommandLine, resolve
from brochure.engines.limits import run_limited
from brochure.engines.logcapture import captured
from brochure.errors import BuildError
from brochure.model import Event
from brochure.outputs import REGISTRY
from brochure.reading.load import Source
from brochure.writer import pack_name, settle, write_outputs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rendered:
    """Every chosen output as bytes, before anything is written."""

    files: dict[str, bytes]
    """File name (with its pack's folder, `es/brochure.pdf`) -> content."""
    warnings: int
    """How many warnings the renderers logged (for --strict)."""
    seconds: dict[str, float]
    """File name -> seconds its output took to render."""
    owners: dict[str, str] = dataclasses.field(default_factory=dict)
    """File name -> the output that made it."""
    warned: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    """Output name -> what its renderer warned about, in every pack."""


@dataclass(frozen=True)
class _Done:
    """What the building child hands back to write."""

    folder: Path
    title: str
    rendered: Rendered
    warnings: int
    """Warnings of the checks and of the renderers together."""
    unchanged: tuple[str, ...] = ()
    """Files left as they were: their outputs' inputs did not change."""
    retired: tuple[str, ...] = ()
    """Files an earlier build wrote that this pack no longer has: removed with the write."""


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
    # Waiting for another build's lock on the folder counts against --timeout too.
    seconds = cli.limits.seconds if cli.limits else 0
    wait = max(seconds - (time.perf_counter() - began), 0.0) if seconds else None
    paths = write_outputs(done.folder, files, done.retired, own_files(), wait=wait) if files else []
    return Built(
        folder=done.folder,
        title=done.title,
        files=tuple(
            describe(path, files[name], done.rendered.seconds[name])
            for path, name in zip(paths, files, strict=True)
            if name != freshness.MANIFEST
        ),
        seconds=time.perf_counter() - began,
        warnings=done.warnings,
        unchanged=tuple(done.folder / name for name in done.unchanged),
    )


def _prepare_and_render(cli: CommandLine) -> _Done:
    """The event loaded and checked, every chosen output whose inputs changed rendered,
    and the manifest that records them (commands/freshness.py)."""
    config, source, problems = resolve(cli)
    # A build killed while moving files left the folder half moved: put it back first,
    # so the manifest read next describes what the folder holds.
    settle(config.output_dir, own_files())
    manifest = freshness.Manifest.read(config.output_dir)
    keys = freshness.keys(source, config)
    stale = tuple(
        name
        for name in config.outputs
        if cli.force or not manifest.fresh(name, keys[name], config.output_dir)
    )
    kept = tuple(
        file for name in config.outputs if name not in stale for file in manifest.files_of(name)
    )
    # Problems found reading the file (a duplicate key, an export that cannot be read)
    # leave the data as before: only a clean read may skip the checks.
    found = [*problems, *source.problems]
    checked_key = freshness.check_key(source, config)
    clean = not any(not p.warning for p in found)
    if not stale and not config.strict and clean and manifest.checked == checked_key:
        return _unchanged(config, source, manifest, kept)
    # Under --strict the event is checked again even when nothing needs rendering: a
    # warning must fail every strict build, not only the one that first saw it.
    prepared = checked(config, source, problems)
    rendered = render_packs(prepared.packs, stale) if stale else Rendered({}, 0, {})
    replayed = _replay(manifest, config.outputs, stale)
    if config.strict and (rendered.warnings or replayed):
        raise BuildError(
            f"{rendered.warnings + replayed} warning(s) and --strict: nothing was written"
        )
    if not stale:
        log.info("nothing changed since the last build")
        if manifest.checked != checked_key:
            # Checked anew and passed: recorded, so the next build may skip the checks.
            record = manifest.updated(
                keys, {}, {}, [str(p) for p in prepared.warnings], checked_key
            )
            rendered = Rendered({freshness.MANIFEST: record}, 0, {freshness.MANIFEST: 0.0})
        return _Done(
            config.output_dir,
            prepared.event.event.title,
            rendered,
            len(prepared.warnings) + replayed,
            kept,
        )
    by_output: dict[str, dict[str, bytes]] = {name: {} for name in stale}
    for file, owner in rendered.owners.items():
        by_output[owner][file] = rendered.files[file]
    retired = _retired(config.output_dir, manifest, by_output)
    strangers = _say_strangers(
        config.output_dir, manifest, set(stale), {*rendered.files, *kept, *retired}
    )
    strangers += _say_replaced(config.output_dir, manifest, rendered.files)
    record = manifest.updated(
        keys, by_output, rendered.warned, [str(p) for p in prepared.warnings], checked_key
    )
    return _Done(
        config.output_dir,
        prepared.event.event.title,
        dataclasses.replace(
            rendered,
            files={**rendered.files, freshness.MANIFEST: record},
            seconds={**rendered.seconds, freshness.MANIFEST: 0.0},
        ),
        len(prepared.warnings) + rendered.warnings + replayed + strangers,
        kept,
        retired,
    )


def own_files() -> frozenset[str]:
    """Every file name (without a language folder) a build of brochure ever writes: the
    outputs' and the manifest. Only these are ever moved or removed in an output folder."""
    return frozenset({*REGISTRY.files(), freshness.MANIFEST})


def _retired(
    folder: Path, manifest: freshness.Manifest, made: Mapping[str, Mapping[str, bytes]]
) -> tuple[str, ...]:
    """The files the outputs just made wrote last time and no longer write (a pack now in
    languages has `es/brochure.pdf`, not `brochure.pdf`; no QR codes, no checkin.csv),
    still as brochure wrote them: left, they would be printed or sent by mistake."""
    retired = []
    # Only files named as brochure names its own: a manifest is anyone's to write.
    names = set(REGISTRY.files())
    for name, files in made.items():
        for file in manifest.files_of(name):
            if file in files or file.rsplit("/", 1)[-1] not in names:
                continue
            if file in manifest.untouched(name, folder):
                log.info("removing %s: the pack no longer has it", file)
                retired.append(file)
    return tuple(retired)


def _say_strangers(
    folder: Path, manifest: freshness.Manifest, made: set[str], pack: set[str]
) -> int:
    """Warn about files in the output folder named like a pack's file that this pack does
    not have (an earlier build's, changed by hand since, or a copy): brochure removes only
    what it wrote and nobody changed, so these stay, and could be sent by mistake. How
    many there were. made: the outputs just rendered (the rest keep their files); pack:
    the files written, kept and removed by this build."""
    ours = {
        *pack,
        *(f for name in manifest.outputs if name not in made for f in manifest.files_of(name)),
    }
    names = set(REGISTRY.files())
    try:
        found = [
            path.relative_to(folder).as_posix()
            for path in [*folder.glob("*"), *folder.glob("*/*")]
            if path.name in names
            and path.is_file()
            and not path.is_symlink()
            # brochure's own hidden folders (a staging folder left alone) are not the pack
            and not path.relative_to(folder).parts[0].startswith(".")
        ]
    except OSError:
        return 0
    strangers = sorted(set(found) - ours)
    for file in strangers:
        log.warning(
            "%s: not part of this pack (an earlier build's, or a copy); it was left as it "
            "is: delete it so it is not printed or sent by mistake",
            folder / file,
        )
    return len(strangers)


def _say_replaced(folder: Path, manifest: freshness.Manifest, files: Mapping[str, bytes]) -> int:
    """Warn about each file this build replaces that no earlier build recorded (a file of
    the organiser's, or a copy, that has a name of the pack's): it is replaced, as the
    pack's names are brochure's, but said, once. How many there were."""
    recorded = manifest.all_files()
    replaced = [
        name
        for name in files
        if name != freshness.MANIFEST
        and name not in recorded
        # never said through a language folder that is a link: the writer refuses it
        and pack_name(folder, name)
        and ((folder / name).exists() or (folder / name).is_symlink())
    ]
    for name in replaced:
        log.warning(
            "%s: replaced by the pack's file of that name; no earlier build recorded it "
            "(keep files of your own under other names)",
            folder / name,
        )
    return len(replaced)


def _replay(manifest: freshness.Manifest, outputs: tuple[str, ...], stale: tuple[str, ...]) -> int:
    """Say again what the renderers of the outputs kept as they were warned about when
    they were made; how many warnings that was."""
    count = 0
    for name in outputs:
        if name not in stale:
            for warning in manifest.warnings_of(name):
                log.warning("%s", warning)
                count += 1
    return count


def _unchanged(
    config: BuildConfig, source: Source, manifest: freshness.Manifest, kept: tuple[str, ...]
) -> _Done:
    """Nothing to render: the last build's warnings said again, the checks' and each
    kept output's."""
    for warning in manifest.warnings:
        log.warning("%s", warning)
    replayed = _replay(manifest, config.outputs, ())
    log.info("nothing changed since the last build")
    info = source.data.get("event")
    title = info.get("title", "") if isinstance(info, dict) else ""
    return _Done(
        config.output_dir, str(title), Rendered({}, 0, {}), len(manifest.warnings) + replayed, kept
    )


def render_packs(packs: tuple[Pack, ...], outputs: tuple[str, ...]) -> Rendered:
    """The outputs rendered in every pack (one per language of the event), each file at
    its place in the output folder: `brochure.pdf`, or `es/brochure.pdf` when there are
    several."""
    files: dict[str, bytes] = {}
    seconds: dict[str, float] = {}
    owners: dict[str, str] = {}
    warned: dict[str, tuple[str, ...]] = {}
    warnings = 0
    for pack in packs:
        rendered = render_all(pack.event, dataclasses.replace(pack.config, outputs=outputs))
        for name, content in rendered.files.items():
            place = pack.config.pack_file(name)
            files[place] = content
            seconds[place] = rendered.seconds[name]
            owners[place] = rendered.owners[name]
        for name, said in rendered.warned.items():
            warned[name] = warned.get(name, ()) + said
        warnings += rendered.warnings
    return Rendered(files, warnings, seconds, owners, warned)


def render_all(event: Event, config: BuildConfig) -> Rendered:
    """Every chosen output as bytes (file name -> content), timed, with its warnings."""
    files: dict[str, bytes] = {}
    seconds: dict[str, float] = {}
    owners: dict[str, str] = {}
    warned: dict[str, tuple[str, ...]] = {}
    asked = config.outputs != REGISTRY.choose(None)  # --only named them
    for name in config.outputs:
        output = REGISTRY[name]
        # Each file as the pack places it (fr/brochure.pdf): which language is under way.
        placed = ", ".join(config.pack_file(file) for file in output.files)
        if output.applies is not None and not output.applies(event):
            said = f"{placed}: not written, as {output.not_applying}"
            log.log(logging.INFO if asked else logging.DEBUG, "%s", said)
            warned[name] = ()
            continue
        log.info("rendering %s", placed)
        began = time.perf_counter()
        # What the renderer warns about (missing glyphs, images, fonts): for --strict,
        # and kept in the manifest to be said again while the output is not rebuilt.
        with captured("brochure") as warnings:
            made: Mapping[str, bytes] = output.render(event, config)
        unexpected = set(made) - set(output.files)
        if unexpected:
            raise BuildError(f"{name} made files it does not declare: {sorted(unexpected)}")
        files.update(made)
        seconds.update(dict.fromkeys(made, time.perf_counter() - began))
        owners.update(dict.fromkeys(made, name))
        warned[name] = tuple(warnings)
    return Rendered(files, sum(len(said) for said in warned.values()), seconds, owners, warned)
