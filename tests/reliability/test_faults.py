"""Faults in a run of several processes: a worker killed under ``advise --jobs``, ``--dask`` writing over its inputs.

A run that cannot finish says so in one line and exits 2; it leaves no process
running, no temporary file, and the previous output file as it was.
"""

from __future__ import annotations

import json
import os
import signal
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from .support import alive, assert_clean_failure, descendants, record, start_engine

NOW = "2026-11-21T10:00"


def _batch(path: Path, count: int) -> None:
    start = datetime(2026, 1, 5, 8, 0)
    with path.open("w", encoding="utf-8") as handle:
        for index in range(count):
            moment = start + timedelta(days=index // 10 % 300, minutes=(index % 10) * 37)
            handle.write(json.dumps({"interview": moment.strftime("%Y-%m-%dT%H:%M"), "timezone": "Europe/Berlin",
                                     "ref": f"a{index}"}) + "\n")


def _workers(pid: int) -> set[int]:
    """The processes under ``pid`` that plan: those without children of their own, but the resource tracker."""
    under = descendants(pid)
    leaves = set()
    for candidate in under:
        if descendants(candidate):
            continue
        try:
            command = Path(f"/proc/{candidate}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" not in command:
            leaves.add(candidate)
    return leaves


def _temporary_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_worker_that_dies_stops_the_run_with_one_line(tmp_path: Path, how: signal.Signals) -> None:
    _batch(tmp_path / "big.jsonl", 60_000)
    (tmp_path / "out.jsonl").write_text("previous run\n", encoding="utf-8")
    running = start_engine(["advise", "--input", "big.jsonl", "--jobs", "2", "--now", NOW, "--output", "out.jsonl"],
                           cwd=tmp_path)
    seen: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while time.monotonic() < deadline and running.process.poll() is None:
            workers = _workers(running.process.pid)
            seen |= descendants(running.process.pid)
            if len(workers) >= 2 and _temporary_files(tmp_path):  # both started, and writing began
                break
            time.sleep(0.05)
        assert len(workers) >= 2, "the workers never started"
        victim = min(workers)
        started = time.monotonic()
        os.kill(victim, how)
        child = running.wait(timeout=60)
        record(f"--jobs 2, a worker killed by {how.name}: stopped after", f"{time.monotonic() - started:.1f} s")
    finally:
        for pid in seen | descendants(running.process.pid):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
    line = assert_clean_failure(child, 2)
    assert line == f"followup: error: --jobs: a worker process was killed by {how.name}; the run stopped before the end"
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == "previous run\n"
    assert _temporary_files(tmp_path) == []
    time.sleep(0.5)  # orphans are reaped by init
    assert [pid for pid in seen if alive(pid)] == []
