"""Everything before rendering: the config resolved, the event loaded, every check run.

`resolve` is where options meet, once (MkDocs' `load_config`): it reads the event file,
and asks each output built (and each whose settings those use) to settle its own
options from the command line over its section of the file over its defaults
(outputs/base.Output.settle). Misuse of the command is a UsageError; a wrong setting in
the file is a located Problem, reported with every other.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brochure import i18n
from brochure.buildtime import build_time
from brochure.config import OUTPUT_FOLDER, BilingualEdition, BuildConfig, CommandLine, project_of
from brochure.engines.layouts import LayoutPath
from brochure.errors import InputError, Problem, UsageError
from brochure.model import Event
from brochure.outputs import REGISTRY
from brochure.outputs.base import Settling
from brochure.reading.load import pack_languages, read_source, validate
from brochure.reading.parts import Parts, Source

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pack:
    """The event in one of its languages (or a bilingual edition's two), and the config
    that prints it."""

    language: str
    """Its language; a bilingual edition's: its folder (`fr+en`)."""
    event: Event
    config: BuildConfig


@dataclass(frozen=True)
class Prepared:
    """A valid event and the config to build it with."""

    event: Event
    """The event in its first language."""
    config: BuildConfig
    warnings: tuple[Problem, ...]
    """Problems that do not stop a build (they do under --strict)."""
    packs: tuple[Pack, ...] = ()
    """The event in each of its languages (the first is event and config), then the
    bilingual edition, when one is asked for."""


def resolve(cli: CommandLine) -> tuple[BuildConfig, Source, list[Problem]]:
    """The config for this command line and event file, the file as read, and the
    problems found in the file's settings.

    Raises UsageError for misuse of the command (exit 2), InputError when the event file
    cannot be read at all.
    """
    project = project_of(cli.source)
    if cli.layouts is not None and not cli.layouts.is_dir():
        raise UsageError(f"--layouts: {cli.layouts} is not a folder")
    layouts = LayoutPath.for_project(project, cli.layouts)
    output_dir = _output_dir(cli.output, project)
    try:
        chosen = REGISTRY.choose(cli.only)
    except ValueError as error:
        raise UsageError(f"--only: {error}") from None
    source = read_source(cli.source)
    settings, problems = _settled(cli, chosen, source, layouts)
    languages = pack_languages(source.data)
    problems += _catalogues(source, languages)
    config = BuildConfig(
        source=cli.source,
        output_dir=output_dir,
        layouts=layouts,
        outputs=chosen,
        strict=cli.strict,
        limits=cli.limits,
        built_at=build_time(),
        language=languages[0],
        languages=languages,
        settings=settings,
    )
    return config, source, problems


def _settled(
    cli: CommandLine, chosen: tuple[str, ...], source: Source, layouts: LayoutPath
) -> tuple[dict[str, Any], list[Problem]]:
    """Each needed output's settings, settled by the output itself; the problems of the
    chosen ones (an output settled only for another's sake is checked when it is built)."""
    settings: dict[str, Any] = {}
    problems: list[Problem] = []
    for name in REGISTRY.settled(chosen):
        output = REGISTRY[name]
        own = {flag.dest: cli.flags.get(flag.dest) for flag in output.flags}
        section = source.data.get(output.section) if output.section else None
        settled, found = output.settle(Settling(own, section, source, layouts))
        settings[name] = settled
        if name in chosen:
            problems += found
    return settings, problems


def _output_dir(given: Path | None, project: Path) -> Path:
    """The output folder; misuse when it names a file (`-o brochure.pdf`)."""
    from brochure.outputs import FILE_SUFFIXES

    folder = given if given is not None else project / OUTPUT_FOLDER
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output: {folder} is a file; name the folder the pack goes into")
    if not folder.exists() and folder.suffix.lower() in FILE_SUFFIXES:
        raise UsageError(
            f"--output: {folder} looks like a file name; name the folder the pack goes "
            f"into (the pack is several files: {', '.join(REGISTRY.files())})"
        )
    return folder


def _catalogues(source: Source, languages: tuple[str, ...]) -> list[Problem]:
    """A warning, once, for each language brochure has no catalogue for (its fixed words
    are printed in English, marked as English), and for each CLDR has no data for in its
    script (its dates, times, countries and lists are printed as English writes them:
    i18n.cldr_locale), saying in one sentence what is printed instead."""
    have = ", ".join(name.replace("_", "-") for name in i18n.catalogues())
    problems = []
    for tag in languages:
        words = i18n.has_catalogue(tag)
        data = i18n.cldr_locale(tag)[1]
        if words and data:
            continue
        english = i18n.printed_tag(i18n.cldr_locale(tag)[0].replace("_", "-"))
        if not data:
            direction = "right to left" if i18n.language_direction(tag) == "rtl" else ""
            what = (
                f"CLDR has no dates or country names for {tag} in its script"
                + ("" if words else f", nor brochure a catalogue (catalogues: {have})")
                + ": its dates, times, countries and lists"
                + ("" if words else " and fixed words (Contents, Programme...)")
                + f" are printed in English ({english})"
                + (f", {direction}" if direction else "")
            )
        else:
            what = (
                f"brochure has no catalogue for {tag}: its fixed words (Contents, Programme, "
                f"the badges' roles...) are printed in English (catalogues: {have})"
            )
        problems.append(source.problem(_where_language(source, tag), what, warning=True))
    return problems


def _where_language(source: Source, tag: str) -> tuple[str | int, ...]:
    """Where the file names a language: its entry in `event.languages`, or `event.language`."""
    info = source.data.get("event")
    written = info.get("languages") if isinstance(info, dict) else None
    if isinstance(written, list):
        for index, item in enumerate(written):
            if isinstance(item, str) and item.strip().lower() == tag.lower():
                return ("event", "languages", index)
    return ("event", "languages") if written is not None else ("event", "language")


def prepare(cli: CommandLine) -> Prepared:
    """Resolve the config, load the event in each of its languages and run the chosen
    outputs' checks on each.

    Raises UsageError for misuse of the command, InputError with every problem found
    (warnings too, under --strict); warnings are logged otherwise.
    """
    return checked(*resolve(cli))


def checked(
    config: BuildConfig, source: Source, problems: list[Problem], door: bool = False
) -> Prepared:
    """The event of a resolved config and source, in each of its languages, validated and
    checked (see prepare). door: for a command at the door (`badge`, `serve --door`),
    which logs the event's warnings only with --verbose: the desk makes a badge at each
    walk-in, and what the event file lacks is for `check` and the build to say."""
    packs: list[Pack] = []
    for language in config.languages:
        pack, found = _pack(source, config.in_language(language), packs[0] if packs else None)
        # The same file read again: what is wrong in every language is said once.
        problems += [problem for problem in found if problem not in problems]
        if pack is None:
            break
        packs.append(pack)
    if len(packs) == len(config.languages) and (edition := _bilingual(config, packs)):
        packs.append(edition)
        problems += [p for p in _checked_edition(source, edition) if p not in problems]
    errors = [p for p in problems if not p.warning or config.strict]
    warnings = tuple(p for p in problems if p.warning)
    if errors or len(packs) < len(config.languages):
        if not config.strict:
            # Said with the errors, not lost with them: one check, one report.
            for warning in warnings:
                log.warning("%s", warning)
        raise InputError(errors)
    for warning in warnings:
        if door:
            log.debug("%s", warning)
        else:
            log.warning("%s", warning)
    return Prepared(packs[0].event, config, warnings, tuple(packs))


def _bilingual(config: BuildConfig, packs: list[Pack]) -> Pack | None:
    """The bilingual edition the brochure's settings ask for (its `bilingual`, settled
    with the event's language tags: outputs/brochure/settings.py), as a pack of its own:
    the event in the first language, the config printing both (config.BilingualEdition). None
    when none is asked for, the brochure is not settled (no output built uses it), or the
    config reads fewer of the event's languages than the edition prints (the door's badges:
    the first only)."""
    from brochure.outputs.brochure.settings import BrochureSettings

    try:
        pair = BrochureSettings.of(config).bilingual
    except LookupError:
        return None
    if pair is None:
        return None
    by_language = {pack.language: pack for pack in packs}
    if any(language not in by_language for language in pair):
        return None
    first, second = by_language[pair[0]], by_language[pair[1]]
    edition = BilingualEdition(pair, second.event)
    return Pack(edition.folder, first.event, dataclasses.replace(first.config, bilingual=edition))


def _checked_edition(source: Source, edition: Pack) -> list[Problem]:
    """The checks of the chosen outputs that print the bilingual edition, on it."""
    parts = Parts.of(source, edition.event)
    return [
        problem
        for name in edition.config.outputs
        if REGISTRY[name].bilingual
        for problem in REGISTRY[name].check(parts, config=edition.config)
    ]


def _pack(
    source: Source, config: BuildConfig, first: Pack | None
) -> tuple[Pack | None, list[Problem]]:
    """The event read in config's language, checked by the chosen outputs."""
    event, problems = validate(
        source, (), config.language, first.event if first is not None else None
    )
    parts = Parts.of(source, event) if event else Parts.salvage(source)
    for name in config.outputs:
        problems += REGISTRY[name].check(parts, config=config)
    return (Pack(config.language, event, config) if event else None), problems
