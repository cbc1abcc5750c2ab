"""What an output is: a part of the pack that declares everything about itself.

Sphinx's builders are the model: a builder declares its name and format and registers
its own configuration values; the application only asks. An Output here declares

- its files (each with its finish and how the preview shows it), and at most one folder it owns
  whole (a web programme of many files);
- its options: the section of the event file that holds them (`badges:`), the flags that
  override them on the command line, and `settle`, its own code that lays the command
  line over the file over the defaults (commands/prepare.resolve calls it, once);
- what it reads: the top-level keys of the event file (an allow-list: a change elsewhere
  never renders it again) and, of a list among them, the fields of each entry (the
  programme's items but for their descriptions), its layout folders, the files beside
  the event;
- its checks and its renderer, in a module imported only when they run, so `brochure
  check` never imports WeasyPrint or python-docx.

A new output is one package whose `__init__` holds its `OUTPUT`, and one line in
outputs/__init__.py.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Literal

from brochure.errors import Problem, UsageError
from brochure.finishing.finishes import FINISHES, PAGES, Finish

if TYPE_CHECKING:
    from brochure.config import BuildConfig
    from brochure.engines.layouts import LayoutPath
    from brochure.model import Event
    from brochure.reading.parts import Parts, Source

Render = Callable[["Event", "BuildConfig"], Mapping[str, bytes]]
"""Event and config in, file name -> bytes out; nothing written."""
Check = Callable[["Parts", "BuildConfig"], list[Problem]]
"""The event's pieces and the config in, located problems (errors or warnings) out."""

Preview = Literal["pages", "document", "calendar", "table", "site", "file"]
"""How `brochure serve` shows a file: a PDF's page images; a word processor's document
converted by LibreOffice, then its pages; a calendar's entries; a table's rows; a web
folder opened in the browser; or a link alone."""

#: The preview of a file with no declared one, by its ending.
_PREVIEW_BY_SUFFIX: dict[str, Preview] = {
    ".pdf": "pages",
    ".docx": "document",
    ".ics": "calendar",
    ".csv": "table",
}


@dataclass(frozen=True)
class File:
    """One file an output writes into the pack (or, with folder, one folder it owns whole)."""

    name: str
    """Its name in the pack: `brochure.pdf`; a folder's name: `programme`."""
    finish: str | None = None
    """How its printed sheets are finished (finishing/finishes.py: pages, imposed, cut,
    folded, sheets); None for what is not printed (a calendar, a list). A PDF with no
    finish declared is a booklet's pages."""
    preview: Preview | None = None
    """How the preview shows it; default: by its ending (a PDF's pages, ...)."""
    folder: bool = False
    """A folder the output owns whole: everything in it is the output's, replaced as one."""
    made_when: Callable[[BuildConfig], bool] | None = None
    """Whether a build makes it (certificates/ only with --split); None: always, when
    its output applies. What a build says it renders."""

    def __post_init__(self) -> None:
        if self.finish is None and self.name.lower().endswith(".pdf"):
            object.__setattr__(self, "finish", PAGES.name)
        if self.finish is not None and self.finish not in FINISHES:
            raise ValueError(f"{self.name}: no finish '{self.finish}' ({', '.join(FINISHES)})")
        if self.preview is None:
            kind = "site" if self.folder else _PREVIEW_BY_SUFFIX.get(self.suffix, "file")
            object.__setattr__(self, "preview", kind)
        if "/" in self.name or self.name.startswith(".") or not self.name:
            raise ValueError(f"'{self.name}' is not a file name of the pack")

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix.lower()

    @property
    def finished(self) -> Finish | None:
        """Its finish's rules, or None for a file that is not printed."""
        return FINISHES[self.finish] if self.finish else None


