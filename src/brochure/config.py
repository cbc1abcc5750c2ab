"""The one resolved build config: the command line over the event file over defaults.

As MkDocs' `load_config` does, options meet once, here: `resolve` reads the event file,
lays the command line over its settings, checks each (misuse of the command is a
UsageError, a wrong setting in the file a located Problem) and returns one frozen
BuildConfig. Nothing downstream merges options again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

import pydantic

from brochure import i18n, outputs
from brochure.buildtime import build_time
from brochure.cards.layout import CardLayout, available, load_layout
from brochure.engines.layouts import LayoutPath
from brochure.engines.limits import Limits
from brochure.errors import InputError, Problem, UsageError
from brochure.finishing.paper import LETTER, office_paper
from brochure.i18n import Formatter
from brochure.model import PDF_VARIANTS, BadgeOptions, BrochureOptions, Event
from brochure.reading import confine
from brochure.reading.load import Source, pack_languages, read_source
from brochure.reading.messages import closest

DEFAULT_SOURCE = Path("source/event.yaml")
#: The output folder, inside the project folder (the one that holds `source/`).
OUTPUT_FOLDER = "output"
#: Badge layouts live in this layout subfolder.
BADGE_LAYOUTS = "badges"
#: The brochure's PDF standard unless asked otherwise: accessible (ISO 14289-1).
ACCESSIBLE = "pdf/ua-1"
#: The print shop's: PDF/X-4 (ISO 15930-7), which keeps transparency live.
PRINT_SHOP = "pdf/x-4"


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
    badge_layout: str | None = None
    """A badge layout, over the event file's `badges.layout`."""
    strict: bool = False
    """Warnings (a name the fonts cannot draw, an image not loaded) fail the build."""
    limits: Limits | None = None
    """Time and memory the rendering may take in a child process; None: render in this
    process, unbounded (the Python API's default; the command always bounds it)."""
    force: bool = False
    """Render every chosen output, even those whose inputs did not change."""
    print_shop: bool | None = None
    """`--print-shop`, over the event file's `brochure.print_shop`."""
    pdf_variant: str | None = None
    """`--pdf-variant`, over the event file's `brochure.pdf_variant`."""
    badge_flip: Literal["long", "short"] | None = None
    """`--badge-flip`, over the event file's `badges.flip`."""


@dataclass(frozen=True)
class BadgeConfig:
    """How badges are printed: `badges:` in the file, `--badge-layout` over it."""

    layout: CardLayout
    blank: int
    """Blank badges after the named ones."""
    qr: Literal["id", "vcard"] | None
    back: Literal["programme"] | None
    flip: Literal["long", "short"] = "long"
    """The edge a duplex printer turns the sheet over: backs are mirrored to match."""
    chosen: bool = True
    """Whether the command line or the file named the layout; when not, each pack prints
    on its own office paper (BuildConfig.for_event)."""


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
    badges: BadgeConfig | None = None
    """Badge settings, when badges are built."""
    print_shop: bool = False
    """The brochure for a print shop: 3 mm bleed, crop marks, trim and bleed boxes,
    PDF/X-4, images checked at 300 dpi."""
    pdf_variant: str = ACCESSIBLE
    """The PDF standard the brochure is written to (model.PDF_VARIANTS): PDF/UA-1 by
    default, PDF/X-4 for a print shop, PDF/A on request; always tagged."""
    languages: tuple[str, ...] = ()
    """Every language the event is printed in, a pack each (the first is the main one);
    default: language alone."""
    fmt: Formatter = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fmt", Formatter.for_language(self.language))
        if not self.languages:
            object.__setattr__(self, "languages", (self.language,))

    def in_language(self, language: str) -> BuildConfig:
        """This config for the pack in language (one of languages)."""
        return self if language == self.language else dataclasses.replace(self, language=language)

    def for_event(self, event: Event) -> BuildConfig:
        """This config for the pack of event (the event in one of its languages): with no
        badge layout chosen, the sheet for the office paper where that pack is printed
        (finishing.paper.office_paper: the language's region, else the event's country),
        so an en-US pack of a London event prints on Letter and its en-GB pack on A4.

        Raises InputError when that layout's file (a project's own) is not valid.
        """
        if self.badges is None or self.badges.chosen:
            return self
        name = office_sheet(event.event.language, event.event.country)
        if name == self.badges.layout.name:
            return self
        layout = load_layout(self.layouts, BADGE_LAYOUTS, name)
        return dataclasses.replace(self, badges=dataclasses.replace(self.badges, layout=layout))

    def pack_file(self, name: str) -> str:
        """Where an output's file goes in the output folder: `brochure.pdf`, or
        `es/brochure.pdf` when the event is printed in several languages."""
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


