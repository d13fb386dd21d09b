"""Every declared fact, computed a second time in the test and compared with the engine's.

``ORACLES`` holds one plain computation per fact of ``engine.vocabulary.FACTS``, from the
situation's dates and contacts, the profile's settings and the invariant checker's own
calendar (``engine.testing.calendar``: the ``holidays`` package and the country's
weekend, never the engine's facts). A fact declared without an oracle fails
``test_every_declared_fact_has_an_oracle``: a new fact brings its second computation.

Two comparisons on generated situations:

* the engine's facts of every candidate slot (``Grid.facts`` with the step's facts)
  against the oracles, fact by fact, in every bundled profile and many countries;
* the rules the planner fired on each slot it weighed (``Step.trace.considered``, through
  its shortcuts: day patterns, remembered days, contact groups) against the rules of a
  probe profile whose conditions test every fact at telling thresholds, decided here
  on the oracles' values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import engine
from engine.evaluation.facts import build_grid, step_facts
from engine.language.model import hhmm
from engine.plan import Plan, Slot
from engine.testing import COUNTRIES, situations
from engine.testing.calendar import WorkingCalendar, working_calendar
from engine.vocabulary import FACTS, PURPOSES, WEEK_PARTS, WEEKDAYS

CATALOG = engine.default_catalog()
# Countries with regions, other weekends, or none at all, beside the strategies' own.
PLACES = (*COUNTRIES, "DE", "US", "IL", "AE", "GB-SCT", "CH-ZH", "AU", "ES-CT")


@dataclass(frozen=True)
class Case:
    """One slot of one step, as the oracles see it."""

    plan: Plan
    calendar: WorkingCalendar
    purpose: str
    channel: str
    day: date
    start: datetime  # the slot's start, in the employer's zone

    @property
    def first(self) -> date:
        return self.plan.situation.interview.date()

    def earlier(self, channel: str | None = None) -> list[datetime]:
        """The contacts made up to the slot's start (of one channel, or any), oldest first."""
        return sorted(contact.at for contact in self.plan.situation.contacts
                      if contact.at <= self.start and channel in (None, contact.channel))


@lru_cache(maxsize=65_536)
def between(calendar: WorkingCalendar, start: date, end: date) -> int:
    """The checker's business days in (start, end], remembered: every slot of a day asks again."""
    return calendar.business_days_between(start, end)


@lru_cache(maxsize=65_536)
def week_part(calendar: WorkingCalendar, day: date) -> str:
    if not calendar.working(day):
        return "off"
    days = calendar.working_days_of_week(day)
    if day == days[-1]:
        return "last"
    return "first" if day == days[0] else "mid"


