"""``followup advise`` end to end, through a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import ROOT
from icalendar import Calendar

PLAN_SCHEMA = json.loads((ROOT / "schemas" / "plan.schema.json").read_text(encoding="utf-8"))
ARGS = ["--interview", "2026-11-20T14:00", "--timezone", "America/New_York", "--industry", "legal",
        "--country", "US", "--now", "2026-11-21T10:00"]


def followup(*args: str, stdin: str | None = None, cwd: Path = ROOT,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "engine", *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, timeout=120, env=None if env is None else {**os.environ, **env})


def test_json_output_validates_and_is_byte_identical() -> None:
    first = followup("advise", *ARGS, "--format", "json")
    second = followup("advise", *ARGS, "--format", "json")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    plan = json.loads(first.stdout)
    jsonschema.validate(plan, PLAN_SCHEMA)
    assert plan["profile"]["chain"] == ["legal", "general", "core"]


def test_text_output_is_a_timeline() -> None:
    result = followup("advise", *ARGS)
    assert result.returncode == 0
    assert result.stdout.startswith("Now (Sat 21 Nov 10:00 New York time): ")
    assert "thank-you" in result.stdout


# Sat 21 Nov 10:00 in New York is 16:00 in Berlin; the call waits for Tue 24 Nov 10:00 there.
STATUS = ["--interview", "2026-11-20T14:00", "--timezone", "America/New_York", "--now", "2026-11-21T10:00",
          "--purpose", "status"]
NEW_YORK_ONLY = ("Now (Sat 21 Nov 10:00 New York time): wait — next good moment Tue 24 Nov 10:00 New York time (call\n"
                 "  to ask about the status)\n")
WITH_BERLIN = ("Now (Sat 21 Nov 10:00 New York time, 16:00 Berlin time): wait — next good moment\n"
               "  Tue 24 Nov 10:00 New York time, 16:00 Berlin time (call to ask about the status)\n")


def test_my_timezone_adds_the_candidates_clock_where_it_differs() -> None:
    berlin = followup("advise", *STATUS, "--my-timezone", "Europe/Berlin")
    assert berlin.returncode == 0, berlin.stderr
    assert berlin.stdout.startswith(WITH_BERLIN)
    same = followup("advise", *STATUS, "--my-timezone", "America/New_York")
    assert same.stdout.startswith(NEW_YORK_ONLY)


@pytest.mark.parametrize(("machine", "first"), [
    ("Europe/Berlin", WITH_BERLIN), (":Europe/Berlin", WITH_BERLIN), (":/usr/share/zoneinfo/Europe/Berlin", WITH_BERLIN),
    ("America/New_York", NEW_YORK_ONLY),
    # A POSIX rule names no zone: nothing is guessed.
    ("CET-1CEST,M3.5.0,M10.5.0/3", NEW_YORK_ONLY),
])
def test_without_my_timezone_the_machines_zone_is_the_candidates(machine: str, first: str) -> None:
    result = followup("advise", *STATUS, env={"TZ": machine})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(first)
    # The option wins over the machine's zone.
    assert followup("advise", *STATUS, "--my-timezone", "America/New_York",
                    env={"TZ": machine}).stdout.startswith(NEW_YORK_ONLY)


def test_explain_lists_every_rule_and_json_keeps_them_all() -> None:
    short = followup("advise", *STATUS, "--no-drafts")
    full = followup("advise", *STATUS, "--no-drafts", "--explain")
    assert short.returncode == full.returncode == 0
    plan = json.loads(followup("advise", *STATUS, "--format", "json").stdout)
    every = {reason["why"] for reason in plan["steps"][0]["reasons"]}
    flat = " ".join(full.stdout.split())
    assert all(why in flat for why in every)
    # Without --explain: the rules that decided the best time, not those of the interview's own day.
    assert "A call on the day of the interview reads as pushy, not keen." not in short.stdout
    assert "A call on the day of the interview reads as pushy, not keen." in full.stdout
    # JSON is the same with or without it: it always holds every rule.
    assert followup("advise", *STATUS, "--format", "json", "--explain").stdout == \
        followup("advise", *STATUS, "--format", "json").stdout


def test_ics_output_is_a_calendar() -> None:
    result = followup("advise", *ARGS, "--purpose", "status", "--format", "ics")
    assert result.returncode == 0
    assert result.stdout.startswith("BEGIN:VCALENDAR")
    assert "BEGIN:VALARM" in result.stdout


def test_ics_with_nothing_to_do_is_a_calendar_with_one_note() -> None:
    result = followup("advise", *ARGS, "--purpose", "grievance", "--format", "ics")
    assert result.returncode == 0, result.stderr
    [event] = Calendar.from_ical(result.stdout).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Follow-up: don't get in touch"
    assert event.decoded("DTSTART").isoformat() == "2026-11-21"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--interview", "2026-11-20T14:00"], "interview"),
        (["--interview", "2026-11-20T14:00", "--timezone", "Mars/Olympus"], "timezone: unknown time zone"),
        (["--interview", "2026-11-20T14:00", "--timezone", "America/New_York", "--industry", "lawyers"],
         "industry: unknown profile"),
        (["--interview", "2026-03-08T02:30", "--timezone", "America/New_York"], "does not exist"),
        (["--interview", "2026-11-01T01:30", "--timezone", "America/New_York"], "happens twice"),
        (["--interview", "yesterday", "--timezone", "America/New_York"], "not an ISO 8601"),
        (["--interview", "2026-11-20T14:00", "--timezone", "America/New_York", "--country", "XX"], "country"),
        (["--interview", "2026-11-20T14:00", "--timezone", "America/New_York", "--promised-reply-by", "soon"],
         "promised_reply_by"),
        (["--interview", "2026-11-20T14:00", "--timezone", "America/New_York", "--now", "later"], "now"),
        ([], "give --interview"),
        (["--interview", "2026-11-20T14:00", "--timezone", "America/New_York", "--my-timezone", "Europe/Berln"],
         "--my-timezone: unknown time zone 'Europe/Berln' (did you mean 'Europe/Berlin'?)"),
        (["--interview", "2026-11-20T14:00", "--timezone", "America/New_York", "--my-timezone", ""],
         "--my-timezone: expected an IANA time zone name"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], needle: str) -> None:
    result = followup("advise", *args)
    assert result.returncode == 2
    assert needle in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_input_file_yaml_and_stdin(tmp_path: Path) -> None:
    situation = tmp_path / "situation.yaml"
    situation.write_text("interview: 2026-11-20T14:00\ntimezone: America/New_York\npurpose: status\n", encoding="utf-8")
    from_file = followup("advise", "--input", str(situation), "--now", "2026-11-21T10:00", "--format", "json")
    from_stdin = followup("advise", "--input", "-", "--now", "2026-11-21T10:00", "--format", "json",
                          stdin=json.dumps({"interview": "2026-11-20T14:00", "timezone": "America/New_York",
                                            "purpose": "status"}))
    assert from_file.returncode == from_stdin.returncode == 0
    assert json.loads(from_file.stdout)["steps"] == json.loads(from_stdin.stdout)["steps"]


def test_input_file_with_a_yaml_error_names_the_line(tmp_path: Path) -> None:
    situation = tmp_path / "bad.yaml"
    situation.write_text("interview: 2026-11-20T14:00\ntimezone: [America/New_York\n", encoding="utf-8")
    result = followup("advise", "--input", str(situation))
    assert result.returncode == 2
    assert f"{situation}:3:1: Y101" in result.stderr or f"{situation}:2:" in result.stderr


def test_jsonl_batch_keeps_order_and_reports_bad_lines(tmp_path: Path) -> None:
    lines: list[Any] = [
        {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "purpose": "status"},
        "not json",
        {"interview": "2026-11-20T14:00"},
        {"interview": "2026-11-18T09:00", "timezone": "Europe/Paris", "industry": "it"},
    ]
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n",
                      encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = followup("advise", "--input", str(source), "--output", str(out), "--now", "2026-11-21T10:00",
                      "--format", "json")
    assert result.returncode == 2
    assert "2 of 4 lines had errors" in result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 4
    assert records[0]["steps"][0]["purpose"] == "status"
    assert records[1] == {"line": 2, "error": records[1]["error"]} and "invalid JSON" in records[1]["error"]["message"]
    assert records[2]["line"] == 3 and records[2]["error"]["field"] == "interview"
    assert records[3]["profile"]["id"] == "it"
    for record in (records[0], records[3]):
        jsonschema.validate(record, PLAN_SCHEMA)


def _batch(tmp_path: Path, lines: list[str], *args: str) -> tuple[subprocess.CompletedProcess[str], list[Any]]:
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = followup("advise", "--input", str(source), "--now", "2026-11-21T10:00", *args)
    return result, [json.loads(line) for line in result.stdout.splitlines()]


def test_jsonl_records_carry_ref_and_hints(tmp_path: Path) -> None:
    result, records = _batch(tmp_path, [
        '{"interview": "2026-11-20T14:00", "timezone": "America/New_York", "ref": "app-1"}',
        '{"interview": "2026-11-20T14:00", "timezone": "America/New_York", "ref": "app-2", "industry": "legl"}',
        '{"interview": "2026-11-20T14:00", "timezone": "America/Nwe_York", "ref": " app-3 "}',
        '{"interview": "2026-11-20T14:00", "timezone": "America/New_York", "industy": "legal", "ref": "app-4"}',
        '{"interview": }',
    ])
    assert result.returncode == 2
    assert result.stderr.strip() == "followup: 4 of 5 lines had errors"
    assert records[0]["ref"] == "app-1" and next(iter(records[0])) == "ref"
    jsonschema.validate(records[0], PLAN_SCHEMA)
    assert records[1]["ref"] == "app-2" and records[1]["error"]["field"] == "industry"
    assert "did you mean 'legal'" in records[1]["error"]["message"]
    assert records[2] == {"line": 3, "ref": "app-3", "error": {
        "field": "timezone", "message": "unknown time zone 'America/Nwe_York' (did you mean 'America/New_York'?)",
        "suggestion": "America/New_York"}}
    assert records[3]["error"]["field"] == "industy" and records[3]["error"]["suggestion"] == "industry"
    # The decoder's position is the line's own column, never a line number of its own.
    assert records[4] == {"line": 5, "error": {"field": "", "message": "invalid JSON at column 15: Expecting value"}}


@pytest.mark.parametrize(("good", "bad", "summary"), [
    (0, 1, "1 of 1 line had an error"), (1, 1, "1 of 2 lines had an error"), (0, 2, "2 of 2 lines had errors"),
])
def test_batch_summary_is_plural_where_it_should_be(tmp_path: Path, good: int, bad: int, summary: str) -> None:
    lines = ['{"interview": "2026-11-20T14:00", "timezone": "America/New_York"}'] * good + ["[]"] * bad
    result, _ = _batch(tmp_path, lines)
    assert result.stderr.strip() == f"followup: {summary}"


def test_flags_are_defaults_for_lines_that_lack_the_field(tmp_path: Path) -> None:
    result, records = _batch(tmp_path, [
        '{"interview": "2026-11-20T14:00", "ref": "no-zone"}',
        '{"interview": "2026-11-20T14:00", "timezone": "Mars/Olympus", "ref": "own-zone"}',
        '{"interview": "2026-11-20T14:00", "timezone": "Europe/Paris", "country": null, "ref": "null-country"}',
    ], "--timezone", "America/New_York", "--country", "US", "--industry", "legal")
    assert result.returncode == 2, result.stderr
    assert records[0]["situation"]["timezone"] == "America/New_York" and records[0]["situation"]["country"] == "US"
    assert records[0]["profile"]["id"] == "legal"
    assert records[1]["ref"] == "own-zone" and records[1]["error"]["field"] == "timezone"  # the line's own field wins
    assert records[2]["situation"]["timezone"] == "Europe/Paris" and records[2]["situation"]["country"] == "US"


def test_flags_are_defaults_for_a_single_situation_file(tmp_path: Path) -> None:
    situation = tmp_path / "one.yaml"
    situation.write_text("interview: '2026-11-20T14:00'\ntimezone: Europe/Paris\n", encoding="utf-8")
    result = followup("advise", "--input", str(situation), "--timezone", "America/New_York", "--country", "FR",
                      "--now", "2026-11-21T10:00", "--format", "json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["situation"]["timezone"] == "Europe/Paris" and plan["situation"]["country"] == "FR"


def test_jsonl_in_gives_jsonl_out_without_a_format(tmp_path: Path) -> None:
    line = '{"interview": "2026-11-20T14:00", "timezone": "America/New_York"}'
    plain, records = _batch(tmp_path, [line, line])
    explicit, _ = _batch(tmp_path, [line, line], "--format", "json")
    assert plain.returncode == 0 and plain.stdout == explicit.stdout and len(records) == 2
    text, _ = _batch(tmp_path, [line, line], "--format", "text")
    assert text.returncode == 2 and text.stdout == ""
    assert text.stderr.strip() == ("followup: error: --format text is for one situation; "
                                   "JSON Lines input gives JSON Lines output (--format json)")


def test_plan_times_are_rfc_3339_to_the_second() -> None:
    plan = json.loads(followup("advise", *ARGS, "--format", "json").stdout)
    times = [plan["move_on_after"], plan["now"]["at"]] + [
        moment for step in plan["steps"] for item in [step["window"] or {}, *step["best"]]
        for key, moment in item.items() if key in ("earliest", "latest", "start", "end")]
    assert len(times) > 6
    for moment in times:
        assert datetime.fromisoformat(moment).isoformat() == moment  # seconds and offset, nothing else
        assert moment[16:19] == ":00" and moment[19] in "+-"


def test_profiles_and_schema_commands() -> None:
    listing = followup("profiles")
    assert listing.returncode == 0
    assert {"general", "legal", "accounting", "it"} <= {line.split()[0] for line in listing.stdout.splitlines() if line}
    resolved = followup("profiles", "--resolved", "legal", "--format", "json")
    data = json.loads(resolved.stdout)
    assert data["chain"] == ["legal", "general", "core"]
    assert any(rule["id"] == "core-no-call-next-day" and rule["profile"] == "core" for rule in data["rules"])
    unknown = followup("profiles", "--resolved", "legl")
    assert unknown.returncode == 2 and "did you mean 'legal'" in unknown.stderr
    for name in ("profile", "situation", "plan"):
        schema = json.loads(followup("schema", name).stdout)
        assert schema["$id"] == f"urn:followup-etiquette:schema:{name}"


def test_profiles_from_environment_variable(tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "publishing.yaml").write_text(
        "id: publishing\nname: Publishing\nextends: general\nrules:\n"
        "  - id: status-by-call\n    when: {purpose: status}\n    then: {recommend: email}\n"
        "    why: Editors juggle deadlines, so a status question is kinder in writing.\n    source: seed\n",
        encoding="utf-8")
    env_result = subprocess.run(
        [sys.executable, "-m", "engine", "advise", "--interview", "2026-11-20T14:00", "--timezone", "Europe/London",
         "--industry", "publishing", "--purpose", "status", "--now", "2026-11-21T10:00", "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, env={**__import__("os").environ, "FOLLOWUP_PROFILES_PATH": str(extra)},
        timeout=120)
    assert env_result.returncode == 0, env_result.stderr
    assert json.loads(env_result.stdout)["steps"][0]["action"] == "email"
    flag_result = followup("advise", "--interview", "2026-11-20T14:00", "--timezone", "Europe/London", "--industry",
                           "publishing", "--profiles", str(extra), "--format", "json", "--now", "2026-11-21T10:00")
    assert flag_result.returncode == 0
    missing = followup("advise", "--interview", "2026-11-20T14:00", "--timezone", "Europe/London",
                       "--profiles", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "no such file or directory" in missing.stderr


# A user whose own profile has a YAML mistake asks for it by id: the file's problem is the
# answer, with its file and line (as ``followup validate`` gives them), not "unknown profile".
# SPEC: bad input gets a specific error naming the file and line, exit 1 for profile problems.
def test_a_profile_file_that_does_not_parse_is_named_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "reloaded.yaml").write_text("id: reloaded\nname: [unclosed\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "engine", "advise", "--interview", "2026-11-16T10:00", "--timezone",
         "America/New_York", "--industry", "reloaded", "--profiles", str(tmp_path), "--now", "2026-11-17T10:00"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert "Traceback" not in result.stderr
    assert "reloaded.yaml:3:1" in result.stderr and "Y101" in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr




def test_the_library_answers_a_profile_file_that_does_not_parse_with_its_problem(tmp_path: Path) -> None:
    import engine

    (tmp_path / "reloaded.yaml").write_text("id: reloaded\nname: [unclosed\n", encoding="utf-8")
    situation = {"interview": "2026-11-16T10:00", "timezone": "America/New_York", "industry": "reloaded"}
    with pytest.raises(engine.ProfileError) as raised:
        engine.advise(situation, now="2026-11-17T10:00", profiles=[str(tmp_path)])
    assert [diagnostic.code for diagnostic in raised.value.diagnostics] == ["Y101"]
    # A name that is no file at all is still an unknown industry, with the known ones listed.
    with pytest.raises(engine.SituationError, match="unknown profile 'reload'"):
        engine.advise({**situation, "industry": "reload"}, now="2026-11-17T10:00", profiles=[str(tmp_path)])
