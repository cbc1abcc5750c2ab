"""Pictures on a PDF's pages, and whether each stands out from what is printed around it:
preflight's contrast check for images (a white logo with transparency on white paper
draws nothing anyone can see).

Where each raster image is placed is read with PDFium (its box on the page, through any
form it is drawn in); what it looks like is read from the page as poppler renders it,
so transparency, masks and what lies behind are as printed. The ground is the commonest
colour of a thin ring just outside the image's box; the picture stands out when
images.MARK_SHARE of its pixels reach images.MARK_CONTRAST against it. Vector drawings
(an SVG logo) are not images in a PDF and are not judged here (`brochure check` judges
an SVG logo by its colours before rendering).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brochure.reading import images

PT_PER_MM = 72 / 25.4
#: What a picture's marks need against what is around them (WCAG 2.2 SC 1.4.11).
MARK_CONTRAST = images.MARK_CONTRAST
#: The ring around a picture read as its ground, mm: inside the padding layouts give a
#: logo's tile (1.5 mm), outside the anti-aliased edge.
RING_MM = 1.0
#: Pictures smaller than this on either side are not judged (a rule, a dot), mm.
SMALLEST_MM = 3.0


@dataclass(frozen=True)
class Picture:
    """A raster image placed on a page (1-based), its box in mm from the page's top left
    (media box): x0, y0, x1, y1."""

    page: int
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class Unseen:
    """A picture that does not stand out: the contrast its marks reach, and against what."""

    picture: Picture
    contrast: float
    ground: tuple[int, int, int]


def placed(pdf: Path) -> Iterator[Picture]:
    """Every raster image of the PDF, with where it is drawn; nothing for a file PDFium
    cannot read."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError:
        return
    try:
        for number, page in enumerate(document, 1):
            left, _, _, top = page.get_mediabox()
            for item in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=15):
                xs, ys = _corners(item)
                box = (
                    (min(xs) - left) / PT_PER_MM,
                    (top - max(ys)) / PT_PER_MM,
                    (max(xs) - left) / PT_PER_MM,
                    (top - min(ys)) / PT_PER_MM,
                )
                if min(box[2] - box[0], box[3] - box[1]) >= SMALLEST_MM:
                    yield Picture(number, box)
    finally:
        document.close()


def _corners(item: Any) -> tuple[list[float], list[float]]:
    """The corners of an object's bounds in page space: bounds inside a form are in the
    form's space, so each enclosing form's matrix is applied."""
    left, bottom, right, top = item.get_bounds()
    points = [(left, bottom), (left, top), (right, bottom), (right, top)]
    container = getattr(item, "container", None)
    while container is not None:
        matrix = container.get_matrix()
        points = [
            (
                matrix.a * x + matrix.c * y + matrix.e,
                matrix.b * x + matrix.d * y + matrix.f,
            )
            for x, y in points
        ]
        container = getattr(container, "container", None)
    return [x for x, _ in points], [y for _, y in points]


def unseen(picture: Picture, page: Any, dpi: float) -> Unseen | None:
    """The picture judged on its page rendered at dpi (a Pillow RGB image of the media
    box): None when it stands out, or when there is no ring around it to read."""
    scale = dpi / 25.4
    x0, y0, x1, y1 = (round(v * scale) for v in picture.box)
    ring = max(round(RING_MM * scale), 1)
    inner = (max(x0, 0), max(y0, 0), min(x1, page.width), min(y1, page.height))
    outer = (
        max(x0 - ring, 0),
        max(y0 - ring, 0),
        min(x1 + ring, page.width),
        min(y1 + ring, page.height),
    )
    if inner[2] - inner[0] < 2 or inner[3] - inner[1] < 2 or outer == inner:
        return None
    around = page.crop(outer).copy()
    # Blank out the picture: what is left is the ring, the ground.
    hole = (inner[0] - outer[0], inner[1] - outer[1], inner[2] - outer[0], inner[3] - outer[1])
    around.paste((1, 2, 3), hole)
    counts = [
        (count, rgb)
        for count, rgb in around.getcolors(maxcolors=around.width * around.height) or []
        if rgb != (1, 2, 3)
    ]
    if not counts:
        return None
    ground = max(counts)[1]
    best = images.marks_over(page.crop(inner), (ground[0] / 255, ground[1] / 255, ground[2] / 255))
    if best >= images.MARK_CONTRAST:
        return None
    return Unseen(picture, best, ground)
