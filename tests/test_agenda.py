"""`followup agenda`: a tracker's CSV (or JSON Lines) in, what to do next for each application out."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from icalendar import Calendar

from engine.frontends.cli import main

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "agenda" / "applications.csv"
NOW = "2026-11-23T09:00"


def agenda(path: Path | str, *args: str) -> Result:
    return CliRunner().invoke(main, ["agenda", str(path), "--now", NOW, *args])


def as_json(path: Path | str, *args: str) -> dict[str, Any]:
    result = agenda(path, "--format", "json", *args)
    assert result.exit_code in (0, 2), result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def by_ref(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["ref"]: item for item in data["applications"]}


def test_twenty_rows_give_an_agenda_and_the_bad_row_is_named() -> None:
    result = agenda(FIXTURE)
    assert result.exit_code == 2
    assert result.stderr.count("ignoring unknown columns: Notes, Salary") == 1
    assert f"{FIXTURE}: row 20: interview: not a valid date-time: '2026-11-31T10:00'" in result.stderr
    assert "1 of 20 rows had errors" in result.stderr
    text = result.stdout
    assert text.startswith("Agenda: 19 applications, the next 7 days")
    days = [line for line in text.splitlines() if line and not line.startswith(" ")]
    assert days[1:] == ["Mon 23 Nov (today)", "Tue 24 Nov", "Wed 25 Nov", "Thu 26 Nov", "Later",
                        "Move on (no time to follow up is left)", "Done (nothing to do)"]
    today, tomorrow = text.split("\nMon 23 Nov (today)\n")[1].split("\nTue 24 Nov\n")
    # Today's actions come with what to say, filled from the row's names; later ones without. Even the
    # informal `it` greets a name given with a title "Dear".
    assert "Dear Mr Boyd," in today and "Or a letter: Law firms" in today and "Dear Ms Rivera," in today
    assert "Hi Ms" not in today
    assert "Dear" not in tomorrow.split("\nLater\n")[0]
    assert "Summit Analytics" not in text


def test_each_application_gets_the_move_its_plan_says() -> None:
    items = by_ref(as_json(FIXTURE))
    assert len(items) == 19
    assert {ref: item["status"] for ref, item in items.items() if item["status"] != "soon" and
            item["status"] != "now"} == {"A-05": "later", "A-13": "move_on", "A-11": "done", "A-18": "done"}
    assert items["A-10"]["status"] == "now" and items["A-10"]["timezone"] == "Asia/Jerusalem"
    assert items["A-03"]["action"] == "call" and items["A-03"]["purpose"] == "thank_you"
    assert items["A-09"]["day"] == "2026-11-24" and items["A-09"]["draft"] is None  # not today: no draft
    assert items["A-02"]["draft"]["body"].startswith("Dear Mr Boyd,")
    assert items["A-11"]["reason"].startswith("The employer has answered already")


def test_applications_come_in_time_order() -> None:
    data = as_json(FIXTURE)
    moments = [datetime.fromisoformat(item["best"]["start"]) for item in data["applications"]
               if item["status"] in ("soon", "later")]
    assert moments == sorted(moments)
    statuses = [item["status"] for item in data["applications"]]
    assert statuses[-3:] == ["move_on", "done", "done"]


def test_errors_are_listed_for_tools_and_output_is_deterministic() -> None:
    first = agenda(FIXTURE, "--format", "json")
    second = agenda(FIXTURE, "--format", "json")
    assert first.stdout_bytes == second.stdout_bytes
    assert json.loads(first.stdout)["errors"] == [
        {"row": 20, "field": "interview", "message": "not a valid date-time: '2026-11-31T10:00'"}]


def _events(data: bytes) -> dict[str, Any]:
    return {str(event["uid"]): event for event in Calendar.from_ical(data).walk("VEVENT")}


def test_calendar_uids_are_stable_per_application_and_step(tmp_path: Path) -> None:
    """A later export for the same applications updates the same events, even after a row changes."""
    first = _events(agenda(FIXTURE, "--format", "ics").stdout_bytes)
    assert len(first) >= 15
    assert all(uid.endswith("@followup-etiquette") for uid in first)
    rows = list(csv.reader(FIXTURE.read_text(encoding="utf-8").splitlines()))
    rows[1][11] = "2026-11-26"  # A-01 learns of a competing offer: one more step, the others keep their UIDs
    changed = tmp_path / "later.csv"
    with changed.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    later = _events(CliRunner().invoke(main, ["agenda", str(changed), "--now", "2026-11-23T12:00",
                                              "--format", "ics"]).stdout_bytes)
    kept = set(first) & set(later)
    assert len(kept) >= len(first) - 4  # steps whose best time passed between 09:00 and 12:00 drop out
    for uid in kept:
        assert first[uid]["summary"] == later[uid]["summary"]
    new = set(later) - set(first)
    assert [str(later[uid]["summary"]) for uid in new] == ["Follow-up call: mention a competing offer"]
    descriptions = "".join(str(event["description"]) for event in first.values())
    assert "What to say" in descriptions


def test_json_lines_give_the_same_agenda(tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(FIXTURE.read_text(encoding="utf-8"))))
    lines = []
    for row in rows:
        situation = {key.lower().replace(" ", "_"): value for key, value in row.items()
                     if value and key not in ("Notes", "Salary", "Heard back", "Traditional", "Contacts")}
        if row["Heard back"]:
            situation["heard_back"] = True
        if row["Traditional"]:
            situation["traditional"] = True
        if row["Contacts"]:
            at, channel = row["Contacts"].split()
            situation["contacts"] = [{"at": at, "channel": channel}]
        lines.append(json.dumps(situation))
    lines.insert(3, "{not json")
    path = tmp_path / "applications.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from_lines = as_json(path)
    bad_json, bad_date = from_lines["errors"]
    assert (bad_json["row"], bad_json["field"]) == (4, "") and bad_json["message"].startswith("invalid JSON")
    assert bad_date == {"row": 20, "field": "interview", "message": "not a valid date-time: '2026-11-31T10:00'"}

    def without_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
        return [{key: value for key, value in item.items() if key != "row"} for item in data["applications"]]

    assert without_rows(from_lines) == without_rows(as_json(FIXTURE))


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tracker.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("cells", "expected"), [
    ("2026-11-17T10:00,America/New_York,maybe,", "row 2: traditional: expected true or false (yes/no, 1/0), got 'maybe'"),
    ("2026-11-17T10:00,Mars/Base,,", "row 2: timezone: unknown time zone 'Mars/Base'"),
    ("2026-11-17T10:00,America/New_York,,2026-11-18T10:00 fax", "row 2: contacts[0].channel: expected call or email"),
    ("2026-11-17T10:00,America/New_York,,,extra", "row 2: 5 cells, but the header has 4 columns"),
])
def test_a_bad_cell_names_its_row_and_field_and_the_rest_is_planned(tmp_path: Path, cells: str, expected: str) -> None:
    path = _csv(tmp_path, f"interview,timezone,traditional,contacts\n{cells}\n2026-11-17T10:00,Europe/London,no,\n")
    result = agenda(path)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Agenda: 1 application," in result.stdout and "Europe/London" in result.stdout


@pytest.mark.parametrize(("content", "expected"), [
    (b"company,role\nAcme,analyst\n", "tracker.csv:1: no 'interview' column"),
    (b"interview,Interview\n2026-11-17T10:00,x\n", "tracker.csv:1: column 'interview' appears twice"),
    (b"", "tracker.csv: empty: a CSV agenda starts with a header row"),
    (b"interview,company\n2026-11-17T10:00Z,Caf\xe9\n", "tracker.csv:2: not UTF-8 text"),
])
def test_an_unusable_file_is_one_line_and_exit_2(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "tracker.csv"
    path.write_bytes(content)
    result = agenda(path)
    assert result.exit_code == 2 and result.stdout == ""
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_headers_are_read_like_a_spreadsheet_writes_them(tmp_path: Path) -> None:
    path = _csv(tmp_path, "\ufeffInterview,Time-zone,Promised Reply By,Company,Heard back\n"
                          "2026-11-16T10:00,America/New_York,2026-11-20,{{7*7}} ${x} %s,\n")
    result = agenda(path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    item = json.loads(result.stdout)["applications"][0]
    assert item["company"] == "{{7*7}} ${x} %s"
    assert item["purpose"] == "status" and item["status"] in ("now", "soon")


def test_bad_now_and_missing_file_are_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["agenda", str(FIXTURE), "--now", "soon"])
    assert result.exit_code == 2 and "--now: not an ISO 8601 date-time" in result.stderr
    result = CliRunner().invoke(main, ["agenda", str(tmp_path / "none.csv")])
    assert result.exit_code == 2 and "cannot read" in result.stderr


def test_days_decides_what_is_listed_by_day_and_what_comes_later() -> None:
    one_day = by_ref(as_json(FIXTURE, "--days", "1"))
    week = by_ref(as_json(FIXTURE))
    assert week["A-14"]["day"] == "2026-11-25" and week["A-14"]["status"] == "soon"
    assert one_day["A-14"]["status"] == "later" and one_day["A-09"]["status"] == "soon"
    assert {ref for ref, item in one_day.items() if item["status"] == "now"} == \
        {ref for ref, item in week.items() if item["status"] == "now"}


def test_without_a_ref_the_uid_comes_from_the_interview_company_and_role(tmp_path: Path) -> None:
    path = _csv(tmp_path, "interview,timezone,company,role\n2026-11-16T10:00,America/New_York,Acme,analyst\n"
                          "2026-11-16T10:00,America/New_York,Bolt,analyst\n")
    early = _events(agenda(path, "--format", "ics").stdout_bytes)
    later = _events(CliRunner().invoke(main, ["agenda", str(path), "--now", "2026-11-23T15:00",
                                              "--format", "ics"]).stdout_bytes)
    assert len(early) == 2 and set(early) == set(later)


def test_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal the rows are counted on stderr as they are planned; in a pipe nothing is drawn."""
    main_fd, terminal = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(FIXTURE.parents[3])}
    done = subprocess.run([sys.executable, "-m", "engine", "agenda", str(FIXTURE), "--now", NOW, "--format", "json"],
                          stdout=subprocess.PIPE, stderr=terminal, env=env, timeout=300, check=False)
    os.close(terminal)
    drawn = b""
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    os.close(main_fd)
    assert done.returncode == 2 and json.loads(done.stdout)["errors"]
    assert b"agenda" in drawn and b"100%" in drawn
    piped = agenda(FIXTURE, "--format", "json")
    assert "100%" not in piped.stderr


def test_a_calendar_with_nothing_pending_holds_one_note(tmp_path: Path) -> None:
    path = _csv(tmp_path, "interview,timezone,purpose\n2026-11-16T10:00,America/New_York,grievance\n")
    result = agenda(path, "--format", "ics")
    assert result.exit_code == 0
    events = list(Calendar.from_ical(result.stdout_bytes).walk("VEVENT"))
    assert [str(event["summary"]) for event in events] == ["Follow-up: nothing to do"]
    assert str(events[0]["dtstart"].to_ical().decode()) == "20261123"
