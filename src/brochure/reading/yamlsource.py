"""Read YAML the way a person means it, keeping where every value came from.

PyYAML follows YAML 1.1, where `10:30` is the number 630 and `NO` is false. Here every
plain scalar stays the text it was written as (only `~`, `null` and an empty value mean
nothing); the event schema then gives each field its type. Duplicate keys are errors,
tags that construct objects are refused, and alias expansion is bounded.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, NoReturn

import yaml

from brochure.errors import InputError, Location, Problem

Path_ = tuple[str | int, ...]

#: How many values one file may expand to, counting each use of an alias again.
MAX_VALUES = 200_000
#: How many characters the values of one file may add up to, each use of an alias counted
#: again: twice the largest event file, so aliases cannot blow a small file up.
MAX_CHARACTERS = 4_000_000
#: How deeply mappings and lists may nest.
MAX_DEPTH = 64

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_YAML = "tag:yaml.org,2002:"
# Tags that only say which plain type a scalar or collection is; anything else
# (python/object, binary, set, a local !tag) would construct something we do not want.
_PLAIN_TAGS = frozenset(
    _YAML + name for name in ("str", "int", "float", "bool", "null", "seq", "map")
)


class _ComposeOnly(yaml.SafeLoader):
    """A loader that only builds the node tree; no implicit typing of scalars."""


# Without implicit resolvers every plain scalar composes as a str node; `_Reader`
# decides what it means, so `10:30` and `NO` survive as written.
_ComposeOnly.yaml_implicit_resolvers = {}


@dataclass(frozen=True)
class Parsed:
    """Plain data (dicts, lists, str, None), the location of every value in it, and
    the problems found reading it (the data holds what could be read regardless)."""

    data: Any
    locations: dict[Path_, Location]
    problems: tuple[Problem, ...] = ()


def parse(text: str, filename: str) -> Parsed:
    """Parse YAML text into plain data.

    Raises InputError for a syntax error (nothing can be read past it) or a limit; other
    problems (duplicate keys, tags) come back in Parsed.problems beside what was read.
    """
    if refused := _refused_characters(text, filename):
        raise InputError(refused)
    lines = text.splitlines()
    # Indentation that only looks like spaces makes YAML read something else entirely
    # (a key named " city"): nothing past it can be trusted.
    if pasted := [
        problem
        for number, line in enumerate(lines, 1)
        if (problem := _indentation(line, number, filename, tabs=False))
    ]:
        raise InputError(pasted)
    try:
        node = yaml.compose(text, Loader=_ComposeOnly)
    except yaml.MarkedYAMLError as error:
        raise InputError([syntax_problem(error, text, filename)]) from None
    except yaml.YAMLError as error:
        raise InputError([Problem(Location(filename, 1, 1), "", f"YAML: {error}")]) from None
    except RecursionError:  # PyYAML's composer recurses once per level of nesting
        raise InputError(
            [Problem(Location(filename, 1, 1), "", f"nested deeper than {MAX_DEPTH} levels")]
        ) from None
    if node is None:
        return Parsed(None, {(): Location(filename, 1, 1)})
    reader = _Reader(filename)
    data = reader.read(node, (), 0)
    return Parsed(data, reader.locations, tuple(reader.problems))


#: Characters YAML does not accept anywhere in a file (outside its printable set, YAML
#: 1.1 section 5.1: the C0 and C1 controls but tab and line ends, DEL, U+FFFE and
#: U+FFFF), and those it reads as line breaks though editors show none (NEXT LINE, LINE
#: SEPARATOR, PARAGRAPH SEPARATOR): YAML's own message would place the first at 1:1 and
#: the others lines away.
_REFUSED = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
#: The most such characters reported, one problem each.
MAX_REFUSED = 20
#: The C0 controls' abbreviations (ASCII), as terminals and editors show them.
_C0 = (
    *("NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT"),
    *("FF", "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB"),
    *("CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"),
)


def _refused_characters(text: str, filename: str) -> list[Problem]:
    """A problem at the line and column of each character YAML refuses or reads as a
    hidden line break (lines counted as editors count them), naming the character."""
    problems: list[Problem] = []
    for found in _REFUSED.finditer(text):
        if len(problems) == MAX_REFUSED:
            break
        index, char = found.start(), found.group()
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        code = f"U+{ord(char):04X}"
        if char in "\x85\u2028\u2029":
            name = "NEXT LINE" if char == "\x85" else unicodedata.name(char)
            said = (
                f"holds the invisible character {name} ({code}), which YAML reads as a line "
                "break though editors show none (pasted from a web page or a PDF?): remove "
                "it, or write a line break of your own"
            )
        elif char in "\ufffe\uffff":
            said = f"holds {code}, which is no character (a noncharacter): remove it"
        else:
            name = _C0[ord(char)] if ord(char) < 32 else "DEL" if char == "\x7f" else ""
            said = (
                f"holds the control character {name + ' ' if name else ''}({code}), which "
                "YAML does not accept (text pasted from a terminal?): remove it"
            )
        problems.append(Problem(Location(filename, line, column), "", f"YAML: line {line} {said}"))
    return problems


class _Reader:
    """Turns a composed node tree into plain data, collecting problems as it goes."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.locations: dict[Path_, Location] = {}
        self.problems: list[Problem] = []
        self.values = 0
        self.characters = 0

    def where(self, node: yaml.Node) -> Location:
        return Location(self.filename, node.start_mark.line + 1, node.start_mark.column + 1)

    def stop(self, node: yaml.Node, path: Path_, what: str) -> NoReturn:
        """A limit reached: nothing past it is read (InputError)."""
        raise InputError([Problem(self.where(node), dotted(path), f"the file expands to {what}")])

    def read(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            self.stop(node, path, f"more than {MAX_VALUES:,} values (aliases repeated too often?)")
        if depth > MAX_DEPTH:
            raise InputError(
                [Problem(self.where(node), dotted(path), f"nested deeper than {MAX_DEPTH} levels")]
            )
        self.locations.setdefault(path, self.where(node))
        if node.tag not in _PLAIN_TAGS:
            self.problems.append(
                Problem(
                    self.where(node),
                    dotted(path),
                    f"the tag {node.tag.replace(_YAML, '!!')} is not accepted: "
                    "event files hold plain text, numbers, lists and mappings",
                )
            )
            return None
        if isinstance(node, yaml.ScalarNode):
            self.characters += len(node.value)
            if self.characters > MAX_CHARACTERS:
                self.stop(
                    node,
                    path,
                    f"more than {MAX_CHARACTERS:,} characters (aliases repeating long text?)",
                )
            if node.style is None and node.value in _NULLS and node.tag == _YAML + "str":
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.read(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        return self.read_mapping(node, path, depth)

    def read_mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Location] = {}
        merged: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem(self.where(key_node), dotted(path), "a key must be plain text")
                )
                continue
            key = key_node.value
            if key == "<<" and key_node.style is None:
                merged.append(value_node)
                continue
            if key in first_seen:
                first = first_seen[key]
                self.problems.append(
                    Problem(
                        self.where(key_node),
                        dotted((*path, key)),
                        f"duplicate key (first given at line {first.line}); "
                        "a second value would silently replace the first",
                    )
                )
                continue
            first_seen[key] = self.where(key_node)
            # Errors about an entry point at its key, where an editor's eye goes.
            self.locations.setdefault((*path, key), self.where(key_node))
            result[key] = self.read(value_node, (*path, key), depth + 1)
        for source in merged:
            self.merge_into(result, source, path, depth)
        return result

    def merge_into(
        self, result: dict[str, Any], source: yaml.Node, path: Path_, depth: int
    ) -> None:
        """Apply a YAML merge key (`<<: *defaults`): keys given explicitly win."""
        sources = source.value if isinstance(source, yaml.SequenceNode) else [source]
        for mapping in sources:
            if not isinstance(mapping, yaml.MappingNode):
                self.problems.append(
                    Problem(self.where(mapping), dotted(path), "`<<` merges only mappings")
                )
                continue
            values = self.read_mapping(mapping, path, depth + 1)
            for key, value in values.items():
                result.setdefault(key, value)


