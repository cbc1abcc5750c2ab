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

Libraries: Cairo (libcairo2) through cairocffi; Pango and PangoCairo (libpango-1.0-0,
libpangocairo-1.0-0) through the few declarations below (cffi, ABI mode: no compiler).
pikepdf sets what Cairo cannot: the document's language, and an /ID made from the
content (reproducible bytes under SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
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
    Raises ValueError when there is no page."""
    with tempfile.TemporaryFile(prefix="brochure-cards-") as spool:
        drawn = _draw_to(spool, pages, info)
        if not drawn:
            raise ValueError("no page to draw")
        spool.seek(0)
        return _finished(spool, info)


def _draw_to(target: Any, pages: Iterable[Page], info: Info) -> int:
    import cairocffi

    surface = cairocffi.PDFSurface(target, 1, 1)
    surface.restrict_to_version(cairocffi.PDF_VERSION_1_5)
    for key, value in (
        (cairocffi.PDF_METADATA_TITLE, info.title),
        (cairocffi.PDF_METADATA_AUTHOR, ", ".join(info.authors)),
        (cairocffi.PDF_METADATA_SUBJECT, info.subject),
        (cairocffi.PDF_METADATA_KEYWORDS, info.keywords),
        (cairocffi.PDF_METADATA_CREATOR, info.creator),
        (cairocffi.PDF_METADATA_CREATE_DATE, _pdf_date(info.created)),
        (cairocffi.PDF_METADATA_MOD_DATE, _pdf_date(info.created)),
    ):
        if value:
            surface.set_metadata(key, value)
    context = cairocffi.Context(surface)
    drawer = _Drawer(context)
    count = 0
    for page in pages:
        surface.set_size(page.width * PT_PER_MM, page.height * PT_PER_MM)
        context.save()
        context.scale(PT_PER_MM, PT_PER_MM)
        drawer.items(page.items)
        context.restore()
        context.show_page()
        count += 1
    surface.finish()
    return count


def _pdf_date(when: dt.datetime) -> str:
    """ISO 8601 as Cairo's metadata takes it (it writes the PDF date itself)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _finished(pdf: Any, info: Info) -> bytes:
    """Cairo's PDF with the document's language, its title shown by viewers (PDF/UA's
    DisplayDocTitle), no Producer naming a library version, and an /ID made from its
    content: the same pages and Info give the same bytes."""
    import pikepdf

    with pikepdf.open(pdf) as document:
        document.Root.Lang = pikepdf.String(info.language)
        document.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        # Cairo 1.16 writes its dates without the D: prefix PDF dates start with (ISO
        # 32000-1, 7.9.4): written again, in the standard form.
        when = _pdf_date(info.created).replace("-", "").replace(":", "").replace("T", "")
        for key in ("/CreationDate", "/ModDate"):
            document.docinfo[key] = pikepdf.String(f"D:{when}")
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
        self.context = context
        self.text = _TextSetter(context)

    def items(self, items: Sequence[Item]) -> None:
        context = self.context
        for item in items:
            if isinstance(item, Text):
                self.text.show(item)
            elif isinstance(item, Rect):
                context.set_source_rgba(*item.fill)
                context.rectangle(item.x, item.y, item.width, item.height)
                context.fill()
            elif isinstance(item, Line):
                context.set_source_rgba(*item.colour)
                context.set_line_width(item.width)
                context.move_to(item.x1, item.y1)
                context.line_to(item.x2, item.y2)
                context.stroke()
            elif isinstance(item, Modules):
                self.modules(item)
            elif isinstance(item, Image):
                _paint(context, item)
            elif isinstance(item, Group):
                context.save()
                context.translate(item.x, item.y)
                if item.turned:
                    context.translate(item.width, item.height)
                    context.rotate(3.141592653589793)
                self.items(item.items)
                context.restore()

    def modules(self, symbol: Modules) -> None:
        """Each row's runs of dark modules as rectangles of one path, filled once (one
        fill: no seams between modules where a renderer smooths edges)."""
        if not symbol.rows:
            return
        context = self.context
        side = symbol.size / max(len(symbol.rows), len(symbol.rows[0]))
        for row, modules in enumerate(symbol.rows):
            start = modules.find("1")
            while start != -1:
                end = modules.find("0", start)
                if end == -1:
                    end = len(modules)
                context.rectangle(
                    symbol.x + start * side, symbol.y + row * side, (end - start) * side, side
                )
                start = modules.find("1", end)
        context.set_source_rgba(*symbol.colour)
        context.fill()


def _paint(context: Any, image: Image) -> None:
    """A PNG stretched over its box."""
    import cairocffi

    surface = _png_surface(image.png)
    context.save()
    context.translate(image.x, image.y)
    context.scale(image.width / surface.get_width(), image.height / surface.get_height())
    context.set_source_surface(surface)
    # Cards print pixel art (codes, marks, emoji) and photos alike: nearest neighbour
    # keeps the one and is no worse than the viewer's own smoothing for the other.
    context.get_source().set_filter(cairocffi.FILTER_NEAREST)
    context.paint()
    context.restore()


@lru_cache(maxsize=64)
def _png_surface(png: bytes) -> Any:
    import cairocffi

    return cairocffi.ImageSurface.create_from_png(io.BytesIO(png))


@dataclass
class _TextSetter:
    """Lines of text through Pango: one layout per (font, language, direction), reused
    with new text and size; metrics of each font's strut kept."""

    context: Any
    layouts: dict[tuple[Font, str, str | None], Any] = field(default_factory=dict)
    struts: dict[tuple[Font, float, str], tuple[float, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.pango, self.ffi = _pango()
        self.cairo = self.ffi.cast("cairo_t *", _address(self.context))

    def show(self, run: Text) -> None:
        pango, ffi = self.pango, self.ffi
        size = run.size / PT_PER_MM  # Pango sets type in user space: mm
        # First: the strut may be measured with the layout this line is set in.
        strut_ascent, strut_height = self._strut(run.font, size, run.language)
        layout = self._layout(run.font, run.language, run.direction)
        description = self._description(run.font, size)
        pango.pango_layout_set_font_description(layout, description)
        text = run.text.encode("utf-8")
        pango.pango_layout_set_text(layout, text, len(text))
        self._spacing(layout, run.font, size, len(text))
        line = pango.pango_layout_get_line_readonly(layout, 0)
        if line == ffi.NULL:
            return
        extents = ffi.new("PangoRectangle *")
        pango.pango_layout_line_get_extents(line, ffi.NULL, extents)
        width = extents.width / PANGO_SCALE
        ascent, height = -extents.y / PANGO_SCALE, extents.height / PANGO_SCALE
        line_height = run.line_height if run.line_height is not None else height
        # CSS 2.1 10.8: each inline box, and the line's strut, is centred in the line
        # height (half the leading above, half below), all on one baseline.
        above = ascent + (line_height - height) / 2
        above = max(above, strut_ascent + (line_height - strut_height) / 2)
        # WeasyPrint counts a line's letter-spacing once more at its end (line_size):
        # measured so, aligned so.
        width += run.font.letter_spacing * size
        if run.align == "right":
            x = run.x + run.width - width
        elif run.align == "center":
            x = run.x + (run.width - width) / 2
        else:
            x = run.x
        self.context.set_source_rgba(*run.colour)
        self._runs(line, text, x, run.y + above)

    def _runs(self, line: Any, text: bytes, x: float, baseline: float) -> None:
        """The line's runs of glyphs, left to right from x on the baseline: each through
        Cairo as text, except a run in a colour bitmap font (Noto Color Emoji), whose
        glyphs are drawn as the font's own images: Cairo 1.16 would rasterise them at
        72 dpi."""
        pango, ffi = self.pango, self.ffi
        runs = ffi.cast("PangoLayoutLine *", line).runs
        context = self.context
        while runs != ffi.NULL:
            run = ffi.cast("PangoGlyphItem *", runs.data)
            glyphs = run.glyphs
            width = pango.pango_glyph_string_get_width(glyphs) / PANGO_SCALE
            hb_font = pango.pango_font_get_hb_font(run.item.analysis.font)
            if pango.hb_ot_color_has_png(pango.hb_font_get_face(hb_font)):
                self._bitmaps(hb_font, glyphs, x, baseline)
            else:
                self._glyphs(run, text, x, baseline)
            x += width
            runs = runs.next
        context.new_path()

    def _glyphs(self, run: Any, text: bytes, x: float, baseline: float) -> None:
        """A run's glyphs through Cairo, left to right as they are drawn, each cluster
        with the text it stands for (so the text copies out: Cairo writes the ToUnicode
        map, or an /ActualText span where glyphs and letters do not pair one to one).

        Pango's own pango_cairo_show_glyph_item hands a right-to-left run's clusters
        over backwards, and Cairo then writes its glyphs from right to left, each moved
        back by hand: viewers and poppler take every letter for a word of its own. In
        the order they are drawn, a right-to-left word is one word, as WeasyPrint
        writes it."""
        pango, ffi = self.pango, self.ffi
        item, glyphs = run.item, run.glyphs
        count = glyphs.num_glyphs
        own = text[item.offset : item.offset + item.length]
        starts = [glyphs.log_clusters[n] for n in range(count)]
        bounds = sorted(set(starts))
        ends = dict(zip(bounds, [*bounds[1:], item.length], strict=True))
        drawn = ffi.new("cairo_glyph_t[]", count)
        clusters = ffi.new("cairo_text_cluster_t[]", count)
        pieces: list[bytes] = []
        shown = cluster = 0
        n = 0
        while n < count:
            start, first = starts[n], shown
            while n < count and starts[n] == start:
                info = glyphs.glyphs[n]
                # Nothing to draw for a zero-width joiner or a character no font has.
                if info.glyph < _EMPTY_GLYPH:
                    drawn[shown].index = info.glyph
                    drawn[shown].x = x + info.geometry.x_offset / PANGO_SCALE
                    drawn[shown].y = baseline + info.geometry.y_offset / PANGO_SCALE
                    shown += 1
                x += info.geometry.width / PANGO_SCALE
                n += 1
            piece = own[start : ends[start]]
            pieces.append(piece)
            clusters[cluster].num_bytes = len(piece)
            clusters[cluster].num_glyphs = shown - first
            cluster += 1
        joined = b"".join(pieces)
        font = pango.pango_cairo_font_get_scaled_font(item.analysis.font)
        pango.cairo_set_scaled_font(self.cairo, font)
        pango.cairo_show_text_glyphs(
            self.cairo, joined, len(joined), drawn, shown, clusters, cluster, 0
        )

    def _bitmaps(self, hb_font: Any, glyphs: Any, x: float, baseline: float) -> None:
        """Glyphs of a colour bitmap font as their PNG images, where Pango put them."""
        pango, ffi = self.pango, self.ffi
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
                top = baseline + info.geometry.y_offset / PANGO_SCALE - extents.y_bearing * scale
                box = Image(left, top, extents.width * scale, -extents.height * scale, png)
                _paint(self.context, box)
            x += advance

    def _layout(self, font: Font, language: str, direction: str | None) -> Any:
        key = (font, language, direction)
        layout = self.layouts.get(key)
        if layout is None:
            pango, ffi = self.pango, self.ffi
            context = ffi.gc(
                pango.pango_font_map_create_context(_font_map()), pango.g_object_unref
            )
            pango.pango_cairo_update_context(self.cairo, context)
            pango.pango_context_set_round_glyph_positions(context, False)
            if language:
                pango.pango_context_set_language(
                    context, pango.pango_language_from_string(language.encode())
                )
            if direction:
                pango.pango_context_set_base_dir(context, _DIRECTIONS[direction])
            layout = ffi.gc(pango.pango_layout_new(context), pango.g_object_unref)
            # A line keeps the direction it is given; without one Pango finds it.
            pango.pango_layout_set_auto_dir(layout, direction is None)
            if font.features:
                attrs = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
                pango.pango_attr_list_insert(
                    attrs, pango.pango_attr_font_features_new(font.features.encode())
                )
                pango.pango_layout_set_attributes(layout, attrs)
            self.layouts[key] = layout
        return layout

    def _description(self, font: Font, size: float) -> Any:
        return _description(font, round(size * PANGO_SCALE))

    def _spacing(self, layout: Any, font: Font, size: float, length: int) -> None:
        if not font.letter_spacing:
            return
        pango, ffi = self.pango, self.ffi
        attrs = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
        if font.features:
            pango.pango_attr_list_insert(
                attrs, pango.pango_attr_font_features_new(font.features.encode())
            )
        spacing = pango.pango_attr_letter_spacing_new(
            int(font.letter_spacing * size * PANGO_SCALE)
        )
        spacing.start_index, spacing.end_index = 0, length
        pango.pango_attr_list_insert(attrs, spacing)
        pango.pango_layout_set_attributes(layout, attrs)

    def _strut(self, font: Font, size: float, language: str) -> tuple[float, float]:
        """A space's ascent and height in the font (its first family's): CSS's strut."""
        key = (font, size, language)
        found = self.struts.get(key)
        if found is None:
            pango, ffi = self.pango, self.ffi
            layout = self._layout(font, language, None)
            pango.pango_layout_set_font_description(layout, self._description(font, size))
            pango.pango_layout_set_text(layout, b" ", 1)
            pango.pango_layout_set_attributes(layout, ffi.NULL)
            extents = ffi.new("PangoRectangle *")
            line = pango.pango_layout_get_line_readonly(layout, 0)
            pango.pango_layout_line_get_extents(line, ffi.NULL, extents)
            found = (-extents.y / PANGO_SCALE, extents.height / PANGO_SCALE)
            if font.features:
                # the layout's own attributes (its features) back for the next line
                del self.layouts[(font, language, None)]
            self.struts[key] = found
        return found


def _address(context: Any) -> int:
    """The cairo_t * of a cairocffi Context, as an address for our own declarations
    (both reach the one libcairo the process has loaded)."""
    import cairocffi

    return int(cairocffi.ffi.cast("uintptr_t", context._pointer))


#: Pango's glyphs from PANGO_GLYPH_EMPTY (0x0FFFFFFF) up draw nothing (a zero-width
#: character) or a box for a character no font has (PANGO_GLYPH_UNKNOWN_FLAG).
_EMPTY_GLYPH = 0x0FFFFFFF
_DIRECTIONS = {"ltr": 0, "rtl": 1}  # PangoDirection: PANGO_DIRECTION_LTR, _RTL

_DECLARATIONS = """
typedef struct _cairo cairo_t;
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
void pango_cairo_update_context (cairo_t *cr, PangoContext *context);
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
