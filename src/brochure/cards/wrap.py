"""Text set in a box: broken into lines where a line may break, at the largest size at
which it fits the box's width (and height, and number of lines), from words measured by
the engine that prints them (fit.measure).

For every card output whose text runs over several lines (door signs, a timetable's
blocks, table tents, time cards), where fit.fit sets short names on one or two lines.
Lines break at breaking spaces (typography.words_of), and between the characters of
Chinese and Japanese, which UAX #14 lets a line break between (never inside a name kept
whole: typography.kept_whole joins its characters); a line never starts with closing
punctuation (、。」) nor ends with opening (「), JIS X 4051's kinsoku rules. A word wider
than a whole line is never cut: it breaks at its own no-break spaces first (a person's
name in a list of names, held together with them), and only where it still does not fit
is the text set smaller, below its floor, which the result says (shrunk) for the caller
to warn about. A short last word ("1", "B") never stands alone on the last line: it is
held to the word before it (short_word), so a room's name is fitted smaller first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from brochure.cards.fit import SAFETY, Key, Widths
from brochure.typography import WORD_JOINER, short_word, words_of

PT = 25.4 / 72
"""Millimetres per point."""
NBSP = "\u00a0"
#: Han and kana (UAX #14 classes ID and CJ), between which a line may break. Hangul is
#: left out: Korean is written with spaces and set keep-all.
_BREAKS_ANYWHERE = re.compile(
    "[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
)
#: Closing punctuation a line never starts with (JIS X 4051 kinsoku, UAX #14 CL, CP, NS).
_NO_LINE_START = frozenset(
    "、。，．・：；？！）」』】〕〉》’”ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
#: Opening punctuation a line never ends with (JIS X 4051, UAX #14 OP).
_NO_LINE_END = frozenset("「『（【〔〈《‘“")


@dataclass(frozen=True)
class Token:
    """A piece a line may break before: a word, or a character of a Chinese or Japanese
    run; glued when no space comes before it (the characters of a run after its first)."""

    text: str
    glued: bool = False


def tokens(text: str, keep: bool = False, hold: bool = True) -> tuple[Token, ...]:
    """text's pieces, in order. keep: each word whole (a name held together with no-break
    spaces is still a word), even in Chinese and Japanese (a name in a list of names).
    hold: a short last word held to the one before (_last_held)."""
    found: list[Token] = []
    words = words_of(text)
    for word in _last_held(words) if hold else words:
        if keep or not _BREAKS_ANYWHERE.search(word):
            found.append(Token(word))
            continue
        pieces = _pieces(word)
        found.append(Token(pieces[0]))
        found += [Token(piece, glued=True) for piece in pieces[1:]]
    return tuple(found)


def _last_held(words: list[str]) -> list[str]:
    """words with the last two held together by a no-break space when the last is short
    (short_word): "Seminarraum 1" never leaves "1" alone on a line. The pair breaks at it
    only as a word held together does, where it is wider than a whole line at the floor.
    Not in Chinese and Japanese, whose lines break between characters."""
    if len(words) < 2 or NBSP in words[-1] or not short_word(words[-1]):
        return words
    if _BREAKS_ANYWHERE.search(words[-2]) or _BREAKS_ANYWHERE.search(words[-1]):
        return words
    return [*words[:-2], words[-2] + NBSP + words[-1]]


def _pieces(word: str) -> list[str]:
    """A word cut before each Han or kana character that a line may start with, unless a
    word joiner holds it to the one before."""
    pieces = [""]
    for index, char in enumerate(word):
        before = word[index - 1] if index else ""
        starts = (
            pieces[-1]
            and _BREAKS_ANYWHERE.match(char)
            and before != WORD_JOINER
            and char not in _NO_LINE_START
            and before not in _NO_LINE_END
        )
        if starts or (pieces[-1] and _BREAKS_ANYWHERE.match(before) and _opens(char)):
            pieces.append("")
        pieces[-1] += char
    return [piece for piece in pieces if piece]


def _opens(char: str) -> bool:
    """Latin after a Han character (Open 数据 2027): a new piece, where a line may break."""
    return char.isascii() and char.isalnum()


def parts_of(token: str) -> list[str]:
    """A word's parts between its no-break spaces (a name held together), where it breaks
    when it is wider than a whole line."""
    return [part for part in token.split(NBSP) if part]


def keys(style: str, lang: str, text: str, keep: bool = False) -> set[Key]:
    """The (style, language, piece) widths that setting text needs: its pieces, their
    parts, and a space."""
    found: set[Key] = {(style, lang, NBSP)}
    for token in tokens(text, keep):
        found.add((style, lang, token.text))
        found |= {(style, lang, part) for part in parts_of(token.text)}
    return found


@dataclass(frozen=True)
class Wrapped:
    """Lines of one text at one size."""

    lines: tuple[str, ...]
    size: float
    """Type size, pt."""
    line_height: float
    """As a multiple of the size."""
    shrunk: bool = False
    """Set under the smallest size asked for, because one of its words (a name) is wider
    than a whole line even there: the caller warns."""

    @property
    def height(self) -> float:
        """The lines' height, mm."""
        return len(self.lines) * self.size * self.line_height * PT


