"""Preflight: what a print shop checks in a PDF before it goes to press.

Each check reads the PDF as it is (pikepdf for its objects, poppler for where the words
are and what the pages look like), whoever made it:

- encryption: a print shop needs the file unencrypted (PDF/X has no encryption);
- pages: at least one; a folded booklet has a multiple of four pages; its imposed file
  (two pages to a side), an even number, both sides of each sheet;
- fonts: every font embedded (a missing one prints in a substitute);
- images: effective resolution at the printed size (300 ppi for print);
- bleed: where the file has a trim box (or the shop's file is asked for), backgrounds
  may run 3 mm past it; a page without a media box, or with a trim or bleed box reaching
  past it, is an error;
- safe area: no text within 3 mm of the trim (the guillotine wanders);
- contrast: each word against what is behind it, WCAG 2.2 AA.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import re
import subprocess
import tempfile
import unicodedata
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
#: Without anti-aliasing a glyph's pixels are its ink, not a blend.
RENDER = ("pdftoppm", "-aa", "no", "-aaVector", "no", "-png", "-singlefile")
PT_PER_MM = 72 / 25.4
#: Tolerance on measured lengths, mm (PDF boxes are rounded to hundredths of a point).
TOLERANCE = 0.1
#: The most pixels a page is drawn with for the contrast check: a larger page (a banner,
#: a 200-inch page) is drawn at a lower resolution (brochure has Pillow refuse images
#: above 40 MP as decompression bombs, and poppler fails silently above its own limit).
MAX_PIXELS = 30_000_000
#: Below this resolution a page's text is too coarse to judge its contrast (dpi).
MIN_CONTRAST_DPI = 18
#: The largest number a coordinate may be (ISO 32000-1 Annex C: integers up to 2^31).
MAX_COORDINATE = 2.0**31
#: What preflight says of a PDF it cannot open without the password it is encrypted with.
ENCRYPTED_UNREAD = (
    "the PDF is encrypted with a password, so it cannot be checked; a print shop needs it "
    "unencrypted: save or export it again without a password"
)
#: What preflight says of an encrypted PDF that opens without a password (permissions only).
ENCRYPTED_OPEN = (
    "the PDF is encrypted (a permissions password); a print shop needs it unencrypted: "
    "save or export it again without a password"
)
#: The errors pikepdf raises reading a malformed object (wrong type, missing key).
_UNREADABLE = (TypeError, ValueError, AttributeError, KeyError, IndexError, RecursionError)


class PreflightError(BrochureError):
    """A file preflight cannot read."""


class _Malformed(Exception):
    """A value preflight reads is missing, of the wrong type, or out of range; its text
    says which (`its /TrimBox [ 0 0 /X 1 ] is not four numbers`)."""


def _shown(value: Any) -> str:
    """A PDF value as the file writes it, shortened, safe to print."""
    try:
        text = value.unparse().decode("latin-1") if hasattr(value, "unparse") else str(value)
    except Exception:  # an object pikepdf cannot write back is shown by its kind
        text = type(value).__name__
    text = "".join(c if c.isprintable() else "?" for c in _digits(text))
    return text if len(text) <= 40 else text[:39] + "…"


def _digits(text: str) -> str:
    """text with each run of 20 digits or more shortened: 100000…000 (301 digits)."""

    def shortened(digits: re.Match[str]) -> str:
        number = digits[0]
        return f"{number[:6]}…{number[-3:]} ({len(number)} digits)"

    return re.sub(r"\d{20,}", shortened, text)


def _number(value: Any, what: str) -> float:
    """value as a finite number of a sane size; _Malformed naming what otherwise."""
    from decimal import Decimal

    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise _Malformed(f"{what} {_shown(value)} is not a number")
    number = float(value)
    if not math.isfinite(number) or abs(number) > MAX_COORDINATE:
        raise _Malformed(f"{what} {_shown(value)} is out of range")
    return number


def _numbers(value: Any, what: str, count: int) -> list[float]:
    """An array of count numbers (_number); _Malformed naming what otherwise."""
    import pikepdf

    if not isinstance(value, pikepdf.Array) or len(value) != count:
        raise _Malformed(f"{what} {_shown(value)} is not {_COUNTS[count]} numbers")
    try:
        return [_number(item, what) for item in value]
    except _Malformed as error:
        wrong = (
            "is out of range"
            if str(error).endswith("out of range")
            else (f"is not {_COUNTS[count]} numbers")
        )
        raise _Malformed(f"{what} {_shown(value)} {wrong}") from None


_COUNTS = {4: "four", 6: "six"}


def _page_problem(number: int, error: Exception) -> str:
    """What was wrong on page number, in the finding's words."""
    if isinstance(error, _Malformed):
        return f"page {number}: {error}"
    return f"page {number}: cannot be read ({type(error).__name__}: {_shown(error)})"


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

    name = name or path.name
    try:
        document = pikepdf.open(path)
    except pikepdf.PasswordError:
        return [Finding(name, "encryption", "error", ENCRYPTED_UNREAD)]
    except (pikepdf.PdfError, OSError) as error:
        raise PreflightError(f"{path}: not a readable PDF ({error})") from None
    finish = finish or REGISTRY.finish_of(name) or PAGES
    # The page tree as the file writes it, before pikepdf lists the pages: qpdf then
    # mends what it cannot use (a media box of letters becomes letter size, a page it
    # cannot parse is left out), and preflight would judge its mending, not the file.
    sheets = _sheets(path)
    with document:
        numbers = {sheet.objgen: sheet.number for sheet in sheets}
        pages = [
            (numbers.get(page.obj.objgen, index), page)
            for index, page in enumerate(document.pages, 1)
        ]
        findings = [
            _pages(name, sheets, finish),
            _fonts(name, pages),
            _images(name, pages),
            _bleed(name, sheets, print_shop and finish.bleed),
        ]
        if document.is_encrypted:
            # Opened without a password (a permissions password only), but encrypted all
            # the same: PDF/X (ISO 15930-1 6.1.2) has no encryption, and RIPs refuse it.
            findings.insert(0, Finding(name, "encryption", "error", ENCRYPTED_OPEN))
    trims = [_trim(sheet) for sheet in sheets]
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


