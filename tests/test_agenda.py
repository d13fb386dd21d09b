"""`followup agenda`: a tracker's CSV (or JSON Lines) in, what to do next for each application out."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from engine.frontends.cli import main
from engine.testing.strategies import zones

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
    assert [str(later[uid]["summary"]) for uid in new] == ["Acme Analytics \u2014 Data analyst: mention a competing offer"]
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
    assert "Agenda: 1 application," in result.stdout and "London time" in result.stdout


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


# A tracker's export as a spreadsheet saves it: semicolons, a space between date and time,
# industries in capitals, and the same sheet as an Excel workbook.
EXAMPLE = FIXTURE.parents[3] / "docs" / "agenda-example.csv"
WORKBOOK = EXAMPLE.with_suffix(".xlsx")
# Monday 23 November, 09:00 in London: 04:00 in New York, 10:00 in Berlin, 18:00 in Tokyo.
LONDON_MORNING = "2026-11-23T09:00Z"


def test_a_spreadsheet_export_with_semicolons_and_space_date_times_gives_every_application() -> None:
    result = CliRunner().invoke(main, ["agenda", str(EXAMPLE), "--now", LONDON_MORNING, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"followup: warning: {EXAMPLE}: ignoring unknown columns: Notes\n"
    data = json.loads(result.stdout)
    assert data["errors"] == []
    items = by_ref(data)
    assert len(items) == 20
    # Acme (IT, interviewed Fri 20 Nov 14:00 New York): thank them on Monday, in New York's office hours.
    assert (items["A-01"]["industry"], items["A-01"]["purpose"], items["A-01"]["action"]) == ("it", "thank_you", "email")
    assert items["A-01"]["status"] == "soon" and items["A-01"]["day"] == "2026-11-23"
    # Ridgeway (Berlin, 10:00 there): a thank-you e-mail now.
    assert items["A-18"]["status"] == "now" and items["A-18"]["timezone"] == "Europe/Berlin"
    # Globex: the e-mail of 18 Nov (written "2026-11-18 10:00 email") is counted; next, a status call.
    assert (items["A-07"]["purpose"], items["A-07"]["action"]) == ("status", "call")
    # Kestrel answered; Maple's interview was five weeks ago.
    assert items["A-11"]["status"] == "done" and items["A-13"]["status"] == "move_on"


def test_the_same_sheet_as_an_xlsx_workbook_gives_the_same_agenda() -> None:
    for fmt in ("json", "text", "ics"):
        from_csv = CliRunner().invoke(main, ["agenda", str(EXAMPLE), "--now", LONDON_MORNING, "--format", fmt,
                                             "--my-timezone", "Europe/London"])
        from_xlsx = CliRunner().invoke(main, ["agenda", str(WORKBOOK), "--now", LONDON_MORNING, "--format", fmt,
                                              "--my-timezone", "Europe/London"])
        assert from_xlsx.exit_code == 0, from_xlsx.stderr
        assert from_xlsx.stdout_bytes == from_csv.stdout_bytes


def test_a_damaged_workbook_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    result = agenda(path)
    assert result.exit_code == 2 and result.stdout == ""
    assert f"followup: error: {path}: not a readable .xlsx workbook" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("separator", [";", "\t", ","])
def test_cells_may_be_separated_by_semicolons_tabs_or_commas(tmp_path: Path, separator: str) -> None:
    rows = [["Ref", "Company", "Interview", "Time zone", "Industry", "Contacts"],
            ["L-1", "Lane, Hart & Co", "2026-11-16 10:00:00", "America/New_York", "LEGAL", "2026-11-17 09:30 email"]]
    path = tmp_path / "tracker.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=separator).writerows(rows)
    result = agenda(path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    [item] = json.loads(result.stdout)["applications"]
    assert (item["ref"], item["company"], item["industry"]) == ("L-1", "Lane, Hart & Co", "legal")
    # Thanked on the 17th: what is left is to ask about the status.
    assert item["purpose"] == "status"


def test_situation_flags_fill_what_a_row_lacks(tmp_path: Path) -> None:
    path = _csv(tmp_path, "ref,interview,timezone\nD-1,2026-11-20 10:00,\nL-1,2026-11-20 10:00,Europe/London\n")
    result = agenda(path, "--format", "json", "--timezone", "Europe/Berlin", "--industry", "IT", "--country", "DE")
    assert result.exit_code == 0, result.stderr
    items = by_ref(json.loads(result.stdout))
    assert (items["D-1"]["timezone"], items["D-1"]["industry"]) == ("Europe/Berlin", "it")
    assert items["L-1"]["timezone"] == "Europe/London"  # a row's own value wins


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("timezone", "Europe/Londn", "row 2: timezone: unknown time zone 'Europe/Londn' (did you mean 'Europe/London'?)"),
    ("industry", "legl", "(did you mean 'legal'?)"),
    ("country", "UK", "row 2: country: no public-holiday calendar for 'UK' (did you mean 'GB'?)"),
])
def test_a_bad_cell_keeps_the_did_you_mean_hint(tmp_path: Path, column: str, value: str, expected: str) -> None:
    cells = {"timezone": "Europe/London", "industry": "general", "country": "GB", column: value}
    path = _csv(tmp_path, "interview,timezone,industry,country\n"
                          f"2026-11-20T10:00,{cells['timezone']},{cells['industry']},{cells['country']}\n")
    result = agenda(path)
    assert result.exit_code == 2
    assert expected in result.stderr


def test_a_bad_default_zone_is_one_line_with_its_hint() -> None:
    result = agenda(EXAMPLE, "--timezone", "Europe/Londn")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == "followup: error: --timezone: unknown time zone 'Europe/Londn' " \
                            "(did you mean 'Europe/London'?)\n"


def test_a_missing_file_is_named_not_an_option(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["agenda", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert result.stderr == f"followup: error: {tmp_path / 'nope.csv'}: cannot read: No such file or directory\n"


def test_times_are_on_the_candidates_clock_with_the_employers_beside_in_one_order(tmp_path: Path) -> None:
    path = _csv(tmp_path, "ref,company,interview,timezone\n"
                          "T-1,Tokio Denki,2026-11-20 10:00,Asia/Tokyo\n"
                          "N-1,North Star,2026-11-20 10:00,America/New_York\n"
                          "B-1,Bayer Werk,2026-11-20 10:00,Europe/Berlin\n")
    result = CliRunner().invoke(main, ["agenda", str(path), "--now", "2026-11-23T08:30Z", "--no-drafts",
                                       "--my-timezone", "Europe/London"])
    assert result.exit_code == 0, result.stderr
    # 08:30 in London is 09:30 in Berlin (office hours: now), 03:30 in New York (later today)
    # and 17:30 in Tokyo (after hours: Tuesday 09:00 there, midnight in London).
    assert result.stdout.splitlines() == [
        "Agenda: 3 applications, the next 7 days; times are yours (London time), each employer's beside them "
        "where they differ.",
        "",
        "Mon 23 Nov (today)",
        "  NOW Mon 23 Nov 08:00\u201316:00 London time (09:00\u201317:00 Berlin time): Bayer Werk [B-1]: "
        "send a thank-you e-mail",
        "  Mon 23 Nov 14:00\u201322:00 London time (09:00\u201317:00 New York time): North Star [N-1]: "
        "send a thank-you e-mail",
        "",
        "Tue 24 Nov",
        "  Tue 24 Nov 00:00\u201308:00 London time (09:00\u201317:00 Tokyo time): Tokio Denki [T-1]: "
        "send a thank-you e-mail",
    ]


def test_calendar_events_name_the_employer_and_role_even_without_drafts() -> None:
    result = agenda(EXAMPLE, "--format", "ics", "--no-drafts")
    assert result.exit_code == 0, result.stderr
    titles = [str(event["summary"]) for event in Calendar.from_ical(result.stdout_bytes).walk("VEVENT")]
    assert "Acme Analytics \u2014 data analyst: say thank you" in titles
    assert "Globex Sales \u2014 account executive: ask about the status" in titles
    assert all(" \u2014 " in title for title in titles)
    assert not any(title.startswith("Follow-up") for title in titles)


def _nothing_uid(path: Path) -> str:
    result = agenda(path, "--format", "ics")
    assert result.exit_code == 0, result.stderr
    [event] = Calendar.from_ical(result.stdout_bytes).walk("VEVENT")
    assert str(event["summary"]) == "Follow-up: nothing to do"
    return str(event["uid"])


def test_each_agenda_with_nothing_to_do_has_its_own_note(tmp_path: Path) -> None:
    one = tmp_path / "one.csv"
    one.write_text("ref,interview,timezone,heard_back\nK-1,2026-11-16T10:00,America/New_York,yes\n", encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_text("ref,interview,timezone,heard_back\nK-2,2026-11-16T10:00,America/New_York,yes\n",
                     encoding="utf-8")
    first = _nothing_uid(one)
    assert first.endswith("@followup-etiquette")
    assert _nothing_uid(other) != first
    assert _nothing_uid(one) == first  # the same agenda again updates its note


def test_a_ref_given_twice_is_a_warning_naming_both_rows(tmp_path: Path) -> None:
    path = _csv(tmp_path, "ref,company,interview,timezone\nA-1,Acme,2026-11-20T10:00,America/New_York\n"
                          "B-1,Bolt,2026-11-20T10:00,America/New_York\nA-1,Acme,2026-11-20T15:00,America/New_York\n")
    result = agenda(path)
    assert result.exit_code == 0
    assert (f"followup: warning: {path}: rows 2 and 4 have the same ref 'A-1'; give each application its own ref, "
            "so that each has its own events in a calendar") in result.stderr
    assert "B-1" not in result.stderr


def test_a_ref_given_on_many_rows_is_one_short_warning(tmp_path: Path) -> None:
    rows = "".join("A-1,2026-11-20T10:00,America/New_York\n" for _ in range(9))
    result = agenda(_csv(tmp_path, "ref,interview,timezone\n" + rows))
    warnings = [line for line in result.stderr.splitlines() if "same ref" in line]
    assert warnings == [f"followup: warning: {tmp_path / 'tracker.csv'}: rows 2, 3, 4, 5, 6 and 4 more have the same "
                        "ref 'A-1'; give each application its own ref, so that each has its own events in a calendar"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(zones()))
def test_wherever_the_candidate_is_the_days_and_times_are_in_one_order(mine: str) -> None:
    """Each listed time is on the candidate's clock, under its own day, and they never go back."""
    result = CliRunner().invoke(main, ["agenda", str(EXAMPLE), "--now", LONDON_MORNING, "--no-drafts",
                                       "--my-timezone", mine])
    assert result.exit_code == 0, result.stderr
    listed = result.stdout.split("\nLater\n")[0]
    starts = []
    day = None
    for line in listed.splitlines()[1:]:
        if line and not line.startswith(" "):
            day = line.removesuffix(" (today)")
            continue
        found = re.match(r"  (?:NOW )?(\w{3} \d{1,2} \w{3}(?: \d{4})?) (\d{2}:\d{2})", line)
        if found:
            assert found.group(1) == day, line
            starts.append(datetime.strptime(f"{found.group(1)} {found.group(2)}" if found.group(1)[-4:].isdigit()
                                            else f"{found.group(1)} 2026 {found.group(2)}", "%a %d %b %Y %H:%M"))
    assert len(starts) >= 15
    assert starts == sorted(starts)


