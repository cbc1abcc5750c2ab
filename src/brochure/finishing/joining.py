"""One PDF from several rendered in pieces (badge sheets rendered in parallel)."""

from __future__ import annotations

import io

import pikepdf


def join_pdfs(parts: list[bytes]) -> bytes:
    """The pages of parts, in order, as one PDF; its document information (title,
    authors, dates), language and viewer settings are the first part's.

    Raises ValueError when parts is empty.
    """
    if not parts:
        raise ValueError("nothing to join")
    if len(parts) == 1:
        return parts[0]
    first = pikepdf.open(io.BytesIO(parts[0]))
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
