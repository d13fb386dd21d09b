"""The seed's norms, each shown on a real plan."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from typing import Any

import pytest

import engine
from engine.plan import Plan

NY = "America/New_York"


def plan(now: str = "2026-11-21T10:00", **situation: object) -> Plan:
    situation.setdefault("timezone", NY)
    return engine.advise(situation, now=now)


def step(p: Plan, purpose: str) -> engine.Step:
    return next(s for s in p.steps if s.purpose == purpose)


def call_days(s: engine.Step) -> set[date]:
    return {slot.day for slot in s.allowed}


def test_friday_interview_best_call_is_midweek_of_next_week() -> None:
    p = plan(interview="2026-11-20T14:00", purpose="status")
    status = step(p, "status")
    assert status.action == "call"
    best = status.best[0].start
    assert best.date() == date(2026, 11, 24)  # Tuesday of the next week
    assert best.weekday() in (1, 2, 3)
    # The first working morning after a Friday interview is never allowed; its afternoon is.
    assert not any(slot.day == date(2026, 11, 23) and slot.start.hour < 12 for slot in status.allowed)
    assert any(slot.day == date(2026, 11, 23) and slot.start.hour >= 12 for slot in status.allowed)
    assert all(r.start.weekday() in (1, 2, 3) for r in status.best)


@pytest.mark.parametrize("weekday_date", ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"])
def test_no_call_on_the_interview_day_or_the_next(weekday_date: str) -> None:
    p = plan(interview=f"{weekday_date}T11:00", purpose="status")
    interview_day = date.fromisoformat(weekday_date)
    days = call_days(step(p, "status"))
    assert days
    assert min(days) >= date.fromordinal(interview_day.toordinal() + 2)


def test_nothing_after_two_weeks_for_general() -> None:
    p = plan(interview="2026-11-20T14:00", purpose="status")
    status = step(p, "status")
    assert status.window is not None
    assert status.window[1].date() == date(2026, 12, 4)
    assert max(call_days(status)) <= date(2026, 12, 4)
    assert p.move_on_after == datetime.fromisoformat("2026-12-04T17:00-05:00")


def test_thank_you_is_an_email_in_general() -> None:
    p = plan(interview="2026-11-20T14:00")
    assert [s.purpose for s in p.steps] == ["thank_you", "status"]
    assert step(p, "thank_you").action == "email"


@pytest.mark.parametrize("industry", ["legal", "accounting"])
def test_traditional_legal_and_accounting_expect_a_thank_you_call(industry: str) -> None:
    modern = plan(interview="2026-11-17T10:00", industry=industry, purpose="thank_you", now="2026-11-17T11:00")
    old_school = plan(interview="2026-11-17T10:00", industry=industry, purpose="thank_you", traditional=True,
                      now="2026-11-17T11:00")
    assert modern.steps[0].action == "email"
    assert old_school.steps[0].action == "call"
    first = old_school.steps[0].best[0].start.date()
    assert first >= date(2026, 11, 19)  # still never on the interview day or the next


def test_it_thank_you_stays_an_email_even_for_traditional_employers() -> None:
    p = plan(interview="2026-11-17T10:00", industry="it", purpose="thank_you", traditional=True)
    assert p.steps[0].action == "email"


def test_promised_date_pushes_the_status_call_past_it() -> None:
    without = step(plan(interview="2026-11-16T10:00", purpose="status"), "status")
    promised = step(plan(interview="2026-11-16T10:00", purpose="status", promised_reply_by="2026-11-25"), "status")
    assert without.window is not None and promised.window is not None
    assert without.window[0].date() < date(2026, 11, 26)
    assert min(call_days(promised)) > date(2026, 11, 25)
    assert promised.best[0].start.date() > date(2026, 11, 25)
    assert "core-promise-first" in {r.rule.id for r in promised.reasons}


def test_public_holiday_of_the_country_is_skipped() -> None:
    # Thanksgiving, Thursday 26 November 2026, in the United States.
    us = step(plan(interview="2026-11-20T14:00", purpose="status", country="US"), "status")
    nowhere = step(plan(interview="2026-11-20T14:00", purpose="status", country="none"), "status")
    thanksgiving = date(2026, 11, 26)
    assert thanksgiving in call_days(nowhere)
    assert thanksgiving not in call_days(us)
    assert not any(r.start.date() == thanksgiving for r in us.best)


def test_subdivision_holidays_apply() -> None:
    # Epiphany (6 January) is a public holiday in Bavaria but not in Berlin. (A competing
    # offer: the German overlay keeps status calls for more than ten days after the interview.)
    offer = {"interview": "2027-01-04T10:00", "timezone": "Europe/Berlin", "purpose": "competing_offer",
             "competing_offer_deadline": "2027-01-08"}
    by = step(plan("2027-01-04T10:00", **offer, country="DE-BY"), "competing_offer")
    be = step(plan("2027-01-04T10:00", **offer, country="DE-BE"), "competing_offer")
    assert date(2027, 1, 6) not in call_days(by)
    assert date(2027, 1, 6) in call_days(be)


def test_grievance_gets_no_contact() -> None:
    p = plan(interview="2026-11-20T14:00", purpose="grievance")
    assert p.steps[0].action == "none"
    assert p.now.verdict == "dont_contact"


def test_heard_back_needs_no_status_call() -> None:
    # After the thank-you's two working days (Mon 23, Tue 24) only the status step is left.
    p = plan("2026-11-25T10:00", interview="2026-11-20T14:00", heard_back=True)
    assert step(p, "status").action == "none"
    assert p.now.verdict == "dont_contact"


def test_competing_offer_is_a_call_before_the_deadline() -> None:
    p = plan("2026-11-18T08:00", interview="2026-11-16T15:00", purpose="competing_offer",
             competing_offer_deadline="2026-11-25")
    s = p.steps[0]
    assert s.action == "call"
    assert max(call_days(s)) <= date(2026, 11, 25)


def test_business_hours_and_weekends_bound_calls() -> None:
    s = step(plan(interview="2026-11-20T14:00", purpose="status"), "status")
    for slot in s.allowed:
        assert slot.day.weekday() < 5
        assert 9 <= slot.start.hour < 17


def test_verdicts_follow_now() -> None:
    base = {"interview": "2026-11-20T14:00", "timezone": NY, "purpose": "status"}
    assert engine.advise(base, now="2026-11-21T10:00").now.verdict == "wait_until"
    assert engine.advise(base, now="2026-11-24T10:30").now.verdict == "call_now"
    assert engine.advise(base, now="2026-12-10T10:00").now.verdict == "too_late"
    waiting = engine.advise(base, now="2026-11-21T10:00").now
    # The next best time, not merely the next allowed one (Monday afternoon).
    assert waiting.until == datetime.fromisoformat("2026-11-24T10:00-05:00")
    assert engine.advise(base, now="2026-11-23T14:30").now.verdict == "wait_until"


def test_every_rule_that_fires_reaches_the_reasons() -> None:
    s = step(plan(interview="2026-11-20T14:00", purpose="status"), "status")
    ids = {r.rule.id for r in s.reasons}
    # Several rules match the very same Tuesday-morning slot; each one must be counted.
    assert {"core-last-day-midweek", "follow-up-week-after", "follow-up-midweek", "calls-mid-morning"} <= ids
    assert s.best[0].score == 10 + 3 + 1 + 1
    profiles = {r.rule.id: r.rule.profile for r in s.reasons}
    assert profiles["core-last-day-midweek"] == "core"
    assert profiles["status-by-call"] == "general"


def test_naive_interview_without_timezone_is_refused() -> None:
    with pytest.raises(engine.SituationError) as error:
        engine.advise({"interview": "2026-11-20T14:00"})
    assert error.value.field == "interview"


def test_dst_gap_interview_is_an_error_not_a_shift() -> None:
    with pytest.raises(engine.SituationError, match="does not exist"):
        engine.advise({"interview": "2026-03-08T02:30", "timezone": NY})


def test_offset_only_uses_a_fixed_offset_and_says_so() -> None:
    p = engine.advise({"interview": "2026-11-20T14:00+05:45"}, now="2026-11-21T10:00+05:45")
    assert p.situation.zone_name == "UTC+05:45"
    assert any("fixed offset" in note for note in p.to_dict()["notes"])


def test_unknown_industry_lists_known_ids() -> None:
    with pytest.raises(engine.SituationError) as error:
        engine.advise({"interview": "2026-11-20T14:00", "timezone": NY, "industry": "legl"})
    assert error.value.field == "industry"
    assert "general" in str(error.value) and error.value.suggestion == "legal"


TIES = """\
id: ties
name: Tied recommendations
extends: general
rules:
  - {id: status-call, when: {purpose: status}, then: {recommend: call}, why: One source says to call about it., source: seed}
  - {id: status-mail, when: {purpose: status}, then: {recommend: email}, why: Another source says to write instead., source: seed}
  - {id: feedback-mail, when: {purpose: feedback}, then: {recommend: email}, why: Feedback questions go in writing., source: seed}
  - {id: feedback-none, when: {purpose: feedback}, then: {recommend: none}, why: Some say not to ask for feedback at all., source: seed}
  - id: offer-mail-first
    priority: 5
    when: {purpose: competing_offer}
    then: {recommend: email}
    why: Here an offer is mentioned in writing first.
    source: seed
