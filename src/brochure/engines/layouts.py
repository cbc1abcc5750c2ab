"""Where layouts come from: a project's own `layouts/` first, then the defaults.

A project overrides the default layouts file by file (like MkDocs' `custom_dir`): a
`layouts/brochure/brochure.css` of its own replaces that one file and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

from brochure.errors import InputError, Location, Problem
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
        """The first file called name (e.g. `badges/a6.yaml`) on the path.

        Raises FileNotFoundError when no folder has it, and InputError, naming the file,
        when the first that has it holds something else than a file of the layout
        folders (a link that leads outside them or to nothing, a folder, a pipe): that
        file is refused, never passed over for the next folder's, which would print the
        shipped layout in its place without a word.
        """
        for folder in self.folders:
            try:
                return confine.resolve_inside(folder, name)
            except confine.MissingError:
                continue
            except confine.OutsideError as error:
                found = self._linked_within(folder, name)
                if found is None:
                    raise InputError([_refused(folder, name, error)]) from None
                return found
        raise FileNotFoundError(f"no layout file '{name}' in {', '.join(map(str, self.folders))}")

    def stylesheet(self, name: str) -> str:
        """The text of the style sheet called name (find), its relative addresses made
        absolute against its own folder (absolute_urls).

        Raises FileNotFoundError and InputError as find does."""
        path = self.find(name)
        return absolute_urls(path.read_text(encoding="utf-8"), path.parent)

    def _linked_within(self, folder: Path, name: str) -> Path | None:
        """The file that folder/name links to, when that is a file of another layout
        folder (a project's layout linking to a shipped one); else None."""
        try:
            target = (folder / name).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        inside = any(target.is_relative_to(base) for base in self.folders)
        return target if inside and target.is_file() and ".." not in Path(name).parts else None

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
                except confine.MissingError:
                    continue
                except confine.OutsideError:
                    pass  # listed, so that asking for it is refused by name (find)
                found.add(path.name.removesuffix(suffix))
        return tuple(sorted(found))


def _refused(folder: Path, name: str, error: confine.OutsideError) -> Problem:
    """The problem of a layout file that is there but may not be read, at the file."""
    path = folder / name
    return Problem(
        Location(str(path), 1, 1),
        "layouts",
        f"{error}: layout files are read only from the layout folders; copy the file there "
        "instead of linking to it (or remove the link to use the shipped one)",
    )


#: `url(x)`, `url("x")`, `url('x')`, and `@import "x"` in a style sheet (CSS Values 4,
#: 4.5.1; CSS Cascade 4, 2): the addresses a sheet reaches files by.
_ADDRESS = re.compile(
    r"""(?P<open>url\(\s*)(?:"(?P<dq>[^"\n]*)"|'(?P<sq>[^'\n]*)'|(?P<bare>[^)\s"']*))"""
    r"""(?P<close>\s*\))"""
    r"""|(?P<import>@import\s+)(?:"(?P<idq>[^"\n]*)"|'(?P<isq>[^'\n]*)')""",
    re.IGNORECASE,
)


def absolute_urls(css: str, folder: Path) -> str:
    """css with each relative address (`url(logo.png)`) made absolute against folder, the
    style sheet's own (CSS Values 4, 4.5.1: a relative URL resolves against the sheet's
    URL), as the sheet is set into a page whose base is the source folder. An address
    with a scheme (`data:`, `file:`), from the root, a fragment only, or written by the
    template (`{{ }}`) is kept as it is."""
    base = folder.absolute().as_uri() + "/"

    def absolute(match: re.Match[str]) -> str:
        value = next(v for v in match.group("dq", "sq", "bare", "idq", "isq") if v is not None)
        if (
            not value
            or urlsplit(value).scheme
            or value.startswith(("/", "#"))
            or "{" in value
            or "\\" in value
        ):
            return match[0]
        url = urljoin(base, quote(value, safe="/#?%=&;:@!$'()*+,~"))
        if match["import"]:
            return f'{match["import"]}"{url}"'
        return f'{match["open"]}"{url}"{match["close"]}'

    return _ADDRESS.sub(absolute, css)
