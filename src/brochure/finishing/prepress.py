"""What a print shop asks of a PDF: bleed, crop marks, trim and bleed boxes, an output
intent, images sharp enough at the size they are printed.

The numbers are the trade's usual ones (they are what print shops' upload pages ask
for): 3 mm of bleed, type kept 3 mm inside the trim, images at 300 pixels per inch.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from importlib import resources
from pathlib import Path
from typing import Any

from brochure.errors import BrochureError

#: How far backgrounds run past the trim, in mm.
BLEED = 3.0
#: Text kept at least this far inside the trim (the guillotine wanders), in mm.
SAFE_MARGIN = 3.0
#: Effective resolution an image needs at its printed size, in pixels per inch.
MIN_PRINT_DPI = 300
#: Crop marks start this far outside the trim (clear of the bleed) and are this long, mm.
MARK_OFFSET, MARK_LENGTH = BLEED, 5.0
#: Crop mark line width, in pt (a hairline that still prints: 0.25 pt).
MARK_WIDTH = 0.25
#: The CMYK profile a print shop's file declares as its output intent (PDF/X needs one):
#: Ghostscript's SWOP profile, from Debian's libgs-common.
CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")

PT_PER_MM = 72 / 25.4


class PrepressError(BrochureError):
    """The print shop's file cannot be made as asked (a missing colour profile)."""


def for_press(pdf: bytes, identity: str, crop_marks: bool) -> bytes:
    """A WeasyPrint PDF made ready for a printing press (PDF/X-4).

    With crop_marks (pages laid out with bleed), marks are drawn outside the bleed
    (WeasyPrint's `marks` sit inside it, unseen on a dark background) and the MediaBox
    grows to hold them; the RGB the layouts use is
    declared sRGB (DefaultRGB, ISO 32000-1 8.6.5.6) and the file gets a CMYK output
    intent (ISO 15930-7); the XMP DocumentID is derived from `identity`, so two builds of
    one event give the same file.
    """
    import pikepdf

    if not CMYK_PROFILE.is_file():
        raise PrepressError(
            f"the print-shop brochure needs the CMYK profile {CMYK_PROFILE}: "
            "install Debian's libgs-common"
        )
    with pikepdf.open(io.BytesIO(pdf)) as document:
        srgb = _icc(document, srgb_profile(), 3)
        registration = _registration_colour(document) if crop_marks else None
        for page in document.pages:
            _declare_srgb(page, srgb)
            if crop_marks:
                _draw_crop_marks(document, page, registration)
        cmyk = _icc(document, CMYK_PROFILE.read_bytes(), 4)
        description = _profile_description(CMYK_PROFILE)
        document.Root.OutputIntents = pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.OutputIntent,
                    S=pikepdf.Name.GTS_PDFX,
                    OutputConditionIdentifier=pikepdf.String("Custom"),
                    OutputCondition=pikepdf.String(description),
                    Info=pikepdf.String(description),
                    DestOutputProfile=cmyk[1],
                )
            ]
        )
        _stable_document_id(document, identity)
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
    return out.getvalue()


