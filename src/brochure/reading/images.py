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

from brochure.reading.textfile import NotARegularFile, read_regular_file

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
    # Looked at before it is read, and read no further than the limit: a sparse 50 GiB
    # "logo", or one that grows meanwhile, is never held; a pipe is never waited on.
    try:
        _check_size(path.stat().st_size)
        data = read_regular_file(path, MAX_IMAGE_BYTES + 1)
    except NotARegularFile:
        raise ImageError("is not a regular file (a pipe or a device)") from None
    except OSError as error:
        raise ImageError(f"cannot be read ({error.strerror})") from None
    try:
        info = inspect(data, resolve)
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
        shown = f"{size / 2**30:,.1f} GiB" if size >= 2**30 else f"{size / 2**20:.1f} MiB"
        raise ImageError(f"is {shown}; images are limited to {MAX_IMAGE_BYTES // 2**20} MiB")


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


# how a logo stands out from what it is printed on -------------------------------------
#: The contrast a logo's marks need against what they are printed on: WCAG 2.2 SC
#: 1.4.11's for graphical objects (logotypes are exempt from WCAG's text contrast, not
#: from being seen).
MARK_CONTRAST = 3.0
#: The share of a logo's area that must reach MARK_CONTRAST: its marks, however thin
#: (the letters of a word mark cover a few percent of their box).
MARK_SHARE = 0.01
#: The side a raster is judged at, in pixels: enough for the marks of a logo.
_JUDGED_SIDE = 256
#: Elements of an SVG that paint.
_PAINTED = frozenset(
    {"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan"}
)


def mark_contrast(data: bytes, ground: tuple[float, float, float]) -> float | None:
    """How a logo stands out from ground (sRGB, 0 to 1), the colour it is printed on:
    the WCAG contrast with ground that MARK_SHARE of the logo's area reaches, once the
    logo is laid over ground (its transparency counted). For an SVG, the best contrast
    of the colours it paints with (fill, stroke, gradient stops, their opacity counted).
    None when it cannot be told (an image of another kind, an SVG that paints with an
    image)."""
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        return _raster_contrast(data, ground)
    if _markup(data):
        return _svg_contrast(data, ground)
    return None


def _raster_contrast(data: bytes, ground: tuple[float, float, float]) -> float | None:
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.draft("RGB", (_JUDGED_SIDE, _JUDGED_SIDE))  # JPEG: decoded small
            image = opened.convert("RGBA")
    except Exception:  # an unreadable image is the gate's to report
        return None
    image.thumbnail((_JUDGED_SIDE, _JUDGED_SIDE))  # with its alpha premultiplied
    paper = tuple(round(channel * 255) for channel in ground)
    laid = Image.alpha_composite(Image.new("RGBA", image.size, (*paper, 255)), image)
    return marks_over(laid.convert("RGB"), ground)


def marks_over(picture: Any, ground: tuple[float, float, float]) -> float:
    """The WCAG contrast with ground that MARK_SHARE of a picture's pixels reach (an RGB
    Pillow image, as printed: transparency already laid over what is behind it)."""
    from brochure import colour

    linear = [colour._linear(value / 255) for value in range(256)]
    ground_luminance = colour.luminance(ground)
    pixels = picture.tobytes()
    ratios = sorted(
        _ratio(0.2126 * linear[r] + 0.7152 * linear[g] + 0.0722 * linear[b], ground_luminance)
        for r, g, b in zip(pixels[0::3], pixels[1::3], pixels[2::3], strict=True)
    )
    if not ratios:
        return 1.0
    return ratios[min(len(ratios) - 1, int(len(ratios) * (1 - MARK_SHARE)))]


def _ratio(one: float, other: float) -> float:
    light, dark = max(one, other), min(one, other)
    return (light + 0.05) / (dark + 0.05)


def _svg_contrast(data: bytes, ground: tuple[float, float, float]) -> float | None:
    from brochure import colour

    try:
        root = SafeXML.fromstring(data, forbid_dtd=False, forbid_entities=True)
    except Exception:
        return None
    paints = _svg_paints(root)
    if paints is None:
        return None
    best = 1.0
    for rgb, alpha in paints:
        laid = tuple(alpha * c + (1 - alpha) * g for c, g in zip(rgb, ground, strict=True))
        best = max(best, colour.contrast((laid[0], laid[1], laid[2]), ground))
    return best


