"""`brochure check`: everything a build checks, without rendering or writing."""

from __future__ import annotations

from brochure.commands.prepare import Prepared, prepare
from brochure.config import CommandLine


def check(cli: CommandLine) -> Prepared:
    """The event and config a build would use; raises what a build would before rendering."""
    return prepare(cli)
