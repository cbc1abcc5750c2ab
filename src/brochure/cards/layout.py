"""Card layouts are files (`layouts/badges/NAME.yaml`), not code.

A layout says how big the page and the card are, how cards tile the page, and the type
sizes of the card; the card renderers place and fit text within those numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated

import pydantic
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from brochure.engines.layouts import LayoutPath
from brochure.errors import InputError, Location, Problem
from brochure.reading.messages import message
from brochure.reading.textfile import read_text
from brochure.reading.yamlsource import Path_, dotted, parse

SUFFIX = ".yaml"
#: Largest layout file read, in bytes.
MAX_LAYOUT_BYTES = 64 * 1024

_UNITS_IN_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
_LENGTH = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)\s*")


#: The longest length a layout may give: no printer takes paper past two metres.
MAX_LENGTH_MM = 2000.0


def _millimetres(text: object) -> float:
    match = _LENGTH.fullmatch(str(text)[:100])
    if not match:
        raise ValueError(f"'{str(text)[:40]}' is not a length such as 105mm, 4in or 12pt")
    value = float(match.group(1)) * _UNITS_IN_MM[match.group(2)]
    if not value <= MAX_LENGTH_MM:  # also refuses infinity
        raise ValueError(f"{str(text)[:40]} is longer than {MAX_LENGTH_MM:g} mm")
    return value


Length = Annotated[float, BeforeValidator(_millimetres)]
"""A length with its unit (mm, cm, in, pt), held in millimetres."""
Positive = Annotated[Length, Field(gt=0)]


class Size(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    width: Positive
    height: Positive


class CardLayout(BaseModel):
    """One way of putting cards on paper. Lengths in mm (the file gives their units)."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    name: str = ""
    """The file's name without .yaml (a4-8)."""
    description: str = ""
    """One line on what the layout is for."""
    page: Size
    """The sheet the printer takes."""
    card: Size
    """One card, as cut."""
    columns: Annotated[int, Field(ge=1, le=20)]
    rows: Annotated[int, Field(ge=1, le=20)]
    cut_marks: bool = False
    """Marks outside the cards, in the sheet's margin, where a guillotine cuts."""
    printer_margin: Length = 0.0
    """How far from every sheet edge ink must keep: what the printer the layout is for
    cannot print (about 5 mm on office printers; 0 for printers that print to the edge).
    Cards and cut marks are refused in it."""
    padding: Length
    """Space kept clear inside the card's edges."""
    given_size: Positive
    """Given name, on its own line (the largest type)."""
    family_size: Positive
    """Family name, below the given name."""
    name_size: Positive | None = None
    """No longer used (older layout files may give it): a name that does not split into
    given and family (a mononym, a Chinese or Korean name) is set at given_size, so
    given names are the same size whatever the script."""
    min_size: Positive
    """Smallest type a name may shrink to before it wraps between words."""
    details_size: Positive
    """Organisation, country and the event line."""
    band_height: Positive
    """The role band along the card's foot."""
    qr_size: Positive
    """The side of a QR code, when the badges carry one."""

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

    @property
    def inner_width(self) -> float:
        """Room across the card inside its padding, in mm."""
        return self.card.width - 2 * self.padding


def available(layouts: LayoutPath, folder: str) -> tuple[str, ...]:
    """Names of the card layouts in a layout subfolder (`badges`) on the layout path."""
    return layouts.names(folder, SUFFIX)


def load_layout(layouts: LayoutPath, folder: str, name: str) -> CardLayout:
    """The layout `folder/name.yaml` from the layout path.

    Raises FileNotFoundError when there is none, InputError with every problem of the
    file located (file:line:column: field) when it is not a usable layout.
    """
    path = layouts.find(f"{folder}/{name}{SUFFIX}")
    label = str(path)
    parsed = parse(read_text(path, label, MAX_LAYOUT_BYTES), label)
    problems = list(parsed.problems)

    def locate(at: Path_) -> Location:
        for end in range(len(at), -1, -1):
            if at[:end] in parsed.locations:
                return parsed.locations[at[:end]]
        return Location(label, 1, 1)

    if not isinstance(parsed.data, dict):
        raise InputError([Problem(Location(label, 1, 1), "", "a layout file is a mapping")])
    try:
        layout = CardLayout.model_validate({**parsed.data, "name": name})
    except pydantic.ValidationError as error:
        for e in error.errors():
            at: Path_ = tuple(part for part in e["loc"] if isinstance(part, str | int))
            problems.append(Problem(locate(at), dotted(at), message(e, at)))
        raise InputError(problems) from None
    problems += _geometry_problems(layout, locate)
    if problems:
        raise InputError(problems)
    return layout


def _geometry_problems(layout: CardLayout, locate: Callable[[Path_], Location]) -> list[Problem]:
    """Cards that do not fit the page, padding or band that leave no room on the card."""
    problems = []
    if layout.margin_x < 0 or layout.margin_y < 0:
        problems.append(
            Problem(
                locate(("columns",)),
                "columns",
                f"{layout.columns} x {layout.rows} cards of {layout.card.width:g} x "
                f"{layout.card.height:g} mm do not fit a page of {layout.page.width:g} x "
                f"{layout.page.height:g} mm",
            )
        )
    margin = layout.printer_margin
    if margin and (layout.margin_x < margin or layout.margin_y < margin):
        problems.append(
            Problem(
                locate(("printer_margin",)),
                "printer_margin",
                f"the cards come within {min(layout.margin_x, layout.margin_y):.1f} mm of the "
                f"sheet's edge, which the printer cannot print ({margin:g} mm): make the "
                "cards or the grid smaller",
            )
        )
    if 2 * layout.padding >= layout.card.width * 0.8:
        problems.append(Problem(locate(("padding",)), "padding", "leaves no room across the card"))
    if layout.band_height + 2 * layout.padding >= layout.card.height * 0.8:
        problems.append(
            Problem(
                locate(("band_height",)),
                "band_height",
                "with the padding, leaves no room for the name on the card",
            )
        )
    return problems
