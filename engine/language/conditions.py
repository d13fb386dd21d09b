"""Conditions: checking their values and compiling them to a backend-neutral form.

A compiled condition is a tree of tuples, hashable and comparable:

* ``("atom", fact, op, value)`` with ``op`` one of eq, ne, lt, le, gt, ge and the value
  in its compiled form (times as minutes after midnight, weekdays as 0-6 from Monday);
* ``("all", (expr, ...))``, ``("any", (expr, ...))``, ``("not", expr)``;
* ``("true",)`` for a rule without ``when``.

Every backend evaluates exactly this form, so they cannot disagree on meaning.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import did_you_mean
from ..operators import OPERATORS, operators_for
from ..vocabulary import FACTS, FIELD_PREFIX, MAX_LIST, WEEKDAYS, FactSpec, period_fact

__all__ = [
    "CONDITION_KEYS",
    "FIELD_KEY",
    "PERIOD_KEY",
    "Expr",
    "atoms_of",
    "check_condition_value",
    "compile_condition",
    "condition_fact_at",
    "evaluate",
    "facts_of",
    "negate",
]

Value = int | bool | str
Expr = tuple[Any, ...]
TRUE: Expr = ("true",)
# ``period: NAME`` tests one of the profile's named periods (see :mod:`.periods`).
PERIOD_KEY = "period"
# ``field: {NAME: value}`` tests the situation fields the profile declares (see :mod:`.fields`).
FIELD_KEY = "field"
CONDITION_KEYS = (*FACTS, PERIOD_KEY, FIELD_KEY, "all", "any", "not")
# Spellings of operators from other languages, for did-you-mean.
OPERATOR_ALIASES = {"lte": "le", "gte": "ge", "neq": "ne", "equals": "eq", "nin": "not_in",
                    "notin": "not_in",
                    "==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
NEGATED = {"eq": "ne", "ne": "eq", "lt": "ge", "ge": "lt", "le": "gt", "gt": "le"}


def condition_fact_at(path: Sequence[str | int]) -> int | None:
    """Index in ``path`` of the fact key, if ``path`` points into a fact's value."""
    for start, part in enumerate(path):
        if part != "when":
            continue
        index = start + 1
        while index < len(path):
            part = path[index]
            if (part in ("all", "any") and index + 1 < len(path)
                and isinstance(path[index + 1], int)):
                index += 2
            elif part == "not":
                index += 1
            elif isinstance(part, str) and part in FACTS:
                return index
            else:
                return None
        return None
    return None


def describe(spec: FactSpec) -> str:
    if spec.kind == "int":
        return "an integer"
    if spec.kind == "bool":
        return "true or false"
    if spec.kind == "time":
        return 'a time "HH:MM"'
    if spec.kind == "weekday":
        return "a weekday (" + ", ".join(WEEKDAYS) + ")"
    return "one of " + ", ".join(spec.choices)


def scalar_problem(spec: FactSpec, value: Any) -> str | None:
    """Why ``value`` is not a valid scalar for ``spec``, or None if it is."""
    if spec.kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif spec.kind == "bool":
        ok = isinstance(value, bool)
    elif spec.kind == "time":
        ok = isinstance(value, str) and _minutes(value) is not None
    else:
        ok = isinstance(value, str) and value in spec.choices
    if ok:
        return None
    return f"{spec.name} expects {describe(spec)}, got {value!r}"


