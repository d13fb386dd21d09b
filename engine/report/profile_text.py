"""Profiles for people: the profiles in sight, a row each (``followup profiles``, the server's
``/profiles``), and a resolved profile (``followup profiles --resolved ID``): its chain,
settings, rules nearest profile first, drafts, and sources, in lines of at most 99 characters."""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

from ..language.catalog import Catalog
from ..language.model import ROOT, Profile

__all__ = ["condition_text", "profile_rows", "render_profile"]

WIDTH = 99


def _wrapped(text: str, indent: str, first: str | None = None) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent if first is None else first,
                         subsequent_indent=indent,
                         break_long_words=True, break_on_hyphens=False) or [indent.rstrip()]


def profile_rows(catalog: Catalog) -> list[dict[str, Any]]:
    """One row per profile file in sight: id, name, parent, evidence, origin, file, whether it is
    usable, whether it is an industry (every profile but the root, ``core``, and the country
    overlays), and the country of a country overlay (None for the others)."""
    rows: list[dict[str, Any]] = []
    for source in catalog.files():
        problems = catalog.check(source.id)
        resolved = None if problems else catalog.resolve(source.id)
        rows.append({
            "id": source.id,
            "name": str(source.data.get("name", "")),
            "extends": source.parent,
            "evidence": resolved.evidence if resolved else None,
            "origin": source.origin,
            "file": source.file,
            "ok": not problems,
            "industry": source.id != ROOT and source.country is None,
            "country": source.country,
        })
    return rows


def condition_text(value: Any) -> str:
    """A rule's condition as it would be written in a profile's flow style."""
    if isinstance(value, dict):
        items = (f"{key}: {condition_text(item)}" for key, item in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(condition_text(item) for item in value) + "]"
    if isinstance(value, str) and re.fullmatch(r"\d\d:\d\d", value):
        return json.dumps(value)
    return json.dumps(value) if not isinstance(value, str) else value


def render_profile(profile: Profile) -> str:
    """The profile as inheritance made it, ending with a newline. Deterministic."""
    settings = profile.settings.to_dict()
    hours = settings["business_hours"]
    lines = _wrapped(f"{profile.id}: {profile.name}", "  ", first="")
    lines += _wrapped(" -> ".join(profile.chain), " " * 10, first="Chain:    ")
    lines += _wrapped(f"{profile.evidence}; version {profile.version}", " " * 10,
                      first="Evidence: ")
    lines += _wrapped(
        f"business hours {hours['start']}-{hours['end']} on {' '.join(settings['business_days'])}; "
        f"horizon {settings['horizon_days']} days; promise grace {settings['promise_grace_days']} "
        "days; "
        f"{settings['slot_minutes']}-minute slots; sequence {', '.join(settings['sequence'])}; "
        f"default channel {settings['default_channel']}; {settings['best_slots']} best times",
        " " * 10, first="Settings: ")
    own_hours = "; ".join(f"{channel} {start}-{end}" for channel, hours in
                          settings.get("business_hours_by_channel", {}).items()
                          for start, end in [(hours["start"], hours["end"])])
    if own_hours or settings.get("best_ranges") or settings.get("follow_ups", 2) != 2:
        lines += _wrapped("; ".join(part for part in (
            f"hours per channel: {own_hours}" if own_hours else "",
            f"best ranges {settings['best_ranges']}" if settings.get("best_ranges") else "",
            _follow_ups(settings.get("follow_ups", 2))) if part), " " * 10, first=" " * 10)
    for period in profile.periods:
        lines += _wrapped(f"period {period.name}: {period.start.text()} to {period.end.text()} "
                          f"({period.profile})",
                          " " * 10,
                          first="Periods:  " if period is profile.periods[0] else " " * 10)
    for decl in profile.fields:
        lines += _wrapped(f"field {decl.name} ({decl.allowed()}; default {decl.default}): "
                          f"{decl.description}",
                          " " * 10, first="Fields:   " if decl is profile.fields[0] else " " * 10)
    if profile.description:
        lines += ["", *_wrapped(profile.description, "")]
    lines += ["", f"Rules ({len(profile.rules)}, nearest profile first):"]
    for rule in profile.rules:
        marks = ", ".join(part for part in (rule.profile, "invariant" if rule.invariant else "",
                                            f"priority {rule.priority}" if rule.priority else "")
                          if part)
        lines += _wrapped(f"{rule.id} ({marks})", "    ", first="  ")
        when = condition_text(rule.when) if rule.when is not None else "always"
        lines += _wrapped(f"when {when} -> {rule.effect_text()}", "      ", first="    ")
        lines += _wrapped(f"{rule.why} [{', '.join(rule.sources)}]", "      ", first="    ")
    lines += _drafts(profile)
    if profile.sources:
        lines += ["", "Sources:"]
        for key, source in sorted(profile.sources.items()):
            lines += _wrapped(f"{key}: {source.title}" + (f" <{source.url}>" if source.url else ""),
                              "    ", first="  ")
    return "\n".join(lines) + "\n"


def _drafts(profile: Profile) -> list[str]:
    """Each draft: id and profile, purpose and channel,
    when it applies, and its parts as written."""
    if not profile.drafts:
        return []
    lines = ["", f"Drafts ({len(profile.drafts)}, nearest profile first):"]
    for draft in sorted(profile.drafts, key=lambda d: (d.depth, d.purpose, d.channel, d.order)):
        lines += _wrapped(f"{draft.id} ({draft.profile}): {draft.purpose} by {draft.channel}",
                          "    ", first="  ")
        if draft.when is not None:
            lines += _wrapped(f"when {condition_text(draft.when)}", "      ", first="    ")
        for part, template in draft.parts:
            paragraphs = template.strip("\n").split("\n")
            lines += _wrapped(f"{part}: {paragraphs[0]}", "      ", first="    ")
            for paragraph in paragraphs[1:]:
                lines += _wrapped(paragraph, "      ", first="      ")
        if draft.why:
            lines += _wrapped(f"{draft.why} [{', '.join(draft.sources)}]", "      ", first="    ")
    return lines


def _follow_ups(count: int) -> str:
    return f"move on after {count} follow-up{'' if count == 1 else 's'}"
