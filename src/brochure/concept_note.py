"""The concept note partners edit: a Word document built with python-docx.

Everything is set through Word styles (Title, Heading 1, List Number, a named table
style), never direct formatting, so a partner's edits keep the document's look. A
project's `layouts/concept-note/reference.docx` supplies its own styles (its brand).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from typing import Any

from babel import Locale
from babel.core import get_global
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from brochure.errors import BuildError
from brochure.model import Event, Person
from brochure.settings import BuildSettings

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


def render_concept_note(event: Event, settings: BuildSettings) -> bytes:
    """The concept note as .docx bytes."""
    document, has_reference = _start(settings)
    _ConceptNote(document, event, settings, house_style=not has_reference).write()
    _drop_thumbnail(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return _stamped(buffer.getvalue(), settings.built_at)


def _drop_thumbnail(document: DocxDocument) -> None:
    """python-docx's template carries a thumbnail of some other page: no preview is
    better than a wrong one."""
    relationships = document.part.package.rels
    for key, relationship in list(relationships.items()):
        if relationship.reltype == RT.THUMBNAIL:
            relationships.pop(key)
            relationships._target_parts_by_rId.pop(key, None)


def _stamped(package: bytes, when: dt.datetime) -> bytes:
    """The package with every entry dated `when`: the same YAML and build time give the
    same bytes (zip entries otherwise carry the clock time of the save)."""
    stamp = when.timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry))
    return out.getvalue()


def _start(settings: BuildSettings) -> tuple[DocxDocument, bool]:
    """An empty document with the project's reference styles (True), or ours (False)."""
    reference = None
    try:
        reference = settings.layouts.find(REFERENCE)
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
        body = document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
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
    """A BCP 47 tag as Word writes languages: en -> en-US, es -> es-ES, pt-BR -> pt-BR."""
    locale = Locale.parse(tag.replace("-", "_"))
    # CLDR's likely subtags give the territory a bare language most often means.
    likely = str(get_global("likely_subtags").get(locale.language, "")).split("_")
    territory = locale.territory or (likely[-1] if len(likely) > 1 else None)
    return f"{locale.language}-{territory}" if territory else locale.language


