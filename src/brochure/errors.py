"""The one family of errors brochure raises, and the located problems they carry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file, 1-based, as editors count lines and columns."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where, which field, what is wrong.

    A warning (a name the fonts cannot draw) lets the build go on, except under --strict.
    """

    location: Location | None
    field: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        place = f"{self.location}: " if self.location else ""
        field = f"{self.field}: " if self.field else ""
        return f"{place}{field}{'warning: ' if self.warning else ''}{self.message}"


class BrochureError(Exception):
    """Something a person can act on; the CLI prints it without a traceback."""


class UsageError(BrochureError):
    """The command was used wrongly (an option that names nothing); exit status 2."""


class InputError(BrochureError):
    """The event data is wrong; carries every problem found, in file order."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(
            sorted(problems, key=lambda p: (p.location or Location("", 0, 0), p.field))
        )
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(BrochureError):
    """A renderer could not produce its output (a layout error, a missing font, a limit)."""
