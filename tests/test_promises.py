"""Every promise of the Security page (docs/security.md), one table per kind of attack.

Each row is a small hostile input; most stop before rendering, so the tables are fast.
The hostile cases from the field (../shared/cases/hostile-*) are rows here too.
"""

from __future__ import annotations

import base64
import errno
import fcntl
import os
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
import typing
import zlib
from pathlib import Path
from typing import Any

import pydantic
import pytest
from tests.conftest import MINIMAL, ROOT, build, pdftotext, shared, write_event

from brochure import model, writer
from brochure.cli import main
from brochure.errors import BuildError, InputError
from brochure.reading.load import load_event

#: The hostile cases of ../shared/cases, copied byte for byte (their READMEs say what they
#: do), so they run wherever the tests run.
CASES = ROOT / "tests" / "fixtures" / "hostile"


def png(width: int, height: int, pixels: bool = True, text: bytes = b"") -> bytes:
    """A PNG file; pixels=False gives only a header that claims the size (a bomb's shape);
    text goes into a tEXt chunk before the image data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    extra = chunk(b"tEXt", b"Comment\x00" + text) if text else b""
    body = b""
    if pixels:
        rows = b"".join(b"\x00" + b"\x12\x3b\x5a" * width for _ in range(height))
        body = chunk(b"IDAT", zlib.compress(rows))
    return b"\x89PNG\r\n\x1a\n" + header + extra + body + chunk(b"IEND", b"")


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b""
        for p in sorted(folder.rglob("*"))
    }


def run(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "brochure", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=timeout,
    )


def copy_case(name: str, into: Path) -> Path:
    shutil.copytree(CASES / name, into / name, symlinks=True)
    return into / name


# -- layouts run in a sandbox and read only inside the layout folders ----------------

ESCAPES = [
    "{{ fmt.__class__.__init__.__globals__['__builtins__']['open']('/etc/hostname').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ cycler.__init__.__globals__.os.system('id') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ view.event.__class__.model_validate }}",
    "{{ namespace.__init__.__globals__ }}",
    "{% set x = view.event.people.append(1) %}",
    "{{ view.fmt.translations._catalog }}",
]


@pytest.mark.parametrize("expression", ESCAPES, ids=range(len(ESCAPES)))
def test_a_layout_cannot_reach_python(
    tmp_path: Path, expression: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_event(tmp_path / "source", MINIMAL)
    layout = tmp_path / "layouts" / "brochure" / "brochure.html.j2"
    layout.parent.mkdir(parents=True)
    layout.write_text(f"<html><body>\n<p>{expression}</p></body></html>")
    before = tree(tmp_path)
    code = main(["build", str(source), "--only", "brochure", "--timeout", "0"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert f"{layout}:2: " in err and "Traceback" not in err
    assert tree(tmp_path) == before


def test_the_field_case_of_a_template_escaping_its_sandbox(tmp_path: Path) -> None:
    case = copy_case("hostile-01-layout-template-escapes-sandbox", tmp_path)
    result = run("build", "source/event.yaml", "--only", "brochure", cwd=case)
    assert result.returncode == 1, result.stderr
    assert "not allowed in a layout" in result.stderr
    assert not (case / "brochure-ssti.txt").exists() and not (case / "output").exists()


def test_an_include_through_a_link_out_of_the_layouts_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the canary")
    source = write_event(tmp_path / "project" / "source", MINIMAL)
    folder = tmp_path / "project" / "layouts" / "brochure"
    folder.mkdir(parents=True)
    (folder / "leak.txt").symlink_to(secret)
    (folder / "brochure.html.j2").write_text('<p>{% include "brochure/leak.txt" %}</p>')
    assert main(["build", str(source), "--only", "brochure", "--timeout", "0"]) == 1
    err = capsys.readouterr().err
    assert "'brochure/leak.txt' is a link that leads outside" in err and "canary" not in err


def test_a_template_error_names_the_layout_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_event(tmp_path / "source", MINIMAL)
    layout = tmp_path / "layouts" / "brochure" / "brochure.html.j2"
    layout.parent.mkdir(parents=True)
    layout.write_text("<html>\n<body>\n{% if %}\n</body></html>")
    assert main(["build", str(source), "--only", "brochure", "--timeout", "0"]) == 1
    assert f"{layout}:3: layout syntax:" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("statement", "said"),
    [
        ('{% include "/etc/passwd" %}', "'/etc/passwd' is an absolute path"),
        ('{% include "nothere.html.j2" %}', "no layout file 'nothere.html.j2' in "),
        ('{% import "/etc/hostname" as h %}', "'/etc/hostname' is an absolute path"),
        ('{% extends "../../../etc/passwd" %}', "'../../../etc/passwd' "),
        ('{% include "brochure" %}', "'brochure' "),
        ('{% include "brochure/missing.html.j2" ignore missing %}{% if %}', "layout syntax"),
    ],
    ids=["absolute include", "missing include", "import", "extends up", "a folder", "ignored"],
)
def test_a_template_error_in_an_include_is_located_at_the_including_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], statement: str, said: str
) -> None:
    """Finding 13-i: an include (import, extends) of a file that may not be read, or is
    not there, is said at the layout file and line that asks for it, not at the path
    asked for; nothing is written, and the path's content is never shown."""
    source = write_event(tmp_path / "source", MINIMAL)
    layout = tmp_path / "layouts" / "brochure" / "brochure.html.j2"
    layout.parent.mkdir(parents=True)
    layout.write_text(f"<html><body>\n\n<p>{statement}</p>\n</body></html>")
    before = tree(tmp_path)
    assert main(["build", str(source), "--only", "brochure", "--timeout", "0"]) == 1
    err = capsys.readouterr().err
    assert f"{layout}:3: layout" in err and said in err, err
    assert ":1:1:" not in err and "layout failed" not in err and "InputError" not in err
    assert "root:" not in err and "Traceback" not in err
    assert tree(tmp_path) == before


