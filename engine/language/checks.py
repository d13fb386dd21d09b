"""The checks of one profile file on its own, and of the settings a chain merges to.

What the JSON Schema cannot say: duplicate rule ids, invariants outside ``core``,
conditions too complex for the rule engine, step effects testing slot facts, business
hours that hold no whole slot, sources cited that are not defined (also for a file
that fails its other checks, so that one run lists them all), and the drafts' own
checks (:mod:`.drafts`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from ..errors import Diagnostic, Suggestions
from ..vocabulary import CHANNELS, EFFECTS, fact_spec
from .conditions import alternatives, compile_condition, facts_of
from .drafts import draft_checks
from .fields import check_fields
from .model import ROOT, ProfileFile, hhmm, parse_hhmm
from .periods import check_periods
from .schema_parts import SLUG
from .yaml_source import Document

__all__ = ["MAX_ALTERNATIVES", "MAX_RULES_PER_SCOPE", "file_checks", "rule_index",
           "settings_checks", "source_url_warnings", "sources_of_unusable", "unknown_sources"]

# durable-rules fires at most 64 rules for one fact (one is the adapter's catch-all), and
# builds one path per alternative of a condition.
MAX_RULES_PER_SCOPE = 63
MAX_ALTERNATIVES = 1024
_SLUG = re.compile(SLUG.removeprefix("^").removesuffix("$"))
# A host name: dot-separated labels of letters, digits and inner hyphens, the last one
# not all digits; no trailing dot (a reader's browser may not follow it).
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def file_checks(profile: ProfileFile) -> list[Diagnostic]:
    """Checks that need only the file itself."""
    found: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for decl in profile.rules:
        if decl.id in seen:
            line = profile.document.where(("rules", seen[decl.id], "id"))[0]
            found.append(profile.diagnostic(
                ("rules", decl.index, "id"), "R304",
                f"duplicate rule id {decl.id!r} (first at line {line})"))
        else:
            seen[decl.id] = decl.index
        if decl.removes:
            continue
        if decl.raw.get("invariant") and profile.id != ROOT:
            found.append(profile.diagnostic(
                ("rules", decl.index, "invariant"), "R311",
                f"only the {ROOT!r} profile declares invariants; they rank before every other "
                "preference"))
        effect = next(iter(decl.raw["then"]))
        condition = compile_condition(decl.raw.get("when"))
        size = alternatives(condition)
        if size > MAX_ALTERNATIVES:
            found.append(profile.diagnostic(
                ("rules", decl.index, "when"), "R312",
                f"condition too complex for the rule engine: {size} alternatives (at most "
                f"{MAX_ALTERNATIVES}); split the rule"))
        if EFFECTS[effect].scope == "step":
            slot_facts = sorted(name for name in facts_of(condition) if fact_spec(name).scope
                                == "slot")
            if slot_facts:
                found.append(profile.diagnostic(
                    ("rules", decl.index, "when"), "R309",
                    f"a {effect} rule applies to a whole step and cannot test slot facts: "
                    f"{', '.join(name.replace(':', ' ') for name in slot_facts)}"))
    if profile.id == ROOT and "extends" in profile.data:
        found.append(profile.diagnostic(("extends",), "I405",
                                        f"{ROOT!r} is the root profile and extends nothing"))
    return found + check_periods(profile.document) + check_fields(profile.document) + draft_checks(
        profile)


def rule_index(profile: ProfileFile, rule_id: str) -> int:
    return next(decl.index for decl in profile.rules if decl.id == rule_id)


def settings_checks(head: ProfileFile, chain: Sequence[ProfileFile],
                    settings: Mapping[str, Any]) -> list[Diagnostic]:
    """Contradictions in the merged settings, reported where the head profile sets them."""

    def where(*keys: str) -> tuple[str | int, ...]:
        for layer in chain:
            if keys[0] in layer.data.get("settings", {}):
                if layer is head:
                    return ("settings", *keys)
                break
        return ("settings",) if "settings" in head.data else ("id",)

    found: list[Diagnostic] = []
    start, end = (parse_hhmm(settings["business_hours"][key]) for key in ("start", "end"))
    if end <= start:
        found.append(head.diagnostic(where("business_hours", "end"), "R307",
                                     f"business hours end ({hhmm(end)}) before they start "
                                     f"({hhmm(start)})"))
    elif end - start < int(settings["slot_minutes"]):
        found.append(head.diagnostic(where("slot_minutes"), "R307",
                                     "business hours are shorter than one slot"))
    elif (end - start) % int(settings["slot_minutes"]):
        found.append(head.diagnostic(where("slot_minutes"), "R307",
                                     f"business hours ({end - start} min) are not a whole number "
                                     "of "
                                     f"{settings['slot_minutes']}-minute slots"))
    slot = int(settings["slot_minutes"])
    for channel, hours in sorted(settings.get("business_hours_by_channel", {}).items()):
        own_start, own_end = parse_hhmm(hours["start"]), parse_hhmm(hours["end"])
        grid_start = min([start, *(parse_hhmm(other["start"])
                                   for other in settings["business_hours_by_channel"].values())])
        if own_end <= own_start:
            found.append(head.diagnostic(where("business_hours_by_channel", channel, "end"), "R307",
                                         f"{channel} hours end ({hhmm(own_end)}) before they start "
                                         f"({hhmm(own_start)})"))
        elif (own_start - grid_start) % slot or (own_end - grid_start) % slot:
            found.append(head.diagnostic(where("business_hours_by_channel", channel), "R307",
                                         f"{channel} hours ({hhmm(own_start)}-{hhmm(own_end)}) do "
                                         "not start and end "
                                         f"where a {slot}-minute slot does "
                                         f"({_grid_text(grid_start, slot)})"))
    if settings.get("business_hours_by_channel") and end > start:
        grid_start = min([start, *(parse_hhmm(other["start"])
                                   for other in settings["business_hours_by_channel"].values())])
        if (start - grid_start) % slot:
            found.append(head.diagnostic(where("business_hours", "start"), "R307",
                                         f"business hours ({hhmm(start)}-{hhmm(end)}) do not start "
                                         f"where a {slot}-minute slot does "
                                         f"({_grid_text(grid_start, slot)})"))
    if settings["default_channel"] not in CHANNELS:  # pragma: no cover - the schema forbids it
        found.append(head.diagnostic(where("default_channel"), "R307",
                                     "default channel must be call or email"))
    return found


def _grid_text(first: int, slot: int) -> str:
    """Where a day's slots start, in words: from the earliest hours of any channel."""
    return f"slots start at {', '.join(hhmm(first + k * slot) for k in range(3))} ..."


