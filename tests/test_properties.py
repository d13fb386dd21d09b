"""Etiquette that cannot break: the SPEC's invariants and metamorphic relations, by Hypothesis.

Sized for CI by the settings profile in conftest.py (``FOLLOWUP_HYPOTHESIS_PROFILE=long``
for a deep local run). Situations span every IANA zone and the decades 1980-2099, with
clock changes, odd offsets and the date line drawn on purpose (``engine.testing``).
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
import yaml
from conftest import ROOT
from hypothesis import HealthCheck, assume, example, find, given, note, settings
from hypothesis import strategies as st

import engine
from engine.errors import ProfileError, SituationError
from engine.plan import Plan, Step
from engine.testing import (
    SPECIAL_ZONES,
    conditions,
    near_transition,
    profile_documents,
    situations,
    transitions,
)
from engine.testing.invariants import OUT_OF_HOURS, violations
from engine.vocabulary import PURPOSES

CATALOG = engine.default_catalog()
PROFILE_IDS = CATALOG.industries  # core plans only as a part of each industry
PLAN_VALIDATOR = jsonschema.Draft202012Validator(
    json.loads((ROOT / "schemas" / "plan.schema.json").read_text(encoding="utf-8")))

# Tests that build a catalog per example (about 40 ms each) run fewer examples.
fewer = settings(max_examples=max(10, settings().max_examples // 2),
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def horizon(profile_id: str) -> int:
    return CATALOG.resolve(profile_id).settings.horizon_days


def plan_json(plan: Plan) -> str:
    return json.dumps(plan.to_dict())


@contextmanager
def variant(document: dict[str, Any]) -> Iterator[engine.Catalog]:
    """A catalog in which ``document`` (a profile) is read from a file and shadows its id."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, f"{document['id']}.yaml")
        path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
        yield engine.Catalog([tmp])


def bundled_document(profile_id: str) -> dict[str, Any]:
    source = CATALOG.file_of(profile_id)
    assert source is not None
    return copy.deepcopy(dict(source.data))


# --- the invariants ------------------------------------------------------------------


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
@given(data=st.data())
def test_every_invariant_holds_for_every_bundled_profile(profile_id: str, data: st.DataObject) -> None:
    situation, now = data.draw(situations(profile_id, max_horizon=horizon(profile_id) + 3), label="case")
    plan = engine.advise(situation, now=now)
    again = engine.advise(situation, now=now)
    assert violations(plan, again) == []
    assert plan_json(plan) == plan_json(again)  # 8: determinism, spelled out
    PLAN_VALIDATOR.validate(plan.to_dict())


def utc(moment: datetime) -> datetime:
    """Aware datetimes of one zone compare by wall clock, blind to DST folds; UTC does not."""
    return moment.astimezone(timezone.utc)


def _best_on_allowed_slots(step: Step) -> None:
    starts = {utc(slot.start) for slot in step.allowed}
    ends = {utc(slot.end) for slot in step.allowed}
    if step.window is None:
        assert not step.best and not step.allowed
        return
    earliest, latest = (utc(moment) for moment in step.window)
    assert (earliest, latest) == (utc(step.allowed[0].start), utc(step.allowed[-1].end))
    for item in step.best:
        assert earliest <= utc(item.start) < utc(item.end) <= latest
        assert utc(item.start) in starts and utc(item.end) in ends  # a merged run of allowed slots
    assert len({utc(item.start) for item in step.best}) == len(step.best)


@given(data=st.data())
def test_best_slots_are_allowed_slots_inside_the_window(data: st.DataObject) -> None:
    profile_id = data.draw(st.sampled_from(PROFILE_IDS), label="profile")
    situation, now = data.draw(situations(profile_id, max_horizon=horizon(profile_id) + 3), label="case")
    plan = engine.advise(situation, now=now)
    last_day = plan.move_on_after.date()  # the horizon's, or a promise's grace period's (invariant 7)
    for step in plan.steps:
        if step.note is not None and step.note.code in OUT_OF_HOURS:
            continue  # an offer e-mail out of hours: one moment, outside the allowed slots by design
        _best_on_allowed_slots(step)
        for slot in step.allowed:
            assert utc(slot.start) > utc(plan.situation.interview)
            assert slot.day <= last_day


