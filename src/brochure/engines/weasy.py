"""WeasyPrint, confined: the one module that calls it and walks its laid-out boxes.

WeasyPrint is imported when a document is first rendered, not when brochure starts:
`brochure check` and `--help` never pay for it.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from brochure.engines.logcapture import captured
from brochure.errors import BuildError
from brochure.textrules import unmarked
from brochure.typography import long_words_unhyphenated

if TYPE_CHECKING:
    import weasyprint
    from weasyprint import Document as Document

log = logging.getLogger(__name__)

MM_PER_INCH = 25.4
#: CSS pixels in a millimetre (96 px to the inch, CSS Values 4).
PX_PER_MM = 96 / MM_PER_INCH


@functools.cache
def imported() -> ModuleType:
    """WeasyPrint, imported once, without the search for its libraries that costs a
    start-up most of the import.

    WeasyPrint opens each library by several names, a Windows one first
    (`libgobject-2.0-0`, then `libgobject-2.0.so.0`: weasyprint/text/ffi.py); cffi asks
    ctypes.util.find_library about each name that does not open, which on Linux runs
    gcc and ldconfig: about 20 programs, 0.3 s on an idle machine and seconds on a busy
    one, to find nothing the dynamic linker would not find by the name that opens. On
    Linux that search answers nothing while WeasyPrint is imported; should the import
    fail so, it is tried again with the search.
    """
    if sys.platform != "linux" or "weasyprint" in sys.modules:
        import weasyprint

        return weasyprint
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint

        return weasyprint
    except OSError:
        for name in [m for m in sys.modules if m.split(".")[0] == "weasyprint"]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = search
    import weasyprint

    return weasyprint


def render_document(
    html: str, base: Path, readable: tuple[Path, ...], what: str
) -> weasyprint.Document:
    """Lay out HTML into pages. Relative URLs resolve against the folder base; files are
    read only inside the readable folders (and `data:` URLs); nothing from the network.

    WeasyPrint's own messages are logged as warnings that name `what`; BuildError when
    the layout cannot be rendered at all.
    """
    weasyprint = imported()
    from brochure.engines.fetcher import ConfinedFetcher

    # A very long run of text is never hyphenated: under a layout's `hyphens: auto`, its
    # time grew with the cube of the run's length.
    html = long_words_unhyphenated(html)
    fetcher = ConfinedFetcher(readable)
    with captured("weasyprint") as messages:
        try:
            document = weasyprint.HTML(
                string=html,
                base_url=base.resolve().as_uri() + "/",
                url_fetcher=fetcher,
            ).render()
        except (MemoryError, SystemError):
            raise  # out of memory, not a broken layout: the limits say so (engines/limits.py)
        except Exception as error:  # WeasyPrint raises many kinds on a broken layout
            raise BuildError(f"{what}: the layout could not be rendered: {error}") from error
    for message in messages:
        # WeasyPrint's "Failed to load image at ...: refused ..." repeats the refusal
        # the fetcher said already, once.
        if not any(f"refused {url[:200]}" in message for url in fetcher.refused):
            log.warning("%s: %s", what, message)
    _plain_metadata(document.metadata)
    return document


def _plain_metadata(metadata: Any) -> None:
    """The document's title, description, keywords and authors as plain text: a layout
    prints `<title>{{ metadata.title }}</title>` as it prints every value, set apart for
    direction (templating._isolated), but the PDF's Info and XMP are not laid out by
    brochure: their reader orders them (textrules.unmarked)."""
    for name in ("title", "description", "generator"):
        if isinstance(getattr(metadata, name, None), str):
            setattr(metadata, name, unmarked(getattr(metadata, name)))
    for name in ("authors", "keywords"):
        if isinstance(getattr(metadata, name, None), list):
            setattr(metadata, name, [unmarked(str(text)) for text in getattr(metadata, name)])


def to_pdf(
    document: weasyprint.Document,
    what: str,
    variant: str | None = "pdf/ua-1",
    tagged: bool = True,
) -> bytes:
    """The PDF bytes of a laid-out document, written to the PDF standard `variant` (a
    name in weasyprint.pdf.VARIANTS, e.g. pdf/ua-1, pdf/a-3b, pdf/x-4), tagged (a
    structure tree: headings, paragraphs, lists, figures in reading order) unless told.

    What WeasyPrint reports while writing (an image without alternative text) is logged
    as a warning that names `what`, as render_document does."""
    if tagged:
        _tag_languages()
    with captured("weasyprint") as messages:
        pdf = document.write_pdf(pdf_variant=variant, pdf_tags=tagged)
    for message in messages:
        log.warning("%s: %s", what, message)
    assert isinstance(pdf, bytes)
    return pdf


#: HTML elements whose language is the document's, which WeasyPrint writes as the
#: catalogue's /Lang (they have no structure element of their own).
_DOCUMENT_ELEMENTS = frozenset({"html", "body"})


def _tag_languages() -> None:
    """Make WeasyPrint's structure tree say each text's language: a structure element
    made for an HTML element with a `lang` of its own gets it as /Lang (ISO 32000-1
    14.9.2; WCAG technique PDF19, "specifying the language for a passage or phrase";
    PDF/UA-1 7.2 asks for every change of language), and its descendants inherit it.

    WeasyPrint 70 writes the document's language only, as the catalogue's /Lang, and
    its tagging (weasyprint.pdf.tags) has no hook: its recursive tree builder is wrapped
    here, once per process, and the element it makes for a box given the box's element's
    `lang`. The wrapper calls the original, which calls itself by its module's name, so
    every level of the tree goes through it."""
    import pydyf
    from weasyprint.pdf import tags

    build = tags._build_box_tree
    if getattr(build, "tags_languages", False):
        return

    def with_languages(box: Any, *args: Any) -> Iterator[Any]:
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None else None
        own = bool(lang) and getattr(box, "element_tag", None) not in _DOCUMENT_ELEMENTS
        for made in build(box, *args):
            if own and "Lang" not in made:
                made["Lang"] = pydyf.String(lang)
            yield made

    with_languages.tags_languages = True  # type: ignore[attr-defined]
    tags._build_box_tree = with_languages


def joined(documents: list[weasyprint.Document]) -> weasyprint.Document:
    """One document of the pages of several, in order (their metadata from the first)."""
    first = documents[0]
    return first.copy([page for document in documents for page in document.pages])


def pages_named(document: weasyprint.Document, name: str) -> list[int]:
    """The numbers (from 0) of the pages of the named page type `name` (CSS `page:`)."""
    return [
        number
        for number, page in enumerate(document.pages)
        if getattr(page._page_box.page_type, "name", None) == name
    ]


def without_pages(document: weasyprint.Document, numbers: list[int]) -> weasyprint.Document:
    """The document without the pages of those numbers (from 0), as laid out."""
    dropped = set(numbers)
    return document.copy([page for n, page in enumerate(document.pages) if n not in dropped])


def page_count(document: weasyprint.Document) -> int:
    return len(document.pages)


def element_widths(document: weasyprint.Document, tag: str) -> dict[str, float]:
    """The laid-out width (CSS px) of every `tag` element that has an id, by id.

    An element split over several boxes counts at its widest.
    """
    found: dict[str, float] = {}
    for page in document.pages:
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            if element is None or getattr(box, "element_tag", None) != tag:
                continue
            ident = element.get("id")
            if ident:
                width = float(getattr(box, "width", 0.0) or 0.0)
                found[ident] = max(found.get(ident, 0.0), width)
    return found


@dataclass(frozen=True)
class PlacedImage:
    """A raster image as laid out: its source, its pixels, its printed size in mm."""

    source: str
    """The `src` of its <img>."""
    pixels: tuple[int, int]
    size: tuple[float, float]

    @property
    def dpi(self) -> float:
        """Its effective resolution at the printed size, in pixels per inch (the lower of
        across and down)."""
        (px_w, px_h), (mm_w, mm_h) = self.pixels, self.size
        return min(px_w / (mm_w / MM_PER_INCH), px_h / (mm_h / MM_PER_INCH))


def placed_images(document: weasyprint.Document) -> list[PlacedImage]:
    """Every raster <img> drawn in the document, with its printed size (vector images,
    SVG, have no resolution to check)."""
    found = []
    for page in document.pages:
        for box in _boxes(page._page_box):
            image = getattr(box, "replacement", None)
            pixels_wide, pixels_high = getattr(image, "width", 0), getattr(image, "height", 0)
            width, height = getattr(box, "width", 0) or 0, getattr(box, "height", 0) or 0
            if not isinstance(pixels_wide, int) or not isinstance(pixels_high, int):
                continue  # an SVG: drawn as vectors at any size
            if min(pixels_wide, pixels_high, width, height) <= 0 or box.element is None:
                continue
            found.append(
                PlacedImage(
                    box.element.get("src", ""),
                    (pixels_wide, pixels_high),
                    (width / PX_PER_MM, height / PX_PER_MM),
                )
            )
    return found


def text_widths(
    html: str, base: Path, readable: tuple[Path, ...], what: str, texts: dict[str, list[str]]
) -> dict[str, list[float]]:
    """The width (CSS px) of each text, set on one line in the style of the element whose
    id is its key: {element id: [text, ...]} -> {element id: [width, ...]}.

    html is laid out once, to give each element its computed style (fonts, size, weight,
    letter-spacing, language); each text is then shaped with Pango in that style, as
    WeasyPrint shapes a line of it (weasyprint.text.line_break, its private text layer:
    Layout, line_size), without laying out a document per word: thousands of names take
    a second, not a minute.
    """
    styles = text_styles(html, base, readable, what, set(texts))
    return {
        ident: widths_in(styles[ident], items) if ident in styles else [0.0] * len(items)
        for ident, items in texts.items()
    }


TextStyle = Any
"""An element's computed style, as WeasyPrint shapes text in it (opaque: widths_in)."""


