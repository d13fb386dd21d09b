"""Evaluation backends: each decides which compiled rules a set of facts fires.

A backend sees only the neutral compiled form (:class:`RuleSet`), so backends agree
by construction on what a rule means; tests check that they agree in practice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from ...language.conditions import Expr, Value

__all__ = ["Backend", "CompiledRule", "RuleSet", "get_backend"]

Facts = Mapping[str, Value]


@dataclass(frozen=True)
class CompiledRule:
    id: str
    scope: str  # "step" or "slot"
    condition: Expr


@dataclass(frozen=True)
class RuleSet:
    """Compiled rules of one resolved profile; ``key`` identifies its content."""

    key: str
    rules: tuple[CompiledRule, ...]


class Backend(Protocol):
    name: str

    def evaluate(self, ruleset: RuleSet, scope: str, facts: Sequence[Facts]) -> list[frozenset[str]]:
        """For each fact set, the ids of the rules of ``scope`` whose condition holds."""
        ...


def get_backend(name: str) -> Backend:
    if name == "durable":
        from .durable import DurableBackend  # its C module is loaded only when chosen

        return DurableBackend()
    if name == "python":
        from .python import PythonBackend

        return PythonBackend()
    raise ValueError(f"unknown backend {name!r}; one of durable, python")
