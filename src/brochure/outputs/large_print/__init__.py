"""The large-print programme: the brochure's content on A4 (or Letter) in 18 pt type, for
readers with low vision (UKAAF's clear and large print guidance, G003)."""

from __future__ import annotations

from brochure.outputs.base import File, Output, Template

OUTPUT = Output(
    "large-print",
    "the programme in large print, A4 (or Letter) PDF, 18 pt, one column",
    # Loose sheets, not a booklet's pages: an A4 large-print document is printed on the
    # office printer and stapled at its corner, as UKAAF asks (A4 paper, no folding into
    # a smaller page); its page count need not be a multiple of four and nothing is cut.
    (File("brochure-large-print.pdf", finish="sheets", preview="pages"),),
    "brochure.outputs.large_print.render",
    reads=frozenset(
        {"event", "summary", "about", "questions", "sectors", "organisers", "people", "programme"}
    ),
    layouts=("large-print",),
    templates=(
        Template(
            "large-print/large-print.html.j2",
            "brochure.outputs.large_print.render:LargePrintContext",
        ),
    ),
    assets=True,
)
