"""The one place brochure writes: every output of a build lands together, or none does."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from brochure.errors import BuildError

STAGING_PREFIX = ".brochure-staging-"


def write_outputs(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write files (name -> bytes) into folder, replacing only those names.

    Everything is first written and flushed to a hidden staging folder inside `folder`
    (the one place brochure writes; same file system, so moves are atomic), then moved
    into place with os.replace. A crash, Ctrl-C or a full disk before the moves leaves
    the previous outputs as they were; files brochure did not write are never touched.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_abandoned_staging(folder)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
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


def _remove_abandoned_staging(folder: Path) -> None:
    """Staging folders left by a build that was killed (brochure's own, by their name).

    Only ones older than an hour go, so a build running beside this one keeps its own.
    """
    cutoff = time.time() - 3600
    for path in folder.glob(STAGING_PREFIX + "*"):
        if path.is_dir() and not path.is_symlink() and path.stat().st_mtime < cutoff:
            shutil.rmtree(path, ignore_errors=True)
