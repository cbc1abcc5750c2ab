"""`brochure badge`: the badges of one or a few people now, at the door, and a walk-in's.

The event is loaded and checked as a build does it (commands/prepare), in a child under
the limits; the people asked for are found (door/find.py), a walk-in given on the
command line is checked and appended to walk-ins.csv (door/register.py) before anything
is drawn, and their badges are drawn by the badges output's own code on the door's card
(door/cards.py). The PDF is written (`output/badges-door/ID.pdf`, or `-o FILE`) by a
rename, never through a link, and sent to a printer with lp when asked (door/printing.py,
the printer checked before anything is made).

`-o` names a PDF of the door's own, checked before anything is made or registered: a
name ending in .pdf, outside the source folder (the event file, its exports and
walk-ins.csv, which exist nowhere else), the layout folders and the pack's output folder,
and no existing file but a badge the door wrote (unless --force).
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from brochure.bound import Folder, rename
from brochure.config import OUTPUT_FOLDER, CommandLine, project_of
from brochure.door import printing
from brochure.door.cards import DOOR_KEYWORDS, FOLDER
from brochure.door.register import WalkIn
from brochure.engines.layouts import LayoutPath
from brochure.engines.limits import Limits, run_limited
from brochure.errors import BuildError, InputError, Problem, UsageError

#: Suffixes by which the first word is the event file, not a person asked for.
SOURCE_SUFFIXES = (".yaml", ".yml")
#: The longest file name the door writes, in characters (before .pdf).
MAX_NAME = 100
#: The largest existing file -o may replace as a badge the door wrote, in bytes (a
#: door's PDF of a few badges is well under 1 MiB); a larger one is not looked into.
MAX_REPLACED_BYTES = 32 * 1024 * 1024
#: What brochure's card engine writes as a PDF's /Creator (engines/cards_pdf.Info).
CREATOR = "brochure"


@dataclass(frozen=True)
class DoorRequest:
    """What `brochure badge` was asked for."""

    cli: CommandLine
    """The event file, layouts, --badge-layout, --strict and the limits, as build's."""
    who: tuple[str, ...] = ()
    """What was typed or scanned for each person: an id, a code, an e-mail, a name."""
    walk_in: WalkIn | None = None
    """A person in neither the event file nor the export, to register."""
    output: Path | None = None
    """The PDF to write; default: badges-door/ in the output folder."""
    print_to: str | None = None
    """The printer to send it to ('' the default one); None: not printed."""
    force: bool = False
    """-o may replace an existing file that is not a badge the door wrote."""
    language: str | None = None
    """The language the badges are printed in (one of the event's); None: its first."""


@dataclass(frozen=True)
class DoorBadges:
    """What `brochure badge` did."""

    path: Path
    """The PDF written."""
    people: tuple[str, ...]
    """Each badge's person, as the door names them: name (id, organisation)."""
    registered: str | None = None
    """The walk-in's line, when one was registered: their name and id, and the file."""
    sent: printing.Sent | None = None
    seconds: float = 0.0

    def said(self) -> list[str]:
        """What the terminal is told, line by line."""
        lines = [f"badge of {person}" for person in self.people]
        if self.registered:
            lines.append(self.registered)
        lines.append(f"wrote {self.path} in {self.seconds:.1f} s")
        if self.sent:
            lines.append(f"sent to the printer {self.sent.printer}: {self.sent.answer}")
        return lines


@dataclass(frozen=True)
class _Made:
    """What the child hands back."""

    pdf: bytes
    people: tuple[str, ...]
    registered: str | None
    sides: str | None
    first: str
    """The first person's id, which names the file."""
    count: int = field(default=1)


def request_of(args: argparse.Namespace) -> DoorRequest:
    """The request of `brochure badge`'s arguments: the first word is the event file
    when it ends in .yaml or .yml, the others are people asked for."""
    from brochure.config import DEFAULT_SOURCE

    words = list(args.words)
    source = DEFAULT_SOURCE
    if words and words[0].lower().endswith(SOURCE_SUFFIXES):
        source = Path(words.pop(0))
    fields = ("name", "given", "family", "organisation", "country", "role", "email")
    given = {name: getattr(args, name) for name in fields}
    walk_in = WalkIn(**given) if any(value is not None for value in given.values()) else None
    if not words and walk_in is None:
        raise UsageError(
            "say whose badge: an id, what their QR code says, an e-mail address or a name "
            '(or a walk-in: --name "Ana Silva" --organisation ... --role attendee)'
        )
    cli = CommandLine.of(
        source=source,
        only=("badges",),
        layouts=args.layouts,
        strict=args.strict,
        limits=Limits(seconds=args.timeout, megabytes=int(args.memory)),
        badge_layout=args.badge_layout,
    )
    printer = args.printer if args.printer is not None else ("" if args.print_it else None)
    return DoorRequest(
        cli,
        tuple(words),
        walk_in,
        args.output,
        printer,
        force=getattr(args, "force", False),
        language=getattr(args, "language", None),
    )


