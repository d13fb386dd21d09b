"""From a situation to the facts that rules test, per step and per candidate slot.

All values are in their compiled form (times in minutes after midnight, weekdays 0-6
from Monday), matching :mod:`engine.language.conditions`. Slots are the business-hour slots of
each day from the interview's date to the horizon, in the employer's time zone; a
slot whose local time does not exist (a DST gap) is skipped, one that happens twice
(a fold) is taken at its first occurrence.

Facts come in groups by what they depend on, so that each is computed once: step
facts (the situation and the step), day facts (the slot's date), the time of day, and
per-slot facts (hours since the interview, earlier contacts). The days and their facts
come from :mod:`.days`, shared between situations; :class:`Grid` adds one situation's
slots, and :meth:`Grid.facts` assembles the full fact set of a slot when a backend
needs to see it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timezone, tzinfo

from ..caches import memo
from ..language.conditions import Value
from ..language.fields import FieldDecl
from ..language.model import Settings
from ..language.periods import Period
from ..plan import Slot
from ..situation import Situation
from ..vocabulary import FACTS, GROUPS
from .days import planned_days

__all__ = ["CONTACT_FACTS", "FACT_GROUPS", "Grid", "Slot", "SlotInput", "StepInput", "build_grid",
           "channel_facts", "step_facts"]

UTC = timezone.utc

# Which facts each group supplies, as the vocabulary declares them; every fact is in exactly one.
FACT_GROUPS: dict[str, tuple[str, ...]] = {group: tuple(name for name, spec in FACTS.items()
                                                        if spec.group == group)
                                           for group in GROUPS}
CONTACT_FACTS = FACT_GROUPS["contacts"]
_COMPUTED = {group: tuple((name, spec.compute) for name, spec in FACTS.items() if spec.group
                          == group and spec.compute)
             for group in GROUPS}


@dataclass(frozen=True)
class StepInput:
    """What a step fact is computed from."""

    situation: Situation
    purpose: str
    interview_week_part: str


@dataclass(frozen=True)
class SlotInput:
    """What the facts of a slot's moment and its earlier contacts are computed from."""

    hours_after: int
    count: int  # earlier contacts, any channel
    by_channel: Mapping[str, int]  # how many went by each channel
    latest: Mapping[str | None, date]  # the date of the latest one (None: of any channel)
    day: date
    # the interview's date: "since the last contact" counts from it when there was none
    first_day: date
    between: Callable[[date, date], int]  # business days in (start, end]

    def made(self, channel: str) -> int:
        """How many earlier contacts went by ``channel``."""
        return self.by_channel.get(channel, 0)

    def last(self, channel: str | None = None) -> date:
        """The date of the latest earlier contact (by ``channel``), else the interview's."""
        return self.latest.get(channel, self.first_day)


def step_facts(situation: Situation, purpose: str, interview_week_part: str,
               fields: tuple[FieldDecl, ...] = ()) -> dict[str, Value]:
    """The facts of a step; ``fields``: the profile's own situation fields (the situation's value,
    else the declared default)."""
    given = dict(situation.fields)
    step = StepInput(situation, purpose, interview_week_part)
    return {
        **{decl.fact: given.get(decl.name, decl.default) for decl in fields},
        **{name: compute(step) for name, compute in _COMPUTED["step"]},
    }


def channel_facts(channel: str) -> dict[str, Value]:
    """The facts of the channel weighed for a step."""
    return {name: compute(channel) for name, compute in _COMPUTED["channel"]}


