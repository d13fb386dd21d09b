"""The verdict a coach signs: act now only at a best moment, one order and one answer.

Expectations are worked out by hand from the norms and the profiles' weights (see the
derivations in tests/test_coach_cases.py): general's status/feedback calls score
mid-morning (10:00, 11:00) +1, early afternoon (14:00) +1, midweek +1, the week after the
interview +3, late afternoon (15:00, 16:00) -2, the first morning of the working week -1,
the last afternoon -1. None of the expected values was copied from the engine's output.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import engine
from engine.evaluation.plan import Message, Plan, Step, Verdict
from engine.frontends.cli import main
from engine.report.text import render_text
from engine.testing import situations
from engine.testing.invariants import violations

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
    text = render_text(plan)
    assert text.splitlines()[0] == ("Now (Mon 14 Jun 16:15): wait — next good moment Tue 15 Jun 10:00 "
                                    "(call to ask for feedback)")


def test_an_act_now_with_a_reason_against_is_the_best_time_left() -> None:
    plan = engine.advise(SE_FEEDBACK, now="2027-06-16T16:15")
    assert plan.verdict.verdict == "call_now"
    # Late afternoon argues against 16:00, and nothing else is left: the line says so.
    assert plan.verdict.against
    assert [item.start.hour for item in plan.steps[0].best] == [16]
    line = render_text(plan).splitlines()[0]
    assert line.startswith("Now (Wed 16 Jun 16:15): a good moment, the best time left — call")


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
    step = plan.steps[0]
    reordered: Step = replace(step, best=(step.best[2], step.best[0], step.best[1]))
    monday_first = replace(plan, steps=(reordered,), verdict=replace(plan.verdict, until=step.best[2].start))
    # Tue 09:00 (midweek +1) already ranks above Monday's last hour (-2).
    assert ("coach: feedback at 2027-06-15T09:00+02:00 ranks above the first best range 2027-06-14T16:00+02:00"
            in violations(monday_first))


def _rank(step: Step, moment: float) -> tuple[float, float] | None:
    outcome = step.outcome_at(moment)
    return None if outcome is None else outcome.rank


@settings(max_examples=max(20, settings().max_examples // 2))
@given(data=st.data())
def test_the_verdict_acts_only_at_the_top_ranked_time_left_for_every_bundled_profile(data: st.DataObject) -> None:
    profile_id = data.draw(st.sampled_from(CATALOG.ids), label="profile")
    horizon = CATALOG.resolve(profile_id).settings.horizon_days
    situation, now = data.draw(situations(profile_id, max_horizon=horizon + 3), label="case")
    plan = engine.advise(situation, now=now)
    verdict = plan.verdict
    step = next((s for s in plan.steps if s.action != "none" and s.best), None)
    if step is None:
        assert verdict.verdict in ("too_late", "dont_contact")
        return
    moment = verdict.at.timestamp()
    after = max((contact.at.timestamp() for contact in plan.situation.contacts), default=float("-inf"))
    # Every time still usable (ahead of now and of the latest contact), ranked on its own.
    ahead = [outcome.rank for slot, outcome in zip(step.allowed, step.outcomes, strict=True)
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
