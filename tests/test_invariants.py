"""The invariant checker itself: each promise it guards, broken on purpose, is reported.

Each test takes a real plan, breaks exactly one of SPEC's invariants 1-10 (or one of the
coach's expectations) by hand, and asserts that ``violations`` names it with the right
number and words; the real plan is shown to be clean first. Without these, a checker
that always answered "fine" would pass every property test.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest

import engine
import engine.report.json
from engine.evaluation.evaluate import Outcome
from engine.language.catalog import Catalog
from engine.plan import Message, Plan, Slot, TimeRange, Verdict
from engine.testing.invariants import overruled, violations

NY = "America/New_York"
# Friday 20 Nov 2026 in New York: the status call belongs midweek of the next week.
FRIDAY = {"interview": "2026-11-20T14:00", "timezone": NY, "purpose": "status"}


def plan(situation: dict[str, Any], now: str, catalog: Catalog | None = None) -> Plan:
    found = engine.advise(situation, now=now, profiles=catalog)
    assert violations(found) == [], violations(found)  # the real plan is clean
    return found


def local(found: Plan, text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=found.situation.zone) if moment.tzinfo is None else moment


def slot(found: Plan, start: str, minutes: int = 60) -> Slot:
    """A slot starting at ``start`` (employer-local), on the plan's own grid."""
    moment = local(found, start)
    return Slot(found.situation.zone, moment.date(), moment.hour * 60 + moment.minute, moment.timestamp(), minutes)


def span(found: Plan, start: str, end: str, score: float = 0) -> TimeRange:
    return TimeRange(local(found, start), local(found, end), score)


def with_step(found: Plan, index: int = 0, **changes: Any) -> Plan:
    steps = list(found.steps)
    steps[index] = replace(steps[index], **changes)
    return replace(found, steps=tuple(steps))


def allow(found: Plan, *starts: str, index: int = 0) -> Plan:
    """The plan with extra allowed slots in step ``index`` (each with the first slot's outcome)."""
    step = found.steps[index]
    extra = [slot(found, start) for start in starts]
    outcome = step.trace.outcomes[0] if step.trace.outcomes else Outcome(frozenset(), frozenset(), (0.0, 0.0))
    allowed = sorted([*step.allowed, *extra], key=lambda s: s.timestamp)
    outcomes = [next((o for s, o in zip(step.trace.allowed, step.trace.outcomes, strict=True) if s is one), outcome)
                for one in allowed]
    return with_step(found, index, allowed=tuple(allowed),
                     trace=replace(step.trace, allowed=tuple(allowed), outcomes=tuple(outcomes)))


def best(found: Plan, *ranges: tuple[str, str], index: int = 0) -> Plan:
    """The plan whose step ``index`` claims these best ranges (inside an allowed window of them)."""
    claimed = tuple(span(found, start, end) for start, end in ranges)
    step = found.steps[index]
    changed = allow(found, *(start for start, _ in ranges), index=index) if step.allowed else found
    window = step.window
    if window is not None:
        earliest = min([window[0], *(item.start for item in claimed)], key=lambda m: m.timestamp())
        latest = max([window[1], *(item.end for item in claimed)], key=lambda m: m.timestamp())
        window = (earliest, latest)
    return with_step(changed, index, best=claimed, window=window)


def found_with(found: Plan, prefix: str) -> list[str]:
    return [problem for problem in violations(found) if problem.startswith(prefix)]


@pytest.fixture(scope="module")
def friday() -> Plan:
    return plan(FRIDAY, "2026-11-21T10:00")


# --- invariants 1-3: when a call may be allowed -----------------------------------------------


def test_1_a_call_allowed_on_the_interview_day(friday: Plan) -> None:
    assert found_with(allow(friday, "2026-11-20T16:00"), "1:") == [
        "1: call allowed on the interview day: status at 2026-11-20T16:00-05:00"]


