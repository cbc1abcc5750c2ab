"""`brochure serve --door`: the door page's desk, a page on 127.0.0.1 where staff type part
of a name or scan a badge's code, see the badge as it will print, and print it.

The serving process keeps the event loaded and what drawing needs warm (WeasyPrint
imported, fontconfig's fonts read, the catalogues' words): each badge is drawn in a child
forked from it, under --timeout and --memory as every rendering is (engines/limits.py),
and the event is loaded in one too, again when a file of its folder changes (a walk-in
registered at another desk, an export downloaded anew), between two requests. The page
itself is preview/door.py's; this module is what it asks.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
import os
import threading
import time
import webbrowser
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brochure.commands.serve import _stopped_by_sigterm
from brochure.config import BuildConfig, CommandLine, project_of
from brochure.door import printing
from brochure.door.find import matches
from brochure.engines.layouts import LayoutPath
from brochure.engines.limits import run_limited
from brochure.errors import BrochureError, InputError, UsageError
from brochure.preview.door import DoorServer, Found

log = logging.getLogger(__name__)

Report = Callable[[str, Sequence[object]], None]
#: Badges kept drawn, so printing sends the very badge shown.
KEPT = 32
#: People a search lists at most.
LISTED = 12
#: Files of the event's folder (and the badge layouts) whose change loads the event anew.
WATCHED = (".yaml", ".yml", ".csv")


@dataclass(frozen=True)
class Loaded:
    """The event as the door prints it (in --language, else its first), and its config."""

    event: Any
    """The Event, in the door's language."""
    config: BuildConfig
    generation: int
    """Counts the loads: a badge drawn from an older one is drawn again."""


@dataclass(frozen=True)
class Drawn:
    """A badge as it will print (the PDF) and as the page shows it (its first page)."""

    pdf: bytes
    png: bytes
    sides: str | None


class Desk:
    """What the door page asks: search, a badge's image, printing it."""

    def __init__(
        self, cli: CommandLine, printer: str | None, report: Report, language: str | None = None
    ) -> None:
        self.cli = cli
        self.language = language
        self.report = report
        self.printer_asked = printer
        self.printer: str | None = None
        self.printer_problem = ""
        self._lock = threading.Lock()
        self._drawing = threading.Lock()
        self._drawn: collections.OrderedDict[tuple[int, str], Drawn] = collections.OrderedDict()
        self._stamp: tuple[tuple[str, int, int], ...] = ()
        self._loaded: Loaded | None = None
        self.problems: tuple[str, ...] = ()

    # -- the event ---------------------------------------------------------------------
    def start(self) -> None:
        """Load the event (UsageError, InputError when it cannot be), check the printer,
        warm what drawing needs."""
        self._reload(first=True)
        try:
            self.printer = printing.printer(self.printer_asked)
        except printing.PrintError as error:
            if self.printer_asked:
                raise UsageError(f"--printer: {error}") from None
            self.printer_problem = str(error)
            self.report(
                f"no printer yet: {error}. The page shows badges; to print them, start it "
                "with --printer",
                (),
            )
        _warm()

    @property
    def title(self) -> str:
        return str(self.loaded().event.event.title)

    def loaded(self) -> Loaded:
        """The event, loaded anew first when a file it is read from changed since."""
        with self._lock:
            if self._stamp != _stamp(self.cli):
                self._reload()
            assert self._loaded is not None
            return self._loaded

    def _reload(self, first: bool = False) -> None:
        stamp = _stamp(self.cli)
        try:
            event, fields = _run(_load, (self.cli, self.language), self.cli, "loading the event")
        except (InputError, BrochureError) as error:
            if first:
                raise
            said = [str(p) for p in error.problems] if isinstance(error, InputError) else []
            self.problems = tuple(said or [str(error)])
            self.report("the event has problems; the door keeps the last good one", said)
            self._stamp = stamp
            return
        generation = self._loaded.generation + 1 if self._loaded else 1
        config = BuildConfig(**fields)
        config.fmt.gettext("Programme")  # the pack's catalogue, compiled here once
        self._loaded = Loaded(event, config, generation)
        self._stamp, self.problems = stamp, ()
        if not first:
            self.report(f"loaded the event again ({len(event.everyone)} people)", ())

    # -- what the page asks ------------------------------------------------------------
    def search(self, text: str) -> tuple[list[Found], bool]:
        """The people text fits (at most LISTED), and whether it named one exactly (an
        id or a scanned code: shown at once)."""
        loaded = self.loaded()
        match = matches(loaded.event.everyone, text)
        people = loaded.event.by_family_name(match.people)[:LISTED]
        label = loaded.config.fmt.gettext
        from brochure.outputs.view import ROLE_LABELS

        found = [
            Found(p.key, p.name, p.organisation or "", label(ROLE_LABELS[p.role])) for p in people
        ]
        return found, match.how in ("id", "code", "e-mail") and len(found) == 1

    def image(self, key: str) -> bytes:
        """The badge of the person with id key, as a PNG of its first page; LookupError
        when nobody has that id."""
        return self._badge(key).png

    def print(self, key: str) -> str:
        """The badge of key (the one the page shows) sent to the printer; what CUPS said.
        Raises PrintError, LookupError."""
        if self.printer is None:
            self.printer = printing.printer(self.printer_asked)  # said plainly, again
        drawn = self._badge(key)
        sent = printing.send(drawn.pdf, self.printer, drawn.sides)
        self.report(f"sent a badge to the printer {sent.printer}: {sent.answer}", ())
        return f"sent to the printer {sent.printer}: {sent.answer}"

    def _badge(self, key: str) -> Drawn:
        loaded = self.loaded()
        with self._drawing:
            kept = self._drawn.get((loaded.generation, key))
            if kept is not None:
                return kept
            person = next((p for p in loaded.event.everyone if p.key == key), None)
            if person is None:
                raise LookupError(key)
            drawn: Drawn = _run(_draw, (loaded, person, self.cli), self.cli, "the badge")
            self._drawn[(loaded.generation, key)] = drawn
            while len(self._drawn) > KEPT:
                self._drawn.popitem(last=False)
            return drawn


