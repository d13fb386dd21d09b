"""Helpers of the reliability tests: child processes with their resource use, memory, timing.

The measurements the tests take are collected with :func:`record` and printed at the end
of the run (``pytest_terminal_summary`` in this folder's ``conftest.py``); set
``FOLLOWUP_RELIABILITY_RESULTS=FILE`` to also get them as JSON. docs/reliability.md
quotes them.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "MEASUREMENTS",
    "REPO",
    "Child",
    "alive",
    "assert_clean_failure",
    "descendants",
    "record",
    "resident_mb",
    "run_engine",
    "start_engine",
]

REPO = Path(__file__).resolve().parents[2]
MEASUREMENTS: dict[str, str] = {}


def record(name: str, value: str) -> None:
    """Keep one measurement for the end-of-run summary."""
    MEASUREMENTS[name] = value


def resident_mb() -> float:
    """Resident memory of this process now, in MB (not the peak: growth must be visible)."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:  # pragma: no cover - not Linux: the peak is the best we have
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a ``followup`` child: no profile path or colours leaking in."""
    env = {key: value for key, value in os.environ.items() if key != "FOLLOWUP_PROFILES_PATH"}
    env.update({"PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1", **extra})
    return env


@dataclass
class Child:
    """A finished ``python -m engine`` run: exit code, output, wall time, peak memory."""

    args: list[str]
    returncode: int
    stdout: bytes
    stderr: bytes
    seconds: float
    max_rss_mb: float
    timed_out: bool

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    def describe(self) -> str:
        return (f"followup {' '.join(self.args)[:200]}: exit {self.returncode}"
                f"{' (timed out)' if self.timed_out else ''}, {self.seconds:.2f} s, {self.max_rss_mb:.0f} MB; "
                f"stderr: {self.err[-2000:]!r}")


# Runs ``python -m engine`` as a grandchild and reports its peak memory. The detour is
# needed because a child's ru_maxrss also counts the pages of the (big) test process it
# was forked from; the launcher's own footprint is a few MB.
LAUNCHER = """
import os, signal, subprocess, sys
child = subprocess.Popen([sys.executable, "-m", "engine", *sys.argv[2:]])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as handle:
    handle.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
if code < 0:
    signal.signal(-code, signal.SIG_DFL)
    os.kill(os.getpid(), -code)
sys.exit(code)
"""


class Running:
    """A ``python -m engine`` child that is still running.

    With ``measure``, the engine runs under :data:`LAUNCHER` (its own session, killed as a
    group on timeout) so that its peak memory can be known; without, it is the direct child
    (for tests that send it signals).
    """

    def __init__(self, args: list[str], cwd: Path, stdin: Path | None, env: dict[str, str], measure: bool) -> None:
        self.args = args
        self._out = open(cwd / f".child-{id(self)}.out", "w+b")  # noqa: SIM115 - closed in wait()
        self._err = open(cwd / f".child-{id(self)}.err", "w+b")  # noqa: SIM115
        self._report = cwd / f".child-{id(self)}.rss" if measure else None
        stdin_handle = open(stdin, "rb") if stdin is not None else subprocess.DEVNULL  # noqa: SIM115
        command = [sys.executable, "-m", "engine", *args]
        if self._report is not None:
            command = [sys.executable, "-c", LAUNCHER, str(self._report), *args]
        self.started = time.perf_counter()
        self.process = subprocess.Popen(command, cwd=cwd, env=env, stdin=stdin_handle, stdout=self._out,
                                        stderr=self._err, start_new_session=measure)
        if stdin is not None:
            stdin_handle.close()  # type: ignore[union-attr]

    def send(self, signum: int) -> None:
        self.process.send_signal(signum)

    def wait(self, timeout: float) -> Child:
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            if self._report is not None:
                os.killpg(self.process.pid, signal.SIGKILL)  # the launcher and the engine under it
            else:
                self.process.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            self.process.wait()
        finally:
            timer.cancel()
        seconds = time.perf_counter() - self.started
        outputs = []
        for handle in (self._out, self._err):
            handle.seek(0)
            outputs.append(handle.read())
            handle.close()
            Path(handle.name).unlink()
        peak = 0.0
        if self._report is not None and self._report.exists():
            peak = int(self._report.read_text()) / 1024
            self._report.unlink()
        return Child(self.args, self.process.returncode, outputs[0], outputs[1], seconds, peak,
                     timed_out.is_set())


def start_engine(args: list[str], *, cwd: Path, stdin: Path | None = None, **env: str) -> Running:
    """Start ``python -m engine ARGS`` as a direct child (no memory figure: it can be signalled)."""
    return Running([str(arg) for arg in args], cwd, stdin, child_env(**env), measure=False)


def run_engine(args: list[str], *, cwd: Path, stdin: Path | None = None, timeout: float = 120.0,
               **env: str) -> Child:
    """Run ``python -m engine ARGS`` to completion (killed after ``timeout`` seconds), with its peak memory."""
    return Running([str(arg) for arg in args], cwd, stdin, child_env(**env), measure=True).wait(timeout)


def assert_clean_failure(child: Child, code: int) -> str:
    """The child failed the documented way: exit ``code``, one line on stderr, no traceback."""
    assert not child.timed_out, child.describe()
    assert child.returncode == code, child.describe()
    assert "Traceback" not in child.err, child.describe()
    lines = child.err.strip().splitlines()
    assert len(lines) == 1, child.describe()
    return lines[0]



def _parents() -> dict[int, int]:
    """Every process's parent, from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat_line = (entry / "stat").read_text()
            except OSError:  # gone meanwhile
                continue
            found[int(entry.name)] = int(stat_line.rsplit(")", 1)[1].split()[1])
    return found


def descendants(pid: int) -> set[int]:
    """The processes under ``pid`` (children, theirs, ...), as /proc shows them now (Linux)."""
    parents = _parents()
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, finished but not yet reaped, does not)."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat_line.rsplit(")", 1)[1].split()[0] != "Z"