@dataclass(frozen=True)
class Flag:
    """A command-line option of an output, taken by `build`, `check` and `serve` alike."""

    option: str
    """As typed: `--badge-layout`."""
    help: str
    """For `--help`; says the default."""
    metavar: str | None = None
    choices: tuple[str, ...] | None = None
    """The values it takes, when they are fixed (argparse refuses others)."""
    switch: bool = False
    """An option without a value (`--print-shop`): True when given."""
    setting: str = ""
    """The field of the output's settings it sets (default: dest): `layout` for
    `--badge-layout`."""
    example: str = ""
    """A value it takes, for the documentation and the conformance test (default: its
    first choice)."""

    @property
    def dest(self) -> str:
        """Its key in CommandLine.flags and in the parsed arguments: `badge_layout`."""
        return self.option.lstrip("-").replace("-", "_")

    @property
    def field(self) -> str:
        """The field of the output's settings it sets."""
        return self.setting or self.dest


@dataclass(frozen=True)
class Settling:
    """What an output's `settle` has to go on: its flags and its section of the file."""

    flags: Mapping[str, Any]
    """Its own flags as given on the command line (dest -> value; None: not given)."""
    section: Any
    """Its section of the event file as written (None where the file has none); its
    wrong values are the loader's to report, the defaults stand in for them."""
    source: Source
    """The event file as read, to locate what is wrong in it (source.problem)."""
    layouts: LayoutPath
    """Where layout files are found (a layout an option names is checked here)."""

    def given(self, flag: str) -> Any:
        """The value of one of its flags, by dest; None when not given."""
        return self.flags.get(flag)

    def layout(
        self, folder: str, flag: str, written: str | None, kind: str
    ) -> tuple[str | None, list[Problem]]:
        """The sheet layout chosen: the flag (by dest) over the section's `layout:`
        (written), each checked to be a layout file in folder on the layout path
        (`badges`, which is also the section's key); kind names it in messages ("badge").
        A written name that is no layout is a problem located at `folder.layout`, and
        none is chosen (the default stands in).

        Raises UsageError for a flag that names no layout.
        """
        from brochure.cards.layout import available
        from brochure.reading.messages import closest

        choices = available(self.layouts, folder)
        given = self.given(flag)
        if given is not None and given not in choices:
            option = "--" + flag.replace("_", "-")
            raise UsageError(f"{option}: no layout '{given}'; choose from {', '.join(choices)}")
        name = given or written
        if name is None or name in choices:
            return name, []
        close = closest(name, choices)
        hint = f" (did you mean '{close}'?)" if close else ""
        problem = self.source.problem(
            (folder, "layout"),
            f"'{name}' is not a {kind} layout; choose from {', '.join(choices)}{hint}, "
            f"or add layouts/{folder}/{name}.yaml",
        )
        return None, [problem]


@dataclass(frozen=True)
class Template:
    """A layout template an output renders, and the typed context it is given."""

    name: str
    """Its file on the layout path: `badges/badges.html.j2`."""
    context: str
    """The context's class, as `module:Class` (imported only to document it):
    `brochure.outputs.badges.render:BadgeContext`. Its fields are the template's names."""


#: The fields that place a programme entry in the schedule: what it is called, when and
#: where it is, its kind, who takes part, whether and where it still takes place. Every
#: output that prints the schedule reads them (`entries("programme", *SCHEDULE, ...)`).
SCHEDULE = (
    "title",
    "date",
    "start",
    "end",
    "room",
    "venue",
    "kind",
    "chairs",
    "people",
    "status",
    "moved_from",
)


def entries(key: str, *names: str) -> dict[str, frozenset[str]]:
    """An Output's `fields`: of the list under key, the fields of each entry it reads
    (`entries("programme", "title", "start")`)."""
    return {key: frozenset(names)}


Settle = Callable[[Settling], tuple[Any, list[Problem]]]
"""An output's settling of its options: its settings (a frozen dataclass) and the problems
found in the file's section. Raises UsageError for misuse of a flag (exit 2)."""


def _no_settings(settling: Settling) -> tuple[None, list[Problem]]:
    return None, []


