"""The pack rendered in parallel: every output of every language pack a job of its own, in
worker processes forked from the build (engines/pool.run_jobs), with every guarantee of
a build made one job after the other: the same bytes, in the same order; what a job
warns about said once, and counted by --strict; a failing job failing the build before
anything is written; a worker's pieces sharing the cores with the other jobs."""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import MINIMAL, build, write_event

from brochure.cli import main
from brochure.commands import build as building
from brochure.engines import pool, progress
from brochure.engines.limits import Limits
from brochure.errors import BuildError

#: Two language packs, some people with badges: every output of the registry applies.
TWO_PACKS = (
    MINIMAL.replace("  country: NO\n", "  country: NO\n  languages: [en, es]\n")
    + """
people:
  - {name: Ana García, given: Ana, family: García, role: speaker, id: ana}
  - {name: Kofi Mensah, given: Kofi, family: Mensah, role: moderator, id: kofi}
programme:
  - {title: Opening, date: 2025-03-04, start: "09:00", end: "10:00", people: [ana]}
  - {title: {en: Coffee, es: Café}, date: 2025-03-04, start: "10:00", end: "10:30",
     kind: break}
badges:
  qr: id
"""
)


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two cores, whatever the machine has: the jobs are run by forked workers even on one
    core (and badges are divided into the same shares in both builds compared)."""
    monkeypatch.setattr(pool, "cores", lambda: 2)


def _one_after_another(
    function: Callable[[Any, Any], Any],
    shared: Any,
    jobs: Sequence[pool.Job[Any]],
    limits: Limits | None,
    prepare: Callable[[], None] | None = None,
) -> list[Any]:
    return [function(shared, job.argument) for job in jobs]


def _digests(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_a_parallel_build_makes_the_bytes_of_one_job_after_another(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    two_cores: None,
) -> None:
    """Every output of both packs, rendered in forked workers, is byte for byte what the
    same build makes rendering one job after the other, and is listed in the same order;
    the jobs ran in other processes (each says its process id, a message that reaches
    the build's log from the worker)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1741046400")
    source = write_event(tmp_path / "source", TWO_PACKS)
    real = building._render_job

    def telling(work: Any, job: tuple[int, str]) -> Any:
        logging.getLogger("brochure.test").warning("job %s in %d", job, os.getpid())
        return real(work, job)

    monkeypatch.setattr(building, "_render_job", telling)
    with caplog.at_level(logging.WARNING):
        parallel = build(source, tmp_path / "parallel")
    said = [r.getMessage() for r in caplog.records if r.name == "brochure.test"]
    monkeypatch.setattr(pool, "run_jobs", _one_after_another)
    serial = build(source, tmp_path / "serial")

    assert [p.relative_to(tmp_path / "parallel") for p in parallel] == [
        p.relative_to(tmp_path / "serial") for p in serial
    ]
    made = _digests(tmp_path / "parallel")
    assert made == _digests(tmp_path / "serial")
    assert {"en/badges.pdf", "es/brochure.pdf", "es/programme.epub"} <= set(made)
    outputs = len(building.REGISTRY.names)
    assert len(said) == 2 * outputs, said  # each job said once
    pids = {int(message.rsplit(" ", 1)[1]) for message in said}
    assert os.getpid() not in pids and len(pids) == 2, said


def _warning_calendar(monkeypatch: pytest.MonkeyPatch) -> None:
    """The calendar's renderer warns once in each pack (naming the pack's language)."""
    from brochure.outputs.calendar import render as calendar

    real = calendar.render

    def warning(event: Any, config: Any) -> Any:
        logging.getLogger("brochure.outputs.calendar").warning(
            "calendar: a test warning in %s", config.language
        )
        return real(event, config)

    monkeypatch.setattr(calendar, "render", warning)


@pytest.mark.slow
def test_a_workers_warnings_are_said_once_kept_and_counted_by_strict(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    two_cores: None,
) -> None:
    """A warning a renderer logs in a worker is printed once by the build, once for each
    pack, is among what the build warned about (kept in the manifest), and fails a
    --strict build before anything is written."""
    _warning_calendar(monkeypatch)
    source = write_event(tmp_path / "source", TWO_PACKS)
    out = tmp_path / "out"
    only = ["--only", "calendar,checkin"]
    assert main(["build", str(source), "-o", str(out), *only]) == 0
    printed = capfd.readouterr().err
    for language in ("en", "es"):
        assert printed.count(f"calendar: a test warning in {language}") == 1, printed
    manifest = (out / ".brochure-manifest.json").read_text()
    assert manifest.count("calendar: a test warning in") == 2

    strict = tmp_path / "strict"
    assert main(["build", str(source), "-o", str(strict), *only, "--strict"]) == 1
    printed = capfd.readouterr().err
    assert "--strict: nothing was written" in printed, printed
    assert printed.count("calendar: a test warning in es") == 1, printed
    assert not strict.exists()


def _failing_calendar(monkeypatch: pytest.MonkeyPatch, fail: Callable[[], None]) -> None:
    """The Spanish pack's calendar fails as fail() does; every other job renders."""
    from brochure.outputs.calendar import render as calendar

    real = calendar.render

    def failing(event: Any, config: Any) -> Any:
        if config.language == "es":
            fail()
        return real(event, config)

    monkeypatch.setattr(calendar, "render", failing)


def _broken_layout() -> None:
    raise BuildError("calendar: the layout could not be rendered: a test")


def _a_bug() -> None:
    raise ValueError("a test bug")


def _dies() -> None:
    os._exit(3)


@pytest.mark.parametrize(
    ("fail", "said"),
    [
        (_broken_layout, "calendar: the layout could not be rendered: a test"),
        (_a_bug, "rendering failed: ValueError: a test bug"),
        (_dies, "a rendering worker died"),
    ],
)
def test_a_failing_job_in_a_worker_fails_the_build_before_anything_is_written(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    two_cores: None,
    fail: Callable[[], None],
    said: str,
) -> None:
    """A job that fails in a worker (a layout error, a bug, the worker's death) fails the
    build with what went wrong, and the output folder is left as it was."""
    _failing_calendar(monkeypatch, fail)
    source = write_event(tmp_path / "source", TWO_PACKS)
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    only = "calendar,checkin,web"
    # A roomy --memory: under the default, the workers a test process can afford depend
    # on how large it has grown by then (pool._affordable), and one job in the build's
    # own process dies as the build (said as its memory), not as a worker.
    command = ["-q", "build", str(source), "-o", str(out), "--only", only, "--memory", "65536"]
    assert main(command) == 1
    printed = capfd.readouterr().err
    assert said in printed, printed
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_a_bug_in_a_worker_is_raised_as_itself_in_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, two_cores: None
) -> None:
    """Without the command's rendering child (the Python API), a job's exception comes
    back as itself, as it would from a build in one process."""
    _failing_calendar(monkeypatch, _a_bug)
    source = write_event(tmp_path / "source", TWO_PACKS)
    with pytest.raises(ValueError, match="a test bug"):
        build(source, tmp_path / "out", only=("calendar", "checkin", "web"))
    assert not (tmp_path / "out").exists()


