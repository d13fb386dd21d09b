"""From fired rules to a plan: channels, windows, ranked slots, reasons, the verdict.

Pure: no I/O, no clock. Conflict resolution, in order:

1. A ``verdict: dont_contact`` rule that fires for a step makes its action ``none``.
2. Otherwise the step's channel comes from the ``recommend`` rules that fire: the
   nearest profile in the chain wins, then the higher ``priority``, then the more
   reserved channel (none, then email, then call); with none firing, the profile's
   ``default_channel``.
3. For that channel, a slot is allowed unless a ``forbid`` rule fires for it (forbid
   beats any preference).
4. Allowed slots rank by the sum of the ``prefer`` weights of invariant rules, then by
   the sum of the other weights, then by time (earlier first). Contiguous slots of the
   same rank merge into one range; the first ``best_slots`` ranges are the best.
5. In a sequence, a step only considers slots after the previous step's best time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from .evaluate import AtomTable, Evaluator
from .facts import CONTACT_FACTS, FACT_GROUPS, Grid, Slot, build_grid, step_facts
from .profiles import Profile, Rule
from .situation import Situation

__all__ = ["Plan", "Reason", "Step", "TimeRange", "Verdict", "make_plan"]

RESERVE = {"none": 0, "email": 1, "call": 2}
EFFECT_ORDER = {"verdict": 0, "recommend": 1, "forbid": 2, "prefer": 3}


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


@dataclass(frozen=True)
class Reason:
    rule: Rule
    sources: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule.id,
            "profile": self.rule.profile,
            "effect": self.rule.effect_text(),
            "why": self.rule.why,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class TimeRange:
    start: datetime
    end: datetime
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"start": iso(self.start), "end": iso(self.end), "score": _number(self.score)}


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 3)


@dataclass(frozen=True)
class Step:
    purpose: str
    action: str
    window: tuple[datetime, datetime] | None
    best: tuple[TimeRange, ...]
    reasons: tuple[Reason, ...]
    note: str | None = None
    allowed: tuple[Slot, ...] = field(default=(), repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "purpose": self.purpose,
            "action": self.action,
            "window": {"earliest": iso(self.window[0]), "latest": iso(self.window[1])} if self.window else None,
            "best": [item.to_dict() for item in self.best],
            "reasons": [reason.to_dict() for reason in self.reasons],
        }
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class Verdict:
    at: datetime
    verdict: str
    reason: str
    purpose: str | None = None
    until: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"at": iso(self.at), "verdict": self.verdict}
        if self.purpose:
            data["purpose"] = self.purpose
        if self.until:
            data["until"] = iso(self.until)
        data["reason"] = self.reason
        return data


@dataclass(frozen=True)
class Plan:
    profile: Profile
    situation: Situation
    steps: tuple[Step, ...]
    move_on_after: datetime
    now: Verdict
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, deterministic in key order and content."""
        return {
            "profile": {
                "id": self.profile.id,
                "name": self.profile.name,
                "version": self.profile.version,
                "evidence": self.profile.evidence,
                "chain": list(self.profile.chain),
            },
            "situation": self.situation.to_dict(),
            "timezone": self.situation.zone_name,
            "steps": [step.to_dict() for step in self.steps],
            "move_on_after": iso(self.move_on_after),
            "now": self.now.to_dict(),
            "notes": list(self.notes),
        }


