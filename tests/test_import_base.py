"""The importer base: one registry, one `brochure import` command for every system, ids
made of colliding names at a bounded cost each, the limits an import runs under.

Real exports of other systems are read where they are kept, `../shared/imports/` beside
the project (the environment variable BROCHURE_SHARED_IMPORTS names another place, for
a work tree kept elsewhere); a test that needs one is skipped, saying so, without it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import FIXTURES, ROOT

from brochure.cli import main, parser
from brochure.commands.import_ import import_export
from brochure.importing import IMPORTERS, SYSTEMS, Registry
from brochure.importing.base import Importer
from brochure.importing.people import People
from brochure.reading.load import load_event

IMPORTS = Path(os.environ.get("BROCHURE_SHARED_IMPORTS") or ROOT.parent / "shared" / "imports")


def shared_export(relative: str) -> Path:
    """A real export of ../shared/imports/; the test is skipped when it is not there."""
    path = IMPORTS / relative
    if not path.is_file():
        pytest.skip(f"{relative}: the real exports are not in {IMPORTS} (../shared/imports/)")
    return path


def refused(capsys: pytest.CaptureFixture[str], system: str, export: Path, target: Path) -> str:
    """What `brochure import` says of an export it refuses: exit 1, no trace, nothing
    written."""
    assert main(["import", system, str(export), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "failed" not in err, err
    assert not target.exists()
    return err


def line_of(text: str, fragment: str) -> int:
    """The number of the first line of text that holds fragment."""
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


# the command -----------------------------------------------------------------------
def test_import_help_lists_every_importer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--help"]) == 0
    said = capsys.readouterr().out
    for importer in IMPORTERS.values():
        assert importer.name in said
        assert " ".join(importer.help.split()[:4]) in " ".join(said.split())
    assert set(IMPORTERS) == {"pretalx", "frab", "indico", "sessionize", "pretix"}


@pytest.mark.parametrize("system", SYSTEMS)
def test_every_importer_takes_the_same_options(system: str) -> None:
    args = parser().parse_args(
        ["import", system, "export", "-o", "out", "--force", "--timeout", "5", "--memory", "512"]
    )
    assert (args.system, args.export, args.output) == (system, Path("export"), Path("out"))
    assert (args.force, args.timeout, args.memory) == (True, 5.0, 512)
    default = parser().parse_args(["import", system, "export"]).output
    makes = IMPORTERS[system].makes
    assert default == Path("source", "event.yaml" if makes == "event" else "attendees.csv")


def test_an_import_stopped_at_its_time_limit_names_an_option_it_has(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 20: the timeout message named --timeout, which `import` did not have."""
    target = tmp_path / "event.yaml"
    schedule = FIXTURES / "pretalx" / "schedule.json"
    assert main(["import", "pretalx", str(schedule), "-o", str(target), "--timeout", "1e-9"]) == 1
    err = capsys.readouterr().err
    assert "the import took longer than 1e-09 seconds" in err
    assert "(raise the limit with --timeout)" in err
    assert not target.exists()
    assert parser().parse_args(["import", "pretalx", "x", "--timeout", "60"]).timeout == 60


def test_the_registry_refuses_two_importers_of_one_name() -> None:
    first = IMPORTERS["pretalx"]
    with pytest.raises(ValueError, match="two importers are named 'pretalx'"):
        Registry([first, first])
    with pytest.raises(TypeError, match="is not an Importer"):
        Registry([first, "frab"])  # type: ignore[list-item]


def test_an_importer_is_one_module_and_one_name_in_the_registry() -> None:
    import importlib

    assert tuple(IMPORTERS) == SYSTEMS
    for system in SYSTEMS:
        declared = importlib.import_module(f"brochure.importing.{system}").IMPORTER
        assert isinstance(declared, Importer) and declared is IMPORTERS[system]
        assert declared.name == system and declared.metavar and declared.description


# ids of colliding names ------------------------------------------------------------
def _numbered_names(count: int) -> list[tuple[str, str, str | None]]:
    """Speakers named as others' numbered ids ("Maria Silva 4" makes maria-silva-4), every
    other one a plain Maria Silva without a code: the numbering a naive search would try
    from 2 each time is taken."""
    return [
        (f"k{i}", f"Maria Silva {i + 2}" if i % 2 == 0 else "Maria Silva", None)
        for i in range(count)
    ]


@pytest.mark.parametrize(
    "names",
    [
        pytest.param(_numbered_names, id="names that are numbered ids"),
        pytest.param(lambda n: [(f"k{i}", "Maria Silva", f"C{i}") for i in range(n)], id="codes"),
        pytest.param(lambda n: [(f"k{i}", "Maria Silva", None) for i in range(n)], id="no codes"),
        pytest.param(lambda n: [(f"k{i}", "!!!", None) for i in range(n)], id="no letters"),
        pytest.param(
            lambda n: [(f"k{i}", "Maria Silva", "same") for i in range(n)], id="one code for all"
        ),
    ],
)
def test_ids_of_thousands_of_colliding_names_cost_a_bounded_number_of_lookups(
    names: Any,
) -> None:
    """Issue 20: 4,000 speakers whose names make one id took 142 s. Each id now costs at
    most three look-ups on average, however many collide (a search from 2 each time
    would cost millions here)."""
    for count in (1000, 4000):
        people = People()
        for key, name, code in names(count):
            people.add(key, name, code)
        ids = [person["id"] for person in people.people]
        assert len(set(ids)) == len(ids) == count
        assert people.probes <= 3 * count