def _stable_document_id(document: Any, identity: str) -> None:
    """WeasyPrint's PDF/X XMP names the document with a random UUID: derive it from
    identity instead (RFC 4122 name-based), so a rebuild gives the same bytes."""
    import pikepdf

    # The file identifier's first half (ISO 32000-1 14.4) too: WeasyPrint hashed the
    # random XMP into it; qpdf keeps it and makes the second half from the content.
    permanent = hashlib.md5(identity.encode(), usedforsecurity=False).digest()
    document.trailer.ID = pikepdf.Array([pikepdf.String(permanent), pikepdf.String(permanent)])
    metadata = document.Root.get("/Metadata")
    if metadata is None:
        return
    xmp = metadata.read_bytes()
    stable = f"xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, identity)}".encode()
    fixed = re.sub(rb"xmp\.did:[0-9a-fA-F-]+", stable, xmp)
    if fixed != xmp:
        document.Root.Metadata = document.make_indirect(
            pikepdf.Stream(document, fixed, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
        )


def srgb_profile() -> bytes:
    """The sRGB profile WeasyPrint ships (the one its PDF/A files declare)."""
    return (resources.files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()


def _profile_description(path: Path) -> str:
    from PIL import ImageCms

    return str(ImageCms.getProfileDescription(ImageCms.getOpenProfile(str(path)))).strip()


def _icc(document: Any, profile: bytes, components: int) -> Any:
    import pikepdf

    stream = pikepdf.Stream(document, profile)
    stream.N = components
    return document.make_indirect(pikepdf.Array([pikepdf.Name.ICCBased, stream]))


def _registration_colour(document: Any) -> Any:
    """Separation /All: marks print on every plate, as registration marks must."""
    import pikepdf

    tint = pikepdf.Dictionary(
        FunctionType=2,
        Domain=pikepdf.Array([0, 1]),
        C0=pikepdf.Array([0, 0, 0, 0]),
        C1=pikepdf.Array([1, 1, 1, 1]),
        N=1,
    )
    return document.make_indirect(
        pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name.All, pikepdf.Name.DeviceCMYK, tint])
    )


def _declare_srgb(page: Any, srgb: Any) -> None:
    """DeviceRGB means sRGB on this page, in its XObjects and their blending groups."""
    import pikepdf

    seen: set[tuple[int, int]] = set()

    def visit(resources: Any) -> None:
        if resources is None or (resources.is_indirect and resources.objgen in seen):
            return
        if resources.is_indirect:
            seen.add(resources.objgen)
        spaces = resources.get("/ColorSpace")
        if spaces is None:
            resources.ColorSpace = spaces = pikepdf.Dictionary()
        spaces.DefaultRGB = srgb
        for xobject in dict(resources.get("/XObject", {})).values():
            group = xobject.get("/Group")
            if group is not None and group.get("/CS") == pikepdf.Name.DeviceRGB:
                group.CS = srgb
            visit(xobject.get("/Resources"))
        for pattern in dict(resources.get("/Pattern", {})).values():
            visit(pattern.get("/Resources"))

    visit(page.obj.get("/Resources"))
    group = page.obj.get("/Group")
    if group is not None and group.get("/CS") == pikepdf.Name.DeviceRGB:
        group.CS = srgb


def _draw_crop_marks(document: Any, page: Any, registration: Any) -> None:
    """Eight hairlines at the trim's corners, outside the bleed; the page grows to show
    them. Marked as an artifact: they are not content (ISO 14289-1 7.1)."""
    import pikepdf

    x0, y0, x1, y1 = (float(v) for v in page.obj.TrimBox)
    offset, length = MARK_OFFSET * PT_PER_MM, MARK_LENGTH * PT_PER_MM
    reach = offset + length + PT_PER_MM  # and 1 mm of paper beyond the marks
    page.obj.MediaBox = pikepdf.Array([x0 - reach, y0 - reach, x1 + reach, y1 + reach])
    for box in ("/CropBox", "/ArtBox"):
        if box in page.obj:
            del page.obj[box]
    resources = page.obj.Resources
    if "/ColorSpace" not in resources:
        resources.ColorSpace = pikepdf.Dictionary()
    resources.ColorSpace.BrochureRegistration = registration
    lines = []
    for x, out_x in ((x0, -1), (x1, 1)):
        for y, out_y in ((y0, -1), (y1, 1)):
            # one horizontal and one vertical arm, pointing away from the corner
            lines.append((x + out_x * offset, y, x + out_x * (offset + length), y))
            lines.append((x, y + out_y * offset, x, y + out_y * (offset + length)))
    paths = " ".join(f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l S" for a, b, c, d in lines)
    marks = (
        f"Q q /Artifact BMC /BrochureRegistration CS 1 SCN {MARK_WIDTH} w 0 J [] 0 d {paths} EMC Q"
    ).encode()
    # The page's own content runs inside q ... Q, so the marks start from a clean state.
    page.contents_add(pikepdf.Stream(document, b"q"), prepend=True)
    page.contents_add(pikepdf.Stream(document, marks))
