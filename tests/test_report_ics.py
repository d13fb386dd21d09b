"""The iCalendar report: read back with icalendar, as a calendar application would."""

from __future__ import annotations

import re
from datetime import timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

import engine
from engine.plan import Plan
from engine.report.ics import render_ics
from engine.testing.strategies import situations

FRIDAY = {"interview": "2026-11-20T14:00", "timezone": "America/New_York"}


def advise(now: str, **fields: Any) -> Plan:
    return engine.advise({**FRIDAY, **fields}, now=now)


def events(data: bytes) -> list[Any]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_calendar_header() -> None:
    calendar = Calendar.from_ical(render_ics(advise("2026-11-21T10:00", purpose="status")))
    assert calendar.name == "VCALENDAR"
    assert str(calendar["PRODID"]) == "-//followup-etiquette//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"


def test_status_call_event_at_the_best_slot_in_utc() -> None:
    plan = advise("2026-11-21T10:00", purpose="status")
    data = render_ics(plan)
    [event] = events(data)
    best = plan.steps[0].best[0]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == best.start.astimezone(timezone.utc)
    assert end == best.end.astimezone(timezone.utc)
    assert start.utcoffset() == timedelta(0)
    # Tue 24 Nov 10:00 in New York.
    assert b"DTSTART:20261124T150000Z\r\n" in data
    assert str(event["SUMMARY"]) == "Follow-up call: ask about the status"
    assert event.decoded("DTSTAMP") == plan.now.at.astimezone(timezone.utc)
    assert str(event["UID"]).endswith("@followup-etiquette")


def test_description_gives_the_action_window_and_reasons() -> None:
    plan = advise("2026-11-21T10:00", purpose="status")
    [event] = events(render_ics(plan))
    description = str(event["DESCRIPTION"])
    assert description.startswith("Call to ask about the status.\n")
    assert "Window: Mon 23 Nov 12:00 \u2013 Fri 4 Dec 17:00 (America/New_York)" in description
    for reason in plan.steps[0].reasons:
        assert reason.rule.why in description
    assert ("[3] HR Solutions, interview follow-up rules (2014-06-20): follow up after a week, call mid-morning, "
            "not late in the day <https://www.hrsus.com/2014/06/20/interview-follow-rules/>") in description


def test_each_event_has_a_display_alarm_fifteen_minutes_before() -> None:
    for event in events(render_ics(advise("2026-11-20T16:30"))):
        [alarm] = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("TRIGGER") == timedelta(minutes=-15)
        assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])


def test_one_event_per_step_that_gets_in_touch() -> None:
    plan = advise("2026-11-20T16:30")
    found = events(render_ics(plan))
    actionable = [step for step in plan.steps if step.action != "none"]
    assert len(found) == len(actionable) == 2
    assert [str(e["SUMMARY"]) for e in found] == [
        "Follow-up e-mail: say thank you", "Follow-up call: ask about the status",
    ]
    for event, step in zip(found, actionable, strict=True):
        assert event.decoded("DTSTART") == step.best[0].start.astimezone(timezone.utc)
    assert len({str(e["UID"]) for e in found}) == 2


def test_no_contact_steps_get_no_event() -> None:
    plan = advise("2026-11-20T16:30", heard_back=True)
    assert [step.action for step in plan.steps] == ["email", "none"]
    assert [str(e["SUMMARY"]) for e in events(render_ics(plan))] == ["Follow-up e-mail: say thank you"]


def components(data: bytes) -> list[str]:
    """The components directly inside the VCALENDAR, read from the content lines themselves
    (RFC 5545, section 3.6: ``calendarc = 1*component`` — at least one)."""
    lines = data.decode("utf-8").split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2:] == ["END:VCALENDAR", ""]
    found: list[str] = []
    depth = 0
    for line in lines[1:-2]:
        if line.startswith("BEGIN:"):
            if depth == 0:
                found.append(line.removeprefix("BEGIN:"))
            depth += 1
        elif line.startswith("END:"):
            depth -= 1
    assert depth == 0
    return found


@pytest.mark.parametrize(
    ("now", "fields", "summary", "said"),
    [
        ("2026-11-21T10:00", {"purpose": "grievance"}, "Follow-up: don't get in touch",
         "Now (Sat 21 Nov 10:00 New York time): don't get in touch"),
        ("2026-11-26T10:00", {"heard_back": True}, "Follow-up: don't get in touch",
         "the employer has answered already"),
        ("2026-11-26T10:00", {"purpose": "thank_you"}, "Follow-up: too late, move on",
         "Now (Thu 26 Nov 10:00 New York time): too late"),
    ],
    ids=["grievance", "heard-back-after-the-thank-you", "too-late"],
)
def test_nothing_to_do_gives_one_all_day_note_on_the_plans_day(
        now: str, fields: dict[str, Any], summary: str, said: str) -> None:
    plan = advise(now, **fields)
    assert not any(step.action != "none" and step.best for step in plan.steps)
    data = render_ics(plan)
    assert components(data) == ["VEVENT"]
    [event] = events(data)
    assert str(event["SUMMARY"]) == summary
    day = plan.now.at.astimezone(plan.situation.zone).date()
    assert b"DTSTART;VALUE=DATE:" + day.strftime("%Y%m%d").encode() + b"\r\n" in data
    assert event.decoded("DTSTART") == day and event.decoded("DTEND") == day + timedelta(days=1)
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert event.walk("VALARM") == []  # nothing to be reminded of
    description = str(event["DESCRIPTION"])
    assert said in description
    assert "All times are the employer's local time (America/New_York)." in description
    assert event.decoded("DTSTAMP") == plan.now.at.astimezone(timezone.utc)
    assert render_ics(advise(now, **fields)) == data
    other = events(render_ics(advise("2026-11-21T10:00", purpose="status")))[0]
    assert str(event["UID"]).endswith("@followup-etiquette") and str(event["UID"]) != str(other["UID"])


