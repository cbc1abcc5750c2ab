"""Colour as readers see it: WCAG contrast and CIE lightness of sRGB colours.

Contrast ratio and relative luminance as WCAG 2.2 defines them (success criterion
1.4.3: 4.5:1 for text, 3:1 for large text, 18 pt or 14 pt bold); lightness is CIE 1976
L* (0 black to 100 white), what a grey-scale printer keeps of a colour.
"""

from __future__ import annotations

RGB = tuple[float, float, float]
"""sRGB channels, 0 to 1."""

#: WCAG 2.2 AA: the least contrast for text, and for large text.
AA_TEXT, AA_LARGE = 4.5, 3.0
#: Large text (WCAG): 18 pt and up, or 14 pt and up when bold.
LARGE_PT, LARGE_BOLD_PT = 18.0, 14.0


def from_hex(text: str) -> RGB:
    """#rrggbb or #rgb as sRGB channels."""
    digits = text.strip().lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    if len(digits) != 6:
        raise ValueError(f"'{text}' is not a #rrggbb colour")
    return (int(digits[0:2], 16) / 255, int(digits[2:4], 16) / 255, int(digits[4:6], 16) / 255)


def _linear(channel: float) -> float:
    """An sRGB channel without its transfer curve (IEC 61966-2-1)."""
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour: RGB) -> float:
    """Relative luminance (WCAG 2.2): 0 for black, 1 for white."""
    r, g, b = (_linear(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: RGB, other: RGB) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def lightness(colour: RGB) -> float:
    """CIE L*, 0 to 100."""
    y = luminance(colour)
    return 116 * y ** (1 / 3) - 16 if y > (6 / 29) ** 3 else y * (29 / 3) ** 3


def needed(size_pt: float | None, bold: bool) -> float:
    """The contrast WCAG AA asks of text of this size (normal size when unknown)."""
    if size_pt is not None and (size_pt >= LARGE_PT or (bold and size_pt >= LARGE_BOLD_PT)):
        return AA_LARGE
    return AA_TEXT
