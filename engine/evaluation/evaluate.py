"""Which rules fire: a backend behind a cache keyed by what the rules can see.

Many slots look the same to every rule: ``days_after`` 8 and 9 both fail ``lt 2``
and pass ``ge 7``. The evaluator reduces a fact set to the truth values of the
profile's atoms (a bitmask) and asks the backend only about patterns it has not seen
before. This is exact, since a condition is a boolean function of its atoms. Facts
that depend on different things (the step, the day, the time of day) contribute
their bits separately, so a slot's pattern is a few bitwise ORs.
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

from ..caches import bound, held
from ..language.conditions import Expr, Value, atom_holds, atoms_of
from ..language.model import Profile, Rule, Source
from .backends import Backend, CompiledRule, RuleSet, backend_name, get_backend

if TYPE_CHECKING:
    from ..plan import Reason

__all__ = ["AtomTable", "DayOutcome", "Evaluator", "Outcome", "evaluator_for"]

_CACHE_LIMIT = 65_536
_DAY_LIMIT = 16_384  # days of outcomes remembered (each holds a day's slots' outcomes)
K = TypeVar("K")
V = TypeVar("V")


class AtomTable:
    """The atoms of a set of rules, and the bits a fact value sets among them."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        atoms = sorted({atom for rule in rules for atom in atoms_of(rule.condition)}, key=repr)
        self.bit_of: dict[Expr, int] = {atom: 1 << bit for bit, atom in enumerate(atoms)}
        self.by_fact: dict[str, list[tuple[int, str, Any]]] = {}
        for bit, (_, fact, op, value) in enumerate(atoms):
            self.by_fact.setdefault(fact, []).append((1 << bit, op, value))
        self.memo: dict[str, dict[Value, int]] = {fact: {} for fact in self.by_fact}
        self.operands: dict[str, list[Any]] = {
            fact: sorted(operand for _, _, operand in found) for fact, found in self.by_fact.items()
            if all(isinstance(operand, int)
                   and not isinstance(operand, bool) for _, _, operand in found)
        }
        # Per group of facts: how to read the values its rules test, and the pattern of each
        # combination of those values seen so far.
        self._groups: dict[tuple[str, ...],
                           tuple[Callable[[Mapping[str, Value]], Any], tuple[str, ...],
                                 dict[Any, int]]] = {}
        self._times: dict[tuple[tuple[int, ...], int], tuple[int, ...]] = {}

    def bits(self, fact: str, value: Value) -> int:
        memo = self.memo.get(fact)
        if memo is None:
            return 0  # no rule tests this fact
        found = memo.get(value)
        if found is None:
            found = 0
            for bit, op, operand in self.by_fact[fact]:
                if atom_holds(op, value, operand):
                    found |= bit
            memo[value] = found
        return found

    def time_bits(self, times: tuple[int, ...], length: int) -> tuple[int, ...]:
        """The bits of each slot time of a day (its start and
        end), the same for every plan with these times."""
        key = (times, length)
        found = self._times.get(key)
        if found is None:
            found = self._times[key] = tuple(self.bits("time", minutes)
                                             | self.bits("end_time", minutes + length)
                                             for minutes in times)
        return found

    def beyond(self, fact: str) -> int | None:
        """A value of an integer fact from which on every larger one sets the same bits, if known.

        One past its largest operand: each comparison then holds for all larger values or
        for none. 0 for a fact no rule tests; None when an operand is not an integer.
        """
        if fact not in self.by_fact:
            return 0
        operands = self.operands.get(fact)
        return None if operands is None else operands[-1] + 1

    def steady(self, fact: str, low: int, high: int) -> bool:
        """Whether every integer from ``low`` to ``high`` sets the same bits of an integer fact.

        So it does when no operand of the fact's atoms lies in between: each comparison
        (eq, ne, lt, le, gt, ge) then holds for all of them or for none.
        """
        if fact not in self.by_fact:
            return True
        operands = self.operands.get(fact)
        if operands is None:
            return low == high
        index = bisect_left(operands, low)
        return index == len(operands) or operands[index] > high

    def mask(self, facts: Mapping[str, Value]) -> int:
        """The pattern of the given facts (a part of a fact set gives its part of the pattern)."""
        mask = 0
        for fact, value in facts.items():
            mask |= self.bits(fact, value)
        return mask

    def group_mask(self, group: tuple[str, ...], facts: Mapping[str, Value]) -> int:
        """The pattern of a group of facts, remembered by the values of those rules test."""
        known = self._groups.get(group)
        if known is None:
            tested = [fact for fact in group if fact in self.by_fact]
            # itemgetter of one fact gives its value, of several a tuple: either is the key.
            read: Callable[[Mapping[str, Value]], Any] = (itemgetter(*tested) if tested
                                                          else (lambda facts: ()))
            known = self._groups[group] = (read, tuple(tested), {})
        read, tested_facts, seen = known
        key = read(facts)
        found = seen.get(key)
        if found is None:
            found = 0
            for fact in tested_facts:
                found |= self.bits(fact, facts[fact])
            if len(seen) > 32_768:  # bounded per group (a few groups)
                seen.clear()
            seen[key] = found
        return found


