"""Which rules fire: a backend behind a cache keyed by what the rules can see.

Many slots look the same to every rule: ``days_after`` 8 and 9 both fail ``lt 2``
and pass ``ge 7``. The evaluator reduces a fact set to the truth values of the
profile's atoms (a bitmask) and asks the backend only about patterns it has not seen
before. This is exact, since a condition is a boolean function of its atoms.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

from .backends import Backend, CompiledRule, RuleSet, get_backend
from .conditions import Value, atom_holds, atoms_of
from .profiles import Profile, Rule

__all__ = ["Evaluator", "evaluator_for"]

_CACHE_LIMIT = 65_536


class _AtomTable:
    def __init__(self, rules: Sequence[Rule]) -> None:
        atoms = sorted({atom for rule in rules for atom in atoms_of(rule.condition)}, key=repr)
        self.by_fact: dict[str, list[tuple[int, str, Any]]] = {}
        for bit, (_, fact, op, value) in enumerate(atoms):
            self.by_fact.setdefault(fact, []).append((1 << bit, op, value))
        self.memo: dict[str, dict[Value, int]] = {fact: {} for fact in self.by_fact}

    def mask(self, facts: Mapping[str, Value]) -> int:
        mask = 0
        for fact, tests in self.by_fact.items():
            value = facts[fact]
            memo = self.memo[fact]
            bits = memo.get(value)
            if bits is None:
                bits = 0
                for bit, op, operand in tests:
                    if atom_holds(op, value, operand):
                        bits |= bit
                memo[value] = bits
            mask |= bits
        return mask


class Evaluator:
    """Fires a profile's rules through a backend, remembering answers by atom pattern."""

    def __init__(self, profile: Profile, backend: Backend, *, cache: bool = True) -> None:
        self.profile = profile
        self.backend = backend
        self.ruleset = RuleSet(
            profile.digest, tuple(CompiledRule(rule.id, rule.scope, rule.condition) for rule in profile.rules)
        )
        self.rules = {rule.id: rule for rule in profile.rules}
        self._tables = {scope: _AtomTable([r for r in profile.rules if r.scope == scope]) for scope in ("step", "slot")}
        self._cache: dict[tuple[str, int], frozenset[str]] | None = {} if cache else None
        self._lock = threading.Lock()

    def fire(self, scope: str, facts: Sequence[Mapping[str, Value]]) -> list[frozenset[str]]:
        """For each fact set, the ids of the rules of ``scope`` that fire."""
        if self._cache is None:
            return self.backend.evaluate(self.ruleset, scope, facts)
        table = self._tables[scope]
        cache = self._cache
        keys = [(scope, table.mask(one)) for one in facts]
        results = [cache.get(key) for key in keys]
        missing: dict[tuple[str, int], Mapping[str, Value]] = {}
        for key, found, one in zip(keys, results, facts, strict=True):
            if found is None and key not in missing:
                missing[key] = one
        if not missing:
            return results  # type: ignore[return-value]
        answers = dict(zip(missing, self.backend.evaluate(self.ruleset, scope, list(missing.values())), strict=True))
        with self._lock:
            if len(cache) > _CACHE_LIMIT:
                cache.clear()
            cache.update(answers)
        return [found if found is not None else answers[key] for key, found in zip(keys, results, strict=True)]


_evaluators: dict[tuple[str, str, bool], Evaluator] = {}
_evaluators_lock = threading.Lock()


def evaluator_for(profile: Profile, backend: str = "durable", *, cache: bool = True) -> Evaluator:
    """The evaluator of a profile, shared within the process (profiles are immutable)."""
    key = (profile.digest, backend, cache)
    found = _evaluators.get(key)
    if found is None:
        with _evaluators_lock:
            found = _evaluators.get(key)
            if found is None:
                found = Evaluator(profile, get_backend(backend), cache=cache)
                _evaluators[key] = found
    return found
