"""The concept note partners edit: a Word document (DOCX) in Word's own styles."""

from __future__ import annotations

from brochure.outputs.base import File, Output

OUTPUT = Output(
    "concept-note",
    "the concept note partners edit, DOCX",
    (File("concept-note.docx", preview="document"),),
    "brochure.outputs.concept_note.render",
    reads=frozenset(
        {"event", "summary", "about", "questions", "sectors", "organisers", "people", "programme"}
    ),
    layouts=("concept-note",),
    # A bilingual edition (the brochure's `bilingual`): both languages, a column each.
    uses=("brochure.bilingual",),
    bilingual="brochure.outputs.concept_note.bilingual",
)