def _colliding_export(system: str, count: int) -> tuple[str, Any]:
    """An export of each programme importer with count speakers of colliding names (two
    a talk, each talk at its own minute), and its file's suffix."""
    names = [name for _, name, _ in _numbered_names(count)]
    start = dt.datetime(2025, 5, 14, 8, 0)
    slots = [start + dt.timedelta(minutes=i) for i in range(count // 2)]
    pairs = [(slot, names[2 * i : 2 * i + 2], i) for i, slot in enumerate(slots)]
    if system == "pretalx":
        export = json.loads((FIXTURES / "pretalx" / "schedule.json").read_text(encoding="utf-8"))
        conference = export["schedule"]["conference"]
        talk = conference["days"][0]["rooms"]["Main Hall"][0]
        talks = [
            dict(talk, guid=f"g{i}", title=f"Talk {i}", date=f"{slot.isoformat()}+01:00",
                 start=f"{slot:%H:%M}", duration="00:01",
                 persons=[{"guid": f"p{i}-{n}", "name": name} for n, name in enumerate(two)])
            for slot, two, i in pairs
        ]  # fmt: skip
        conference["days"][0]["rooms"] = {"Main Hall": talks}
        conference["days"][1]["rooms"] = {}
        return ".json", export
    if system == "frab":
        events = "".join(
            f'<event id="{i + 1}"><date>{slot.isoformat()}+01:00</date><start>{slot:%H:%M}'
            f"</start><duration>00:01</duration><room>A</room><title>Talk {i}</title><type/>"
            "<persons>"
            + "".join(f'<person id="{2 * i + n + 1}">{name}</person>' for n, name in enumerate(two))
            + "</persons></event>"
            for slot, two, i in pairs
        )
        return ".xml", (
            "<schedule><conference><title>T</title><start>2025-05-14</start>"
            "<end>2025-05-15</end><time_zone_name>Europe/Lisbon</time_zone_name></conference>"
            f'<day index="1" date="2025-05-14"><room name="A">{events}</room></day></schedule>'
        )
    if system == "indico":
        entries = {
            f"c{i}": {
                "entryType": "Contribution", "title": f"Talk {i}", "room": "A",
                "startDate": {"date": f"{slot:%Y-%m-%d}", "time": f"{slot:%H:%M:%S}", "tz": "UTC"},
                "endDate": {"date": f"{slot:%Y-%m-%d}", "time": f"{slot:%H:%M}:30", "tz": "UTC"},
                "presenters": [
                    {"firstName": name, "familyName": "", "affiliation": f"Org {2 * i + n}"}
                    for n, name in enumerate(two)
                ],
            }
            for slot, two, i in pairs
        }  # fmt: skip
        return ".json", {"results": {"1": {"20250514": entries}}}
    speakers = [{"id": f"s{n}", "fullName": name} for n, name in enumerate(names)]
    sessions = [
        {"id": str(i), "title": f"Talk {i}", "startsAt": slot.isoformat(),
         "endsAt": (slot + dt.timedelta(seconds=30)).isoformat(),
         "speakers": [f"s{2 * i}", f"s{2 * i + 1}"], "roomId": 1}
        for slot, _, i in pairs
    ]  # fmt: skip
    return ".json", {"sessions": sessions, "speakers": speakers, "rooms": [{"id": 1, "name": "A"}]}


@pytest.mark.parametrize("system", ["pretalx", "frab", "indico", "sessionize"])
def test_every_importer_makes_ids_of_colliding_names_at_a_bounded_cost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system: str
) -> None:
    """Each importer that makes people makes their ids with People: 1,200 speakers whose
    names collide cost at most three look-ups each, and get 1,200 ids."""
    count = 1200
    probes = [0]
    free = People._free

    def counted(self: People, ident: str) -> bool:
        probes[0] += 1
        return free(self, ident)

    monkeypatch.setattr(People, "_free", counted)
    suffix, export = _colliding_export(system, count)
    path = tmp_path / f"export{suffix}"
    path.write_text(export if isinstance(export, str) else json.dumps(export), encoding="utf-8")
    imported = import_export(system, path, tmp_path / "event.yaml")
    assert imported.problems == ()
    event = load_event(tmp_path / "event.yaml")
    assert len({person.key for person in event.people}) == len(event.people) == count
    assert count <= probes[0] <= 3 * count  # each id made by People, at a bounded cost


def test_ids_are_the_names_then_the_systems_code_or_a_number() -> None:
    people = People()
    assert people.add("a", "Maria Silva") == "maria-silva"
    assert people.add("b", "María Silva", "XYZ12") == "maria-silva-xyz12"
    assert people.add("c", "Maria Silva") == "maria-silva-3"  # the third person
    assert people.add("a", "Maria Silva") == "maria-silva"  # known by the export's key
    assert len(people) == 3


#: Each programme importer's fixture.
PROGRAMMES = {
    "pretalx": FIXTURES / "pretalx" / "schedule.json",
    "frab": FIXTURES / "frab" / "schedule.xml",
    "indico": FIXTURES / "indico" / "event.json",
    "sessionize": FIXTURES / "sessionize" / "all.json",
}


@pytest.mark.parametrize("system", PROGRAMMES)
def test_every_programme_is_written_with_its_schema_and_what_it_could_not_map(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], system: str
) -> None:
    from brochure.schema import MODELINE, SCHEMA_FILE

    target = tmp_path / "source" / "event.yaml"
    assert main(["import", system, str(PROGRAMMES[system]), "-o", str(target)]) == 0
    said = capsys.readouterr().out
    text = target.read_text(encoding="utf-8")
    assert text.startswith(MODELINE + "\n")
    assert (target.parent / SCHEMA_FILE).is_file()
    header = [line.removeprefix("#   ") for line in text.splitlines() if line.startswith("#   ")]
    listed = said.split("has no place for them):\n")[1].splitlines()
    assert [line.strip() for line in listed if line.startswith("  ")] == header[
        -len([line for line in listed if line.startswith("  ")]) :
    ]
    assert main(["-q", "check", str(target)]) == 0


