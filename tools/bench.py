"""`make bench`: time builds in fresh processes and print one table of medians: the seed
pack per output, the event-day kit's pieces on the summit fixture, badges against peers.

The machine is shared and noisy, so every figure is a median of several runs (min and
max beside it), each a fresh `brochure` process (start-up included, as an organiser
experiences it), and the badge runs are paired run by run with the peers drawing the
same badges from the same CSV (benchmarks/): Typst typesetting them, ReportLab drawing
them with segno's QR codes as paths (as brochure draws them) and, at 1,000, with
ReportLab's own QR widget (as pretix and Indico do). Each round runs brochure, then
each peer, so all see the same load: compare the ratios (median of the rounds'), not
the seconds. Peak memory is the largest sum of the proportional set size (PSS) of the
whole process tree, sampled every 50 ms.

    BENCH_RUNS=5 BENCH_LARGE_RUNS=1 python tools/bench.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
#: The 10,000-badge runs take minutes each: fewer of them by default.
LARGE_RUNS = int(os.environ.get("BENCH_LARGE_RUNS", "1"))
SEED = ROOT / "source" / "event.yaml"
#: Two days in three rooms: the event-day kit's pieces have something to draw.
SUMMIT = ROOT / "tests" / "fixtures" / "summit" / "event.yaml"
#: The event-day kit (issue 22), timed on the summit.
KIT = ("signs", "timetable", "time-cards")
BROCHURE = [sys.executable, "-m", "brochure", "-q"]
REPORTLAB = [sys.executable, str(ROOT / "benchmarks" / "reportlab_badges.py")]
TYPST = [sys.executable, str(ROOT / "benchmarks" / "typst_badges.py")]


@dataclass(frozen=True)
class Peer:
    """A peer's way of drawing the same badges: its command (CSV and PDF appended, then
    extra), and the most brochure may take of its time (the issue's targets)."""

    name: str
    command: list[str]
    extra: tuple[str, ...] = ()
    target: float | None = None
    most: int | None = None
    """Skipped past this many badges (too slow to wait for)."""


PEERS = (
    Peer("Typst", TYPST, target=2.0),
    Peer("ReportLab, QR as paths", REPORTLAB, ("--qr-paths",), target=1.0),
    Peer("ReportLab, QR widget", REPORTLAB, most=1_000),
)


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float


def run(command: Sequence[str], cwd: Path = ROOT) -> Run:
    """Run command to its end; its wall time and the peak PSS of its process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(list(command), cwd=cwd, stdout=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_pss_kib(process.pid))
        time.sleep(0.05)
    if process.returncode:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return Run(time.perf_counter() - started, peak / 1024)


def _tree_pss_kib(root: int) -> int:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    total = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def build(source: Path, *args: str) -> Run:
    with tempfile.TemporaryDirectory() as out:
        return run([*BROCHURE, "build", str(source), "-o", out, *args])


def attendees(folder: Path, count: int) -> Path:
    """The seed event with `count` made-up attendees in a CSV and `qr: id`, and the same
    people as the CSV the ReportLab baseline reads."""
    source = folder / "event.yaml"
    text = SEED.read_text(encoding="utf-8").replace("badges:\n", "badges:\n  qr: id\n", 1)
    source.write_text(text + "\nattendees: attendees.csv\n", encoding="utf-8")
    given = ["Ana", "Iván", "Zoë", "Łucja", "Ngozi", "Søren", "Mei", "Aarav", "Olumide", "Jürgen"]
    family = ["García", "Nakamura", "Ólafsdóttir", "Kowalski", "Mensah", "Dubois", "Silva"]
    rows = ["id,name,given,family,organisation,country"]
    for i in range(count):
        g, f = given[i % len(given)], family[(i // len(given)) % len(family)]
        rows.append(f"p{i},{g} {f} {i},{g},{f} {i},Organisation {i % 37},MX")
    (folder / "attendees.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return source


def conference(folder: Path) -> Path:
    """A two-day event in three rooms with 70 speakers, five to a session."""
    people = [
        f"  - {{name: Speaker {i} Example, given: Speaker {i}, family: Example, "
        f"id: s{i}, role: speaker, organisation: Institute {i % 11}, country: DE}}"
        for i in range(70)
    ]
    items = []
    for n in range(42):
        day = "2026-03-10" if n < 21 else "2026-03-11"
        hour = 9 + (n % 21) // 3
        room = f"Room {n % 3 + 1}"
        speakers = ", ".join(f"s{(n * 5 + k) % 70}" for k in range(5))
        items.append(
            f"  - {{title: Session {n + 1} on cities and data, date: {day}, "
            f"start: '{hour}:00', end: '{hour}:50', room: {room}, people: [{speakers}], "
            "description: What this session asks and who answers.}"
        )
    text = (
        "event:\n  title: Cities, Data and People\n  date: 2026-03-10\n  end_date: 2026-03-11\n"
        "  start: '9:00'\n  end: '17:00'\n  city: Berlin\n  country: DE\n  language: en-GB\n"
        "about: Two days on cities and data.\norganisers:\n  - name: An Organiser\n"
        "people:\n" + "\n".join(people) + "\nprogramme:\n" + "\n".join(items) + "\n"
    )
    (folder / "event.yaml").write_text(text, encoding="utf-8")
    return folder / "event.yaml"


def row(label: str, runs: list[Run], note: str = "") -> None:
    seconds = [r.seconds for r in runs]
    peak = max(r.peak_mib for r in runs)
    print(
        f"{label:<34} {statistics.median(seconds):7.2f} {min(seconds):7.2f} "
        f"{max(seconds):7.2f} {peak:8.0f}  {note}"
    )


def paired(label: str, source: Path, runs: int, count: int) -> None:
    """brochure's badges and each peer's, run one after the other `runs` times."""
    peers = [peer for peer in PEERS if peer.most is None or count <= peer.most]
    ours: list[Run] = []
    theirs: dict[str, list[Run]] = {peer.name: [] for peer in peers}
    csv = str(source.parent / "attendees.csv")
    for _ in range(runs):
        ours.append(build(source, "--only", "badges"))
        for peer in peers:
            with tempfile.TemporaryDirectory() as out:
                theirs[peer.name].append(run([*peer.command, csv, f"{out}/b.pdf", *peer.extra]))
    row(f"{label}: brochure", ours)
    for peer in peers:
        pairs = zip(ours, theirs[peer.name], strict=True)
        ratio = statistics.median(o.seconds / t.seconds for o, t in pairs)
        goal = f" (target at most {peer.target:g})" if peer.target else ""
        row(f"{label}: {peer.name}", theirs[peer.name], f"brochure / it: {ratio:.2f}{goal}")


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from brochure.outputs import REGISTRY

    cores = len(os.sched_getaffinity(0))
    load = os.getloadavg()[0]
    print(f"brochure bench: {cores} cores, load average {load:.1f} at the start")
    print(f"{'case':<34} {'median':>7} {'min':>7} {'max':>7} {'peak MiB':>8}  (seconds)")
    row("seed: all outputs", [build(SEED) for _ in range(RUNS)])
    for name in REGISTRY.names:
        row(f"seed: {name}", [build(SEED, "--only", name) for _ in range(RUNS)])
    row(
        "seed: print shop brochure",
        [build(SEED, "--only", "brochure", "--print-shop") for _ in range(RUNS)],
    )
    row("seed: check", [run([*BROCHURE, "check", str(SEED)]) for _ in range(RUNS)])
    for name in KIT:
        row(f"summit: {name}", [build(SUMMIT, "--only", name) for _ in range(RUNS)])
    with tempfile.TemporaryDirectory() as out:
        # One badge at the door, from the command to the PDF (`lp` adds a few ms).
        door = [*BROCHURE, "badge", str(SEED), "amalia toledo", "-o", f"{out}/door.pdf"]
        row("seed: one badge at the door", [run(door) for _ in range(RUNS)], "target under 2 s")
    with tempfile.TemporaryDirectory() as out:
        run([*BROCHURE, "build", str(SEED), "-o", out])
        row(
            "seed: rebuild, nothing changed",
            [run([*BROCHURE, "build", str(SEED), "-o", out]) for _ in range(RUNS)],
        )
    with tempfile.TemporaryDirectory() as folder:
        row(
            "70 speakers, two days, 3 rooms", [build(conference(Path(folder))) for _ in range(RUNS)]
        )
    for count, runs in ((1_000, RUNS), (10_000, LARGE_RUNS)):
        if not runs:
            continue
        with tempfile.TemporaryDirectory() as folder:
            source = attendees(Path(folder), count)
            paired(f"{count:,} badges", source, runs, count)
            door = [*BROCHURE, "badge", str(source), "p500", "-o", f"{folder}/door.pdf"]
            row(f"{count:,} attendees: door badge", [run(door) for _ in range(runs)])
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    if shutil.which("pdftoppm") is None:
        print("note: poppler-utils is not installed", file=sys.stderr)
    main()
