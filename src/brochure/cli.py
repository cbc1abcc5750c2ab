"""The `brochure` command: build or check a print pack. Only this module prints."""

from __future__ import annotations

import argparse
import contextlib
import logging
import math
import sys
from collections.abc import Callable
from pathlib import Path

from brochure import __version__
from brochure.errors import BrochureError, InputError, UsageError
from brochure.textrules import for_terminal
from brochure.writer import InterruptedAfterWriting

#: Problems printed before the rest are only counted (a broken 50,000-row CSV).
MAX_PRINTED_PROBLEMS = 200
#: The largest --memory accepted, in MiB (1 TiB): past it, a typo rather than a limit.
MAX_MEMORY_MIB = 1024 * 1024
#: The largest --timeout accepted, in seconds (a week).
MAX_SECONDS = 7 * 24 * 3600

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def parser() -> argparse.ArgumentParser:
    from brochure.config import DEFAULT_SOURCE
    from brochure.model import PDF_VARIANTS
    from brochure.outputs import REGISTRY

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
        "written together; on any problem the output folder is left as it was.",
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
        "--only",
        type=_outputs(REGISTRY.names),
        metavar="NAMES",
        help="comma-separated outputs to build, the others in the output folder are left as "
        "they are (default: all: "
        + "; ".join(f"{output.name}: {output.summary}" for output in REGISTRY)
        + ")",
    )
    build_cmd.add_argument("--layouts", type=Path, metavar="DIR", help=layouts_help)
    build_cmd.add_argument(
        "--badge-layout",
        metavar="NAME",
        help="badge layout, over the event file's badges.layout (default: that, or a4-8)",
    )
    build_cmd.add_argument(
        "--print-shop",
        action="store_true",
        default=None,
        help="the brochure for a print shop: 3 mm bleed, crop marks, trim and bleed boxes, "
        "PDF/X-4, images checked at 300 dpi (default: the event file's brochure.print_shop, "
        "or an office print)",
    )
    build_cmd.add_argument(
        "--pdf-variant",
        choices=PDF_VARIANTS,
        metavar="VARIANT",
        help="the PDF standard the brochure follows: "
        + ", ".join(PDF_VARIANTS)
        + " (default: the event file's brochure.pdf_variant, else pdf/x-4 for a print shop "
        "and pdf/ua-1, accessible, otherwise); PDF/A (pdf/a-3b) keeps it for the records",
    )
    build_cmd.add_argument(
        "--badge-flip",
        choices=("long", "short"),
        help="the edge a duplex printer turns badge sheets over; each back lands behind "
        "its own front (default: the event file's badges.flip, or long)",
    )
    build_cmd.add_argument(
        "--strict",
        action="store_true",
        help="fail on any warning (a name the fonts cannot draw, an image not loaded) "
        "before anything is written (default: warnings are printed)",
    )
    _limits(build_cmd)

    check_cmd = commands.add_parser(
        "check",
        help="check the event file and layouts, write nothing",
        description="Check the event file, the files it names and the layouts, as a build "
        "would before rendering; nothing is written.",
    )
    _verbosity(check_cmd, after_command=True)
    check_cmd.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help=source_help)
    check_cmd.add_argument("--layouts", type=Path, metavar="DIR", help=layouts_help)
    check_cmd.add_argument(
        "--strict", action="store_true", help="warnings count as problems (default: they do not)"
    )
    _limits(check_cmd)

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
    return top


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


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:  # also while the renderers are still being imported
        print("interrupted; the output folder was left as it was", file=sys.stderr)
        return EXIT_INTERRUPTED


