"""How far a long rendering has come, for a person watching a terminal.

Renderers report (what, done, total) here; the command line shows it as a progress bar on
a terminal, and nothing in a pipe or a CI log (console.py). Reports are log records of the
`brochure.progress` logger, so they cross from the rendering child to the terminal as
every other message does.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator

log = logging.getLogger("brochure.progress")
# Only a progress display listens: progress is not a message to print line by line.
log.propagate = False

#: Where the file reported is in the output folder (a pack's: es/badges.pdf), while a
#: pack's output renders (placing).
_place: Callable[[str], str] | None = None


def report(what: str, done: int, total: int) -> None:
    """what (a file name) has done of total (badges, pages) finished."""
    if _place is not None:
        what = _place(what)
    log.info("%s: %d of %d", what, done, total, extra={"progress": (what, done, total)})


@contextlib.contextmanager
def placing(place: Callable[[str], str]) -> Iterator[None]:
    """Within the block, a file reported is named place(file): its place in the output
    folder (es/badges.pdf), so that two packs' files rendering at once are told apart."""
    global _place
    previous, _place = _place, place
    try:
        yield
    finally:
        _place = previous
