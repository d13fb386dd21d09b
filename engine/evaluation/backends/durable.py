"""The durable-rules backend.

Each compiled rule set becomes one durable-rules ruleset (its JSON form), registered
once per process under a name derived from its content. The adapter talks to the
engine's C module directly and synchronously, designed around its known traps:

* Facts, not events: a posted event is consumed by the first matching rule only,
  while an asserted fact lets every matching rule fire. Each fact is asserted, its
  actions are drained, and it is retracted again. At most 64 rules fire for one fact
  (more makes the engine fail with code 303), which the profile checks enforce.
* A fact that matches no rule is reported as "not handled", and a session that saw
  one can crash the engine when it is deleted; a catch-all rule that every fact
  matches (and whose firings are not reported) keeps that state from arising.
* A ruleset name can be registered only once per process, so rulesets are keyed by
  a digest of their content and reused; a changed profile gets a new name. Each
  registered ruleset holds memory that is never fully returned, so at most
  ``MAX_RULESETS`` stay registered: the least recently used one is deleted (under its
  lock, so no call is using it) when a service keeps loading new profile versions.
* A session keeps its facts in a table keyed by a 32-bit FNV-1a hash of each fact's
  id, and compares only those keys: a fact whose key is taken is refused ("observed",
  code 2) and fires nothing. Without an id, the engine makes one from the fact's
  content (the first 20 characters of a 64-bit hash), so two *different* facts of one
  batch could share a key, about once in 2^32 pairs. Each fact therefore carries an
  id of ours, a fresh serial number whose key no other fact of the batch (nor the
  session's own state fact) has; facts are retracted in a ``finally`` block so a
  failed evaluation cannot poison the next one.
* Per-session state is limited, so one fixed session id is used, and the engine is
  entered by one thread at a time per ruleset (concurrent posts are unreliable).
  Fired rules are collected in local variables of the call, never in shared state.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import durable_rules_engine as _engine

from ...caches import bound, held
from ...errors import RuleEngineError
from ...language.conditions import Expr, without_not
from . import Facts, RuleSet

__all__ = ["DurableBackend", "to_durable"]

_SID = "0"
_ID = "id"
_SCOPE = "scope_"
_SERIAL = "serial_"
SEEN = "SEEN"  # the catch-all rule; profile rule ids are lower-case slugs, never this
_SEEN_ACTION = '{"SEEN":'  # how an action message of the catch-all begins
_OPS = {"ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}

MAX_RULESETS = bound("evaluation.backends.durable.rulesets")


class _Registered:
    """A ruleset registered with the engine; ``alive`` turns False once it is deleted."""

    def __init__(self, handle: int) -> None:
        self.handle = handle
        self.lock = threading.Lock()
        self.alive = True


_registry: OrderedDict[str, _Registered] = OrderedDict()
_registry_lock = threading.Lock()
_serials = itertools.count(1)
_names = itertools.count(1)


def _expression(expr: Expr) -> dict[str, Any]:
    kind = expr[0]
    if kind == "atom":
        _, fact, op, value = expr
        return {fact: value} if op == "eq" else {_OPS[op]: {fact: value}}
    if kind == "all":
        return {"$and": [_expression(part) for part in expr[1]]} if expr[1] else {"$and": []}
    if kind == "any":
        if not expr[1]:
            return {_SCOPE: "never"}
        return {"$or": [_expression(part) for part in expr[1]]}
    raise ValueError(f"unexpected node {kind!r}")  # ``not`` is pushed down before this


def to_durable(ruleset: RuleSet) -> dict[str, Any]:
    """The durable-rules JSON ruleset for a compiled rule set."""
    definition: dict[str, Any] = {}
    for rule in ruleset.rules:
        tests: list[dict[str, Any]] = [{_SCOPE: rule.scope}]
        condition = without_not(rule.condition)
        if condition[0] != "true":
            tests.append(_expression(condition))
        definition[rule.id] = {"all": [{"m": {"$and": tests}}]}
    # Every fact matches this one, so no fact is ever "not handled" (a state after which
    # deleting the session crashes the engine); its firings are not reported.
    definition[SEEN] = {"all": [{"m": {"$gte": {_SERIAL: 0}}}]}
    return definition


def _key(fact_id: str) -> int:
    """The key durable-rules files a fact under: the 32-bit FNV-1a hash of its id."""
    key = 0x811C9DC5
    for byte in fact_id.encode():
        key = ((key ^ byte) * 0x01000193) & 0xFFFFFFFF
    return key


_STATE_KEY = _key(f"sid-{_SID}")  # the session's state fact, which the engine adds itself


def _fresh_serials(count: int) -> list[int]:
    """Serial numbers for a batch of facts, each filed under a key of its own."""
    serials: list[int] = []
    taken = {_STATE_KEY}
    while len(serials) < count:
        serial = next(_serials)
        key = _key(str(serial))
        if key not in taken:
            taken.add(key)
            serials.append(serial)
    return serials


def _registered(ruleset: RuleSet) -> _Registered:
    with _registry_lock:
        entry = _registry.get(ruleset.key)
        if entry is not None:
            _registry.move_to_end(ruleset.key)
            return entry
        # A fresh name every time: a deleted ruleset's name cannot be registered again.
        name = f"followup-{ruleset.key}-{next(_names)}"
        try:
            entry = _Registered(_engine.create_ruleset(name, json.dumps(to_durable(ruleset))))
        except _engine.error as error:
            raise RuleEngineError(
                f"durable-rules cannot build the rules of this profile: {error}") from None
        _registry[ruleset.key] = entry
        while len(_registry) > MAX_RULESETS:
            _delete(_registry.popitem(last=False)[1])
        return entry


def _delete(old: _Registered) -> None:
    """Delete a ruleset taken out of the registry, once no call is inside it (a call that finds
    it deleted registers its rule set again)."""
    with old.lock:
        old.alive = False
        _drain(old.handle)  # an interrupted call may have left actions; deleting them would crash
        _engine.delete_state(old.handle, _SID)  # without this, most of its memory stays
        _engine.delete_ruleset(old.handle)


def _forget_rulesets() -> None:
    with _registry_lock:
        while _registry:
            _delete(_registry.popitem(last=False)[1])


held("evaluation.backends.durable.rulesets", _registry.__len__, _forget_rulesets)


def _drain(handle: int) -> None:
    """Complete every action still pending in a ruleset."""
    for _ in range(100_000):
        result = _engine.start_action(handle)
        if not result:
            return
        message: str | None = result[1]
        while message:
            message = _engine.complete_and_start_action(handle, result[2])


def registered_rulesets() -> int:
    """How many rulesets are registered now (bounded by ``MAX_RULESETS``)."""
    return len(_registry)


class DurableBackend:
    name = "durable"

    def evaluate(self, ruleset: RuleSet, scope: str,
                 facts: Sequence[Facts]) -> list[frozenset[str]]:
        if not facts or not ruleset.rules:
            return [frozenset() for _ in facts]
        serials = _fresh_serials(len(facts))
        messages = [{**one, "sid": _SID, _ID: str(serial), _SCOPE: scope, _SERIAL: serial}
                    for one, serial in zip(facts, serials, strict=True)]
        fired: dict[int, set[str]] = {serial: set() for serial in serials}
        payload = json.dumps(messages)
        while True:
            entry = _registered(ruleset)
            with entry.lock:
                if entry.alive:  # else it was evicted in between: register it again
                    self._run(entry.handle, payload, fired)
                    break
        return [frozenset(fired[serial]) for serial in serials]

    @staticmethod
    def _run(handle: int, payload: str, fired: dict[int, set[str]]) -> None:
        """Assert the facts, drain the actions into ``fired``, retract the facts."""
        try:
            code, state = _engine.assert_facts(handle, payload)
            if code == 2:
                # A fact left asserted by an interrupted call holds one of the keys: settle
                # what was fired, take the batch back (which frees that key too) and retry.
                _drain(handle)
                _engine.retract_facts(handle, payload)
                code, state = _engine.assert_facts(handle, payload)
            if code not in (0, 1):
                raise RuleEngineError(f"durable-rules refused the facts (code {code})")
            result = _engine.start_action_for_state(handle, state)
            message = result[1] if result else None
            while message:
                # An action is one rule's (durable-rules' own host reads the first key alone); the
                # catch-all's, one per fact, is not counted, so it is not decoded either.
                if not message.startswith(_SEEN_ACTION):
                    for rule_id, matched in json.loads(message).items():
                        # Actions of a fact left behind by an
                        # interrupted call are drained, not counted.
                        bucket = fired.get(matched["m"].get(_SERIAL))
                        if bucket is not None and rule_id != SEEN:
                            bucket.add(rule_id)
                message = _engine.complete_and_start_action(handle, state)
        except _engine.error as error:
            raise RuleEngineError(
                f"durable-rules failed on this profile's rules: {error}") from None
        finally:
            # not asserted after all; later facts carry other serials
            with contextlib.suppress(_engine.error):
                _engine.retract_facts(handle, payload)
