"""Cards drawn straight to PDF: pages of placed shapes and lines of text, through Cairo.

The card outputs (badges today; table tents, door signs and certificates, laid out the
same way) place every line themselves, after measuring its words with Pango
(cards/fit.py). Laying them out again as HTML only to draw them was most of their time;
here the placed lines are drawn as they are, by the text engine that measured them:
Pango shapes each line (HarfBuzz, the same fonts, the same fallback through fontconfig,
bidi) and draws it through Cairo, whose PDF surface embeds and subsets the fonts and
maps every glyph back to its text (ToUnicode), so names copy out. Nothing here knows
what a badge is: the input is pages of drawing instructions in mm.

    pdf = draw(pages, Info(title="...", language="en", created=build_time()))

Libraries: Cairo (libcairo2), Pango and PangoCairo (libpango-1.0-0, libpangocairo-1.0-0)
through the few declarations below (cffi, ABI mode: no compiler). cairocffi, Cairo's
binding from WeasyPrint's makers, was measured: reading its whole declaration of Cairo
took 0.15 to 0.35 s of every build, more than drawing 1,000 cards' text.
pikepdf sets what Cairo cannot: the document's language, and an /ID made from the
content (reproducible bytes under SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import tempfile
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal

#: Points per millimetre: Cairo's PDF surface measures in points (1/72 in).
PT_PER_MM = 72 / 25.4
#: Pango's fixed-point unit (PANGO_SCALE).
PANGO_SCALE = 1024

Colour = tuple[float, float, float, float]
"""Red, green, blue and alpha, each 0 to 1."""
BLACK: Colour = (0.0, 0.0, 0.0, 1.0)


def colour(hex_rgb: str, alpha: float = 1.0) -> Colour:
    """A Colour from #rrggbb (or #rgb). Raises ValueError on anything else."""
    digits = hex_rgb.strip().lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    if len(digits) != 6:
        raise ValueError(f"not a colour of the form #rrggbb: {hex_rgb!r}")
    red, green, blue = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (red, green, blue, alpha)


@dataclass(frozen=True)
class Font:
    """How a run of text is set, as Pango describes a font (and CSS its font-*)."""

    families: tuple[str, ...]
    """In order of preference; fontconfig falls back past the last for what none draws
    (emoji, runes), as Pango does when measuring."""
    weight: int = 400
    """100 to 900 (CSS font-weight, Pango's PangoWeight)."""
    italic: bool = False
    stretch: int = 4
    """Pango's PangoStretch: 0 ultra-condensed to 8 ultra-expanded; 4 normal."""
    letter_spacing: float = 0.0
    """Extra space after each letter, in ems (CSS letter-spacing: -0.01em is -0.01)."""
    features: str = ""
    """OpenType features as Pango takes them ("smcp 1, liga 0"); empty: the defaults."""


@dataclass(frozen=True)
class Rect:
    """A filled rectangle, mm from the page's (or group's) top left corner."""

    x: float
    y: float
    width: float
    height: float
    fill: Colour


@dataclass(frozen=True)
class Line:
    """A straight line from (x1, y1) to (x2, y2), mm; width in mm, butt ends."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    colour: Colour


@dataclass(frozen=True)
class Text:
    """One line of text set in a line box, as CSS sets a line: the box's top at y, its
    height line_height (mm; None: the text's own height, CSS `normal`), the text's
    baseline where the half-leading puts it, the same for the font's strut (a space in
    the first font), so a line of any script sits as HTML would set it. The line is
    never wrapped or shrunk: fitting it is the caller's (cards/fit.py).

    x and width (mm) bound the box across; align puts the line against its left or
    right edge or centres it. direction is the line's own (bidi): ltr, rtl or None
    (from its first strong letter)."""

    text: str
    x: float
    y: float
    width: float
    font: Font
    size: float
    """Type size in points."""
    colour: Colour = BLACK
    line_height: float | None = None
    language: str = ""
    """BCP 47: chooses forms (Han in a Japanese or Chinese face) and shaping."""
    direction: Literal["ltr", "rtl"] | None = None
    align: Literal["left", "right", "center"] = "left"


@dataclass(frozen=True)
class Image:
    """A raster image (PNG bytes) stretched over its box, mm."""

    x: float
    y: float
    width: float
    height: float
    png: bytes


@dataclass(frozen=True)
class Modules:
    """A matrix barcode (a QR code) as its dark modules, drawn as one filled path: crisp
    at any size and resolution, no image. rows: one string per row of the symbol,
    "1" for a dark module (quiet zone not included: the caller leaves the room)."""

    x: float
    y: float
    size: float
    """The symbol's side, mm."""
    rows: tuple[str, ...]
    colour: Colour = BLACK


@dataclass(frozen=True)
class Group:
    """Items placed in a box of their own (x, y: its top left, mm; width, height),
    turned half round its centre when turned is set (the backs of a sheet turned over
    its horizontal edge)."""

    x: float
    y: float
    width: float
    height: float
    items: tuple[Item, ...]
    turned: bool = False


Item = Rect | Line | Text | Image | Modules | Group


@dataclass(frozen=True)
class Page:
    """One page: its size in mm and what is drawn on it, in order (later on top)."""

    width: float
    height: float
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Info:
    """What the document says about itself (no person unless the caller names one)."""

    title: str
    language: str
    """BCP 47, the document's /Lang."""
    created: dt.datetime
    """Its creation and modification date: the build time (buildtime.build_time)."""
    authors: tuple[str, ...] = ()
    subject: str = ""
    keywords: str = ""
    creator: str = "brochure"


