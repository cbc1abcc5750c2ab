"""Pictures of real packs for the documentation, made by brochure from real builds.

The seed event (source/) is built whole; what it lacks (rooms in parallel, a badge's back,
door signs, run sheets, certificates) comes from the summit fixture (tests/fixtures/summit,
with a `certificates:` section added, as tests/test_certificates.py adds one). Pages are
drawn with PDFium (pypdfium2, as `brochure serve` draws them), the concept note through
LibreOffice (as partners' Word lays it out, near enough), the web programme in headless
Chromium; each is saved as a small WebP. Some pages show words too (the table a build
ends with, preflight's table, the head of an imported event file): they are saved as
text, from the same runs.

Nothing here is hand-made: the pictures change when the layouts or the code do. The
folder a run makes is kept, named by a hash of everything it is made from (the code, the
layouts, the events, this file), so a second `make docs` with nothing changed draws none.

    .venv/bin/python docs/docsgen/pictures.py OUT        # every picture and text into OUT
    .venv/bin/python docs/docsgen/pictures.py --readme   # the README's strip, into docs/images/
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
FIXTURES = ROOT / "tests" / "fixtures"
#: The README's strip, committed (a fresh clone shows it); tests/test_docs.py checks that
#: it is what this script draws from the current layouts.
README_IMAGES = DOCS / "images"
#: Every build's clock: 8 December 2016, the seed workshop's day.
EPOCH = "1481155200"
#: WebP quality: text stays legible at these sizes, a page weighs 10 to 40 kB.
QUALITY = 80
#: Runs at once: this project's machines have two cores.
WORKERS = 2

#: The summit fixture asks for certificates: who came (its check-in export), one signer
#: who signs by hand.
CERTIFICATES = """
certificates:
  attended: checkins.csv
  signers:
    - name: Marek Zieliński
      position: Director
      organisation: Fundacja Otwarte Miasto
"""

#: A project's own brochure.css for "Layouts of your own": the shipped one, copied, its
#: blue (the cover, headings, rules) changed to a green. The guide shows these lines.
RESTYLE = {"#123b5a": "#1f5132"}
#: A badge layout of one's own, written from the layout reference (docs/examples/).
OWN_BADGE_LAYOUT = DOCS / "examples" / "layouts" / "badges" / "a4-10.yaml"


@dataclass(frozen=True)
class Run:
    """A command whose files the pictures show (a build, an import, a conversion)."""

    name: str
    argv: tuple[str, ...]
    after: tuple[str, ...] = ()
    """Runs that must have finished first."""
    cwd: Path = ROOT
    text: str = ""
    """Keep its standard output as this text's name (`seed-build`)."""


@dataclass(frozen=True)
class Picture:
    """One page of a file of a run, drawn as a WebP."""

    name: str
    """The image's name without `.webp`: `seed-cover`."""
    path: str
    """The file, under the work folder: `seed/brochure.pdf`."""
    page: int | str = 1
    """Its page number (from 1), or a text the page holds (the first such page)."""
    width: int | None = 480
    """Its width in pixels (or, when None, its height is `height`)."""
    height: int | None = None


def brochure(*args: str) -> tuple[str, ...]:
    return (sys.executable, "-m", "brochure", *args)


