"""The Jinja environment every HTML layout is rendered with."""

from __future__ import annotations

import dataclasses
from typing import Any

import jinja2

from brochure.engines.layouts import LayoutPath
from brochure.i18n import Formatter


def environment(layouts: LayoutPath, fmt: Formatter) -> jinja2.Environment:
    """Autoescaping, strict, translating Jinja environment over the layout path."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in layouts.folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(fmt.translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals["fmt"] = fmt
    return env


def render(layouts: LayoutPath, fmt: Formatter, template: str, context: Any) -> str:
    """Render one layout template to text; the context is a dataclass whose fields are the
    template's variables."""
    variables = {field.name: getattr(context, field.name) for field in dataclasses.fields(context)}
    return environment(layouts, fmt).get_template(template).render(variables)