def draw(pages: Iterable[Page], info: Info) -> bytes:
    """The PDF of pages, in order: fonts embedded and subset, text that copies out.

    pages may be a generator: each is drawn and let go before the next is made, so a
    long run's memory does not grow with its pages (the PDF waits in a temporary file).
    Raises ValueError when there is no page, RuntimeError when Cairo fails (out of
    memory, no room on disk)."""
    with tempfile.TemporaryDirectory(prefix="brochure-cards-") as folder:
        path = Path(folder) / "cards.pdf"
        count, codes = _draw_to(path, pages, info)
        if not count:
            raise ValueError("no page to draw")
        with path.open("rb") as pdf:
            return _finished(pdf, info, codes)


def ready() -> None:
    """Open the libraries and load the fonts' configuration now (about 0.1 s), so that
    processes forked later to draw inherit them rather than each paying for them; pikepdf
    too (about 20 ms), which each finishes its share with (_finished)."""
    import pikepdf  # noqa: F401 (imported for the forked workers to inherit)

    _font_map()


def _draw_to(path: Path, pages: Iterable[Page], info: Info) -> tuple[int, dict[int, list[bytes]]]:
    """Draw pages into a PDF file at path: how many, and the QR codes left to write into
    each page's content (_Drawer.modules)."""
    lib, ffi = _pango()
    surface = ffi.gc(lib.cairo_pdf_surface_create(bytes(path), 1, 1), lib.cairo_surface_destroy)
    lib.cairo_pdf_surface_restrict_to_version(surface, _PDF_VERSION_1_5)
    for key, value in (
        (_METADATA["title"], info.title),
        (_METADATA["author"], ", ".join(info.authors)),
        (_METADATA["subject"], info.subject),
        (_METADATA["keywords"], info.keywords),
        (_METADATA["creator"], info.creator),
    ):
        if value:
            lib.cairo_pdf_surface_set_metadata(surface, key, value.encode())
    context = ffi.gc(lib.cairo_create(surface), lib.cairo_destroy)
    drawer = _Drawer(context)
    count = 0
    try:
        for page in pages:
            lib.cairo_pdf_surface_set_size(surface, page.width * PT_PER_MM, page.height * PT_PER_MM)
            lib.cairo_save(context)
            lib.cairo_scale(context, PT_PER_MM, PT_PER_MM)
            drawer.start(count, page)
            drawer.items(page.items)
            lib.cairo_restore(context)
            lib.cairo_show_page(context)
            _check(lib.cairo_status(context))
            count += 1
    finally:
        # Finished here, while its file is there: whatever was drawn is written out.
        lib.cairo_surface_finish(surface)
    _check(lib.cairo_surface_status(surface))
    return count, drawer.codes


def _check(status: int) -> None:
    if status:
        lib, ffi = _pango()
        message = ffi.string(lib.cairo_status_to_string(status)).decode()
        raise RuntimeError(f"Cairo could not draw the cards: {message}")


