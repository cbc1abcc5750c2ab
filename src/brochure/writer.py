"""The one place brochure writes: every output of a build lands together, or none does.

Files are written and flushed into a hidden staging folder inside the output folder
(same file system, so every move is an atomic rename). Then, holding a lock on the
output folder and with Ctrl-C and termination held back, every target is checked, a
journal of the moves is written, the previous files are moved aside, the new ones moved
in, and the staging folder (the previous files in it) renamed to a "done" folder in one
step and dropped. If a move fails, the moves made so far are undone in reverse order; if
the build is killed outright before that rename, the next build reads the journal and
puts the previous pack back; after it, the next build only drops the done folder. Either
way the folder holds one whole pack. Other files are never touched; a journal, a
manifest or a staging folder is trusted only when it is the user's own (another user
sharing the folder could write one).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import signal
import stat
import tempfile
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath

from brochure.errors import BrochureError, BuildError

log = logging.getLogger(__name__)

STAGING_PREFIX = ".brochure-staging-"
#: A staging folder whose build finished (moved in, or undone): only to be dropped.
DONE_PREFIX = ".brochure-done-"
#: The file that marks a staging folder as brochure's, and lists the moves under way.
JOURNAL = ".brochure-journal.json"
MAX_JOURNAL = 1 << 20  # bytes; a real journal names a few dozen files
#: Where the previous files wait, inside the staging folder, while the new ones move in.
PREVIOUS = ".previous"
#: Signals held back while files are moved: the folder is never left half-moved by them.
HELD_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT})


class InterruptedAfterWriting(BrochureError):
    """Ctrl-C or termination arrived while the files moved: they all moved first."""

    def __init__(self, written: list[Path]) -> None:
        self.written = written
        super().__init__("interrupted; the new pack was written whole first")


def write_outputs(
    folder: Path,
    files: Mapping[str, bytes],
    retired: Iterable[str] = (),
    own: Collection[str] = (),
) -> list[Path]:
    """Write files (name -> bytes) into folder, replacing only those names, and remove
    the retired names (files an earlier build wrote that this pack no longer has), in
    the same all-or-nothing move; the paths written. own: the file names (without a
    language folder) a build of brochure ever writes, besides these: a killed build's
    journal is trusted for those only (recover).

    Raises BuildError, with the folder as it was (and no folder left behind that this
    call made), when anything fails; InterruptedAfterWriting when a signal held back
    during the moves arrives after them.
    """
    made = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildError(f"cannot write to {folder}: {error.strerror or error}") from None
    try:
        return _write_locked(
            folder,
            files,
            [n for n in retired if n not in files],
            {*own, *(PurePosixPath(n).name for n in files)},
        )
    except BuildError:
        if made:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty: nothing of anyone's is lost
        raise


def _write_locked(
    folder: Path, files: Mapping[str, bytes], retired: list[str], own: Collection[str]
) -> list[Path]:
    with _locked(folder):
        recover(folder, own)
        staging: Path | None
        try:
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
        except OSError as error:
            raise BuildError(f"cannot write to {folder}: {error.strerror or error}") from None
        try:
            # The journal marks the folder as brochure's from the start; its plan comes
            # just before the first move.
            _write_synced(staging / JOURNAL, json.dumps({"names": [], "had": {}}).encode())
            for name, content in files.items():
                # A pack in several languages has a folder per language (es/brochure.pdf).
                (staging / name).parent.mkdir(parents=True, exist_ok=True)
                _write_synced(staging / name, content)
            _check_targets(folder, files)
            with _signals_held() as pending:
                written = _swap_in(folder, staging, files, retired, own)
                staging = _done(staging)
            if pending:
                raise InterruptedAfterWriting(written)
            return written
        except _PartlyUndone:
            staging = None  # it holds what could not be put back: never dropped
            raise BuildError(
                f"cannot write to {folder}, and some previous files could not be put back "
                "(said above); nothing was deleted"
            ) from None
        except OSError as error:
            raise BuildError(
                f"cannot write to {folder}: {error.strerror or error}; "
                "the output folder was left as it was"
            ) from None
        finally:
            if staging is not None:
                _drop(_done(staging))


class _PartlyUndone(OSError):
    """A failed move whose undo could not put every previous file back."""


def _done(staging: Path) -> Path:
    """Mark a staging folder as finished, in one atomic rename: a build killed while it is
    dropped leaves a done folder, which the next one only drops (its journal is no longer
    a plan: following it would undo a finished build)."""
    if not staging.name.startswith(STAGING_PREFIX):
        return staging
    done = staging.with_name(DONE_PREFIX + staging.name[len(STAGING_PREFIX) :])
    try:
        os.rename(staging, done)
    except OSError:
        return staging
    return done


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
        if target.parent != folder and (
            target.parent.is_symlink() or (target.parent.exists() and not target.parent.is_dir())
        ):
            raise BuildError(
                f"cannot write {target}: {target.parent.name} in {folder} is not a folder; "
                "the output folder was left as it was"
            )


def _swap_in(
    folder: Path,
    staging: Path,
    files: Mapping[str, bytes],
    retired: list[str],
    own: Collection[str],
) -> list[Path]:
    """Move the previous files aside into staging, the new ones into folder (and the
    retired ones aside for good); undo every move made so far if one fails. Renames
    within one file system are atomic; the journal lets the next build undo them if
    this process dies half way."""
    aside = staging / PREVIOUS
    aside.mkdir()
    # Only files are retired, only the pack's own names, never through a link.
    retired = [
        name
        for name in retired
        if _own_name(folder, name, own)
        and ((folder / name).is_file() or (folder / name).is_symlink())
    ]
    names = list(files)
    everything = names + retired
    had = {name: (folder / name).exists() or (folder / name).is_symlink() for name in everything}
    # What each new file holds: recovery removes a file that was not there before only
    # while it is still the one this build moved in.
    digests = {name: hashlib.sha256(content).hexdigest() for name, content in files.items()}
    plan = {"names": everything, "had": had, "sha256": digests}
    _write_synced(staging / JOURNAL, json.dumps(plan).encode())
    _sync_folder(staging)
    undo: list[tuple[Path, Path]] = []  # (moved to, came from), newest last
    made: list[Path] = []  # language folders this build made, which an undo removes
    try:
        for name in everything:
            target = folder / name
            if had[name]:
                (aside / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, aside / name)
                undo.append((aside / name, target))
            if name in retired:
                continue
            if not target.parent.is_dir():
                target.parent.mkdir()
                made.append(target.parent)
            os.replace(staging / name, target)
            undo.append((target, staging / name))
        for parent in dict.fromkeys([folder, *((folder / name).parent for name in everything)]):
            _sync_folder(parent)
    except OSError as error:
        whole = _undo(undo)
        for parent in reversed(made):
            with contextlib.suppress(OSError):
                parent.rmdir()
        if not whole:
            raise _PartlyUndone(error.errno, error.strerror) from None
        raise
    for name in retired:  # a language folder the pack no longer has, if now empty
        if (folder / name).parent != folder:
            with contextlib.suppress(OSError):
                (folder / name).parent.rmdir()
    return [folder / name for name in names]


def _undo(moves: list[tuple[Path, Path]]) -> bool:
    """Make moves backwards, newest first; whether every one was made."""
    whole = True
    for moved_to, came_from in reversed(moves):
        try:
            os.replace(moved_to, came_from)
        except OSError as error:  # nothing more can be done; say exactly what is where
            log.error("could not put %s back at %s: %s", moved_to, came_from, error.strerror)
            whole = False
    return whole


def settle(folder: Path, own: Collection[str]) -> None:
    """Recover (below) what killed builds left in folder, taking its lock, when there is
    anything to recover: before a build reads what the folder holds."""
    try:
        if not any(folder.glob(STAGING_PREFIX + "*")) and not any(folder.glob(DONE_PREFIX + "*")):
            return
    except OSError:
        return
    with _locked(folder):
        recover(folder, own)


def recover(folder: Path, own: Collection[str]) -> None:
    """Put back the previous pack a killed build left half-moved, and clear the staging
    folders killed builds left. Called with the folder's lock held: no other build is
    writing, so every staging folder is abandoned. Only folders marked with brochure's
    journal are touched (a folder of the user's that happens to share the name is not),
    and a journal is trusted only for the pack's own file names (own, with or without a
    language folder: anyone who can write in the output folder can write a journal),
    moved only within staging folders and the output folder, never through a link, and
    only when the staging folder and its journal belong to this user. Done folders
    (finished builds killed while dropping them) are dropped, nothing followed.
    """
    for done in folder.glob(DONE_PREFIX + "*"):
        # Marked as brochure's by its journal (dropped last: _drop), as staging folders
        # are: a folder of the user's that happens to share the name stays.
        if _ours(done) and done.is_dir() and not done.is_symlink() and _marked(done):
            _drop(done)
    for staging in folder.glob(STAGING_PREFIX + "*"):
        journal = staging / JOURNAL
        if staging.is_symlink() or not staging.is_dir() or journal.is_symlink():
            continue
        if not journal.is_file():
            continue
        if not (_ours(staging) and _ours(journal)):
            log.warning(
                "left %s alone: another user's build made it; they (or an administrator) "
                "should look inside and delete it",
                staging,
            )
            continue
        aside = staging / PREVIOUS
        try:
            if journal.stat().st_size > MAX_JOURNAL:
                raise ValueError("too large")
            plan = json.loads(journal.read_text(encoding="utf-8"))
            names, had = list(plan["names"]), dict(plan["had"])
            digests = dict(plan.get("sha256") or {})
            if not all(isinstance(name, str) and _own_name(folder, name, own) for name in names):
                raise ValueError("a name that is not the pack's")
            if aside.is_symlink() or (aside.exists() and not aside.is_dir()):
                raise ValueError("its previous files are not in a folder of its own")
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            log.warning(
                "left %s alone: its journal cannot be trusted; a killed build's previous "
                "files may be in it: take what you need, then delete it",
                staging,
            )
            continue
        restored = False
        for name in names:
            target, previous, new = folder / name, aside / name, staging / name
            try:
                if previous.parent.is_symlink() or new.parent.is_symlink():
                    raise OSError(0, "a link where a folder should be")
                if previous.exists() or previous.is_symlink():
                    os.replace(previous, target)
                    restored = True
                elif (
                    not had.get(name)
                    and not new.exists()
                    and not target.is_symlink()
                    and target.is_file()
                    and sha256_of(target) == digests.get(name)
                ):
                    # moved in by the killed build, where nothing was before, and still as
                    # it moved it in (not a file somebody has written there since)
                    target.unlink()
                    if target.parent != folder:
                        with contextlib.suppress(OSError):
                            target.parent.rmdir()  # a language folder that build made
                    restored = True
            except OSError as error:  # say what could not be put back; go on with the rest
                log.error("could not put back %s: %s", target, error.strerror)
        if restored:
            log.warning(
                "%s: put back the pack a build that was killed while writing left half moved",
                folder,
            )
        _drop(_done(staging))


def _drop(staging: Path) -> None:
    """Remove a staging or done folder, its journal last: a build killed half way
    through leaves a folder still marked as brochure's, which the next one drops."""
    try:
        children = [child for child in staging.iterdir() if child.name != JOURNAL]
    except OSError:
        children = []
    for child in children:
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                child.unlink()
    with contextlib.suppress(OSError):
        (staging / JOURNAL).unlink()
    with contextlib.suppress(OSError):
        staging.rmdir()


