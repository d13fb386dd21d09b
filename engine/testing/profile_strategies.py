"""Hypothesis strategies for what profiles say: conditions over the facts, effects, profiles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import strategies as st

from ..language.catalog import Catalog, default_catalog
from ..language.model import hhmm
from ..operators import operators_for
from ..vocabulary import CHANNELS, EFFECTS, FACTS, PURPOSES, WEEKDAYS, FactSpec

__all__ = ["conditions", "profile_documents"]


def _rarely(draw: st.DrawFn) -> bool:
    """True about one draw in ten; shrinks to False."""
    return draw(st.integers(0, 9)) == 9


_TIMES = st.one_of(
    st.integers(0, 23).map(lambda hour: hhmm(hour * 60)),
    st.integers(0, 23 * 60 + 59).map(hhmm),
)
_INTS = st.one_of(
    st.integers(-3, 40),
    st.integers(-(10**6), 10**6),
    st.sampled_from((-(2**53), 2**53)),  # the reader refuses larger numbers (Y108)
)


def _scalars(spec: FactSpec) -> st.SearchStrategy[Any]:
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "int":
        return _INTS
    if spec.kind == "time":
        return _TIMES
    return st.sampled_from(spec.choices)


def _operand(spec: FactSpec, op: str) -> st.SearchStrategy[Any]:
    scalar = _scalars(spec)
    if op in ("in", "not_in"):
        return st.lists(scalar, min_size=1, max_size=3)
    if op == "between":
        return st.lists(scalar, min_size=2, max_size=2)
    return scalar


def _fact_values(spec: FactSpec) -> st.SearchStrategy[Any]:
    """Every form the schema allows: a value, a list of values (one of), operators."""
    forms = [_scalars(spec)]
    if spec.kind != "bool":
        forms.append(st.lists(_scalars(spec), min_size=1, max_size=3))
    operators = st.lists(st.sampled_from(operators_for(spec.kind)), min_size=1, max_size=3,
                         unique=True)
    forms.append(operators.flatmap(
        lambda ops: st.fixed_dictionaries({op: _operand(spec, op) for op in ops})))
    return st.one_of(forms)


def conditions(facts: Sequence[str] = tuple(FACTS)) -> st.SearchStrategy[dict[str, Any]]:
    """Conditions over ``facts``, nested with ``all``, ``any``, ``not`` and several keys."""
    leaves = st.sampled_from(tuple(facts)).flatmap(
        lambda name: _fact_values(FACTS[name]).map(lambda v: {name: v}))
    return st.recursive(leaves, _nested, max_leaves=6)


def _merged(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Several conditions as the keys of one mapping (all must hold)."""
    out: dict[str, Any] = {}
    for part in parts:
        out.update(part)
    return out


def _nested(children: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.lists(children, min_size=1, max_size=3).map(lambda parts: {"all": parts}),
        st.lists(children, min_size=1, max_size=3).map(lambda parts: {"any": parts}),
        children.map(lambda part: {"not": part}),
        st.lists(children, min_size=2, max_size=3).map(_merged),
    )


_STEP_FACTS = tuple(name for name, spec in FACTS.items() if spec.scope == "step")


def _from_schema(fragment: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    """Values of an effect, drawn from its schema fragment (a const, an enum or a number range)."""
    if "const" in fragment:
        return st.just(fragment["const"])
    if "enum" in fragment:
        return st.sampled_from(tuple(fragment["enum"]))
    low, high = fragment["minimum"], fragment["maximum"]
    if fragment.get("type") == "integer":
        return st.integers(low, high)
    return st.one_of(st.integers(low, high),
                     st.floats(low, high, allow_nan=False, allow_infinity=False))


def _effect_value(draw: st.DrawFn, effect: str) -> Any:
    return draw(_from_schema(EFFECTS[effect].schema))


@st.composite
def _settings(draw: st.DrawFn, max_horizon: int) -> dict[str, Any]:
    found: dict[str, Any] = {}
    slot = 60
    if draw(st.booleans()):
        slot = found["slot_minutes"] = draw(st.sampled_from((15, 20, 30, 60, 120)))
    if draw(st.booleans()):
        if _rarely(draw):  # anything the schema takes, contradictions included (R307)
            found["business_hours"] = {"start": draw(_TIMES), "end": draw(_TIMES)}
        else:
            start = draw(st.integers(0, 23 * 60 + 59 - slot))
            count = draw(st.integers(1, (23 * 60 + 59 - start) // slot))
            found["business_hours"] = {"start": hhmm(start), "end": hhmm(start + count * slot)}
    if draw(st.booleans()):
        found["business_days"] = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, unique=True))
    if draw(st.booleans()):
        found["horizon_days"] = draw(st.integers(1, max_horizon))
    if draw(st.booleans()):
        found["sequence"] = draw(st.lists(st.sampled_from(PURPOSES), min_size=1, unique=True))
    if draw(st.booleans()):
        found["default_channel"] = draw(st.sampled_from(CHANNELS))
    if draw(st.booleans()):
        found["best_slots"] = draw(st.integers(1, 3))
    return found


@st.composite
def profile_documents(
    draw: st.DrawFn,
    extends: str = "general",
    *,
    profile_id: str = "random",
    max_horizon: int = 366,
    max_rules: int = 6,
    catalog: Catalog | None = None,
) -> dict[str, Any]:
    """A schema-valid profile document (as YAML would load) extending ``extends``.

    Mostly valid, and now and then a profile the engine must reject with
    diagnostics: a step effect testing slot facts, an unknown source, overriding or
    removing an invariant, declaring one, removing an unknown rule, contradictory
    settings, a rule that can never fire.
    """
    parent = (catalog or default_catalog()).resolve(extends)
    # A child may override or remove its ancestors' rules, except the invariants (R305).
    open_rules = [rule.id for rule in parent.rules if not rule.invariant]
    locked = [rule.id for rule in parent.rules if rule.invariant]

    def inherited_id() -> str:
        return draw(st.sampled_from(locked if locked and _rarely(draw) else open_rules or locked))
    document: dict[str, Any] = {"id": profile_id, "name": "A generated profile", "extends": extends}
    found_settings = draw(_settings(max_horizon))
    if found_settings:
        document["settings"] = found_settings
    rules: list[dict[str, Any]] = []
    used: set[str] = set()
    for index in range(draw(st.integers(0, max_rules))):
        kind = draw(st.sampled_from(("new", "new", "new", "override", "remove")))
        rule_id = f"rule-{index}"
        if kind != "new" and parent.rules:
            rule_id = inherited_id()
            if rule_id in used and not _rarely(draw):  # the same id twice in one file is R304
                continue
        used.add(rule_id)
        if kind == "remove":
            rules.append({"id": rule_id if not _rarely(draw) else f"missing-{index}",
                          "remove": True})
            continue
        effect = draw(st.sampled_from(tuple(EFFECTS)))
        scope_facts = (tuple(FACTS) if EFFECTS[effect].scope == "slot" or _rarely(draw)
                       else _STEP_FACTS)
        rule: dict[str, Any] = {"id": rule_id}
        if _rarely(draw):  # reserved for core (R311)
            rule["invariant"] = True
        if draw(st.booleans()):
            rule["priority"] = draw(st.integers(-100, 100))
        if not _rarely(draw):  # a rule without ``when`` always applies
            rule["when"] = draw(conditions(scope_facts))
        rule["then"] = {effect: _effect_value(draw, effect)}
        rule["why"] = "A generated rule, to see that any profile is handled."
        rule["source"] = "unknown-source" if _rarely(draw) else "seed"
        rules.append(rule)
    document["rules"] = rules
    return document