def _pdf_date(when: dt.datetime) -> str:
    """A PDF date (ISO 32000-1, 7.9.4) in UTC: D:YYYYMMDDHHmmSSZ."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%SZ")


def _finished(pdf: Any, info: Info, codes: dict[int, list[bytes]]) -> bytes:
    """Cairo's PDF with what Cairo 1.16 cannot write: the document's language, its
    title shown by viewers (PDF/UA's DisplayDocTitle), its dates (the build's: Cairo
    writes its own clock's), and an /ID made from its content: the same pages and Info
    give the same bytes. The QR codes Cairo was not given (codes: page number -> each
    code's path) are written into their pages' content, over what Cairo drew."""
    import pikepdf

    with pikepdf.open(pdf) as document:
        for number, paths in codes.items():
            page = document.pages[number]
            height = float(page.MediaBox[3]) - float(page.MediaBox[1])
            # Cairo's content is set apart (q ... Q), so the codes start from the page's
            # own space, turned as Cairo turns it (from the top left, y down, points).
            page.contents_add(pikepdf.Stream(document, b"q\n"), prepend=True)
            drawn = b"Q\nq 1 0 0 -1 0 " + _number(height) + b" cm\n" + b"".join(paths) + b"Q\n"
            page.contents_add(pikepdf.Stream(document, drawn))
        document.Root.Lang = pikepdf.String(info.language)
        document.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        for key in ("/CreationDate", "/ModDate"):
            document.docinfo[key] = pikepdf.String(_pdf_date(info.created))
        out = io.BytesIO()
        document.save(
            out,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            deterministic_id=True,
        )
    return out.getvalue()


class _Drawer:
    """Draws items on a Cairo context whose user space is mm."""

    def __init__(self, context: Any) -> None:
        self.lib, self.ffi = _pango()
        self.context = context
        self.text = _TextSetter(context)
        self.codes: dict[int, list[bytes]] = {}
        """Page number -> the QR codes written into its content after Cairo (modules)."""
        self.page = 0
        self.written: frozenset[int] = frozenset()
        self.leaf = 0
        self.matrix = self.ffi.new("cairo_matrix_t *")

    def start(self, number: int, page: Page) -> None:
        """Page `number` is drawn next."""
        self.page, self.leaf = number, 0
        self.written = _written_codes(page)

    def items(self, items: Sequence[Item]) -> None:
        lib, context = self.lib, self.context
        for item in items:
            if not isinstance(item, Group):
                self.leaf += 1
            if isinstance(item, Text):
                self.text.show(item)
            elif isinstance(item, Rect):
                lib.cairo_set_source_rgba(context, *item.fill)
                lib.cairo_rectangle(context, item.x, item.y, item.width, item.height)
                lib.cairo_fill(context)
            elif isinstance(item, Line):
                lib.cairo_set_source_rgba(context, *item.colour)
                lib.cairo_set_line_width(context, item.width)
                lib.cairo_move_to(context, item.x1, item.y1)
                lib.cairo_line_to(context, item.x2, item.y2)
                lib.cairo_stroke(context)
            elif isinstance(item, Modules):
                self.modules(item)
            elif isinstance(item, Image):
                _paint(context, item)
            elif isinstance(item, Group):
                lib.cairo_save(context)
                lib.cairo_translate(context, item.x, item.y)
                if item.turned:
                    lib.cairo_translate(context, item.width, item.height)
                    lib.cairo_rotate(context, math.pi)
                self.items(item.items)
                lib.cairo_restore(context)

    def modules(self, symbol: Modules) -> None:
        """The dark modules as rectangles of one path, filled once (one fill: no seams
        between modules where a renderer smooths edges).

        Cairo writes a path's every corner as a number, through its own analysis of the
        page: most of a card's time was its code. A code that nothing drawn after it on
        the page overlaps (_written_codes) is written straight into the page's content
        instead, once Cairo is done (_finished): the same rectangles, in the code's own
        units (`re` operators of whole modules, placed by one matrix)."""
        if not symbol.rows:
            return
        lib, context = self.lib, self.context
        if self.leaf in self.written:
            lib.cairo_get_matrix(context, self.matrix)
            m = self.matrix
            side = symbol.size / max(len(symbol.rows), len(symbol.rows[0]))
            self.codes.setdefault(self.page, []).append(
                _code_path((m.xx, m.yx, m.xy, m.yy, m.x0, m.y0), symbol, side)
            )
            return
        rectangle = lib.cairo_rectangle
        side = symbol.size / max(len(symbol.rows), len(symbol.rows[0]))
        for top, bottom, start, end in _rectangles(symbol.rows):
            rectangle(
                context,
                symbol.x + start * side,
                symbol.y + top * side,
                (end - start) * side,
                (bottom - top) * side,
            )
        lib.cairo_set_source_rgba(context, *symbol.colour)
        lib.cairo_fill(context)


def _code_path(matrix: tuple[float, ...], symbol: Modules, side: float) -> bytes:
    """A code's dark modules as PDF content: its colour, then one path of rectangles in
    module units (whole numbers), placed by matrix (user space, mm, to the page's space
    as Cairo turns it) and the code's own place and module size, filled once."""
    place = (*matrix, side, 0.0, 0.0, side, symbol.x, symbol.y)
    red, green, blue, _ = symbol.colour
    if not _rectangles(symbol.rows):
        return b""
    rectangles = " re ".join(
        f"{start} {top} {end - start} {bottom - top}"
        for top, bottom, start, end in _rectangles(symbol.rows)
    )
    return (
        b"q "
        + b" ".join(_number(n) for n in place[:6])
        + b" cm "
        + b" ".join(_number(n) for n in place[6:])
        + b" cm "
        + b" ".join(_number(c) for c in (red, green, blue))
        + b" rg\n"
        + rectangles.encode()
        + b" re f Q\n"
    )


def _number(value: float) -> bytes:
    """A number as PDF content writes it: at most six decimals, no exponent."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return (text if text not in ("-0", "") else "0").encode()


def _written_codes(page: Page) -> frozenset[int]:
    """The leaves (counted from 1, in drawing order, groups opened) of the page's opaque
    codes that nothing drawn after them overlaps: those may be drawn last, over the
    rest of the page, and look the same."""
    leaves: list[tuple[Item, tuple[float, float, float, float]]] = []
    _leaves(page.items, (PT_PER_MM, 0.0, 0.0, PT_PER_MM, 0.0, 0.0), leaves)
    written = set()
    for number, (leaf, box) in enumerate(leaves, start=1):
        if not isinstance(leaf, Modules) or leaf.colour[3] < 1:
            continue
        if not any(_overlap(box, later) for _, later in leaves[number:]):
            written.add(number)
    return frozenset(written)


def _leaves(
    items: Sequence[Item],
    matrix: tuple[float, float, float, float, float, float],
    found: list[tuple[Item, tuple[float, float, float, float]]],
) -> None:
    """Each item that draws (groups opened), in drawing order, with the box it may mark
    on the page (left, top, right, bottom, in the page's points), as _Drawer.items
    places it."""
    for item in items:
        if isinstance(item, Group):
            inner = _moved(matrix, item.x, item.y)
            if item.turned:
                xx, yx, xy, yy, x0, y0 = _moved(inner, item.width, item.height)
                inner = (-xx, -yx, -xy, -yy, x0, y0)  # turned half round
            _leaves(item.items, inner, found)
            continue
        if isinstance(item, Rect | Image):
            box = (item.x, item.y, item.x + item.width, item.y + item.height)
        elif isinstance(item, Modules):
            box = (item.x, item.y, item.x + item.size, item.y + item.size)
        elif isinstance(item, Line):
            half = item.width / 2
            box = (
                min(item.x1, item.x2) - half,
                min(item.y1, item.y2) - half,
                max(item.x1, item.x2) + half,
                max(item.y1, item.y2) + half,
            )
        else:
            # Text: its line box, or twice its type size about the box's middle where
            # that is more (a line's glyphs are centred in it, and marks stacked on them
            # or a face's tall ascent can reach past a tight line height); across, a
            # type size more on either side.
            size = item.size / PT_PER_MM
            height = item.line_height if item.line_height is not None else 2 * size
            middle, reach = item.y + height / 2, max(height, 2 * size) / 2
            box = (item.x - size, middle - reach, item.x + item.width + size, middle + reach)
        found.append((item, _bounds(matrix, box)))


def _moved(
    matrix: tuple[float, float, float, float, float, float], x: float, y: float
) -> tuple[float, float, float, float, float, float]:
    """matrix translated by (x, y) in its own space (cairo_translate)."""
    xx, yx, xy, yy, x0, y0 = matrix
    return (xx, yx, xy, yy, x0 + xx * x + xy * y, y0 + yx * x + yy * y)


def _bounds(
    matrix: tuple[float, float, float, float, float, float],
    box: tuple[float, float, float, float],
) -> tuple[float, float, float, float]:
    xx, yx, xy, yy, x0, y0 = matrix
    left, top, right, bottom = box
    xs, ys = [], []
    for x, y in ((left, top), (right, top), (left, bottom), (right, bottom)):
        xs.append(xx * x + xy * y + x0)
        ys.append(yx * x + yy * y + y0)
    return (min(xs), min(ys), max(xs), max(ys))


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@lru_cache(maxsize=256)
def _rectangles(rows: tuple[str, ...]) -> tuple[tuple[int, int, int, int], ...]:
    """Dark modules ("1") as rectangles (top row, row under the bottom, first column,
    column after the last): each row's runs, a run merged with the same run in the rows
    under it (a finder pattern's sides are one rectangle each, not seven)."""
    found: list[tuple[int, int, int, int]] = []
    open_runs: dict[tuple[int, int], int] = {}
    for row, modules in enumerate(rows):
        going_on: dict[tuple[int, int], int] = {}
        for match in _DARK_RUN.finditer(modules):
            run = match.span()
            going_on[run] = open_runs.pop(run, row)
        found += [(top, row, start, end) for (start, end), top in open_runs.items()]
        open_runs = going_on
    found += [(top, len(rows), start, end) for (start, end), top in open_runs.items()]
    return tuple(sorted(found))


_DARK_RUN = re.compile("1+")


def _paint(context: Any, image: Image) -> None:
    """A PNG stretched over its box."""
    lib, _ = _pango()
    surface = _png_surface(image.png)
    width, height = (
        lib.cairo_image_surface_get_width(surface),
        lib.cairo_image_surface_get_height(surface),
    )
    if not width or not height:
        return
    lib.cairo_save(context)
    lib.cairo_translate(context, image.x, image.y)
    lib.cairo_scale(context, image.width / width, image.height / height)
    lib.cairo_set_source_surface(context, surface, 0, 0)
    # Cards print pixel art (codes, marks, emoji) and photos alike: nearest neighbour
    # keeps the one and is no worse than the viewer's own smoothing for the other.
    lib.cairo_pattern_set_filter(lib.cairo_get_source(context), _FILTER_NEAREST)
    lib.cairo_paint(context)
    lib.cairo_restore(context)


@lru_cache(maxsize=64)
def _png_surface(png: bytes) -> Any:
    """A PNG as a Cairo image surface (an empty one for what is not a PNG)."""
    lib, ffi = _pango()
    stream = io.BytesIO(png)

    @ffi.callback("cairo_read_func_t")
    def read(_closure: Any, data: Any, length: int) -> int:
        chunk = stream.read(length)
        if len(chunk) < length:
            return _STATUS_READ_ERROR
        ffi.memmove(data, chunk, length)
        return 0

    surface = ffi.gc(
        lib.cairo_image_surface_create_from_png_stream(read, ffi.NULL), lib.cairo_surface_destroy
    )
    return surface


@dataclass(frozen=True)
class _Shaped:
    """A line as Pango shaped it, ready to draw at any place: its layout (kept alive:
    the runs point into it), its text, its runs, and its metrics in mm."""

    layout: Any
    text: bytes
    runs: tuple[tuple[str, float, Any], ...]
    """(kind, offset from the line's start, what to draw): "pango" a left-to-right run
    (its PangoGlyphItem), "glyphs" a right-to-left one (Cairo's glyphs and clusters,
    placed from the line's start on its baseline), "bitmaps" images (Image items placed
    the same way)."""
    width: float
    ascent: float
    height: float


#: Lines kept shaped for drawing again: a card's event title, date, role and
#: organisation repeat on card after card.
SHAPED_KEPT = 512


@dataclass
class _TextSetter:
    """Lines of text through Pango: each distinct line shaped once (SHAPED_KEPT kept),
    drawn wherever it comes; each font's strut measured once."""

    context: Any
    contexts: dict[tuple[str, str | None], Any] = field(default_factory=dict)
    shaped: OrderedDict[tuple[str, Font, int, str, str | None], _Shaped] = field(
        default_factory=OrderedDict
    )
    struts: dict[tuple[Font, int, str], tuple[float, float]] = field(default_factory=dict)
    colour_fonts: dict[int, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.pango, self.ffi = _pango()
        self.cairo = self.context

    def show(self, run: Text) -> None:
        size = round(run.size / PT_PER_MM * PANGO_SCALE)  # Pango sets type in mm here
        shaped = self._shape(run.text, run.font, size, run.language, run.direction)
        if shaped is None:
            return
        strut_ascent, strut_height = self._strut(run.font, size, run.language)
        line_height = run.line_height if run.line_height is not None else shaped.height
        # CSS 2.1 10.8: each inline box, and the line's strut, is centred in the line
        # height (half the leading above, half below), all on one baseline.
        above = max(
            shaped.ascent + (line_height - shaped.height) / 2,
            strut_ascent + (line_height - strut_height) / 2,
        )
        if run.align == "right":
            x = run.x + run.width - shaped.width
        elif run.align == "center":
            x = run.x + (run.width - shaped.width) / 2
        else:
            x = run.x
        self.pango.cairo_set_source_rgba(self.cairo, *run.colour)
        self._draw(shaped, x, run.y + above)

    def _draw(self, shaped: _Shaped, x: float, baseline: float) -> None:
        pango, cairo = self.pango, self.cairo
        for kind, offset, what in shaped.runs:
            if kind == "pango":
                pango.cairo_move_to(cairo, x + offset, baseline)
                pango.pango_cairo_show_glyph_item(cairo, shaped.text, what)
            elif kind == "glyphs":
                font, joined, glyphs, shown, clusters, count = what
                pango.cairo_save(cairo)
                pango.cairo_translate(cairo, x, baseline)
                pango.cairo_set_scaled_font(cairo, font)
                pango.cairo_show_text_glyphs(
                    cairo, joined, len(joined), glyphs, shown, clusters, count, 0
                )
                pango.cairo_restore(cairo)
            else:
                for image in what:
                    _paint(cairo, replace(image, x=x + image.x, y=baseline + image.y))
        pango.cairo_new_path(cairo)

    def _shape(
        self, text: str, font: Font, size: int, language: str, direction: str | None
    ) -> _Shaped | None:
        """text shaped in font at size (Pango units of mm), or None for no line."""
        key = (text, font, size, language, direction)
        shaped = self.shaped.get(key)
        if shaped is not None:
            self.shaped.move_to_end(key)
            return shaped
        pango, ffi = self.pango, self.ffi
        layout = ffi.gc(
            pango.pango_layout_new(self._context(language, direction)), pango.g_object_unref
        )
        # A line keeps the direction it is given; without one Pango finds it.
        pango.pango_layout_set_auto_dir(layout, direction is None)
        pango.pango_layout_set_font_description(layout, _description(font, size))
        encoded = text.encode("utf-8")
        pango.pango_layout_set_text(layout, encoded, len(encoded))
        self._attributes(layout, font, size, len(encoded))
        line = pango.pango_layout_get_line_readonly(layout, 0)
        if line == ffi.NULL:
            return None
        extents = ffi.new("PangoRectangle *")
        pango.pango_layout_line_get_extents(line, ffi.NULL, extents)
        # WeasyPrint counts a line's letter-spacing once more at its end (line_size):
        # measured so, aligned so.
        width = (extents.width + font.letter_spacing * size) / PANGO_SCALE
        shaped = _Shaped(
            layout,
            encoded,
            tuple(self._runs(line, encoded)),
            width,
            -extents.y / PANGO_SCALE,
            extents.height / PANGO_SCALE,
        )
        self.shaped[key] = shaped
        if len(self.shaped) > SHAPED_KEPT:
            self.shaped.popitem(last=False)
        return shaped

    def _runs(self, line: Any, text: bytes) -> Iterator[tuple[str, float, Any]]:
        """The line's runs of glyphs, left to right: each as Cairo text, except a run in
        a colour bitmap font (Noto Color Emoji), whose glyphs are the font's own images:
        Cairo 1.16 would rasterise them at 72 dpi."""
        pango, ffi = self.pango, self.ffi
        runs = ffi.cast("PangoLayoutLine *", line).runs
        x = 0.0
        while runs != ffi.NULL:
            run = ffi.cast("PangoGlyphItem *", runs.data)
            font = run.item.analysis.font
            if self._colour(font):
                yield "bitmaps", x, tuple(self._bitmaps(run.glyphs, font, x))
            elif run.item.analysis.level % 2:
                yield "glyphs", x, self._glyphs(run, text, x)
            else:
                yield "pango", x, run
            x += pango.pango_glyph_string_get_width(run.glyphs) / PANGO_SCALE
            runs = runs.next

    def _colour(self, font: Any) -> bool:
        """Whether a font's glyphs are colour bitmaps (CBDT, sbix: PNG images)."""
        address = int(self.ffi.cast("uintptr_t", font))
        found = self.colour_fonts.get(address)
        if found is None:
            pango = self.pango
            face = pango.hb_font_get_face(pango.pango_font_get_hb_font(font))
            found = self.colour_fonts[address] = bool(pango.hb_ot_color_has_png(face))
        return found

    def _context(self, language: str, direction: str | None) -> Any:
        key = (language, direction)
        context = self.contexts.get(key)
        if context is None:
            pango, ffi = self.pango, self.ffi
            context = ffi.gc(pango.pango_font_map_create_context(_font_map()), pango.g_object_unref)
            # As a PDF surface's own: outlines unhinted, metrics unrounded, as measured.
            # Not pango_cairo_update_context, which would also give the context the
            # transformation of wherever it was first used: one context serves lines
            # on every card, placed and turned anywhere.
            pango.pango_cairo_context_set_font_options(context, _font_options())
            pango.pango_context_set_round_glyph_positions(context, False)
            if language:
                pango.pango_context_set_language(
                    context, pango.pango_language_from_string(language.encode())
                )
            if direction:
                pango.pango_context_set_base_dir(context, _DIRECTIONS[direction])
            self.contexts[key] = context
        return context

    def _attributes(self, layout: Any, font: Font, size: int, length: int) -> None:
        """The font's features and letter-spacing (in Pango units, from its ems)."""
        if not font.features and not font.letter_spacing:
            return
        pango, ffi = self.pango, self.ffi
        attrs = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
        if font.features:
            pango.pango_attr_list_insert(
                attrs, pango.pango_attr_font_features_new(font.features.encode())
            )
        if font.letter_spacing:
            spacing = pango.pango_attr_letter_spacing_new(int(font.letter_spacing * size))
            spacing.start_index, spacing.end_index = 0, length
            pango.pango_attr_list_insert(attrs, spacing)
        pango.pango_layout_set_attributes(layout, attrs)

    def _strut(self, font: Font, size: int, language: str) -> tuple[float, float]:
        """A space's ascent and height in the font (its first family's): CSS's strut."""
        key = (font, size, language)
        found = self.struts.get(key)
        if found is None:
            space = self._shape(" ", font, size, language, None)
            found = (space.ascent, space.height) if space else (0.0, 0.0)
            self.struts[key] = found
        return found

    def _glyphs(self, run: Any, text: bytes, x: float) -> tuple[Any, ...]:
        """A right-to-left run's glyphs for Cairo, left to right as they are drawn, from
        x on the baseline, each cluster with the text it stands for (so the text copies
        out: Cairo writes the ToUnicode map, or an /ActualText span where glyphs and
        letters do not pair one to one).

        Pango's own pango_cairo_show_glyph_item hands such a run's clusters over
        backwards, and Cairo then writes its glyphs from right to left, each moved back
        by hand: viewers and poppler take every letter for a word of its own. In the
        order they are drawn, a right-to-left word is one word, as WeasyPrint writes
        it."""
        pango, ffi = self.pango, self.ffi
        item, glyphs = run.item, run.glyphs
        count = glyphs.num_glyphs
        own = text[item.offset : item.offset + item.length]
        starts = [glyphs.log_clusters[n] for n in range(count)]
        bounds = sorted(set(starts))
        ends = dict(zip(bounds, [*bounds[1:], item.length], strict=True))
        drawn = ffi.new("cairo_glyph_t[]", max(1, count))
        clusters = ffi.new("cairo_text_cluster_t[]", max(1, count))
        pieces: list[bytes] = []
        shown = cluster = n = 0
        while n < count:
            start, first = starts[n], shown
            while n < count and starts[n] == start:
                info = glyphs.glyphs[n]
                # Nothing to draw for a zero-width joiner or a character no font has.
                if info.glyph < _EMPTY_GLYPH:
                    drawn[shown].index = info.glyph
                    drawn[shown].x = x + info.geometry.x_offset / PANGO_SCALE
                    drawn[shown].y = info.geometry.y_offset / PANGO_SCALE
                    shown += 1
                x += info.geometry.width / PANGO_SCALE
                n += 1
            piece = own[start : ends[start]]
            pieces.append(piece)
            clusters[cluster].num_bytes = len(piece)
            clusters[cluster].num_glyphs = shown - first
            cluster += 1
        font = pango.pango_cairo_font_get_scaled_font(item.analysis.font)
        return (font, b"".join(pieces), drawn, shown, clusters, cluster)

    def _bitmaps(self, glyphs: Any, font: Any, x: float) -> Iterator[Image]:
        """Glyphs of a colour bitmap font as their PNG images, from x on the baseline,
        where Pango put them."""
        pango, ffi = self.pango, self.ffi
        hb_font = pango.pango_font_get_hb_font(font)
        extents = ffi.new("hb_glyph_extents_t *")
        length = ffi.new("unsigned int *")
        for index in range(glyphs.num_glyphs):
            info = glyphs.glyphs[index]
            glyph, advance = info.glyph, info.geometry.width / PANGO_SCALE
            font_advance = pango.hb_font_get_glyph_h_advance(hb_font, glyph)
            blob = pango.hb_ot_color_glyph_reference_png(hb_font, glyph)
            try:
                data = pango.hb_blob_get_data(blob, length)
                png = bytes(ffi.buffer(data, length[0])) if length[0] else b""
            finally:
                pango.hb_blob_destroy(blob)
            if png and font_advance and pango.hb_font_get_glyph_extents(hb_font, glyph, extents):
                # HarfBuzz's units to ours, by the glyph's advance in each
                scale = advance / font_advance
                left = x + info.geometry.x_offset / PANGO_SCALE + extents.x_bearing * scale
                top = info.geometry.y_offset / PANGO_SCALE - extents.y_bearing * scale
                yield Image(left, top, extents.width * scale, -extents.height * scale, png)
            x += advance


# Cairo's enumerations (cairo.h, cairo-pdf.h)
_PDF_VERSION_1_5 = 1
_METADATA = {"title": 0, "author": 1, "subject": 2, "keywords": 3, "creator": 4}
_FILTER_NEAREST = 3
_HINT_STYLE_NONE, _HINT_METRICS_OFF = 1, 1
_STATUS_READ_ERROR = 10

#: Pango's glyphs from PANGO_GLYPH_EMPTY (0x0FFFFFFF) up draw nothing (a zero-width
#: character) or a box for a character no font has (PANGO_GLYPH_UNKNOWN_FLAG).
_EMPTY_GLYPH = 0x0FFFFFFF
_DIRECTIONS = {"ltr": 0, "rtl": 1}  # PangoDirection: PANGO_DIRECTION_LTR, _RTL

_DECLARATIONS = """
typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;
typedef struct _cairo_pattern cairo_pattern_t;
typedef int (*cairo_read_func_t) (void *closure, unsigned char *data, unsigned int length);
cairo_surface_t *cairo_pdf_surface_create (const char *filename, double width, double height);
void cairo_pdf_surface_restrict_to_version (cairo_surface_t *surface, int version);
void cairo_pdf_surface_set_metadata (cairo_surface_t *surface, int metadata, const char *utf8);
void cairo_pdf_surface_set_size (cairo_surface_t *surface, double width, double height);
void cairo_surface_finish (cairo_surface_t *surface);
void cairo_surface_destroy (cairo_surface_t *surface);
int cairo_surface_status (cairo_surface_t *surface);
cairo_surface_t *cairo_image_surface_create_from_png_stream (
    cairo_read_func_t read_func, void *closure);
int cairo_image_surface_get_width (cairo_surface_t *surface);
int cairo_image_surface_get_height (cairo_surface_t *surface);
cairo_t *cairo_create (cairo_surface_t *target);
void cairo_destroy (cairo_t *cr);
int cairo_status (cairo_t *cr);
const char *cairo_status_to_string (int status);
void cairo_save (cairo_t *cr);
void cairo_restore (cairo_t *cr);
typedef struct { double xx; double yx; double xy; double yy; double x0; double y0; } cairo_matrix_t;
void cairo_get_matrix (cairo_t *cr, cairo_matrix_t *matrix);
void cairo_scale (cairo_t *cr, double sx, double sy);
void cairo_translate (cairo_t *cr, double tx, double ty);
void cairo_rotate (cairo_t *cr, double angle);
void cairo_set_source_rgba (cairo_t *cr, double red, double green, double blue, double alpha);
void cairo_set_source_surface (cairo_t *cr, cairo_surface_t *surface, double x, double y);
cairo_pattern_t *cairo_get_source (cairo_t *cr);
void cairo_pattern_set_filter (cairo_pattern_t *pattern, int filter);
void cairo_set_line_width (cairo_t *cr, double width);
void cairo_rectangle (cairo_t *cr, double x, double y, double width, double height);
void cairo_move_to (cairo_t *cr, double x, double y);
void cairo_line_to (cairo_t *cr, double x, double y);
void cairo_new_path (cairo_t *cr);
void cairo_fill (cairo_t *cr);
void cairo_stroke (cairo_t *cr);
void cairo_paint (cairo_t *cr);
void cairo_show_page (cairo_t *cr);
typedef struct _PangoContext PangoContext;
typedef struct _PangoLayout PangoLayout;
typedef struct _PangoFontDescription PangoFontDescription;
typedef struct _PangoAttrList PangoAttrList;
typedef struct _PangoLanguage PangoLanguage;
typedef struct _PangoFont PangoFont;
typedef struct { int x; int y; int width; int height; } PangoRectangle;
typedef struct { int width; int x_offset; int y_offset; } PangoGlyphGeometry;
typedef struct {
    uint32_t glyph;
    PangoGlyphGeometry geometry;
    uint32_t attr;
} PangoGlyphInfo;
typedef struct { int num_glyphs; PangoGlyphInfo *glyphs; int *log_clusters; } PangoGlyphString;
typedef struct {
    void *shape_engine;
    void *lang_engine;
    PangoFont *font;
    uint8_t level;
    uint8_t gravity;
    uint8_t flags;
    uint8_t script;
    PangoLanguage *language;
    void *extra_attrs;
} PangoAnalysis;
typedef struct { int offset; int length; int num_chars; PangoAnalysis analysis; } PangoItem;
typedef struct { PangoItem *item; PangoGlyphString *glyphs; } PangoGlyphItem;
typedef struct _GSList { void *data; struct _GSList *next; } GSList;
typedef struct { void *layout; int start_index; int length; GSList *runs; } PangoLayoutLine;
typedef struct { int32_t x_bearing; int32_t y_bearing; int32_t width; int32_t height; }
    hb_glyph_extents_t;
typedef struct {
    const void *klass;
    unsigned int start_index;
    unsigned int end_index;
} PangoAttribute;

void g_object_unref (void *object);
typedef struct _PangoFontMap PangoFontMap;
typedef struct _FcConfig FcConfig;
PangoFontMap *pango_cairo_font_map_new (void);
PangoContext *pango_font_map_create_context (PangoFontMap *fontmap);
typedef struct _cairo_font_options cairo_font_options_t;
cairo_font_options_t *cairo_font_options_create (void);
void cairo_font_options_set_hint_style (cairo_font_options_t *options, int hint_style);
void cairo_font_options_set_hint_metrics (cairo_font_options_t *options, int hint_metrics);
void pango_cairo_context_set_font_options (
    PangoContext *context, const cairo_font_options_t *options);
void pango_fc_font_map_set_config (PangoFontMap *fcfontmap, FcConfig *fcconfig);
FcConfig *FcInitLoadConfigAndFonts (void);
int FcConfigParseAndLoadFromMemory (FcConfig *config, const unsigned char *buffer, int complain);
void FcConfigDestroy (FcConfig *config);
void pango_cairo_show_layout_line (cairo_t *cr, PangoLayoutLine *line);
void pango_context_set_round_glyph_positions (PangoContext *context, int round_positions);
void pango_context_set_language (PangoContext *context, PangoLanguage *language);
void pango_context_set_base_dir (PangoContext *context, int direction);
PangoLanguage *pango_language_from_string (const char *language);
PangoLayout *pango_layout_new (PangoContext *context);
void pango_layout_set_auto_dir (PangoLayout *layout, int auto_dir);
void pango_layout_set_text (PangoLayout *layout, const char *text, int length);
void pango_layout_set_font_description (PangoLayout *layout, const PangoFontDescription *desc);
void pango_layout_set_attributes (PangoLayout *layout, PangoAttrList *attrs);
PangoLayoutLine *pango_layout_get_line_readonly (PangoLayout *layout, int line);
void pango_layout_line_get_extents (
    PangoLayoutLine *line, PangoRectangle *ink_rect, PangoRectangle *logical_rect);
PangoFontDescription *pango_font_description_new (void);
void pango_font_description_free (PangoFontDescription *desc);
void pango_font_description_set_family (PangoFontDescription *desc, const char *family);
void pango_font_description_set_style (PangoFontDescription *desc, int style);
void pango_font_description_set_stretch (PangoFontDescription *desc, int stretch);
void pango_font_description_set_weight (PangoFontDescription *desc, int weight);
void pango_font_description_set_absolute_size (PangoFontDescription *desc, double size);
PangoAttrList *pango_attr_list_new (void);
void pango_attr_list_unref (PangoAttrList *list);
void pango_attr_list_insert (PangoAttrList *list, PangoAttribute *attr);
PangoAttribute *pango_attr_letter_spacing_new (int letter_spacing);
PangoAttribute *pango_attr_font_features_new (const char *features);
typedef struct _cairo_scaled_font cairo_scaled_font_t;
typedef struct { unsigned long index; double x; double y; } cairo_glyph_t;
typedef struct { int num_bytes; int num_glyphs; } cairo_text_cluster_t;
cairo_scaled_font_t *pango_cairo_font_get_scaled_font (PangoFont *font);
void pango_cairo_show_glyph_item (cairo_t *cr, const char *text, PangoGlyphItem *glyph_item);
void cairo_set_scaled_font (cairo_t *cr, const cairo_scaled_font_t *scaled_font);
void cairo_show_text_glyphs (
    cairo_t *cr, const char *utf8, int utf8_len, const cairo_glyph_t *glyphs, int num_glyphs,
    const cairo_text_cluster_t *clusters, int num_clusters, int cluster_flags);
int pango_glyph_string_get_width (PangoGlyphString *glyphs);
void *pango_font_get_hb_font (PangoFont *font);
void *hb_font_get_face (void *font);
int hb_ot_color_has_png (void *face);
void *hb_ot_color_glyph_reference_png (void *font, uint32_t glyph);
const char *hb_blob_get_data (void *blob, unsigned int *length);
void hb_blob_destroy (void *blob);
int hb_font_get_glyph_extents (void *font, uint32_t glyph, hb_glyph_extents_t *extents);
int32_t hb_font_get_glyph_h_advance (void *font, uint32_t glyph);
"""


@cache
def _pango() -> tuple[Any, Any]:
    """PangoCairo, opened once per process (Pango's and GObject's symbols resolve
    through its dependencies)."""
    import cffi

    ffi = cffi.FFI()
    ffi.cdef(_DECLARATIONS)
    for name in ("libpangocairo-1.0.so.0", "libpangocairo-1.0.0.dylib", "libpangocairo-1.0-0.dll"):
        try:
            return ffi.dlopen(name), ffi
        except OSError:
            continue
    raise OSError("PangoCairo (libpangocairo-1.0) is not installed")


_STYLE_ITALIC = 2  # PANGO_STYLE_ITALIC


#: Fontconfig makes a bold of a face that has none (90-synthetic.conf), and Cairo then
#: embeds an emboldened copy with no name of its own. WeasyPrint draws the face as it
#: is: so does this, through a font map of its own whose configuration says so.
_NO_SYNTHETIC_BOLD = b"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <match target="font"><edit name="embolden" mode="assign"><bool>false</bool></edit></match>
</fontconfig>
"""


@cache
def _font_map() -> Any:
    """The font map every card's text is set with: the system's fonts and fontconfig
    configuration (as WeasyPrint's), less synthetic bold."""
    pango, _ = _pango()
    config = pango.FcInitLoadConfigAndFonts()
    pango.FcConfigParseAndLoadFromMemory(config, _NO_SYNTHETIC_BOLD, 1)
    font_map = pango.pango_cairo_font_map_new()
    pango.pango_fc_font_map_set_config(font_map, config)
    pango.FcConfigDestroy(config)  # the font map holds its own reference
    return font_map


@cache
def _font_options() -> Any:
    """Cairo's font options for every card's text: no hinting of outlines or metrics."""
    lib, _ = _pango()
    options = lib.cairo_font_options_create()
    lib.cairo_font_options_set_hint_style(options, _HINT_STYLE_NONE)
    lib.cairo_font_options_set_hint_metrics(options, _HINT_METRICS_OFF)
    return options


@lru_cache(maxsize=1024)
def _description(font: Font, size_units: int) -> Any:
    """A PangoFontDescription for font at size_units (Pango units of user space)."""
    pango, ffi = _pango()
    description = ffi.gc(pango.pango_font_description_new(), pango.pango_font_description_free)
    pango.pango_font_description_set_family(description, ",".join(font.families).encode())
    pango.pango_font_description_set_style(description, _STYLE_ITALIC if font.italic else 0)
    pango.pango_font_description_set_stretch(description, font.stretch)
    pango.pango_font_description_set_weight(description, font.weight)
    pango.pango_font_description_set_absolute_size(description, float(size_units))
    return description
