"""A font named for each script the concept note holds.

Word picks a run's font by the characters' class (ECMA-376 17.3.2.26, w:rFonts): Latin,
Greek and Cyrillic from w:ascii/w:hAnsi, Arabic, Hebrew and Indic scripts from w:cs, Han,
Kana and Hangul from w:eastAsia. The note's styles name Latin fonts only (Cambria, drawn
by LibreOffice with its metric twin Caladea, which has no Greek or Cyrillic), so a Greek or
Chinese name was drawn in whatever font the system fell back to (a Japanese face for
Chinese). Each run of another script is split off and names the Noto family
brochure installs for it (Makefile RENDER_PACKAGES: fonts-noto-core, fonts-noto-cjk), in
the CJK face of its language (cards.scripts.cjk_face); Greek and Cyrillic only where the
paragraph's own font lacks them (Carlito, LibreOffice's Calibri, has them).
"""

from __future__ import annotations

import copy
import functools
import unicodedata
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont

from brochure.cards.scripts import cjk_face
from brochure.outputs import ooxml
from brochure.outputs.word_widths import font_file
from brochure.textrules import script_language

#: Scripts by Unicode block: (first, last code point, script).
BLOCKS: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "greek"),
    (0x1F00, 0x1FFF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0x1100, 0x11FF, "cjk"),
    (0x3040, 0x30FF, "cjk"),
    (0x3400, 0x4DBF, "cjk"),
    (0x4E00, 0x9FFF, "cjk"),
    (0xAC00, 0xD7AF, "cjk"),
    (0xFF00, 0xFFEF, "cjk"),
)

#: The family each script is set in, serif (the note's body) and sans (its headings).
FAMILIES: dict[str, tuple[str, str]] = {
    "greek": ("Noto Serif", "Noto Sans"),
    "cyrillic": ("Noto Serif", "Noto Sans"),
    "hebrew": ("Noto Serif Hebrew", "Noto Sans Hebrew"),
    "arabic": ("Noto Naskh Arabic", "Noto Sans Arabic"),
    "devanagari": ("Noto Serif Devanagari", "Noto Sans Devanagari"),
}

#: Latin families set without serifs, whose other scripts are set in Noto Sans.
SANS = ("calibri", "carlito", "arial", "helvetica", "liberation sans", "inter", "noto sans")


#: The script of a right-to-left language's text, by language (ISO 639): Hebrew's and
#: Yiddish's; every other (Arabic, Persian, Urdu, Pashto, Sindhi, Kurdish, Uyghur) is
#: written in the Arabic script.
RTL_SCRIPTS = {"he": "hebrew", "yi": "hebrew"}


def complex_family(language: str, sans: bool = False) -> str | None:
    """The font a right-to-left run of the note is set in (w:cs) when it holds no letter
    of its script (a date, "13‏/04‏/2027", whose right-to-left marks make it such a run),
    for a note in language; None for a left-to-right language."""
    from babel import Locale

    try:
        right_to_left = Locale.parse(language.replace("-", "_")).character_order == "right-to-left"
    except (ValueError, LookupError):
        return None
    if not right_to_left:
        return None
    return FAMILIES[RTL_SCRIPTS.get(language.split("-")[0].casefold(), "arabic")][sans]


def script_of(char: str) -> str | None:
    """The script of a character needing a font of its own (BLOCKS), else None (Latin,
    digits, punctuation and spaces, which any of the note's fonts draws)."""
    point = ord(char)
    for first, last, script in BLOCKS:
        if first <= point <= last:
            return script
    return None


def pieces(text: str) -> list[tuple[str, str | None]]:
    """The text in pieces of one script each (None: Latin); spaces and punctuation go
    with the piece before them, so "Νίκος Αλεξίου und 张伟" is three pieces."""
    found: list[tuple[str, str | None]] = []
    for char in text:
        script = script_of(char)
        if found and (script == found[-1][1] or (script is None and not char.isalpha())):
            found[-1] = (found[-1][0] + char, found[-1][1])
        else:
            found.append((char, script))
    return found


def name_script_fonts(document: DocxDocument, language: str) -> None:
    """Split each run holding another script than Latin into runs of one script, each
    naming its font in its slot (w:rFonts w:ascii/w:hAnsi, w:cs or w:eastAsia with
    w:hint), in the body, headers and footers. language: the note's, for the CJK face
    of Han text that has no Kana or Hangul."""
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    for part in parts:
        for run in list(part.iter(qn("w:r"))):
            _split(document, run, language)


def _split(document: DocxDocument, run: Any, language: str) -> None:
    texts = [child for child in run if child.tag != qn("w:rPr")]
    if len(texts) != 1 or texts[0].tag != qn("w:t") or not texts[0].text:
        return
    found = pieces(texts[0].text)
    latin = _latin_family(document, run)
    if all(script is None for _, script in found):
        # A run laid out right to left (its marks, ooxml.mark_rtl_runs) is set in its
        # complex-script font: named, or LibreOffice draws it in a fallback.
        if any(unicodedata.bidirectional(char) in ("R", "AL") for char in texts[0].text):
            family = complex_family(language, (latin or "").casefold() in SANS)
            if family:
                run.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), family)
        return
    for text, script in found:
        piece = copy.deepcopy(run)
        piece_text = piece.find(qn("w:t"))
        piece_text.text = text
        piece_text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if script is not None:
            _name_font(piece, script, latin, language, text)
        run.addprevious(piece)
    run.getparent().remove(run)


def _name_font(run: Any, script: str, latin: str | None, language: str, text: str) -> None:
    sans = (latin or "").casefold() in SANS
    fonts = run.get_or_add_rPr().get_or_add_rFonts()
    if script == "cjk":
        face = cjk_face(script_language(text, language))
        family = f"Noto {'Sans' if sans else 'Serif'} CJK {face}"
        fonts.set(qn("w:eastAsia"), family)
        fonts.set(qn("w:hint"), "eastAsia")
    elif script in ("greek", "cyrillic"):
        if latin and _covers(latin, text):
            return
        family = FAMILIES[script][sans]
        fonts.set(qn("w:ascii"), family)
        fonts.set(qn("w:hAnsi"), family)
    else:
        fonts.set(qn("w:cs"), FAMILIES[script][sans])


def _latin_family(document: DocxDocument, run: Any) -> str | None:
    """The Latin font the run's paragraph style sets it in (its style or the nearest
    it is based on that names one; the body font else)."""
    paragraph = run.getparent()
    while paragraph is not None and paragraph.tag != qn("w:p"):
        paragraph = paragraph.getparent()
    style_id = None
    if paragraph is not None and paragraph.pPr is not None:
        style_id = paragraph.pPr.style  # the id, a str (pStyle is the element)
    style = document.styles.get_by_id(style_id, 1) if style_id else None  # 1: paragraph
    while style is not None:
        rpr = style.element.rPr
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is not None:
            theme = ooxml.theme_font(document, fonts.get(qn("w:asciiTheme")))
            family = fonts.get(qn("w:ascii")) or theme
            if family:
                return family
        style = style.base_style
    return ooxml.body_font(document)[0]


@functools.cache
def _cmap(family: str) -> frozenset[int]:
    """The characters the font LibreOffice draws family with has (none if not found)."""
    path = font_file(family)
    if path is None:
        return frozenset()
    with TTFont(str(path), lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap())


def _covers(family: str, text: str) -> bool:
    return all(ord(char) in _cmap(family) for char in text if not char.isspace())