class _ConceptNote:
    """Writes the sections of a concept note into a document, in order."""

    def __init__(
        self, document: DocxDocument, event: Event, settings: BuildSettings, house_style: bool
    ) -> None:
        self.doc = document
        self.house_style = house_style
        self.event = event
        self.fmt = settings.fmt
        self.settings = settings
        self._ = settings.fmt.gettext

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
        """Core properties: about the event, authored by its organisers (never a login)."""
        info = self.event.event
        props = self.doc.core_properties
        organisers = ", ".join(o.name for o in self.event.organisers)
        props.title = info.title
        props.subject = self._("Concept note") + f": {self._kind_line()}"
        props.keywords = ", ".join(self.event.sectors)
        props.author = organisers
        props.last_modified_by = organisers
        props.comments = ""
        props.category = info.kind or ""
        props.language = word_language(info.language)
        created = self.settings.built_at.replace(tzinfo=None)
        props.created = created
        props.modified = created
        props.revision = 1
        props.identifier = ""
        props.content_status = ""
        props.version = ""
        # Nobody printed it yet, and no Word wrote it: drop what python-docx's own
        # template claims (last printed in 2013, "Microsoft Macintosh Word").
        for element in list(props._element):
            if element.tag.endswith("}lastPrinted"):
                props._element.remove(element)
        for part in self.doc.part.package.parts:
            if part.partname == "/docProps/app.xml":
                part._blob = re.sub(  # type: ignore[attr-defined]
                    rb"<Application>[^<]*</Application>",
                    b"<Application>brochure</Application>",
                    part.blob,
                )

    def language(self) -> None:
        """Mark text as the event's language (spell-checking), on defaults and styles."""
        lang = word_language(self.event.event.language)
        targets = [self.doc.styles.element.find(qn("w:docDefaults"))]
        targets += [style.element for style in self.doc.styles if style.type != WD_STYLE_TYPE.TABLE]
        for element in targets:
            if element is None:
                continue
            holder = element
            if element.tag == qn("w:docDefaults"):
                holder = _child(element, "w:rPrDefault")
            rpr = _child(holder, "w:rPr")
            lang_element = _child(rpr, "w:lang")
            lang_element.set(qn("w:val"), lang)
            lang_element.set(qn("w:eastAsia"), lang)
            lang_element.set(qn("w:bidi"), lang)

    def paper(self) -> None:
        """Letter where Word's users expect it (US, Canada), A4 everywhere else."""
        if not self.house_style:
            return  # a reference document's page size is the organiser's choice
        if word_language(self.event.event.language).endswith(("-US", "-CA")):
            return  # python-docx's template is already Letter
        for section in self.doc.sections:
            section.page_width, section.page_height = Mm(210), Mm(297)

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
        footer.add_run(before)
        _add_field(footer, "PAGE", "1")
        footer.add_run(middle)
        _add_field(footer, "NUMPAGES", "1")
        footer.add_run(after)

    # body -----------------------------------------------------------------------
    def title_block(self) -> None:
        info = self.event.event
        self.doc.add_paragraph(info.title, style="Title")
        self.doc.add_paragraph(self._("Concept note") + f" · {self._kind_line()}", style="Subtitle")
        self.fact(self._("Date"), self.fmt.date_range(info.date, info.end_date))
        if info.start:
            zone = f" ({self.fmt.timezone(info.timezone)})" if info.timezone else ""
            self.fact(self._("Time"), self.fmt.time_range(info.start, info.end) + zone)
        self.fact(self._("Place"), self._place())
        if info.series:
            theme = f": {info.theme}" if info.theme else ""
            self.fact(self._("Part of"), info.series + theme)
        if self.event.summary:
            self.doc.add_paragraph(self.event.summary)

    def organisers(self) -> None:
        self.heading(self._("Organisers"))
        for organiser in self.event.organisers:
            country = self.fmt.country(organiser.country)
            text = f"{organiser.name} ({country})" if country else organiser.name
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
        info = self.event.event
        self.heading(self._("Format and programme"))
        when = self.fmt.date_range(info.date, info.end_date)
        times = self.fmt.time_range(info.start, info.end)
        kind = info.kind or self._("Event")
        self.doc.add_paragraph(f"{kind}, {when}" + (f", {times}" if times else "") + ".")
        items = self.event.programme
        if not items:
            return
        if any(item.start for item in items):
            rows: list[tuple[str, ...]] = [
                (
                    self.fmt.time_range(item.start, item.end),
                    item.title,
                    self.fmt.join([self.event.person(key).name for key in item.people]),
                )
                for item in items
            ]
            header = (self._("Time"), self._("Item"), self._("People"))
            if info.end_date and info.end_date != info.date:
                # Several days: a Day column, or a partner cannot tell Monday from Tuesday.
                days = [self.fmt.date_short(item.date or info.date) for item in items]
                rows = [(day, *row) for day, row in zip(days, rows, strict=True)]
                self.table((self._("Day"), *header), rows, (2.2, 2, 4, 3.8))
            else:
                self.table(header, rows, (2, 4, 4))
        else:
            for item in items:
                names = self.fmt.join([self.event.person(key).name for key in item.people])
                self.doc.add_paragraph(
                    item.title + (f": {names}" if names else ""), style="List Number"
                )

    def speakers(self) -> None:
        speakers = self.event.with_role("speaker", "moderator", "rapporteur")
        if not speakers:
            return
        self.heading(self._("Speakers"))
        rows = [
            (
                person.name,
                ", ".join(p for p in (person.position, person.organisation) if p),
                self.fmt.country(person.country),
                self._("provisional") if person.is_provisional else self._("confirmed"),
            )
            for person in speakers
        ]
        self.table(
            (self._("Name"), self._("Affiliation"), self._("Country"), self._("Status")),
            rows,
            (4, 6, 2.5, 2.5),
        )

    def practical(self) -> None:
        info = self.event.event
        self.heading(self._("Practical details"))
        self.fact(self._("Date"), self.fmt.date_range(info.date, info.end_date))
        if info.start:
            self.fact(self._("Time"), self.fmt.time_range(info.start, info.end))
        if info.timezone:
            self.fact(self._("Time zone"), self.fmt.timezone(info.timezone))
        self.fact(self._("Place"), self._place())
        for label, value in (
            (self._("Venue"), info.venue),
            (self._("Room"), info.room),
            (self._("Website"), info.website),
        ):
            if value:
                self.fact(label, value)

    # building blocks ------------------------------------------------------------
    def heading(self, text: str, level: int = 1) -> Paragraph:
        return self.doc.add_heading(text, level=level)

    def fact(self, label: str, value: str) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=FACT_STYLE)
        paragraph.add_run(f"{label}: ", style=LABEL_STYLE)
        paragraph.add_run(value)
        return paragraph

    def table(
        self, header: tuple[str, ...], rows: Iterable[tuple[str, ...]], shares: tuple[float, ...]
    ) -> Table:
        """A table in the named table style; shares divide the text width among columns."""
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = self.doc.styles[TABLE_STYLE]
        table.autofit = False
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        _repeat_as_header(table.rows[0])
        for values in rows:
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell.text = text
        section = self.doc.sections[-1]
        width = (
            (section.page_width or Mm(210))
            - (section.left_margin or 0)
            - (section.right_margin or 0)
        )
        for column, share in zip(table.columns, shares, strict=True):
            # Word reads the cells' widths, LibreOffice the grid's: set both.
            column.width = int(width * share / sum(shares))
            for cell in column.cells:
                cell.width = column.width
        return table

    def _kind_line(self) -> str:
        info = self.event.event
        return ", ".join(part for part in (info.session, info.series) if part)

    def _place(self) -> str:
        info = self.event.event
        return self.fmt.place(info.city, info.region, info.country)

    def _person_line(self, person: Person) -> str:
        name = f"{person.honorific} {person.name}" if person.honorific else person.name
        details = ", ".join(part for part in (person.position, person.organisation) if part)
        line = f"{name}, {details}" if details else name
        if person.email and person.share_contact:
            line += f" <{person.email}>"
        return line


def _child(parent: Any, tag: str) -> Any:
    """parent's first child called tag, created (first) when missing."""
    element = parent.find(qn(tag))  # type: ignore[attr-defined]
    if element is None:
        element = OxmlElement(tag)
        parent.insert(0, element)  # type: ignore[attr-defined]
    return element


def _add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES) as begin / instruction / separate / result / end."""

    def fld_char(kind: str) -> object:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    run = paragraph.add_run()
    run._r.append(fld_char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run = paragraph.add_run()
    run._r.append(instr)
    run = paragraph.add_run()
    run._r.append(fld_char("separate"))
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    run._r.append(fld_char("end"))


def _repeat_as_header(row: object) -> None:
    """Mark a table row to repeat at the top of every page the table spans."""
    tr = row._tr  # type: ignore[attr-defined]
    trpr = tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)
