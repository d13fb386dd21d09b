"""Message drafts in profiles: the checks of one file's drafts, and their merge along a chain.

A draft says what to say for a purpose by a channel (:data:`engine.vocabulary.DRAFT_PARTS`
lists each channel's parts). Drafts inherit like rules: a child's draft with a parent's
id replaces it, ``remove: true`` drops it. Placeholders are ``{name}`` with a name from
:data:`engine.placeholders.PLACEHOLDERS`; anything else between braces is refused here, so
a profile cannot carry text that looks like template code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import Diagnostic, Suggestions
from ..placeholders import LINE_PLACEHOLDERS, PLACEHOLDERS
from ..vocabulary import DRAFT_PARTS, FACTS
from .conditions import compile_condition, facts_of
from .model import Draft, ProfileFile, Source, current_id

__all__ = ["BRACED", "draft_checks", "merge_drafts"]

# Text between braces: a placeholder when it is one of PLACEHOLDERS, an error otherwise.
BRACED = re.compile(r"\{([^{}]*)\}")
_ALL_PARTS = tuple(dict.fromkeys(part for parts in DRAFT_PARTS.values() for part in parts))


def draft_checks(profile: ProfileFile) -> list[Diagnostic]:
    """What the schema cannot say about a file's drafts:
    ids, parts per channel, placeholders, conditions."""
    found: list[Diagnostic] = []
    seen: dict[str, int] = {}
    plain: dict[tuple[str, str], int] = {}  # purpose and channel of drafts without a condition
    suggest = Suggestions()
    for decl in profile.drafts:
        raw, base = decl.raw, ("drafts", decl.index)
        if decl.id in seen:
            line = profile.document.where(("drafts", seen[decl.id], "id"))[0]
            found.append(profile.diagnostic(
                (*base, "id"), "D603", f"duplicate draft id {decl.id!r} (first at line {line})"))
            continue
        seen[decl.id] = decl.index
        if decl.removes:
            continue
        channel, purpose = str(raw["channel"]), str(raw["purpose"])
        wanted = DRAFT_PARTS[channel]
        for part in wanted:
            if part not in raw:
                found.append(profile.diagnostic(base, "D602", f"a {channel} draft needs {part!r} "
                                                f"(its parts: {', '.join(wanted)})"))
        found += _parts_checks(profile, base, raw, wanted, channel, suggest)
        translations = raw.get("translations") or {}
        for language, parts in translations.items():
            found += _parts_checks(profile, (*base, "translations", language), parts, wanted,
                                   channel, suggest)
            for part in wanted:
                if part not in parts:
                    found.append(profile.diagnostic((*base, "translations", language), "D602",
                                                    f"the {language} {channel} draft needs "
                                                    f"{part!r} "
                                                    f"(its parts: {', '.join(wanted)})"))
        for language in profile.data.get("languages") or ():
            if language not in translations:
                found.append(profile.diagnostic(base, "D608",
                                                f"the profile is written in {language} "
                                                f"(languages), but draft {decl.id!r} has no "
                                                f"{language} translation"))
        if "when" in raw:
            slot_facts = sorted(name for name in facts_of(compile_condition(raw["when"]))
                                if FACTS[name].scope == "slot")
            if slot_facts:
                found.append(profile.diagnostic((*base, "when"), "D604",
                                                "a draft is chosen for a whole step and "
                                                f"cannot test slot facts: {', '.join(slot_facts)}"))
        elif (purpose, channel) in plain:
            first = profile.document.where(("drafts", plain[(purpose, channel)]))[0]
            found.append(profile.diagnostic(base, "D603",
                                            f"a second draft for {purpose} by {channel} without "
                                            f"`when` (the first is at line {first}); give one a "
                                            "condition"))
        else:
            plain[(purpose, channel)] = decl.index
        if channel == "letter" and not ("why" in raw and "source" in raw):
            found.append(profile.diagnostic(base, "D606",
                                            "a letter draft says why and cites a source: the plan "
                                            "shows them beside the offer of a letter"))
    return found


def _parts_checks(profile: ProfileFile, base: tuple[str | int, ...], raw: Mapping[str, Any],
                  wanted: Sequence[str], channel: str, suggest: Suggestions) -> list[Diagnostic]:
    """A draft's parts (in English or in one translation):
    only the channel's, with known placeholders."""
    found: list[Diagnostic] = []
    for part in _ALL_PARTS:
        if part in raw and part not in wanted:
            found.append(profile.diagnostic((*base, part), "D602",
                                            f"a {channel} draft has no {part!r} "
                                            f"(its parts: {', '.join(wanted)})", key=True))
        elif part in raw:
            for name in BRACED.findall(str(raw[part])):
                if name not in PLACEHOLDERS:
                    found.append(profile.diagnostic(
                        (*base, part), "D601", f"unknown placeholder {{{name}}}; known: "
                        f"{', '.join(PLACEHOLDERS)}", suggestion=suggest(name, PLACEHOLDERS)))
            found += _line_placeholders(profile, (*base, part), str(raw[part]))
    return found