def minutes(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def _days_since_last_contact(case: Case) -> int:
    contacts = case.earlier()
    if not contacts:
        return (case.day - case.first).days
    latest = max(contacts).astimezone(case.plan.situation.zone).date()
    return max(0, (case.day - latest).days)


def _business_days_since_last_call(case: Case) -> int:
    calls = case.earlier("call")
    since = max(calls).astimezone(case.plan.situation.zone).date() if calls else case.first
    return between(case.calendar, since, case.day)


def _business_days_after_promise(case: Case) -> int:
    promised = case.plan.situation.promised_reply_by
    if promised is None or case.day <= promised:
        return 0
    return between(case.calendar, promised, case.day)


def _days_to_offer_deadline(case: Case) -> int:
    deadline = case.plan.situation.competing_offer_deadline
    return max(0, (deadline - case.day).days) if deadline is not None else 0


ORACLES: dict[str, Callable[[Case], Any]] = {
    "purpose": lambda case: case.purpose,
    "traditional": lambda case: case.plan.situation.traditional,
    "heard_back": lambda case: case.plan.situation.heard_back,
    "has_promised_reply": lambda case: case.plan.situation.promised_reply_by is not None,
    "has_competing_offer": lambda case: case.plan.situation.competing_offer_deadline is not None,
    "interview_weekday": lambda case: case.plan.situation.interview.weekday(),
    "interview_week_part": lambda case: week_part(case.calendar, case.first),
    "interview_time": lambda case: minutes(case.plan.situation.interview),
    "channel": lambda case: case.channel,
    "days_after": lambda case: (case.day - case.first).days,
    "business_days_after": lambda case: between(case.calendar, case.first, case.day),
    "weeks_after": lambda case: (case.calendar.week_start(case.day) - case.calendar.week_start(case.first)).days // 7,
    # Timestamps: two datetimes of one zone subtract as wall-clock times, across a clock change too.
    "hours_after": lambda case: int((case.start.timestamp() - case.plan.situation.interview.timestamp()) // 3600),
    "weekday": lambda case: case.day.weekday(),
    "week_part": lambda case: week_part(case.calendar, case.day),
    "time": lambda case: minutes(case.start),
    "end_time": lambda case: minutes(case.start) + case.plan.profile.settings.slot_minutes,
    "business_day": lambda case: case.calendar.working(case.day),
    "holiday": lambda case: case.calendar.public_holiday(case.day),
    # Days only some regions keep (no region given) and quiet seasons weigh against a day;
    # the interview's own day is never against by a regional holiday (the employer was open).
    "regional_holiday": lambda case: case.calendar.regional_holiday(case.day) and case.day != case.first,
    "quiet_season": lambda case: case.calendar.quiet(case.day),
    "first_choice": lambda case: case.plan.situation.first_choice,
    "promised_reply_passed": lambda case: (case.plan.situation.promised_reply_by is not None
                                           and case.day > case.plan.situation.promised_reply_by),
    "business_days_after_promise": _business_days_after_promise,
    "offer_deadline_passed": lambda case: (case.plan.situation.competing_offer_deadline is not None
                                           and case.day > case.plan.situation.competing_offer_deadline),
    "days_to_offer_deadline": _days_to_offer_deadline,
    "contacts": lambda case: len(case.earlier()),
    "calls_made": lambda case: len(case.earlier("call")),
    "emails_sent": lambda case: len(case.earlier("email")),
    "days_since_last_contact": _days_since_last_contact,
    "business_days_since_last_call": _business_days_since_last_call,
}


def oracle_facts(case: Case) -> dict[str, Any]:
    return {name: compute(case) for name, compute in ORACLES.items()}


def _comparable(case: Case, name: str) -> bool:
    """Whether the engine promises the plain value here: it counts business days after a
    promise from at most a year before the interview (only small counts matter)."""
    promised = case.plan.situation.promised_reply_by
    return not (name == "business_days_after_promise" and promised is not None
                and promised < case.first - timedelta(days=366))


def test_every_declared_fact_has_an_oracle() -> None:
    assert set(ORACLES) == set(FACTS), "each fact of engine/vocabulary.py needs a computation in ORACLES"


def _case(plan: Plan, calendar: WorkingCalendar, purpose: str, channel: str, slot: Slot) -> Case:
    return Case(plan, calendar, purpose, channel, slot.day, slot.start)


def check_grid(situation: dict[str, Any], now: str) -> int:
    """Compare every fact of every slot (the step's facts for every purpose); the slots checked."""
    plan = engine.advise(situation, now=now)
    parsed = plan.situation
    grid = build_grid(parsed, plan.profile.settings)
    calendar = working_calendar(plan)
    slots = [(index, slot) for index, day in enumerate(grid.day_slots) for slot in day]
    checked = 0
    for purpose in PURPOSES:
        steps = step_facts(parsed, purpose, grid.interview_week_part)
        for number, (index, slot) in enumerate(slots):
            # The step's facts are the same on every slot: all of them are compared on the
            # first slot, the rest for one purpose and both channels (they do not depend on it).
            if number and purpose != PURPOSES[0]:
                break
            for channel in ("call", "email"):
                case = _case(plan, calendar, purpose, channel, slot)
                found = {**steps, "channel": channel, **grid.facts(index, slot)}
                expected = oracle_facts(case)
                assert set(found) == set(expected), "the engine's facts and the declared ones differ"
                wrong = {name: (found[name], value) for name, value in expected.items()
                         if _comparable(case, name) and found[name] != value}
                assert not wrong, f"{slot} ({purpose}, {channel}): engine vs oracle {wrong}"
                checked += 1
    return checked


# Monday 4 January 2027 in Germany with no region: Epiphany (Wednesday 6th) is a holiday of
# some regions; calls on the 5th and 7th, an e-mail on the 11th (given out of order); a
# promise on Friday 8th and an offer until Wednesday 13th.
REGIONAL = {
    "interview": "2027-01-04T10:00", "timezone": "Europe/Berlin", "country": "DE", "industry": "general",
    "promised_reply_by": "2027-01-08", "competing_offer_deadline": "2027-01-13",
    "contacts": [{"at": "2027-01-05T11:30+01:00", "channel": "call"},
                 {"at": "2027-01-11T09:15+01:00", "channel": "email"},
                 {"at": "2027-01-07T16:00+01:00", "channel": "call"}],
}


def test_the_engines_facts_are_the_oracles_on_a_known_case() -> None:
    assert check_grid(REGIONAL, "2027-01-04T10:00+01:00") > 100


@given(data=st.data())
def test_the_engines_facts_are_the_oracles_on_every_slot(data: st.DataObject) -> None:
    profile_id = data.draw(st.sampled_from(CATALOG.industries), label="profile")
    horizon = CATALOG.resolve(profile_id).settings.horizon_days
    situation, now = data.draw(situations(profile_id, max_horizon=horizon + 3), label="case")
    situation["country"] = data.draw(st.sampled_from(PLACES), label="country")
    check_grid(situation, now)


# --- the planner's own path: rules fired on every weighed slot ------------------------------

Check = Callable[[Any], bool]


def _probe_rules() -> list[tuple[str, str, Any, Check]]:
    """(fact, YAML condition value, Python check on the oracle's value) for every fact."""
    rules: list[tuple[str, str, Any, Check]] = []

    def at_least(fact: str, *limits: int) -> None:
        for limit in limits:
            rules.append((fact, f"{{ge: {limit}}}", limit, lambda value, limit=limit: value >= limit))

    for fact, spec in FACTS.items():
        if spec.kind == "bool":
            rules.append((fact, "true", True, lambda value: value is True))
        elif spec.kind == "enum":
            for choice in spec.choices:
                rules.append((fact, f'"{choice}"', choice, lambda value, choice=choice: value == choice))
        elif spec.kind == "weekday":
            for number, name in enumerate(WEEKDAYS):
                rules.append((fact, name, number, lambda value, number=number: value == number))
    at_least("days_after", 1, 2, 3, 7, 10)
    at_least("business_days_after", 1, 2, 3, 5, 6)
    at_least("weeks_after", 1, 2)
    at_least("hours_after", 20, 24, 48, 100)
    at_least("business_days_after_promise", 1, 2, 5)
    at_least("days_to_offer_deadline", 1, 2, 4)
    at_least("contacts", 1, 2, 3)
    at_least("calls_made", 1, 2)
    at_least("emails_sent", 1, 2)
    at_least("days_since_last_contact", 1, 2, 3, 5)
    at_least("business_days_since_last_call", 1, 2, 3)
    for fact in ("time", "interview_time"):
        for limit in (10 * 60, 12 * 60, 15 * 60 + 30):
            rules.append((fact, f'{{ge: "{hhmm(limit)}"}}', limit, lambda value, limit=limit: value >= limit))
    for limit in (11 * 60, 17 * 60):
        rules.append(("end_time", f'{{le: "{hhmm(limit)}"}}', limit, lambda value, limit=limit: value <= limit))
    return rules


PROBES = _probe_rules()


# The rule engine fires at most 63 slot rules for one fact (R312), core's included: the
# probes are shared between two profiles, every other one each.
PROBE_PROFILES = ("probe-even", "probe-odd")


def _probe_profile(part: int) -> str:
    lines = [f"id: {PROBE_PROFILES[part]}", "name: Every fact probed", "extends: core",
             "settings: {business_hours: {start: '07:30', end: '19:30'}, slot_minutes: 30, horizon_days: 12}",
             "rules:"]
    for number, (fact, value, _, _) in enumerate(PROBES):
        if number % 2 == part:
            lines += [f"  - id: probe-{number}", f"    when: {{{fact}: {value}}}", "    then: {prefer: 1}",
                      f"    why: Probes the fact {fact} of each slot.", "    source: seed"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def probe_catalog(tmp_path_factory: pytest.TempPathFactory) -> engine.Catalog:
    folder: Path = tmp_path_factory.mktemp("probe")
    for part, name in enumerate(PROBE_PROFILES):
        (folder / f"{name}.yaml").write_text(_probe_profile(part), encoding="utf-8")
    return engine.Catalog([folder])


def test_the_probe_profile_tests_every_fact() -> None:
    assert {fact for fact, *_ in PROBES} == set(FACTS)
    # Each int fact is probed at more than one threshold, so an off-by-one shows.
    for name, spec in FACTS.items():
        if spec.kind == "int":
            assert sum(fact == name for fact, *_ in PROBES) >= 2, name
    assert {value for fact, _, value, _ in PROBES if fact == "week_part"} == set(WEEK_PARTS)


def _decided(case: Case) -> tuple[set[str], set[str]]:
    """The plan's probe rules the oracles say hold on ``case``, and those they can decide at all."""
    facts = oracle_facts(case)
    present = {rule.id for rule in case.plan.profile.rules}
    holding, decided = set(), set()
    for number, (fact, _, _, holds) in enumerate(PROBES):
        if f"probe-{number}" in present and _comparable(case, fact):
            decided.add(f"probe-{number}")
            if holds(facts[fact]):
                holding.add(f"probe-{number}")
    return holding, decided


@given(data=st.data())
def test_the_planner_fires_the_rules_the_oracles_decide(probe_catalog: engine.Catalog, data: st.DataObject) -> None:
    situation, now = data.draw(situations(data.draw(st.sampled_from(PROBE_PROFILES)), max_horizon=15), label="case")
    situation["country"] = data.draw(st.sampled_from(PLACES), label="country")
    plan = engine.advise(situation, now=now, profiles=probe_catalog)
    calendar = working_calendar(plan)
    for step in plan.steps:
        # A step's weighed slots are its action's; a step left without one weighed the
        # channel it tried first, which the plan does not name: either must match.
        channels = [step.action] if step.action in ("call", "email") else ["call", "email"]
        for slot, outcome in step.trace.considered:
            fired = {rule for rule in outcome.fired if rule.startswith("probe-")}
            found = []
            for channel in channels:
                holding, decided = _decided(_case(plan, calendar, step.purpose, channel, slot))
                found.append(fired & decided)
                # A forbidden slot may be settled by its forbidding rules alone (the planner
                # need not weigh the rest): what it fired must hold, not all that holds.
                if fired & decided == holding or (outcome.forbidden and fired & decided <= holding):
                    break
            else:
                wrong = sorted({PROBES[int(rule.split("-")[1])][0] for rule in found[0] ^ holding})
                raise AssertionError(f"{slot} ({step.purpose}): the planner and the oracles disagree on {wrong}")
