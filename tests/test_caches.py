"""The engine's caches live in one place (engine/caches.py); ``engine.clear_caches()`` empties all.

Planning a few varied interviews fills the caches of the planning path; after
``clear_caches()`` each declared cache holds nothing, and the same interviews planned
again give the same plans, text and JSON, byte for byte.
"""

from __future__ import annotations

import ast
import importlib
import json
import threading
from pathlib import Path

import pytest

import engine
from engine import caches
from engine.evaluation.backends import durable_problem
from engine.report.formats import PLAN_FORMATS, Reading

ENGINE = Path(engine.__file__).resolve().parent

SITUATIONS = [
    # the United States, no promise: the plain days of a plan
    {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "purpose": "status"},
    # Germany, the whole sequence, in German
    {"interview": "2026-12-18T10:00", "timezone": "Europe/Berlin", "country": "DE",
     "industry": "legal", "language": "de"},
    # a promised reply date: the days planned around a promise
    {"interview": "2026-11-23T11:00", "timezone": "Europe/London", "country": "GB",
     "promised_reply_by": "2026-11-27"},
]
NOW = ["2026-11-21T10:00", "2026-12-18T16:00", "2026-11-24T09:00"]

# Caches that planning and rendering these interviews must fill (the others serve the
# schema check, the DataFrame path, the test helpers...).
PLANNING = {
    "evaluation.days.plain_days", "evaluation.days.promised_days", "evaluation.days.shared",
    "evaluation.facts.day_slots", "evaluation.evaluate.evaluators", "evaluation.holidays_source.year",
    "evaluation.holidays_source.weekend_days", "zones.zone_names", "language.catalog.default",
    "report.json.rule_fields", "report.i18n.translations",
}


def _plans(backend: str | None = None) -> list[bytes]:
    found = []
    for situation, now in zip(SITUATIONS, NOW, strict=True):
        plan = engine.advise(situation, now=now, backend=backend)
        found.append(json.dumps(plan.to_dict(), ensure_ascii=False).encode())
        found.append(PLAN_FORMATS["text"].render(plan, Reading(explain=True)))
    return found


def test_clear_caches_is_public() -> None:
    assert "clear_caches" in engine.__all__
    assert engine.clear_caches is caches.clear_caches


DURABLE = "evaluation.backends.durable.rulesets"


def test_every_declared_cache_is_kept_by_its_module() -> None:
    for module in ("engine.scale", "engine.frontends.cli.cluster", "engine.testing.calendar",
                   "engine.testing.strategies", "engine.language.periods", "engine.language.schema"):
        importlib.import_module(module)
    declared = set(caches.CACHES)
    if durable_problem() is None:
        importlib.import_module("engine.evaluation.backends.durable")
    else:  # pragma: no cover - durable-rules cannot load in this Python: its module is never imported
        declared.discard(DURABLE)
    assert sorted(caches.cache_sizes()) == sorted(declared)


def test_planning_fills_the_caches_and_clear_caches_empties_every_one() -> None:
    before = _plans()
    filled = caches.cache_sizes()
    assert {name for name in PLANNING if filled[name] == 0} == set()
    engine.clear_caches()
    assert {name: size for name, size in caches.cache_sizes().items() if size} == {}
    assert _plans() == before
    assert {name for name, size in caches.cache_sizes().items() if size == 0} & PLANNING == set()


@pytest.mark.skipif(durable_problem() is not None, reason="durable-rules cannot run in this Python")
def test_clearing_lets_go_of_the_rule_sets_registered_with_durable_rules() -> None:
    from engine.evaluation.backends import durable

    before = _plans("durable")
    assert durable.registered_rulesets() > 0
    engine.clear_caches()
    assert durable.registered_rulesets() == 0
    assert _plans("durable") == before == _plans("python")


def test_no_module_keeps_a_functools_cache_of_its_own() -> None:
    found = []
    for path in sorted(ENGINE.rglob("*.py")):
        if path.name == "caches.py" and path.parent == ENGINE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module == "functools":
                names = [alias.name for alias in node.names]
            elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                  and node.value.id == "functools"):
                names = [node.attr]
            if {"cache", "lru_cache"} & set(names):
                found.append(f"{path.relative_to(ENGINE.parent)}:{node.lineno}")
    assert found == [], "declare the cache in engine/caches.py and use caches.memo"


def test_every_cache_has_a_bound_or_a_fixed_set_of_keys() -> None:
    unbounded = {name for name, spec in caches.CACHES.items() if spec.bound is None}
    # each keyed by a bundled schema's name, a pattern of the profile schema, or a shipped language
    assert unbounded == {"language.schema.load_schema", "language.schema.pattern_of",
                         "report.i18n.translations"}


def test_clearing_while_threads_plan_changes_no_plan() -> None:
    expected = _plans()
    failures: list[str] = []
    stop = threading.Event()

    def plan_again() -> None:
        for _ in range(6):
            if _plans() != expected:
                failures.append("a plan changed")

    def clear() -> None:
        while not stop.is_set():
            engine.clear_caches()

    clearer = threading.Thread(target=clear)
    clearer.start()
    planners = [threading.Thread(target=plan_again) for _ in range(4)]
    for thread in planners:
        thread.start()
    for thread in planners:
        thread.join()
    stop.set()
    clearer.join()
    assert failures == []
