"""Read JSON from another program (an export) within bounds, and find where a value is.

Python's `json` reads nesting by recursion and numbers of any length: a file of a few
thousand `[` raises RecursionError, a number of 5,000 digits ValueError. Here each is an
InputError located in the file, as is nesting past MAX_DEPTH (an export is a few levels
deep). `locate` gives the line and column of the value at a data path, found again in
the text only when a problem is reported (the parser keeps no positions).
"""

from __future__ import annotations

import bisect
import json
import re
import sys
from collections.abc import Iterator
from typing import Any

from brochure.errors import InputError, Location, Problem
from brochure.importing.base import Parsed

Path_ = tuple[str | int, ...]

#: How deeply objects and arrays may nest: pretalx's export is 9 levels deep at most.
MAX_DEPTH = 64

# A string (to skip: brackets in it do not nest) or a bracket.
_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_SPACE = " \t\n\r"
_DECODER = json.JSONDecoder()


def parsed(text: str, label: str) -> Parsed:
    """The JSON text read (see load), with where its values are (locate) and how its paths
    are written (path_text)."""
    return Parsed(
        label=label,
        data=load(text, label),
        locate=lambda paths: locate(text, paths, label),
        name=path_text,
    )


def load(text: str, label: str) -> Any:
    """The data of JSON text; InputError, located in label, when it is not JSON or nests
    deeper than MAX_DEPTH."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = Location(label, error.lineno, error.colno)
        raise InputError([Problem(where, "", f"not JSON: {error.msg}")]) from None
    except RecursionError:
        raise InputError([_too_deep(text, label)]) from None
    except ValueError:  # a number too long to convert
        digits = sys.get_int_max_str_digits()
        found = re.search(rf"\d{{{digits + 1},}}", text)
        where = _position(text, found.start(), label) if found else Location(label, 1, 1)
        message = f"a number of more than {digits:,} digits, which no export has"
        raise InputError([Problem(where, "", message)]) from None
    if _depth(data) > MAX_DEPTH:
        raise InputError([_too_deep(text, label)])
    return data


def _depth(data: Any) -> int:
    """How deeply data's lists and dicts nest (1 for a flat one), without recursion."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:  # deeper is refused: no need to look further
                children = value.values() if isinstance(value, dict) else value
                stack.extend((child, depth + 1) for child in children)
    return deepest


def _too_deep(text: str, label: str) -> Problem:
    """The problem of text nesting past MAX_DEPTH, at the bracket that goes too deep."""
    depth = 0
    for found in _NESTING.finditer(text):
        bracket = found.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                where = _position(text, found.start(), label)
                return Problem(where, "", f"nested deeper than {MAX_DEPTH} levels")
        elif bracket in "]}":
            depth -= 1
    return Problem(Location(label, 1, 1), "", f"nested deeper than {MAX_DEPTH} levels")


def locate(text: str, paths: list[Path_], label: str) -> list[Location]:
    """Where the value at each path is in the JSON text (its first character); as near as
    the path leads when a part of it is not there. text must be valid JSON.

    One walk through the text finds them all: only the containers on the way to a path
    are looked into, and the values beside them skipped whole.
    """
    wanted: dict[Any, Any] = {}  # the paths as a tree: part -> the parts below it
    for path in paths:
        node = wanted
        for part in path:
            node = node.setdefault(part, {})
    starts: dict[Path_, int] = {}
    _walk(text, _skip_space(text, 0), wanted, (), starts)
    lines = [found.start() for found in re.finditer("\n", text)]
    found = []
    for path in paths:
        while path not in starts:
            path = path[:-1]
        index = starts[path]
        line = bisect.bisect_left(lines, index)
        found.append(Location(label, line + 1, index - (lines[line - 1] + 1 if line else 0) + 1))
    return found


def _walk(
    text: str, index: int, wanted: dict[Any, Any], path: Path_, starts: dict[Path_, int]
) -> None:
    """Note in starts where the value at path begins (index), and where the members
    wanted below it begin. Recurses once a level of the paths wanted (a few)."""
    starts[path] = index
    if wanted:
        for part, start in _members(text, index):
            if part in wanted:
                _walk(text, start, wanted[part], (*path, part), starts)


def _members(text: str, index: int) -> Iterator[tuple[str | int, int]]:
    """The keys (of an object) or numbers (of an array) of the container that begins at
    index, each with where its value begins; nothing for a value that is neither."""
    opening = text[index : index + 1]
    if opening not in ("{", "["):
        return
    index = _skip_space(text, index + 1)
    number = 0
    while text[index : index + 1] not in ("}", "]", ""):
        part: str | int = number
        if opening == "{":
            part, index = _DECODER.raw_decode(text, index)
            index = _skip_space(text, _skip_space(text, index) + 1)  # past the colon
        yield part, index
        # Past the value (raw_decode reads a nested one whole) and the comma after it.
        _, index = _DECODER.raw_decode(text, index)
        index = _skip_space(text, index)
        if text[index : index + 1] == ",":
            index = _skip_space(text, index + 1)
        number += 1


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in _SPACE:
        index += 1
    return index


def _position(text: str, index: int, label: str) -> Location:
    line = text.count("\n", 0, index) + 1
    return Location(label, line, index - (text.rfind("\n", 0, index) + 1) + 1)


def path_text(path: Path_) -> str:
    """A data path as people read it: `schedule.conference.days[0].rooms["Main Hall"][0]`
    (a key that is not a plain word in brackets and quotes, as in JavaScript)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_$][\w$]*", part):
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text
