"""The one clock of a build: reproducible when SOURCE_DATE_EPOCH is set."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re

from brochure import once

log = logging.getLogger(__name__)

#: The earliest and latest time a build is stamped with: years with four digits, as a
#: PDF date (ISO 32000-1 7.9.4, D:YYYY...), XMP, iCalendar and a DOCX's W3CDTF write
#: them (and Python's datetime holds them).
EARLIEST = dt.datetime(1000, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
#: What the variable holds: a whole number of seconds since 1970 (date +%s).
_SECONDS = re.compile(r"-?\d+")


def build_time() -> dt.datetime:
    """The time a build is stamped with: SOURCE_DATE_EPOCH if set, else now (UTC).

    https://reproducible-builds.org/specs/source-date-epoch/ : two builds of the same
    YAML with the same epoch give the same dates in every file's metadata. An epoch
    outside EARLIEST..LATEST is taken as the nearest of them, and a value that is not a
    whole number of seconds is not taken at all (the clock is), each with a warning
    naming the variable and the time used.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    now = dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
    if not epoch:
        return now
    if not _SECONDS.fullmatch(epoch) or len(epoch) > 30:
        log.warning(
            "SOURCE_DATE_EPOCH=%s is not a whole number of seconds since 1970; the build "
            "is stamped with the current time, %s",
            epoch[:40],
            stamp(now),
        )
        return now
    seconds = int(epoch)
    if seconds < EARLIEST.timestamp() or seconds > LATEST.timestamp():
        used = EARLIEST if seconds < EARLIEST.timestamp() else LATEST
        log.warning(
            "SOURCE_DATE_EPOCH=%s is outside the years 1000 to 9999 that every file's "
            "dates can hold; the build is stamped %s",
            epoch,
            stamp(used),
        )
        return used
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


def stamp(when: dt.datetime) -> str:
    """A time as messages say it: 1980-01-01 00:00:00 UTC."""
    return when.strftime("%Y-%m-%d %H:%M:%S UTC")


def clamped(
    when: dt.datetime, earliest: dt.datetime, latest: dt.datetime, what: str
) -> dt.datetime:
    """when, or the nearest of earliest and latest when it is outside them (a format with
    a narrower range than the PDF's: a ZIP's dates run from 1980 to 2107), said once for
    each format and time (what names them: "concept-note.docx's ZIP entries")."""
    if earliest <= when <= latest:
        return when
    used = earliest if when < earliest else latest
    if once.first_time(("clamped", what, when, used)):
        source = (
            f"SOURCE_DATE_EPOCH ({stamp(when)})"
            if os.environ.get("SOURCE_DATE_EPOCH", "").strip()
            else f"the build time ({stamp(when)})"
        )
        log.warning(
            "%s cannot be dated %s: they are dated %s, the %s they can hold",
            what,
            source,
            stamp(used),
            "earliest" if used == earliest else "latest",
        )
    return used
