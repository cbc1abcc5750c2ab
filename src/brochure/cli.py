"""The `brochure` command: build, check, serve, start or import an event. Only this module
(and console.py, which it calls) prints."""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import math
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from brochure import __version__
from brochure.errors import BrochureError, InputError, UsageError
from brochure.textrules import for_terminal
from brochure.writer import InterruptedAfterWriting

if TYPE_CHECKING:
    from brochure.config import CommandLine

#: Problems printed before the rest are only counted (a broken 50,000-row CSV).
MAX_PRINTED_PROBLEMS = 200
#: The largest --memory accepted, in MiB (1 TiB): past it, a typo rather than a limit.
MAX_MEMORY_MIB = 1024 * 1024
#: The largest --timeout accepted, in seconds (a week).
MAX_SECONDS = 7 * 24 * 3600

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
#: The preview's port on 127.0.0.1 (MkDocs' too: one preview at a time is the rule).
DEFAULT_PORT = 8000


def parser(importers: bool = True) -> argparse.ArgumentParser:
    """The command line's parser; without importers, `import` takes none of its systems
    (each importer's module is loaded to declare it: a command that is not `import`
    need not wait for them)."""
    from brochure.config import DEFAULT_SOURCE, MODELINE

    top = argparse.ArgumentParser(
        prog="brochure",
        description="Turn one YAML file of event data into a print pack.",
    )
    top.add_argument("--version", action="version", version=f"brochure {__version__}")
    _verbosity(top, after_command=False)
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    source_help = (
        f"the event file (default: {DEFAULT_SOURCE}); the project folder is the one "
        "that holds its folder"
    )
    layouts_help = (
        "a folder of layouts searched before the project's layouts/ and the shipped ones "
        "(default: none)"
    )
    build_cmd = commands.add_parser(
        "build",
        help="build the print pack",
        description="Build the print pack: every output is rendered first, then all are "
        "written together; on any problem the output folder is left as it was. A table of "
        "the files written ends the build.",
    )
    _verbosity(build_cmd, after_command=True)
    build_cmd.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help=source_help)
    build_cmd.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="DIR",
        help="the folder the pack is written to (default: output/ in the project folder)",
    )
    build_cmd.add_argument(
        "--force",
        action="store_true",
        help="render every output again (default: only those whose event data, layouts, "
        "settings or brochure itself changed since the last build into the folder)",
    )
    _rendering_options(build_cmd, layouts_help)

    check_cmd = commands.add_parser(
        "check",
        help="check the event file and layouts, write nothing",
        description="Check the event file, the files it names and the layouts, as a build "
        "would before rendering; nothing is written.",
    )
    _verbosity(check_cmd, after_command=True)
    check_cmd.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help=source_help)
    _rendering_options(check_cmd, layouts_help)
    preflight_cmd = commands.add_parser(
        "preflight",
        help="check a built PDF or pack as a print shop would",
        description="Check PDFs as a print shop does before printing: pages in whole "
        "folded sheets, fonts embedded, images' resolution at their printed size, bleed, "
        "no text within 3 mm of the trim, text contrast (WCAG AA). Prints a table; "
        "exit status 1 when a check fails.",
    )
    _verbosity(preflight_cmd, after_command=True)
    preflight_cmd.add_argument(
        "target",
        nargs="?",
        type=Path,
        metavar="PDF_OR_PACK",
        help="a PDF, or a folder of them (default: output/ in the project folder)",
    )
    preflight_cmd.add_argument(
        "--print-shop",
        action="store_true",
        help="the brochure is meant for a print shop: missing bleed is an error "
        "(default: bleed is checked where the file has a trim box)",
    )
    _limits(preflight_cmd)

    serve_cmd = commands.add_parser(
        "serve",
        help="preview the pack in a browser, rebuilt on every save",
        description="Build the pack into a temporary folder and show every page on a "
        "preview page in your browser; rebuild and reload it whenever the event file, the "
        "files beside it or the layouts change. A broken save shows its problems and keeps "
        "the last good pack. The output folder is not touched: run `brochure build` for it.",
    )
    _verbosity(serve_cmd, after_command=True)
    serve_cmd.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help=source_help)
    serve_cmd.add_argument(
        "-p",
        "--port",
        type=_bounded(int, 65535),
        default=DEFAULT_PORT,
        metavar="PORT",
        help=f"the port on 127.0.0.1 (default: {DEFAULT_PORT}; 0: any free port)",
    )
    serve_cmd.add_argument(
        "--open",
        action="store_true",
        help="open the preview in the web browser (default: print its address)",
    )
    serve_cmd.add_argument(
        "--door",
        action="store_true",
        help="serve the door page instead: find a person by part of a name or a scanned "
        "code, see their badge as it will print, print it (default: the preview)",
    )
    serve_cmd.add_argument(
        "--printer",
        metavar="NAME",
        help="with --door: the CUPS printer badges go to (default: the default printer)",
    )
    serve_cmd.add_argument(
        "--language",
        metavar="TAG",
        help="with --door: the language badges are printed in, one of the event's "
        "languages (default: its first)",
    )
    _rendering_options(serve_cmd, layouts_help)

    new_cmd = commands.add_parser(
        "new",
        help="start a new event folder that builds at once",
        description="Make DIR/source/event.yaml, an example event with every key explained "
        "in comments, a logos/ folder beside it and event.schema.json for editors; "
        "`brochure build` builds it at once. Existing files are never replaced without "
        "--force.",
    )
    _verbosity(new_cmd, after_command=True)
    new_cmd.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the project folder (default: the current folder)",
    )
    new_cmd.add_argument(
        "--force", action="store_true", help="replace existing files (default: refuse)"
    )

    schema_cmd = commands.add_parser(
        "schema",
        help="print the JSON Schema of the event file, for editors",
        description="Print the JSON Schema (draft 2020-12) of event.yaml, as editors that "
        "use yaml-language-server (VS Code's YAML extension) read it: save it beside the "
        "event file as event.schema.json and start the file with the line "
        f"`{MODELINE}`.",
    )
    _verbosity(schema_cmd, after_command=True)

    reference_cmd = commands.add_parser(
        "reference",
        help="print the layout authors' reference: every name a template can use",
        description="Print, as Markdown, every name each layout template can use (its "
        "type and what it holds), the types they lead to, and the filters: written from "
        "brochure's own code, so it is what this version gives.",
    )
    _verbosity(reference_cmd, after_command=True)

    badge_cmd = commands.add_parser(
        "badge",
        help="make the badges of a few people now, at the door (and print them)",
        description="Make the badges of one or a few people now: found by id, by what their "
        "QR code says, by e-mail address or by name (a name several people share lists "
        "them, and nothing is made). A walk-in, in neither the event file nor the "
        "registration export, is given with --name (and --organisation, --role...): they "
        "are added to walk-ins.csv beside the event file, which every build reads.",
    )
    _verbosity(badge_cmd, after_command=True)
    badge_cmd.add_argument(
        "words",
        nargs="*",
        metavar="[SOURCE] WHO",
        help=f"the event file when it ends in .yaml (default: {DEFAULT_SOURCE}), then who: an "
        "id, a scanned code, an e-mail address or a name, each quoted",
    )
    badge_cmd.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="the PDF to write, a name ending in .pdf outside the source, layout and output "
        "folders (default: output/badges-door/ID.pdf in the project folder)",
    )
    badge_cmd.add_argument(
        "--force",
        action="store_true",
        help="let -o replace an existing file that is not a badge the door wrote (default: refuse)",
    )
    walk_in = badge_cmd.add_argument_group("a walk-in (in neither the event file nor the export)")
    for field, words in (
        ("name", 'the name as the person writes it ("Ana Silva")'),
        ("given", "given name(s), printed large (default: none, the whole name is)"),
        ("family", "family name(s), printed under the given names"),
        ("organisation", "their organisation (also --organization)"),
        ("country", "their country: an ISO code (PT) or a name"),
        ("role", "attendee (default), speaker, organiser, moderator, rapporteur, staff, press"),
        ("email", "their e-mail address, never printed; tells two people of one name apart"),
    ):
        names = ["--organisation", "--organization"] if field == "organisation" else [f"--{field}"]
        walk_in.add_argument(*names, dest=field, metavar=field.upper(), help=words)
    badge_cmd.add_argument(
        "--print",
        action="store_true",
        dest="print_it",
        help="send the badges to the default printer with lp (default: only write the PDF)",
    )
    badge_cmd.add_argument(
        "--printer", metavar="NAME", help="send the badges to this CUPS printer (as --print)"
    )
    badge_cmd.add_argument(
        "--language",
        metavar="TAG",
        help="the language the badges are printed in, one of the event's languages "
        "(default: its first)",
    )
    badge_cmd.add_argument(
        "--badge-layout",
        metavar="NAME",
        help="the card layout, as it is (default: one card per page of the event's badge "
        "layout, its page the card: for badge printers and office printers alike)",
    )
    badge_cmd.add_argument("--layouts", type=Path, metavar="DIR", help=layouts_help)
    badge_cmd.add_argument(
        "--strict", action="store_true", help="fail on any warning (default: warnings are printed)"
    )
    _limits(badge_cmd)

    import_cmd = commands.add_parser(
        "import",
        help="make an event file from a conference system's export",
        description="Make an event file from another system's export (or, from a "
        "registration system's, the attendee list an event file reads), listing every "
        "field that has no place in it.",
    )
    _verbosity(import_cmd, after_command=True)
    if importers:
        _import_systems(import_cmd)
    return top


