"""Folders opened once, and every name looked up in the folder as it was opened.

A path is looked up anew each time it is used: in a folder shared with another user, a
name checked a moment ago (`es/`, a folder) may be a link to anywhere by the time it is
written through. A Folder holds an open descriptor (O_DIRECTORY | O_NOFOLLOW), and every
lookup, rename, mkdir and unlink below it is made relative to that descriptor (the
*at() system calls, as os.rename(..., src_dir_fd=...) gives them): bound to the folder
that was checked, wherever it is moved since and whatever takes its name. Renames that
must not replace anything use renameat2(RENAME_NOREPLACE) (Linux 3.15), so a file that
appears meanwhile is never overwritten.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import shutil
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: How a folder is opened: never through a link, never a file.
OPEN_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
#: renameat2's flag (linux/fs.h): fail with EEXIST rather than replace the target.
RENAME_NOREPLACE = 1


class Folder:
    """An open folder; path is how messages name it (the path it was opened by)."""

    def __init__(self, descriptor: int, path: Path) -> None:
        self.fd = descriptor
        self.path = path

    def __enter__(self) -> Folder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = -1

    def at(self, name: str) -> At:
        return At(self, name)

    def entry(self, name: str) -> os.stat_result | None:
        """What name is in this folder (a link not followed); None when nothing is."""
        try:
            return os.stat(name, dir_fd=self.fd, follow_symlinks=False)
        except FileNotFoundError:
            return None

    def names(self) -> list[str]:
        return os.listdir(self.fd)

    def open(self, name: str) -> Folder:
        """The folder name in this one, opened; OSError (ENOTDIR) when it is a link or a
        file, FileNotFoundError when it is not there."""
        return Folder(os.open(name, OPEN_FOLDER, dir_fd=self.fd), self.path / name)

    def make(self, name: str, mode: int = 0o777) -> Folder:
        """A new folder name in this one (FileExistsError when anything has that name),
        opened; OSError when what was opened is not the folder just made (another user
        replaced it in between)."""
        os.mkdir(name, mode, dir_fd=self.fd)
        made = self.open(name)
        if os.fstat(made.fd).st_uid != os.geteuid():
            made.close()
            raise OSError(errno.EEXIST, "another user's folder took its place", str(made.path))
        return made

    def owned(self) -> bool:
        """Whether this folder belongs to the user this process runs as."""
        return os.fstat(self.fd).st_uid == os.geteuid()

    def unlink(self, name: str) -> None:
        os.unlink(name, dir_fd=self.fd)

    def rmdir(self, name: str) -> None:
        """Remove the folder name when it is empty (a link or a file is not removed)."""
        os.rmdir(name, dir_fd=self.fd)

    def remove_tree(self, name: str) -> None:
        """Remove the folder name and all in it, links inside removed, never followed."""
        shutil.rmtree(name, dir_fd=self.fd)

    def sync(self) -> None:
        """Flush the folder's entries, so renames into it survive a power cut."""
        os.fsync(self.fd)

    def write(self, name: str, content: bytes, mode: int = 0o666) -> None:
        """A new file name in this folder holding content, flushed to disk; never
        through a link, never over anything (FileExistsError)."""
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        descriptor = os.open(name, flags, mode, dir_fd=self.fd)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())

    def read(self, name: str, limit: int) -> bytes:
        """At most limit bytes of the regular file name (a link, a pipe or a device is
        refused with OSError, and a pipe is never waited on)."""
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        descriptor = os.open(name, flags, dir_fd=self.fd)
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise OSError(errno.EINVAL, "not a regular file", name)
            return stream.read(limit)

    def sha256(self, name: str, size: int | None = None) -> str | None:
        """The SHA-256 of the regular file name (a link not followed); None for anything
        else, when it cannot be read, or when size is given and the file has another
        (nothing is read then)."""
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        try:
            descriptor = os.open(name, flags, dir_fd=self.fd)
        except OSError:
            return None
        try:
            found = os.fstat(descriptor)
            if not stat.S_ISREG(found.st_mode) or (size is not None and found.st_size != size):
                return None
            with os.fdopen(descriptor, "rb", closefd=False) as stream:
                return hashlib.file_digest(stream, "sha256").hexdigest()
        except OSError:
            return None
        finally:
            os.close(descriptor)

    def files(self, depth: int) -> Iterator[tuple[str, Folder, str]]:
        """Every entry below this folder that is not a folder, as (path inside it, the
        folder holding it, its name there), folders at most depth deep; links are
        entries, never followed. Each folder is open only until the walk leaves it: use
        an entry before the next. OSError when something is deeper."""
        for name in sorted(self.names()):
            found = self.entry(name)
            if found is not None and stat.S_ISDIR(found.st_mode):
                if depth <= 0:
                    raise OSError(errno.ELOOP, "folders too deep", str(self.path / name))
                with self.open(name) as inner:
                    for path, folder, leaf in inner.files(depth - 1):
                        yield f"{name}/{path}", folder, leaf
            else:
                yield name, self, name


@dataclass(frozen=True)
class At:
    """A name in an open folder: where a rename goes from or to."""

    folder: Folder
    name: str

    @property
    def path(self) -> Path:
        return self.folder.path / self.name

    def __fspath__(self) -> str:  # messages and tests name it by its path
        return str(self.path)

    def entry(self) -> os.stat_result | None:
        return self.folder.entry(self.name)


def rename(source: At, target: At, replace: bool = False) -> None:
    """Move source to target, each bound to its open folder; over whatever target is
    only when replace is true (otherwise FileExistsError when anything is there)."""
    if replace:
        os.replace(
            source.name, target.name, src_dir_fd=source.folder.fd, dst_dir_fd=target.folder.fd
        )
        return
    try:
        _renameat2(source, target, RENAME_NOREPLACE)
    except OSError as error:
        if error.errno not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise
        _rename_without_replacing(source, target)


_LIBC = ctypes.CDLL(None, use_errno=True)


def _renameat2(source: At, target: At, flags: int) -> None:
    call = getattr(_LIBC, "renameat2", None)
    if call is None:  # a C library older than glibc 2.28
        raise OSError(errno.ENOSYS, "renameat2 is missing")
    done = call(
        source.folder.fd,
        os.fsencode(source.name),
        target.folder.fd,
        os.fsencode(target.name),
        ctypes.c_uint(flags),
    )
    if done != 0:
        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number), os.fspath(target))


def _rename_without_replacing(source: At, target: At) -> None:
    """Where the file system cannot rename without replacing (some network and FUSE
    file systems): a file is linked in (link fails when the name is taken) and its old
    name removed; a folder is renamed after a look (rename puts a folder only over an
    empty folder, so nothing in one is lost)."""
    found = source.entry()
    if found is not None and not stat.S_ISDIR(found.st_mode):
        try:
            os.link(
                source.name,
                target.name,
                src_dir_fd=source.folder.fd,
                dst_dir_fd=target.folder.fd,
                follow_symlinks=False,
            )
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                raise
        else:
            source.folder.unlink(source.name)
            return
    if target.entry() is not None:
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), os.fspath(target))
    os.rename(source.name, target.name, src_dir_fd=source.folder.fd, dst_dir_fd=target.folder.fd)