def test_a_calendar_with_reminders_has_no_note() -> None:
    data = render_ics(advise("2026-11-20T16:30"))
    assert components(data) == ["VEVENT", "VEVENT"]
    assert "Follow-up: don't get in touch" not in [str(e["SUMMARY"]) for e in events(data)]


def test_uid_is_stable_and_does_not_depend_on_now() -> None:
    first = events(render_ics(advise("2026-11-21T10:00", purpose="status")))[0]
    again = events(render_ics(advise("2026-11-21T10:00", purpose="status")))[0]
    later = events(render_ics(advise("2026-11-22T12:00", purpose="status")))[0]
    assert str(first["UID"]) == str(again["UID"]) == str(later["UID"])
    other = events(render_ics(advise("2026-11-21T10:00", purpose="status", country="US")))[0]
    assert str(other["UID"]) != str(first["UID"])


@pytest.mark.parametrize(
    "fields",
    [
        {"purpose": "status"},
        {},
        {"purpose": "grievance"},
        {"industry": "legal", "traditional": True, "country": "US-NY"},
        {"industry": "it"},
    ],
)
def test_byte_identical_and_crlf_terminated(fields: dict[str, Any]) -> None:
    first = render_ics(advise("2026-11-21T10:00", **fields))
    second = render_ics(advise("2026-11-21T10:00", **fields))
    assert first == second
    assert first.endswith(b"\r\n")
    assert b"\n" not in first.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in first.split(b"\r\n"))
    first.decode("utf-8")


def test_a_calendar_holds_only_what_is_still_ahead() -> None:
    """Planned on Saturday, the thank-you after a Friday interview is an event on Monday, not the
    Friday afternoon already gone."""
    plan = engine.advise({"interview": "2026-11-20T14:00", "timezone": "America/New_York", "purpose": "thank_you"},
                         now="2026-11-21T10:00")
    events = Calendar.from_ical(render_ics(plan)).walk("VEVENT")
    assert len(events) == 1
    start = events[0].decoded("dtstart")
    assert start.astimezone(plan.situation.zone).date().isoformat() == "2026-11-23"
    assert start > plan.now.at
    too_late = engine.advise({"interview": "2026-11-20T14:00", "timezone": "America/New_York",
                              "purpose": "thank_you"}, now="2026-11-26T10:00")
    [note] = Calendar.from_ical(render_ics(too_late)).walk("VEVENT")
    assert str(note["SUMMARY"]) == "Follow-up: too late, move on"
    assert note.decoded("dtstart") == too_late.now.at.astimezone(too_late.situation.zone).date()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations())
def test_every_calendar_holds_at_least_one_component(drawn: tuple[dict[str, Any], str]) -> None:
    situation, now = drawn
    plan = engine.advise(situation, now=now)
    data = render_ics(plan)
    found = components(data)
    assert found and set(found) == {"VEVENT"}
    acting = [step for step in plan.steps if step.action != "none" and step.best]
    assert len(Calendar.from_ical(data).walk("VEVENT")) == max(1, len(acting))


@pytest.mark.parametrize(("names", "title"), [
    ({"company": "Bayer Werk", "role": "backend developer"}, "Bayer Werk \u2014 backend developer: say thank you"),
    ({"company": "Bayer Werk"}, "Bayer Werk: say thank you"),
    ({"role": "backend developer"}, "backend developer: say thank you"),
    ({"ref": "APP-7"}, "APP-7: say thank you"),
    ({}, "Follow-up e-mail: say thank you"),
])
def test_event_titles_name_what_is_known_of_the_application(names: dict[str, str], title: str) -> None:
    plan = advise("2026-11-20T16:30", purpose="thank_you", **names)
    for drafts in (True, False):
        [event] = events(render_ics(plan, drafts=drafts))
        assert str(event["SUMMARY"]) == title
        assert str(event.walk("VALARM")[0]["DESCRIPTION"]) == title


def test_the_note_of_a_plan_with_nothing_to_do_names_the_employer() -> None:
    [event] = events(render_ics(advise("2026-11-21T10:00", purpose="grievance", company="Initech")))
    assert str(event["SUMMARY"]) == "Initech: don't get in touch"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations(), st.sampled_from([("Bayer Werk", "backend developer"), ("Bayer Werk", None), (None, "nurse")]))
def test_every_event_is_titled_by_the_application(drawn: tuple[dict[str, Any], str],
                                                  names: tuple[str | None, str | None]) -> None:
    situation, now = drawn
    company, role = names
    named = {**situation, **({"company": company} if company else {}), **({"role": role} if role else {})}
    plan = engine.advise(named, now=now)
    who = " \u2014 ".join(part for part in names if part)
    for drafts in (True, False):
        for event in events(render_ics(plan, drafts=drafts)):
            title = str(event["SUMMARY"])
            # French sets its colon off with a no-break space, Japanese writes a full-width one.
            assert any(title.startswith(who + colon) for colon in (": ", "\u00a0: ", "\uff1a")), title
            assert not re.search(r"\d{4}-\d{2}-\d{2}T", title)
