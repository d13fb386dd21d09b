"""``advise --jobs N``: JSON Lines planned by N processes, the same bytes as one.

The lines go out in chunks to a pool of worker processes and come back in input
order; at most a few chunks per worker are in flight, so memory stays flat however long
the input. Each worker opens the same profile folders and plans a chunk exactly as
:mod:`.batch` plans lines in one process, error records included.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any

from ...language.catalog import Catalog
from .batch import encoded, plan_line

__all__ = ["CHUNK", "cores", "plan_in_processes"]

CHUNK = 200  # lines per task: large enough to amortize the hand-over, small enough to keep order cheap
IN_FLIGHT = 4  # chunks per worker waiting or being planned

_worker: dict[str, Any] = {}


def cores() -> int:
    """The CPUs this process may run on (``--jobs 0``)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - platforms without affinity


def _start(folders: Sequence[str], given: dict[str, Any], now: str | None, backend: str) -> None:
    _worker.update(catalog=Catalog(list(folders)), given=given, now=now, backend=backend)


def _plan_chunk(chunk: list[tuple[int, bytes | None]]) -> tuple[bytes, int, int]:
    """The output of a chunk of lines, how many lines, and how many had errors."""
    counts = {"ok": 0, "bad": 0}
    data = b"".join(encoded(plan_line(number, line, _worker["given"], _worker["now"], _worker["catalog"],
                                      _worker["backend"], counts)) for number, line in chunk)
    return data, len(chunk), counts["bad"]


def _context() -> multiprocessing.context.BaseContext:
    """Fork where there is one (workers start at once, with the engine imported), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def plan_in_processes(lines: Iterable[tuple[int, bytes | None]], jobs: int, folders: Sequence[str],
                      given: dict[str, Any], now: str | None, backend: str) -> Iterator[tuple[bytes, int, int]]:
    """(output bytes, lines, lines with errors) per chunk of ``lines``, in input order."""
    source = iter(lines)
    pool = ProcessPoolExecutor(jobs, mp_context=_context(), initializer=_start,
                               initargs=(list(folders), given, now, backend))
    pending: deque[Future[tuple[bytes, int, int]]] = deque()
    try:
        while True:
            chunk = list(islice(source, CHUNK))
            if chunk:
                pending.append(pool.submit(_plan_chunk, chunk))
            if pending and (not chunk or len(pending) >= jobs * IN_FLIGHT):
                yield pending.popleft().result()
            elif not chunk:
                return
    finally:
        pool.shutdown(wait=not pending, cancel_futures=True)
