"""Render in parallel: independent pieces of an output (badge sheets) in worker processes.

Workers are forked from the process that prepared the work, so they inherit it (the
prepared work, the fonts already loaded) without pickling; only each piece's result
travels back. Inherited memory stays shared only while no process writes to it: the
garbage collector is kept off it (gc.freeze), and the shared work should be what a
worker reads without touching (bytes, not objects; see badges.BadgeWork). Each worker
lives under its share of the memory limit, and a worker that dies (out of memory,
killed) fails the build instead of hanging it.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import multiprocessing
import os
import resource
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar

from brochure.engines.limits import Limits, die_with_parent
from brochure.errors import BuildError

log = logging.getLogger(__name__)

S = TypeVar("S")
R = TypeVar("R")

#: What the forked workers inherit: the function and the shared work, set just before
#: the pool starts. (Fork copies the process; nothing is pickled on the way in.)
_JOB: tuple[Callable[[Any, int], Any], Any] | None = None


def workers_for(pieces: int) -> int:
    """How many processes to use: one per core this process may run on, at most one per
    piece."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, pieces))


class Pieces(Generic[S, R]):
    """function(shared, i) for i in range(count), in order, in parallel where it pays."""

    def __init__(
        self,
        function: Callable[[S, int], R],
        shared: S,
        count: int,
        limits: Limits | None,
        workers: int | None = None,
    ) -> None:
        self.function = function
        self.shared = shared
        self.count = count
        self.limits = limits
        self.workers = workers or workers_for(count)

    def __iter__(self) -> Iterator[R]:
        """Results as they come, in order."""
        if self.workers <= 1:
            for index in range(self.count):
                yield self.function(self.shared, index)
            return
        global _JOB
        _JOB = (self.function, self.shared)
        share = _share(self.limits, self.workers)
        # What the workers inherit stays shared with this process only while nobody
        # writes to its pages: a worker's garbage collector would (it marks every object
        # it visits), copying the whole heap into each worker. Frozen, it is left alone
        # (Python's gc.freeze documentation: call it just before fork).
        gc.collect()
        gc.freeze()
        _wait_for_native_threads()
        try:
            with ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
                initargs=(share, os.getpid()),
            ) as executor:
                yield from executor.map(_run, range(self.count))
        except (MemoryError, SystemError):
            # Out of address space, a worker's C libraries fail as SystemError too; the
            # exception crosses back from the worker as its own kind.
            raise BuildError(
                f"a rendering worker ran out of its share of the memory limit ({share:,} MiB "
                "of address space); raise the limit with --memory"
            ) from None
        except BrokenProcessPool:
            raise BuildError(
                "a rendering worker died (out of its share of the memory limit?); "
                "raise the limit with --memory"
            ) from None
        finally:
            _JOB = None
            gc.unfreeze()


#: The longest a fork waits for the native threads of the libraries to end, in seconds.
NATIVE_THREADS_WAIT = 10.0


def _wait_for_native_threads() -> None:
    """Wait until the process runs no thread Python did not start (or NATIVE_THREADS_WAIT
    passes). Pango starts a short-lived thread that initialises fontconfig for each new
    font map (pangofc-fontmap.c, 1.48 and later); a fork while it holds fontconfig's
    lock leaves the worker waiting for that lock forever (seen: a badge worker stuck in
    WeasyPrint's FontConfiguration). Threads Python started are the caller's to mind."""
    deadline = time.monotonic() + NATIVE_THREADS_WAIT
    while time.monotonic() < deadline:
        try:
            native = len(os.listdir("/proc/self/task")) - threading.active_count()
        except OSError:  # not Linux: nothing to count
            return
        if native <= 0:
            return
        time.sleep(0.005)
    log.debug("forking workers beside %d native thread(s)", native)


def _share(limits: Limits | None, workers: int) -> int:
    """Each worker's address-space limit, in MiB (0: none)."""
    if not limits or not limits.megabytes:
        return 0
    return max(256, limits.megabytes // workers)


def _start_worker(megabytes: int, parent: int) -> None:
    die_with_parent(parent)
    if megabytes:
        cap = megabytes * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or cap < hard:
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _run(index: int) -> Any:
    assert _JOB is not None, "workers are forked after the job is set"
    function, shared = _JOB
    try:
        return function(shared, index)
    finally:
        # A piece leaves cyclic garbage (a laid-out document's boxes point at their
        # parents): collected now, and the freed memory handed back, the next piece
        # starts from the worker's footprint, not from the last piece's high-water mark.
        gc.collect()
        _hand_back_free_memory()


def _hand_back_free_memory() -> None:
    """Return the C heap's free pages to the system (glibc's malloc_trim; elsewhere
    nothing)."""
    with contextlib.suppress(OSError, AttributeError):
        # The C library is already loaded in this process: no search for it on disk.
        ctypes.CDLL(None).malloc_trim(0)
