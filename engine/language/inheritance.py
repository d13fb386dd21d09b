"""Inheritance: a chain of profile files (nearest first) merged into one resolved :class:`Profile`.

A child states only what it changes: settings merge key by key, sources by key, rules
and drafts (:mod:`.drafts`) by id (a rule with a parent's id replaces it; ``remove: true`` drops it), and
invariants cannot be replaced or removed. The merge reveals its own problems (unknown
sources, removals of nothing, too many rules for the rule engine, settings that
contradict each other, rules that can never fire).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import Diagnostic, Suggestions
from ..vocabulary import SETTINGS_DEFAULTS
from .analysis import never_fires
from .checks import MAX_RULES_PER_SCOPE, rule_index, settings_checks, unknown_sources
from .conditions import compile_condition
from .drafts import merge_drafts
from .model import Profile, ProfileFile, Rule, Settings, Source

__all__ = ["resolve_chain"]


def resolve_chain(chain: Sequence[ProfileFile]) -> tuple[Profile, list[Diagnostic]]:
    """Merge a chain (nearest first) into a profile, checking what the merge reveals."""
    problems: list[Diagnostic] = []
    suggest = Suggestions()
    settings: dict[str, Any] = dict(SETTINGS_DEFAULTS)
    sources: dict[str, Source] = {}
    rules: dict[str, Rule] = {}
    for depth, layer in reversed(list(enumerate(chain))):
        settings.update(layer.data.get("settings", {}))
        for key, raw in layer.data.get("sources", {}).items():
            sources[key] = Source(key, raw["title"], raw.get("url"), raw.get("note"))
        for decl in layer.rules:
            earlier = rules.get(decl.id)
            if earlier is not None and earlier.invariant:
                verb = "remove" if decl.removes else "override"
                problems.append(layer.diagnostic(
                    ("rules", decl.index, "id"), "R305",
                    f"cannot {verb} invariant rule {decl.id!r} of profile {earlier.profile!r}"))
                continue
            if decl.removes:
                if earlier is None:
                    problems.append(layer.diagnostic(
                        ("rules", decl.index, "id"), "R308",
                        f"removes rule {decl.id!r}, which no parent defines",
                        suggestion=suggest(decl.id, rules)))
                else:
                    del rules[decl.id]
                continue
            raw = decl.raw
            effect, value = next(iter(raw["then"].items()))
            cited = raw["source"] if isinstance(raw["source"], list) else [raw["source"]]
            problems += unknown_sources(layer.document, decl.index, raw, sources, suggest)
            line = layer.document.where(("rules", decl.index))[0]
            rules[decl.id] = Rule(
                id=decl.id, profile=layer.id, effect=effect, value=value, why=str(raw["why"]),
                sources=tuple(cited), condition=compile_condition(raw.get("when")), when=raw.get("when"),
                invariant=bool(raw.get("invariant", False)), priority=int(raw.get("priority", 0)),
                depth=depth, file=layer.file, line=line,
                whys=tuple(sorted((str(language), str(text["why"]))
                                  for language, text in (raw.get("translations") or {}).items())),
            )
    head = chain[0]
    drafts, draft_problems = merge_drafts(chain, sources)
    problems += draft_problems
    problems += settings_checks(head, chain, settings)
    for scope in ("step", "slot"):
        count = sum(1 for rule in rules.values() if rule.scope == scope)
        if count > MAX_RULES_PER_SCOPE:
            problems.append(head.diagnostic(
                ("rules",) if "rules" in head.data else ("id",), "R312",
                f"{count} {scope} rules with its ancestors' (at most {MAX_RULES_PER_SCOPE}: the rule engine fires "
                "at most that many for one fact)"))
    resolved_settings = Settings.from_mapping(settings)
    if not problems:
        for rule in rules.values():
            # An invariant guards descendants, whose settings may reach slots its own profile lacks.
            if rule.depth == 0 and not rule.invariant and never_fires(rule.condition, resolved_settings):
                problems.append(head.diagnostic(
                    ("rules", rule_index(head, rule.id), "when"), "R306",
                    f"rule {rule.id!r} can never fire: its condition cannot hold within this profile's slots"))
    ordered = tuple(sorted(rules.values(), key=lambda r: (r.depth, r.id)))
    profile = Profile(
        id=head.id,
        name=str(head.data["name"]),
        version=int(head.data.get("version", 1)),
        evidence=str(head.data.get("evidence", next((p.data["evidence"] for p in chain if "evidence" in p.data), "thin"))),
        description=" ".join(str(head.data.get("description", "")).split()),
        chain=tuple(layer.id for layer in chain),
        settings=resolved_settings,
        rules=ordered,
        sources=sources,
        examples=tuple(head.data.get("examples", [])),
        file=head.file,
        origin=head.origin,
        drafts=drafts,
    )
    return profile, problems
