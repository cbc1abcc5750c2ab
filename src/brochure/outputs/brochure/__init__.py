"""The printed programme: an A5 (or half-letter) brochure, and its pages imposed as a
booklet for an office duplex printer."""

from __future__ import annotations

from brochure.model import PDF_VARIANTS
from brochure.outputs.base import File, Flag, Output, Template
from brochure.outputs.brochure.settings import NAME, settle

OUTPUT = Output(
    NAME,
    "the printed programme, A5 PDF, and its pages imposed as a booklet",
    # The booklet is the brochure's own pages imposed (finishing/imposition.py): one
    # rendering, two files, so --only brochure writes both.
    (File("brochure.pdf", finish="pages"), File("brochure-booklet.pdf", finish="imposed")),
    "brochure.outputs.brochure.render",
    reads=frozenset(
        {
            "event",
            "summary",
            "about",
            "questions",
            "sectors",
            "organisers",
            "people",
            "programme",
            "brochure",
        }
    ),
    section="brochure",
    flags=(
        Flag(
            "--print-shop",
            "the brochure for a print shop: 3 mm bleed, crop marks, trim and bleed boxes, "
            "PDF/X-4, images checked at 300 dpi (default: the event file's "
            "brochure.print_shop, or an office print)",
            switch=True,
        ),
        Flag(
            "--pdf-variant",
            "the PDF standard the brochure follows: "
            + ", ".join(PDF_VARIANTS)
            + " (default: the event file's brochure.pdf_variant, else pdf/x-4 for a print "
            "shop and pdf/ua-1, accessible, otherwise); PDF/A (pdf/a-3b) keeps it for the "
            "records",
            metavar="VARIANT",
            choices=PDF_VARIANTS,
        ),
        Flag(
            "--bilingual",
            "a bilingual edition too, in output/FIRST+SECOND/: two of the event's "
            "languages, the first first (default: the event file's brochure.bilingual, "
            "or none)",
            metavar="FIRST,SECOND",
            example="fr,en",
        ),
    ),
    settle=settle,
    checked=True,
    layouts=("brochure",),
    templates=(
        Template("brochure/brochure.html.j2", "brochure.outputs.brochure.render:BrochureContext"),
        Template(
            "brochure/bilingual.html.j2", "brochure.outputs.brochure.bilingual:BilingualContext"
        ),
    ),
    assets=True,
    bilingual="brochure.outputs.brochure.bilingual",
)