@dataclass(frozen=True)
class Outcome:
    """What the rules fired for one pattern mean for a slot."""

    fired: frozenset[str]
    forbids: frozenset[str]  # the forbidding rules among them
    rank: tuple[float, float]  # (invariant preferences, other preferences)

    @property
    def forbidden(self) -> bool:
        return bool(self.forbids)


@dataclass(frozen=True)
class DayOutcome:
    """The outcomes of a day's slots for one step and channel, and what they add up to."""

    outcomes: tuple[Outcome, ...]
    allowed: tuple[int, ...]  # the indices of the allowed slots
    shaping: frozenset[str]  # the rules that shaped the day: forbidding ones, or all that fired

    @classmethod
    def of(cls, outcomes: Sequence[Outcome]) -> DayOutcome:
        shaping: set[str] = set()
        for outcome in {id(outcome): outcome for outcome in outcomes}.values():
            # Only the forbidding rules shaped a forbidden slot; its preferences did nothing.
            shaping.update(outcome.forbids or outcome.fired)
        allowed = tuple(index for index, outcome in enumerate(outcomes) if not outcome.forbids)
        return cls(tuple(outcomes), allowed, frozenset(shaping))


class Evaluator:
    """Fires a profile's rules through a backend, remembering answers by atom pattern."""

    def __init__(self, profile: Profile, backend: Backend, *, cache: bool = True) -> None:
        self.profile = profile
        self.backend = backend
        self.ruleset = RuleSet(
            profile.digest,
            tuple(CompiledRule(rule.id, rule.scope, rule.condition) for rule in profile.rules)
        )
        self.rules = {rule.id: rule for rule in profile.rules}
        self.tables = {scope: AtomTable([r for r in profile.rules if r.scope
                                         == scope]) for scope in ("step", "slot")}
        self.caching = cache
        self._fired: dict[tuple[str, int], frozenset[str]] = {}
        self._outcomes: dict[int, Outcome] = {}
        self._by_fired: dict[frozenset[str], Outcome] = {}
        self._days: dict[tuple[Any, ...], DayOutcome] = {}
        self._live: dict[int, int] = {}
        self._lock = threading.Lock()
        # The reasons a plan shows for a set of rule ids, with the sources of the profile they
        # were made for (the planner fills it): the same sets shape most steps of most plans.
        self.reasons: dict[frozenset[str], tuple[Mapping[str, Source], tuple[Reason, ...]]] = {}

    def fire(self, scope: str, facts: Sequence[Mapping[str, Value]]) -> list[frozenset[str]]:
        """For each fact set, the ids of the rules of ``scope`` that fire."""
        if not self.caching:
            return self.backend.evaluate(self.ruleset, scope, facts)
        table = self.tables[scope]
        return self._remembered(
            self._fired, [(scope, table.mask(one)) for one in facts],
            lambda misses: self.backend.evaluate(self.ruleset, scope, [facts[i] for i in misses]),
        )

    def outcome(self, fired: frozenset[str]) -> Outcome:
        """The outcome of a set of fired rules; one shared object per distinct set."""
        found = self._by_fired.get(fired)
        if found is None:
            rules = [self.rules[rule_id] for rule_id in sorted(fired)]
            prefer = [rule for rule in rules if rule.effect == "prefer"]
            found = Outcome(
                fired,
                frozenset(rule.id for rule in rules if rule.effect == "forbid"),
                # fsum: the same total whatever the order (a set's order varies between processes)
                (math.fsum(r.value for r in prefer if r.invariant),
                 math.fsum(r.value for r in prefer if not r.invariant)),
            )
            if len(self._by_fired) > _CACHE_LIMIT:
                self._by_fired.clear()
            self._by_fired[fired] = found
        return found

    def slot_outcomes(self, masks: Sequence[int],
                      facts_of: Callable[[int], Mapping[str, Value]]) -> list[Outcome]:
        """The outcome for each slot pattern; ``facts_of(i)``
        gives slot i's full facts on a miss."""

        def evaluate(indices: Sequence[int]) -> list[Outcome]:
            fired = self.backend.evaluate(self.ruleset, "slot", [facts_of(i) for i in indices])
            return [self.outcome(one) for one in fired]

        if not self.caching:
            return evaluate(range(len(masks)))
        return self._remembered(self._outcomes, masks, evaluate)

    def live(self, base: int, step_facts: Collection[str]) -> int:
        """The slot atoms that still matter once the step's facts (``step_facts``) set ``base``.

        A rule whose condition the step's atoms already decide (``purpose: thank_you`` in a
        status step) makes its other atoms irrelevant: slots that differ only in those fire
        the same rules. Patterns masked with this share their answers; exact, since the
        rules that can still fire depend on nothing else.
        """
        found = self._live.get(base)
        if found is None:
            table = self.tables["slot"]
            known = {atom: bool(base & bit) for atom, bit in table.bit_of.items()
                     if atom[1] in step_facts}
            found = 0
            for rule in self.profile.rules:
                if rule.scope != "slot":
                    continue
                rest = _restricted(rule.condition, known)
                if not isinstance(rest, bool):
                    for atom in atoms_of(rest):
                        found |= table.bit_of[atom]
            with self._lock:
                if len(self._live) > _CACHE_LIMIT:
                    self._live.clear()
                self._live[base] = found
        return found

    def known_day(self, key: tuple[Any, ...]) -> DayOutcome | None:
        """The remembered outcomes of a day's slots (see :meth:`day_outcome`), if any."""
        return self._days.get(key) if self.caching else None

    def day_outcome(self, key: tuple[Any, ...], masks: Callable[[], Sequence[int]],
                    facts_of: Callable[[int], Mapping[str, Value]]) -> DayOutcome:
        """The outcomes of a day's slots, remembered by ``key``, which must determine their
        patterns.

        ``masks()`` gives each slot's pattern and ``facts_of(i)`` slot i's full facts, on a miss.
        """
        found = self._days.get(key) if self.caching else None
        if found is None:
            found = DayOutcome.of(self.slot_outcomes(masks(), facts_of))
            if self.caching:
                with self._lock:
                    if len(self._days) > _DAY_LIMIT:
                        self._days.clear()
                    self._days[key] = found
        return found

    def _remembered(self, cache: dict[K, V], keys: Sequence[K],
                    evaluate: Callable[[list[int]], list[V]]) -> list[V]:
        """The cached answer for each key; ``evaluate``
        answers the misses, one index per new key."""
        results = [cache.get(key) for key in keys]
        missing: dict[K, int] = {}
        for index, (key, found) in enumerate(zip(keys, results, strict=True)):
            if found is None and key not in missing:
                missing[key] = index
        if not missing:
            return results  # type: ignore[return-value]
        fresh = dict(zip(missing, evaluate(list(missing.values())), strict=True))
        with self._lock:
            if len(cache) > _CACHE_LIMIT:
                cache.clear()
            cache.update(fresh)
        return [found if found is not None
                else fresh[key] for key, found in zip(keys, results, strict=True)]