def runs(work: Path) -> list[Run]:
    """Every command, in the order they may start."""
    seed = str(work / "seed" / "source" / "event.yaml")
    summit = str(work / "summit-source" / "event.yaml")
    own = str(work / "own" / "source" / "event.yaml")
    return [
        # As an organiser runs it, in the project's folder: its table names output/.
        Run("seed", brochure("build"), cwd=work / "seed", text="seed-build"),
        Run("summit", brochure("-q", "build", summit, "-o", str(work / "summit"))),
        Run(
            "print-shop",
            brochure(
                "-q", "build", seed, "-o", str(work / "print-shop"), "--only", "brochure",
                "--print-shop",
            ),
        ),
        Run(
            "montreal",
            brochure(
                "-q", "build", str(FIXTURES / "montreal" / "source" / "event.yaml"),
                "-o", str(work / "montreal"), "--only", "brochure",
            ),
        ),
        Run(
            "own",
            brochure(
                "-q", "build", own, "-o", str(work / "own" / "output"),
                "--only", "brochure,badges", "--badge-layout", OWN_BADGE_LAYOUT.stem,
            ),
        ),
        Run(
            "import",
            brochure(
                "-q", "import", "pretalx", str(FIXTURES / "pretalx" / "schedule.json"),
                "-o", str(work / "import" / "event.yaml"),
            ),
        ),
        Run(
            "preflight",
            brochure("preflight", str(work / "print-shop" / "brochure.pdf"), "--print-shop"),
            after=("print-shop",),
            text="print-shop-preflight",
        ),
        Run(
            "door",
            brochure("-q", "badge", summit, "grace-mwangi", "-o", str(work / "door.pdf")),
            after=("summit",),
        ),
        Run(
            "concept-note",
            (
                "soffice",
                f"-env:UserInstallation={(work / 'office').as_uri()}",
                "--headless", "--convert-to", "pdf", "--outdir", str(work / "office"),
                str(work / "seed" / "output" / "concept-note.docx"),
            ),
            after=("seed",),
        ),
        Run(
            "web",
            (
                _chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--no-first-run", "--hide-scrollbars",
                f"--user-data-dir={work / 'chromium'}", "--window-size=1000,1250",
                f"--screenshot={work / 'web.png'}",
                (work / "summit" / "programme" / "index.html").as_uri(),
            ),
            after=("summit",),
        ),
    ]  # fmt: skip


PICTURES = (
    # The seed workshop (source/).
    Picture("seed-cover", "seed/output/brochure.pdf", 1, 360),
    Picture("seed-contents", "seed/output/brochure.pdf", 2, 360),
    Picture("seed-about", "seed/output/brochure.pdf", "Smart cities are the idea", 360),
    Picture("seed-booklet", "seed/output/brochure-booklet.pdf", 1, 640),
    Picture("seed-badges", "seed/output/badges.pdf", 1, 480),
    Picture("seed-concept-note", "office/concept-note.pdf", 1, 480),
    Picture("seed-tent", "seed/output/tents.pdf", 1, 560),
    Picture("seed-time-card", "seed/output/time-cards.pdf", 1, 480),
    Picture("seed-large-print", "seed/output/brochure-large-print.pdf", 1, 420),
    # The summit: two days, three rooms, a registration export, certificates.
    Picture("summit-programme", "summit/brochure.pdf", "Open budgets in practice", 360),
    Picture("summit-badges", "summit/badges.pdf", 1, 480),
    Picture("summit-badge-back", "summit/badges.pdf", 2, 480),
    Picture("summit-sign", "summit/signs.pdf", 1, 420),
    Picture("summit-timetable", "summit/timetable.pdf", 1, 560),
    Picture("summit-run-sheet", "summit/run-sheets.pdf", 1, 420),
    Picture("summit-certificate", "summit/certificates.pdf", 1, 640),
    Picture(
        "summit-large-print", "summit/brochure-large-print.pdf", "Sensors in public space", 420
    ),
    Picture("summit-web", "web.png", 1, 640),
    Picture("door-badge", "door.pdf", 1, 420),
    # The same seed for a print shop, a bilingual fixture, a project's own layouts.
    Picture("print-shop-cover", "print-shop/brochure.pdf", 1, 420),
    Picture("montreal-fr-cover", "montreal/fr-CA/brochure.pdf", 1, 300),
    Picture("montreal-en-cover", "montreal/en-CA/brochure.pdf", 1, 300),
    Picture("own-cover", "own/output/brochure.pdf", 1, 360),
    Picture("own-badges", "own/output/badges.pdf", 1, 480),
    # The README's strip: the seed pack, one height.
    Picture("strip-cover", "seed/output/brochure.pdf", 1, None, 200),
    Picture("strip-about", "seed/output/brochure.pdf", "Smart cities are the idea", None, 200),
    Picture("strip-badges", "seed/output/badges.pdf", 1, None, 200),
    Picture("strip-concept-note", "office/concept-note.pdf", 1, None, 200),
    Picture("strip-large-print", "seed/output/brochure-large-print.pdf", 1, None, 200),
    Picture("strip-tent", "seed/output/tents.pdf", 1, None, 200),
)
#: The README's pictures: those of the strip.
STRIP = tuple(picture.name for picture in PICTURES if picture.name.startswith("strip-"))