def test_2_a_call_allowed_on_the_next_day(friday: Plan) -> None:
    # Saturday is also a weekend: invariant 3 speaks up as well, and 2 is there.
    assert found_with(allow(friday, "2026-11-21T10:00"), "2:") == [
        "2: call allowed on the day after the interview: status at 2026-11-21T10:00-05:00"]
    thursday = plan({**FRIDAY, "interview": "2026-11-19T14:00"}, "2026-11-19T15:00")
    assert found_with(allow(thursday, "2026-11-20T10:00"), "2:") == [
        "2: call allowed on the day after the interview: status at 2026-11-20T10:00-05:00"]


def test_3_a_call_after_the_horizon(friday: Plan) -> None:
    problems = found_with(allow(friday, "2026-12-07T10:00"), "3:")
    assert problems == ["3: call allowed after the horizon's last day 2026-12-04: status at 2026-12-07T10:00-05:00"]


def test_3_the_horizon_stretched_by_a_promise_is_the_limit() -> None:
    promised = plan({**FRIDAY, "promised_reply_by": "2026-12-10"}, "2026-11-21T10:00")
    # Five business days after Thu 10 Dec is Thu 17 Dec: the 16th is fine, the 18th is not.
    assert found_with(allow(promised, "2026-12-16T10:00"), "3:") == []
    assert found_with(allow(promised, "2026-12-18T10:00"), "3:") == [
        "3: call allowed after the horizon's last day 2026-12-17: status at 2026-12-18T10:00-05:00"]


def test_3_a_call_outside_business_hours_and_outside_eight_to_six(friday: Plan) -> None:
    assert found_with(allow(friday, "2026-11-24T08:00"), "3:") == [
        "3: call allowed outside business hours: status at 2026-11-24T08:00-05:00"]
    evening = allow(friday, "2026-11-24T18:00")
    assert sorted(found_with(evening, "3:")) == [
        "3: call allowed before 08:00 or after 18:00: status at 2026-11-24T18:00-05:00",
        "3: call allowed outside business hours: status at 2026-11-24T18:00-05:00"]


def test_3_a_call_running_past_six_even_inside_a_profiles_hours(tmp_path: Any) -> None:
    (tmp_path / "late.yaml").write_text(
        "id: late\nname: Late\nextends: general\nsettings:\n  business_hours: {start: '08:00', end: '20:00'}\n"
        "rules: []\n", encoding="utf-8")
    found = plan({**FRIDAY, "industry": "late"}, "2026-11-21T10:00", Catalog([tmp_path]))
    assert found_with(allow(found, "2026-11-24T17:00"), "3:") == []  # ends at 18:00: fine
    assert found_with(allow(found, "2026-11-24T17:30"), "3:") == [
        "3: call allowed before 08:00 or after 18:00: status at 2026-11-24T17:30-05:00"]


def test_3_a_call_on_a_weekend_of_the_country() -> None:
    israel = plan({"interview": "2026-11-16T14:00", "timezone": "Asia/Jerusalem", "country": "IL", "purpose": "status"},
                  "2026-11-16T15:00")
    # Friday is Israel's weekend, whatever a profile's business days say; Sunday is not.
    assert found_with(allow(israel, "2026-11-27T10:00"), "3:") == [
        "3: call allowed on a weekend (Friday): status at 2026-11-27T10:00+02:00"]
    assert found_with(allow(israel, "2026-11-29T10:00"), "3:") == []


def test_3_a_call_on_a_public_holiday_not_on_a_day_only_some_regions_keep() -> None:
    us = plan({**FRIDAY, "country": "US"}, "2026-11-21T10:00")
    assert found_with(allow(us, "2026-11-26T10:00"), "3:") == [
        "3: call allowed on a day off: status at 2026-11-26T10:00-05:00"]  # Thanksgiving
    # The day after Thanksgiving is a holiday in 17 of the 51 states: a working day against, not a day off.
    assert found_with(allow(us, "2026-11-27T10:00"), "3:") == []
    with_state = plan({**FRIDAY, "country": "US-CA"}, "2026-11-21T10:00")
    assert found_with(allow(with_state, "2026-11-27T10:00"), "3:") == [
        "3: call allowed on a day off: status at 2026-11-27T10:00-05:00"]  # California keeps it


