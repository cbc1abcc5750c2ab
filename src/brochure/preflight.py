"""Preflight: what a print shop checks in a PDF before it goes to press.

Each check reads the PDF as it is (pikepdf for its objects, poppler for where the words
are and what the pages look like), whoever made it:

- pages: a folded booklet has a multiple of four pages; its imposed file (two pages to a
  side), an even number, both sides of each sheet;
- fonts: every font embedded (a missing one prints in a substitute);
- images: effective resolution at the printed size (300 ppi for print);
- bleed: where the file has a trim box (or the shop's file is asked for), backgrounds
  may run 3 mm past it;
- safe area: no text within 3 mm of the trim (the guillotine wanders);
- contrast: each word against what is behind it, WCAG 2.2 AA.
"""

from __future__ import annotations

import contextlib
import math
import re
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any, Literal

from brochure import colour
from brochure.errors import BrochureError
from brochure.finishing import prepress
from brochure.finishing.finishes import PAGES, Finish
from brochure.outputs import REGISTRY

Level = Literal["ok", "warning", "error"]

#: Below this effective resolution an image shows its pixels: an error (ppi).
BLURRED_PPI = 150
#: Pages rendered for the contrast check, per inch.
CONTRAST_DPI = 150
RENDER = ("pdftoppm", "-r", str(CONTRAST_DPI), "-aa", "no", "-aaVector", "no", "-png")
PT_PER_MM = 72 / 25.4
#: Tolerance on measured lengths, mm (PDF boxes are rounded to hundredths of a point).
TOLERANCE = 0.1


class PreflightError(BrochureError):
    """A file preflight cannot read."""


@dataclass(frozen=True)
class Finding:
    """One check's verdict on one file."""

    file: str
    check: str
    level: Level
    detail: str


def preflight(target: Path, print_shop: bool = False) -> list[Finding]:
    """Every check on a PDF, or on each PDF of a pack (a folder).

    print_shop: the file is meant for a print shop, so it must have bleed. Each file is
    checked as the output that writes it declares it finished (outputs.base.File); a PDF
    no output writes is taken as a booklet's pages (the strictest rules).
    Raises PreflightError when the target is neither a PDF nor a folder holding one.
    """
    if target.is_dir():
        # A pack in several languages has a folder per language (es/brochure.pdf).
        files = sorted(target.glob("*.pdf")) + sorted(
            path for path in target.glob("*/*.pdf") if not path.parent.name.startswith(".")
        )
        if not files:
            raise PreflightError(f"{target}: no PDF files to check")
        named = [(path, path.relative_to(target).as_posix()) for path in files]
    elif target.is_file():
        named = [(target, target.name)]
    else:
        raise PreflightError(f"{target}: no such file or folder")
    return [finding for path, name in named for finding in check_file(path, print_shop, name)]


def check_file(
    path: Path, print_shop: bool = False, name: str | None = None, finish: Finish | None = None
) -> list[Finding]:
    """Every check on one PDF; name is how the findings call it (default: its file name);
    finish how its sheets are finished (default: as the output that writes a file of that
    name declares, else a booklet's pages)."""
    import pikepdf

    try:
        document = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as error:
        raise PreflightError(f"{path}: not a readable PDF ({error})") from None
    name = name or path.name
    finish = finish or REGISTRY.finish_of(name) or PAGES
    with document:
        pages = list(document.pages)
        findings = [
            _pages(name, len(pages), finish),
            _fonts(name, pages),
            _images(name, pages),
            _bleed(name, pages, print_shop and finish.bleed),
        ]
        trims = [_trim(page) for page in pages]
    words = list(_words(path))
    if finish.uncut:
        # Not cut at the page's edge: cards are cut along their own edges, which the
        # layout places (cards/sheets.py); folded or loose sheets are used as printed.
        findings.append(Finding(name, "safe area", "ok", finish.uncut))
    else:
        findings.append(_safe_area(name, words, trims))
    findings.append(_contrast(name, path, words))
    return findings


def worst(findings: list[Finding]) -> Level:
    """The most serious level among findings."""
    levels = {finding.level for finding in findings}
    return "error" if "error" in levels else "warning" if "warning" in levels else "ok"


def _pages(name: str, count: int, finish: Finish) -> Finding:
    """The page count: whole units of its finish (a folded booklet's pages come four to a
    sheet, an imposed booklet's two sides to a sheet); cut or loose sheets, any number."""
    per = finish.pages_per_unit
    if count % per:
        needs = finish.needs.format(whole=count + -count % per)
        return Finding(name, "pages", "error", f"{count} pages: {needs}")
    return Finding(name, "pages", "ok", f"{count} pages: {finish.whole.format(units=count // per)}")


