"""`make bench`: time builds in fresh processes and print one table of medians: the seed
pack per output, the event-day kit's pieces on the summit fixture, badges against peers.

The machine is shared and noisy, so every figure is a median of several runs (min and
max beside it), each a fresh `brochure` process (start-up included, as an organiser
experiences it; its code compiled first, as an installed package's is), with the
processor time of its whole process tree (user and system, every worker included) beside
the wall time: processor time moves far less with the load. The badge runs are paired
run by run with the peers drawing the same badges from the same CSV (benchmarks/): Typst
typesetting them, ReportLab drawing them with segno's QR codes as paths (as brochure
draws them) and, at 1,000, with ReportLab's own QR widget (as pretix and Indico do).
Each round runs brochure, then each peer, so all see the same load: compare the ratios
(median of the rounds'), not the seconds. Peak memory is the largest sum of the
proportional set size (PSS) of the whole process tree, sampled every 50 ms in one more
run of each case, not timed: the sampling costs processor time, which a command that
keeps both cores busy pays for and a command on one core does not.

The cases: the seed pack (whole, then output by output), the print shop's brochure, the
event-day kit's pieces on the summit fixture, `check`, one badge at the door, a rebuild
with nothing changed, the bench's conference (benchmarks/conference.py: three days, 70
items, 450 people, two language packs, every output the registry holds), and 1,000 and
10,000 badges with QR codes (and one at the door among them). A line with a target ends
with it (issues 21 and 23).

    BENCH_RUNS=5 BENCH_LARGE_RUNS=1 python tools/bench.py
"""

from __future__ import annotations

import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import conference  # noqa: E402 (benchmarks/, on the path just above)

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
#: The commands run this checkout's brochure, whichever one the environment installed.
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
}


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
    cpu: float
    """User and system seconds of the whole process tree (what it waited for)."""
    peak_mib: float
    watched: bool = False
    """Run for its peak memory only: its times are not counted (the watching costs
    processor time, which a command using every core pays for)."""


