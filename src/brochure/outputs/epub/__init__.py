"""The programme as an EPUB 3 book: reflowable, navigable, with EPUB Accessibility 1.1
metadata, for e-readers and screen readers on phones."""

from __future__ import annotations

from brochure.outputs.base import File, Output, Template

OUTPUT = Output(
    "epub",
    "the programme as an accessible EPUB 3 book (programme.epub)",
    (File("programme.epub", preview="file"),),
    "brochure.outputs.epub.render",
    reads=frozenset(
        {"event", "summary", "about", "questions", "sectors", "organisers", "people", "programme"}
    ),
    # The book's content is the web page's template in XHTML (outputs/web): one markup
    # for both, so they say the same; its own folder holds the cover and navigation.
    layouts=("epub", "web"),
    templates=(
        Template("epub/cover.xhtml.j2", "brochure.outputs.epub.render:BookContext"),
        Template("epub/nav.xhtml.j2", "brochure.outputs.epub.render:BookContext"),
    ),
    assets=True,
)
