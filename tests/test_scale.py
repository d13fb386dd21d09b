"""engine.scale: plans for DataFrames of situations, on pandas and on a real Dask LocalCluster.

The plan column must hold the very bytes ``followup advise --input F.jsonl`` writes for
the same situations, row for row, and a Dask cluster must give the same table as pandas.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

pd = pytest.importorskip("pandas")
dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import engine  # noqa: E402
from benchmarks.situations import BATCH_NOW, situations  # noqa: E402
from engine.frontends.cli import main  # noqa: E402
from engine.scale import PLAN_COLUMNS, advise_frame  # noqa: E402

BAD = {"interview": "2026-11-20T14:00", "timezone": "Mars/Olympus", "ref": "bad-zone"}


def _rows(count: int) -> list[dict[str, object]]:
    """Situations of both mixes, a third with a ``ref``, and a bad one in the middle."""
    rows: list[dict[str, object]] = [*situations(count // 2, seed=16), *situations(count - count // 2, seed=16,
                                                                                  mix="worldwide")]
    for index, situation in enumerate(rows):
        if index % 3 == 0:
            situation["ref"] = f"application-{index}"
    rows.insert(count // 2, BAD)
    return rows


def _cli_lines(rows: list[dict[str, object]], tmp_path: Path) -> list[str]:
    """What the command line writes for the same situations, one line each."""
    source = tmp_path / "situations.jsonl"
    source.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    done = CliRunner().invoke(main, ["advise", "--input", str(source), "--now", BATCH_NOW, "--format", "json"])
    assert done.exit_code == 2  # the bad row
    return done.stdout_bytes.decode().splitlines()


def test_a_pandas_frame_gets_the_plans_the_command_line_writes(tmp_path: Path) -> None:
    rows = _rows(41)
    frame = pd.DataFrame(rows, index=[f"r{i}" for i in range(len(rows))])
    assert frame.isna().any().any()  # absent fields are NaN cells in a table
    result = advise_frame(frame, now=BATCH_NOW)

    assert list(result.columns) == list(PLAN_COLUMNS)
    assert list(result.index) == list(frame.index)
    lines = _cli_lines(rows, tmp_path)
    for got, row, line in zip(result.to_dict("records"), rows, lines, strict=True):
        assert got["ref"] == row.get("ref")
        if row is BAD:
            assert got["error"].startswith("timezone: unknown time zone 'Mars/Olympus'")
            assert got["verdict"] is got["plan"] is got["next_time"] is None
            assert json.loads(line)["error"]["field"] == "timezone"
            continue
        assert got["error"] is None
        assert got["plan"] == line  # the same bytes as a line of the JSON Lines output
        plan = engine.advise(row, now=BATCH_NOW)
        assert got["verdict"] == plan.verdict.verdict
        assert got["move_on_after"] == plan.to_dict()["move_on_after"]
        verdict = json.loads(got["plan"])["now"]
        if verdict["verdict"] in ("call_now", "email_now"):
            assert (got["next_action"], got["next_time"]) == (verdict["verdict"][:-4], verdict["at"])
        elif verdict["verdict"] == "wait_until":
            step = next(s for s in plan.to_dict()["steps"] if s["purpose"] == verdict["purpose"])
            assert (got["next_action"], got["next_time"]) == (step["action"], verdict["until"])
        else:
            assert (got["next_action"], got["next_time"]) == ("none", None)


def test_typed_columns_read_as_the_situation_fields() -> None:
    frame = pd.DataFrame({
        "interview": pd.to_datetime(["2026-11-20T14:00:00-05:00", "2026-11-23T10:00:00-05:00"]),
        "timezone": ["America/New_York", "America/New_York"],
        "promised_reply_by": [pd.Timestamp("2026-11-27").date(), None],
        "heard_back": [math.nan, True],
        "contacts": [None, '[{"at": "2026-11-23T11:00", "channel": "email"}]'],  # JSON text, as a table holds it
    })
    result = advise_frame(frame, now="2026-11-21T10:00-05:00")
    assert result["error"].isna().all(), result["error"].tolist()
    first, second = (json.loads(text)["situation"] for text in result["plan"])
    assert first["interview"] == "2026-11-20T14:00:00-05:00" and first["promised_reply_by"] == "2026-11-27"
    assert "heard_back" not in first  # NaN: not given
    assert second["heard_back"] is True and "promised_reply_by" not in second
    assert second["contacts"] == [{"at": "2026-11-23T11:00:00-05:00", "channel": "email"}]


def test_anything_but_a_frame_is_refused() -> None:
    with pytest.raises(TypeError, match="pandas or Dask DataFrame, not list"):
        advise_frame([{"interview": "2026-11-20T14:00"}], now=BATCH_NOW)


@pytest.mark.slow
def test_a_dask_local_cluster_with_two_workers_gives_the_same_table() -> None:
    rows = _rows(60)
    frame = pd.DataFrame(rows)
    expected = advise_frame(frame, now=BATCH_NOW)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        lazy = advise_frame(dd.from_pandas(frame, npartitions=6), now=BATCH_NOW)
        with distributed.get_task_stream(client) as stream:
            result = client.compute(lazy).result()
    assert len({task["worker"] for task in stream.data}) == 2  # both worker processes planned
    pd.testing.assert_frame_equal(result, expected)


# --- tables as pandas, pyarrow and Dask hand them over, with their default settings ----------


def _jsonl(rows: list[dict[str, object]], tmp_path: Path) -> Path:
    path = tmp_path / "applications.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def _good_rows() -> list[dict[str, object]]:
    """Situations whose yes-or-no fields and contacts have gaps: some rows have them, most not."""
    rows = [*situations(40, seed=28), *situations(40, seed=28, mix="worldwide")]
    assert any("heard_back" in row for row in rows) and any("traditional" in row for row in rows)
    assert any("contacts" in row for row in rows)
    return rows


def _assert_same_plans(result: pd.DataFrame, lines: list[str]) -> None:
    assert result["error"].isna().all(), result["error"].dropna().tolist()[:3]
    assert result["plan"].tolist() == lines  # byte for byte what the command line writes


@pytest.mark.parametrize("backend", ["numpy_nullable", "pyarrow", None])
def test_read_json_lines_of_the_file_the_command_line_reads(tmp_path: Path, backend: str | None) -> None:
    rows = _good_rows()
    path = _jsonl(rows, tmp_path)
    frame = pd.read_json(path, lines=True, **({"dtype_backend": backend} if backend else {}))
    if backend is None:  # pandas' own choice: booleans with gaps become 1.0 and NaN
        assert frame["heard_back"].dtype == "float64"
    _assert_same_plans(advise_frame(frame, now=BATCH_NOW), _cli_lines_ok(rows, tmp_path))


def _cli_lines_ok(rows: list[dict[str, object]], tmp_path: Path) -> list[str]:
    done = CliRunner().invoke(main, ["advise", "--input", str(_jsonl(rows, tmp_path)), "--now", BATCH_NOW])
    assert done.exit_code == 0, done.output[:300]
    return done.stdout_bytes.decode().splitlines()


def test_pyarrow_string_columns(tmp_path: Path) -> None:
    rows = _good_rows()
    frame = pd.DataFrame(rows)
    text = [name for name in ("interview", "timezone", "country", "purpose", "industry") if name in frame]
    frame = frame.astype(dict.fromkeys(text, "string[pyarrow]"))
    assert frame["interview"].dtype == "string"
    _assert_same_plans(advise_frame(frame, now=BATCH_NOW), _cli_lines_ok(rows, tmp_path))


def test_dask_with_its_default_settings(tmp_path: Path) -> None:
    rows = _good_rows()
    path = _jsonl(rows, tmp_path)
    with dask.config.set({"dataframe.convert-string": True}):  # Dask's default, said out loud
        converted = dd.from_pandas(pd.DataFrame(rows), npartitions=4)
        assert str(converted.compute()["heard_back"].dtype) == "string"  # booleans became text
        lines = _cli_lines_ok(rows, tmp_path)
        _assert_same_plans(advise_frame(converted, now=BATCH_NOW).compute(scheduler="sync"), lines)
        read = dd.read_json(str(path), lines=True, blocksize=None)
        _assert_same_plans(advise_frame(read, now=BATCH_NOW).compute(scheduler="sync"), lines)


def test_cells_as_tables_hold_them() -> None:
    base = {"interview": "2026-11-20T14:00", "timezone": "America/New_York"}
    contacts = [{"at": "2026-11-23T11:00", "channel": "email"}]
    frame = pd.DataFrame([
        {**base, "heard_back": "True", "traditional": "false", "contacts": repr(contacts)},
        {**base, "heard_back": 0.0, "traditional": 1.0, "contacts": json.dumps(contacts), "ref": 1234.0},
        {**base, "heard_back": "TRUE", "contacts": None, "company": math.nan},
    ])
    result = advise_frame(frame, now="2026-11-21T10:00")
    assert result["error"].isna().all(), result["error"].tolist()
    first, second, third = (json.loads(text)["situation"] for text in result["plan"])
    # false is the default, which a plan's situation leaves out
    assert (first["heard_back"], first.get("traditional", False)) == (True, False)
    assert (second.get("heard_back", False), second["traditional"], second["ref"]) == (False, True, "1234")
    assert first["contacts"] == second["contacts"] == [{"at": "2026-11-23T11:00:00-05:00", "channel": "email"}]
    assert third["heard_back"] is True and "contacts" not in third and "company" not in third


def test_text_that_is_not_a_list_is_never_run_and_gets_the_field_named() -> None:
    base = {"interview": "2026-11-20T14:00", "timezone": "America/New_York"}
    frame = pd.DataFrame([
        {**base, "contacts": "[__import__('os').system('touch /tmp/followup-scale-ran')]"},
        {**base, "heard_back": "maybe"},
    ])
    result = advise_frame(frame, now="2026-11-21T10:00")
    assert not Path("/tmp/followup-scale-ran").exists()
    assert result["error"][0].startswith("contacts: ")
    assert result["error"][1].startswith("heard_back: expected true or false")


def test_the_error_column_keeps_the_suggestion_the_command_line_gives() -> None:
    frame = pd.DataFrame([{"interview": "2026-11-20T14:00", "timezone": "America/New_York", "industry": "lgal",
                           "ref": "app-7"}])
    row = advise_frame(frame, now="2026-11-21T10:00").iloc[0]
    assert row["error"] == ("industry: unknown profile 'lgal'; known: academia, accounting, consulting, finance, "
                            "general, government, healthcare, it, legal, sales (did you mean 'legal'?)")
    assert row["suggestion"] == "legal" and row["ref"] == "app-7" and row["plan"] is None
