"""python-docx below its public API: the one module that touches Word's XML.

Everything here works on python-docx objects through their private parts (`_element`,
`_r`, `_tr`, package relationships), so a python-docx upgrade breaks here or nowhere.
Element and attribute names are from ECMA-376 (Office Open XML), Part 1.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from brochure.buildtime import clamped
from brochure.typography import ADDRESS, first_strong, held_hyphens


def add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES) as begin / instruction / separate / result / end
    (ECMA-376 17.16.18, complex fields), so Word and LibreOffice fill in the value."""

    def fld_char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    paragraph.add_run()._r.append(fld_char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    paragraph.add_run()._r.append(fld_char("separate"))
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(fld_char("end"))


def run_first(paragraph: Paragraph, text: str) -> Run:
    """A new run of text at the start of paragraph, before its other runs."""
    first = paragraph.runs[0]._r if paragraph.runs else None
    run = paragraph.add_run(text)
    if first is not None:
        first.addprevious(run._r)
    return run


def repeat_as_header(row: _Row) -> None:
    """Mark a table row to repeat at the top of every page the table spans (w:tblHeader)."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def keep_together(row: _Row) -> None:
    """Keep a table row on one page (w:cantSplit): a session's row never breaks in two."""
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(cant_split)


def set_languages(document: DocxDocument, lang: str) -> None:
    """Mark text as language lang (spell-checking, hyphenation) on the document defaults
    and on every paragraph and character style (w:lang, for Latin, East Asian and complex
    scripts), each element in the order the schema gives."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        _set_lang(_child(_child(defaults, "w:rPrDefault"), "w:rPr"), lang)
    for style in document.styles:
        if style.type != WD_STYLE_TYPE.TABLE:
            _set_lang(style.element.get_or_add_rPr(), lang)


def set_run_language(run: Run, lang: str) -> None:
    """Mark one run as language lang: a word left in English in another language's note."""
    _set_lang(run._r.get_or_add_rPr(), lang)


def run_language(run: Run) -> str | None:
    """The language a run is marked with (w:lang's w:val), None when it has none."""
    rpr = run._r.rPr
    element = rpr.find(qn("w:lang")) if rpr is not None else None
    return element.get(qn("w:val")) if element is not None else None


def _set_lang(rpr: Any, lang: str) -> None:
    """w:lang in run properties (ECMA-376 17.3.2.20), placed before the elements the
    schema puts after it (CT_RPr's sequence, as python-docx knows it)."""
    element = rpr.find(qn("w:lang"))
    if element is None:
        sequence = list(getattr(rpr, "_tag_seq", ()))
        after = sequence[sequence.index("w:lang") + 1 :] if "w:lang" in sequence else []
        element = rpr.insert_element_before(OxmlElement("w:lang"), *after)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        element.set(qn(attribute), lang)


#: EMU in a twentieth of a point, the unit of a cell's width (w:tcW type dxa, 17.18.90).
EMU_PER_TWIP = 635


def names_held_whole(document: DocxDocument, fits: Callable[[str, int | None], bool]) -> None:
    """Each hyphen a name is kept whole at (typography.kept_whole: a hyphen and a word
    joiner) as Word's own non-breaking hyphen (w:noBreakHyphen, ECMA-376 17.3.3.18), in
    the body, tables, headers and footers: Word and LibreOffice never break
    "Pierre-Péladeau" after it, it prints with the font's own hyphen (Carlito and Caladea
    have no U+2011), and python-docx reads it back as "-". A name that does not fit
    where it is set (fits(name, width): width the table cell's in EMU, None in running
    paragraphs) keeps plain hyphens, so it breaks after one of them rather than anywhere
    (typography.held_hyphens). The other word joiners stay."""
    parts = [document.element]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    for part in parts:
        for text in list(part.iter(qn("w:t"))):
            if not text.text or "\u2060" not in text.text:
                continue
            pieces = _held(text, fits)
            text.text = pieces[0]
            _preserve_spaces(text)
            after = text
            for piece in pieces[1:]:
                hyphen = OxmlElement("w:noBreakHyphen")
                after.addnext(hyphen)
                after = OxmlElement("w:t")
                after.text = piece
                _preserve_spaces(after)
                hyphen.addnext(after)


def addresses_unhyphenated(document: DocxDocument) -> None:
    """Web and e-mail addresses printed as typed: a paragraph holding one is never
    hyphenated (w:suppressAutoHyphens, ECMA-376 17.3.1.34; Word and LibreOffice honour it,
    whatever a reference document's hyphenation), and the runs holding one are not
    spell-checked (w:noProof), in the body, tables, headers and footers. Word and
    LibreOffice break an address at its own slashes and hyphens."""
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    for part in parts:
        for paragraph in part.iter(qn("w:p")):
            runs = [
                (run, "".join(node.text or "" for node in run.iter(qn("w:t"))))
                for run in paragraph.iter(qn("w:r"))
            ]
            if not ADDRESS.search("".join(text for _, text in runs)):
                continue
            _in_order(_child(paragraph, "w:pPr"), "w:suppressAutoHyphens", _AFTER_HYPHENS)
            for run, text in runs:
                if ADDRESS.search(text):
                    _in_order(_child(run, "w:rPr"), "w:noProof", _AFTER_NO_PROOF)


def _held(text: Any, fits: Callable[[str, int | None], bool]) -> list[str]:
    """A w:t's text cut where its names hold their hyphens (typography.held_hyphens),
    each name judged in the width of the cell the text is in."""
    width = _cell_width(text)
    return held_hyphens(text.text, lambda name: fits(name, width))


def _cell_width(element: Any) -> int | None:
    """The width (EMU) of the table cell element is in, None outside a table."""
    for ancestor in element.iterancestors(qn("w:tc")):
        width = ancestor.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
        if width is not None and width.get(qn("w:type"), "dxa") == "dxa":
            return int(width.get(qn("w:w"), "0")) * EMU_PER_TWIP
        return None
    return None


def _preserve_spaces(text: Any) -> None:
    """Keep a w:t's spaces at its ends (xml:space, which Word otherwise drops)."""
    if text.text and (text.text[0].isspace() or text.text[-1].isspace()):
        text.set(qn("xml:space"), "preserve")


def clear_body(document: DocxDocument) -> None:
    """Drop a reference document's text, keeping its page set-up (the section properties)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def drop_false_claims(document: DocxDocument) -> None:
    """Nobody printed it yet and no Word wrote it: drop what python-docx's own template
    claims (last printed in 2013, "Microsoft Macintosh Word") and its thumbnail of some
    other page (no preview is better than a wrong one)."""
    properties = document.core_properties._element
    for element in list(properties):
        if element.tag.endswith("}lastPrinted"):
            properties.remove(element)
    package = document.part.package
    for part in package.parts:
        if part.partname == "/docProps/app.xml":
            part._blob = re.sub(  # type: ignore[attr-defined]
                rb"<Application>[^<]*</Application>",
                b"<Application>brochure</Application>",
                part.blob,
            )
    relationships = package.rels
    for key, relationship in list(relationships.items()):
        if relationship.reltype == RT.THUMBNAIL:
            relationships.pop(key)
            relationships._target_parts_by_rId.pop(key, None)


#: The dates a ZIP entry can hold (its MS-DOS date: years 1980 to 2107, even seconds).
ZIP_EARLIEST = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
ZIP_LATEST = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC)


def stamped(package: bytes, when: dt.datetime, name: str = "the Word document") -> bytes:
    """The package with every zip entry dated `when`: the same YAML and build time give
    the same bytes (entries otherwise carry the clock time of the save). A time a ZIP
    cannot hold (SOURCE_DATE_EPOCH=0, a date after 2107) is taken as the nearest it can,
    with a warning naming the variable, once (buildtime.clamped); name is the file's."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    when = clamped(when, ZIP_EARLIEST, ZIP_LATEST, f"{name}'s ZIP entries")
    stamp = when.timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry))
    return out.getvalue()


