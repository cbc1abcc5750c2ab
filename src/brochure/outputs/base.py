"""What an output is: a declared part of the pack (Sphinx's builders are the model)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brochure.errors import Problem

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.model import Event
    from brochure.reading.load import Parts

Render = Callable[["Event", "BuildConfig"], Mapping[str, bytes]]
"""Event and config in, file name -> bytes out; nothing written."""
Check = Callable[["Parts", "BuildConfig"], list[Problem]]
"""The event's pieces and the config in, located problems (errors or warnings) out."""


@dataclass(frozen=True)
class Output:
    """One part of the pack: its name, the files it writes, its checks and its renderer.

    The code lives in `module`, imported only when the output is checked or rendered (as
    Sphinx loads its builders), so `brochure check` never imports WeasyPrint or
    python-docx. The module has `render(event, config) -> {file name: bytes}` and, when
    `checked`, `check(parts, config) -> [Problem]`.
    """

    name: str
    """What `--only` calls it."""
    summary: str
    """One line for `--help`."""
    files: tuple[str, ...]
    """The file names it writes in the output folder."""
    module: str
    """The module that renders it, e.g. `brochure.outputs.badges`."""
    checked: bool = False
    """Whether the module has checks, run by `check` and before every build."""
    chunked: bool = False
    """Whether it can render in independent chunks (badges: sheets) and be joined."""
    ignores: frozenset[str] = frozenset()
    """Top-level keys of the event file it never reads: a change there does not render it
    again (commands/freshness.py)."""
    layouts: tuple[str, ...] = ()
    """The layout subfolders it reads (`brochure`): a change there renders it again."""
    assets: bool = False
    """Whether it prints files beside the event file (logos, a map)."""
    applies: Callable[[Event], bool] | None = None
    """Whether the event has it at all (the check-in list only where badges carry ids);
    None: always. An output that does not apply is not rendered, and said so only when
    `--only` asked for it."""
    not_applying: str = ""
    """Why, when it does not: `badges carry no id (badges.qr is not `id`)`."""

    def render(self, event: Event, config: BuildConfig) -> Mapping[str, bytes]:
        render: Render = importlib.import_module(self.module).render
        return render(event, config)

    def check(self, parts: Parts, config: BuildConfig) -> list[Problem]:
        if not self.checked:
            return []
        check: Check = importlib.import_module(self.module).check
        return check(parts, config)


class Registry:
    """The outputs of a pack, in build order; no two share a name or a file."""

    def __init__(self, *declared: Output) -> None:
        names: dict[str, Output] = {}
        files: dict[str, Output] = {}
        for output in declared:
            if output.name in names:
                raise ValueError(f"two outputs are called '{output.name}'")
            names[output.name] = output
            for name in output.files:
                if name in files:
                    raise ValueError(f"'{output.name}' and '{files[name].name}' both write {name}")
                files[name] = output
        self._outputs = declared

    def __iter__(self) -> Iterator[Output]:
        return iter(self._outputs)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(output.name for output in self._outputs)

    def __getitem__(self, name: str) -> Output:
        for output in self._outputs:
            if output.name == name:
                return output
        raise KeyError(name)

    def choose(self, only: tuple[str, ...] | None) -> tuple[str, ...]:
        """The names in `only` (all when None), in build order; ValueError for an unknown."""
        if only is None:
            return self.names
        unknown = [name for name in only if name not in self.names]
        if unknown or not only:
            raise ValueError(
                f"unknown output {', '.join(unknown) or '(none)'}; "
                f"choose from {', '.join(self.names)}"
            )
        return tuple(name for name in self.names if name in only)

    def files(self) -> tuple[str, ...]:
        return tuple(name for output in self._outputs for name in output.files)
