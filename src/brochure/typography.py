"""How event text is set in print: typographic quotes, names kept whole, marks that need
a face that stacks them.

Organisers type straight quotes ("...", '...') and hyphenated names; a printed page
wants the quotation marks of its language (CLDR `delimiters`: “…” in English, „…“ in
German, « … » in French, 「…」 in Japanese), the apostrophe ’ (U+2019, as the Unicode
Standard recommends for it), and names that never break across lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

#: U+2060 WORD JOINER: no line break on either side (UAX #14 class WJ). Put after a
#: name's hyphen, it keeps "Lefèvre-Dubois" on one line; it draws nothing and copies out
#: as nothing.
WORD_JOINER = "\u2060"
_HYPHENS = re.compile("([-\u2010])(?=\\w)")
#: Characters of the scripts a line may break between any two of (UAX #14 classes ID,
#: H2, H3: Han, kana, Hangul syllables), and so inside a name written in them.
_CJK = (
    "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
_CJK_PAIR = re.compile(f"([{_CJK}])(?=[{_CJK}])")


#: Spaces a line may break at (UAX #14 classes SP and BA): between them are the words
#: a line keeps whole. The no-break spaces (U+00A0, U+2007, U+202F) are not among them.
BREAKING_SPACES = " \t\n\r\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000"
_BREAKING_WORD = re.compile(f"[^{BREAKING_SPACES}]+")
#: The same in HTML: a tag is never part of a word.
_BREAKING_WORD_IN_HTML = re.compile(f"[^{BREAKING_SPACES}<>]+")


#: A text's last word this short (characters), or a number this short, is never alone on
#: its line (a widow: "Seminarraum / 1"); the typesetter's rule of thumb, as TeX's tie
#: (~) before a short last word.
SHORT_LAST, SHORT_NUMBER = 3, 6
_DIGIT = re.compile(r"\d")


def short_word(word: str) -> bool:
    """Whether word is too short to end a text alone on its line: three characters or
    fewer ("1", "B", "día"), or a number of up to six ("2027", "A.1.23")."""
    return len(word) <= SHORT_LAST or (
        len(word) <= SHORT_NUMBER and _DIGIT.search(word) is not None
    )


def words_of(text: str) -> list[str]:
    """text split where a line may break (breaking spaces), not at no-break spaces: a
    time range "08:30 – 09:00", whose spaces are no-break, is one word."""
    return _BREAKING_WORD.findall(text)


#: A hyphen kept_whole joined to the rest of its name, and the name's hyphen alone.
_NAME_JOIN = re.compile("([-\u2010])\u2060")


def held_hyphens(text: str, fits: Callable[[str], bool]) -> list[str]:
    """text cut at each hyphen a name is kept whole at (kept_whole: a hyphen and a word
    joiner), in a name that fits(name) where it is set: the pieces, between which an
    editable document puts a non-breaking hyphen of its own (the hyphens themselves are
    not in the pieces). A name that does not fit keeps plain hyphens, after which a line
    may break, rather than anywhere inside it. The other word joiners stay (between the
    characters of a CJK name; after a time range's dash). One piece: nothing held."""
    pieces = [""]
    for word in re.split(f"([{BREAKING_SPACES}]+)", text):
        if "\u2060" not in word or not _NAME_JOIN.search(word):
            pieces[-1] += word
            continue
        if not fits(word):
            pieces[-1] += _NAME_JOIN.sub(r"\1", word)
            continue
        first, *rest = _NAME_JOIN.split(word)[::2]
        pieces[-1] += first
        pieces.extend(rest)
    return pieces


APOSTROPHE = "\u2019"

#: Each breaking space a formatted value holds, as the no-break space of its width
#: (UAX #14 class GL): a space as U+00A0, a thin space (CLDR's around a range's dash) as
#: U+202F NARROW NO-BREAK SPACE.
_NO_BREAK_SPACES = str.maketrans({" ": "\u00a0", "\u2009": "\u202f", "\u2002": "\u00a0"})


#: A telephone number as people write one (+254 20 000 0000, 514 555-0199, (01) 23 45):
#: digits in groups joined by spaces, dots, dashes or brackets, seven digits at least.
_PHONE = re.compile(r"(?<![\w])\+?\(?\d[\d .()\-\u2010\u2013]{5,}\d(?![\w])")
MIN_PHONE_DIGITS = 7


def phones_whole(text: str) -> str:
    """text with each telephone number in it kept on one line: its spaces no-break ones,
    a word joiner after each dash (a reader dialling it must not join two lines)."""

    def whole(match: re.Match[str]) -> str:
        number = match.group()
        if sum(char.isdigit() for char in number) < MIN_PHONE_DIGITS:
            return number
        number = number.replace(" ", "\u00a0")
        return re.sub("([-\u2010\u2013])", "\\1" + WORD_JOINER, number)

    return _PHONE.sub(whole, text)


def unbreakable(text: str, locale: str) -> str:
    """text that no line breaks inside, however narrow its column: a time or a range of
    times as CLDR writes it ("08:30 – 09:00", "8 h 30", "上午8:30至下午2:00"). Its spaces
    become no-break spaces of their width, and a word joiner stands at every other place
    a line could break (UAX #14, as ICU breaks lines in locale: after a range's dash, which
    a no-break space does not hold). It looks the same; poppler's and python-docx's
    text drop nothing but the joiners' visibility."""
    import icu  # pyicu-wheels; loaded only when a time is formatted

    text = text.translate(_NO_BREAK_SPACES)
    breaker = icu.BreakIterator.createLineInstance(icu.Locale(locale))
    breaker.setText(text)
    # ICU counts UTF-16 code units: a character beyond the BMP counts two.
    units = [0]
    for char in text:
        units.append(units[-1] + (2 if ord(char) > 0xFFFF else 1))
    at = {unit: index for index, unit in enumerate(units)}
    cuts = {at[unit] for unit in breaker if unit in at and 0 < at[unit] < len(text)}
    return "".join(WORD_JOINER + char if n in cuts else char for n, char in enumerate(text))


@dataclass(frozen=True)
class Quotes:
    """A language's quotation marks (CLDR delimiters): outer pair, then inner pair; and
    the space its guillemets hold inside ('' for none)."""

    start: str = "\u201c"
    """Opening quotation mark."""
    end: str = "\u201d"
    """Closing quotation mark."""
    inner_start: str = "\u2018"
    """Opening mark of a quotation inside a quotation."""
    inner_end: str = "\u2019"
    """Closing mark of a quotation inside a quotation."""
    space: str = ""
    """What stands between a guillemet and the text it quotes: French sets a narrow
    no-break space there (« texte »); CLDR's delimiters do not say so (GUILLEMET_SPACES)."""


#: Languages whose guillemets hold a space inside, and the space: French, in France
#: (Imprimerie nationale, Lexique des règles typographiques: an espace fine insécable)
#: and in Québec (OQLF, Banque de dépannage linguistique: an espace insécable), set
#: here as U+202F NARROW NO-BREAK SPACE, as brochure's French catalogue writes its own
#: « À confirmer ». A no-break space: a line never ends after « nor starts with ».
GUILLEMET_SPACES = {"fr": "\u202f"}
_GUILLEMETS = re.compile("[\u00ab\u00bb\u2039\u203a]")
#: An opening guillemet and the spaces typed after it; the spaces typed before a closing
#: one (any of space, no-break, narrow no-break, thin), where text is on the other side.
_AFTER_OPENING = re.compile("([\u00ab\u2039])[ \u00a0\u202f\u2009]*(?=\\S)")
_BEFORE_CLOSING = re.compile("(?<=\\S)[ \u00a0\u202f\u2009]*([\u00bb\u203a])")


#: Characters after which a quote opens: the start of a word.
_OPENS_AFTER = frozenset(" \t\n([{<\u00a0\u202f\u2014\u2013-/\u2018\u201c\u00ab\u2039\u300c\u300e")


def quoted(text: str, quotes: Quotes | Callable[[], Quotes]) -> str:
    """text with straight quotes and apostrophes made typographic, in the language's
    style: "a 'b' c" -> “a ‘b’ c” in English, „a ‚b‘ c“ in German, « a « b » c » in
    French (its guillemets holding a narrow no-break space, typed ones too); O'Brien ->
    O’Brien.

    quotes are the language's marks, or what gives them (asked only when text has a
    straight quote or a guillemet: finding them loads ICU). A single quote between
    letters, or one that no later quote closes ('90s), is an apostrophe. A space typed
    inside a quote (" texte ") is the guillemet's space, never doubled. Text without
    straight quotes or guillemets comes back as it is.
    """
    if '"' not in text and "'" not in text and not _GUILLEMETS.search(text):
        return text
    if callable(quotes):
        quotes = quotes()
    if '"' in text or "'" in text:
        text = _typographic(text, quotes)
    if quotes.space:
        text = _AFTER_OPENING.sub(lambda m: m.group(1) + quotes.space, text)
        text = _BEFORE_CLOSING.sub(lambda m: quotes.space + m.group(1), text)
    return text


def _typographic(text: str, quotes: Quotes) -> str:
    """Straight quotes and apostrophes as the language's marks (see quoted)."""
    out: list[str] = []
    double_open = False
    single_open = False
    for index, char in enumerate(text):
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        # A quote at a word's start opens one, unless one is open; a space after it
        # (" texte ", as French is typed) does not make it a closing one.
        opening = before in _OPENS_AFTER and (not after.isspace() or not double_open)
        if char == '"':
            if opening and not double_open:
                out.append(quotes.start)
                double_open = True
            else:
                out.append(quotes.end)
                double_open = False
        elif char == "'":
            if before.isalnum() and after.isalnum():
                out.append(APOSTROPHE)  # O'Brien, don't
            elif opening and not single_open and not after.isspace() and "'" in text[index + 1 :]:
                out.append(quotes.inner_start)
                single_open = True
            elif single_open and not before.isspace():
                out.append(quotes.inner_end)
                single_open = False
            else:
                out.append(APOSTROPHE)  # '90s, the students' hall
        else:
            out.append(char)
    return "".join(out)


def first_strong(text: str) -> str | None:
    """ltr or rtl: the direction of text's first letter with a strong direction (UAX #9
    P2, skipping isolated runs as P2 does), None when it has none (digits alone)."""
    depth = 0
    for char in text:
        if char in "\u2066\u2067\u2068":
            depth += 1
        elif char == "\u2069":
            depth = max(0, depth - 1)
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind == "L":
                return "ltr"
            if kind in ("R", "AL"):
                return "rtl"
    return None


def kept_whole(name: str) -> str:
    """A name (of a person or an organisation) that lines never break inside: a word
    joiner after each hyphen, so "Lefèvre-Dubois" is never set "Lefèvre-/Dubois", and
    between the characters of a Chinese, Japanese or Korean name, which UAX #14 lets a
    line break between ("王秀/英"). Names are also never hyphenated: the layouts set them
    with `hyphens: manual`; they still break at their spaces."""
    return _CJK_PAIR.sub("\\1" + WORD_JOINER, _HYPHENS.sub("\\1" + WORD_JOINER, name))


#: A hyphen or dash kept from breaking with a word joiner (kept_whole, unbreakable),
#: and the no-break space after a range's dash, which stays on the dash's line.
_JOINED_HERE = re.compile("([-\u2010\u2013])\u2060([\u00a0\u202f]?)")


def compounds_breakable_last(html: str) -> str:
    """Escaped text (HTML) with each word whose hyphens or dash are joined (a name kept
    whole, "Desrosiers-Villeneuve-Lachapelle-Beauchemin"; a range of times) wrapped in
    `<span class="compound">` and its joins made break opportunities (`<wbr>`). The
    layouts set .compound as an inline block no wider than its line: it moves to the
    next line whole, and breaks after one of its hyphens or its dash only where it is
    longer than a whole line (a narrow column of a timetable), instead of running past
    the margin or breaking anywhere. Layouts use it as the `compounds` filter."""

    def word(match: re.Match[str]) -> str:
        text = match.group()
        if not _JOINED_HERE.search(text):
            return text
        joins = _JOINED_HERE.sub(r"\1\2<wbr>", text)
        return f'<span class="compound">{joins}</span>'

    return _BREAKING_WORD_IN_HTML.sub(word, html)


def needs_stacking(text: str) -> bool:
    """Whether text has a letter carrying a mark that no precomposed character holds
    (Yoruba ọ̀: o with a dot below and a grave), which a face must place by its mark
    anchors. Faces without them (EB Garamond, Inter's capitals) set the mark beside the
    letter: such text is set in Noto, which places them."""
    if text.isascii():
        return False
    base = ""
    for char in unicodedata.normalize("NFC", text):
        if not unicodedata.combining(char):
            base = char
        elif _alphabetic(base):
            return True
    return False


def _alphabetic(char: str) -> bool:
    """Latin, Greek or Cyrillic: the scripts the layouts' own faces are meant to set
    (other scripts come from Noto already)."""
    return bool(char) and (ord(char) < 0x0530 or 0x1D00 <= ord(char) < 0x2000)


_WORD = re.compile(r"[^\s<>]+")
_TEXT_NODE = re.compile(r">([^<]+)<")


def stacked_in_noto(html: str, whole_runs: bool = False) -> str:
    """The HTML with every word of its body that needs_stacking wrapped in
    `<span class="stacking">`, which the layouts set in a Noto face that places stacked
    marks: a fallback per run, so the rest of the text keeps the layout's faces.

    whole_runs: wrap the whole run of text between two tags instead of the word. For
    right-to-left documents: WeasyPrint reorders a line's inline boxes by their
    direction, and turns around two boxes of one left-to-right name (a span and the
    text after it) inside a right-to-left line.

    Only text between tags is touched (never an attribute, the title or a style sheet),
    and only when some word needs it."""
    head, marker, body = html.partition("<body")
    if not marker or not needs_stacking(body):
        return html

    def words(node: re.Match[str]) -> str:
        if whole_runs:
            text = node.group(1)
            if needs_stacking(text) and text.strip():
                return f'><span class="stacking">{text}</span><'
            return node.group()
        text = _WORD.sub(
            lambda word: (
                f'<span class="stacking">{word.group()}</span>'
                if needs_stacking(word.group())
                else word.group()
            ),
            node.group(1),
        )
        return f">{text}<"

    return head + marker + _TEXT_NODE.sub(words, body)


#: The longest word a layout's dictionary may hyphenate (characters with no break
#: opportunity between them): no dictionary knows a longer one (German compounds run to
#: about 60), and WeasyPrint's hyphenation of a word that does not fit its line grows
#: with the cube of its length (a pasted token of 10,000 characters took 4 minutes to
#: lay out under `hyphens: auto`, and 0.6 s without).
LONGEST_HYPHENATED = 100
_UNHYPHENATED = re.compile(f"[^{BREAKING_SPACES}\u200b<>]{{{LONGEST_HYPHENATED},}}")
#: Style sheets and scripts in a body: text, but not text to print.
_NOT_PRINTED = re.compile(r"(<(style|script)\b.*?</\2\s*>)", re.S | re.I)


def long_words_unhyphenated(html: str) -> str:
    """The HTML with every run of text of LONGEST_HYPHENATED characters or more without
    a break opportunity (a pasted token, an identifier) wrapped in
    `<span style="hyphens: manual">`: it still breaks where the layout lets a word break
    (`overflow-wrap`), never where a dictionary would. Only text between tags of the
    body, never a style sheet or a script; the HTML as it was when no run is that long."""
    head, marker, body = html.partition("<body")
    if not marker or not _UNHYPHENATED.search(body):
        return html

    def runs(node: re.Match[str]) -> str:
        text = _UNHYPHENATED.sub(
            lambda run: f'<span style="hyphens: manual">{run.group()}</span>', node.group(1)
        )
        return f">{text}<"

    parts = _NOT_PRINTED.split(body)
    # split gives: text, a whole style or script element, its tag name, text, ...
    kept = [
        part if index % 3 else _TEXT_NODE.sub(runs, part)
        for index, part in enumerate(parts)
        if index % 3 != 2
    ]
    return head + marker + "".join(kept)


#: Languages that capitalise every noun: a capital does not mark a name there.
_NOUNS_CAPITALISED = frozenset({"de", "lb"})
#: A word that begins with a capital, of five to 24 letters (shorter words are not
#: hyphenated anyway; a longer one is no name, and must stay free to break at the
#: margin).
_CAPITALISED = re.compile(r"(?<![\w&#;])[^\W\d_][^\W\d_'’.-]{4,23}(?![\w])")


def names_unhyphenated(html: str, language: str) -> str:
    """Escaped text (HTML) with every capitalised word wrapped in
    `<span class="proper">`, which the layouts set with `hyphens: manual`: a name is not
    broken by a hyphen ("São Pau-lo", "Cidades Di-gitais"; Chicago Manual of Style 7.40:
    avoid dividing proper nouns). A word that merely starts a sentence is kept whole too,
    which costs little. The text is returned as it was in languages that capitalise
    every noun (German). Layouts use it as the `names_whole` filter on running text."""
    if language.split("-")[0].lower() in _NOUNS_CAPITALISED:
        return html
    return _CAPITALISED.sub(
        lambda word: (
            f'<span class="proper">{word.group()}</span>'
            if word.group()[0].isupper()
            else word.group()
        ),
        html,
    )


#: A web address or an e-mail address in running text: what a reader types back.
ADDRESS = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"]+"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.IGNORECASE,
)
#: Punctuation an address is broken at (Chicago Manual of Style, 17th ed., 7.42): after
#: a double slash; before a single slash, a tilde, a full stop, a comma, a hyphen, an
#: underscore, a question mark, a number sign, a percent sign or an at sign (so a line
#: never ends with what looks like the sentence's own stop or hyphen); before and after
#: an equals sign or an ampersand.
_BREAK_BEFORE = frozenset("/~.,-_?#%@")
_BREAK_AROUND = frozenset("=&")
#: A piece of an address (between its punctuation) this long may break anywhere inside,
#: rather than run past a narrow column's margin: characters.
LONG_PIECE = 20
#: What ends an address written in a sentence rather than belongs to it.
_TRAILING = ".,;:!?'\"’”)]}"


