"""Rules that can never fire: a condition's satisfiability over the values its facts can take.

Each fact's range comes from the vocabulary (:attr:`engine.vocabulary.FactSpec.bounds`)
under the profile's settings; a condition is put in disjunctive normal form (up to a
limit, past which it is assumed satisfiable) and each alternative checked fact by fact.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from ..vocabulary import FIELD_PREFIX, fact_spec
from .conditions import TRUE, Expr, atoms_of, without_not
from .model import Settings

__all__ = ["never_fires", "off_grid_times"]

# Slot times lie on a grid: a slot starts at the business hours' start plus a whole number
# of slots, and ends one slot later.
_ON_GRID = ("time", "end_time")


_DNF_LIMIT = 4096


def never_fires(condition: Expr, settings: Settings) -> bool:
    """True when no slot of a profile with these settings can satisfy ``condition``."""
    if condition == TRUE:
        return False
    conjunctions = _dnf(without_not(condition))
    if conjunctions is None:
        return False
    return not any(_satisfiable(conj, settings) for conj in conjunctions)


def _dnf(expr: Expr) -> list[list[Expr]] | None:
    kind = expr[0]
    if kind == "atom":
        return [[expr]]
    if kind == "true":
        return [[]]
    if kind == "any":
        out: list[list[Expr]] = []
        for part in expr[1]:
            sub = _dnf(part)
            if sub is None:
                return None
            out.extend(sub)
            if len(out) > _DNF_LIMIT:
                return None
        return out
    result: list[list[Expr]] = [[]]
    for part in expr[1]:
        sub = _dnf(part)
        if sub is None:
            return None
        result = [left + right for left, right in itertools.product(result, sub)]
        if len(result) > _DNF_LIMIT:
            return None
    return result


def _domain(fact: str, settings: Settings) -> tuple[int, int] | frozenset[Any]:
    spec = fact_spec(fact)
    if spec.kind == "bool":
        return frozenset((True, False))
    if spec.kind == "enum":
        return frozenset(spec.choices)
    if spec.kind == "weekday":
        return (0, 6)
    if spec.bounds is not None:
        return spec.bounds(settings)
    return (0, 23 * 60 + 59)  # a time of day


def _satisfiable(atoms: Sequence[Expr], settings: Settings) -> bool:
    by_fact: dict[str, list[Expr]] = {}
    for atom in atoms:
        by_fact.setdefault(atom[1], []).append(atom)
    for fact, tests in by_fact.items():
        if fact.startswith(FIELD_PREFIX):
            continue  # a declared field: its values are the validate checks' to judge
        domain = _domain(fact, settings)
        if isinstance(domain, frozenset):
            values = {v for v in domain if all(_holds(t[2], v, t[3]) for t in tests)}
            if not values:
                return False
            continue
        low, high = domain
        excluded: set[int] = set()
        for _, _, op, value in tests:
            if op == "eq":
                low, high = max(low, value), min(high, value)
            elif op == "ne":
                excluded.add(value)
            elif op == "lt":
                high = min(high, value - 1)
            elif op == "le":
                high = min(high, value)
            elif op == "gt":
                low = max(low, value + 1)
            else:
                low = max(low, value)
        if high < low or (high - low + 1) <= len({v for v in excluded if low <= v <= high}):
            return False
        if fact in _ON_GRID and not _on_grid(low, high, excluded, settings):
            return False
    return True


def _on_grid(low: int, high: int, excluded: set[int], settings: Settings) -> bool:
    """Whether a slot time (a start, or an end: both lie on the slot grid) falls in [low, high]."""
    step, origin = settings.slot_minutes, settings.grid_start
    first = low + (origin - low) % step
    return any(value not in excluded for value in range(first, high + 1, step))


def off_grid_times(condition: Expr, settings: Settings) -> list[int]:
    """The values a condition compares ``time`` or
    ``end_time`` with for equality that no slot has."""
    found: set[int] = set()
    for atom in atoms_of(condition):
        if (atom[1] in _ON_GRID and atom[2] in ("eq", "ne")
                and (atom[3] - settings.grid_start) % settings.slot_minutes):
            found.add(atom[3])
    return sorted(found)


def _holds(op: str, left: Any, right: Any) -> bool:
    return bool(left == right) if op == "eq" else bool(left != right)
