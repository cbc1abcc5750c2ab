"""Keep every file the build reads inside the folders it is allowed to read."""

from __future__ import annotations

import difflib
import os
from pathlib import Path, PurePosixPath

#: Files of a folder compared with a missing name, at most (a folder of thousands of
#: photos is not read whole for a hint).
MAX_LISTED = 2000


class OutsideError(ValueError):
    """A file name that leads outside the allowed folders, or is not a plain file name."""


class MissingError(OutsideError):
    """A file name that is allowed but names nothing: no file by that name in the folder."""


def resolve_inside(folder: Path, name: str) -> Path:
    """The file `name` (relative, `/`-separated) inside `folder`, or OutsideError.

    Refuses absolute paths, `..`, URLs and symbolic links that lead outside `folder`;
    the result exists and is a regular file (MissingError, an OutsideError, when there
    is nothing by that name).
    """
    if "://" in name or name.startswith(("data:", "file:")):
        raise OutsideError(
            f"'{name}' is an address; brochure never fetches: save the file beside event.yaml"
        )
    relative = PurePosixPath(name.replace("\\", "/"))
    if relative.is_absolute() or (name[1:2] == ":"):
        raise OutsideError(f"'{name}' is an absolute path; name a file inside {folder}")
    if ".." in relative.parts:
        raise OutsideError(f"'{name}' leads outside {folder} (`..` is not allowed)")
    try:
        root = folder.resolve()
        target = (root / relative).resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        raise OutsideError(f"'{name}' is a link that leads in a loop") from None
    if not target.is_relative_to(root):
        raise OutsideError(f"'{name}' is a link that leads outside {folder}")
    if not target.exists():
        if (root / relative).is_symlink():
            # a name that is there, as a link to nothing: not the same as no file at all
            raise OutsideError(f"'{name}' is a link to a file that does not exist")
        hint = _nearest(root / relative.parent, relative.name)
        said = f" (did you mean '{PurePosixPath(relative.parent, hint)}'?)" if hint else ""
        raise MissingError(f"'{name}' does not exist in {folder}{said}")
    if not target.is_file():
        raise OutsideError(f"'{name}' is not a file")
    return target


def _nearest(folder: Path, name: str) -> str | None:
    """The file in folder whose name is most like name (difflib's ratio of at least
    0.6, as a person's id is suggested), of its first MAX_LISTED; None without one."""
    names: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if len(names) >= MAX_LISTED:
                    break
                if entry.is_file() and not entry.name.startswith("."):
                    names.append(entry.name)
    except OSError:
        return None
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return close[0] if close else None


def is_inside(path: Path, folders: tuple[Path, ...]) -> bool:
    """Whether path, links resolved, lies inside one of folders (a loop of links: no)."""
    try:
        real = path.resolve()
        return any(real.is_relative_to(folder.resolve()) for folder in folders)
    except (OSError, RuntimeError):
        return False
