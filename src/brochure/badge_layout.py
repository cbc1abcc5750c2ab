"""Badge layouts are files (`layouts/badges/NAME.yaml`), not code.

A layout says how big the page and the card are, how cards tile the page, and the type
sizes of the card; badges.py places and fits names within those numbers.
"""

from __future__ import annotations

import re
from typing import Annotated

import pydantic
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from brochure.errors import BuildError
from brochure.layouts import LayoutPath
from brochure.yamlsource import parse

FOLDER = "badges"
SUFFIX = ".yaml"

_UNITS_IN_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
_LENGTH = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)\s*")


def _millimetres(text: object) -> float:
    match = _LENGTH.fullmatch(str(text))
    if not match:
        raise ValueError(f"'{text}' is not a length such as 105mm, 4in or 12pt")
    return float(match.group(1)) * _UNITS_IN_MM[match.group(2)]


Length = Annotated[float, BeforeValidator(_millimetres)]
"""A length with its unit (mm, cm, in, pt), held in millimetres."""


class Size(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    width: Length
    height: Length


class BadgeLayout(BaseModel):
    """One way of putting badges on paper."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = ""
    description: str = ""
    page: Size
    card: Size
    columns: Annotated[int, Field(ge=1, le=20)]
    rows: Annotated[int, Field(ge=1, le=20)]
    cut_marks: bool = False
    padding: Length
    given_size: Length
    """Given name, on its own line (the largest type)."""
    family_size: Length
    """Family name, below the given name."""
    name_size: Length
    """A name that does not split into given and family."""
    min_size: Length
    """Smallest type a name may shrink to before it wraps between words."""
    details_size: Length
    band_height: Length
    qr_size: Length

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def margin_x(self) -> float:
        """Left margin that centres the grid on the page, in mm."""
        return (self.page.width - self.columns * self.card.width) / 2

    @property
    def margin_y(self) -> float:
        return (self.page.height - self.rows * self.card.height) / 2

    @property
    def landscape(self) -> bool:
        return self.page.width > self.page.height


def available(layouts: LayoutPath) -> tuple[str, ...]:
    """Names of the badge layouts on the layout path."""
    return layouts.names(FOLDER, SUFFIX)


def load_layout(layouts: LayoutPath, name: str) -> BadgeLayout:
    """The badge layout called name; BuildError naming the choices when there is none."""
    try:
        path = layouts.find(f"{FOLDER}/{name}{SUFFIX}")
    except FileNotFoundError:
        choices = ", ".join(available(layouts))
        raise BuildError(f"no badge layout '{name}'; choose from {choices}") from None
    parsed = parse(path.read_text(encoding="utf-8"), str(path))
    if parsed.problems:
        raise BuildError("\n".join(str(p) for p in parsed.problems))
    try:
        layout = BadgeLayout.model_validate({**(parsed.data or {}), "name": name})
    except pydantic.ValidationError as error:
        details = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise BuildError(f"{path}: {details}") from None
    if layout.margin_x < 0 or layout.margin_y < 0:
        raise BuildError(f"{path}: {layout.columns} x {layout.rows} cards do not fit the page")
    return layout
