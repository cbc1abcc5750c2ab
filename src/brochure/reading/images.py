"""The one gate every image passes before it reaches a page: kind, bytes and pixels.

Whatever brings an image (a logo file, a layout's CSS, an SVG's `<image>` pointing at a
file beside it or at a `data:` URL, an SVG nested in an SVG), the same checks apply:

- its kind is read from its content, never its name: PNG, JPEG or SVG, nothing else;
- at most MAX_IMAGE_BYTES bytes and MAX_IMAGE_PIXELS pixels (a 10 MB PNG can hold a
  40 GB bitmap), read from the header before anything is decoded;
- an SVG is XML with no entity declarations anywhere (defusedxml refuses them) and every
  image it refers to passes this gate too, to a bounded depth;
- a truncated raster is a warning (it would print incomplete), not a refusal.
"""

from __future__ import annotations

import base64
import io
import itertools
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeXML
from PIL import Image, ImageFile

#: Largest image file, in bytes.
MAX_IMAGE_BYTES = 10 * 1024 * 1024
#: Most pixels an image may decode to.
MAX_IMAGE_PIXELS = 40_000_000
#: How deeply SVGs may refer to images that are SVGs referring to images...
MAX_DEPTH = 3
#: Most images one SVG may refer to.
MAX_REFERENCES = 64

# Pillow (which WeasyPrint decodes rasters with) refuses bigger images outright.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

_SVG = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
#: Most shapes one SVG may draw, its `<use>` copies counted: a small file can repeat a
#: group of groups a million times.
MAX_SHAPES = 50_000
#: Font files by their first bytes: served to layouts as they are, never images.
_FONT_MAGIC = (b"wOFF", b"wOF2", b"OTTO", b"\x00\x01\x00\x00", b"true", b"ttcf")

Resolve = Callable[[str], bytes]
"""Bytes of an image an SVG refers to (a relative file name); ImageError when it may not
be read (outside the allowed folders, missing)."""


class ImageError(ValueError):
    """An image that is not what its name says, or over a limit."""


class UnreadableImage(ImageError):
    """Bytes that are no image brochure can read at all."""


@dataclass(frozen=True)
class ImageInfo:
    """What the gate found: the kind (png, jpeg, svg), the size in pixels of a raster,
    and warnings (a truncated file) that do not refuse it."""

    kind: str
    width: int | None = None
    height: int | None = None
    warnings: tuple[str, ...] = ()


def check_image(path: Path, resolve: Resolve | None = None) -> ImageInfo:
    """Check the image file at path, named as it is (.svg, .png, .jpg, .jpeg).

    resolve reads the files an SVG refers to; without it an SVG may refer to none.
    Raises ImageError.
    """
    expected = KIND_OF_SUFFIX.get(path.suffix.lower())
    if expected is None:
        raise ImageError("is not an SVG, PNG or JPEG file")
    _check_size(path.stat().st_size)
    try:
        info = inspect(path.read_bytes(), resolve)
    except UnreadableImage:
        what = "an SVG" if expected == "svg" else f"a readable {path.suffix[1:].upper()}"
        raise ImageError(f"is named {path.suffix} but is not {what} image") from None
    check_name(path.name, info)
    return info


def inspect(data: bytes, resolve: Resolve | None = None, depth: int = 0) -> ImageInfo:
    """The kind and size of an image given as bytes; ImageError when the gate refuses it."""
    _check_size(len(data))
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        return _raster(data)
    if _markup(data):
        return _svg(data, resolve, depth)
    if _opens_as_raster(data):
        raise ImageError("is an image of a kind brochure does not print; use SVG, PNG or JPEG")
    raise UnreadableImage("is not a readable SVG, PNG or JPEG image")


def looks_like_image(data: bytes) -> bool:
    """Whether data may be taken for an image: a raster of any kind, or markup (which an
    SVG renderer would parse). Stylesheets and fonts are neither."""
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        return True
    return _markup(data) or _opens_as_raster(data)


