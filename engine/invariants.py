"""The SPEC's invariants, checked on a real plan.

``violations(plan)`` returns a sentence for each invariant the plan breaks (empty
when it holds them all). The property tests and ``followup test`` both use it.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from .facts import Slot
from .planner import Plan, Step

__all__ = ["INVARIANTS", "violations"]

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


def _call_slot_problems(plan: Plan, step: Step, slot: Slot) -> list[str]:
    settings = plan.profile.settings
    interview_day = plan.situation.interview.date()
    found = []
    days = (slot.day - interview_day).days
    if days == 0:
        found.append(f"1: call allowed on the interview day ({_iso(slot.start)})")
    if days == 1:
        found.append(f"2: call allowed on the day after the interview ({_iso(slot.start)})")
    if days > settings.horizon_days:
        found.append(f"3: call allowed after the {settings.horizon_days}-day horizon ({_iso(slot.start)})")
    minutes = slot.start.hour * 60 + slot.start.minute
    if not settings.business_start <= minutes < settings.business_end:
        found.append(f"3: call allowed outside business hours ({_iso(slot.start)})")
    if slot.day.weekday() not in settings.business_days or slot.facts.get("holiday"):
        found.append(f"3: call allowed on a day off ({_iso(slot.start)})")
    promised = plan.situation.promised_reply_by
    if step.purpose == "status" and promised is not None and slot.day <= promised:
        found.append(f"6: status call allowed on {slot.day} before the promised date {promised} has passed")
    return found


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
            for slot in step.allowed:
                found.extend(_call_slot_problems(plan, step, slot))
            found.extend(_friday(plan, step))
        found.extend(_containment(plan, step))
    if again is not None:
        first = json.dumps(plan.to_dict(), sort_keys=False)
        second = json.dumps(again.to_dict(), sort_keys=False)
        if first != second:
            found.append("8: the same input gave different JSON")
    return sorted(set(found))
