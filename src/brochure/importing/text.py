"""Text of an export as the event file takes it: plain, without Windows line ends or
control characters; HTML (Indico's descriptions, FOSDEM's abstracts) made into
paragraphs; Markdown's `<https://...>` links written out as addresses."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Controls other than tab and line feed: the event file refuses them (model._CONTROL).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# An element HTML writes around text (a paragraph, a list, a link...): where there is one,
# the text is HTML; a lone `<` (a < b) or Markdown's <https://...> is not.
_HTML_TAG = re.compile(
    r"</?(?:p|br|div|span|ul|ol|li|a|em|strong|b|i|u|h[1-6]|blockquote|pre|code|table|tr|td)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
# Elements that end a paragraph, and those that end a line.
_BLOCKS = {"p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
_BLOCKS |= {"table", "tr"}
_LINES = {"br", "li"}


def controls_in(value: str) -> list[str]:
    """The control characters plain removes from value, each once, in order, written
    out as U+ code points (a carriage return, a line end, is none of them)."""
    found = dict.fromkeys(_CONTROLS.findall(value.replace("\r", "")))
    return [f"U+{ord(char):04X}" for char in found]


def plain(value: str) -> str:
    """Text as the event file takes it: Windows line ends and control characters gone,
    spaces at either end too."""
    return _CONTROLS.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def one_line(value: str) -> str:
    """plain, folded onto one line (a title, a name)."""
    return " ".join(plain(value).split())


def prose(value: str) -> str:
    """A description as paragraphs of plain text: HTML made into paragraphs (a `<p>` a
    paragraph, a `<br>` or list item a line, entities read), Markdown's autolinks
    `<https://...>` into addresses; anything else as it is (plain)."""
    text = _AUTOLINK.sub(r"\1", plain(value))
    if not _HTML_TAG.search(text):
        return text
    reader = _Paragraphs()
    reader.feed(text)
    reader.close()
    return reader.text()


class _Paragraphs(HTMLParser):
    """HTML's text, a blank line between blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag in _LINES:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        # Line breaks inside HTML's text are spaces; only elements break lines.
        self.parts.append(" ".join(data.split("\n")))

    def text(self) -> str:
        joined = "".join(self.parts)  # entities were read as they came (convert_charrefs)
        paragraphs = re.split(r"\n[ \t]*\n", joined)
        lines = (
            "\n".join(" ".join(line.split()) for line in paragraph.split("\n") if line.strip())
            for paragraph in paragraphs
        )
        return "\n\n".join(paragraph for paragraph in lines if paragraph)
