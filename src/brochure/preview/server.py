"""The preview's web server: one page on 127.0.0.1 showing the last good pack, the
problems of the last save, and a long poll that tells the page to reload after a build.

Only the loopback interface is served, and only to requests that name it as their Host
(a web page elsewhere cannot reach the pack, with its attendees' names, by DNS
rebinding). Files are served by their names in the published pack, never by path.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import mimetypes
import signal
import threading
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import jinja2

from brochure import __version__
from brochure.preview.pages import FilePreview

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
#: How long a page's poll waits for a build before it asks again, in seconds.
POLL_SECONDS = 25.0
_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


@dataclass(frozen=True)
class Published:
    """A good build, as the page shows it."""

    title: str
    """The event's title."""
    files: tuple[FilePreview, ...]
    pack: Path
    """The folder of the built files."""
    images: Path
    """The folder of the page images."""
    finished: dt.datetime
    """When the build finished, local time."""
    seconds: float
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class State:
    """What the page shows: generation counts every build, good or not."""

    source: str
    """The event file, as the command line named it."""
    generation: int = 0
    published: Published | None = None
    problems: tuple[str, ...] = ()
    """The last build's problems, each `file:line:col: field: message`; () when it was good."""
    failed: dt.datetime | None = None
    """When the last build failed, local time."""


@dataclass
class Board:
    """The state the server shows, replaced whole under a lock; waiting polls are woken."""

    state: State
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def current(self) -> State:
        with self._changed:
            return self.state

    def publish(self, published: Published) -> Published | None:
        """Show a good build; the one it replaces (its folders may go)."""
        with self._changed:
            previous = self.state.published
            self.state = replace(
                self.state,
                generation=self.state.generation + 1,
                published=published,
                problems=(),
                failed=None,
            )
            self._changed.notify_all()
            return previous

    def fail(self, problems: tuple[str, ...]) -> None:
        """Show the problems of a build that failed, beside the last good pack."""
        with self._changed:
            self.state = replace(
                self.state,
                generation=self.state.generation + 1,
                problems=problems,
                failed=dt.datetime.now().replace(microsecond=0),
            )
            self._changed.notify_all()

    def wait(self, since: int, timeout: float) -> int:
        """The generation, once it differs from since or after timeout seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.state.generation != since, timeout)
            return self.state.generation


class PreviewServer(ThreadingHTTPServer):
    """Serves the board's state on HOST."""

    daemon_threads = True
    # Reusing the address lets a stopped preview be started again at once on its port.
    allow_reuse_address = True

    def __init__(self, port: int, board: Board) -> None:
        super().__init__((HOST, port), _Handler)
        self.board = board

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def serve_in_background(self) -> threading.Thread:
        return in_background(self.serve_forever, "preview")


def in_background(serve: Any, name: str) -> threading.Thread:
    """serve() started in a daemon thread of its own, which (and every request's thread
    it starts) blocks Ctrl-C and termination: the kernel gives such a signal to any
    thread that does not block it, and only one given to the main thread wakes it from
    waiting on a build, so a Ctrl-C taken by a server's thread was felt only when the
    build had ended."""
    thread = threading.Thread(target=serve, name=name, daemon=True)
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        thread.start()  # a thread starts with its maker's signal mask
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    return thread


#: The signals that stop a server, which only the main thread takes.
_STOPPING = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT})


def page(state: State) -> str:
    """The preview page's HTML for a state."""
    return _TEMPLATES.get_template("page.html.j2").render(
        state=state, version=__version__, poll_seconds=POLL_SECONDS
    )


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = f"brochure-preview/{__version__}"

    def do_GET(self) -> None:
        if not self._host_is_ours():
            self._send(HTTPStatus.FORBIDDEN, b"only for 127.0.0.1 and localhost\n", "text/plain")
            return
        url = urlsplit(self.path)
        path = unquote(url.path)
        state = self.server.board.current()
        if path == "/":
            self._send(HTTPStatus.OK, page(state).encode(), "text/html; charset=utf-8")
        elif path == "/changes":
            since = _integer(parse_qs(url.query).get("since", ["-1"])[0])
            generation = self.server.board.wait(since, POLL_SECONDS)
            body = json.dumps({"generation": generation}).encode()
            self._send(HTTPStatus.OK, body, "application/json")
        elif path.startswith("/files/") and state.published:
            self._send_file(state.published.pack, path.removeprefix("/files/"), _built(state))
        elif path.startswith("/pages/") and state.published:
            self._send_file(state.published.images, path.removeprefix("/pages/"), _images(state))
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain")

    def _host_is_ours(self) -> bool:
        host = self.headers.get("Host", "")
        return host in {f"{HOST}:{self.server.port}", f"localhost:{self.server.port}"}

    def _send_file(self, folder: Path, name: str, allowed: set[str]) -> None:
        if name not in allowed:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain")
            return
        try:
            content = (folder / name).read_bytes()
        except OSError:  # replaced by a newer build meanwhile
            self._send(HTTPStatus.NOT_FOUND, b"gone: reload the page\n", "text/plain")
            return
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        self._send(HTTPStatus.OK, content, kind)

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        # Every build changes what a URL holds: nothing may be kept.
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        # The page may have reloaded before its poll was answered.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("preview: %s", format % args)


def _built(state: State) -> set[str]:
    """The pack's files the page may fetch: each file shown, and a web folder's files."""
    if not state.published:
        return set()
    return {name for file in state.published.files for name in (file.name, *file.members)}


def _images(state: State) -> set[str]:
    if not state.published:
        return set()
    return {image for file in state.published.files for image in file.images}


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return -1