def test_what_to_say_comes_with_the_candidates_today() -> None:
    """09:00 in London is 22:00 in Auckland: Crane Audit's call at 14:00 London time is at 03:00
    tomorrow for a candidate in Auckland, listed under tomorrow and without its script yet."""
    result = CliRunner().invoke(main, ["agenda", str(EXAMPLE), "--now", LONDON_MORNING,
                                       "--my-timezone", "Pacific/Auckland"])
    assert result.exit_code == 0, result.stderr
    today, tomorrow = result.stdout.split("\nMon 23 Nov (today)\n")[1].split("\nTue 24 Nov\n")
    crane = ("  Tue 24 Nov 03:00\u201304:00 Auckland time (Mon 23 Nov 14:00\u201315:00 London time): "
             "Crane Audit \u2014 senior auditor [A-03]: call to say thank you")
    assert crane in tomorrow.splitlines()
    assert "What to say" not in tomorrow.split("\nLater\n")[0]
    assert "What to say (e-mail):" in today


def test_the_note_of_an_agenda_with_nothing_to_do_says_why_for_each_application(tmp_path: Path) -> None:
    path = _csv(tmp_path, "ref,company,role,interview,timezone,heard_back\n"
                          "K-1,Kestrel Media,editor,2026-11-16T10:00,America/New_York,yes\n"
                          "M-1,Maple Bank,risk analyst,2026-10-01T10:00,America/Toronto,\n")
    result = agenda(path, "--format", "ics")
    assert result.exit_code == 0, result.stderr
    [event] = Calendar.from_ical(result.stdout_bytes).walk("VEVENT")
    lines = str(event["description"]).splitlines()
    assert lines[0] == "No application has a follow-up ahead."
    assert lines[1] == "- Maple Bank \u2014 risk analyst [M-1]: The time for following up has passed; move on."
    assert lines[2].startswith("- Kestrel Media \u2014 editor [K-1]: The employer has answered already")