def serve_door(
    cli: CommandLine,
    port: int,
    report: Report,
    printer: str | None = None,
    open_browser: bool = False,
    until: Callable[[], bool] | None = None,
    language: str | None = None,
) -> None:
    """Load the event, warm the drawing, serve the door page on 127.0.0.1:port until
    Ctrl-C (or until() says so), its badges in language (one of the event's; None: the
    first). Raises UsageError (a port in use, a printer named that is not there),
    InputError (an event that does not load, a language it is not printed in)."""
    desk = Desk(cli, printer, report, language)
    desk.start()
    try:
        server = DoorServer(port, desk)
    except OSError as error:
        raise UsageError(
            f"--port: cannot serve on 127.0.0.1:{port} ({error.strerror}); another page may "
            "be running there (--port 0 takes any free port)"
        ) from None
    with server, _stopped_by_sigterm():
        server.serve_in_background()
        report(f"door page on {server.url} (Ctrl-C stops it)", ())
        if open_browser:
            webbrowser.open(server.url)
        try:
            while until is None or not until():
                time.sleep(0.2)
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    report("stopped", ())


def _run(function: Callable[..., Any], args: tuple[Any, ...], cli: CommandLine, what: str) -> Any:
    return run_limited(function, args, cli.limits, what) if cli.limits else function(*args)


def _load(cli: CommandLine, language: str | None = None) -> tuple[Any, dict[str, Any]]:
    """The event in language (None: its first), checked as the door checks it
    (commands/badge), and its config's fields (a config holds its formatter, which does
    not pickle)."""
    from brochure.commands.prepare import checked, resolve
    from brochure.door.cards import door_config_in

    config, source, problems = resolve(cli)
    config = door_config_in(config, language)
    event = checked(config, source, problems, door=True).event
    fields = {f.name: getattr(config, f.name) for f in dataclasses.fields(config) if f.init}
    return event, fields


def _draw(loaded: Loaded, person: Any, cli: CommandLine) -> Drawn:
    """person's badge on the door's card, as a PDF and its first page as a PNG (in a
    child: the page's drawing is bounded as a build's is)."""
    import io

    import pypdfium2

    from brochure.door.cards import door_checks, door_layout, door_pdf, sides
    from brochure.preview.pages import page_scale

    event, config = loaded.event, loaded.config
    layout = door_layout(event, config, chosen=cli.flags.get("badge_layout") is not None)
    door_checks([person], config)
    pdf = door_pdf(event, config, [person], layout)
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        bitmap = page.render(scale=page_scale(*page.get_size()))
        out = io.BytesIO()
        bitmap.to_pil().save(out, format="PNG", compress_level=1)
        page.close()
    finally:
        document.close()
    return Drawn(pdf, out.getvalue(), sides(config, layout))


def _warm() -> None:
    """What every badge needs, made once here, inherited by each child that draws one:
    WeasyPrint and its libraries, fontconfig's fonts, the card engine, the catalogues'
    break words, the installed fonts' coverage, the PDF rasteriser."""
    from brochure import kinds
    from brochure.engines import cards_pdf, glyphs, weasy
    from brochure.model import break_words

    weasy.imported()
    cards_pdf.ready()
    break_words()
    kinds.kind_of("workshop")
    glyphs.installed_coverage()
    import pypdfium2  # noqa: F401

    # fontconfig reads its fonts and Pango makes its font map on the first text laid out:
    # a line of brochure's own, not the event's.
    weasy.imported().HTML(string="<p style='font-family: Inter'>Ag</p>").render()


def _stamp(cli: CommandLine) -> tuple[tuple[str, int, int], ...]:
    """What the event is read from as it is now: each file of its folder that may be
    read (the event file, exports, walk-ins.csv), and each badge layout file, with its
    size and time."""
    folders = [cli.source.parent]
    layouts = LayoutPath.for_project(project_of(cli.source), cli.layouts)
    folders += [folder / "badges" for folder in layouts.folders]
    found = []
    for folder in folders:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            if not name.lower().endswith((*WATCHED, ".css")):
                continue
            try:
                info = (Path(folder) / name).stat()
            except OSError:
                continue
            found.append((str(Path(folder) / name), info.st_size, info.st_mtime_ns))
    return tuple(found)
