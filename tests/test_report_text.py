"""The text report: what a candidate reads to know what to do and when."""

# The report separates times with en dashes; the expected text spells them out as printed.
# ruff: noqa: RUF001

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings

import engine
from engine.plan import Plan
from engine.report.text import (
    deciding,
    explained,
    first_choice_order,
    format_range,
    render_text,
    zone_label,
)
from engine.report.words import DAYS
from engine.testing.invariants import OUT_OF_HOURS
from engine.testing.strategies import situations

# Friday 20 Nov 2026, 14:00 in New York: the status call belongs midweek, on Tue 24 Nov. Weekends
# only (no holidays): the week after runs Monday to Friday.
FRIDAY = {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "country": "none"}


def advise(now: str, **fields: Any) -> Plan:
    return engine.advise({**FRIDAY, **fields}, now=now)


def verdict(text: str) -> str:
    """The verdict line as one line (it is wrapped like any other)."""
    return " ".join(line.strip() for line in text.split("\n\n", 1)[0].splitlines())


def test_verdict_comes_first_and_names_the_employers_zone() -> None:
    text = render_text(advise("2026-11-21T10:00", purpose="status"))
    assert text.startswith("Now (")
    assert verdict(text) == ("Now (Sat 21 Nov 10:00 New York time): wait — next good moment Tue 24 Nov 10:00 "
                             "New York time (call to ask about the status)")
    # A moment is never wrapped apart.
    assert text.splitlines()[0].endswith(" Tue 24 Nov 10:00 New York time (call")


def test_status_step_says_call_with_its_window_and_best_slots() -> None:
    plan = advise("2026-11-21T10:00", purpose="status")
    text = render_text(plan)
    assert [step.action for step in plan.steps] == ["call"]
    assert "1. Call to ask about the status\n" in text
    # Monday morning, the first after a Friday interview, is never allowed for a call.
    assert "   Window:  Mon 23 Nov 12:00 – Fri 4 Dec 17:00\n" in text
    assert "   Best:    Tue 24 Nov 10:00–12:00\n" in text
    assert "All times below are the employer's local time (America/New_York).\n" in text
    assert "Stop following up after Fri 4 Dec 17:00 (America/New_York)." in text


def test_every_best_slot_is_listed_in_rank_order() -> None:
    plan = advise("2026-11-21T10:00", purpose="status")
    lines = render_text(plan).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("   Best:"))
    best = plan.steps[0].best
    # One range per midweek day before a second one on any day.
    assert [(r.start.isoformat(), r.end.hour) for r in best] == [
        ("2026-11-24T10:00:00-05:00", 12), ("2026-11-25T10:00:00-05:00", 12), ("2026-11-26T10:00:00-05:00", 12),
    ]
    # Only the first is called best; the others are the alternatives, in rank order.
    assert lines[start:start + len(best) + 1] == [
        "   Best:    Tue 24 Nov 10:00–12:00",
        "   Or else: Wed 25 Nov 10:00–12:00",
        "            Thu 26 Nov 10:00–12:00",
        "   Why:",
    ]


def test_whole_sequence_names_each_action() -> None:
    text = render_text(advise("2026-11-20T16:30"))
    assert text.startswith("Now (Fri 20 Nov 16:30 New York time): a good moment — send a thank-you e-mail\n")
    assert "1. Send a thank-you e-mail\n" in text
    assert "2. Call to ask about the status\n" in text
    # Only what is still ahead: the 15:00 hour has passed at 16:30; the range holding now says so.
    assert "   Best:    Fri 20 Nov 16:00–17:00 (now)\n" in text


def why(text: str, step: int = 1) -> str:
    """The reasons listed under a step, up to the next blank line."""
    block = text.split(f"\n{step}. ", 1)[1]
    return block.split("   Why:\n", 1)[1].split("\n\n", 1)[0]


def test_why_leads_with_what_favoured_the_moment_then_the_action_then_what_ruled_out_sooner() -> None:
    plan = advise("2026-11-21T10:00", purpose="status")
    text = render_text(plan, drafts=False)
    reasons = why(text)
    # Tue 24 Nov 10:00, the moment the verdict waits for: midweek after a Friday interview,
    # the week after, mid-morning. Nothing argues against it.
    assert reasons.startswith(
        "   - favours:   After an interview on the last working day of the week, the middle of the next week\n"
        "                is the time to call, once its first-day rush has passed. [1]\n"
        "   - favours:   The week after the interview is when a follow-up is expected and still remembered.\n")
    assert "   - favours:   Mid-morning, after the day's first meetings, is when a call is most welcome." in reasons
    assert "against:" not in reasons
    # Then why a call, then what kept the weekend and Monday morning out.
    assert reasons.index("favours:") < reasons.index("decides:   After a week or two of silence") \
        < reasons.index("forbids:")
    assert "forbids:   After an interview on the last working day of the week, the first morning of the" in reasons
    assert "forbids:   Nobody should be phoned about a job on a weekend" in reasons
    # Rules that shaped only other times are not among them: the interview's own day
    # (yesterday), the early afternoon (not chosen), late calls.
    assert "reads as pushy" not in reasons
    assert "Early afternoon" not in text
    assert "Late-afternoon calls" not in text
    assert "\nSources:\n[1] Polytech Talent, when to call after the job interview" in text