def _pages(name: str, sheets: list[_Sheet], finish: Finish) -> Finding:
    """The page count: whole units of its finish (a folded booklet's pages come four to a
    sheet, an imposed booklet's two sides to a sheet); cut or loose sheets, any number. A
    page the file lists but whose object cannot be read is an error naming it."""
    count = len(sheets)
    if not count:
        return Finding(name, "pages", "error", "no pages: an empty document, nothing to print")
    unread = [sheet for sheet in sheets if sheet.unread]
    if unread:
        first = unread[0]
        more = f" (and {len(unread) - 1} more pages)" if len(unread) > 1 else ""
        detail = f"{count} pages: page {first.number}: {first.problem}{more}"
        return Finding(name, "pages", "error", detail)
    per = finish.pages_per_unit
    if count % per:
        needs = finish.needs.format(whole=count + -count % per)
        return Finding(name, "pages", "error", f"{count} pages: {needs}")
    return Finding(name, "pages", "ok", f"{count} pages: {finish.whole.format(units=count // per)}")


def _resources(page: Any) -> Iterator[Any]:
    """The page's resources, those of its annotations' appearance streams (ISO 32000-1
    12.5.5: a filled form field draws with fonts of its own) and those of every form
    XObject in them, each once."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    stack = [page.obj.get("/Resources"), *_appearance_resources(page)]
    while stack:
        resources = stack.pop()
        if resources is None:
            continue
        if not isinstance(resources, pikepdf.Dictionary):
            raise _Malformed(f"its /Resources {_shown(resources)} is not a dictionary")
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        yield resources
        xobjects: Any = resources.get("/XObject", {})
        if not isinstance(xobjects, pikepdf.Dictionary | dict):
            raise _Malformed(f"its /XObject resources {_shown(xobjects)} are not a dictionary")
        for xobject in dict(xobjects).values():
            if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == "/Form":
                stack.append(xobject.get("/Resources"))


def _appearance_resources(page: Any) -> Iterator[Any]:
    """The resources of each appearance stream of the page's annotations (/AP: normal,
    rollover, down; each a stream or a dictionary of states)."""
    import pikepdf

    annotations = page.obj.get("/Annots", [])
    if not isinstance(annotations, pikepdf.Array | list):
        raise _Malformed(f"its /Annots {_shown(annotations)} is not an array")
    for annotation in annotations:
        if not isinstance(annotation, pikepdf.Dictionary):
            continue
        appearances: Any = annotation.get("/AP", {})
        if not isinstance(appearances, pikepdf.Dictionary | dict):
            continue  # an annotation without a drawing of its own
        for appearance in dict(appearances).values():
            streams = (
                [appearance]
                if isinstance(appearance, pikepdf.Stream)
                else [v for v in dict(appearance).values() if isinstance(v, pikepdf.Stream)]
                if isinstance(appearance, pikepdf.Dictionary)
                else []
            )
            for stream in streams:
                yield stream.get("/Resources")


def _fonts(name: str, pages: list[tuple[int, Any]]) -> Finding:
    import pikepdf

    fonts: dict[str, bool] = {}
    problems: list[str] = []
    for number, page in pages:
        try:
            for resources in _resources(page):
                table = resources.get("/Font", {})
                if not isinstance(table, pikepdf.Dictionary | dict):
                    raise _Malformed(f"its /Font resources {_shown(table)} are not a dictionary")
                for font in dict(table).values():
                    if not isinstance(font, pikepdf.Dictionary):
                        raise _Malformed(f"a font {_shown(font)} is not a dictionary")
                    base = font.get("/BaseFont", "?")
                    fonts[str(base)[1:] if isinstance(base, pikepdf.Name) else "?"] = _embedded(
                        font
                    )
        except (_Malformed, pikepdf.PdfError, *_UNREADABLE) as error:
            problems.append(_page_problem(number, error))
    missing = sorted(font for font, embedded in fonts.items() if not embedded)
    if problems:
        more = f"; not embedded: {', '.join(missing)}" if missing else ""
        return Finding(name, "fonts", "error", f"{problems[0]}{more}")
    if missing:
        return Finding(name, "fonts", "error", f"not embedded: {', '.join(missing)}")
    return Finding(name, "fonts", "ok", f"{len(fonts)} fonts, all embedded")


def _embedded(font: Any) -> bool:
    import pikepdf

    if font.get("/Subtype") == "/Type3":
        return True  # its glyphs are drawn in the file
    if font.get("/Subtype") == "/Type0":
        descendants = font.get("/DescendantFonts")
        if not isinstance(descendants, pikepdf.Array) or len(descendants) != 1:
            raise _Malformed(
                f"font {_shown(font.get('/BaseFont'))}: its /DescendantFonts "
                f"{_shown(descendants)} is not one font"
            )
        font = descendants[0]
        if not isinstance(font, pikepdf.Dictionary):
            raise _Malformed(f"a descendant font {_shown(font)} is not a dictionary")
    descriptor = font.get("/FontDescriptor")
    return isinstance(descriptor, pikepdf.Dictionary) and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
    )


@dataclass(frozen=True)
class _Placed:
    page: int
    pixels: tuple[int, int]
    ppi: float
    judged: bool = True
    """False for an image drawn pixel for pixel (_interpolated): its resolution is not
    judged."""


def _images(name: str, pages: list[tuple[int, Any]]) -> Finding:
    import pikepdf

    placed: list[_Placed] = []
    problems: list[str] = []
    for number, page in pages:
        try:
            placed += _placed(page, number)
        except (_Malformed, pikepdf.PdfError, *_UNREADABLE) as error:
            problems.append(_page_problem(number, error))
    if problems:
        return Finding(name, "images", "error", f"{problems[0]}; its images cannot be judged")
    sharp = len(placed) - len(judged := [image for image in placed if image.judged])
    if not judged:
        if sharp:
            return Finding(name, "images", "ok", f"{_pixel_art(sharp)}, no other raster images")
        return Finding(name, "images", "ok", "no raster images")
    low = min(judged, key=lambda image: image.ppi)
    where = f"{low.pixels[0]} x {low.pixels[1]} px at {low.ppi:.0f} ppi on page {low.page}"
    if low.ppi < BLURRED_PPI:
        return Finding(name, "images", "error", f"{where}; it will print blurred")
    if low.ppi < prepress.MIN_PRINT_DPI:
        return Finding(
            name, "images", "warning", f"{where}; {prepress.MIN_PRINT_DPI} wanted for print"
        )
    also = f"; {_pixel_art(sharp)}" if sharp else ""
    return Finding(name, "images", "ok", f"{len(judged)} placed, lowest {low.ppi:.0f} ppi{also}")


def _pixel_art(count: int) -> str:
    """What the images check says of images drawn pixel for pixel."""
    image = "image" if count == 1 else "images"
    return f"{count} {image} drawn pixel for pixel (codes, emoji: sharp at any size)"


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
                values = _numbers(pikepdf.Array(operands), "a `cm` operator's matrix", 6)
                ctm = pikepdf.Matrix(*values) @ ctm
            elif op == "INLINE IMAGE":  # BI ... ID ... EI: an image in the content itself
                image = operands[0]
                pixels = (
                    _pixels(image.width, "an inline image's width"),
                    _pixels(image.height, "an inline image's height"),
                )
                yield from _at(
                    number, pixels, ctm, _interpolated(getattr(image, "_image_object", {}))
                )
            elif op == "Do" and isinstance(resources, pikepdf.Dictionary) and operands:
                xobjects: Any = resources.get("/XObject", {})
                xobject = (
                    xobjects.get(str(operands[0]))
                    if isinstance(xobjects, pikepdf.Dictionary)
                    else None
                )
                if not isinstance(xobject, pikepdf.Stream):
                    continue
                if xobject.get("/Subtype") == "/Image":
                    what = f"image {operands[0]}"
                    pixels = (
                        _pixels(xobject.get("/Width"), f"{what}: its /Width"),
                        _pixels(xobject.get("/Height"), f"{what}: its /Height"),
                    )
                    yield from _at(number, pixels, ctm, _interpolated(xobject))
                elif xobject.get("/Subtype") == "/Form" and depth < 16:
                    matrix = pikepdf.Matrix(
                        *_numbers(
                            xobject.get("/Matrix", pikepdf.Array([1, 0, 0, 1, 0, 0])),
                            f"form {operands[0]}: its /Matrix",
                            6,
                        )
                    )
                    inner = xobject.get("/Resources", resources)
                    yield from walk(xobject, inner, matrix @ ctm, depth + 1)

    yield from walk(page, page.obj.get("/Resources"), pikepdf.Matrix(), 0)


def _pixels(value: Any, what: str) -> int:
    """An image's width or height: a whole number of pixels, at least 1."""
    number = _number(value, what)
    if number < 1 or number != int(number):
        raise _Malformed(f"{what} {_shown(value)} is not a number of pixels")
    return int(number)


