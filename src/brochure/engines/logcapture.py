"""Catch what a logger reports while a block runs: warnings to count, or to pass on."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class _Collect(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def captured(name: str, level: int = logging.WARNING) -> Iterator[list[str]]:
    """The messages logged at `level` or above on logger `name` (and below it).

    The logger is opened to `level` while inside, whatever the console shows, so a
    warning is caught under --quiet too.
    """
    logger = logging.getLogger(name)
    handler = _Collect(level)
    previous = logger.level
    if logger.getEffectiveLevel() > level:
        logger.setLevel(level)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


#: What once() said in this build (forget() starts a build afresh).
_SAID: set[tuple[str, ...]] = set()


def once(*key: str) -> bool:
    """Whether the warning that key names is new in this build: a build lays a page out
    more than once (to measure, then to print), and says each thing once."""
    if key in _SAID:
        return False
    _SAID.add(key)
    return True


def forget() -> None:
    """Start a build: nothing said yet (once)."""
    _SAID.clear()