# The agenda's own words in the candidate's language (written by hand from German usage).
GERMAN_ROWS = ("ref,company,interview,timezone,country\n"
               "B-1,Bayer Werk,2026-11-20 10:00,Europe/Berlin,DE\n"
               "M-1,Meyer AG,2026-09-01 10:00,Europe/Berlin,DE\n")


def test_an_agenda_in_german_is_german_throughout(tmp_path: Path) -> None:
    path = _csv(tmp_path, GERMAN_ROWS)
    result = CliRunner().invoke(main, ["agenda", str(path), "--now", "2026-11-23T09:30", "--no-drafts",
                                       "--my-timezone", "Europe/Berlin", "--language", "de"])
    assert result.exit_code == 0, result.stderr
    # Monday 09:30 in Berlin: thank now for Friday's interview; September's is long past.
    assert result.stdout.splitlines() == [
        "Agenda: 2 Bewerbungen, die nächsten 7 Tage; Zeiten in Ihrer Zeitzone (Ortszeit Berlin), daneben die des "
        "jeweiligen Arbeitgebers, falls abweichend.",
        "",
        "Mo., 23. Nov. (heute)",
        "  JETZT Mo., 23. Nov. 09:00\u201317:00 Ortszeit Berlin: Bayer Werk [B-1]: Dankes-E-Mail schreiben",
        "",
        "Nach vorn schauen (keine Zeit mehr zum Nachfassen)",  # one term for moving on
        "  Meyer AG [M-1]: Die Zeit zum Nachfassen ist vorbei; schauen Sie nach vorn.",  # the catalog's reviewed words
    ]
    one = CliRunner().invoke(main, ["agenda", str(path), "--now", "2026-11-23T09:30", "--no-drafts",
                                    "--language", "de", "--format", "ics"])
    assert one.exit_code == 0 and "SUMMARY:Bayer Werk: nachfassen\\, um sich zu bedanken" in one.stdout