def test_why_says_what_argued_against_a_moment_that_is_still_the_best_left() -> None:
    # Friday 4 Dec at 13:00, the last day of the window: only its afternoon is left, and the
    # last afternoon of the working week is not ideal.
    text = render_text(advise("2026-12-04T13:00", purpose="status"), drafts=False)
    assert verdict(text) == ("Now (Fri 4 Dec 13:00 New York time): wait — next good moment Fri 4 Dec 14:00 "
                             "New York time, the best time left (call to ask about the status)")
    assert why(text) == (
        "   - favours:   Early afternoon, after lunch, is the other good moment for a call. [1]\n"
        "   - against:   The last afternoon of the working week is a poor time to ask for anyone's\n"
        "                attention. [2]\n"
        "   - decides:   After a week or two of silence, a polite call to ask whether you are still in the\n"
        "                running is reasonable. [3]")


def test_two_weeks_later_the_interviews_own_days_are_not_among_the_reasons() -> None:
    # Wed 2 Dec 08:00, twelve days after the interview: the rules about the interview's day,
    # the day after and the first morning after the weekend decided nothing left.
    text = render_text(advise("2026-12-02T08:00", purpose="status"), drafts=False)
    assert verdict(text).startswith("Now (Wed 2 Dec 08:00 New York time): wait — next good moment Wed 2 Dec 10:00")
    # The window opened on Mon 23 Nov: what counts now is when it closes.
    assert "   Window:  open until Fri 4 Dec 17:00\n" in text
    assert why(text) == (
        "   - favours:   Mid-morning, after the day's first meetings, is when a call is most welcome. [1]\n"
        "   - favours:   In the middle of the working week people have caught up and are not yet wrapping\n"
        "                up. [2, 3]\n"
        "   - decides:   After a week or two of silence, a polite call to ask whether you are still in the\n"
        "                running is reasonable. [4]")


def test_explain_lists_every_rule_that_shaped_each_step() -> None:
    plan = advise("2026-11-21T10:00", purpose="status")
    short, full = render_text(plan, drafts=False), render_text(plan, drafts=False, explain=True)
    for step in plan.steps:
        for reason in step.reasons:
            assert " ".join(reason.rule.why.split()) in " ".join(full.split()), reason.rule.id
    assert "A call on the day of the interview reads as pushy, not keen." not in short
    assert "   Other rules that shaped this step:\n" in full
    # Each sentence once per step, and the forbidding ones say so.
    status = full.split("\n1. ", 1)[1]
    assert status.count("The day after the interview is still too soon for a call") == 1
    assert "   - forbids:   The day after the interview is still too soon for a call; it looks obsessive." in status
    assert "   - against:   Late-afternoon calls catch people" in status


def test_each_source_and_sentence_appears_once() -> None:
    text = render_text(advise("2026-11-20T16:30"))
    sources = text.split("\nSources:\n", 1)[1].splitlines()
    titles = [line.split("] ", 1)[1] for line in sources if line.startswith("[")]
    assert len(titles) == len(set(titles))
    assert text.count("Thanks sent within a day arrive while the conversation is fresh.") == 1


def test_grievance_says_not_to_get_in_touch() -> None:
    plan = advise("2026-11-21T10:00", purpose="grievance")
    text = render_text(plan)
    assert text.startswith("Now (Sat 21 Nov 10:00 New York time): don't get in touch — telling an employer")
    assert "1. Don't get in touch to complain\n" in text
    assert "Window:" not in text
    assert "Best:" not in text
    assert "Telling an employer they missed out helps nobody" in text


def test_heard_back_turns_the_status_step_into_no_contact() -> None:
    text = render_text(advise("2026-11-20T16:30", heard_back=True))
    assert "2. Don't get in touch to ask about the status\n" in text
    assert "The employer has answered already" in text


