"""What counts as event text: no control characters, direction controls that close, and
something to see. And the same text made safe to echo on a terminal.

Event text comes from many hands. A control character cannot be stored in Word, garbles
PDF text and can drive a terminal; an explicit direction control (Unicode Bidirectional
Algorithm, UAX #9: LRE, RLE, LRO, RLO opened, not closed by PDF; LRI, RLI, FSI not closed
by PDI) left open in one value would reverse the values printed after it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from markupsafe import escape

from brochure.typography import first_strong

# C0 and C1 controls other than tab and line breaks, and the noncharacters U+FFFE/FFFF.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")  # LRE RLE LRO RLO
_POP_EMBEDDING = "\u202c"  # PDF
_ISOLATES = frozenset("\u2066\u2067\u2068")  # LRI RLI FSI
_POP_ISOLATE = "\u2069"  # PDI
#: What a terminal must not be handed raw: controls, line breaks (a value could forge a
#: line of its own), every direction control, and the byte order mark and zero-width
#: space (invisible: a header "\ufeffName" would read as "Name" in the message about it).
_UNSAFE_ON_TERMINAL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    r"\ufeff\ufffe\uffff]"
)
#: Unicode general categories that put ink on the page: letters, numbers, punctuation,
#: symbols. Marks need a base; format characters, separators and controls draw nothing.
_VISIBLE = ("L", "N", "P", "S")
#: Characters of those categories that still draw nothing: the default-ignorable code
#: points (Unicode DerivedCoreProperties: Hangul fillers, variation selectors...) and the
#: blank Braille pattern.
_BLANK = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
#: Bidirectional classes (UAX #9) that can change how neighbouring text is ordered:
#: right-to-left letters, the explicit controls, and the marks.
_DIRECTIONAL = frozenset({"R", "AL", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"})
_MARKS = frozenset("\u200e\u200f\u061c")
FSI, PDI = "\u2068", "\u2069"


#: The most marks one letter carries in written text: Vietnamese and Yoruba put two on a
#: vowel, pointed Hebrew with cantillation three or four, Tibetan stacks a few subjoined
#: letters and a vowel. More is a pile of marks ("Zalgo" text) that climbs out of its line
#: over the text above it, off a badge and off the page.
MAX_MARKS = 8
#: The most marks one letter carries stacked on one side, above or below it (Vietnamese
#: "ầ", polytonic Greek "ἔ" stack two above): three already touch the line above in the
#: programme's leading (seen in the brochure), so they are refused however many marks
#: the letter has in all.
MAX_STACKED = 2
#: Canonical combining classes (Unicode UAX #44) of marks drawn above a letter, and below.
_ABOVE = frozenset({214, 216, 228, 230, 232, 234})
_BELOW = frozenset({202, 218, 220, 222, 233})


def check_plain(text: str) -> str:
    """text, unless it holds a control character, a direction control left open, or a
    letter carrying more than MAX_MARKS marks (Unicode categories Mn, Me), or more than
    MAX_STACKED on one side of it (above or below, by combining class).

    Raises ValueError saying which character, where (1-based) and what to do.
    """
    if match := _CONTROL.search(text):
        raise ValueError(
            f"contains the control character U+{ord(match.group()):04X} "
            f"at position {match.start() + 1}; remove it"
        )
    if not text.isascii():
        _check_marks(text)
    opened: list[tuple[str, int]] = []
    for position, char in enumerate(text, 1):
        if char in _EMBEDDINGS or char in _ISOLATES:
            opened.append((char, position))
        elif char == _POP_EMBEDDING and opened and opened[-1][0] in _EMBEDDINGS:
            opened.pop()
        elif char == _POP_ISOLATE and any(c in _ISOLATES for c, _ in opened):
            while opened and opened.pop()[0] not in _ISOLATES:
                pass
    if opened:
        char, position = opened[0]
        closer = "U+202C" if char in _EMBEDDINGS else "U+2069"
        raise ValueError(
            f"opens the direction control U+{ord(char):04X} ({unicodedata.name(char)}) at "
            f"position {position} and does not close it with {closer}; it would turn the "
            "text printed after it around: remove it"
        )
    return text


def _check_marks(text: str) -> None:
    run = above = below = 0
    base = 1  # where the letter the marks sit on is
    for position, char in enumerate(text, 1):
        category = unicodedata.category(char)
        if category in ("Mn", "Me"):
            run += 1
            side = unicodedata.combining(char)
            above += side in _ABOVE
            below += side in _BELOW
            if run > MAX_MARKS:
                raise ValueError(
                    f"has more than {MAX_MARKS} marks on the letter at position "
                    f"{base}; they would climb out of the line over the text "
                    "above: remove them"
                )
            if max(above, below) > MAX_STACKED:
                where = "above" if above > MAX_STACKED else "below"
                raise ValueError(
                    f"has more than {MAX_STACKED} marks stacked {where} the letter at "
                    f"position {base}; they would reach into the line {where} it: remove "
                    "them"
                )
        elif category == "Cf":
            # Invisible format characters (ZWJ, word joiner, direction marks) do not end
            # a cluster for the shaper: the marks after them stack on the same letter.
            continue
        else:
            run = above = below = 0
            base = position


def check_visible(text: str) -> str:
    """text, unless nothing in it would print (only spaces, joiners, a lone mark, a BOM).

    Raises ValueError.
    """
    if not any(
        unicodedata.category(char).startswith(_VISIBLE) and not _BLANK.match(char) for char in text
    ):
        raise ValueError("has no visible characters")
    return text


#: The direction marks and controls (UAX #9): isolates (isolated), embeddings and
#: overrides, and the marks LRM, RLM and ALM.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def unmarked(text: str) -> str:
    """text without direction marks and controls (_BIDI_CONTROLS): as it is stored where
    nothing of brochure's lays it out (PDF and DOCX metadata, CSV cells), whose reader
    applies the bidi algorithm (UAX #9) to it alone."""
    return _BIDI_CONTROLS.sub("", text)


def isolated(text: str) -> str:
    """text set apart for direction (UAX #9 first-strong isolate, FSI ... PDI) when it
    could reorder what is printed beside it: it holds right-to-left letters, a direction
    mark or a direction control. Left-to-right text comes back as it is.

    Every value that is joined with others on one line (lists of names, "position,
    organisation, country") goes through here, so no value changes how another prints.
    """
    depth = 0
    for char in text:
        # What sits inside isolates of its own is set apart already: a line made of
        # isolated values and neutral separators ("⁨20/04/2026⁩ · ⁨تونس⁩") is left as it
        # is, so it takes its paragraph's direction (an FSI around it, finding no strong
        # letter, would make it left to right).
        if char in _ISOLATES:
            depth += 1
        elif char == _POP_ISOLATE and depth:
            depth -= 1
        elif depth == 0 and (char in _MARKS or unicodedata.bidirectional(char) in _DIRECTIONAL):
            return f"{FSI}{text}{PDI}"
    return f"{FSI}{text}{PDI}" if depth else text


def for_terminal(text: str) -> str:
    """text with controls, line breaks and direction controls written as `\\u202e`: safe
    to print, one message per line."""
    return _UNSAFE_ON_TERMINAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def joined(separator: str, parts: Iterable[str | None]) -> str:
    """The parts that are given, each isolated for direction, joined by separator."""
    return separator.join(isolated(part) for part in parts if part)


#: Languages whose names are written family name first (山田太郎): a card shows the name
#: as the person writes it rather than a Western given-above-family split.
FAMILY_FIRST = frozenset({"zh", "ja", "ko"})


def script_language(text: str, default: str) -> str:
    """A language tag that makes the fonts draw this script in its own forms
    (Unicode blocks: Kana and Hangul first, since Japanese and Korean also use Han)."""
    for char in text:
        point = ord(char)
        if 0x3040 <= point <= 0x30FF:
            return "ja"
        if 0xAC00 <= point <= 0xD7AF or 0x1100 <= point <= 0x11FF:
            return "ko"
    for char in text:
        point = ord(char)
        if 0x4E00 <= point <= 0x9FFF or 0x3400 <= point <= 0x4DBF:
            return "zh"
        if 0x0600 <= point <= 0x06FF:
            return "ar"
        if 0x0590 <= point <= 0x05FF:
            return "he"
        if 0x0900 <= point <= 0x097F:
            return "hi"
    return default


#: Where a name written in Han alone is most likely from, the language that sets it in
#: its own forms: 山田太郎 from Japan is Japanese (ISO 3166 codes; CLDR's likely
#: subtags for these regions).
HAN_BY_COUNTRY = {
    "JP": "ja",
    "KR": "ko",
    "KP": "ko",
    "TW": "zh-TW",
    "HK": "zh-HK",
    "MO": "zh-MO",
    "CN": "zh-Hans",
    "SG": "zh-Hans",
}


def name_language(name: str, country: str | None, default: str) -> str:
    """The language a name is written in when the person does not say (name_language):
    its script's (script_language); for a name in Han alone, which Chinese, Japanese and
    Korean all write, the person's country decides (a registration export has no field
    for the name's language, but has the country)."""
    found = script_language(name, default)
    if found == "zh" and country:
        return HAN_BY_COUNTRY.get(country.upper(), found)
    return found


#: Languages written right to left (CLDR character order), by their primary subtag.
RIGHT_TO_LEFT_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})


