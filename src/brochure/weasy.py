"""Run WeasyPrint confined, and turn what it logs into warnings or a BuildError."""

from __future__ import annotations

import logging

import weasyprint

from brochure.errors import BuildError
from brochure.fetcher import ConfinedFetcher
from brochure.logcapture import captured
from brochure.settings import BuildSettings

log = logging.getLogger(__name__)


def render_document(html: str, settings: BuildSettings, what: str) -> weasyprint.Document:
    """Lay out HTML into pages, with the confined fetcher; log what WeasyPrint reports."""
    fetcher = ConfinedFetcher(settings.readable_folders)
    with captured("weasyprint") as messages:
        try:
            document = weasyprint.HTML(
                string=html,
                base_url=settings.source_dir.resolve().as_uri() + "/",
                url_fetcher=fetcher,
            ).render()
        except Exception as error:  # WeasyPrint raises many kinds on a broken layout
            raise BuildError(f"{what}: the layout could not be rendered: {error}") from error
    for message in messages:
        log.warning("%s: %s", what, message)
    return document


def to_pdf(document: weasyprint.Document) -> bytes:
    """The PDF bytes of a laid-out document."""
    pdf = document.write_pdf()
    assert isinstance(pdf, bytes)
    return pdf
