"""The SPEC's invariants, checked on a real plan.

``violations(plan)`` returns a sentence for each invariant the plan breaks (empty
when it holds them all). The property tests and ``followup test`` both use it.

The checks read the SPEC, not the engine's rules, so they can catch what a profile
does despite ``core``. Horizon and business hours are the profile's (the SPEC says
"the profile's horizon", "the employer's business hours"); a weekend is not: it is
"a weekend ... of the given country", the country's weekend days as the ``holidays``
package knows them (Saturday and Sunday without a country), whatever days the
profile lists as ``business_days``.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from functools import lru_cache

import holidays

from .facts import Slot
from .planner import Plan, Step

__all__ = ["INVARIANTS", "violations", "weekend"]

INVARIANTS = {
    1: "no call on the interview's calendar day",
    2: "no call on the next calendar day",
    3: "no call after the horizon, outside business hours, on a weekend or a public holiday",
    4: "after a Friday interview, the best call slot is midweek of the next week, never Monday morning",
    5: "a grievance gets no contact",
    6: "no status call before the promised reply date has passed",
    7: "best slots lie inside their window; the window inside the horizon",
    8: "the same input gives byte-identical JSON",
}


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _utc(moment: datetime) -> datetime:
    """Aware datetimes of one zone compare by wall clock, blind to DST folds; UTC does not."""
    return moment.astimezone(timezone.utc)


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@lru_cache(maxsize=256)
def weekend(country: str | None, subdivision: str | None = None) -> frozenset[int]:
    """Weekend weekdays (0 = Monday) of a country; Saturday and Sunday without one."""
    if country is None:
        return frozenset({5, 6})
    return frozenset(int(day) for day in holidays.country_holidays(country, subdiv=subdivision).weekend)


def _call_slot_problems(plan: Plan, step: Step, slot: Slot) -> list[str]:
    """The invariants an allowed call slot breaks, each as a problem without its time."""
    settings = plan.profile.settings
    days = (slot.day - plan.situation.interview.date()).days
    found = []
    if days == 0:
        found.append("1: call allowed on the interview day")
    if days == 1:
        found.append("2: call allowed on the day after the interview")
    if days > settings.horizon_days:
        found.append(f"3: call allowed after the {settings.horizon_days}-day horizon")
    minutes = slot.start.hour * 60 + slot.start.minute
    if not settings.business_start <= minutes < settings.business_end:
        found.append("3: call allowed outside business hours")
    if slot.day.weekday() not in settings.business_days or slot.facts.get("holiday"):
        found.append("3: call allowed on a day off")
    if slot.day.weekday() in weekend(plan.situation.country, plan.situation.subdivision):
        found.append(f"3: call allowed on a weekend ({_DAY_NAMES[slot.day.weekday()]})")
    promised = plan.situation.promised_reply_by
    if step.purpose == "status" and promised is not None and slot.day <= promised:
        found.append(f"6: status call allowed before the promised date {promised} has passed")
    return found


def _call_slots(plan: Plan, step: Step) -> list[str]:
    """One sentence per problem: how many allowed slots have it, and the first one."""
    slots: dict[str, list[Slot]] = {}
    for slot in step.allowed:
        for problem in _call_slot_problems(plan, step, slot):
            slots.setdefault(problem, []).append(slot)
    return [
        f"{problem}: {step.purpose} at {_iso(found[0].start)}"
        + (f" and {len(found) - 1} more slot{'s' if len(found) > 2 else ''}" if len(found) > 1 else "")
        for problem, found in slots.items()
    ]


def _friday(plan: Plan, step: Step) -> list[str]:
    interview = plan.situation.interview
    if interview.weekday() != 4 or step.action != "call" or not step.best:
        return []
    monday = interview.date() + timedelta(days=3)
    next_week = [slot for slot in step.allowed if 0 <= (slot.day - monday).days < 7]
    midweek = [slot for slot in next_week if 1 <= slot.day.weekday() <= 3]
    best = step.best[0].start
    if midweek and not (1 <= best.weekday() <= 3 and 0 <= (best.date() - monday).days < 7):
        return [f"4: best call slot {_iso(best)} is not midweek of the week after a Friday interview"]
    if midweek and best.date() == monday and best.hour < 12:
        return [f"4: best call slot {_iso(best)} is Monday morning"]  # pragma: no cover - implied above
    return []


def _containment(plan: Plan, step: Step) -> list[str]:
    found = []
    if step.window is None:
        if step.best:
            found.append(f"7: {step.purpose} has best slots but no window")
        return found
    earliest, latest = step.window
    for item in step.best:
        if _utc(item.start) < _utc(earliest) or _utc(item.end) > _utc(latest):
            found.append(f"7: best slot {_iso(item.start)} lies outside the window")
    interview = plan.situation.interview
    last_day = interview.date() + timedelta(days=plan.profile.settings.horizon_days)
    if _utc(earliest) <= _utc(interview) or (latest - timedelta(minutes=1)).date() > last_day:
        found.append(f"7: window {_iso(earliest)}..{_iso(latest)} is outside the horizon")
    return found


def violations(plan: Plan, again: Plan | None = None) -> list[str]:
    """Every invariant that ``plan`` breaks; ``again`` is the same input planned twice."""
    found: list[str] = []
    for step in plan.steps:
        if step.purpose == "grievance" and step.action != "none":
            found.append(f"5: grievance gets action {step.action}")
        if step.action == "call":
            found.extend(_call_slots(plan, step))
            found.extend(_friday(plan, step))
        found.extend(_containment(plan, step))
    if again is not None:
        first = json.dumps(plan.to_dict(), sort_keys=False)
        second = json.dumps(again.to_dict(), sort_keys=False)
        if first != second:
            found.append("8: the same input gave different JSON")
    return sorted(set(found))
