"""A frab (pentabarf) XML schedule, `schedule.xml`, as frab, pretalx, wafer and the CCC
events write it, checked against the rules of the schema voc/schedule publishes
(https://c3voc.de/schedule/schema.xsd) as far as brochure needs them:

    <schedule>
      <generator name= version=/> <version/>
      <conference> <title/> <acronym/> <start/> <end/> <days/> <time_zone_name/>
        <track name= color=/>... </conference>
      <day index= date= start= end=>
        <room name=>
          <event id= guid=> <date/> <start/> <duration/> <room/> <title/> <type/>
            <track/> <language/> <abstract/> <description/>
            <persons><person id= guid=>NAME</person></persons> ...

The XML is made into the data of the same schedule as pretalx's JSON (c3voc.py), each
value remembering where its element is, and read as that schedule is. What differs is
read here: a `<date>` in UTC beside a local `<start>` (wafer) is the local time it
names; an event without `<date>` (pentabarf's classic dialect, FOSDEM's) is on its
day's date, or the next when it starts before the conference's `day_change`; HTML
abstracts (pentabarf's) are made into paragraphs. The schema's rules that a schedule
cannot do without are refused where they are broken: the root `<schedule>`, a
`<conference>` with a `<title>`, an event's `id`, its `<start>`, `<duration>` and
`<title>`, event ids given once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from brochure.errors import Location
from brochure.importing import c3voc, dates
from brochure.importing.base import (
    Conversion,
    DataPath,
    ExportError,
    Fault,
    Importer,
    Parsed,
)
from brochure.importing.xmlsource import Element, load

DIALECT = c3voc.Dialect(
    system="frab XML",
    labels={
        "export": "",
        "schedule": "",
        "conference": "conference/",
        "room": "conference/rooms/room/@",
        "track": "conference/track/@",
        "day": "day/@",
        "talk": "event/",
        "person": "event/persons/person/@",
    },
    html=True,
)

_CLOCK = re.compile(r"\s*(\d{1,2}):(\d{2})(?::\d{2})?\s*")
# Children of <event> the schema requires (xs:all without minOccurs="0") that brochure
# cannot do without; <room> and <type> may be empty, and a pentabarf <date> is reckoned.
_REQUIRED = ("title", "start", "duration")


class _Places:
    """Where each value of the data is in the XML: the element (its line and column) and
    its path as XPath writes it (`/schedule/day[1]/room[2]/event[3]/start`)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.at: dict[DataPath, tuple[int, int, str]] = {}

    def add(self, path: DataPath, element: Element, xpath: str) -> None:
        self.at[path] = (element.line, element.column, xpath)

    def locate(self, paths: list[DataPath]) -> list[Location]:
        found = []
        for path in paths:
            while path and path not in self.at:
                path = path[:-1]
            line, column, _ = self.at.get(path, (1, 1, ""))
            found.append(Location(self.label, line, column))
        return found

    def name(self, path: DataPath) -> str:
        """The XPath of path; of a part not in the XML (a missing element), its parent's
        with the part's name after it."""
        missing: list[str] = []
        while path and path not in self.at:
            missing.insert(0, str(path[-1]))
            path = path[:-1]
        return "/".join([self.at.get(path, (1, 1, ""))[2], *missing])


def parse(text: str, label: str) -> Parsed:
    """The XML schedule as the data of a c3voc schedule, each value located."""
    root = load(text, label)
    places = _Places(label)
    places.add((), root, f"/{root.tag}")
    data: dict[str, Any] = {"$root": root.tag}
    if root.tag == "schedule":
        data = _export(root, places)
    return Parsed(label=label, data=data, locate=places.locate, name=places.name)


def _export(root: Element, places: _Places) -> dict[str, Any]:
    schedule: dict[str, Any] = {}
    export: dict[str, Any] = {"schedule": schedule}
    places.add(("schedule",), root, "/schedule")
    days: list[dict[str, Any]] = []
    counted: dict[str, int] = {}
    conference_element = root.child("conference")
    zone_name = _text(conference_element.child("time_zone_name")) if conference_element else ""
    zone = dates.zone(zone_name)
    day_change = (
        _clock(_text(conference_element.child("day_change"))) if conference_element else None
    )
    for element in root.children:
        counted[element.tag] = counted.get(element.tag, 0) + 1
        xpath = f"/schedule/{element.tag}[{counted[element.tag]}]"
        if element.tag == "generator":
            export["generator"] = dict(element.attributes)
            places.add(("generator",), element, xpath)
        elif element.tag == "conference":
            path: DataPath = ("schedule", "conference")
            schedule["conference"] = _conference(element, path, xpath, places, zone)
        elif element.tag == "day":
            path = ("schedule", "conference", "days", len(days))
            days.append(_day(element, path, xpath, places, zone, day_change))
        else:
            schedule[element.tag] = _value(element)
            places.add(("schedule", element.tag), element, xpath)
    if isinstance(schedule.get("conference"), dict):
        schedule["conference"]["days"] = days
    return export