def _rendering_options(command: argparse.ArgumentParser, layouts_help: str) -> None:
    """What to render and how: the options `build`, `check` and `serve` share, each
    output's own flags among them (outputs/base.Flag: declared by the output)."""
    from brochure.outputs import REGISTRY

    command.add_argument(
        "--only",
        type=_outputs(REGISTRY.names),
        action="append",
        metavar="NAMES",
        help="comma-separated outputs to build (or check), the others in the output folder "
        "are left as they are; may be repeated (`--only timetable --only brochure`) "
        "(default: all: "
        + "; ".join(f"{output.name}: {output.summary}" for output in REGISTRY)
        + ")",
    )
    command.add_argument("--layouts", type=Path, metavar="DIR", help=layouts_help)
    for _output, flag in REGISTRY.flags():
        if flag.switch:
            command.add_argument(flag.option, action="store_true", default=None, help=flag.help)
        else:
            command.add_argument(
                flag.option, choices=flag.choices, metavar=flag.metavar, help=flag.help
            )
    command.add_argument(
        "--strict",
        action="store_true",
        help="fail on any warning (a name the fonts cannot draw, an image not loaded) "
        "before anything is written (default: warnings are printed)",
    )
    _limits(command)


def _limits(command: argparse.ArgumentParser) -> None:
    """--timeout and --memory: the bounds of the child process that loads and renders."""
    from brochure.engines.limits import Limits

    command.add_argument(
        "--timeout",
        type=_bounded(float, MAX_SECONDS),
        default=Limits.seconds,
        metavar="SECONDS",
        help=f"stop after this long (default: {Limits.seconds:g}; 0: no limit)",
    )
    command.add_argument(
        "--memory",
        type=_bounded(int, MAX_MEMORY_MIB),
        default=Limits.megabytes,
        metavar="MIB",
        help=f"stop above this much memory (default: {Limits.megabytes}; 0: no limit)",
    )


