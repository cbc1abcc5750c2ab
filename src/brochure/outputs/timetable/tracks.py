"""The programme's tracks as the timetable tells them apart: a colour each (the layout's
`.track-1` to `.track-8`, then again), and a letter each, which a grey-scale printer and
every reader's eyes keep when the colours merge (WCAG 2.2 1.4.1: colour is never the
only cue). The letter is the track's initial when no two tracks share one (S for
Security), else A, B, C in the order tracks first appear.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass

#: Colours the layout gives tracks (.track-1 ... .track-8); a ninth track takes the
#: first colour again, and is told apart by its letter.
COLOURS = 8


@dataclass(frozen=True)
class Track:
    """A track as the timetable marks it."""

    name: str
    letter: str
    colour: int
    """Its colour's number in the layout, 1 to COLOURS (the class `track-N`)."""

    @property
    def part(self) -> str:
        """Its part of the layout's looks: track-N."""
        return f"track-{self.colour}"


def tracks_of(names: Iterable[str | None]) -> dict[str, Track]:
    """The tracks named, in the order they first appear, each with its letter and colour."""
    ordered = list(dict.fromkeys(name for name in names if name))
    initials = [_initial(name) for name in ordered]
    if len(set(initials)) != len(initials) or not all(initials):
        initials = [_nth_letter(n) for n in range(len(ordered))]
    return {
        name: Track(name, letter, n % COLOURS + 1)
        for n, (name, letter) in enumerate(zip(ordered, initials, strict=True))
    }


def _initial(name: str) -> str:
    """The first letter of a name, upper case ('' when it has none)."""
    return next((char.upper() for char in name if char.isalpha()), "")


def _nth_letter(n: int) -> str:
    """A, B, ... Z, AA, AB, ..."""
    letters = string.ascii_uppercase
    text = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        text = letters[rest] + text
    return text