def text_styles(
    html: str, base: Path, readable: tuple[Path, ...], what: str, ids: set[str]
) -> dict[str, TextStyle]:
    """The computed style of each element of html whose id is in ids, html laid out once
    (an id not found is missing from the result): text is shaped in it by widths_in,
    for as long as the caller keeps it."""
    styles: dict[str, TextStyle] = {}
    for page in render_document(html, base, readable, what).pages:
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            ident = element.get("id") if element is not None else None
            if ident in ids and ident not in styles:
                styles[ident] = box.style
    return styles


def widths_in(style: TextStyle, texts: list[str]) -> list[float]:
    """The width (CSS px) of each text set on one line in style (text_styles)."""
    imported()
    from weasyprint.text.line_break import Layout, line_size

    layout = Layout(style)
    found = []
    for text in texts:
        layout.set_text(text)
        line, _ = layout.get_first_line()
        found.append(float(line_size(line, style)[0]))
    return found


def _boxes(box: Any) -> Iterator[Any]:
    """box and every box inside it, depth first (WeasyPrint's private box tree)."""
    stack = [box]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(getattr(current, "children", ()))))


def element_pages(document: weasyprint.Document, ids: set[str]) -> dict[str, int]:
    """The page (from 0) on which each element whose id is in ids starts; an id not
    laid out is missing."""
    found: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            ident = element.get("id") if element is not None else None
            if ident in ids and ident not in found:
                found[ident] = number
    return found


