"""Sheet layouts are files (`layouts/badges/NAME.yaml`), not code.

A layout says how big the sheet and the piece are, how pieces tile the sheet, and where
they are cut or folded; an output's own layout type adds what its pieces need (the
badges' type sizes), and its renderer places and fits text within those numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Literal, TypeVar

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
    """Across, in mm."""
    height: Positive
    """Down, in mm."""


class SheetLayout(BaseModel):
    """One way of putting pieces (cards, tents, certificates) on paper: the sheet, the
    piece as cut, the grid, and what marks where it is cut or folded. Lengths in mm (the
    file gives their units). An output whose pieces need more (the badges' type sizes)
    extends it with its own fields, in its own package."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = ""
    """The file's name without .yaml (a4-8)."""
    description: str = ""
    """One line on what the layout is for."""
    page: Size
    """The sheet the printer takes."""
    card: Size
    """One piece, as cut (a card; a tent or a certificate unfolded)."""
    columns: Annotated[int, Field(ge=1, le=20)]
    """Pieces across the sheet."""
    rows: Annotated[int, Field(ge=1, le=20)]
    """Pieces down the sheet."""
    column_gap: Length = 0.0
    """Space between two columns of pieces (a label sheet's labels stand apart), in mm."""
    row_gap: Length = 0.0
    """Space between two rows of pieces, in mm."""
    left: Length | None = None
    """The first column's distance from the sheet's left edge, as the label maker gives
    it; default: the grid centred across the sheet."""
    top: Length | None = None
    """The first row's distance from the sheet's top edge; default: centred down it."""
    cut_marks: bool = False
    """Marks outside the pieces, in the sheet's margin, where a guillotine cuts."""
    fold: Literal["across", "down"] | None = None
    """Each piece is folded in half: across (along a line at half its height, as a table
    tent) or down (at half its width); None: not folded."""
    printer_margin: Length = 0.0
    """How far from every sheet edge ink must keep: what the printer the layout is for
    cannot print (about 5 mm on office printers; 0 for printers that print to the edge).
    Pieces and marks are refused in it."""
    padding: Length
    """Space kept clear inside the piece's edges."""

    @property
    def per_sheet(self) -> int:
        """Pieces on one sheet."""
        return self.columns * self.rows

    @property
    def grid_width(self) -> float:
        """The pieces across the sheet with the gaps between them, in mm."""
        return self.columns * self.card.width + (self.columns - 1) * self.column_gap

    @property
    def grid_height(self) -> float:
        """The pieces down the sheet with the gaps between them, in mm."""
        return self.rows * self.card.height + (self.rows - 1) * self.row_gap

    @property
    def margin_x(self) -> float:
        """Left margin: `left`, or the one that centres the grid on the page, in mm."""
        return self.left if self.left is not None else (self.page.width - self.grid_width) / 2

    @property
    def margin_y(self) -> float:
        """Top margin: `top`, or the one that centres the grid on the page, in mm."""
        return self.top if self.top is not None else (self.page.height - self.grid_height) / 2

    def origin(self, row: int, column: int) -> tuple[float, float]:
        """The top left corner of the piece in row, column (from 0), mm from the sheet's
        top left corner."""
        return (
            self.margin_x + column * (self.card.width + self.column_gap),
            self.margin_y + row * (self.card.height + self.row_gap),
        )

    @property
    def landscape(self) -> bool:
        """Whether the sheet is wider than tall."""
        return self.page.width > self.page.height

    @property
    def inner_width(self) -> float:
        """Room across the card inside its padding, in mm."""
        return self.card.width - 2 * self.padding

    def problems(self, locate: Callable[[Path_], Location]) -> list[Problem]:
        """What else is wrong with the layout for its output (an extension's own rules;
        the sheet's geometry is checked for every layout): located problems."""
        return []


L = TypeVar("L", bound=SheetLayout)


def available(layouts: LayoutPath, folder: str) -> tuple[str, ...]:
    """Names of the sheet layouts in a layout subfolder (`badges`) on the layout path."""
    return layouts.names(folder, SUFFIX)


def load_layout(layouts: LayoutPath, folder: str, name: str, kind: type[L]) -> L:
    """The layout `folder/name.yaml` from the layout path, as the layout type kind (a
    SheetLayout, or an output's own extension of it).

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
        layout = kind.model_validate({**parsed.data, "name": name})
    except pydantic.ValidationError as error:
        for e in error.errors():
            at: Path_ = tuple(part for part in e["loc"] if isinstance(part, str | int))
            problems.append(Problem(locate(at), dotted(at), message(e, at)))
        raise InputError(problems) from None
    problems += _geometry_problems(layout, locate) + layout.problems(locate)
    if problems:
        raise InputError(problems)
    return layout


def _geometry_problems(layout: SheetLayout, locate: Callable[[Path_], Location]) -> list[Problem]:
    """Pieces that do not fit the page or come into the printer's margin, padding that
    leaves no room on the piece."""
    problems = []
    # The margins on every side: a grid placed by `left` and `top` may stand off centre.
    right = layout.page.width - layout.margin_x - layout.grid_width
    bottom = layout.page.height - layout.margin_y - layout.grid_height
    nearest = min(layout.margin_x, layout.margin_y, right, bottom)
    if nearest < -0.001:
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
    if margin and nearest < margin - 0.001:
        problems.append(
            Problem(
                locate(("printer_margin",)),
                "printer_margin",
                f"the cards come within {max(nearest, 0.0):.1f} mm of the "
                f"sheet's edge, which the printer cannot print ({margin:g} mm): make the "
                "cards or the grid smaller",
            )
        )
    if 2 * layout.padding >= layout.card.width * 0.8:
        problems.append(Problem(locate(("padding",)), "padding", "leaves no room across the card"))
    return problems
