"""What the profile format can say for an outside author (issue 33, points 1-5): periods,
hours per channel, situation fields of a profile's own, moving on, wide best ranges.

Each is tested on real plans from ``engine.advise`` (expected days written from the
fixture's rules and the calendar, not read from the engine) and on located diagnostics.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

import engine
from engine.language.catalog import Catalog
from engine.testing.invariants import OUT_OF_HOURS, violations
from engine.testing.strategies import situations

FIXTURES = ROOT / "tests" / "fixtures" / "authors"
SHOWN = Path("tests") / "fixtures" / "authors"


@pytest.fixture(scope="module")
def k12() -> Catalog:
    return Catalog([str(FIXTURES)])


def followup(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "engine", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=900, check=False)


def plan(catalog: Catalog, interview: str, now: str, **extra: Any) -> dict[str, Any]:
    situation = {"interview": interview, "timezone": "America/Chicago", "country": "US", "industry": "k12",
                 "purpose": "status", **extra}
    return engine.advise(situation, now=now, profiles=catalog).to_dict()


def days_of(step: dict[str, Any]) -> list[date]:
    return [datetime.fromisoformat(item["start"]).date() for item in step["best"]]


# --- the outside author's profile: validates, its examples (one per feature) pass ----------


def test_the_school_profile_validates_cleanly() -> None:
    result = followup("validate", str(SHOWN / "k12.yaml"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "1 file ok\n"


def test_the_school_profile_passes_its_test_strictly() -> None:
    result = followup("test", str(SHOWN / "k12.yaml"), "--strict", "--examples", "20", "--seed", "3")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "examples: 4/4 passed" in result.stdout
    assert "rule coverage: 2/2 (100%)" in result.stdout


# --- periods -------------------------------------------------------------------------------


def test_a_fixed_period_keeps_status_out_of_the_winter_break(k12: Catalog) -> None:
    # Monday 14 December: the week after is 21-25 December, all in the break (21 Dec - 1 Jan);
    # 2-3 January are a weekend, so Monday 4 January 2027 opens the window.
    [step] = plan(k12, "2026-12-14T10:00", "2026-12-14T11:00")["steps"]
    assert step["window"]["earliest"].startswith("2027-01-04T15:00")
    assert all(day >= date(2027, 1, 4) for day in days_of(step))
    assert "no-status-over-breaks" in [reason["rule"] for reason in step["reasons"]]


def test_a_period_around_a_holiday_follows_the_countrys_calendar(k12: Catalog) -> None:
    # Thanksgiving 2026 is Thursday 26 November: the break is 24-27 November. In 2027 it is
    # 25 November, so the break moves to 23-26 November.
    [step] = plan(k12, "2026-11-17T10:00", "2026-11-17T11:00")["steps"]
    assert days_of(step)[0] == date(2026, 11, 23)
    assert not {date(2026, 11, day) for day in (24, 25, 27)} & set(days_of(step))
    [later] = plan(k12, "2027-11-16T10:00", "2027-11-16T11:00")["steps"]
    assert date(2027, 11, 22) in days_of(later)
    assert not {date(2027, 11, day) for day in (23, 24, 26)} & set(days_of(later))


def test_a_holiday_period_does_not_occur_without_the_country(k12: Catalog) -> None:
    # Without a country (country: none) there is no Thanksgiving to anchor the break to,
    # while the fixed winter break still holds.
    november = plan(k12, "2026-11-17T10:00", "2026-11-17T11:00", country="none")["steps"][0]
    assert "no-status-over-breaks" not in [reason["rule"] for reason in november["reasons"]]
    december = plan(k12, "2026-12-14T10:00", "2026-12-14T11:00", country="none")["steps"][0]
    # 1 January is the break's last day (both ends are included), then a weekend.
    assert december["window"]["earliest"].startswith("2027-01-04T15:00")
    assert "no-status-over-breaks" in [reason["rule"] for reason in december["reasons"]]


def test_period_mistakes_are_located() -> None:
    result = followup("validate", str(SHOWN / "bad-periods.yaml"), str(SHOWN / "unknown-period.yaml"))
    assert result.returncode == 1
    assert result.stdout.splitlines()[:3] == [
        "tests/fixtures/authors/bad-periods.yaml:7:33: R314: period 'february': to '02-30' is not a day of the "
        'year; write it as MM-DD (quoted: "12-24")',
        "tests/fixtures/authors/bad-periods.yaml:8:31: R314: period 'christmas': no country's calendar has a "
        "holiday named 'Chrismas Day' (did you mean 'Christmas Day'?)",
        "tests/fixtures/authors/unknown-period.yaml:9:37: R314: unknown period 'winter-brake' (periods: "
        "winter-break) (did you mean 'winter-break'?)",
    ]


# --- hours per channel ------------------------------------------------------------------------


def test_calls_keep_to_their_hours_and_emails_to_theirs(k12: Catalog) -> None:
    [call] = plan(k12, "2026-10-06T10:00", "2026-10-06T11:00")["steps"]
    assert call["action"] == "call"
    for item in call["best"]:
        assert item["start"][11:16] >= "15:00" and item["end"][11:16] <= "16:30"
    [email] = plan(k12, "2026-10-06T10:00", "2026-10-06T11:00", fields={"hiring_office": "district"})["steps"]
    assert email["action"] == "email"
    # The week after the interview, midweek (Columbus Day is Monday 12 October): the whole
    # school day, from before the first bell, comes first (best_ranges: wide).
    assert email["best"][0]["start"] == "2026-10-14T07:30:00-05:00"
    assert email["best"][0]["end"] == "2026-10-14T16:30:00-05:00"
    reasons = {reason["rule"]: reason for reason in call["reasons"]}
    assert reasons["business-hours-call"]["profile"] == "k12"
    assert reasons["business-hours-call"]["why"] == ("Calls are planned between 15:00 and 16:30 in this field "
                                                     "(the profile's hours for them).")


def test_channel_hours_off_the_slots_are_refused() -> None:
    result = followup("validate", str(SHOWN / "bad-channel-hours.yaml"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "tests/fixtures/authors/bad-channel-hours.yaml:6:3: R307: business hours (09:00-17:00) do not start where "
        "a 60-minute slot does (slots start at 07:30, 08:30, 09:30 ...)",
        "tests/fixtures/authors/bad-channel-hours.yaml:7:12: R307: email hours (07:30-16:00) do not start and end "
        "where a 60-minute slot does (slots start at 07:30, 08:30, 09:30 ...)",
        "tests/fixtures/authors/bad-channel-hours.yaml:8:33: R307: call hours end (15:00) before they start (16:00)",
        "3 problems in 1 file",
    ]


# --- fields of a profile's own ----------------------------------------------------------------


def test_a_declared_field_shapes_the_plan_and_is_echoed(k12: Catalog) -> None:
    school = plan(k12, "2026-10-06T10:00", "2026-10-06T11:00")
    district = plan(k12, "2026-10-06T10:00", "2026-10-06T11:00", fields={"hiring_office": "district"})
    assert school["steps"][0]["action"] == "call" and "fields" not in school["situation"]
    assert district["steps"][0]["action"] == "email"
    assert district["situation"]["fields"] == {"hiring_office": "district"}
    assert "district-by-email" in [reason["rule"] for reason in district["steps"][0]["reasons"]]


@pytest.mark.parametrize(("fields", "message"), [
    ({"hiring_offce": "district"},
     "fields.hiring_offce: unknown field for the k12 profile (its fields: hiring_office) "
     "(did you mean 'hiring_office'?)"),
    ({"hiring_office": "state"}, "fields.hiring_office: expected one of school, district, got 'state'"),
    ({"hiring_office": 3}, "fields.hiring_office: expected one of school, district, got 3"),
])
def test_a_situation_field_is_checked_against_the_declaration(k12: Catalog, fields: dict[str, Any],
                                                               message: str) -> None:
    with pytest.raises(engine.SituationError) as error:
        plan(k12, "2026-10-06T10:00", "2026-10-06T11:00", fields=fields)
    assert str(error.value) == message


def test_a_field_of_another_profile_is_an_error_for_general() -> None:
    with pytest.raises(engine.SituationError) as error:
        engine.advise({"interview": "2026-10-06T10:00", "timezone": "America/Chicago",
                       "fields": {"hiring_office": "district"}}, now="2026-10-06T11:00")
    assert str(error.value) == "fields.hiring_office: unknown field for the general profile (its fields: none)"


def test_the_cli_reads_fields_from_input_and_exits_2_on_a_bad_one(tmp_path: Path) -> None:
    situation = {"interview": "2026-10-06T10:00", "timezone": "America/Chicago", "country": "US",
                 "industry": "k12", "purpose": "status", "fields": {"hiring_office": "district"}}
    (tmp_path / "one.json").write_text(json.dumps(situation), encoding="utf-8")
    good = followup("advise", "--profiles", str(FIXTURES), "--input", str(tmp_path / "one.json"),
                    "--now", "2026-10-06T11:00", "--format", "json")
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["steps"][0]["action"] == "email"
    (tmp_path / "bad.json").write_text(json.dumps({**situation, "fields": {"hiring_office": "state"}}),
                                       encoding="utf-8")
    bad = followup("advise", "--profiles", str(FIXTURES), "--input", str(tmp_path / "bad.json"),
                   "--now", "2026-10-06T11:00")
    assert bad.returncode == 2
    assert "fields.hiring_office: expected one of school, district, got 'state'" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_field_mistakes_are_located() -> None:
    result = followup("validate", str(SHOWN / "bad-fields.yaml"), str(SHOWN / "bad-field-tests.yaml"),
                      str(SHOWN / "bad-field-example.yaml"))
    assert result.returncode == 1
    assert result.stdout.splitlines()[:4] == [
        "tests/fixtures/authors/bad-field-example.yaml:18:110: X501: example situation: fields.outlet: expected "
        "one of daily, weekly, digital, got 'monthly'",
        "tests/fixtures/authors/bad-field-tests.yaml:13:45: R303: outlet expects one of daily, weekly, digital, "
        "got 'monthly'",
        "tests/fixtures/authors/bad-field-tests.yaml:13:54: R315: unknown field 'outlt' (fields: outlet) "
        "(did you mean 'outlet'?)",
        "tests/fixtures/authors/bad-fields.yaml:10:14: R315: field 'round': the default 0 is not a value of the "
        "field (a whole number from 1 to 5)",
    ]


# --- moving on ------------------------------------------------------------------------------


def test_move_on_after_follows_the_horizon(k12: Catalog) -> None:
    # horizon_days: 30 from Tuesday 6 October: move on at the close of Thursday 5 November.
    found = plan(k12, "2026-10-06T10:00", "2026-10-06T11:00", fields={"hiring_office": "district"})
    assert found["move_on_after"] == "2026-11-05T16:30:00-06:00"
    assert found["steps"][0]["window"]["latest"] == "2026-11-05T16:30:00-06:00"


def test_follow_ups_is_a_setting_with_general_s_default() -> None:
    assert engine.Catalog().resolve("general").settings.follow_ups == 2
    assert Catalog([str(FIXTURES)]).resolve("k12").settings.follow_ups == 1


# --- wide best ranges -----------------------------------------------------------------------

TIES = """id: ties
name: Ties
extends: core
settings: {{slot_minutes: 30{extra}}}
rules:
  - id: not-this-week
    when: {{purpose: status, days_after: {{lt: 7}}}}
    then: {{forbid: true}}
    why: A status question waits a week after the interview.
    source: seed
  - id: short-days
    when: {{purpose: status, days_after: [7, 8], not: {{time: "09:30"}}}}
    then: {{forbid: true}}
    why: On these two days only the half hour after the morning meeting is free.
    source: seed