def _svg_paints(root: Any) -> list[tuple[tuple[float, float, float], float]] | None:
    """The colours an SVG paints its shapes with, each with its opacity; None when it
    also paints with something this cannot judge (an embedded image, a pattern)."""
    classes = _class_styles(root)
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    paints: list[tuple[tuple[float, float, float], float]] = []
    unknown = False

    def own(element: Any) -> dict[str, str]:
        found: dict[str, str] = {}
        for name in (element.get("class") or "").split():
            found.update(classes.get(name, {}))
        for key in ("fill", "stroke", "opacity", "fill-opacity", "stroke-opacity", "color"):
            if element.get(key) is not None:
                found[key] = element.get(key).strip()
        found.update(_declarations(element.get("style") or ""))
        return found

    def walk(element: Any, inherited: dict[str, str], alpha: float) -> None:
        nonlocal unknown
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if tag in ("defs", "style", "title", "desc", "metadata", "clipPath", "mask"):
            return
        if tag in ("image", "pattern", "foreignObject"):
            unknown = True
            return
        style = {**{k: v for k, v in inherited.items() if "opacity" not in k}, **own(element)}
        alpha *= _number(style.get("opacity"), 1.0)
        if tag in _PAINTED:
            for part, default in (("fill", "black"), ("stroke", "none")):
                value = style.get(part, default)
                share = alpha * _number(style.get(f"{part}-opacity"), 1.0)
                if value == "currentColor":
                    value = style.get("color", "black")
                for rgb, opacity in _paint(value, by_id, classes):
                    paints.append((rgb, share * opacity))
                if value.startswith("url(") and not _paint(value, by_id, classes):
                    unknown = True
        for child in element:
            walk(child, style, alpha)

    walk(root, {}, 1.0)
    return None if unknown and not paints else paints


def _class_styles(root: Any) -> dict[str, dict[str, str]]:
    """The declarations `<style>` gives each class (`.cls-1 { fill: #fff }`), as
    drawing programs write them; other selectors are not read."""
    import tinycss2

    styles: dict[str, dict[str, str]] = {}
    for element in root.iter():
        if not _is_style(element):
            continue
        for rule in tinycss2.parse_stylesheet(element.text or "", skip_whitespace=True):
            if rule.type != "qualified-rule":
                continue
            declared = _declarations(tinycss2.serialize(rule.content))
            for selector in tinycss2.serialize(rule.prelude).split(","):
                selector = selector.strip()
                if selector.startswith(".") and selector[1:].replace("-", "").isalnum():
                    styles.setdefault(selector[1:], {}).update(declared)
    return styles


def _declarations(css: str) -> dict[str, str]:
    import tinycss2

    found = {}
    for declaration in tinycss2.parse_blocks_contents(css, skip_whitespace=True):
        if declaration.type == "declaration":
            found[declaration.lower_name] = tinycss2.serialize(declaration.value).strip()
    return found


def _paint(
    value: str, by_id: dict[str, Any], classes: dict[str, dict[str, str]]
) -> list[tuple[tuple[float, float, float], float]]:
    """The colours of a fill or stroke: a colour, or a gradient's stops."""
    import tinycss2.color3

    value = value.strip()
    if value.startswith("url(") and "#" in value:
        target = by_id.get(value.split("#", 1)[1].rstrip(") '\""))
        if target is None:
            return []
        stops = []
        for stop in target.iter():
            declared = {
                **{k: v for k, v in stop.attrib.items()},
                **_declarations(stop.get("style") or ""),
            }
            for name in (stop.get("class") or "").split():
                declared = {**classes.get(name, {}), **declared}
            if "stop-color" in declared:
                stops += [
                    (rgb, alpha * _number(declared.get("stop-opacity"), 1.0))
                    for rgb, alpha in _paint(declared["stop-color"], {}, classes)
                ]
        return stops
    parsed = tinycss2.color3.parse_color(value)
    if parsed is None or parsed == "currentColor":
        return []
    return [((parsed.red, parsed.green, parsed.blue), parsed.alpha)]


def _number(text: str | None, default: float) -> float:
    if text is None:
        return default
    try:
        value = float(text.strip().rstrip("%")) / (100 if text.strip().endswith("%") else 1)
    except ValueError:
        return default
    return min(max(value, 0.0), 1.0)
