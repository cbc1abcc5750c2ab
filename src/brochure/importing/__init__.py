"""Event files made from the exports of other systems: one module per system, each
declaring its `Importer` (base.py), and the registry of them all.

A new importer is one module of this package that defines IMPORTER, and one name in
SYSTEMS; `brochure import` (its subcommands, its help, the command that runs them) is
made from the registry.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Mapping

from brochure.importing.base import Importer

#: The systems `brochure import` reads, each a module here, in the order its help lists them.
SYSTEMS = ("pretalx", "frab", "indico", "sessionize", "pretix")


class Registry(Mapping[str, Importer]):
    """Importers by name, in the order declared; a second importer of one name is refused
    (ValueError), as is anything that is no Importer (TypeError)."""

    def __init__(self, importers: Iterable[Importer]) -> None:
        self._importers: dict[str, Importer] = {}
        for importer in importers:
            if not isinstance(importer, Importer):
                raise TypeError(f"{importer!r} is not an Importer")
            if importer.name in self._importers:
                raise ValueError(f"two importers are named {importer.name!r}")
            self._importers[importer.name] = importer

    def __getitem__(self, name: str) -> Importer:
        return self._importers[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._importers)

    def __len__(self) -> int:
        return len(self._importers)


IMPORTERS = Registry(importlib.import_module(f"{__name__}.{system}").IMPORTER for system in SYSTEMS)