def _interpolated(image: Any) -> bool:
    """False for an image drawn pixel for pixel with hard edges (a QR code's modules,
    /Interpolate false; /I in an inline image): sharp at any size, so its resolution is
    not judged."""
    for key in ("/Interpolate", "/I"):
        with contextlib.suppress(Exception):  # a malformed value: judge the image
            if key in image and bool(image[key]) is False:
                return False
    return True


def _at(number: int, pixels: tuple[int, int], ctm: Any, judged: bool = True) -> Iterator[_Placed]:
    """An image of pixels filling the unit square under ctm (ISO 32000-1 8.3.4), with
    its effective resolution."""
    width_in = math.hypot(ctm.a, ctm.b) / 72
    height_in = math.hypot(ctm.c, ctm.d) / 72
    if width_in > 0 and height_in > 0:
        ppi = min(pixels[0] / width_in, pixels[1] / height_in)
        yield _Placed(number, pixels, ppi, judged)


#: The page boxes (ISO 32000-1 14.11.2) and the page's turn, as preflight reads them.
_BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")
#: What a page takes from the page tree above it when it has none of its own (ISO
#: 32000-1 7.7.3.4; /Resources too, which pikepdf gives each page itself).
_INHERITED = ("/MediaBox", "/CropBox", "/Rotate")
#: How deep a page tree is followed (a real one is a few levels: a loop or a bomb).
_MAX_TREE_DEPTH = 64
#: The boxes of a page whose boxes cannot be read (its problem says why), pt.
_LETTER = (0.0, 0.0, 612.0, 792.0)

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class _Sheet:
    """One page the file's page tree lists, in order: its boxes in points (x0 < x1,
    y0 < y1) and its turn, or what is wrong with them (problem, _Malformed's words)."""

    number: int
    objgen: tuple[int, int]
    problem: str | None = None
    unread: bool = False
    """The page's own object cannot be read (problem says why): it has no boxes."""
    media: Box = _LETTER
    trim: Box = _LETTER
    bleed: Box = _LETTER
    has_trim: bool = False
    rotation: int = 0


