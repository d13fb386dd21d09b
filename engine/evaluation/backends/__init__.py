"""Evaluation backends: each decides which compiled rules a set of facts fires.

A backend sees only the neutral compiled form (:class:`RuleSet`), so backends agree
by construction on what a rule means; tests check that they agree in practice.

Two exist: ``durable`` (durable-rules, the rule engine this project is built on) and
``python`` (the built-in evaluator, pure Python). The automatic choice is durable-rules
wherever it runs, which is found out once per process by loading its C module and
evaluating a small rule set (its 2.0.28 release builds on Python 3.13 but cannot be
loaded there, and is not installed there at all); elsewhere the built-in evaluator,
whose answers are the same.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from ...caches import held
from ...errors import BackendUnavailable
from ...language.conditions import Expr, Value, compile_condition

__all__ = ["BACKENDS", "Backend", "CompiledRule", "RuleSet", "backend_name", "durable_problem",
           "get_backend"]

Facts = Mapping[str, Value]
BACKENDS = ("durable", "python")


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

    def evaluate(self, ruleset: RuleSet, scope: str,
                 facts: Sequence[Facts]) -> list[frozenset[str]]:
        """For each fact set, the ids of the rules of ``scope`` whose condition holds."""
        ...


def get_backend(name: str) -> Backend:
    """The backend called ``name``; :class:`BackendUnavailable` if it cannot run here."""
    if name == "durable":
        problem = durable_problem()
        if problem is not None:
            raise BackendUnavailable(f"durable-rules cannot run here: {problem}; the built-in "
                                     "evaluator (backend 'python') gives the same plans")
        from .durable import DurableBackend  # its C module is loaded only when chosen

        return DurableBackend()
    if name == "python":
        from .python import PythonBackend

        return PythonBackend()
    raise ValueError(f"unknown backend {name!r}; one of {', '.join(BACKENDS)}")


def backend_name() -> str:
    """The backend used when none is asked for: ``durable`` where it runs, else ``python``."""
    return "durable" if durable_problem() is None else "python"


# A probe every backend must answer like the built-in evaluator: each operator, all,
# any and not, and a rule of the other scope that must not be reported.
_PROBE = RuleSet("probe", (
    CompiledRule("calls", "slot", compile_condition({"channel": "call"})),
    CompiledRule("later", "slot",
                 compile_condition({"days_after": {"ge": 2},
                                    "weekday": {"not_in": ["mon", "fri"]}})),
    CompiledRule("either", "slot",
                 compile_condition({"any": [{"time": {"lt": "09:00"}}, {"business_day": False}]})),
    CompiledRule("quiet", "slot",
                 compile_condition({"not": {"any": [{"channel": "call"},
                                                    {"time": {"gt": "17:00"}}]}})),
    CompiledRule("never", "slot",
                 compile_condition({"all": [{"days_after": {"gt": 3}},
                                            {"days_after": {"le": 3}}]})),
    CompiledRule("step-only", "step", compile_condition({"channel": "call"})),
))
_PROBE_FACTS: tuple[dict[str, Value], ...] = (
    {"channel": "call", "days_after": 3, "weekday": 2, "time": 600, "business_day": True},
    {"channel": "email", "days_after": 1, "weekday": 0, "time": 480, "business_day": True},
    {"channel": "call", "days_after": 9, "weekday": 4, "time": 900, "business_day": False},
)

_probe_lock = threading.Lock()
_probed: list[str | None] = []


def _forget_probe() -> None:
    with _probe_lock:
        _probed.clear()


held("evaluation.backends.probed", _probed.__len__, _forget_probe)


def durable_problem() -> str | None:
    """Why durable-rules cannot evaluate in this process, or None when it can.

    Found out on the first call (loading its C module and evaluating :data:`_PROBE`
    against the built-in evaluator) and remembered: the answer cannot change while
    the process runs, and a backend never changes under a running program.
    """
    with _probe_lock:
        if not _probed:
            _probed.append(_probe_durable())
        return _probed[0]


def _probe_durable() -> str | None:
    version = ".".join(map(str, sys.version_info[:3]))
    try:
        from .durable import DurableBackend
    except ModuleNotFoundError as error:
        if error.name != "durable_rules_engine":
            raise
        return f"it is not installed for Python {version}"
    except ImportError as error:  # built, but against an API this Python no longer has
        return f"its C module does not load on Python {version} ({error})"
    from .python import PythonBackend

    try:
        got = DurableBackend().evaluate(_PROBE, "slot", _PROBE_FACTS)
    except Exception as error:  # whatever a broken build raises: the answer is "cannot run"
        return f"it fails on a test rule set on Python {version} ({type(error).__name__}: {error})"
    expected = PythonBackend().evaluate(_PROBE, "slot", _PROBE_FACTS)
    if got != expected:
        return f"it answers a test rule set wrongly on Python {version}"
    return None
