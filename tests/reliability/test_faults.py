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
from typing import Any

import pytest

from .support import alive, assert_clean_failure, descendants, record, run_engine, start_engine

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


def test_dask_output_into_the_input_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    _batch(tmp_path / "in" / "a.jsonl", 3)
    before = (tmp_path / "in" / "a.jsonl").read_bytes()
    for output_dir in ("in", "in/", "./in/../in", str(tmp_path / "in")):
        child = run_engine(["advise", "--dask", "local:1", "--input", "in/*.jsonl", "--output-dir", output_dir,
                            "--now", NOW], cwd=tmp_path)
        line = assert_clean_failure(child, 2)
        assert line == (f"followup: error: --output-dir {output_dir} holds the --input files, which the plans "
                        "would replace; write them to another folder")
    (tmp_path / "link").symlink_to(tmp_path / "in")
    assert_clean_failure(run_engine(["advise", "--dask", "local:1", "--input", "in/*.jsonl", "--output-dir", "link",
                                     "--now", NOW], cwd=tmp_path), 2)
    assert (tmp_path / "in" / "a.jsonl").read_bytes() == before
    assert sorted(path.name for path in (tmp_path / "in").iterdir()) == ["a.jsonl"]


def _wait_for(condition: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.slow
@pytest.mark.parametrize("stop", ["kill-workers", "ctrl-c"])
def test_dask_leaves_no_temporary_file(tmp_path: Path, stop: str) -> None:
    """Workers killed while writing (Dask runs their tasks again), or Ctrl-C: no hidden .*.tmp is left."""
    (tmp_path / "in").mkdir()
    for name in ("a", "b", "c", "d"):
        _batch(tmp_path / "in" / f"{name}.jsonl", 5_000)
    running = start_engine(["advise", "--dask", "local:2", "--input", "in/*.jsonl", "--output-dir", "out",
                            "--now", NOW], cwd=tmp_path)
    seen: set[int] = set()
    try:
        writing = _wait_for(lambda: bool((tmp_path / "out").is_dir() and _temporary_files(tmp_path / "out")), 120)
        assert writing, "no output was being written"
        seen |= descendants(running.process.pid)
        if stop == "ctrl-c":
            running.send(signal.SIGINT)
        else:
            for pid in _workers(running.process.pid):
                os.kill(pid, signal.SIGKILL)
        child = running.wait(timeout=300)
    finally:
        seen |= descendants(running.process.pid)
        for pid in seen:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert not child.timed_out and "Traceback" not in child.err, child.describe()
    if stop == "ctrl-c":
        assert child.returncode == 130, child.describe()
    assert _temporary_files(tmp_path / "out") == [], child.describe()
    record(f"--dask local:2, {stop}: exit", str(child.returncode))