def syntax_problem(error: yaml.MarkedYAMLError, text: str, filename: str) -> Problem:
    """A YAML syntax error in the organiser's words, at the line that caused it (which
    is not always where the parser gave up)."""
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    lines = text.splitlines()
    # A tab in the indentation, at or before the line the parser stopped at.
    for number, content in enumerate(lines[:line], 1):
        if problem := _indentation(content, number, filename, tabs=True):
            return problem
    if opened := _unclosed_quote(text, error):
        return Problem(
            Location(filename, opened.line + 1, opened.column + 1),
            "",
            f"YAML syntax: the quote {text[opened.index]} opened here is not closed on "
            f"this line, so YAML read on into line {line}; end the text with "
            f"{text[opened.index]} on this line",
        )
    opened_at = error.context_mark
    if (
        (error.context or "").startswith("while parsing a flow")
        and opened_at
        and mark
        and opened_at.line < mark.line
    ):
        bracket = text[opened_at.index]
        closing = {"[": "]", "{": "}"}.get(bracket, bracket)
        return Problem(
            Location(filename, opened_at.line + 1, opened_at.column + 1),
            "",
            f"YAML syntax: the {bracket} opened here is not closed on this line, so YAML "
            f"read on into line {line}; end it with {closing} on this line",
        )
    if error.problem == "mapping values are not allowed here" and mark:
        return _colon_in_value(lines[mark.line], mark.line + 1, filename)
    if (error.problem or "").endswith("but got ':'") and mark:
        return _colon_in_flow(lines[mark.line], mark, filename)
    where = Location(filename, line, mark.column + 1) if mark else None
    what = error.problem or error.context or "not valid YAML"
    return Problem(where, "", f"YAML syntax: {what}")