# The pool itself ---------------------------------------------------------------------


def _square(shared: int, argument: int) -> int:
    return shared + argument * argument


def test_jobs_come_back_in_their_order_whatever_order_they_ran_in(two_cores: None) -> None:
    """The most costly jobs start first; the results are in the order of the jobs."""
    jobs = [pool.Job(n, cost=float(n % 3)) for n in range(7)]
    assert pool.run_jobs(_square, 100, jobs, None) == [100 + n * n for n in range(7)]


def _out_of_memory(shared: None, argument: int) -> int:
    if argument == 1:
        raise MemoryError
    return argument


def test_a_job_out_of_memory_is_said_as_memory(two_cores: None) -> None:
    limits = Limits(megabytes=64 * 1024)
    with pytest.raises(BuildError, match="ran out of its share of the memory limit"):
        pool.run_jobs(_out_of_memory, None, [pool.Job(n) for n in range(3)], limits)


def test_a_small_memory_limit_renders_in_fewer_processes(two_cores: None) -> None:
    """Each worker's share must hold what it starts with (this process's address space)
    and room to work: under a limit that affords one, the jobs run in this process, one
    after the other, with the whole limit (a worker would have failed at once)."""
    tight = pool._address_space_mib() + pool.HEADROOM + 100
    assert pool._affordable(Limits(megabytes=tight), 2) == 1
    assert pool._affordable(Limits(megabytes=3 * tight), 2) == 2
    pids = pool.run_jobs(_pid, None, [pool.Job(n) for n in range(3)], Limits(megabytes=tight))
    assert pids == [os.getpid()] * 3
    # A single output's pieces (badge shares) likewise, whoever draws them.
    pieces = pool.Pieces(_pid, None, 3, Limits(megabytes=tight), workers=2)
    assert list(pieces) == [os.getpid()] * 3
    roomy = pool.Pieces(_pid, None, 3, Limits(megabytes=3 * tight), workers=2)
    assert os.getpid() not in list(roomy)


def _pid(shared: None, argument: int) -> int:
    return os.getpid()


def _stamped_piece(folder: Path, index: int) -> int:
    """A piece's work: its start and end on the monotonic clock, in a file of its own."""
    began = time.monotonic()
    deadline = began + 0.05
    while time.monotonic() < deadline:  # computing, not sleeping
        pass
    (folder / f"{os.getpid()}-{index}-{time.monotonic_ns()}").write_text(
        f"{began} {time.monotonic()}"
    )
    return index


def _job_with_pieces(folder: Path, argument: int) -> list[int]:
    """A job that draws 4 pieces in parallel (as badges do), after computing a while."""
    _stamped_piece(folder, -argument - 1)
    return list(pool.Pieces(_stamped_piece, folder, 4, None, workers=4))