def _line_placeholders(profile: ProfileFile, path: tuple[str | int, ...],
                       text: str) -> list[Diagnostic]:
    """A greeting is a whole line: a line that holds one
    holds nothing else, in a part with lines (a body)."""
    found = []
    for name in LINE_PLACEHOLDERS:
        marker = "{" + name + "}"
        for line in text.splitlines():
            if marker in line and line.strip() != marker:
                found.append(profile.diagnostic(path, "D607",
                                                f"{marker} is a whole line (it ends with its own "
                                                "comma): write it alone on its line, not in "
                                                f"{line.strip()!r}"))
    return found


def merge_drafts(chain: Sequence[ProfileFile], sources: Mapping[str, Source]) -> tuple[
        tuple[Draft, ...], list[Diagnostic], dict[str, str]]:
    """The drafts of a chain (nearest first), merged by id, with the problems the merge reveals
    and the former ids of renamed drafts (``replaces:``) with the id each now has."""
    problems: list[Diagnostic] = []
    suggest = Suggestions()
    drafts: dict[str, Draft] = {}
    renamed: dict[str, str] = {}
    for depth, layer in reversed(list(enumerate(chain))):
        for decl in layer.drafts:
            draft_id = current_id(layer, ("drafts", decl.index, "id"), "draft", decl.id, drafts,
                                  renamed, problems)
            renamed.update(dict.fromkeys(decl.replaces, draft_id))
            if decl.removes:
                if draft_id not in drafts:
                    problems.append(layer.diagnostic(("drafts", decl.index, "id"), "D605",
                                                     f"removes draft {decl.id!r}, which no parent "
                                                     "defines",
                                                     suggestion=suggest(decl.id, drafts)))
                else:
                    del drafts[draft_id]
                continue
            raw: Mapping[str, Any] = decl.raw
            cited = raw.get("source", [])
            cited = cited if isinstance(cited, list) else [cited]
            for index, key in enumerate(cited):
                if key not in sources:
                    path = ("drafts", decl.index, "source") + (
                        (index,) if isinstance(raw["source"], list) else ())
                    problems.append(layer.diagnostic(path, "R310", f"unknown source {key!r}",
                                                     suggestion=suggest(key, sources)))
            channel = str(raw["channel"])
            # A language this draft is not written in is
            # its parent's (same id), if the parent has it.
            inherited = dict(drafts[draft_id].translations) if draft_id in drafts else {}
            own = {str(language): tuple((part, str(parts[part])) for part in DRAFT_PARTS[channel]
                                        if part in parts)
                   for language, parts in (raw.get("translations") or {}).items()}
            translations = {**inherited, **own}
            drafts[draft_id] = Draft(
                id=draft_id, profile=layer.id, purpose=str(raw["purpose"]), channel=channel,
                parts=tuple((part, str(raw[part])) for part in DRAFT_PARTS[channel] if part in raw),
                condition=compile_condition(raw.get("when")), when=raw.get("when"),
                why=str(raw["why"]) if "why" in raw else None, sources=tuple(cited), depth=depth,
                order=decl.index, translations=tuple(sorted(translations.items())),
            )
    return tuple(sorted(drafts.values(), key=lambda d: (d.depth, d.order))), problems, renamed