def _sheets(path: Path) -> list[_Sheet]:
    """Each page the file's page tree lists, read as written: pikepdf with nothing
    inherited pushed down, before qpdf is asked for its pages, which would mend them.

    qpdf's warnings while a value is read (a number it cannot hold, an object it cannot
    parse) make that value unreadable: the page's problem names them."""
    import pikepdf

    try:
        raw = pikepdf.open(path, inherit_page_attributes=False)
    except (pikepdf.PdfError, OSError):
        return []  # check_file says it is not a readable PDF
    sheets: list[_Sheet] = []
    seen: set[tuple[int, int]] = set()

    def walk(node: Any, inherited: dict[str, Any], depth: int) -> None:
        kids = node.get("/Kids")
        if not isinstance(kids, pikepdf.Array) or depth > _MAX_TREE_DEPTH:
            return
        for index in range(len(kids)):
            kid = kids[index]
            said = raw.get_warnings()
            if not isinstance(kid, pikepdf.Dictionary):
                why = _qpdf_said(said) if said else f"it is {_shown(kid)}, not a page"
                problem = f"its object{_reference(kids, index)} cannot be read: {why}"
                sheets.append(_Sheet(len(sheets) + 1, (0, 0), problem, unread=True))
                continue
            if kid.is_indirect:
                if kid.objgen in seen:
                    continue  # a loop in the tree: each page once
                seen.add(kid.objgen)
            if kid.get("/Type") == "/Pages" or ("/Kids" in kid and kid.get("/Type") != "/Page"):
                mine = {key: kid[key] for key in _INHERITED if key in kid}
                walk(kid, {**inherited, **mine}, depth + 1)
            else:
                sheets.append(_sheet(raw, kid, len(sheets) + 1, inherited))

    with raw:
        raw.get_warnings()  # qpdf's warnings so far are about the file, not a page
        root = raw.Root.get("/Pages")
        if isinstance(root, pikepdf.Dictionary):
            walk(root, {key: root[key] for key in _INHERITED if key in root}, 0)
    return sheets


def _sheet(raw: Any, page: Any, number: int, inherited: dict[str, Any]) -> _Sheet:
    """One page's boxes, its own or inherited; a value qpdf warns about while reading it
    (an indirect one it cannot parse) is unreadable."""
    import pikepdf

    entries = dict(inherited)
    for key in (*_BOXES, "/Rotate"):
        # An entry qpdf cannot parse reads as none (null, ISO 32000-1 7.3.9): its
        # warnings tell it from an entry that is not there.
        value = page.get(key)
        if isinstance(value, pikepdf.Array):
            items = [value[i] for i in range(len(value))]  # each read now
            if b" R" in value.unparse():  # judged and shown as the values referred to
                value = pikepdf.Array([_direct(item) for item in items])
        if said := raw.get_warnings():
            problem = f"its {key} cannot be read: {_qpdf_said(said)}"
            return _Sheet(number, page.objgen, problem)
        if value is not None:
            entries[key] = value
    # Each box is judged, so that all that is wrong is said at once (a box that
    # defaults to a malformed one is not said again).
    problems: list[str] = []
    for key in (*_BOXES, "/Rotate"):
        try:
            _rotation(entries) if key == "/Rotate" else _box(entries, key)
        except _Malformed as error:
            if str(error) not in problems:
                problems.append(str(error))
    if problems:
        return _Sheet(number, page.objgen, "; ".join(problems))
    return _Sheet(
        number,
        page.objgen,
        media=_box(entries, "/MediaBox"),
        trim=_box(entries, "/TrimBox"),
        bleed=_box(entries, "/BleedBox"),
        has_trim="/TrimBox" in entries,
        rotation=_rotation(entries),
    )


