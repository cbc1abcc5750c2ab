"""Which characters the installed fonts can draw: a name they cannot is a warning, not a box."""

from __future__ import annotations

import functools
import logging
import re
import shutil
import subprocess
import unicodedata

from fontTools.ttLib import TTFont

log = logging.getLogger(__name__)


@functools.cache
def _font_file(family: str) -> str | None:
    """The file fontconfig uses for family, or None when that family is not installed."""
    if not shutil.which("fc-match"):
        return None
    result = subprocess.run(
        ["fc-match", "-f", "%{family}\n%{file}", family],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = result.stdout.splitlines()
    if len(lines) < 2 or family.casefold() not in lines[0].casefold():
        return None
    return lines[1]


@functools.cache
def _characters(path: str) -> frozenset[int]:
    """Every code point the font file (or the first font of a collection) maps."""
    with TTFont(path, fontNumber=0, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def coverage(families: tuple[str, ...]) -> frozenset[int]:
    """Code points that at least one of the installed families draws."""
    covered: set[int] = set()
    for family in families:
        path = _font_file(family)
        if path:
            covered |= _characters(path)
    return frozenset(covered)


def missing(text: str, covered: frozenset[int]) -> list[str]:
    """The characters of text that no font covers, as `'X' (U+XXXX)`; spaces and
    invisible format characters (joiners, direction marks) need no glyph."""
    gaps = []
    for char in dict.fromkeys(text):
        if char.isspace() or unicodedata.category(char) in ("Cf", "Zs"):
            continue
        if ord(char) not in covered:
            gaps.append(f"'{char}' (U+{ord(char):04X})")
    return gaps


GENERIC_FAMILIES = frozenset(
    {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
)


def installed(family: str) -> bool:
    """Whether fontconfig has this family (not merely a substitute for it)."""
    return _font_file(family) is not None


def missing_faces(css: str) -> list[str]:
    """The first-choice family of each `font-family` in css that is not installed:
    the faces a layout was designed with, which would silently fall back."""
    missing = []
    for declaration in re.findall(r"font-family\s*:\s*([^;}]+)", css):
        first = declaration.split(",")[0].strip().strip("\"'")
        named = first and first.lower() not in GENERIC_FAMILIES and "{" not in first
        if named and first not in missing and not installed(first):
            missing.append(first)
    return missing