def _conference(
    element: Element, path: DataPath, xpath: str, places: _Places, zone: Any
) -> dict[str, Any]:
    places.add(path, element, xpath)
    conference: dict[str, Any] = {}
    tracks: list[dict[str, Any]] = []
    rooms: list[dict[str, Any]] = []
    for child in element.children:
        if child.tag == "track":
            places.add((*path, "tracks", len(tracks)), child, f"{xpath}/track[{len(tracks) + 1}]")
            tracks.append(_attributes_and_text(child, "name"))
        elif child.tag in ("tracks", "rooms"):
            found = tracks if child.tag == "tracks" else rooms
            for number, item in enumerate(child.children, 1):
                places.add(
                    (*path, child.tag, len(found)),
                    item,
                    f"{xpath}/{child.tag}/{item.tag}[{number}]",
                )
                found.append(_attributes_and_text(item, "name"))
        else:
            key = "daysCount" if child.tag == "days" else child.tag
            value = _value(child)
            if child.tag in ("start", "end") and isinstance(value, str):
                value = _local_date(value, zone)
            conference[key] = value
            places.add((*path, key), child, f"{xpath}/{child.tag}")
    if tracks:
        conference["tracks"] = tracks
    if rooms:
        conference["rooms"] = rooms
    return conference


def _day(
    element: Element,
    path: DataPath,
    xpath: str,
    places: _Places,
    zone: Any,
    day_change: tuple[int, int] | None,
) -> dict[str, Any]:
    places.add(path, element, xpath)
    day: dict[str, Any] = {}
    names = {"start": "day_start", "end": "day_end"}
    for key, value in element.attributes.items():
        day[names.get(key, key)] = value.strip()
        places.add((*path, names.get(key, key)), element, f"{xpath}/@{key}")
    rooms: dict[str, list[dict[str, Any]]] = {}
    room_number = 0
    for child in element.children:
        if child.tag != "room":
            day[child.tag] = _value(child)
            places.add((*path, child.tag), child, f"{xpath}/{child.tag}")
            continue
        room_number += 1
        room_xpath = f"{xpath}/room[{room_number}]"
        name = child.attributes.get("name", "").strip()
        in_room = rooms.setdefault(name, [])
        places.add((*path, "rooms", name), child, room_xpath)
        event_number = 0
        for event in child.children:
            if event.tag != "event":
                continue
            event_number += 1
            event_path = (*path, "rooms", name, len(in_room))
            in_room.append(_event(event, event_path, f"{room_xpath}/event[{event_number}]", places))
    day["rooms"] = rooms
    for in_room in rooms.values():
        for data in in_room:
            _date(data, day.get("date"), zone, day_change)
    return day


def _event(element: Element, path: DataPath, xpath: str, places: _Places) -> dict[str, Any]:
    places.add(path, element, xpath)
    # Attributes as `@id`, as XPath names them: apart from the children of the same name.
    event: dict[str, Any] = {f"@{key}": value for key, value in element.attributes.items()}
    for key in element.attributes:
        places.add((*path, f"@{key}"), element, f"{xpath}/@{key}")
    for child in element.children:
        child_path = (*path, child.tag)
        places.add(child_path, child, f"{xpath}/{child.tag}")
        if child.tag == "persons":
            event["persons"] = [
                _attributes_and_text(person, "name")
                for person in child.children
                if person.tag == "person"
            ]
            for number, person in enumerate(p for p in child.children if p.tag == "person"):
                where = f"{xpath}/persons/person[{number + 1}]"
                places.add((*child_path, number), person, where)
                places.add((*child_path, number, "name"), person, where)
        elif child.tag in ("links", "attachments"):
            event[child.tag] = [_attributes_and_text(item, "title") for item in child.children]
        else:
            event[child.tag] = _value(child)
    return event


def _date(event: dict[str, Any], day: Any, zone: Any, day_change: tuple[int, int] | None) -> None:
    """The event's `<date>` as the local time its `<start>` says: a date in UTC (wafer's)
    made local in the conference's zone; none (pentabarf's) reckoned from its day."""
    start = _clock(event.get("start")) if isinstance(event.get("start"), str) else None
    written = event.get("date")
    if isinstance(written, str) and written.strip():
        try:
            moment = dt.datetime.fromisoformat(written.strip())
        except ValueError:
            return  # refused by the model, where it is
        if zone is None or moment.tzinfo is None or start is None:
            return
        local = moment.astimezone(zone)
        if moment.utcoffset() != local.utcoffset() and (local.hour, local.minute) == start:
            event["date"] = local.isoformat()
        return
    if start is None or not isinstance(day, str):
        return
    try:
        date = dt.date.fromisoformat(day.strip())
    except ValueError:
        return
    if day_change and start < day_change:
        date += dt.timedelta(days=1)  # after midnight, still the day before's night
    event["date"] = dt.datetime.combine(date, dt.time(*start)).isoformat()