def address_breaks(address: str) -> list[str]:
    """An address cut where a line may break inside it (Chicago 7.42, _BREAK_BEFORE):
    "https://", "docs", ".example", ".org", "/a-b" ... joined again, it is the address."""
    pieces: list[str] = []
    current = ""
    index = 0
    while index < len(address):
        char = address[index]
        if address.startswith("//", index):
            pieces.append(current + "//")
            current, index = "", index + 2
            continue
        if char in _BREAK_AROUND:
            pieces += [current, char]
            current = ""
        elif char in _BREAK_BEFORE and current:
            pieces.append(current)
            current = char
        else:
            current += char
        index += 1
    pieces.append(current)
    return [piece for piece in pieces if piece]


def addresses_whole(html: str, spans: bool = True) -> str:
    """Escaped text (HTML) with each web and e-mail address in it printed as typed: never
    hyphenated (`<span class="web-address">`, set `hyphens: none`), broken only at its own
    punctuation (a `<wbr>` at each place address_breaks gives), so a reader types what
    was written and no hyphen that is not in it. spans False: the breaks only (a
    right-to-left page, where WeasyPrint would turn inline boxes of a left-to-right run
    around). Layouts get it within the `names_whole` filter."""
    import html as markup

    def whole(match: re.Match[str]) -> str:
        written = markup.unescape(match.group())
        kept = written.rstrip(_TRAILING)
        if written.endswith(")") and kept.count("(") > kept.count(")"):
            kept += ")"  # a bracket the address opened (a Wikipedia address) is its own
        rest = written[len(kept) :]
        pieces = [markup.escape(piece, quote=False) for piece in address_breaks(kept)]
        if spans:
            # A piece that may be longer than a narrow column (a document's name, a
            # video's id) may break anywhere in it, never past the margin, and never with
            # a hyphen; the others only at their ends.
            pieces = [
                f'<span style="overflow-wrap: anywhere">{piece}</span>'
                if len(piece) >= LONG_PIECE
                else piece
                for piece in pieces
            ]
        broken = "<wbr>".join(pieces)
        if spans:
            broken = (
                '<span class="web-address" style="hyphens: none; overflow-wrap: normal">'
                f"{broken}</span>"
            )
        return broken + markup.escape(rest, quote=False)

    return ADDRESS.sub(whole, html)


#: A code of capital letters and digits written with a space (a room: "H 0104", "EB 301",
#: "HS 1.010"; a building and its number): what a reader looks for on a door sign.
_CODE = re.compile(r"(?<![\w.\-])([A-Z]{1,4}) (\d{1,5}(?:[.\-]\d{1,4})?[a-z]?)(?![\w])")


def codes_whole(text: str) -> str:
    """text with each code of letters and digits (_CODE: a room's "H 0104") held on one
    line: its space a no-break space, so "H" never ends a line with "0104" on the next.
    Print copies it as a space."""
    return _CODE.sub("\\1\u00a0\\2", text)
