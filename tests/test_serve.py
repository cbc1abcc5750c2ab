"""`brochure serve`, driven as an organiser uses it: a real browser on the preview page,
the event file edited underneath it."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import MINIMAL, ROOT, pdftotext, write_event

from brochure.preview import server as preview_server


class Serving:
    """A `brochure serve` process, its terminal output read line by line as it comes."""

    def __init__(self, project: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.scratch = project / "tmp"
        self.scratch.mkdir()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "brochure", "serve", "--port", "0", *args],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            # TMPDIR: the preview's temporary folders land where the test can see them.
            env={
                **os.environ,
                "PYTHONPATH": str(ROOT / "src"),
                "TMPDIR": str(self.scratch),
                **(env or {}),
            },
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, pattern: str, seconds: float = 60) -> re.Match[str]:
        """The first line from now on that matches pattern."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.process.poll() is None, "\n".join(self.seen)
                continue
            self.seen.append(line)
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.seen))

    def stop(self) -> int:
        """Ctrl-C, as a person stops it; its exit status, with everything it printed seen."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=30)
        self.reader.join(timeout=10)
        assert self.process.stdout is not None
        self.process.stdout.close()
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code


def _generation(driver: object) -> int:
    from selenium.webdriver.common.by import By

    return int(driver.find_element(By.TAG_NAME, "body").get_attribute("data-generation"))  # type: ignore[attr-defined]


def _eventually(driver: object, check: object, message: str) -> None:
    """Wait until check(driver) holds: a rebuild may reload the page under a read (one save
    can reach the watcher as two changes), so stale elements are looked up again."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(
        driver, 60, poll_frequency=0.2, ignored_exceptions=(StaleElementReferenceException,)
    ).until(check, message=message)


def _wait_for_generation_after(driver: object, generation: int) -> None:
    # The page reloads itself: nothing here refreshes it.
    _eventually(
        driver,
        lambda d: _generation(d) > generation,
        f"the page did not reload after build {generation}",
    )


@pytest.mark.slow
def test_the_preview_follows_each_save_and_shows_a_broken_one(
    tmp_path: Path, browser: object
) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    assert (
        subprocess.run(
            [sys.executable, "-m", "brochure", "-q", "new", str(tmp_path)],
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            check=False,
        ).returncode
        == 0
    )
    source = tmp_path / "source" / "event.yaml"
    serving = Serving(tmp_path, "--only", "brochure,calendar")
    try:
        url = serving.expect(r"preview on (http://127\.0\.0\.1:\d+/)").group(1)
        driver.get(url)  # type: ignore[attr-defined]
        assert "The Title of Your Event" in driver.find_element(By.ID, "title").text  # type: ignore[attr-defined]
        pages = driver.find_elements(By.CSS_SELECTOR, "[id='brochure.pdf'] img")  # type: ignore[attr-defined]
        assert len(pages) == 8
        assert all(image.get_attribute("naturalWidth") != "0" for image in pages[:2])
        first_cover = pages[0].get_attribute("src")
        entries = driver.find_element(By.CSS_SELECTOR, "[id='programme.ics'] table").text  # type: ignore[attr-defined]
        assert "The first session" in entries
        generation = _generation(driver)

        # A save: the page reloads by itself and shows the new pack.
        text = source.read_text(encoding="utf-8")
        text = text.replace("The Title of Your Event", "Streets That Listen").replace(
            "title: The first session", "title: Who counts the cyclists?"
        )
        source.write_text(text, encoding="utf-8")
        _wait_for_generation_after(driver, generation)
        serving.expect(r"built 3 files")
        _eventually(
            driver,
            lambda d: (
                d.find_element(By.ID, "title").text == "Streets That Listen"
                and "Who counts the cyclists?"
                in d.find_element(By.CSS_SELECTOR, "[id='programme.ics'] table").text
                and d.find_elements(By.CSS_SELECTOR, "[id='brochure.pdf'] img")[0].get_attribute(
                    "src"
                )
                != first_cover
            ),
            "the page does not show the saved title, session and cover",
        )
        link = driver.find_element(By.CSS_SELECTOR, "[id='brochure.pdf'] h2 a")  # type: ignore[attr-defined]
        served = tmp_path / "served.pdf"
        with urllib.request.urlopen(link.get_attribute("href"), timeout=10) as response:
            served.write_bytes(response.read())
        assert "Streets That Listen" in pdftotext(served)
        generation = _generation(driver)

        # A broken save: the problem, located, on the page and on the terminal; the last
        # good pack stays.
        lines = text.splitlines()
        line = next(i for i, words in enumerate(lines, 1) if words.startswith("  end: 12:30"))
        lines[line - 1] = "  end: half past twelve"
        broken = "\n".join(lines) + "\n"
        driver.execute_script("window.scrollTo(0, 600)")  # type: ignore[attr-defined]
        source.write_text(broken, encoding="utf-8")
        _wait_for_generation_after(driver, generation)
        # The reload keeps the reader's place, and the problems are in view there.
        assert driver.execute_script("return window.scrollY") > 0  # type: ignore[attr-defined]
        _eventually(
            driver,
            lambda d: (
                d.find_element(By.ID, "problems").is_displayed()
                and f"source/event.yaml:{line}:3: event.end:"
                in d.find_element(By.ID, "problems").text
            ),
            "the page does not show the located problem",
        )
        assert f"source/event.yaml:{line}:3: event.end:" in serving.expect(r"event\.end:").string
        serving.expect(r"1 problem; the preview keeps the last good pack")
        assert driver.find_element(By.ID, "title").text == "Streets That Listen"  # type: ignore[attr-defined]
        assert len(driver.find_elements(By.CSS_SELECTOR, "[id='brochure.pdf'] img")) == 8  # type: ignore[attr-defined]
        assert "✗" in driver.title  # type: ignore[attr-defined]
    finally:
        code = serving.stop()
    assert code == 0, "\n".join(serving.seen)
    assert list(serving.scratch.iterdir()) == []  # the temporary builds are gone
    assert not (tmp_path / "output").exists()  # serve never writes the pack there