def make(out: Path, work: Path | None = None) -> Path:
    """Build the packs, draw every picture and keep every text into out (made if
    missing); returns out."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="brochure-docs-") as scratch:
        folder = work or Path(scratch)
        _prepare(folder)
        texts = _run_all(runs(folder), folder)
        for name, text in texts.items():
            (out / f"{name}.txt").write_text(text, encoding="utf-8")
        for name, text in _file_texts(folder).items():
            (out / f"{name}.txt").write_text(text, encoding="utf-8")
        with ThreadPoolExecutor(WORKERS) as pool:
            list(pool.map(lambda picture: draw(picture, folder, out), PICTURES))
    return out


def cached(cache: Path) -> Path:
    """The pictures of the current code, layouts and events: made once into
    cache/KEY (KEY a hash of all of them), then reused."""
    key = inputs_key()
    folder = cache / key
    if (folder / ".made").is_file():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    making = Path(tempfile.mkdtemp(prefix=f"{key}-", dir=cache))
    make(making)
    (making / ".made").touch()
    shutil.rmtree(folder, ignore_errors=True)
    making.rename(folder)
    for old in cache.iterdir():  # earlier keys' pictures: no longer current
        if old != folder and old.is_dir() and not old.name.startswith(f"{key}-"):
            shutil.rmtree(old, ignore_errors=True)
    return folder


def inputs_key() -> str:
    """A hash of everything the pictures are made from."""
    digest = hashlib.sha256()
    roots = (
        ROOT / "src" / "brochure",
        ROOT / "layouts",
        ROOT / "source",
        FIXTURES / "summit",
        FIXTURES / "montreal",
        FIXTURES / "pretalx",
        DOCS / "examples",
        Path(__file__),
    )
    for root in roots:
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in paths:
            if "__pycache__" in path.parts:
                continue
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def _prepare(work: Path) -> None:
    """The sources the runs read that are not in the repository as they are."""
    shutil.copytree(ROOT / "source", work / "seed" / "source")
    summit = work / "summit-source"
    shutil.copytree(FIXTURES / "summit", summit)
    event = summit / "event.yaml"
    event.write_text(event.read_text(encoding="utf-8") + CERTIFICATES, encoding="utf-8")
    own = work / "own"
    shutil.copytree(ROOT / "source", own / "source")
    css = (ROOT / "layouts" / "brochure" / "brochure.css").read_text(encoding="utf-8")
    for old, new in RESTYLE.items():
        css = css.replace(old, new)
    (own / "layouts" / "brochure").mkdir(parents=True)
    (own / "layouts" / "brochure" / "brochure.css").write_text(css, encoding="utf-8")
    (own / "layouts" / "badges").mkdir(parents=True)
    shutil.copy(OWN_BADGE_LAYOUT, own / "layouts" / "badges" / OWN_BADGE_LAYOUT.name)


def _run_all(commands: list[Run], work: Path) -> dict[str, str]:
    """Every run, two at a time, each once those it comes after are done; their kept
    standard outputs, by text name. A run that fails stops everything, with its words."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        "SOURCE_DATE_EPOCH": EPOCH,
        "CI": "true",  # the build's table as plain text, as in a pipe
        "COLUMNS": "100",
    }
    texts: dict[str, str] = {}
    # A run waits for those it comes after in its own thread: they were handed out
    # before it (the list's order), so they are running or done, never waiting for it.
    with ThreadPoolExecutor(WORKERS) as pool:
        futures: dict[str, Future[str]] = {}
        for run in commands:
            futures[run.name] = pool.submit(_run, run, env, [futures[n] for n in run.after])
        for run in commands:
            output = futures[run.name].result()
            if run.text:
                texts[run.text] = output
    return texts


