"""Shared fixtures: the seed event copied to a temp folder, and a built pack."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from filelock import FileLock

if TYPE_CHECKING:
    from brochure.commands.prepare import Prepared

ROOT = Path(__file__).resolve().parent.parent
SEED_SOURCE = ROOT / "source"
FIXTURES = Path(__file__).parent / "fixtures"


def pdftotext(pdf: Path, *args: str) -> str:
    """Text of a PDF as poppler extracts it (what a reader's copy-paste gets)."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def word_boxes(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """Every word's box as poppler reads it (pdftotext -bbox): page (from 1), x0, y0, x1,
    y1 (pt, from the top left), text."""
    words, page = [], 0
    for line in pdftotext(pdf, "-bbox").splitlines():
        if "<page " in line:
            page += 1
        found = re.search(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line
        )
        if found:
            x0, y0, x1, y1 = (float(found.group(i)) for i in range(1, 5))
            words.append((page, x0, y0, x1, y1, found.group(5)))
    return words


def pdffonts(pdf: Path) -> list[dict[str, str]]:
    """One row per font in the PDF, from poppler's pdffonts."""
    lines = subprocess.run(
        ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    rows = []
    for line in lines:
        fields = line.split()
        # name type... encoding emb sub uni object ID: read from the right
        rows.append({"name": fields[0], "emb": fields[-5], "uni": fields[-3]})
    return rows


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the seed project (source/ only; layouts come from the defaults)."""
    shutil.copytree(SEED_SOURCE, tmp_path / "source")
    return tmp_path


def build(source: Path, output: Path, **options: Any) -> list[Path]:
    """Build as the Python API does (in this process, no limits); options as CommandLine's."""
    from brochure.commands.build import build as run
    from brochure.config import CommandLine

    return list(run(CommandLine.of(source=source, output=output, **options)).paths)


def prepared(source: Path, **options: Any) -> Prepared:
    """The event and the resolved config a build of source would use."""
    from brochure.commands.prepare import prepare
    from brochure.config import CommandLine

    return prepare(CommandLine.of(source=source, **options))


def shared(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder made once for the whole run, by whichever test process asks first: the
    others (pytest-xdist's workers) wait for it and share it. make(folder) fills it.

    Kept in the run's own temporary folder (pytest's basetemp, or the one all of this
    run's workers share), so a later run never sees it."""
    base = factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = root / f"shared-{name}"
    with FileLock(str(root / f"shared-{name}.lock")):
        if not (folder / ".made").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            (folder / ".made").touch()
    return folder


def _seed_pack(folder: Path) -> None:
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1481155200")  # 2016-12-08 00:00 UTC
    try:
        build(SEED_SOURCE / "event.yaml", folder / "output", strict=True)
    finally:
        monkeypatch.undo()


@pytest.fixture(scope="session")
def built_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed event built once for the whole run (shared by the test processes),
    strictly, with a fixed build time."""
    return shared(tmp_path_factory, "seed-pack", _seed_pack) / "output"


#: The files that take longest (`pytest --durations`, slowest first): run first, so that
#: with `-n 2 --dist loadfile` (each file on one worker, handed out in collection order)
#: no long file starts last while the other worker has nothing left to do.
LONGEST_FIRST = (
    "test_typesetting.py",
    "test_editions.py",
    "test_promises.py",
    "test_freshness.py",
    "test_door.py",
    "test_berlin.py",
    "test_bilingual.py",
    "test_docs.py",
    "test_badges.py",
    "test_languages.py",
    "test_concept_note.py",
    "test_conference.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest files first (LONGEST_FIRST), the others after them in their order."""
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def write_event(folder: Path, text: str, name: str = "event.yaml") -> Path:
    """Write an event file (dedented YAML) into folder and return its path."""
    import textwrap

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


MINIMAL = """
event:
  title: A Small Meeting
  date: 2025-03-04
  city: Oslo
  country: NO
about: We meet.
organisers:
  - name: Someone
"""


CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    """Headless Chromium, driven through selenium (the preview and the door page)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = shutil.which("chromium")
    driver_path = shutil.which("chromedriver")
    if not (chromium and driver_path):
        pytest.skip("needs Debian's chromium and chromium-driver (make test-packages)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.set_window_size(1280, 900)
    try:
        yield driver
    finally:
        driver.quit()


def libreoffice_pdf(document: Path, folder: Path) -> Path:
    """Convert a document to PDF with LibreOffice, in a user profile of its own."""
    profile = folder / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    converted = folder / (document.stem + ".pdf")
    assert converted.is_file(), f"LibreOffice did not convert {document}"
    return converted
