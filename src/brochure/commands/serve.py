"""`brochure serve`: build, show every page on a local preview, rebuild on every save.

As MkDocs' `serve`: each build goes into a temporary folder of its own and is published
to the preview only when it succeeded; a broken save shows its located problems (on the
page and on the terminal) beside the last good pack. The output folder is never touched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import signal
import tempfile
import time
import webbrowser
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from brochure.commands.build import build
from brochure.config import CommandLine, project_of
from brochure.engines import weasy
from brochure.engines.layouts import LayoutPath
from brochure.engines.limits import run_limited
from brochure.engines.logcapture import captured
from brochure.errors import BrochureError, InputError, UsageError
from brochure.preview.pages import FilePreview, preview
from brochure.preview.server import Board, PreviewServer, Published, State

log = logging.getLogger(__name__)

Report = Callable[[str, Sequence[object]], None]
"""Tells the person at the terminal: a message, and the problems behind it."""

#: After the last change of a burst (an editor writing a file in steps), wait this long
#: before building, in milliseconds.
QUIET_MS = 100


class Session:
    """The builds of one `serve`: each in its own folder under scratch, the good ones
    published to the board."""

    def __init__(self, cli: CommandLine, scratch: Path, board: Board, report: Report) -> None:
        self.cli = cli
        self.scratch = scratch
        self.board = board
        self.report = report
        self.attempts = 0

    def rebuild(self) -> bool:
        """Build once; publish it when it is good. Whether it was.

        Raises UsageError (misuse of the command) only; every other failure is shown.
        """
        self.attempts += 1
        folder = self.scratch / f"build-{self.attempts}"
        began = time.perf_counter()
        last = self.board.current().published
        try:
            if last is not None:
                # Start from the last good pack (hard links: a build replaces files, it
                # never writes into them): its manifest lets the build render only what
                # changed, and the files kept keep their page images.
                shutil.copytree(last.pack, folder / "pack", copy_function=_link)
                shutil.copytree(last.images, folder / "pages", copy_function=_link)
            with captured("brochure") as warnings:
                built = build(replace(self.cli, output=folder / "pack"))
            made = _drawn(
                self.cli,
                built.folder,
                [p.relative_to(built.folder).as_posix() for p in built.paths],
                folder / "pages",
                self.scratch,
            )
            files = _merged(last.files if last else (), made, built.folder)
        except UsageError:
            raise
        except InputError as error:
            self._failed(folder, tuple(str(p) for p in error.problems), error.problems)
            return False
        except BrochureError as error:
            self._failed(folder, (str(error),), (error,))
            return False
        except Exception as error:  # a bug: keep serving the last good pack, say what broke
            log.debug("the build failed", exc_info=True)
            text = f"brochure failed unexpectedly ({type(error).__name__}: {error})"
            self._failed(folder, (text,), (text,))
            return False
        seconds = time.perf_counter() - began
        # Rendering runs in a child process, whose log reaches the terminal, not this
        # list: the build hands back what it warned about as texts.
        warnings = list(dict.fromkeys([*warnings, *built.warnings]))
        previous = self.board.publish(
            Published(
                title=built.title,
                files=files,
                pack=built.folder,
                images=folder / "pages",
                finished=dt.datetime.now().replace(microsecond=0),
                seconds=seconds,
                warnings=tuple(warnings),
            )
        )
        if previous is not None:
            shutil.rmtree(previous.pack.parent, ignore_errors=True)
        count, kept = len(built.files), len(built.unchanged)
        same = f" ({kept} unchanged)" if kept else ""
        self.report(f"built {count} file{'s' if count != 1 else ''}{same} in {seconds:.1f} s", ())
        return True

    def gone(self, change: Gone) -> None:
        """Say on the page and the terminal that a folder a build needs went away (the
        pack shown is the last good one, until it is back)."""
        kept = "the preview keeps the last good pack" if self.board.current().published else ""
        text = f"{change.said}; brochure builds again when it is back" + (
            f"; {kept}" if kept else ""
        )
        self.board.fail((text,))
        self.report(text, ())

    def _failed(self, folder: Path, lines: tuple[str, ...], problems: Sequence[object]) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        self.board.fail(lines)
        kept = "the preview keeps the last good pack" if self.board.current().published else ""
        count = len(lines)
        self.report(
            f"{count} problem{'s' if count != 1 else ''}" + (f"; {kept}" if kept else ""),
            problems,
        )


def _drawn(
    cli: CommandLine, pack: Path, names: list[str], images: Path, office: Path
) -> tuple[FilePreview, ...]:
    """What the page shows of each named file (preview.pages.preview), made under the
    command's limits as rendering is: in a child process stopped at --timeout or above
    --memory (page images are large, and LibreOffice converts the concept note there)."""
    if cli.limits:
        return run_limited(preview, (pack, names, images, office), cli.limits, "the preview")
    return preview(pack, names, images, office)


def _link(source: str, target: str) -> None:
    """A hard link, or a copy where links cannot be made."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _merged(
    before: Sequence[FilePreview], made: Sequence[FilePreview], pack: Path
) -> tuple[FilePreview, ...]:
    """The previews of the pack: those just made, and the last build's for the files kept
    as they were, in the order the files were first shown."""
    shown = {file.name: file for file in before if (pack / file.name).exists()}
    shown.update((file.name, file) for file in made)
    return tuple(shown.values())


