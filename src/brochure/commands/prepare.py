"""Everything before rendering: the config resolved, the event loaded, every check run."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from brochure.config import BuildConfig, CommandLine, resolve
from brochure.errors import InputError, Problem
from brochure.model import Event
from brochure.outputs import REGISTRY
from brochure.reading.load import Source, validate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prepared:
    """A valid event and the config to build it with."""

    event: Event
    config: BuildConfig
    warnings: tuple[Problem, ...]
    """Problems that do not stop a build (they do under --strict)."""


def prepare(cli: CommandLine) -> Prepared:
    """Resolve the config, load the event and run the chosen outputs' checks.

    Raises UsageError for misuse of the command, InputError with every problem found
    (warnings too, under --strict); warnings are logged otherwise.
    """
    return checked(*resolve(cli))


def checked(config: BuildConfig, source: Source, problems: list[Problem]) -> Prepared:
    """The event of a resolved config and source, validated and checked (see prepare)."""
    checks = [functools.partial(REGISTRY[name].check, config=config) for name in config.outputs]
    event, found = validate(source, checks)
    problems += found
    errors = [p for p in problems if not p.warning or config.strict]
    warnings = tuple(p for p in problems if p.warning)
    if errors or event is None:
        raise InputError(errors)
    for warning in warnings:
        log.warning("%s", warning)
    return Prepared(event, config, warnings)
