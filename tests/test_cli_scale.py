"""``followup advise --jobs N`` and ``--dask``: the bytes, error records and exit code of one process.

The input crosses several chunks of the process pool and holds bad lines (invalid JSON,
an unknown zone, a line too long, blank lines) at chunk boundaries, so that order and
error records are checked where they could go wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.situations import BATCH_NOW, situations
from engine.frontends.cli import main
from engine.frontends.cli.batch import MAX_INPUT
from engine.frontends.cli.parallel import CHUNK


def _input(path: Path, count: int, seed: int = 5) -> Path:
    lines = [json.dumps(s) for s in situations(count // 2, seed=seed)]
    lines += [json.dumps(s) for s in situations(count - count // 2, seed=seed, mix="worldwide")]
    lines[CHUNK - 1] = "{not json"
    lines[CHUNK] = json.dumps({"interview": "2026-11-20T14:00", "timezone": "Mars/Olympus", "ref": "bad-zone"})
    lines[CHUNK + 5] = ""
    lines[2 * CHUNK + 1] = '{"interview": "' + "x" * MAX_INPUT + '"}'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _advise(*args: str) -> tuple[int, bytes, str]:
    done = CliRunner().invoke(main, ["advise", "--now", BATCH_NOW, *args])
    return done.exit_code, done.stdout_bytes, done.stderr


@pytest.mark.slow  # a long run: CI's slow set
def test_jobs_give_the_bytes_and_errors_of_one_process(tmp_path: Path) -> None:
    source = _input(tmp_path / "in.jsonl", 2 * CHUNK + 130)
    one = _advise("--input", str(source))
    assert one[0] == 2 and one[2] == "followup: 3 of 529 lines had errors\n"
    records = [json.loads(line) for line in one[1].splitlines()]
    assert [r["line"] for r in records if "error" in r] == [CHUNK, CHUNK + 1, 2 * CHUNK + 2]
    for jobs in ("2", "3", "0"):
        assert _advise("--input", str(source), "--jobs", jobs) == one, jobs
    output = tmp_path / "out.jsonl"
    code, stdout, _ = _advise("--input", str(source), "--jobs", "2", "--output", str(output))
    assert (code, stdout, output.read_bytes()) == (2, b"", one[1])


def test_jobs_must_be_a_count() -> None:
    code, _, stderr = _advise("--input", "-", "--jobs", "-1")
    assert code == 2 and "--jobs" in stderr and "-1" in stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--dask", "local:2"], "--dask and --output-dir go together, with --input 'GLOB' (JSON Lines files)"),
    (["--output-dir", "out", "--input", "x.jsonl"], "--dask and --output-dir go together"),
    (["--dask", "local:2", "--output-dir", "out", "--input", "in/*.jsonl", "--jobs", "2"],
     "--dask writes JSON Lines into --output-dir; leave out --output, --jobs and --format"),
    (["--dask", "local:2", "--output-dir", "out", "--input", "nothing/*.jsonl"], "--input nothing/*.jsonl: no file matches"),
    (["--dask", "local:zero", "--output-dir", "out", "--input", "in/*.jsonl"],
     "--dask: local:N needs a number of workers of 1 or more, got 'local:zero'"),
    (["--dask", "udp://there", "--output-dir", "out", "--input", "in/*.jsonl"],
     "--dask: expected local:N or tcp://HOST:PORT, got 'udp://there'"),
])
def test_dask_usage_errors_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                                        message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_text(json.dumps(next(situations(1))) + "\n", encoding="utf-8")
    code, stdout, stderr = _advise(*args)
    assert (code, stdout) == (2, b"")
    assert stderr.startswith(f"followup: error: {message}") and stderr.count("\n") == 1, stderr


@pytest.mark.slow
def test_dask_local_cluster_writes_each_file_as_one_process_would(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _input(folder / "first.jsonl", CHUNK * 2 + 10)
    (folder / "second.jsonl").write_text("".join(json.dumps(s) + "\n" for s in situations(40, seed=9)),
                                         encoding="utf-8")
    code, stdout, stderr = _advise("--input", str(folder / "*.jsonl"), "--output-dir", str(tmp_path / "out"),
                                   "--dask", "local:2")
    assert (code, stdout) == (2, b"")
    assert stderr.endswith("followup: 3 of 449 lines had errors\n")
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["first.jsonl", "second.jsonl"]
    for name in ("first.jsonl", "second.jsonl"):
        alone = _advise("--input", str(folder / name))
        assert (tmp_path / "out" / name).read_bytes() == alone[1], name
