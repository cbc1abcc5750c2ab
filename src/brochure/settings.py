"""What every renderer is told besides the event: where things are, and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from brochure import confine
from brochure.i18n import Formatter
from brochure.layouts import LayoutPath


@dataclass(frozen=True)
class BuildSettings:
    """The settings of one build, the same for every output."""

    source_dir: Path
    """The folder of event.yaml: the only place event files (logos, CSV) are read from."""
    layouts: LayoutPath
    """Where layout files are looked up."""
    built_at: dt.datetime
    """The build's timestamp (SOURCE_DATE_EPOCH honoured)."""
    fmt: Formatter
    """Words, dates and times in the event's language."""
    badge_layout: str | None = None
    """A badge layout chosen on the command line, over the YAML's."""

    def asset(self, name: str) -> Path:
        """A file named in the event, confined to the source folder."""
        return confine.resolve_inside(self.source_dir, name)

    @property
    def readable_folders(self) -> tuple[Path, ...]:
        """Every folder a renderer may read from."""
        return (self.source_dir, *self.layouts.folders)
