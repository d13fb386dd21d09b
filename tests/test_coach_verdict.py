"""The verdict a coach signs: act now only at a best moment, one order and one answer.

Expectations are worked out by hand from the norms and the profiles' weights (see the
derivations in tests/test_coach_cases.py): general's status/feedback calls score
mid-morning (10:00, 11:00) +1, early afternoon (14:00) +1, midweek +1, the week after the
interview +3, late afternoon (15:00, 16:00) -2, the first morning of the working week -1,
the last afternoon -1. None of the expected values was copied from the engine's output.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

import engine
from engine.errors import ProfileError
from engine.frontends.cli import main
from engine.plan import Message, Plan, Step, Verdict
from engine.report.ics import render_ics
from engine.report.text import render_text
from engine.testing import profile_documents, situations
from engine.testing.invariants import OUT_OF_HOURS, violations

CATALOG = engine.default_catalog()
STOCKHOLM = "Europe/Stockholm"
# Wed 2 Jun 2027 16:00 in Stockholm, a finance interview: feedback is asked by call. By Mon
# 14 Jun only three days of the window are left (it closes Wed 16 Jun, 14 days on).
SE_FEEDBACK = {"interview": "2027-06-02T16:00", "timezone": STOCKHOLM, "country": "SE", "industry": "finance",
               "purpose": "feedback"}


def _local(plan: Plan, text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=plan.situation.zone)


def _ranges(step: dict[str, Any]) -> list[str]:
    return [f"{item['start'][:16]}-{item['end'][11:16]}" for item in step["best"]]


@pytest.mark.parametrize(("now", "verdict", "until"), [
    # Mon 16:15 lies in the listed Monday range, but late afternoon (-2) scores below Tue and
    # Wed mid-morning (midweek +1, mid-morning +1 = 2): wait for Tuesday 10:00, listed first.
    ("2027-06-14T16:15", "wait_until", "2027-06-15T10:00"),
    # Mon 09:30: the first morning of the week (-1); still Tuesday 10:00.
    ("2027-06-14T09:30", "wait_until", "2027-06-15T10:00"),
    # Tue 10:30 is inside the top-ranked range: call now.
    ("2027-06-15T10:30", "call_now", None),
    # Tue 14:30 (early afternoon +1, midweek +1 = 2) scores as well as Wednesday mid-morning.
    ("2027-06-15T14:30", "call_now", None),
    # Wed 16:15 is the last hour of the window: no better time remains, so call now, and the
    # verdict says it is the best time left.
    ("2027-06-16T16:15", "call_now", None),
])
def test_act_now_only_where_now_scores_as_well_as_the_first_best_range(now: str, verdict: str,
                                                                        until: str | None) -> None:
    plan = engine.advise(SE_FEEDBACK, now=now)
    data = plan.to_dict()
    assert data["now"]["verdict"] == verdict, data["now"]
    if until is not None:
        assert data["now"]["until"][:16] == until
        # The verdict points at the range the plan lists first.
        assert data["steps"][0]["best"][0]["start"][:16] == until
    assert violations(plan) == []


def test_the_issue_example_lists_tuesday_first_and_waits_for_it() -> None:
    plan = engine.advise(SE_FEEDBACK, now="2027-06-14T16:15")
    (step,) = plan.to_dict()["steps"]
    assert step["action"] == "call"
    # Tue and Wed mid-morning score 2, one range a day first; Monday's last hour comes third.
    assert _ranges(step) == ["2027-06-15T10:00-12:00", "2027-06-16T10:00-12:00", "2027-06-14T16:00-17:00"]
    verdict = " ".join(render_text(plan).split("\n\n")[0].split())
    assert verdict.startswith("Now (Mon 14 Jun 16:15 Stockholm time): wait — next good moment Tue 15 Jun 10:00 "
                              "Stockholm time"), verdict


def test_an_act_now_with_a_reason_against_is_the_best_time_left() -> None:
    plan = engine.advise(SE_FEEDBACK, now="2027-06-16T16:15")
    assert plan.verdict.verdict == "call_now"
    # Late afternoon argues against 16:00, and nothing else is left: the line says so.
    assert plan.verdict.against
    assert [item.start.hour for item in plan.steps[0].best] == [16]
    verdict = " ".join(render_text(plan).split("\n\n")[0].split())
    assert verdict.startswith("Now (Wed 16 Jun 16:15 Stockholm time): a good moment, the best time left — call"), verdict


def test_the_checker_reports_acting_in_a_lesser_range_and_waiting_for_another() -> None:
    plan = engine.advise(SE_FEEDBACK, now="2027-06-14T16:15")
    assert violations(plan) == []
    at = plan.verdict.at
    acting = replace(plan, verdict=Verdict(at, "call_now", Message("best_now", {"action": "call",
                                                                                "purpose": "feedback"}),
                                           "feedback"))
    assert ("9: call_now at 2027-06-14T16:15+02:00, which scores worse than the first best range "
            "2027-06-15T10:00+02:00") in violations(acting)
    wednesday = _local(plan, "2027-06-16T10:00")
    elsewhere = replace(plan, verdict=replace(plan.verdict, until=wednesday))
    assert ("9: wait_until 2027-06-16T10:00+02:00 is not the start of the first best range listed"
            in violations(elsewhere))
    favouring = replace(plan, verdict=replace(plan.verdict, against=plan.verdict.favoured_by[:1]))
    assert (f"9: the verdict's reason {plan.verdict.favoured_by[0]} against the moment is not a preference "
            "against it") in violations(favouring)
    step = plan.steps[0]
    reordered: Step = replace(step, best=(step.best[2], step.best[0], step.best[1]))
    monday_first = replace(plan, steps=(reordered,), verdict=replace(plan.verdict, until=step.best[2].start))
    # Tue 09:00 (midweek +1) already ranks above Monday's last hour (-2).
    assert ("coach: feedback at 2027-06-15T09:00+02:00 ranks above the first best range 2027-06-14T16:00+02:00"
            in violations(monday_first))


def _rank(step: Step, moment: float) -> tuple[float, float] | None:
    outcome = step.trace.outcome_at(moment)
    return None if outcome is None else outcome.rank


@settings(max_examples=max(20, settings().max_examples // 2))
@given(data=st.data())
def test_the_verdict_acts_only_at_the_top_ranked_time_left_for_every_bundled_profile(data: st.DataObject) -> None:
    profile_id = data.draw(st.sampled_from(CATALOG.industries), label="profile")
    horizon = CATALOG.resolve(profile_id).settings.horizon_days
    situation, now = data.draw(situations(profile_id, max_horizon=horizon + 3), label="case")
    plan = engine.advise(situation, now=now)
    verdict = plan.verdict
    if verdict.reason.code == "wait_reply":  # every step left is done or over: wait for their answer
        assert any(s.done is not None for s in plan.steps)
        return
    # The step the verdict is about (an urgent offer may come before the steps listed above it).
    step = next((s for s in plan.steps
                 if s.purpose == verdict.purpose and s.action != "none" and s.best and s.done is None), None)
    if step is None:
        assert verdict.verdict in ("too_late", "dont_contact")
        return
    if step.note is not None and step.note.code in OUT_OF_HOURS:  # an offer e-mail out of hours: one slot, now
        assert verdict.until in (None, step.best[0].start)
        return
    moment = verdict.at.timestamp()
    after = max((contact.at.timestamp() for contact in plan.situation.contacts), default=float("-inf"))
    # Every time still usable (ahead of now and of the latest contact), ranked on its own.
    ahead = [outcome.rank for slot, outcome in zip(step.trace.allowed, step.trace.outcomes, strict=True)
             if slot.end_timestamp > moment and slot.timestamp >= after]
    first = _rank(step, step.best[0].start.timestamp())
    assert first is not None and ahead and first == max(ahead)
    if verdict.verdict in ("call_now", "email_now"):
        assert _rank(step, moment) == first  # now is as good as it gets
    else:
        assert verdict.verdict == "wait_until" and verdict.until == step.best[0].start
        assert _rank(step, moment) != first or not any(
            item.start.timestamp() <= moment < item.end.timestamp() for item in step.best)


# --- the small ones: when following up stops, and dates that are dates -------------------------


@pytest.mark.parametrize(("interview", "country", "stop"), [
    # Sun 22 Nov + 14 days is Sun 6 Dec: following up stops at the close of Friday 4 Dec.
    ("2026-11-22T10:00", "US", "2026-12-04T17:00"),
    # Fri 11 Dec + 14 days is Christmas Day, a public holiday: Thursday 24 Dec (a working day in New York).
    ("2026-12-11T10:00", "US-NY", "2026-12-24T17:00"),
    # Fri 20 Nov + 14 days is Fri 4 Dec, a working day: its own close.
    ("2026-11-20T10:00", "US", "2026-12-04T17:00"),
])
def test_move_on_after_is_the_close_of_a_working_day(interview: str, country: str, stop: str) -> None:
    plan = engine.advise({"interview": interview, "timezone": "America/New_York", "country": country,
                          "purpose": "status"}, now=interview)
    assert plan.to_dict()["move_on_after"][:16] == stop
    assert violations(plan) == []


@pytest.mark.parametrize("situation", [
    {"interview": "2026-11-21T10:00", "timezone": "America/New_York", "purpose": "grievance"},
    {"interview": "2026-11-20T10:00", "timezone": "America/New_York", "purpose": "status", "heard_back": True},
])
def test_a_plan_without_contact_does_not_say_when_to_stop_following_up(situation: dict[str, Any]) -> None:
    plan = engine.advise(situation, now="2026-11-21T12:00")
    assert plan.verdict.verdict == "dont_contact"
    assert "Stop following up" not in render_text(plan)
    (note,) = [item for item in Calendar.from_ical(render_ics(plan)).walk() if item.name == "VEVENT"]
    description = str(note.get("description"))
    assert "Stop following up" not in description and "All times are the employer" in description
    # A plan with contact still says it.
    other = engine.advise({**situation, "purpose": "thank_you", "heard_back": False}, now="2026-11-21T12:00")
    assert "Stop following up after Fri 4 Dec 17:00 (America/New_York)." in render_text(other)


@pytest.mark.parametrize(("flag", "field"), [("--promised-reply-by", "promised_reply_by"),
                                             ("--competing-offer-deadline", "competing_offer_deadline")])
def test_a_date_with_a_time_is_refused_naming_the_field(flag: str, field: str) -> None:
    result = CliRunner().invoke(main, ["advise", "--interview", "2026-11-20T14:00", "--timezone", "America/New_York",
                                       flag, "2026-11-27T17:00", "--now", "2026-11-21T10:00"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (f"followup: error: {field}: give the date alone (e.g. 2026-11-27), not the date-time "
                             "'2026-11-27T17:00': the plan counts whole days of the employer's calendar and has no "
                             "use for a time\n")


# --- invariant 4 for every profile: never the first morning after the week's last working day ---

# The issue's profile: calls only first thing on a Monday (before 10:00), extending general.
MONDAY_ONLY = """\
id: monday-only
name: Calls first thing on Monday only
extends: general
rules:
  - id: calls-monday-first-thing
    when: {channel: call, any: [{weekday: {ne: mon}}, {time: {ge: "10:00"}}]}
    then: {forbid: true}
    why: In this field the phone is answered first thing on Monday only.
    source: seed