@dataclass(frozen=True)
class Output:
    """One part of the pack, declared whole (see the module's docstring)."""

    name: str
    """What `--only` calls it."""
    summary: str
    """One line for `--help`."""
    made: tuple[File | str, ...]
    """The files it writes (a File each; a plain name takes the defaults)."""
    module: str
    """The module that renders it, e.g. `brochure.outputs.badges.render`: it has
    `render(event, config) -> {file name: bytes}` and, when `checked`,
    `check(parts, config) -> [Problem]`."""
    reads: frozenset[str] = frozenset()
    """The top-level keys of the event file it reads: only a change there (or in its
    settings, layouts or files) renders it again (commands/freshness.py)."""
    fields: Mapping[str, frozenset[str]] = field(default_factory=dict, hash=False)
    """For a key of `reads` whose value is a list of mappings (`programme`, `people`), the
    fields of each entry it reads, an allow-list as `reads` is: `{"programme":
    frozenset({"title", "start", ...})}` (entries()). Only a change in those fields (or
    in the entries' count or order) renders it again; a key not named here is read whole.
    Each field named is one of the entry's in model.py (tests/test_house.py), and every
    field it leaves out is shown not to change what it prints (tests/test_fields.py)."""
    section: str | None = None
    """The event file's section holding its options (`badges`); its schema is in
    model.py, with the rest of the file's."""
    flags: tuple[Flag, ...] = ()
    settle: Settle = _no_settings
    """Its own settling of its options (see Settle); called once per build."""
    uses: tuple[str, ...] = ()
    """Other outputs whose settings it reads (the check-in list: the badges' QR codes),
    or one setting of one (`brochure.bilingual`: the badges print a bilingual edition's
    roles): they are settled whenever it is built, and it is rendered again when what it
    reads of them changes (commands/freshness.py), not when the rest does."""
    checked: bool = False
    """Whether the module has checks, run by `check` and before every build."""
    chunked: bool = False
    """Whether it renders in independent pieces in parallel (badges: sheets)."""
    layouts: tuple[str, ...] = ()
    """The layout subfolders it reads (`brochure`): a change there renders it again."""
    templates: tuple[Template, ...] = ()
    """The templates it renders, each with its context (the layout authors' reference:
    outputs/reference.py)."""
    assets: bool = False
    """Whether it prints files beside the event file (logos, a map)."""
    applies: Callable[[Event, BuildConfig], bool] | None = None
    """Whether the event has it at all (the check-in list only where badges carry ids);
    None: always. An output that does not apply is not rendered, and said so only when
    `--only` asked for it."""
    not_applying: str = ""
    """Why, when it does not: `badges carry no id (badges.qr is not `id`)`."""
    bilingual: str | None = None
    """The module that renders its bilingual edition, when it has one: `render(event,
    config)` (and `check(parts, config)`, when it has checks of its own), with both
    languages (config.bilingual). When a bilingual edition is asked for
    (`brochure.bilingual`), the output is rendered once more, in that edition's pack
    (`output/fr+en/`); None: it has no bilingual edition, and is not."""
    files_of: tuple[File, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = tuple(part if isinstance(part, File) else File(part) for part in self.made)
        object.__setattr__(self, "files_of", parts)
        if sum(part.folder for part in parts) > 1:
            raise ValueError(f"{self.name}: an output owns at most one folder")
        unread = set(self.fields) - self.reads
        if unread:
            raise ValueError(f"{self.name}: fields of {', '.join(sorted(unread))}, not read")

    @property
    def reads_said(self) -> str:
        """What it reads, in words for the reference: `` `event`, `programme` (of each
        entry: `start`, `title`) ``, the keys and their fields sorted."""
        said = []
        for key in sorted(self.reads):
            fields = self.fields.get(key)
            if fields is None:
                said.append(f"`{key}`")
            else:
                said.append(
                    f"`{key}` (of each entry: {', '.join(f'`{f}`' for f in sorted(fields))})"
                )
        return ", ".join(said)

    @property
    def used_outputs(self) -> tuple[str, ...]:
        """The outputs whose settings it uses, by name (`brochure` for
        `brochure.bilingual`)."""
        return tuple(dict.fromkeys(used.partition(".")[0] for used in self.uses))

    @property
    def files(self) -> tuple[str, ...]:
        """The names of the files (or the folder) it writes."""
        return tuple(part.name for part in self.files_of)

    def files_made(self, config: BuildConfig) -> tuple[str, ...]:
        """The names of the files (or the folder) a build with config makes (File.made_when)."""
        return tuple(
            part.name for part in self.files_of if part.made_when is None or part.made_when(config)
        )

    @property
    def folder(self) -> str | None:
        """The folder it owns whole, if it writes one."""
        return next((part.name for part in self.files_of if part.folder), None)

    def owns(self, name: str) -> bool:
        """Whether a file name it rendered (without a pack's language folder) is its own:
        one of its files, or a file inside its folder."""
        if name in self.files:
            return True
        folder = self.folder
        return folder is not None and name.startswith(folder + "/")

    def render(self, event: Event, config: BuildConfig) -> Mapping[str, bytes]:
        module = self.bilingual if config.bilingual is not None and self.bilingual else self.module
        render: Render = importlib.import_module(module).render
        return render(event, config)

    def check(self, parts: Parts, config: BuildConfig) -> list[Problem]:
        if config.bilingual is not None:
            # A bilingual edition's own checks (its languages' packs are checked apart).
            module = importlib.import_module(self.bilingual) if self.bilingual else None
            own: Check | None = getattr(module, "check", None)
            return own(parts, config) if own is not None else []
        if not self.checked:
            return []
        check: Check = importlib.import_module(self.module).check
        return check(parts, config)


class Registry:
    """The outputs of a pack, in build order; no two share a name, a file or a flag."""

    def __init__(self, *declared: Output) -> None:
        names: dict[str, Output] = {}
        files: dict[str, Output] = {}
        flags: dict[str, Output] = {}
        for output in declared:
            if output.name in names:
                raise ValueError(f"two outputs are called '{output.name}'")
            names[output.name] = output
            for name in output.files:
                if name in files:
                    raise ValueError(f"'{output.name}' and '{files[name].name}' both write {name}")
                files[name] = output
            for flag in output.flags:
                if flag.dest in flags:
                    raise ValueError(
                        f"'{output.name}' and '{flags[flag.dest].name}' both take {flag.option}"
                    )
                flags[flag.dest] = output
        for output in declared:
            for used in output.used_outputs:
                if used not in names:
                    raise ValueError(f"'{output.name}' uses the settings of no output '{used}'")
        self._outputs = declared
        self._by_file = files

    @classmethod
    def of(cls, *packages: str) -> Registry:
        """The outputs declared by these packages (`brochure.outputs.badges`: its OUTPUT),
        in this order."""
        return cls(*(importlib.import_module(package).OUTPUT for package in packages))

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

    def choose(self, only: Sequence[str] | None) -> tuple[str, ...]:
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

    def settled(self, chosen: Sequence[str]) -> tuple[str, ...]:
        """The outputs whose settings a build of chosen needs: those and the ones they use."""
        needed = {*chosen, *(used for name in chosen for used in self[name].used_outputs)}
        return tuple(name for name in self.names if name in needed)

    def files(self) -> tuple[str, ...]:
        """Every file name (and owned folder name) of the pack, in build order."""
        return tuple(name for output in self._outputs for name in output.files)

    def folders(self) -> tuple[str, ...]:
        """The names of the folders outputs own whole."""
        return tuple(output.folder for output in self._outputs if output.folder)

    def flags(self) -> Iterator[tuple[Output, Flag]]:
        """Every output's flags, in build order."""
        for output in self._outputs:
            for flag in output.flags:
                yield output, flag

    def file(self, name: str) -> File | None:
        """The declaration of a file of the pack by its name (`es/brochure.pdf` too: the
        language folder aside; a file inside an owned folder: that folder's)."""
        parts = PurePosixPath(name).parts
        for start in range(len(parts)):
            output = self._by_file.get(parts[start])
            if output is not None:
                return next(part for part in output.files_of if part.name == parts[start])
        return None

    def finish_of(self, name: str) -> Finish | None:
        """How the PDF of that name is finished (None when the pack has no such file)."""
        declared = self.file(name)
        return declared.finished if declared else None

    def preview_of(self, name: str) -> Preview:
        """How the preview shows the pack's file of that name."""
        declared = self.file(name)
        if declared is not None and declared.preview is not None:
            return declared.preview
        return _PREVIEW_BY_SUFFIX.get(PurePosixPath(name).suffix.lower(), "file")
