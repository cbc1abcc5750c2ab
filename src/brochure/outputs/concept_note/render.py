"""The concept note partners edit: a Word document built with python-docx.

Everything is set through Word styles (Title, Heading 1, List Number, a named table
style), never direct formatting, so a partner's edits keep the document's look. A
project's `layouts/concept-note/reference.docx` supplies its own styles (its brand).
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from babel import Locale
from babel.core import get_global
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from brochure.errors import BuildError
from brochure.finishing.paper import office_paper
from brochure.i18n import Foreign, printed_tag
from brochure.model import Event, Person
from brochure.outputs import ooxml
from brochure.outputs.concept_note.script_fonts import complex_family, name_script_fonts
from brochure.outputs.view import EventView, Slot, plain
from brochure.outputs.word_widths import DEFAULT_FAMILY, DEFAULT_SIZE, WordWidths
from brochure.textrules import isolated, joined
from brochure.typography import unbreakable, words_of

if TYPE_CHECKING:
    from brochure.config import BuildConfig

REFERENCE = "concept-note/reference.docx"
TABLE_STYLE = "Light List Accent 1"
LABEL_STYLE = "Field Label"
FACT_STYLE = "Fact"
#: The styles the note is written with; a reference document must define them.
REQUIRED_STYLES = (
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "List Bullet",
    "List Number",
    "Header",
    "Footer",
    TABLE_STYLE,
)


def render(event: Event, config: BuildConfig) -> dict[str, bytes]:
    """concept-note.docx."""
    document, has_reference = start(config)
    view = EventView.of(event, config)
    ConceptNote(document, view, config, not has_reference).write()
    return {"concept-note.docx": finished(document, view, config)}


def finished(document: DocxDocument, view: EventView, config: BuildConfig) -> bytes:
    """The written note as Word reads it: directions, a current Word's settings, names
    and addresses held whole, stamped with the build's time."""
    if view.metadata.direction == "rtl":
        ooxml.right_to_left(document)
    name_script_fonts(document, view.metadata.language)
    ooxml.mark_rtl_runs(document)
    ooxml.drop_false_claims(document)
    ooxml.as_current_word(document)
    ooxml.addresses_unhyphenated(document)
    ooxml.names_held_whole(
        document,
        functools.partial(
            _fits,
            measure=_measure(document, view.metadata.language),
            text_width=_text_width(document),
        ),
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return ooxml.stamped(buffer.getvalue(), config.built_at)


def start(config: BuildConfig) -> tuple[DocxDocument, bool]:
    """An empty document with the project's reference styles (True), or ours (False)."""
    reference = None
    try:
        reference = config.layouts.find(REFERENCE)
    except FileNotFoundError:
        document = Document()
        _house_styles(document)
    else:
        document = Document(str(reference))
        present = {style.name for style in document.styles}
        missing = [name for name in REQUIRED_STYLES if name not in present]
        if missing:
            raise BuildError(
                f"{reference}: the reference document lacks the styles {', '.join(missing)}; "
                "start it from brochure's own concept-note.docx, which has them all"
            )
        ooxml.clear_body(document)
    _ensure_own_styles(document)
    return document, reference is not None


def _house_styles(document: DocxDocument) -> None:
    """Quiet adjustments to python-docx's default styles: calmer colours, more air."""
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    blue = RGBColor(0x12, 0x3B, 0x5A)
    for name, size in (("Title", 24), ("Heading 1", 14), ("Heading 2", 12)):
        style = styles[name]
        style.font.color.rgb = blue
        style.font.size = Pt(size)
    styles["Heading 1"].paragraph_format.space_before = Pt(18)
    styles["Subtitle"].font.color.rgb = RGBColor(0x5B, 0x6B, 0x78)


def _ensure_own_styles(document: DocxDocument) -> None:
    """The two styles of our own: a bold label, and a fact line that keeps its block
    together (so "Date, Time, Place" never splits across a page)."""
    names = [style.name for style in document.styles]
    if LABEL_STYLE not in names:
        label = document.styles.add_style(LABEL_STYLE, WD_STYLE_TYPE.CHARACTER)
        label.base_style = document.styles["Default Paragraph Font"]
        label.font.bold = True
    if FACT_STYLE not in names:
        fact = document.styles.add_style(FACT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        fact.base_style = document.styles["Normal"]
        fact.paragraph_format.space_after = Pt(2)
        fact.paragraph_format.keep_with_next = True


def word_language(tag: str) -> str:
    """A BCP 47 tag as Word writes languages: en (British, as brochure prints it) ->
    en-GB, en-US -> en-US, es -> es-ES, pt -> pt-BR, fr -> fr-FR."""
    locale = Locale.parse(printed_tag(tag).replace("-", "_"))
    # CLDR's likely subtags give the territory a bare language most often means.
    likely = str(get_global("likely_subtags").get(locale.language, "")).split("_")
    territory = locale.territory or (likely[-1] if len(likely) > 1 else None)
    return f"{locale.language}-{territory}" if territory else locale.language


#: Longest text a core document property holds (python-docx enforces the limit Word has).
MAX_PROPERTY = 255


def _property(text: str) -> str:
    """text as a document property can hold it: shortened with an ellipsis past 255."""
    return text if len(text) <= MAX_PROPERTY else text[: MAX_PROPERTY - 1].rstrip() + "…"


class ConceptNote:
    """Writes the sections of a concept note into a document, in order."""

    def __init__(
        self, document: DocxDocument, view: EventView, config: BuildConfig, house_style: bool
    ) -> None:
        self.doc = document
        self.house_style = house_style
        self.view = view
        self.event = view.event
        self.fmt = view.fmt
        self.config = config
        self._ = view.fmt.gettext

    def write(self) -> None:
        self.properties()
        self.language()
        self.paper()
        self.header_and_footer()
        self.title_block()
        self.organisers()
        self.background()
        self.questions_and_topics()
        self.programme()
        self.speakers()
        self.practical()

    # metadata -------------------------------------------------------------------
    def properties(self) -> None:
        """Core properties: about the event, authored by its organisers (never a login),
        as plain text (view.plain: no word joiners or other typesetting characters)."""
        metadata = self.view.metadata
        props = self.doc.core_properties
        organisers = _property(", ".join(metadata.authors))
        props.title = _property(metadata.title)
        subject = self.fmt.labelled(self._("Concept note"), self.view.kind_line)
        props.subject = _property(plain(subject))
        props.keywords = _property(plain(", ".join(self.event.sectors)))
        props.author = organisers
        props.last_modified_by = organisers
        props.comments = ""
        props.category = _property(plain(self.event.event.kind or ""))
        props.language = word_language(metadata.language)
        created = self.config.built_at.replace(tzinfo=None)
        props.created = created
        props.modified = created
        props.revision = 1
        props.identifier = ""
        props.content_status = ""
        props.version = ""

    def language(self) -> None:
        """Mark text as the event's language (spell-checking), on defaults and styles."""
        ooxml.set_languages(self.doc, word_language(self.view.metadata.language))

    def paper(self) -> None:
        """The office paper where the event is (finishing.paper.office_paper, as the
        brochure's): Letter in the Americas' Letter countries, A4 everywhere else."""
        if not self.house_style:
            return  # a reference document's page size is the organiser's choice
        paper = office_paper(self.event.event.language, self.event.event.country)
        for section in self.doc.sections:
            section.page_width, section.page_height = Mm(paper.width), Mm(paper.height)

    def header_and_footer(self) -> None:
        section = self.doc.sections[0]
        header = section.header.paragraphs[0]
        header.text = self.event.event.title
        header.style = self.doc.styles["Header"]
        footer = section.footer.paragraphs[0]
        footer.style = self.doc.styles["Footer"]
        # "Page X of Y" as fields, so Word and LibreOffice fill in the numbers.
        words = self._("Page {page} of {pages}")
        before, _, rest = words.partition("{page}")
        middle, _, after = rest.partition("{pages}")
        self.mark(footer.add_run(before), words)
        ooxml.add_field(footer, "PAGE", "1")
        self.mark(footer.add_run(middle), words)
        ooxml.add_field(footer, "NUMPAGES", "1")
        self.mark(footer.add_run(after), words)

    # body -----------------------------------------------------------------------
    def title_block(self) -> None:
        info = self.event.event
        view = self.view
        self.doc.add_paragraph(info.title, style="Title")
        subtitle = self.doc.add_paragraph(style="Subtitle")
        label = self._("Concept note")
        self.mark(subtitle.add_run(label), label)
        subtitle.add_run(f" · {view.kind_line}")
        self.fact(self._("Date"), view.when)
        if view.time:
            zone = f" ({view.timezone})" if view.timezone and not view.clocks_change else ""
            self.fact(self._("Time"), view.time + zone)
        if view.clocks_change:
            self.fact(self._("Time zone"), view.timezone)
        self.fact(self._("Place"), view.place)
        if info.series:
            series = self.fmt.labelled(info.series, info.theme) if info.theme else info.series
            self.fact(self._("Part of"), series)
        if self.event.summary:
            self.doc.add_paragraph(self.event.summary)

    def organisers(self) -> None:
        self.heading(self._("Organisers"))
        for organiser in self.event.organisers:
            country = self.fmt.country(organiser.country)
            text = isolated(organiser.name) + (f" ({isolated(country)})" if country else "")
            if organiser.website:
                text += f", {organiser.website}"
            self.doc.add_paragraph(text, style="List Bullet")
        contacts = self.event.with_role("organiser", "moderator")
        if contacts:
            self.heading(self._("Contact people"), level=2)
            for person in contacts:
                self.doc.add_paragraph(self._person_line(person), style="List Bullet")

    def background(self) -> None:
        self.heading(self._("Background"))
        for paragraph in self.event.about:
            self.doc.add_paragraph(paragraph)

    def questions_and_topics(self) -> None:
        if self.event.questions:
            self.heading(self._("Questions"))
            for question in self.event.questions:
                self.doc.add_paragraph(question, style="List Number")
        if self.event.sectors:
            self.heading(self._("Sectors and topics"))
            for sector in self.event.sectors:
                self.doc.add_paragraph(sector, style="List Bullet")

    def programme(self) -> None:
        view = self.view
        self.heading(self._("Format and programme"))
        kind = self.event.event.kind or self._("Event")
        line = self.fmt.parts((kind, self.fmt.date_and_time(view.when, view.time)))
        # One full stop, also after a time that ends with one ("5:30 p.m.").
        opening = self.doc.add_paragraph(line if line.endswith(".") else line + ".")
        slots = [slot for day in view.days for slot in day.slots]
        if not slots:
            return
        # The heading and this line go with the table (with its first rows, below): not
        # left at a page's foot over a table that starts on the next.
        opening.paragraph_format.keep_with_next = True
        if any(slot.when for slot in slots):
            # Several days: a Day column, or a partner cannot tell Monday from Tuesday;
            # several rooms in a day: a Room column, or parallel sessions read as a clash;
            # an item elsewhere (a dinner): a Where column with its place.
            elsewhere = any(slot.venue for slot in slots)
            where = self._("Where") if elsewhere else self._("Room")
            columns: list[tuple[str, float, bool]] = [
                *([(self._("Day"), 2.4, True)] if view.several_days else []),
                (self._("Time"), 2.4, True),
                (self._("Item"), 4, False),
                *([(where, 1.8, False)] if view.several_rooms or elsewhere else []),
                (self._("People"), 3.8, False),
            ]
            rows = [
                (
                    # A day is read whole ("10 mars 2027"), never one word a line.
                    *([unbreakable(day.short, self.fmt.tag)] if view.several_days else []),
                    slot.when,
                    slot.title,
                    *([slot.where] if view.several_rooms or elsewhere else []),
                    slot.people_with_chairs(self.fmt),
                )
                for day in view.days
                for slot in day.slots
            ]
            header = tuple(name for name, _, _ in columns)
            table = self.table(
                header,
                rows,
                tuple(share for _, share, _ in columns),
                tuple(whole for _, _, whole in columns),
            )
            item = header.index(self._("Item"))
            for row, slot, values in zip(table.rows[1:], slots, rows, strict=True):
                if slot.mark:
                    self.marked(row.cells[item].paragraphs[0], slot)
                if slot.is_break:
                    # A break or a meal reads as one line across the table: its last
                    # filled cell (its title, or its room) spans the empty ones after it.
                    filled = [i for i, text in enumerate(values) if text and i >= item]
                    ooxml.span_to_end(row, filled[-1] if filled else item)
        else:
            for slot in slots:
                people = slot.people_with_chairs(self.fmt)
                line = self.fmt.labelled(slot.title, people) if people else slot.title
                paragraph = self.doc.add_paragraph(line, style="List Number")
                if slot.mark:
                    self.marked(paragraph, slot)

    def marked(self, paragraph: Paragraph, slot: Slot) -> None:
        """A cancelled or moved item's paragraph (its title first) marked as every
        programme marks it: the word in bold before it (Cancelled: a reader of the text
        alone, or of a copy, learns it), a cancelled title struck through; a moved
        one's old room after it."""
        if slot.cancelled:
            for run in paragraph.runs:
                run.font.strike = True
            ooxml.run_first(paragraph, self.fmt.labelled(slot.mark)).bold = True
        else:
            paragraph.add_run(f" ({slot.mark})").italic = True

    def speakers(self) -> None:
        speakers = self.event.with_role("speaker", "moderator", "rapporteur")
        if not speakers:
            return
        only_speakers = all(person.role == "speaker" for person in speakers)
        self.heading(
            self._("Speakers") if only_speakers else self._("Speakers, moderators and rapporteurs")
        )
        rows = [
            (
                person.name,
                self.fmt.parts((person.position, person.organisation)),
                self.fmt.country(person.country),
                self._("provisional") if person.is_provisional else self._("confirmed"),
            )
            for person in speakers
        ]
        self.table(
            (self._("Name"), self._("Affiliation"), self._("Country"), self._("Status")),
            rows,
            (4, 5.5, 2.5, 3),
        )

    def practical(self) -> None:
        info = self.event.event
        view = self.view
        self.heading(self._("Practical details"))
        self.fact(self._("Date"), view.when)
        if view.time:
            self.fact(self._("Time"), view.time)
        if view.timezone:
            self.fact(self._("Time zone"), view.timezone)
        for day, hours in view.day_hours:
            self.fact(day, hours)
        self.fact(self._("Place"), view.place)
        practical = view.practical
        for label, value in (
            (self._("Venue"), practical.venue),
            (self._("Address"), self.fmt.separator.join(practical.address)),
            (self._("Room"), info.room),
            (self._("Contact"), practical.contact),
            (self._("Website"), info.website),
        ):
            if value:
                self.fact(label, value)
        if practical.accessibility:
            self.heading(self._("Accessibility"), level=2)
            self.doc.add_paragraph(practical.accessibility)

    # building blocks ------------------------------------------------------------
    def heading(self, text: str, level: int = 1) -> Paragraph:
        heading = self.doc.add_heading(text, level=level)
        for run in heading.runs:
            self.mark(run, text)
        return heading

    def fact(self, label: str, value: str) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=FACT_STYLE)
        self.mark(paragraph.add_run(self.fmt.labelled(label), style=LABEL_STYLE), label)
        paragraph.add_run(value)
        return paragraph

    def mark(self, run: Run, text: str) -> Run:
        """A run of a word left in English in another language's note: marked English
        (w:lang), so spell-checking and hyphenation follow English."""
        if isinstance(text, Foreign):
            ooxml.set_run_language(run, word_language(text.lang))
        return run

    def table(
        self,
        header: tuple[str, ...],
        rows: Iterable[tuple[str, ...]],
        shares: tuple[float, ...],
        whole: tuple[bool, ...] = (),
    ) -> Table:
        """A table in the named table style; shares divide the text width among columns;
        whole marks the columns whose words never break (a day, a range of times)."""
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = self.doc.styles[TABLE_STYLE]
        table.autofit = False
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                self.mark(run, text)
        ooxml.repeat_as_header(table.rows[0])
        rows = list(rows)
        for values in rows:
            row = table.add_row()
            ooxml.keep_together(row)
            for cell, text in zip(row.cells, values, strict=True):
                cell.text = text
        # The header and the first rows start a page together (keep with next, row by
        # row, as Word and LibreOffice keep rows): a table is never begun at a page's
        # foot with its header and one row.
        for row in table.rows[: min(KEPT_ROWS, len(table.rows) - 1)]:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
        columns = list(zip(header, *rows, strict=True)) if rows else [(h,) for h in header]
        widths = table_widths(
            _text_width(self.doc),
            shares,
            columns,
            _measure(self.doc, self.view.metadata.language),
            whole or (False,) * len(header),
        )
        for column, column_width in zip(table.columns, widths, strict=True):
            # Word reads the cells' widths, LibreOffice the grid's: set both.
            column.width = column_width
            for cell in column.cells:
                cell.width = column.width
        return table

    def _person_line(self, person: Person) -> str:
        name = joined(" ", (person.honorific, person.name))
        details = self.fmt.parts((person.position, person.organisation))
        line = self.fmt.parts((name, details))
        if person.email and person.share_contact:
            line += f" <{person.email}>"
        return line


#: Rows of a table (its header included) that start a page together.
KEPT_ROWS = 3
#: A cell's left and right padding together (0.19 cm a side: LibreOffice's and about
#: Word's default cell margins, the table style's 108 twips).
CELL_PADDING = Mm(3.8)
#: The narrowest a column of running text is made to give room to the others.
NARROWEST = Mm(15)


def _measure(document: DocxDocument, language: str) -> WordWidths:
    """Widths of text in the document's body font at its size (its Normal style); a
    right-to-left run (an Arabic date) in the font script_fonts names for it."""
    family, size = ooxml.body_font(document)
    return WordWidths(family or DEFAULT_FAMILY, size or DEFAULT_SIZE, complex_family(language))


def _text_width(document: DocxDocument) -> int:
    """The width (EMU) between the margins of the document's last section."""
    section = document.sections[-1]
    return int(
        (section.page_width or Mm(210)) - (section.left_margin or 0) - (section.right_margin or 0)
    )


def _emu(measure: WordWidths, text: str, bold: bool) -> int:
    return int(Mm(measure.of(text, bold)))


#: A name's hyphen kept whole (typography.kept_whole).
_NAME_JOIN = "-\u2060"
#: Where a hyphenated word may break: after each of its hyphens.
_HYPHEN_BREAKS = re.compile("(?<=\\w[-\u2010])\u2060?(?=\\w)")


def _longest_word(
    cells: Sequence[str], measure: WordWidths, bold: bool, most: int | None = None
) -> int:
    """The widest word of a column's cells (EMU, measured in the document's font; the
    first cell is its header, set bold, and so is all the column when bold): a word is
    what no line breaks inside (typography.words_of: a range of times with its no-break
    spaces is one; a name joined at its hyphens). Given most (EMU), a hyphenated word
    counts by its parts, after each of which a line may break: any but a name ("Salle
    Réjean-Ducharme"), and a name wider than most."""
    longest = 0
    for n, text in enumerate(cells):
        heavy = bold or n == 0
        for word in words_of(text):
            whole = _emu(measure, word, heavy)
            if most is not None and (_NAME_JOIN not in word or whole > most):
                parts = _HYPHEN_BREAKS.split(word)
                longest = max(longest, *(_emu(measure, part, heavy) for part in parts))
            else:
                longest = max(longest, whole)
    return longest


def table_widths(
    total: int,
    shares: Sequence[float],
    columns: Sequence[Sequence[str]],
    measure: WordWidths,
    whole: Sequence[bool],
) -> list[int]:
    """Column widths (EMU) for a table total wide, its columns' cells (each column's
    header first) set in measure's font, the first column bold (the table style's
    first-column emphasis): each column as wide as its longest word, a name or a range
    of times whole. Where the page cannot hold that, other hyphenated words (a room)
    count by their parts, then the longest names, one width at a time, and such a name
    then breaks after a hyphen in its cell (ooxml.names_held_whole); then the columns
    of running text give way, the one with the largest share first, never a whole one
    (a day, a time: never broken inside)."""
    names = sorted(
        {
            _emu(measure, word, n == 0)
            for n, cells in enumerate(columns)
            for text in cells
            for word in words_of(text)
            if _NAME_JOIN in word
        },
        reverse=True,
    )

    def least(most: int | None) -> list[int]:
        return [
            _longest_word(cells, measure, n == 0, None if whole[n] else most) + CELL_PADDING
            for n, cells in enumerate(columns)
        ]

    for most in (None, sum(names) + 1, *(width - 1 for width in names)):
        widths = least(most)
        if sum(widths) <= total:
            return column_widths(total, shares, widths)
    # The columns of running text give way, the largest share first, each still as
    # wide as NARROWEST where the page holds that.
    giving = sorted((n for n in range(len(columns)) if not whole[n]), key=lambda n: -shares[n])
    for n in giving:
        widths[n] = 0
        free = total - sum(widths)
        if free >= NARROWEST * sum(1 for width in widths if width == 0):
            break
    return column_widths(total, shares, widths)


def _fits(name: str, width: int | None, measure: WordWidths, text_width: int) -> bool:
    """Whether a name kept whole fits where it is set: a table cell of width EMU (its
    padding aside), or the text's width; measured as the tables' columns are (bold, as
    a first column is; a cell as wide as the name, once its width is written in twips,
    is a few EMU narrower)."""
    room = width - CELL_PADDING if width is not None else text_width
    return _emu(measure, name, True) <= room + Mm(0.1)


def column_widths(total: int, shares: Sequence[float], least: Sequence[int]) -> list[int]:
    """Column widths (EMU) dividing total by shares, each at least least (EMU: its
    longest word and its padding), so no word is broken inside ("Auditoriu/m"); the rest
    share what is left by their shares. Where even that cannot be (more long words than
    the page holds), the shares alone."""
    fixed: set[int] = set()
    while True:
        free = total - sum(least[i] for i in fixed)
        rest = [i for i in range(len(shares)) if i not in fixed]
        if free <= 0 or not rest:
            return [int(total * share / sum(shares)) for share in shares]
        widths = {i: free * shares[i] / sum(shares[j] for j in rest) for i in rest}
        short = [i for i in rest if widths[i] < least[i]]
        if not short:
            return [int(least[i]) if i in fixed else int(widths[i]) for i in range(len(shares))]
        fixed.update(short)
