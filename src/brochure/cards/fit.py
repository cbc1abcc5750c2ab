"""Fit text to a width: measure words with WeasyPrint itself, then choose type sizes.

A badge name must be as large as it can be, never overflow, never be clipped and never
break inside a word. Widths come from laying the words out with the same fonts and the
same engine that renders the badges (Pango through WeasyPrint), so every script, accent
and fallback font is measured exactly as it will print.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from brochure.engines import weasy
from brochure.typography import short_word

#: Words are measured at this size; widths scale linearly with the type size.
REFERENCE_PT = 100.0
PX_TO_MM = 25.4 / 96
#: Room left for rounding and for kerning between words.
SAFETY = 0.96


@dataclass(frozen=True)
class Fitted:
    """Text broken into lines, and the type size (pt) at which they all fit."""

    lines: tuple[str, ...]
    size: float
    clipped: bool = False
    """Even at the floor the text did not fit: its end is cut, with an ellipsis."""


Key = tuple[str, str, str]
"""(CSS class, language, word) -- what a width depends on."""


class Widths:
    """Word widths, in mm per point of type size."""

    def __init__(self, table: dict[Key, float]) -> None:
        self.table = table

    def of(self, style: str, lang: str, words: Iterable[str]) -> list[float]:
        return [self.table[(style, lang, word)] for word in words]


@dataclass
class _Measured:
    """What this process has measured in one setting of the measuring page."""

    styles: dict[tuple[str, str], weasy.TextStyle] = field(default_factory=dict)
    """(CSS class, language) -> its computed style (None: not laid out)."""
    widths: dict[Key, float] = field(default_factory=dict)


#: Every word measured in this process, by the measuring's setting (the stylesheet, the
#: font stack, the folders files are read from). The card outputs measure the same names
#: in each language's pack, and outputs that share a stylesheet the same words: each
#: (class, language) is given its style once, each word shaped once, and a build that
#: asks only for known words lays out no measuring page at all.
_MEASURED: dict[tuple[str, str, Path, tuple[Path, ...]], _Measured] = {}


def measure(
    keys: set[Key], stylesheet: str, fonts_css: str, base: Path, readable: tuple[Path, ...]
) -> Widths:
    """The width of every word, in the style and language it prints in, at the reference
    size: one tiny page gives each (style, language) its computed style, and every word
    is shaped in it by the engine that prints it (weasy.text_widths); both are kept for
    the rest of the process (_MEASURED), so a word is measured once per build.

    stylesheet gives the text classes their looks; fonts_css is the font stack; base and
    readable are where the layout may load files from (its fonts, by CSS).
    """
    known = _MEASURED.setdefault((stylesheet, fonts_css, base, readable), _Measured())
    missing: dict[tuple[str, str], list[str]] = {}
    for style, lang, word in sorted(keys):
        if (style, lang, word) not in known.widths:
            missing.setdefault((style, lang), []).append(word)
    unstyled = [prototype for prototype in missing if prototype not in known.styles]
    if unstyled:
        found = weasy.text_styles(
            _page(unstyled, stylesheet, fonts_css),
            base,
            readable,
            "badges (measuring names)",
            {f"s{i}" for i in range(len(unstyled))},
        )
        for i, prototype in enumerate(unstyled):
            known.styles[prototype] = found.get(f"s{i}")
    for (style, lang), words in missing.items():
        computed = known.styles[(style, lang)]
        widths = weasy.widths_in(computed, words) if computed is not None else [0.0] * len(words)
        for word, width in zip(words, widths, strict=True):
            known.widths[(style, lang, word)] = width * PX_TO_MM / REFERENCE_PT
    return Widths({key: known.widths[key] for key in keys})


def _page(prototypes: list[tuple[str, str]], stylesheet: str, fonts_css: str) -> str:
    """The measuring page: an element s{i} of each (class, language), at the reference
    size, on one line."""
    spans = "\n".join(
        f'<div><span id="s{i}" class="{html.escape(style)}" lang="{html.escape(lang)}">x</span>'
        "</div>"
        for i, (style, lang) in enumerate(prototypes)
    )
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        "@page { size: 400mm 4000mm; margin: 0 }"
        f"{stylesheet}"
        f"body {{ font-family: {fonts_css}; margin: 0 }}"
        f"div {{ white-space: nowrap; font-size: {REFERENCE_PT}pt; line-height: 1 }}"
        "span { font-size: inherit !important }"
        f"</style></head><body>{spans}</body></html>"
    )


def fit(
    words: list[str],
    widths: list[float],
    space: float,
    width_mm: float,
    max_pt: float,
    min_pt: float,
    max_lines: int = 2,
    floor: float = 0.0,
) -> Fitted:
    """The largest size (up to max_pt) at which words fit width_mm on one line; if that
    is under min_pt, the most balanced break into up to max_lines lines between words.
    Never breaks inside a word: a word wider than the card at min_pt shrinks further,
    but never under floor (pt): text that does not fit even there is set at the floor
    and cut short with an ellipsis (clipped)."""
    if not words:
        return Fitted((), max_pt)
    best = _fit(words, widths, space, width_mm, max_pt, min_pt, max_lines)
    if best.size >= floor:
        return best
    return _shortened(words, widths, space, width_mm * SAFETY / floor, max_lines, floor)


ELLIPSIS = "\u2026"


def _shortened(
    words: list[str], widths: list[float], space: float, room: float, max_lines: int, size: float
) -> Fitted:
    """Words set at `size` into at most max_lines lines of room (mm per pt), filled in
    order; what does not fit is left out and the last line ends with an ellipsis (a word
    longer than a line is cut between its letters, its width shared evenly among them)."""
    lines: list[tuple[int, int]] = []  # each line's first word and the word after it
    first = index = 0
    while index < len(words) and len(lines) < max_lines:
        if _line(widths[first : index + 1], space) <= room:
            index += 1
        elif index > first:
            lines.append((first, index))
            first = index
        else:
            break  # a word longer than a whole line
    if index > first and len(lines) < max_lines:
        lines.append((first, index))
    if index == len(words):
        return Fitted(tuple(" ".join(words[a:b]) for a, b in lines), size)
    # Cut the last line so that it and an ellipsis (about a space and a half) fit.
    reserve = space * 1.5
    if len(lines) == max_lines:
        first, last = lines.pop()
    else:
        first, last = index, index + 1  # the word too long for a line of its own
    while last - first > 1 and _line(widths[first:last], space) + reserve > room:
        last -= 1
    text = " ".join(words[first:last])
    width = _line(widths[first:last], space)
    if width + reserve > room and width > 0:
        text = text[: max(1, int(len(text) * (room - reserve) / width))]
    shown = [" ".join(words[a:b]) for a, b in lines]
    return Fitted((*shown, text.rstrip(" ,;:.-") + ELLIPSIS), size, clipped=True)


def _fit(
    words: list[str],
    widths: list[float],
    space: float,
    width_mm: float,
    max_pt: float,
    min_pt: float,
    max_lines: int,
) -> Fitted:
    room = width_mm * SAFETY
    best = Fitted((" ".join(words),), _size(room, _line(widths, space), max_pt))
    if best.size >= min_pt or len(words) == 1:
        return best
    # A short last word ("Nguyễn Văn A") is never alone on the last line: the last two
    # are broken as one (a pair of two words alone is then set on one line, smaller).
    held = len(words) > 1 and short_word(words[-1])
    if held:
        if len(words) == 2:
            return best
        widths = [*widths[:-2], widths[-2] + space + widths[-1]]
        words = [*words[:-2], f"{words[-2]} {words[-1]}"]
    for lines in range(2, min(max_lines, len(words)) + 1):
        breaks = _balanced(widths, space, lines)
        longest = max(_line(widths[a:b], space) for a, b in breaks)
        candidate = Fitted(
            tuple(" ".join(words[a:b]) for a, b in breaks), _size(room, longest, max_pt)
        )
        if candidate.size > best.size:
            best = candidate
        if best.size >= min_pt:
            break
    return best


def _size(room: float, width: float, max_pt: float) -> float:
    """The type size (pt) at which text `width` mm per point wide fills `room` mm, at most
    max_pt; text that takes no width (nothing visible) is set at max_pt."""
    return min(max_pt, room / width) if width > 0 else max_pt


def _line(widths: list[float], space: float) -> float:
    return sum(widths) + space * (len(widths) - 1)


def _balanced(widths: list[float], space: float, lines: int) -> list[tuple[int, int]]:
    """Split points giving `lines` lines whose longest is as short as possible."""
    n = len(widths)
    if lines == 1:
        return [(0, n)]
    best: list[tuple[int, int]] = [(0, n)]
    best_longest = float("inf")
    for cut in range(1, n - lines + 2):
        rest = _balanced(widths[cut:], space, lines - 1)
        parts = [(0, cut)] + [(a + cut, b + cut) for a, b in rest]
        longest = max(_line(widths[a:b], space) for a, b in parts)
        if longest < best_longest:
            best, best_longest = parts, longest
    return best
