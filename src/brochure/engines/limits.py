"""Run loading and rendering in a child process with a time and a memory limit.

A hostile or broken event (a layout that loops, a 100,000-page table, an image bomb
that slipped through, a CSV of a million tiny rows) must not hang the machine: the child
is killed at the limit and the build fails with a message that names it. The parent keeps
the output folder as is. The child dies with its parent (Linux PR_SET_PDEATHSIG), so a
killed build never leaves it running.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import multiprocessing
import os
import resource
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from brochure.errors import BrochureError, BuildError, InputError, UsageError

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """How long (seconds) and how much memory (MiB) a build may take; 0 means no limit."""

    seconds: float = 600
    megabytes: int = 4096


def run_limited(
    function: Callable[..., T], args: tuple[Any, ...], limits: Limits, what: str = "the build"
) -> T:
    """function(*args) in a forked child under limits; its result. what names the work in
    the message when the time limit stops it ("the build", "the check").

    The child leads its own process group, and the whole group is killed when the work
    ends or is stopped, so programs it started (pdftoppm, a pool of workers) do not
    outlive it. It writes its temporary files in a folder of its own, removed afterwards.

    What the function raises comes back as the same kind: InputError with its problems,
    UsageError, or BuildError (any other exception, or a limit reached, with a message).
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    with interrupts_held():  # made and named as one, or not at all
        scratch = tempfile.mkdtemp(prefix="brochure-")
    child = context.Process(
        target=_child,
        args=(sender, function, args, limits, os.getpid(), scratch, what),
        daemon=False,
    )
    try:
        # What the parent has made so far (its modules, the event's classes) is the
        # child's for good: frozen, the child's collector leaves it alone, and does not
        # write to each object's pages (copying them from the parent) to look at it
        # (0.9 of `check`'s processor time). The parent collects as before.
        gc.freeze()
        try:
            child.start()
        finally:
            gc.unfreeze()
        sender.close()
        with contextlib.suppress(OSError, TypeError):  # both sides set it: no race
            os.setpgid(child.pid, child.pid)  # type: ignore[arg-type]
        ready = receiver.poll(limits.seconds or None)
        if not ready:
            raise BuildError(
                f"{what} took longer than {limits.seconds:g} seconds and was stopped "
                "(raise the limit with --timeout)"
            )
        try:
            status, payload = receiver.recv()
        except EOFError:
            child.join(5)
            raise BuildError(_death(child.exitcode, limits, what)) from None
    finally:
        # A Ctrl-C pressed again (or held) while the work is stopped waits until it is
        # stopped and its folder gone: cut short, it left an empty folder in /tmp.
        with interrupts_held():
            if child.pid is not None:
                # Before the child is reaped its pid cannot be taken by another process
                # group: the group is still the child's.
                with contextlib.suppress(OSError):
                    os.killpg(child.pid, signal.SIGKILL)
                if child.is_alive():
                    child.kill()
                child.join(5)
            receiver.close()
            shutil.rmtree(scratch, ignore_errors=True)
    if status == "ok":
        return payload  # type: ignore[no-any-return]
    if status == "input":
        raise InputError(payload)
    if status == "usage":
        raise UsageError(payload)
    raise BuildError(payload)


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """SIGINT (Ctrl-C) held back while the block runs, and delivered after it (POSIX
    pthread_sigmask), so that what the block makes or removes is made or removed whole.
    Off the main thread, or where signals cannot be masked, the block just runs."""
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    except (AttributeError, OSError, ValueError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _child(
    sender: Connection,
    function: Callable[..., Any],
    args: tuple[Any, ...],
    limits: Limits,
    parent: int,
    scratch: str,
    what: str,
) -> None:
    die_with_parent(parent)
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)  # a group of its own, which the parent kills as one
    # Out of the terminal's foreground group, a write to the terminal (a warning, a
    # progress bar) would stop the child under `stty tostop`, unless SIGTTOU is ignored.
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    tempfile.tempdir = scratch
    os.environ["TMPDIR"] = scratch  # for the programs it runs
    if limits.megabytes:
        cap = limits.megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        result: tuple[str, Any] = ("ok", function(*args))
    except InputError as error:  # problems are plain dataclasses: they pickle
        result = ("input", list(error.problems))
    except UsageError as error:
        result = ("usage", str(error))
    except BrochureError as error:  # sent as text: not every error class pickles
        # A renderer that failed for want of memory may say something else; say that.
        result = (
            "error",
            _death(None, limits, what) if _near_memory_limit(limits) else str(error),
        )
    except MemoryError:
        result = ("error", _death(None, limits, what))
    except Exception as error:  # reported to the parent, which prints it without a trace
        log.debug("%s failed", what, exc_info=True)  # the trace, for --debug
        if _near_memory_limit(limits):
            # Out of address space, C libraries fail in their own ways (SystemError,
            # "error return without exception set"): say what really happened.
            result = ("error", _death(None, limits, what))
        else:
            # "the build failed", "the import failed": what was under way, not always
            # rendering.
            failed = "rendering" if what == "the build" else what.removeprefix("the ")
            result = ("error", f"{failed} failed: {type(error).__name__}: {error}")
    try:
        sender.send(result)
    except MemoryError:
        sender.send(("error", _death(None, limits, what)))
    finally:
        sender.close()


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies (prctl PR_SET_PDEATHSIG); if
    the parent died before the request was made, stop now. Ctrl-C is the parent's to
    answer: it stops this process itself, and says so once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):  # not Linux
        # The C library is already loaded in this process: no search for it on disk.
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def _near_memory_limit(limits: Limits) -> bool:
    """Whether this process came within 10% of its address-space limit (Linux)."""
    if not limits.megabytes:
        return False
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return False
    for line in status.splitlines():
        if line.startswith("VmPeak:"):
            peak_kib = int(line.split()[1])
            return peak_kib >= limits.megabytes * 1024 * 0.9
    return False


def _death(exitcode: int | None, limits: Limits, what: str = "the build") -> str:
    """Why the child stopped without a result: almost always the memory limit. what
    names the work ("the build", "the preview")."""
    how = f" (exit status {exitcode})" if exitcode else ""
    if limits.megabytes:
        return (
            f"{what} ran out of its memory limit of {limits.megabytes:,} MiB and was "
            f"stopped{how}; raise the limit with --memory"
        )
    return f"{what} stopped: its process died{how}"