def text_bottom(document: weasyprint.Document, page: int) -> float:
    """How far down the page its lowest line of text reaches, in mm from the top (0 for a
    page with no text): what a page's text needs, whatever its boxes' heights say."""
    lowest = 0.0
    for box in _boxes(document.pages[page]._page_box):
        if type(box).__name__ == "LineBox" and box.children:
            lowest = max(lowest, box.position_y + box.height)
    return lowest / PX_PER_MM


@dataclass(frozen=True)
class ElementLooks:
    """An element's computed looks as plain data (colours as sRGB red, green, blue and
    alpha, 0 to 1), and where its box was laid out (mm from the page's top left)."""

    colour: tuple[float, float, float, float]
    background: tuple[float, float, float, float]
    font_families: tuple[str, ...]
    font_weight: int
    italic: bool
    font_stretch: str
    font_size: float
    """In points."""
    letter_spacing: float
    """In ems (0 for normal)."""
    text_transform: str
    margin_bottom: float
    border_top: tuple[float, tuple[float, float, float, float]]
    """Width (mm) and colour; width 0 when there is none."""
    border_bottom: tuple[float, tuple[float, float, float, float]]
    box: tuple[float, float, float, float]
    """x, y, width, height of its border box, mm."""


def element_looks(
    html: str, base: Path, readable: tuple[Path, ...], what: str, ids: set[str]
) -> dict[str, ElementLooks]:
    """The computed looks of each element of html whose id is in ids, laid out once
    (the first box of each element: its own, not an anonymous one inside it). An id not
    found is missing from the result."""
    found: dict[str, ElementLooks] = {}
    for page in render_document(html, base, readable, what).pages:
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            ident = element.get("id") if element is not None else None
            if ident in ids and ident not in found:
                found[ident] = _looks(box)
    return found


def _looks(box: Any) -> ElementLooks:
    style = box.style
    colour = _rgba(style["color"], (0.0, 0.0, 0.0, 1.0))
    size = float(style["font_size"])
    spacing = style["letter_spacing"]

    def border(side: str) -> tuple[float, tuple[float, float, float, float]]:
        width = (
            float(style[f"border_{side}_width"]) if style[f"border_{side}_style"] != "none" else 0
        )
        return width / PX_PER_MM, _rgba(style[f"border_{side}_color"], colour)

    margin = style["margin_bottom"]
    return ElementLooks(
        colour=colour,
        background=_rgba(style["background_color"], colour),
        font_families=tuple(style["font_family"]),
        font_weight=int(style["font_weight"]),
        italic=style["font_style"] in ("italic", "oblique"),
        font_stretch=str(style["font_stretch"]),
        font_size=size * 72 / 96,
        letter_spacing=0.0 if spacing == "normal" or not size else float(spacing) / size,
        text_transform=str(style["text_transform"]),
        margin_bottom=float(getattr(margin, "value", 0.0)) / PX_PER_MM
        if getattr(margin, "unit", "px") == "px"
        else 0.0,
        border_top=border("top"),
        border_bottom=border("bottom"),
        box=tuple(  # type: ignore[arg-type]
            value / PX_PER_MM
            for value in (
                box.border_box_x(),
                box.border_box_y(),
                box.border_width(),
                box.border_height(),
            )
        ),
    )


def _rgba(
    value: Any, current: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    """A computed CSS colour (tinycss2's) as sRGB red, green, blue, alpha; currentcolor
    is `current`."""
    if value == "currentcolor" or not hasattr(value, "to"):
        return current
    srgb = value.to("srgb")
    red, green, blue = (min(1.0, max(0.0, float(c))) for c in srgb.coordinates)
    return (red, green, blue, float(srgb.alpha))