# --- invariant 4: after the last working day of the week ----------------------------------------


def test_4_a_best_call_on_the_next_working_morning(friday: Plan) -> None:
    problems = found_with(best(friday, ("2026-11-23T10:00", "2026-11-23T12:00")), "4:")
    assert "4: best call 2026-11-23T10:00-05:00 is on the morning of the next working day after an interview " \
           "on the last working day of the week" in problems
    assert any("is not midweek of the week after" in problem for problem in problems)


def test_4_call_now_on_the_next_working_morning(friday: Plan) -> None:
    monday = best(friday, ("2026-11-23T10:00", "2026-11-23T12:00"))
    at = local(friday, "2026-11-23T10:30")
    broken = replace(monday, verdict=Verdict(at, "call_now", Message("no_contact"), "status"))
    assert "4: call_now at 2026-11-23T10:30-05:00, the morning after an interview on the last working day" in \
        found_with(broken, "4:")


def test_4_the_best_call_must_be_midweek_when_it_can(friday: Plan) -> None:
    assert found_with(best(friday, ("2026-11-27T10:00", "2026-11-27T12:00")), "4:") == [
        "4: best call 2026-11-27T10:00-05:00 is not midweek of the week after an interview on the last working "
        "day, though that week has allowed midweek times"]


def test_4_follows_the_countrys_working_week_and_holidays() -> None:
    # Israel: Thursday is the last working day, Sunday the next working day.
    israel = plan({"interview": "2026-11-19T11:00", "timezone": "Asia/Jerusalem", "country": "IL",
                   "purpose": "status"}, "2026-11-19T12:00")
    assert found_with(best(israel, ("2026-11-22T10:00", "2026-11-22T11:00")), "4:")
    # Before Good Friday, Thursday is the last working day and Easter Monday is off in Bavaria.
    bavaria = plan({"interview": "2026-04-02T10:00", "timezone": "Europe/Berlin", "country": "DE-BY",
                    "purpose": "status"}, "2026-04-02T17:00")
    assert found_with(best(bavaria, ("2026-04-07T10:00", "2026-04-07T11:00")), "4:")


# --- invariants 5-8 -------------------------------------------------------------------------------


def test_5_a_grievance_with_contact() -> None:
    found = plan({**FRIDAY, "purpose": "grievance"}, "2026-11-21T10:00")
    assert found_with(with_step(found, action="call"), "5:") == ["5: grievance gets action call"]


def test_6_a_status_contact_before_the_promised_date() -> None:
    promised = plan({**FRIDAY, "promised_reply_by": "2026-11-25"}, "2026-11-21T10:00")
    assert found_with(allow(promised, "2026-11-25T10:00"), "6:") == [
        "6: status contact allowed before the promised date 2026-11-25 has passed: status at 2026-11-25T10:00-05:00"]


def test_7_a_best_range_outside_the_window_and_a_window_outside_the_horizon(friday: Plan) -> None:
    step = friday.steps[0]
    assert step.window is not None
    outside = with_step(friday, best=(span(friday, "2026-11-20T15:00", "2026-11-20T16:00"),))
    assert "7: best range 2026-11-20T15:00-05:00 lies outside the window" in found_with(outside, "7:")
    late = with_step(friday, window=(step.window[0], local(friday, "2026-12-10T17:00")))
    assert found_with(late, "7:") == ["7: window 2026-11-23T12:00-05:00..2026-12-10T17:00-05:00 is outside the "
                                      "horizon (last day 2026-12-04)"]
    early_close = replace(friday, move_on_after=local(friday, "2026-12-03T17:00"))
    assert found_with(early_close, "7:") == ["7: move_on_after 2026-12-03T17:00-05:00 is not the close of "
                                             "business on 2026-12-04, the plan's last working day"]