def _direct(item: Any) -> Any:
    """An array's item, the object it refers to when it is a reference."""
    import pikepdf

    if isinstance(item, pikepdf.Object) and item.is_indirect:
        return pikepdf.Object.parse(item.unparse(resolved=True))
    return item


def _reference(array: Any, index: int) -> str:
    """` 3 0` when item index of array is a reference to object 3 0, else nothing."""
    items = re.findall(rb"\d+ \d+ R|\S+", array.unparse()[1:-1])
    if index < len(items) and items[index].endswith(b" R"):
        return " " + items[index][:-2].decode()
    return ""


def _qpdf_said(warnings: list[str]) -> str:
    """qpdf's first warning, without the file's name, its numbers of hundreds of digits
    shortened (a box of 1e300 written out in full)."""
    text = re.sub(r"^.*?\(object \d+ \d+, offset \d+\): ", "", warnings[0])
    text = text.replace("treating object as null because of error during parsing: ", "")
    text = text.replace("overflow/underflow converting ", "a number out of range, ")
    text = text.replace(" to 64-bit integer", "")
    text = "".join(c if c.isprintable() else "?" for c in _digits(text))
    return f"qpdf: {text if len(text) <= 160 else text[:159] + '…'}"


def _box(entries: dict[str, Any], name: str) -> Box:
    """A page box in points, x0 < x1 and y0 < y1, from the page's entries (its own and
    those it inherits); an unset box defaults as ISO 32000-1 14.11.2 says: the crop box
    to the media box, the others to the crop box. A box given by its corners in another
    order is normalised (ISO 32000-1 7.9.5); a crop or art box reaching past the media box
    is cut to it (14.11.2), as a viewer shows it.

    Raises _Malformed for a media box missing (required, ISO 32000-1 7.7.3.3: a viewer
    guesses letter size), a box that is not four numbers, is out of range or empty, or
    lies wholly outside the media box, and for a trim or bleed box reaching past it by
    more than TOLERANCE: the page is smaller than what is to be cut from it, and cutting
    it to the media box would pass a page with no bleed, or none to trim."""
    default = "/MediaBox" if name == "/CropBox" else "/CropBox"
    box = entries.get(name)
    if box is None:
        if name == "/MediaBox":
            raise _Malformed("it has no /MediaBox, its own or inherited (a PDF page must have one)")
        return _box(entries, default)
    x0, y0, x1, y1 = _numbers(box, f"its {name}", 4)
    if x0 == x1 or y0 == y1:
        raise _Malformed(f"its {name} {_shown(box)} is empty")
    x0, y0, x1, y1 = min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
    if name == "/MediaBox":
        return x0, y0, x1, y1
    mx0, my0, mx1, my1 = _box(entries, "/MediaBox")
    cut = max(x0, mx0), max(y0, my0), min(x1, mx1), min(y1, my1)
    if cut[0] >= cut[2] or cut[1] >= cut[3]:
        raise _Malformed(f"its {name} {_shown(box)} lies outside its media box")
    past = max(mx0 - x0, my0 - y0, x1 - mx1, y1 - my1) / PT_PER_MM
    if name in ("/TrimBox", "/BleedBox") and past > TOLERANCE:
        media = " ".join(f"{v:g}" for v in (mx0, my0, mx1, my1))
        raise _Malformed(
            f"its {name} {_shown(box)} reaches {past:.1f} mm past its media box "
            f"[ {media} ]: the page is smaller than its {_BOX_WORDS[name]}"
        )
    return cut


_BOX_WORDS = {"/TrimBox": "trim", "/BleedBox": "bleed"}


def _rotation(entries: dict[str, Any]) -> int:
    """The page's /Rotate, clockwise degrees: 0, 90, 180 or 270 (ISO 32000-1 7.7.3.3)."""
    value = entries.get("/Rotate", 0)
    degrees = _number(value, "its /Rotate")
    if degrees % 90:
        raise _Malformed(f"its /Rotate {_shown(value)} is not a multiple of 90")
    return int(degrees) % 360


