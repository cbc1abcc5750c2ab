"""Time zones as brochure takes them: zones that name a place, and the moments a zone's
clocks change (daylight saving time).

An event's times are the local times of a place. tzdata (the IANA time zone database,
which Python's zoneinfo reads) also holds names that are no place: the build machine's
own clock (`localtime`, `posixrules`), a placeholder (`Factory`), UTC and its aliases
(`Etc/UTC`, `Zulu`, `Etc/GMT+1`), rules named after what they do (`CET`, `EST5EDT`), and
copies of every zone kept for computers' clocks (`posix/...`, `right/...`, which counts
leap seconds). A pack written in one of them follows the computer that builds it, or no
place's clock changes: only zones with a place are taken (tzdata's zones and the old
names it keeps for them, `America/Montreal`, `Asia/Calcutta`, `US/Eastern`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import unicodedata
import zoneinfo
from dataclasses import dataclass

#: Names tzdata holds that name no place, with why (said to the organiser).
NO_PLACE: dict[str, str] = {
    **dict.fromkeys(
        ("localtime", "posixrules"),
        "is the clock of the computer that builds the pack, not a place",
    ),
    "Factory": "is tzdata's placeholder for a computer whose zone is not set, not a place",
    **dict.fromkeys(
        ("UTC", "UCT", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich", "Universal", "Zulu"),
        "names no place, so the pack's times would not follow a place's clock changes",
    ),
    # POSIX TZ rules kept by tzdata's "northamerica" and "europe" files.
    **dict.fromkeys(
        (
            *("CET", "EET", "MET", "WET", "EST", "MST", "HST"),
            *("EST5EDT", "CST6CDT", "MST7MDT", "PST8PDT"),
        ),
        "is a rule (as a computer's TZ setting writes it), not a place",
    ),
}
#: Folders of tzdata whose names are no place, with why.
NO_PLACE_FOLDERS: dict[str, str] = {
    "Etc/": "names no place, so the pack's times would not follow a place's clock changes",
    "posix/": "is a copy of a zone kept for computers' clocks, not the zone's name",
    "right/": "is a copy of a zone that counts leap seconds, kept for computers' clocks",
    "SystemV/": "is a rule of old computers' clocks, not a place",
}
#: A zone to show as an example when nothing closer is known.
EXAMPLE = "Europe/Berlin"


def why_no_place(name: str) -> str | None:
    """Why name is no place ("is the clock of the computer that builds the pack..."), or
    None when it may name one."""
    if name in NO_PLACE:
        return NO_PLACE[name]
    return next((why for folder, why in NO_PLACE_FOLDERS.items() if name.startswith(folder)), None)


@functools.cache
def place_zones() -> frozenset[str]:
    """Every zone name of the installed tzdata that names a place: its zones and the old
    names it keeps for them (backward links: Asia/Calcutta, US/Eastern, Japan)."""
    return frozenset(name for name in zoneinfo.available_timezones() if why_no_place(name) is None)


def is_place_zone(name: str) -> bool:
    """Whether name is a zone of tzdata that names a place (Europe/Berlin)."""
    return name in place_zones()


def _key(text: str) -> str:
    """A zone name or a city as compared: no case, no accents, spaces as underscores."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "_".join(plain.replace("_", " ").split())


@functools.cache
def _by_key() -> dict[str, str]:
    return {_key(zone): zone for zone in sorted(place_zones())}


@functools.cache
def _by_city() -> dict[str, str | None]:
    """Each zone's city (its name's last part: Berlin, Mexico_City) to the zone; None
    where two zones share a city."""
    found: dict[str, str | None] = {}
    for zone in sorted(place_zones()):
        if "/" in zone:
            city = _key(zone.rsplit("/", 1)[1])
            found[city] = zone if found.get(city, zone) == zone else None
    return found


def _country_zone(country: str | None, city: str | None) -> str | None:
    """The zone of an event in country (ISO 3166 code) and city: the zone named after
    the city, else the country's only zone (CLDR's territories); None when unknown."""
    from babel.core import get_global

    if city and (found := _by_city().get(_key(city))):
        return found
    zones = [z for z in get_global("territory_zones").get((country or "").upper(), ()) if z]
    zones = [zone for zone in zones if is_place_zone(zone)]
    return zones[0] if len(zones) == 1 else None


