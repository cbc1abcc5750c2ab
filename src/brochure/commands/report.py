"""What a build made, file by file: the rows of the summary printed after a build."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuiltFile:
    """One file a build wrote."""

    path: Path
    size: int
    """Bytes."""
    pages: int | None
    """Pages of a PDF; None for files that have no fixed pages (DOCX lays out in Word)."""
    entries: int | None
    """Calendar entries of an iCalendar file (its VEVENTs); None for other files."""
    seconds: float
    """How long its output took to render."""


@dataclass(frozen=True)
class Built:
    """What one build wrote, in build order."""

    folder: Path
    title: str
    """The event's title, for whoever shows what was built."""
    files: tuple[BuiltFile, ...]
    seconds: float
    """The whole build: loading, checking, rendering and writing."""
    warnings: int
    unchanged: tuple[Path, ...] = ()
    """Files left as they were: nothing they depend on changed."""

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(file.path for file in self.files)


def describe(path: Path, content: bytes, seconds: float) -> BuiltFile:
    """The summary of a written file: its size and what it holds."""
    suffix = path.suffix.lower()
    return BuiltFile(
        path=path,
        size=len(content),
        pages=pdf_pages(content) if suffix == ".pdf" else None,
        entries=content.count(b"\nBEGIN:VEVENT") if suffix == ".ics" else None,
        seconds=seconds,
    )


def pdf_pages(content: bytes) -> int:
    """How many pages a PDF has (PDFium reads only its page tree)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    try:
        return len(document)
    finally:
        document.close()
