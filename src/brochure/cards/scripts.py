"""Which script a piece of text is written in, and the fonts that draw it."""

from __future__ import annotations

#: The card font stack: Inter for Latin, Greek and Cyrillic, Noto for the rest.
FONTS = (
    "Inter",
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Devanagari",
    "Noto Sans Bengali",
    "Noto Sans Thai",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Noto Sans CJK KR",
)
#: Languages whose names are written family name first (山田太郎): a card shows the name
#: as the person writes it rather than a Western given-above-family split.
FAMILY_FIRST = frozenset({"zh", "ja", "ko"})


def fonts_css() -> str:
    """The font stack as a CSS font-family value."""
    return ", ".join(f'"{family}"' for family in FONTS) + ", sans-serif"


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
