"""The layout authors' reference, written from the code itself: every template's context.

Each output declares the templates it renders and the typed context each gets
(outputs/base.Template). Here every name a template can use is listed with its type and
its meaning, read from the context classes' own field docstrings (and the model's), and
every filter and global the Jinja environment adds, from their docstrings: the reference
cannot drift from the code, and a field without a docstring fails the tests.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import importlib
import inspect
import textwrap
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pydantic

from brochure.outputs import REGISTRY

#: The names every template has besides its context's fields, and what they are.
GLOBALS = {
    "_": "translates a fixed word into the pack's language (gettext; `_('Programme')`, "
    "with `%(n)s` placeholders filled from keywords: `_('and %(n)s more', n=3)`)",
    "fmt": "the pack's Formatter (i18n.Formatter): dates, times, places and lists in the "
    "pack's language, from CLDR",
}


@dataclass(frozen=True)
class Field:
    """One name a template can use on a value of some type."""

    name: str
    type: str
    """As written in the code (`tuple[Day, ...]`)."""
    doc: str
    """Its docstring ('' when it has none: the tests refuse that for context types)."""


@dataclass(frozen=True)
class Described:
    """A type a template meets, with its own docstring and its fields."""

    name: str
    doc: str
    fields: tuple[Field, ...]
    methods: tuple[tuple[str, str], ...] = ()
    """Public methods a template may call (of brochure's own classes that are not event
    data: the sandbox refuses a model's methods), as (signature, what it does)."""


def reference() -> str:
    """The whole reference as Markdown: each output's templates with their contexts, the
    types they lead to (each once), the globals and the filters."""
    lines = ["# Layout reference", ""]
    lines += textwrap.dedent(
        """\
        Every name a layout's template can use, its type, and what it holds: written from
        brochure's own code (the context classes' docstrings), so it is what the code
        gives. Templates are Jinja, sandboxed: they read fields and properties, call the
        filters below and `_()`, and nothing else.
        """
    ).splitlines()
    seen: list[type] = []
    contexts = [context for _, _, context in templates()]
    for output, template, context in templates():
        described = describe(context)
        lines += ["", f"## `{template}` ({output})", "", described.doc, ""]
        lines += _table(described.fields)
        seen += [kind for kind in reached(context) if kind not in contexts and kind not in seen]
    lines += ["", "## Types", ""]
    names = [kind.__name__ for kind in seen]
    for kind in sorted(seen, key=lambda k: (k.__name__, k.__module__)):
        described = describe(kind)
        # Two classes of one name (a badge's Block, the programme's) by their modules.
        where = (
            f" ({kind.__module__.removeprefix('brochure.')})"
            if names.count(kind.__name__) > 1
            else ""
        )
        lines += [f"### {described.name}{where}", "", described.doc, ""]
        lines += _table(described.fields)
        if described.methods:
            lines += ["", "Methods:", ""]
            lines += [f"- `{signature}`: {doc}" for signature, doc in described.methods]
        lines.append("")
    lines += ["## Globals", ""]
    lines += [f"- `{name}`: {text}" for name, text in GLOBALS.items()]
    lines += ["", "## Filters", ""]
    lines += [f"- `{name}`: {doc}" for name, doc in filters()]
    lines += ["", "## What each output reads", ""]
    lines += textwrap.dedent(
        """\
        The event file's keys (and, of a list, the fields of its entries) each output
        reads: only a change there (or in its options, layouts or the files it prints)
        renders it again in `brochure serve` and a rebuild.
        """
    ).splitlines()
    lines += [""] + [f"- `{output.name}`: {output.reads_said}" for output in REGISTRY]
    return "\n".join(lines).rstrip() + "\n"


def templates() -> Iterator[tuple[str, str, type]]:
    """(output name, template file, context class) of every declared template."""
    for output in REGISTRY:
        for template in output.templates:
            module, _, name = template.context.partition(":")
            yield output.name, template.name, getattr(importlib.import_module(module), name)


def undocumented() -> list[str]:
    """`Type.field` of every name a template reaches that has no docstring."""
    missing: list[str] = []
    kinds = {kind for _, _, context in templates() for kind in reached(context)}
    for kind in sorted(kinds, key=lambda k: k.__name__):
        missing += [f"{kind.__name__}.{f.name}" for f in describe(kind).fields if not f.doc]
    return missing


def describe(kind: type) -> Described:
    """A dataclass or pydantic model: its docstring and its fields (with their docstrings)
    and public properties."""
    docs = field_docs(kind)
    fields: list[Field] = []
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        for item in dataclasses.fields(kind):
            if item.init or item.name in docs:
                fields.append(
                    Field(item.name, _shown(hints.get(item.name)), docs.get(item.name, ""))
                )
    elif isinstance(kind, type) and issubclass(kind, pydantic.BaseModel):
        for name, info in kind.model_fields.items():
            doc = info.description or docs.get(name, "")
            fields.append(Field(name, _shown(info.annotation), doc))
    for name, member in inspect.getmembers(kind):
        if name.startswith("_") or not isinstance(member, property | functools.cached_property):
            continue
        getter = member.fget if isinstance(member, property) else member.func
        hint = typing.get_type_hints(getter).get("return") if getter else None
        fields.append(Field(name, _shown(hint), _first_paragraph(inspect.getdoc(member) or "")))
    methods: list[tuple[str, str]] = []
    if not issubclass(kind, pydantic.BaseModel):
        for name, member in vars(kind).items():
            if name.startswith("_") or not inspect.isfunction(member):
                continue
            parameters = list(inspect.signature(member).parameters)[1:]
            doc = _first_paragraph(inspect.getdoc(member) or "")
            methods.append((f"{name}({', '.join(parameters)})", doc))
    doc = _first_paragraph(inspect.getdoc(kind) or "")
    return Described(kind.__name__, doc, tuple(fields), tuple(methods))


def field_docs(kind: type) -> dict[str, str]:
    """The docstrings written under a class's fields (and its bases'), by field name."""
    docs: dict[str, str] = {}
    for base in reversed(kind.__mro__):
        if base.__module__ in ("builtins", "typing") or base is pydantic.BaseModel:
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(base)))
        except (OSError, TypeError, SyntaxError):
            continue
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
        for field, after in zip(body, [*body[1:], None], strict=True):
            if (
                isinstance(field, ast.AnnAssign)
                and isinstance(field.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                docs[field.target.id] = _first_paragraph(inspect.cleandoc(after.value.value))
    return docs


def reached(kind: type) -> list[type]:
    """Every brochure class a template reaches from kind through fields and properties
    (kind's own included), each once, in the order first met."""
    found: list[type] = []
    stack = [kind]
    while stack:
        current = stack.pop(0)
        if current in found:
            continue
        found.append(current)
        for hint in _hints(current):
            stack += [k for k in _classes(hint) if k not in found]
    return found


def filters() -> list[tuple[str, str]]:
    """The filters brochure adds to Jinja's, with their docstrings' first paragraphs."""
    from brochure.engines import templating

    added = {
        "names_whole": templating._names_whole,
        "compounds": templating._compounds,
    }
    return [(name, _first_paragraph(inspect.getdoc(f) or "")) for name, f in added.items()]


def _hints(kind: type) -> list[Any]:
    hints: list[Any] = []
    if dataclasses.is_dataclass(kind):
        hints += list(typing.get_type_hints(kind).values())
    elif issubclass(kind, pydantic.BaseModel):
        hints += [info.annotation for info in kind.model_fields.values()]
    for name, member in inspect.getmembers(kind):
        if name.startswith("_") or not isinstance(member, property | functools.cached_property):
            continue
        getter = member.fget if isinstance(member, property) else member.func
        if getter is not None:
            hints.append(typing.get_type_hints(getter).get("return"))
    return hints


def _classes(hint: Any) -> list[type]:
    """The brochure classes (dataclasses and models) a type hint names."""
    found: list[type] = []
    if (
        isinstance(hint, type)
        and hint.__module__.startswith("brochure")
        and (dataclasses.is_dataclass(hint) or issubclass(hint, pydantic.BaseModel))
    ):
        found.append(hint)
    for argument in typing.get_args(hint):
        found += _classes(argument)
    return found


def _shown(hint: Any) -> str:
    """A type hint as people read it: `tuple[Day, ...]`, `str | None`."""
    if hint is None:
        return ""
    if isinstance(hint, type) and not typing.get_args(hint):
        return hint.__name__
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_shown(a) if a is not type(None) else "None" for a in arguments)
    if origin is typing.Annotated:
        return _shown(arguments[0])
    if origin is typing.Literal:
        return " | ".join(repr(a) for a in arguments)
    if origin is not None:
        name = getattr(origin, "__name__", str(origin))
        return f"{name}[{', '.join('...' if a is Ellipsis else _shown(a) for a in arguments)}]"
    return str(hint).replace("typing.", "")


def _first_paragraph(text: str) -> str:
    return " ".join(text.split("\n\n")[0].split())


def _table(fields: tuple[Field, ...]) -> list[str]:
    if not fields:
        return []
    rows = ["| name | type | what it holds |", "|---|---|---|"]
    for field in fields:
        kind, doc = field.type.replace("|", "\\|"), field.doc.replace("|", "\\|")
        rows.append(f"| `{field.name}` | `{kind}` | {doc} |")
    return rows
