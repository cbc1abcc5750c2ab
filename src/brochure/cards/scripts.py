"""The fonts that draw each script on cards and pages (which script a text is in:
textrules.script_language)."""

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
    "var(--cjk-sans)",  # the face for the text's language: cjk_css
)


def fonts_css() -> str:
    """The font stack as a CSS font-family value."""
    names = (family if family.startswith("var(") else f'"{family}"' for family in FONTS)
    return ", ".join(names) + ", sans-serif"


#: Chinese, Japanese and Korean write some Han characters in different forms (骨, 直,
#: 写): Noto CJK has a face for each. (CSS language range, face), general first.
CJK_FACES = (
    ("zh", "SC"),
    ("zh-Hans", "SC"),
    ("zh-Hant", "TC"),
    ("zh-TW", "TC"),
    ("zh-HK", "HK"),
    ("zh-MO", "HK"),
    ("ja", "JP"),
    ("ko", "KR"),
)


def cjk_face(language: str) -> str:
    """The Noto CJK face (SC, TC, HK, JP, KR) for Han text in this language; SC for a
    language that is none of them (Han text is then most likely Chinese)."""
    tag = language.replace("_", "-").lower()
    face = "SC"
    for language_range, candidate in CJK_FACES:
        if tag == language_range.lower() or tag.startswith(language_range.lower() + "-"):
            face = candidate
    return face


def cjk_css(language: str) -> str:
    """CSS giving --cjk-sans and --cjk-serif, the Noto CJK faces the layouts' font
    stacks name: the document language's on :root, and each CJK language's for text
    marked with it (:lang), so every output chooses the faces by language alike."""
    root = cjk_face(language)
    rules = [
        f':root {{ --cjk-sans: "Noto Sans CJK {root}"; --cjk-serif: "Noto Serif CJK {root}"; }}'
    ]
    rules += [
        f':lang({language_range}) {{ --cjk-sans: "Noto Sans CJK {face}"; '
        f'--cjk-serif: "Noto Serif CJK {face}"; }}'
        for language_range, face in CJK_FACES
    ]
    return "\n".join(rules)
