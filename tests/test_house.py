"""The house: every declared output keeps its declaration's promises, and the import graph
has no circle and no arrow running back up (type-only imports included).

The declarations are read the way the build reads them (outputs.REGISTRY), the command
line is parsed by the real parser, and the import graph is built by grimp from the
source, not from our own list."""

from __future__ import annotations

import importlib
import inspect
import itertools
import typing
from pathlib import Path
from typing import Any

import grimp
import pytest
from tests.conftest import FIXTURES, MINIMAL, SEED_SOURCE, prepared, write_event

from brochure.cli import parser
from brochure.commands.prepare import resolve
from brochure.config import CommandLine
from brochure.engines.layouts import default_layouts
from brochure.finishing.finishes import FINISHES
from brochure.model import Event
from brochure.outputs import REGISTRY
from brochure.outputs.base import File, Flag, Output
from brochure.preflight import check_file
from brochure.preview.pages import preview
from brochure.reading.load import read_source

OUTPUTS = list(REGISTRY)
FLAGS = list(REGISTRY.flags())
PREVIEW_KINDS = ("pages", "document", "calendar", "table", "site", "file")


@pytest.mark.parametrize("output", OUTPUTS, ids=lambda o: o.name)
def test_each_output_module_has_what_its_declaration_promises(output: Output) -> None:
    module = importlib.import_module(output.module)
    assert callable(module.render)
    assert list(inspect.signature(module.render).parameters) == ["event", "config"]
    if output.checked:
        assert list(inspect.signature(module.check).parameters) == ["parts", "config"]
    else:
        assert not hasattr(module, "check") or output.name in ("checkin",), output.name
    if output.bilingual is not None:
        # Its bilingual edition's renderer, and its checks when it has its own.
        edition = importlib.import_module(output.bilingual)
        assert list(inspect.signature(edition.render).parameters) == ["event", "config"]
        if hasattr(edition, "check"):
            assert list(inspect.signature(edition.check).parameters) == ["parts", "config"]


@pytest.mark.parametrize("output", OUTPUTS, ids=lambda o: o.name)
def test_each_output_reads_keys_the_event_file_has(output: Output) -> None:
    """reads is an allow-list of the event file's top-level keys (the model's fields); its
    options' section is one of them, and so are its layout folders among the shipped."""
    keys = set(Event.model_fields)
    assert output.reads, output.name
    assert output.reads <= keys, output.reads - keys
    if output.section is not None:
        assert output.section in keys and output.section in output.reads
    for folder in output.layouts:
        if folder != "concept-note":  # its reference.docx is a project's own, never shipped
            assert (default_layouts() / folder).is_dir(), folder


@pytest.mark.parametrize("output", OUTPUTS, ids=lambda o: o.name)
def test_each_output_reads_fields_the_entries_have(output: Output) -> None:
    """fields is an allow-list too: of a key it reads whose value is a list of one of the
    model's classes, fields of that class (a misspelt field would leave the real one
    unread, and its output stale). tests/test_fields.py shows the rest are not printed."""
    for key, names in output.fields.items():
        assert key in output.reads, key
        entry = typing.get_args(Event.model_fields[key].annotation)[0]
        assert names, key
        assert names <= set(entry.model_fields), names - set(entry.model_fields)


@pytest.mark.parametrize("output", OUTPUTS, ids=lambda o: o.name)
def test_each_file_has_a_finish_preflight_knows_and_a_preview_kind(output: Output) -> None:
    for declared in output.files_of:
        assert declared.preview in PREVIEW_KINDS
        assert REGISTRY.file(declared.name) == declared
        assert REGISTRY.file(f"es/{declared.name}") == declared
        if declared.suffix == ".pdf":
            assert declared.finish in FINISHES
            assert REGISTRY.finish_of(declared.name) is FINISHES[declared.finish]


#: Flags whose value is settled against the event, and the event and settled value the
#: conformance test takes: --bilingual names two of the event's languages (the seed has
#: one), as its `languages` write them.
SETTLED_AGAINST_THE_EVENT = {
    "--bilingual": (FIXTURES / "montreal" / "source" / "event.yaml", ("fr-CA", "en-CA")),
}


def _example(flag: Flag) -> Any:
    if flag.switch:
        return True
    return flag.example or (flag.choices[0] if flag.choices else None)


