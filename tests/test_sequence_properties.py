"""The plan's sequence, by Hypothesis over every bundled profile: offers, spacing, contacts that count.

SPEC, "What a careers coach expects of every plan": a competing offer is urgent (its step
lies before the deadline, even past the horizon, by e-mail out of hours when no working
time is left); any two planned contacts lie a working day apart (an offer may join the
thank-you), two calls three business days apart; a recorded contact fulfils its step.
Business days come from the checker's own calendar (``engine.testing.calendar``, straight
from ``holidays``), never from the engine's facts.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

import engine
from engine.plan import Plan, Step
from engine.testing import situations
from engine.testing.invariants import violations, working_calendar

CATALOG = engine.default_catalog()
PROFILE_IDS = CATALOG.industries


def horizon(profile_id: str) -> int:
    return CATALOG.resolve(profile_id).settings.horizon_days


@st.composite
def open_offers(draw: st.DrawFn, profile_id: str) -> tuple[dict[str, Any], str]:
    """A situation planned some days after its interview (past the horizon too), with an offer
    whose deadline is today or within the next few days."""
    situation, _ = draw(situations(profile_id, max_horizon=horizon(profile_id) + 3))
    situation.pop("heard_back", None)
    situation["purpose"] = draw(st.sampled_from((None, "competing_offer")))
    if situation["purpose"] is None:
        del situation["purpose"]
    parsed = engine.parse_situation(situation)
    days = draw(st.integers(0, horizon(profile_id) + 20))
    now = parsed.interview + timedelta(days=days, minutes=draw(st.integers(-12 * 60, 12 * 60)))
    situation["competing_offer_deadline"] = (now.date() + timedelta(days=draw(st.integers(0, 3)))).isoformat()
    return situation, now.isoformat(timespec="minutes")


def _offer_step(plan: Plan) -> Step:
    return next(step for step in plan.steps if step.purpose == "competing_offer")


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
@given(data=st.data())
def test_an_open_offer_gets_in_touch_before_its_deadline(profile_id: str, data: st.DataObject) -> None:
    situation, now = data.draw(open_offers(profile_id), label="case")
    plan = engine.advise(situation, now=now)
    offer = _offer_step(plan)
    note(str(plan.to_dict()["steps"]))
    if offer.done is not None or (offer.action == "none" and offer.note is None):
        return  # recorded already, or a rule of the profile says not to get in touch
    zone = plan.situation.zone
    deadline = plan.situation.competing_offer_deadline
    assert deadline is not None
    end = datetime.combine(deadline + timedelta(days=1), time(0), tzinfo=zone).timestamp()
    latest_contact = max((contact.at.timestamp() for contact in plan.situation.contacts), default=0.0)
    slot = plan.profile.settings.slot_minutes * 60
    earliest = max(plan.verdict.at.timestamp(), plan.situation.interview.timestamp() + slot, latest_contact)
    if earliest >= end - 60:
        return  # the deadline's day is over (or ends within the minute) before anything can be sent
    assert offer.best, f"no time to mention the offer, though {deadline} is still ahead: {offer.note}"
    assert all(item.end.timestamp() <= end for item in offer.best)
    assert plan.verdict.verdict != "too_late"
    # The plan runs to the deadline: following up stops at the close of its last working day
    # on or before the deadline, or later.
    assert plan.move_on_after.date() >= max(item.start.date() for item in offer.best if item.start.date() <= deadline)
    assert violations(plan) == []


def _planned(plan: Plan) -> list[Step]:
    return [step for step in plan.steps if step.best and step.done is None and step.action != "none"]


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
@given(data=st.data())
def test_planned_contacts_are_a_working_day_apart_and_calls_three(profile_id: str, data: st.DataObject) -> None:
    situation, now = data.draw(situations(profile_id, max_horizon=horizon(profile_id) + 3), label="case")
    situation.pop("purpose", None)  # the whole sequence
    plan = engine.advise(situation, now=now)
    calendar = working_calendar(plan)
    planned = _planned(plan)
    for index, later in enumerate(planned):
        for earlier in planned[:index]:
            day = earlier.best[0].start.date()
            for item in later.best:
                apart = calendar.business_days_between(day, item.start.date())
                if {earlier.purpose, later.purpose} != {"thank_you", "competing_offer"}:
                    assert apart >= 2, f"{later.purpose} {item.start} too soon after {earlier.purpose} on {day}"
                if earlier.action == later.action == "call":
                    assert apart >= 3, f"{later.purpose} call {item.start} too soon after the call on {day}"


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
@given(data=st.data())
def test_a_recorded_contact_fulfils_its_step(profile_id: str, data: st.DataObject) -> None:
    situation, now = data.draw(situations(profile_id, max_horizon=horizon(profile_id) + 3), label="case")
    situation.pop("purpose", None)
    interview = engine.parse_situation(situation).interview
    purpose = data.draw(st.sampled_from(("thank_you", "status", "competing_offer")), label="purpose")
    at = interview + timedelta(minutes=data.draw(st.integers(1, 24 * 60 * horizon(profile_id)), label="after"))
    if purpose == "competing_offer":
        situation["competing_offer_deadline"] = (at.date() + timedelta(days=2)).isoformat()
    situation["contacts"] = [*situation.get("contacts", []), {"at": at.isoformat(), "channel": "email",
                                                             "purpose": purpose}]
    plan = engine.advise(situation, now=now)
    step = next((step for step in plan.steps if step.purpose == purpose), None)
    assert step is not None
    if purpose != "status":  # one thank-you, one word about an offer: recorded, they are done
        assert step.done is not None
    elif step.done is None:  # the next follow-up where the rules leave a time, else done
        assert step.best or step.action == "none"
    if step.done is not None:
        assert not step.best and step.window is None and step.draft is None
        assert plan.verdict.purpose != purpose or plan.verdict.reason.code == "wait_reply" or \
            plan.verdict.verdict in ("too_late", "dont_contact")
    assert violations(plan) == []
