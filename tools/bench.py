"""Time builds of the seed event: `make bench`. Prints the median of several runs.

The machine is shared and noisy, so every figure is a median of RUNS runs, each a fresh
`brochure build` process (start-up included, as an organiser experiences it).
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def time_build(*args: str, source: Path = ROOT / "source" / "event.yaml") -> float:
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "brochure", "-q", "build", str(source), "-o", out, *args],
            cwd=ROOT,
            check=True,
        )
        return time.perf_counter() - started


def seed_with_attendees(folder: Path, count: int) -> Path:
    """The seed event plus `count` made-up attendees in a CSV, for badge runs."""
    source = folder / "event.yaml"
    text = (ROOT / "source" / "event.yaml").read_text(encoding="utf-8")
    source.write_text(text + "\nattendees: attendees.csv\n", encoding="utf-8")
    given = ["Ana", "Iván", "Zoë", "Łucja", "Ngozi", "Søren", "Mei", "Aarav", "Olumide", "Jürgen"]
    family = ["García", "Nakamura", "Ólafsdóttir", "Kowalski", "Mensah", "Dubois", "Silva"]
    rows = ["name,given,family,organisation,country"]
    for i in range(count):
        g, f = given[i % len(given)], family[(i // len(given)) % len(family)]
        rows.append(f"{g} {f} {i},{g},{f} {i},Organisation {i % 37},MX")
    (folder / "attendees.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return source


def serve_rebuilds(folder: Path, runs: int) -> list[float]:
    """Seconds `brochure serve` reports per rebuild of the seed after a save (build and
    page images, the concept note through LibreOffice when it is installed)."""
    shutil.copytree(ROOT / "source", folder / "source")
    source = folder / "source" / "event.yaml"
    serving = subprocess.Popen(
        [sys.executable, "-m", "brochure", "serve", "--port", "0"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert serving.stdout is not None

    def save() -> None:
        time.sleep(1)  # the watcher starts just after the preview does
        source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    times: list[float] = []
    try:
        for line in serving.stdout:
            if line.startswith("preview on"):
                save()
            elif line.startswith("built "):
                times.append(float(line.split(" in ")[1].split()[0]))
                if len(times) > runs:
                    break
                if len(times) > 1:
                    save()
    finally:
        serving.send_signal(signal.SIGINT)
        serving.wait(timeout=60)
    return times[1:]  # the first is the start, not a save


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from brochure.outputs import REGISTRY

    cases = [("all outputs", ())] + [(name, ("--only", name)) for name in REGISTRY.names]
    cases.append(("print shop", ("--only", "brochure", "--print-shop")))
    print(f"seed event, median of {RUNS} runs (seconds):")
    for label, args in cases:
        report(label, [time_build(*args) for _ in range(RUNS)])
    with tempfile.TemporaryDirectory() as folder:
        source = seed_with_attendees(Path(folder), 1000)
        times = [time_build("--only", "badges", source=source) for _ in range(RUNS)]
        report("1,008 badges", times)
    with tempfile.TemporaryDirectory() as folder:
        report("serve rebuild", serve_rebuilds(Path(folder), RUNS))


def report(label: str, times: list[float]) -> None:
    median = statistics.median(times)
    print(f"  {label:<16} {median:6.2f}  (min {min(times):.2f}, max {max(times):.2f})")


if __name__ == "__main__":
    main()