def badge(request: DoorRequest) -> DoorBadges:
    """The badges asked for, written (and printed); what was done.

    Raises UsageError (misuse: an -o that is not a PDF of the door's own, see
    check_output), InputError (the event, or who was asked for: nobody fits, several
    do; a walk-in's field), BuildError or PrintError; nothing is written then (but a
    walk-in registered before a failure stays registered)."""
    began = time.perf_counter()
    if request.output is not None:
        check_output(request.output, request.cli, request.force)
    printer = None
    if request.print_to is not None:
        try:
            printer = printing.printer(request.print_to or None)
        except printing.PrintError as error:
            raise printing.PrintError(f"{error}; nothing was made, nobody registered") from None
    limits = request.cli.limits
    made: _Made = run_limited(_made, (request,), limits, "the badge") if limits else _made(request)
    path = _write(request, made)
    sent = printing.send(made.pdf, printer, made.sides) if printer is not None else None
    return DoorBadges(path, made.people, made.registered, sent, time.perf_counter() - began)


def _made(request: DoorRequest) -> _Made:
    """load -> check -> find -> register -> draw, in the child."""
    from brochure.commands.prepare import checked, resolve
    from brochure.door import register
    from brochure.door.cards import door_checks, door_config_in, door_layout, door_pdf, sides
    from brochure.door.find import describe, find

    config, source, problems = resolve(request.cli)
    # The event as the pack in the language asked for reads it (default: the first),
    # checked as a build checks it; of the badges' own checks, those of the badges made
    # here (door_checks), not every person's.
    config = door_config_in(config, request.language)
    event = checked(config, source, problems, door=True).event
    everyone = event.everyone
    found: list[Problem] = []
    people = []
    try:
        people = find(everyone, request.who, event.event.names_language)
    except InputError as error:
        found += error.problems
    walk_in = None
    if request.walk_in is not None:
        try:
            walk_in = register.checked(request.walk_in, everyone, event.event.language)
        except InputError as error:
            found += error.problems
    if found:
        raise InputError(found)
    registered = None
    if walk_in is not None:
        walk_in = register.register(walk_in, everyone, config.source)
        people.append(walk_in)
        registered = (
            f"registered {walk_in.name} as '{walk_in.key}' in "
            f"{config.source.parent / register.FILE}: every build from now on includes them"
        )
    layout = door_layout(event, config, chosen=request.cli.flags.get("badge_layout") is not None)
    door_checks(people, config)
    pdf = door_pdf(event, config, people, layout)
    return _Made(
        pdf,
        tuple(describe(person) for person in people),
        registered,
        sides(config, layout),
        people[0].key,
        len(people),
    )


def check_output(path: Path, cli: CommandLine, force: bool = False) -> None:
    """Whether -o may be written: a name ending in .pdf; not in the source folder (the
    event file, its exports and walk-ins.csv), a layout folder or the pack's output
    folder (but its badges-door/); not a folder; and, unless force, nothing there
    already but a badge the door wrote (a desk that prints into one file each time).

    Raises UsageError (exit 2) saying what -o names and what to do; nothing is made."""
    if path.is_dir():
        raise UsageError(f"-o: {path} is a folder; name the PDF file to write")
    if path.suffix.lower() != ".pdf":
        raise UsageError(
            f"-o: {path} does not end in .pdf; the door writes a badge's PDF, and only to a "
            "file named as one: name a file ending in .pdf (nothing was made or registered)"
        )
    project = project_of(cli.source)
    door = project / OUTPUT_FOLDER / FOLDER
    try:
        where = path.absolute().parent.resolve(strict=True)
    except (OSError, RuntimeError) as error:
        reason = getattr(error, "strerror", None) or "a loop of links"
        raise UsageError(f"-o: cannot write into {path.parent} ({reason})") from None
    guarded = [
        (
            cli.source.absolute().parent,
            "the source folder, beside the event file (its "
            "exports and walk-ins.csv exist nowhere else)",
        ),
        *(
            (folder, "a layout folder")
            for folder in LayoutPath.for_project(project, cli.layouts).folders
        ),
        (project / OUTPUT_FOLDER, "the output folder, whose files the build writes"),
    ]
    for folder, what in guarded:
        try:
            real = folder.resolve()
        except (OSError, RuntimeError):
            continue
        if where.is_relative_to(real) and not where.is_relative_to(_resolved(door)):
            raise UsageError(
                f"-o: {path} is in {what}: the door writes no file there; name a PDF "
                f"elsewhere, or leave -o out ({door}/ID.pdf); nothing was made or registered"
            )
    if os.path.lexists(path) and not force and not _door_badge(path):
        raise UsageError(
            f"-o: {path} is there already, and is not a badge the door wrote; nothing was "
            "made or registered (--force replaces it)"
        )


