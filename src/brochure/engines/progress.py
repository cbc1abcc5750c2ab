"""How far a long rendering has come, for a person watching a terminal.

Renderers report (what, done, total) here; the command line shows it as a progress bar on
a terminal, and nothing in a pipe or a CI log (console.py). Reports are log records of the
`brochure.progress` logger, so they cross from the rendering child to the terminal as
every other message does.
"""

from __future__ import annotations

import logging

log = logging.getLogger("brochure.progress")
# Only a progress display listens: progress is not a message to print line by line.
log.propagate = False


def report(what: str, done: int, total: int) -> None:
    """what (a file name) has done of total (badges, pages) finished."""
    log.info("%s: %d of %d", what, done, total, extra={"progress": (what, done, total)})