def _trim(sheet: _Sheet) -> Box | str:
    """The trim box as poppler's word boxes see it: mm from the top left of the media
    box as shown (turned by /Rotate; pdftotext and pdftoppm both show the media box);
    what is wrong with the page's boxes instead, when something is (_Malformed's text)."""
    if sheet.problem is not None:
        return sheet.problem
    mx0, my0, mx1, my1 = sheet.media
    x0, y0, x1, y1 = sheet.trim
    width, height = mx1 - mx0, my1 - my0
    # Points from the top left of the page as it is drawn unturned, then turned.
    a0, b0, a1, b1 = x0 - mx0, my1 - y1, x1 - mx0, my1 - y0
    if sheet.rotation == 90:
        a0, b0, a1, b1 = height - b1, a0, height - b0, a1
    elif sheet.rotation == 180:
        a0, b0, a1, b1 = width - a1, height - b1, width - a0, height - b0
    elif sheet.rotation == 270:
        a0, b0, a1, b1 = b0, width - a1, b1, width - a0
    return (a0 / PT_PER_MM, b0 / PT_PER_MM, a1 / PT_PER_MM, b1 / PT_PER_MM)


def _bleed(name: str, sheets: list[_Sheet], print_shop: bool) -> Finding:
    for sheet in sheets:
        if sheet.problem is not None:
            return Finding(name, "bleed", "error", f"page {sheet.number}: {sheet.problem}")
    if all(not sheet.has_trim or sheet.trim == sheet.media for sheet in sheets):
        if print_shop:
            return Finding(name, "bleed", "error", "no bleed: the pages end at the trim")
        return Finding(name, "bleed", "ok", "none (not for a print shop)")
    least = math.inf
    for sheet in sheets:
        (tx0, ty0, tx1, ty1), (bx0, by0, bx1, by1) = sheet.trim, sheet.bleed
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
    """1 for the first page; 0 for none: poppler could not read the file's text (text
    says why), so the checks that need the words say so."""
    text: str
    box: tuple[float, float, float, float]
    """mm from the top left of the page's media box as shown: x0, y0, x1, y1."""