def _local_date(value: str, zone: Any) -> str:
    """A conference's start or end as a date: a dateTime (38C3's) as its day in the zone."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return value.strip()
    if len(value.strip()) <= 10:
        return value.strip()
    return dates.local(moment, zone).date().isoformat()


def _clock(value: Any) -> tuple[int, int] | None:
    match = _CLOCK.fullmatch(value) if isinstance(value, str) else None
    return (int(match.group(1)), int(match.group(2))) if match else None


def _text(element: Element | None) -> str:
    return element.text.strip() if element is not None else ""


def _value(element: Element) -> Any:
    """An element as data: its text, or its attributes and children when it has them."""
    if not element.children and not element.attributes:
        return element.text
    value: dict[str, Any] = dict(element.attributes)
    for child in element.children:
        value[child.tag] = _value(child)
    if element.text.strip():
        value["text"] = element.text
    return value


def _attributes_and_text(element: Element, key: str) -> dict[str, Any]:
    """An element whose text is one of its fields (a person's name, a link's title)."""
    value: dict[str, Any] = dict(element.attributes)
    if element.text.strip() or key not in value:
        value[key] = element.text
    return value


def read(data: Any) -> c3voc.ScheduleExport:
    """The schedule; ExportError for XML of another kind, or missing what a schedule
    cannot do without (the schema's rules)."""
    if "schedule" not in data:
        raise ExportError(
            [
                Fault(
                    (),
                    f"not a frab schedule: its root element is <{data.get('$root')}>, not "
                    "<schedule>; export the schedule as XML (schedule.xml)",
                )
            ]
        )
    faults: list[Fault] = []
    schedule = data["schedule"]
    if not isinstance(schedule.get("conference"), dict):
        faults.append(Fault(("schedule",), "has no <conference>, which the schema requires"))
    seen: dict[str, DataPath] = {}
    for number, day in enumerate(schedule.get("conference", {}).get("days", [])):
        written = day.get("date")
        undated = None
        if isinstance(written, str) and written.strip():
            try:
                dt.date.fromisoformat(written.strip())
            except ValueError:
                # The events of that day are reckoned from its date: said once, there.
                undated = Fault(
                    ("schedule", "conference", "days", number, "date"),
                    f"{written.strip()!r} is not a date in the calendar (YYYY-MM-DD)",
                )
                faults.append(undated)
        for name, events in day.get("rooms", {}).items():
            for index, event in enumerate(events):
                path = ("schedule", "conference", "days", number, "rooms", name, index)
                faults += _event_faults(event, path, seen, dated=undated is None)
    if faults:
        raise ExportError(faults)
    return c3voc.ScheduleExport.model_validate(data)


def _event_faults(
    event: dict[str, Any], path: DataPath, seen: dict[str, DataPath], dated: bool = True
) -> list[Fault]:
    """What is wrong with an event of the schedule; dated: whether its day's date is one
    (when it is not, that is said of the day, not again of each event)."""
    faults = []
    missing = [f"<{tag}>" for tag in _REQUIRED if tag not in event]
    if missing:
        faults.append(Fault(path, f"has no {', '.join(missing)}, which every event needs"))
    ident = event.get("@id")
    if not isinstance(ident, str) or not ident.strip():
        faults.append(Fault(path, "has no id, which the schema requires of every event"))
    elif ident.strip() in seen:
        faults.append(
            Fault((*path, "@id"), f"id {ident.strip()!r} is another event's too; ids are unique")
        )
    else:
        seen[ident.strip()] = path
    if "date" not in event and dated:
        faults.append(Fault(path, "has no <date>, and its day no date to reckon it from"))
    return faults


def convert(export: c3voc.ScheduleExport) -> Conversion:
    return c3voc.convert(export, DIALECT)


IMPORTER = Importer(
    name="frab",
    help="a frab (pentabarf) XML schedule (schedule.xml: frab, pretalx, wafer, CCC events)",
    description="Make an event file from a schedule in frab's XML (schedule.xml), as "
    "frab, pretalx (/EVENT/schedule/export/schedule.xml), wafer (DebConf) and the CCC "
    "events write it: days, rooms, talks with their tracks and types, speakers with their "
    "names as written. What the schedule does not say (city, about, organisers) is filled "
    "with placeholders to edit.",
    metavar="SCHEDULE.xml",
    read=read,
    convert=convert,
    parse=parse,
)