"""


def test_a_tie_between_recommendations_goes_to_the_more_reserved_channel(tmp_path: Any) -> None:
    (tmp_path / "ties.yaml").write_text(TIES, encoding="utf-8")
    catalog = engine.Catalog([tmp_path])
    base = {"interview": "2026-11-17T10:00", "timezone": NY, "industry": "ties"}
    status = engine.advise({**base, "purpose": "status"}, now="2026-11-17T11:00", profiles=catalog).steps[0]
    assert status.action == "email"  # call and email tie: e-mail is the more reserved
    assert "status-mail" in {reason.rule.id for reason in status.reasons}
    feedback = engine.advise({**base, "purpose": "feedback"}, now="2026-11-17T11:00", profiles=catalog).steps[0]
    assert feedback.action == "none"  # none is more reserved still, and ends the list
    assert [reason.rule.id for reason in feedback.reasons] == ["feedback-none"]
    # A higher priority beats reserve; the nearer profile beats both (general's call loses).
    offer = engine.advise({**base, "purpose": "competing_offer", "competing_offer_deadline": "2026-11-27"},
                          now="2026-11-17T11:00", profiles=catalog).steps[0]
    assert offer.action == "email"


def test_a_promise_far_ahead_stretches_the_plan_only_so_far() -> None:
    """The grace period after a promise may pass the horizon, but not without bound."""
    p = plan("2026-11-21T10:00", interview="2026-11-20T14:00", purpose="status", promised_reply_by="2199-01-01")
    # The stretch ends 414 days on, Sat 8 Jan 2028: following up stops at the close of Friday 7 Jan.
    assert date(2026, 11, 20) + timedelta(days=14 + 400) == date(2028, 1, 8)
    assert p.move_on_after.date() == date(2028, 1, 7)
    assert p.steps[0].action == "none" and p.now.verdict == "too_late"


@pytest.mark.parametrize("locale", [{"LANG": "C.UTF-8"}, {"LANG": "de_DE.UTF-8"}, {"LANGUAGE": "de"},
                                    {"LC_ALL": "fr_FR.UTF-8", "LANGUAGE": "fr"}], ids=["C", "de", "language-de", "fr"])
def test_holiday_names_do_not_depend_on_the_locale(locale: dict[str, str]) -> None:
    """Python 3.12 reads LANG=C.UTF-8 differently from 3.11: names must not follow the locale."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LANG", "LC_"))}
    command = [sys.executable, "-m", "engine", "advise", "--interview", "2026-04-02T10:00", "--timezone", "Europe/Berlin",
               "--country", "DE-BY", "--purpose", "status", "--now", "2026-04-02T12:00", "--format", "json"]
    result = subprocess.run(command, capture_output=True, text=True, env={**env, **locale}, timeout=120)
    assert result.returncode == 0, result.stderr
    expected = plan(now="2026-04-02T12:00", interview="2026-04-02T10:00", timezone="Europe/Berlin", country="DE-BY",
                    purpose="status")
    assert json.loads(result.stdout) == expected.to_dict()
    notes = json.dumps(expected.to_dict())
    assert "Good Friday" in notes and "Easter Monday" in notes and "Karfreitag" not in notes


