"""`brochure check`: everything a build checks, without rendering or writing."""

from __future__ import annotations

from brochure.commands.prepare import prepare
from brochure.config import CommandLine
from brochure.engines.limits import run_limited


def check(cli: CommandLine) -> int:
    """How many people the event has, after every check a build makes before rendering
    (under the command line's time and memory limits).

    Raises what a build would raise before rendering.
    """
    if cli.limits:
        return run_limited(_count, (cli,), cli.limits, "the check")
    return _count(cli)


def _count(cli: CommandLine) -> int:
    return len(prepare(cli).event.everyone)
