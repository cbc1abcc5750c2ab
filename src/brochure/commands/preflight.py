"""`brochure preflight`: a print shop's checks on a built PDF or pack, before sending it."""

from __future__ import annotations

from pathlib import Path

from brochure.config import DEFAULT_SOURCE, OUTPUT_FOLDER, project_of
from brochure.preflight import Finding, preflight


def default_target() -> Path:
    """The pack of the project in the current folder: `output/` beside `source/`."""
    return project_of(DEFAULT_SOURCE) / OUTPUT_FOLDER


def run(target: Path | None, print_shop: bool) -> list[Finding]:
    """Every check on target (a PDF or a folder of them; default: the project's pack)."""
    return preflight(target if target is not None else default_target(), print_shop)
