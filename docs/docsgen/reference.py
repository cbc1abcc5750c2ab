"""The reference pages, written at build time from the code the command runs.

- The event file: from its JSON Schema (brochure.schema.event_schema, which comes from the
  model's field docstrings: what `brochure schema` prints and editors read).
- The commands: from the argument parser itself (brochure.cli.parser), every command,
  argument, default and help text.
- The outputs: from the registry (brochure.outputs.REGISTRY), each output's files, finish,
  preview, options section, flags and layout folders.
- The layouts: `brochure reference` (brochure.outputs.reference), and the CSS classes the
  shipped layouts style, read from layouts/**/*.css with tinycss2 (WeasyPrint's parser).

Each function returns Markdown, without the page's own title: the page in docs/reference/
holds the title and the words around it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
LAYOUTS = ROOT / "layouts"


# The event file ----------------------------------------------------------------------
def event_file() -> str:
    """Every key of the event file, section by section, from its JSON Schema."""
    from brochure.schema import event_schema

    schema = event_schema()
    definitions = schema["$defs"]
    headings = section_headings()
    anchors = {name: _slug(heading.replace("`", "")) for name, heading in headings.items()}
    lines = ["## The file", "", _one_line(schema.get("description", "")), ""]
    lines += _keys(schema, anchors)
    for name in _reached(schema, definitions):
        definition = definitions[name]
        lines += ["", f"## {headings[name]}", ""]
        lines += [_one_line(definition.get("description", "")), ""]
        lines += _keys(definition, anchors)
    return "\n".join(lines).rstrip() + "\n"


def section_headings() -> dict[str, str]:
    """Each section of the event file (a schema definition) by where it is written:
    `people[]` and `attendees[]` for Person."""
    from brochure.schema import event_schema

    schema = event_schema()
    definitions = schema["$defs"]
    return {
        name: " and ".join(f"`{path}`" for path in _where_used(name, schema, definitions)) or name
        for name in definitions
    }


def _keys(schema: dict[str, Any], anchors: dict[str, str]) -> list[str]:
    required = set(schema.get("required", ()))
    rows = ["| key | takes | default | what it is |", "|---|---|---|---|"]
    for key, value in schema.get("properties", {}).items():
        default = "**required**" if key in required else _default(value)
        rows.append(
            f"| `{key}` | {_cell(_kind(value, anchors))} | {_cell(default)} "
            f"| {_cell(_one_line(value.get('description', '')))} |"
        )
    return rows


def _kind(schema: dict[str, Any], anchors: dict[str, str]) -> str:
    """What a key takes, in words: `text, or text by language`; `list of [Person](#person)`."""
    from brochure.schema import TIME_PATTERN

    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{anchors[name]})"
    if "anyOf" in schema:
        options = [option for option in schema["anyOf"] if option.get("type") != "null"]
        kinds = [_kind(option, anchors) for option in options if not _by_language(option)]
        shown = ", or ".join(dict.fromkeys(kinds))
        return shown + ("; or by language" if len(kinds) < len(options) else "")
    if "enum" in schema:
        return "one of " + ", ".join(f"`{value}`" for value in schema["enum"])
    kind = schema.get("type")
    if kind in ("string", ["string", "number"]):
        if schema.get("pattern") == TIME_PATTERN:
            return "a time, `H:MM` or `HH:MM`"
        if schema.get("format") == "date":
            return "a date, `YYYY-MM-DD`"
        return "text"
    if kind == "boolean":
        return "`true` or `false`"
    if kind == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        return "a whole number" + (f" from {low} to {high}" if low is not None and high else "")
    if kind == "array":
        # Items written by language: said once, for the whole value.
        items = _kind(schema.get("items", {}), anchors)
        return "a list of " + items.removesuffix("; or by language")
    if kind == "object":
        if "patternProperties" in schema:
            (values,) = schema["patternProperties"].values()
            return f"by language: {_kind(values, anchors)}"
        values = schema.get("additionalProperties")
        if isinstance(values, dict):
            return f"a mapping to {_kind(values, anchors)}"
        return "a mapping"
    return str(kind or "anything")


def _by_language(schema: dict[str, Any]) -> bool:
    """Text written by language: a mapping whose keys are language tags."""
    return schema.get("type") == "object" and "patternProperties" in schema


def _default(schema: dict[str, Any]) -> str:
    value = schema.get("default")
    if value in (None, [], {}) or isinstance(value, dict):
        return ""
    return f"`{json.dumps(value, ensure_ascii=False)}`"


def _refs(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        if "$ref" in schema:
            yield schema["$ref"].rsplit("/", 1)[-1]
        for value in schema.values():
            yield from _refs(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _refs(value)


def _reached(schema: dict[str, Any], definitions: dict[str, Any]) -> list[str]:
    """The definitions in the order a reader meets them, from the file's top down."""
    found: list[str] = []
    queue = list(_refs(schema.get("properties", {})))
    while queue:
        name = queue.pop(0)
        if name not in found:
            found.append(name)
            queue += list(_refs(definitions[name].get("properties", {})))
    return found