def watched(cli: CommandLine) -> tuple[Path, ...]:
    """What a save in triggers a build: the event's folder (the file, its logos and
    CSV) and every layout folder."""
    source_folder = cli.source.parent
    if not source_folder.is_dir():
        raise UsageError(f"{cli.source}: there is no folder {source_folder}")
    if cli.layouts is not None and not cli.layouts.is_dir():
        raise UsageError(f"--layouts: {cli.layouts} is not a folder")
    layouts = LayoutPath.for_project(project_of(cli.source), cli.layouts)
    return (source_folder.resolve(), *layouts.folders)


def serve(
    cli: CommandLine,
    port: int,
    report: Report,
    changes: Callable[[tuple[Path, ...]], Iterable[object]] | None = None,
    open_browser: bool = False,
) -> None:
    """Build, serve the preview on 127.0.0.1:port, rebuild on every change until Ctrl-C;
    open_browser opens it in the person's web browser (Python's webbrowser: $BROWSER).

    changes yields once per burst of saves in the folders it is given (default: _watch,
    which also follows folders made, removed and made again), or a Gone when a folder a
    build needs went away (said on the page and the terminal; the next change rebuilds).
    Raises UsageError for misuse (a folder that is not there, a port in use).
    """
    folders = watched(cli)
    if cli.limits:
        # Rendering runs in a forked child per build: WeasyPrint imported once here is
        # inherited by every child instead of being imported again by each.
        weasy.imported()
    with tempfile.TemporaryDirectory(prefix="brochure-serve-") as scratch:
        board = Board(State(source=str(cli.source)))
        session = Session(cli, Path(scratch), board, report)
        session.rebuild()
        try:
            server = PreviewServer(port, board)
        except OSError as error:
            raise UsageError(
                f"--port: cannot serve on 127.0.0.1:{port} ({error.strerror}); "
                "another preview may be running there (--port 0 takes any free port)"
            ) from None
        with server, _stopped_by_sigterm():
            server.serve_in_background()
            report(f"preview on {server.url} (Ctrl-C stops it)", ())
            if open_browser:
                webbrowser.open(server.url)
            watching = changes or (lambda tops: _watch(tops, again=lambda: watched(cli)))
            try:
                for change in watching(folders):
                    if isinstance(change, Gone):
                        session.gone(change)
                    else:
                        session.rebuild()
            except KeyboardInterrupt:
                pass
            finally:
                server.shutdown()
        report("stopped", ())


