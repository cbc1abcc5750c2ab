"""The one place brochure writes: every output of a build lands together, or none does.

Files are written and flushed into a hidden staging folder inside the output folder
(same file system, so every move is an atomic rename). Then, holding a lock on the
output folder and with Ctrl-C and termination held back, every target is checked, the
previous files are moved aside, the new ones moved in, and the previous ones dropped. If
any move fails, the moves made so far are undone in reverse order: the folder holds the
previous pack again, byte for byte. Files brochure did not write are never touched.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from brochure.errors import BuildError

log = logging.getLogger(__name__)

STAGING_PREFIX = ".brochure-staging-"
#: Signals held back while files are moved: the folder is never left half-moved by them.
HELD_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT})


def write_outputs(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write files (name -> bytes) into folder, replacing only those names; the paths.

    Raises BuildError, with the folder as it was, when anything fails.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildError(f"cannot write to {folder}: {error.strerror or error}") from None
    with _locked(folder):
        _remove_abandoned_staging(folder)
        try:
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
        except OSError as error:
            raise BuildError(f"cannot write to {folder}: {error.strerror or error}") from None
        try:
            for name, content in files.items():
                _write_synced(staging / name, content)
            _check_targets(folder, files)
            with _signals_held():
                return _swap_in(folder, staging, list(files))
        except OSError as error:
            raise BuildError(
                f"cannot write to {folder}: {error.strerror or error}; "
                "the output folder was left as it was"
            ) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _write_synced(path: Path, content: bytes) -> None:
    with path.open("wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())


def _check_targets(folder: Path, names: Mapping[str, bytes]) -> None:
    """Refuse before the first move when a target cannot be replaced by a file."""
    for name in names:
        target = folder / name
        if target.is_dir() and not target.is_symlink():
            raise BuildError(
                f"cannot write {target}: a folder of that name is in the way; "
                "the output folder was left as it was"
            )


def _swap_in(folder: Path, staging: Path, names: list[str]) -> list[Path]:
    """Move the previous files aside into staging, the new ones into folder; undo every
    move made so far if one fails. Renames within one file system are atomic."""
    aside = staging / ".previous"
    aside.mkdir()
    undo: list[tuple[Path, Path]] = []  # (moved to, came from), newest last
    try:
        for name in names:
            target = folder / name
            if target.exists() or target.is_symlink():
                os.replace(target, aside / name)
                undo.append((aside / name, target))
            os.replace(staging / name, target)
            undo.append((target, staging / name))
        _sync_folder(folder)
    except OSError:
        _undo(undo)
        raise
    return [folder / name for name in names]


def _undo(moves: list[tuple[Path, Path]]) -> None:
    for moved_to, came_from in reversed(moves):
        try:
            os.replace(moved_to, came_from)
        except OSError as error:  # nothing more can be done; say exactly what is where
            log.error("could not put %s back at %s: %s", moved_to, came_from, error.strerror)


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entries, so the renames survive a power cut."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder (flock on the folder itself, so no
    lock file is left in it): a second build into the same folder waits its turn."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("waiting for another build into %s to finish writing", folder)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back Ctrl-C and termination while files move; they arrive just after."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _remove_abandoned_staging(folder: Path) -> None:
    """Staging folders left by a build that was killed (brochure's own, by their name).

    Called with the folder's lock held: no other build is writing, so every staging
    folder is abandoned.
    """
    for path in folder.glob(STAGING_PREFIX + "*"):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