def _indentation(line: str, number: int, filename: str, tabs: bool) -> Problem | None:
    """A problem when the line's indentation holds a character other than a space: a
    tab (when tabs) or an invisible one (a no-break or ideographic space, a zero-width
    space), named with where it is."""
    for column, char in enumerate(line, 1):
        if char == " ":
            continue
        if is_invisible(char) and (tabs or char != "\t"):
            return Problem(
                Location(filename, number, column),
                "",
                f"YAML syntax: line {number} is indented with {invisible(char)}; "
                "YAML indents with plain spaces only: retype the indentation with spaces",
            )
        return None
    return None


def _unclosed_quote(text: str, error: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where a quote that runs past its line opened, when that is what broke the file.

    A quoted value that never closes swallows the lines after it, and YAML complains
    only where the swallowed text ends (often many lines later).
    """
    if error.context == "while scanning a quoted scalar" and error.context_mark:
        return error.context_mark
    stop = error.problem_mark.line if error.problem_mark else len(text)
    suspect = None
    try:
        for token in yaml.scan(text, Loader=_ComposeOnly):
            if token.start_mark.line >= stop:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.end_mark.line > token.start_mark.line
                # Swallowed lines look like YAML (`  kind: Workshop`), not like prose.
                and re.search(
                    r"\n\s*(- )?[\w -]+:( |$)",
                    text[token.start_mark.index : token.end_mark.index],
                    re.MULTILINE,
                )
            ):
                suspect = token.start_mark
    except yaml.YAMLError:
        pass
    return suspect


def _colon_in_value(line: str, number: int, filename: str) -> Problem:
    """`title: Open Data: What Councils Publish`: the value's ': ' reads as a second key."""
    match = re.match(r"\s*(?:- )?([^:]+):\s+(.*)", line)
    if not match:
        return Problem(Location(filename, number, 1), "", "YAML syntax: " + colon_in_text("", ""))
    key, value = match.groups()
    quoted = '"' + value.strip().replace("\\", "\\\\").replace('"', '\\"') + '"'
    return Problem(
        Location(filename, number, match.start(2) + 1),
        "",
        f"the text contains ': ', which YAML reads as a key and a value; put the whole "
        f"text in quotes: {key.strip()}: {quoted}",
    )


def is_invisible(char: str) -> bool:
    """A character that shows as blank or nothing but is not a plain space or line break:
    a tab, a no-break or other Unicode space (Zs), a zero-width or format character (Cf)."""
    return char == "\t" or (char != " " and unicodedata.category(char) in ("Zs", "Cf"))


def invisible(text: str) -> str:
    """The first invisible character of text, named ("a tab (U+0009)"), or ''."""
    for char in text:
        if char == "\t":
            return "a tab (U+0009)"
        if is_invisible(char):
            name = unicodedata.name(char, "")
            return f"the invisible character {name} (U+{ord(char):04X})".replace("  ", " ")
    return ""


def colon_in_text(key: str, rest: object) -> str:
    """The message for text that YAML read as `key: value` because it holds ': '."""
    text = f"{key}: {rest}" if rest is not None else f"{key}:"
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (
        f"the text contains ': ', which YAML reads as a key and a value; put the whole "
        f"text in quotes: {quoted}"
    )


def _colon_in_flow(line: str, mark: yaml.Mark, filename: str) -> Problem:
    """`{title: Panel: data, start: 10:00}`: inside braces, the value's ': ' ends it."""
    start = max(line.rfind("{", 0, mark.column), line.rfind(",", 0, mark.column)) + 1
    ends = [i for i in (line.find(",", mark.column), line.find("}", mark.column)) if i >= 0]
    entry = line[start : min(ends) if ends else len(line)]
    key, _, value = entry.partition(":")
    quoted = '"' + value.strip().replace("\\", "\\\\").replace('"', '\\"') + '"'
    return Problem(
        Location(filename, mark.line + 1, start + len(key) + 3),
        "",
        f"the text contains ': ', which YAML reads as a key and a value; put the whole "
        f"text in quotes: {key.strip()}: {quoted}",
    )


def dotted(path: Path_) -> str:
    """Write a data path as people read it: `people[3].role`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
