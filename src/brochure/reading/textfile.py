"""Read an input file as text, within a size limit, or say plainly why not."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from brochure.errors import InputError, Location, Problem


def read_text(path: Path, label: str, limit: int) -> str:
    """The UTF-8 text of the file at path (a BOM is dropped); InputError otherwise.

    label is how messages name the file; limit is the largest size read, in bytes.
    """
    start = Location(label, 1, 1)
    try:
        raw = read_regular_file(path, limit + 1)
    except FileNotFoundError:
        raise InputError([Problem(None, "", f"{label}: no such file")]) from None
    except IsADirectoryError:
        raise InputError([Problem(None, "", f"{label}: is a folder, not a file")]) from None
    except NotARegularFile:
        raise InputError(
            [Problem(None, "", f"{label}: is not a regular file (a pipe or a device?)")]
        ) from None
    except OSError as error:
        raise InputError([Problem(None, "", f"{label}: cannot read ({error.strerror})")]) from None
    if len(raw) > limit:
        raise InputError(
            [Problem(start, "", f"the file is larger than the limit of {limit // 1024:,} KiB")]
        )
    if not raw.strip():
        raise InputError([Problem(start, "", "the file is empty")])
    if b"\x00" in raw:
        raise InputError([Problem(start, "", "this is a binary file, not text")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError(
            [Problem(Location(label, line, column), "", "not UTF-8 text; save the file as UTF-8")]
        ) from None


class NotARegularFile(OSError):
    """A pipe, a device or a socket where a file was expected."""


def read_regular_file(path: Path, most: int) -> bytes:
    """Up to `most` bytes of the regular file at path (symbolic links followed).

    Opened without blocking, then checked: a FIFO named as the event file would
    otherwise wait forever for a writer. Raises NotARegularFile, or OSError.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            if stat.S_ISDIR(os.fstat(descriptor).st_mode):
                raise IsADirectoryError(path)
            raise NotARegularFile(path)
        chunks = []
        remaining = most
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)
