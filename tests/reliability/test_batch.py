"""Batch advice without loss: one output line per input line, in order; atomic output; Ctrl-C.

``followup advise --input FILE --output OUT --format json`` reads JSON Lines. Every
non-empty input line gets exactly one output line, in input order: a plan, or an error
record ``{"line": N, "error": {...}}``. A bad line never stops the run. The output file
appears whole or not at all; an interrupted run leaves no file (or the previous one
untouched), no temporary file, exit code 130 and one line on stderr.
"""

from __future__ import annotations

import json
import random
import signal
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from .support import assert_clean_failure, record, run_engine, start_engine

NOW = "2026-11-21T10:00"
ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kathmandu", "Pacific/Chatham",
         "America/Santiago", "Asia/Tehran", "Pacific/Kiritimati"]
INDUSTRIES = ["general", "legal", "it", "accounting"]


@dataclass
class Line:
    """One input line and what its output record must say."""

    text: str
    interview: str | None = None  # a plan for this interview (local wall time, minutes)
    error_field: str | None = None  # an error record naming this field ("" for the line as a whole)


def valid_line(index: int, rng: random.Random) -> Line:
    """A valid situation whose interview (date and time) is unique to its line number."""
    moment = datetime(2026, 1, 5, 8, 0) + timedelta(days=index // 10, minutes=(index % 10) * 37)
    situation: dict[str, Any] = {"interview": moment.strftime("%Y-%m-%dT%H:%M"), "timezone": rng.choice(ZONES),
                                 "industry": rng.choice(INDUSTRIES)}
    if index % 3 == 0:
        situation["purpose"] = rng.choice(["thank_you", "status", "feedback", "competing_offer", "grievance"])
    if index % 11 == 0:
        situation["country"] = "US"
    return Line(json.dumps(situation), interview=situation["interview"])


BAD_LINES = [
    Line('{"interview": "2026-11-20T14:00", "timezone": ', error_field=""),  # truncated JSON
    Line("not json at all", error_field=""),
    Line('{"interview": "2026-11-20T14:00", "timezone": "Mars/Olympus_Mons"}', error_field="timezone"),
    Line('{"timezone": "Europe/Paris", "industry": "legal"}', error_field="interview"),
    Line('{"interview": 20261120, "timezone": "Europe/Paris"}', error_field="interview"),
    Line('{"interview": "2026-11-20T14:00", "timezone": "Europe/Paris", "heard_back": "yes"}',
         error_field="heard_back"),
    Line('{"interview": "2026-11-20T14:00", "timezone": "Europe/Paris", "contacts": "yesterday"}',
         error_field="contacts"),
    Line('{"interview": "2026-11-20T14:00"}', error_field="interview"),  # no offset, no zone
    Line('{"interview": "2026-03-08T02:30", "timezone": "America/New_York"}', error_field="interview"),  # DST gap
    Line('{"interview": "2026-11-20T14:00", "timezone": "Europe/Paris", "industry": "lawyering"}',
         error_field="industry"),
    Line("[1, 2, 3]", error_field=""),
    Line('"a string"', error_field=""),
    Line("null", error_field=""),
    Line('{"interview": "2026-11-20T14:00", "timezone": "Europe/Paris", "bogus": 1}', error_field="bogus"),
]


def huge_line() -> Line:
    """About 2 MB on one line, over the 1 MB a line may have: refused without being parsed."""
    return Line(json.dumps({"interview": "2026-11-20T14:00", "timezone": "Europe/Paris",
                            "notes": "x" * 2_000_000}), error_field="")


def make_batch(count: int, seed: int = 5) -> list[Line | None]:
    """``count`` lines: line 1 valid, then valid ones with bad ones, empty ones and a huge one mixed in.

    ``None`` stands for an empty (or blank) line, which gets no output line.
    """
    rng = random.Random(seed)
    lines: list[Line | None] = [valid_line(0, rng)]
    bad = 0
    for index in range(1, count):
        roll = rng.random()
        if roll < 0.05:
            lines.append(BAD_LINES[bad % len(BAD_LINES)])
            bad += 1
        elif roll < 0.07:
            lines.append(None)
        else:
            lines.append(valid_line(index, rng))
    lines[count // 2] = huge_line()
    return lines


def write_batch(path: Path, lines: list[Line | None]) -> None:
    blanks = ["", "   ", "\t"]
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for number, line in enumerate(lines):
            handle.write((blanks[number % 3] if line is None else line.text) + "\n")


def check_output(lines: list[Line | None], output: str) -> tuple[int, int]:
    """Every non-empty line has its record, in order; returns (plans, errors)."""
    records = [json.loads(text) for text in output.splitlines()]
    expected = [(number, line) for number, line in enumerate(lines, start=1) if line is not None]
    assert len(records) == len(expected), f"{len(records)} records for {len(expected)} non-empty lines"
    plans = errors = 0
    for (number, line), got in zip(expected, records, strict=True):
        if line.error_field is not None:
            assert got.get("line") == number, (number, line.text[:100], str(got)[:300])
            assert set(got["error"]) >= {"field", "message"}, got
            if line.error_field:
                assert got["error"]["field"] == line.error_field, (number, got)
            errors += 1
        else:
            assert "error" not in got, (number, line.text[:100], str(got)[:300])
            assert got["situation"]["interview"][:16] == line.interview, (number, got["situation"])
            plans += 1
    return plans, errors


def test_small_batch_keeps_every_line_in_order(tmp_path: Path) -> None:
    lines = make_batch(60, seed=1)
    write_batch(tmp_path / "batch.jsonl", lines)
    child = run_engine(["advise", "--input", "batch.jsonl", "--output", "out.jsonl", "--format", "json",
                        "--now", NOW], cwd=tmp_path, timeout=120)
    line = assert_clean_failure(child, 2)  # some lines had errors: exit 2, one summary line
    assert "lines had errors" in line
    plans, errors = check_output(lines, (tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert plans > 40 and errors >= 3
    assert sorted(path.name for path in tmp_path.iterdir()) == ["batch.jsonl", "out.jsonl"]


def test_stdin_to_stdout_gives_the_same_records(tmp_path: Path) -> None:
    lines = make_batch(60, seed=2)
    write_batch(tmp_path / "batch.jsonl", lines)
    to_file = run_engine(["advise", "--input", "batch.jsonl", "--output", "out.jsonl", "--format", "json",
                          "--now", NOW], cwd=tmp_path, timeout=120)
    piped = run_engine(["advise", "--input", "-", "--format", "json", "--now", NOW], cwd=tmp_path,
                       stdin=tmp_path / "batch.jsonl", timeout=120)
    assert_clean_failure(piped, 2)
    assert piped.stdout == (tmp_path / "out.jsonl").read_bytes(), to_file.describe()
    check_output(lines, piped.out)


BATCH_LINES = 5_000


@pytest.mark.slow
def test_five_thousand_lines_with_bad_ones_lose_nothing(tmp_path: Path) -> None:
    lines = make_batch(BATCH_LINES)
    write_batch(tmp_path / "big.jsonl", lines)
    (tmp_path / "out.jsonl").write_text("previous run\n", encoding="utf-8")
    child = run_engine(["advise", "--input", "big.jsonl", "--output", "out.jsonl", "--format", "json",
                        "--now", NOW], cwd=tmp_path, timeout=600)
    summary = assert_clean_failure(child, 2)
    plans, errors = check_output(lines, (tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert summary == f"followup: {errors} of {plans + errors} lines had errors"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["big.jsonl", "out.jsonl"]
    record("batch: 5,000 lines to a file", f"{child.seconds:.1f} s, peak {child.max_rss_mb:.0f} MB "
                                           f"({plans} plans, {errors} error records)")
    piped = run_engine(["advise", "--input", "-", "--format", "json", "--now", NOW], cwd=tmp_path,
                       stdin=tmp_path / "big.jsonl", timeout=600)
    assert_clean_failure(piped, 2)
    assert piped.stdout == (tmp_path / "out.jsonl").read_bytes()
    record("batch: 5,000 lines stdin to stdout", f"{piped.seconds:.1f} s, peak {piped.max_rss_mb:.0f} MB")


# --- lines that break the run today -----------------------------------------------------

GOOD = json.dumps({"interview": "2026-11-20T14:00", "timezone": "Europe/Paris"})


def run_lines(tmp_path: Path, raw: bytes) -> tuple[Any, list[dict[str, Any]]]:
    (tmp_path / "batch.jsonl").write_bytes(raw)
    child = run_engine(["advise", "--input", "batch.jsonl", "--output", "out.jsonl", "--format", "json",
                        "--now", NOW], cwd=tmp_path, timeout=120)
    assert "Traceback" not in child.err, child.describe()
    out = tmp_path / "out.jsonl"
    records = [json.loads(text) for text in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return child, records


def assert_one_record_per_line(child: Any, records: list[dict[str, Any]], bad: int, total: int) -> None:
    assert child.returncode == 2, child.describe()
    assert len(records) == total, child.describe()
    assert records[bad - 1].get("line") == bad and "error" in records[bad - 1], records[bad - 1]
    assert all("error" not in got for index, got in enumerate(records, start=1) if index != bad)


def test_deeply_nested_line_is_one_error_record(tmp_path: Path) -> None:
    deep = '{"interview": ' + "[" * 100_000 + "]" * 100_000 + "}"
    child, records = run_lines(tmp_path, f"{GOOD}\n{deep}\n{GOOD}\n".encode())
    assert_one_record_per_line(child, records, bad=2, total=3)


def test_line_that_is_not_utf8_is_one_error_record(tmp_path: Path) -> None:
    bad = '{"interview": "2026-11-20T14:00", "timezone": "Europe/Paris", "industry": "caf\xe9"}'.encode("latin-1")
    raw = (GOOD + "\n").encode() * 200 + bad + b"\n" + (GOOD + "\n").encode() * 5
    child, records = run_lines(tmp_path, raw)
    assert_one_record_per_line(child, records, bad=201, total=206)


def test_line_with_a_lone_surrogate_is_one_error_record(tmp_path: Path) -> None:
    bad = '{"interview": "2026-11-20T14:00", "timezone": "Europe/Paris", "\\udce9": 1}'
    child, records = run_lines(tmp_path, f"{GOOD}\n{bad}\n{GOOD}\n".encode())
    assert_one_record_per_line(child, records, bad=2, total=3)


@pytest.mark.parametrize("first", ["", "{broken", "[1, 2]"], ids=["empty", "invalid", "not-an-object"])
def test_a_bad_first_line_does_not_stop_the_run(tmp_path: Path, first: str) -> None:
    child, records = run_lines(tmp_path, f"{first}\n{GOOD}\n{GOOD}\n{GOOD}\n".encode())
    if first:
        assert_one_record_per_line(child, records, bad=1, total=4)
    else:
        assert child.returncode == 0, child.describe()
        assert len(records) == 3 and all("error" not in got for got in records)


# --- interruption ------------------------------------------------------------------------


def interrupt_when(running: Any, ready: Any, timeout: float = 60.0) -> None:
    """Send SIGINT once ``ready()`` says the run is well under way."""
    deadline = time.monotonic() + timeout
    while not ready():
        assert running.process.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline, "the run never got under way"
        time.sleep(0.05)
    running.send(signal.SIGINT)


def long_batch(tmp_path: Path) -> None:
    rng = random.Random(3)
    write_batch(tmp_path / "big.jsonl", [valid_line(index, rng) for index in range(30_000)])


def temporaries(tmp_path: Path) -> list[Path]:
    return [path for path in tmp_path.iterdir() if path.name.startswith(".out.jsonl")]


@pytest.mark.parametrize("previous", [None, "previous run\n"], ids=["no-previous-output", "previous-output"])
def test_ctrl_c_leaves_no_partial_output_file(tmp_path: Path, previous: str | None) -> None:
    long_batch(tmp_path)
    if previous is not None:
        (tmp_path / "out.jsonl").write_text(previous, encoding="utf-8")
    running = start_engine(["advise", "--input", "big.jsonl", "--output", "out.jsonl", "--format", "json",
                            "--now", NOW], cwd=tmp_path)

    def writing() -> bool:
        return any(path.stat().st_size > 100_000 for path in temporaries(tmp_path))

    interrupt_when(running, writing)
    child = running.wait(60)
    line = assert_clean_failure(child, 130)
    assert line.startswith("followup: interrupted")
    assert temporaries(tmp_path) == []
    if previous is None:
        assert not (tmp_path / "out.jsonl").exists()
    else:
        assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == previous
    record("batch: Ctrl-C to exit", f"{child.seconds:.1f} s after start")


def test_ctrl_c_on_stdout_mode_exits_130(tmp_path: Path) -> None:
    long_batch(tmp_path)
    running = start_engine(["advise", "--input", "-", "--format", "json", "--now", NOW], cwd=tmp_path,
                           stdin=tmp_path / "big.jsonl")
    stdout = next(tmp_path.glob(".child-*.out"))
    interrupt_when(running, lambda: stdout.stat().st_size > 100_000)
    child = running.wait(60)
    line = assert_clean_failure(child, 130)
    assert line == "followup: interrupted"
    complete = child.stdout[: child.stdout.rfind(b"\n") + 1].decode().splitlines()
    assert len(complete) > 10
    for text in complete:
        json.loads(text)  # the records written before the interruption are whole