def test_same_input_gives_the_same_bytes_in_processes_with_different_hash_seeds() -> None:
    lines = [
        {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "industry": profile_id, "country": "US",
         "promised_reply_by": "2026-11-25", "competing_offer_deadline": "2026-11-30",
         "contacts": [{"at": "2026-11-24T10:00", "channel": "email"}]}
        for profile_id in PROFILE_IDS
    ] + [{"interview": "2026-03-27T23:30+05:45", "timezone": "Asia/Kathmandu", "country": "NP"},
         {"interview": "2011-12-29T16:00", "timezone": "Pacific/Apia", "purpose": "status"},
         {"interview": "2026-10-31T12:00", "timezone": "Australia/Lord_Howe", "purpose": "feedback"}]
    payload = "".join(json.dumps(line) + "\n" for line in lines)

    def run(hash_seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        env.pop("FOLLOWUP_PROFILES_PATH", None)
        result = subprocess.run([sys.executable, "-m", "engine", "advise", "--input", "-", "--now", "2026-11-21T10:00",
                                 "--format", "json"], input=payload, capture_output=True, text=True, cwd=ROOT,
                                env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout

    first = run("1")
    assert first == run("2")
    assert len(first.splitlines()) == len(lines)


# --- metamorphic relations -----------------------------------------------------------


def _slot_starts(step: Step) -> set[datetime]:
    return {utc(slot.start) for slot in step.allowed}


def _profile_and_case(purposes: tuple[str, ...] = PURPOSES) -> st.SearchStrategy[tuple[str, tuple[dict[str, Any], str]]]:
    """A bundled profile id, and a single-purpose situation for it with a ``now``."""
    def with_purpose(profile_id: str) -> st.SearchStrategy[tuple[str, tuple[dict[str, Any], str]]]:
        cases = st.tuples(situations(profile_id, max_horizon=horizon(profile_id) + 3), st.sampled_from(purposes))
        return cases.map(lambda found: (profile_id, ({**found[0][0], "purpose": found[1]}, found[0][1])))
    return st.sampled_from(PROFILE_IDS).flatmap(with_purpose)


# Once a false property: with the whole sequence, the extra forbid removed the thank-you step's
# only times, so the status step, no longer held back by it, gained slots. It now holds for
# each step planned on its own.
SEQUENCE_COUNTEREXAMPLE = ("accounting", ({"interview": "2000-01-01T00:00+00:00", "timezone": "Africa/Abidjan",
                                           "industry": "accounting", "traditional": True, "purpose": "status"},
                                          "2000-01-01T00:00+00:00"))


@pytest.mark.slow  # a long run: CI's slow set
@fewer
@given(drawn=_profile_and_case(), condition=conditions())
@example(drawn=SEQUENCE_COUNTEREXAMPLE, condition={"purpose": "thank_you"})
def test_adding_a_forbid_rule_never_widens_a_step(drawn: tuple[str, tuple[dict[str, Any], str]],
                                                  condition: dict[str, Any]) -> None:
    """For one step planned on its own, with its channel: an extra forbid never adds an allowed slot.

    (Its channel may change: when the forbid leaves no call ahead, an e-mail fallback takes
    over, and that is a new window, not a wider one.)
    """
    profile_id, (situation, now) = drawn
    document = bundled_document(profile_id)
    document["rules"] = [*document["rules"], {"id": "extra-forbid", "when": condition, "then": {"forbid": True},
                                              "why": "A forbid rule added by the property test.", "source": "seed"}]
    before = engine.advise(situation, now=now)
    with variant(document) as catalog:
        try:
            after = engine.advise(situation, now=now, profiles=catalog)
        except ProfileError as error:  # a condition that can never fire is refused (R306)
            assume(not {d.code for d in error.diagnostics} <= {"R306"})
            raise
    (old,), (new,) = before.steps, after.steps
    assume(new.action == old.action or new.action == "none")
    assert _slot_starts(new) <= _slot_starts(old)
    if new.window is not None:
        assert old.window is not None
        assert utc(old.window[0]) <= utc(new.window[0]) and utc(new.window[1]) <= utc(old.window[1])


@given(data=st.data())
def test_a_later_promised_date_never_opens_the_status_window_earlier(data: st.DataObject) -> None:
    profile_id = data.draw(st.sampled_from(PROFILE_IDS), label="profile")
    days = horizon(profile_id) + 3
    situation, now = data.draw(situations(profile_id, max_horizon=days), label="case")
    situation["purpose"] = "status"
    interview_day = engine.parse_situation(situation).interview.date()
    early = data.draw(st.integers(-5, days), label="promise")
    later = early + data.draw(st.integers(0, days), label="later by")
    first, second = (
        engine.advise({**situation, "promised_reply_by": (interview_day + timedelta(days=offset)).isoformat()},
                      now=now)
        for offset in (early, later)
    )
    old, new = first.steps[0], second.steps[0]
    note(f"{old.window} {old.best[:1]} / {new.window} {new.best[:1]}")
    # A later promise may stretch the plan further; up to the earlier plan's end, it only removes slots.
    common = {start for start in _slot_starts(new) if start <= utc(first.move_on_after)}
    assert common <= _slot_starts(old)
    assert second.move_on_after >= first.move_on_after
    if new.window is not None and old.window is not None:
        assert utc(old.window[0]) <= utc(new.window[0])


def _best_status(situation: dict[str, Any], promised: str, catalog: engine.Catalog | None = None) -> datetime:
    plan = engine.advise({**situation, "purpose": "status", "promised_reply_by": promised},
                         now=situation["interview"], profiles=catalog)
    return utc(plan.steps[0].best[0].start)


@given(data=st.data())
def test_a_later_promise_never_brings_the_best_status_contact_forward(data: st.DataObject) -> None:
    """Planned as of the interview, for promises on or after its day: the promise preference
    applies from the first business day after the promise on, so it can only move the best
    status contact later."""
    profile_id = data.draw(st.sampled_from(PROFILE_IDS), label="profile")
    days = horizon(profile_id) + 3
    situation, _ = data.draw(situations(profile_id, max_horizon=days), label="case")
    situation.pop("contacts", None)
    interview_day = engine.parse_situation(situation).interview.date()
    early = data.draw(st.integers(0, days), label="promise")
    later = early + data.draw(st.integers(0, days), label="later by")
    bests = []
    for offset in (early, later):
        plan = engine.advise({**situation, "purpose": "status",
                              "promised_reply_by": (interview_day + timedelta(days=offset)).isoformat()},
                             now=situation["interview"])
        bests.append(plan.steps[0].best[0].start if plan.steps[0].best else None)
    note(str(bests))
    if bests[0] is not None and bests[1] is not None:
        assert utc(bests[0]) <= utc(bests[1])


def test_a_later_promise_never_brings_the_best_status_contact_forward_in_a_slow_field() -> None:
    slow = {"id": "slow-status", "name": "Slow answers", "extends": "general", "settings": {"horizon_days": 30},
            "rules": [{"id": "status-waits-three-weeks", "when": {"purpose": "status", "days_after": {"lt": 21}},
                       "then": {"forbid": True}, "why": "Committees take three weeks to decide anything.",
                       "source": "seed"},
                      {"id": "status-in-week-four", "when": {"purpose": "status", "days_after": {"ge": 25}},
                       "then": {"prefer": 3}, "why": "By the fourth week the committee has usually met.",
                       "source": "seed"}]}
    situation = {"interview": "2026-11-02T10:00", "timezone": "America/New_York", "industry": "slow-status"}
    with variant(slow) as catalog:
        assert _best_status(situation, "2026-11-02", catalog) <= _best_status(situation, "2026-11-20", catalog)


def test_a_promise_dated_before_the_interview_does_not_bring_the_status_call_forward() -> None:
    situation = {"interview": "2026-11-16T11:00", "timezone": "America/New_York"}
    assert _best_status(situation, "2026-11-15") <= _best_status(situation, "2026-11-18")


@pytest.mark.slow  # a long run: CI's slow set
@fewer
@given(data=st.data())
def test_rule_order_in_a_file_never_changes_a_plan(data: st.DataObject) -> None:
    profile_id = data.draw(st.sampled_from(PROFILE_IDS), label="profile")
    situation, now = data.draw(situations(profile_id, max_horizon=horizon(profile_id) + 3), label="case")
    document = bundled_document(profile_id)
    document["rules"] = data.draw(st.permutations(document["rules"]), label="rules")
    document["examples"] = []  # example lines move with the rules; they are not planned here
    with variant(document) as catalog:
        shuffled = engine.advise(situation, now=now, profiles=catalog)
    assert plan_json(shuffled) == plan_json(engine.advise(situation, now=now))


# --- any profile a user can write ------------------------------------------------------


@pytest.mark.slow  # a long run: CI's slow set
@fewer
@given(document=profile_documents(), case=situations("random", max_horizon=40))
def test_a_random_profile_resolves_or_is_diagnosed_and_then_keeps_the_invariants(
    document: dict[str, Any], case: tuple[dict[str, Any], str]
) -> None:
    situation, now = case
    with variant(document) as catalog:
        if "random" not in catalog.ids:  # refused while reading: only with diagnostics
            problems = [d for found in catalog.problems.values() for d in found]
            assert problems
            assert all(d.code.startswith(("Y", "S")) for d in problems)
            return
        try:
            catalog.resolve("random")
        except ProfileError as error:
            assert error.diagnostics
            # The document is schema-valid by construction: only semantic and inheritance problems.
            assert all(d.code[0] in "RI" for d in error.diagnostics), [str(d) for d in error.diagnostics]
            return
        plan = engine.advise(situation, now=now, profiles=catalog)
        again = engine.advise(situation, now=now, profiles=catalog)
        python = engine.advise(situation, now=now, profiles=catalog, backend="python")
    assert violations(plan, again) == []
    PLAN_VALIDATOR.validate(plan.to_dict())
    assert plan_json(plan) == plan_json(python)  # both backends read a rule the same way, fractions included


MONDAY_PEOPLE = {
    "id": "mondays", "name": "Monday people", "extends": "general",
    "rules": [{"id": "monday-morning-calls", "invariant": True,
               "when": {"channel": "call", "weekday": "mon", "time": {"lt": "12:00"}},
               "then": {"prefer": 100}, "why": "In this field Monday morning is the time to call.", "source": "seed"}],
}


def test_a_user_profile_cannot_claim_invariant_rank() -> None:
    """An ``invariant: true`` prefer would rank with core's and could outweigh core-last-day-midweek."""
    with variant(MONDAY_PEOPLE) as catalog, pytest.raises(ProfileError) as raised:
        catalog.resolve("mondays")
    assert [d.code for d in raised.value.diagnostics] == ["R311"]


SIX_DAYS = {"id": "six-days", "name": "Six-day week", "extends": "general",
            "settings": {"business_days": ["mon", "tue", "wed", "thu", "fri", "sat"]}, "rules": []}


def test_a_profile_cannot_plan_calls_on_a_weekend() -> None:
    with variant(SIX_DAYS) as catalog:
        plan = engine.advise({"interview": "2026-11-16T14:00", "timezone": "America/New_York", "purpose": "status",
                              "industry": "six-days"}, now="2026-11-16T15:00", profiles=catalog)
    assert violations(plan) == []


def test_no_call_on_the_weekend_of_the_given_country() -> None:
    plan = engine.advise({"interview": "2026-11-16T14:00", "timezone": "Asia/Jerusalem", "purpose": "status",
                          "country": "IL"}, now="2026-11-16T15:00")
    # Israel's weekend is Friday and Saturday, whatever days a profile lists.
    assert 4 not in {slot.day.weekday() for slot in plan.steps[0].allowed}
    assert violations(plan) == []


FLOAT_WEIGHTS = {
    "id": "floaty", "name": "Fractional weights", "extends": "core",
    "rules": [{"id": rule_id, "when": {"days_after": day}, "then": {"prefer": weight},
               "why": "A fractional weight, to see that sums are exact.", "source": "seed"}
              for rule_id, day, weight in (("a", 2, 0.1), ("b", 2, 0.2), ("c", 2, 0.3), ("d", 1, 0.6))],
}


def test_fractional_weights_give_the_same_bytes_in_every_process(tmp_path: Path) -> None:
    (tmp_path / "floaty.yaml").write_text(yaml.safe_dump(FLOAT_WEIGHTS, sort_keys=False), encoding="utf-8")
    args = [sys.executable, "-m", "engine", "advise", "--interview", "2026-11-16T10:00", "--timezone",
            "America/New_York", "--industry", "floaty", "--purpose", "feedback", "--now", "2026-11-16T11:00",
            "--profiles", str(tmp_path), "--format", "json"]
    outputs = set()
    for hash_seed in "012345":  # 0 and 2 order {a, b, c} differently on CPython 3.11
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        env.pop("FOLLOWUP_PROFILES_PATH", None)
        result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1


# --- the generators reach the corners ------------------------------------------------


def _local_days(situation: dict[str, Any], span: int) -> list[date]:
    first = engine.parse_situation(situation).interview.date()
    return [first + timedelta(days=offset) for offset in range(span + 1)]


def _changes_on(zone: str, day: date) -> bool:
    tz = ZoneInfo(zone)
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    return start.utcoffset() != (start + timedelta(days=1)).replace(tzinfo=tz).utcoffset()


search = settings(max_examples=5000, database=None, suppress_health_check=list(HealthCheck))


def test_situations_reach_a_clock_change_inside_the_planned_days() -> None:
    situation, _ = find(situations(max_horizon=14),
                        lambda case: any(_changes_on(case[0]["timezone"], day) for day in _local_days(case[0], 14)),
                        settings=search)
    assert any(_changes_on(situation["timezone"], day) for day in _local_days(situation, 14))


def test_situations_reach_an_interview_within_hours_of_a_clock_change() -> None:
    def close(case: tuple[dict[str, Any], str]) -> bool:
        parsed = engine.parse_situation(case[0])
        moment = parsed.interview.astimezone(timezone.utc)
        changes = transitions(parsed.zone_name, moment.year)
        return any(abs(change - moment) < timedelta(hours=3) for change in changes)

    find(situations(), close, settings=search)


@pytest.mark.parametrize("zone", ["Asia/Kathmandu", "Pacific/Kiritimati", "Pacific/Chatham"])
def test_situations_reach_the_odd_offsets(zone: str) -> None:
    assert zone in SPECIAL_ZONES
    find(situations(), lambda case: case[0]["timezone"] == zone, settings=search)


def test_situations_reach_a_moment_written_across_the_date_line() -> None:
    def across(case: tuple[dict[str, Any], str]) -> bool:
        situation, now = case
        parsed = engine.parse_situation(situation)
        written = datetime.fromisoformat(now)
        return written.date() != written.astimezone(parsed.zone).date() and abs(
            (written.utcoffset() or timedelta()) - (parsed.interview.utcoffset() or timedelta())) >= timedelta(hours=20)

    find(situations(), across, settings=search)


def test_transitions_are_found_to_the_minute() -> None:
    assert transitions("America/New_York", 2026) == (datetime(2026, 3, 8, 7, 0, tzinfo=timezone.utc),
                                                      datetime(2026, 11, 1, 6, 0, tzinfo=timezone.utc))
    assert datetime(2011, 12, 30, 10, 0, tzinfo=timezone.utc) in transitions("Pacific/Apia", 2011)
    assert transitions("Asia/Kathmandu", 2026) == ()


def _occurrences(naive: datetime, zone: ZoneInfo) -> int:
    """How many instants show ``naive`` on the zone's clocks (0 in a gap, 2 in a fold)."""
    offsets = {naive.replace(tzinfo=zone, fold=fold).utcoffset() for fold in (0, 1)}
    utc = {(naive - offset).replace(tzinfo=timezone.utc) for offset in offsets if offset is not None}
    return sum(1 for moment in utc if moment.astimezone(zone).replace(tzinfo=None) == naive)


@given(place=near_transition(), shift=st.integers(-180, 180))
def test_a_naive_local_time_is_accepted_exactly_when_it_happens_once(place: tuple[str, datetime], shift: int) -> None:
    zone_name, moment = place
    zone = ZoneInfo(zone_name)
    naive = (moment.astimezone(zone).replace(tzinfo=None) + timedelta(minutes=shift)).replace(second=0, microsecond=0)
    situation = {"interview": naive.isoformat(timespec="minutes"), "timezone": zone_name}
    count = _occurrences(naive, zone)
    if count == 1:
        parsed = engine.parse_situation(situation)
        assert parsed.interview.replace(tzinfo=None) == naive
    else:
        with pytest.raises(SituationError, match="does not exist" if count == 0 else "happens twice"):
            engine.parse_situation(situation)
