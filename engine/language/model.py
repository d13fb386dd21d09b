"""The profile model: plain, immutable data for sources, settings, rules, files and profiles.

A :class:`ProfileFile` is one checked file as written; a :class:`Profile` is a file
resolved with its ancestors (:mod:`.inheritance`), whose rules carry compiled
conditions.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from ..errors import Diagnostic
from ..vocabulary import EFFECTS, WEEKDAYS
from .conditions import TRUE, Expr, Value, evaluate
from .fields import FieldDecl
from .periods import Period
from .yaml_source import Document

__all__ = ["ROOT", "Draft", "Profile", "ProfileFile", "Rule", "RuleDecl", "Settings", "Source",
           "current_id", "former_id", "hhmm", "parse_hhmm"]

# The root profile: it holds the invariants, and every chain of extends ends with it.
ROOT = "core"


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "url": self.url}


@dataclass(frozen=True)
class Settings:
    """Resolved settings; times are minutes after midnight, weekdays 0-6 from Monday."""

    business_start: int
    business_end: int
    # Channels with hours of their own (channel, start, end), from business_hours_by_channel:
    # the slots of a day span these and the business hours; each channel keeps to its own.
    channel_hours: tuple[tuple[str, int, int], ...] = field(default=(), kw_only=True)
    # How equally good best ranges are ordered: "ranked" (earliest first) or "wide" (longest first).
    best_ranges: str = field(default="ranked", kw_only=True)
    business_days: frozenset[int]
    horizon_days: int
    promise_grace_days: int
    slot_minutes: int
    sequence: tuple[str, ...]
    default_channel: str
    best_slots: int
    follow_ups: int = 2

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> Settings:
        hours = raw["business_hours"]
        return cls(
            business_start=parse_hhmm(hours["start"]),
            business_end=parse_hhmm(hours["end"]),
            channel_hours=tuple((channel, parse_hhmm(own["start"]), parse_hhmm(own["end"]))
                                for channel, own in sorted(raw.get("business_hours_by_channel",
                                                                   {}).items())),
            best_ranges=str(raw.get("best_ranges", "ranked")),
            business_days=frozenset(WEEKDAYS.index(day) for day in raw["business_days"]),
            horizon_days=int(raw["horizon_days"]),
            promise_grace_days=int(raw["promise_grace_days"]),
            slot_minutes=int(raw["slot_minutes"]),
            sequence=tuple(raw["sequence"]),
            default_channel=str(raw["default_channel"]),
            best_slots=int(raw["best_slots"]),
            follow_ups=int(raw.get("follow_ups", 2)),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "business_hours": {"start": hhmm(self.business_start), "end": hhmm(self.business_end)},
            **({"business_hours_by_channel": {channel: {"start": hhmm(start), "end": hhmm(end)}
                                              for channel, start, end in self.channel_hours}}
               if self.channel_hours else {}),
            **({"best_ranges": self.best_ranges} if self.best_ranges != "ranked" else {}),
            "business_days": [WEEKDAYS[day] for day in sorted(self.business_days)],
            "horizon_days": self.horizon_days,
            "promise_grace_days": self.promise_grace_days,
            "slot_minutes": self.slot_minutes,
            "sequence": list(self.sequence),
            "default_channel": self.default_channel,
            "best_slots": self.best_slots,
            "follow_ups": self.follow_ups,
        }

    @property
    def grid_start(self) -> int:
        """When the day's first slot starts: the earliest
        of the business hours and any channel's own."""
        return min([self.business_start, *(start for _, start, _ in self.channel_hours)])

    @property
    def grid_end(self) -> int:
        """When the day's last slot ends: the latest of the business hours and any channel's own."""
        return max([self.business_end, *(end for _, _, end in self.channel_hours)])

    def hours_of(self, channel: str) -> tuple[int, int]:
        """The hours (start, end) a channel is planned in: its own, else the business hours."""
        return next(((start, end) for own, start, end in self.channel_hours if own == channel),
                    (self.business_start, self.business_end))


