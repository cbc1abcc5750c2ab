"""`brochure new`: a new event folder that builds at once.

The example event file is a template shipped inside the package (`starter/`), so an
installed brochure makes it anywhere, without this repository.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2

from brochure.buildtime import build_time
from brochure.config import DEFAULT_SOURCE
from brochure.errors import BrochureError
from brochure.schema import MODELINE, SCHEMA_FILE, schema_text
from brochure.writer import there, write_file

STARTER = Path(__file__).parent.parent / "starter"
#: The folder for logos, beside the event file.
LOGOS = "logos"
#: How far ahead the example event's date is: a date to replace, not one already past.
LEAD_TIME = dt.timedelta(weeks=8)


def new(folder: Path, force: bool = False) -> tuple[Path, ...]:
    """Make folder/source/event.yaml, its logos/ folder and event.schema.json beside it;
    the paths made, the event file first.

    Raises BrochureError when a file is there already (unless force) or cannot be written.
    """
    source = folder / DEFAULT_SOURCE
    schema = source.parent / SCHEMA_FILE
    logos = source.parent / LOGOS
    existing = [path for path in (source, schema) if there(path)]
    if existing and not force:
        raise BrochureError(
            f"{', '.join(map(str, existing))} already there; nothing was written "
            "(--force replaces them)"
        )
    write_file(source, starter_event(build_time().date() + LEAD_TIME))
    write_file(schema, schema_text())
    if logos.is_symlink():
        raise BrochureError(f"{logos} is a symbolic link; brochure makes no folder through one")
    try:
        logos.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BrochureError(f"cannot write in {folder}: {error.strerror or error}") from None
    return source, schema, logos


def starter_event(day: dt.date) -> str:
    """The example event file, dated `day`, every key explained in a comment."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(STARTER),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # YAML, not HTML: the values are ours and plain
    )
    template = environment.get_template("event.yaml.j2")
    return template.render(
        modeline=MODELINE,
        date=day.isoformat(),
        next_day=(day + dt.timedelta(days=1)).isoformat(),
    )