def test_8_the_same_input_planned_twice_must_give_the_same_json(friday: Plan) -> None:
    other = replace(friday, notes=(*friday.notes, Message("profile_warning", {"warning": "a note the first plan lacks"})))
    assert violations(friday, other) == ["8: the same input gave different JSON"]
    assert violations(friday, engine.advise(FRIDAY, now="2026-11-21T10:00")) == []


# --- invariant 9: the verdict agrees with the best ranges ----------------------------------------


def test_9_call_now_outside_the_best_ranges(friday: Plan) -> None:
    at = local(friday, "2026-11-24T13:00")
    broken = replace(friday, verdict=Verdict(at, "call_now", Message("no_contact"), "status"))
    assert "9: call_now at 2026-11-24T13:00-05:00, outside the step's best ranges" in found_with(broken, "9:")


def test_9_wait_until_a_time_that_is_not_the_next_best_range(friday: Plan) -> None:
    monday = local(friday, "2026-11-23T09:00")
    broken = replace(friday, verdict=replace(friday.now, until=monday))
    assert found_with(broken, "9:") == ["9: wait_until 2026-11-23T09:00-05:00 is not the start of the first best range "
                                        "listed"]
    inside = replace(friday, verdict=replace(friday.now, at=local(friday, "2026-11-24T10:30")))
    assert "9: wait_until although now (2026-11-24T10:30-05:00) scores as well as the first best range" in found_with(inside, "9:")


def test_9_too_late_or_dont_contact_while_times_are_ahead(friday: Plan) -> None:
    for verdict in ("too_late", "dont_contact"):
        broken = replace(friday, verdict=Verdict(friday.now.at, verdict, Message("no_contact"), "status"))
        assert found_with(broken, "9:") == [f"9: verdict {verdict} although status has best times ahead"]


def test_9_a_best_range_before_now_or_before_the_latest_contact(friday: Plan) -> None:
    later = replace(friday, verdict=replace(friday.now, at=local(friday, "2026-11-25T13:00")))
    assert "9: status best 2026-11-24T10:00-05:00 ends before now (2026-11-25T13:00-05:00)" in found_with(later, "9:")
    called = plan({**FRIDAY, "contacts": [{"at": "2026-11-24T11:30", "channel": "email"}]}, "2026-11-21T10:00")
    broken = best(called, ("2026-11-24T10:00", "2026-11-24T11:00"))
    assert "9: status best 2026-11-24T10:00-05:00 starts before the latest earlier contact" in \
        found_with(broken, "9:")


def test_9_the_verdicts_reasons_favour_its_moment(friday: Plan) -> None:
    broken = replace(friday, verdict=replace(friday.now, favoured_by=("no-late-calls",)))
    assert found_with(broken, "9:") == ["9: the verdict's reason no-late-calls does not favour the moment"]


# --- invariant 10: no best range on a day off, e-mails included ---------------------------------


@pytest.mark.parametrize(("situation", "day", "kind"), [
    ({"interview": "2026-11-20T14:00", "timezone": NY, "purpose": "thank_you"}, "2026-11-21", "a weekend"),
    ({"interview": "2026-11-24T14:00", "timezone": NY, "purpose": "thank_you", "country": "US"}, "2026-11-26",
     "a public holiday"),
    # Kept by more than half of the regions: Reformation Day in 9 of Germany's 17 calendars, Easter
    # Monday in England, Wales and Northern Ireland (not Scotland).
    ({"interview": "2025-10-29T10:00", "timezone": "Europe/Berlin", "purpose": "thank_you", "country": "DE"},
     "2025-10-31", "a public holiday"),
    ({"interview": "2026-04-01T10:00", "timezone": "Europe/London", "purpose": "thank_you", "country": "GB"},
     "2026-04-06", "a public holiday"),
])
def test_10_an_email_best_range_on_a_day_off(situation: dict[str, Any], day: str, kind: str) -> None:
    found = plan(situation, situation["interview"])
    broken = with_step(found, best=(span(found, f"{day}T10:00", f"{day}T11:00"), *found.steps[0].best[:1]))
    assert any(problem.startswith("10:") and problem.endswith(f"is on {kind}") for problem in violations(broken))