def test_the_preview_answers_only_to_its_own_name(tmp_path: Path) -> None:
    """A page elsewhere cannot read the pack through a name that points here (DNS
    rebinding): the Host must be 127.0.0.1 or localhost."""
    board = preview_server.Board(preview_server.State(source="source/event.yaml"))
    with preview_server.PreviewServer(0, board) as server:
        server.serve_in_background()
        try:
            with urllib.request.urlopen(server.url, timeout=10) as ok:
                assert ok.status == 200 and b"source/event.yaml" in ok.read()
            request = urllib.request.Request(server.url, headers={"Host": "attacker.example"})
            assert _status(request) == 403
            assert _status(server.url + "files/..%2F..%2Fetc%2Fpasswd") == 404
            assert _status(server.url + "pages/brochure.pdf-1.png") == 404  # nothing built
        finally:
            server.shutdown()


def _status(request: urllib.request.Request | str) -> int:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        with error:
            return error.code


@pytest.mark.slow
def test_the_preview_shows_every_page_of_every_output(built_pack: Path, tmp_path: Path) -> None:
    """PDF pages as images, the concept note as LibreOffice lays it out, the calendar's
    entries: what the page of `brochure serve` shows of the seed's pack."""
    from PIL import Image

    from brochure.preview.pages import preview

    names = ["brochure.pdf", "concept-note.docx", "badges.pdf", "programme.ics"]
    shown = {file.name: file for file in preview(built_pack, names, tmp_path / "pages", tmp_path)}
    for name in ("brochure.pdf", "badges.pdf"):
        pages = int(pdfinfo_pages(built_pack / name))
        assert shown[name].pages == pages
        assert len(shown[name].images) == pages
        with Image.open(tmp_path / "pages" / shown[name].images[0]) as first:
            assert first.width > 800  # sharp enough to read at full width
    if shutil.which("soffice"):
        assert shown["concept-note.docx"].pages and len(shown["concept-note.docx"].images) >= 1
    (entry,) = shown["programme.ics"].entries
    assert entry.title == "Opening"
    assert entry.when.startswith("Thu 08 Dec 2016, 12:30")


def test_a_save_in_the_event_folder_or_any_layout_folder_rebuilds(tmp_path: Path) -> None:
    from brochure.commands.serve import watched
    from brochure.config import CommandLine
    from brochure.engines.layouts import default_layouts

    (tmp_path / "source").mkdir()
    (tmp_path / "layouts").mkdir()
    (tmp_path / "mine").mkdir()
    cli = CommandLine(source=tmp_path / "source" / "event.yaml", layouts=tmp_path / "mine")
    assert watched(cli) == (
        (tmp_path / "source").resolve(),
        (tmp_path / "mine").resolve(),
        (tmp_path / "layouts").resolve(),
        default_layouts().resolve(),
    )