def _import_systems(command: argparse.ArgumentParser) -> None:
    """A subcommand of `import` for each importer of the registry: its export, the file
    to write, --force, and the limits of the child that reads it."""
    from brochure.config import DEFAULT_SOURCE
    from brochure.importing import IMPORTERS

    systems = command.add_subparsers(dest="system", required=True, metavar="SYSTEM")
    for importer in IMPORTERS.values():
        system = systems.add_parser(
            importer.name, help=importer.help, description=importer.description
        )
        _verbosity(system, after_command=True)
        system.add_argument(
            "export", type=Path, metavar=importer.metavar, help="the export, saved as a file"
        )
        makes_event = importer.makes == "event"
        default = DEFAULT_SOURCE if makes_event else DEFAULT_SOURCE.with_name("attendees.csv")
        system.add_argument(
            "-o",
            "--output",
            type=Path,
            default=default,
            metavar="FILE",
            help=f"the {'event file' if makes_event else 'attendee list (CSV)'} to write "
            f"(default: {default})",
        )
        system.add_argument(
            "--force", action="store_true", help="replace an existing file (default: refuse)"
        )
        _limits(system)


def _verbosity(command: argparse.ArgumentParser, after_command: bool) -> None:
    """-q, -v and --debug, accepted before the command and after it.

    After the command they default to SUPPRESS, so an option given before the command
    is not reset by the subcommand's own default.
    """
    group = command.add_argument_group("output on the terminal")
    default = argparse.SUPPRESS if after_command else False
    for flags, words in (
        (("-q", "--quiet"), "print only errors"),
        (("-v", "--verbose"), "say in detail what is being done"),
        (("--debug",), "show details and tracebacks"),
    ):
        group.add_argument(*flags, action="store_true", default=default, help=words)