def same_zone(name: str) -> str | None:
    """The zone with a place that name is another spelling of, keeping the same clock: a
    copy under a folder (posix/Europe/Berlin), another case or spaces (europe/berlin);
    None when name is no such spelling (UTC, a zone of no place, a near miss)."""
    written = name.strip()
    for folder in ("posix/", "right/"):
        if written.startswith(folder) and is_place_zone(written[len(folder) :]):
            return written[len(folder) :]
    return _by_key().get(_key(written))


def closest_zone(name: str, country: str | None = None, city: str | None = None) -> str | None:
    """The zone with a place the organiser most likely meant by name: the same zone
    under a folder of copies (posix/Europe/Berlin), or written in another case or with
    spaces (europe/berlin, America/Mexico City), a city alone (Berlin), a name nearly
    right (Europe/Berln); for a name of no place, or none near, the zone of the event's
    city or of its country (country an ISO 3166 code) when it has one. None otherwise."""
    written = name.strip()
    for folder in ("posix/", "right/"):
        if written.startswith(folder) and is_place_zone(written[len(folder) :]):
            return written[len(folder) :]
    key = _key(written)
    if key in _by_key():
        return _by_key()[key]
    if why_no_place(written) is None:
        if found := _by_city().get(key.rsplit("/", 1)[-1]):
            return found
        close = difflib.get_close_matches(key, list(_by_key()), n=1, cutoff=0.8)
        if close:
            return _by_key()[close[0]]
        cities = [city for city, zone in _by_city().items() if zone]
        close = difflib.get_close_matches(key.rsplit("/", 1)[-1], cities, n=1, cutoff=0.8)
        if close:
            return _by_city()[close[0]]
    return _country_zone(country, city)


def zone_problem(name: str, country: str | None = None, city: str | None = None) -> str | None:
    """What is wrong with name as the event's time zone, with the closest zone to write;
    None when it is a zone with a place."""
    if is_place_zone(name):
        return None
    suggestion = closest_zone(name, country, city)
    why = why_no_place(name)
    if why:
        if suggestion and name.endswith("/" + suggestion):
            advice = f"write {suggestion}"  # a copy's own zone
        elif suggestion:
            advice = f"write {suggestion}, the zone of the event's place"
        else:
            advice = f"write the zone of the event's place, as Region/City (e.g. {EXAMPLE})"
        return f"'{name}' {why}: {advice}"
    hint = f"; did you mean {suggestion}?" if suggestion else f" (e.g. {EXAMPLE})"
    return f"'{name}' is not a time zone of a place{hint}"


#: Month names as messages to the organiser write dates (in English, as every message).
MONTHS = (
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)


@dataclass(frozen=True)
class Change:
    """A change of a zone's clocks around a local time: forward (a gap: the hour skipped
    does not exist) or back (the hour repeated happens twice)."""

    zone: str
    day: dt.date
    """The local day of the change."""
    before: dt.time
    """The local time the clocks show when they change (02:00 going forward)."""
    after: dt.time
    """The local time they are set to (03:00)."""
    offset_before: dt.timedelta
    offset_after: dt.timedelta
    after_day: dt.date
    """The local day they are set to: the day of the change, but for a change across
    midnight (Pacific/Apia skipped 30 December 2011: from 00:00 that day to 00:00 the
    next)."""

    @property
    def forward(self) -> bool:
        return self.offset_after > self.offset_before

    @property
    def gap(self) -> tuple[dt.datetime, dt.datetime]:
        """Going forward, the local times skipped: from the first (included) to the
        last (excluded), as naive local datetimes."""
        return (
            dt.datetime.combine(self.day, self.before),
            dt.datetime.combine(self.after_day, self.after),
        )

    def skips(self, day: dt.date) -> bool:
        """Whether the change skips the whole of a local day: none of its times exist."""
        first, last = self.gap
        return (
            self.forward
            and first <= dt.datetime.combine(day, dt.time())
            and (dt.datetime.combine(day + dt.timedelta(days=1), dt.time()) <= last)
        )

    def __str__(self) -> str:
        """clocks go forward from 02:00 to 03:00 on 29 March 2026 in Europe/Berlin; a
        change across midnight names both days (from 00:00 on 30 December 2011 to 00:00
        on 31 December 2011)."""
        way = "forward" if self.forward else "back"
        if self.after_day == self.day:
            when = f"from {self.before:%H:%M} to {self.after:%H:%M} on {long_date(self.day)}"
        else:
            when = (
                f"from {self.before:%H:%M} on {long_date(self.day)} to {self.after:%H:%M} "
                f"on {long_date(self.after_day)}"
            )
        return f"clocks go {way} {when} in {self.zone}"