def _restricted(expr: Expr, known: Mapping[Expr, bool]) -> Expr | bool:
    """``expr`` with the atoms of ``known`` replaced by
    their truth, simplified (True/False if decided)."""
    kind = expr[0]
    if kind == "atom":
        return known.get(expr, expr)
    if kind == "not":
        rest = _restricted(expr[1], known)
        return (not rest) if isinstance(rest, bool) else ("not", rest)
    if kind not in ("all", "any"):
        return True
    decisive = kind == "any"  # the value of a part that decides the whole
    parts: list[Expr] = []
    for part in expr[1]:
        rest = _restricted(part, known)
        if isinstance(rest, bool):
            if rest is decisive:
                return decisive
            continue
        parts.append(rest)
    return (kind, tuple(parts)) if parts else not decisive


_EVALUATORS_LIMIT = bound("evaluation.evaluate.evaluators")
_evaluators: OrderedDict[tuple[str, str, bool], Evaluator] = OrderedDict()
_evaluators_lock = threading.Lock()


def _forget_evaluators() -> None:
    with _evaluators_lock:
        _evaluators.clear()


held("evaluation.evaluate.evaluators", _evaluators.__len__, _forget_evaluators)


def evaluator_for(profile: Profile, backend: str | None = None, *, cache: bool = True) -> Evaluator:
    """The evaluator of a profile, shared within the process (profiles are immutable).

    ``backend`` None is the automatic choice (:func:`engine.evaluation.backends.backend_name`).
    The least recently used evaluators are let go past a bound, so a service that keeps
    loading new profile versions does not keep every old one.
    """
    key = (profile.digest, backend or backend_name(), cache)
    with _evaluators_lock:
        found = _evaluators.get(key)
        if found is None:
            found = _evaluators[key] = Evaluator(profile, get_backend(key[1]), cache=cache)
            while len(_evaluators) > _EVALUATORS_LIMIT:
                _evaluators.popitem(last=False)
        else:
            _evaluators.move_to_end(key)
        return found