def _marked(folder: Path) -> bool:
    """Whether folder holds brochure's journal (a regular file of the user's own)."""
    journal = folder / JOURNAL
    return not journal.is_symlink() and journal.is_file() and _ours(journal)


def _ours(path: Path) -> bool:
    """Whether path (not followed) belongs to the user this build runs as."""
    try:
        return path.lstat().st_uid == os.geteuid()
    except OSError:
        return False


def sha256_of(path: Path) -> str | None:
    """The SHA-256 of a regular file's content (a link followed); None for anything else
    (a FIFO would otherwise wait for a writer) or when it cannot be read."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None
    finally:
        os.close(descriptor)


def pack_name(folder: Path, name: str) -> bool:
    """True when name is one a build writes into folder: a plain file name or LANG/name,
    with no part that climbs out, hides, or passes through a symbolic link. A journal or
    a manifest is only trusted as far as this: anyone who can write into the output
    folder can write one."""
    parts = PurePosixPath(name).parts
    if not 1 <= len(parts) <= 2 or "\\" in name or "\0" in name:
        return False
    if any(part in {"", ".", ".."} or part.startswith(".") or "/" in part for part in parts):
        return False
    return len(parts) == 1 or not (folder / parts[0]).is_symlink()


def _own_name(folder: Path, name: str, own: Collection[str]) -> bool:
    """True when name is one of own (the manifest's hidden name included) or LANG/one of
    own, as pack_name allows it."""
    return name in own or (pack_name(folder, name) and PurePosixPath(name).name in own)


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
def _signals_held() -> Iterator[set[int]]:
    """Hold back Ctrl-C and termination while files move. What arrived meanwhile is
    taken off the queue (yielded set): the caller says the pack was written whole."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
    pending: set[int] = set()
    try:
        yield pending
    finally:
        arrived = signal.sigpending() & HELD_SIGNALS
        for number in arrived:
            signal.sigwait({number})  # consume it while it is still blocked
        pending.update(arrived)
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_file(path: Path, text: str) -> None:
    """Write one file a command makes for the organiser (`new`, `import`), as a whole
    (a temporary file renamed into place) and never through a symbolic link: a link, even
    one to nothing, is refused, so nothing outside the folder is written.

    Raises BrochureError.
    """
    if path.is_symlink():
        raise BrochureError(f"{path} is a symbolic link; brochure writes no file through one")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=".brochure-", dir=path.parent)
        try:
            # mkstemp makes a file only its owner may read: give it the permissions any
            # new file gets (the umask's), so a colleague sharing the folder can open it.
            os.fchmod(descriptor, 0o666 & ~_umask())
            with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, path)  # replaces a name, never follows one
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as error:
        raise BrochureError(f"cannot write {path}: {error.strerror or error}") from None


def _umask() -> int:
    """The process's umask (read by setting it, and setting it back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def there(path: Path) -> bool:
    """Whether something has this name, a link to nothing included."""
    return os.path.lexists(path)
