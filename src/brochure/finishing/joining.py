"""One PDF from several rendered in pieces (badge sheets rendered in parallel)."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO


def join_pdfs(parts: list[bytes]) -> bytes:
    """The pages of parts, in order, as one PDF; its document information (title,
    authors, dates) and language are the first part's, and viewers show its title
    (PDF/UA's DisplayDocTitle).

    Raises ValueError when parts is empty.
    """
    import pikepdf  # here, not at the top: `brochure check` imports this module's output

    if not parts:
        raise ValueError("nothing to join")
    first = pikepdf.open(io.BytesIO(parts[0]))
    first.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    sources = [first]
    for part in parts[1:]:
        source = pikepdf.open(io.BytesIO(part))
        sources.append(source)
        first.pages.extend(source.pages)
    out = io.BytesIO()
    # Deterministic: the same pieces give the same bytes (no random /ID, no clock).
    first.save(
        out,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=True,
    )
    for source in sources:
        source.close()
    return out.getvalue()


class Spool:
    """PDFs waiting to be joined, in order, kept in a file (spooled) rather than in
    memory: pieces of a long run arrive over minutes and together weigh as much as the
    joined file."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self._sizes: list[int] = []

    def add(self, pdf: bytes) -> None:
        """Keep pdf, after those added before it."""
        self._file.write(pdf)
        self._sizes.append(len(pdf))

    def joined(self) -> bytes:
        """The pages of every PDF added, in order, as one (join_pdfs)."""
        self._file.seek(0)
        return join_pdfs([self._file.read(size) for size in self._sizes])


@contextmanager
def spooled() -> Iterator[Spool]:
    """A Spool in a temporary file with no name (tempfile.TemporaryFile: Linux removes
    it when it is closed, or when the process dies), so nothing is left behind."""
    with tempfile.TemporaryFile(prefix="brochure-pieces-") as file:
        yield Spool(file)
