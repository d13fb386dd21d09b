"""Edges of the library and the command line: text that is not text, missing dates, arguments of the wrong kind.

Whatever is given, the library raises a :class:`engine.FollowupError` (a
:class:`engine.SituationError` naming the field for a situation), a batch gives that
line's error record, and the command line prints one line and exits 2: never a
``UnicodeEncodeError``, ``TypeError`` or ``ValueError`` traceback, nor a warning.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import engine

from .support import assert_clean_failure, run_engine

NOW = "2026-11-21T10:00"
BASE = {"interview": "2026-11-20T14:00", "timezone": "Europe/Berlin"}
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("field", ["company", "role", "interviewer", "candidate", "ref"])
@pytest.mark.parametrize("text", ["A\ud800B", "\udcff", "Jo\udfffe"])
def test_a_lone_surrogate_is_a_situation_error_naming_its_field(field: str, text: str) -> None:
    with pytest.raises(engine.SituationError) as raised:
        engine.advise({**BASE, field: text}, now=NOW)
    assert raised.value.field == field
    assert "lone surrogate" in raised.value.message
    str(raised.value).encode()  # the message itself can be printed


def test_a_surrogate_pair_written_out_is_still_refused_but_a_real_character_is_not() -> None:
    assert engine.advise({**BASE, "company": "Ac\U0001f600me"}, now=NOW).situation.company == "Ac\U0001f600me"
    with pytest.raises(engine.SituationError):
        engine.advise({**BASE, "company": "Ac\ud83d\ude00me"}, now=NOW)


def test_a_byte_that_is_not_utf8_in_a_flag_is_one_line(tmp_path: Path) -> None:
    args = [sys.executable, "-m", "engine", "advise", "--interview", BASE["interview"], "--timezone",
            BASE["timezone"], "--now", NOW]
    for fmt in ("text", "json", "ics"):
        done = subprocess.run([*args, "--format", fmt, "--interviewer", b"Jo\xff"], capture_output=True, timeout=120,
                              cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, check=False)
        err = done.stderr.decode("utf-8", "replace")
        assert done.returncode == 2 and done.stdout == b"", err
        assert err == ("followup: error: interviewer: not valid text: 'Jo\\udcff' holds a lone surrogate "
                       "(bytes that were not UTF-8?)\n")


def test_a_surrogate_in_one_agenda_line_is_that_rows_error(tmp_path: Path) -> None:
    lines = [json.dumps({**BASE, "ref": "one", "company": "Acme"}),
             '{"interview": "2026-11-20T14:00", "timezone": "Europe/Berlin", "company": "A\\ud800B"}',
             json.dumps({**BASE, "ref": "three"})]
    (tmp_path / "apps.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for fmt in ("text", "json", "ics"):
        child = run_engine(["agenda", "apps.jsonl", "--now", NOW, "--format", fmt], cwd=tmp_path)
        assert child.returncode == 2 and "Traceback" not in child.err, child.describe()
        assert child.err.splitlines() == [
            "followup: apps.jsonl: row 2: company: not valid text: 'A\\ud800B' holds a lone surrogate "
            "(bytes that were not UTF-8?)",
            "followup: 1 of 3 rows had errors and are not in the agenda"]
        assert child.stdout  # the other two are planned
    planned = json.loads(run_engine(["agenda", "apps.jsonl", "--now", NOW, "--format", "json"], cwd=tmp_path).stdout)
    assert [item["ref"] for item in planned["applications"]] == ["one", "three"]


def test_a_surrogate_in_a_batch_line_is_its_error_record(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text(json.dumps({**BASE, "interviewer": "\udcff"}) + "\n"
                                       + json.dumps(BASE) + "\n", encoding="utf-8")
    child = run_engine(["advise", "--input", "in.jsonl", "--now", NOW], cwd=tmp_path)
    assert_clean_failure(child, 2)
    records = [json.loads(line) for line in child.out.splitlines()]
    assert records[0]["error"]["field"] == "interviewer" and "steps" in records[1] and "error" not in records[1]


@pytest.mark.parametrize("field", ["promised_reply_by", "competing_offer_deadline", "interview"])
@pytest.mark.parametrize("value", [datetime.max, datetime.min, datetime(2201, 1, 1, tzinfo=timezone.utc),
                                   date.max, date(1, 1, 1)])
def test_dates_out_of_range_are_refused_alike_whatever_their_type(field: str, value: Any) -> None:
    """``datetime.max`` is refused as ``date(1, 1, 1)`` is: a date field takes no date-time at all, and
    a date or date-time beyond 1900-2200 is out of range."""
    if field == "interview" and not isinstance(value, datetime):
        value = datetime.combine(value, datetime.min.time())
    with pytest.raises(engine.SituationError) as raised:
        engine.advise({**BASE, field: value}, now=NOW)
    assert raised.value.field == field
    if field != "interview" and isinstance(value, datetime):
        assert raised.value.message.startswith("give the date alone")
    else:
        assert f"year {value.year} is out of range (1900-2200)" in raised.value.message


@pytest.mark.parametrize("field", ["promised_reply_by", "competing_offer_deadline", "interview", "contacts"])
def test_pandas_nat_is_a_situation_error(field: str) -> None:
    value: Any = [{"at": pd.NaT}] if field == "contacts" else pd.NaT
    with pytest.raises(engine.SituationError) as raised:
        engine.advise({**BASE, field: value}, now=NOW)
    assert raised.value.field == ("contacts[0].at" if field == "contacts" else field)
    assert raised.value.message == "a missing value (NaT); leave the field out instead"
    with pytest.raises(engine.SituationError):
        engine.advise(BASE, now=pd.NaT)


@pytest.mark.parametrize(("arguments", "message"), [
    ({"profiles": b"my-profiles"}, "profiles: expected a Catalog or a list of profile folders, got bytes "
                                   "b'my-profiles'; give one folder as a list: profiles=['my-profiles']"),
    ({"profiles": "my-profiles"}, "profiles: expected a Catalog or a list of profile folders, got str "
                                  "'my-profiles'; give one folder as a list: profiles=['my-profiles']"),
    ({"profiles": 7}, "profiles: expected a Catalog or a list of profile folders, got int"),
    ({"profiles": [b"my-profiles"]}, "profiles: expected a profile folder (a path), got b'my-profiles'"),
    ({"backend": "bogus"}, "backend: unknown evaluator 'bogus'; one of durable, python"),
    ({"backend": 3}, "backend: unknown evaluator 3; one of durable, python"),
])
def test_arguments_of_the_wrong_kind_are_followup_errors(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(engine.FollowupError) as raised:
        engine.advise(BASE, now=NOW, **arguments)
    assert type(raised.value) is engine.FollowupError and str(raised.value) == message


@pytest.mark.parametrize("name", ["one.json", "many.jsonl"])
def test_advise_input_closes_its_file(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(json.dumps(BASE) + "\n" + (json.dumps(BASE) + "\n") * name.endswith("l"),
                                 encoding="utf-8")
    done = subprocess.run([sys.executable, "-X", "dev", "-W", "error::ResourceWarning", "-m", "engine", "advise",
                           "--input", name, "--now", NOW], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, check=False)
    assert done.returncode == 0 and done.stderr == "", done.stderr