class Measured:
    """A text's pieces with their widths (mm per pt of type size), ready to be broken
    into lines at any size. A piece held together with no-break spaces (a name in a list
    of names) breaks at them only where it is told to split, and is then wider than its
    line (the last resort before setting the text smaller)."""

    def __init__(self, text: str, style: str, lang: str, widths: Widths, keep: bool = False):
        self.text = text
        self.style = style
        self.lang = lang
        found = list(tokens(text, keep))
        table = widths.table
        if found and (style, lang, found[-1].text) not in table:
            # A line of a text measured whole (a sign's mark, measured again to box it):
            # its last word is not the text's, and was measured unheld.
            found = list(tokens(text, keep, hold=False))
        self.space = table[(style, lang, NBSP)]
        self.pieces: list[Token] = found
        self.widths: list[float] = [table[(style, lang, token.text)] for token in found]
        self._parts = {
            token.text: [(part, table[(style, lang, part)]) for part in parts_of(token.text)]
            for token in found
            if NBSP in token.text
        }

    def widest(self, split: bool = False) -> float:
        """The widest piece (split: the widest part of a piece), mm per pt."""
        if not split:
            return max(self.widths, default=0.0)
        return max(
            (
                max((w for _, w in self._parts.get(token.text, [])), default=width)
                for token, width in zip(self.pieces, self.widths, strict=True)
            ),
            default=0.0,
        )

    def _units(self, room: float, split: bool) -> tuple[list[Token], list[float]]:
        """The pieces; split: a piece wider than room broken into its parts."""
        if not (split and self._parts):
            return self.pieces, self.widths
        pieces: list[Token] = []
        widths: list[float] = []
        for token, width in zip(self.pieces, self.widths, strict=True):
            parts = self._parts.get(token.text)
            if width > room and parts:
                for n, (part, part_width) in enumerate(parts):
                    pieces.append(Token(part, glued=token.glued if n == 0 else False))
                    widths.append(part_width)
            else:
                pieces.append(token)
                widths.append(width)
        return pieces, widths

    def lines(self, room: float, split: bool = False) -> list[str]:
        """The text broken into lines no wider than room (mm per pt: the width divided
        by the type size), each as full as it can be (a piece wider than room alone on
        its line)."""
        pieces, widths = self._units(room, split)
        return [_joined(pieces[a:b]) for a, b in _greedy(pieces, widths, self.space, room)]

    def count(self, room: float, split: bool = False) -> int:
        """How many lines lines(room, split) makes."""
        pieces, widths = self._units(room, split)
        return len(_greedy(pieces, widths, self.space, room))

    def balanced(self, room: float, split: bool = False) -> list[str]:
        """As many lines as at room, but as even as can be: the narrowest room giving no
        more lines (a title's two lines of about one length, not one long and one word)."""
        count = self.count(room, split)
        low, high = self.widest(split), room
        for _ in range(24):
            middle = (low + high) / 2
            if self.count(middle, split) <= count:
                high = middle
            else:
                low = middle
        return self.lines(high, split)