def test_jobs_and_their_pieces_never_compute_on_more_processes_than_cores(
    tmp_path: Path, two_cores: None
) -> None:
    """Jobs that draw their own pieces in parallel, run as parallel jobs: the pieces are
    all drawn, in order, and at no moment do more processes compute than there are
    cores (each holds a core's token while it computes)."""
    results = pool.run_jobs(_job_with_pieces, tmp_path, [pool.Job(n) for n in range(3)], None)
    assert results == [[0, 1, 2, 3]] * 3
    spans = [tuple(map(float, path.read_text().split())) for path in tmp_path.iterdir()]
    assert len(spans) == 3 * 5
    moments = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    running = most = 0
    for _, step in moments:
        running += step
        most = max(most, running)
    assert most <= 2, most


def test_a_file_reported_within_a_pack_is_named_by_its_place() -> None:
    """Two packs' badges rendering at once report es/badges.pdf and fr/badges.pdf, not
    one badges.pdf."""
    seen: list[str] = []

    class Listening(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(getattr(record, "progress", ("", 0, 0))[0])

    handler = Listening()
    progress.log.addHandler(handler)
    try:
        with progress.placing(lambda name: f"es/{name}"):
            progress.report("badges.pdf", 8, 16)
        progress.report("badges.pdf", 16, 16)
    finally:
        progress.log.removeHandler(handler)
    assert seen == ["es/badges.pdf", "badges.pdf"]


def _waiting(folder: Path, argument: int) -> int:
    (folder / str(os.getpid())).touch()
    time.sleep(600)
    return argument


@pytest.fixture
def interrupted_when(tmp_path: Path) -> Iterator[Callable[[int], None]]:
    """Arms an interrupt (as Ctrl-C raises it) for once `count` workers have said their
    process ids in tmp_path."""
    previous = signal.getsignal(signal.SIGALRM)

    def arm(count: int) -> None:
        def interrupt(signum: int, frame: object) -> None:
            if len([p for p in tmp_path.iterdir() if p.name.isdigit()]) >= count:
                raise KeyboardInterrupt
            signal.setitimer(signal.ITIMER_REAL, 0.05)

        signal.signal(signal.SIGALRM, interrupt)
        signal.setitimer(signal.ITIMER_REAL, 0.05)

    yield arm
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


def test_ctrl_c_stops_every_worker(
    tmp_path: Path, two_cores: None, interrupted_when: Callable[[int], None]
) -> None:
    """Interrupted while its jobs run, the build stops and no worker outlives it."""
    interrupted_when(2)
    with pytest.raises(KeyboardInterrupt):
        pool.run_jobs(_waiting, tmp_path, [pool.Job(n) for n in range(4)], None)
    pids = [int(p.name) for p in tmp_path.iterdir() if p.name.isdigit()]
    assert len(pids) == 2
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_the_log_pipe_closed_by_every_worker_ends_the_reading() -> None:
    """Workers that have all ended close the pipe their log comes through: reading what
    is left in it stops at its end (poll is true there too), as a build whose workers
    all end before it reads the last of their log must not wait forever."""
    import multiprocessing
    import threading

    reader, writer = multiprocessing.get_context("fork").Pipe(duplex=False)
    record = logging.makeLogRecord(
        {"name": "brochure.test", "msg": "the last word", "levelno": logging.WARNING}
    )
    writer.send(record)
    writer.close()
    said: list[str] = []

    class Listening(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            said.append(record.getMessage())

    listening = Listening()
    logging.getLogger("brochure.test").addHandler(listening)
    try:
        reading = threading.Thread(target=pool._drain, args=(reader,), daemon=True)
        reading.start()
        reading.join(10)
        assert not reading.is_alive()
    finally:
        logging.getLogger("brochure.test").removeHandler(listening)
    assert said == ["the last word"]


def _log_dropped_and_said(shared: None, n: int) -> int:
    logging.getLogger("tests.dropped.progress").warning("page %d", n)
    logging.getLogger("tests.said").warning("job %d", n)
    return n


def test_a_worker_sends_nothing_a_logger_drops(two_cores: None) -> None:
    """What a logger drops (its handlers all logging.NullHandler, not passed up: as
    WeasyPrint's says each page it lays out) stays in the worker; what is said reaches
    the parent, as before."""
    dropped = logging.getLogger("tests.dropped")
    dropped.addHandler(logging.NullHandler())
    dropped.propagate = False
    said = logging.getLogger("tests.said")
    seen: list[str] = []
    counting = logging.Filter()
    counting.filter = lambda record: bool(seen.append(record.name)) or True  # type: ignore[method-assign]
    for logger in (dropped, logging.getLogger("tests.dropped.progress"), said):
        logger.addFilter(counting)
    try:
        jobs = [pool.Job(n) for n in range(4)]
        assert pool.run_jobs(_log_dropped_and_said, None, jobs, None) == [0, 1, 2, 3]
    finally:
        for logger in (dropped, logging.getLogger("tests.dropped.progress"), said):
            logger.removeFilter(counting)
        dropped.propagate = True
    assert sorted(seen) == ["tests.said"] * 4, seen
