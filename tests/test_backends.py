"""The durable-rules adapter: agreement with the reference backend, and its traps.

Differential tests: random rule sets and random facts, random profiles (with their
effects) and every bundled profile's plans, through both backends. The whole module is
skipped where durable-rules cannot be loaded (it is not a dependency on Python 3.13 and
later); tests/test_backend_choice.py checks that this happens only there.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any

import pytest

pytest.importorskip("durable_rules_engine", reason="durable-rules cannot be loaded here")

import durable_rules_engine
import yaml
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from benchmarks.situations import BATCH_NOW, write_jsonl
from engine.evaluation.backends import CompiledRule, RuleSet
from engine.evaluation.backends.durable import DurableBackend, to_durable
from engine.evaluation.backends.python import PythonBackend
from engine.evaluation.evaluate import Evaluator
from engine.evaluation.planner import make_plan
from engine.language.catalog import Catalog, default_catalog
from engine.language.conditions import compile_condition
from engine.situation import parse_datetime
from engine.testing import conditions, profile_documents, situations
from engine.vocabulary import FACTS

PROFILES = default_catalog().industries  # core plans only as a part of each industry


def fact_values() -> st.SearchStrategy[dict[str, Any]]:
    def one(name: str) -> st.SearchStrategy[Any]:
        spec = FACTS[name]
        if spec.kind == "bool":
            return st.booleans()
        if spec.kind == "int":  # mostly what a slot has; now and then the bounds conditions may test
            return st.one_of(st.integers(0, 40), st.sampled_from((-1, -(10**6), 10**6, -(2**53), 2**53)))
        if spec.kind == "weekday":
            return st.integers(0, 6)
        if spec.kind == "time":
            return st.integers(0, 1439)
        return st.sampled_from(spec.choices)

    return st.fixed_dictionaries({name: one(name) for name in FACTS})


@pytest.mark.parametrize("profile_id", PROFILES)
@given(facts=st.lists(fact_values(), min_size=1, max_size=8), scope=st.sampled_from(["step", "slot"]))
def test_durable_agrees_with_python_on_any_facts(profile_id: str, facts: list[dict[str, Any]], scope: str) -> None:
    profile = default_catalog().resolve(profile_id)
    ruleset = Evaluator(profile, PythonBackend()).ruleset
    assert DurableBackend().evaluate(ruleset, scope, facts) == PythonBackend().evaluate(ruleset, scope, facts)


def compiled_rules(scopes: tuple[str, ...] = ("step", "slot")) -> st.SearchStrategy[tuple[CompiledRule, ...]]:
    """Rules over any facts, with every operator, all/any/not, several keys, or no ``when``."""
    rule = st.tuples(st.sampled_from(scopes), st.one_of(st.none(), conditions()))
    return st.lists(rule, min_size=1, max_size=12).map(
        lambda drawn: tuple(CompiledRule(f"r{i}", scope, compile_condition(when)) for i, (scope, when) in enumerate(drawn)))


@given(rules=compiled_rules(), facts=st.lists(fact_values(), min_size=1, max_size=6))
def test_durable_and_python_fire_the_same_rules_of_any_rule_set(rules: tuple[CompiledRule, ...],
                                                                 facts: list[dict[str, Any]]) -> None:
    ruleset = RuleSet("random-" + hashlib.sha256(repr(rules).encode()).hexdigest()[:16], rules)
    for scope in ("step", "slot"):
        assert DurableBackend().evaluate(ruleset, scope, facts) == PythonBackend().evaluate(ruleset, scope, facts)


@settings(max_examples=max(10, settings().max_examples // 2),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(document=profile_documents(), facts=st.lists(fact_values(), min_size=1, max_size=6))
def test_random_profiles_fire_and_weigh_the_same_under_both_backends(tmp_path_factory: pytest.TempPathFactory,
                                                                     document: dict[str, Any],
                                                                     facts: list[dict[str, Any]]) -> None:
    """A profile as a user writes it (inheritance, overrides, effects): same rules, same outcomes."""
    folder = tmp_path_factory.mktemp("random")
    (folder / "random.yaml").write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    catalog = Catalog([folder])
    try:
        profile = catalog.resolve("random")
    except engine.ProfileError:
        return  # diagnosed (tests/test_properties.py checks how); nothing to evaluate
    durable = Evaluator(profile, DurableBackend(), cache=False)
    python = Evaluator(profile, PythonBackend(), cache=False)
    for scope in ("step", "slot"):
        fired = durable.fire(scope, facts)
        assert fired == python.fire(scope, facts)
        assert [durable.outcome(one) for one in fired] == [python.outcome(one) for one in fired]


@given(case=situations("legal", max_horizon=33))
def test_plans_agree_across_backends_and_cache(case: tuple[dict[str, Any], str]) -> None:
    situation, now = case
    profile = default_catalog().resolve("legal")
    parsed = engine.parse_situation(situation)

    moment = parse_datetime(now, "now", parsed.zone)
    plans = [
        make_plan(profile, parsed, Evaluator(profile, backend, cache=cache), moment).to_dict()
        for backend in (DurableBackend(), PythonBackend())
        for cache in (True, False)
    ]
    assert all(p == plans[0] for p in plans[1:])


@pytest.mark.parametrize("profile_id", PROFILES)
@settings(max_examples=max(10, settings().max_examples // 4))
@given(data=st.data())
def test_every_bundled_profile_plans_the_same_bytes_under_both_backends(profile_id: str, data: st.DataObject) -> None:
    horizon = default_catalog().resolve(profile_id).settings.horizon_days
    situation, now = data.draw(situations(profile_id, max_horizon=horizon + 3), label="case")
    durable = engine.advise(situation, now=now, backend="durable")
    python = engine.advise(situation, now=now, backend="python")
    assert json.dumps(durable.to_dict(), ensure_ascii=False) == json.dumps(python.to_dict(), ensure_ascii=False)


def test_a_batch_of_varied_situations_gives_the_same_bytes_under_both_backends(tmp_path: Any) -> None:
    """``followup advise --input`` over generated situations of every profile, one run per backend."""
    source = tmp_path / "situations.jsonl"
    write_jsonl(source, 400, seed=12, industries=PROFILES)
    outputs = {}
    for backend in ("durable", "python"):
        outputs[backend] = tmp_path / f"{backend}.jsonl"
        env = {**os.environ, "FOLLOWUP_BACKEND": backend}
        result = subprocess.run([sys.executable, "-m", "engine", "advise", "--input", str(source), "--now", BATCH_NOW,
                                 "--format", "json", "--output", str(outputs[backend])],
                                capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
        assert result.returncode == 0, result.stderr
    assert outputs["durable"].read_bytes() == outputs["python"].read_bytes()
    plans = [json.loads(line) for line in outputs["python"].read_text(encoding="utf-8").splitlines()]
    assert len(plans) == 400 and all("steps" in plan for plan in plans)
    assert {plan["profile"]["id"] for plan in plans} == set(PROFILES)


def ruleset(key: str, *conditions: dict[str, Any]) -> RuleSet:
    return RuleSet(key, tuple(CompiledRule(f"r{i}", "slot", compile_condition(c)) for i, c in enumerate(conditions)))


FACT = {name: 0 for name in FACTS} | {"channel": "call", "purpose": "status", "days_after": 3, "weekday": 1,
                                      "business_day": True, "interview_weekday": 4, "interview_time": 600, "time": 600,
                                      "traditional": False, "heard_back": False, "has_promised_reply": False,
                                      "has_competing_offer": False, "holiday": False, "promised_reply_passed": False,
                                      "offer_deadline_passed": False}


def test_every_matching_rule_fires_not_only_the_first() -> None:
    # As events, only one of these would fire; as facts, all three must.
    rules = ruleset("all-match", {"channel": "call"}, {"days_after": {"ge": 2}}, {"weekday": "tue"})
    assert DurableBackend().evaluate(rules, "slot", [FACT]) == [frozenset({"r0", "r1", "r2"})]


def test_a_fact_matching_no_rule_is_an_empty_answer() -> None:
    rules = ruleset("none-match", {"channel": "email"})
    assert DurableBackend().evaluate(rules, "slot", [FACT, FACT]) == [frozenset(), frozenset()]


def test_the_same_facts_can_be_evaluated_again() -> None:
    rules = ruleset("again", {"channel": "call"})
    for _ in range(3):
        assert DurableBackend().evaluate(rules, "slot", [FACT]) == [frozenset({"r0"})]


def test_a_fact_left_behind_does_not_poison_the_next_evaluation() -> None:
    rules = ruleset("left-behind", {"channel": "call"})
    backend = DurableBackend()
    backend.evaluate(rules, "slot", [FACT])
    from engine.evaluation.backends.durable import _registered

    handle = _registered(rules).handle
    # An evaluation interrupted between assert and retract leaves its fact and actions behind.
    durable_rules_engine.assert_facts(handle, json.dumps([{**FACT, "sid": "0", "scope_": "slot", "serial_": -1}]))
    assert backend.evaluate(rules, "slot", [FACT]) == [frozenset({"r0"})]
    assert backend.evaluate(rules, "slot", [{**FACT, "channel": "email"}]) == [frozenset()]


def test_a_ruleset_is_registered_once_and_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.evaluation.backends import durable

    created: list[str] = []
    create = durable_rules_engine.create_ruleset

    def counted(name: str, text: str) -> int:
        created.append(name)
        return create(name, text)  # type: ignore[no-any-return]

    monkeypatch.setattr(durable_rules_engine, "create_ruleset", counted)
    rules = ruleset("registered-once", {"channel": "call", "days_after": {"between": [3, 4]}})
    backend = DurableBackend()
    assert backend.evaluate(rules, "slot", [FACT]) == [frozenset({"r0"})]
    assert len(created) == 1  # a ruleset not seen before in this process
    handle = durable._registered(rules).handle
    same = RuleSet("registered-once", rules.rules)  # equal, not the same object
    assert backend.evaluate(same, "slot", [FACT, {**FACT, "days_after": 5}]) == [frozenset({"r0"}), frozenset()]
    assert durable._registered(same).handle == handle
    assert len(created) == 1  # reused: not registered again


def test_a_changed_profile_gets_its_own_ruleset(tmp_path: Any) -> None:
    text = (ROOT / "profiles" / "it.yaml").read_text(encoding="utf-8")
    first = tmp_path / "one"
    second = tmp_path / "two"
    first.mkdir()
    second.mkdir()
    (first / "it.yaml").write_text(text, encoding="utf-8")
    (second / "it.yaml").write_text(text.replace("business_days_after: {ge: 3}", "business_days_after: {ge: 2}"), encoding="utf-8")
    situation = {"interview": "2026-11-17T15:00", "timezone": "America/Los_Angeles", "industry": "it",
                 "purpose": "thank_you"}
    old = engine.advise(situation, now="2026-11-17T16:00", profiles=[str(first)])
    new = engine.advise(situation, now="2026-11-17T16:00", profiles=[str(second)])
    assert old.profile.digest != new.profile.digest
    assert old.steps[0].window is not None and new.steps[0].window is not None
    assert new.steps[0].window[1] < old.steps[0].window[1]
    again = engine.advise(situation, now="2026-11-17T16:00", profiles=[str(first)])
    assert again.to_dict() == old.to_dict()


def test_registered_rulesets_stay_bounded_and_evicted_ones_come_back() -> None:
    from engine.evaluation.backends import durable

    backend = DurableBackend()
    first = ruleset("bounded-0", {"channel": "call"})
    assert backend.evaluate(first, "slot", [FACT]) == [frozenset({"r0"})]
    for index in range(1, durable.MAX_RULESETS + 5):
        backend.evaluate(ruleset(f"bounded-{index}", {"channel": "call"}), "slot", [FACT])
    assert durable.registered_rulesets() == durable.MAX_RULESETS
    # The first one was evicted and deleted; using it again registers it under a new name.
    assert backend.evaluate(first, "slot", [FACT]) == [frozenset({"r0"})]


def test_rulesets_are_plain_json_of_the_compiled_form() -> None:
    rules = ruleset("json-form", {"channel": "call", "days_after": {"lt": 2}}, {"not": {"weekday": ["mon", "fri"]}})
    definition = to_durable(rules)
    assert json.loads(json.dumps(definition)) == definition
    assert set(definition) == {"r0", "r1", "SEEN"}  # SEEN: the catch-all every fact matches


def test_concurrent_advise_gives_the_same_answers_as_one_by_one() -> None:
    cases = [
        ({"interview": f"2026-11-{day:02d}T{hour:02d}:00", "timezone": zone, "industry": industry}, f"2026-11-{day + 2:02d}T10:00")
        for day in range(2, 20, 3)
        for hour in (9, 13, 16)
        for zone, industry in (("America/New_York", "general"), ("Europe/Berlin", "legal"), ("Asia/Tokyo", "it"))
    ]
    alone = [json.dumps(engine.advise(s, now=n).to_dict()) for s, n in cases]
    barrier = threading.Barrier(8)

    def run(index: int) -> list[str]:
        barrier.wait()
        return [json.dumps(engine.advise(s, now=n).to_dict()) for s, n in cases[index:] + cases[:index]]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(run, range(8)))
    for index, result in enumerate(results):
        assert result == alone[index:] + alone[:index]


def _facts_held(key: str) -> list[Any]:
    from engine.evaluation.backends import durable

    held: list[Any] = json.loads(durable_rules_engine.get_facts(durable._registry[key].handle, "0"))
    return held


@pytest.mark.parametrize("profile_id", ["general", "legal"])
def test_durable_rules_holds_no_fact_after_an_evaluation(profile_id: str) -> None:
    """Each fact is retracted once its rules have fired: none accumulates between calls.

    A retract left out would grow memory without bound (the soak test's +949 MB) long
    before any answer went wrong, so this looks at the engine's own store.
    """
    profile = default_catalog().resolve(profile_id)
    evaluator = Evaluator(profile, DurableBackend(), cache=False)
    facts = [{**FACT, "days_after": day, "business_days_after": day} for day in range(6)]
    fired = evaluator.fire("slot", facts)
    assert any(fired)
    assert _facts_held(profile.digest) == []
    plan = make_plan(profile, engine.parse_situation({"interview": "2026-11-20T14:00", "timezone": "America/New_York",
                                                      "industry": profile_id, "country": "US"}),
                     evaluator, datetime(2026, 11, 21, 15, tzinfo=timezone.utc))
    assert plan.steps[-1].best
    assert _facts_held(profile.digest) == []
