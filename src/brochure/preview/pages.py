"""What the preview shows of each built file: its pages as PNG images, or its entries.

PDFs are rasterised with PDFium (pypdfium2), a large page smaller than the others; the
DOCX is first converted to PDF by LibreOffice when it is installed (as partners' Word
would lay it out, near enough); the calendar is listed entry by entry. Nothing here
changes the built files. `serve` runs this under the build's limits (a child process).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from brochure.outputs import REGISTRY

log = logging.getLogger(__name__)

#: Pixels per PDF point: 1.5 x 96 dpi, sharp on high-density screens at half width.
SCALE = 2.0
#: The most pixels of a page image: a larger page (a 3 m banner, 17,000 pixels square at
#: SCALE, 1.1 GiB) is drawn smaller, so it fits on a screen and in --memory.
MAX_PIXELS = 8_000_000
#: Pages shown per file; a thousand badges are opened as the file, not as images.
MAX_PAGES = 40
#: How long LibreOffice may take to convert the concept note, in seconds.
CONVERT_SECONDS = 120


@dataclass(frozen=True)
class Entry:
    """A calendar entry as the preview lists it."""

    when: str
    title: str
    where: str


@dataclass(frozen=True)
class FilePreview:
    """One built file on the preview page."""

    name: str
    """Its file name in the pack (brochure.pdf)."""
    size: int
    """Bytes."""
    images: tuple[str, ...] = ()
    """Page images, by file name in the preview's image folder, in page order."""
    pages: int | None = None
    """How many pages it has (more than are shown when over MAX_PAGES)."""
    entries: tuple[Entry, ...] = ()
    """A calendar's entries."""
    note: str = ""
    """Why something is not shown (LibreOffice missing)."""
    opens: str = ""
    """A web folder's page to open in the browser (`programme/index.html`), '' else."""
    members: tuple[str, ...] = ()
    """A web folder's files, by their names in the pack: the ones its page may load."""


def preview(
    pack: Path,
    names: Sequence[str],
    images: Path,
    office: Path,
    kind_of: Callable[[str], str] | None = None,
) -> tuple[FilePreview, ...]:
    """What the page shows of each named file in pack; page images go into images.

    office is a folder LibreOffice may keep its profile in between conversions; kind_of
    tells how each file is shown (outputs.base.Preview: pages, document, calendar, or a
    link alone); default: as the output that writes it declares.
    """
    images.mkdir(parents=True, exist_ok=True)
    shown = []
    sites: dict[str, list[str]] = {}
    for name in names:
        path = pack / name
        kind = (kind_of or REGISTRY.preview_of)(name)
        site = site_of(name) if kind == "site" else None
        if site is not None:
            # A web folder is one entry, opened as a site: its files are its members.
            if site not in sites:
                sites[site] = []
                shown.append(FilePreview(site, 0))
            sites[site].append(name)
            continue
        size = path.stat().st_size
        if kind == "pages":
            pages, made = pdf_images(path, images, name)
            shown.append(FilePreview(name, size, made, pages))
        elif kind == "document":
            shown.append(_docx(path, name, images, office, size))
        elif kind == "calendar":
            shown.append(FilePreview(name, size, entries=calendar_entries(path)))
        else:
            shown.append(FilePreview(name, size))
    return tuple(
        _site(pack, file, sites[file.name]) if file.name in sites else file for file in shown
    )


def site_of(name: str) -> str | None:
    """The web folder a file of the pack lies in, as the pack places it (`programme`,
    `fr/programme`), when an output owns that folder whole; else None."""
    parts = PurePosixPath(name).parts
    owned = REGISTRY.folders()
    for index, part in enumerate(parts[:-1]):
        if part in owned:
            return "/".join(parts[: index + 1])
    return None


def _site(pack: Path, entry: FilePreview, members: list[str]) -> FilePreview:
    """A web folder's entry: its files' total size, and its index page to open."""
    size = sum((pack / name).stat().st_size for name in members)
    index = f"{entry.name}/index.html"
    return FilePreview(
        entry.name, size, opens=index if index in members else "", members=tuple(members)
    )


def pdf_images(pdf: Path, images: Path, stem: str) -> tuple[int, tuple[str, ...]]:
    """The page count of pdf, and PNGs of its first MAX_PAGES pages written into images,
    each at SCALE or smaller, at most MAX_PIXELS."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        made = []
        for index in range(min(len(document), MAX_PAGES)):
            page = document[index]
            try:
                bitmap = page.render(scale=page_scale(*page.get_size()))
                # es/brochure.pdf (a pack per language): es-brochure.pdf-1.png
                name = f"{stem.replace('/', '-')}-{index + 1}.png"
                # The folder may hold the last build's image as a hard link (serve reuses
                # them): a new file, never a write into the shared one.
                (images / name).unlink(missing_ok=True)
                bitmap.to_pil().save(images / name, format="PNG", compress_level=1)
                made.append(name)
            finally:
                page.close()
        return len(document), tuple(made)
    finally:
        document.close()


def page_scale(width_pt: float, height_pt: float) -> float:
    """Pixels per point a page of this size is drawn at: SCALE, or less to stay within
    MAX_PIXELS."""
    scale = min(SCALE, math.sqrt(MAX_PIXELS / max(width_pt * height_pt, 1.0)))
    # A bitmap's sides are whole pixels, rounded up.
    while math.ceil(width_pt * scale) * math.ceil(height_pt * scale) > MAX_PIXELS:
        scale *= 0.999
    return scale


def _docx(path: Path, name: str, images: Path, office: Path, size: int) -> FilePreview:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return FilePreview(
            name,
            size,
            note="Install LibreOffice to see its pages here; download it to open it.",
        )
    converted = office / "converted"
    converted.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(office / 'profile').absolute().as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(converted),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=CONVERT_SECONDS,
        )
        pdf = converted / (path.stem + ".pdf")
        pages, made = pdf_images(pdf, images, name)
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("the preview could not convert %s with LibreOffice: %s", name, error)
        return FilePreview(name, size, note="LibreOffice could not convert it for the preview.")
    finally:
        shutil.rmtree(converted, ignore_errors=True)
    return FilePreview(name, size, made, pages, note="Pages as LibreOffice lays them out.")


def calendar_entries(path: Path) -> tuple[Entry, ...]:
    """The VEVENTs of an iCalendar file, in file order, as local times."""
    import icalendar

    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return tuple(
        Entry(
            when=_when(event.start, event.end if "DTEND" in event else None),
            title=str(event.get("SUMMARY", "")),
            where=str(event.get("LOCATION", "")),
        )
        for event in calendar.events
    )


def _when(start: dt.date, end: dt.date | None) -> str:
    if isinstance(start, dt.datetime):
        text = start.strftime("%a %d %b %Y, %H:%M")
        if isinstance(end, dt.datetime):
            text += (
                end.strftime("–%H:%M")
                if end.date() == start.date()
                else end.strftime(" – %a %d %b, %H:%M")
            )
        return text + (f" ({start.tzname()})" if start.tzinfo else "")
    text = start.strftime("%a %d %b %Y")
    if end is not None and end - start > dt.timedelta(days=1):
        text += (end - dt.timedelta(days=1)).strftime(" – %a %d %b %Y")
    return text