@contextlib.contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """SIGTERM (a closing terminal, a process manager) stops the preview as Ctrl-C does,
    so its temporary folder is removed."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (a test): nothing to restore
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


#: What a build reads: a change to any other file (an editor's temporary one) is no save.
WATCHED_SUFFIXES = frozenset(
    {".yaml", ".yml", ".csv", ".svg", ".png", ".jpg", ".jpeg", ".css", ".j2", ".docx"}
)
#: Most folders watched: inotify watches are a shared, limited resource.
MAX_WATCHED_FOLDERS = 500


def _folders_within(folders: tuple[Path, ...]) -> list[Path]:
    """Each folder and the folders inside it, links not followed (a `logos/usr` link to
    /usr is not watched), at most MAX_WATCHED_FOLDERS."""
    found: list[Path] = []
    for top in folders:
        for here, subfolders, _ in os.walk(top, followlinks=False):
            found.append(Path(here))
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            if len(found) >= MAX_WATCHED_FOLDERS:
                return found
    return found


@dataclass(frozen=True)
class Gone:
    """A folder a build needs is not there (removed, or renamed away): said is why."""

    said: str


#: How often the watch looks whether the folders it watches are still the same ones (a
#: folder removed and made again, or renamed away, takes its watch with it), seconds.
LOOK_SECONDS = 0.5


def _watch(
    folders: tuple[Path, ...], again: Callable[[], tuple[Path, ...]] | None = None
) -> Iterator[object]:
    """Once per burst of saves in folders, their subfolders or subfolders made since
    (watchfiles, one watch per folder, links not followed); a Gone, then a change, when
    a folder a build needs went away and came back. again gives the folders to watch now
    (watched(): a project's layouts/ made since serve started is one), raising
    UsageError when one it needs is not there; without it, every folder is needed."""
    import watchfiles

    # Its "1 change detected" says less than the line below.
    logging.getLogger("watchfiles").setLevel(logging.WARNING)
    tops = folders
    rebuild = False
    while True:
        try:
            tops = _needed(again, tops)
        except UsageError as error:
            yield Gone(_gone(str(error)))
            while True:  # polled: the folder that holds it may be gone as well
                time.sleep(LOOK_SECONDS)
                with contextlib.suppress(UsageError):
                    tops = _needed(again, tops)
                    break
            log.info("back: %s", ", ".join(map(str, tops)))
            rebuild = True
        inside = _folders_within(tops)
        identity = {top: _identity(top) for top in tops}
        # A top folder's own removal, or a folder made where one is wanted (source/ made
        # again, layouts/ made), is seen in the folder that holds it.
        holders = sorted({top.parent for top in tops if top.parent.is_dir()} - set(inside))
        for found in watchfiles.watch(
            *inside,
            *holders,
            watch_filter=None,
            recursive=False,
            step=QUIET_MS,
            rust_timeout=int(LOOK_SECONDS * 1000),
            yield_on_timeout=True,
            raise_interrupt=True,
        ):
            saves = {
                (change, path)
                for change, path in found
                if Path(path).suffix.lower() in WATCHED_SUFFIXES and Path(path).parent in inside
            }
            moved = _moved(found, inside, holders, tops, identity, again)
            if moved and not all(top.is_dir() for top in tops):
                break  # gone: said first, built when it is back
            if saves or (rebuild and not found):
                # A rebuild waited for the watch to be in place: what was saved while it
                # was not is read by this build.
                names = sorted({Path(path).name for _, path in saves})
                log.info("changed: %s", ", ".join(names) if names else "folders")
                rebuild = False
                yield saves or found
            if moved:
                rebuild = True
                break


def _needed(
    again: Callable[[], tuple[Path, ...]] | None, tops: tuple[Path, ...]
) -> tuple[Path, ...]:
    """The folders to watch now (again()); UsageError when one a build needs is gone."""
    if again is not None:
        return again()
    for top in tops:
        if not top.is_dir():
            raise UsageError(f"there is no folder {top}")
    return tops


def _gone(why: str) -> str:
    """What the page and the terminal say when a folder went away."""
    return f"a folder the build reads went away ({why.rstrip('.')})"


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(folder)
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


def _moved(
    found: Iterable[tuple[Any, str]],
    inside: list[Path],
    holders: list[Path],
    tops: tuple[Path, ...],
    identity: dict[Path, tuple[int, int] | None],
    again: Callable[[], tuple[Path, ...]] | None,
) -> bool:
    """Whether the folders to watch changed: one watched removed, one made inside them,
    a top folder replaced (another folder by its name), or (seen in a folder holding one)
    the folders a build reads are others now."""
    import watchfiles

    watched_now = set(inside)
    for change, path in found:
        where = Path(path)
        if change != watchfiles.Change.modified and (where in watched_now or where in tops):
            return True  # removed or renamed away (its watch went with it)
        made = change == watchfiles.Change.added and not where.name.startswith(".")
        if made and where.parent in watched_now and where.is_dir():
            return True  # a folder made inside: watched from now on
        if where.parent in holders and again is not None:
            with contextlib.suppress(UsageError):
                if again() != tops:
                    return True
    return any(_identity(top) != was for top, was in identity.items())