def _bounded(kind: type[float] | type[int], most: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"'{text}' is not a finite number")
        if value < 0:
            raise argparse.ArgumentTypeError(f"'{text}' is negative")
        if value > most:
            raise argparse.ArgumentTypeError(f"'{text}' is more than {most:,g}")
        return value

    return parse


def _outputs(known: tuple[str, ...]) -> Callable[[str], tuple[str, ...]]:
    def parse(text: str) -> tuple[str, ...]:
        names = tuple(name.strip() for name in text.split(",") if name.strip())
        unknown = [name for name in names if name not in known]
        if unknown or not names:
            raise argparse.ArgumentTypeError(
                f"unknown output {', '.join(unknown) or '(none)'}; choose from {', '.join(known)}"
            )
        return names

    return parse


def run() -> NoReturn:
    """The `brochure` command: main() with this process's arguments, then the process
    ends with its exit status."""
    status = main()
    # The command is done: Python's last garbage collection at exit would look through
    # every object of every module imported (tens of milliseconds) for what the
    # operating system frees anyway. Frozen, they are left to it. (Files and folders are
    # closed and removed by the commands themselves, never by a collection at exit.)
    gc.freeze()
    sys.exit(status)


def main(argv: list[str] | None = None) -> int:
    with _interrupted_once():
        return _interruptible(argv)


@contextlib.contextmanager
def _interrupted_once() -> Iterator[None]:
    """Ctrl-C stops a command once: the first SIGINT raises KeyboardInterrupt, and those
    that follow while it stops (a second press, a held key) are ignored, so its stopping
    (temporary folders removed, locks released, "interrupted" said) is not cut short
    into a traceback."""

    interrupted = False

    def first(signum: int, frame: object) -> None:
        nonlocal interrupted
        interrupted = True
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGINT, first)
    except ValueError:  # not the main thread (a test): Python's own handling
        yield
        return
    try:
        yield
    finally:
        if not interrupted:  # else ignored until the process ends, which it is doing
            signal.signal(signal.SIGINT, previous)