"""
NY = "America/New_York"


@pytest.fixture(scope="module")
def monday_only(tmp_path_factory: pytest.TempPathFactory) -> engine.Catalog:
    folder = tmp_path_factory.mktemp("monday-only")
    (folder / "monday-only.yaml").write_text(MONDAY_ONLY, encoding="utf-8")
    return engine.Catalog([folder])


def _call_mornings(plan: Plan, day: str) -> list[str]:
    return [item.start.isoformat() for step in plan.steps if step.action == "call" for item in step.best
            if item.start.date().isoformat() == day and item.start.hour < 12]


@pytest.mark.parametrize(("interview", "country", "monday", "later_monday"), [
    # An ordinary Friday: Mon 23 Nov is the next working day.
    ("2026-11-20T14:00", "US", "2026-11-23", "2026-11-30"),
    # Good Friday, a holiday only some US states keep: the employer held the interview, so
    # that Friday was its last working day, and Easter Monday (a US working day) is next.
    ("2026-04-03T14:00", "US", "2026-04-06", "2026-04-13"),
])
def test_a_profile_allowing_only_monday_mornings_never_gets_the_first_morning_after_a_friday(
        monday_only: engine.Catalog, interview: str, country: str, monday: str, later_monday: str) -> None:
    situation = {"interview": interview, "timezone": NY, "country": country, "industry": "monday-only",
                 "purpose": "status"}
    plan = engine.advise(situation, now=interview, profiles=monday_only)
    assert _call_mornings(plan, monday) == []
    # What is left is the next allowed time: the Monday after, 09:00-10:00 (general's hours
    # open at 09:00; the profile allows nothing from 10:00).
    (step,) = plan.steps
    assert [(item.start.isoformat()[:16], item.end.isoformat()[11:16]) for item in step.best] == [
        (f"{later_monday}T09:00", "10:00")]
    at_nine = engine.advise(situation, now=f"{monday}T09:30", profiles=monday_only)
    assert at_nine.verdict.verdict == "wait_until"
    assert at_nine.verdict.until is not None and at_nine.verdict.until.isoformat()[:16] == f"{later_monday}T09:00"
    assert violations(plan) == [] and violations(at_nine) == []


def test_after_good_friday_the_status_call_is_midweek_of_the_next_week() -> None:
    # general: core's +10 for midweek of the week after an interview on the last working day;
    # Easter Monday's morning is forbidden. Tue-Thu 10:00-12:00 score 10 + 3 + 1 + 1 = 15.
    situation = {"interview": "2026-04-03T14:00", "timezone": NY, "country": "US", "purpose": "status"}
    plan = engine.advise(situation, now="2026-04-06T09:30")
    (step,) = plan.to_dict()["steps"]
    assert _ranges(step) == ["2026-04-07T10:00-12:00", "2026-04-08T10:00-12:00", "2026-04-09T10:00-12:00"]
    assert plan.verdict.verdict == "wait_until"
    assert plan.verdict.until is not None and plan.verdict.until.isoformat()[:16] == "2026-04-07T10:00"
    assert violations(plan) == []


def test_the_checker_sees_a_good_friday_interview_as_on_the_last_working_day() -> None:
    plan = engine.advise({"interview": "2026-04-03T14:00", "timezone": NY, "country": "US", "purpose": "status"},
                         now="2026-04-06T09:30")
    step = plan.steps[0]
    monday = replace(step, best=(replace(step.best[0], start=_local(plan, "2026-04-06T12:00").replace(hour=9),
                                         end=_local(plan, "2026-04-06T12:00")),))
    broken = replace(plan, steps=(monday,), verdict=replace(plan.verdict, until=monday.best[0].start))
    assert any(problem.startswith("4: best call 2026-04-06T09:00-04:00 is on the morning of the next working day")
               for problem in violations(broken)), violations(broken)


def _friday(day: date) -> date:
    return day + timedelta(days=(4 - day.weekday()) % 7)


@st.composite
def _friday_cases(draw: st.DrawFn, industry: str) -> tuple[dict[str, Any], str]:
    """An interview on a Friday (an ordinary one, or a holiday that only some regions keep), and a now."""
    day = _friday(draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 20))))
    country, zone = draw(st.sampled_from((("US", NY), ("GB", "Europe/London"), ("DE", "Europe/Berlin"),
                                          ("BR", "America/Sao_Paulo"), ("AU", "Australia/Sydney"), (None, NY))))
    hour = draw(st.integers(9, 16))
    situation: dict[str, Any] = {"interview": f"{day}T{hour:02d}:00", "timezone": zone, "industry": industry}
    if country:
        situation["country"] = country
    purpose = draw(st.sampled_from((None, "status", "feedback", "thank_you")))
    if purpose:
        situation["purpose"] = purpose
    if draw(st.booleans()):
        situation["traditional"] = True
    later = day + timedelta(days=draw(st.integers(0, 5)))
    return situation, f"{later}T{draw(st.integers(8, 17)):02d}:{draw(st.sampled_from((0, 30))):02d}"


def _no_first_morning(plan: Plan) -> None:
    """No best call and no call_now before noon on the first working day after the interview, when that
    interview was on the last working day of its week (as the checker's calendar, not the engine's, says)."""
    problems = [problem for problem in violations(plan) if problem.startswith("4:")]
    assert problems == []


@settings(max_examples=max(20, settings().max_examples // 2))
@given(data=st.data())
def test_no_profile_gets_the_first_morning_after_a_friday_interview(data: st.DataObject) -> None:
    profile_id = data.draw(st.sampled_from(CATALOG.industries), label="profile")
    situation, now = data.draw(_friday_cases(profile_id), label="case")
    _no_first_morning(engine.advise(situation, now=now))


@settings(max_examples=max(10, settings().max_examples // 5))
@given(document=profile_documents(profile_id="generated"), data=st.data())
def test_no_generated_user_profile_gets_the_first_morning_after_a_friday_interview(
        document: dict[str, Any], data: st.DataObject, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("generated")
    (folder / "generated.yaml").write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    catalog = engine.Catalog([folder])
    try:
        catalog.resolve("generated")
    except (ProfileError, KeyError):
        return  # a profile the engine refuses with diagnostics (tested in test_properties)
    situation, now = data.draw(_friday_cases("generated"), label="case")
    _no_first_morning(engine.advise(situation, now=now, profiles=catalog))


def test_a_brazilian_thursday_interview_gets_its_thanks_on_friday() -> None:
    # Fri 23 Jan 2026 is Evangelical Day in Acre only (1 of 27 states): a working day for the
    # rest of Brazil. Thanks within 24 hours score +3 (thank-you-same-day): Friday 09:00-10:00,
    # before the interview's hour; the rest of Friday touches that range, so Monday comes next.
    plan = engine.advise({"interview": "2026-01-22T10:00", "timezone": "America/Sao_Paulo", "country": "BR",
                          "purpose": "thank_you"}, now="2026-01-22T18:00")
    (step,) = plan.to_dict()["steps"]
    assert step["action"] == "email"
    assert _ranges(step) == ["2026-01-23T09:00-10:00", "2026-01-26T09:00-17:00"]
    assert plan.verdict.verdict == "wait_until"
    assert plan.verdict.until is not None and plan.verdict.until.isoformat()[:16] == "2026-01-23T09:00"
    assert any("Evangelical Day" in worded for worded in plan.to_dict()["notes"])
    assert violations(plan) == []
