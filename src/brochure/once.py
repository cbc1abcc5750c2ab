"""What a build says once, however many processes render it.

A warning about the build as a whole (a build time a format cannot hold) is said the
first time a renderer meets it, not again by the next output or language. A build's
jobs run in worker processes (engines/pool.run_jobs), each with its own memory: there,
the first time is the build's, asked of the process that started them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

#: Set in a worker of engines/pool.run_jobs: asks its parent whether key is new to the
#: build (and records it there).
ask: Callable[[Hashable], bool] | None = None
_SEEN: set[Hashable] = set()


def first_time(key: Hashable) -> bool:
    """Whether key (picklable, in a worker) is met for the first time in this build."""
    if key in _SEEN:
        return False
    _SEEN.add(key)
    return ask(key) if ask is not None else True