def _child(parent: Any, tag: str) -> Any:
    """parent's first child called tag, created (first) when missing."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.insert(0, element)
    return element


def right_to_left(document: DocxDocument) -> None:
    """A right-to-left document: every paragraph's base direction right to left
    (w:bidi on the defaults and every paragraph style, ECMA-376 17.3.1.6), each section
    laid out from the right (w:bidi in sectPr, 17.6.1) and tables' columns ordered from
    the right (w:bidiVisual, 17.4.1)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    holders = [_child(_child(defaults, "w:pPrDefault"), "w:pPr")] if defaults is not None else []
    holders += [
        _child(style.element, "w:pPr")
        for style in document.styles
        if style.type == WD_STYLE_TYPE.PARAGRAPH
    ]
    for holder in holders:
        _in_order(holder, "w:bidi", _AFTER_BIDI)
    for section in document.sections:
        _in_order(section._sectPr, "w:bidi", ("w:rtlGutter", "w:docGrid", "w:printerSettings"))
    for table in document.tables:
        _in_order(table._tbl.tblPr, "w:bidiVisual", _AFTER_BIDI_VISUAL)
    # A paragraph of running text in a left-to-right language (an English abstract) and
    # a page's header or footer (its words may be left in English) read in their own
    # direction, as in the brochure; headings, facts, lists and table cells keep the
    # document's, so they stay aligned with the rest.
    running = [p for p in document.element.body.findall(qn("w:p")) if _plain(p)]
    for section in document.sections:
        running += section.header._element.findall(qn("w:p"))
        running += section.footer._element.findall(qn("w:p"))
    for paragraph in running:
        text = "".join(node.text or "" for node in paragraph.iter(qn("w:t")))
        if first_strong(text) == "ltr":
            properties = paragraph.find(qn("w:pPr"))
            if properties is None:
                properties = OxmlElement("w:pPr")
                paragraph.insert(0, properties)
            _in_order(properties, "w:bidi", _AFTER_BIDI)
            properties.find(qn("w:bidi")).set(qn("w:val"), "0")