def _run(run: Run, env: dict[str, str], before: Iterable[Future[str]]) -> str:
    for future in before:
        future.result()
    finished = subprocess.run(
        run.argv, capture_output=True, text=True, env=env, cwd=run.cwd, timeout=600, check=False
    )
    if finished.returncode != 0:
        raise RuntimeError(
            f"docs pictures: {run.name} failed ({' '.join(run.argv)}):\n"
            f"{finished.stdout}{finished.stderr}"
        )
    return finished.stdout


def _file_texts(work: Path) -> dict[str, str]:
    """Words from the files the runs wrote, as the guides quote them."""
    imported = (work / "import" / "event.yaml").read_text(encoding="utf-8").splitlines()
    checkin = (work / "summit" / "checkin.csv").read_text(encoding="utf-8-sig").splitlines()
    listed = (work / "summit" / "certificates.csv").read_text(encoding="utf-8-sig").splitlines()
    calendar = (work / "summit" / "programme.ics").read_text(encoding="utf-8").splitlines()
    first_event = calendar.index("BEGIN:VEVENT")
    shipped = (ROOT / "layouts" / "brochure" / "brochure.css").read_text(encoding="utf-8")
    own = (work / "own" / "layouts" / "brochure" / "brochure.css").read_text(encoding="utf-8")
    changed = [
        f"{number:>3}  {line.strip()}"
        for number, (line, before) in enumerate(
            zip(own.splitlines(), shipped.splitlines(), strict=True), 1
        )
        if line != before
    ]
    return {
        "import-pretalx": "\n".join(imported[:48]) + "\n",
        "summit-checkin": "\n".join(checkin[:6]) + "\n",
        "summit-certificates": "\n".join(listed[:4]) + "\n",
        "summit-calendar": "\n".join(calendar[first_event : calendar.index("END:VEVENT") + 1])
        + "\n",
        "own-css": "\n".join(changed) + "\n",
    }


def draw(picture: Picture, work: Path, out: Path) -> Path:
    """One page of a PDF (or a screenshot) as a WebP in out."""
    from PIL import Image

    source = work / picture.path
    if source.suffix == ".png":
        image = Image.open(source).convert("RGB")
    else:
        image = _page(source, picture.page, picture.width, picture.height)
    if picture.width and image.width != picture.width:
        ratio = picture.width / image.width
        image = image.resize((picture.width, round(image.height * ratio)), Image.LANCZOS)
    target = out / f"{picture.name}.webp"
    image.save(target, "WEBP", quality=QUALITY, method=6)
    return target


def _page(pdf: Path, page: int | str, width: int | None, height: int | None) -> object:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        index = _find(document, page, pdf)
        sheet = document[index]
        scale = width / sheet.get_width() if width else (height or 200) / sheet.get_height()
        # Drawn at twice the size and shrunk: hairlines and small type stay smooth.
        image = sheet.render(scale=scale * 2).to_pil().convert("RGB")
        from PIL import Image

        return image.resize((image.width // 2, image.height // 2), Image.LANCZOS)
    finally:
        document.close()


def _find(document: object, page: int | str, pdf: Path) -> int:
    if isinstance(page, int):
        return page - 1
    for index in range(len(document)):  # type: ignore[arg-type]
        text = document[index].get_textpage().get_text_range()  # type: ignore[index]
        if page in text:
            return index
    raise RuntimeError(f"docs pictures: no page of {pdf} says {page!r}")


def _chromium() -> str:
    return shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"


def readme(target: Path = README_IMAGES, source: Callable[[], Path] | None = None) -> None:
    """The README's strip, drawn now, into target (docs/images/)."""
    folder = source() if source else cached(ROOT / "build" / "docs-pictures")
    target.mkdir(parents=True, exist_ok=True)
    for name in STRIP:
        shutil.copy(folder / f"{name}.webp", target / f"{name}.webp")


if __name__ == "__main__":
    if sys.argv[1:] == ["--readme"]:
        readme()
    elif len(sys.argv) == 2:
        make(Path(sys.argv[1]))
    else:
        sys.exit(__doc__)