def test_a_step_with_no_allowed_time_says_why() -> None:
    plan = advise("2026-11-18T10:00", purpose="competing_offer", competing_offer_deadline="2026-11-19")
    text = render_text(plan)
    assert "1. Don't get in touch to mention a competing offer\n" in text
    assert "   The other offer's deadline (Thu 19 Nov) leaves no time to get in touch.\n" in text
    assert text.startswith("Now (Wed 18 Nov 10:00 New York time): too late — the other offer's deadline")


def test_a_promise_past_the_horizon_keeps_the_status_step_open() -> None:
    plan = advise("2026-11-21T10:00", purpose="status", promised_reply_by="2027-02-01")
    text = render_text(plan)
    assert verdict(text).startswith("Now (Sat 21 Nov 10:00 New York time): wait — next good moment "
                                    "Tue 2 Feb 2027 10:00 New York time")
    assert "   Window:  Tue 2 Feb 2027 09:00 – Mon 8 Feb 2027 17:00\n" in text


def test_passed_windows_are_marked_and_too_late_is_said() -> None:
    text = render_text(advise("2026-12-30T10:00", purpose="feedback"))
    assert text.startswith("Now (Wed 30 Dec 10:00 New York time): too late — the time for following up has passed")
    # Its time has passed, said plainly: no window, no best time, no reasons for a time.
    assert "\n1. Call to ask for feedback (its time has passed)\n\nStop following up after" in text
    assert "Best:" not in text
    assert "Window:" not in text


def test_call_now() -> None:
    text = render_text(advise("2026-11-24T10:30", purpose="status"))
    assert text.startswith("Now (Tue 24 Nov 10:30 New York time): a good moment — call to ask about the status\n")
    assert "   Best:    Tue 24 Nov 10:00–12:00 (now)\n" in text


def test_notes_are_included() -> None:
    text = render_text(advise("2026-11-21T10:00", purpose="status"))
    assert "\nNotes:\n- No country given: weekends are days off, public holidays are not considered.\n" in text
    with_country = render_text(advise("2026-11-21T10:00", purpose="status", country="US"))
    assert "No country given" not in with_country


def test_times_are_employer_local_even_for_a_foreign_now() -> None:
    # 15:00 UTC is 10:00 in New York.
    text = render_text(engine.advise({**FRIDAY, "purpose": "status"}, now="2026-11-21T15:00Z"))
    assert text.startswith("Now (Sat 21 Nov 10:00 New York time): wait")


def test_year_is_shown_when_it_changes() -> None:
    plan = engine.advise({"interview": "2026-12-28T14:00", "timezone": "America/New_York", "purpose": "status"},
                         now="2026-12-29T10:00")
    text = render_text(plan)
    assert "Interview: Mon 28 Dec 2026 14:00 (America/New_York)" in text
    assert "Mon 11 Jan 2027 17:00" in text
    # Status waits for the next working week, which starts in the new year.
    assert "Window:  Mon 4 Jan 2027 09:00 – Mon 11 Jan 2027 17:00" in text


@pytest.mark.parametrize(
    "fields",
    [
        {"purpose": "status"},
        {},
        {"purpose": "grievance"},
        {"industry": "legal", "traditional": True, "country": "US-NY"},
        {"industry": "it"},
        {"industry": "accounting", "purpose": "competing_offer", "competing_offer_deadline": "2026-11-25"},
    ],
)
def test_plain_deterministic_and_short_lines(fields: dict[str, Any]) -> None:
    first = render_text(advise("2026-11-21T10:00", **fields))
    second = render_text(advise("2026-11-21T10:00", **fields))
    assert first == second
    assert first.endswith("\n") and not first.endswith("\n\n")
    assert "\x1b" not in first and "\t" not in first and "\r" not in first
    for line in first.splitlines():
        # Only a source's address may run long: URLs are never broken.
        assert len(line) <= 100 or "://" in line, line
        assert line == line.rstrip(), line


@pytest.mark.parametrize(("name", "label"), [
    ("America/New_York", "New York time"),
    ("America/Argentina/Buenos_Aires", "Buenos Aires time"),
    ("America/Port-au-Prince", "Port-au-Prince time"),
    ("Asia/Ho_Chi_Minh", "Ho Chi Minh time"),
    ("US/Eastern", "Eastern time"),
    ("Japan", "Japan time"),
    ("UTC", "UTC"),
    ("Etc/UTC", "UTC"),
    ("Etc/GMT+5", "UTC-05:00"),  # the Etc/ sign is POSIX's, the opposite of ISO 8601's
    ("EST5EDT", "EST5EDT"),
])
def test_a_zone_is_named_as_a_person_names_a_clock(name: str, label: str) -> None:
    assert zone_label(name, ZoneInfo(name), datetime(2026, 11, 21, 15, tzinfo=timezone.utc)) == label


