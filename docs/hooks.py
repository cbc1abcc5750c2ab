"""MkDocs hooks: what the documentation writes from brochure itself at build time.

- `<!-- reference: NAME -->` in a page is replaced by that reference, written from the
  code (docsgen/reference.py): `event-file`, `commands`, `outputs`, `layouts`.
- `<!-- pack-text: NAME LANGUAGE -->` is replaced by words a real build printed or wrote
  (docsgen/pictures.py), as a code block.
- `<!-- include: PATH LANGUAGE -->` is replaced by a file of docs/ (an example layout), as
  a code block, so the page shows the file the pictures were made with.
- `<!-- readme -->` is replaced by README.md, its links into docs/ made the site's.
- The pictures of real packs (docsgen/pictures.py) are added to the site as
  `images/pack/NAME.webp`, so pages link them as files of the site and a missing one
  fails `mkdocs build --strict` as a broken link does.

An unknown marker fails the build: nothing is left unsaid by a typo.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
# The documentation describes the code of the tree it is in, whatever is installed.
for path in (str(DOCS), str(ROOT / "src")):
    if path not in sys.path:
        sys.path.insert(0, path)

from docsgen import pictures, reference  # noqa: E402

MARKER = re.compile(r"<!--\s*(reference|pack-text|include|readme)\b:?\s*(.*?)\s*-->")
REFERENCES = {
    "event-file": reference.event_file,
    "commands": reference.commands,
    "outputs": reference.outputs,
    "layouts": reference.layouts,
}
#: Where the pictures of real packs are kept between builds (git-ignored); the tests give
#: a folder of their own (BROCHURE_DOCS_PICTURES), so they draw every picture afresh.
CACHE = Path(os.environ.get("BROCHURE_DOCS_PICTURES") or ROOT / "build" / "docs-pictures")

_made: dict[str, Path] = {}


def _pictures() -> Path:
    """The pictures of this build (on_files finds or makes them, once per build)."""
    return _made["folder"]


def on_files(files: Files, config: Any) -> Files:
    # Found again at each build (`mkdocs serve` rebuilds): a change to the code, the
    # layouts or the events draws them again; nothing changed, the kept ones serve.
    _made["folder"] = pictures.cached(CACHE)
    for image in sorted(_pictures().glob("*.webp")):
        files.append(File.generated(config, f"images/pack/{image.name}", abs_src_path=str(image)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    def replace(match: re.Match[str]) -> str:
        kind, argument = match.group(1), match.group(2).split()
        where = f"{page.file.src_uri}: <!-- {kind}: {' '.join(argument)} -->"
        if kind == "reference":
            if len(argument) != 1 or argument[0] not in REFERENCES:
                raise PluginError(f"{where}: no such reference ({', '.join(REFERENCES)})")
            return REFERENCES[argument[0]]()
        if kind == "pack-text":
            text = _pictures() / f"{argument[0]}.txt" if argument else None
            if text is None or not text.is_file():
                raise PluginError(f"{where}: no such text of the pictures' builds")
            return _fenced(text.read_text(encoding="utf-8"), argument[1:])
        if kind == "include":
            path = (DOCS / argument[0]).resolve() if argument else DOCS
            if not path.is_file() or DOCS not in path.parents:
                raise PluginError(f"{where}: no such file in docs/")
            return _fenced(path.read_text(encoding="utf-8"), argument[1:])
        return readme()

    return MARKER.sub(replace, markdown)


def readme() -> str:
    """README.md as the site's home page: its links into docs/ are the site's own."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.sub(r"\]\(docs/", "](", text)


def _fenced(text: str, language: list[str]) -> str:
    fence = "````" if "```" in text else "```"
    return f"{fence}{language[0] if language else 'text'}\n{text.rstrip()}\n{fence}"
