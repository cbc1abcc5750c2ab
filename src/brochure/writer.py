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

In a folder shared with other users a name may change between a look and a move (a
language folder swapped for a link to anywhere): the output folder, each language
folder and the staging folder are opened once, never through a link (bound.py), and
every move, mkdir and removal is made in the folder opened, not by path. A move never
replaces what it did not look at: a file that appears meanwhile stops the build (undone),
and what is moved aside is checked to be what was looked at.

A folder owned whole by one output (`programme/` of a web programme: its page, its
stylesheet, its images) is one unit: staged whole, the previous folder moved aside whole
and the new one moved in, named in the journal as one, put back as one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import logging
import os
import secrets
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from brochure import bound, locks
from brochure.bound import At, Folder
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
#: How deep files may sit inside a folder owned whole by an output (programme/img/a.png).
MAX_UNIT_DEPTH = 8
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
    *,
    folders: Collection[str] = (),
    wait: float | None = None,
    amend: Callable[[], Mapping[str, bytes]] | None = None,
) -> list[Path]:
    """Write files (name -> bytes) into folder, replacing only those names, and remove
    the retired names (files an earlier build wrote that this pack no longer has), in
    the same all-or-nothing move; the paths written, one a file, in order.

    A name is a file (`brochure.pdf`), a file in a language folder (`es/brochure.pdf`),
    or a file in a folder owned whole (`programme/index.html`, `es/programme/img/a.png`)
    when its folder's name is one of folders: such a folder is replaced as one unit, and
    the retired names may name one (`programme`, or a file in it). own: the file names
    (without a language folder) a build of brochure ever writes, besides these; folders,
    the folder names owned whole: a killed build's journal is trusted for those only.
    wait: at most how many seconds to wait for another build's lock (None: as long as it
    takes). amend: called once the lock is held (and a killed build's moves are put
    right), before anything is staged: new contents for some of files' names, made from
    the folder as it is then (the manifest, merged with what another build wrote since
    this one looked).

    Raises BuildError, with the folder as it was (and no folder left behind that this
    call made), when anything fails, or when the wait for the lock runs out (naming the
    holder); InterruptedAfterWriting when a signal held back during the moves arrives
    after them.
    """
    made = not there(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildError(f"cannot write to {folder}: {error.strerror or error}") from None
    units = frozenset(folders)
    try:
        items, inside = _plan(files, units)
        return _write_locked(
            folder,
            files,
            _retirable(retired, items, units, {*own, *_file_names(items)}),
            items,
            inside,
            own={*own, *_file_names(items)},
            folders=units | {item.leaf for item in items if item.unit},
            wait=wait,
            amend=amend,
        )
    except BuildError:
        if made:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty: nothing of anyone's is lost
        raise


@dataclass(frozen=True)
class _Item:
    """What one move moves: a file, or a folder owned whole (a unit)."""

    name: str
    """As the journal names it: `brochure.pdf`, `es/brochure.pdf`, `programme`."""
    language: str | None
    """Its language folder, if in one."""
    leaf: str
    """Its name in its folder."""
    unit: bool


def _item_of(name: str, folders: Collection[str]) -> tuple[_Item, str] | None:
    """The item a file name of a pack belongs to, and its path inside a unit ('' for a
    file); None for a name a pack does not write (a part that climbs, hides, or is
    empty; deeper than a language folder outside a unit)."""
    parts = name.split("/")
    if "\\" in name or "\0" in name or any(part in ("", ".", "..") for part in parts):
        return None
    if len(parts) == 1:  # the manifest is a hidden file of the pack
        return _Item(name, None, name, False), ""
    if any(part.startswith(".") for part in parts):
        return None
    for at in (0, 1):
        if len(parts) > at + 1 and parts[at] in folders:
            if len(parts) - at - 2 > MAX_UNIT_DEPTH:
                return None
            language = parts[0] if at else None
            unit = "/".join(parts[: at + 1])
            return _Item(unit, language, parts[at], True), "/".join(parts[at + 1 :])
    if len(parts) == 2:
        return _Item(name, parts[0], parts[1], False), ""
    return None


def _plan(
    files: Mapping[str, bytes], folders: Collection[str]
) -> tuple[list[_Item], dict[str, list[str]]]:
    """The items files make, in order, and each unit's files (by their names).

    Raises BuildError for a name no pack writes, or one both a file and a unit."""
    items: dict[str, _Item] = {}
    inside: dict[str, list[str]] = {}
    for name in files:
        found = _item_of(name, folders)
        if found is None or items.get(found[0].name, found[0]) != found[0]:
            raise BuildError(f"cannot write {name}: not a name of a pack's file")
        item, _ = found
        items[item.name] = item
        if item.unit:
            inside.setdefault(item.name, []).append(name)
    return list(items.values()), inside


def _file_names(items: Iterable[_Item]) -> set[str]:
    return {item.leaf for item in items if not item.unit}


def _trusted(
    name: object, own: Collection[str], folders: Collection[str], unit: bool
) -> _Item | None:
    """The item a journal or the retired list names, when it is one a pack writes: a
    file of own (a folder of folders, for a unit) at the top or in a language folder;
    None for anything else (anyone who can write in the folder can write a journal)."""
    if not isinstance(name, str):
        return None
    if not unit and name in own and "/" not in name:
        return _Item(name, None, name, False)
    parts = name.split("/")
    if (
        len(parts) > 2
        or "\\" in name
        or "\0" in name
        or any(part in ("", ".", "..") or part.startswith(".") for part in parts)
        or parts[-1] not in (folders if unit else own)
    ):
        return None
    return _Item(name, parts[0] if len(parts) == 2 else None, parts[-1], unit)


def _retirable(
    retired: Iterable[str], items: list[_Item], folders: Collection[str], own: Collection[str]
) -> list[_Item]:
    """The retired names as items, the pack's own only: a file, or a unit (named, or by
    one of its files: a unit goes whole), none the pack writes anew."""
    writing = {item.name for item in items}
    found: dict[str, _Item] = {}
    for name in retired:
        inner = _item_of(name, folders)
        unit = inner[0] if inner is not None and inner[0].unit else None
        item = (
            unit
            or _trusted(name, own, folders, unit=False)
            or _trusted(name, own, folders, unit=True)
        )
        if item is not None and item.name not in writing:
            found.setdefault(item.name, item)
    return list(found.values())


def _write_locked(
    path: Path,
    files: Mapping[str, bytes],
    retired: list[_Item],
    items: list[_Item],
    inside: Mapping[str, list[str]],
    own: Collection[str],
    folders: Collection[str],
    wait: float | None,
    amend: Callable[[], Mapping[str, bytes]] | None = None,
) -> list[Path]:
    with _locked(path, wait) as out:
        _recover(out, own, folders)
        if amend is not None:
            changed = amend()
            if not set(changed) <= set(files):
                raise BuildError(f"cannot write {sorted(set(changed) - set(files))}: not planned")
            files = {**files, **changed}
        try:
            staging = _make_staging(out)
        except OSError as error:
            raise BuildError(f"cannot write to {path}: {error.strerror or error}") from None
        place: At | None = out.at(staging.path.name)
        pending: set[int] = set()
        try:
            with staging, contextlib.ExitStack() as opened:
                # The journal marks the folder as brochure's from the start; its plan
                # comes just before the first move.
                _write_journal(staging, {"names": [], "had": {}})
                staged = _stage(staging, files, opened)
                languages, had, retired = _check_targets(out, items, retired, opened)
                plan = _journal_plan(items, retired, had, files, inside)
                with _signals_held() as pending:
                    _swap_in(out, staging, staged, items, retired, languages, had, plan, opened)
                    assert place is not None
                    place = _done(place)
            if pending:
                raise InterruptedAfterWriting([path / name for name in files])
            return [path / name for name in files]
        except _PartlyUndone:
            place = None  # it holds what could not be put back: never dropped
            raise BuildError(
                f"cannot write to {path}, and some previous files could not be put back "
                f"(said above: they are in {staging.path}); nothing was deleted"
            ) from None
        except OSError as error:
            raise BuildError(
                f"cannot write to {path}: {error.strerror or error}; "
                "the output folder was left as it was"
            ) from None
        finally:
            if place is not None:
                _drop(_done(place))


class _PartlyUndone(OSError):
    """A failed move whose undo could not put every previous file back."""


class _Changed(OSError):
    """Something in the output folder changed between brochure's look and its move."""

    def __init__(self, said: str) -> None:
        super().__init__(errno.EAGAIN, said)


def _make_staging(out: Folder) -> Folder:
    """A new staging folder in out, only this user's (0700), opened."""
    for _ in range(100):
        name = STAGING_PREFIX + secrets.token_hex(6)
        try:
            os.mkdir(name, 0o700, dir_fd=out.fd)
        except FileExistsError:
            continue
        staging = out.open(name)
        mode = os.fstat(staging.fd).st_mode
        if not staging.owned() or stat.S_IMODE(mode) & 0o077:
            staging.close()
            raise OSError(errno.EEXIST, "its staging folder was replaced while it was made")
        return staging
    raise OSError(errno.EEXIST, "no free name for a staging folder")


def _done(place: At) -> At:
    """Mark a staging folder as finished, in one atomic rename: a build killed while it is
    dropped leaves a done folder, which the next one only drops (its journal is no longer
    a plan: following it would undo a finished build)."""
    if not place.name.startswith(STAGING_PREFIX):
        return place
    done = place.folder.at(DONE_PREFIX + place.name[len(STAGING_PREFIX) :])
    try:
        bound.rename(place, done)
    except OSError:
        return place
    return done


def _write_journal(staging: Folder, plan: Mapping[str, object]) -> None:
    """The journal, replaced whole (a build killed while writing it leaves the last one)."""
    fresh = JOURNAL + ".new"
    with contextlib.suppress(FileNotFoundError):
        staging.unlink(fresh)
    staging.write(fresh, json.dumps(plan).encode(), 0o600)
    bound.rename(staging.at(fresh), staging.at(JOURNAL), replace=True)
    staging.sync()


def _stage(
    staging: Folder, files: Mapping[str, bytes], opened: contextlib.ExitStack
) -> dict[str | None, Folder]:
    """Write every file into staging, in its folders; the staging folder of each
    language (None: staging itself), left open."""
    made: dict[str, Folder] = {"": staging}
    for name, content in files.items():
        *parents, leaf = name.split("/")
        here, key = staging, ""
        for part in parents:
            key = f"{key}/{part}"
            if key not in made:
                made[key] = opened.enter_context(here.make(part))
            here = made[key]
        here.write(leaf, content)
    return {None: staging} | {
        key[1:]: folder for key, folder in made.items() if key and key.count("/") == 1
    }


def _check_targets(
    out: Folder, items: list[_Item], retired: list[_Item], opened: contextlib.ExitStack
) -> tuple[dict[str, Folder | None], dict[str, tuple[int, int] | None], list[_Item]]:
    """Before the first move: each language folder opened (None: to be made), what each
    target is now (device and inode; None: nothing), and the retired items that are
    there to remove. Raises BuildError when a target cannot be replaced as it is."""
    languages: dict[str, Folder | None] = {}
    blocked: set[str] = set()
    for language in dict.fromkeys(i.language for i in [*items, *retired] if i.language):
        found = out.entry(language)
        if found is None:
            languages[language] = None
            continue
        if stat.S_ISDIR(found.st_mode):
            with contextlib.suppress(OSError):  # a link or a file since the look
                languages[language] = opened.enter_context(out.open(language))
                continue
        blocked.add(language)
    had: dict[str, tuple[int, int] | None] = {}
    for item in items:
        target = out.path / item.name
        if item.language in blocked:
            raise BuildError(
                f"cannot write {target}: {item.language} in {out.path} is not a folder; "
                "the output folder was left as it was"
            )
        parent = out if item.language is None else languages[item.language]
        found = parent.entry(item.leaf) if parent is not None else None
        if found is not None and stat.S_ISDIR(found.st_mode):
            if not item.unit:
                raise BuildError(
                    f"cannot write {target}: a folder of that name is in the way; "
                    "the output folder was left as it was"
                )
            if found.st_uid != os.geteuid():
                raise BuildError(
                    f"cannot write {target}: another user's folder of that name is in the "
                    "way (brochure replaces only a folder of your own); the output folder "
                    "was left as it was"
                )
        had[item.name] = None if found is None else (found.st_dev, found.st_ino)
    removable = []
    for item in retired:
        parent = out if item.language is None else languages.get(item.language)
        found = parent.entry(item.leaf) if parent is not None else None
        if found is None:
            continue
        # Only files (or links) are retired as files, and only folders of the user's
        # own as units; never through a link.
        if (
            stat.S_ISDIR(found.st_mode) and found.st_uid == os.geteuid()
            if item.unit
            else stat.S_ISREG(found.st_mode) or stat.S_ISLNK(found.st_mode)
        ):
            had[item.name] = (found.st_dev, found.st_ino)
            removable.append(item)
    return languages, had, removable


def _journal_plan(
    items: list[_Item],
    retired: list[_Item],
    had: Mapping[str, tuple[int, int] | None],
    files: Mapping[str, bytes],
    inside: Mapping[str, list[str]],
) -> dict[str, object]:
    """What the journal says before the first move: every name moved, whether something
    was there, and what each new file or unit holds (its SHA-256 and size): recovery
    removes what was not there before only while it is still what this build moved in."""
    digests, sizes = {}, {}
    for item in items:
        if item.unit:
            contents = {
                name.split("/", item.name.count("/") + 1)[-1]: files[name]
                for name in inside[item.name]
            }
            digests[item.name] = _tree_digest(
                {path: hashlib.sha256(content).hexdigest() for path, content in contents.items()}
            )
            sizes[item.name] = sum(len(content) for content in contents.values())
        else:
            digests[item.name] = hashlib.sha256(files[item.name]).hexdigest()
            sizes[item.name] = len(files[item.name])
    everything = [*items, *retired]
    return {
        "names": [item.name for item in everything],
        "had": {item.name: had.get(item.name) is not None for item in everything},
        "units": [item.name for item in everything if item.unit],
        "sha256": digests,
        "size": sizes,
    }


def _tree_digest(files: Mapping[str, str]) -> str:
    """One SHA-256 for a folder's files (path inside it -> their SHA-256)."""
    return hashlib.sha256(json.dumps(sorted(files.items())).encode()).hexdigest()


def _swap_in(
    out: Folder,
    staging: Folder,
    staged: Mapping[str | None, Folder],
    items: list[_Item],
    retired: list[_Item],
    languages: dict[str, Folder | None],
    had: Mapping[str, tuple[int, int] | None],
    plan: Mapping[str, object],
    opened: contextlib.ExitStack,
) -> None:
    """Move the previous files aside into staging, the new ones into the output folder
    (and the retired ones aside for good); undo every move made so far if one fails.
    Renames within one file system are atomic; the journal lets the next build undo them
    if this process dies half way. Every move is made in the folders opened before."""
    aside = opened.enter_context(staging.make(PREVIOUS))
    aside_in: dict[str | None, Folder] = {None: aside}
    _write_journal(staging, plan)
    undo: list[tuple[At, At, tuple[int, int] | None]] = []  # (moved to, came from, what)
    made: list[tuple[str, tuple[int, int]]] = []  # language folders this build made
    removing = {item.name for item in retired}
    try:
        for item in [*items, *retired]:
            parent = out if item.language is None else languages[item.language]
            before = had[item.name]
            if before is not None:
                assert parent is not None
                if item.language not in aside_in:
                    aside_in[item.language] = opened.enter_context(
                        aside.make(item.language or PREVIOUS)
                    )
                moved = aside_in[item.language].at(item.leaf)
                bound.rename(parent.at(item.leaf), moved)  # the slot in staging is new
                undo.append((moved, parent.at(item.leaf), None))
                now = moved.entry()
                if now is None or (now.st_dev, now.st_ino) != before:
                    raise _Changed(f"{out.path / item.name} changed while brochure was writing")
            if item.name in removing:
                continue
            if parent is None:
                assert item.language is not None
                try:
                    parent = opened.enter_context(out.make(item.language))
                except OSError:
                    raise _Changed(
                        f"{item.language} in {out.path} was made by someone else while "
                        "brochure was writing"
                    ) from None
                languages[item.language] = parent
                fresh = os.fstat(parent.fd)
                made.append((item.language, (fresh.st_dev, fresh.st_ino)))
            source = staged[item.language].at(item.leaf)
            ours = source.entry()
            assert ours is not None
            try:
                bound.rename(source, parent.at(item.leaf))
            except FileExistsError:
                raise _Changed(
                    f"{out.path / item.name} appeared while brochure was writing; it was "
                    "left as it is"
                ) from None
            undo.append((parent.at(item.leaf), source, (ours.st_dev, ours.st_ino)))
        # Every move went into the folders opened; they must still be where the paths
        # the build reports say (a language folder renamed away and replaced by a link
        # meanwhile would leave the pack elsewhere): else it is all undone.
        for language, opened_language in languages.items():
            if opened_language is not None and not _same(out.entry(language), opened_language):
                raise _Changed(f"{language} in {out.path} was replaced while brochure was writing")
        if not _same(_stat(out.path), out):
            raise _Changed(f"{out.path} was replaced while brochure was writing")
        out.sync()
        for opened_language in languages.values():
            if opened_language is not None:
                opened_language.sync()
    except OSError as error:
        whole = _undo(undo)
        for language, identity in reversed(made):
            _remove_if_empty(out, language, identity)
        if not whole:
            raise _PartlyUndone(error.errno, error.strerror) from None
        raise
    for item in retired:  # a language folder the pack no longer has, if now empty
        if item.language is not None:
            with contextlib.suppress(OSError):
                out.rmdir(item.language)


def _same(found: os.stat_result | None, folder: Folder) -> bool:
    """Whether found is the folder opened."""
    opened = os.fstat(folder.fd)
    return found is not None and (found.st_dev, found.st_ino) == (opened.st_dev, opened.st_ino)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _remove_if_empty(out: Folder, name: str, identity: tuple[int, int]) -> None:
    """Remove the empty folder name this build made, if it is still that folder."""
    found = out.entry(name)
    if found is not None and (found.st_dev, found.st_ino) == identity:
        with contextlib.suppress(OSError):
            out.rmdir(name)


def _undo(moves: list[tuple[At, At, tuple[int, int] | None]]) -> bool:
    """Make moves backwards, newest first, each only while what it moved is still there
    (never over anything); whether every one was made."""
    whole = True
    for moved_to, came_from, identity in reversed(moves):
        try:
            if identity is not None:
                found = moved_to.entry()
                if found is None or (found.st_dev, found.st_ino) != identity:
                    raise OSError(errno.EAGAIN, "it changed since brochure moved it there")
            bound.rename(moved_to, came_from)
        except OSError as error:  # nothing more can be done; say exactly what is where
            log.error(
                "could not put %s back at %s: %s", moved_to.path, came_from.path, error.strerror
            )
            whole = False
    return whole


def settle(folder: Path, own: Collection[str], folders: Collection[str] = ()) -> None:
    """Recover (below) what killed builds left in folder, when there is anything to
    recover and no other build holds its lock (that build leaves the folder whole, and
    the write that follows recovers under the lock): before a build reads what the
    folder holds. Never waits."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    if not any(name.startswith((STAGING_PREFIX, DONE_PREFIX)) for name in names):
        return
    try:
        out = _open_output(folder)
    except BuildError:
        return
    with out:
        try:
            fcntl.flock(out.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.debug("another build is writing into %s; it is left to it", folder)
            return
        _recover(out, own, folders)


def recover(folder: Path, own: Collection[str], folders: Collection[str] = ()) -> None:
    """Put back the previous pack a killed build left half-moved, and clear the staging
    folders killed builds left. Called with the folder's lock held: no other build is
    writing, so every staging folder is abandoned. Only folders marked with brochure's
    journal are touched (a folder of the user's that happens to share the name is not),
    and a journal is trusted only for the pack's own names (own, a file name, or
    folders, a folder owned whole; with or without a language folder: anyone who can
    write in the output folder can write a journal), moved only within staging folders
    and the output folder, never through a link, never over anything but what the
    killed build moved in, and only when the staging folder and its journal belong to
    this user. Done folders (finished builds killed while dropping them) are dropped,
    nothing followed. A staging folder whose previous files cannot all be put back is
    kept, and said.
    """
    with _open_output(folder) as out:
        _recover(out, own, folders)


def _recover(out: Folder, own: Collection[str], folders: Collection[str]) -> None:
    try:
        names = out.names()
    except OSError:
        return
    for name in names:
        # Marked as brochure's by its journal (dropped last: _drop), as staging folders
        # are: a folder of the user's that happens to share the name stays.
        if name.startswith(DONE_PREFIX) and _marked(out, name):
            _drop(out.at(name))
    for name in names:
        if name.startswith(STAGING_PREFIX):
            _recover_staging(out, name, own, folders)


def _recover_staging(
    out: Folder, name: str, own: Collection[str], folders: Collection[str]
) -> None:
    try:
        staging = out.open(name)
    except OSError:
        return  # a link or a file: not brochure's
    with staging, contextlib.ExitStack() as opened:
        journal = staging.entry(JOURNAL)
        if journal is None or not stat.S_ISREG(journal.st_mode):
            return
        if not staging.owned() or journal.st_uid != os.geteuid():
            log.warning(
                "left %s alone: another user's build made it; they (or an administrator) "
                "should look inside and delete it",
                staging.path,
            )
            return
        try:
            if journal.st_size > MAX_JOURNAL:
                raise ValueError("too large")
            plan = json.loads(staging.read(JOURNAL, MAX_JOURNAL + 1))
            names, had = list(plan["names"]), dict(plan["had"])
            units = set(plan.get("units") or ())
            digests = dict(plan.get("sha256") or {})
            sizes = dict(plan.get("size") or {})
            items = [_trusted(n, own, folders, unit=n in units) for n in names]
            if None in items or not units <= set(names):
                raise ValueError("a name that is not the pack's")
            aside = (
                opened.enter_context(staging.open(PREVIOUS))
                if staging.entry(PREVIOUS) is not None
                else None
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            log.warning(
                "left %s alone: its journal cannot be trusted; a killed build's previous "
                "files may be in it: take what you need, then delete it",
                staging.path,
            )
            return
        restored, kept = False, False
        for item in items:
            assert item is not None
            size = sizes.get(item.name)
            try:
                restored |= _put_back(
                    out,
                    staging,
                    aside,
                    item,
                    bool(had.get(item.name)),
                    digests.get(item.name),
                    size if isinstance(size, int) else None,
                )
            except OSError as error:  # say what could not be put back; go on with the rest
                log.error("could not put back %s: %s", out.path / item.name, error.strerror)
                kept = True
    # A language folder the killed build made (nothing was in it before) and left
    # empty, whether or not it moved anything into it.
    for language in {item.language for item in items if item and item.language} - {
        item.language for item in items if item and had.get(item.name)
    }:
        with contextlib.suppress(OSError):
            out.rmdir(language)
    if restored:
        log.warning(
            "%s: put back the pack a build that was killed while writing left half moved",
            out.path,
        )
    if kept:
        log.warning(
            "left %s: it holds previous files that could not be put back (said above): "
            "take what you need, then delete it",
            out.path / name,
        )
        return
    _drop(_done(out.at(name)))


def _put_back(
    out: Folder,
    staging: Folder,
    aside: Folder | None,
    item: _Item,
    had: bool,
    digest: object,
    size: int | None,
) -> bool:
    """Undo one move of a killed build: its previous file (or unit) back in place, or
    what it moved in where nothing was removed; whether anything moved. Only what the
    killed build moved in is moved out of the way (its SHA-256 and size as the journal
    says). Raises OSError when the previous one cannot go back."""
    with contextlib.ExitStack() as opened:

        def within(folder: Folder | None) -> Folder | None:
            if folder is None or item.language is None:
                return folder
            if folder.entry(item.language) is None:
                return None
            return opened.enter_context(folder.open(item.language))  # never a link

        previous_in = within(aside)
        previous = previous_in.entry(item.leaf) if previous_in is not None else None
        parent = within(out)
        target = parent.entry(item.leaf) if parent is not None else None
        new_in = within(staging)
        new = new_in.entry(item.leaf) if new_in is not None else None
        moved_in = (
            target is not None
            and parent is not None
            and isinstance(digest, str)
            and _holds(parent, item, size) == digest
        )
        if previous is not None:
            assert previous_in is not None
            if parent is None:
                raise OSError(errno.ENOENT, f"{item.language} is no longer in {out.path}")
            if target is not None:
                if not moved_in:
                    raise OSError(errno.EEXIST, "something else is there now")
                assert target is not None
                _move_out(parent.at(item.leaf), staging, (target.st_dev, target.st_ino))
            bound.rename(previous_in.at(item.leaf), parent.at(item.leaf))
            return True
        if not had and moved_in and new is None and parent is not None:
            assert target is not None
            _move_out(parent.at(item.leaf), staging, (target.st_dev, target.st_ino))
            return True
        return False


def _move_out(place: At, staging: Folder, identity: tuple[int, int]) -> None:
    """Move what a killed build moved in into its staging folder (dropped with it),
    checking it is what was looked at (else it goes back, and OSError)."""
    moved = staging.at(".moved-in-" + secrets.token_hex(6))
    bound.rename(place, moved)
    found = moved.entry()
    if found is None or (found.st_dev, found.st_ino) != identity:
        bound.rename(moved, place)
        raise OSError(errno.EAGAIN, "it changed while brochure was putting it back")


def _holds(folder: Folder, item: _Item, size: int | None) -> str | None:
    """The SHA-256 of the file item in folder, or of the unit's files (_tree_digest);
    None when it is not one (a link, a pipe, another size than size says)."""
    if not item.unit:
        return folder.sha256(item.leaf, size)
    try:
        with folder.open(item.leaf) as unit:
            # sizes first: nothing is read of a folder that is not the one moved in
            total = 0
            for _, holder, leaf in unit.files(MAX_UNIT_DEPTH):
                found = holder.entry(leaf)
                if found is None or not stat.S_ISREG(found.st_mode):
                    return None
                total += found.st_size
            if size is not None and total != size:
                return None
            digests = {}
            for path, holder, leaf in unit.files(MAX_UNIT_DEPTH):
                digest = holder.sha256(leaf)
                if digest is None:
                    return None
                digests[path] = digest
    except OSError:
        return None
    return _tree_digest(digests)


def _drop(place: At) -> None:
    """Remove a staging or done folder (this user's, opened without following a link),
    its journal last: a build killed half way through leaves a folder still marked as
    brochure's, which the next one drops."""
    try:
        staging = place.folder.open(place.name)
    except OSError:
        return
    with staging:
        if not staging.owned():
            return
        try:
            children = [name for name in staging.names() if name != JOURNAL]
        except OSError:
            children = []
        for child in children:
            found = staging.entry(child)
            with contextlib.suppress(OSError):
                if found is not None and stat.S_ISDIR(found.st_mode):
                    staging.remove_tree(child)
                else:
                    staging.unlink(child)
        with contextlib.suppress(OSError):
            staging.unlink(JOURNAL)
    with contextlib.suppress(OSError):
        place.folder.rmdir(place.name)


def _marked(out: Folder, name: str) -> bool:
    """Whether the folder name in out is this user's and holds brochure's journal (a
    regular file of the user's own)."""
    try:
        with out.open(name) as folder:
            journal = folder.entry(JOURNAL)
            return (
                folder.owned()
                and journal is not None
                and stat.S_ISREG(journal.st_mode)
                and journal.st_uid == os.geteuid()
            )
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


def pack_name(folder: Path, name: str, folders: Collection[str] = ()) -> bool:
    """True when name is one a build writes into folder: a plain file name or LANG/name,
    or a file inside a folder owned whole (one of folders: `programme/index.html`,
    `es/programme/img/a.png`), with no part that climbs out, hides, or passes through a
    symbolic link. A journal or a manifest is only trusted as far as this: anyone who
    can write into the output folder can write one."""
    found = _item_of(name, folders)
    if found is None or name.startswith("."):
        return False
    return "/" not in name or not (folder / name.split("/")[0]).is_symlink()


def _open_output(folder: Path) -> Folder:
    """The output folder, opened once: never through another user's link (a link of the
    user's own is theirs to make).

    Raises BuildError."""
    try:
        return Folder(os.open(folder, bound.OPEN_FOLDER), folder)
    except OSError as error:
        failure = error
    try:
        link = os.lstat(folder)
    except OSError:
        link = None
    if link is None or not stat.S_ISLNK(link.st_mode):
        raise BuildError(f"cannot write to {folder}: {failure.strerror or failure}") from None
    if link.st_uid != os.geteuid():
        raise BuildError(
            f"cannot write to {folder}: it is a link another user made; brochure writes "
            "into a real folder, or through a link of your own"
        )
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as error:
        raise BuildError(f"cannot write to {folder}: {error.strerror or error}") from None
    again = os.lstat(folder)
    if (again.st_ino, again.st_uid) != (link.st_ino, link.st_uid):
        os.close(descriptor)
        raise BuildError(f"cannot write to {folder}: it changed while brochure opened it")
    return Folder(descriptor, folder)


@contextlib.contextmanager
def _locked(folder: Path, wait: float | None = None) -> Iterator[Folder]:
    """The output folder, opened (_open_output) and holding its exclusive lock (flock on
    the folder itself, so no lock file is left in it): a second build into the same
    folder waits its turn, at most wait seconds (locks.take)."""
    with _open_output(folder) as out:
        locks.take(out, wait, STAGING_PREFIX)
        yield out  # closing it releases the lock


@contextlib.contextmanager
def _signals_held() -> Iterator[set[int]]:
    """Hold back Ctrl-C and termination while files move. What arrived meanwhile is
    taken off the queue (yielded set): the caller says the pack was written whole.

    In the main thread the signals are caught and recorded, not blocked: a process with
    other threads (a progress display's, a test runner's) may have a signal delivered to
    any of them, and Python runs its handler in the main thread whichever it was, so a
    mask on this thread alone would not hold it back. Elsewhere (no handler can be set
    there) they are blocked in this thread."""
    if threading.current_thread() is not threading.main_thread():
        yield from _signals_blocked()
        return
    pending: set[int] = set()

    def record(number: int, frame: object) -> None:
        pending.add(number)

    previous = {number: signal.signal(number, record) for number in HELD_SIGNALS}
    try:
        yield pending
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _signals_blocked() -> Iterator[set[int]]:
    """_signals_held by this thread's signal mask (for a thread that is not the main one)."""
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