def test_a_fixed_offset_is_named_by_its_offset() -> None:
    plan = engine.advise({"interview": "2026-11-20T14:00+05:30", "purpose": "status"}, now="2026-11-21T10:00+05:30")
    assert render_text(plan).startswith("Now (Sat 21 Nov 10:00 UTC+05:30): wait")


def test_the_candidates_clock_is_added_where_it_differs() -> None:
    plan = advise("2026-11-21T10:00", purpose="status")
    assert verdict(render_text(plan, my_zone=ZoneInfo("Europe/Berlin"))) == (
        "Now (Sat 21 Nov 10:00 New York time, 16:00 Berlin time): wait — next good moment Tue 24 Nov 10:00 "
        "New York time, 16:00 Berlin time (call to ask about the status)")
    # Past midnight in Tokyo: the candidate's day is named.
    assert verdict(render_text(plan, my_zone=ZoneInfo("Asia/Tokyo"))) == (
        "Now (Sat 21 Nov 10:00 New York time, Sun 22 Nov 00:00 Tokyo time): wait — next good moment "
        "Tue 24 Nov 10:00 New York time, Wed 25 Nov 00:00 Tokyo time (call to ask about the status)")
    # The same clock under another name, or the same zone: nothing is added.
    for same in ("America/New_York", "US/Eastern"):
        assert render_text(plan, my_zone=ZoneInfo(same)) == render_text(plan)


def test_the_candidates_clock_follows_daylight_saving_on_each_side() -> None:
    # New York moves to summer time on 8 Mar 2026, London on 29 Mar: in between the clocks
    # are 4 hours apart, after it 5 again. Tuesday mid-morning the week after a Friday
    # interview is a best time to call.
    london = ZoneInfo("Europe/London")
    for interview, now, expected in (
        ("2026-03-13T14:00", "2026-03-17T10:30", "Now (Tue 17 Mar 10:30 New York time, 14:30 London time): "),
        ("2026-04-03T14:00", "2026-04-07T10:30", "Now (Tue 7 Apr 10:30 New York time, 15:30 London time): "),
    ):
        plan = engine.advise({"interview": interview, "timezone": "America/New_York", "purpose": "status"}, now=now)
        assert verdict(render_text(plan, my_zone=london)) == f"{expected}a good moment — call to ask about the status"


# Mon 16 Nov 09:00: the status step's best times are midweek of the next week, and the
# early afternoon of its Monday.
MONDAY = {"interview": "2026-11-16T09:00", "timezone": "America/New_York", "country": "US", "purpose": "status"}


def test_one_order_one_answer_the_first_best_time_is_the_verdicts() -> None:
    plan = engine.advise(MONDAY, now="2026-11-17T11:00")
    text = render_text(plan, drafts=False)
    until = plan.verdict.until
    assert until is not None
    moment = f"{DAYS[until.weekday()]} {until.day} Nov {until:%H:%M}"
    assert f"wait — next good moment {moment} New York time" in verdict(text)
    lines = text.splitlines()
    best = [line for line in lines if line.startswith("   Best:")]
    assert len(best) == 1 and best[0].startswith(f"   Best:    {moment}")
    # The others follow as alternatives, never called best.
    index = lines.index(best[0])
    assert lines[index + 1].startswith("   Or else: ")
    assert lines[index + 2].startswith("            ") or lines[index + 2] == "   Why:"


@given(situations())
@settings(max_examples=40)
def test_the_verdict_and_the_first_best_time_agree_on_every_plan(drawn: tuple[dict[str, Any], str]) -> None:
    situation, now = drawn
    plan = engine.advise({**situation, "language": "en"}, now=now)  # the labels read are English
    text = render_text(plan, drafts=False)
    said, zone, year = plan.verdict, plan.situation.zone, plan.situation.interview.year
    for number, step in enumerate(plan.steps, start=1):
        block = text.split(f"\n{number}. ", 1)[1].split("\n\n", 1)[0]
        # One moment is called best, and only where there is one.
        assert block.count("Best:") == (1 if step.best else 0), block
        moment = said.until if said.verdict == "wait_until" else said.at
        if step.purpose != said.purpose or not step.best or moment is None:
            continue
        chosen = next(item for item in step.best if item.start <= moment < item.end)
        assert f"\n   Best:    {format_range(chosen.start, chosen.end, zone, year=year)}" in block, block


