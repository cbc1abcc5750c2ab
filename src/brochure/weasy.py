"""Run WeasyPrint confined, and turn what it logs into warnings or a BuildError."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import weasyprint

from brochure.errors import BuildError
from brochure.fetcher import ConfinedFetcher
from brochure.settings import BuildSettings

log = logging.getLogger(__name__)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_messages() -> Iterator[list[str]]:
    """Collect what WeasyPrint logs while rendering (missing images, bad CSS)."""
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.WARNING)  # whatever the console shows, warnings are counted
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def render_document(html: str, settings: BuildSettings, what: str) -> weasyprint.Document:
    """Lay out HTML into pages, with the confined fetcher; log what WeasyPrint reports."""
    fetcher = ConfinedFetcher(settings.readable_folders)
    with _weasyprint_messages() as messages:
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