def pdfinfo_pages(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:"))


@pytest.mark.slow
def test_open_takes_the_browser_to_the_preview(tmp_path: Path) -> None:
    """--open uses the person's browser ($BROWSER, as Python's webbrowser reads it)."""
    from tests.conftest import MINIMAL, write_event

    write_event(tmp_path / "source", MINIMAL)
    opened = tmp_path / "opened.txt"
    browser_command = f"sh -c 'echo %s > {opened}'"
    serving = Serving(tmp_path, "--open", "--only", "calendar", env={"BROWSER": browser_command})
    try:
        url = serving.expect(r"preview on (http://127\.0\.0\.1:\d+/)").group(1)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (opened.exists() and opened.read_text()):
            time.sleep(0.1)
        assert opened.read_text().strip() == url
    finally:
        assert serving.stop() == 0


def test_a_save_renders_again_only_what_it_changed_and_the_page_keeps_the_rest(
    tmp_path: Path,
) -> None:
    """Each build starts from the last good pack: a badge layout saved renders the badges
    alone; the brochure's pages shown are the last build's. Warnings each output gave are
    on the page, not only on the terminal."""
    from brochure.commands.serve import Session
    from brochure.config import CommandLine
    from brochure.engines.limits import Limits
    from brochure.preview.server import Board, State

    source = write_event(
        tmp_path / "source",
        MINIMAL + f"people:\n  - {{name: Ann {'Wolfeschlegelsteinhausenberger' * 8}}}\n",
    )
    said: list[str] = []
    # Under limits, as the command runs it: rendering in a child, whose warnings the
    # page learns from the manifest.
    cli = CommandLine(source=source, only=("brochure", "badges"), limits=Limits())
    board = Board(State(source=str(source)))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    session = Session(cli, scratch, board, lambda line, problems: said.append(line))
    assert session.rebuild()
    first = board.current().published
    assert first is not None
    assert [f.name for f in first.files] == ["brochure.pdf", "brochure-booklet.pdf", "badges.pdf"]
    layouts = tmp_path / "layouts" / "badges"
    layouts.mkdir(parents=True)
    (layouts / "badges.css").write_text(
        (ROOT / "layouts" / "badges" / "badges.css").read_text() + "\n.given { color: #000; }\n"
    )
    assert session.rebuild()
    second = board.current().published
    assert second is not None
    assert said[-1].startswith("built 1 file (2 unchanged)")
    assert [f.name for f in second.files] == [f.name for f in first.files]
    for image in second.files[0].images:
        assert (second.images / image).is_file()
    assert any("does not fit the card" in w for w in second.warnings)


# -- the preview under the command's limits --------------------------------------------

HUGE_PAGES = (
    ROOT / "tests" / "fixtures" / "hostile" / ("hostile-22-serve-page-images-outside-limits")
)


def _peak_mib(pid: int) -> float:
    """The most resident memory process pid has used (VmHWM), in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]


@pytest.mark.slow
def test_page_images_of_huge_pages_stay_within_memory(tmp_path: Path) -> None:
    """hostile-22: a project layout making the brochure's pages 3000 mm square, served
    with --memory 1024. The pages are drawn in the limited child, each at most
    MAX_PIXELS: the preview shows them, and the serve process stays far below 1 GiB
    (it drew 2.1 GiB of bitmaps itself)."""
    from PIL import Image

    from brochure.preview.pages import MAX_PIXELS

    shutil.copytree(HUGE_PAGES / "project", tmp_path / "project")
    serving = Serving(tmp_path / "project", "--only", "brochure", "--memory", "1024")
    try:
        url = serving.expect(r"preview on (http://127\.0\.0\.1:\d+/)", seconds=400).group(1)
        peak = _peak_mib(serving.process.pid)
        with urllib.request.urlopen(url) as answer:
            page = answer.read().decode()
        images = re.findall(r'src="/pages/([^"?]+\.png)', page)
        assert len(images) >= 8
        with urllib.request.urlopen(url + "pages/" + images[0]) as answer:
            (tmp_path / "first.png").write_bytes(answer.read())
        with Image.open(tmp_path / "first.png") as first:
            assert 2000 < first.width * first.height <= MAX_PIXELS
    finally:
        assert serving.stop() == 0
    assert peak < 600, peak


def _drawing_pid(pack: Path, names: Any, images: Path, office: Path) -> Any:
    from brochure.preview import pages

    (office / "drawn-by").write_text(str(os.getpid()))
    return pages.preview(pack, names, images, office)


def test_the_preview_draws_in_the_limited_child_each_page_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another input of the kind: a PDF of a 5 m page and an A4 one. Under limits the
    images are made in another process (the child run_limited starts, stopped at
    --memory), the large page drawn within MAX_PIXELS, the A4 one at full SCALE."""
    import pikepdf
    from PIL import Image

    from brochure.commands import serve
    from brochure.config import CommandLine
    from brochure.engines.limits import Limits
    from brochure.preview.pages import MAX_PIXELS, SCALE

    pdf = pikepdf.new()
    for size in ((14173, 14173), (595, 842)):  # 5000 mm square, A4
        pdf.add_blank_page(page_size=size)
    (tmp_path / "pack").mkdir()
    pdf.save(tmp_path / "pack" / "brochure.pdf")
    monkeypatch.setattr(serve, "preview", _drawing_pid)
    cli = CommandLine(limits=Limits(seconds=60, megabytes=512))
    shown = serve._drawn(cli, tmp_path / "pack", ["brochure.pdf"], tmp_path / "pages", tmp_path)
    assert int((tmp_path / "drawn-by").read_text()) != os.getpid()
    (file,) = shown
    assert file.pages == 2
    with Image.open(tmp_path / "pages" / file.images[0]) as huge:
        assert 0.95 * MAX_PIXELS < huge.width * huge.height <= MAX_PIXELS
    with Image.open(tmp_path / "pages" / file.images[1]) as a4:
        assert a4.size == (round(595 * SCALE), round(842 * SCALE))


# -- folders made, removed and made again while serving -----------------------------------


class Watching:
    """serve's watch of a project, read in a thread as serve reads it."""

    def __init__(self, project: Path) -> None:
        from brochure.commands import serve
        from brochure.config import CommandLine

        cli = CommandLine(source=project / "source" / "event.yaml")
        self.seen: queue.Queue[object] = queue.Queue()
        changes = serve._watch(serve.watched(cli), again=lambda: serve.watched(cli))
        self.thread = threading.Thread(target=lambda: [self.seen.put(c) for c in changes])
        self.thread.daemon = True  # the watch runs until the process ends, as serve's does
        self.thread.start()
        time.sleep(1)  # the watches are in place

    def after(self, act: Any, wanted: Any, seconds: float = 10) -> list[object]:
        """What the watch yields after act(), until wanted(all yielded so far) holds."""
        while not self.seen.empty():
            self.seen.get()
        act()
        got: list[object] = []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not wanted(got):
            with contextlib.suppress(queue.Empty):
                got.append(self.seen.get(timeout=0.1))
        assert wanted(got), got
        return got


def _saved(name: str) -> Any:
    return lambda got: any(
        isinstance(c, set) and any(Path(p).name == name for _, p in c) for c in got
    )


def test_folders_made_removed_and_made_again_are_watched(tmp_path: Path) -> None:
    """A logo folder made after serve started, a project layouts/ made since, the source
    folder removed (said, not built), made again, and renamed away for a new one: every
    save in each is seen."""
    from brochure.commands.serve import Gone

    project = tmp_path / "project"
    write_event(project / "source", MINIMAL)
    watching = Watching(project)
    logos = project / "source" / "logos"
    watching.after(logos.mkdir, lambda got: bool(got))
    watching.after(lambda: (logos / "a.svg").write_text("<svg/>"), _saved("a.svg"))
    layouts = project / "layouts" / "brochure"
    watching.after(lambda: layouts.mkdir(parents=True), lambda got: bool(got))
    watching.after(lambda: (layouts / "brochure.css").write_text("p {}"), _saved("brochure.css"))
    gone = watching.after(
        lambda: shutil.rmtree(project / "source"),
        lambda got: any(isinstance(c, Gone) for c in got),
    )
    assert not any(isinstance(c, set) and c for c in gone)  # said, not built
    assert "there is no folder" in next(c.said for c in gone if isinstance(c, Gone))
    watching.after(lambda: write_event(project / "source", MINIMAL), lambda got: bool(got))
    event = project / "source" / "event.yaml"
    watching.after(lambda: event.write_text(MINIMAL + "\n"), _saved("event.yaml"))

    def renamed_away() -> None:
        (project / "source").rename(project / "old")
        write_event(project / "source", MINIMAL)

    watching.after(renamed_away, lambda got: bool(got))
    watching.after(lambda: event.write_text(MINIMAL + "\n\n"), _saved("event.yaml"))


@pytest.mark.slow
def test_the_preview_says_the_folder_went_away_and_resumes(tmp_path: Path) -> None:
    """The source folder removed while serving: the terminal and the page say so (not a
    stale page without a word); made again, the next build is shown."""
    project = tmp_path / "project"
    write_event(project / "source", MINIMAL)
    serving = Serving(project, "--only", "calendar")
    try:
        url = serving.expect(r"preview on (http://127\.0\.0\.1:\d+/)").group(1)
        shutil.rmtree(project / "source")
        serving.expect(r"a folder the build reads went away .*there is no folder")
        with urllib.request.urlopen(url) as answer:
            page = answer.read().decode()
        assert "went away" in page and "builds again when it is back" in page
        write_event(project / "source", MINIMAL.replace("A Small Meeting", "A Second Meeting"))
        serving.expect(r"built 1 file")
        with urllib.request.urlopen(url) as answer:
            page = answer.read().decode()
        assert "A Second Meeting" in page and "went away" not in page
    finally:
        assert serving.stop() == 0