def text_direction(text: str, language: str) -> str:
    """ltr or rtl: the direction of text's first letter with a strong direction outside
    its isolates (UAX #9 P2-P3, as HTML's dir=auto), else that of language (BCP 47)."""
    fallback = "rtl" if language.split("-")[0].lower() in RIGHT_TO_LEFT_LANGUAGES else "ltr"
    return first_strong(text) or fallback


def isolates_directed(html: str, direction: str) -> str:
    """HTML whose runs of text set apart for direction (FSI, LRI or RLI ... PDI: isolated,
    set_apart) that read otherwise than the page (direction: ltr or rtl) are each in a
    `<span dir="...">` of their own direction: WeasyPrint lays a box of text out in its
    box's direction alone, so an English title inside an Arabic line ("الثلاثاء: Title,
    قاعة") keeps its words in order and its punctuation at its end, on every line it
    runs over (HTML's dir on an inline element isolates it, UAX #9 and CSS Writing Modes
    unicode-bidi: isolate). Only the body's text between tags is touched."""
    head, marker, body = html.partition("<body")
    if not marker:
        head, body = "", html

    def directed(node: re.Match[str]) -> str:
        text = node.group(1)
        if not any(char in _ISOLATES for char in text):
            return node.group()
        opens: dict[int, str] = {}
        closes: dict[int, int] = {}
        stack: list[tuple[int, str]] = []
        for index, char in enumerate(text):
            if char in _ISOLATES:
                outer = stack[-1][1] if stack else direction
                if char == "\u2066":
                    own = "ltr"
                elif char == "\u2067":
                    own = "rtl"
                else:
                    # With no strong letter, it reads as what it is in.
                    own = first_strong(_run_of(text, index + 1)) or outer
                stack.append((index, own))
                if own != outer:
                    opens[index] = own
            elif char == _POP_ISOLATE and stack:
                start, _ = stack.pop()
                if start in opens:
                    closes[index] = closes.get(index, 0) + 1
        if not opens:
            return node.group()
        out: list[str] = []
        for index, char in enumerate(text):
            if index in opens:
                out.append(f'<span dir="{opens[index]}">')
            out.append(char)
            out.append("</span>" * closes.get(index, 0))
        # An isolate left open (its PDI in a later text node) has its span closed here.
        unclosed = len(opens) - sum(closes.values())
        return ">" + "".join(out) + "</span>" * unclosed + "<"

    return head + marker + _TEXT_NODE.sub(directed, body)


