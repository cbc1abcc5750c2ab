"""Time builds of the seed event: `make bench`. Prints the median of several runs.

The machine is shared and noisy, so every figure is a median of RUNS runs, each a fresh
`brochure build` process (start-up included, as an organiser experiences it).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def time_build(*args: str) -> float:
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "brochure", "-q", "build", "source/event.yaml", "-o", out, *args],
            cwd=ROOT,
            check=True,
        )
        return time.perf_counter() - started


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from brochure.build import output_names

    cases = [("all outputs", ())] + [(name, ("--only", name)) for name in output_names()]
    print(f"seed event, median of {RUNS} runs (seconds):")
    for label, args in cases:
        times = [time_build(*args) for _ in range(RUNS)]
        print(f"  {label:<14} {statistics.median(times):6.2f}  (min {min(times):.2f}, max {max(times):.2f})")


if __name__ == "__main__":
    main()
