"""The hand-written reference planner (benchmarks/reference.py) gives the engine's plans.

It is the speed limit that docs/performance.md compares the engine against; the
comparison is only honest while both compute the same thing, byte for byte.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest
from conftest import ROOT

sys.path.append(str(ROOT))  # after PYTHONPATH, which may name another engine

import engine
from benchmarks import reference
from benchmarks.situations import Case, cases, situations, write_jsonl

NY = "America/New_York"

EDGE_CASES = [
    # Clocks change inside the horizon (US, EU, southern hemisphere).
    Case({"interview": "2026-03-06T16:00", "timezone": NY, "purpose": "status", "country": "US"}, "2026-03-09T09:30"),
    Case({"interview": "2026-10-23T10:00", "timezone": "Europe/London", "country": "GB"}, "2026-10-26T12:00+00:00"),
    Case({"interview": "2026-04-02T09:00", "timezone": "Australia/Sydney", "purpose": "feedback"}, "2026-04-08T10:00"),
    # A horizon across the new year: two years of holidays.
    Case({"interview": "2026-12-23T11:00", "timezone": NY, "country": "US", "purpose": "status"}, "2026-12-29T10:00"),
    Case({"interview": "2026-12-31T15:00", "timezone": "Europe/Berlin", "country": "DE-BY"}, "2027-01-05T10:00"),
    Case({"interview": "2026-04-30T10:00", "timezone": "Asia/Tokyo", "country": "JP", "purpose": "status"},
         "2026-05-07T10:00"),
    # A promise before the interview, on it, and late in the horizon.
    Case({"interview": "2026-05-04T10:00", "timezone": NY, "purpose": "status", "promised_reply_by": "2026-05-01"},
         "2026-05-06T10:00"),
    Case({"interview": "2026-05-04T10:00", "timezone": NY, "purpose": "status", "promised_reply_by": "2026-05-04"},
         "2026-05-06T10:00"),
    Case({"interview": "2026-05-04T10:00", "timezone": NY, "purpose": "status", "promised_reply_by": "2026-05-15"},
         "2026-05-06T10:00"),
    # Fridays, a Saturday, a late Friday thank-you that runs into the weekend.
    Case({"interview": "2026-11-20T14:00", "timezone": NY, "purpose": "status"}, "2026-11-21T10:00"),
    Case({"interview": "2026-11-21T11:00", "timezone": NY}, "2026-11-21T12:00"),
    Case({"interview": "2026-11-20T18:30", "timezone": NY, "purpose": "thank_you"}, "2026-11-20T19:00"),
    # Only an offset; a UTC interview in a named zone; a "now" inside a good slot.
    Case({"interview": "2026-06-10T09:15+05:30", "purpose": "competing_offer",
          "competing_offer_deadline": "2026-06-14"}, "2026-06-12T10:30+05:30"),
    Case({"interview": "2026-06-10T13:00Z", "timezone": "Europe/Paris", "country": "FR"}, "2026-06-10T15:30"),
    Case({"interview": "2026-06-10T09:00", "timezone": "UTC", "purpose": "feedback"}, "2026-06-17T10:15"),
    # Contacts before, between and after slots; too many contacts; every "no".
    Case({"interview": "2026-09-14T10:00", "timezone": NY, "purpose": "status",
          "contacts": [{"at": "2026-09-18T10:00", "channel": "call"}, {"at": "2026-09-13T10:00", "channel": "email"}]},
         "2026-09-22T10:00"),
    Case({"interview": "2026-09-14T10:00", "timezone": NY, "purpose": "feedback",
          "contacts": [{"at": "2026-09-15T10:00-04:00", "channel": "email"}, {"at": "2026-09-16T10:00", "channel": "call"}]},
         "2026-09-22T10:00"),
    Case({"interview": "2026-09-14T10:00", "timezone": NY, "purpose": "status", "heard_back": True}, "2026-09-22T10:00"),
    Case({"interview": "2026-09-14T10:00", "timezone": NY, "purpose": "grievance", "traditional": True},
         "2026-09-22T10:00"),
    Case({"interview": "2026-09-14T10:00", "timezone": NY, "purpose": "competing_offer",
          "competing_offer_deadline": "2026-09-14"}, "2026-09-15T10:00"),
    Case({"interview": "2026-09-14T10:00", "timezone": NY, "industry": "general"}, "2026-10-30T10:00"),
    # A working week from Sunday to Thursday (Israel): a Thursday interview is on the week's
    # last day, and so is a Wednesday before a Passover holiday.
    Case({"interview": "2026-11-19T10:00", "timezone": "Asia/Jerusalem", "country": "IL", "purpose": "status"},
         "2026-11-22T09:00"),
    Case({"interview": "2026-04-01T10:00", "timezone": "Asia/Jerusalem", "country": "IL"}, "2026-04-01T12:00"),
    # No region given: Easter Monday (England, Wales, Northern Ireland only) is a day off too,
    # named apart; the thank-you's working days are counted around it.
    Case({"interview": "2026-04-01T10:00", "timezone": "Europe/London", "country": "GB"}, "2026-04-06T10:00"),
    # Thanksgiving week: a national holiday, and the day after it kept by some states only (a
    # day off without a state, so the Wednesday before is the week's last working day).
    Case({"interview": "2026-11-24T11:00", "timezone": "America/Chicago", "country": "US", "purpose": "status"},
         "2026-11-25T10:00"),
    Case({"interview": "2026-11-25T11:00", "timezone": NY, "country": "US"}, "2026-11-25T15:00"),
    Case({"interview": "2026-11-25T16:30", "timezone": NY, "country": "US", "purpose": "thank_you"},
         "2026-11-25T17:00"),
    # Planned on the day after Thanksgiving: without a state nothing is sent that day (the
    # thank-you waits for Monday, its second working day); with New York's calendar it is a
    # working day, the week's last.
    Case({"interview": "2026-11-24T11:00", "timezone": NY, "country": "US"}, "2026-11-27T10:00"),
    Case({"interview": "2026-11-24T11:00", "timezone": NY, "country": "US-NY"}, "2026-11-27T10:00"),
    # A promise after the horizon stretches the plan (Memorial Day, and Alabama's 1 June without
    # a state, inside the grace days); one five calendar days before the horizon's end still
    # stretches it, its grace being counted in business days; with every call forbidden, the
    # note names the stretched last day.
    Case({"interview": "2026-05-04T10:00", "timezone": NY, "country": "US", "purpose": "status",
          "promised_reply_by": "2026-05-22"}, "2026-05-06T10:00"),
    Case({"interview": "2026-05-04T10:00", "timezone": NY, "purpose": "status", "promised_reply_by": "2026-05-13"},
         "2026-05-06T10:00"),
    Case({"interview": "2026-05-04T10:00", "timezone": NY, "purpose": "status", "promised_reply_by": "2026-05-22",
          "contacts": [{"at": "2026-05-05T10:00", "channel": "email"}, {"at": "2026-05-06T10:00", "channel": "email"}]},
         "2026-05-07T10:00"),
    # A competing offer joins the sequence before the status call, three business days before
    # it; one expiring the next day gets an e-mail; an expired one gets nothing, alone or in a
    # sequence (where its note, with the year when it is not the interview's, is the reason
    # given once every time has passed); one expiring on the evening of the interview leaves
    # no time.
    Case({"interview": "2026-11-16T10:00", "timezone": NY, "country": "US", "competing_offer_deadline": "2026-11-24"},
         "2026-11-16T12:00"),
    Case({"interview": "2026-11-16T10:00", "timezone": NY, "country": "US", "purpose": "competing_offer",
          "competing_offer_deadline": "2026-11-17"}, "2026-11-16T12:00"),
    Case({"interview": "2026-11-16T10:00", "timezone": NY, "purpose": "competing_offer",
          "competing_offer_deadline": "2026-11-18"}, "2026-11-19T12:00"),
    Case({"interview": "2026-11-16T10:00", "timezone": NY, "competing_offer_deadline": "2026-11-18"},
         "2026-11-19T12:00"),
    Case({"interview": "2026-12-21T10:00", "timezone": NY, "country": "US", "competing_offer_deadline": "2027-01-04"},
         "2027-01-05T10:00"),
    Case({"interview": "2026-09-14T16:30", "timezone": NY, "purpose": "competing_offer",
          "competing_offer_deadline": "2026-09-14"}, "2026-09-14T16:45"),
    # A call already made: the next call waits three business days, and space-out-follow-ups
    # (a range touching the day's best one is left out, not merged).
    Case({"interview": "2026-11-16T10:00", "timezone": NY, "purpose": "status",
          "contacts": [{"at": "2026-11-23T10:00", "channel": "call"}]}, "2026-11-24T12:00"),
    Case({"interview": "2026-11-16T10:00", "timezone": NY, "country": "US",
          "contacts": [{"at": "2026-11-18T11:00", "channel": "call"}]}, "2026-11-18T12:00"),
    # A Friday interview, planned on the Monday morning after it (no call that morning): the
    # thank-you's best time is today, so the status call starts tomorrow (alone, Monday
    # afternoon is among its best times). A Thursday interview the same way, the status call
    # could be on Monday afternoon but for the thank-you.
    Case({"interview": "2026-11-20T14:00", "timezone": NY, "country": "US"}, "2026-11-23T09:30"),
    Case({"interview": "2026-11-20T14:00", "timezone": NY, "country": "US", "purpose": "status"},
         "2026-11-23T09:30"),
    Case({"interview": "2026-11-19T11:00", "timezone": NY, "country": "US-NY"}, "2026-11-23T09:30"),
    Case({"interview": "2026-11-19T11:00", "timezone": NY, "country": "US-NY", "purpose": "status"},
         "2026-11-23T09:30"),
    # An offer's deadline past the horizon stretches the plan; no working hours left before a
    # weekend deadline (an e-mail out of hours); a deadline the day after a late interview (an
    # e-mail that evening); the thank-you and the offer on the same day.
    Case({"interview": "2026-11-02T10:00", "timezone": NY, "country": "US", "purpose": "competing_offer",
          "competing_offer_deadline": "2026-11-19"}, "2026-11-18T10:00"),
    Case({"interview": "2026-11-02T10:00", "timezone": NY, "country": "US", "competing_offer_deadline": "2026-11-25"},
         "2026-11-18T10:00"),
    Case({"interview": "2026-11-20T10:00", "timezone": NY, "country": "US", "competing_offer_deadline": "2026-11-22"},
         "2026-11-20T19:00"),
    Case({"interview": "2026-11-16T16:00", "timezone": NY, "country": "US", "competing_offer_deadline": "2026-11-17"},
         "2026-11-16T17:00"),
    Case({"interview": "2026-11-02T09:00", "timezone": "Europe/Berlin", "country": "DE",
          "competing_offer_deadline": "2026-11-03"}, "2026-11-02T17:15"),
    Case({"interview": "2026-11-16T10:00", "timezone": NY, "country": "US", "competing_offer_deadline": "2026-11-17"},
         "2026-11-16T12:00"),
    # Recorded contacts fulfil steps: an e-mail the interview's evening is the thank-you; a
    # status call with its purpose; two follow-ups, then move on; a contact before the interview.
    Case({"interview": "2026-11-02T10:00", "timezone": NY, "country": "US",
          "contacts": [{"at": "2026-11-02T18:30", "channel": "email"}]}, "2026-11-03T09:30"),
    Case({"interview": "2026-11-02T10:00", "timezone": NY, "country": "US",
          "contacts": [{"at": "2026-11-02T18:30", "channel": "email"},
                       {"at": "2026-11-10T10:00", "channel": "call", "purpose": "status"}]}, "2026-11-11T09:30"),
    Case({"interview": "2026-11-02T10:00", "timezone": NY, "purpose": "status",
          "contacts": [{"at": "2026-11-05T10:00", "channel": "email"}, {"at": "2026-11-10T10:00", "channel": "call"}]},
         "2026-11-12T10:00"),
    Case({"interview": "2026-11-02T10:00", "timezone": NY, "purpose": "feedback",
          "contacts": [{"at": "2026-11-01T10:00", "channel": "email"},
                       {"at": "2026-11-03T10:00", "channel": "email", "purpose": "thank_you"}]}, "2026-11-09T10:00"),
    Case({"interview": "2026-11-02T10:00", "timezone": NY, "competing_offer_deadline": "2026-11-06",
          "contacts": [{"at": "2026-11-03T10:00", "channel": "email", "purpose": "competing_offer"}]},
         "2026-11-20T10:00"),
    # A promise decades away: the plan stops at the stretch's cap, not at the promise.
    Case({"interview": "2026-11-20T14:00", "timezone": NY, "purpose": "status", "promised_reply_by": "2199-01-01"},
         "2026-11-21T10:00"),
]


def _first_difference(expected: Any, got: Any, path: str = "") -> str:
    if isinstance(expected, dict) and isinstance(got, dict):
        if list(expected) != list(got):
            return f"{path or '<plan>'}: keys {list(expected)} != {list(got)}"
        for key in expected:
            found = _first_difference(expected[key], got[key], f"{path}.{key}")
            if found:
                return found
        return ""
    if isinstance(expected, list) and isinstance(got, list):
        for index, (left, right) in enumerate(zip(expected, got, strict=False)):
            found = _first_difference(left, right, f"{path}[{index}]")
            if found:
                return found
        return "" if len(expected) == len(got) else f"{path}: {len(expected)} items != {len(got)}"
    if expected != got or type(expected) is not type(got):
        return f"{path}: engine {expected!r} != reference {got!r}"
    return ""


def _without_drafts(plan: dict[str, Any]) -> dict[str, Any]:
    """The plan's timing: what to say (drafts, offered letters) is text chosen per purpose and
    action, which the reference planner leaves to the engine (tests/test_drafts.py tests it)."""
    steps = [{key: value for key, value in step.items() if key not in ("draft", "alternative")}
             for step in plan["steps"]]
    return {**plan, "steps": steps}


# The reference plans `general` as written, for every country's calendar: the engine is
# asked the same, without the country overlays (which tests/test_overlays.py checks), so
# that the comparison keeps covering the calendars of GB, DE, JP, FR and the others.
GENERAL_ONLY = engine.Catalog(overlays=False)


def _check(case: Case) -> str:
    expected = _without_drafts(engine.advise(case.situation, now=case.now, profiles=GENERAL_ONLY).to_dict())
    got = reference.advise(case.situation, case.now)
    if json.dumps(expected, ensure_ascii=False) == json.dumps(got, ensure_ascii=False):
        return ""
    return f"{json.dumps(case.situation)} now={case.now}: {_first_difference(expected, got) or 'key order'}"


@pytest.mark.parametrize("case", EDGE_CASES, ids=lambda case: f"{case.situation['interview']}-"
                         f"{case.situation.get('purpose', 'sequence')}")
def test_reference_matches_engine_on_edge_cases(case: Case) -> None:
    assert _check(case) == ""


@pytest.mark.parametrize("seed", [1, 2, 2026])
def test_reference_matches_engine_on_generated_situations(seed: int) -> None:
    problems = [problem for problem in map(_check, cases(150, seed)) if problem]
    assert problems == [], f"{len(problems)} of 150 differ; first: {problems[0]}"


def test_generated_situations_are_reproducible_and_varied(tmp_path: Any) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_jsonl(first, 300, seed=9)
    write_jsonl(second, 300, seed=9)
    assert first.read_bytes() == second.read_bytes()
    rows = [json.loads(line) for line in first.read_text().splitlines()]
    assert len(rows) == 300
    assert {row.get("purpose") for row in rows} == {None, "thank_you", "status", "feedback", "competing_offer",
                                                    "grievance"}
    assert {row.get("country") for row in rows} == {None, "US", "GB", "DE-BY", "FR", "JP"}
    assert {engine.parse_situation(row).interview.weekday() for row in rows} >= set(range(5))
    assert any("promised_reply_by" in row for row in rows)
    assert any("competing_offer_deadline" in row for row in rows)
    assert any("contacts" in row for row in rows)
    assert any("timezone" not in row for row in rows)  # only an offset
    assert list(situations(5, seed=10)) != list(situations(5, seed=9))
