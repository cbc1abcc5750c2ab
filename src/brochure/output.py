"""The one place brochure writes: every output of a build lands together, or none does."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from brochure.errors import BuildError


def write_outputs(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write files (name -> bytes) into folder, replacing only those names.

    Everything is first written and flushed to a temporary folder beside `folder`, then
    moved in with os.replace (atomic per file on one file system). A crash, Ctrl-C or a
    full disk before the moves leaves the previous outputs as they were; files brochure
    did not write are never touched.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError as error:
        raise BuildError(f"cannot write to {folder}: {error.strerror}") from None
    try:
        staged = []
        for name, content in files.items():
            path = staging / name
            with path.open("wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
            staged.append(path)
        written = []
        for path in staged:
            target = folder / path.name
            os.replace(path, target)
            written.append(target)
        return written
    except OSError as error:
        raise BuildError(f"cannot write to {folder}: {error.strerror or error}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