def check_condition_value(fact: str, value: Any,
                          spec: FactSpec | None = None) -> list[tuple[tuple[str | int, ...], str,
                                                                      str, str | None]]:
    """Problems with a fact's value in a condition: ``(subpath, code, message, suggestion)``.

    ``spec``: the fact's own, for a fact outside the vocabulary (a field the profile declares).
    """
    spec = FACTS[fact] if spec is None else spec
    problems: list[tuple[tuple[str | int, ...], str, str, str | None]] = []
    if isinstance(value, list):
        if spec.kind == "bool":
            return [((), "R303", f"{fact} expects true or false, not a list", None)]
        if not value:
            return [((), "R303", f"{fact}: an empty list never matches", None)]
        if len(value) > MAX_LIST:
            return [((), "R303",
                     f"{fact}: at most {MAX_LIST} values in a list; use lt/ge or between", None)]
        for index, item in enumerate(value):
            problem = scalar_problem(spec, item)
            if problem:
                problems.append(((index,), "R303", problem, _suggest(spec, item)))
        return problems
    if isinstance(value, dict):
        allowed = operators_for(spec.kind)
        if not value:
            return [((), "R303", f"{fact}: give at least one operator", None)]
        for op, operand in value.items():
            if op not in allowed:
                known = op in OPERATORS
                message = (
                    f"operator {op!r} does not apply to {fact} ({spec.kind})"
                    if known
                    else f"unknown operator {op!r} for {fact}"
                )
                hint = None if known else (OPERATOR_ALIASES.get(op)
                                           if OPERATOR_ALIASES.get(op) in allowed
                                           else did_you_mean(op, allowed))
                problems.append(((op,), "R302", message, hint))
                continue
            if op in ("in", "not_in", "between"):
                if not isinstance(operand, list) or not operand:
                    problems.append(((op,), "R303", f"{fact} {op} expects a non-empty list", None))
                    continue
                if len(operand) > MAX_LIST:
                    problems.append(((op,), "R303", f"{fact} {op}: at most {MAX_LIST} values; "
                                                    "use lt/ge or between", None))
                    continue
                if op == "between" and len(operand) != 2:
                    problems.append(((op,), "R303", f"{fact} between expects [low, high]", None))
                    continue
                for index, item in enumerate(operand):
                    problem = scalar_problem(spec, item)
                    if problem:
                        problems.append(((op, index), "R303", problem, _suggest(spec, item)))
            else:
                problem = scalar_problem(spec, operand)
                if problem:
                    problems.append(((op,), "R303", problem, _suggest(spec, operand)))
        return problems
    problem = scalar_problem(spec, value)
    return [((), "R303", problem, _suggest(spec, value))] if problem else []


def _suggest(spec: FactSpec, value: Any) -> str | None:
    if spec.choices and isinstance(value, str):
        return did_you_mean(value.lower(), spec.choices)
    return None


# ASCII digits only: str.isdigit() also takes "²" (which int() refuses) and "١٢" (which it reads).
_HHMM = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


def _minutes(text: str) -> int | None:
    match = _HHMM.fullmatch(text)
    if match is None:
        return None
    return int(match.group(1)) * 60 + int(match.group(2))


def compile_value(spec: FactSpec, value: Any) -> Value:
    """A checked scalar in compiled form: minutes for times, 0-6 for weekdays."""
    if spec.kind == "time":
        minutes = _minutes(value)
        assert minutes is not None
        return minutes
    if spec.kind == "weekday":
        return WEEKDAYS.index(value)
    return value  # type: ignore[no-any-return]


def compile_condition(condition: Mapping[str, Any] | None) -> Expr:
    """Compile a checked condition mapping into the neutral tree."""
    if condition is None:
        return TRUE
    parts: list[Expr] = []
    for key in sorted(condition):
        value = condition[key]
        if key == "all":
            parts.append(_join("all", [compile_condition(item) for item in value]))
        elif key == "any":
            parts.append(_join("any", [compile_condition(item) for item in value]))
        elif key == "not":
            parts.append(("not", compile_condition(value)))
        elif key == PERIOD_KEY:
            parts.append(_compile_periods(value))
        elif key == FIELD_KEY:
            parts.append(_join("all", [_compile_fact(FACTS[FIELD_PREFIX + name], value[name])
                                       for name in sorted(value)]))
        else:
            parts.append(_compile_fact(FACTS[key], value))
    return _join("all", parts)


def _compile_periods(value: Any) -> Expr:
    """``period: NAME``, a list of names (one of), or ``{in: [...], not_in: [...]}``: each
    name is the day fact of its period, true on the days it covers."""
    if isinstance(value, str):
        return ("atom", period_fact(value), "eq", True)
    if isinstance(value, list):
        return _join("any", [("atom", period_fact(name), "eq", True) for name in value])
    parts: list[Expr] = []
    for op in sorted(value):
        names = value[op] if isinstance(value[op], list) else [value[op]]
        if op == "not_in":
            parts.append(_join("all", [("atom", period_fact(name), "ne", True) for name in names]))
        else:
            parts.append(_join("any", [("atom", period_fact(name), "eq", True) for name in names]))
    return _join("all", parts)


