"""From fired rules to a plan: channels, windows, ranked times, reasons, the verdict.

Pure: no I/O, no clock (``now`` is an argument). Per step, in order:

1. A ``verdict: dont_contact`` rule that fires makes the step's action ``none``. A
   competing offer whose deadline has passed gets ``none`` too, saying so.
2. The channels to try come from the ``recommend`` rules that fire, best first: the
   nearest profile in the chain, then the higher ``priority``, then the more reserved
   channel (none, then email, then call); with none firing, the profile's
   ``default_channel``. The first channel with an allowed time still ahead is taken;
   the others are fallbacks (a competing offer that no call can reach in time gets an
   e-mail). ``none`` ends the list.
3. For a channel, a slot is allowed unless a ``forbid`` rule fires for it (forbid beats
   any preference); allowed slots form the step's window.
4. The best times are allowed slots still ahead: ending after ``now`` and starting after
   the latest earlier contact. Slots rank by the sum of the
   ``prefer`` weights of invariant rules, then by the sum of the other weights, then
   earlier first. Contiguous slots of one rank form a range. The best ranges are those
   with the top invariant score (after a Friday interview, midweek of the next week
   while it has times left), one per day first, then in rank order, up to
   ``best_slots``; a range that touches one already taken is left out, with everything
   ranked below it on its day (a lesser hour beside a best one is no second choice).
5. In a sequence, a step only considers slots from the day after the previous step's
   best time, and a call at least three business days after a previous step's call. A
   situation with a competing offer's deadline puts that step in the sequence before the
   status step (with ``none`` once the offer has expired).

The verdict for ``now`` comes from the best times alone: act now when ``now`` lies in
one of the first step's best ranges that is still ahead, else wait until the next one;
``too_late`` when no step has a time left, ``dont_contact`` when a rule said so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from .evaluate import AtomTable, Evaluator, Outcome
from .facts import CONTACT_FACTS, FACT_GROUPS, Grid, Slot, build_grid, step_facts
from .profiles import Profile, Rule
from .situation import Situation
from .words import format_day

__all__ = ["CALL_SPACING", "PASSED", "Plan", "Reason", "Step", "TimeRange", "Verdict", "make_plan"]

RESERVE = {"none": 0, "email": 1, "call": 2}
EFFECT_ORDER = {"verdict": 0, "recommend": 1, "forbid": 2, "prefer": 3}
# Two calls are at least this many business days apart (a thank-you call and a status
# call never share a day).
CALL_SPACING = 3
CHANNEL_TEXT = {"call": "a call", "email": "an e-mail"}
PASSED = "its time has passed"


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
            "direction": self.rule.direction,
            "weight": _number(self.rule.value) if self.rule.effect == "prefer" else None,
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
    # The channel's allowed slots, and the rules fired on each (for the verdict and checks).
    allowed: tuple[Slot, ...] = field(default=(), repr=False, compare=False)
    outcomes: tuple[Outcome, ...] = field(default=(), repr=False, compare=False)
    # Every slot the channel was weighed on, forbidden ones included, with its outcome.
    considered: tuple[tuple[Slot, Outcome], ...] = field(default=(), repr=False, compare=False)

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

    def outcome_at(self, moment: float) -> Outcome | None:
        """The outcome of the allowed slot that contains ``moment`` (UTC seconds), if any."""
        for slot, outcome in zip(self.allowed, self.outcomes, strict=True):
            if slot.timestamp <= moment < slot.end_timestamp:
                return outcome
        return None


@dataclass(frozen=True)
class Verdict:
    at: datetime
    verdict: str
    reason: str
    purpose: str | None = None
    until: datetime | None = None
    # The rules weighing on the moment acted on (now, or ``until``): for it, strongest
    # first, and against it (a best time left that is not ideal).
    favoured_by: tuple[str, ...] = ()
    against: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"at": iso(self.at), "verdict": self.verdict}
        if self.purpose:
            data["purpose"] = self.purpose
        if self.until:
            data["until"] = iso(self.until)
        data["reason"] = self.reason
        data["favoured_by"] = list(self.favoured_by)
        data["against"] = list(self.against)
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


@dataclass
class _Context:
    """What every step of one plan shares."""

    profile: Profile
    situation: Situation
    evaluator: Evaluator
    grid: Grid
    now: datetime
    after_contacts: float  # UTC seconds of the latest earlier contact
    _masks: list[int] | None = None

    @property
    def masks(self) -> list[int]:
        """Each slot's atom pattern, made once and only if a step needs slots."""
        if self._masks is None:
            self._masks = _slot_masks(self.evaluator.tables["slot"], self.grid)
        return self._masks