def _resources(page: Any) -> Iterator[Any]:
    """The page's resources, those of its annotations' appearance streams (ISO 32000-1
    12.5.5: a filled form field draws with fonts of its own) and those of every form
    XObject in them, each once."""
    seen: set[tuple[int, int]] = set()
    stack = [page.obj.get("/Resources"), *_appearance_resources(page)]
    while stack:
        resources = stack.pop()
        if resources is None:
            continue
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        yield resources
        for xobject in dict(resources.get("/XObject", {})).values():
            if xobject.get("/Subtype") == "/Form":
                stack.append(xobject.get("/Resources"))


def _appearance_resources(page: Any) -> Iterator[Any]:
    """The resources of each appearance stream of the page's annotations (/AP: normal,
    rollover, down; each a stream or a dictionary of states)."""
    import pikepdf

    for annotation in page.obj.get("/Annots", []) or []:
        if not isinstance(annotation, pikepdf.Dictionary):
            continue
        for appearance in dict(annotation.get("/AP", {})).values():
            streams = (
                [appearance]
                if isinstance(appearance, pikepdf.Stream)
                else [v for v in dict(appearance).values() if isinstance(v, pikepdf.Stream)]
                if isinstance(appearance, pikepdf.Dictionary)
                else []
            )
            for stream in streams:
                yield stream.get("/Resources")


def _fonts(name: str, pages: list[Any]) -> Finding:
    fonts: dict[str, bool] = {}
    for page in pages:
        for resources in _resources(page):
            for font in dict(resources.get("/Font", {})).values():
                fonts[str(font.get("/BaseFont", "?"))[1:]] = _embedded(font)
    missing = sorted(font for font, embedded in fonts.items() if not embedded)
    if missing:
        return Finding(name, "fonts", "error", f"not embedded: {', '.join(missing)}")
    return Finding(name, "fonts", "ok", f"{len(fonts)} fonts, all embedded")


def _embedded(font: Any) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # its glyphs are drawn in the file
    if font.get("/Subtype") == "/Type0":
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
    )


@dataclass(frozen=True)
class _Placed:
    page: int
    pixels: tuple[int, int]
    ppi: float


def _images(name: str, pages: list[Any]) -> Finding:
    placed = [image for number, page in enumerate(pages, 1) for image in _placed(page, number)]
    if not placed:
        return Finding(name, "images", "ok", "no raster images")
    low = min(placed, key=lambda image: image.ppi)
    where = f"{low.pixels[0]} x {low.pixels[1]} px at {low.ppi:.0f} ppi on page {low.page}"
    if low.ppi < BLURRED_PPI:
        return Finding(name, "images", "error", f"{where}; it will print blurred")
    if low.ppi < prepress.MIN_PRINT_DPI:
        return Finding(
            name, "images", "warning", f"{where}; {prepress.MIN_PRINT_DPI} wanted for print"
        )
    return Finding(name, "images", "ok", f"{len(placed)} placed, lowest {low.ppi:.0f} ppi")


def _placed(page: Any, number: int) -> Iterator[_Placed]:
    """Each raster image drawn on the page, with its effective resolution (the CTM of
    its `Do`, ISO 32000-1 8.3 and 8.9: an image fills the unit square)."""
    import pikepdf

    def walk(stream: Any, resources: Any, ctm: Any, depth: int) -> Iterator[_Placed]:
        stack = []
        for instruction in pikepdf.parse_content_stream(stream):
            operands, operator = instruction.operands, instruction.operator
            op = str(operator)
            if op == "q":
                stack.append(ctm)
            elif op == "Q" and stack:
                ctm = stack.pop()
            elif op == "cm":
                ctm = pikepdf.Matrix(*(float(v) for v in operands)) @ ctm
            elif op == "INLINE IMAGE":  # BI ... ID ... EI: an image in the content itself
                image = operands[0]
                if _interpolated(getattr(image, "_image_object", {})):
                    yield from _at(number, (int(image.width), int(image.height)), ctm)
            elif op == "Do" and resources is not None:
                xobject = resources.get("/XObject", {}).get(str(operands[0]))
                if xobject is None:
                    continue
                if xobject.get("/Subtype") == "/Image":
                    if _interpolated(xobject):
                        yield from _at(number, (int(xobject.Width), int(xobject.Height)), ctm)
                elif xobject.get("/Subtype") == "/Form" and depth < 16:
                    matrix = pikepdf.Matrix(
                        *(float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0]))
                    )
                    inner = xobject.get("/Resources", resources)
                    yield from walk(xobject, inner, matrix @ ctm, depth + 1)

    yield from walk(page, page.obj.get("/Resources"), pikepdf.Matrix(), 0)


