"""The Jinja environment every HTML layout is rendered with: sandboxed and confined.

Layouts are semi-trusted: they are code, but they may not reach out. They run in Jinja's
immutable sandbox (no `__class__`, `__globals__`, `__builtins__`, no mutating the data),
and every template they load (`include`, `import`, `extends`) is read through the same
confinement as other layout files: inside the layout folders, symbolic links that lead
out refused.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pydantic
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from brochure.engines.layouts import LayoutPath
from brochure.errors import BuildError, InputError, Problem
from brochure.i18n import Formatter
from brochure.textrules import Foreign, isolated, isolates_directed
from brochure.typography import addresses_whole, compounds_breakable_last, names_unhyphenated

log = logging.getLogger(__name__)

#: Largest layout template read, in bytes.
MAX_TEMPLATE_BYTES = 1024 * 1024


class ConfinedLoader(jinja2.BaseLoader):
    """Loads `name` (e.g. `brochure/brochure.html.j2`) from the first layout folder that
    has it, as LayoutPath.find finds layout files (a link out of the layout folders is
    refused, naming it)."""

    def __init__(self, layouts: LayoutPath) -> None:
        self.layouts = layouts

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        # Each build makes a new environment, so nothing is reused: never up to date.
        try:
            # a template that is a link out of the layout folders is refused by name
            path = self.layouts.find(template)
        except FileNotFoundError:
            raise jinja2.TemplateNotFound(template) from None
        except InputError as error:
            raise Refused(template, error.problems[0]) from None
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise BuildError(f"{path}: a layout file larger than 1 MiB")
        log.debug("layout file %s", path)  # which of the folders it came from (-v)
        if path.suffix.lower() == ".css":
            # set into the page, whose base is the source folder, after other rules: its
            # addresses are made its own folder's, its imports set in
            return self.layouts.css(path), str(path), lambda: False
        return path.read_text(encoding="utf-8"), str(path), lambda: False


class Refused(Exception):
    """A layout file asked for (by name, or by an `include`, `import` or `extends` of a
    template) that may not be read: a link out of the layout folders, an absolute path,
    a folder. Not a TemplateNotFound: `ignore missing` does not pass over it."""

    def __init__(self, name: str, problem: Problem) -> None:
        super().__init__(problem.message)
        self.name = name
        self.problem = problem


#: Modules whose objects a layout may look into: brochure's own data (dataclasses, the
#: event model's fields), Python's plain values, dates, Jinja's helpers, escaped text.
_DATA_MODULES = ("brochure.", "builtins", "datetime", "jinja2.", "markupsafe")


class LayoutSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, narrowed to data: a layout reads the fields of the
    context and brochure's own properties and helpers, nothing of a library's API (a
    pydantic model's `parse_raw` would unpickle text; `parse_file` reads any file)."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        kind = type(obj)
        if isinstance(obj, pydantic.BaseModel):
            return attr in kind.model_fields or _own_property(kind, attr)
        return kind.__module__.startswith(_DATA_MODULES)

    def is_safe_callable(self, obj: Any) -> bool:
        if not super().is_safe_callable(obj):
            return False
        owner = getattr(obj, "__self__", None)
        if owner is not None and not isinstance(owner, type):
            # a bound method: judged by what it belongs to
            return type(owner).__module__.startswith(_DATA_MODULES) and not isinstance(
                owner, pydantic.BaseModel
            )
        module = getattr(obj, "__module__", None) or type(obj).__module__
        return module.startswith(_DATA_MODULES)


def _own_property(kind: type, attr: str) -> bool:
    """Whether attr is a property that brochure itself defines on kind or its bases."""
    for base in kind.__mro__:
        if attr in vars(base):
            found = vars(base)[attr]
            is_property = isinstance(found, property | functools.cached_property)
            return is_property and base.__module__.startswith("brochure.")
    return False


def _isolated(value: Any) -> Any:
    """Every value a layout prints, set apart for direction where it could reorder its
    neighbours (textrules.isolated): `{{ a }} {{ b }}` never lets a turn b around."""
    if isinstance(value, Markup):
        # A macro's output is the layout's own markup, whose values were isolated as
        # they were printed: wrapping it (around its <p>s) would put stray lines of
        # isolate marks between the blocks.
        return value if "<" in value else Markup(isolated(str(value)))
    if isinstance(value, Foreign):
        # Text in another language than the page's keeps its mark (its span's `lang`).
        return Foreign(isolated(str(value)), value.lang)
    if isinstance(value, str):
        return isolated(value)
    return value


class _Compiled(jinja2.BytecodeCache):
    """Every template compiled in this process, in memory, by its file and its text.

    Compiling a template (parsing it, writing and compiling its Python) takes far longer
    than rendering it; every render makes a new environment (the pack's language), and
    a build renders the brochure's template to check it, again for each size of cover,
    and in each pack. The compiled code depends on the text and on the environment's
    options, which are the same for every environment (environment()); nothing is
    written to disk (a cache there would be code any user could leave for another)."""

    def __init__(self) -> None:
        self._codes: dict[tuple[str, str], Any] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._codes.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._codes[(bucket.key, bucket.checksum)] = bucket.code


_COMPILED = _Compiled()


def _in_its_language(value: Any, html: str) -> Markup:
    """html (value typeset), in a span of value's own language when it is text in
    another language than the page's (textrules.Foreign)."""
    if isinstance(value, Foreign):
        return Markup(f'<span lang="{escape(value.lang)}" dir="{value.direction}">{html}</span>')
    return Markup(html)


def environment(layouts: LayoutPath, fmt: Formatter) -> jinja2.Environment:
    """Sandboxed, autoescaping, strict, translating Jinja environment over the layouts
    (templates compiled once per process: _Compiled)."""
    env = LayoutSandbox(
        bytecode_cache=_COMPILED,
        loader=ConfinedLoader(layouts),
        finalize=_isolated,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(fmt.translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals["fmt"] = fmt
    env.filters["names_whole"] = functools.partial(_names_whole, fmt=fmt)
    env.filters["compounds"] = functools.partial(_compounds, fmt=fmt)
    return env


def _names_whole(value: Any, fmt: Formatter) -> Markup:
    """Running text with its names kept from hyphenation (typography.names_unhyphenated)
    and its web and e-mail addresses printed as typed (typography.addresses_whole),
    isolated for direction and escaped as any printed value; as it is in right-to-left
    pages, where WeasyPrint would turn two inline boxes of a left-to-right run around."""
    text = escape(isolated(str(value)))
    if fmt.direction == "rtl":
        return _in_its_language(value, addresses_whole(str(text), spans=False))
    # addresses first: names_unhyphenated must not wrap the capitals of a web address
    language = value.lang if isinstance(value, Foreign) else fmt.language
    return _in_its_language(value, names_unhyphenated(addresses_whole(str(text)), language))


def _compounds(value: Any, fmt: Formatter) -> Markup:
    """Names and times kept whole unless longer than a whole line, then broken after a
    hyphen or the dash (typography.compounds_breakable_last), isolated for direction and
    escaped as any printed value. Right-to-left pages keep the word joiners: WeasyPrint
    would turn an inline block of a left-to-right run around (as _names_whole)."""
    text = escape(isolated(str(value)))
    if fmt.direction == "rtl":
        return _in_its_language(value, str(text))
    return _in_its_language(value, compounds_breakable_last(str(text)))


def render(layouts: LayoutPath, fmt: Formatter, template: str, context: Any) -> str:
    """Render one layout template to text; the context is a dataclass whose fields are the
    template's variables.

    Raises BuildError naming the layout file and line for a syntax error, a misspelt
    variable or anything the sandbox refuses.
    """
    variables = {field.name: getattr(context, field.name) for field in dataclasses.fields(context)}
    try:
        page = environment(layouts, fmt).get_template(template).render(variables)
        return isolates_directed(page, fmt.direction)
    except jinja2.TemplateSyntaxError as error:
        where = f"{error.filename or template}:{error.lineno}"
        raise BuildError(f"{where}: layout syntax: {error.message}") from None
    except jinja2.TemplateNotFound as error:
        # Asked for by a template (include, import, extends): said where it is asked for.
        missing = f"no layout file '{error.name}' in {layouts}"
        if (where := _where(error, "")) != "":
            raise BuildError(f"{where}: layout: {missing}") from None
        raise BuildError(missing) from None
    except Refused as error:
        if (where := _where(error, "")) != "":
            said = error.problem.message
            named = said if f"'{error.name}'" in said else f"'{error.name}': {said}"
            refused = f"{where}: layout: {named}"
            raise BuildError(refused) from None
        raise BuildError(str(error.problem)) from None
    except SecurityError as error:
        raise BuildError(f"{_where(error, template)}: not allowed in a layout: {error}") from None
    except jinja2.UndefinedError as error:
        raise BuildError(f"{_where(error, template)}: layout: {_plain(error.message)}") from None
    except (BuildError, MemoryError, SystemError):  # out of memory C-side, as Python's
        raise
    except Exception as error:  # a template calling something that fails
        raise BuildError(
            f"{_where(error, template)}: layout failed: {type(error).__name__}: {error}"
        ) from None


def _plain(message: str | None) -> str:
    """Jinja's words without Python's: "'brochure.model.EventInfo object' has no attribute
    'titel'" -> "EventInfo has no attribute 'titel'"."""
    return re.sub(r"'(?:[\w.]+\.)?(\w+) object'", r"\1", message or "undefined")


def _where(error: BaseException, template: str) -> str:
    """file:line of the innermost template frame of error's traceback (Jinja maps the
    compiled code back to the template's lines)."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if Path(frame.filename).suffix in (".j2", ".html", ".css") and frame.lineno:
            return f"{frame.filename}:{frame.lineno}"
    return template