def run(command: Sequence[str], cwd: Path = ROOT, watch: bool = False) -> Run:
    """Run command to its end; its wall time and processor time, and with watch, the
    peak PSS of its process tree (sampled every 50 ms)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(list(command), cwd=cwd, stdout=subprocess.DEVNULL, env=ENV)
    peak = 0
    while watch and process.poll() is None:
        peak = max(peak, _tree_pss_kib(process.pid))
        time.sleep(0.05)
    process.wait()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(seconds, cpu, peak / 1024, watch)


def series(make: Callable[..., Run], runs: int = 0) -> list[Run]:
    """runs (default RUNS) timed runs of make(watch=False), then one more watched for
    its peak memory: timed while watched, a command that keeps both cores busy was
    slowed by the watching, and its ratio to a peak run on one core was unfair to it."""
    return [make(watch=False) for _ in range(runs or RUNS)] + [make(watch=True)]


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


def build(source: Path, *args: str, watch: bool = False) -> Run:
    with tempfile.TemporaryDirectory() as out:
        return run([*BROCHURE, "build", str(source), "-o", out, *args], watch=watch)


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


def row(label: str, runs: list[Run], note: str = "") -> None:
    timed = [r for r in runs if not r.watched] or runs
    seconds = [r.seconds for r in timed]
    cpu = statistics.median(r.cpu for r in timed)
    peak = max(r.peak_mib for r in runs)
    print(
        f"| {label} | {statistics.median(seconds):.2f} | {min(seconds):.2f}–{max(seconds):.2f} "
        f"| {cpu:.2f} | {peak:.0f} | {note} |",
        flush=True,
    )


def paired(label: str, source: Path, runs: int, count: int) -> None:
    """brochure's badges and each peer's, run one after the other `runs` times."""
    peers = [peer for peer in PEERS if peer.most is None or count <= peer.most]
    ours: list[Run] = []
    theirs: dict[str, list[Run]] = {peer.name: [] for peer in peers}
    csv = str(source.parent / "attendees.csv")
    # The rounds timed, then one round watched for the peaks (not in the ratios).
    for watch in [False] * runs + [True]:
        ours.append(build(source, "--only", "badges", watch=watch))
        for peer in peers:
            with tempfile.TemporaryDirectory() as out:
                command = [*peer.command, csv, f"{out}/b.pdf", *peer.extra]
                theirs[peer.name].append(run(command, watch=watch))
    row(f"{label}: brochure", ours)
    for peer in peers:
        pairs = [(o, t) for o, t in zip(ours, theirs[peer.name], strict=True) if not o.watched]
        ratio = statistics.median(o.seconds / t.seconds for o, t in pairs)
        cpu = statistics.median(o.cpu / t.cpu for o, t in pairs if t.cpu)
        goal = f"; target at most {peer.target:g}" if peer.target else ""
        note = f"brochure / it: {ratio:.2f} (processor time {cpu:.2f}){goal}"
        row(f"{label}: {peer.name}", theirs[peer.name], note)


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from brochure.outputs import REGISTRY

    # As an installed package's: its modules compiled once, not on every start.
    compileall.compile_dir(ROOT / "src", quiet=2)
    cores = len(os.sched_getaffinity(0))
    print(
        f"brochure bench: {cores} cores, load average {os.getloadavg()[0]:.1f} at the start, "
        f"{RUNS} runs ({LARGE_RUNS} of 10,000 badges)\n"
    )
    print("| case | median s | min–max s | processor s | peak MiB | note |")
    print("|---|---|---|---|---|---|")
    row("seed: all outputs", series(partial(build, SEED)), "target under 2 s")
    for name in REGISTRY.names:
        row(f"seed: {name}", series(partial(build, SEED, "--only", name)))
    row(
        "seed: print shop brochure",
        series(partial(build, SEED, "--only", "brochure", "--print-shop")),
    )
    for name in ("tents", "run-sheets"):
        row(f"summit: {name}", series(partial(build, SUMMIT, "--only", name)))
    check = series(partial(run, [*BROCHURE, "check", str(SEED)]))
    row("seed: check", check, "target under 0.5 s")
    for name in KIT:
        row(f"summit: {name}", series(partial(build, SUMMIT, "--only", name)))
    with tempfile.TemporaryDirectory() as out:
        # One badge at the door, from the command to the PDF (`lp` adds a few ms).
        door = [*BROCHURE, "badge", str(SEED), "amalia toledo", "-o", f"{out}/door.pdf"]
        row("seed: one badge at the door", series(partial(run, door)), "target under 2 s")
    with tempfile.TemporaryDirectory() as out:
        run([*BROCHURE, "build", str(SEED), "-o", out])
        again = series(partial(run, [*BROCHURE, "build", str(SEED), "-o", out]))
        row("seed: rebuild, nothing changed", again, "target under 0.5 s")
    with tempfile.TemporaryDirectory() as folder:
        source = conference.write(Path(folder))
        row(
            "conference: 3 days, 450 people, 2 packs",
            series(partial(build, source)),
            "target under 20 s",
        )
    for count, runs in ((1_000, RUNS), (10_000, LARGE_RUNS)):
        if not runs:
            continue
        with tempfile.TemporaryDirectory() as folder:
            source = attendees(Path(folder), count)
            paired(f"{count:,} badges", source, runs, count)
            with tempfile.TemporaryDirectory() as out:
                # Not beside the event file: the door writes nothing into the source folder.
                door = [*BROCHURE, "badge", str(source), "p500", "-o", f"{out}/door.pdf"]
                row(f"{count:,} attendees: door badge", series(partial(run, door), runs))
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    if shutil.which("pdftoppm") is None:
        print("note: poppler-utils is not installed", file=sys.stderr)
    main()
