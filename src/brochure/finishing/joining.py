"""One PDF from several rendered in pieces (badge sheets rendered in parallel)."""

from __future__ import annotations

import io


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