def _run_of(text: str, start: int) -> str:
    """The text of the isolate opened just before start, up to its PDI."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] in _ISOLATES:
            depth += 1
        elif text[index] == _POP_ISOLATE:
            if depth == 0:
                return text[start:index]
            depth -= 1
    return text[start:]


_TEXT_NODE = re.compile(r">([^<]+)<")


def set_apart(text: str) -> str:
    """text in a first-strong isolate (FSI ... PDI) whatever its letters: a value, such as
    a title, that may be written in another direction than the line it is put in
    (isolated leaves left-to-right text as it is, which an Arabic line turns around)."""
    return f"{FSI}{text}{PDI}" if text else text


class Foreign(str):
    """Text printed in another language than the document's, with that language (BCP
    47): a fixed word a catalogue lacks (the English source text, i18n), or an event text
    not written in the pack's language (the language it is printed in instead: the model
    marks it, model._multilingual). In HTML it is a span with its own `lang`, so
    hyphenation, casing, screen readers and the tagged PDF's /Lang follow that language;
    the concept note gives its run Word's `w:lang`. Formatting it (`%`) keeps the mark."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Foreign:
        made = super().__new__(cls, text)
        made.lang = lang
        return made

    @property
    def direction(self) -> str:
        """ltr or rtl: the direction of its first letter with a strong direction (UAX #9
        P2, as HTML's dir=auto), else its language's (a title of digits alone)."""
        return text_direction(self, self.lang)

    def __html__(self) -> str:
        # Its own `dir` too: an English title in an Arabic paragraph is laid out left to
        # right (its final colon or full stop at its end), not by the paragraph's order.
        return f'<span lang="{self.lang}" dir="{self.direction}">{escape(str(self))}</span>'

    def __mod__(self, values: object) -> Foreign:
        return Foreign(str.__mod__(self, values), self.lang)

    def __reduce__(self) -> tuple[type[Foreign], tuple[str, str]]:
        return (Foreign, (str(self), self.lang))
