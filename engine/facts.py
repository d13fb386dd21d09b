"""From a situation to the facts that rules test, per step and per candidate slot.

All values are in their compiled form (times in minutes after midnight, weekdays 0-6
from Monday), matching :mod:`engine.conditions`. Slots are the business-hour slots of
each day from the interview's date to the horizon, in the employer's time zone; a
slot whose local time does not exist (a DST gap) is skipped, one that happens twice
(a fold) is taken at its first occurrence.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from .conditions import Value
from .profiles import Settings
from .situation import Situation

__all__ = ["Slot", "build_slots", "step_facts"]

UTC = timezone.utc


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware, employer-local
    end: datetime
    day: date
    facts: dict[str, Value]


def step_facts(situation: Situation, purpose: str) -> dict[str, Value]:
    local = situation.interview
    return {
        "purpose": purpose,
        "traditional": situation.traditional,
        "heard_back": situation.heard_back,
        "has_promised_reply": situation.promised_reply_by is not None,
        "has_competing_offer": situation.competing_offer_deadline is not None,
        "interview_weekday": local.weekday(),
        "interview_time": local.hour * 60 + local.minute,
    }


def holidays_for(situation: Situation, first: date, last: date) -> frozenset[date]:
    if situation.country is None:
        return frozenset()
    from .holidays_source import holiday_dates  # the holidays package loads only when needed

    return holiday_dates(situation.country, situation.subdivision, range(first.year, last.year + 1))


def build_slots(situation: Situation, settings: Settings) -> list[Slot]:
    """Every candidate slot after the interview, up to the horizon, in local time."""
    interview = situation.interview
    zone = situation.zone
    first_day = interview.date()
    last_day = first_day + timedelta(days=settings.horizon_days)
    holidays = holidays_for(situation, first_day, last_day)
    promised = situation.promised_reply_by
    deadline = situation.competing_offer_deadline
    interview_utc = interview.astimezone(UTC)
    week_start = first_day - timedelta(days=first_day.weekday())
    contacts = [(c.at.astimezone(UTC), c.channel, c.at.astimezone(zone).date()) for c in situation.contacts]
    contact_times = [c[0] for c in contacts]

    def is_business(day: date) -> bool:
        return day.weekday() in settings.business_days and day not in holidays

    # Business days counted from the earlier of the interview and the promised date.
    # A promise far before the interview is capped at a year: only small counts matter.
    origin = max(min(first_day, promised), first_day - timedelta(days=366)) if promised else first_day
    span = (last_day - origin).days + 1
    business_before: list[int] = [0] * (span + 1)  # business days in (origin, origin + i]
    for offset in range(1, span + 1):
        business_before[offset] = business_before[offset - 1] + is_business(origin + timedelta(days=offset))

    def business_between(start: date, end: date) -> int:
        """Business days in (start, end], both within the counted span."""
        return business_before[(end - origin).days] - business_before[max(0, (start - origin).days)]

    starts = range(settings.business_start, settings.business_end, settings.slot_minutes)
    slots: list[Slot] = []
    for offset in range(settings.horizon_days + 1):
        day = first_day + timedelta(days=offset)
        business = is_business(day)
        day_facts: dict[str, Value] = {
            "days_after": offset,
            "business_days_after": business_between(first_day, day),
            "weeks_after": (day - week_start).days // 7,
            "weekday": day.weekday(),
            "business_day": business,
            "holiday": day in holidays,
            "promised_reply_passed": promised is not None and day > promised,
            "business_days_after_promise": business_between(promised, day) if promised and day > promised else 0,
            "offer_deadline_passed": deadline is not None and day > deadline,
            "days_to_offer_deadline": (deadline - day).days if deadline and deadline > day else 0,
        }
        for minutes in starts:
            wall = datetime.combine(day, time(minutes // 60, minutes % 60))
            start = wall.replace(tzinfo=zone)
            start_utc = start.astimezone(UTC)
            if start_utc.astimezone(zone).replace(tzinfo=None) != wall:
                continue  # a DST gap: this wall-clock time does not exist today
            if start_utc <= interview_utc:
                continue
            end = (start_utc + timedelta(minutes=settings.slot_minutes)).astimezone(zone)
            earlier = bisect_left(contact_times, start_utc)
            calls = sum(1 for c in contacts[:earlier] if c[1] == "call")
            last_contact = contacts[earlier - 1][2] if earlier else first_day
            facts = dict(day_facts)
            facts["time"] = minutes
            facts["hours_after"] = int((start_utc - interview_utc).total_seconds() // 3600)
            facts["contacts"] = earlier
            facts["calls_made"] = calls
            facts["emails_sent"] = earlier - calls
            facts["days_since_last_contact"] = max(0, (day - last_contact).days)
            slots.append(Slot(start, end, day, facts))
    return slots
