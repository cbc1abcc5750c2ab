"""What a build made, file by file: the files rendered before writing, and the rows of
the summary printed after it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class RenderedFile:
    """One file rendered, before anything is written."""

    name: str
    """Its place in the output folder: `brochure.pdf`, or `es/brochure.pdf` in a pack per
    language."""
    owner: str
    """The output that made it."""
    content: bytes
    seconds: float
    """How long its output took to render (the output's time, for each of its files)."""


@dataclass(frozen=True)
class Rendered:
    """Every chosen output rendered, in every pack, as one list of files."""

    records: tuple[RenderedFile, ...] = ()
    warned: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Output name -> what its renderer warned about, in every pack."""

    @property
    def files(self) -> dict[str, bytes]:
        """Place in the output folder -> content."""
        return {record.name: record.content for record in self.records}

    @property
    def warnings(self) -> tuple[str, ...]:
        """Every renderer's warnings, output by output."""
        return tuple(warning for said in self.warned.values() for warning in said)

    def by_output(self) -> dict[str, dict[str, bytes]]:
        """Output name -> its files (place -> content); an output that rendered nothing
        (it does not apply) with none."""
        made: dict[str, dict[str, bytes]] = {name: {} for name in self.warned}
        for record in self.records:
            made.setdefault(record.owner, {})[record.name] = record.content
        return made

    def __add__(self, other: Rendered) -> Rendered:
        warned = dict(self.warned)
        for name, said in other.warned.items():
            warned[name] = warned.get(name, ()) + said
        return Rendered(self.records + other.records, warned)


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
    warnings: tuple[str, ...]
    """Everything the build warned about (the checks', the renderers', what was said
    again of outputs kept as they were), as texts."""
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