def _interruptible(argv: list[str] | None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:  # `brochure ... | head`: the reader has what it wanted
        # Python's advice: point stdout at nothing, so its flush at exit is silent too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except KeyboardInterrupt:  # also while the renderers are still being imported
        print("interrupted; the output folder was left as it was", file=sys.stderr)
        return EXIT_INTERRUPTED


def _parsed(top: argparse.ArgumentParser, words: list[str]) -> argparse.Namespace:
    """The command line, options anywhere among a command's list of words (`badge
    event.yaml --language en "Layla"`): argparse gives a list (nargs="*") only the words
    before the first option, and leaves the rest unrecognised; they are the list's too.
    Anything else left over is refused as argparse refuses it (SystemExit)."""
    args, left = top.parse_known_args(words)
    if not left:
        return args
    listed = isinstance(getattr(args, "words", None), list)
    if listed and not any(word.startswith("-") for word in left):
        args.words += left
        return args
    return top.parse_args(words)


def _main(argv: list[str] | None) -> int:
    try:
        words = sys.argv[1:] if argv is None else argv
        args = _parsed(parser(importers="import" in words), words)
    except SystemExit as exit_:
        return EXIT_OK if exit_.code == 0 else EXIT_USAGE
    _configure_logging(args.debug, args.quiet, args.verbose)
    # Each command imports what it needs when it runs, not at the top: an interrupt or a
    # --help while brochure starts is still answered by main(), and `check` stays light.
    run = {
        "build": _build,
        "check": _check,
        "serve": _serve,
        "new": _new,
        "schema": _schema,
        "reference": _reference,
        "import": _import,
        "preflight": _preflight,
        "badge": _badge,
    }[args.command]
    try:
        return run(args)
    except UsageError as error:
        _error(f"brochure {args.command}: error: {error}")
        return EXIT_USAGE
    except InputError as error:
        _print_problems(
            error, wrote_nothing=args.command == "build", strict=getattr(args, "strict", False)
        )
        return EXIT_FAILED
    except InterruptedAfterWriting as error:
        _error(str(error))
        return EXIT_INTERRUPTED
    except BrochureError as error:
        if args.debug:
            raise
        _error(f"error: {error}")
        return EXIT_FAILED
    except BrokenPipeError:
        raise  # the reader of stdout went away: main() ends quietly
    except Exception as error:  # a bug in brochure: say so plainly, trace with --debug
        if args.debug:
            raise
        _error(
            f"error: brochure failed unexpectedly ({type(error).__name__}: {error}); "
            "the output folder was left as it was. Run with --debug for details."
        )
        return EXIT_FAILED


def _command_line(args: argparse.Namespace) -> CommandLine:
    """What build, check and serve were asked for."""
    from brochure.config import CommandLine
    from brochure.engines.limits import Limits
    from brochure.outputs import REGISTRY

    return CommandLine(
        source=args.source,
        output=getattr(args, "output", None),
        # Each --only adds its names (action="append"): one tuple, each name once.
        only=tuple(dict.fromkeys(name for names in args.only for name in names))
        if args.only
        else None,
        layouts=args.layouts,
        strict=args.strict,
        force=getattr(args, "force", False),
        limits=Limits(seconds=args.timeout, megabytes=int(args.memory)),
        flags={flag.dest: getattr(args, flag.dest) for _, flag in REGISTRY.flags()},
    )


def _check(args: argparse.Namespace) -> int:
    from brochure.commands.check import check

    cli = _command_line(args)
    people = check(cli)
    _say(args, f"{cli.source}: ok ({people} {'person' if people == 1 else 'people'})")
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    from brochure.commands.build import build
    from brochure.console import print_summary

    built = build(_command_line(args))
    # The pack is written: what goes wrong from here must not say otherwise.
    try:
        if not args.quiet:
            print_summary(built, sys.stdout, shown_as=_relative(built.folder))
    except KeyboardInterrupt:
        _error("interrupted; the new pack was written whole")
        return EXIT_INTERRUPTED
    except OSError as error:
        with contextlib.suppress(OSError):
            _error(f"the pack was written, but its list could not be printed: {error}")
        return EXIT_FAILED
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from brochure.commands.serve import serve

    def report(message: str, problems: Sequence[object] = ()) -> None:
        for problem in problems:
            _error(str(problem))
        _say(args, message)

    if args.language is not None and not args.door:
        raise UsageError("--language chooses the door page's language: use it with --door")
    if args.door:
        from brochure.commands.door import serve_door

        serve_door(
            _command_line(args),
            int(args.port),
            report,
            args.printer,
            args.open,
            language=args.language,
        )
    else:
        serve(_command_line(args), int(args.port), report, open_browser=args.open)
    return EXIT_OK


def _badge(args: argparse.Namespace) -> int:
    from brochure.commands.badge import badge, request_of

    for line in badge(request_of(args)).said():
        _say(args, line)
    return EXIT_OK


def _invoked(project: Path = Path(".")) -> str:
    """The command that runs brochure, as a hint to type it in project (a folder, after
    a cd to it): `brochure` when that is the one on the PATH, else the program as it was
    run (after `make pack`, .venv/bin/brochure, not on the PATH until the venv is
    activated), or `python3 -m brochure` as it was run that way (the interpreter by its
    name when that is the one on the PATH, else by its path)."""
    import shlex
    import shutil

    program = Path(os.path.abspath(sys.argv[0]))
    if program.name == "brochure" and program.is_file():
        on_path = shutil.which("brochure")
        if on_path and Path(on_path).resolve() == program.resolve():
            return "brochure"
        relative = os.path.relpath(program, os.path.abspath(project))
        return shlex.quote(min(relative, str(program), key=len))
    python = Path(sys.executable)
    found = shutil.which(python.name)
    same = found is not None and Path(found).resolve() == python.resolve()
    return f"{shlex.quote(python.name if same else str(python))} -m brochure"


def _as_invoked(text: str) -> str:
    """A message's `brochure check ...` hint (after `next: ` or a backquote) as the
    command that runs brochure here (_invoked)."""
    command = _invoked()
    return re.sub(r"(?:(?<=next: )|(?<=`))brochure (?=[a-z])", lambda _: f"{command} ", text)


def _new(args: argparse.Namespace) -> int:
    import shlex

    from brochure.commands.new import new

    made = new(args.folder, force=args.force)
    for path in made:
        _say(args, f"made {path}")
    project = args.folder
    steps = [] if project == Path(".") else [f"cd {shlex.quote(str(project))}"]
    command = _invoked(project)
    steps += [
        f"{command} serve    a preview in your browser, again after each save of "
        f"{made[0].relative_to(project)}",
        f"{command} build    the print pack, in output/",
    ]
    _say(args, "next: " + "\n      ".join(steps))
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from brochure.schema import schema_text

    # The schema is the command's product: printed under --quiet too.
    print(schema_text())
    return EXIT_OK


def _reference(args: argparse.Namespace) -> int:
    from brochure.outputs.reference import reference

    # The reference is the command's product: printed under --quiet too.
    print(reference(), end="")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from brochure.commands.import_ import check_event, convert_export, write
    from brochure.engines.limits import Limits, run_limited
    from brochure.errors import BuildError

    # An export from elsewhere is read, converted and checked in a child, under the
    # limits asked for; only once that finished are its files written, here: an import
    # stopped by a limit writes nothing, and may be run again as it was.
    limits = Limits(seconds=args.timeout, megabytes=int(args.memory))
    converted = run_limited(
        convert_export, (args.system, args.export, args.output, args.force), limits, "the import"
    )
    write(converted, args.force)
    more = []
    if converted.event is not None:
        # The event file beside an attendee list reads it by name: checked once written.
        try:
            more = run_limited(check_event, (converted,), limits, f"the check of {converted.event}")
        except BuildError as error:
            _say(args, f"wrote {converted.target} ({converted.summary})")
            raise BuildError(
                _as_invoked(
                    f"{error}; the list is written: `brochure check {converted.event}` checks it"
                )
            ) from None
    result = converted.imported(more)
    _say(args, f"wrote {result.path} ({result.summary})")
    for warning in result.warnings if not args.quiet else ():
        _error(str(warning))
    if result.placeholders:
        _say(args, "not in the export, filled with placeholders to replace:")
        for field in result.placeholders:
            _say(args, f"  {field}")
    if result.unmapped:
        _say(args, "in the export but not carried over (the event file has no place for them):")
        for field in result.unmapped:
            _say(args, f"  {field}")
    if result.problems:
        for problem in result.problems[:MAX_PRINTED_PROBLEMS]:
            _error(str(problem))
        count = len(result.problems)
        _error(
            f"{count} problem{'s' if count != 1 else ''} in {result.path}: "
            f"fix {'them' if count != 1 else 'it'} there "
            + _as_invoked(f"(`brochure check {result.path}` checks again)")
        )
        return EXIT_FAILED
    for line in result.next_steps:
        _say(args, _as_invoked(line))
    return EXIT_OK


def _relative(path: Path) -> Path:
    """path as the person typed it or relative to where they are, when it is below."""
    try:
        return path.absolute().relative_to(Path.cwd())
    except ValueError:
        return path


_console: logging.Handler | None = None


def _configure_logging(debug: bool, quiet: bool, verbose: bool) -> None:
    """Print brochure's messages on stderr at the chosen verbosity.

    The verbosity is the console handler's level, not the loggers': warnings are still
    created under --quiet, so --strict counts them.
    """
    global _console
    root = logging.getLogger()
    if _console is not None:
        root.removeHandler(_console)
    _console = logging.StreamHandler(sys.stderr)
    _console.setLevel(
        logging.DEBUG if debug or verbose else logging.ERROR if quiet else logging.INFO
    )
    # Under --debug, tracebacks keep their lines; otherwise a message is one line.
    _console.setFormatter(
        logging.Formatter("%(levelname)s: %(message)s") if debug else _TerminalFormatter()
    )
    root.addHandler(_console)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    # -v: brochure's own details (which layout files, what each step does); --debug:
    # every library's too.
    logging.getLogger("brochure").setLevel(logging.DEBUG if debug or verbose else logging.NOTSET)
    # WeasyPrint's warnings reach the user through brochure's renderers, which name the
    # output they concern; its own logger speaks only with --debug.
    logging.getLogger("weasyprint").propagate = debug
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    logging.getLogger("pikepdf").setLevel(logging.WARNING)
    _show_progress(quiet)


def _show_progress(quiet: bool) -> None:
    """Progress bars for long renderings, for a person at a terminal (not in a pipe, not
    in CI, not under --quiet)."""
    from brochure.engines.progress import log as progress_log

    for handler in list(progress_log.handlers):
        progress_log.removeHandler(handler)
    if quiet or not sys.stderr.isatty():
        return  # (and rich is not imported: `check` in a pipe stays quick)
    from brochure.console import ProgressDisplay, is_terminal

    if is_terminal(sys.stderr):
        progress_log.addHandler(ProgressDisplay(sys.stderr))


class _TerminalFormatter(logging.Formatter):
    """Log lines with control and direction characters written out, never sent raw."""

    def format(self, record: logging.LogRecord) -> str:
        return for_terminal(super().format(record))


def _preflight(args: argparse.Namespace) -> int:
    """Print the preflight table; exit 1 when any check failed."""
    from brochure.commands.preflight import run
    from brochure.engines.limits import Limits, run_limited
    from brochure.preflight import worst

    # A PDF from elsewhere is untrusted too: read in a child under the limits.
    limits = Limits(seconds=args.timeout, megabytes=int(args.memory))
    try:
        findings = run_limited(run, (args.target, args.print_shop), limits, "the preflight")
    except BrochureError as error:
        _error(f"error: {error}")
        return EXIT_FAILED
    shown = [f for f in findings if not args.quiet or f.level != "ok"]
    widths = [max((len(getattr(f, key)) for f in shown), default=0) for key in ("file", "check")]
    for finding in shown:
        mark = {"ok": "ok", "warning": "WARNING", "error": "ERROR"}[finding.level]
        _say(
            args,
            f"{finding.file:<{widths[0]}}  {finding.check:<{widths[1]}}  {mark:<7}  "
            f"{finding.detail}",
            always=True,
        )
    verdict = worst(findings)
    if verdict == "error":
        errors = sum(f.level == "error" for f in findings)
        _error(f"{errors} check{'s' if errors != 1 else ''} failed")
        return EXIT_FAILED
    return EXIT_OK


def _print_problems(error: InputError, wrote_nothing: bool, strict: bool = False) -> None:
    for problem in error.problems[:MAX_PRINTED_PROBLEMS]:
        _error(str(problem))
    hidden = len(error.problems) - MAX_PRINTED_PROBLEMS
    if hidden > 0:
        _error(f"... and {hidden} more problems")
    count = len(error.problems)
    warned = sum(problem.warning for problem in error.problems) if strict else 0
    # Under --strict warnings are what fails: say so, or "warning:" lines end in failure
    # with no word why.
    if warned == count:
        why = f" (warning{'s' if warned != 1 else ''}, refused under --strict)"
    elif warned:
        why = f" ({warned} of them warning{'s' if warned != 1 else ''}, refused under --strict)"
    else:
        why = ""
    tail = "; nothing was written" if wrote_nothing else ""
    _error(f"{count} problem{'s' if count != 1 else ''}{why}{tail}")


def _progress_handlers() -> list[logging.Handler]:
    return logging.getLogger("brochure.progress").handlers


def _error(text: str) -> None:
    """Print on stderr; event text in it cannot drive the terminal (escape sequences) or
    turn the line around (direction controls)."""
    if any(type(h).__name__ == "ProgressDisplay" for h in _progress_handlers()):
        # A rendering child stopped at a limit dies with its progress bar drawn and the
        # cursor hidden (rich hides it while drawing): clear the line, show the cursor.
        sys.stderr.write("\r\x1b[2K\x1b[?25h")
    print(for_terminal(text), file=sys.stderr)


def _say(args: argparse.Namespace, message: str, always: bool = False) -> None:
    """Print message on stdout (not under --quiet unless always), line by line, each made
    safe."""
    if always or not args.quiet:
        for line in message.split("\n"):
            print(for_terminal(line))
