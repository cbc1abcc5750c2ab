"""Everything before rendering: the config resolved, the event loaded, every check run."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from brochure.config import BuildConfig, CommandLine, resolve
from brochure.errors import InputError, Problem
from brochure.model import Event
from brochure.outputs import REGISTRY
from brochure.reading.load import Parts, Source, validate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pack:
    """The event in one of its languages, and the config that prints it."""

    language: str
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
    """The event in each of its languages (the first is event and config)."""


def prepare(cli: CommandLine) -> Prepared:
    """Resolve the config, load the event in each of its languages and run the chosen
    outputs' checks on each.

    Raises UsageError for misuse of the command, InputError with every problem found
    (warnings too, under --strict); warnings are logged otherwise.
    """
    return checked(*resolve(cli))


def checked(config: BuildConfig, source: Source, problems: list[Problem]) -> Prepared:
    """The event of a resolved config and source, in each of its languages, validated and
    checked (see prepare)."""
    packs: list[Pack] = []
    for language in config.languages:
        pack, found = _pack(source, config.in_language(language), packs[0] if packs else None)
        # The same file read again: what is wrong in every language is said once.
        problems += [problem for problem in found if problem not in problems]
        if pack is None:
            break
        packs.append(pack)
    errors = [p for p in problems if not p.warning or config.strict]
    warnings = tuple(p for p in problems if p.warning)
    if errors or len(packs) < len(config.languages):
        if not config.strict:
            # Said with the errors, not lost with them: one check, one report.
            for warning in warnings:
                log.warning("%s", warning)
        raise InputError(errors)
    for warning in warnings:
        log.warning("%s", warning)
    return Prepared(packs[0].event, config, warnings, tuple(packs))


def _pack(
    source: Source, config: BuildConfig, first: Pack | None
) -> tuple[Pack | None, list[Problem]]:
    """The event read in config's language, with the config that prints it
    (BuildConfig.for_event), checked by the chosen outputs under that config."""
    event, problems = validate(
        source, (), config.language, first.event if first is not None else None
    )
    if event is not None:
        try:
            config = config.for_event(event)
        except InputError as error:
            problems += error.problems
    parts = Parts.of(source, event) if event else Parts.salvage(source)
    for name in config.outputs:
        problems += REGISTRY[name].check(parts, config=config)
    return (Pack(config.language, event, config) if event else None), problems