def _compile_fact(spec: FactSpec, value: Any) -> Expr:
    if isinstance(value, list):
        return _join("any",
                     [("atom", spec.name, "eq", compile_value(spec, item)) for item in value])
    if not isinstance(value, dict):
        return ("atom", spec.name, "eq", compile_value(spec, value))
    parts: list[Expr] = []
    for op in sorted(value):
        operand = value[op]
        if op == "in":
            parts.append(_join("any", [("atom", spec.name, "eq", compile_value(spec, v))
                                       for v in operand]))
        elif op == "not_in":
            parts.append(_join("all", [("atom", spec.name, "ne", compile_value(spec, v))
                                       for v in operand]))
        elif op == "between":
            low, high = (compile_value(spec, v) for v in operand)
            parts.append(("all", (("atom", spec.name, "ge", low), ("atom", spec.name, "le", high))))
        else:
            parts.append(("atom", spec.name, op, compile_value(spec, operand)))
    return _join("all", parts)


def _join(kind: str, parts: list[Expr]) -> Expr:
    unique = tuple(dict.fromkeys(parts))
    if len(unique) == 1:
        return unique[0]
    return (kind, unique)


def negate(expr: Expr) -> Expr:
    """The negation of ``expr`` with ``not`` pushed down to the atoms (De Morgan).

    Exact because every fact always has a value: ``not (x < 3)`` is ``x >= 3``.
    """
    kind = expr[0]
    if kind == "atom":
        return ("atom", expr[1], NEGATED[expr[2]], expr[3])
    if kind == "all":
        return ("any", tuple(negate(part) for part in expr[1]))
    if kind == "any":
        return ("all", tuple(negate(part) for part in expr[1]))
    if kind == "not":
        return without_not(expr[1])
    return ("any", ())  # not true: an empty disjunction never holds


def without_not(expr: Expr) -> Expr:
    """The same condition with every ``not`` pushed down to the atoms."""
    kind = expr[0]
    if kind in ("all", "any"):
        return (kind, tuple(without_not(part) for part in expr[1]))
    if kind == "not":
        return negate(expr[1])
    return expr


def atom_holds(op: str, left: Value, right: Value) -> bool:
    if op == "eq":
        return left == right
    if op == "ne":
        return left != right
    if op == "lt":
        return left < right  # type: ignore[operator]
    if op == "le":
        return left <= right  # type: ignore[operator]
    if op == "gt":
        return left > right  # type: ignore[operator]
    return left >= right  # type: ignore[operator]


def evaluate(expr: Expr, facts: Mapping[str, Value]) -> bool:
    """Evaluate a compiled condition against compiled fact values."""
    kind = expr[0]
    if kind == "atom":
        return atom_holds(expr[2], facts[expr[1]], expr[3])
    if kind == "all":
        return all(evaluate(part, facts) for part in expr[1])
    if kind == "any":
        return any(evaluate(part, facts) for part in expr[1])
    if kind == "not":
        return not evaluate(expr[1], facts)
    return True


def atoms_of(expr: Expr) -> set[Expr]:
    if expr[0] == "atom":
        return {expr}
    if expr[0] in ("all", "any"):
        found: set[Expr] = set()
        for part in expr[1]:
            found |= atoms_of(part)
        return found
    if expr[0] == "not":
        return atoms_of(expr[1])
    return set()


def alternatives(expr: Expr) -> int:
    """How many conjunctions the condition has once written as a disjunction of them.

    The rule engine builds one path per conjunction, so this measures a rule's cost.
    """
    kind = expr[0]
    if kind == "any":
        return sum(alternatives(part) for part in expr[1])
    if kind == "all":
        total = 1
        for part in expr[1]:
            total *= alternatives(part)
        return total
    if kind == "not":
        return alternatives(negate(expr[1]))
    return 1


def facts_of(expr: Expr) -> set[str]:
    return {atom[1] for atom in atoms_of(expr)}
