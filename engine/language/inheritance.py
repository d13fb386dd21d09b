"""Inheritance: a chain of profile files (nearest first) merged into one resolved :class:`Profile`.

A child states only what it changes: settings merge key by key, sources by key, rules and drafts
(:mod:`.drafts`) by id (a rule with a parent's id replaces it; ``remove: true`` drops it), and
invariants cannot be replaced or removed. The merge reveals its own problems (unknown sources,
removals of nothing, too many rules for the rule engine, settings that contradict each other, rules
that can never fire).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import Diagnostic, Suggestions
from ..vocabulary import CHANNELS, SETTINGS_DEFAULTS
from .analysis import never_fires, off_grid_times
from .checks import MAX_RULES_PER_SCOPE, rule_index, settings_checks, unknown_sources
from .conditions import Expr, check_condition_value, compile_condition
from .drafts import merge_drafts
from .fields import FieldDecl, field_uses, parse_fields
from .model import Profile, ProfileFile, Rule, Settings, Source, current_id, hhmm
from .periods import Period, parse_periods, period_uses

__all__ = ["resolve_chain"]


def resolve_chain(chain: Sequence[ProfileFile]) -> tuple[Profile, list[Diagnostic]]:
    """Merge a chain (nearest first) into a profile, checking what the merge reveals."""
    problems: list[Diagnostic] = []
    suggest = Suggestions()
    settings: dict[str, Any] = dict(SETTINGS_DEFAULTS)
    sources: dict[str, Source] = {}
    rules: dict[str, Rule] = {}
    periods: dict[str, Period] = {}
    fields: dict[str, FieldDecl] = {}
    renamed: dict[str, str] = {}
    for depth, layer in reversed(list(enumerate(chain))):
        prefix = f"{layer.country.partition('-')[0].lower()}-" if layer.country else None
        settings.update(layer.data.get("settings", {}))
        periods.update(parse_periods(layer.data, layer.id))
        fields.update(parse_fields(layer.data, layer.id))
        for key, raw in layer.data.get("sources", {}).items():
            sources[key] = Source(key, raw["title"], raw.get("url"), raw.get("note"))
        for decl in layer.rules:
            rule_id = current_id(layer, ("rules", decl.index, "id"), "rule", decl.id, rules,
                                 renamed, problems)
            renamed.update(dict.fromkeys(decl.replaces, rule_id))
            earlier = rules.get(rule_id)
            if earlier is not None and earlier.invariant:
                verb = "remove" if decl.removes else "override"
                problems.append(layer.diagnostic(
                    ("rules", decl.index, "id"), "R305",
                    f"cannot {verb} invariant rule {rule_id!r} of profile {earlier.profile!r}"))
                continue
            if (prefix is not None and earlier is None and not decl.removes
                    and not decl.id.startswith(prefix)):
                problems.append(layer.diagnostic(
                    ("rules", decl.index, "id"), "R317",
                    f"a country overlay's own rule ids start with {prefix!r} (so that they never "
                    "collide with "
                    f"an industry's): {decl.id!r} overrides no rule of the profiles it extends"))
                continue
            if decl.removes:
                if earlier is None:
                    problems.append(layer.diagnostic(
                        ("rules", decl.index, "id"), "R308",
                        f"removes rule {decl.id!r}, which no parent defines",
                        suggestion=suggest(decl.id, rules)))
                else:
                    del rules[rule_id]
                continue
            raw = decl.raw
            effect, value = next(iter(raw["then"].items()))
            cited = raw["source"] if isinstance(raw["source"], list) else [raw["source"]]
            problems += unknown_sources(layer.document, decl.index, raw, sources, suggest)
            line = layer.document.where(("rules", decl.index))[0]
            rules[rule_id] = Rule(
                id=rule_id, profile=layer.id, effect=effect, value=value, why=str(raw["why"]),
                sources=tuple(cited), condition=compile_condition(raw.get("when")),
                when=raw.get("when"),
                invariant=bool(raw.get("invariant", False)), priority=int(raw.get("priority", 0)),
                depth=depth, file=layer.file, line=line,
                whys=tuple(sorted((str(language), str(text["why"]))
                                  for language, text in (raw.get("translations") or {}).items())),
            )
    head = chain[0]
    problems += _unknown_periods(head, periods, suggest)
    problems += _field_tests(head, fields, suggest)
    drafts, draft_problems, renamed_drafts = merge_drafts(chain, sources)
    problems += draft_problems
    problems += settings_checks(head, chain, settings)
    if not problems:
        rules.update(_channel_hours_rules(chain, Settings.from_mapping(settings), rules))
    for scope in ("step", "slot"):
        count = sum(1 for rule in rules.values() if rule.scope == scope)
        if count > MAX_RULES_PER_SCOPE:
            problems.append(head.diagnostic(
                ("rules",) if "rules" in head.data else ("id",), "R312",
                f"{count} {scope} rules with its ancestors' (at most {MAX_RULES_PER_SCOPE}: the "
                "rule engine fires at most that many for one fact)"))
    resolved_settings = Settings.from_mapping(settings)
    if not problems:
        for rule in rules.values():
            # An invariant guards descendants, whose settings may reach slots its own profile lacks.
            if rule.depth == 0 and not rule.invariant and never_fires(
                    rule.condition, resolved_settings):
                problems.append(head.diagnostic(
                    ("rules", rule_index(head, rule.id), "when"), "R306",
                    f"rule {rule.id!r} can never fire: its condition cannot hold within this "
                    "profile's slots"
                    + _grid_hint(rule.condition, resolved_settings)))
    ordered = tuple(sorted(rules.values(), key=lambda r: (r.depth, r.id)))
    profile = Profile(
        id=head.id,
        name=str(head.data["name"]),
        version=int(head.data.get("version", 1)),
        evidence=str(head.data.get("evidence",
                                   next((p.data["evidence"] for p in chain if "evidence" in p.data),
                                        "thin"))),
        description=" ".join(str(head.data.get("description", "")).split()),
        chain=tuple(layer.id for layer in chain),
        settings=resolved_settings,
        rules=ordered,
        sources=sources,
        examples=tuple(head.data.get("examples", [])),
        file=head.file,
        origin=head.origin,
        drafts=drafts,
        periods=tuple(periods[name] for name in sorted(periods)),
        fields=tuple(fields[name] for name in sorted(fields)),
        renamed={**renamed, **renamed_drafts},
        names=tuple(sorted((str(tag), str(said["name"]))
                           for tag, said in (head.data.get("translations") or {}).items())),
    )
    return profile, problems


def _grid_hint(condition: Expr, settings: Settings) -> str:
    """Why a time a rule tests never occurs: slots start on a grid."""
    off = off_grid_times(condition, settings)
    if not off:
        return ""
    first, step = hhmm(settings.grid_start), settings.slot_minutes
    shown = " or ".join(f'"{hhmm(value)}"' for value in off)
    return (f" (slots start at {first} and every {step} minutes after it, so no slot starts or "
            f"ends at {shown}; "
            f"test a range such as {{ge: ..., lt: ...}}, or change slot_minutes)")


def _channel_hours_rules(chain: Sequence[ProfileFile], settings: Settings,
                         rules: dict[str, Rule]) -> dict[str, Rule]:
    """A forbid rule per channel whose hours are narrower than the day's slots.

    With ``business_hours_by_channel``, a day's slots span every channel's hours; each
    channel is kept to its own (the others to ``business_hours``) by a rule of the profile
    that set them, so that the plan's reasons name it like any other. A rule of the same
    id written in a profile replaces it.
    """
    if not settings.channel_hours:
        return {}
    depth, layer = next((depth, layer) for depth, layer in enumerate(chain)
                        if "business_hours_by_channel" in layer.data.get("settings", {}))
    found: dict[str, Rule] = {}
    for channel in CHANNELS:
        start, end = settings.hours_of(channel)
        rule_id = f"business-hours-{channel}"
        if (start, end) == (settings.grid_start, settings.grid_end) or rule_id in rules:
            continue
        outside: list[dict[str, Any]] = []
        if start > settings.grid_start:
            outside.append({"time": {"lt": hhmm(start)}})
        if end < settings.grid_end:
            outside.append({"end_time": {"gt": hhmm(end)}})
        when = ({"channel": channel, "any": outside} if len(outside) > 1
                else {"channel": channel, **outside[0]})
        what = "Calls are" if channel == "call" else "E-mails are"
        found[rule_id] = Rule(
            id=rule_id, profile=layer.id, effect="forbid", value=True,
            why=f"{what} planned between {hhmm(start)} and {hhmm(end)} in this field (the "
                "profile's hours for them).",
            sources=(), condition=compile_condition(when), when=when, depth=depth, file=layer.file,
            line=layer.document.where(("settings", "business_hours_by_channel"))[0])
    return found


def _unknown_periods(head: ProfileFile, periods: Mapping[str, Period],
                     suggest: Suggestions) -> list[Diagnostic]:
    """R314 for each period a rule of the head profile
    tests that neither it nor an ancestor names."""
    found: list[Diagnostic] = []
    for decl in head.rules:
        if decl.removes:
            continue
        for path, name in period_uses(decl.raw.get("when")):
            if name not in periods:
                known = ", ".join(sorted(periods)) or "none"
                found.append(head.diagnostic(("rules", decl.index, "when", *path), "R314",
                                             f"unknown period {name!r} (periods: {known})",
                                             suggestion=suggest(name, periods)))
    return found


def _field_tests(head: ProfileFile, fields: Mapping[str, FieldDecl],
                 suggest: Suggestions) -> list[Diagnostic]:
    """R315 for a field a rule of the head profile tests that no profile of the chain declares;
    R302/R303 for a value the field cannot take (naming the values it can)."""
    found: list[Diagnostic] = []
    for decl in head.rules:
        if decl.removes:
            continue
        for path, name, value in field_uses(decl.raw.get("when")):
            where = ("rules", decl.index, "when", *path)
            field_decl = fields.get(name)
            if field_decl is None:
                known = ", ".join(sorted(fields)) or "none"
                found.append(head.diagnostic(where, "R315",
                                             f"unknown field {name!r} (fields: {known})", key=True,
                                             suggestion=suggest(name, fields)))
                continue
            for sub, code, message, hint in check_condition_value(name, value, field_decl.spec()):
                found.append(head.diagnostic((*where, *sub), code, message, key=code == "R302",
                                             suggestion=hint))
    return found
