"""``advise --jobs N``: JSON Lines planned by N processes, the same bytes as one.

The lines go out in chunks to a pool of worker processes and come back in input
order; at most a few chunks per worker are in flight, so memory stays flat however long
the input. Each worker opens the same profile folders and plans a chunk exactly as
:mod:`.batch` plans lines in one process, error records included.

Workers are started by a fork server (else spawned), never forked from this process:
they inherit neither its threads nor its signal handlers. A worker that dies (killed,
out of memory) stops the run with one line and exit 2: the other workers are ended
too, and nothing is left running or half written.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any

from ...language.catalog import Catalog
from .batch import encoded, plan_line
from .common import fail, pass_cache

__all__ = ["CHUNK", "cores", "plan_in_processes"]

# lines per task: large enough to amortize the hand-over, small enough to keep order cheap
CHUNK = 200
IN_FLIGHT = 4  # chunks per worker waiting or being planned

_worker: dict[str, Any] = {}


def cores() -> int:
    """The CPUs this process may run on (``--jobs 0``)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - platforms without affinity


def _start(folders: Sequence[str], given: dict[str, Any], now: str | None, backend: str) -> None:
    # Ctrl-C reaches the whole process group: the main process alone answers it, and ends
    # the workers; SIGTERM (sent by the pool when a worker dies) simply ends a worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker.update(catalog=Catalog(list(folders), cache=pass_cache()), given=given, now=now,
                   backend=backend)


def _plan_chunk(chunk: list[tuple[int, bytes | None]]) -> tuple[bytes, int, int]:
    """The output of a chunk of lines, how many lines, and how many had errors."""
    counts = {"ok": 0, "bad": 0}
    data = b"".join(encoded(plan_line(number, line, _worker["given"], _worker["now"],
                                      _worker["catalog"],
                                      _worker["backend"], counts)) for number, line in chunk)
    return data, len(chunk), counts["bad"]


def _context() -> multiprocessing.context.BaseContext:
    """A fork server where there is one (it imports the engine once, and each worker is a
    fork of it), else spawn. Forking this process itself could deadlock on a lock held
    by one of its threads, and would hand the workers its signal handlers."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")  # pragma: no cover - Windows


def _end(processes: Iterable[multiprocessing.process.BaseProcess]) -> None:
    """Kill the workers still running, and wait for each."""
    for process in processes:
        with contextlib.suppress(OSError, ValueError):
            process.kill()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(10)


def _died(processes: Iterable[multiprocessing.process.BaseProcess]) -> str:
    """How the first worker that stopped did stop, in words."""
    for process in processes:
        code = process.exitcode
        if code is not None and code < 0:
            try:
                return f"was killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"was killed by signal {-code}"
        if code:
            return f"ended with exit status {code}"
    return "ended unexpectedly"


def plan_in_processes(lines: Iterable[tuple[int, bytes | None]], jobs: int, folders: Sequence[str],
                      given: dict[str, Any], now: str | None,
                      backend: str) -> Iterator[tuple[bytes, int, int]]:
    """(output bytes, lines, lines with errors) per chunk of ``lines``, in input order."""
    source = iter(lines)
    pool = ProcessPoolExecutor(jobs, mp_context=_context(), initializer=_start,
                               initargs=(list(folders), given, now, backend))
    pending: deque[Future[tuple[bytes, int, int]]] = deque()
    processes: dict[int, multiprocessing.process.BaseProcess] = {}
    finished = False
    try:
        while True:
            chunk = list(islice(source, CHUNK))
            if chunk:
                pending.append(pool.submit(_plan_chunk, chunk))
                processes.update(pool._processes or {})  # started as work comes
            if pending and (not chunk or len(pending) >= jobs * IN_FLIGHT):
                try:
                    result = pending.popleft().result()
                except BrokenProcessPool:
                    _end(processes.values())
                    fail(f"--jobs: a worker process {_died(processes.values())}; the run stopped "
                         "before the end")
                yield result
            elif not chunk:
                finished = True
                return
    finally:
        if not finished:  # interrupted, or a worker died: no worker may outlive the run
            _end(processes.values())
        pool.shutdown(wait=finished, cancel_futures=True)