def make_plan(profile: Profile, situation: Situation, evaluator: Evaluator, now: datetime) -> Plan:
    settings = profile.settings
    purposes: Sequence[str] = (situation.purpose,) if situation.purpose else settings.sequence
    built: list[tuple[Grid, list[int]]] = []

    def slots() -> tuple[Grid, list[int]]:
        """The slots and their patterns, made once and only if a step needs them."""
        if not built:
            grid = build_grid(situation, settings)
            built.append((grid, _slot_masks(evaluator.tables["slot"], grid)))
        return built[0]

    steps: list[Step] = []
    not_before = float("-inf")
    for purpose in purposes:
        step = _step(profile, situation, evaluator, purpose, slots, not_before)
        steps.append(step)
        if step.best:  # in a sequence, each step comes after the previous one's best time
            not_before = step.best[0].end.timestamp()
    last_day = situation.interview.date() + timedelta(days=settings.horizon_days)
    close = settings.business_end
    move_on = datetime.combine(last_day, time(close // 60 % 24, close % 60), tzinfo=situation.zone)
    return Plan(profile, situation, tuple(steps), move_on, _verdict(steps, now.astimezone(situation.zone)),
                tuple(_notes(profile, situation)))


def _slot_masks(table: AtomTable, grid: Grid) -> list[int]:
    """Each slot's atom pattern from its day, time and own facts (the step adds its bits)."""
    day_group, contact_group = FACT_GROUPS["day"], CONTACT_FACTS
    day_bits = [table.group_mask(day_group, day) for day in grid.days]
    time_bits = [table.bits("time", minutes) for minutes in grid.times]
    hour_bits = {hours: table.bits("hours_after", hours) for hours in set(grid.hours_after)}
    if grid.contact_facts is None:  # no earlier contacts: those facts depend on the day only
        day_bits = [bits | table.group_mask(contact_group, grid.slot_extra_for_day(index))
                    for index, bits in enumerate(day_bits)]
        return [
            day_bits[slot.day_index] | time_bits[position] | hour_bits[hours]
            for slot, position, hours in zip(grid.slots, grid.slot_time, grid.hours_after, strict=True)
        ]
    return [
        day_bits[slot.day_index] | time_bits[position] | hour_bits[hours] | table.group_mask(contact_group, facts)
        for slot, position, hours, facts in zip(grid.slots, grid.slot_time, grid.hours_after, grid.contact_facts,
                                                strict=True)
    ]


def _sources(profile: Profile, rule: Rule) -> tuple[dict[str, Any], ...]:
    return tuple(profile.sources[key].to_dict() for key in rule.sources if key in profile.sources)


def _reasons(profile: Profile, rules: Iterable[Rule]) -> tuple[Reason, ...]:
    ordered = sorted({rule.id: rule for rule in rules}.values(), key=lambda r: (EFFECT_ORDER[r.effect], r.depth, r.id))
    return tuple(Reason(rule, _sources(profile, rule)) for rule in ordered)


def _step(profile: Profile, situation: Situation, evaluator: Evaluator, purpose: str,
          slots: Callable[[], tuple[Grid, list[int]]], not_before: float) -> Step:
    facts = step_facts(situation, purpose)
    fired = [evaluator.rules[rule_id] for rule_id in evaluator.fire("step", [facts])[0]]
    verdicts = [rule for rule in fired if rule.effect == "verdict"]
    if verdicts:
        return Step(purpose, "none", None, (), _reasons(profile, verdicts))
    recommends = [rule for rule in fired if rule.effect == "recommend"]
    chosen = min(recommends, key=lambda r: (r.depth, -r.priority, RESERVE[r.value], r.id), default=None)
    action = str(chosen.value) if chosen else profile.settings.default_channel
    shaping: set[str] = {chosen.id} if chosen else set()
    if action == "none":
        return Step(purpose, "none", None, (), _reasons(profile, [evaluator.rules[i] for i in shaping]))
    facts["channel"] = action
    grid, masks = slots()
    base = evaluator.tables["slot"].mask(facts)
    outcomes = evaluator.slot_outcomes([base | mask for mask in masks],
                                       lambda index: {**grid.facts(index), **facts})
    allowed: list[tuple[Slot, tuple[float, float]]] = []
    seen: set[int] = set()
    for slot, outcome in zip(grid.slots, outcomes, strict=True):
        if slot.timestamp < not_before:
            continue
        if id(outcome) in seen:
            if not outcome.forbids:
                allowed.append((slot, outcome.rank))
            continue
        seen.add(id(outcome))
        if outcome.forbids:
            # Only the forbidding rules shaped a forbidden slot; its preferences did nothing.
            shaping.update(outcome.forbids)
        else:
            shaping.update(outcome.fired)
            allowed.append((slot, outcome.rank))
    reasons = _reasons(profile, [evaluator.rules[i] for i in shaping])
    if not allowed:
        channel = "a call" if action == "call" else "an e-mail"
        return Step(purpose, "none", None, (), reasons,
                    note=f"no time for {channel} is allowed within {profile.settings.horizon_days} days")
    window = (allowed[0][0].start, allowed[-1][0].end)
    return Step(purpose, action, window, _best(allowed, profile.settings.best_slots), reasons,
                allowed=tuple(slot for slot, _ in allowed))


def _best(allowed: list[tuple[Slot, tuple[float, float]]], count: int) -> tuple[TimeRange, ...]:
    ranges: list[list[Any]] = []  # [rank, first slot, last slot]
    for slot, rank in allowed:
        if ranges and ranges[-1][0] == rank and ranges[-1][2].timestamp + ranges[-1][2].length * 60 == slot.timestamp:
            ranges[-1][2] = slot
        else:
            ranges.append([rank, slot, slot])
    ranges.sort(key=lambda item: (-item[0][0], -item[0][1], item[1].timestamp))
    return tuple(TimeRange(first.start, last.end, rank[0] + rank[1]) for rank, first, last in ranges[:count])


def _verdict(steps: Sequence[Step], now: datetime) -> Verdict:
    """The first step still ahead decides; without one, a rule's no-contact, else too late."""
    for step in steps:
        if step.action == "none" or step.window is None or now >= step.window[1]:
            continue
        verb = "call" if step.action == "call" else "e-mail"
        what = step.purpose.replace("_", " ")
        moment = now.timestamp()
        for slot in step.allowed:
            if slot.timestamp <= moment < slot.timestamp + slot.length * 60:
                return Verdict(now, f"{step.action}_now", f"now is a good time to {verb} ({what})", step.purpose)
            if slot.timestamp > moment:
                start = slot.start
                return Verdict(now, "wait_until", f"the next good time to {verb} ({what}) is {iso(start)}",
                               step.purpose, start)
    for step in steps:
        if step.action == "none" and step.note is None:  # no contact by a rule's decision
            reason = step.reasons[0].rule.why if step.reasons else "no contact is advised"
            return Verdict(now, "dont_contact", reason, step.purpose)
    last = steps[-1]
    return Verdict(now, "too_late", last.note or "the time for following up has passed; move on", last.purpose)


def _notes(profile: Profile, situation: Situation) -> list[str]:
    notes: list[str] = [f"Profile problem, worked around: {warning}" for warning in profile.warnings]
    if situation.country is None:
        notes.append("No country given: weekends are days off, public holidays are not considered.")
    if situation.fixed_offset:
        notes.append(
            f"No time zone given: the fixed offset {situation.zone_name} is used, without daylight-saving changes."
        )
    if profile.evidence == "mixed":
        notes.append(
            f"Sources disagree for the {profile.name} profile (evidence: mixed); the advice follows the choice "
            "its description explains. Ask people who work in the field what they expect."
        )
    elif profile.evidence == "thin":
        notes.append(
            f"Few or weak sources back the {profile.name} profile (evidence: thin). "
            "Ask people who work in the field what they expect."
        )
    return notes