# -- the pack is replaced all or nothing ---------------------------------------------

NEW = {"brochure.pdf": b"new brochure", "concept-note.docx": b"new note", "badges.pdf": b"new"}


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    out = tmp_path / "output"
    out.mkdir()
    for name in NEW:
        (out / name).write_bytes(b"earlier " + name.encode())
    (out / "mine.txt").write_text("not brochure's")
    return out


def failing_replace(fail_on: int) -> Any:
    """The writer's rename that fails (quota exceeded) on its fail_on-th call into the
    folder."""
    real = writer.bound.rename
    calls = {"into output": 0}

    def replace(source: Any, target: Any, **how: Any) -> None:
        if Path(target).parent.name == "output":
            calls["into output"] += 1
            if calls["into output"] == fail_on:
                raise OSError(errno.EDQUOT, "Disk quota exceeded")
        real(source, target, **how)

    return replace


@pytest.mark.parametrize("fail_on", [1, 2, 3], ids=["first", "second", "last"])
def test_a_failed_move_puts_every_previous_file_back(
    previous: Path, monkeypatch: pytest.MonkeyPatch, fail_on: int
) -> None:
    before = tree(previous.parent)
    monkeypatch.setattr(writer.bound, "rename", failing_replace(fail_on))
    with pytest.raises(BuildError, match="Disk quota exceeded; the output folder was left"):
        writer.write_outputs(previous, NEW)
    assert tree(previous.parent) == before


