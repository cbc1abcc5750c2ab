"""Safe with any input: confinement, escaping, limits, and no lost work."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import pwd
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from tests.conftest import MINIMAL, ROOT, build, pdftotext, write_event

from brochure import writer
from brochure.cli import main
from brochure.errors import BuildError
from brochure.outputs.base import Output


def png(width: int, height: int, pixels: bool = True) -> bytes:
    """A PNG file; with pixels=False only a header that claims the size (a bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    body = b""
    if pixels:
        rows = b"".join(b"\x00" + b"\x12\x3b\x5a" * width for _ in range(height))
        body = chunk(b"IDAT", zlib.compress(rows))
    return b"\x89PNG\r\n\x1a\n" + header + body + chunk(b"IEND", b"")


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b""
        for p in sorted(folder.rglob("*"))
    }


# -- confinement -------------------------------------------------------------------


@pytest.fixture
def listener() -> socket.socket:
    """A local port that records whether anything tried to fetch from it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def connections(server: socket.socket) -> int:
    count = 0
    while True:
        try:
            connection, _ = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


@pytest.mark.slow
def test_layouts_cannot_reach_files_or_the_network(
    tmp_path: Path, listener: socket.socket, caplog: pytest.LogCaptureFixture
) -> None:
    port = listener.getsockname()[1]
    web = f"http://127.0.0.1:{port}"
    source = write_event(tmp_path / "source", MINIMAL)
    layouts = tmp_path / "layouts" / "brochure"
    layouts.mkdir(parents=True)
    # An SVG of the layout's own that reaches out: the image gate refuses it whole.
    (layouts / "reaching.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="40" height="20"><rect width="40" height="20" fill="#123b5a"/>'
        '<image href="file:///etc/passwd" width="10" height="10"/>'
        f'<image xlink:href="{web}/svg.png" width="10" height="10"/></svg>'
    )
    (layouts / "brochure.css").write_text(
        f'@import url("file:///etc/passwd");\n@import url("{web}/import.css");\n'
        f'body {{ background: url("{web}/bg.png"); }}\n'
        'h1 { background-image: url("file:///etc/hostname"); }\n'
        'h2 { background-image: url("reaching.svg"); }\n'
        "@font-face { font-family: X; "
        'src: url("file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"); }\n'
    )
    template = (ROOT / "layouts/brochure/brochure.html.j2").read_text()
    (layouts / "brochure.html.j2").write_text(
        template.replace(
            "</head>",
            '<link rel="attachment" href="file:///etc/passwd" title="passwd">'
            f'<link rel="attachment" href="{web}/a.txt">'
            f'<link rel="stylesheet" href="{web}/x.css"></head>',
        ).replace(
            "<body>",
            f'<body><img src="file:///etc/passwd"><img src="{web}/i.png">'
            '<iframe src="file:///etc/passwd"></iframe><object data="file:///etc/passwd"></object>',
        )
    )
    with caplog.at_level("WARNING"):
        build(source, tmp_path / "out", only=("brochure",))
    pdf = tmp_path / "out" / "brochure.pdf"
    reader = pypdf.PdfReader(pdf)
    assert not reader.attachments
    assert "root:" not in pdftotext(pdf)
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    assert len(images.stdout.splitlines()) == 2  # the header only: nothing was pulled in
    assert connections(listener) == 0
    refused = [r.getMessage() for r in caplog.records if "refused to load" in r.getMessage()]
    assert any("/etc/passwd" in m for m in refused)
    assert any(f"127.0.0.1:{port}" in m for m in refused)
    assert any("reaching.svg" in m for m in refused)


@pytest.mark.slow
def test_event_text_is_printed_not_interpreted(tmp_path: Path) -> None:
    hostile = '<img src="file:///etc/passwd"> <b>bold</b> {{ 7*7 }} &amp;'
    source = write_event(tmp_path, MINIMAL + f"people:\n  - name: '{hostile}'\n    role: speaker\n")
    build(source, tmp_path / "out", only=("brochure",))
    text = " ".join(pdftotext(tmp_path / "out" / "brochure.pdf").split())
    # printed as typed, but for its quotation marks, which print typographic
    from brochure.typography import Quotes, quoted

    assert quoted(hostile, Quotes()) in text


@pytest.mark.slow
def test_a_logo_inside_the_source_folder_is_used(tmp_path: Path) -> None:
    source = write_event(
        tmp_path, MINIMAL.replace("- name: Someone", "- name: Someone\n    logo: logo.png")
    )
    (tmp_path / "logo.png").write_bytes(png(60, 30))
    build(source, tmp_path / "out", only=("brochure",))
    images = subprocess.run(
        ["pdfimages", "-list", str(tmp_path / "out" / "brochure.pdf")],
        capture_output=True,
        text=True,
    )
    assert len(images.stdout.splitlines()) > 2


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (
            png(100_000, 100_000, pixels=False),
            "bomb.png",
            "is 100,000 x 100,000 pixels; images are limited to 40 megapixels",
        ),
        (b"not an image at all", "fake.png", "is not a readable PNG image"),
        (b"\xff\xd8\xff\xe0 broken", "fake.jpg", "is not a readable JPG image"),
        (
            b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
            "entities.svg",
            "declares entities",
        ),
        (b"<html></html>", "page.svg", "not an SVG image"),
        (b"GIF89a", "anim.gif", "is not an SVG, PNG or JPEG file"),
        (b"\x89PNG" + b"\x00" * (11 * 1024 * 1024), "huge.png", "images are limited to 10 MiB"),
    ],
    ids=["bomb", "fake-png", "fake-jpeg", "svg-entities", "not-svg", "gif", "huge"],
)
def test_bad_images_are_refused_with_their_field(
    tmp_path: Path, content: bytes, name: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_event(
        tmp_path, MINIMAL.replace("- name: Someone", f"- name: Someone\n    logo: {name}")
    )
    (tmp_path / name).write_bytes(content)
    assert main(["check", str(source)]) == 1
    err = capsys.readouterr().err
    assert f"{source}:9:5: organisers[0].logo: '{name}' " in err
    assert words in err


# -- nothing lost ------------------------------------------------------------------


@pytest.fixture
def previous_pack(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A source and an output folder holding an earlier pack and a file of the user's."""
    # One person: an event with nobody has no badges, and the badges are what fails here.
    source = write_event(tmp_path / "source", MINIMAL + "people:\n  - name: Ada Example\n")
    out = tmp_path / "output"
    out.mkdir()
    for name in ("brochure.pdf", "concept-note.docx", "badges.pdf"):
        (out / name).write_bytes(b"earlier " + name.encode())
    (out / "my-notes.txt").write_text("not brochure's")
    return source, out, tree(tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("error", "message"),
    [
        (RuntimeError("boom"), "RuntimeError: boom"),
        (
            BuildError("badges: the layout could not be rendered: a reason"),
            "error: badges: the layout could not be rendered: a reason",
        ),
    ],
    ids=["crash", "build-error"],
)
def test_a_failing_renderer_is_reported_and_leaves_the_pack(
    previous_pack: tuple[Path, Path, dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: Exception,
    message: str,
) -> None:
    """A renderer that fails in the rendering child, by a bug or by a BuildError."""
    source, out, before = previous_pack

    def failing(*_: object) -> bytes:
        raise error

    real = Output.render
    monkeypatch.setattr(
        Output,
        "render",
        lambda self, *args: failing() if self.name == "badges" else real(self, *args),
    )
    assert main(["build", str(source), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert tree(source.parent.parent) == before


@pytest.mark.slow
def test_ctrl_c_while_rendering_leaves_the_pack(
    previous_pack: tuple[Path, Path, dict[str, bytes]],
) -> None:
    source, out, before = previous_pack
    process = subprocess.Popen(
        [sys.executable, "-m", "brochure", "build", str(source), "-o", str(out), "--timeout", "0"],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    seen = ""
    while "rendering" not in seen:  # wait until the renderers are at work
        line = process.stderr.readline()
        assert line, f"brochure ended before rendering: {seen}"
        seen += line
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    err = seen + err
    if process.returncode == 0:
        pytest.skip("the build finished before the interrupt")
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert tree(source.parent.parent) == before


@pytest.mark.slow
def test_ctrl_c_pressed_again_and_again_leaves_no_temporary_folder(
    previous_pack: tuple[Path, Path, dict[str, bytes]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Finding 13: Ctrl-C held down during a build (SIGINT to its whole process group,
    every 2 ms for 0.2 s, from when its work folder is made): exit 130 and
    "interrupted", no traceback, no folder left in the temporary directory, the pack as
    it was. A second SIGINT used to cut the removal of the work folder short."""
    source, out, before = previous_pack
    temporary = tmp_path_factory.mktemp("tmpdir")
    process = subprocess.Popen(
        [sys.executable, "-m", "brochure", "build", str(source), "-o", str(out), "--force"],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "TMPDIR": str(temporary)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own group, as a terminal's foreground job
    )
    deadline = time.monotonic() + 60
    while not list(temporary.iterdir()) and process.poll() is None:
        assert time.monotonic() < deadline, "the build made no work folder"
        time.sleep(0.005)
    time.sleep(0.5)  # at work in the child
    for _ in range(100):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGINT)
        time.sleep(0.002)
    _, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the build finished before the interrupt")
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err and "KeyboardInterrupt" not in err
    assert list(temporary.iterdir()) == []
    assert tree(source.parent.parent) == before


@pytest.mark.slow
def test_a_full_disk_while_writing_leaves_the_pack(
    previous_pack: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    source, out, before = previous_pack
    real_fsync = os.fsync
    calls = []

    def full_disk(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr(writer.os, "fsync", full_disk)
    with pytest.raises(BuildError, match="No space left on device"):
        build(source, out)
    assert tree(source.parent.parent) == before


@pytest.mark.slow
def test_only_the_output_folder_is_written(tmp_path: Path) -> None:
    source = write_event(tmp_path / "source", MINIMAL + "people:\n  - name: Ada Example\n")
    before = tree(tmp_path / "source")
    assert main(["-q", "build", str(source), "-o", str(tmp_path / "output")]) == 0
    assert tree(tmp_path / "source") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output", "source"]
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == [
        ".brochure-manifest.json",  # what each output was made from: rebuilds only what changed
        "badges.pdf",
        "brochure-booklet.pdf",
        "brochure-large-print.pdf",
        "brochure.pdf",
        "concept-note.docx",
        "programme",
        "programme.epub",
        "programme.ics",
    ]


def test_abandoned_staging_folders_are_cleared(tmp_path: Path) -> None:
    """A build writes only while it holds the folder's lock, so a staging folder of
    brochure's (marked by its journal) found by the next build that holds it was left by
    a killed build, however recent. A folder of the user's that shares the name stays."""
    for name in ("old", "recent"):
        stale = tmp_path / "out" / (writer.STAGING_PREFIX + name)
        stale.mkdir(parents=True)
        (stale / "brochure.pdf").write_bytes(b"half")
        (stale / writer.JOURNAL).write_text('{"names": [], "had": {}}')
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    mine = tmp_path / "out" / (writer.STAGING_PREFIX + "mine")
    mine.mkdir()
    (mine / "important.txt").write_text("keep")
    writer.write_outputs(tmp_path / "out", {"a.txt": b"a"})
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [mine.name, "a.txt"]
    assert (mine / "important.txt").read_text() == "keep"


@pytest.mark.parametrize(
    "name", ["../victim.txt", "/tmp/victim.txt", "link/brochure.pdf", "a/b/c.pdf", ".hidden"]
)
def test_a_journal_naming_files_outside_the_pack_is_not_followed(tmp_path: Path, name: str) -> None:
    """Anyone who can write into the output folder can write a journal; recovering from
    one moves only the pack's own files (a plain name or LANG/name), never through a link."""
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "link").symlink_to(elsewhere)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (elsewhere / "brochure.pdf").write_text("theirs")
    staging = out / (writer.STAGING_PREFIX + "forged")
    (staging / writer.PREVIOUS).mkdir(parents=True)
    (staging / writer.JOURNAL).write_text(json.dumps({"names": [name], "had": {name: False}}))
    writer.write_outputs(out, {"a.txt": b"a"}, own={"brochure.pdf", "victim.txt", "c.pdf"})
    assert victim.read_text() == "precious"
    assert (elsewhere / "brochure.pdf").read_text() == "theirs"
    assert (out / "a.txt").read_bytes() == b"a"


def test_a_forged_journal_removes_and_brings_in_nothing_of_anyones(tmp_path: Path) -> None:
    """A journal is trusted only for the pack's own file names: one naming the user's
    files (had: false, "moved in by the killed build") deletes nothing, and one whose
    previous files are behind a link brings nothing in from outside the folder."""
    out = tmp_path / "out"
    (out / "drafts").mkdir(parents=True)
    (out / "notes.txt").write_text("mine")
    (out / "drafts" / "plan.txt").write_text("mine too")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "brochure.pdf").write_text("theirs")
    (elsewhere / "thesis.txt").write_text("theirs")
    deleting = out / (writer.STAGING_PREFIX + "deleting")
    deleting.mkdir()
    (deleting / writer.JOURNAL).write_text(
        json.dumps({"names": ["notes.txt", "drafts/plan.txt"], "had": {}})
    )
    fetching = out / (writer.STAGING_PREFIX + "fetching")
    fetching.mkdir()
    (fetching / writer.PREVIOUS).symlink_to(elsewhere)
    (fetching / writer.JOURNAL).write_text(
        json.dumps({"names": ["brochure.pdf"], "had": {"brochure.pdf": True}})
    )
    writer.write_outputs(out, {"a.txt": b"a"}, own={"brochure.pdf"})
    assert (out / "notes.txt").read_text() == "mine"
    assert (out / "drafts" / "plan.txt").read_text() == "mine too"
    assert (elsewhere / "brochure.pdf").read_text() == "theirs"
    assert not (out / "brochure.pdf").exists()
    assert (out / "a.txt").read_bytes() == b"a"


def test_a_journal_naming_a_missing_folder_does_not_stop_the_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    staging = out / (writer.STAGING_PREFIX + "old")
    (staging / writer.PREVIOUS / "es").mkdir(parents=True)
    (staging / writer.PREVIOUS / "es" / "brochure.pdf").write_bytes(b"old")
    (out / "es").write_text("a file where the language folder was")
    (staging / writer.JOURNAL).write_text(
        json.dumps({"names": ["es/brochure.pdf"], "had": {"es/brochure.pdf": True}})
    )
    writer.write_outputs(out, {"a.txt": b"a"}, own={"brochure.pdf"})
    assert (out / "a.txt").read_bytes() == b"a"


# -- limits --------------------------------------------------------------------------


@pytest.mark.slow
def test_rendering_past_the_time_limit_is_stopped(
    previous_pack: tuple[Path, Path, dict[str, bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    source, out, before = previous_pack
    assert main(["build", str(source), "-o", str(out), "--timeout", "0.2"]) == 1
    assert "took longer than 0.2 seconds" in capsys.readouterr().err
    assert tree(source.parent.parent) == before


@pytest.mark.slow
def test_rendering_past_the_memory_limit_is_stopped(
    previous_pack: tuple[Path, Path, dict[str, bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    source, out, before = previous_pack
    assert main(["build", str(source), "-o", str(out), "--memory", "40"]) == 1
    assert "memory limit of 40 MiB" in capsys.readouterr().err
    assert tree(source.parent.parent) == before


def _start_a_program_and_wait(marker: str) -> None:
    import tempfile

    Path(marker).write_text(tempfile.gettempdir())
    subprocess.Popen(["sleep", "30"])
    time.sleep(30)


def test_programs_started_under_limits_are_stopped_with_it(tmp_path: Path) -> None:
    """A program the rendering child started (pdftoppm for preflight) is killed with it at
    the time limit, and the child's temporary folder is removed."""
    from brochure.engines.limits import Limits, run_limited

    marker = tmp_path / "scratch"
    before = set(_sleepers())
    with pytest.raises(BuildError, match=r"the test took longer than 0\.5 seconds"):
        run_limited(_start_a_program_and_wait, (str(marker),), Limits(seconds=0.5), "the test")
    time.sleep(0.2)
    assert set(_sleepers()) - before == set()
    scratch = Path(marker.read_text())
    assert scratch.name.startswith("brochure-") and not scratch.exists()


def _sleepers() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "cmdline").read_bytes() == b"sleep\x0030\x00":
                    state = (entry / "stat").read_text().split(") ")[1].split()[0]
                    if state != "Z":
                        found.append(int(entry.name))
    return found


def test_limits_on_the_command_line_are_checked() -> None:
    assert main(["build", "--timeout", "-1"]) == 2
    assert main(["build", "--memory", "lots"]) == 2


@pytest.mark.slow
def test_symlinked_output_files_are_replaced_not_followed(tmp_path: Path) -> None:
    source = write_event(tmp_path / "source", MINIMAL)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / "brochure.pdf").symlink_to(victim)
    build(source, out, only=("brochure",))
    assert victim.read_text() == "precious"
    assert not (out / "brochure.pdf").is_symlink()
    shutil.rmtree(out)


def _out_of_memory(shared: None, index: int) -> int:
    raise MemoryError


def test_a_worker_out_of_memory_is_said_as_memory() -> None:
    """A badge worker that runs out of its share of --memory fails the build with a
    message about memory, not a Python error's name."""
    from brochure.engines.limits import Limits
    from brochure.engines.pool import Pieces

    with pytest.raises(BuildError, match="ran out of its share of the memory limit"):
        list(Pieces(_out_of_memory, None, 4, Limits(megabytes=64 * 1024), workers=2))


def test_a_build_killed_while_dropping_its_staging_folder_is_not_undone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build whose files all moved in, killed while it drops its staging folder (here:
    the drop never happens), left a finished folder: the next build drops it, and the
    finished build's files stay (following its journal would undo them)."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "brochure.pdf").write_bytes(b"old")
    real = writer._drop
    monkeypatch.setattr(writer, "_drop", lambda folder: None)
    writer.write_outputs(out, {"brochure.pdf": b"new", "es/brochure.pdf": b"nuevo"})
    assert [p.name.startswith(writer.DONE_PREFIX) for p in out.glob(".*")] == [True]
    monkeypatch.setattr(writer, "_drop", real)
    mine = out / (writer.DONE_PREFIX + "my-notes")  # the user's, no journal: kept
    mine.mkdir()
    (mine / "notes.txt").write_text("precious")
    writer.write_outputs(out, {"a.txt": b"a"}, own={"brochure.pdf"})
    assert (out / "brochure.pdf").read_bytes() == b"new"
    assert (out / "es" / "brochure.pdf").read_bytes() == b"nuevo"
    assert list(out.glob(".*")) == [mine]
    assert (mine / "notes.txt").read_text() == "precious"


def test_another_users_staging_folder_and_manifest_are_not_trusted(tmp_path: Path) -> None:
    """In a folder shared with others, a journal or a manifest someone else wrote
    decides nothing: their staging folder is left (and said), nothing is moved or
    deleted from it, and their manifest does not stop a build from rendering."""
    from brochure.commands.freshness import MANIFEST, Manifest

    out = tmp_path / "out"
    staging = out / (writer.STAGING_PREFIX + "theirs")
    (staging / writer.PREVIOUS).mkdir(parents=True)
    (staging / writer.PREVIOUS / "brochure.pdf").write_bytes(b"planted")
    (out / "badges.pdf").write_bytes(b"the organiser's")
    (staging / writer.JOURNAL).write_text(
        json.dumps(
            {"names": ["brochure.pdf", "badges.pdf"], "had": {"brochure.pdf": True}},
        )
    )
    (out / MANIFEST).write_text(json.dumps({"format": 1, "outputs": {"x": {"key": "k"}}}))
    assert Manifest.read(out).outputs
    for path in (staging, staging / writer.JOURNAL, out / MANIFEST):
        os.lchown(path, 12345, 12345)
    assert Manifest.read(out).outputs == {}
    writer.write_outputs(out, {"a.txt": b"a"}, own={"brochure.pdf", "badges.pdf"})
    assert not (out / "brochure.pdf").exists()
    assert (out / "badges.pdf").read_bytes() == b"the organiser's"
    assert staging.is_dir()


def test_recovery_removes_only_the_file_the_killed_build_moved_in(tmp_path: Path) -> None:
    """A killed build's journal says brochure.pdf was not there before: recovery removes
    it only while it holds what that build moved in, not a file written there since,
    and the language folder that build made goes with it when it is left empty."""
    import hashlib

    out = tmp_path / "out"
    for name, content in (("es/brochure.pdf", b"moved in"), ("fr/badges.pdf", b"edited")):
        staging = out / (writer.STAGING_PREFIX + name.replace("/", "-"))
        staging.mkdir(parents=True)
        (out / name).parent.mkdir(exist_ok=True)
        (out / name).write_bytes(content)
        digest = hashlib.sha256(b"moved in").hexdigest()
        (staging / writer.JOURNAL).write_text(
            json.dumps({"names": [name], "had": {name: False}, "sha256": {name: digest}})
        )
    writer.write_outputs(out, {"a.txt": b"a"}, own={"brochure.pdf", "badges.pdf"})
    assert not (out / "es").exists()
    assert (out / "fr" / "badges.pdf").read_bytes() == b"edited"


# -- a folder shared with another user ---------------------------------------------------

RACE_CASE = ROOT / "tests" / "fixtures" / "hostile" / "hostile-21-shared-folder-link-race"
#: A user id nobody has: the other user sharing the folder (setpriv needs no account).
OTHER_USER = 12345


def as_other_user(*command: str) -> None:
    """Run command as OTHER_USER when this test runs as root (the real case: another
    user's doing, in a sticky folder they may write in), else as this user."""
    prefix = ["setpriv", f"--reuid={OTHER_USER}", f"--regid={OTHER_USER}", "--clear-groups"]
    subprocess.run([*prefix, *command] if os.geteuid() == 0 else list(command), check=True)


@pytest.fixture
def shared() -> Iterator[tuple[Path, Path]]:
    """A shared output folder (sticky, anyone may write, like /tmp) and, outside it, a
    folder of the user's holding a file named like a pack's file; in a folder the other
    user can reach (pytest's own are the user's only)."""
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="brochure-shared-"))
    base.chmod(0o755)
    out, victim = base / "shared", base / "victim"
    out.mkdir()
    out.chmod(0o1777)
    victim.mkdir()
    (victim / "programme.ics").write_text("PRECIOUS: the victim's own file")
    yield out, victim
    shutil.rmtree(base)


def swapped_after_the_check(monkeypatch: pytest.MonkeyPatch, swap: Any) -> None:
    """Make swap() happen between the writer's check of its targets and its first move:
    the moment the other user's loop hits in hostile-21."""
    real = writer._check_targets

    def check_then_swap(*args: Any) -> Any:
        checked = real(*args)
        swap()
        return checked

    monkeypatch.setattr(writer, "_check_targets", check_then_swap)


@pytest.mark.parametrize("there_before", [False, True], ids=["es made by the build", "es there"])
def test_a_language_folder_swapped_for_a_link_is_never_written_through(
    shared: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, there_before: bool
) -> None:
    """hostile-21: between the check and the moves another user puts a link to the
    user's folder where `es` was (absent, or their folder moved away): nothing outside
    the output folder is written, the output folder is as it was, and the message says
    what happened, not that it wrote."""
    out, victim = shared
    (out / "programme.ics").write_bytes(b"earlier")
    if there_before:  # the other user's folder (of an earlier build of theirs)
        as_other_user("mkdir", "-m", "777", str(out / "es"))
        as_other_user("sh", "-c", f"echo earlier es > {out / 'es' / 'programme.ics'}")

    def swap() -> None:
        if there_before:
            as_other_user("mv", str(out / "es"), str(out / "es-moved"))
        as_other_user("ln", "-s", str(victim), str(out / "es"))

    swapped_after_the_check(monkeypatch, swap)
    before = tree(out)
    with pytest.raises(BuildError, match=r"es in .* (was made by someone else|was replaced)"):
        writer.write_outputs(out, {"programme.ics": b"new", "es/programme.ics": b"nuevo"})
    assert (victim / "programme.ics").read_text() == "PRECIOUS: the victim's own file"
    assert list(victim.iterdir()) == [victim / "programme.ics"]
    assert (out / "programme.ics").read_bytes() == b"earlier"
    if there_before:
        assert (out / "es-moved" / "programme.ics").read_text() == "earlier es\n"
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    assert {k: v for k, v in tree(out).items() if k == "programme.ics"} == {
        "programme.ics": before["programme.ics"]
    }


@pytest.mark.slow
def test_the_shared_folder_case_builds_never_write_outside(
    shared: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """hostile-21 as the organiser meets it: `build --only calendar` of the case's event
    (a pack per language) into the shared folder, the link swapped in after the check.
    The build fails, says why and that the folder was left as it was; the user's file
    outside is untouched; the next build, with the link still there, refuses it."""
    out, victim = shared
    source = RACE_CASE / "source" / "event.yaml"
    swapped_after_the_check(
        monkeypatch, lambda: as_other_user("ln", "-s", str(victim), str(out / "es"))
    )
    code = main(["build", str(source), "-o", str(out), "--only", "calendar", "--force"])
    said = capsys.readouterr().err
    assert code == 1
    assert "was made by someone else while brochure was writing" in said
    assert "the output folder was left as it was" in said
    assert "nothing was deleted" not in said
    assert (victim / "programme.ics").read_text() == "PRECIOUS: the victim's own file"
    monkeypatch.undo()
    assert main(["build", str(source), "-o", str(out), "--only", "calendar", "--force"]) == 1
    said = capsys.readouterr().err
    assert "es in" in said and "is not a folder" in said
    assert "replaced by the pack's file" not in said  # it was not
    assert (victim / "programme.ics").read_text() == "PRECIOUS: the victim's own file"


@pytest.mark.parametrize(
    "swap", ["file for a folder", "file for a link", "file appears", "retired file for a folder"]
)
def test_a_file_swapped_after_the_check_is_neither_replaced_nor_deleted(
    shared: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, swap: str
) -> None:
    """Other swaps of the same kind, in a team folder without the sticky bit (anyone
    may rename anything in it): where a file was (or nothing was) when the writer
    looked, another user puts a folder of the user's, a link to the user's file, or a
    file of their own. Nothing the writer did not look at is replaced, or moved aside
    and dropped: the folder is left as the other user made it, and the build says so."""
    out, victim = shared
    out.chmod(0o777)
    photos = out / "photos"
    photos.mkdir()
    (photos / "one.jpg").write_bytes(b"a photo")
    (out / "brochure.pdf").write_bytes(b"earlier")
    (out / "badges.pdf").write_bytes(b"earlier badges")
    if swap == "file appears":
        (out / "brochure.pdf").unlink()
    target = out / ("badges.pdf" if swap.startswith("retired") else "brochure.pdf")
    swaps = {
        "file for a folder": ["sh", "-c", f"rm {target} && mv {photos} {target}"],
        "retired file for a folder": ["sh", "-c", f"rm {target} && mv {photos} {target}"],
        "file for a link": ["ln", "-sfn", str(victim / "programme.ics"), str(target)],
        "file appears": ["sh", "-c", f"echo theirs > {target}"],
    }
    swapped_after_the_check(monkeypatch, lambda: as_other_user(*swaps[swap]))
    with pytest.raises(BuildError, match=r"while brochure was writing.*left as it was"):
        writer.write_outputs(
            out, {"brochure.pdf": b"new"}, retired=["badges.pdf"], own={"badges.pdf"}
        )
    assert (victim / "programme.ics").read_text() == "PRECIOUS: the victim's own file"
    if swap.endswith("for a folder"):
        assert (target / "one.jpg").read_bytes() == b"a photo"
    elif swap == "file for a link":
        assert target.is_symlink()
    else:
        assert target.read_text() == "theirs\n"
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_another_users_link_as_the_output_folder_is_refused(shared: tuple[Path, Path]) -> None:
    """The output folder named on the command line is opened once; when it is a link,
    only a link of the user's own is followed."""
    out, victim = shared
    as_other_user("ln", "-s", str(victim), str(out / "pack"))
    mine = out / "mine"
    mine.symlink_to(victim)
    if os.geteuid() == 0:
        with pytest.raises(BuildError, match="a link another user made"):
            writer.write_outputs(out / "pack", {"programme.ics": b"new"})
        assert (victim / "programme.ics").read_text() == "PRECIOUS: the victim's own file"
    writer.write_outputs(mine, {"brochure.pdf": b"new"})
    assert (victim / "brochure.pdf").read_bytes() == b"new"


@pytest.mark.skipif(os.geteuid() != 0, reason="needs a second user: run as root")
def test_another_user_racing_links_into_the_folder_never_gets_a_write_through(
    shared: tuple[Path, Path],
) -> None:
    """The case's attacker, for real: another user flips `es` between absent and a link
    to the user's folder as fast as a shell can, while the user writes 150 packs. Every
    write lands whole in the output folder or fails saying the folder was left as it
    was; the user's file outside is never touched."""
    out, victim = shared
    attacker = subprocess.Popen(
        [
            "setpriv",
            f"--reuid={OTHER_USER}",
            f"--regid={OTHER_USER}",
            "--clear-groups",
            "bash",
            str(RACE_CASE / "attacker.sh"),
            str(out),
            str(victim),
            "30",
        ],
        start_new_session=True,  # its group killed whole: no `ln` of its left running
    )
    try:
        written = refused = 0
        for _ in range(150):
            try:
                writer.write_outputs(out, {"es/programme.ics": b"nuevo", "programme.ics": b"new"})
                written += 1
            except BuildError as error:
                assert "left as it was" in str(error) and "nothing was deleted" not in str(error)
                refused += 1
            assert (victim / "programme.ics").read_text() == "PRECIOUS: the victim's own file"
            assert list(victim.iterdir()) == [victim / "programme.ics"]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(attacker.pid, signal.SIGKILL)
        attacker.wait()
    assert written + refused == 150


@contextlib.contextmanager
def hold_the_lock(folder: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Another user's process holding the folder's lock (flock(1) on the folder, as a
    build writing into it does) while the block runs."""
    prefix = ["setpriv", f"--reuid={OTHER_USER}", f"--regid={OTHER_USER}", "--clear-groups"]
    command = ["flock", "--exclusive", str(folder), "sh", "-c", "echo held; exec sleep 60"]
    with subprocess.Popen(
        [*prefix, *command] if os.geteuid() == 0 else command, stdout=subprocess.PIPE
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
            yield holder
        finally:
            holder.kill()


@pytest.mark.slow
@pytest.mark.parametrize("staging", [False, True], ids=["writing", "with its staging folder"])
def test_another_users_lock_counts_against_the_timeout_and_is_named(
    shared: tuple[Path, Path], capsys: pytest.CaptureFixture[str], staging: bool
) -> None:
    """A build waits for another build's lock at most what --timeout leaves, and says
    whose lock it is (the process and its user, from /proc/locks) and what to do; with
    that build's staging folder in the folder, the build does not wait for the lock
    before rendering (where the time limit would stop it without a word of the lock)."""
    out, _ = shared
    if staging:
        as_other_user("mkdir", str(out / (writer.STAGING_PREFIX + "theirs")))
    with hold_the_lock(out) as holder:
        began = time.monotonic()
        source = str(RACE_CASE / "source" / "event.yaml")
        code = main(["build", source, "-o", str(out), "--only", "calendar", "--timeout", "10"])
        took = time.monotonic() - began
    said = capsys.readouterr().err
    assert code == 1
    assert took < 18
    user = f"uid {OTHER_USER}" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    assert f"waiting for process {holder.pid} (" in said
    assert f"of user {user}" in said
    assert "gave up waiting for" in said and "(the time --timeout left)" in said
    assert f"ask user {user} to stop it" in said
    assert "nothing was written" in said
    assert "took longer than" not in said
    assert not (out / "programme.ics").exists()


def test_who_holds_a_lock_falls_back_to_the_staging_folders_owner(
    shared: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where Linux does not tell the process (one in another PID namespace, a
    container's), the lock is said to be the build of the user whose staging folder is
    there; a wait of 0 seconds gives up at once."""
    from brochure import locks

    out, _ = shared
    as_other_user("mkdir", str(out / (writer.STAGING_PREFIX + "theirs")))
    monkeypatch.setattr(locks, "_uid_of", lambda pid: None)
    with hold_the_lock(out), pytest.raises(BuildError) as raised:
        writer.write_outputs(out, {"brochure.pdf": b"new"}, wait=0)
    user = f"uid {OTHER_USER}" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    assert f"gave up waiting for a build of user {user}" in str(raised.value)
    assert not (out / "brochure.pdf").exists()


# -- a folder owned whole by one output ---------------------------------------------------

PROGRAMME = {"programme"}
PREVIOUS_SITE = {
    "programme/index.html": b"old page",
    "programme/style.css": b"old style",
    "brochure.pdf": b"old brochure",
}
NEW_SITE = {
    "programme/index.html": b"new page",
    "programme/img/logo.png": b"new image",
    "es/programme/index.html": b"nueva",
    "brochure.pdf": b"new brochure",
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    writer.write_outputs(out, PREVIOUS_SITE, folders=PROGRAMME)
    (out / "notes.txt").write_text("the organiser's")
    return out


def test_a_folder_owned_whole_is_swapped_in_as_one(site: Path) -> None:
    """programme/ is replaced whole: the new one holds exactly the new files (the old
    stylesheet is gone with the old folder), in the pack's folder and per language."""
    written = writer.write_outputs(site, NEW_SITE, folders=PROGRAMME)
    assert written == [site / name for name in NEW_SITE]
    assert tree(site) == {
        "brochure.pdf": b"new brochure",
        "es": b"",
        "es/programme": b"",
        "es/programme/index.html": b"nueva",
        "notes.txt": b"the organiser's",
        "programme": b"",
        "programme/img": b"",
        "programme/img/logo.png": b"new image",
        "programme/index.html": b"new page",
    }
    assert writer.pack_name(site, "es/programme/index.html", folders=PROGRAMME)
    assert not writer.pack_name(site, "es/programme/index.html")
    assert not writer.pack_name(site, "programme/../../x", folders=PROGRAMME)


def test_the_journal_names_the_folder_as_one_move(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = writer.bound.rename
    plans: list[dict[str, Any]] = []
    moved: list[str] = []

    def rename(source: Any, target: Any, **how: Any) -> None:
        if os.fspath(target).endswith(writer.JOURNAL):
            plans.append(json.loads(Path(source).read_text()))
        else:
            moved.append(Path(source).name)
        real(source, target, **how)

    monkeypatch.setattr(writer.bound, "rename", rename)
    writer.write_outputs(site, NEW_SITE, folders=PROGRAMME)
    plan = plans[-1]
    assert plan["names"] == ["programme", "es/programme", "brochure.pdf"]
    assert plan["units"] == ["programme", "es/programme"]
    assert plan["had"] == {"programme": True, "es/programme": False, "brochure.pdf": True}
    # the folder moves whole: aside, then in; never a file of it by itself
    assert moved[:3] == ["programme", "programme", "programme"]
    assert "index.html" not in moved


#: A write killed outright (SIGKILL: nothing runs after it) on its Nth move.
KILLED_WRITING = """
import json, os, signal, sys
from pathlib import Path
from brochure import writer
real, moves = writer.bound.rename, [0]
def rename(source, target, **how):
    if not os.fspath(target).endswith(writer.JOURNAL):
        moves[0] += 1
        if moves[0] == int(sys.argv[2]):
            os.kill(os.getpid(), signal.SIGKILL)
    real(source, target, **how)
writer.bound.rename = rename
files = {name: content.encode() for name, content in json.loads(sys.argv[3]).items()}
writer.write_outputs(Path(sys.argv[1]), files, folders={"programme"})
"""


@pytest.mark.parametrize("killed_on", [1, 2, 3, 4, 5, 6])
def test_a_folder_half_swapped_by_a_killed_build_is_put_back_whole(
    site: Path, killed_on: int
) -> None:
    """Killed on any of its six moves (the old folder aside and the new one not in yet;
    the new one in and the rest not; every move made but not marked done), the next
    build puts the previous folder back whole, the previous files beside it, and takes
    away the language folder the killed build made."""
    before = tree(site)
    died = subprocess.run(
        [
            sys.executable,
            "-c",
            KILLED_WRITING,
            str(site),
            str(killed_on),
            json.dumps({name: content.decode() for name, content in NEW_SITE.items()}),
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        timeout=60,
    )
    assert died.returncode == -signal.SIGKILL, died.stderr
    assert any(p.name.startswith(writer.STAGING_PREFIX) for p in site.iterdir())
    writer.write_outputs(
        site, {"notes.txt": b"the organiser's"}, own={"brochure.pdf"}, folders=PROGRAMME
    )
    assert tree(site) == before
    assert not [p for p in site.iterdir() if p.name.startswith(".brochure-staging")]


def test_a_link_where_the_folder_goes_is_replaced_not_followed(site: Path) -> None:
    """A link named programme (to a folder elsewhere) is moved aside like any file
    named like the pack's; nothing is written through it."""
    elsewhere = site.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("theirs")
    shutil.rmtree(site / "programme")
    (site / "programme").symlink_to(elsewhere)
    writer.write_outputs(site, NEW_SITE, folders=PROGRAMME)
    assert not (site / "programme").is_symlink()
    assert (site / "programme" / "index.html").read_bytes() == b"new page"
    assert list(elsewhere.iterdir()) == [elsewhere / "index.html"]
    assert (elsewhere / "index.html").read_text() == "theirs"


def test_a_folder_swapped_for_a_link_after_the_check_is_not_replaced(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the check and the moves the folder is swapped for a link (its files
    moved elsewhere): the link is not taken for the folder looked at, nothing is
    written through it or dropped, and the build says so."""
    elsewhere = site.parent / "elsewhere"

    def swap() -> None:
        (site / "programme").rename(elsewhere)
        (site / "programme").symlink_to(elsewhere)

    swapped_after_the_check(monkeypatch, swap)
    with pytest.raises(BuildError, match="programme changed while brochure was writing"):
        writer.write_outputs(site, NEW_SITE, folders=PROGRAMME)
    assert (site / "programme").is_symlink()
    assert (elsewhere / "index.html").read_bytes() == b"old page"
    assert (elsewhere / "style.css").read_bytes() == b"old style"
    assert (site / "brochure.pdf").read_bytes() == b"old brochure"
    assert not (site / "es").exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="gives a folder to another user: run as root")
def test_another_users_folder_where_the_folder_goes_is_refused(site: Path) -> None:
    os.lchown(site / "programme", OTHER_USER, OTHER_USER)
    before = tree(site)
    with pytest.raises(BuildError, match="another user's folder of that name is in the way"):
        writer.write_outputs(site, NEW_SITE, folders=PROGRAMME)
    assert tree(site) == before


@pytest.mark.parametrize("named", ["programme", "programme/index.html"])
def test_a_retired_folder_goes_whole(site: Path, named: str) -> None:
    """A folder the pack no longer has goes whole, named or by one of its files; a
    folder of the user's of another name, and a link named like it, stay."""
    (site / "es").mkdir()
    elsewhere = site.parent / "elsewhere"
    elsewhere.mkdir()
    (site / "es" / "programme").symlink_to(elsewhere)
    writer.write_outputs(
        site,
        {"brochure.pdf": b"new brochure"},
        retired=[named, "es/programme"],
        own={"brochure.pdf"},
        folders=PROGRAMME,
    )
    assert not (site / "programme").exists()
    assert (site / "es" / "programme").is_symlink()
    assert (site / "notes.txt").read_text() == "the organiser's"
    assert (site / "brochure.pdf").read_bytes() == b"new brochure"


def test_a_forged_journal_naming_folders_moves_none(site: Path) -> None:
    """A journal is trusted for the folders owned whole only when this build declares
    them: one naming the user's folder as a unit (moved in, to be removed) or a unit
    inside a unit is left alone, with everything it names."""
    (site / "drafts").mkdir()
    (site / "drafts" / "plan.txt").write_text("mine")
    for units in (["drafts"], ["programme/img"]):
        staging = site / (writer.STAGING_PREFIX + units[0].replace("/", "-"))
        staging.mkdir()
        (staging / writer.JOURNAL).write_text(
            json.dumps({"names": units, "had": {}, "units": units, "sha256": {}})
        )
    writer.write_outputs(site, {"a.txt": b"a"}, folders=PROGRAMME)
    assert (site / "drafts" / "plan.txt").read_text() == "mine"
    assert (site / "programme" / "index.html").read_bytes() == b"old page"


# -- files the event names are looked at before they are read ------------------------------


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ("logo", "9:5: organisers[0].logo: 'logo.png' is 50.0 GiB"),
        ("map", "event.venue.map: 'plans/floor.jpg' is 50.0 GiB"),
    ],
)
def test_a_sparse_giant_named_file_is_refused_at_once_not_hashed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str, said: str
) -> None:
    """A sparse 50 GiB "logo" (no disk space, all the reading time) is refused with the
    located error `check` gives, in a second, not read in full until --timeout; so is a
    venue map in a folder, reached through a link inside the source folder."""
    if field == "logo":
        text = MINIMAL.replace("- name: Someone", "- name: Someone\n    logo: logo.png")
        source = write_event(tmp_path / "source", text)
        giant = tmp_path / "source" / "logo.png"
    else:
        text = MINIMAL.replace("  country: NO", "  country: NO\n  venue:\n    map: plans/floor.jpg")
        source = write_event(tmp_path / "source", text)
        giant = tmp_path / "source" / "scans" / "floor.jpg"
        giant.parent.mkdir()
        (tmp_path / "source" / "plans").mkdir()
        (tmp_path / "source" / "plans" / "floor.jpg").symlink_to(giant)
    with giant.open("wb") as stream:
        stream.truncate(50 << 30)
    began = time.monotonic()
    out = str(tmp_path / "out")
    code = main(["build", str(source), "-o", out, "--only", "calendar", "--timeout", "20"])
    took = time.monotonic() - began
    err = capsys.readouterr().err
    assert code == 1
    assert took < 15, took
    assert said in err
    assert "took longer" not in err


# -- SOURCE_DATE_EPOCH outside what a format holds ---------------------------------------

EPOCH_CASE = ROOT / "tests" / "fixtures" / "hostile" / "hostile-24-source-date-epoch-zero"


def brochure(*args: str, epoch: str) -> subprocess.CompletedProcess[str]:
    """`brochure` run as the organiser runs it, with SOURCE_DATE_EPOCH=epoch (what the
    rendering child warns about reaches its stderr)."""
    return subprocess.run(
        [sys.executable, "-m", "brochure", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "SOURCE_DATE_EPOCH": epoch},
        timeout=600,
    )


def _zip_dates(docx_file: Path) -> set[tuple[int, ...]]:
    import zipfile

    with zipfile.ZipFile(docx_file) as package:
        return {entry.date_time for entry in package.infolist()}


@pytest.mark.slow
def test_source_date_epoch_zero_builds_the_whole_pack(tmp_path: Path) -> None:
    """hostile-24: SOURCE_DATE_EPOCH=0, the reproducible builds' favourite, builds every
    output: the PDF keeps 1970, the concept note's ZIP entries are dated 1980-01-01 (the
    earliest a ZIP holds), said once, naming the variable and the date used."""
    import docx

    out = tmp_path / "out"
    built = brochure("build", str(EPOCH_CASE / "source" / "event.yaml"), "-o", str(out), epoch="0")
    assert built.returncode == 0, built.stderr
    err = built.stderr
    said = (
        "ZIP entries cannot be dated SOURCE_DATE_EPOCH (1970-01-01 00:00:00 UTC): they are "
        "dated 1980-01-01 00:00:00 UTC, the earliest they can hold"
    )
    assert err.count(said) == 1, err
    assert _zip_dates(out / "concept-note.docx") == {(1980, 1, 1, 0, 0, 0)}
    assert docx.Document(str(out / "concept-note.docx")).core_properties.created.year == 1970
    with pypdf.PdfReader(out / "brochure.pdf") as pdf:
        assert str(pdf.metadata["/CreationDate"]).startswith("D:1970")


@pytest.mark.parametrize(
    ("epoch", "dates", "said"),
    [
        ("4354819200", (2107, 12, 31, 23, 59, 58), "SOURCE_DATE_EPOCH (2108-01-01 00:00:00 UTC)"),
        ("-1", (1980, 1, 1, 0, 0, 0), "SOURCE_DATE_EPOCH (1969-12-31 23:59:59 UTC)"),
        ("253402300800", (2107, 12, 31, 23, 59, 58), "the build is stamped 9999-12-31 23:59:59"),
        ("99999999999999999999", (2107, 12, 31, 23, 59, 58), "outside the years 1000 to 9999"),
        ("-99999999999", (1980, 1, 1, 0, 0, 0), "the build is stamped 1000-01-01 00:00:00 UTC"),
    ],
)
def test_an_epoch_a_zip_cannot_hold_is_clamped_and_said_once_for_every_language(
    tmp_path: Path, epoch: str, dates: tuple[int, ...], said: str
) -> None:
    """Other epochs of the kind (after 2107, before 1970, beyond year 9999 and any
    datetime), in a pack of four languages: each concept note built, its entries dated
    the nearest a ZIP holds; one warning, not one a language."""
    out = tmp_path / "out"
    source = RACE_CASE / "source" / "event.yaml"  # the languages fixture: es, pt-BR, fr, en-US
    built = brochure("build", str(source), "-o", str(out), "--only", "concept-note", epoch=epoch)
    assert built.returncode == 0, built.stderr
    err = built.stderr
    notes = sorted(out.glob("*/concept-note.docx"))
    assert len(notes) == 4
    assert all(_zip_dates(note) == {dates} for note in notes)
    assert said in err
    assert err.count("ZIP entries cannot be dated") == 1, err


def test_an_epoch_that_is_not_a_number_is_said_not_ignored(tmp_path: Path) -> None:
    source = write_event(tmp_path / "source", MINIMAL)
    out = str(tmp_path / "out")
    built = brochure("build", str(source), "-o", out, "--only", "calendar", epoch="yesterday")
    assert built.returncode == 0, built.stderr
    err = built.stderr
    assert "SOURCE_DATE_EPOCH=yesterday is not a whole number of seconds since 1970" in err
    assert "stamped with the current time" in err