def test_an_export_larger_than_16_mib_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "schedule.xml"
    with export.open("wb") as stream:
        stream.truncate(16 * 1024 * 1024 + 1)  # sparse: nothing is written, or read
    err = refused(capsys, "frab", export, tmp_path / "event.yaml")
    assert f"{export}:1:1: the file is larger than the limit of 16,384 KiB" in err


HOSTILE_B08 = FIXTURES / "hostile" / "hostile-b08-import-timeout-writes-anyway"


def _slow_check(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    """Make the check of what an import makes (the last of its work in the child) run
    past any time limit, or out of any memory limit: the limit stops the import at the
    very end, where it used to have written its files already."""
    import time

    from brochure.commands import import_

    real = import_.validate

    def stopped(*args: Any, **kwargs: Any) -> Any:
        if how == "timeout":
            time.sleep(60)
        else:
            hoard = [bytearray(64 << 20) for _ in range(64)]  # 4 GiB, past --memory 512
            del hoard
        return real(*args, **kwargs)

    monkeypatch.setattr(import_, "validate", stopped)


@pytest.mark.parametrize("how", ["timeout", "memory"])
def test_an_import_stopped_by_a_limit_writes_nothing_and_may_be_run_again(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    """Finding 08: the 1,500 talks of one pretalx export, stopped by --timeout (or
    --memory) at the end of the import: no event file, no schema, and the same command
    run again (no --force) writes them."""
    import gzip

    schedule = tmp_path / "schedule.json"
    schedule.write_bytes(gzip.decompress((HOSTILE_B08 / "schedule.json.gz").read_bytes()))
    target = tmp_path / "source" / "event.yaml"
    command = ["import", "pretalx", str(schedule), "-o", str(target)]
    with monkeypatch.context() as patched:
        _slow_check(patched, how)
        limit = ["--timeout", "3"] if how == "timeout" else ["--memory", "512"]
        assert main([*command, *limit]) == 1
    err = capsys.readouterr().err
    assert "took longer than 3 seconds" in err if how == "timeout" else "memory limit" in err
    assert not target.parent.exists() or not list(target.parent.iterdir())
    assert main([*command, "--timeout", "120"]) == 0
    assert "1,500 talks" in capsys.readouterr().out
    assert target.is_file() and (target.parent / "event.schema.json").is_file()


def test_an_attendee_import_stopped_by_a_limit_writes_no_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for an attendee list (pretix) beside an event file that reads it: the
    list read and checked from a private copy is stopped, and attendees.csv is not
    written; the event file is as it was."""
    assert main(["-q", "new", str(tmp_path)]) == 0
    event = tmp_path / "source" / "event.yaml"
    with event.open("a", encoding="utf-8") as text:
        text.write("\nattendees: attendees.csv\n")
    before = event.read_bytes()
    target = tmp_path / "source" / "attendees.csv"
    orders = FIXTURES / "pretix" / "orders.json"
    from brochure.commands import import_

    real = import_.read_attendees

    def slow(*args: Any, **kwargs: Any) -> Any:
        import time

        time.sleep(60)
        return real(*args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(import_, "read_attendees", slow)
        assert main(["import", "pretix", str(orders), "-o", str(target), "--timeout", "3"]) == 1
    assert "took longer than 3 seconds" in capsys.readouterr().err
    assert not target.exists() and event.read_bytes() == before
    assert main(["-q", "import", "pretix", str(orders), "-o", str(target)]) in (0, 1)
    assert target.is_file()
