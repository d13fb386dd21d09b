"""A plan as JSON-ready data: the shape ``schemas/plan.schema.json`` describes.

Deterministic in key order and content; messages are worded by
:mod:`engine.report.wording`.
"""

from __future__ import annotations

from typing import Any

from ..caches import bound, held
from ..language.model import Rule
from ..plan import Plan, Reason, Step, TimeRange, Verdict, iso, number
from ..vocabulary import exact
from .drafts import draft_dict, has_language
from .i18n import speaking
from .text import spoken_reason, why_text
from .variants import language_of
from .wording import worded

__all__ = ["plan_dict"]


# A rule's part of a reason, by the rule's id(); the rule is kept beside it, so its id
# cannot be reused while the entry is there.
_RULE_FIELDS: dict[int, tuple[Rule, dict[str, Any]]] = {}
_RULE_FIELDS_LIMIT = bound("report.json.rule_fields")
held("report.json.rule_fields", _RULE_FIELDS.__len__, _RULE_FIELDS.clear)


def _rule_fields(rule: Rule) -> dict[str, Any]:
    found = _RULE_FIELDS.get(id(rule))
    if found is None or found[0] is not rule:
        if len(_RULE_FIELDS) > _RULE_FIELDS_LIMIT:
            _RULE_FIELDS.clear()
        found = _RULE_FIELDS[id(rule)] = (rule, {
            "rule": rule.id,
            "profile": rule.profile,
            "effect": rule.effect_text(),
            "direction": rule.direction,
            "weight": exact(rule.value) if rule.effect == "prefer" else None,
            "why": rule.why,
        })
    return found[1]


def _reason(reason: Reason) -> dict[str, Any]:
    # New dictionaries: the rule's fields and the sources are shared between plans.
    return {**_rule_fields(reason.rule), "sources": [dict(source) for source in reason.sources]}


def _range(item: TimeRange) -> dict[str, Any]:
    return {"start": iso(item.start), "end": iso(item.end), "score": number(item.score)}


def _step(plan: Plan, step: Step, year: int, translated: bool) -> dict[str, Any]:
    window = step.window
    data: dict[str, Any] = {
        "purpose": step.purpose,
        "action": step.action,
        "window": {"earliest": iso(window[0]), "latest": iso(window[1])} if window else None,
        "best": [_range(item) for item in step.best],
        # In the plan's language, a reason's why as the
        # text says it (English, marked, where not given).
        "reasons": [{**_reason(reason), "why": why_text(reason.rule)} if translated
                    else _reason(reason)
                    for reason in step.reasons],
    }
    if step.note:
        data["note"] = worded(step.note, year)
    if step.done is not None:
        data["done"] = {"at": iso(step.done.at.astimezone(plan.situation.zone)),
                        "channel": step.done.channel}
    data["draft"] = draft_dict(plan, step.draft, step) if step.draft else None
    # a letter is offered only in the plan's language
    if step.alternative and has_language(plan, step.alternative):
        data["alternative"] = draft_dict(plan, step.alternative, step)
    return data


def _verdict(verdict: Verdict, year: int, translated: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"at": iso(verdict.at), "verdict": verdict.verdict}
    if verdict.purpose:
        data["purpose"] = verdict.purpose
    if verdict.until:
        data["until"] = iso(verdict.until)
    # A rule's reason in another language than English
    # says what it means, as the text's verdict line does.
    data["reason"] = worded(spoken_reason(verdict) if translated else verdict.reason, year)
    data["favoured_by"] = list(verdict.favoured_by)
    data["against"] = list(verdict.against)
    return data


def plan_dict(plan: Plan, *, translated: bool = False) -> dict[str, Any]:
    """The plan as a dictionary of JSON values: its sentences for people (``why``, ``note``,
    ``reason``, ``notes``) in English for programs, or in the plan's language when ``translated`` (a
    reason its profile does not give in that language in English, marked so, as the text does)."""
    if translated:
        with speaking(language_of(plan.situation)):
            return _plan_dict(plan, translated=True)
    return _plan_dict(plan, translated=False)


def _plan_dict(plan: Plan, *, translated: bool) -> dict[str, Any]:
    profile, year = plan.profile, plan.situation.interview.year
    head = {} if plan.situation.ref is None else {"ref": plan.situation.ref}
    return head | {
        "profile": {
            "id": profile.id,
            "name": profile.name,
            "version": profile.version,
            "evidence": profile.evidence,
            "chain": list(profile.chain),
        },
        "situation": plan.situation.to_dict(),
        "timezone": plan.situation.zone_name,
        "steps": [_step(plan, step, year, translated) for step in plan.steps],
        "move_on_after": iso(plan.move_on_after),
        "now": _verdict(plan.verdict, year, translated),
        "notes": [worded(note, year) for note in plan.notes],
    }