def long_date(day: dt.date, year: bool = True) -> str:
    """A date as messages write it: 30 December 2011 (without the year: 30 December)."""
    return f"{day.day} {MONTHS[day.month - 1]}" + (f" {day.year}" if year else "")


def change_at(zone: str, local: dt.datetime) -> Change | None:
    """The change of zone's clocks that makes the local time (naive) skipped or repeated;
    None when it happens once, as usual (PEP 495: its two readings, fold 0 and 1, agree)."""
    tz = zoneinfo.ZoneInfo(zone)
    first = local.replace(tzinfo=tz, fold=0).utcoffset() or dt.timedelta()
    second = local.replace(tzinfo=tz, fold=1).utcoffset() or dt.timedelta()
    if first == second:
        return None
    # The moment of the change lies between the two readings of the local time (in UTC):
    # found to the minute, the first with the new offset.
    low, high = sorted((local - first, local - second))
    low, high = low - dt.timedelta(minutes=1), high + dt.timedelta(minutes=1)
    while high - low > dt.timedelta(minutes=1):
        middle = low + (high - low) // 2
        middle -= dt.timedelta(seconds=middle.second, microseconds=middle.microsecond)
        if middle <= low:
            break
        if _offset(tz, middle) == first:
            low = middle
        else:
            high = middle
    return Change(
        zone,
        (high + first).date(),
        (high + first).time(),
        (high + second).time(),
        first,
        second,
        (high + second).date(),
    )


def _offset(tz: zoneinfo.ZoneInfo, utc: dt.datetime) -> dt.timedelta:
    """The zone's offset at a moment given in UTC (naive)."""
    moment = utc.replace(tzinfo=dt.UTC).astimezone(tz)
    return moment.utcoffset() or dt.timedelta()


def offset_at(zone: str, local: dt.datetime) -> dt.timedelta:
    """The zone's offset from UTC at a local time (naive; a repeated one: its first)."""
    return local.replace(tzinfo=zoneinfo.ZoneInfo(zone)).utcoffset() or dt.timedelta()


#: How far apart offsets are sampled to find the days a zone's clocks change: no zone
#: has changed them twice within a week (tzdata), so a change between two samples shows.
SAMPLE_DAYS = 7


def change_days(zone: str, first: dt.date, last: dt.date) -> list[dt.date]:
    """The local days from first to last on which zone's clocks may change (a change in
    the night between two days gives both), found by sampling the offset at noon a week
    apart and halving each week whose ends differ: a long event costs a few thousand
    readings, not one a day."""
    tz = zoneinfo.ZoneInfo(zone)

    def offset(day: dt.date) -> dt.timedelta:
        return dt.datetime.combine(day, dt.time(12), tzinfo=tz).utcoffset() or dt.timedelta()

    found: list[dt.date] = []
    start = first - dt.timedelta(days=1)
    while start < last:
        end = min(start + dt.timedelta(days=SAMPLE_DAYS), last + dt.timedelta(days=1))
        if offset(start) != offset(end):
            low, high = start, end  # the offset at low's noon differs from high's
            while (high - low).days > 1:
                middle = low + (high - low) // 2
                if offset(middle) == offset(low):
                    low = middle
                else:
                    high = middle
            found += [day for day in (low, high) if first <= day <= last and day not in found]
        start = end
    return found