def test_a_plan_is_plain_data_that_pickles_small() -> None:
    """A plan refers to no grid or evaluator: another process gets it whole, and it says the same."""
    import pickle

    p = engine.advise({"interview": "2026-11-20T14:00", "timezone": "America/New_York", "country": "US"},
                      now="2026-11-21T10:00")
    data = pickle.dumps(p)
    assert pickle.loads(data).to_dict() == p.to_dict()
    # The profile (its rules' reasons in six languages since 0.2.0), the situation and the
    # steps' slots: about 90 KB; a calendar of facts or an evaluator would be megabytes.
    assert len(data) < 150_000


def test_every_error_the_library_raises_on_purpose_is_a_followup_error(tmp_path: Any) -> None:
    """One root: a caller catching engine.FollowupError misses nothing the engine raises on purpose."""
    with pytest.raises(engine.FollowupError) as unknown:
        engine.default_catalog().resolve("lega")
    assert isinstance(unknown.value, KeyError)  # still a failed lookup for code that caught KeyError
    assert str(unknown.value) == "no profile with the id 'lega'; did you mean 'legal'?"
    from engine.language.yaml_source import load_bytes

    with pytest.raises(engine.FollowupError):
        load_bytes(b"a: [", "bad.yaml")
    assert issubclass(engine.YamlError, engine.FollowupError)
    assert issubclass(engine.RuleEngineError, engine.FollowupError)


