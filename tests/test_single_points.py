"""Behaviours an audit found guarded by one profile example each, now with tests of their own.

Acting now inside a best time, the interview's date in a draft, and the two facts of a
competing offer's deadline (``days_to_offer_deadline``, ``offer_deadline_passed``). Each
expected day and word below is written by hand from the calendar and the norms (a
competing offer is raised while days remain, never after its deadline; a thank-you names
the day of the interview), not read from an earlier run.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import engine
from engine.plan import Plan

NY = "America/New_York"
# Friday 16 October 2026 in New York: no New York holiday from 13 to 30 October (Alaska
# observes a day on Monday 19 October: the region is given).
FRIDAY = {"interview": "2026-10-16T14:00", "timezone": NY, "country": "US-NY", "purpose": "status"}


def step_of(plan: Plan, purpose: str) -> engine.Step:
    return next(step for step in plan.steps if step.purpose == purpose)


# --- acting now ------------------------------------------------------------------------------


def test_now_inside_the_top_best_time_says_act_now_and_a_minute_before_says_wait() -> None:
    first = engine.advise(FRIDAY, now="2026-10-16T15:00")
    step = step_of(first, "status")
    assert step.action == "call" and step.best
    top = step.best[0]
    # After a Friday interview, the status call belongs to the middle of the next week.
    assert top.start.date() in (date(2026, 10, 20), date(2026, 10, 21), date(2026, 10, 22))
    inside = top.start + (top.end - top.start) / 2
    at = engine.advise(FRIDAY, now=inside.isoformat())
    assert (at.verdict.verdict, at.verdict.purpose, at.verdict.until) == ("call_now", "status", None)
    at_start = engine.advise(FRIDAY, now=top.start.isoformat())
    assert at_start.verdict.verdict == "call_now"
    minute_before = top.start - timedelta(minutes=1)
    before = engine.advise(FRIDAY, now=minute_before.isoformat())
    ranges = step_of(before, "status").best
    assert top in ranges  # still ahead, still a best time
    if any(item.start <= minute_before < item.end for item in ranges):  # another best time holds that minute
        assert before.verdict.verdict == "call_now"
    else:  # wait, for the earliest best time ahead
        assert before.verdict.verdict == "wait_until"
        assert before.verdict.until == min(item.start for item in ranges)


THURSDAYS = """\
id: thursdays
name: Thursdays first
extends: general
rules:
  - id: thursdays-best
    when: {purpose: status, channel: call, weekday: thu}
    then: {prefer: 5}
    why: At this employer, hiring decisions are made on Thursdays.
    source: seed
"""


def test_now_inside_a_later_ranked_best_time_never_waits_for_a_time_begun(tmp_path: object) -> None:
    """Tuesday and Wednesday rank below Thursday here: inside Tuesday's range the candidate
    acts now, or waits for Thursday; never is told to wait for a time already begun."""
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "thursdays.yaml").write_text(THURSDAYS, encoding="utf-8")
    catalog = engine.Catalog([folder])
    situation = {**FRIDAY, "industry": "thursdays"}
    plan = engine.advise(situation, now="2026-10-16T15:00", profiles=catalog)
    best = step_of(plan, "status").best
    assert best[0].start.date() == date(2026, 10, 22)  # Thursday, preferred above the other days
    earlier = [item for item in best[1:] if item.start < best[0].start]
    assert earlier, "a lower-ranked best time before Thursday"
    inside = earlier[0].start + timedelta(minutes=1)
    at = engine.advise(situation, now=inside.isoformat(), profiles=catalog)
    assert at.verdict.verdict in ("call_now", "wait_until"), at.verdict
    if at.verdict.verdict == "wait_until":
        assert at.verdict.until is not None and at.verdict.until > inside
        assert at.verdict.until.date() == date(2026, 10, 22)


# --- the interview's date in a draft ---------------------------------------------------------


def _date_said(text: str, weekday: str, day: int, month: str) -> bool:
    """The date in either order a language writes it: "Tuesday 17 November" or "Tuesday, November 17"."""
    return re.search(rf"\b{weekday},? ({day} {month}|{month} {day})\b", text) is not None


def test_a_draft_names_the_interviews_own_date_in_the_employers_zone() -> None:
    # 23:30 on Tuesday 17 November in New York, written in UTC (already Wednesday there),
    # planned on Thursday 19 November: the thank-you names Tuesday 17 November.
    situation = {"interview": "2026-11-18T04:30Z", "timezone": NY, "purpose": "thank_you", "country": "US",
                 "interviewer": "Ms Rivera"}
    plan = engine.advise(situation, now="2026-11-19T09:00").to_dict()
    draft = plan["steps"][0]["draft"]
    text = "\n".join(value for key, value in draft.items() if key in ("subject", "body", "opening"))
    assert _date_said(text, "Tuesday", 17, "November"), text
    assert "Wednesday" not in text and "18 November" not in text and "November 18" not in text
    assert "Thursday" not in text and "19 November" not in text and "November 19" not in text


def test_a_call_script_names_the_interview_date_not_the_day_it_is_read() -> None:
    situation = {"interview": "2026-10-13T10:00", "timezone": NY, "purpose": "competing_offer", "country": "US-NY",
                 "competing_offer_deadline": "2026-10-23"}
    plan = engine.advise(situation, now="2026-10-14T09:00").to_dict()
    draft = plan["steps"][0]["draft"]
    assert draft["channel"] == "call"
    assert _date_said(draft["opening"], "Tuesday", 13, "October"), draft["opening"]
    assert "23" in draft["question"] and "October" in draft["question"], draft["question"]


# --- a competing offer's deadline ------------------------------------------------------------


OFFER = {"interview": "2026-10-13T10:00", "timezone": NY, "purpose": "competing_offer", "country": "US-NY",
         "competing_offer_deadline": "2026-10-19"}


def _fired_days(plan: Plan, rule: str) -> set[date]:
    return {slot.day for slot, outcome in step_of(plan, "competing_offer").trace.considered if rule in outcome.fired}


def test_days_to_the_offers_deadline_weigh_the_days_before_it() -> None:
    """Deadline Monday 19 October: two days or more remain up to Saturday 17, one on Sunday 18."""
    plan = engine.advise(OFFER, now="2026-10-13T10:00")
    leave_time = _fired_days(plan, "offer-leave-time")  # days_to_offer_deadline >= 2
    before_day = _fired_days(plan, "offer-before-deadline-day")  # days_to_offer_deadline >= 1
    weighed = {slot.day for slot, _ in step_of(plan, "competing_offer").trace.considered}
    assert leave_time == {day for day in weighed if day <= date(2026, 10, 17)}
    assert before_day == {day for day in weighed if day <= date(2026, 10, 18)}
    assert date(2026, 10, 16) in leave_time  # a working Friday with three days left


def test_nothing_about_the_offer_after_its_deadline_but_the_deadline_day_is_open() -> None:
    plan = engine.advise(OFFER, now="2026-10-13T10:00")
    step = step_of(plan, "competing_offer")
    allowed_days = {slot.day for slot in step.allowed}
    assert allowed_days and max(allowed_days) == date(2026, 10, 19)  # on the day itself, not after
    passed = _fired_days(plan, "core-offer-before-deadline")  # offer_deadline_passed
    assert passed and min(passed) == date(2026, 10, 20)
    assert all(range_.end.date() <= date(2026, 10, 19) for range_ in step.best)
    late = engine.advise(OFFER, now="2026-10-20T09:00")
    assert step_of(late, "competing_offer").action == "none"
    assert late.verdict.verdict == "too_late"