def _main(argv: list[str] | None) -> int:
    # Imported here, not at the top: an interrupt or a --help while brochure starts is
    # still answered by main().
    from brochure.commands.build import build
    from brochure.commands.check import check
    from brochure.config import CommandLine
    from brochure.engines.limits import Limits

    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:
        return EXIT_OK if exit_.code == 0 else EXIT_USAGE
    _configure_logging(args.debug, args.quiet, args.verbose)
    if args.command == "preflight":
        return _preflight(args)
    cli = CommandLine(
        source=args.source,
        output=getattr(args, "output", None),
        only=getattr(args, "only", None),
        layouts=args.layouts,
        badge_layout=getattr(args, "badge_layout", None),
        strict=args.strict,
        print_shop=getattr(args, "print_shop", None),
        pdf_variant=getattr(args, "pdf_variant", None),
        badge_flip=getattr(args, "badge_flip", None),
        limits=Limits(seconds=args.timeout, megabytes=int(args.memory)),
    )
    try:
        if args.command == "check":
            people = check(cli)
            _say(args, f"{cli.source}: ok ({people} {'person' if people == 1 else 'people'})")
            return EXIT_OK
        written = build(cli)
    except UsageError as error:
        _error(f"brochure {args.command}: error: {error}")
        return EXIT_USAGE
    except InputError as error:
        _print_problems(error, wrote_nothing=args.command == "build")
        return EXIT_FAILED
    except InterruptedAfterWriting as error:
        _error(str(error))
        return EXIT_INTERRUPTED
    except BrochureError as error:
        if args.debug:
            raise
        _error(f"error: {error}")
        return EXIT_FAILED
    except Exception as error:  # a bug in brochure: say so plainly, trace with --debug
        if args.debug:
            raise
        _error(
            f"error: brochure failed unexpectedly ({type(error).__name__}: {error}); "
            "the output folder was left as it was. Run with --debug for details."
        )
        return EXIT_FAILED
    # The pack is written: what goes wrong from here must not say otherwise.
    try:
        for path in written:
            _say(args, f"wrote {path}")
    except KeyboardInterrupt:
        _error("interrupted; the new pack was written whole")
        return EXIT_INTERRUPTED
    except OSError as error:
        with contextlib.suppress(OSError):
            _error(f"the pack was written, but its list could not be printed: {error}")
        return EXIT_FAILED
    return EXIT_OK


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
    # WeasyPrint's warnings reach the user through brochure's renderers, which name the
    # output they concern; its own logger speaks only with --debug.
    logging.getLogger("weasyprint").propagate = debug
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    logging.getLogger("pikepdf").setLevel(logging.WARNING)


class _TerminalFormatter(logging.Formatter):
    """Log lines with control and direction characters written out, never sent raw."""

    def format(self, record: logging.LogRecord) -> str:
        return for_terminal(super().format(record))


def _preflight(args: argparse.Namespace) -> int:
    """Print the preflight table; exit 1 when any check failed."""
    from brochure.commands.preflight import run
    from brochure.preflight import worst

    try:
        findings = run(args.target, args.print_shop)
    except BrochureError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    shown = [f for f in findings if not args.quiet or f.level != "ok"]
    widths = [max((len(getattr(f, key)) for f in shown), default=0) for key in ("file", "check")]
    for finding in shown:
        mark = {"ok": "ok", "warning": "WARNING", "error": "ERROR"}[finding.level]
        print(
            f"{finding.file:<{widths[0]}}  {finding.check:<{widths[1]}}  {mark:<7}  "
            f"{finding.detail}"
        )
    verdict = worst(findings)
    if verdict == "error":
        errors = sum(f.level == "error" for f in findings)
        print(f"{errors} check{'s' if errors != 1 else ''} failed", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _print_problems(error: InputError, wrote_nothing: bool) -> None:
    for problem in error.problems[:MAX_PRINTED_PROBLEMS]:
        _error(str(problem))
    hidden = len(error.problems) - MAX_PRINTED_PROBLEMS
    if hidden > 0:
        _error(f"... and {hidden} more problems")
    count = len(error.problems)
    tail = "; nothing was written" if wrote_nothing else ""
    _error(f"{count} problem{'s' if count != 1 else ''}{tail}")


def _error(text: str) -> None:
    """Print on stderr; event text in it cannot drive the terminal (escape sequences) or
    turn the line around (direction controls)."""
    print(for_terminal(text), file=sys.stderr)


def _say(args: argparse.Namespace, message: str) -> None:
    if not args.quiet:
        print(for_terminal(message))