def _resolved(folder: Path) -> Path:
    try:
        return folder.resolve()
    except (OSError, RuntimeError):
        return folder.absolute()


def _door_badge(path: Path) -> bool:
    """Whether the file at path (a link not followed) is a PDF the door wrote: a regular
    file within MAX_REPLACED_BYTES that _is_door_badge."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return False
    with os.fdopen(descriptor, "rb") as stream:
        found = os.fstat(descriptor)
        if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_REPLACED_BYTES:
            return False
        return _is_door_badge(stream.read(MAX_REPLACED_BYTES + 1))


def _is_door_badge(data: bytes) -> bool:
    """Whether data is a PDF the door wrote: its document information names brochure as
    its creator and carries the door's keywords (a build's badges.pdf or certificates.pdf,
    also brochure's, is not the door's to replace)."""
    if not data.startswith(b"%PDF-") or len(data) > MAX_REPLACED_BYTES:
        return False
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            info = pdf.docinfo
            return (
                str(info.get("/Creator", "")) == CREATOR
                and str(info.get("/Keywords", "")) == DOOR_KEYWORDS
            )
    except (pikepdf.PdfError, ValueError, RuntimeError):
        return False


def _write(request: DoorRequest, made: _Made) -> Path:
    """The PDF written by a rename in its folder, never through a link: -o's file, or
    ID.pdf (ID-and-N-more.pdf) in the output folder's badges-door/, made when missing.
    -o's file replaces only what check_output allowed, looked at again in the folder
    opened (a file that appeared or changed since is not replaced: UsageError)."""
    own = request.output is None
    if request.output is not None:
        folder_path, name = request.output.parent, request.output.name
        try:
            folder = Folder(os.open(folder_path, os.O_RDONLY | os.O_DIRECTORY), folder_path)
        except OSError as error:
            raise UsageError(f"-o: cannot write into {folder_path} ({error.strerror})") from None
    else:
        output = project_of(request.cli.source) / OUTPUT_FOLDER
        folder = _door_folder(output)
        stem = made.first[:MAX_NAME]
        name = f"{stem}-and-{made.count - 1}-more.pdf" if made.count > 1 else f"{stem}.pdf"
    with folder:
        staged = f".{name}.{os.getpid()}.{secrets.token_hex(4)}"
        try:
            folder.write(staged, made.pdf, 0o644)
            there = folder.entry(name)
            if there is not None and not (own or request.force or _replaceable(folder, name)):
                folder.unlink(staged)
                raise UsageError(
                    f"-o: {folder.path / name} appeared meanwhile, and is not a badge "
                    "the door wrote; it was left as it is (--force replaces it)"
                )
            rename(folder.at(staged), folder.at(name), replace=there is not None)
        except FileExistsError:
            folder.unlink(staged)
            raise UsageError(
                f"-o: {folder.path / name} appeared meanwhile; it was left as it is"
            ) from None
        except OSError as error:
            raise BuildError(f"cannot write {folder.path / name}: {error.strerror}") from None
    return folder.path / name


def _replaceable(folder: Folder, name: str) -> bool:
    """Whether name in folder is a badge the door wrote (a link or a pipe is not)."""
    try:
        return _is_door_badge(folder.read(name, MAX_REPLACED_BYTES + 1))
    except OSError:
        return False


def _door_folder(output: Path) -> Folder:
    """badges-door/ in the output folder, each opened once and never through a link (the
    output folder through the user's own link, as a build writes it), made when missing."""
    if output.is_symlink() and output.lstat().st_uid != os.geteuid():
        raise BuildError(
            f"cannot write to {output}: it is a link another user made; brochure writes into "
            "a real folder, or through a link of your own"
        )
    try:
        output.mkdir(parents=True, exist_ok=True)
        top = Folder(os.open(output, os.O_RDONLY | os.O_DIRECTORY), output)
    except OSError as error:
        raise BuildError(f"cannot write to {output}: {error.strerror}") from None
    with top:
        try:
            return top.open(FOLDER)
        except FileNotFoundError:
            try:
                return top.make(FOLDER)
            except FileExistsError:
                return top.open(FOLDER)
            except OSError as error:
                raise BuildError(f"cannot make {output / FOLDER}: {error.strerror}") from None
        except OSError as error:
            raise BuildError(
                f"cannot write to {output / FOLDER}: it is a link or a file ({error.strerror}); "
                "the door writes into a real folder"
            ) from None
