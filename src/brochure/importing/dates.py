"""Times of an export checked against the calendar: the years an event has, time zones
that are places, UTC offsets as ISO 8601 writes them; and what a time zone or a
language says of the event (its country, its language)."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections import Counter
from collections.abc import Iterable

from babel.core import get_global

from brochure.model import YEARS, language_tag

#: When the last night of a conference is over: a talk may end up to then on the day
#: after its last day (schedules' days run past midnight), not later.
SMALL_HOURS_END = dt.time(6, 0)

# Names in the time zone database that are no place: the build machine's own clock
# (localtime), a placeholder (Factory), the database's own links and variants.
_NO_PLACE = {"localtime", "Factory", "posixrules"}


@functools.cache
def _zone_names() -> frozenset[str]:
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if name not in _NO_PLACE and not name.startswith(("posix/", "right/"))
    )


def zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    """The IANA time zone of that name (Europe/Berlin, UTC); None for a name that is
    none, or no place (localtime, Factory, posix/...)."""
    if not name or name not in _zone_names():
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def not_a_zone(name: str) -> str:
    """The message for a time zone name that is none."""
    return f"{name!r} is not a time zone: an IANA name such as Europe/Berlin is expected"


def in_years(moment: dt.date) -> bool:
    """Whether a date (or a moment) falls in the years an event may have (YEARS)."""
    return YEARS[0] <= moment.year <= YEARS[1]


def not_in_years(moment: dt.date) -> str:
    return f"{moment.isoformat()} is not a time of an event (years {YEARS[0]}-{YEARS[1]})"


def offset_text(offset: dt.timedelta) -> str:
    """A UTC offset as ISO 8601 writes it: +01:00, -05:30."""
    minutes = round(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def local(moment: dt.datetime, in_zone: zoneinfo.ZoneInfo | None) -> dt.datetime:
    """moment as the event's clock reads it, without an offset: in the zone when both
    are known, else as written."""
    if in_zone is not None and moment.tzinfo is not None:
        moment = moment.astimezone(in_zone)
    return moment.replace(tzinfo=None)


def country_of(zone_name: str | None) -> str | None:
    """The ISO 3166 code of the country a time zone is in (CLDR's zone territories:
    America/Bogota is CO), None for UTC and the like."""
    if not zone_name:
        return None
    # An alias (Portugal, US/Eastern) is CLDR's canonical zone's.
    zone_name = get_global("zone_aliases").get(zone_name, zone_name)
    territory = get_global("zone_territories").get(zone_name)
    return territory if territory and len(territory) == 2 and territory != "ZZ" else None


def language_of(tags: Iterable[str | None]) -> str | None:
    """The language more than half the items that say one are given in, as a tag brochure
    prints in; None when none is (a programme in several languages keeps the default).
    An item given in several (`de, en`) counts for the first."""
    counted: Counter[str] = Counter()
    for tag in tags:
        first = (tag or "").split(",")[0].strip()
        try:
            counted[language_tag(first)] += 1
        except ValueError:
            continue
    if not counted:
        return None
    tag, count = counted.most_common(1)[0]
    return tag if count * 2 > sum(counted.values()) else None
