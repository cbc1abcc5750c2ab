"""Event-file data written as YAML a person edits: block style, dates and times as the
seed file writes them (`date: 2016-12-08`, `start: 12:30`), long text as paragraphs.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from brochure.textrules import for_terminal

#: Line width before PyYAML folds a long value onto the next lines.
WIDTH = 92


class _Dumper(yaml.SafeDumper):
    """Quotes text only where a YAML 1.2 reader (an editor's) would take it for something
    else: a number, true or false, nothing. brochure reads every plain value as text, so
    `12:30` and `2016-12-08` stay plain, as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Lists indented under their key (`people:` then `  - name:`), as the seed file is.
        super().increase_indent(flow, False)


# The YAML 1.2 core schema's plain scalars (https://yaml.org/spec/1.2.2/#1032-tag-resolution),
# each with the characters it can start with; the empty string is null.
_CORE_SCHEMA = (
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$",
        list("-+0123456789."),
    ),
)
_Dumper.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in _CORE_SCHEMA:
    _Dumper.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), _first)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Text of several lines as a block (`|`), each paragraph as the organiser sees it.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _date(dumper: yaml.SafeDumper, value: dt.date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value.isoformat())


def _time(dumper: yaml.SafeDumper, value: dt.time) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value.strftime("%H:%M"))


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    # A short list of words on one line (`people: [ana, sam]`), as the seed file writes it.
    short = all(isinstance(item, str) and "\n" not in item for item in value) and (
        sum(len(item) + 2 for item in value) < 60
    )
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _list)
_Dumper.add_representer(dt.date, _date)
_Dumper.add_representer(dt.time, _time)


def event_yaml(data: dict[str, Any], header: list[str]) -> str:
    """data as YAML under header's comment lines, top-level sections a blank line apart."""
    sections = [
        yaml.dump(
            {key: value},
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=WIDTH,
            indent=2,
        )
        for key, value in data.items()
    ]
    # Each header line is one comment line: a value of the export with a line break (or
    # any control) in it must not end the comment and start YAML of its own.
    comments = "".join(f"# {for_terminal(line)}".rstrip() + "\n" for line in header)
    return comments + "\n" + "\n".join(sections)
