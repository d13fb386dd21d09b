"""``--output``: written safely whatever the path names, and nothing lost when it cannot be.

A regular file (directly or through symbolic links) is replaced atomically: the plans
go to a temporary file made with ``O_EXCL`` beside the file, then renamed over it. A
link stays a link, and its target gets the new content. Anything else (a device, a
FIFO, the standard output) is written in place, never replaced. A path that cannot be
written (a directory, a read-only or missing folder, a full disk) is one line on
stderr and exit 2, with the previous output as it was and no temporary file left.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .support import Child, assert_clean_failure, child_env, record, run_engine, start_engine
from .test_batch import NOW, long_batch, valid_line, write_batch

ONE = ["advise", "--interview", "2026-11-20T14:00", "--timezone", "America/New_York", "--now", NOW,
       "--format", "json"]
PREVIOUS = "previous run\n"


def batch_args(source: str, output: str) -> list[str]:
    return ["advise", "--input", source, "--output", output, "--format", "json", "--now", NOW]


def small_batch(folder: Path, lines: int = 20) -> Path:
    """``lines`` valid situations in ``folder/batch.jsonl``."""
    path = folder / "batch.jsonl"
    rng = random.Random(4)
    write_batch(path, [valid_line(index, rng) for index in range(lines)])
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


def plans_in(text: str) -> int:
    return sum(1 for line in text.splitlines() if "error" not in json.loads(line))


# --- 3. the temporary file ----------------------------------------------------------------


def test_a_link_planted_at_the_old_temporary_name_is_not_followed(tmp_path: Path) -> None:
    """The temporary name was ``.NAME.PID.tmp``, opened without O_EXCL: a link planted there by
    someone who can guess the PID redirected the write, and the link itself became the output."""
    small_batch(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    running = start_engine(batch_args("batch.jsonl", "out.jsonl"), cwd=tmp_path)
    # Planted at once: the engine takes far longer to start than this takes.
    (tmp_path / f".out.jsonl.{running.process.pid}.tmp").symlink_to(victim)
    child = running.wait(120)
    assert child.returncode == 0, child.describe()
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    output = tmp_path / "out.jsonl"
    assert output.is_file() and not output.is_symlink()
    assert plans_in(output.read_text(encoding="utf-8")) == 20


def test_the_output_keeps_the_mode_a_new_file_gets(tmp_path: Path) -> None:
    """mkstemp makes its file readable by its owner only; the output is made like any new file."""
    child = run_engine([*ONE, "--output", "plan.json"], cwd=tmp_path, timeout=120)
    assert child.returncode == 0, child.describe()
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "plan.json").stat().st_mode) == 0o666 & ~umask
    existing = tmp_path / "plan.json"
    existing.chmod(0o640)
    child = run_engine([*ONE, "--output", "plan.json"], cwd=tmp_path, timeout=120)
    assert child.returncode == 0, child.describe()
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640  # a replaced file keeps its mode


# --- 4. links, devices, FIFOs ---------------------------------------------------------------


def test_output_through_a_symlink_updates_its_target(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "plans.jsonl"
    target.write_text(PREVIOUS, encoding="utf-8")
    (tmp_path / "out.jsonl").symlink_to(Path("real") / "plans.jsonl")
    small_batch(tmp_path)
    child = run_engine(batch_args("batch.jsonl", "out.jsonl"), cwd=tmp_path, timeout=120)
    assert child.returncode == 0, child.describe()
    assert (tmp_path / "out.jsonl").is_symlink()
    assert plans_in(target.read_text(encoding="utf-8")) == 20
    assert leftovers(tmp_path) == [] and leftovers(tmp_path / "real") == []


@contextlib.contextmanager
def fifo_reader(path: Path) -> Iterator[Callable[[], bytes]]:
    """A FIFO at ``path`` with a reader thread; yields a function giving what was read."""
    os.mkfifo(path)
    got: list[bytes] = []

    def read() -> None:
        with open(path, "rb") as handle:  # waits for a writer
            got.append(handle.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()

    def result() -> bytes:
        thread.join(5)
        if thread.is_alive():  # nobody opened it for writing: let the reader go
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            thread.join(5)
        return got[0] if got else b""

    yield result


def test_output_to_a_fifo_is_written_in_place(tmp_path: Path) -> None:
    with fifo_reader(tmp_path / "pipe") as received:
        child = run_engine([*ONE, "--output", "pipe"], cwd=tmp_path, timeout=120)
        data = received()
    assert child.returncode == 0, child.describe()
    assert stat.S_ISFIFO((tmp_path / "pipe").lstat().st_mode), "the FIFO was replaced"
    assert json.loads(data)["profile"]["id"] == "general"


def make_device(path: Path, minor: int) -> Path:
    """A memory device node of Linux (1, minor): 3 is /dev/null, 7 is /dev/full.

    The tests never name the real ones: as root, a regression would replace them for the
    whole machine (one did, while these tests were written).
    """
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, AttributeError):
        pytest.skip("cannot make a device node here")
    return path


def test_output_to_a_device_is_written_in_place(tmp_path: Path) -> None:
    """A character device like /dev/null."""
    device = make_device(tmp_path / "null", 3)
    child = run_engine([*ONE, "--output", "null"], cwd=tmp_path, timeout=120)
    assert child.returncode == 0, child.describe()
    assert stat.S_ISCHR(device.lstat().st_mode), "the device node was replaced by a regular file"
    assert leftovers(tmp_path) == []


def test_output_to_a_link_to_the_standard_output(tmp_path: Path) -> None:
    """What /dev/stdout is on Linux: a link to /proc/self/fd/1. The plan goes to the standard
    output (here a file the test reads), and the link stays."""
    if not Path("/proc/self/fd/1").exists():
        pytest.skip("no /proc/self/fd")
    (tmp_path / "stdout").symlink_to("/proc/self/fd/1")
    child = run_engine([*ONE, "--output", "stdout"], cwd=tmp_path, timeout=120)
    assert child.returncode == 0, child.describe()
    assert (tmp_path / "stdout").is_symlink()
    assert json.loads(child.stdout)["profile"]["id"] == "general"


# --- 5. paths that cannot be written --------------------------------------------------------


def assert_refused(child: Child, folder: Path, needle: str) -> str:
    line = assert_clean_failure(child, 2)
    assert line.startswith("followup: error: --output"), line
    assert needle in line, line
    assert leftovers(folder) == [], leftovers(folder)
    return line


def test_output_at_a_directory(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    assert_refused(run_engine([*ONE, "--output", "plans"], cwd=tmp_path, timeout=120), tmp_path, "directory")
    assert list((tmp_path / "plans").iterdir()) == []


def test_output_in_a_missing_folder(tmp_path: Path) -> None:
    small_batch(tmp_path)
    child = run_engine(batch_args("batch.jsonl", "missing/out.jsonl"), cwd=tmp_path, timeout=120)
    assert_refused(child, tmp_path, "missing/out.jsonl")


def without_privileges() -> list[str]:
    """A command prefix under which root obeys permission bits (root may write anywhere)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a read-only folder cannot be made")
    return ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]