class Grid:
    """Every candidate slot of one situation and its facts, grouped by what they depend on.

    Slots are kept per day (``day_slots[i]`` are the slots of ``dates[i]``, with their
    indices into ``times`` in ``day_positions[i]``), so that a step can weigh a whole day
    at once where its facts are the same for every slot of the day.
    """

    def __init__(self, situation: Situation, settings: Settings,
                 periods: tuple[Period, ...] = ()) -> None:
        self.zone: tzinfo = situation.zone
        self.calendar = planned_days(situation.interview.date(), situation.country,
                                     situation.subdivision,
                                     situation.promised_reply_by,
                                     situation.competing_offer_deadline, settings, periods)
        self.days = self.calendar.facts
        self.dates = self.calendar.dates
        self.times: tuple[int, ...] = tuple(range(settings.grid_start, settings.grid_end,
                                                  settings.slot_minutes))
        self.slot_minutes = settings.slot_minutes
        self.day_slots: list[tuple[Slot, ...]] = []
        self.day_positions: list[tuple[int, ...]] = []
        self.interview_ts = situation.interview.timestamp()
        self.contacts = [(c.at.timestamp(), c.channel, c.at.astimezone(situation.zone).date())
                         for c in situation.contacts]
        self.contact_times = [contact[0] for contact in self.contacts]
        self.holidays = self.calendar.holidays
        # Holidays that only some regions keep, when the situation names no region: working
        # days against, named apart. Quiet seasons: working days against, by season.
        self.regional = self.calendar.regional
        self.quiet = self.calendar.quiet
        self.interview_week_part = self.calendar.interview_week_part
        self.working_weekdays = self.calendar.working_weekdays
        self.last_day = self.calendar.last_day
        # Per number of earlier contacts: their count, by channel, and the latest dates; contact
        # facts per (that number, day), as the slots ask for them.
        self._summaries: list[tuple[int, dict[str, int], dict[str | None, date]]] | None = None
        self._by_contacts: dict[tuple[int, int], dict[str, Value]] = {}
        self._build(settings)

    def facts(self, day_index: int, slot: Slot) -> dict[str, Value]:
        """The full fact set of a slot of day ``day_index`` (the step's facts apart)."""
        facts: dict[str, Value] = dict(self.days[day_index])
        facts.update((name, compute(slot)) for name, compute in _COMPUTED["time"])
        moment = self._slot_input(self.hours_after(slot), slot.day,
                                  bisect_right(self.contact_times, slot.timestamp))
        facts.update((name, compute(moment)) for name, compute in _COMPUTED["hours"])
        facts.update(self.contact_facts(day_index, slot))
        return facts

    def hours_after(self, slot: Slot) -> int:
        return int((slot.timestamp - self.interview_ts) // 3600)

    def contact_facts(self, day_index: int, slot: Slot) -> dict[str, Value]:
        """Per-slot facts about earlier contacts."""
        if not self.contacts:
            return self.slot_extra_for_day(day_index)
        return self._contact_facts(bisect_right(self.contact_times, slot.timestamp), day_index)

    def _contact_facts(self, earlier: int, day_index: int) -> dict[str, Value]:
        """The contact facts of the slots of a day after
        the first ``earlier`` contacts, made once."""
        key = (earlier, day_index)
        found = self._by_contacts.get(key)
        if found is None:
            moment = self._slot_input(0, self.dates[day_index], earlier)
            found = self._by_contacts[key] = {name: compute(moment)
                                              for name, compute in _COMPUTED["contacts"]}
        return found

    def _slot_input(self, hours_after: int, day: date, earlier: int) -> SlotInput:
        """The input of a slot's moment and contact facts, after the first ``earlier`` contacts."""
        if self._summaries is None:
            summaries: list[tuple[int, dict[str, int], dict[str | None, date]]] = [(0, {}, {})]
            for _, channel, on in self.contacts:
                count, by_channel, latest = summaries[-1]
                summaries.append((count + 1,
                                  {**by_channel, channel: by_channel.get(channel, 0) + 1},
                                  {**latest, None: on, channel: on}))
            self._summaries = summaries
        count, by_channel, latest = self._summaries[earlier]
        return SlotInput(hours_after, count, by_channel, latest, day, self.dates[0],
                         self.business_days_between)

    def contacts_constant(self, day_index: int) -> bool:
        """Whether every slot of the day has the same
        contact facts (no contact falls among them)."""
        slots = self.day_slots[day_index]
        if not self.contacts or not slots:
            return True
        times = self.contact_times
        return bisect_right(times, slots[0].timestamp) == bisect_right(times, slots[-1].timestamp)

    def slot_extra_for_day(self, day_index: int) -> dict[str, Value]:
        """The contact facts of any slot of a day, when there were no earlier contacts."""
        return self._contact_facts(0, day_index)

    def business_days_between(self, start: date, end: date) -> int:
        """Business days in (start, end]; 0 when ``end`` is not after ``start``."""
        return self.calendar.business_days_between(start, end)

    def business_day_after(self, start: date, count: int) -> date | None:
        """The ``count``-th business day after ``start`` among the planned days, if there is one."""
        for day in self.dates:
            if day > start and self.business_days_between(start, day) >= count:
                return day
        return None

    def _build(self, settings: Settings) -> None:
        interview_ts, times, length = self.interview_ts, self.times, settings.slot_minutes
        for day in self.dates:
            slots, positions = _day_slots(day, times, self.zone, length)
            if slots and slots[0].timestamp <= interview_ts:  # only the slots after the interview
                later = [k for k, slot in enumerate(slots) if slot.timestamp > interview_ts]
                slots, positions = tuple(slots[k] for k in later), tuple(
                    positions[k] for k in later)
            self.day_slots.append(slots)
            self.day_positions.append(positions)


@memo("evaluation.facts.day_slots")
def _day_slots(day: date, times: tuple[int, ...], zone: tzinfo,
               length: int) -> tuple[tuple[Slot, ...], tuple[int, ...]]:
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
    back = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return back.replace(tzinfo=None) == moment.replace(tzinfo=None)


def build_grid(situation: Situation, settings: Settings, periods: tuple[Period, ...] = ()) -> Grid:
    return Grid(situation, settings, periods)