def _words(path: Path) -> Iterator[_Word]:
    """Every word poppler finds, with its box; one word of page 0 saying why when poppler
    cannot read the file's text (a page count that lies, a broken content stream)."""
    try:
        html = subprocess.run(
            ["pdftotext", "-bbox", str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
            errors="replace",
        ).stdout
    except FileNotFoundError:
        raise PreflightError("preflight needs poppler's pdftotext: install poppler-utils") from None
    except subprocess.CalledProcessError as error:
        said = "; ".join(line for line in error.stderr.splitlines() if line.strip())
        yield _Word(0, f"poppler cannot read its text ({_shown(said)})", (0.0, 0.0, 0.0, 0.0))
        return
    word = re.compile(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    )
    for number, page in enumerate(html.split("<page ")[1:], 1):
        for x0, y0, x1, y1, text in word.findall(page):
            box = tuple(float(v) / PT_PER_MM for v in (x0, y0, x1, y1))
            yield _Word(number, logical(unescape(text)), (box[0], box[1], box[2], box[3]))


#: The bidi classes (UAX #9) of characters that read left to right within right-to-left
#: text: Latin and other left-to-right letters, European and Arabic digits.
_LEFT_TO_RIGHT = frozenset({"L", "EN", "AN"})


#: Alef and its forms (with madda, hamza above or below, wasla).
_ALEFS = "\u0622\u0623\u0625\u0627\u0671"
_TWO_ALEFS = re.compile(f"([{_ALEFS}])([{_ALEFS}])\u0644")
_LAM_ALEF_ALONE = re.compile(f"^([{_ALEFS}])\u0644$")


def logical(word: str) -> str:
    """A word poppler extracted in the order its glyphs stand on the page (visual order),
    in the order it is read and typed (logical order, UAX #9), as a message quotes it:
    a word with right-to-left letters is turned around, its runs of left-to-right
    letters and digits kept as they are ('ىدتنم' is منتدى, 'SESAMEو' is وSESAME).
    Other words come back as they are."""
    if not any(unicodedata.bidirectional(char) in ("R", "AL") for char in word):
        return word
    runs = itertools.groupby(
        word[::-1], key=lambda char: unicodedata.bidirectional(char) in _LEFT_TO_RIGHT
    )
    turned = "".join(
        "".join(chars)[::-1] if left_to_right else "".join(chars) for left_to_right, chars in runs
    )
    # A lam-alef ligature is one glyph, whose text poppler gives in logical order
    # already: turned around, it reads alef-lam. Where that cannot be Arabic (two alefs
    # in a row: الأردنية read األردنية; a word of alef-lam alone: لا), it is put back.
    turned = _TWO_ALEFS.sub(lambda m: m[1] + "\u0644" + m[2], turned)
    return _LAM_ALEF_ALONE.sub(lambda m: "\u0644" + m[1], turned)


def _unread(words: list[_Word]) -> str | None:
    """Why poppler could not read the file's text, if it could not."""
    return next((word.text for word in words if word.page == 0), None)


def _safe_area(
    name: str, words: list[_Word], trims: list[tuple[float, float, float, float] | str]
) -> Finding:
    unread = _unread(words)
    if unread:
        return Finding(name, "safe area", "error", f"not checked: {unread}")
    malformed = [(number, trim) for number, trim in enumerate(trims, 1) if isinstance(trim, str)]
    margin = prepress.SAFE_MARGIN - TOLERANCE
    close = []
    for word in words:
        trim = trims[word.page - 1] if word.page <= len(trims) else "no such page"
        if isinstance(trim, str):
            continue
        tx0, ty0, tx1, ty1 = trim
        x0, y0, x1, y1 = word.box
        room = min(x0 - tx0, y0 - ty0, tx1 - x1, ty1 - y1)
        if room < margin:
            close.append((room, word))
    if malformed:
        number, why = malformed[0]
        return Finding(
            name, "safe area", "error", f"page {number}: {why}; its trim cannot be found"
        )
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


def _page_sizes(path: Path) -> list[tuple[float, float]]:
    """Each page's media box (what pdftoppm draws) in points, as poppler reads it
    (pdfinfo -box): [] when it cannot tell."""
    try:
        info = subprocess.run(
            ["pdfinfo", "-box", "-f", "1", "-l", "1000000", str(path)],
            check=True,
            capture_output=True,
            text=True,
            errors="replace",
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    number = r"\s+(-?[\d.]+)"
    boxes = re.findall(rf"^Page\s+\d+\s+MediaBox:{number * 4}", info, re.MULTILINE)
    return [(abs(float(x1) - float(x0)), abs(float(y1) - float(y0))) for x0, y0, x1, y1 in boxes]


def _contrast_dpi(width_pt: float, height_pt: float) -> float:
    """The resolution a page is drawn at for the contrast check: CONTRAST_DPI, or less
    for a page that would take more than MAX_PIXELS."""
    area = (width_pt / 72) * (height_pt / 72)
    if area <= 0:
        return 0.0
    return min(float(CONTRAST_DPI), math.sqrt(MAX_PIXELS / area))


#: A picture at most this many times as tall as the word beside it on its line is a
#: glyph of that line (an emoji is drawn a little taller than the letters' box).
GLYPH_HEIGHT = 1.5


def _glyphs(placed: list[Any], words: list[_Word]) -> set[Any]:
    """The pictures that are glyphs of a colour bitmap font (Noto Color Emoji's are PNG
    images: the card engine draws them as images, `Jordan Lee ✨`): each drawn in a line
    of text, beside a word (or a glyph beside one) no farther than that word's height,
    sharing at least half its own height with the word's box, and at most GLYPH_HEIGHT
    times as tall. Their colours are their own, as a letter's colour is: no picture to
    see against what is around it. A logo is set apart from the text, or taller."""
    beside: list[tuple[int, tuple[float, float, float, float]]] = [
        (word.page, word.box) for word in words if word.page
    ]
    found: set[Any] = set()
    while True:
        more = {
            picture
            for picture in placed
            if picture not in found
            and any(_in_line(picture.box, box) for page, box in beside if page == picture.page)
        }
        if not more:
            return found
        found |= more
        beside += [(picture.page, picture.box) for picture in more]


def _in_line(
    glyph: tuple[float, float, float, float], word: tuple[float, float, float, float]
) -> bool:
    """Whether a box (mm, x0, y0, x1, y1) is drawn in the line of a word's box: _glyphs."""
    height, word_height = glyph[3] - glyph[1], word[3] - word[1]
    if height <= 0 or word_height <= 0 or height > GLYPH_HEIGHT * word_height:
        return False
    shared = min(glyph[3], word[3]) - max(glyph[1], word[1])
    gap = max(glyph[0] - word[2], word[0] - glyph[2])
    return shared >= height / 2 and gap <= word_height


def _contrast(name: str, path: Path, words: list[_Word]) -> Finding:
    """Each word's pixels on the page rendered without anti-aliasing: the colour farthest
    from the commonest (the background) is the text's. Each raster picture against the
    ring around it (pictures.unseen): one that does not stand out (a white logo on
    white) is a warning; a glyph of a colour font drawn as an image (an emoji: _glyphs)
    is text, not a picture. A page too large to draw at CONTRAST_DPI within MAX_PIXELS is
    drawn coarser; one too large for even MIN_CONTRAST_DPI, or that poppler cannot draw,
    is said and left out."""
    from brochure import pictures

    unread = _unread(words)
    if unread:
        return Finding(name, "contrast", "error", f"not checked: {unread}")
    every = list(pictures.placed(path))
    glyphs = _glyphs(every, words)
    placed = [picture for picture in every if picture not in glyphs]
    if not words and not placed:
        return Finding(name, "contrast", "ok", "no text")
    sizes = _page_sizes(path)
    if not sizes:
        return Finding(
            name, "contrast", "error", "not checked: poppler cannot tell its pages' sizes"
        )
    lowest: tuple[float, float, _Word] | None = None
    failing = 0
    undrawn: list[str] = []
    unseen: list[pictures.Unseen] = []
    with tempfile.TemporaryDirectory(prefix="brochure-preflight-") as folder:
        for number, (width_pt, height_pt) in enumerate(sizes, 1):
            on_page = [w for w in words if w.page == number]
            pictured = [p for p in placed if p.page == number]
            if not on_page and not pictured:
                continue
            dpi = _contrast_dpi(width_pt, height_pt)
            if dpi < MIN_CONTRAST_DPI:
                undrawn.append(
                    f"page {number} ({width_pt / 72:.0f} x {height_pt / 72:.0f} in) is too "
                    "large to draw"
                )
                continue
            image = _drawn(path, number, dpi, Path(folder), (width_pt, height_pt))
            if image is None:
                undrawn.append(f"poppler cannot draw page {number}")
                continue
            scale = dpi / 25.4
            for word in on_page:
                ratio = _word_contrast(image, word, scale)
                if ratio is None:
                    continue
                height_word = (word.box[3] - word.box[1]) * PT_PER_MM
                # poppler's word box is about 1.2 times the type size
                need = colour.needed(height_word / 1.2, bold=False)
                if ratio < need:
                    failing += 1
                if lowest is None or ratio / need < lowest[0] / lowest[1]:
                    lowest = (ratio, need, word)
            for picture in pictured:
                if (found := pictures.unseen(picture, image, dpi)) is not None:
                    unseen.append(found)
    notes = []
    if unseen:
        first = unseen[0]
        x0, y0, x1, y1 = first.picture.box
        notes.append(
            f"{len(unseen)} picture{'s' if len(unseen) != 1 else ''} not seen against what "
            f"is around {'it' if len(unseen) == 1 else 'them'}, e.g. page {first.picture.page} "
            f"at {x0:.0f}, {y0:.0f} mm ({x1 - x0:.0f} x {y1 - y0:.0f} mm): "
            f"{first.contrast:.1f}:1 against #{''.join(f'{c:02x}' for c in first.ground)}, "
            f"{pictures.MARK_CONTRAST:g}:1 needed"
        )
    if undrawn:
        notes.append(f"not checked: {', '.join(undrawn)}")
    if lowest is None:
        if notes:
            return Finding(name, "contrast", "warning", "; ".join(notes))
        return Finding(name, "contrast", "ok", "no measurable text")
    ratio, need, word = lowest
    detail = f"lowest {ratio:.1f}:1 of {need:g}:1 needed ('{word.text}', page {word.page})"
    if failing:
        below = f"{failing} words below WCAG AA; {detail}"
        return Finding(name, "contrast", "error", "; ".join([below, *notes]))
    if notes:
        drawn = "words drawn meet WCAG AA" if undrawn else "every word meets WCAG AA"
        return Finding(name, "contrast", "warning", "; ".join([*notes, f"{drawn}; {detail}"]))
    return Finding(name, "contrast", "ok", f"every word meets WCAG AA; {detail}")


def _drawn(path: Path, number: int, dpi: float, folder: Path, size_pt: tuple[float, float]) -> Any:
    """Page number of path drawn at dpi without anti-aliasing, as an RGB image; None
    when poppler could not draw it (it may exit 0 with a 1 x 1 image instead)."""
    from PIL import Image

    stem = folder / f"p{number}"
    pages = ("-f", str(number), "-l", str(number))
    result = subprocess.run(
        [*RENDER, "-r", f"{dpi:.4f}", *pages, str(path), str(stem)], capture_output=True
    )
    drawn = stem.with_suffix(".png")
    if result.returncode != 0 or not drawn.is_file():
        return None
    expected = sorted(round(side / 72 * dpi) for side in size_pt)
    with Image.open(drawn) as opened:
        if any(abs(a - b) > 2 for a, b in zip(sorted(opened.size), expected, strict=True)):
            return None
        image = opened.convert("RGB")
    drawn.unlink()
    return image


def _word_contrast(image: Any, word: _Word, scale: float) -> float | None:
    """The contrast between the word's ink and its background, from its pixels: the
    commonest colour is the background, the one farthest from it the ink."""
    x0, y0, x1, y1 = word.box
    # The middle of the line first: most letters cross it, and the box's edges may touch
    # a neighbouring rule or picture; a word that leaves it empty (a full stop) whole.
    for top, bottom in ((0.3, 0.7), (0.0, 1.0)):
        left = max(round(x0 * scale), 0)
        upper = max(round((y0 + top * (y1 - y0)) * scale), 0)
        right = min(round(x1 * scale), image.width)
        lower = min(round((y0 + bottom * (y1 - y0)) * scale), image.height)
        if right <= left or lower <= upper:  # a word outside the drawn page
            continue
        crop = image.crop((left, upper, right, lower))
        counts = crop.getcolors(maxcolors=crop.width * crop.height) or []
        if len(counts) < 2:
            continue
        ground = _rgb(max(counts)[1])
        ink = max((_rgb(rgb) for _, rgb in counts), key=lambda rgb: colour.contrast(rgb, ground))
        return colour.contrast(ink, ground)
    return None


def _rgb(pixel: tuple[int, int, int]) -> colour.RGB:
    return (pixel[0] / 255, pixel[1] / 255, pixel[2] / 255)