"""


@pytest.mark.parametrize(("extra", "first"), [
    ("", ("2026-11-24T09:30:00-05:00", "2026-11-24T10:00:00-05:00")),  # ranked: the earliest of equals
    (", best_ranges: wide", ("2026-11-26T09:00:00-05:00", "2026-11-26T17:00:00-05:00")),  # the longest
])
def test_wide_best_ranges_put_the_longest_of_equal_ranges_first(tmp_path: Path, extra: str,
                                                                  first: tuple[str, str]) -> None:
    (tmp_path / "ties.yaml").write_text(TIES.format(extra=extra), encoding="utf-8")
    found = engine.advise({"interview": "2026-11-17T10:00", "timezone": "America/New_York", "country": "none",
                           "industry": "ties", "purpose": "status"}, now="2026-11-17T10:00",
                          profiles=[str(tmp_path)]).to_dict()
    best = found["steps"][0]["best"]
    assert (best[0]["start"], best[0]["end"]) == first
    assert len({item["score"] for item in best}) == 1  # equals: only their order differs


def test_the_resolved_profile_says_its_periods_fields_and_hours() -> None:
    result = followup("profiles", "--profiles", str(FIXTURES), "--resolved", "k12")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "          hours per channel: call 15:00-16:30; best ranges wide; move on after 1 follow-up" in lines
    assert ("Periods:  period thanksgiving-break: Thanksgiving Day -2 days to Thanksgiving Day +1 day (k12)"
            in lines)
    assert "          period winter-break: 12-21 to 01-01 (k12)" in lines
    assert lines[lines.index("          period winter-break: 12-21 to 01-01 (k12)") + 1].startswith(
        "Fields:   field hiring_office (one of school, district; default school): Who runs the hiring")


@pytest.mark.parametrize(("fields", "message"), [
    (None, "fields: expected an object of field names and values, got None"),
    (["hiring_office"], "fields: expected an object of field names and values, got ['hiring_office']"),
    ({"Hiring Office": "district"}, "fields: a field name is a profile's slug (a-z, 0-9, -, _), got 'Hiring Office'"),
    ({"hiring_office": {"a": 1}}, "fields.hiring_office: expected a name, a number or true/false, got {'a': 1}"),
])
def test_a_situation_s_fields_have_the_shape_the_schema_gives(k12: Catalog, fields: Any, message: str) -> None:
    with pytest.raises(engine.SituationError) as error:
        plan(k12, "2026-10-06T10:00", "2026-10-06T11:00", fields=fields)
    assert str(error.value) == message


# --- properties: the school profile's own promises, and the invariants, on drawn situations ---

K12 = Catalog([str(FIXTURES)])


def _in_winter_break(day: date) -> bool:
    return (day.month, day.day) >= (12, 21) or (day.month, day.day) <= (1, 1)


@settings(max_examples=max(20, settings().max_examples // 2))
@given(drawn=situations("k12", max_horizon=40), office=st.sampled_from((None, "school", "district")))
def test_the_school_profile_keeps_its_hours_and_breaks_on_any_situation(drawn: tuple[dict[str, Any], str],
                                                                      office: str | None) -> None:
    situation, now = drawn
    if office is not None:
        situation = {**situation, "fields": {"hiring_office": office}}
    found = engine.advise(situation, now=now, profiles=K12)
    assert violations(found, engine.advise(situation, now=now, profiles=K12)) == []
    for step in found.steps:
        if step.note is not None and step.note.code in OUT_OF_HOURS:  # an offer e-mail that cannot wait for hours
            continue
        opens, closes = (15 * 60, 16 * 60 + 30) if step.action == "call" else (7 * 60 + 30, 16 * 60 + 30)
        for item in step.best:
            start, end = item.start, item.end
            assert opens <= start.hour * 60 + start.minute and end.hour * 60 + end.minute <= closes, (step, item)
            if step.purpose in ("status", "feedback"):
                assert not _in_winter_break(start.date()), (step.purpose, item)
