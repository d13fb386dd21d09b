"""A profile's embedded examples run through the planner, and the rule coverage they give."""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..api import advise_any_profile
from ..errors import FollowupError
from ..language.analysis import never_fires
from ..language.catalog import Catalog
from ..language.examples import example_situation
from ..plan import Plan
from ..situation_fields import SITUATION_FIELDS

__all__ = ["ExampleResult", "command_for", "coverage", "run_examples"]


@dataclass
class ExampleResult:
    profile: str
    index: int
    name: str
    file: str
    line: int
    failures: list[str] = field(default_factory=list)
    exercised: set[str] = field(default_factory=set)
    command: str = ""

    @property
    def passed(self) -> bool:
        return not self.failures


# The situation fields with an option of one value each (``--contact`` is one per contact).
_WITH_OPTIONS = {name for name, field in SITUATION_FIELDS.items() if field.option is not None
                 and field.kind != "contacts"}


def command_for(situation: Mapping[str, Any], now: str | None, dirs: Sequence[str] = ()) -> str:
    """A shell command that reproduces a plan with ``followup advise``."""
    extra = [arg for directory in dirs for arg in ("--profiles", directory)]
    tail = (["--now", now] if now else []) + extra + ["--format", "json"]
    if set(situation) <= _WITH_OPTIONS:  # each has its option
        args = ["followup", "advise"]
        for key, value in situation.items():
            flag = SITUATION_FIELDS[key].flag
            if value is True:
                args.append(flag)
            elif value not in (False, None):
                args += [flag, str(value)]
        return shlex.join(args + tail)
    payload = json.dumps(dict(situation), sort_keys=True)
    return f"echo {shlex.quote(payload)} | " + shlex.join(
        ["followup", "advise", "--input", "-", *tail])


def _date(text: str) -> str:
    return text[:10]


def compare(plan: Plan, expect: Mapping[str, Any], renamed: Mapping[str, str]
            | None = None) -> list[str]:
    """How a plan differs from an example's expectations (empty when it matches); ``renamed``
    maps former ids of renamed rules and drafts to their ids, so that an old id still matches."""
    renamed = renamed or {}
    failures: list[str] = []
    data = plan.to_dict()
    if "verdict" in expect and data["now"]["verdict"] != expect["verdict"]:
        failures.append(f"verdict: expected {expect['verdict']}, got {data['now']['verdict']}")
    steps = data["steps"]
    for index, wanted in enumerate(expect.get("steps", [])):
        if "purpose" in wanted:
            match = [step for step in steps if step["purpose"] == wanted["purpose"]]
            if not match:
                failures.append(f"no step with purpose {wanted['purpose']}")
                continue
            step = match[0]
        elif index < len(steps):
            step = steps[index]
        else:
            failures.append(f"expected a step #{index + 1}, the plan has {len(steps)}")
            continue
        label = step["purpose"]
        if "action" in wanted and step["action"] != wanted["action"]:
            failures.append(f"{label}: action expected {wanted['action']}, got {step['action']}")
        window = step["window"]
        best = step["best"]
        checks = {
            "best_date": _date(best[0]["start"]) if best else None,
            "earliest_date": _date(window["earliest"]) if window else None,
            "latest_date": _date(window["latest"]) if window else None,
        }
        for key, actual in checks.items():
            if key in wanted and actual != wanted[key]:
                failures.append(f"{label}: {key} expected {wanted[key]}, got {actual}")
        present = {reason["rule"] for reason in step["reasons"]}
        missing = [rule for rule in wanted.get("reasons", [])
                   if renamed.get(rule, rule) not in present]
        if missing:
            failures.append(f"{label}: reasons lack {', '.join(missing)}")
        failures += _draft_failures(label, step,
                                    {key: renamed.get(value, value) if isinstance(value, str)
                                     and key in ("draft", "alternative")
                                                  else value for key, value in wanted.items()})
    return failures


def _draft_failures(label: str, step: Mapping[str, Any], wanted: Mapping[str, Any]) -> list[str]:
    """How a step's drafts differ from an example's
    ``draft``, ``alternative`` and ``draft_contains``."""
    failures: list[str] = []
    for key in ("draft", "alternative"):
        actual = (step.get(key) or {}).get("id")
        if key in wanted and actual != wanted[key]:
            failures.append(f"{label}: {key} expected {wanted[key]}, got {actual}")
    texts = [str(value) for draft in (step.get("draft"), step.get("alternative")) if draft
             for value in draft.values() if isinstance(value, str)]
    for text in wanted.get("draft_contains", []):
        if not any(text in part for part in texts):
            failures.append(f"{label}: no draft contains {text!r}")
    return failures


def run_examples(catalog: Catalog, profile_id: str, dirs: Sequence[str] = (), *,
                 backend: str | None = None) -> list[ExampleResult]:
    profile = catalog.resolve(profile_id)
    source = catalog.file_of(profile_id)
    results: list[ExampleResult] = []
    for index, example in enumerate(profile.examples):
        line = source.document.where(("examples", index))[0] if source else 0
        result = ExampleResult(profile_id, index, str(example.get("name", f"example {index + 1}")),
                               profile.file, line)
        situation = example_situation(profile_id, example, source.data if source else None)
        # Without its own `now`, an example is planned as of the interview's start.
        now = example.get("now") or situation.get("interview")
        result.command = command_for(situation, now, dirs)
        try:
            plan = advise_any_profile(situation, now=now, profiles=catalog, backend=backend)
        except FollowupError as error:
            result.failures.append(f"cannot plan: {error}")
            results.append(result)
            continue
        result.exercised = {reason.rule.id for step in plan.steps for reason in step.reasons}
        result.failures = compare(plan, example.get("expect") or {}, profile.renamed)
        results.append(result)
    return results


def coverage(catalog: Catalog, results: Iterable[ExampleResult],
             profile_ids: Iterable[str]) -> dict[str, tuple[set[str], set[str]]]:
    """Per profile: the rules it defines, and those the examples exercised."""
    exercised: set[tuple[str, str]] = set()
    for result in results:
        profile = catalog.resolve(result.profile)
        owners = {rule.id: rule.profile for rule in profile.rules}
        exercised |= {(owners[rule_id], rule_id) for rule_id in result.exercised
                      if rule_id in owners}
    report: dict[str, tuple[set[str], set[str]]] = {}
    for profile_id in profile_ids:
        source = catalog.file_of(profile_id)
        if source is None:
            continue
        # A guard of core's that cannot fire within the profile's own slots has nothing to show.
        resolved = catalog.resolve(profile_id)
        guards = {rule.id for rule in resolved.rules
                  if rule.invariant and rule.depth == 0 and never_fires(rule.condition,
                                                                        resolved.settings)}
        # A rule written under a renamed rule's former id is that rule (R316).
        own = {resolved.renamed.get(decl.id, decl.id) for decl in source.rules
               if not decl.removes} - guards
        report[profile_id] = (
            own, {rule for owner, rule in exercised if owner == profile_id and rule in own})
    return report