@pytest.mark.parametrize(("output", "flag"), FLAGS, ids=lambda f: getattr(f, "option", ""))
@pytest.mark.parametrize("command", ["build", "check", "serve"])
def test_each_flag_parses_on_every_rendering_command_and_settles(
    output: Output, flag: Flag, command: str, tmp_path: Path
) -> None:
    """build, check and serve take every output's flags (one list, from the registry); a
    flag given reaches the output's settings, over the event file and the defaults."""
    value = _example(flag)
    assert value is not None, f"{flag.option}: give it an example or choices"
    source, settled = SETTLED_AGAINST_THE_EVENT.get(
        flag.option, (SEED_SOURCE / "event.yaml", value)
    )
    argv = [command, str(source), flag.option]
    if not flag.switch:
        argv.append(str(value))
    args = parser().parse_args(argv)
    assert getattr(args, flag.dest) == value
    from brochure.cli import _command_line

    cli = _command_line(args)
    assert cli.flags[flag.dest] == value
    config, _, problems = resolve(cli)
    settings = config.settings[output.name]
    assert getattr(settings, flag.field) == settled, (flag.option, settings)
    assert [p for p in problems if not p.warning] == []


@pytest.mark.parametrize("output", OUTPUTS, ids=lambda o: o.name)
def test_each_output_settles_from_nothing_and_its_settings_are_frozen(output: Output) -> None:
    config, _, _ = resolve(CommandLine(source=SEED_SOURCE / "event.yaml", only=(output.name,)))
    for name in (output.name, *output.used_outputs):
        settled = config.settings[name]
        if settled is not None:
            field = next(iter(vars(settled)))
            with pytest.raises(AttributeError):
                setattr(settled, field, None)


def test_the_registry_refuses_two_outputs_taking_one_flag() -> None:
    from brochure.outputs.base import Registry

    flag = Flag("--tent-layout", "which tent layout")
    with pytest.raises(ValueError, match="both take --tent-layout"):
        Registry(
            Output("a", "one", ("a.pdf",), "x", flags=(flag,)),
            Output("b", "two", ("b.pdf",), "x", flags=(flag,)),
        )


def test_a_file_declares_a_finish_preflight_knows() -> None:
    with pytest.raises(ValueError, match="no finish 'glued'"):
        File("tents.pdf", finish="glued")


def test_an_owned_folder_holds_its_files() -> None:
    site = Output("web", "a site", (File("programme", folder=True),), "x")
    assert site.folder == "programme" and site.owns("programme/index.html")
    assert not site.owns("programme.html") and not site.owns("other/index.html")
    assert File("programme", folder=True).preview == "site"


@pytest.mark.slow
def test_preflight_and_the_preview_take_each_files_kind_from_its_output(
    built_pack: Path, tmp_path: Path
) -> None:
    """The badges' sheets are cut into cards and the booklet folded, as their outputs
    declare: preflight says so for each file of the pack without knowing it by name."""
    for name in ("badges.pdf", "brochure-booklet.pdf", "brochure.pdf"):
        finish = REGISTRY.finish_of(name)
        assert finish is not None
        found = {f.check: f for f in check_file(built_pack / name, finish=finish)}
        assert found["pages"].level == "ok", found["pages"]
        if finish.uncut:
            assert found["safe area"].detail == finish.uncut
    shown = preview(
        built_pack,
        ["programme.ics", "brochure.pdf"],
        tmp_path / "images",
        tmp_path / "office",
        REGISTRY.preview_of,
    )
    assert shown[0].entries and not shown[0].images
    assert shown[1].images and shown[1].pages


def test_checkin_reads_the_badges_own_settings(tmp_path: Path) -> None:
    """One home for `badges.qr`: the check-in list reads the badges' settled options, so it
    is settled whenever the list is built, even alone."""
    source = write_event(tmp_path / "source", MINIMAL + "badges:\n  qr: id\n")
    ready = prepared(source, only=("checkin",))
    assert ready.config.settings["badges"].qr == "id"
    assert REGISTRY["checkin"].applies is not None
    assert REGISTRY["checkin"].applies(ready.event, ready.config)


# The import graph -------------------------------------------------------------------


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph(
        "brochure",
        include_external_packages=False,
        exclude_type_checking_imports=False,
        cache_dir=None,
    )


