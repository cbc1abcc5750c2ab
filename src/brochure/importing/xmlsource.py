"""Read XML from another program (an export) within bounds, with where each element is.

defusedxml's parser refuses what makes XML dangerous to read: entities (which may expand
a kilobyte into gigabytes), external references (which would fetch), a document type.
Elements nesting deeper than MAX_DEPTH are refused too (a schedule is six levels deep).
Each refusal, like each syntax error, is an InputError located in the file; each element
keeps its line and column, so what an importer finds wrong in one is located as well.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from brochure.errors import InputError, Location, Problem

#: How deeply elements may nest: a frab schedule is 6 levels deep.
MAX_DEPTH = 64


@dataclass
class Element:
    """One element: its name (without a namespace), attributes, the text directly in
    it, its children, and where its start tag is (1-based)."""

    tag: str
    attributes: dict[str, str]
    line: int
    column: int
    children: list[Element] = field(default_factory=list)
    text: str = ""

    def child(self, tag: str) -> Element | None:
        """The first child of that name."""
        return next((child for child in self.children if child.tag == tag), None)


class _TooDeep(Exception):
    pass


class _Builder:
    """ElementTree's parser target: Elements with where each starts."""

    def __init__(self) -> None:
        self.expat: Any = None  # the parser's expat object, set once it is made
        self.stack: list[Element] = []
        self.root: Element | None = None
        self._text: list[list[str]] = []

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        element = Element(
            _local(tag),
            {_local(key): value for key, value in attributes.items()},
            self.expat.CurrentLineNumber,
            self.expat.CurrentColumnNumber + 1,
        )
        if len(self.stack) >= MAX_DEPTH:
            raise _TooDeep
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)
        self._text.append([])

    def end(self, tag: str) -> None:
        element = self.stack.pop()
        element.text = "".join(self._text.pop())

    def data(self, text: str) -> None:
        if self._text:
            self._text[-1].append(text)

    def close(self) -> Element | None:
        return self.root


def _local(name: str) -> str:
    """A name without its namespace: `{http://...}tag` is `tag`."""
    return name.rpartition("}")[2]


def load(text: str, label: str) -> Element:
    """The root element of the XML text; InputError, located in label, when it is not
    XML, declares entities or a document type, or nests deeper than MAX_DEPTH."""
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.expat = parser.parser

    def here() -> Location:
        expat = builder.expat
        return Location(label, expat.CurrentLineNumber, expat.CurrentColumnNumber + 1)

    try:
        parser.feed(text)
        root = parser.close()
    except ElementTree.ParseError as error:
        line, column = error.position
        message = str(error).split(":")[0]
        where = Location(label, line, column + 1)
        raise InputError([Problem(where, "", f"not XML: {message}")]) from None
    except _TooDeep:
        raise InputError([Problem(here(), "", f"nested deeper than {MAX_DEPTH} levels")]) from None
    except DefusedXmlException as error:
        raise InputError(
            [
                Problem(
                    here(),
                    "",
                    f"declares {_declared(error)}, which an export has no need of and "
                    "brochure does not read (it could expand without end, or fetch)",
                )
            ]
        ) from None
    if root is None:
        raise InputError([Problem(Location(label, 1, 1), "", "not XML: no element")])
    return root


def _declared(error: DefusedXmlException) -> str:
    name = type(error).__name__
    if name == "DTDForbidden":
        return "a document type (DTD)"
    if name == "EntitiesForbidden":
        return "an entity"
    return "an external reference"
