"""Which characters the installed fonts can draw: text they cannot is a warning, not a box.

The answer comes from fontconfig, which Pango (WeasyPrint's text engine) asks for a
fallback face whenever the faces a layout names lack a character: a character any
installed font covers is drawn, by that font; one no font covers prints as a box.
"""

from __future__ import annotations

import bisect
import ctypes
import functools
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from brochure.reading.yamlsource import Path_


@dataclass(frozen=True)
class Coverage:
    """Code points some installed font draws, as sorted, merged ranges (first, last)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __contains__(self, point: int) -> bool:
        index = bisect.bisect_right(self.starts, point) - 1
        return index >= 0 and point <= self.ends[index]

    def __bool__(self) -> bool:
        return bool(self.starts)


@functools.cache
def installed_coverage() -> Coverage:
    """What the fallback can draw: the union of every installed font's character set."""
    if not shutil.which("fc-list"):
        return Coverage((), ())
    listing = subprocess.run(
        ["fc-list", "--format", "%{charset}\n"], capture_output=True, text=True, check=False
    ).stdout
    ranges: list[tuple[int, int]] = []
    for part in listing.split():
        low, _, high = part.partition("-")
        try:
            ranges.append((int(low, 16), int(high or low, 16)))
        except ValueError:
            continue
    merged: list[list[int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return Coverage(tuple(r[0] for r in merged), tuple(r[1] for r in merged))


def gaps_phrase(gaps: list[str]) -> str:
    """ "'X' (U+XXXX) ...; ... install a font that covers it/them"."""
    pronoun = "it" if len(gaps) == 1 else "them"
    return (
        f"the installed fonts cannot draw {', '.join(gaps)}; it would print as an empty box "
        f"-- install a font that covers {pronoun}"
    )


def missing(text: str, covered: Coverage) -> list[str]:
    """The characters of text that no font covers, as `'X' (U+XXXX)`; spaces and
    invisible format characters (joiners, direction marks) need no glyph."""
    gaps = []
    for char in dict.fromkeys(text):
        if char.isspace() or unicodedata.category(char) in ("Cf", "Zs", "Cc"):
            continue
        if ord(char) not in covered:
            gaps.append(f"'{char}' (U+{ord(char):04X})")
    return gaps


#: Latin (with its extensions A), general punctuation and the euro: every text face
#: brochure installs draws them (EB Garamond, Inter, Noto, DejaVu), so text made of them
#: needs no question to fontconfig, and `check` stays quick for most events.
_EVERYWHERE = re.compile(r"[\u0000-\u017f\u2000-\u206f\u20ac]*")


def undrawable(values: Iterable[tuple[Path_, str]]) -> Iterator[tuple[Path_, str, list[str]]]:
    """Each (path, text) whose text holds characters no installed font draws, with them.

    Every distinct text is looked at once (thousands of attendees share organisations).
    """
    values = [(path, text) for path, text in values if not _EVERYWHERE.fullmatch(text)]
    if not values:
        return
    covered = installed_coverage()
    if not covered:
        return
    seen: dict[str, list[str]] = {}
    for path, text in values:
        if text not in seen:
            seen[text] = missing(text, covered)
        if seen[text]:
            yield path, text, seen[text]


@functools.cache
def _font_family(family: str) -> str | None:
    """The family fontconfig gives for a request of family, its names comma-separated as
    `fc-match -f %{family}` prints them (None without fontconfig)."""
    matched = _matched_in_process(family)
    if matched is not None:
        return matched
    if not shutil.which("fc-match"):
        return None
    result = subprocess.run(
        ["fc-match", "-f", "%{family}", family], capture_output=True, text=True, check=False
    )
    return result.stdout


def _matched_in_process(family: str) -> str | None:
    """What fc-match answers, asked of the fontconfig library in this process (a few
    milliseconds once, then well under one a family, where a run of fc-match took
    some ten); None where the library cannot be opened."""
    found = _fontconfig()
    if found is None:
        return None
    library, config = found
    pattern = library.FcNameParse(family.encode("utf-8"))
    if not pattern:
        return None
    try:
        library.FcConfigSubstitute(config, pattern, 0)  # FcMatchPattern
        library.FcDefaultSubstitute(pattern)
        result = ctypes.c_int()
        match = library.FcFontMatch(config, pattern, ctypes.byref(result))
    finally:
        library.FcPatternDestroy(pattern)
    if not match:
        return ""
    try:
        names: list[str] = []
        value = ctypes.c_char_p()
        while library.FcPatternGetString(match, b"family", len(names), ctypes.byref(value)) == 0:
            names.append((value.value or b"").decode("utf-8", "replace"))
        return ",".join(names)
    finally:
        library.FcPatternDestroy(match)


@functools.cache
def _fontconfig() -> tuple[Any, Any] | None:
    """The fontconfig library and its configuration (the fonts installed), loaded once
    per process; None where the library cannot be opened."""
    for name in ("libfontconfig.so.1", "libfontconfig.1.dylib"):
        try:
            library = ctypes.CDLL(name)
            break
        except OSError:
            continue
    else:
        return None
    library.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
    library.FcNameParse.restype = ctypes.c_void_p
    library.FcNameParse.argtypes = [ctypes.c_char_p]
    library.FcConfigSubstitute.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
    library.FcDefaultSubstitute.argtypes = [ctypes.c_void_p]
    library.FcFontMatch.restype = ctypes.c_void_p
    library.FcFontMatch.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    library.FcPatternGetString.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_char_p),
    ]
    library.FcPatternDestroy.argtypes = [ctypes.c_void_p]
    config = library.FcInitLoadConfigAndFonts()
    return (library, config) if config else None


GENERIC_FAMILIES = frozenset(
    {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
)


def installed(family: str) -> bool:
    """Whether fontconfig has this family (not merely a substitute for it)."""
    found = _font_family(family)
    return found is not None and family.casefold() in found.casefold()


def missing_faces(css: str) -> list[str]:
    """The first-choice family of each `font-family` in css that is not installed:
    the faces a layout was designed with, which would silently fall back."""
    missing = []
    for declaration in re.findall(r"font-family\s*:\s*([^;}]+)", css):
        first = declaration.split(",")[0].strip().strip("\"'")
        named = first and first.lower() not in GENERIC_FAMILIES and not first.startswith("var(")
        named = named and "{" not in first
        if named and first not in missing and not installed(first):
            missing.append(first)
    return missing
