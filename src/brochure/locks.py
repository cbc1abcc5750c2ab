"""A folder's lock (flock on the folder itself), waited for at most a given time, and who
holds it, as far as Linux tells (/proc/locks, then the owners of staging folders)."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import pwd
import time
from pathlib import Path

from brochure.bound import Folder
from brochure.errors import BuildError

log = logging.getLogger(__name__)

#: How often a waiting build tries the lock again, at most, in seconds.
POLL_SECONDS = 0.2


def take(folder: Folder, wait: float | None, staging_prefix: str) -> None:
    """Take the exclusive lock on folder; wait at most wait seconds for another process
    that holds it (None: as long as it takes), saying whose it is once.

    Raises BuildError, naming the holder, when the wait runs out; KeyboardInterrupt
    stops the wait as any other.
    """
    try:
        fcntl.flock(folder.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    holder = holder_of(folder, staging_prefix)
    log.warning(
        "waiting for %s to finish writing into %s (it holds the folder's lock)",
        holder.said,
        folder.path,
    )
    deadline = None if wait is None else time.monotonic() + max(wait, 0.0)
    while True:
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            raise BuildError(
                f"gave up waiting for {holder.said}, which holds the lock on {folder.path}, "
                f"after {wait:g} seconds (the time --timeout left); nothing was written: "
                f"wait for it to finish, or ask {holder.who} to stop it, then build again "
                "(or build into another folder with -o)"
            )
        time.sleep(POLL_SECONDS if left is None else min(POLL_SECONDS, left))
        try:
            fcntl.flock(folder.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            continue


class Holder:
    """Who holds a lock: said (a process, its program and user) and who (to ask)."""

    def __init__(self, said: str, who: str) -> None:
        self.said = said
        self.who = who


def holder_of(folder: Folder, staging_prefix: str) -> Holder:
    """The process holding an flock on folder, from /proc/locks (Linux; a process in
    another PID namespace shows as none there), else the user whose staging folder is
    in it; 'another process' when nothing tells."""
    found = os.fstat(folder.fd)
    key = f"{os.major(found.st_dev):02x}:{os.minor(found.st_dev):02x}:{found.st_ino}"
    pids = []
    with contextlib.suppress(OSError):
        for line in Path("/proc/locks").read_text().splitlines():
            fields = line.split()
            # "1: FLOCK  ADVISORY  WRITE 4242 fd:01:1234 0 EOF"; waiters are "1: -> FLOCK"
            if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == key:
                with contextlib.suppress(ValueError):
                    pids.append(int(fields[4]))
    for pid in pids:
        if pid == os.getpid():
            return Holder("another build in this process", "it")
        uid = _uid_of(pid)
        if uid is not None:
            user = _user(uid)
            program = _program(pid)
            return Holder(f"process {pid} ({program}) of user {user}", f"user {user}")
    owners = set()
    with contextlib.suppress(OSError):
        for name in folder.names():
            if name.startswith(staging_prefix):
                entry = folder.entry(name)
                if entry is not None:
                    owners.add(entry.st_uid)
    if owners:
        users = ", ".join(sorted(_user(uid) for uid in owners))
        return Holder(f"a build of user {users}", f"user {users}")
    return Holder("another process", "whoever runs it")


def _uid_of(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("Uid:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _program(pid: int) -> str:
    """The command line of a process, shortened: `brochure build` or `python3 ...`."""
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    text = " ".join(os.path.basename(w.decode(errors="replace")) for w in words[:3] if w)
    # another user's command line: nothing in it may drive the terminal
    return "".join(c if c.isprintable() else "?" for c in text[:60]) or "?"


def _user(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"
