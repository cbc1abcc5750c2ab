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
    "var(--cjk-sans)",  # the face for the text's language: cjk_css
)
#: Languages whose names are written family name first (山田太郎): a card shows the name
#: as the person writes it rather than a Western given-above-family split.
FAMILY_FIRST = frozenset({"zh", "ja", "ko"})


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


#: Where a name written in Han alone is most likely from, the language that sets it in
#: its own forms: 山田太郎 from Japan is Japanese (ISO 3166 codes; CLDR's likely
#: subtags for these regions).
HAN_BY_COUNTRY = {
    "JP": "ja",
    "KR": "ko",
    "KP": "ko",
    "TW": "zh-TW",
    "HK": "zh-HK",
    "MO": "zh-MO",
    "CN": "zh-Hans",
    "SG": "zh-Hans",
}


def name_language(name: str, country: str | None, default: str) -> str:
    """The language a name is written in when the person does not say (name_language):
    its script's (script_language); for a name in Han alone, which Chinese, Japanese and
    Korean all write, the person's country decides (a registration export has no field
    for the name's language, but has the country)."""
    found = script_language(name, default)
    if found == "zh" and country:
        return HAN_BY_COUNTRY.get(country.upper(), found)
    return found
