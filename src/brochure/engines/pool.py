"""Render in parallel: independent jobs (an output of a language pack) and the pieces of
one output (badge sheets) in forked worker processes.

Workers are forked from the process that prepared the work, so they inherit it (the
checked event, the prepared work, the libraries and fonts already loaded) without
pickling; only each job's result travels back. Inherited memory stays shared only while
no process writes to it: the garbage collector is kept off it (gc.freeze), and the
shared work should be what a worker reads without touching (bytes, not objects; see
badges.BadgeWork). Each worker lives under its share of the memory limit, and a worker
that dies (out of memory, killed) fails the build instead of hanging it.

Two levels share the cores: `run_jobs` runs jobs in one worker per core, and a job may
draw its own pieces in parallel (`Pieces`). Within `run_jobs` every process that
computes holds one of as many tokens as there are cores: a job's worker holds one while
it renders, gives it up while its own pieces are drawn, and each piece's process takes
one before it starts. So a job drawing many pieces uses every core the other jobs leave
idle, and never more processes compute than there are cores.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import logging
import multiprocessing
import os
import pickle
import resource
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Generic, TypeVar

from brochure import once
from brochure.engines.limits import Limits, die_with_parent
from brochure.errors import BrochureError, BuildError, InputError, UsageError

log = logging.getLogger(__name__)

S = TypeVar("S")
A = TypeVar("A")
R = TypeVar("R")

#: What the forked workers inherit: the function and the shared work, set just before
#: the pool starts. (Fork copies the process; nothing is pickled on the way in.)
_JOB: tuple[Callable[[Any, int], Any], Any] | None = None
#: The cores' tokens, in a worker of run_jobs and the processes it starts (None
#: elsewhere): a process computes only while it holds one.
_CORES: Any | None = None
#: Whether this process holds a token now.
_HOLDING = False
#: This process's own memory limit, in MiB, when a pool set one (0: none).
_OWN_MEGABYTES = 0


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def workers_for(pieces: int) -> int:
    """Into how many shares to divide `pieces` pieces: one per core this process may run
    on, at most one per piece. The same wherever the pieces are drawn (a share's fonts
    are subset apart: another division is other bytes)."""
    return max(1, min(cores(), pieces))


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
        global _JOB
        workers = self.workers
        if _CORES is not None:
            # A job's own pieces, in a worker of run_jobs: no more processes than cores.
            workers = min(workers, cores())
        # In as many processes as this process's limit (a worker's share) affords.
        workers = _affordable(self.limits, workers)
        if workers <= 1:
            for index in range(self.count):
                yield self.function(self.shared, index)
            return
        _JOB = (self.function, self.shared)
        share = _share(self.limits, workers)
        # What the workers inherit stays shared with this process only while nobody
        # writes to its pages: a worker's garbage collector would (it marks every object
        # it visits), copying the whole heap into each worker. Frozen, it is left alone
        # (Python's gc.freeze documentation: call it just before fork).
        gc.collect()
        gc.freeze()
        _wait_for_native_threads()
        # Within run_jobs: this process waits while its pieces are drawn, so its core is
        # theirs (each piece's process takes a token before it starts).
        nested = _give_up_core()
        finished = False
        try:
            with ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
                initargs=(share, os.getpid()),
            ) as executor:
                yield from executor.map(_run, range(self.count))
            finished = True
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
            # Back to computing; a failed build does not wait for a core (a worker that
            # died may have taken its token with it).
            if nested and finished:
                _take_core()


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


#: Room a worker needs to work in, in MiB of address space, beyond what it starts with.
HEADROOM = 512


def _affordable(limits: Limits | None, wanted: int) -> int:
    """How many of `wanted` workers the memory limit affords (at least one): each gets
    its share (_share), and a share must hold what a worker starts with (this process's
    address space, which it inherits) and HEADROOM to work in. Under a small --memory
    the work is done in fewer processes, or in this one, rather than failing."""
    megabytes = _own_limit(limits)
    if not megabytes or wanted <= 1:
        return wanted
    need = _address_space_mib() + HEADROOM
    return max(1, min(wanted, megabytes // need))


def _own_limit(limits: Limits | None) -> int:
    """This process's memory limit in MiB (0: none): the command's, or its share of it
    in a worker."""
    megabytes = limits.megabytes if limits else 0
    if _OWN_MEGABYTES:
        megabytes = min(megabytes, _OWN_MEGABYTES) if megabytes else _OWN_MEGABYTES
    return megabytes


def _address_space_mib() -> int:
    """This process's address space now, in MiB (Linux; 0 elsewhere)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) // 1024
    return 0