@dataclass(frozen=True)
class Rule:
    """A rule as it applies in a resolved profile."""

    id: str
    profile: str
    effect: str
    value: Any
    why: str
    sources: tuple[str, ...]
    condition: Expr
    when: Any = field(compare=False)
    invariant: bool = False
    priority: int = 0
    depth: int = 0  # 0 = the profile asked for, 1 = its parent, ...
    file: str = ""
    line: int = 0
    # The why in other languages, per language tag.
    whys: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def why_in(self, language: str) -> str | None:
        """Why the rule holds in ``language``: the English
        for any English, else its translation, if any."""
        if language.startswith("en"):
            return self.why
        return dict(self.whys).get(language)

    @property
    def scope(self) -> str:
        return EFFECTS[self.effect].scope

    @property
    def direction(self) -> str:
        """Which way the rule pushes: decides (a channel or
        no contact), forbids, favours, disfavours."""
        return EFFECTS[self.effect].direction(self.value)

    def effect_text(self) -> str:
        return EFFECTS[self.effect].text(self.value)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "profile": self.profile}
        if self.invariant:
            data["invariant"] = True
        if self.priority:
            data["priority"] = self.priority
        if self.when is not None:
            data["when"] = self.when
        data["then"] = {self.effect: self.value}
        data["why"] = self.why
        data["source"] = list(self.sources)
        return data


@dataclass(frozen=True)
class Draft:
    """A message draft as it applies in a resolved profile: what to say for a purpose by a channel.

    ``parts`` are the channel's parts in order (see :data:`engine.vocabulary.DRAFT_PARTS`),
    each a template whose ``{name}`` placeholders are filled when a plan is rendered.
    """

    id: str
    profile: str
    purpose: str
    channel: str
    parts: tuple[tuple[str, str], ...]
    condition: Expr
    when: Any = field(compare=False)
    why: str | None = None
    sources: tuple[str, ...] = ()
    depth: int = 0
    order: int = 0  # its place in its file
    # Per language other than English, the parts written
    # in it (its own, or its parent's of the same id).
    translations: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    def parts_in(self, language: str) -> tuple[tuple[str, str], ...] | None:
        """The parts written in ``language``: the English ones
        for any English, else its translation, if any."""
        if language.startswith("en"):
            return self.parts
        return dict(self.translations).get(language)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "profile": self.profile, "purpose": self.purpose,
                                "channel": self.channel}
        if self.when is not None:
            data["when"] = self.when
        data.update(self.parts)
        if self.translations:
            data["translations"] = {language: dict(parts) for language, parts in self.translations}
        if self.why is not None:
            data["why"] = self.why
        if self.sources:
            data["source"] = list(self.sources)
        return data


@dataclass(frozen=True)
class RuleDecl:
    """A rule entry as written in one file: a rule, or the removal of a parent's."""

    raw: Mapping[str, Any]
    index: int

    @property
    def id(self) -> str:
        return str(self.raw["id"])

    @property
    def removes(self) -> bool:
        return bool(self.raw.get("remove"))

    @property
    def replaces(self) -> tuple[str, ...]:
        """The former ids of this rule or draft (``replaces:``), which still name it."""
        return tuple(str(old) for old in self.raw.get("replaces", ()))


@dataclass(frozen=True)
class ProfileFile:
    """One profile file after reading and the schema check."""

    document: Document
    origin: str
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def file(self) -> str:
        return self.document.file

    @property
    def parent(self) -> str | None:
        if self.id == ROOT:
            return None
        return str(self.data.get("extends", ROOT))

    @property
    def country(self) -> str | None:
        """The country of a country overlay (``DE``, ``ES-CT``); None for any other profile."""
        value = self.data.get("country")
        return str(value) if value is not None else None

    @property
    def rules(self) -> list[RuleDecl]:
        return [RuleDecl(raw, index) for index, raw in enumerate(self.data.get("rules", []))]

    @property
    def drafts(self) -> list[RuleDecl]:
        """The file's draft entries (a draft, or the removal of a parent's), by id like rules."""
        return [RuleDecl(raw, index) for index, raw in enumerate(self.data.get("drafts", []))]

    def diagnostic(self, path: tuple[str | int, ...], code: str, message: str,
                   **kw: Any) -> Diagnostic:
        return self.document.diagnostic(path, code, message, **kw)


