"""From a situation to the facts that rules test, per step and per candidate slot.

All values are in their compiled form (times in minutes after midnight, weekdays 0-6
from Monday), matching :mod:`engine.conditions`. Slots are the business-hour slots of
each day from the interview's date to the horizon, in the employer's time zone; a
slot whose local time does not exist (a DST gap) is skipped, one that happens twice
(a fold) is taken at its first occurrence.

Facts come in groups by what they depend on, so that each is computed once: step
facts (the situation and the step), day facts (the slot's date), the time of day, and
per-slot facts (hours since the interview, earlier contacts). :class:`Grid` holds them
for one situation; :meth:`Grid.facts` assembles the full fact set of a slot when a
backend needs to see it.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache

from .conditions import Value
from .profiles import Settings
from .situation import Situation

__all__ = ["CONTACT_FACTS", "FACT_GROUPS", "Grid", "Slot", "build_grid", "step_facts"]

UTC = timezone.utc

# Which facts each group supplies; every fact of the vocabulary is in exactly one.
FACT_GROUPS: dict[str, tuple[str, ...]] = {
    "step": ("purpose", "traditional", "heard_back", "has_promised_reply", "has_competing_offer",
             "interview_weekday", "interview_time", "channel"),
    "day": ("days_after", "business_days_after", "weeks_after", "weekday", "business_day", "holiday",
            "promised_reply_passed", "business_days_after_promise", "offer_deadline_passed",
            "days_to_offer_deadline"),
    "time": ("time",),
    "slot": ("hours_after", "contacts", "calls_made", "emails_sent", "days_since_last_contact"),
}
CONTACT_FACTS = ("contacts", "calls_made", "emails_sent", "days_since_last_contact")


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


class Slot:
    """A candidate time slot. Its aware datetimes are made only when asked for."""

    __slots__ = ("day", "day_index", "grid", "index", "length", "minutes", "timestamp")

    def __init__(self, grid: Grid, index: int, day_index: int, day: date, minutes: int, timestamp: float,
                 length: int) -> None:
        self.grid = grid
        self.index = index
        self.day_index = day_index
        self.day = day
        self.minutes = minutes
        self.timestamp = timestamp  # UTC seconds of the start
        self.length = length

    @property
    def start(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp, self.grid.zone)

    @property
    def end(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp + self.length * 60, self.grid.zone)

    @property
    def holiday(self) -> bool:
        return bool(self.grid.days[self.day_index]["holiday"])

    @property
    def facts(self) -> dict[str, Value]:
        """The slot's facts (without the step's)."""
        return self.grid.facts(self.index)

    def __repr__(self) -> str:
        return f"Slot({self.start.isoformat()})"


class Grid:
    """Every candidate slot of one situation and its facts, grouped by what they depend on."""

    def __init__(self, situation: Situation, settings: Settings) -> None:
        self.zone: tzinfo = situation.zone
        self.days: list[dict[str, Value]] = []
        self.times: list[int] = list(range(settings.business_start, settings.business_end, settings.slot_minutes))
        self.slots: list[Slot] = []
        self.slot_time: list[int] = []  # index into ``times``
        self.hours_after: list[int] = []
        self.contact_facts: list[dict[str, Value]] | None = None
        self._build(situation, settings)

    def facts(self, index: int) -> dict[str, Value]:
        slot = self.slots[index]
        facts: dict[str, Value] = dict(self.days[slot.day_index])
        facts["time"] = slot.minutes
        facts["hours_after"] = self.hours_after[index]
        facts.update(self.slot_extra(index))
        return facts

    def slot_extra(self, index: int) -> dict[str, Value]:
        """Per-slot facts about earlier contacts."""
        if self.contact_facts is not None:
            return self.contact_facts[index]
        return self.slot_extra_for_day(self.slots[index].day_index)

    def slot_extra_for_day(self, day_index: int) -> dict[str, Value]:
        """The contact facts of any slot of a day, when there were no earlier contacts."""
        return {"contacts": 0, "calls_made": 0, "emails_sent": 0,
                "days_since_last_contact": self.days[day_index]["days_after"]}

    def _build(self, situation: Situation, settings: Settings) -> None:
        interview = situation.interview
        zone = situation.zone
        first_day = interview.date()
        last_day = first_day + timedelta(days=settings.horizon_days)
        holidays = _holidays(situation, first_day, last_day)
        weekend = _weekend(situation)
        promised = situation.promised_reply_by
        deadline = situation.competing_offer_deadline
        interview_ts = interview.timestamp()
        week_start = first_day - timedelta(days=first_day.weekday())

        def is_business(day: date) -> bool:
            weekday = day.weekday()
            return weekday in settings.business_days and weekday not in weekend and day not in holidays

        # Business days counted from the earlier of the interview and the promised date; a
        # promise far before the interview is capped at a year: only small counts matter.
        origin = max(min(first_day, promised), first_day - timedelta(days=366)) if promised else first_day
        span = (last_day - origin).days + 1
        counted: list[int] = [0] * (span + 1)  # business days in (origin, origin + i]
        for offset in range(1, span + 1):
            counted[offset] = counted[offset - 1] + is_business(origin + timedelta(days=offset))

        def business_between(start: date, end: date) -> int:
            return counted[(end - origin).days] - counted[max(0, (start - origin).days)]

        length = settings.slot_minutes
        slots, slot_time, hours_after, times = self.slots, self.slot_time, self.hours_after, self.times
        slot_starts = tuple(times)
        for offset in range(settings.horizon_days + 1):
            day = first_day + timedelta(days=offset)
            self.days.append({
                "days_after": offset,
                "business_days_after": business_between(first_day, day),
                "weeks_after": (day - week_start).days // 7,
                "weekday": day.weekday(),
                "business_day": is_business(day),
                "holiday": day in holidays,
                "promised_reply_passed": promised is not None and day > promised,
                "business_days_after_promise": business_between(promised, day) if promised and day > promised else 0,
                "offer_deadline_passed": deadline is not None and day > deadline,
                "days_to_offer_deadline": (deadline - day).days if deadline and deadline > day else 0,
            })
            starts = [(position, stamp) for position, stamp in _day_starts(day, slot_starts, zone)
                      if stamp > interview_ts]
            first = len(slots)
            slots.extend([Slot(self, first + k, offset, day, times[position], stamp, length)
                          for k, (position, stamp) in enumerate(starts)])
            slot_time.extend([position for position, _ in starts])
            hours_after.extend([int((stamp - interview_ts) // 3600) for _, stamp in starts])
        if situation.contacts:
            self.contact_facts = _contact_facts(situation, self.slots, first_day)


@lru_cache(maxsize=16_384)
def _day_starts(day: date, times: tuple[int, ...], zone: tzinfo) -> tuple[tuple[int, float], ...]:
    """(index into ``times``, UTC timestamp) of the slot starts that exist on ``day``.

    Remembered: a batch plans many situations in the same zones over the same dates.
    """
    first = datetime.combine(day, time(times[0] // 60, times[0] % 60), tzinfo=zone)
    last = datetime.combine(day, time(times[-1] // 60, times[-1] % 60), tzinfo=zone)
    if first.utcoffset() == last.utcoffset() and (len(times) > 1 or _exists(first)):
        # The same offset at the first and last start: no clock change in between (no zone
        # changes its clock twice within hours), so one offset serves the whole day.
        base = first.timestamp() - times[0] * 60
        return tuple((position, base + minutes * 60) for position, minutes in enumerate(times))
    starts = []
    for position, minutes in enumerate(times):
        start = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone)
        if _exists(start):
            starts.append((position, start.timestamp()))
    return tuple(starts)


def _exists(moment: datetime) -> bool:
    """False for a wall-clock time in a DST gap."""
    return moment.astimezone(UTC).astimezone(moment.tzinfo).replace(tzinfo=None) == moment.replace(tzinfo=None)


def _holidays(situation: Situation, first: date, last: date) -> frozenset[date]:
    if situation.country is None:
        return frozenset()
    from .holidays_source import holiday_dates  # the holidays package loads only when needed

    return holiday_dates(situation.country, situation.subdivision, range(first.year, last.year + 1))


def _weekend(situation: Situation) -> frozenset[int]:
    if situation.country is None:
        return SATURDAY_SUNDAY
    from .holidays_source import weekend_days  # the holidays package loads only when needed

    return weekend_days(situation.country)


SATURDAY_SUNDAY = frozenset((5, 6))


def _contact_facts(situation: Situation, slots: list[Slot], first_day: date) -> list[dict[str, Value]]:
    zone = situation.zone
    contacts = [(c.at.timestamp(), c.channel, c.at.astimezone(zone).date()) for c in situation.contacts]
    times = [c[0] for c in contacts]
    facts: list[dict[str, Value]] = []
    for slot in slots:
        earlier = bisect_left(times, slot.timestamp)
        calls = sum(1 for c in contacts[:earlier] if c[1] == "call")
        last_contact = contacts[earlier - 1][2] if earlier else first_day
        facts.append({
            "contacts": earlier,
            "calls_made": calls,
            "emails_sent": earlier - calls,
            "days_since_last_contact": max(0, (slot.day - last_contact).days),
        })
    return facts


def build_grid(situation: Situation, settings: Settings) -> Grid:
    return Grid(situation, settings)