def test_10_a_weekend_of_the_country_not_of_the_profile() -> None:
    israel = plan({"interview": "2026-11-19T11:00", "timezone": "Asia/Jerusalem", "country": "IL",
                   "purpose": "thank_you"}, "2026-11-19T12:00")
    sunday = with_step(israel, best=(span(israel, "2026-11-22T10:00", "2026-11-22T11:00"),))
    friday_ = with_step(israel, best=(span(israel, "2026-11-20T10:00", "2026-11-20T11:00"),))
    assert not found_with(sunday, "10:")
    assert found_with(friday_, "10:") == ["10: thank_you best 2026-11-20T10:00+02:00 is on a weekend"]


# --- the coach's expectations -----------------------------------------------------------------------


def test_coach_best_ranges_few_apart_and_spread(friday: Plan) -> None:
    four = best(friday, ("2026-11-24T10:00", "2026-11-24T12:00"), ("2026-11-25T10:00", "2026-11-25T12:00"),
                ("2026-11-26T10:00", "2026-11-26T12:00"), ("2026-11-27T10:00", "2026-11-27T12:00"))
    assert "coach: status lists 4 best ranges (at most 3)" in violations(four)
    touching = best(friday, ("2026-11-24T10:00", "2026-11-24T12:00"), ("2026-11-24T12:00", "2026-11-24T13:00"))
    assert any(problem.startswith("coach: status best ranges 2026-11-24T10:00-05:00 and 2026-11-24T12:00-05:00 "
                                  "touch") for problem in violations(touching))
    one_day = best(friday, ("2026-11-24T10:00", "2026-11-24T12:00"), ("2026-11-24T14:00", "2026-11-24T15:00"))
    assert "coach: status best ranges share days although the window has others" in violations(one_day)


def test_coach_calls_three_business_days_apart() -> None:
    traditional = plan({"interview": "2026-11-17T10:00", "timezone": NY, "industry": "accounting",
                        "traditional": True, "country": "US-NY"}, "2026-11-17T12:00")
    assert [step.action for step in traditional.steps] == ["call", "call"]
    same_day = best(traditional, ("2026-11-20T10:00", "2026-11-20T12:00"), index=1)
    assert any(problem.startswith("coach: status call 2026-11-20 is less than 3 business days after the call "
                                  "planned on 2026-11-19") for problem in violations(same_day))
    called = plan({**FRIDAY, "contacts": [{"at": "2026-11-23T14:00", "channel": "call"}]}, "2026-11-23T15:00")
    soon = best(called, ("2026-11-25T10:00", "2026-11-25T12:00"))
    assert any("is less than 3 business days after the call on 2026-11-23" in p for p in violations(soon))


def test_coach_competing_offer_before_its_deadline_and_before_status() -> None:
    offer = plan({"interview": "2026-11-16T10:00", "timezone": NY, "purpose": "competing_offer",
                  "competing_offer_deadline": "2026-11-20"}, "2026-11-16T12:00")
    late = best(offer, ("2026-11-23T10:00", "2026-11-23T11:00"))
    assert "coach: competing offer best 2026-11-23T10:00-05:00 lies after the deadline 2026-11-20" in violations(late)
    sequence = plan({"interview": "2026-11-16T10:00", "timezone": NY, "competing_offer_deadline": "2026-11-20"},
                    "2026-11-16T12:00")
    assert [step.purpose for step in sequence.steps] == ["thank_you", "competing_offer", "status"]
    reordered = replace(sequence, steps=(sequence.steps[0], sequence.steps[2], sequence.steps[1]))
    assert "coach: the competing-offer step comes after the status step" in violations(reordered)
    dropped = replace(sequence, steps=(sequence.steps[0], sequence.steps[2]))
    assert "coach: a competing offer still open is missing from the sequence" in violations(dropped)


