"""Pieces of card text: what they say, how they are set, and how they fit.

The line heights here are the ones the template prints; the fitting and the placing
read them from here too, so the CSS keeps only the looks (weight, colour, spacing).
"""

from __future__ import annotations

from dataclasses import dataclass

from brochure.cards.fit import Fitted, Key, Widths, fit
from brochure.typography import first_strong, needs_stacking, words_of

PT = 25.4 / 72
"""Millimetres per point."""
NBSP = "\u00a0"
#: No card text is set smaller than this, in points: below it print stops being read at
#: arm's length. Text that does not fit even at the floor wraps, then is cut short with
#: an ellipsis, and the badge renderer warns naming the person.
FLOOR_PT = 6.0

#: Line height of each kind of card text, as a multiple of its type size.
LINE_HEIGHT = {
    "event-title": 1.2,
    "event-date": 1.25,
    "given": 1.1,
    "family": 1.1,
    "name": 1.1,
    "organisation": 1.2,
    "country": 1.25,
    "programme": 1.3,
    "programme-day": 1.3,
    "back-name": 1.1,
    "certificate-heading": 1.25,
    "certificate-intro": 1.3,
    "certificate-name": 1.15,
    "certificate-statement": 1.3,
    "certificate-event": 1.2,
    "certificate-details": 1.3,
    "certificate-hours": 1.3,
    "certificate-session": 1.3,
    "certificate-signer": 1.3,
    "certificate-position": 1.3,
    "certificate-code": 1.3,
}


#: Languages written in scripts with tall marks (scripts.script_language's tags, and
#: others of those scripts), and how much more leading their wrapped lines get.
TALL_SCRIPTS = frozenset({"ar", "fa", "ur", "ps", "hi", "mr", "ne", "bn", "th"})
TALL_LEADING = 1.4


@dataclass(frozen=True)
class Block:
    """Fitted lines of one kind of text (given name, organisation...)."""

    css: str
    """Its class in the card stylesheet."""
    lines: tuple[str, ...]
    """Its lines, as they break (a <br> between each)."""
    size: float
    """Type size, in points."""
    lang: str
    """BCP 47 tag of its text: its lang attribute."""
    stacked: bool = False
    """Letters with stacked marks: set in Noto, which places them (class `stacking`)."""
    clipped: bool = False
    """Cut short with an ellipsis: it did not fit even at FLOOR_PT."""

    @property
    def direction(self) -> str | None:
        """ltr or rtl, from its first letter with a strong direction: a Latin name on a
        Hebrew card reads left to right (still set against the card's right edge)."""
        return first_strong(" ".join(self.lines))

    @property
    def style(self) -> str:
        """Its class attribute: the kind, and `stacking` when it needs that face."""
        return f"{self.css} stacking" if self.stacked else self.css

    @property
    def line_height(self) -> float:
        """As a multiple of the size; more for lines of a script whose marks reach far
        above and below (Arabic, Devanagari, Thai), so two lines never touch."""
        tall = len(self.lines) > 1 and self.lang.split("-")[0] in TALL_SCRIPTS
        return LINE_HEIGHT[self.css] * (TALL_LEADING if tall else 1.0)

    @property
    def height(self) -> float:
        """Height in mm."""
        return len(self.lines) * self.size * self.line_height * PT


@dataclass(frozen=True)
class Text:
    """A piece of text to fit: what it says, how it is set, how far it may shrink."""

    css: str
    text: str
    lang: str
    size: float
    """Largest type size, in points."""
    smallest: float
    """Size (points) under which it wraps between words instead of shrinking more."""
    width: float
    """Room across, in mm."""
    max_lines: int = 2

    @property
    def words(self) -> list[str]:
        """What a line may break between: split at breaking spaces only, so a time range
        ("8 h 30 – 17 h 30", its spaces no-break) stays one word."""
        return words_of(self.text)

    def keys(self) -> set[Key]:
        """The (style, language, word) widths fitting it needs, a space's among them."""
        style = self.style
        return {(style, self.lang, NBSP), *((style, self.lang, word) for word in self.words)}

    @property
    def style(self) -> str:
        """The class it is measured and printed with (Block.style)."""
        return f"{self.css} stacking" if needs_stacking(self.text) else self.css

    def fitted(self, widths: Widths) -> Block:
        words = self.words
        style = self.style
        result: Fitted = fit(
            words,
            widths.of(style, self.lang, words),
            widths.of(style, self.lang, [NBSP])[0],
            self.width,
            self.size,
            max(self.smallest, FLOOR_PT),
            self.max_lines,
            floor=FLOOR_PT,
        )
        return Block(
            self.css, result.lines, result.size, self.lang, style != self.css, result.clipped
        )
