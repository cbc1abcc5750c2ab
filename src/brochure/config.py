"""The one resolved build config, as plain data: what the command line asked for, and what
a build needs to know besides the event.

Resolving it (reading the event file, laying the command line over its settings, each
output settling its own options) is commands/prepare.resolve's job: options meet once,
there, as in MkDocs' `load_config`; nothing downstream merges them again. This module
reads nothing and knows no output by name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from brochure.engines.layouts import LayoutPath
from brochure.engines.limits import Limits
from brochure.i18n import Formatter
from brochure.reading import confine

if TYPE_CHECKING:
    from brochure.model import Event

DEFAULT_SOURCE = Path("source/event.yaml")
#: The event's JSON schema's file name beside the event file, as `brochure new` writes it
#: (brochure.schema makes it; named here, so that the command line's help does not
#: import the schema's generator).
SCHEMA_FILE = "event.schema.json"
#: The first line of an event file that points editors at the schema beside it
#: (yaml-language-server resolves a relative path from the YAML file's folder).
MODELINE = f"# yaml-language-server: $schema={SCHEMA_FILE}"
#: The output folder, inside the project folder (the one that holds `source/`).
OUTPUT_FOLDER = "output"

T = TypeVar("T")


@dataclass(frozen=True)
class CommandLine:
    """What the command line asked for; None where it said nothing."""

    source: Path = DEFAULT_SOURCE
    """The event file."""
    output: Path | None = None
    """The output folder; default: `output/` in the project folder."""
    only: tuple[str, ...] | None = None
    """Names of the outputs to build; default: all."""
    layouts: Path | None = None
    """A folder of layouts searched before the project's and the defaults."""
    strict: bool = False
    """Warnings (a name the fonts cannot draw, an image not loaded) fail the build."""
    limits: Limits | None = None
    """Time and memory the rendering may take in a child process; None: render in this
    process, unbounded (the Python API's default; the command always bounds it)."""
    force: bool = False
    """Render every chosen output, even those whose inputs did not change."""
    flags: Mapping[str, Any] = field(default_factory=dict)
    """The outputs' own flags (outputs.base.Flag.dest -> value; absent or None where not
    given): `{"badge_layout": "cr80", "print_shop": True}`."""

    @classmethod
    def of(cls, **given: Any) -> CommandLine:
        """A command line from keywords, those that are not its fields taken as outputs'
        flags: `CommandLine.of(source=path, badge_layout="cr80")`."""
        names = {f.name for f in dataclasses.fields(cls)}
        flags = {**given.pop("flags", {}), **{k: v for k, v in given.items() if k not in names}}
        return cls(**{k: v for k, v in given.items() if k in names}, flags=flags)


@dataclass(frozen=True)
class BilingualEdition:
    """A bilingual edition: one pack printed in two of the event's languages at once,
    the first first (the brochure's `bilingual` setting asks for it)."""

    languages: tuple[str, str]
    """The two, first first, as the event's `languages` write them: (fr-CA, en-CA)."""
    second: Event
    """The event read in the second language (the pack's own event is in the first)."""

    @property
    def folder(self) -> str:
        """Its folder in the output folder, named by its languages in order: `fr+en`."""
        return "+".join(self.languages)

    @cached_property
    def second_fmt(self) -> Formatter:
        """The second language's Formatter: its dates, times, places and fixed words."""
        return Formatter.for_language(self.languages[1])


@dataclass(frozen=True)
class BuildConfig:
    """Everything a build needs to know besides the event, resolved once."""

    source: Path
    """The event file."""
    output_dir: Path
    """Where the pack is written."""
    layouts: LayoutPath
    """Where layout files are looked up, first match wins."""
    outputs: tuple[str, ...]
    """The outputs to build, by name, in the registry's order."""
    strict: bool
    limits: Limits | None
    built_at: dt.datetime
    """The build's timestamp (SOURCE_DATE_EPOCH honoured), UTC."""
    language: str
    """BCP 47 tag of everything printed: the language of the pack being made."""
    languages: tuple[str, ...] = ()
    """Every language the event is printed in, a pack each (the first is the main one);
    default: language alone."""
    settings: Mapping[str, Any] = field(default_factory=dict)
    """Each output's settled options, by output name (only the outputs built, and those
    whose settings they use): each output's own frozen settings class."""
    bilingual: BilingualEdition | None = None
    """The bilingual edition this config prints (its first language is `language`);
    None for a pack in one language."""
    fmt: Formatter = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fmt", Formatter.for_language(self.language))
        if not self.languages:
            object.__setattr__(self, "languages", (self.language,))

    def in_language(self, language: str) -> BuildConfig:
        """This config for the pack in language (one of languages)."""
        return self if language == self.language else dataclasses.replace(self, language=language)

    def settings_of(self, output: str, kind: type[T]) -> T:
        """The settled options of an output, as its settings class.

        Raises LookupError when that output was not settled for this build (it is
        neither built nor used by an output built: Output.uses)."""
        settled = self.settings.get(output)
        if not isinstance(settled, kind):
            raise LookupError(f"no settings of '{output}' in this build")
        return settled

    def pack_file(self, name: str) -> str:
        """Where an output's file goes in the output folder: `brochure.pdf`, or
        `es/brochure.pdf` when the event is printed in several languages, and
        `fr+en/brochure.pdf` in a bilingual edition."""
        if self.bilingual is not None:
            return f"{self.bilingual.folder}/{name}"
        return f"{self.language}/{name}" if len(self.languages) > 1 else name

    @property
    def source_dir(self) -> Path:
        """The folder of event.yaml: the only place event files (logos, CSV) are read from."""
        return self.source.parent

    @cached_property
    def readable_folders(self) -> tuple[Path, ...]:
        """Every folder a renderer may read from: the source folder, then the layouts."""
        return (self.source_dir.resolve(), *self.layouts.folders)

    def asset(self, name: str) -> Path:
        """A file named in the event, confined to the source folder (OutsideError)."""
        return confine.resolve_inside(self.source_dir, name)


def project_of(source: Path) -> Path:
    """The project folder: the one that holds the source folder (`source/`)."""
    return source.absolute().parent.parent