def _interpolated(image: Any) -> bool:
    """False for an image drawn pixel for pixel with hard edges (a QR code's modules,
    /Interpolate false; /I in an inline image): sharp at any size, so its resolution is
    not judged."""
    for key in ("/Interpolate", "/I"):
        with contextlib.suppress(Exception):  # a malformed value: judge the image
            if key in image and bool(image[key]) is False:
                return False
    return True


def _at(number: int, pixels: tuple[int, int], ctm: Any) -> Iterator[_Placed]:
    """An image of pixels filling the unit square under ctm (ISO 32000-1 8.3.4), with
    its effective resolution."""
    width_in = math.hypot(ctm.a, ctm.b) / 72
    height_in = math.hypot(ctm.c, ctm.d) / 72
    if width_in > 0 and height_in > 0:
        yield _Placed(number, pixels, min(pixels[0] / width_in, pixels[1] / height_in))


def _box(page: Any, name: str) -> tuple[float, float, float, float]:
    """A page box in points, x0 < x1 and y0 < y1; an unset box defaults as ISO 32000-1
    14.11.2 says: the crop box to the media box, the others to the crop box."""
    default = "/MediaBox" if name == "/CropBox" else "/CropBox"
    box = page.obj.get(name)
    if box is None:
        return _box(page, default) if name != "/MediaBox" else (0.0, 0.0, 612.0, 792.0)
    x0, y0, x1, y1 = (float(v) for v in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _trim(page: Any) -> tuple[float, float, float, float]:
    """The trim box as poppler's word boxes see it: mm from the crop box's top left."""
    cx0, _, _, cy1 = _box(page, "/CropBox")
    x0, y0, x1, y1 = _box(page, "/TrimBox")
    return (
        (x0 - cx0) / PT_PER_MM,
        (cy1 - y1) / PT_PER_MM,
        (x1 - cx0) / PT_PER_MM,
        (cy1 - y0) / PT_PER_MM,
    )


def _bleed(name: str, pages: list[Any], print_shop: bool) -> Finding:
    trimmed = [page for page in pages if "/TrimBox" in page.obj]
    if not trimmed or all(_box(p, "/TrimBox") == _box(p, "/MediaBox") for p in trimmed):
        if print_shop:
            return Finding(name, "bleed", "error", "no bleed: the pages end at the trim")
        return Finding(name, "bleed", "ok", "none (not for a print shop)")
    least = math.inf
    for page in pages:
        tx0, ty0, tx1, ty1 = _box(page, "/TrimBox")
        bx0, by0, bx1, by1 = _box(page, "/BleedBox")
        least = min(least, tx0 - bx0, ty0 - by0, bx1 - tx1, by1 - ty1)
    least /= PT_PER_MM
    if least < prepress.BLEED - TOLERANCE:
        return Finding(
            name, "bleed", "error", f"{least:.1f} mm past the trim; {prepress.BLEED:g} mm wanted"
        )
    return Finding(name, "bleed", "ok", f"{least:.1f} mm on every side")


@dataclass(frozen=True)
class _Word:
    page: int
    text: str
    box: tuple[float, float, float, float]
    """mm from the page's crop box top left: x0, y0, x1, y1."""


def _words(path: Path) -> Iterator[_Word]:
    """Every word poppler finds, with its box."""
    try:
        html = subprocess.run(
            ["pdftotext", "-bbox", str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    except FileNotFoundError:
        raise PreflightError("preflight needs poppler's pdftotext: install poppler-utils") from None
    except subprocess.CalledProcessError as error:
        raise PreflightError(f"{path}: poppler cannot read it ({error.stderr.strip()})") from None
    word = re.compile(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    )
    for number, page in enumerate(html.split("<page ")[1:], 1):
        for x0, y0, x1, y1, text in word.findall(page):
            box = tuple(float(v) / PT_PER_MM for v in (x0, y0, x1, y1))
            yield _Word(number, unescape(text), (box[0], box[1], box[2], box[3]))


def _safe_area(
    name: str, words: list[_Word], trims: list[tuple[float, float, float, float]]
) -> Finding:
    margin = prepress.SAFE_MARGIN - TOLERANCE
    close = []
    for word in words:
        tx0, ty0, tx1, ty1 = trims[word.page - 1]
        x0, y0, x1, y1 = word.box
        room = min(x0 - tx0, y0 - ty0, tx1 - x1, ty1 - y1)
        if room < margin:
            close.append((room, word))
    if close:
        room, word = min(close, key=lambda item: item[0])
        return Finding(
            name,
            "safe area",
            "error",
            f"{len(close)} words within {prepress.SAFE_MARGIN:g} mm of the trim, e.g. "
            f"'{word.text}' on page {word.page} ({max(room, 0):.1f} mm)",
        )
    return Finding(
        name, "safe area", "ok", f"no text within {prepress.SAFE_MARGIN:g} mm of the trim"
    )


def _contrast(name: str, path: Path, words: list[_Word]) -> Finding:
    """Each word's pixels on the page rendered without anti-aliasing: the colour farthest
    from the commonest (the background) is the text's. Each raster picture against the
    ring around it (pictures.unseen): one that does not stand out (a white logo on
    white) is a warning."""
    from PIL import Image

    from brochure import pictures

    placed = list(pictures.placed(path))
    if not words and not placed:
        return Finding(name, "contrast", "ok", "no text")
    lowest: tuple[float, float, _Word] | None = None
    failing = 0
    unseen: list[pictures.Unseen] = []
    with tempfile.TemporaryDirectory(prefix="brochure-preflight-") as folder:
        subprocess.run(
            # Without anti-aliasing a glyph's pixels are its ink, not a blend.
            [*RENDER, str(path), f"{folder}/p"],
            check=True,
            capture_output=True,
        )
        images = sorted(Path(folder).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        scale = CONTRAST_DPI / 25.4
        for number, image_path in enumerate(images, 1):
            with Image.open(image_path) as opened:
                image = opened.convert("RGB")
            for word in (w for w in words if w.page == number):
                ratio = _word_contrast(image, word, scale)
                if ratio is None:
                    continue
                height_pt = (word.box[3] - word.box[1]) * PT_PER_MM
                # poppler's word box is about 1.2 times the type size
                need = colour.needed(height_pt / 1.2, bold=False)
                if ratio < need:
                    failing += 1
                if lowest is None or ratio / need < lowest[0] / lowest[1]:
                    lowest = (ratio, need, word)
            for picture in (p for p in placed if p.page == number):
                if (found := pictures.unseen(picture, image, CONTRAST_DPI)) is not None:
                    unseen.append(found)
    seen = ""
    if unseen:
        first = unseen[0]
        x0, y0, x1, y1 = first.picture.box
        seen = (
            f"{len(unseen)} picture{'s' if len(unseen) != 1 else ''} not seen against what "
            f"is around {'it' if len(unseen) == 1 else 'them'}, e.g. page {first.picture.page} "
            f"at {x0:.0f}, {y0:.0f} mm ({x1 - x0:.0f} x {y1 - y0:.0f} mm): "
            f"{first.contrast:.1f}:1 against #{''.join(f'{c:02x}' for c in first.ground)}, "
            f"{pictures.MARK_CONTRAST:g}:1 needed"
        )
    if lowest is None:
        if seen:
            return Finding(name, "contrast", "warning", seen)
        return Finding(name, "contrast", "ok", "no measurable text")
    ratio, need, word = lowest
    detail = f"lowest {ratio:.1f}:1 of {need:g}:1 needed ('{word.text}', page {word.page})"
    if failing:
        return Finding(
            name,
            "contrast",
            "error",
            f"{failing} words below WCAG AA; {detail}" + (f"; {seen}" if seen else ""),
        )
    if seen:
        return Finding(name, "contrast", "warning", f"{seen}; every word meets WCAG AA")
    return Finding(name, "contrast", "ok", f"every word meets WCAG AA; {detail}")


def _word_contrast(image: Any, word: _Word, scale: float) -> float | None:
    """The contrast between the word's ink and its background, from its pixels: the
    commonest colour is the background, the one farthest from it the ink."""
    x0, y0, x1, y1 = word.box
    # The middle of the line first: most letters cross it, and the box's edges may touch
    # a neighbouring rule or picture; a word that leaves it empty (a full stop) whole.
    for top, bottom in ((0.3, 0.7), (0.0, 1.0)):
        crop = image.crop(
            (
                max(round(x0 * scale), 0),
                max(round((y0 + top * (y1 - y0)) * scale), 0),
                min(round(x1 * scale), image.width),
                min(round((y0 + bottom * (y1 - y0)) * scale), image.height),
            )
        )
        if crop.width < 1 or crop.height < 1:
            continue
        counts = crop.getcolors(maxcolors=crop.width * crop.height) or []
        if len(counts) < 2:
            continue
        ground = _rgb(max(counts)[1])
        ink = max((_rgb(rgb) for _, rgb in counts), key=lambda rgb: colour.contrast(rgb, ground))
        return colour.contrast(ink, ground)
    return None


def _rgb(pixel: tuple[int, int, int]) -> colour.RGB:
    return (pixel[0] / 255, pixel[1] / 255, pixel[2] / 255)