def _plain(paragraph: Any) -> bool:
    """Whether a paragraph is in the Normal style (it names no style of its own)."""
    properties = paragraph.find(qn("w:pPr"))
    return properties is None or properties.find(qn("w:pStyle")) is None


def mark_rtl_runs(document: DocxDocument) -> None:
    """Mark each run holding right-to-left letters as such (w:rtl, 17.3.2.30), so Word
    shapes and orders it with its complex-script settings; runs of Latin text, digits
    and punctuation are left to the bidirectional algorithm. Runs in the body, headers
    and footers."""
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    for part in parts:
        for run in part.iter(qn("w:r")):
            text = "".join(node.text or "" for node in run.iter(qn("w:t")))
            if any(unicodedata.bidirectional(char) in ("R", "AL") for char in text):
                properties = run.find(qn("w:rPr"))
                if properties is None:
                    properties = OxmlElement("w:rPr")
                    run.insert(0, properties)
                _in_order(properties, "w:rtl", ("w:cs", "w:em", "w:lang", "w:eastAsianLayout"))


#: What follows w:bidi in a paragraph's properties (ECMA-376 CT_PPrBase's sequence).
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip
#: What follows w:suppressAutoHyphens in a paragraph's properties (CT_PPrBase).
_AFTER_HYPHENS = (
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", *_AFTER_BIDI,
)  # fmt: skip
#: What follows w:noProof in a run's properties (CT_RPr's sequence).
_AFTER_NO_PROOF = (
    "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
    "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)  # fmt: skip
#: What follows w:bidiVisual in a table's properties (CT_TblPr's sequence).
_AFTER_BIDI_VISUAL = (
    "w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing",
    "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
    "w:tblCaption", "w:tblDescription",
)  # fmt: skip


def _in_order(parent: Any, tag: str, successors: tuple[str, ...]) -> None:
    """parent's child called tag, added where the schema's sequence puts it (before the
    first of successors present) unless it is there already."""
    if parent.find(qn(tag)) is not None:
        return
    element = OxmlElement(tag)
    for successor in successors:
        found = parent.find(qn(successor))
        if found is not None:
            found.addprevious(element)
            return
    parent.append(element)


#: Word's compatibility settings of a current document (Word 2013 and later: mode 15,
#: [MS-DOCX] 2.3.x compatSetting), in the order Word writes them. Mode 14 opens in
#: "Compatibility Mode" (Word 2010).
CURRENT_WORD = (
    ("compatibilityMode", "15"),
    ("overrideTableStyleFontSizeAndJustification", "1"),
    ("enableOpenTypeFeatures", "1"),
    ("doNotFlipMirrorIndents", "1"),
    ("differentiateMultirowTableHeaders", "1"),
    ("useWord2013TrackBottomHyphenation", "0"),
)
_WORD_URI = "http://schemas.microsoft.com/office/word"
#: Word 2010's copy of the styles with their effects, which Word 2013 neither writes nor
#: needs ([MS-DOCX] 2.3.4).
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def as_current_word(document: DocxDocument) -> None:
    """The document as Word 2013 and later write one, not python-docx's Word 2010
    template: compatibility mode 15 with the settings that come with it (CURRENT_WORD)
    and none of the older layout options, no stylesWithEffects part, no customXml
    bibliography of the template, and none of its claims about editing it never had
    (revision ids, a clean spelling check, a preview picture saved, Word 2010's
    AppVersion)."""
    settings = document.settings.element
    compat = _child(settings, "w:compat")
    for legacy in [child for child in compat if child.tag != qn("w:compatSetting")]:
        compat.remove(legacy)  # Word 2010's layout options (useFELayout): not in mode 15
    present = {
        element.get(qn("w:name")): element for element in compat.findall(qn("w:compatSetting"))
    }
    for name, value in CURRENT_WORD:
        element = present.get(name)
        if element is None:
            element = OxmlElement("w:compatSetting")
            element.set(qn("w:name"), name)
            element.set(qn("w:uri"), _WORD_URI)
            compat.append(element)
        if name != "compatibilityMode" or int(element.get(qn("w:val"), "0") or 0) < 15:
            element.set(qn("w:val"), value)
    for tag in ("w:rsids", "w:proofState", "w:savePreviewPicture"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    relationships = document.part.rels
    for key, relationship in list(relationships.items()):
        if relationship.reltype in (_STYLES_WITH_EFFECTS, RT.CUSTOM_XML):
            relationships.pop(key)
            relationships._target_parts_by_rId.pop(key, None)
    for part in document.part.package.parts:
        if part.partname == "/docProps/app.xml":
            part._blob = re.sub(  # type: ignore[attr-defined]
                rb"\s*<(AppVersion|HeadingPairs|TitlesOfParts)>.*?</\1>",
                b"",
                part.blob,
                flags=re.DOTALL,
            )


def body_font(document: DocxDocument) -> tuple[str | None, float | None]:
    """The font family and size (pt) the Normal style sets text in, as Word resolves
    them: the style's own fonts (w:rFonts, ECMA-376 17.3.2.26) and size, else the
    document defaults'; a theme font (asciiTheme minorHAnsi) read from the theme part's
    latin typeface (DrawingML, 20.1.4.1). None where neither says."""
    normal = document.styles["Normal"].element.rPr
    defaults = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"
    )
    family = size = None
    for rpr in (normal, defaults):
        if rpr is None:
            continue
        fonts = rpr.find(qn("w:rFonts"))
        if family is None and fonts is not None:
            theme = theme_font(document, fonts.get(qn("w:asciiTheme")))
            family = fonts.get(qn("w:ascii")) or theme
        half_points = rpr.find(qn("w:sz"))
        if size is None and half_points is not None:
            size = int(half_points.get(qn("w:val"), "0")) / 2 or None
    return family, size


def theme_font(document: DocxDocument, theme: str | None) -> str | None:
    """The typeface a theme font name (minorHAnsi, majorHAnsi...) stands for."""
    if not theme:
        return None
    which = "majorFont" if theme.startswith("major") else "minorFont"
    for part in document.part.package.iter_parts():
        if str(part.partname).startswith("/word/theme/"):
            found = re.search(
                rb"<a:" + which.encode() + rb">\s*<a:latin typeface=\"([^\"]+)\"", part.blob
            )
            if found:
                return found.group(1).decode("utf-8")
    return None


def set_paragraph_direction(paragraph: Paragraph, rtl: bool) -> None:
    """A paragraph's own base direction (w:bidi, ECMA-376 17.3.1.6), whatever its style
    and the document's say: a column of a bilingual table in the other language's."""
    properties = paragraph._p.get_or_add_pPr()
    _in_order(properties, "w:bidi", _AFTER_BIDI)
    properties.find(qn("w:bidi")).set(qn("w:val"), "1" if rtl else "0")


def without_first_column(table: Any) -> None:
    """The table style's emphasis of the first column turned off (w:tblLook
    w:firstColumn, 17.4.56): its header row stays emphasised, the first column reads as
    the others (a bilingual table's first language)."""
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        table._tbl.tblPr.append(look)
    look.set(qn("w:firstColumn"), "0")
    look.set(qn("w:firstRow"), "1")
    look.set(qn("w:noVBand"), "1")
    look.set(qn("w:val"), "0420")


def span_to_end(row: _Row, first: int) -> None:
    """Merge the row's cells from index first to its last into one (w:gridSpan): a break
    whose remaining columns are empty reads as one line across the table."""
    cells = row.cells
    if first < len(cells) - 1:
        merged = cells[first].merge(cells[-1])
        # python-docx moves each swallowed cell's paragraph in, empty or not: drop the
        # empty ones, or the row grows by a blank line per cell.
        for paragraph in merged.paragraphs[1:]:
            if not paragraph.text:
                paragraph._p.getparent().remove(paragraph._p)
