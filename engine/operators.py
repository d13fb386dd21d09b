"""The kinds of a fact's values, and the operators a condition may compare each kind with."""

from __future__ import annotations

from typing import Literal

__all__ = ["OPERATORS", "Kind", "Scope", "operators_for"]

Kind = Literal["int", "bool", "weekday", "time", "enum"]
Scope = Literal["step", "slot"]
# Every operator a condition can use, and what it means.
OPERATORS: dict[str, str] = {
    "eq": "equal to the value",
    "ne": "not equal to the value",
    "lt": "less than the value",
    "le": "less than or equal to the value",
    "gt": "greater than the value",
    "ge": "greater than or equal to the value",
    "in": "one of the listed values",
    "not_in": "none of the listed values",
    "between": "within the two values [low, high], both included",
}
_ORDERED = ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "between")
_UNORDERED = ("eq", "ne", "in", "not_in")


def operators_for(kind: Kind) -> tuple[str, ...]:
    """Operators that make sense for a fact of this kind."""
    if kind in ("int", "time", "weekday"):
        return _ORDERED
    if kind == "bool":
        return ("eq", "ne")
    return _UNORDERED