def _share(limits: Limits | None, workers: int) -> int:
    """Each worker's address-space limit, in MiB (0: none): this process's own limit
    (its share, in a worker) divided between them."""
    megabytes = _own_limit(limits)
    if not megabytes:
        return 0
    return max(256, megabytes // workers)


def _start_worker(megabytes: int, parent: int) -> None:
    global _OWN_MEGABYTES, _HOLDING
    die_with_parent(parent)
    # A piece's process may not ask run_jobs's parent (it would share its own parent's
    # connection with its sisters): what it says once, it says once itself.
    once.ask = None
    _HOLDING = False  # the parent's token stays the parent's
    if megabytes:
        _OWN_MEGABYTES = megabytes
        cap = megabytes * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or cap < hard:
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _run(index: int) -> Any:
    assert _JOB is not None, "workers are forked after the job is set"
    function, shared = _JOB
    try:
        with _core():
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


# The cores' tokens -------------------------------------------------------------------


@contextlib.contextmanager
def _core() -> Iterator[None]:
    """Hold a core's token while the block computes (nothing outside run_jobs)."""
    if _CORES is None or _HOLDING:
        yield
        return
    _take_core()
    try:
        yield
    finally:
        _give_up_core()


def _take_core() -> None:
    global _HOLDING
    if _CORES is not None and not _HOLDING:
        _CORES.acquire()
        _HOLDING = True


def _give_up_core() -> bool:
    """Give this process's token back; whether it held one."""
    global _HOLDING
    if _CORES is None or not _HOLDING:
        return False
    _CORES.release()
    _HOLDING = False
    return True


# Independent jobs --------------------------------------------------------------------


@dataclass(frozen=True)
class Job(Generic[A]):
    """One job of run_jobs: what the function is given, and how long it is expected to
    take (any unit: only the order counts)."""

    argument: A
    cost: float = 1.0


def run_jobs(
    function: Callable[[S, A], R],
    shared: S,
    jobs: Sequence[Job[A]],
    limits: Limits | None,
    prepare: Callable[[], None] | None = None,
) -> list[R]:
    """function(shared, job.argument) for every job, each in one of one worker per core
    (forked from this process: shared and the arguments are inherited, never pickled),
    the most costly first; the results in the order of jobs. prepare, when given, is
    called once before the workers are forked: what it loads, each inherits.

    What the jobs log (warnings, progress) is handed to this process's loggers as it
    comes, so it is said here, once. The first job that fails stops every worker and
    raises here what it raised (BuildError when that cannot cross, or when a worker ran
    out of its share of limits or died). With one core or one job, the jobs run here,
    one after the other.
    """
    count = min(cores(), len(jobs))
    if count <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(shared, job.argument) for job in jobs]
    if prepare is not None:
        prepare()
    count = _affordable(limits, count)
    if count <= 1:
        return [function(shared, job.argument) for job in jobs]
    context = multiprocessing.get_context("fork")
    order = sorted(range(len(jobs)), key=lambda index: -jobs[index].cost)
    share = _share(limits, count)
    logs, forwarder = context.Pipe(duplex=False)
    tokens = context.Semaphore(cores())
    lock = context.Lock()
    gc.collect()
    gc.freeze()
    _wait_for_native_threads()
    workers: dict[Connection, Any] = {}
    try:
        for _ in range(count):
            mine, theirs = context.Pipe()
            work = (function, shared, jobs)
            process = context.Process(
                target=_job_worker,
                args=(theirs, work, forwarder, lock, tokens, share, os.getpid()),
            )
            process.start()
            theirs.close()
            workers[mine] = process
        forwarder.close()
        return _dispatched(workers, deque(order), jobs, logs, share)
    finally:
        for connection, process in workers.items():
            if process.is_alive():
                process.kill()
            process.join(5)
            connection.close()
        logs.close()
        gc.unfreeze()


def _dispatched(
    workers: dict[Connection, Any],
    pending: deque[int],
    jobs: Sequence[Job[Any]],
    logs: Connection,
    share: int,
) -> list[Any]:
    """Hand the jobs out, most costly first, to each worker as it becomes free; say what
    they log; their results, in the order of jobs."""
    results: dict[int, Any] = {}
    said: set[Hashable] = set()  # once.first_time's keys, for the whole build
    busy: set[Connection] = set()
    for connection in workers:
        if pending:
            connection.send(pending.popleft())
            busy.add(connection)
        else:
            connection.send(None)
    listening = [logs]  # until every worker has closed it (EOF)
    while busy:
        for ready in wait([*busy, *listening]):
            if ready is logs:
                # Read only what is still there: handling a job's result just before
                # read what its log had sent (_drain), and a read of nothing waits.
                if not _drain(logs):
                    listening = []
                continue
            assert isinstance(ready, Connection)
            try:
                status, payload, index = ready.recv()
            except EOFError:
                _drain(logs)
                raise BuildError(
                    "a rendering worker died (out of its share of the memory limit?); "
                    "raise the limit with --memory"
                ) from None
            if status == "once":  # a question, not the end of the job
                ready.send(payload not in said)
                said.add(payload)
                continue
            _drain(logs)  # what the job said before it ended, said before its result
            if status != "ok":
                _raise(status, payload, share)
            results[index] = payload
            if pending:
                ready.send(pending.popleft())
            else:
                ready.send(None)
                busy.discard(ready)
    _drain(logs)
    return [results[index] for index in range(len(jobs))]