def resolve(cli: CommandLine) -> tuple[BuildConfig, Source, list[Problem]]:
    """The config for this command line and event file, the file as read, and the
    problems found in the file's settings.

    Raises UsageError for misuse of the command (exit 2), InputError when the event file
    cannot be read at all.
    """
    project = project_of(cli.source)
    if cli.layouts is not None and not cli.layouts.is_dir():
        raise UsageError(f"--layouts: {cli.layouts} is not a folder")
    layouts = LayoutPath.for_project(project, cli.layouts)
    output_dir = _output_dir(cli.output, project)
    chosen = outputs.choose(cli.only)
    if cli.badge_layout is not None:
        choices = available(layouts, BADGE_LAYOUTS)
        if cli.badge_layout not in choices:
            raise UsageError(
                f"--badge-layout: no layout '{cli.badge_layout}'; choose from {', '.join(choices)}"
            )
    if cli.pdf_variant is not None and cli.pdf_variant not in PDF_VARIANTS:
        raise UsageError(
            f"--pdf-variant: '{cli.pdf_variant}' is not one of {', '.join(PDF_VARIANTS)}"
        )
    source = read_source(cli.source)
    problems: list[Problem] = []
    badges = None
    if "badges" in chosen:
        badges, found = _badge_config(cli, source, layouts)
        problems += found
    print_shop, pdf_variant = _brochure_settings(cli, source)
    languages = pack_languages(source.data)
    problems += _catalogues(source, languages)
    config = BuildConfig(
        source=cli.source,
        output_dir=output_dir,
        layouts=layouts,
        outputs=chosen,
        strict=cli.strict,
        limits=cli.limits,
        built_at=build_time(),
        language=languages[0],
        badges=badges,
        print_shop=print_shop,
        pdf_variant=pdf_variant,
        languages=languages,
    )
    return config, source, problems


def _output_dir(given: Path | None, project: Path) -> Path:
    """The output folder; misuse when it names a file (`-o brochure.pdf`)."""
    folder = given if given is not None else project / OUTPUT_FOLDER
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output: {folder} is a file; name the folder the pack goes into")
    if not folder.exists() and folder.suffix.lower() in outputs.FILE_SUFFIXES:
        raise UsageError(
            f"--output: {folder} looks like a file name; name the folder the pack goes "
            f"into (the pack is several files: {', '.join(outputs.all_files())})"
        )
    return folder


def _catalogues(source: Source, languages: tuple[str, ...]) -> list[Problem]:
    """A warning, once, for each language brochure has no catalogue for: its fixed
    words are printed in English (marked as English)."""
    have = ", ".join(name.replace("_", "-") for name in i18n.catalogues())
    return [
        source.problem(
            _where_language(source, tag),
            f"brochure has no catalogue for {tag}: its fixed words (Contents, Programme, "
            f"the badges' roles...) are printed in English (catalogues: {have})",
            warning=True,
        )
        for tag in languages
        if not i18n.has_catalogue(tag)
    ]


def _where_language(source: Source, tag: str) -> tuple[str | int, ...]:
    """Where the file names a language: its entry in `event.languages`, or `event.language`."""
    info = source.data.get("event")
    written = info.get("languages") if isinstance(info, dict) else None
    if isinstance(written, list):
        for index, item in enumerate(written):
            if isinstance(item, str) and item.strip().lower() == tag.lower():
                return ("event", "languages", index)
    return ("event", "languages") if written is not None else ("event", "language")


def _badge_config(
    cli: CommandLine, source: Source, layouts: LayoutPath
) -> tuple[BadgeConfig | None, list[Problem]]:
    """`badges:` from the file (invalid values are the loader's to report; defaults stand
    in), `--badge-layout` over its layout, the layout file loaded and checked."""
    options = BadgeOptions()
    with contextlib.suppress(pydantic.ValidationError):
        options = BadgeOptions.model_validate(source.data.get("badges") or {})
    name = cli.badge_layout or options.layout or _office_sheet(source)
    chosen = bool(cli.badge_layout or options.layout)
    choices = available(layouts, BADGE_LAYOUTS)
    if name not in choices:
        close = closest(name, choices)
        hint = f" (did you mean '{close}'?)" if close else ""
        problem = source.problem(
            ("badges", "layout"),
            f"'{name}' is not a badge layout; choose from {', '.join(choices)}{hint}, "
            f"or add layouts/{BADGE_LAYOUTS}/{name}.yaml",
        )
        return None, [problem]
    try:
        layout = load_layout(layouts, BADGE_LAYOUTS, name)
    except InputError as error:
        return None, list(error.problems)
    flip = cli.badge_flip or options.flip
    return BadgeConfig(layout, options.blank, options.qr, options.back, flip, chosen), []


def office_sheet(language: str, country: str | None) -> str:
    """The badge layout for the office paper where a pack in language is printed
    (finishing.paper.office_paper): letter-6 on Letter, a4-8 on A4."""
    return "letter-6" if office_paper(language, country) is LETTER else "a4-8"


def _office_sheet(source: Source) -> str:
    """office_sheet of the file's first language, before the event is read (each pack
    then takes its own: BuildConfig.for_event)."""
    info = source.data.get("event")
    country = info.get("country") if isinstance(info, dict) else None
    return office_sheet(
        pack_languages(source.data)[0], country if isinstance(country, str) else None
    )


def _brochure_settings(cli: CommandLine, source: Source) -> tuple[bool, str]:
    """print_shop and pdf_variant: the command line over `brochure:` in the file (whose
    invalid values are the loader's to report) over the defaults."""
    options = BrochureOptions()
    with contextlib.suppress(pydantic.ValidationError):
        options = BrochureOptions.model_validate(source.data.get("brochure") or {})
    print_shop = cli.print_shop if cli.print_shop is not None else options.print_shop
    variant = cli.pdf_variant or options.pdf_variant
    return print_shop, variant or (PRINT_SHOP if print_shop else ACCESSIBLE)
