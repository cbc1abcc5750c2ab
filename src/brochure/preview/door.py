"""The door page's web server (`brochure serve --door`): one page on 127.0.0.1 where staff
type part of a name or scan a badge's code, see the badge as it will print, and print it.

It shows nothing more than a badge does: each person found by name, organisation and
role, and the badge itself, as an image. It answers only on the loopback interface, to
requests that name it as their Host (as the preview does: a web page elsewhere cannot
reach it by DNS rebinding), and everything but the page itself asks for the page's own
token, sent in a header a page elsewhere cannot set without asking first (or, for the
badge's image, in its address, which no page elsewhere knows): another site open in the
same browser can neither read who is registered nor print. The page may not be framed.
What the desk does (finding, drawing, printing) is the Desk's (commands/door.py).
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import threading
from dataclasses import asdict, dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

import jinja2

from brochure import __version__
from brochure.errors import BrochureError

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
#: The longest search or request body read, in bytes (a scanned contact card is ~300).
MOST_BYTES = 4096
_HERE = Path(__file__).parent
_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(_HERE),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)
#: The page's policy: its own script and images, nothing else, never in a frame.
_POLICY = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self'; "
    "style-src 'unsafe-inline'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)


@dataclass(frozen=True)
class Found:
    """A person as the page lists them: what their badge shows, and their id to ask
    for the badge by."""

    id: str
    name: str
    organisation: str
    role: str
    """The role as the badge's band prints it."""


class Desk(Protocol):
    """What the page asks the door (commands/door.Desk)."""

    @property
    def title(self) -> str: ...

    problems: tuple[str, ...]

    def search(self, text: str) -> tuple[list[Found], bool]: ...

    def image(self, key: str) -> bytes: ...

    def print(self, key: str) -> str: ...


class DoorServer(ThreadingHTTPServer):
    """Serves the door page on HOST."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, desk: Desk) -> None:
        super().__init__((HOST, port), _Handler)
        self.desk = desk
        self.token = secrets.token_urlsafe(24)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def serve_in_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="door", daemon=True)
        thread.start()
        return thread


class _Handler(BaseHTTPRequestHandler):
    server: DoorServer
    server_version = f"brochure-door/{__version__}"

    def do_GET(self) -> None:
        if self._ours():
            self._answering(self._get)

    def do_POST(self) -> None:
        if self._ours():
            self._answering(self._post)

    def _answering(self, answer: Any) -> None:
        """answer(), or a plain 500 when the desk failed unexpectedly (its trace with
        --debug, never in the page)."""
        try:
            answer()
        except Exception as error:  # a bug: the page says so, the server goes on
            log.debug("the door page failed", exc_info=True)
            text = f"the door failed unexpectedly ({type(error).__name__})\n"
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, text.encode(), "text/plain")

    def _get(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query[:MOST_BYTES])
        desk = self.server.desk
        if url.path == "/":
            page = _TEMPLATES.get_template("door.html.j2").render(
                title=desk.title, token=self.server.token, version=__version__
            )
            self._send(HTTPStatus.OK, page.encode(), "text/html; charset=utf-8")
        elif url.path == "/door.js":
            self._send(HTTPStatus.OK, (_HERE / "door.js").read_bytes(), "text/javascript")
        elif url.path == "/search" and self._token(self.headers.get("X-Door-Token")):
            found, exact = desk.search(query.get("q", [""])[0])
            body = {
                "people": [asdict(person) for person in found],
                "exact": exact,
                "problems": list(desk.problems),
            }
            self._json(HTTPStatus.OK, body)
        elif url.path == "/badge.png" and self._token(query.get("t", [""])[0]):
            try:
                image = desk.image(query.get("id", [""])[0])
            except LookupError:
                self._send(HTTPStatus.NOT_FOUND, b"nobody has that id\n", "text/plain")
            except BrochureError as error:
                self._send(HTTPStatus.INTERNAL_SERVER_ERROR, str(error).encode(), "text/plain")
            else:
                self._send(HTTPStatus.OK, image, "image/png")
        elif url.path in ("/search", "/badge.png"):
            self._send(HTTPStatus.FORBIDDEN, b"only for the door page\n", "text/plain")
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain")

    def _post(self) -> None:
        if urlsplit(self.path).path != "/print" or not self._token(
            self.headers.get("X-Door-Token")
        ):
            self._send(HTTPStatus.FORBIDDEN, b"only for the door page\n", "text/plain")
            return
        origin = self.headers.get("Origin")
        if origin is not None and origin.rstrip("/") + "/" not in self._origins():
            self._send(HTTPStatus.FORBIDDEN, b"only for the door page\n", "text/plain")
            return
        try:
            length = min(int(self.headers.get("Content-Length", "0")), MOST_BYTES)
            asked = json.loads(self.rfile.read(length) or b"{}")
            key = str(asked.get("id", ""))
        except (ValueError, AttributeError):
            self._json(HTTPStatus.BAD_REQUEST, {"message": "say whose badge to print"})
            return
        try:
            said = self.server.desk.print(key)
        except LookupError:
            self._json(HTTPStatus.NOT_FOUND, {"message": "nobody has that id"})
        except BrochureError as error:
            self._json(HTTPStatus.BAD_GATEWAY, {"message": str(error), "printed": False})
        else:
            self._json(HTTPStatus.OK, {"message": said, "printed": True})

    def _ours(self) -> bool:
        """Whether the request names this server as its Host (else answered: forbidden)."""
        host = self.headers.get("Host", "")
        if host in {f"{HOST}:{self.server.port}", f"localhost:{self.server.port}"}:
            return True
        self._send(HTTPStatus.FORBIDDEN, b"only for 127.0.0.1 and localhost\n", "text/plain")
        return False

    def _origins(self) -> set[str]:
        return {f"http://{HOST}:{self.server.port}/", f"http://localhost:{self.server.port}/"}

    def _token(self, given: str | None) -> bool:
        return given is not None and secrets.compare_digest(given, self.server.token)

    def _json(self, status: HTTPStatus, body: dict[str, Any]) -> None:
        self._send(status, json.dumps(body).encode(), "application/json")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy", _POLICY)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        # Addresses hold what staff typed (a name): never logged, not even under -v.
        pass
