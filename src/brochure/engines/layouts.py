"""Where layouts come from: a project's own `layouts/` first, then the defaults.

A project overrides the default layouts file by file (like MkDocs' `custom_dir`): a
`layouts/brochure/brochure.css` of its own replaces that one file and nothing else.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit
from urllib.request import url2pathname

from brochure.engines.logcapture import once
from brochure.errors import InputError, Location, Problem
from brochure.reading import confine

log = logging.getLogger(__name__)

#: How deep style sheets may import style sheets (a chain longer is a mistake, or a bomb).
MAX_IMPORT_DEPTH = 16
#: The largest style sheet read, imported or not, in bytes.
MAX_STYLESHEET_BYTES = 1024 * 1024

PACKAGE = Path(__file__).parent.parent
"""The brochure package folder."""


def default_layouts() -> Path:
    """The layouts brochure ships: inside the wheel, or at the root of a checkout."""
    installed = PACKAGE / "_layouts"
    return installed if installed.is_dir() else PACKAGE.parent.parent / "layouts"


@dataclass(frozen=True)
class LayoutPath:
    """Folders searched for layout files, first match wins."""

    folders: tuple[Path, ...]
    project: Path | None = None
    """The project folder: messages name layout files from it (`layouts/brochure/x.css`)."""

    @classmethod
    def for_project(cls, project: Path, extra: Path | None = None) -> LayoutPath:
        """extra (--layouts), the project's `layouts/` (beside `source/`), then the defaults."""
        candidates = [extra, project / "layouts", default_layouts()]
        folders: list[Path] = []
        for folder in candidates:
            if folder and folder.is_dir() and folder.resolve() not in folders:
                folders.append(folder.resolve())
        return cls(tuple(folders), project.resolve())

    def __str__(self) -> str:
        return ", ".join(map(str, self.folders))

    def find(self, name: str) -> Path:
        """The first file called name (e.g. `badges/a6.yaml`) on the path.

        Raises FileNotFoundError when no folder has it, and InputError, naming the file,
        when the first that has it holds something else than a file of the layout
        folders (a link that leads outside them or to nothing, a folder, a pipe): that
        file is refused, never passed over for the next folder's, which would print the
        shipped layout in its place without a word.
        """
        for folder in self.folders:
            try:
                return confine.resolve_inside(folder, name)
            except confine.MissingError:
                continue
            except confine.OutsideError as error:
                found = self._linked_within(folder, name)
                if found is None:
                    raise InputError([_refused(folder, name, error)]) from None
                return found
        raise FileNotFoundError(f"no layout file '{name}' in {', '.join(map(str, self.folders))}")

    def stylesheet(self, name: str) -> str:
        """The text of the style sheet called name (find), its relative addresses made
        absolute against its own folder (absolute_urls).

        Raises FileNotFoundError and InputError as find does."""
        return self.css(self.find(name))

    def css(self, path: Path) -> str:
        """The text of the style sheet at path (a layout file), set to stand alone in a
        page whose base is the source folder: each `@import` of a file of the layout
        folders replaced by that file's text (so imported, wrapped in `@media` when the
        import names media: CSS Cascade 4, 2), each relative address made absolute
        against the folder of the sheet that writes it (absolute_urls).

        The sheet is set after other rules, where CSS would drop every `@import`, so none
        is left for WeasyPrint: an import of a file outside the layout folders (or of an
        address), of a file that is not there, of a sheet already being imported, or
        written after other rules (which CSS ignores) is left out and said once, as a
        warning at the importing file's line and column."""
        return self._css(path, (path.resolve(),))

    def _css(self, path: Path, chain: tuple[Path, ...]) -> str:
        import tinycss2

        with path.open("rb") as stream:
            data = stream.read(MAX_STYLESHEET_BYTES + 1)
        if len(data) > MAX_STYLESHEET_BYTES:
            self._say(path, 1, 1, f"larger than {MAX_STYLESHEET_BYTES // 2**20} MiB: left out")
            return ""
        text = data.decode("utf-8")
        lowered = text.lower()
        if "@import" not in lowered and "@charset" not in lowered and "\\" not in text:
            return absolute_urls(text, path.parent)
        # As tinycss2 reads it, so that its lines and columns are offsets in this text.
        text = (
            text.replace("\0", "\ufffd")
            .replace("\r\n", "\n")
            .replace("\r", "\n")
            .replace("\f", "\n")
        )
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        nodes = tinycss2.parse_stylesheet(text, skip_comments=False, skip_whitespace=False)
        offsets = [starts[n.source_line - 1] + n.source_column - 1 for n in nodes]
        pieces: list[str] = []
        done = 0
        head = True  # before the first rule: where CSS allows @import
        for index, node in enumerate(nodes):
            keyword = getattr(node, "lower_at_keyword", None)
            if keyword not in ("import", "charset"):
                if node.type not in ("whitespace", "comment", "error") and keyword != "layer":
                    head = False
                continue
            end = offsets[index + 1] if index + 1 < len(nodes) else len(text)
            pieces.append(absolute_urls(text[done : offsets[index]], path.parent))
            done = end
            if keyword == "charset":
                continue  # only at a sheet's very start (CSS Syntax 3, 8.2); this is set inside
            where = (path, node.source_line, node.source_column)
            if not head:
                self._say(
                    *where,
                    "an @import after other rules is ignored (CSS Cascade 4, 2: imports come "
                    "first): move it to the top of the style sheet",
                )
                continue
            pieces.append(self._imported(node, path, chain, where))
        pieces.append(absolute_urls(text[done:], path.parent))
        return "".join(pieces)

    def _imported(
        self, rule: Any, path: Path, chain: tuple[Path, ...], where: tuple[Path, int, int]
    ) -> str:
        """The text an `@import` rule of the sheet at path stands for: the sheet it names
        (its own imports in it), in `@media` when the rule names media; '' when it is
        refused (said once)."""
        import tinycss2

        prelude = [token for token in rule.prelude if token.type not in ("whitespace", "comment")]
        first = prelude[0] if prelude else None
        address: str | None = None
        if first is not None and first.type in ("string", "url"):
            address = first.value
        elif first is not None and first.type == "function" and first.lower_name == "url":
            values = [t for t in first.arguments if t.type not in ("whitespace", "comment")]
            if len(values) == 1 and values[0].type == "string":
                address = values[0].value
        if address is None:
            self._say(*where, "an @import names no style sheet: it is left out")
            return ""
        after = next(i for i, token in enumerate(rule.prelude) if token is first) + 1
        media = tinycss2.serialize(rule.prelude[after:]).strip()
        if any(token.type == "function" for token in prelude[1:]):
            self._say(
                *where,
                f"'{address[:200]}': an @import with layer() or supports() is not "
                "supported: it is left out",
            )
            return ""
        target = self._import_target(address, path)
        if isinstance(target, str):
            self._say(*where, f"'{address[:200]}' refused: {target}")
            return ""
        if target in chain:
            self._say(*where, f"'{address[:200]}' is already being imported: left out")
            return ""
        if len(chain) > MAX_IMPORT_DEPTH:
            self._say(*where, f"'{address[:200]}': imports more than {MAX_IMPORT_DEPTH} deep")
            return ""
        log.debug("layout file %s, imported by %s", target, path)
        imported = self._css(target, (*chain, target))
        return f"@media {media} {{\n{imported}\n}}\n" if media else f"{imported}\n"

    def _import_target(self, address: str, path: Path) -> Path | str:
        """The file an @import address in the sheet at path names, resolved against the
        sheet's folder (CSS Values 4, 4.5.1); why it may not be read instead."""
        url = urljoin(path.parent.absolute().as_uri() + "/", address)
        if urlsplit(url).scheme.lower() != "file":
            return "brochure never fetches; a style sheet imports only files of the layout folders"
        target = Path(url2pathname(unquote(urlsplit(url).path)))
        if not confine.is_inside(target, self.folders):
            return (
                f"{self.shown(target)} is outside the layout folders; a style sheet imports "
                "only files of the layout folders: copy it beside the style sheet"
            )
        if not target.is_file():
            return f"{self.shown(target)} is not there" if not target.exists() else "not a file"
        return target.resolve()

    def shown(self, path: Path) -> str:
        """path as messages name it: from the project folder when it is inside it."""
        if self.project is not None:
            try:
                return path.absolute().relative_to(self.project).as_posix()
            except ValueError:
                pass
        return str(path)

    def _say(self, path: Path, line: int, column: int, message: str) -> None:
        """A warning about a style sheet at its line and column, once in a build: to the
        innermost collected() list when one is open (a check), else logged (a render)."""
        place = Location(self.shown(path), line, column)
        if once("stylesheet", str(place), message):
            problem = Problem(place, "@import", message, warning=True)
            if _COLLECTING:
                _COLLECTING[-1].append(problem)
            else:
                log.warning("%s", problem)

    def _linked_within(self, folder: Path, name: str) -> Path | None:
        """The file that folder/name links to, when that is a file of another layout
        folder (a project's layout linking to a shipped one); else None."""
        try:
            target = (folder / name).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        inside = any(target.is_relative_to(base) for base in self.folders)
        return target if inside and target.is_file() and ".." not in Path(name).parts else None

    def names(self, folder: str, suffix: str) -> tuple[str, ...]:
        """The stems of the files in a layout subfolder (e.g. the badge layouts); only
        files that resolve inside their layout folder count."""
        found = set()
        for base in self.folders:
            try:
                candidates = list((base / folder).glob(f"*{suffix}"))
            except (OSError, RuntimeError):
                continue
            for path in candidates:
                try:
                    confine.resolve_inside(base, f"{folder}/{path.name}")
                except confine.MissingError:
                    continue
                except confine.OutsideError:
                    pass  # listed, so that asking for it is refused by name (find)
                found.add(path.name.removesuffix(suffix))
        return tuple(sorted(found))