def former_id(document: Document, path: tuple[str | int, ...], kind: str, written: str,
              new: str) -> Diagnostic:
    """The warning (R316) for a renamed rule or draft named by its former id."""
    return replace(document.diagnostic(
        path, "R316",
        f"{kind} {written!r} is now called {new!r}: the old id still works in this release but is "
        f"deprecated; write {new!r}"), severity="warning")


def current_id(layer: ProfileFile, path: tuple[str | int, ...], kind: str, written: str,
               present: Collection[str],
               renamed: Mapping[str, str], problems: list[Diagnostic]) -> str:
    """The id a rule or draft entry is about: its own,
    or the new id of a renamed one (with R316)."""
    if written in present or written not in renamed:
        return written
    problems.append(former_id(layer.document, path, kind, written, renamed[written]))
    return renamed[written]


@dataclass(frozen=True)
class Profile:
    """A resolved profile: its chain, merged settings, rules and sources."""

    id: str
    name: str
    version: int
    evidence: str
    description: str
    chain: tuple[str, ...]
    settings: Settings
    rules: tuple[Rule, ...]
    sources: Mapping[str, Source]
    examples: tuple[Mapping[str, Any], ...]
    file: str
    origin: str
    warnings: tuple[Diagnostic, ...] = ()
    drafts: tuple[Draft, ...] = ()
    # the named periods its rules may test, nearest profile's by name
    periods: tuple[Period, ...] = ()
    fields: tuple[FieldDecl, ...] = ()  # the situation fields it declares, with its ancestors'
    # Former ids of renamed rules and drafts (``replaces:``), each with the id it now has.
    renamed: Mapping[str, str] = field(default_factory=dict)
    # its name in other languages: (tag, name), from ``translations``
    names: tuple[tuple[str, str], ...] = ()

    def name_in(self, language: str) -> str:
        """The profile's name in ``language`` where its file gives one, else its English name."""
        return dict(self.names).get(language, self.name)

    def draft_for(self, purpose: str, channel: str, facts: Mapping[str, Value]) -> Draft | None:
        """The draft for a step: its purpose and channel, a condition that holds on the step's
        facts.

        The nearest profile's draft wins; within one profile a draft with a condition
        beats one without, then the earlier in the file.
        """
        found = [draft for draft in self.drafts
                 if draft.purpose == purpose and draft.channel == channel
                 and evaluate(draft.condition, facts)]
        return min(found, key=lambda d: (d.depth, d.condition == TRUE, d.order), default=None)

    @cached_property
    def digest(self) -> str:
        """Identifies the profile's content: its chain, settings and rules."""
        content: list[Any] = [self.chain, self.settings.to_dict(),
                              [rule.to_dict() for rule in self.rules]]
        if self.periods:
            content.append({period.name: period.to_dict() for period in self.periods})
        if self.fields:
            content.append({decl.name: decl.to_dict() for decl in self.fields})
        payload = json.dumps(content, sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "evidence": self.evidence,
            "chain": list(self.chain),
            "file": self.file,
            "settings": self.settings.to_dict(),
            "rules": [rule.to_dict() for rule in self.rules],
            "drafts": [draft.to_dict() for draft in self.drafts],
            **({"periods": {period.name: period.to_dict() for period in self.periods}}
               if self.periods else {}),
            **({"fields": {decl.name: decl.to_dict() for decl in self.fields}} if self.fields
               else {}),
            "sources": {key: {"title": s.title, **({"url": s.url} if s.url else {})}
                        for key, s in sorted(self.sources.items())},
        }


def parse_hhmm(text: str) -> int:
    """Minutes after midnight of a checked ``HH:MM``."""
    return int(text[:2]) * 60 + int(text[3:5])


def hhmm(minutes: int) -> str:
    """``HH:MM`` for minutes after midnight."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
