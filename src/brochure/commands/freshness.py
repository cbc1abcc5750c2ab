"""Rebuild only what changed: each output keyed by everything it depends on.

An output's key is a SHA-256 of brochure itself (its version and code), the settings of the
resolved config, the part of the event file it reads (the attendee export included), the
layout files of its layout folder, and (for outputs that print them) the files beside the
event file. A manifest in the output folder (`.brochure-manifest.json`, written with the
pack, all or nothing) keeps each output's key and the SHA-256 of each file it wrote: an
output whose key is the same and whose files are still as written is not rendered again.
A file changed or deleted by hand, a new brochure, `--force`: rendered again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic

from brochure import __version__
from brochure.config import BuildConfig
from brochure.outputs import REGISTRY
from brochure.reading import confine
from brochure.reading.load import Source

log = logging.getLogger(__name__)

MANIFEST = ".brochure-manifest.json"
#: Bumped when the manifest's shape changes: an older one is then ignored.
FORMAT = 1
#: Config fields that say where and when, not what: they do not change an output's bytes
#: (the build time is in them only under SOURCE_DATE_EPOCH, keyed separately).
_NOT_CONTENT = frozenset(
    {"source", "output_dir", "layouts", "outputs", "strict", "limits", "built_at", "force"}
)
PACKAGE = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Manifest:
    """What the last builds into a folder wrote: per output, its key and files' hashes."""

    outputs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    """The warnings of the last build that checked the event, said again when nothing
    needs rendering."""

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        """The folder's manifest; an empty one when there is none or it is not ours."""
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return cls()
            return cls(dict(data["outputs"]), tuple(data.get("warnings", ())))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()

    def fresh(self, name: str, key: str, folder: Path) -> bool:
        """Whether the output's files in folder are what a build with this key wrote."""
        entry = self.outputs.get(name)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return False
        files = entry.get("files")
        if not isinstance(files, dict):
            return False
        return all(_sha256_of(folder / file) == digest for file, digest in files.items())

    def files_of(self, name: str) -> tuple[str, ...]:
        entry = self.outputs.get(name) or {}
        return tuple((entry.get("files") or {}).keys())

    def updated(
        self,
        keys: Mapping[str, str],
        rendered: Mapping[str, Mapping[str, bytes]],
        warnings: Iterable[str],
    ) -> bytes:
        """This manifest with the outputs just rendered (name -> their files) recorded."""
        outputs = dict(self.outputs)
        for name, files in rendered.items():
            outputs[name] = {
                "key": keys[name],
                "files": {
                    file: hashlib.sha256(content).hexdigest() for file, content in files.items()
                },
            }
        data = {"format": FORMAT, "outputs": outputs, "warnings": list(warnings)}
        return json.dumps(data, indent=1, sort_keys=True).encode()


def keys(source: Source, config: BuildConfig) -> dict[str, str]:
    """The key of each chosen output."""
    common = hashlib.sha256()
    common.update(_package_fingerprint().encode())
    common.update(json.dumps(_settings(config), sort_keys=True, default=str).encode())
    # A fixed build time is in every file's metadata: another one is another file.
    common.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    assets = _files_beside(source)
    found = {}
    for name in config.outputs:
        output = REGISTRY[name]
        digest = common.copy()
        digest.update(name.encode())
        data = {k: v for k, v in source.data.items() if k not in output.ignores}
        digest.update(json.dumps(data, sort_keys=True, default=str).encode())
        for folder in output.layouts:
            digest.update(_layout_files(config, folder).encode())
        if output.assets:
            digest.update(assets.encode())
        found[name] = digest.hexdigest()
    return found


def _settings(config: BuildConfig) -> dict[str, Any]:
    """The config's settings that shape outputs, as plain data."""
    return {
        f.name: _plain(getattr(config, f.name))
        for f in dataclasses.fields(config)
        if f.init and f.name not in _NOT_CONTENT
    }


def _plain(value: Any) -> Any:
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, Path | dt.date | dt.datetime):
        return str(value)
    return value


def _layout_files(config: BuildConfig, folder: str) -> str:
    """The name and content hash of each layout file of a layout subfolder, first match
    of the search path winning (the files a build would read)."""
    seen: dict[str, str] = {}
    for base in config.layouts.folders:
        try:
            candidates = sorted((base / folder).rglob("*"))
        except OSError:
            continue
        for path in candidates:
            name = path.relative_to(base).as_posix()
            if name in seen:
                continue
            try:
                target = confine.resolve_inside(base, name)
            except confine.OutsideError:
                continue
            seen[name] = _sha256_of(target) or ""
    return json.dumps(seen, sort_keys=True)


def _files_beside(source: Source) -> str:
    """The name and content hash of each file in the source folder but the event file
    (logos, a map): what outputs print from it besides the YAML."""
    seen: dict[str, str] = {}
    try:
        candidates = sorted(source.folder.rglob("*"))
    except OSError:
        return ""
    for path in candidates:
        if path.resolve() == source.path.resolve() or not path.is_file():
            continue
        seen[path.relative_to(source.folder).as_posix()] = _sha256_of(path) or ""
    return json.dumps(seen, sort_keys=True)


def _package_fingerprint() -> str:
    """brochure's version and the size and time of each of its files: a new brochure (or
    a changed one, in development) renders anew."""
    parts = [__version__]
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            stat = path.stat()
            parts.append(f"{path.relative_to(PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


def _sha256_of(path: Path) -> str | None:
    try:
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None
