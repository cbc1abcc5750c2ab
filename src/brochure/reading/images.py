"""Check image files before any renderer decodes them: kind, bytes and pixels."""

from __future__ import annotations

import struct
from pathlib import Path

#: Largest image file, in bytes.
MAX_IMAGE_BYTES = 10 * 1024 * 1024
#: Most pixels an image may decode to (a 10 MB PNG can hold a 40 GB bitmap).
MAX_IMAGE_PIXELS = 40_000_000


class ImageError(ValueError):
    """An image that is not what its name says, or over a limit."""


def check_image(path: Path) -> None:
    """Raise ImageError unless path is a PNG, JPEG or SVG within the limits."""
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        raise ImageError(
            f"is {size / 2**20:.1f} MiB; images are limited to {MAX_IMAGE_BYTES // 2**20} MiB"
        )
    with path.open("rb") as stream:
        head = stream.read(64 * 1024)
    suffix = path.suffix.lower()
    if suffix == ".svg":
        if b"<svg" not in head and b"<SVG" not in head:
            raise ImageError("is named .svg but is not an SVG image")
        if b"<!ENTITY" in head:
            raise ImageError("is an SVG that declares entities; save it without them")
        return
    if suffix == ".png":
        dimensions = _png_size(head)
    elif suffix in (".jpg", ".jpeg"):
        dimensions = _jpeg_size(path)
    else:
        raise ImageError("is not an SVG, PNG or JPEG file")
    if dimensions is None:
        raise ImageError(f"is named {suffix} but is not a readable {suffix[1:].upper()} image")
    width, height = dimensions
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageError(
            f"is {width:,} x {height:,} pixels; images are limited to "
            f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels"
        )


def _png_size(head: bytes) -> tuple[int, int] | None:
    if not head.startswith(b"\x89PNG\r\n\x1a\n") or head[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def _jpeg_size(path: Path) -> tuple[int, int] | None:
    """Width and height from a JPEG's start-of-frame marker."""
    data = path.read_bytes()
    if not data.startswith(b"\xff\xd8"):
        return None
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            index += 2
            continue
        length = struct.unpack(">H", data[index + 2 : index + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return width, height
        index += 2 + length
    return None