def test_output_in_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    small_batch(tmp_path)
    (folder / "out.jsonl").write_text(PREVIOUS, encoding="utf-8")
    folder.chmod(0o555)
    started = time.perf_counter()
    try:
        ran = subprocess.run([*without_privileges(), sys.executable, "-m", "engine",
                              *batch_args("batch.jsonl", "read-only/out.jsonl")],
                             cwd=tmp_path, capture_output=True, timeout=120, env=child_env())
    finally:
        folder.chmod(0o755)
    child = Child([], ran.returncode, ran.stdout, ran.stderr, time.perf_counter() - started, 0.0, False)
    assert_refused(child, folder, "read-only/out.jsonl")
    assert (folder / "out.jsonl").read_text(encoding="utf-8") == PREVIOUS


def limited_file_size(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # writes past it fail (EFBIG)

    return apply


def test_output_on_a_full_disk(tmp_path: Path) -> None:
    """A file-size limit stands in for a full disk: the temporary file cannot grow."""
    small_batch(tmp_path, lines=200)
    (tmp_path / "out.jsonl").write_text(PREVIOUS, encoding="utf-8")
    started = time.perf_counter()
    ran = subprocess.run([sys.executable, "-m", "engine", *batch_args("batch.jsonl", "out.jsonl")], cwd=tmp_path,
                         capture_output=True, timeout=120, env=child_env(), preexec_fn=limited_file_size(100_000))
    child = Child([], ran.returncode, ran.stdout, ran.stderr, time.perf_counter() - started, 0.0, False)
    assert_refused(child, tmp_path, "out.jsonl")
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == PREVIOUS


def test_output_to_a_full_device(tmp_path: Path) -> None:
    """A device that is always full, like /dev/full (made here, so a regression cannot replace it)."""
    device = make_device(tmp_path / "full", 7)
    assert_refused(run_engine([*ONE, "--output", "full"], cwd=tmp_path, timeout=120), tmp_path, "No space left")
    assert stat.S_ISCHR(device.lstat().st_mode)


# --- 6. output over input -------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["batch.jsonl", "./batch.jsonl", "link.jsonl", "sub/../batch.jsonl"])
def test_output_over_the_input_is_refused(tmp_path: Path, spelling: str) -> None:
    source = small_batch(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.jsonl").symlink_to("batch.jsonl")
    before = source.read_bytes()
    child = run_engine(batch_args("batch.jsonl", spelling), cwd=tmp_path, timeout=120)
    line = assert_clean_failure(child, 2)
    assert "--output" in line and "--input" in line, line
    assert source.read_bytes() == before


def test_output_over_a_single_situation_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "situation.yaml"
    source.write_text("interview: 2026-11-20T14:00\ntimezone: America/New_York\n", encoding="utf-8")
    child = run_engine(["advise", "--input", "situation.yaml", "--output", "situation.yaml"], cwd=tmp_path)
    assert_clean_failure(child, 2)
    assert source.read_text(encoding="utf-8").startswith("interview:")


# --- 7. hang-up -----------------------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_hang_up_leaves_no_temporary_file(tmp_path: Path, signum: int) -> None:
    long_batch(tmp_path)
    (tmp_path / "out.jsonl").write_text(PREVIOUS, encoding="utf-8")
    running = start_engine(batch_args("big.jsonl", "out.jsonl"), cwd=tmp_path)
    deadline = time.monotonic() + 120
    while not any(path.stat().st_size > 100_000 for path in tmp_path.iterdir() if path.name.endswith(".tmp")):
        assert running.process.poll() is None, "the run ended before it could be signalled"
        assert time.monotonic() < deadline, "the run never got under way"
        time.sleep(0.05)
    running.send(signum)
    child = running.wait(60)
    line = assert_clean_failure(child, 128 + signum)
    assert line.startswith("followup: interrupted"), line
    assert leftovers(tmp_path) == []
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == PREVIOUS
    record(f"batch: {signal.Signals(signum).name} to exit", f"{child.seconds:.1f} s after start")
