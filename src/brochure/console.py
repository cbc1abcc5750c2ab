"""How results look on the terminal: a rich table for a person, plain lines for pipes and CI.

The CLI (and only it) calls these; they write to the stream they are given.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from brochure.commands.report import Built, BuiltFile
from brochure.textrules import for_terminal

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

# rich is imported where a person's terminal is drawn on, not before: a build in a pipe
# or in CI (plain lines) does not wait for it.

HEADINGS = ("file", "pages", "size", "time")


def is_terminal(stream: TextIO) -> bool:
    """A person is reading: a terminal, and not a CI job (CI=true, as GitHub, GitLab and
    most others set it) nor a dumb terminal. FORCE_COLOR and NO_COLOR work as rich reads them."""
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    if not (_isatty(stream) or "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ):
        return False  # as rich decides it, without loading rich
    from rich.console import Console

    return Console(file=stream).is_terminal


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no such method; a closed stream
        return False


def summary_rows(built: Built) -> list[tuple[str, str, str, str]]:
    """One row per file: name, pages (or calendar entries), size, render time."""
    from rich.filesize import decimal

    return [
        (
            for_terminal(_name(file, built)),
            _pages(file),
            decimal(file.size),
            f"{file.seconds:.1f} s",
        )
        for file in built.files
    ]


def summary_footer(built: Built, shown_as: Path | None = None) -> str:
    """`4 files in output/ in 3.6 s`, with the warnings when there were some."""
    count = len(built.files)
    # A folder's name is the user's: no control characters reach the terminal.
    folder = for_terminal(str(shown_as or built.folder))
    if not count and built.unchanged:
        kept = len(built.unchanged)
        line = (
            f"nothing changed: {kept} file{'s' if kept != 1 else ''} in {folder}/ as they "
            f"were ({built.seconds:.1f} s; --force renders them again)"
        )
        if built.warnings:
            warned = len(built.warnings)
            line += f", {warned} warning{'s' if warned != 1 else ''}"
        return line
    line = f"{count} file{'s' if count != 1 else ''} in {folder}/ in {built.seconds:.1f} s"
    if built.unchanged:
        kept = len(built.unchanged)
        line += f"; {kept} file{'s' if kept != 1 else ''} unchanged"
    if built.warnings:
        warned = len(built.warnings)
        line += f", {warned} warning{'s' if warned != 1 else ''}"
    return line


def print_summary(built: Built, stream: TextIO, shown_as: Path | None = None) -> None:
    """The summary table of a build: rich on a terminal, aligned plain text otherwise."""
    rows = summary_rows(built)
    footer = summary_footer(built, shown_as)
    if not rows:  # nothing was written: one line says so
        print(footer, file=stream)
        return
    if is_terminal(stream):
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        # Text, not markup: a file or folder named `[red]x` is shown as named.
        table = Table(*HEADINGS, caption=Text(footer), caption_justify="left", box=None)
        for column in table.columns[1:]:
            column.justify = "right"
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        Console(file=stream).print(table)
        return
    widths = [max(len(row[i]) for row in [HEADINGS, *rows]) for i in range(len(HEADINGS))]
    for row in [HEADINGS, *rows]:
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        print("  ".join(cells).rstrip(), file=stream)
    print(footer, file=stream)


def _name(file: BuiltFile, built: Built) -> str:
    """The file as it is found in the output folder: brochure.pdf, es/brochure.pdf."""
    if file.path.is_relative_to(built.folder):
        return file.path.relative_to(built.folder).as_posix()
    return file.path.name


def _pages(file: BuiltFile) -> str:
    if file.pages is not None:
        return str(file.pages)
    if file.entries is not None:
        return f"{file.entries} event{'s' if file.entries != 1 else ''}"
    return "-"


class ProgressDisplay(logging.Handler):
    """Progress bars on the terminal for long renderings (engines/progress.py's reports),
    one per file, gone when it is done."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(logging.INFO)
        self.stream = stream
        self.bars: Progress | None = None
        self.tasks: dict[str, TaskID] = {}

    def emit(self, record: logging.LogRecord) -> None:
        what, done, total = getattr(record, "progress", (None, 0, 0))
        if what is None:
            return
        if self.bars is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self.bars = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self.bars.start()
        if what not in self.tasks:
            self.tasks[what] = self.bars.add_task(what, total=total)
        self.bars.update(self.tasks[what], completed=done)
        if done >= total:
            self.bars.remove_task(self.tasks.pop(what))
            if not self.tasks:
                self.bars.stop()
                self.bars = None
