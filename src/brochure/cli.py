"""The `brochure` command: build or check a print pack. Only this module prints."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from brochure import __version__
from brochure.errors import BrochureError, InputError
from brochure.limits import Limits

DEFAULT_SOURCE = Path("source/event.yaml")
DEFAULT_OUTPUT = Path("output")
#: Problems printed before the rest are only counted (a broken 50,000-row CSV).
MAX_PRINTED_PROBLEMS = 200

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def parser(output_names: tuple[str, ...]) -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="brochure",
        description="Turn one YAML file of event data into a print pack.",
    )
    top.add_argument("--version", action="version", version=f"brochure {__version__}")
    top.add_argument("--debug", action="store_true", help="show tracebacks and details")
    top.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_cmd = commands.add_parser("build", help="build the print pack")
    build_cmd.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    build_cmd.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    build_cmd.add_argument(
        "--only",
        type=_outputs(output_names),
        metavar="NAMES",
        help=f"comma-separated outputs to build ({', '.join(output_names)}); "
        "the others in the output folder are left as they are",
    )
    build_cmd.add_argument("--layouts", type=Path, help="a folder of layouts to use first")
    build_cmd.add_argument("--badge-layout", help="badge layout, over the YAML's badges.layout")
    build_cmd.add_argument(
        "--strict", action="store_true", help="fail on any rendering warning (missing image, font)"
    )
    build_cmd.add_argument(
        "--timeout",
        type=_non_negative(float),
        default=Limits.seconds,
        metavar="SECONDS",
        help=f"stop rendering after this long (default {Limits.seconds:g}; 0: no limit)",
    )
    build_cmd.add_argument(
        "--memory",
        type=_non_negative(int),
        default=Limits.megabytes,
        metavar="MIB",
        help=f"stop rendering above this much memory (default {Limits.megabytes}; 0: no limit)",
    )

    check_cmd = commands.add_parser("check", help="validate the event file only")
    check_cmd.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    check_cmd.add_argument("--layouts", type=Path, help="a folder of layouts to use first")
    return top


def _non_negative(kind: type[float] | type[int]) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"'{text}' is negative")
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
    # Imported here, not at the top: WeasyPrint takes a second to import, and an
    # interrupt or a --help during that second is still answered by main().
    from brochure import badge_layout, build
    from brochure.layouts import LayoutPath
    from brochure.load import load_event

    try:
        args = parser(build.output_names()).parse_args(argv)
    except SystemExit as exit_:
        return EXIT_OK if exit_.code == 0 else EXIT_USAGE
    _configure_logging(args.debug, args.quiet)
    if args.layouts is not None and not args.layouts.is_dir():
        print(f"brochure: error: --layouts: {args.layouts} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "check":
            layouts = LayoutPath.for_source(args.source.parent, args.layouts)
            event = load_event(args.source, badge_layouts=badge_layout.available(layouts))
            _say(args, f"{args.source}: ok ({len(event.everyone)} people)")
            return EXIT_OK
        written = build.build(
            args.source,
            args.output,
            only=args.only,
            layouts=args.layouts,
            badge_layout=args.badge_layout,
            strict=args.strict,
            limits=Limits(seconds=args.timeout, megabytes=int(args.memory)),
        )
        for path in written:
            _say(args, f"wrote {path}")
        return EXIT_OK
    except InputError as error:
        _print_problems(error)
        return EXIT_FAILED
    except BrochureError as error:
        if args.debug:
            raise
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:  # a bug in brochure: say so plainly, trace with --debug
        if args.debug:
            raise
        print(
            f"error: brochure failed unexpectedly ({type(error).__name__}: {error}); "
            "the output folder was left as it was. Run with --debug for details.",
            file=sys.stderr,
        )
        return EXIT_FAILED


_console: logging.Handler | None = None


def _configure_logging(debug: bool, quiet: bool) -> None:
    """Print brochure's messages on stderr at the chosen verbosity.

    The verbosity is the console handler's level, not the loggers': warnings are still
    created under --quiet, so --strict counts them.
    """
    global _console
    root = logging.getLogger()
    if _console is not None:
        root.removeHandler(_console)
    _console = logging.StreamHandler(sys.stderr)
    _console.setLevel(logging.DEBUG if debug else logging.ERROR if quiet else logging.INFO)
    _console.setFormatter(
        logging.Formatter("%(levelname)s: %(message)s" if debug else "%(message)s")
    )
    root.addHandler(_console)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    # WeasyPrint's warnings reach the user through brochure's renderers, which name the
    # output they concern; its own logger speaks only with --debug.
    logging.getLogger("weasyprint").propagate = debug
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def _print_problems(error: InputError) -> None:
    for problem in error.problems[:MAX_PRINTED_PROBLEMS]:
        print(problem, file=sys.stderr)
    hidden = len(error.problems) - MAX_PRINTED_PROBLEMS
    if hidden > 0:
        print(f"... and {hidden} more problems", file=sys.stderr)
    count = len(error.problems)
    print(f"{count} problem{'s' if count != 1 else ''}; nothing was written", file=sys.stderr)


def _say(args: argparse.Namespace, message: str) -> None:
    if not args.quiet:
        print(message)