#: The lists collected() opened, innermost last.
_COLLECTING: list[list[Problem]] = []


@contextmanager
def collected() -> Iterator[list[Problem]]:
    """The warnings about style sheets said while inside (LayoutPath.css), as located
    problems instead of log lines: a check that fills in a layout returns them, and the
    render that follows does not say them again (logcapture.once)."""
    found: list[Problem] = []
    _COLLECTING.append(found)
    try:
        yield found
    finally:
        _COLLECTING.pop()


def _refused(folder: Path, name: str, error: confine.OutsideError) -> Problem:
    """The problem of a layout file that is there but may not be read, at the file."""
    path = folder / name
    return Problem(
        Location(str(path), 1, 1),
        "layouts",
        f"{error}: layout files are read only from the layout folders; copy the file there "
        "instead of linking to it (or remove the link to use the shipped one)",
    )


#: `url(x)`, `url("x")`, `url('x')`, and `@import "x"` in a style sheet (CSS Values 4,
#: 4.5.1; CSS Cascade 4, 2): the addresses a sheet reaches files by.
_ADDRESS = re.compile(
    r"""(?P<open>url\(\s*)(?:"(?P<dq>[^"\n]*)"|'(?P<sq>[^'\n]*)'|(?P<bare>[^)\s"']*))"""
    r"""(?P<close>\s*\))"""
    r"""|(?P<import>@import\s+)(?:"(?P<idq>[^"\n]*)"|'(?P<isq>[^'\n]*)')""",
    re.IGNORECASE,
)


def absolute_urls(css: str, folder: Path) -> str:
    """css with each relative address (`url(logo.png)`) made absolute against folder, the
    style sheet's own (CSS Values 4, 4.5.1: a relative URL resolves against the sheet's
    URL), as the sheet is set into a page whose base is the source folder. An address
    with a scheme (`data:`, `file:`), from the root, a fragment only, or written by the
    template (`{{ }}`) is kept as it is."""
    base = folder.absolute().as_uri() + "/"

    def absolute(match: re.Match[str]) -> str:
        value = next(v for v in match.group("dq", "sq", "bare", "idq", "isq") if v is not None)
        if (
            not value
            or urlsplit(value).scheme
            or value.startswith(("/", "#"))
            or "{" in value
            or "\\" in value
        ):
            return match[0]
        url = urljoin(base, quote(value, safe="/#?%=&;:@!$'()*+,~"))
        if match["import"]:
            return f'{match["import"]}"{url}"'
        return f'{match["open"]}"{url}"{match["close"]}'

    return _ADDRESS.sub(absolute, css)
