"""Rebuild only what changed: each output keyed by everything it depends on.

An output's key is a SHA-256 of brochure itself (its version and code), the settings of the
resolved config, the part of the event file it reads (the attendee export included; of a
list such as the programme, only the fields of its entries it declares: Output.fields), the
layout files of its layout folder, and (for outputs that print them) the files beside the
event file. A manifest in the output folder (`.brochure-manifest.json`, written with the
pack, all or nothing) keeps each output's key and the SHA-256 of each file it wrote: an
output whose key is the same and whose files are still as written is not rendered again.
A file changed or deleted by hand, a new brochure, `--force`: rendered again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

import pydantic

from brochure import __version__
from brochure.config import BuildConfig
from brochure.errors import InputError, Problem
from brochure.outputs import REGISTRY
from brochure.reading import confine, images, load
from brochure.reading.parts import Source
from brochure.reading.textfile import read_regular_file
from brochure.writer import pack_name
from brochure.writer import sha256_of as _sha256_of

log = logging.getLogger(__name__)

MANIFEST = ".brochure-manifest.json"
#: Bumped when the manifest's shape changes: an older one is then ignored.
FORMAT = 1
MAX_MANIFEST = 16 << 20  # bytes; the manifest of 10,000 badges in 20 languages is ~100 kB
PACKAGE = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Manifest:
    """What the last builds into a folder wrote: per output, its key and files' hashes."""

    outputs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    """The warnings of the last build that checked the event, said again when nothing
    needs rendering."""
    checked: str = ""
    """The check_key of the last build whose checks passed: a build may skip the checks
    only while it is the same (a part of the file no chosen output reads may be wrong)."""

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        """The folder's manifest; an empty one when there is none or it is not ours: not
        this user's, not a regular file, larger than MAX_MANIFEST, not of this FORMAT,
        or naming a file that is not the pack's own (writer.pack_name)."""
        path = folder / MANIFEST
        try:
            # Anyone who can write in a shared output folder could write one: a manifest
            # is trusted only when it is this user's (it decides what is not rendered).
            if path.is_symlink() or path.lstat().st_uid != os.geteuid():
                return cls()
            raw = read_regular_file(path, MAX_MANIFEST + 1)
            if len(raw) > MAX_MANIFEST:
                return cls()
            data = json.loads(raw.decode("utf-8"))
            if data.get("format") != FORMAT:
                return cls()
            outputs = {str(name): dict(entry) for name, entry in dict(data["outputs"]).items()}
            for entry in outputs.values():
                files = entry.get("files", {})
                if not isinstance(files, dict) or not all(
                    isinstance(file, str) and pack_name(folder, file, REGISTRY.folders())
                    for file in files
                ):
                    return cls()
            return cls(
                outputs,
                tuple(str(w) for w in data.get("warnings", ())),
                str(data.get("checked", "")),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
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

    def warnings_of(self, name: str) -> tuple[str, ...]:
        """What the output's renderer warned about when it was last made."""
        entry = self.outputs.get(name) or {}
        said = entry.get("warnings") if isinstance(entry, dict) else None
        return tuple(str(w) for w in said) if isinstance(said, list) else ()

    def files_of(self, name: str) -> tuple[str, ...]:
        entry = self.outputs.get(name) or {}
        return tuple((entry.get("files") or {}).keys())

    def untouched(self, name: str, folder: Path) -> tuple[str, ...]:
        """The output's files in folder that are still as brochure wrote them (not edited
        by hand since): the ones a build may remove when the pack no longer has them."""
        entry = self.outputs.get(name) or {}
        files = entry.get("files") or {}
        return tuple(file for file, digest in files.items() if _sha256_of(folder / file) == digest)

    def all_files(self) -> set[str]:
        """Every file the manifest records, of every output."""
        return {file for name in self.outputs for file in self.files_of(name)}

    def merged(self, record: Record) -> bytes:
        """This manifest with a build's record laid over it: the outputs that build
        rendered as it made them, every other output's entry as this manifest has it,
        and the check_key (with the checks' warnings) of that build."""
        data = {
            "format": FORMAT,
            "outputs": {**self.outputs, **record.entries},
            "warnings": list(record.checks),
            "checked": record.checked,
        }
        return json.dumps(data, indent=1, sort_keys=True).encode()


@dataclass(frozen=True)
class Record:
    """What a build records in its folder's manifest, and says about the folder's other
    files: made when it writes, under the folder's lock (writer.write_outputs' amend),
    against the manifest as it is then. Another build into the folder (another --only)
    may have written since this one read the manifest: its entries are kept, and its
    files are not called strangers."""

    folder: Path
    entries: Mapping[str, Mapping[str, Any]]
    """The outputs this build rendered: each one's key, its files' SHA-256 and what its
    renderer warned about."""
    checks: tuple[str, ...]
    """The checks' warnings."""
    checked: str
    """This build's check_key."""
    pack: frozenset[str] = frozenset()
    """The files this build writes, keeps and removes."""
    written: tuple[str, ...] = ()
    """The files this build writes."""
    looks: bool = True
    """Whether to say what is in the folder besides the pack (strangers, replaced): not
    when only the manifest is written."""

    def amend(self, said: list[str]) -> Callable[[], dict[str, bytes]]:
        """For writer.write_outputs: the manifest, merged with the folder's as it is
        when the lock is held; the warnings about the folder's files added to said."""

        def manifest() -> dict[str, bytes]:
            current = Manifest.read(self.folder)
            if self.looks:
                said.extend(self.strangers(current))
                said.extend(self.replaced(current))
            return {MANIFEST: current.merged(self)}

        return manifest

    def strangers(self, current: Manifest) -> list[str]:
        """Warnings about files in the output folder named like a pack's file that this
        pack does not have and no build recorded (an earlier build's, changed by hand
        since, or a copy): brochure removes only what it wrote and nobody changed, so
        these stay, and could be sent by mistake. current: the folder's manifest now."""
        folder = self.folder
        ours = {
            *self.pack,
            *(
                f
                for name in current.outputs
                if name not in self.entries
                for f in current.files_of(name)
            ),
        }
        try:
            found = [
                path.relative_to(folder).as_posix()
                for path in [*folder.glob("*"), *folder.glob("*/*")]
                if _pack_file(path.name)
                and path.is_file()
                and not path.is_symlink()
                # brochure's own hidden folders (a staging folder left alone) are not the pack
                and not path.relative_to(folder).parts[0].startswith(".")
            ]
        except OSError:
            return []
        said = [
            f"{folder / file}: not part of this pack (an earlier build's, or a copy); it was "
            "left as it is: delete it so it is not printed or sent by mistake"
            for file in sorted(set(found) - ours)
        ]
        for warning in said:
            log.warning("%s", warning)
        return said

    def replaced(self, current: Manifest) -> list[str]:
        """Warnings about each file this build replaces that no build recorded (a file of
        the organiser's, or a copy, that has a name of the pack's): it is replaced, as
        the pack's names are brochure's, but said, once. current: the manifest now."""
        folder, recorded = self.folder, current.all_files()
        said = [
            f"{folder / name}: replaced by the pack's file of that name; no earlier build "
            "recorded it (keep files of your own under other names)"
            for name in self.written
            if name != MANIFEST
            and name not in recorded
            # never said through a language folder that is a link: the writer refuses it
            and pack_name(folder, name)
            and ((folder / name).exists() or (folder / name).is_symlink())
        ]
        for warning in said:
            log.warning("%s", warning)
        return said


@dataclass(frozen=True)
class Plan:
    """What a build into a folder renders, keeps, says again and removes, decided from the
    folder's manifest and each output's key before anything is rendered."""

    config: BuildConfig
    manifest: Manifest
    keys: Mapping[str, str]
    """Each chosen output's key (keys())."""
    stale: tuple[str, ...]
    """The outputs to render: their key changed, a file of theirs was edited or removed,
    or --force."""
    kept: tuple[str, ...]
    """The files of the other chosen outputs, left as they are."""
    checked: str
    """The check_key of this build."""
    skip_checks: bool
    """Nothing to render and the event unchanged since a build whose checks passed (and
    not --strict, and read cleanly): the checks need not run again."""

    @classmethod
    def of(cls, config: BuildConfig, source: Source, problems: list[Problem], force: bool) -> Plan:
        """The plan for a build of config from source; problems: what was found reading
        and settling (a read with errors never skips the checks)."""
        manifest = Manifest.read(config.output_dir)
        # The outputs' keys and the check key share brochure's fingerprint and the layout
        # folders' hashes: each made once.
        hashed: dict[str, str] = {}
        found = keys(source, config, hashed)
        stale = tuple(
            name
            for name in config.outputs
            if force or not manifest.fresh(name, found[name], config.output_dir)
        )
        kept = tuple(
            file for name in config.outputs if name not in stale for file in manifest.files_of(name)
        )
        checked = check_key(source, config, hashed)
        clean = not any(not p.warning for p in [*problems, *source.problems])
        skip = not stale and not config.strict and clean and manifest.checked == checked
        return cls(config, manifest, found, stale, kept, checked, skip)

    def said_again(self, checks_too: bool) -> list[str]:
        """The warnings of the last builds, logged again: those of each chosen output kept
        as it was (its renderer's, when it was made) and, with checks_too, the checks'
        (when the checks are skipped). Their texts."""
        said = list(self.manifest.warnings) if checks_too else []
        said += [
            warning
            for name in self.config.outputs
            if name not in self.stale
            for warning in self.manifest.warnings_of(name)
        ]
        for warning in said:
            log.warning("%s", warning)
        return said

    def say_not_written(self, asked: bool) -> None:
        """Say again, when --only asked for them, why the chosen outputs that wrote no
        file last time and are kept as they were write none (they do not apply)."""
        for name in self.config.outputs:
            output = REGISTRY[name]
            if name in self.stale or self.manifest.files_of(name) or not output.not_applying:
                continue
            made = output.files_made(self.config)
            placed = ", ".join(self.config.pack_file(file) for file in made)
            said = f"{placed}: not written, as {output.not_applying}"
            log.log(logging.INFO if asked else logging.DEBUG, "%s", said)

    def record(
        self,
        made: Mapping[str, Mapping[str, bytes]],
        warned: Mapping[str, Iterable[str]],
        checks: Iterable[str],
        pack: Iterable[str] | None = None,
    ) -> Record:
        """What to record with the pack: the outputs just made (name -> their files),
        their renderers' warnings, the checks' warnings and this build's check_key; pack:
        the files written, kept and removed (None: only the manifest is written)."""
        entries = {
            name: {
                "key": self.keys[name],
                "files": {
                    file: hashlib.sha256(content).hexdigest() for file, content in files.items()
                },
                "warnings": list(warned.get(name, ())),
            }
            for name, files in made.items()
        }
        written = tuple(file for files in made.values() for file in files)
        return Record(
            self.config.output_dir,
            entries,
            tuple(checks),
            self.checked,
            frozenset(pack or ()),
            written,
            looks=pack is not None,
        )

    def retired(self, made: Mapping[str, Mapping[str, bytes]]) -> tuple[str, ...]:
        """The files the outputs just made wrote last time and no longer write (a pack now
        in languages has `es/brochure.pdf`, not `brochure.pdf`; no QR codes, no
        checkin.csv), still as brochure wrote them: left, they would be printed or sent by
        mistake. Removed with the write."""
        folder, retired = self.config.output_dir, []
        for name, files in made.items():
            for file in self.manifest.files_of(name):
                # Only files named as brochure names its own: a manifest is anyone's to write.
                if file in files or not _pack_file(file):
                    continue
                if file in self.manifest.untouched(name, folder):
                    log.info("removing %s: the pack no longer has it", file)
                    retired.append(file)
        return tuple(retired)


def _pack_file(name: str) -> bool:
    """Whether a file's name (its last part, or a folder an output owns whole on its
    way) is one the pack's outputs write."""
    parts = name.split("/")
    return parts[-1] in REGISTRY.files() or any(p in REGISTRY.folders() for p in parts[:-1])


def keys(
    source: Source, config: BuildConfig, hashed: dict[str, str] | None = None
) -> dict[str, str]:
    """The key of each chosen output: brochure itself, the pack's languages, its own
    settings (and those of the outputs it uses), the keys of the event file it reads,
    its layout folders and, when it prints them, the files beside the event. hashed:
    what _hashed made for this config, kept for the next key of it."""
    hashed = {} if hashed is None else hashed
    common = hashlib.sha256()
    common.update(_hashed(hashed, "", _package_fingerprint).encode())
    # A fixed build time is in every file's metadata: another one is another file.
    common.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    common.update(json.dumps([config.language, *config.languages]).encode())
    assets = _files_beside(source)
    found = {}
    for name in config.outputs:
        output = REGISTRY[name]
        digest = common.copy()
        digest.update(name.encode())
        settings = {name: _plain(config.settings.get(name))}
        for used in output.uses:
            # An output's settings, or the one setting of them it reads.
            owner, _, field = used.partition(".")
            value = config.settings.get(owner)
            settings[used] = _plain(getattr(value, field, None) if field else value)
        digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
        data = {
            k: _entries_read(v, output.fields.get(k))
            for k, v in source.data.items()
            if k in output.reads
        }
        digest.update(json.dumps(data, sort_keys=True, default=str).encode())
        for folder in output.layouts:
            digest.update(_hashed(hashed, folder, _layout_files, config, folder).encode())
        if output.assets:
            digest.update(assets.encode())
        found[name] = digest.hexdigest()
    return found


def _entries_read(value: Any, fields: frozenset[str] | None) -> Any:
    """Of a top-level key's value, what an output reads: with fields (Output.fields), of
    each entry of the list only those fields, every entry kept in its place (the count
    and order print too); an entry that is not a mapping, or a value that is not a list,
    whole (the loader reports it)."""
    if fields is None or not isinstance(value, list):
        return value
    return [
        {k: v for k, v in entry.items() if k in fields} if isinstance(entry, dict) else entry
        for entry in value
    ]


def check_key(source: Source, config: BuildConfig, hashed: dict[str, str] | None = None) -> str:
    """A SHA-256 of everything the checks read: the whole event file (the parts no chosen
    output prints too: `check` and a full build refuse a wrong attendee row, so a build of
    the brochure alone must as well), the files it names, every setting, the chosen
    outputs and their layouts, and brochure itself. hashed: as keys() takes it."""
    hashed = {} if hashed is None else hashed
    digest = hashlib.sha256()
    digest.update(_hashed(hashed, "", _package_fingerprint).encode())
    settings = {name: _plain(value) for name, value in config.settings.items()}
    digest.update(json.dumps([config.language, *config.languages]).encode())
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    digest.update(json.dumps(source.data, sort_keys=True, default=str).encode())
    digest.update(_files_beside(source).encode())
    digest.update(json.dumps(list(config.outputs)).encode())
    for folder in sorted({f for name in config.outputs for f in REGISTRY[name].layouts}):
        digest.update(_hashed(hashed, folder, _layout_files, config, folder).encode())
    return digest.hexdigest()


def _hashed(hashed: dict[str, str], name: str, make: Callable[..., str], *args: Any) -> str:
    """hashed[name], made by make(*args) the first time: brochure's fingerprint (name "")
    or a layout folder's files (its name), read once for all the keys of one build."""
    if name not in hashed:
        hashed[name] = make(*args)
    return hashed[name]


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
    of the search path winning (the files a build would read), and of every file they
    refer to elsewhere (_referred_by_layouts).

    A name the layout path refuses (a link out of the layout folders or to nothing, a
    pipe, a folder where a file was: LayoutPath.find) is keyed by what it is and where
    it leads (_refused_entry), never passed over for the next folder's file of that name:
    `check` refuses it, so the key must change with it, or a build after a good one
    would skip the checks and say "nothing changed"."""
    seen: dict[str, str] = {}
    texts: list[str] = []
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
                # What a build reads by that name: a link to a file of another layout
                # folder (a project's layout linking to a shipped one) followed.
                target = config.layouts.find(name)
            except InputError:
                seen[name] = _refused_entry(path)
                continue
            except OSError:  # gone since it was listed
                seen[name] = _refused_entry(path)
                continue
            seen[name] = _sha256_of(target) or _refused_entry(target)
            if target.suffix in _LAYOUT_TEXT:
                texts.append(_small_text(target))
    seen.update(_referred_by_layouts(config, folder, texts))
    return json.dumps(seen, sort_keys=True)


def _refused_reference(config: BuildConfig, name: str, error: InputError) -> str:
    """A template another refers to that the layout path refuses, keyed as
    _refused_entry keys it in the first layout folder that has that name."""
    if ".." in PurePosixPath(name).parts or PurePosixPath(name).is_absolute():
        return f"not read: {error}"
    for base in config.layouts.folders:
        if os.path.lexists(base / name):
            return _refused_entry(base / name)
    return f"not read: {error}"


def _refused_entry(path: Path) -> str:
    """What a file a build does not read is, never read: its kind (a folder, a pipe, a
    link) and, for a link, where it leads, as written and resolved. Two of these differ
    when the file's kind or target does (a dangling link made a link to /etc/passwd)."""
    try:
        found = path.lstat()
    except OSError:
        return "not read: gone"
    said = f"not read: {stat.filemode(found.st_mode)[0]}"
    if stat.S_ISLNK(found.st_mode):
        with contextlib.suppress(OSError, RuntimeError, ValueError):
            leads = os.path.realpath(path)
            kind = stat.filemode(os.stat(leads).st_mode)[0] if os.path.lexists(leads) else "-"
            said += f" -> {os.readlink(path)} -> {leads} ({kind})"
    return said


#: Layout files that may name other files: templates and stylesheets.
_LAYOUT_TEXT = frozenset({".j2", ".html", ".css"})
#: A template's include, import or extends of another layout file, by its name.
_TEMPLATE_NAME = re.compile(r"""\{%-?\s*(?:include|import|extends|from)\s+["']([^"']+)["']""")
#: A literal address in a template's markup (src="...", href="...").
_MARKUP_ADDRESS = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"'{}]+)["']""")
#: How many other files layouts may bring into an output's key (a bound, not a rule).
_MAX_REFERRED = 1000


def _referred_by_layouts(config: BuildConfig, folder: str, texts: list[str]) -> dict[str, str]:
    """The hash of each file the layout files of folder refer to outside it: a template
    in another layout folder (`{% include "shared/x.html.j2" %}`), and what a stylesheet's
    `url(...)` or a template's `src=`/`href=` names, which resolves against the source
    folder (the pages' base) into the source or a layout folder. Files those refer to
    are followed too. Found by reading the text, so an address a template computes is
    not seen; the files beside the event that the event names are keyed apart."""
    found: dict[str, str] = {}
    queue = list(texts)
    while queue and len(found) < _MAX_REFERRED:
        text = queue.pop()
        targets: list[Path] = []
        for name in _TEMPLATE_NAME.findall(text):
            if not name.startswith(folder + "/"):
                try:
                    targets.append(config.layouts.find(name))
                except InputError as error:
                    # Refused by name when the template is read: keyed as what it is.
                    found[f"{name} (refused)"] = _refused_reference(config, name, error)
                except OSError:
                    continue
        addresses = _MARKUP_ADDRESS.findall(text)
        with contextlib.suppress(Exception):  # a stylesheet tinycss2 cannot read has none
            addresses += _css_addresses(text)
        for address in addresses:
            if ":" in address.split("/", 1)[0] or address.startswith(("#", "//")):
                continue  # data:, a scheme (refused when rendered), a fragment
            path = (config.source_dir / address.split("#")[0].split("?")[0]).resolve()
            if confine.is_inside(path, config.readable_folders) and path.is_file():
                targets.append(path)
        for path in targets:
            key = _place(path, config.readable_folders)
            if key in found:
                continue
            found[key] = _sha256_of(path) or ""
            if path.suffix in _LAYOUT_TEXT:
                queue.append(_small_text(path))
    return found


@functools.lru_cache(maxsize=256)
def _css_addresses(text: str) -> tuple[str, ...]:
    """What a layout file's CSS names (images._css_references), read once per text in a
    process: one stylesheet is in several outputs' keys and in the check key. A text
    that has no `url(` and no `@import` in any case, nor an escape that could spell
    them, names nothing, and is not tokenised."""
    lowered = text.lower()
    if "\\" not in text and "url(" not in lowered and "@import" not in lowered:
        return ()
    return tuple(images._css_references(text))


def _place(path: Path, folders: tuple[Path, ...]) -> str:
    """Where a file is, as the index of its readable folder and the path inside it (the
    same wherever the project is moved)."""
    real = path.resolve()
    for index, folder in enumerate(folders):
        if real.is_relative_to(folder):
            return f"-> {index}:{real.relative_to(folder).as_posix()}"
    return f"-> {real}"


def _small_text(path: Path) -> str:
    """A layout file's text, at most 1 MiB of it ('' when it cannot be read)."""
    try:
        with path.open("rb") as stream:
            return stream.read(1 << 20).decode("utf-8", "replace")
    except OSError:
        return ""


#: The keys under which the event file names a file beside it (organisations' logos, the
#: venue's map, the attendee export; the certificates' check-in export, signatures and
#: secret): the files an output may print besides the YAML.
_FILE_KEYS = frozenset({"logo", "map", "file", "attended", "signature", "secret"})


def _files_beside(source: Source) -> str:
    """The name and content hash of each file beside the event file that the event names
    (logos, a map): what outputs print from it besides the YAML. Only those: a build
    reads nothing else in the source folder, and a folder of photos beside the event
    must not be read on every build. A file the loader refuses unread (not a regular
    file, or larger than any file the event may name: a sparse 50 GiB "logo") is keyed
    by its size and time, not read: the checks that follow stop the build with its
    located problem, at once."""
    from brochure.reading.attendees import MAX_CSV_BYTES

    largest = max(images.MAX_IMAGE_BYTES, MAX_CSV_BYTES)
    seen: dict[str, str] = {}
    for name in sorted(set(_named_files(source.data))):
        try:
            path = confine.resolve_inside(source.folder, name)
            found = path.stat()
        except (confine.OutsideError, OSError):
            continue  # the loader reports it
        if not stat.S_ISREG(found.st_mode) or found.st_size > largest:
            seen[name] = f"not read: {found.st_mode:o} {found.st_size} {found.st_mtime_ns}"
            continue
        seen[name] = _sha256_of(path) or ""
        seen.update(_referred_files(source.folder, name, path))
    return json.dumps(seen, sort_keys=True)


def _referred_files(folder: Path, name: str, path: Path) -> dict[str, str]:
    """The hash of each file an SVG named `name` refers to (an `<image>` beside it, an SVG
    in it referring to more): printed with the logo, so part of what the output is made
    from. Read through the image gate's own resolver, so exactly the files a build reads;
    an image the gate refuses is the loader's to report, and adds nothing here. Only
    regular files within the image limit are read, never more than the limit: a pipe
    is not waited on, a sparse giant not read."""
    try:
        data = read_regular_file(path, images.MAX_IMAGE_BYTES + 1)
    except (OSError, ValueError):
        return {}
    if len(data) > images.MAX_IMAGE_BYTES:
        return {}
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff")):
        return {}  # a raster refers to nothing
    read = load.beside(folder, name)
    base = PurePosixPath(name.replace("\\", "/")).parent
    found: dict[str, str] = {}

    def recording(reference: str) -> bytes:
        # As load.beside resolves it; looked at before it is read.
        try:
            target = confine.resolve_inside(folder, str(base / unquote(reference)))
            looked = target.stat()
        except confine.OutsideError as error:
            raise images.ImageError(str(error)) from None
        if not stat.S_ISREG(looked.st_mode) or looked.st_size > images.MAX_IMAGE_BYTES:
            raise images.ImageError(f"'{reference}' is not an image file within the limit")
        content = read(reference)
        found[f"{name} -> {reference}"] = hashlib.sha256(content).hexdigest()
        return content

    # Refused or unreadable: the build stops at the loader's problem, and the files read
    # before the refusal are still in found.
    with contextlib.suppress(images.ImageError, OSError, RecursionError):
        images.inspect(data, recording)
    return found


def _named_files(data: Any, key: str = "") -> Iterable[str]:
    """Every text under a _FILE_KEYS key, anywhere in the event's plain data."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _named_files(v, str(k))
    elif isinstance(data, list):
        for item in data:
            yield from _named_files(item, key)
    elif isinstance(data, str) and key in _FILE_KEYS:
        yield data


def _package_fingerprint() -> str:
    """brochure's version and the size and time of each of its files: a new brochure (or
    a changed one, in development) renders anew."""
    found: list[tuple[tuple[str, ...], os.stat_result]] = []
    folders: list[tuple[str, ...]] = [()]
    # os.scandir, not Path.rglob: a third of the time (each entry's kind comes with its
    # name). As rglob: links to folders not followed, links to files followed.
    while folders:
        inside = folders.pop()
        with contextlib.suppress(OSError), os.scandir(PACKAGE.joinpath(*inside)) as entries:
            for entry in entries:
                if entry.name == "__pycache__":
                    continue
                with contextlib.suppress(OSError):
                    if entry.is_dir(follow_symlinks=False):
                        folders.append((*inside, entry.name))
                    elif entry.is_file():
                        found.append(((*inside, entry.name), entry.stat()))
    parts = [__version__]
    for names, status in sorted(found, key=lambda pair: pair[0]):
        parts.append(f"{'/'.join(names)}:{status.st_size}:{status.st_mtime_ns}")
    return "\n".join(parts)
