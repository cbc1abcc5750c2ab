"""Where layouts come from: a project's own `layouts/` first, then the defaults.

A project overrides the default layouts file by file (like MkDocs' `custom_dir`): a
`layouts/brochure/brochure.css` of its own replaces that one file and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from brochure.reading import confine

PACKAGE = Path(__file__).parent.parent
"""The brochure package folder."""


def default_layouts() -> Path:
    """The layouts brochure ships: inside the wheel, or at the root of a checkout."""
    installed = PACKAGE / "_layouts"
    return installed if installed.is_dir() else PACKAGE.parent.parent / "layouts"


@dataclass(frozen=True)
class LayoutPath:
    """Folders searched for layout files, first match wins."""

    folders: tuple[Path, ...]

    @classmethod
    def for_project(cls, project: Path, extra: Path | None = None) -> LayoutPath:
        """extra (--layouts), the project's `layouts/` (beside `source/`), then the defaults."""
        candidates = [extra, project / "layouts", default_layouts()]
        folders: list[Path] = []
        for folder in candidates:
            if folder and folder.is_dir() and folder.resolve() not in folders:
                folders.append(folder.resolve())
        return cls(tuple(folders))

    def __str__(self) -> str:
        return ", ".join(map(str, self.folders))

    def find(self, name: str) -> Path:
        """The first file called name (e.g. `badges/a6.yaml`) on the path."""
        for folder in self.folders:
            try:
                return confine.resolve_inside(folder, name)
            except confine.OutsideError:
                continue
        raise FileNotFoundError(f"no layout file '{name}' in {', '.join(map(str, self.folders))}")

    def names(self, folder: str, suffix: str) -> tuple[str, ...]:
        """The stems of the files in a layout subfolder (e.g. the badge layouts); only
        files that resolve inside their layout folder count."""
        found = set()
        for base in self.folders:
            try:
                candidates = list((base / folder).glob(f"*{suffix}"))
            except (OSError, RuntimeError):
                continue
            for path in candidates:
                try:
                    confine.resolve_inside(base, f"{folder}/{path.name}")
                except confine.OutsideError:
                    continue
                found.add(path.name.removesuffix(suffix))
        return tuple(sorted(found))
