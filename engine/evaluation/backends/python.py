"""A plain-Python backend: evaluates the compiled conditions directly.

It is the reference the durable-rules backend is checked against, and the backend
for Python versions that durable-rules does not support.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...language.conditions import evaluate
from . import Facts, RuleSet

__all__ = ["PythonBackend"]


class PythonBackend:
    name = "python"

    def evaluate(self, ruleset: RuleSet, scope: str,
                 facts: Sequence[Facts]) -> list[frozenset[str]]:
        rules = [rule for rule in ruleset.rules if rule.scope == scope]
        return [frozenset(rule.id for rule in rules
                          if evaluate(rule.condition, one)) for one in facts]