def _say(logs: Connection) -> bool:
    """One log record a worker sent, handed to this process's logger of its name; False
    at the end of the pipe (every worker has closed it)."""
    try:
        record: logging.LogRecord = logs.recv()
    except EOFError:
        return False
    logging.getLogger(record.name).handle(record)
    return True


def _drain(logs: Connection) -> bool:
    """Every log record waiting, said; False at the pipe's end (poll is true there
    too: the reading stops there)."""
    try:
        while logs.poll(0):
            if not _say(logs):
                return False
    except OSError:
        return False
    return True


def _raise(status: str, payload: Any, share: int) -> None:
    """Raise here what a job raised (_failure: how it crossed)."""
    if status == "memory":
        raise BuildError(
            f"a rendering worker ran out of its share of the memory limit ({share:,} MiB "
            "of address space); raise the limit with --memory"
        )
    if status == "input":
        raise InputError(payload)
    if status == "usage":
        raise UsageError(payload)
    if status == "raised":
        raise payload
    raise BuildError(payload)


def _job_worker(
    connection: Connection,
    job: tuple[Callable[[Any, Any], Any], Any, Sequence[Job[Any]]],
    forwarder: Connection,
    lock: Any,
    tokens: Any,
    megabytes: int,
    parent: int,
) -> None:
    """A worker of run_jobs: runs the jobs it is sent (their indices) until it is sent
    None, and sends back each one's result, or what it raised."""
    global _CORES
    _start_worker(megabytes, parent)
    _CORES = tokens
    _forward_logs(forwarder, lock)
    once.ask = functools.partial(_ask_parent, connection)
    function, shared, jobs = job
    while True:
        try:
            index = connection.recv()
        except EOFError:
            return
        if index is None:
            return
        message: tuple[str, Any, int]
        try:
            with _core():
                message = ("ok", function(shared, jobs[index].argument), index)
        except BaseException as error:  # sent back, to be raised in the parent
            message = (*_failure(error), index)
        finally:
            gc.collect()
            _hand_back_free_memory()
        try:
            connection.send(message)
        except MemoryError:
            connection.send(("memory", None, index))


def _ask_parent(connection: Connection, key: Hashable) -> bool:
    """once.first_time, answered by the parent of run_jobs for the whole build."""
    connection.send(("once", key, -1))
    answer: bool = connection.recv()
    return answer


def _failure(error: BaseException) -> tuple[str, Any]:
    """What a job raised, as it crosses back to the parent (see _raise)."""
    if isinstance(error, MemoryError | SystemError):
        # Out of address space, C libraries fail as SystemError too.
        return "memory", None
    if isinstance(error, InputError):  # its problems are plain dataclasses: they pickle
        return "input", list(error.problems)
    if isinstance(error, UsageError):
        return "usage", str(error)
    if isinstance(error, BrochureError):  # not every kind pickles: sent as text
        return "build", str(error)
    log.debug("the job failed", exc_info=error)  # the trace, for --debug
    if _crosses(error):
        return "raised", error
    return "build", f"rendering failed: {type(error).__name__}: {error}"


def _crosses(error: BaseException) -> bool:
    """Whether an exception survives the way back to the parent (pickled) as itself."""
    try:
        copy = pickle.loads(pickle.dumps(error))
    except Exception:
        return False
    return type(copy) is type(error) and str(copy) == str(error)


class _Forwarded(logging.Handler):
    """Sends each record to the parent of run_jobs, which says it; the workers' and
    their own pieces' processes write in turn (the lock)."""

    def __init__(self, connection: Connection, lock: Any) -> None:
        super().__init__(logging.NOTSET)
        self.connection = connection
        self.turn = lock

    def emit(self, record: logging.LogRecord) -> None:
        try:
            # As logging.handlers.QueueHandler prepares a record: its message made,
            # nothing left that may not pickle (the trace as text).
            copy = logging.makeLogRecord(record.__dict__)
            copy.msg = record.getMessage()
            copy.args = None
            if record.exc_info:
                copy.exc_text = logging.Formatter().formatException(record.exc_info)
            copy.exc_info = None
            with self.turn:
                self.connection.send(copy)
        except Exception:  # a record that cannot be sent is not worth a failed build
            self.handleError(record)


def _forward_logs(connection: Connection, lock: Any) -> None:
    """Send what this process logs to the parent instead of saying it here: the root
    logger's handlers and those of loggers that do not pass records up (progress).
    Not a logger whose handlers drop every record (logging.NullHandler): what it is sent
    nobody says, in the parent either, and sending it cost time (WeasyPrint's, which says
    each page it lays out: a twentieth of a long document's)."""
    handler = _Forwarded(connection, lock)
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
        and not logger.propagate
        and logger.handlers
        and not all(isinstance(old, logging.NullHandler) for old in logger.handlers)
    ]
    for logger in loggers:
        for old in list(logger.handlers):
            logger.removeHandler(old)
        logger.addHandler(handler)
