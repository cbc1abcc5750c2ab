"""Printing at the door: a PDF sent to a CUPS printer with `lp`, the printer checked
first (`lpstat`), so a printer that is not there is said before anything is made.

The job's title is `brochure badge`, never a name: CUPS keeps job titles in its logs and
its history, and the door keeps personal data out of logs. The default printer is the
one `lp` itself uses: $LPDEST, then $PRINTER, then the system's default destination.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass

from brochure.errors import BrochureError

#: The title every door job has in CUPS.
TITLE = "brochure badge"
#: How long lpstat and lp may take, in seconds (a CUPS server elsewhere may be slow).
SECONDS = 20.0


class PrintError(BrochureError):
    """The badge could not be sent to the printer: no CUPS, no such printer, a refusal."""


@dataclass(frozen=True)
class Sent:
    """A print job: the printer and what CUPS answered (`request id is ...`)."""

    printer: str
    answer: str


def printer(name: str | None) -> str:
    """The printer named (None: the default one), checked to be there and to accept jobs.

    Raises PrintError saying what is missing: CUPS's programs, a running scheduler, a
    default printer, the printer named (with the printers there are)."""
    if shutil.which("lp") is None or shutil.which("lpstat") is None:
        raise PrintError(
            "printing needs CUPS's lp and lpstat, which are not installed (Debian: "
            "apt-get install cups-client)"
        )
    chosen = name or os.environ.get("LPDEST") or os.environ.get("PRINTER") or _default()
    if not chosen:
        raise PrintError(
            "there is no default printer: name one with --printer" + _listed(" (printers here: {})")
        )
    found = _run(["lpstat", "-p", chosen])
    if found.returncode != 0 or not found.stdout.strip():
        raise PrintError(
            f"there is no printer '{chosen}'"
            + _listed(" (printers here: {})", " (CUPS knows no printer here)")
        )
    if found.stdout.startswith(f"printer {chosen} disabled"):
        raise PrintError(
            f"the printer '{chosen}' is disabled in CUPS (cupsenable {chosen} enables it)"
        )
    return chosen


def send(pdf: bytes, to: str, sides: str | None = None) -> Sent:
    """pdf sent to the printer `to` (checked by printer()), read by lp from its standard
    input; two-sided when sides says so (`two-sided-long-edge`).

    Raises PrintError with lp's own words when CUPS refuses the job."""
    command = ["lp", "-d", to, "-t", TITLE]
    if sides:
        command += ["-o", f"sides={sides}"]
    try:
        done = subprocess.run(command, input=pdf, capture_output=True, timeout=SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise PrintError(
            f"lp did not answer within {SECONDS:g} s; the badge may not have been printed"
        ) from None
    said = done.stdout.decode("utf-8", "replace").strip()
    if done.returncode != 0:
        error = done.stderr.decode("utf-8", "replace").strip() or said
        raise PrintError(f"the printer '{to}' refused the badge: {error}")
    return Sent(to, said)


def _default() -> str | None:
    """The system's default destination, as lpstat -d gives it; None without one."""
    found = _run(["lpstat", "-d"])
    text = found.stdout.strip()
    if found.returncode != 0 or ":" not in text:
        _scheduler()
        return None
    return text.split(":", 1)[1].strip() or None


def _scheduler() -> None:
    """PrintError when CUPS's scheduler is not running (nothing can be printed then)."""
    found = _run(["lpstat", "-r"])
    if "not running" in found.stdout or found.returncode != 0:
        raise PrintError(
            "CUPS's scheduler is not running here (lpstat -r), so nothing can be printed; "
            "start it (service cups start), then print again"
        )


def _listed(template: str, empty: str = "") -> str:
    """template filled with the printers CUPS knows, or empty when it knows none."""
    found = _run(["lpstat", "-e"])
    names = found.stdout.split() if found.returncode == 0 else []
    return template.format(", ".join(names[:10])) if names else empty


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise PrintError(
            f"{command[0]} did not answer within {SECONDS:g} s (is CUPS's scheduler stuck?)"
        ) from None