def _greedy(
    pieces: Sequence[Token], widths: Sequence[float], space: float, room: float
) -> list[tuple[int, int]]:
    """Each line's first piece and the piece after its last, lines filled in order."""
    lines: list[tuple[int, int]] = []
    first, width = 0, 0.0
    for index, (piece, own) in enumerate(zip(pieces, widths, strict=True)):
        added = own if index == first or piece.glued else own + space
        if index > first and width + added > room:
            lines.append((first, index))
            first, width = index, own
        else:
            width += added
    if pieces:
        lines.append((first, len(pieces)))
    return lines


def _joined(pieces: Sequence[Token]) -> str:
    text = ""
    for index, piece in enumerate(pieces):
        text += piece.text if index == 0 or piece.glued else " " + piece.text
    return text


def fit_box(
    text: Measured,
    width: float,
    line_height: float,
    largest: float,
    smallest: float,
    height: float | None = None,
    max_lines: int | None = None,
) -> Wrapped | None:
    """The text at the largest size from largest down to smallest (pt) at which, broken
    into lines (then made even), it fits width (mm) and, when given, height (mm) and
    max_lines; None when it fits at no size in that range. Words held together break at
    their no-break spaces only when the text fits no size whole.

    Fitting is monotone (a smaller size never needs more room), so the size is found by
    bisection, to a hundredth of a point."""
    if not text.pieces:
        return Wrapped((), largest, line_height)
    for split in (False, True):

        def fits(size: float, split: bool = split) -> bool:
            room = width * SAFETY / size
            if text.widest(split) > room:
                return False
            count = text.count(room, split)
            if max_lines is not None and count > max_lines:
                return False
            return height is None or count * size * line_height * PT <= height + 1e-9

        if not fits(smallest):
            continue
        low, high = smallest, largest
        if fits(largest):
            low = largest
        else:
            while high - low > 0.01:
                middle = (low + high) / 2
                if fits(middle):
                    low = middle
                else:
                    high = middle
        return Wrapped(tuple(text.balanced(width * SAFETY / low, split)), low, line_height)
    return None


def wrap(text: Measured, width: float, line_height: float, size: float) -> Wrapped:
    """The text broken into as many lines as it takes at size (pt) across width (mm);
    words held together break at their no-break spaces where one is wider than a line,
    and the text is set smaller (shrunk) only as far as its widest part needs to fit a
    whole line."""
    if not text.pieces:
        return Wrapped((), size, line_height)
    room = width * SAFETY / size
    split = text.widest() > room
    shrunk = text.widest(split) > room
    if shrunk:
        size = width * SAFETY / text.widest(split)
    return Wrapped(tuple(text.lines(width * SAFETY / size, split)), size, line_height, shrunk)


def fit_stack(
    texts: Sequence[tuple[Measured, float, float]],
    width: float,
    height: float,
    largest: float,
    smallest: float,
    gap: float = 0.0,
) -> list[Wrapped] | None:
    """Texts set one under another in a box (a timetable's block: its time, title and
    speakers), each (text, share, line height) at its share of one size s: the largest s
    from largest down to smallest (pt) at which every text, broken into lines, fits
    width (mm) and all of them, gap mm apart, fit height (mm); None when none does.
    Words held together stay whole here (a caller that cannot fit them tries less text)."""
    shown = [entry for entry in texts if entry[0].pieces]

    def fits(size: float) -> bool:
        total = gap * (len(shown) - 1)
        for text, share, line_height in shown:
            room = width * SAFETY / (size * share)
            if text.widest() > room:
                return False
            total += text.count(room) * size * share * line_height * PT
        return total <= height + 1e-9

    if not shown or not fits(smallest):
        return None if shown else []
    low, high = smallest, largest
    if fits(largest):
        low = largest
    else:
        while high - low > 0.01:
            middle = (low + high) / 2
            if fits(middle):
                low = middle
            else:
                high = middle
    return [
        Wrapped(tuple(text.balanced(width * SAFETY / (low * share))), low * share, line_height)
        for text, share, line_height in shown
    ]
