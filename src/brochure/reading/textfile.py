"""Read an input file as text, within a size limit, or say plainly why not."""

from __future__ import annotations

import codecs
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
    encoding = encoding_of(raw[:4])
    if encoding is None and b"\x00" in raw:
        raise InputError([Problem(start, "", binary_or_utf16(raw))])
    try:
        return raw.decode(encoding or "utf-8-sig")
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


#: Byte-order marks, longest first (UTF-32's little-endian mark begins like UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def encoding_of(head: bytes) -> str | None:
    """The encoding a byte-order mark at the start of head declares (its codec drops the
    mark), or None. Windows' "Unicode" (UTF-16 with a mark) is unambiguous text."""
    for mark, encoding in _BOMS:
        if head.startswith(mark):
            return encoding
    return None


def binary_or_utf16(head: bytes) -> str:
    """Why text with zero bytes and no byte-order mark cannot be read."""
    sample = head[:4096]
    if len(sample) > 8 and (
        sample[1::2].count(0) > len(sample) // 3 or sample[0::2].count(0) > len(sample) // 3
    ):
        return "this looks like UTF-16 text without a byte-order mark; save it as UTF-8"
    return "this is a binary file, not text"
