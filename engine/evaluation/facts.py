"""From a situation to the facts that rules test, per step and per candidate slot.

All values are in their compiled form (times in minutes after midnight, weekdays 0-6
from Monday), matching :mod:`engine.language.conditions`. Slots are the business-hour slots of
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
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING

from ..language.conditions import Value
from ..language.model import Settings
from ..vocabulary import MAX_STRETCH_DAYS
from .plan import Slot
from .situation import Situation

if TYPE_CHECKING:
    from .holidays_source import Calendar

__all__ = ["CONTACT_FACTS", "FACT_GROUPS", "Grid", "Slot", "build_grid", "last_day", "step_facts", "week_start"]

UTC = timezone.utc

# Which facts each group supplies; every fact of the vocabulary is in exactly one.
FACT_GROUPS: dict[str, tuple[str, ...]] = {
    "step": ("purpose", "traditional", "heard_back", "has_promised_reply", "has_competing_offer",
             "interview_weekday", "interview_week_part", "interview_time", "channel"),
    "day": ("days_after", "business_days_after", "weeks_after", "weekday", "week_part", "business_day", "holiday",
            "promised_reply_passed", "business_days_after_promise", "offer_deadline_passed",
            "days_to_offer_deadline"),
    "time": ("time", "end_time"),
    "slot": ("hours_after", "contacts", "calls_made", "emails_sent", "days_since_last_contact",
             "business_days_since_last_call"),
}
CONTACT_FACTS = ("contacts", "calls_made", "emails_sent", "days_since_last_contact", "business_days_since_last_call")


def step_facts(situation: Situation, purpose: str, interview_week_part: str) -> dict[str, Value]:
    local = situation.interview
    return {
        "purpose": purpose,
        "traditional": situation.traditional,
        "heard_back": situation.heard_back,
        "has_promised_reply": situation.promised_reply_by is not None,
        "has_competing_offer": situation.competing_offer_deadline is not None,
        "interview_weekday": local.weekday(),
        "interview_week_part": interview_week_part,
        "interview_time": local.hour * 60 + local.minute,
    }


def last_day(situation: Situation, settings: Settings, is_business: Callable[[date], bool]) -> date:
    """The last planned day: the horizon's, or later to give a promised reply its grace period.

    With a promised reply date, the plan stays open until the ``promise_grace_days``-th
    business day after it, however far past the horizon that is (within
    ``MAX_STRETCH_DAYS``).
    """
    first = situation.interview.date()
    last = first + timedelta(days=settings.horizon_days)
    promised = situation.promised_reply_by
    if promised is None:
        return last
    cap = first + timedelta(days=settings.horizon_days + MAX_STRETCH_DAYS)
    day, counted = promised, 0
    while counted < settings.promise_grace_days and day < cap:
        day += timedelta(days=1)
        counted += is_business(day)
    return min(max(last, day), cap)


class Grid:
    """Every candidate slot of one situation and its facts, grouped by what they depend on.

    Slots are kept per day (``day_slots[i]`` are the slots of ``dates[i]``, with their
    indices into ``times`` in ``day_positions[i]``), so that a step can weigh a whole day
    at once where its facts are the same for every slot of the day.
    """

    def __init__(self, situation: Situation, settings: Settings) -> None:
        self.zone: tzinfo = situation.zone
        self.days: list[dict[str, Value]] = []
        self.dates: list[date] = []
        self.times: tuple[int, ...] = tuple(range(settings.business_start, settings.business_end,
                                                  settings.slot_minutes))
        self.slot_minutes = settings.slot_minutes
        self.day_slots: list[tuple[Slot, ...]] = []
        self.day_positions: list[tuple[int, ...]] = []
        self.interview_ts = situation.interview.timestamp()
        self.contacts = [(c.at.timestamp(), c.channel, c.at.astimezone(situation.zone).date())
                         for c in situation.contacts]
        self.contact_times = [contact[0] for contact in self.contacts]
        self.holidays: dict[date, str] = {}
        # Possible days off: holidays of some regions, when the situation names no region. They
        # are days off like the public holidays in ``holidays``, and named apart.
        self.regional: dict[date, tuple[str, tuple[str, ...]]] = {}
        self.interview_week_part = "off"
        self.working_weekdays: frozenset[int] = frozenset()
        self.last_day: date = situation.interview.date()
        self._business_count: Callable[[date, date], int] = lambda start, end: 0
        self._build(situation, settings)

    @property
    def slots(self) -> list[Slot]:
        """Every slot, in time order."""
        return [slot for slots in self.day_slots for slot in slots]

    def facts(self, day_index: int, slot: Slot) -> dict[str, Value]:
        """The full fact set of a slot of day ``day_index`` (the step's facts apart)."""
        facts: dict[str, Value] = dict(self.days[day_index])
        facts["time"] = slot.minutes
        facts["end_time"] = slot.minutes + slot.length
        facts["hours_after"] = self.hours_after(slot)
        facts.update(self.contact_facts(day_index, slot))
        return facts

    def hours_after(self, slot: Slot) -> int:
        return int((slot.timestamp - self.interview_ts) // 3600)

    def contact_facts(self, day_index: int, slot: Slot) -> dict[str, Value]:
        """Per-slot facts about earlier contacts."""
        if not self.contacts:
            return self.slot_extra_for_day(day_index)
        contacts = self.contacts
        earlier = bisect_left(self.contact_times, slot.timestamp)
        calls = [c for c in contacts[:earlier] if c[1] == "call"]
        first_day = self.dates[0]
        last_contact = contacts[earlier - 1][2] if earlier else first_day
        last_call = calls[-1][2] if calls else first_day
        return {
            "contacts": earlier,
            "calls_made": len(calls),
            "emails_sent": earlier - len(calls),
            "days_since_last_contact": max(0, (slot.day - last_contact).days),
            "business_days_since_last_call": self.business_days_between(last_call, slot.day),
        }

    def contacts_constant(self, day_index: int) -> bool:
        """Whether every slot of the day has the same contact facts (no contact falls among them)."""
        slots = self.day_slots[day_index]
        if not self.contacts or not slots:
            return True
        times = self.contact_times
        return bisect_left(times, slots[0].timestamp) == bisect_left(times, slots[-1].timestamp)

    def slot_extra_for_day(self, day_index: int) -> dict[str, Value]:
        """The contact facts of any slot of a day, when there were no earlier contacts."""
        day = self.days[day_index]
        return {"contacts": 0, "calls_made": 0, "emails_sent": 0,
                "days_since_last_contact": day["days_after"],
                "business_days_since_last_call": day["business_days_after"]}

    def business_days_between(self, start: date, end: date) -> int:
        """Business days in (start, end]; 0 when ``end`` is not after ``start``."""
        return self._business_count(start, end)

    def business_day_after(self, start: date, count: int) -> date | None:
        """The ``count``-th business day after ``start`` among the planned days, if there is one."""
        for day in self.dates:
            if day > start and self.business_days_between(start, day) >= count:
                return day
        return None

    def _build(self, situation: Situation, settings: Settings) -> None:
        interview = situation.interview
        first_day = interview.date()
        weekend = _weekend(situation)
        working = self.working_weekdays = frozenset(settings.business_days) - weekend
        promised = situation.promised_reply_by
        deadline = situation.competing_offer_deadline
        calendars: dict[int, Calendar] = {}

        def days_off(year: int) -> dict[date, str] | frozenset[date]:
            """Public holidays, and the possible days off (regions' holidays) when no region is given."""
            if situation.country is None:
                return frozenset()
            found = calendars.get(year)
            if found is None:
                found = calendars[year] = _calendar(situation, year)
            return found.days_off

        def is_business(day: date) -> bool:
            return day.weekday() in working and day not in days_off(day.year)

        last = last_day(situation, settings, is_business)
        # Business days are counted from the earlier of the interview's week and a promised
        # date (capped at a year before: only small counts matter), to a week past the last day.
        origin = first_day - timedelta(days=7)
        if promised is not None:
            origin = max(min(origin, promised), first_day - timedelta(days=366))
        end = last + timedelta(days=7)
        if situation.country is not None:
            for year in range(first_day.year, last.year + 1):
                days_off(year)
                self.holidays.update((day, name) for day, name in calendars[year].holidays.items()
                                     if first_day <= day <= last)
                self.regional.update((day, found) for day, found in calendars[year].regional.items()
                                     if first_day <= day <= last)
        self.last_day = last
        span = (end - origin).days + 1
        business = [is_business(origin + timedelta(days=offset)) for offset in range(span)]
        counted: list[int] = [0] * span  # business days in (origin, origin + i]
        for offset in range(1, span):
            counted[offset] = counted[offset - 1] + business[offset]

        def business_between(start: date, stop: date) -> int:
            if stop <= start:
                return 0
            high = min((stop - origin).days, span - 1)
            return counted[high] - counted[min(span - 1, max(0, (start - origin).days))]

        self._business_count = business_between
        starts_on = week_start(weekend)

        def week_of(day: date) -> date:
            return day - timedelta(days=(day.weekday() - starts_on) % 7)

        # Each day's part of its working week, for the span (whole weeks around the planned days).
        parts = ["off"] * span
        week = (week_of(origin) - origin).days
        while week < span:
            open_days = [index for index in range(max(0, week), min(span, week + 7)) if business[index]]
            for index in open_days:
                parts[index] = "first" if index == open_days[0] else "mid"
            if open_days:
                parts[open_days[-1]] = "last"
            week += 7

        def week_part(day: date) -> str:
            return parts[(day - origin).days]

        first_week = week_of(first_day)
        self.interview_week_part = week_part(first_day)
        length = settings.slot_minutes
        times, zone_key = self.times, self.zone
        interview_ts = self.interview_ts
        for offset in range((last - first_day).days + 1):
            day = first_day + timedelta(days=offset)
            self.dates.append(day)
            self.days.append({
                "days_after": offset,
                "business_days_after": business_between(first_day, day),
                "weeks_after": (week_of(day) - first_week).days // 7,
                "weekday": day.weekday(),
                "week_part": week_part(day),
                "business_day": business[(day - origin).days],
                "holiday": day in self.holidays or day in self.regional,
                "promised_reply_passed": promised is not None and day > promised,
                "business_days_after_promise": business_between(promised, day) if promised and day > promised else 0,
                "offer_deadline_passed": deadline is not None and day > deadline,
                "days_to_offer_deadline": (deadline - day).days if deadline and deadline > day else 0,
            })
            slots, positions = _day_slots(day, times, zone_key, length)
            if slots and slots[0].timestamp <= interview_ts:  # only the slots after the interview
                later = [k for k, slot in enumerate(slots) if slot.timestamp > interview_ts]
                slots, positions = tuple(slots[k] for k in later), tuple(positions[k] for k in later)
            self.day_slots.append(slots)
            self.day_positions.append(positions)


@lru_cache(maxsize=16_384)
def _day_slots(day: date, times: tuple[int, ...], zone: tzinfo, length: int) -> tuple[tuple[Slot, ...], tuple[int, ...]]:
    """The slots that exist on ``day`` in ``zone``, and their indices into ``times``.

    Remembered, and shared by every plan that uses them (a slot is an immutable value): a
    batch plans many situations in the same zones over the same dates.
    """
    starts = _day_starts(day, times, zone)
    return (tuple(Slot(zone, day, times[position], stamp, length) for position, stamp in starts),
            tuple(position for position, _ in starts))


def _day_starts(day: date, times: tuple[int, ...], zone: tzinfo) -> tuple[tuple[int, float], ...]:
    """(index into ``times``, UTC timestamp) of the slot starts that exist on ``day``."""
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


def _calendar(situation: Situation, year: int) -> Calendar:
    assert situation.country is not None
    from .holidays_source import calendar  # the holidays package loads only when needed

    return calendar(situation.country, situation.subdivision, range(year, year + 1))


def week_start(weekend: frozenset[int]) -> int:
    """The first weekday of the working week: the day after the weekend (Monday; Sunday in Israel)."""
    for day in range(7):
        if day not in weekend and (day - 1) % 7 in weekend:
            return day
    return 0  # no weekend at all: weeks run Monday to Sunday


def _weekend(situation: Situation) -> frozenset[int]:
    if situation.country is None:
        return SATURDAY_SUNDAY
    from .holidays_source import weekend_days  # the holidays package loads only when needed

    return weekend_days(situation.country)


SATURDAY_SUNDAY = frozenset((5, 6))


def build_grid(situation: Situation, settings: Settings) -> Grid:
    return Grid(situation, settings)
