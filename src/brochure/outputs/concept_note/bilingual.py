"""The bilingual concept note: one Word document in two of the event's languages, as a
two-column table, the first language's column first (at the left, or at the right in a
right-to-left one), each row one block (a heading, a paragraph, a fact, an item of a
list, a session) facing its translation, as bilingual Canadian and Swiss documents are
set. The header row names the languages and repeats on every page.

Each language's blocks come from its own view of the event (its dates, times, places and
fixed words); the second column's runs are marked with its language (w:lang) and its
paragraphs with its direction (w:bidi), so Word and LibreOffice spell-check and lay out
each column in its own language. The programme and the speakers, tables of their own in
a note in one language, are rows here: a table in half a page's width would break every
word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from babel import Locale
from docx.document import Document as DocxDocument
from docx.shared import Mm
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from brochure.outputs import ooxml
from brochure.outputs.concept_note.render import ConceptNote, finished, start, word_language
from brochure.outputs.view import EventView
from brochure.textrules import Foreign, isolated, joined
from brochure.typography import first_strong

if TYPE_CHECKING:
    from brochure.config import BilingualEdition, BuildConfig
    from brochure.model import Event

#: The styles of the table's blocks (the note's own: concept_note.render.REQUIRED_STYLES).
LABEL_STYLE = "Field Label"
FACT_STYLE = "Fact"


@dataclass(frozen=True)
class Block:
    """One block of a column: a heading, a paragraph, a fact or an item of a list."""

    style: str
    """Its paragraph style: Heading 1, Heading 2, Normal, List Bullet, Fact."""
    text: str
    label: str = ""
    """A fact's label (set in the Field Label style, with the language's colon)."""
    keep_with_next: bool = False
    """Kept on the page of the block after it (a heading, a session's time)."""
    mark: str = ""
    """A word in bold before the text (a cancelled session's Cancelled, with its colon)."""
    struck: bool = False
    """The text struck through (a cancelled session's), still readable."""


def language_name(tag: str) -> str:
    """A language as its own speakers name it at the head of a column: Français,
    English, Deutsch, العربية (CLDR's autonym; its first letter capitalised, as CLDR's
    context transforms ask for a name standing alone in French, Spanish, Italian...)."""
    locale = Locale.parse(tag.replace("-", "_"))
    name = Locale.parse(locale.language).get_display_name(locale.language) or tag
    return name[:1].upper() + name[1:]


def render(event: Event, config: BuildConfig) -> dict[str, bytes]:
    """The bilingual edition's concept-note.docx: its metadata, header and footer as the
    note in one language has them (the second language's title and page numbers added),
    then both languages as a two-column table."""
    edition = _edition(config)
    document, has_reference = start(config)
    view = EventView.of(event, config)
    note = ConceptNote(document, view, config, not has_reference)
    note.properties()
    note.language()
    note.paper()
    note.header_and_footer()
    second = edition.second_fmt
    header_and_footer(
        document,
        edition.second.event.title,
        second.gettext("Page {page} of {pages}"),
        word_language(second.tag),
        second.direction == "rtl",
    )
    label, label2 = view.fmt.gettext("Concept note"), second.gettext("Concept note")
    both = label if label.casefold() == label2.casefold() else f"{label} / {label2}"
    write(document, view, config, f"{both} · {view.kind_line}")
    return {"concept-note.docx": finished(document, view, config)}


def blocks(view: EventView) -> list[Block]:
    """The note's body in one language, block by block, in the order of the note in one
    language (concept_note.render: title block, organisers, background, questions,
    programme, speakers, practical details). Both languages give the same blocks, in
    the same order: they are the same event."""
    fmt, event = view.fmt, view.event
    info = event.event
    _ = fmt.gettext
    found: list[Block] = []

    def fact(label: str, value: str) -> None:
        found.append(Block(FACT_STYLE, value, fmt.labelled(label)))

    # The title block's facts and summary.
    fact(_("Date"), view.when)
    if view.time:
        zone = f" ({view.timezone})" if view.timezone and not view.clocks_change else ""
        fact(_("Time"), view.time + zone)
    if view.clocks_change:
        fact(_("Time zone"), view.timezone)
    fact(_("Place"), view.place)
    if info.series:
        fact(_("Part of"), fmt.labelled(info.series, info.theme) if info.theme else info.series)
    if event.summary:
        found.append(Block("Normal", event.summary))
    # Organisers and contact people.
    found.append(Block("Heading 1", _("Organisers"), keep_with_next=True))
    for organiser in event.organisers:
        country = fmt.country(organiser.country)
        text = isolated(organiser.name) + (f" ({isolated(country)})" if country else "")
        found.append(
            Block("List Bullet", text + (f", {organiser.website}" if organiser.website else ""))
        )
    contacts = event.with_role("organiser", "moderator")
    if contacts:
        found.append(Block("Heading 2", _("Contact people"), keep_with_next=True))
        for person in contacts:
            details = fmt.parts((person.position, person.organisation))
            name = joined(" ", (person.honorific, person.name))
            line = fmt.parts((name, details))
            if person.email and person.share_contact:
                line += f" <{person.email}>"
            found.append(Block("List Bullet", line))
    # Background, questions, sectors.
    found.append(Block("Heading 1", _("Background"), keep_with_next=True))
    found += [Block("Normal", paragraph) for paragraph in event.about]
    if event.questions:
        found.append(Block("Heading 1", _("Questions"), keep_with_next=True))
        # Numbered by hand: a Word list would number on across both columns.
        found += [Block("Normal", f"{n}. {q}") for n, q in enumerate(event.questions, 1)]
    if event.sectors:
        found.append(Block("Heading 1", _("Sectors and topics"), keep_with_next=True))
        found += [Block("List Bullet", sector) for sector in event.sectors]
    # The programme: a session a row, under its day's heading over several days.
    found.append(Block("Heading 1", _("Format and programme"), keep_with_next=True))
    kind = info.kind or _("Event")
    line = fmt.parts((kind, fmt.date_and_time(view.when, view.time)))
    found.append(Block("Normal", line if line.endswith(".") else line + "."))
    for day in view.days:
        if view.several_days:
            found.append(Block("Heading 2", day.label, keep_with_next=True))
        for slot in day.slots:
            people = slot.people_with_chairs(fmt)
            # A moved session says where it was announced, a cancelled one says so first.
            moved = slot.mark if slot.mark and not slot.cancelled else ""
            where = fmt.parts((slot.where, moved))
            what = f"{slot.title} ({where})" if where else slot.title
            text = fmt.labelled(what, people) if people else what
            found.append(
                Block(
                    FACT_STYLE,
                    text,
                    fmt.labelled(slot.when) if slot.when else "",
                    mark=fmt.labelled(slot.mark) if slot.cancelled else "",
                    struck=slot.cancelled,
                )
            )
    # Speakers.
    speakers = event.with_role("speaker", "moderator", "rapporteur")
    if speakers:
        only = all(person.role == "speaker" for person in speakers)
        heading = _("Speakers") if only else _("Speakers, moderators and rapporteurs")
        found.append(Block("Heading 1", heading, keep_with_next=True))
        for person in speakers:
            parts = (person.position, person.organisation, fmt.country(person.country))
            status = _("provisional") if person.is_provisional else _("confirmed")
            found.append(Block("List Bullet", f"{joined(', ', (person.name, *parts))} ({status})"))
    # Practical details.
    found.append(Block("Heading 1", _("Practical details"), keep_with_next=True))
    if view.timezone:
        fact(_("Time zone"), view.timezone)
    for day_label, hours in view.day_hours:
        fact(day_label, hours)
    practical = view.practical
    for label, value in (
        (_("Venue"), practical.venue),
        (_("Address"), fmt.separator.join(practical.address)),
        (_("Room"), info.room),
        (_("Contact"), practical.contact),
        (_("Website"), info.website),
    ):
        if value:
            fact(label, value)
    if practical.accessibility:
        found.append(Block("Heading 2", _("Accessibility"), keep_with_next=True))
        found.append(Block("Normal", practical.accessibility))
    return found


def _edition(config: BuildConfig) -> BilingualEdition:
    assert config.bilingual is not None
    return config.bilingual


def write(document: DocxDocument, view: EventView, config: BuildConfig, heading: str) -> None:
    """The bilingual note's body into document: the second title under the first, then
    the table of both languages' blocks. heading: "Concept note" in both languages."""
    edition = _edition(config)
    second = EventView.of(edition.second, config.in_language(edition.languages[1]))
    second_rtl = second.fmt.direction == "rtl"
    language = word_language(second.fmt.tag)
    title = view.event.event.title
    document.add_paragraph(title, style="Title")
    if edition.second.event.title.casefold() != title.casefold():
        paragraph = document.add_paragraph(second.event.event.title, style="Subtitle")
        _mark(paragraph, language, second_rtl)
    document.add_paragraph(heading, style="Subtitle")
    firsts, seconds = blocks(view), blocks(second)
    table = document.add_table(rows=1, cols=2)
    table.style = document.styles["Light List Accent 1"]
    table.autofit = False
    ooxml.without_first_column(table)
    header = table.rows[0]
    ooxml.repeat_as_header(header)
    header.cells[0].text = language_name(view.fmt.language)
    header.cells[1].text = language_name(second.fmt.language)
    _mark(header.cells[1].paragraphs[0], language, second_rtl)
    width = _text_width(document)
    for first_block, second_block in zip(firsts, seconds, strict=True):
        row = table.add_row()
        if first_block.style.startswith("Heading") or first_block.style == FACT_STYLE:
            ooxml.keep_together(row)
        for cell in row.cells:
            cell.width = width // 2
        if first_block == second_block:
            # A text the second language does not write (it prints the first's): once,
            # across both columns, in its own language.
            _fill(document, row.cells[0].merge(row.cells[1]), first_block)
            continue
        _fill(document, row.cells[0], first_block)
        _fill(document, row.cells[1], second_block)
        for paragraph in row.cells[1].paragraphs:
            _mark(paragraph, language, second_rtl)
    for column in table.columns:
        column.width = width // 2
    for cell in header.cells:
        cell.width = width // 2


def _fill(document: DocxDocument, cell: _Cell, block: Block) -> None:
    """A block as its cell's one paragraph, in its style."""
    paragraph = cell.paragraphs[0]
    paragraph.style = document.styles[block.style]
    if block.label:
        run = paragraph.add_run(block.label, style=LABEL_STYLE)
        if isinstance(block.label, Foreign):
            ooxml.set_run_language(run, word_language(block.label.lang))
    if block.mark:
        paragraph.add_run(block.mark).bold = True
    run = paragraph.add_run(block.text)
    run.font.strike = block.struck or None
    if isinstance(block.text, Foreign):
        ooxml.set_run_language(run, word_language(block.text.lang))
    if block.keep_with_next:
        paragraph.paragraph_format.keep_with_next = True


def _mark(paragraph: Paragraph, language: str, rtl: bool) -> None:
    """A paragraph of the second column: its runs in its language (those in yet another,
    a word its catalogue lacks, keep theirs), its base direction its text's (its first
    strong letter's, UAX #9 P2), else its language's."""
    for run in paragraph.runs:
        if ooxml.run_language(run) is None:
            ooxml.set_run_language(run, language)
    own = first_strong(paragraph.text)
    ooxml.set_paragraph_direction(paragraph, own == "rtl" if own else rtl)


def header_and_footer(
    document: DocxDocument, title: str, words: str, language: str, rtl: bool
) -> None:
    """The second language's title after the first's in the header, after a slash, and
    its "Page X of Y" under the first's in the footer, with its own fields."""
    header = document.sections[0].header.paragraphs[0]
    if title.casefold() != header.text.casefold():
        header.add_run(" / ")
        ooxml.set_run_language(header.add_run(title), language)
    # A line of its own: two phrases of page numbers in two directions on one line would
    # interleave their numbers (UAX #9).
    footer = document.sections[0].footer
    paragraph = footer.add_paragraph(style=footer.paragraphs[0].style)
    before, _, rest = words.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    for text, field in ((before, "PAGE"), (middle, "NUMPAGES"), (after, "")):
        ooxml.set_run_language(paragraph.add_run(text), language)
        if field:
            ooxml.add_field(paragraph, field, "1")
    own = first_strong(words)
    ooxml.set_paragraph_direction(paragraph, own == "rtl" if own else rtl)


def _text_width(document: DocxDocument) -> int:
    section = document.sections[-1]
    return int(
        (section.page_width or Mm(210)) - (section.left_margin or 0) - (section.right_margin or 0)
    )