def _markup(data: bytes) -> bool:
    """Whether data is markup: its first character, after any byte-order mark and white
    space, is `<`, in UTF-8, UTF-16 or UTF-32 (with or without a mark), as an XML parser
    would read it."""
    if data.startswith(_FONT_MAGIC):
        return False
    for encoding, mark in (
        ("utf-32", (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")),
        ("utf-16", (b"\xff\xfe", b"\xfe\xff")),
    ):
        if data.startswith(mark):
            head = data[:4096].decode(encoding, errors="ignore")
            return head.lstrip("\ufeff \t\r\n\x0c").startswith("<")
    if b"\x00" in data[:4]:  # UTF-16 or UTF-32 with no mark: look at the other bytes
        wide = data[:4096].replace(b"\x00", b"")
        return wide.lstrip(b" \t\r\n\x0c").startswith(b"<")
    return data.lstrip(b"\xef\xbb\xbf \t\r\n\x0c").startswith(b"<")


KIND_OF_SUFFIX = {".svg": "svg", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg"}
"""What an image's name says it is."""


def check_name(name: str, info: ImageInfo) -> None:
    """Raise ImageError when a file named like an image (`.svg`) holds another kind."""
    suffix = Path(name).suffix.lower()
    expected = KIND_OF_SUFFIX.get(suffix)
    if expected and info.kind != expected:
        raise ImageError(
            f"is named {suffix} but is a {info.kind.upper()} image; "
            "give it the right name or save it again"
        )


def _check_size(size: int) -> None:
    if size > MAX_IMAGE_BYTES:
        raise ImageError(
            f"is {size / 2**20:.1f} MiB; images are limited to {MAX_IMAGE_BYTES // 2**20} MiB"
        )


def _opens_as_raster(data: bytes) -> bool:
    """Whether Pillow (which WeasyPrint decodes rasters with) takes data for an image."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            Image.open(io.BytesIO(data)).close()
    except Image.DecompressionBombError:
        return True
    except Exception:  # Pillow raises many kinds for what is not an image it knows
        return False
    return True


def _raster(data: bytes) -> ImageInfo:
    """A PNG or JPEG: its header read for the size, then decoded once to find truncation."""
    kind = "png" if data.startswith(b"\x89PNG") else "jpeg"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(data) from None
    except Exception:
        raise UnreadableImage(f"is not a readable {kind.upper()} image") from None
    if image.format not in ("PNG", "JPEG"):
        raise UnreadableImage(f"is not a readable {kind.upper()} image")
    if width * height > MAX_IMAGE_PIXELS:
        raise _too_many(width, height)
    found: list[str] = []
    # WeasyPrint tells Pillow to load truncated images silently; here we want to know.
    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image.load()
    except OSError as error:
        found.append(f"is damaged or truncated ({error}); it may print incomplete")
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
        image.close()
    return ImageInfo(kind, width, height, tuple(found))


def _too_many_pixels(data: bytes) -> ImageError:
    """Pillow refused the size; read it from the PNG header to say what it is."""
    if data.startswith(b"\x89PNG") and data[12:16] == b"IHDR":
        return _too_many(int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big"))
    return ImageError(f"has more than {MAX_IMAGE_PIXELS // 1_000_000} megapixels")


def _too_many(width: int, height: int) -> ImageError:
    return ImageError(
        f"is {width:,} x {height:,} pixels; images are limited to "
        f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels"
    )


def _svg(data: bytes, resolve: Resolve | None, depth: int) -> ImageInfo:
    try:
        root = SafeXML.fromstring(data, forbid_dtd=False, forbid_entities=True)
    except DefusedXmlException:
        raise ImageError("is an SVG that declares entities; save it without them") from None
    except SafeXML.ParseError as error:
        raise UnreadableImage(f"is not a readable SVG image ({error})") from None
    if root.tag not in (f"{_SVG}svg", "svg"):
        raise UnreadableImage("is not an SVG image")
    _check_shapes(root)
    references = []
    for element in root.iter():
        for attribute in ("href", _XLINK_HREF):
            if value := element.get(attribute):
                references.append(value.strip())
        css = element.get("style") or ""
        if _is_style(element):
            css += element.text or ""
        references += _css_references(css)
    references = [ref for ref in references if not ref.startswith("#")]
    if len(references) > MAX_REFERENCES:
        raise ImageError(f"refers to more than {MAX_REFERENCES} images")
    found: list[str] = []
    for reference in references:
        nested = _referred(reference, resolve, depth)
        found += nested.warnings
    return ImageInfo("svg", warnings=tuple(found))


def _css_references(css: str) -> list[str]:
    """Every address CSS names (`url(...)`, `URL(...)`, `@import "..."`), read as a CSS
    parser reads it, escapes and all (tinycss2, WeasyPrint's own)."""
    import tinycss2

    found: list[str] = []

    def walk(tokens: list[Any]) -> None:
        tokens = [t for t in tokens if getattr(t, "type", "") not in ("whitespace", "comment")]
        for previous, token in itertools.pairwise([None, *tokens]):
            kind = getattr(token, "type", "")
            after_import = (
                getattr(previous, "type", "") == "at-keyword" and previous.lower_value == "import"
            )
            if kind == "url" or (kind == "string" and after_import):
                found.append(token.value)
            elif kind == "function" and token.lower_name == "url":
                found.extend(t.value for t in token.arguments if getattr(t, "type", "") == "string")
            elif kind == "function":
                walk(token.arguments)
            elif kind in ("() block", "[] block", "{} block"):
                walk(token.content)

    walk(tinycss2.parse_component_value_list(css))
    return found


def _check_shapes(root: Any) -> None:
    """Refuse an SVG that draws more than MAX_SHAPES elements once every `<use>` is
    expanded (and one whose `<use>` refers to itself)."""
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    sizes: dict[int, int] = {}
    visiting: set[int] = set()

    def size(element: Any) -> int:
        key = id(element)
        if key in sizes:
            return sizes[key]
        if key in visiting:
            raise ImageError("is an SVG whose <use> refers to itself")
        visiting.add(key)
        total = 1
        for child in element:
            total += size(child)
            if total > MAX_SHAPES:
                break
        target = element.get("href") or element.get(_XLINK_HREF) or ""
        is_use = isinstance(element.tag, str) and element.tag.rsplit("}", 1)[-1] == "use"
        if is_use and target.startswith("#") and target[1:] in by_id:
            total += size(by_id[target[1:]])
        visiting.discard(key)
        sizes[key] = total
        if total > MAX_SHAPES:
            raise ImageError(
                f"is an SVG that draws more than {MAX_SHAPES:,} shapes (its <use> copies "
                "counted); simplify it"
            )
        return total

    size(root)


def _is_style(element: object) -> bool:
    tag = getattr(element, "tag", "")
    return isinstance(tag, str) and tag.rsplit("}", 1)[-1] == "style"


def _referred(reference: str, resolve: Resolve | None, depth: int) -> ImageInfo:
    """The image an SVG refers to, through the same gate."""
    if depth + 1 > MAX_DEPTH:
        raise ImageError(f"nests images more than {MAX_DEPTH} deep")
    if reference.lower().startswith("data:"):
        data = _data_url(reference)
    elif "://" in reference or reference.lower().startswith("file:") or resolve is None:
        raise ImageError(
            f"refers to '{reference[:80]}', which is not read: an SVG may use only images "
            "in its own folder or inside it"
        )
    else:
        data = resolve(reference)
    try:
        return inspect(data, resolve, depth + 1)
    except ImageError as error:
        raise ImageError(f"refers to an image that {error}") from None


def _data_url(url: str) -> bytes:
    """The bytes of a `data:` URL (RFC 2397)."""
    header, _, payload = url.partition(",")
    # The payload may not be much larger than the bytes an image may have.
    if len(payload) > MAX_IMAGE_BYTES * 3 + 4:
        raise ImageError(f"holds more than {MAX_IMAGE_BYTES // 2**20} MiB in a data: address")
    try:
        if header.lower().endswith(";base64"):
            return base64.b64decode("".join(payload.split()), validate=True)
        return unquote_to_bytes(payload)
    except ValueError:  # binascii.Error is one
        raise ImageError("holds a data: address that is not valid") from None