def unknown_sources(document: Document, index: int, rule: Mapping[str, Any], known: Collection[str],
                    suggest: Suggestions) -> list[Diagnostic]:
    """R310 for each source the rule at ``index`` cites that is not among ``known``.

    A citation that is not a source id at all is the schema's to report.
    """
    cited = rule.get("source")
    listed = cited if isinstance(cited, list) else [cited]
    found: list[Diagnostic] = []
    for position, key in enumerate(listed):
        if isinstance(key, str) and _SLUG.fullmatch(key) and key not in known:
            path = ("rules", index, "source") + ((position,) if isinstance(cited, list) else ())
            found.append(document.diagnostic(path, "R310", f"unknown source {key!r}",
                                             suggestion=suggest(key, known)))
    return found


def sources_of_unusable(document: Document, inherited: Collection[str]) -> list[Diagnostic]:
    """The unknown sources of a file that failed its other checks (so is never resolved),
    reported with them: ``inherited`` are the sources of its resolved parent."""
    data = document.data
    own = data.get("sources") if isinstance(data, Mapping) else None
    known = {*inherited, *(own if isinstance(own, Mapping) else ())}
    rules = data.get("rules") if isinstance(data, Mapping) else None
    suggest = Suggestions()
    found: list[Diagnostic] = []
    for index, rule in enumerate(rules if isinstance(rules, list) else []):
        if isinstance(rule, Mapping) and not rule.get("remove"):
            found.extend(unknown_sources(document, index, rule, known, suggest))
    return found


def _host_problem(host: str) -> str | None:
    """What is wrong with a URL's host name, or None."""
    if not host:
        return "has no host"
    if host.endswith("."):
        return f"has a host ending in a dot ({host!r}): leave the dot out"
    labels = host.split(".")
    if (len(labels) < 2 or not all(_HOST_LABEL.fullmatch(label) for label in labels)
        or labels[-1].isdigit()):
        return f"has a malformed host ({host!r})"
    return None


def source_url_warnings(document: Document) -> list[Diagnostic]:
    """R313 (warnings): a source's URL that names only a host, or a malformed host.

    A reader of a plan's "why" follows the URL to the advice itself; a bare host (the
    site's front page) does not show what was said, and a malformed host may not open.
    """
    data = document.data
    sources = data.get("sources") if isinstance(data, Mapping) else None
    found: list[Diagnostic] = []
    for key, source in (sources.items() if isinstance(sources, Mapping) else ()):
        url = source.get("url") if isinstance(source, Mapping) else None
        if not isinstance(url, str) or not re.match(r"https?://", url):
            continue  # the schema's to report
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
        except ValueError:
            parts, host = None, ""
        problem = _host_problem(host) if parts is not None else "cannot be read as a URL"
        if problem is None and parts is not None and parts.path in ("", "/") and not parts.query:
            problem = ("names only a host, not the page: cite the article itself (a URL with its "
                       "path) or an archived copy")
        if problem:
            found.append(replace(document.diagnostic(("sources", key, "url"), "R313",
                                                     f"source {key!r}: the URL {problem}"),
                                                     severity="warning"))
    return found