def _where_used(name: str, schema: dict[str, Any], definitions: dict[str, Any]) -> list[str]:
    """The paths of the file where a definition is written: `people[]`, `event.venue`."""
    paths: list[str] = []

    def walk(node: dict[str, Any], path: str, seen: tuple[str, ...]) -> None:
        for key, value in node.get("properties", {}).items():
            here = f"{path}.{key}" if path else key
            for option in _alternatives(value):
                if "$ref" in option:
                    target = option["$ref"].rsplit("/", 1)[-1]
                    suffix = "[]" if option is not value and _is_items(value, option) else ""
                    if target == name:
                        paths.append(here + suffix)
                    elif target not in seen:
                        walk(definitions[target], here + suffix, (*seen, target))

    walk(schema, "", ())
    return list(dict.fromkeys(paths))


def _alternatives(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """A value's shapes, lists opened: what a key may hold, item by item."""
    found: list[dict[str, Any]] = []
    for option in schema.get("anyOf", [schema]):
        found.append(option)
        if option.get("type") == "array" and isinstance(option.get("items"), dict):
            found.append(option["items"])
    return found


def _is_items(value: dict[str, Any], option: dict[str, Any]) -> bool:
    return any(
        shape.get("type") == "array" and shape.get("items") is option
        for shape in value.get("anyOf", [value])
    )


# The commands ------------------------------------------------------------------------
def commands() -> str:
    """Every command with its usage and its arguments, from the parser."""
    from brochure.cli import parser

    # argparse wraps usage lines at the terminal's width: one width, whatever builds.
    os.environ["COLUMNS"] = "88"
    top = parser()
    lines = [
        "Every command takes `-q` (errors only), `-v` (in detail) and `--debug` (tracebacks "
        "too), before or after the command's name.",
        "",
    ]
    for name, command in _subcommands(top).items():
        lines += _command(f"brochure {name}", command, "##")
        if name == "import":
            for system, importer in _subcommands(command).items():
                lines += _command(f"brochure import {system}", importer, "###")
    return "\n".join(lines).rstrip() + "\n"


def _subcommands(command: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in command._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _command(title: str, command: argparse.ArgumentParser, level: str) -> list[str]:
    # argparse indents usage's later lines under the first, after "usage: ".
    first, *rest = command.format_usage().strip().splitlines()
    usage = "\n".join([first.removeprefix("usage: "), *(line[len("usage: ") :] for line in rest)])
    lines = [f"{level} `{title}`", "", _one_line(command.description or ""), ""]
    lines += ["```", usage, "```", ""]
    rows = ["| argument | what it is |", "|---|---|"]
    formatter = command._get_formatter()
    for action in command._actions:
        if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
            continue
        if action.option_strings and action.option_strings[0] in ("-q", "-v", "--debug"):
            continue
        if action.option_strings:
            shown = ", ".join(action.option_strings)
            if action.nargs != 0:
                metavar = formatter._get_default_metavar_for_optional(action)
                shown += " " + formatter._format_args(action, metavar)
        else:
            shown = str(action.metavar or action.dest)
        words = formatter._expand_help(action) if action.help else ""
        rows.append(f"| `{shown}` | {_cell(_one_line(words))} |")
    if len(rows) > 2:
        lines += [*rows, ""]
    systems = _subcommands(command)
    if systems:
        lines += ["| system | what it reads |", "|---|---|"]
        lines += [f"| `{name}` | {_cell(sub.description or '')} |" for name, sub in systems.items()]
        lines.append("")
    return lines


# The outputs -------------------------------------------------------------------------
def outputs() -> str:
    """The parts of the pack as the registry declares them."""
    from brochure.outputs import REGISTRY

    lines = ["| output (`--only`) | files | what it is |", "|---|---|---|"]
    for output in REGISTRY:
        files = ", ".join(f"`{name}{'/' if part.folder else ''}`" for name, part in _files(output))
        lines.append(f"| [`{output.name}`](#{output.name}) | {files} | {_cell(output.summary)} |")
    for output in REGISTRY:
        lines += ["", f"## {output.name}", "", f"{output.summary[:1].upper()}{output.summary[1:]}."]
        lines += ["", "| file | how it is finished | how `brochure serve` shows it |"]
        lines += ["|---|---|---|"]
        for name, part in _files(output):
            finish = part.finished
            finished = f"{finish.name}: {finish.summary}" if finish else "not printed"
            kind = "a folder it owns whole" if part.folder else ""
            lines.append(f"| `{name}` | {kind or finished} | {part.preview} |")
        facts = [
            f"It reads {output.reads_said}; a change elsewhere in the file does not render it."
        ]
        if output.section:
            facts.append(
                f"Its options are the event file's `{output.section}:` section "
                f"([reference](event-file.md#{_section_anchor(output.section)}))."
            )
        if output.layouts:
            folders = ", ".join(f"`layouts/{folder}/`" for folder in output.layouts)
            facts.append(f"Its layout folders: {folders}.")
        if output.templates:
            templates = ", ".join(
                f"[`{t.name}`](layouts.md#{_template_anchor(t.name, output.name)})"
                for t in output.templates
            )
            facts.append(f"Its templates: {templates}.")
        if output.uses:
            facts.append(f"It reads the settings of {', '.join(f'`{u}`' for u in output.uses)}.")
        if output.not_applying:
            facts.append(f"Not written when {output.not_applying}.")
        if output.checked:
            facts.append("Its own checks run with `brochure check` and before every build.")
        lines += ["", *(f"- {fact}" for fact in facts)]
        if output.flags:
            lines += ["", "| flag (`build`, `check`, `serve`) | what it sets |", "|---|---|"]
            for flag in output.flags:
                value = "" if flag.switch else f" {flag.metavar or '|'.join(flag.choices or ())}"
                lines.append(f"| `{flag.option}{value}` | {_cell(flag.help)} |")
    return "\n".join(lines).rstrip() + "\n"


def _files(output: Any) -> list[tuple[str, Any]]:
    return [(part.name, part) for part in output.files_of]


def _section_anchor(section: str) -> str:
    """The event-file reference's heading of a section (`badges`): its anchor."""
    from brochure.model import Event

    headings = section_headings()
    annotation = Event.model_fields[section].annotation
    for candidate in _classes_in(annotation):
        if candidate.__name__ in headings:
            return _slug(headings[candidate.__name__].replace("`", ""))
    return "the-file"


def _classes_in(annotation: Any) -> Iterator[type]:
    import typing

    if isinstance(annotation, type):
        yield annotation
    for argument in typing.get_args(annotation):
        if argument is not type(None):
            yield from _classes_in(argument)


def _template_anchor(template: str, output: str) -> str:
    """MkDocs' anchor of the layout reference's heading "`brochure/brochure.html.j2`
    (brochure)": the toc extension's slug of its text."""
    return _slug(f"{template} ({output})")


def _slug(text: str) -> str:
    from markdown.extensions.toc import slugify

    return str(slugify(text, "-"))


# The layouts -------------------------------------------------------------------------
def layouts() -> str:
    """`brochure reference` (its title left to the page), then the CSS classes."""
    from brochure.outputs.reference import reference

    text = _unescaped_in_code(reference())
    body = text.split("\n", 1)[1].lstrip("\n")
    return body.rstrip() + "\n\n" + sheet_layouts() + "\n" + css_classes()


def sheet_layouts() -> str:
    """The keys of each kind of sheet layout file (badges, tents), from their classes'
    docstrings, and the shipped files of each folder with their descriptions."""
    from brochure.outputs.badges.layout import BadgeLayout
    from brochure.outputs.badges.settings import BADGE_LAYOUTS
    from brochure.outputs.tents.layout import TentLayout
    from brochure.outputs.tents.settings import TENT_LAYOUTS

    kinds: dict[str, type] = {BADGE_LAYOUTS: BadgeLayout, TENT_LAYOUTS: TentLayout}
    folders = sorted({path.parent.name for path in LAYOUTS.glob("*/*.yaml")})
    unknown = [folder for folder in folders if folder not in kinds]
    if unknown:
        raise ValueError(f"layouts/{unknown[0]}/*.yaml: no layout type known to the docs")
    lines = [
        "## Sheet layout files",
        "",
        "Cards and folded pieces are placed on sheets by a layout file, "
        "`layouts/FOLDER/NAME.yaml`: every length with its unit (`mm`, `cm`, `in`, `pt`). "
        "A file of your own in your project's `layouts/FOLDER/` is a layout of that name.",
    ]
    for folder in folders:
        kind = kinds[folder]
        lines += ["", f"### `layouts/{folder}/NAME.yaml`", ""]
        lines += [_one_line((kind.__doc__ or "").split("\n\n")[0]), ""]
        lines += ["| key | takes | default | what it is |", "|---|---|---|---|"]
        for name, info in kind.model_fields.items():  # type: ignore[attr-defined]
            if name == "name":  # the file's own name
                continue
            default = "**required**" if info.is_required() else _layout_default(info.default)
            lines.append(
                f"| `{name}` | {_layout_kind(info)} | {default} "
                f"| {_cell(_one_line(info.description or ''))} |"
            )
        lines += ["", "Shipped:", ""]
        for path in sorted((LAYOUTS / folder).glob("*.yaml")):
            described = yaml.safe_load(path.read_text(encoding="utf-8")).get("description", "")
            lines.append(f"- `{path.stem}`: {described}")
    return "\n".join(lines).rstrip() + "\n"


def _layout_kind(info: Any) -> str:
    import typing

    from brochure.cards.layout import Size, _millimetres

    def lengths(node: Any) -> bool:
        if getattr(node, "func", None) is _millimetres:
            return True
        inner = [*typing.get_args(node), *getattr(node, "__metadata__", ())]
        return any(lengths(part) for part in inner)

    if any(lengths(part) for part in (info.annotation, *info.metadata)):
        return "a length: `5mm`, `0.25in`, `12pt`"
    annotation = info.annotation
    if annotation is Size:
        return "`{width: LENGTH, height: LENGTH}`"
    if annotation is bool:
        return "`true` or `false`"
    if annotation is int:
        low = next((m.ge for m in info.metadata if hasattr(m, "ge")), None)
        high = next((m.le for m in info.metadata if hasattr(m, "le")), None)
        return f"a whole number from {low} to {high}" if low and high else "a whole number"
    literals = [a for a in typing.get_args(annotation) if typing.get_origin(a) is typing.Literal]
    if literals:
        return "one of " + ", ".join(f"`{v}`" for v in typing.get_args(literals[0]))
    return "text"


def _layout_default(value: Any) -> str:
    if value is None or value == "":
        return ""
    if value is False or value is True:
        return f"`{str(value).lower()}`"
    return f"`{value:g}mm`" if isinstance(value, float) else f"`{value}`"


def css_classes() -> str:
    """Every class the shipped stylesheets style, file by file, with the rule's comment."""
    lines = [
        "## CSS classes of the shipped layouts",
        "",
        "Every class the shipped stylesheets give looks to, read from the files themselves "
        "(`layouts/**/*.css`), with the comment just above the first rule that names it. A "
        "stylesheet of your own of the same name replaces the shipped one whole: start from "
        "a copy.",
    ]
    for path in sorted(LAYOUTS.rglob("*.css")):
        about, classes = read_classes(path)
        name = path.relative_to(LAYOUTS).as_posix()
        lines += ["", f"### `{name}`", ""]
        if about:
            lines += [about, ""]
        lines += ["| class | in the rules | note |", "|---|---|---|"]
        for cls, (selectors, note) in classes.items():
            shown = ", ".join(f"`{s}`" for s in selectors[:3])
            if len(selectors) > 3:
                shown += f" and {len(selectors) - 3} more"
            lines.append(f"| `.{cls}` | {_cell(shown)} | {_cell(note)} |")
    return "\n".join(lines).rstrip() + "\n"


CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
#: At-rules that hold rules (not @page, whose rules are declarations).
NESTING = ("media", "supports")


def read_classes(path: Path) -> tuple[str, dict[str, tuple[list[str], str]]]:
    """A stylesheet's opening comment, and each class it styles: the selectors that name
    it and the comment just above the first rule that names it."""
    import tinycss2

    nodes = tinycss2.parse_stylesheet(
        path.read_text(encoding="utf-8"), skip_comments=False, skip_whitespace=False
    )
    classes: dict[str, tuple[list[str], str]] = {}
    about = ""
    comment = ""
    seen_rule = False

    def visit(nodes: list[Any]) -> None:
        nonlocal about, comment, seen_rule
        for node in nodes:
            if node.type == "comment":
                text = _one_line(node.value)
                if not seen_rule and not about:
                    about = text
                else:
                    comment = text
            elif node.type == "qualified-rule":
                seen_rule = True
                selector = " ".join(tinycss2.serialize(node.prelude).split())
                for part in selector.split(","):
                    part = part.strip()
                    for cls in CLASS.findall(part):
                        selectors, _ = classes.setdefault(cls, ([], _first_sentence(comment)))
                        if part not in selectors:
                            selectors.append(part)
                comment = ""
            elif node.type == "at-rule" and node.content and node.at_keyword in NESTING:
                visit(tinycss2.parse_rule_list(node.content, True, False))

    visit(nodes)
    return about, classes


# Text --------------------------------------------------------------------------------
def _one_line(text: str) -> str:
    return " ".join(text.split())


def _first_sentence(text: str) -> str:
    """Up to the first full stop that ends a sentence (the whole text when none does)."""
    match = re.match(r"(.+?[.!?])(?=\s+[A-Z(\"“«]|$)", text)
    return match.group(1) if match else text


CODE = re.compile(r"(`[^`]*`)")


def _cell(text: str) -> str:
    """Text for a Markdown table's cell: its pipes escaped, but inside code, where
    Python-Markdown's tables leave them be and would print the backslash."""
    return "".join(
        part if CODE.fullmatch(part) else part.replace("|", "\\|") for part in CODE.split(text)
    )


def _unescaped_in_code(markdown: str) -> str:
    """`brochure reference`'s tables as Python-Markdown reads them: pipes inside code
    written bare (GitHub's tables want them escaped; Python-Markdown prints the `\\`)."""
    return CODE.sub(lambda match: match.group(0).replace("\\|", "|"), markdown)