@dataclass
class _Channel:
    """One channel weighed for a step."""

    channel: str
    rule: Rule | None
    considered: list[tuple[Slot, Outcome]]
    allowed: list[tuple[Slot, Outcome]]
    usable: list[tuple[Slot, Outcome]]
    shaping: set[str]


def make_plan(profile: Profile, situation: Situation, evaluator: Evaluator, now: datetime) -> Plan:
    settings = profile.settings
    grid = build_grid(situation, settings)
    local_now = now.astimezone(situation.zone)
    contacts = [contact.at.timestamp() for contact in situation.contacts]
    context = _Context(profile, situation, evaluator, grid, local_now, max(contacts, default=float("-inf")))
    purposes = (situation.purpose,) if situation.purpose else _sequence(settings.sequence, situation)
    steps: list[Step] = []
    not_before = float("-inf")
    call_floor: date | None = None
    for purpose in purposes:
        step = _step(context, purpose, not_before, call_floor)
        steps.append(step)
        if step.best:  # in a sequence, each step comes on a later day than the previous one's best time
            after = step.best[0].start.date() + timedelta(days=1)
            not_before = datetime.combine(after, time(0), tzinfo=situation.zone).timestamp()
            if step.action == "call":
                first_call_day = step.best[0].start.date()
                call_floor = grid.business_day_after(first_call_day, CALL_SPACING) or date.max
    close = settings.business_end
    move_on = datetime.combine(grid.last_day, time(close // 60 % 24, close % 60), tzinfo=situation.zone)
    return Plan(profile, situation, tuple(steps), move_on, _verdict(steps, local_now),
                tuple(_notes(profile, situation, grid)))


def _sequence(sequence: Sequence[str], situation: Situation) -> tuple[str, ...]:
    """The profile's sequence, with a competing offer placed before the status step."""
    deadline = situation.competing_offer_deadline
    if deadline is None:
        return tuple(sequence)
    steps = [purpose for purpose in sequence if purpose != "competing_offer"]
    later = [index for index, purpose in enumerate(steps) if purpose in ("status", "feedback")]
    steps.insert(later[0] if later else len(steps), "competing_offer")
    return tuple(steps)


def _slot_masks(table: AtomTable, grid: Grid) -> list[int]:
    """Each slot's atom pattern from its day, time and own facts (the step adds its bits)."""
    day_group, contact_group = FACT_GROUPS["day"], CONTACT_FACTS
    day_bits = [table.group_mask(day_group, day) for day in grid.days]
    length = grid.slots[0].length if grid.slots else 0
    time_bits = [table.bits("time", minutes) | table.bits("end_time", minutes + length) for minutes in grid.times]
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


def _channels(fired: Sequence[Rule], default: str) -> list[tuple[str, Rule | None]]:
    """The channels to try, best first, each with the rule that recommends it."""
    recommends = sorted((rule for rule in fired if rule.effect == "recommend"),
                        key=lambda r: (r.depth, -r.priority, RESERVE[r.value], r.id))
    found: dict[str, Rule | None] = {}
    for rule in recommends:
        found.setdefault(str(rule.value), rule)
    return list(found.items()) or [(default, None)]


def _step(context: _Context, purpose: str, not_before: float, call_floor: date | None) -> Step:
    profile, situation, evaluator = context.profile, context.situation, context.evaluator
    facts = step_facts(situation, purpose, context.grid.interview_week_part)
    fired = [evaluator.rules[rule_id] for rule_id in evaluator.fire("step", [facts])[0]]
    verdicts = [rule for rule in fired if rule.effect == "verdict"]
    if verdicts:
        return Step(purpose, "none", None, (), _reasons(profile, verdicts))
    deadline = situation.competing_offer_deadline
    if purpose == "competing_offer" and deadline is not None and deadline < context.now.date():
        return Step(purpose, "none", None, (), (),
                    note=f"the other offer expired on {format_day(deadline, year=situation.interview.year)}")
    tried: list[_Channel] = []
    for channel, rule in _channels(fired, profile.settings.default_channel):
        if channel == "none":
            if not tried:
                return Step(purpose, "none", None, (), _reasons(profile, [rule] if rule else []))
            break
        weighed = _weigh(context, facts, channel, rule, not_before, call_floor if channel == "call" else None)
        tried.append(weighed)
        if weighed.usable:
            return _planned(context, purpose, weighed, fallback_from=tried[0] if len(tried) > 1 else None)
    first = tried[0]
    reasons = _reasons(profile, [evaluator.rules[i] for i in first.shaping])
    if first.allowed:  # allowed times, but none left ahead
        passed = all(slot.end_timestamp <= context.now.timestamp() for slot, _ in first.allowed)
        note = PASSED if passed else "no allowed time is left after the latest contact"
        return _step_value(purpose, first, (), reasons, note)
    return Step(purpose, "none", None, (), reasons, note=_nothing_allowed(context, purpose, first.channel),
                considered=tuple(first.considered))


def _nothing_allowed(context: _Context, purpose: str, channel: str) -> str:
    deadline = context.situation.competing_offer_deadline
    if purpose == "competing_offer" and deadline is not None:
        return (f"the other offer's deadline ({format_day(deadline, year=context.situation.interview.year)}) "
                "leaves no time to get in touch")
    grid, settings = context.grid, context.profile.settings
    if grid.last_day == context.situation.interview.date() + timedelta(days=settings.horizon_days):
        return f"no time for {CHANNEL_TEXT[channel]} is allowed within {settings.horizon_days} days"
    return (f"no time for {CHANNEL_TEXT[channel]} is allowed up to "
            f"{format_day(grid.last_day, year=context.situation.interview.year)}")


def _weigh(context: _Context, facts: dict[str, Any], channel: str, rule: Rule | None, not_before: float,
           floor: date | None) -> _Channel:
    evaluator, grid = context.evaluator, context.grid
    channel_facts = {**facts, "channel": channel}
    base = evaluator.tables["slot"].mask(channel_facts)
    outcomes = evaluator.slot_outcomes([base | mask for mask in context.masks],
                                       lambda index: {**grid.facts(index), **channel_facts})
    shaping: set[str] = {rule.id} if rule else set()
    considered: list[tuple[Slot, Outcome]] = []
    allowed: list[tuple[Slot, Outcome]] = []
    seen: set[int] = set()
    for slot, outcome in zip(grid.slots, outcomes, strict=True):
        if slot.timestamp < not_before or (floor is not None and slot.day < floor):
            continue
        considered.append((slot, outcome))
        if id(outcome) not in seen:
            seen.add(id(outcome))
            # Only the forbidding rules shaped a forbidden slot; its preferences did nothing.
            shaping.update(outcome.forbids or outcome.fired)
        if not outcome.forbids:
            allowed.append((slot, outcome))
    moment = context.now.timestamp()
    usable = [(slot, outcome) for slot, outcome in allowed
              if slot.end_timestamp > moment and slot.timestamp >= context.after_contacts]
    return _Channel(channel, rule, considered, allowed, usable, shaping)


def _step_value(purpose: str, weighed: _Channel, best: tuple[TimeRange, ...], reasons: tuple[Reason, ...],
                note: str | None) -> Step:
    allowed = weighed.allowed
    window = (allowed[0][0].start, allowed[-1][0].end)
    return Step(purpose, weighed.channel, window, best, reasons, note,
                allowed=tuple(slot for slot, _ in allowed), outcomes=tuple(outcome for _, outcome in allowed),
                considered=tuple(weighed.considered))


def _planned(context: _Context, purpose: str, weighed: _Channel, fallback_from: _Channel | None) -> Step:
    profile, evaluator = context.profile, context.evaluator
    reasons = _reasons(profile, [evaluator.rules[i] for i in weighed.shaping])
    note = None
    if fallback_from is not None:
        note = (f"no time for {CHANNEL_TEXT[fallback_from.channel]} is left, "
                f"so {CHANNEL_TEXT[weighed.channel]} instead")
    best = _best(weighed.usable, profile.settings.best_slots)
    return _step_value(purpose, weighed, best, reasons, note)


@dataclass
class _Run:
    """Contiguous usable slots of one rank."""

    rank: tuple[float, float]
    first: Slot
    last: Slot

    def touches(self, other: _Run) -> bool:
        return self.last.end_timestamp == other.first.timestamp or other.last.end_timestamp == self.first.timestamp


def _best(usable: list[tuple[Slot, Outcome]], count: int) -> tuple[TimeRange, ...]:
    """Up to ``count`` ranges of the times the invariants rank first, spread over days first.

    Only the top invariant score counts as best: after a Friday interview, while
    midweek times are left, no Monday afternoon is offered. Among those, one range per
    day in rank order, then further ranges in rank order. A range that touches one
    already taken is no second choice (it is the same moment, a little worse); it is
    left out, and so is everything ranked below it on its day.
    """
    runs: list[_Run] = []
    for slot, outcome in usable:
        last = runs[-1] if runs else None
        if last is not None and last.rank == outcome.rank and last.last.end_timestamp == slot.timestamp:
            last.last = slot
        else:
            runs.append(_Run(outcome.rank, slot, slot))
    if not runs:
        return ()
    top = max(run.rank[0] for run in runs)
    ranked = sorted((run for run in runs if run.rank[0] == top), key=lambda run: (-run.rank[1], run.first.timestamp))
    chosen: list[_Run] = []
    days: set[date] = set()
    for run in ranked:  # first one range per day
        if len(chosen) == count:
            break
        if run.first.day not in days:
            days.add(run.first.day)
            chosen.append(run)
    closed: set[date] = set()
    for run in ranked:  # then the next best ranges that do not touch a chosen one
        if len(chosen) == count:
            break
        if run in chosen or run.first.day in closed:
            continue
        if any(run.touches(other) for other in chosen):
            closed.add(run.first.day)
        else:
            chosen.append(run)
    return tuple(TimeRange(run.first.start, run.last.end, run.rank[0] + run.rank[1]) for run in chosen)


def _verdict(steps: Sequence[Step], now: datetime) -> Verdict:
    """The first step with a best time ahead decides; without one, a rule's no-contact, else too late."""
    moment = now.timestamp()
    for step in steps:
        if step.action == "none" or not step.best:
            continue
        verb = "call" if step.action == "call" else "e-mail"
        what = step.purpose.replace("_", " ")
        for item in step.best:
            if item.start.timestamp() <= moment < item.end.timestamp():
                return Verdict(now, f"{step.action}_now", f"now is one of the best times to {verb} ({what})",
                               step.purpose, None, *_weighing(step, moment))
        start = min((item.start for item in step.best), key=lambda moment: moment.timestamp())
        return Verdict(now, "wait_until", f"the next best time to {verb} ({what}) is {iso(start)}",
                       step.purpose, start, *_weighing(step, start.timestamp()))
    for step in steps:
        if step.action == "none" and step.note is None:  # no contact by a rule's decision
            reason = step.reasons[0].rule.why if step.reasons else "no contact is advised"
            return Verdict(now, "dont_contact", reason, step.purpose)
    # Say why nothing is left: the last step's own reason, unless its time simply passed.
    last = steps[-1]
    reason = last.note if last.note and last.note != PASSED else "the time for following up has passed; move on"
    return Verdict(now, "too_late", reason, last.purpose)


def _weighing(step: Step, moment: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The rules with a positive, and with a negative, weight on the slot at ``moment``; strongest first."""
    outcome = step.outcome_at(moment)
    if outcome is None:  # pragma: no cover - a best range is made of allowed slots
        return (), ()
    rules = {reason.rule.id: reason.rule for reason in step.reasons}
    weighed = sorted((rules[rule_id] for rule_id in outcome.fired if rule_id in rules and rules[rule_id].effect == "prefer"),
                     key=lambda r: (not r.invariant, -abs(r.value), r.id))
    return (tuple(rule.id for rule in weighed if rule.value > 0),
            tuple(rule.id for rule in weighed if rule.value < 0))


def _notes(profile: Profile, situation: Situation, grid: Grid) -> list[str]:
    notes: list[str] = [f"Profile problem, worked around: {warning}" for warning in profile.warnings]
    if situation.country is None:
        notes.append("No country given: weekends are days off, public holidays are not considered.")
    notes += _holiday_notes(situation, grid)
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


def _holiday_notes(situation: Situation, grid: Grid) -> list[str]:
    """Name the holidays on otherwise working days of the plan: they moved or blocked its steps."""
    workdays = [day for day in grid.dates if day.weekday() in grid.working_weekdays]
    year = situation.interview.year
    country = situation.country or ""
    national = [f"{format_day(day, year=year)} ({grid.holidays[day]})" for day in workdays
                if day in grid.holidays and day not in grid.regional]
    regional = [grid.regional[day] + (day,) for day in workdays if day in grid.regional]
    notes = []
    if national:
        where = country + (f"-{situation.subdivision}" if situation.subdivision else "")
        notes.append(f"Public holidays in {where} are kept free of contact: {'; '.join(national)}.")
    if regional:
        listed = "; ".join(f"{format_day(day, year=year)} ({name}, in {_regions(regions)})"
                           for name, regions, day in regional)
        example = f"{country}-{regional[0][1][0]}"
        notes.append(f"No region given: holidays that only some regions of {country} keep are kept free too: "
                     f"{listed}. Give the region (e.g. {example}) for its exact calendar.")
    return notes


def _regions(regions: tuple[str, ...]) -> str:
    if len(regions) <= 4:
        return ", ".join(regions)
    return f"{', '.join(regions[:3])} and {len(regions) - 3} more"