def test_the_agenda_speaks_the_candidates_language_and_each_draft_its_employers(tmp_path: Path) -> None:
    path = _csv(tmp_path, GERMAN_ROWS + "T-1,Tokio Denki,2026-11-20 10:00,Asia/Tokyo,JP\n")
    args = ["agenda", str(path), "--now", "2026-11-23T09:30", "--my-timezone", "Europe/Berlin"]
    # No language asked: the candidate reads English; the e-mail to Bayer Werk is German (the country's).
    english = CliRunner().invoke(main, args).stdout
    assert english.startswith("Agenda: 3 applications, the next 7 days;")
    assert "Bayer Werk [B-1]: send a thank-you e-mail" in english
    assert "Move on (no time to follow up is left)" in english
    assert "Betreff:" not in english and "Subject:" in english and "Sehr geehrte" in english
    # In Japanese: the candidate's lines; Bayer Werk's e-mail is still German.
    japanese = CliRunner().invoke(main, [*args, "--language", "ja"]).stdout
    assert japanese.startswith("予定\uff1a応募3件、今後7日間。")
    assert "Bayer Werk [B-1]\uff1aお礼のメールを送る" in japanese
    # JSON: each row's sentence in the candidate's language, with its plan's language.
    data = json.loads(CliRunner().invoke(main, [*args, "--format", "json", "--language", "de"]).stdout)
    assert [(row["ref"], row["language"]) for row in data["applications"]] == [("B-1", "de"), ("T-1", "de"),
                                                                               ("M-1", "de")]
    assert data["applications"][2]["reason"] == "die Zeit zum Nachfassen ist vorbei; schauen Sie nach vorn"
    plain = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).stdout)
    assert [row["language"] for row in plain["applications"]] == ["de", "ja", "de"]
    assert plain["applications"][2]["reason"] == "the time for following up has passed; move on"