@given(situations())
@settings(max_examples=40)
def test_the_short_why_holds_only_what_weighed_on_the_chosen_moment_or_before_it(
        drawn: tuple[dict[str, Any], str]) -> None:
    situation, now = drawn
    plan = engine.advise(situation, now=now)
    at = plan.verdict.at.timestamp()
    for step in plan.steps:
        short = deciding(plan, step)
        assert {reason.rule.why for reason in short} <= {reason.rule.why for reason in explained(step)}
        if step.action == "none" or not step.best:
            assert all(reason.rule.direction == "decides" for reason in short)
            continue
        if step.note is not None and step.note.code in OUT_OF_HOURS:
            continue  # an offer e-mail out of hours: its one slot is no allowed time, and nothing is weighed
        first = first_choice_order(plan, step)[0]
        # The moment chosen: now when it lies in the first best range, else that range's start.
        moment = at if first.start.timestamp() <= at < first.end.timestamp() else first.start.timestamp()
        outcome = step.trace.outcome_at(moment)
        assert outcome is not None
        for reason in short:
            if reason.rule.direction in ("favours", "disfavours"):
                # A preference shown fired on the chosen moment itself.
                assert reason.rule.id in outcome.fired, reason.rule.id
            elif reason.rule.direction == "forbids":
                # A prohibition shown ruled out some time between now and the chosen moment.
                assert any(reason.rule.id in out.forbids and slot.end_timestamp > at and slot.timestamp < moment
                           for slot, out in step.trace.considered), reason.rule.id


def test_a_passed_step_has_no_window_and_nothing_to_say() -> None:
    # A week after a Friday interview, the thank-you's time is over; the status call is ahead.
    text = render_text(advise("2026-11-27T10:00"))
    thanks = text.split("\n1. ", 1)[1].split("\n2. ", 1)[0]
    assert thanks == "Send a thank-you e-mail (its time has passed)\n"
    assert "2. Call to ask about the status\n   Window:" in text


# Thu 8 Oct 2026 in New York, a reply promised by Fri 20 Nov: the plan's weeks hold four
# holidays only some states keep (Alaska Day, Nevada Day, Election Day, the day after
# Thanksgiving).
OCTOBER = {"interview": "2026-10-08T14:00", "timezone": "America/New_York", "country": "US",
           "promised_reply_by": "2026-11-20"}


def test_regional_holidays_are_counted_with_the_first_few_named() -> None:
    plan = engine.advise(OCTOBER, now="2026-10-08T16:00")
    text = render_text(plan, drafts=False)
    notes = " ".join(text.split("\nNotes:\n", 1)[1].split("\n\n", 1)[0].split())
    assert ("- No region given: 4 holidays that only some regions of US keep are avoided too (the first two: "
            "Mon 19 Oct, Alaska Day (observed), in AK; Fri 30 Oct, Nevada Day, in NV). Give the region "
            "(e.g. US-AK) for its exact calendar.") in notes
    assert "Election Day" not in text and "Day After Thanksgiving" not in text
    # The JSON keeps every day, with its regions.
    [regional] = [note for note in plan.to_dict()["notes"] if note.startswith("No region given")]
    assert "Election Day" in regional and "Day After Thanksgiving" in regional


def test_one_regional_holiday_is_named_with_a_code_to_give() -> None:
    # Corpus Christi (Thu 4 Jun 2026) is kept in seven German regions; a code is suggested.
    plan = engine.advise({"interview": "2026-05-28T14:00", "timezone": "Europe/Berlin", "country": "DE",
                          "language": "en"}, now="2026-05-28T16:00")
    notes = " ".join(render_text(plan).split("\nNotes:\n", 1)[1].split())
    assert ("- No region given: a holiday that only some regions of DE keep is avoided too (Thu 4 Jun, Corpus "
            "Christi, in 7 regions). Give the region (e.g. DE-BW) for its exact calendar.") in notes


def test_after_two_follow_ups_no_window_is_shown_for_what_is_over() -> None:
    # A thank-you e-mail that evening, a status call on Mon 30 Nov: on Tue 1 Dec both steps are
    # done, nothing is left to do but wait for the reply, and no time is offered for them.
    plan = engine.advise({"interview": "2026-11-19T14:00", "timezone": "America/New_York",
                          "contacts": [{"at": "2026-11-19T18:00", "channel": "email"},
                                       {"at": "2026-11-30T10:00", "channel": "call"}]}, now="2026-12-01T09:30")
    text = render_text(plan)
    assert text.startswith("Now (Tue 1 Dec 09:30 New York time): every step is done; wait for their reply until ")
    assert "Window:" not in text and "Best:" not in text and "What to say" not in text
