"""The text report: what a candidate reads to know what to do and when."""

# The report separates times with en dashes; the expected text spells them out as printed.
# ruff: noqa: RUF001

from __future__ import annotations

from typing import Any

import pytest

import engine
from engine.evaluation.plan import Plan
from engine.report.text import render_text

# Friday 20 Nov 2026, 14:00 in New York: the status call belongs midweek, on Tue 24 Nov. Weekends
# only (no holidays): the week after runs Monday to Friday.
FRIDAY = {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "country": "none"}


def advise(now: str, **fields: Any) -> Plan:
    return engine.advise({**FRIDAY, **fields}, now=now)


def test_verdict_comes_first_in_one_line() -> None:
    text = render_text(advise("2026-11-21T10:00", purpose="status"))
    assert text.splitlines()[0] == (
        "Now (Sat 21 Nov 10:00): wait — next good moment Tue 24 Nov 10:00 (call to ask about the status)"
    )


def test_status_step_says_call_with_its_window_and_best_slots() -> None:
    plan = advise("2026-11-21T10:00", purpose="status")
    text = render_text(plan)
    assert [step.action for step in plan.steps] == ["call"]
    assert "1. Call to ask about the status\n" in text
    # Monday morning, the first after a Friday interview, is never allowed for a call.
    assert "   Window: Mon 23 Nov 12:00 – Fri 4 Dec 17:00 (America/New_York)\n" in text
    assert "   Best:   Tue 24 Nov 10:00–12:00 (America/New_York)\n" in text
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
    assert lines[start:start + len(best) + 1] == [
        "   Best:   Tue 24 Nov 10:00–12:00 (America/New_York)",
        "           Wed 25 Nov 10:00–12:00 (America/New_York)",
        "           Thu 26 Nov 10:00–12:00 (America/New_York)",
        "   Why:",
    ]


def test_whole_sequence_names_each_action() -> None:
    text = render_text(advise("2026-11-20T16:30"))
    assert text.startswith("Now (Fri 20 Nov 16:30): a good moment — send a thank-you e-mail\n")
    assert "1. Send a thank-you e-mail\n" in text
    assert "2. Call to ask about the status\n" in text
    # Only what is still ahead: the 15:00 hour has passed at 16:30.
    assert "   Best:   Fri 20 Nov 16:00–17:00 (America/New_York)\n" in text


def test_why_lists_deciding_reasons_first_with_numbered_sources() -> None:
    plan = advise("2026-11-21T10:00", purpose="status")
    text = render_text(plan)
    why = text.split("   Why:\n", 1)[1].split("\n\n", 1)[0]
    # The recommend rule, then the forbids, before any preference; each says which way it pushed.
    assert why.startswith("   - decides:   After a week or two of silence, a polite call")
    assert "   - forbids:   A call on the day of the interview reads as pushy, not keen. [1]" in why
    assert why.index("reads as pushy") < why.index("Early afternoon")
    assert "   - favours:   Early afternoon, after lunch" in why
    assert "   - against:   Late-afternoon calls catch people" in why
    assert why.index("favours:") < why.index("against:")
    assert "\nSources:\n[1] When to Call After the Job Interview" in text
    assert "[3] Top Echelon, best times to call <https://topechelon.com/>" in text


def test_each_source_and_sentence_appears_once() -> None:
    text = render_text(advise("2026-11-20T16:30"))
    sources = text.split("\nSources:\n", 1)[1].splitlines()
    titles = [line.split("] ", 1)[1] for line in sources if line.startswith("[")]
    assert len(titles) == len(set(titles))
    assert text.count("Thanks sent within a day arrive while the conversation is fresh.") == 1


def test_grievance_says_not_to_get_in_touch() -> None:
    plan = advise("2026-11-21T10:00", purpose="grievance")
    text = render_text(plan)
    assert text.startswith("Now (Sat 21 Nov 10:00): don't get in touch — telling an employer")
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
    assert text.startswith("Now (Wed 18 Nov 10:00): too late — the other offer's deadline")


def test_a_promise_past_the_horizon_keeps_the_status_step_open() -> None:
    plan = advise("2026-11-21T10:00", purpose="status", promised_reply_by="2027-02-01")
    text = render_text(plan)
    assert text.startswith("Now (Sat 21 Nov 10:00): wait — next good moment Tue 2 Feb 2027 10:00")
    assert "   Window: Tue 2 Feb 2027 09:00 – Mon 8 Feb 2027 17:00 (America/New_York)\n" in text


def test_passed_windows_are_marked_and_too_late_is_said() -> None:
    text = render_text(advise("2026-12-30T10:00", purpose="feedback"))
    assert text.startswith("Now (Wed 30 Dec 10:00): too late — the time for following up has passed")
    assert "1. Call to ask for feedback (its time has passed)\n" in text
    assert "Best:" not in text


def test_call_now() -> None:
    text = render_text(advise("2026-11-24T10:30", purpose="status"))
    assert text.startswith("Now (Tue 24 Nov 10:30): a good moment — call to ask about the status\n")


def test_notes_are_included() -> None:
    text = render_text(advise("2026-11-21T10:00", purpose="status"))
    assert "\nNotes:\n- No country given: weekends are days off, public holidays are not considered.\n" in text
    with_country = render_text(advise("2026-11-21T10:00", purpose="status", country="US"))
    assert "No country given" not in with_country


def test_times_are_employer_local_even_for_a_foreign_now() -> None:
    # 15:00 UTC is 10:00 in New York.
    text = render_text(engine.advise({**FRIDAY, "purpose": "status"}, now="2026-11-21T15:00Z"))
    assert text.startswith("Now (Sat 21 Nov 10:00): wait")


def test_year_is_shown_when_it_changes() -> None:
    plan = engine.advise({"interview": "2026-12-28T14:00", "timezone": "America/New_York", "purpose": "status"},
                         now="2026-12-29T10:00")
    text = render_text(plan)
    assert "Interview: Mon 28 Dec 2026 14:00 (America/New_York)" in text
    assert "Mon 11 Jan 2027 17:00" in text
    # Status waits for the next working week, which starts in the new year.
    assert "Window: Mon 4 Jan 2027 09:00 – Mon 11 Jan 2027 17:00" in text


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