def test_previous_files_an_undo_cannot_put_back_are_kept_and_said(
    previous: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The disk fails on the third move and on every move back: nothing is deleted; the
    previous files stay in the hidden staging folder, and the messages say where."""
    real = writer.bound.rename
    calls = {"into output": 0}

    def replace(source: Any, target: Any, **how: Any) -> None:
        if Path(target).parent.name == "output":
            calls["into output"] += 1
            if calls["into output"] >= 3:
                raise OSError(errno.EIO, "Input/output error")
        real(source, target, **how)

    monkeypatch.setattr(writer.bound, "rename", replace)
    with pytest.raises(BuildError, match="some previous files could not be put back"):
        writer.write_outputs(previous, NEW)
    kept = [
        p.read_bytes() for p in previous.glob(writer.STAGING_PREFIX + "*/" + writer.PREVIOUS + "/*")
    ]
    assert kept and all(content.startswith(b"earlier ") for content in kept)
    assert "could not put" in caplog.text


def test_a_folder_in_the_way_is_found_before_the_first_move(tmp_path: Path) -> None:
    case = copy_case("hostile-20-failed-move-leaves-mixed-pack", tmp_path)
    before = tree(case / "output")
    result = run("build", cwd=case, timeout=240)
    assert result.returncode == 1
    assert "a folder of that name is in the way" in result.stderr
    assert tree(case / "output") == before


def test_ctrl_c_while_moving_waits_for_the_whole_pack(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = writer.bound.rename

    def interrupted(source: Any, target: Any, **how: Any) -> None:
        if Path(target).parent.name == "output":
            os.kill(os.getpid(), signal.SIGINT)  # held back until every file has moved
        real(source, target, **how)

    monkeypatch.setattr(writer.bound, "rename", interrupted)
    with pytest.raises(writer.InterruptedAfterWriting):
        writer.write_outputs(previous, NEW)
    assert {name: (previous / name).read_bytes() for name in NEW} == NEW
    assert (previous / "mine.txt").read_text() == "not brochure's"


#: A build that dies (SIGKILL: nothing runs after it) on its Nth move of a file.
KILLED_ON_MOVE = """
import os, signal, sys
from brochure import writer
from brochure.cli import main
real, moves = writer.bound.rename, [0]
def replace(source, target, **how):
    if os.fspath(target).endswith(writer.JOURNAL):
        return real(source, target, **how)  # the journal's own writing is no move
    moves[0] += 1
    if moves[0] == int(sys.argv[1]):
        os.kill(os.getpid(), signal.SIGKILL)
    real(source, target, **how)
writer.bound.rename = replace
main(["build"])
"""


def _seed_project_built(folder: Path) -> None:
    shutil.copytree(ROOT / "source", folder / "project" / "source")
    built = run("build", cwd=folder / "project", timeout=240)
    assert built.returncode == 0, built.stderr


@pytest.fixture(scope="module")
def seed_project_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder of the seed event built once by the CLI (source/ and output/),
    for tests to copy: its manifest names files relative to the folder, so a copy is a
    pack its next build finds fresh."""
    return shared(tmp_path_factory, "seed-project-built", _seed_project_built) / "project"


@pytest.mark.slow
@pytest.mark.parametrize("killed_on", [2, 3, 6, 9])
def test_a_build_killed_while_moving_is_put_back_by_the_next(
    tmp_path: Path, killed_on: int, seed_project_built: Path
) -> None:
    """Killed outright half way through its moves, a build leaves a journal; the next
    build puts the previous pack back from it (manifest included), then builds: the
    folder holds one whole pack, the new one, and no staging folder, and the user's
    file beside it is untouched."""
    project = tmp_path / "project"
    shutil.copytree(seed_project_built, project)
    out = project / "output"
    (out / "notes.txt").write_text("the organiser's")
    event = project / "source" / "event.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("number: 187", "number: 188"))
    died = subprocess.run(
        [sys.executable, "-c", KILLED_ON_MOVE, str(killed_on)],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        timeout=240,
    )
    assert died.returncode == -signal.SIGKILL
    assert any(p.name.startswith(writer.STAGING_PREFIX) for p in out.iterdir())
    again = run("build", cwd=project, timeout=240)
    assert again.returncode == 0, again.stderr
    assert "cannot be trusted" not in again.stderr
    assert not any(p.name.startswith(writer.STAGING_PREFIX) for p in out.iterdir())
    assert (out / "notes.txt").read_text() == "the organiser's"
    assert "Workshop 188" in pdftotext(out / "brochure.pdf")
    assert "Workshop 188" in pdftotext(out / "brochure-booklet.pdf")
    # and the pack is one whole: a build with nothing changed finds nothing to do
    unchanged = run("build", cwd=project, timeout=240)
    assert "nothing changed" in unchanged.stderr + unchanged.stdout, unchanged.stderr


#: A pack in two languages: a folder for each.
BY_LANGUAGE = {"es/brochure.pdf": b"folleto", "en/brochure.pdf": b"brochure"}


def test_a_pack_by_language_lands_in_its_folders_together(previous: Path) -> None:
    written = writer.write_outputs(previous, BY_LANGUAGE)
    assert written == [previous / name for name in BY_LANGUAGE]
    assert {name: (previous / name).read_bytes() for name in BY_LANGUAGE} == BY_LANGUAGE
    assert (previous / "brochure.pdf").read_bytes() == b"earlier brochure.pdf"  # not its own
    assert sorted(p.name for p in previous.iterdir() if p.name.startswith(".")) == []


def test_a_file_where_a_language_folder_goes_is_found_before_the_first_move(
    previous: Path,
) -> None:
    (previous / "es").write_text("not a folder")
    before = tree(previous)
    with pytest.raises(BuildError, match=r"es in .* is not a folder"):
        writer.write_outputs(previous, BY_LANGUAGE)
    assert tree(previous) == before


def test_a_failed_move_takes_back_the_language_folders_it_made(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = writer.bound.rename
    moves = 0

    def second_fails(source: Any, target: Any, **how: Any) -> None:
        nonlocal moves
        if not os.fspath(target).endswith(writer.JOURNAL):
            moves += 1
        if moves == 2:
            raise OSError(errno.EIO, "Input/output error")
        real(source, target, **how)

    before = tree(previous)
    monkeypatch.setattr(writer.bound, "rename", second_fails)
    with pytest.raises(BuildError):
        writer.write_outputs(previous, BY_LANGUAGE)
    assert tree(previous) == before  # no empty es/ or en/ left behind


def test_a_second_build_waits_for_the_first_to_finish_writing(previous: Path) -> None:
    holder = os.open(previous, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    writing = threading.Thread(target=writer.write_outputs, args=(previous, NEW))
    writing.start()
    time.sleep(0.3)
    assert (previous / "brochure.pdf").read_bytes() == b"earlier brochure.pdf"
    os.close(holder)
    writing.join(10)
    assert (previous / "brochure.pdf").read_bytes() == b"new brochure"


@pytest.mark.slow
def test_the_rendering_child_dies_with_its_parent(tmp_path: Path) -> None:
    source = write_event(tmp_path / "source", MINIMAL)
    parent = subprocess.Popen(
        [sys.executable, "-m", "brochure", "build", str(source)],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stderr=subprocess.PIPE,
        text=True,
    )
    assert parent.stderr is not None
    assert "rendering" in parent.stderr.readline()
    children = [
        int(stat.name)
        for stat in Path("/proc").iterdir()
        if stat.name.isdigit() and _parent_of(stat) == parent.pid
    ]
    assert children
    parent.kill()
    parent.wait(10)
    parent.stderr.close()
    deadline = time.monotonic() + 10
    alive = children
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        # gone, or dead and waiting for init to reap it
        alive = [child for child in alive if _state(child) not in ("", "Z")]
    assert alive == []


def _parent_of(folder: Path) -> int | None:
    try:
        return int((folder / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return ""


# -- one image gate for every image ------------------------------------------------------

BOMB = png(12000, 12000, pixels=False)
ENTITY_SVG = b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'


def svg(body: str) -> bytes:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="10" height="10">{body}</svg>'
    ).encode()


def data_url(kind: str, content: bytes) -> str:
    return f"data:{kind};base64,{base64.b64encode(content).decode()}"


IMAGES: list[tuple[str, str, bytes, dict[str, bytes], str]] = [
    (
        "png named svg",
        "logo.svg",
        png(20, 20, text=b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
        {},
        "is named .svg but is a PNG image",
    ),
    (
        "data: bomb in svg",
        "logo.svg",
        svg(f'<image href="{data_url("image/png", BOMB)}" width="5" height="5"/>'),
        {},
        "refers to an image that is 12,000 x 12,000 pixels",
    ),
    (
        "file bomb beside svg",
        "logo.svg",
        svg('<image xlink:href="big.png" width="5" height="5"/>'),
        {"big.png": BOMB},
        "refers to an image that is 12,000 x 12,000 pixels",
    ),
    (
        "entities after 64 KiB",
        "logo.svg",
        b"<?xml version='1.0'?>\n<!--" + b"x" * 70_000 + b"-->" + ENTITY_SVG[:-6] + b"</svg>",
        {},
        "declares entities",
    ),
    (
        "entities in a nested svg",
        "logo.svg",
        svg(f'<image href="{data_url("image/svg+xml", ENTITY_SVG)}" width="5" height="5"/>'),
        {},
        "refers to an image that is an SVG that declares entities",
    ),
    (
        "svg reaching the network",
        "logo.svg",
        svg('<image href="http://127.0.0.1:9/x.png" width="5" height="5"/>'),
        {},
        "which is not read",
    ),
    (
        "svg reaching outside",
        "logo.svg",
        svg('<image href="../../etc/passwd" width="5" height="5"/>'),
        {},
        "leads outside",
    ),
    ("gif named png", "logo.png", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", {}, "not a readable"),
    (
        "a font by URL( in upper case",
        "logo.svg",
        svg('<style>@font-face{font-family:"EB Garamond";src:URL(evil.ttf)}</style>'),
        {"evil.ttf": b"\x00\x01\x00\x00" + b"\x00" * 64},
        "refers to an image that is not a readable",
    ),
    (
        "entities in UTF-16",
        "logo.svg",
        (
            '\ufeff<!DOCTYPE svg [<!ENTITY a "x">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
        ).encode("utf-16-le"),
        {},
        "declares entities",
    ),
    (
        "a bomb of <use>",
        "logo.svg",
        svg(
            '<g id="g0"><rect width="1" height="1"/></g>'
            + "".join(
                f'<g id="g{i}">' + f'<use href="#g{i - 1}"/>' * 10 + "</g>" for i in range(1, 7)
            )
        ),
        {},
        "draws more than 50,000 shapes",
    ),
    # A file an SVG refers to is judged by its name as well as its content, as a logo is.
    (
        "png named svg inside an svg",
        "logo.svg",
        svg('<image href="inner.svg" width="5" height="5"/>'),
        {"inner.svg": png(4, 4)},
        "refers to 'inner.svg', which is named .svg but is a PNG image",
    ),
    # Read with the nesting counted: no RecursionError from whatever walks the tree.
    (
        "3,000 groups in groups",
        "logo.svg",
        svg("<g>" * 3000 + '<rect width="1" height="1"/>' + "</g>" * 3000),
        {},
        "is an SVG whose elements nest more than 100 deep",
    ),
    (
        "deep groups in an SVG inside an SVG",
        "logo.svg",
        svg('<image href="deep.svg" width="5" height="5"/>'),
        {"deep.svg": svg("<g>" * 3000 + "</g>" * 3000)},
        "refers to an image that is an SVG whose elements nest more than 100 deep",
    ),
]


def test_an_svg_nested_as_deep_as_allowed_passes(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """An <svg>, 98 groups and a shape: 100 levels, the most an SVG may nest, pass."""
    source = write_event(
        tmp_path, MINIMAL.replace("- name: Someone", "- name: Someone\n    logo: logo.svg")
    )
    (tmp_path / "logo.svg").write_bytes(
        svg("<g>" * 98 + '<rect width="9" height="9"/>' + "</g>" * 98)
    )
    assert main(["check", str(source)]) == 0, capfd.readouterr().err


@pytest.mark.parametrize(
    ("what", "name", "content", "beside", "words"), IMAGES, ids=[i[0] for i in IMAGES]
)
def test_every_image_passes_one_gate(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    what: str,
    name: str,
    content: bytes,
    beside: dict[str, bytes],
    words: str,
) -> None:
    source = write_event(
        tmp_path, MINIMAL.replace("- name: Someone", f"- name: Someone\n    logo: {name}")
    )
    (tmp_path / name).write_bytes(content)
    for other, data in beside.items():
        (tmp_path / other).write_bytes(data)
    assert main(["check", str(source)]) == 1
    err = capsys.readouterr().err
    assert f"{source}:9:5: organisers[0].logo: '{name}' " in err and words in err, err


def test_a_truncated_image_is_a_warning_and_an_error_under_strict(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    source = write_event(
        tmp_path, MINIMAL.replace("- name: Someone", "- name: Someone\n    logo: cut.png")
    )
    whole = png(64, 64)
    (tmp_path / "cut.png").write_bytes(whole[: len(whole) // 2])
    assert main(["check", str(source)]) == 0
    assert "warning: 'cut.png' is damaged or truncated" in capfd.readouterr().err
    assert main(["check", str(source), "--strict"]) == 1


@pytest.mark.slow
def test_images_a_layout_brings_pass_the_gate_too(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = write_event(tmp_path / "source", MINIMAL)
    folder = tmp_path / "layouts" / "brochure"
    folder.mkdir(parents=True)
    (folder / "bomb.png").write_bytes(BOMB)
    (folder / "nested.svg").write_bytes(svg('<image href="bomb.png" width="5" height="5"/>'))
    (folder / "deep.svg").write_bytes(svg("<g>" * 3000 + "</g>" * 3000))
    css = (ROOT / "layouts/brochure/brochure.css").read_text()
    # The stylesheet is inlined in the page, so its addresses are absolute.
    (folder / "brochure.css").write_text(
        css + f'\nh2 {{ background: url("{(folder / "bomb.png").as_uri()}"); }}\n'
        f'.toc {{ background: url("{(folder / "nested.svg").as_uri()}"); }}\n'
        f'.contents-title {{ background: url("{data_url("image/png", BOMB)}"); }}\n'
        f'h1 {{ background: url("{(folder / "deep.svg").as_uri()}"); }}\n'
    )
    with caplog.at_level("WARNING"):
        build(source, tmp_path / "out", only=("brochure",))
    refused = " ".join(r.getMessage() for r in caplog.records if "refused" in r.getMessage())
    assert "bomb.png" in refused and "nested.svg" in refused and "data:image/png" in refused
    assert "deep.svg" in refused and "nest more than 100 deep" in refused
    listing = subprocess.run(
        ["pdfimages", "-list", str(tmp_path / "out" / "brochure.pdf")],
        capture_output=True,
        text=True,
    ).stdout
    assert len(listing.splitlines()) == 2  # the header only


def test_a_relative_url_in_a_layouts_css_is_its_own_folders_and_a_missing_one_said_once(
    tmp_path: Path,
) -> None:
    """Finding 13-j: `url(mark.png)` in a project's layouts/brochure/brochure.css is
    layouts/brochure/mark.png (CSS Values 4: against the sheet's URL), not the source
    folder's; `url(nothere.png)` is said once, as missing, at the path it resolves to;
    the build goes on and prints the mark."""
    source = write_event(tmp_path / "project" / "source", MINIMAL)
    folder = tmp_path / "project" / "layouts" / "brochure"
    folder.mkdir(parents=True)
    (folder / "mark.png").write_bytes(png(40, 20))
    (source.parent / "mark.png").write_bytes(b"not this one")  # where it used to look
    css = (ROOT / "layouts/brochure/brochure.css").read_text()
    (folder / "brochure.css").write_text(
        css + "\n.cover { background: url(mark.png) no-repeat; }\n"
        "h2 { background-image: url('nothere.png'); }\n"
    )
    out = tmp_path / "out"
    result = run("build", str(source), "--only", "brochure", "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if "nothere.png" in line]
    assert said == [f"refused to load {(folder / 'nothere.png').as_uri()}: no such file"], said
    assert "outside the source" not in result.stderr and "mark.png" not in result.stderr
    listing = subprocess.run(
        ["pdfimages", "-list", str(out / "brochure.pdf")], capture_output=True, text=True
    ).stdout.splitlines()
    assert len(listing) == 3 and " 40    20 " in listing[2], listing  # the mark, once


# -- text is text: no controls, no open direction controls, something visible ----------


def _string_fields(
    model_type: type[pydantic.BaseModel], path: tuple[Any, ...] = ()
) -> list[tuple[Any, ...]]:
    """The path of every text field (and of the first item of every text list) in a model."""
    found = []
    for name, field in model_type.model_fields.items():
        annotation = field.annotation
        if typing.get_origin(annotation) is tuple:
            kind: Any = annotation
        else:
            inner = [a for a in typing.get_args(annotation) if a is not type(None)]
            kind = inner[0] if inner else annotation
        origin = typing.get_origin(kind)
        if isinstance(kind, type) and issubclass(kind, pydantic.BaseModel):
            found += _string_fields(kind, (*path, name))
        elif origin is tuple:
            item = typing.get_args(kind)[0]
            if isinstance(item, type) and issubclass(item, pydantic.BaseModel):
                found += _string_fields(item, (*path, name, 0))
            elif item is str or typing.get_origin(item) is typing.Annotated:
                found.append((*path, name, 0))
        elif kind is str:
            found.append((*path, name))
    return found


VALID: dict[str, Any] = {
    "event": {"title": "T", "date": "2025-03-04", "city": "Oslo", "country": "NO"},
    "about": ["We meet."],
    "organisers": [{"name": "Someone"}],
    "people": [{"name": "Ann"}],
    "attendees": [{"name": "Bo"}],
    "programme": [{"title": "Talk"}],
}


def _with(data: Any, path: tuple[Any, ...], value: str) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        items = list(data or [None])
        items[head] = _with(items[head] if items[head] is not None else {}, rest, value)
        return items
    copy = dict(data or {})
    copy[head] = _with(copy.get(head), rest, value)
    return copy


@pytest.mark.parametrize("path", _string_fields(model.Event), ids=lambda p: ".".join(map(str, p)))
@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("ok\x1b[31m", "control character U+001B"),
        ("Org\u202e", "does not close it"),
        # above, below and through the letter: two on each side, nine in all
        (
            "Zalgo" + "\u0301\u0323" * 2 + "\u0334" * 5,
            "more than 8 marks on the letter at position 5",
        ),
        # Joiners between the marks do not end the pile: the shaper stacks them all.
        (
            "Zalgo" + "\u0301\u200d\u0323\u2060\u0334\u200b" * 2 + "\u0334" * 3,
            "more than 8 marks on the letter at position 5",
        ),
        ("Zalgo" + "\u0300\u0301\u0302", "more than 2 marks stacked above the letter"),
        ("Zalgo" + "\u0323\u0324\u0325", "more than 2 marks stacked below the letter"),
    ],
    ids=["escape", "override", "marks", "marks-joined", "stacked-above", "stacked-below"],
)
def test_every_text_field_refuses_controls(path: tuple[Any, ...], value: str, words: str) -> None:
    data = _with(VALID, path, value)
    with pytest.raises(pydantic.ValidationError) as raised:
        model.Event.model_validate(data)
    errors = raised.value.errors()
    assert any(tuple(e["loc"][: len(path)]) == path and words in e["msg"] for e in errors), errors


def test_every_list_has_a_limit() -> None:
    def lists(model_type: type[pydantic.BaseModel]) -> list[tuple[str, Any]]:
        found = []
        for name, field in model_type.model_fields.items():
            kinds: list[Any] = [field.annotation]
            if typing.get_origin(field.annotation) is not tuple:
                kinds = [a for a in typing.get_args(field.annotation) if a is not type(None)]
                kinds = kinds or [field.annotation]
            if typing.get_origin(kinds[0]) is tuple:
                found.append((f"{model_type.__name__}.{name}", field))
                item = typing.get_args(kinds[0])[0]
                if isinstance(item, type) and issubclass(item, pydantic.BaseModel):
                    found += lists(item)
            elif isinstance(kinds[0], type) and issubclass(kinds[0], pydantic.BaseModel):
                found += lists(kinds[0])
        return found

    unbounded = [
        name
        for name, field in lists(model.Event)
        if not any(getattr(m, "max_length", None) for m in field.metadata)
    ]
    assert unbounded == []


TEXT_CASES = [
    (
        "override left open in a name",
        MINIMAL.replace("- name: Someone", '- name: "Evil Org\\u202E"'),
        "event.yaml:8:5: organisers[0].name: opens the direction control U+202E",
    ),
    (
        "controls in a list of paragraphs",
        MINIMAL.replace("about: We meet.", 'about: ["We meet.", "Nul\\0here \\x1b[31m red"]'),
        "about[1]: contains the control character U+0000",
    ),
    (
        "a name of nothing but a zero-width space",
        MINIMAL + 'people:\n  - name: "\\u200b"\n',
        "people[0].name: has no visible characters",
    ),
    (
        "a pile of marks on one letter",
        MINIMAL + 'people:\n  - name: "Zalgo' + "\\u0301" * 9 + ' Test"\n',
        "people[0].name: has more than 2 marks stacked above the letter at position 5",
    ),
    (
        "a lone combining mark",
        MINIMAL + 'people:\n  - name: "\\u0301"\n',
        "people[0].name: has no visible characters",
    ),
]


@pytest.mark.parametrize(("what", "text", "words"), TEXT_CASES, ids=[c[0] for c in TEXT_CASES])
def test_text_that_would_misprint_is_refused_where_it_is(
    tmp_path: Path, what: str, text: str, words: str
) -> None:
    with pytest.raises(InputError) as raised:
        load_event(write_event(tmp_path, text))
    assert words in str(raised.value)


@pytest.mark.parametrize(
    "case",
    [
        "hostile-08-bidi-override-spills-into-other-names",
        "hostile-09-invisible-name-crashes-badges",
        "hostile-10-control-characters-in-about-list",
    ],
)
def test_the_field_cases_of_text_are_refused_with_their_place(tmp_path: Path, case: str) -> None:
    folder = copy_case(case, tmp_path)
    result = run("check", "source/event.yaml", cwd=folder)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("source/") and ": " in first
    expected = {
        "hostile-08-bidi-override-spills-into-other-names": "organisers[0].name: opens",
        "hostile-09-invisible-name-crashes-badges": "a.csv:3:2: attendees[1].given: has no vis",
        "hostile-10-control-characters-in-about-list": "about[1]: contains the control character",
    }[case]
    assert expected in result.stderr


def test_nothing_echoed_can_drive_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_event(tmp_path, MINIMAL + '"col\\x1b]0;owned\\x07our": blue\n')
    assert main(["check", str(source)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "\\u001b" in err


# -- limits ---------------------------------------------------------------------------


def test_aliases_cannot_multiply_long_text(tmp_path: Path) -> None:
    paragraph = "x" * 60_000
    lines = [MINIMAL.replace("about: We meet.", f"about: &p {paragraph}"), "questions:"]
    lines += ["  - *p"] * 100
    started = time.process_time()  # CPU time: the machine is shared
    with pytest.raises(InputError, match="more than 4,000,000 characters"):
        load_event(write_event(tmp_path, "\n".join(lines) + "\n"))
    assert time.process_time() - started < 10


def test_an_event_file_that_is_a_pipe_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "event.yaml"
    os.mkfifo(fifo)
    result = run("check", str(fifo), cwd=tmp_path, timeout=30)
    assert result.returncode == 1 and "is not a regular file" in result.stderr


def test_checking_runs_inside_the_limits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_event(tmp_path, MINIMAL)
    assert main(["check", str(source), "--timeout", "0.001"]) == 1
    assert "took longer than 0.001 seconds" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["--memory", "9999999999999"],
        ["--timeout", "nan"],
        ["--timeout", "inf"],
        ["--timeout", "-1"],
        ["--memory", "1e3"],
    ],
)
def test_limits_take_finite_sane_numbers(args: list[str]) -> None:
    assert main(["build", *args]) == 2


@pytest.mark.slow
def test_every_value_the_loader_accepts_builds(tmp_path: Path) -> None:
    """A 300-character title and six organisers overflow Word's 255-character document
    properties: shortened there with an ellipsis, not a failure."""
    organisers = "\n".join(f"  - name: Organisation Number {i} of a Long Series" for i in range(6))
    text = MINIMAL.replace("A Small Meeting", "Title " * 50).replace(
        "  - name: Someone", organisers
    )
    source = write_event(tmp_path, text)
    build(source, tmp_path / "out", only=("concept-note",))
    import docx

    properties = docx.Document(str(tmp_path / "out" / "concept-note.docx")).core_properties
    assert len(properties.title) == 255 and properties.title.endswith("…")
    assert len(properties.author) <= 255


BAD_LAYOUTS = [
    ("zero type size", {"given_size": "0pt"}, "given_size: 0pt must be more than 0"),
    ("padding past the card", {"padding": "60mm"}, "padding: leaves no room across the card"),
    ("band past the card", {"band_height": "70mm"}, "band_height: with the padding, leaves"),
    ("cards past the page", {"columns": "3"}, "columns: 3 x 4 cards of 96 x 68 mm do not fit"),
    ("not a length", {"card": "{width: wide, height: 74mm}"}, "card.width: 'wide' is not a len"),
]


@pytest.mark.parametrize(("what", "changes", "words"), BAD_LAYOUTS, ids=[b[0] for b in BAD_LAYOUTS])
def test_a_badge_layout_is_checked_with_file_and_field(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    what: str,
    changes: dict[str, str],
    words: str,
) -> None:
    source = write_event(tmp_path / "source", MINIMAL + "badges:\n  layout: mine\n")
    layout = tmp_path / "layouts" / "badges" / "mine.yaml"
    layout.parent.mkdir(parents=True)
    lines = (ROOT / "layouts" / "badges" / "a4-8.yaml").read_text().splitlines()
    for key, value in changes.items():
        lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines]
    layout.write_text("\n".join(lines) + "\n")
    assert main(["check", str(source)]) == 1
    err = capsys.readouterr().err
    assert f"{layout}:" in err and words in err, err


def test_a_badge_layout_that_is_a_list_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_event(tmp_path / "source", MINIMAL + "badges:\n  layout: mine\n")
    layout = tmp_path / "layouts" / "badges" / "mine.yaml"
    layout.parent.mkdir(parents=True)
    layout.write_text("- 1\n- 2\n")
    assert main(["check", str(source)]) == 1
    assert f"{layout}:1:1: a layout file is a mapping" in capsys.readouterr().err


# -- what the fonts cannot draw ---------------------------------------------------------


def test_text_no_installed_font_draws_is_a_located_warning(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """U+1E290 TOTO LETTER PA: no font here draws it; runes are drawn by Noto Sans Runic."""
    text = MINIMAL.replace("about: We meet.", "about: We meet ᚠᛖᚺᚢ and \U0001e290.")
    source = write_event(tmp_path, text)
    assert main(["check", str(source)]) == 0
    err = capfd.readouterr().err
    assert f"{source}:6:1: about[0]: warning: brochure: the installed fonts cannot draw" in err
    assert "U+1E290" in err and "U+16A0" not in err
    assert main(["check", str(source), "--strict"]) == 1


@pytest.mark.slow
def test_strict_accepts_a_pack_every_character_of_which_prints(tmp_path: Path) -> None:
    text = MINIMAL.replace("about: We meet.", "about: ᚠᛖᚺᚢ, ሰላም and Ꭳ.")
    source = write_event(tmp_path / "source", text)
    out = tmp_path / "out"
    assert main(["-q", "build", str(source), "-o", str(out), "--strict"]) == 0
    assert "ሰላም" in pdftotext(out / "brochure.pdf")


def test_an_export_row_cannot_take_a_speakers_id(tmp_path: Path) -> None:
    source = write_event(
        tmp_path,
        MINIMAL + "people:\n  - {name: Sam Example, role: speaker}\n"
        "programme:\n  - {title: Talk, people: [sam-example]}\nattendees: att.csv\n",
    )
    (tmp_path / "att.csv").write_text("Name,ID\nMallory,sam-example\n")
    with pytest.raises(InputError) as raised:
        load_event(source)
    assert "att.csv:2:2: attendees[0].id: the id 'sam-example' is taken by people[0]" in str(
        raised.value
    )


def test_an_export_of_a_million_columns_is_refused_quickly(tmp_path: Path) -> None:
    source = write_event(tmp_path, MINIMAL + "attendees: wide.csv\n")
    (tmp_path / "wide.csv").write_text("Name" + "," * 500_000 + "\n" + "B\n" * 2000)
    started = time.process_time()  # CPU time: the machine is shared
    with pytest.raises(InputError, match="500,001 columns"):
        load_event(source)
    assert time.process_time() - started < 10


@pytest.mark.parametrize("command", ["new", "import"])
def test_new_and_import_write_through_no_link(tmp_path: Path, command: str) -> None:
    canary = tmp_path / "canary"
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "source" / "event.yaml").symlink_to(canary)  # a link to nothing yet
    schedule = ROOT / "tests" / "fixtures" / "pretalx" / "schedule.json"
    args = (
        ["new", str(project)]
        if command == "new"
        else ["import", "pretalx", str(schedule), "-o", str(project / "source" / "event.yaml")]
    )
    assert main(["-q", *args, "--force"]) == 1
    assert not canary.exists()


def test_an_imported_value_cannot_end_the_header_comment(tmp_path: Path) -> None:
    import json

    export = json.loads((ROOT / "tests/fixtures/pretalx/schedule.json").read_text())
    export["schedule"]["version"] = "1.0\nbadges:\n  qr: vcard\n#"
    schedule = tmp_path / "schedule.json"
    schedule.write_text(json.dumps(export))
    target = tmp_path / "source" / "event.yaml"
    assert main(["-q", "import", "pretalx", str(schedule), "-o", str(target)]) == 0
    assert "badges" not in load_event(target).model_fields_set
    assert "\nbadges:" not in target.read_text()


def test_preflight_echoes_nothing_raw(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    hostile = tmp_path / "\x1b[31mred.pdf"
    hostile.write_bytes(b"not a pdf")
    main(["preflight", str(hostile)])
    err = capfd.readouterr()
    assert "\x1b" not in err.out + err.err and "\\u001b" in err.out + err.err


def test_invisible_characters_are_written_out_in_messages() -> None:
    """A second byte order mark in an export's header ("\ufeffName"), a zero-width space:
    a message that quotes them shows them, or the header would read as one that is fine."""
    from brochure.textrules import for_terminal

    assert for_terminal("\ufeffName x\u200by\x1b") == "\\ufeffName x\\u200by\\u001b"


def test_workers_are_forked_only_once_pangos_own_threads_have_ended(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pango initialises fontconfig in a thread of its own after each new font map: a
    worker forked while it runs can wait forever for fontconfig's lock (a badge build
    hung so). The pool waits for threads Python did not start to end before it forks."""
    from brochure.engines import pool

    tasks = iter([["1", "2", "3"], ["1", "2"], ["1"]])
    seen = []

    def listdir(path: str) -> list[str]:
        assert path == "/proc/self/task"
        found = next(tasks, ["1"])
        seen.append(len(found))
        return found

    monkeypatch.setattr(pool.os, "listdir", listdir)
    pool._wait_for_native_threads()
    assert seen == [3, 2, 1]