def _room(module: str) -> str:
    """The room of a module: its top-level module or subpackage (`brochure.outputs`)."""
    return ".".join(module.split(".")[:2])


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """A cycle in the directed graph, or None (depth-first search)."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if state.get(nxt) is None and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if state.get(node) is None and (found := visit(node)):
            return found
    return None


def test_no_module_imports_itself_back() -> None:
    graph = _graph()
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    assert _cycle(edges) is None, " -> ".join(_cycle(edges) or [])


def test_no_room_imports_back_up() -> None:
    """Rooms (the package's folders and top-level modules) form floors: no room imports a
    room that imports it, directly or not, so every arrow runs down."""
    graph = _graph()
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if _room(module) != _room(imported) and imported != "brochure":
                edges.setdefault(_room(module), set()).add(_room(imported))
    assert _cycle(edges) is None, " -> ".join(_cycle(edges) or [])


def test_config_is_data_at_the_bottom() -> None:
    """config.py reads nothing and knows no output: it imports none of the rooms that
    resolve, read or render."""
    graph = _graph()
    above = ("brochure.outputs", "brochure.cards", "brochure.commands", "brochure.reading.load")
    imported = graph.find_modules_directly_imported_by("brochure.config")
    assert not [m for m in imported if m.startswith(above)], imported


def test_check_imports_no_renderer() -> None:
    """The outputs' declarations are light: importing the registry and everything `check`
    needs never imports WeasyPrint or python-docx."""
    import subprocess
    import sys

    code = (
        "import sys; from brochure.commands.check import check; from brochure.outputs "
        "import REGISTRY; import brochure.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'docx')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_module_is_in_the_code_map() -> None:
    """The code map (docs/development.md) names every module of the package (or its folder)."""
    readme = (Path(__file__).parent.parent / "docs" / "development.md").read_text(encoding="utf-8")
    package = Path(importlib.import_module("brochure").__file__ or "").parent
    missing = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        if relative.name in ("__init__.py", "__main__.py"):
            continue
        name = relative.as_posix()
        if f"`{name}`" not in readme and f"`{relative.name}`" not in readme:
            missing.append(name)
    assert missing == [], missing


def test_flags_are_written_once() -> None:
    """No flag is declared twice across outputs (the registry refuses it; this is the
    shipped registry's own check)."""
    dests = [flag.dest for _, flag in FLAGS]
    assert len(dests) == len(set(dests))
    assert not set(dests) & {"only", "layouts", "strict", "timeout", "memory", "output", "force"}


def test_reads_are_all_the_event_keys_some_output_prints() -> None:
    """Every top-level key of the event file is read by some output (a key no output
    reads would never render anything again when changed)."""
    read = set(itertools.chain.from_iterable(output.reads for output in OUTPUTS))
    assert set(Event.model_fields) <= read, set(Event.model_fields) - read


def test_the_seed_reads_as_the_registry_says() -> None:
    source = read_source(SEED_SOURCE / "event.yaml")
    assert set(source.data) <= set(Event.model_fields)


def test_every_name_a_template_reaches_is_documented() -> None:
    """The layout authors' reference is written from the context classes' docstrings: a
    field or property a template can reach without one fails here, not in a reader's
    hands."""
    from brochure.outputs.reference import undocumented

    assert undocumented() == []


def test_the_layout_reference_leads_from_each_template_to_the_event(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`brochure reference` prints every declared template with its names, and the types
    they lead to: a layout author finds that the event's title is view.event.event.title
    by reading, not by reading Python."""
    from brochure.cli import main

    assert main(["reference"]) == 0
    text = capsys.readouterr().out
    for output in OUTPUTS:
        for template in output.templates:
            assert f"## `{template.name}`" in text
    assert "| `view` | `EventView` |" in text
    types = text[text.index("## Types") :]
    event_view = types[types.index("### EventView") :]
    assert "| `event` | `Event` |" in event_view.split("###")[1]
    event = types[types.index("### Event\n") :]
    assert "| `event` | `EventInfo` |" in event.split("###")[1]
    assert "| `title` |" in types[types.index("### EventInfo") :].split("###")[1]
    assert "`names_whole`" in text and "`compounds`" in text
