"""The fields an output declares it reads (Output.fields) are all it prints: for each field
of the programme's items an output leaves out, the summit built with that field changed on
every item gives that output the same text (poppler's pdftotext, the calendar's text) as
the summit unchanged, while an output that reads it prints the change (so the change is
one that shows). And a rebuild after a description is edited renders only the outputs
that read descriptions."""

from __future__ import annotations

import shutil
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.conftest import FIXTURES, build, pdftotext, shared

from brochure.model import Event
from brochure.outputs import REGISTRY

pytestmark = pytest.mark.slow

NARROWED = tuple(output for output in REGISTRY if output.fields)
NAMES = tuple(output.name for output in NARROWED)
EPOCH = "1781049600"  # 2026-06-10 00:00 UTC: every build of these tests made at one time


def _entry_fields(key: str) -> tuple[str, ...]:
    """The fields of an entry of the list under key, as the model has them."""
    entry = typing.get_args(Event.model_fields[key].annotation)[0]
    return tuple(entry.model_fields)


def _talks(item: dict[str, Any], index: int) -> None:
    people = item.get("people") or []
    speakers = [people] if isinstance(people, str) else list(people)
    if speakers:
        item["talks"] = [{"people": speakers[0], "title": f"Zeta talk {index}", "minutes": "7"}]


#: How each field of an entry is changed on every entry (key, field) -> change(entry,
#: index): a field an output leaves out needs one here, or test_left_out fails.
CHANGES: dict[tuple[str, str], Callable[[dict[str, Any], int], None]] = {
    ("programme", "description"): lambda item, i: item.update(description=f"Zeta words {i}."),
    ("programme", "track"): lambda item, i: item.update(track=("Zeta", "Eta")[i % 2]),
    ("programme", "talks"): _talks,
}

LEFT_OUT = sorted(
    {
        (key, name)
        for output in NARROWED
        for key, read in output.fields.items()
        for name in _entry_fields(key)
        if name not in read
    }
)


def _summit(folder: Path, change: tuple[str, str] | None) -> Path:
    """The summit's project in folder, certificates asked for, with change made to the
    field on every entry of its list. Read as plain strings (YAML's base schema) and
    written back: 8:30 stays a time, never YAML 1.1's sexagesimal 510."""
    shutil.copytree(FIXTURES / "summit", folder / "source")
    path = folder / "source" / "event.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    data["certificates"] = {}
    if change is not None:
        for index, entry in enumerate(data[change[0]]):
            CHANGES[change](entry, index)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _pack(folder: Path, change: tuple[str, str] | None) -> None:
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        build(_summit(folder, change), folder / "output", only=NAMES)
    finally:
        monkeypatch.undo()


def _texts(output: Path, name: str) -> dict[str, str]:
    """The text of each file of the named output in the pack: a PDF's as pdftotext
    extracts it, a calendar's or a table's as written."""
    found: dict[str, str] = {}
    for file in REGISTRY[name].files:
        path = output / file
        if not path.is_file():
            continue
        found[file] = pdftotext(path) if path.suffix == ".pdf" else path.read_text("utf-8")
    return found


@pytest.fixture(scope="module")
def unchanged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared(tmp_path_factory, "fields-unchanged", lambda f: _pack(f, None)) / "output"


def test_the_narrowed_outputs_are_all_made(unchanged: Path) -> None:
    """Each output with fields is in the summit's pack (else the comparison is empty)."""
    for name in NAMES:
        assert _texts(unchanged, name), name


@pytest.mark.parametrize("change", LEFT_OUT, ids=lambda c: ".".join(c))
def test_left_out(
    change: tuple[str, str], unchanged: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A field an output leaves out changes nothing it prints; one that reads it shows it."""
    assert change in CHANGES, f"no change known for {'.'.join(change)}: add one to CHANGES"
    changed = shared(tmp_path_factory, f"fields-{'-'.join(change)}", lambda f: _pack(f, change))
    key, field = change
    readers = []
    for output in NARROWED:
        before, after = _texts(unchanged, output.name), _texts(changed / "output", output.name)
        if field in output.fields[key]:
            readers.append(before != after)
        else:
            assert after == before, f"{output.name} prints {key}.{field}, which it does not declare"
    if readers:
        assert any(readers), f"no output that reads {field} printed the change"


def test_editing_a_description_renders_only_the_outputs_that_read_it(
    unchanged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new user's case: `serve` and a rebuild after one description is edited render
    the calendar and the run sheets again, and keep the signs, tents, badges..."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    shutil.copytree(unchanged.parent, tmp_path, dirs_exist_ok=True)
    source = tmp_path / "source" / "event.yaml"
    text = source.read_text(encoding="utf-8")
    edited = text.replace("and who reads them.", "and who reads them, and why.")
    assert edited != text
    source.write_text(edited, encoding="utf-8")
    built = build(source, tmp_path / "output", only=NAMES)
    readers = {o.name for o in NARROWED if "description" in o.fields["programme"]}
    assert readers == {"calendar", "run-sheets"}
    assert {name for name in NAMES if any(REGISTRY[name].owns(p.name) for p in built)} == readers
    assert build(source, tmp_path / "output", only=NAMES) == []