def test_changing_a_plans_data_never_changes_the_next_plan() -> None:
    """Plans share what they are made of (reasons, days, slots); the data a caller gets is its own."""
    situation = {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "country": "US"}
    first = engine.advise(situation, now="2026-11-21T10:00").to_dict()
    expected = json.dumps(first, sort_keys=True)
    for step in first["steps"]:
        for reason in step["reasons"]:
            reason["why"] = "changed"
            for source in reason["sources"]:
                source["title"] = "changed"
            reason["sources"].append({"id": "x"})
        step["reasons"].clear()
    again = engine.advise(situation, now="2026-11-21T10:00").to_dict()
    assert json.dumps(again, sort_keys=True) == expected


def test_profiles_with_the_same_rules_cite_their_own_sources(tmp_path: Any) -> None:
    """Two versions of a profile that differ only in a source's title share an evaluator, not their reasons."""
    text = ("id: cited\nname: Cited\nextends: general\nsources: {{note: {{title: {title}}}}}\n"
            "rules:\n  - id: cited-mornings\n    when: {{time: {{lt: \"10:00\"}}}}\n    then: {{prefer: 1}}\n"
            "    why: Mornings suit this field.\n    source: note\n")
    situation = {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "industry": "cited",
                 "purpose": "status"}
    titles = []
    for title in ("First title", "Second title", "First title"):
        folder = tmp_path / title.replace(" ", "-")
        folder.mkdir(exist_ok=True)
        (folder / "cited.yaml").write_text(text.format(title=title), encoding="utf-8")
        plan = engine.advise(situation, now="2026-11-21T10:00", profiles=[folder]).to_dict()
        cited = [source["title"] for reason in plan["steps"][0]["reasons"] for source in reason["sources"]
                 if reason["rule"] == "cited-mornings"]
        titles.append(cited)
    assert titles == [["First title"], ["Second title"], ["First title"]]