def test_coach_reasons_say_which_way_they_pushed(friday: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    step = friday.steps[0]
    reason = next(r for r in step.reasons if r.rule.effect == "prefer" and r.rule.value > 0)
    written = engine.report.json._reason

    def lying(changes: dict[str, Any]) -> Any:
        """A JSON writer that gets one field of this reason wrong (as a broken renderer would)."""
        return lambda r: {**written(r), **(changes if r is reason else {})}

    # A reason whose JSON claims the wrong direction.
    monkeypatch.setattr(engine.report.json, "_reason", lying({"direction": "disfavours"}))
    assert violations(friday) == [f"coach: reason {reason.rule.id} of status does not say it favours"]
    monkeypatch.setattr(engine.report.json, "_reason", lying({"weight": None}))
    assert violations(friday) == [f"coach: reason {reason.rule.id} of status does not give its weight "
                                  f"{float(reason.rule.value)}"]


def test_coach_holidays_on_the_planned_days_are_named() -> None:
    us = plan({**FRIDAY, "country": "US"}, "2026-11-21T10:00")
    silent = replace(us, notes=tuple(note for note in us.notes if note.code not in ("public_holidays", "regional_holidays")))
    assert "coach: the holiday on 2026-11-26 is not named in the notes" in violations(silent)
    assert "coach: the holiday on 2026-11-27 is not named in the notes" in violations(silent)


# --- a profile the invariants must overrule fails its test ----------------------------------------------


def test_overruled_names_business_hours_past_six_and_a_first_morning_preference(tmp_path: Any) -> None:
    (tmp_path / "late.yaml").write_text(
        "id: late\nname: Late\nextends: general\nsettings:\n  business_hours: {start: '07:00', end: '22:00'}\n"
        "rules: []\n", encoding="utf-8")
    (tmp_path / "mondays.yaml").write_text(
        "id: mondays\nname: Mondays\nextends: general\nrules:\n"
        "  - id: only-monday-mornings\n    when: {channel: call, not: {weekday: mon, time: {lt: '12:00'}}}\n"
        "    then: {forbid: true}\n    why: In this field the phone is answered on Monday mornings only.\n"
        "    source: seed\n", encoding="utf-8")
    catalog = Catalog([tmp_path])
    late = engine.advise({**FRIDAY, "industry": "late"}, now="2026-11-21T10:00", profiles=catalog)
    mondays = engine.advise({**FRIDAY, "industry": "mondays"}, now="2026-11-21T10:00", profiles=catalog)
    assert violations(late) == [] and violations(mondays) == []  # core keeps the plans right
    assert [problem[:2] for problem in overruled(late)] == ["3:"]
    assert "outside 08:00-18:00, and no rule but core-call-hours forbids them" in overruled(late)[0]
    assert [problem[:2] for problem in overruled(mondays)] == ["4:"]
    assert "only core-last-day-next-morning keeps it out" in overruled(mondays)[0]
    assert overruled(engine.advise(FRIDAY, now="2026-11-21T10:00")) == []


def test_the_checker_reads_no_holiday_from_the_engine(friday: Plan) -> None:
    """A plan carries no calendar, and its notes may say anything: the checker looks the holidays up itself."""
    us = plan({**FRIDAY, "country": "US"}, "2026-11-21T10:00")
    assert not any(hasattr(slot, "grid") for step in us.steps for slot, _ in step.trace.considered)
    silent = replace(us, notes=())
    broken = best(silent, ("2026-11-26T10:00", "2026-11-26T11:00"))
    assert any(p.startswith("10:") and "public holiday" in p for p in violations(broken))
