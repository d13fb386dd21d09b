"""The state a plan's steps share: the grid, the rules' atom tables, each day's slot patterns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..language.model import Profile, Rule
from ..plan import Slot
from ..situation import Situation
from .evaluate import AtomTable, DayOutcome, Evaluator, Outcome
from .facts import CONTACT_FACTS, FACT_GROUPS, Grid

__all__ = ["Channel", "Context", "day_outcome", "day_patterns"]


@dataclass
class Context:
    """What every step of one plan shares."""

    profile: Profile
    situation: Situation
    evaluator: Evaluator
    grid: Grid
    now: datetime
    after_contacts: float  # UTC seconds of the latest earlier contact
    _patterns: list[tuple[int, tuple[int, ...] | None]] | None = None
    _time_bits: tuple[int, ...] = ()

    @property
    def patterns(self) -> list[tuple[int, tuple[int, ...] | None]]:
        """Each day's atom pattern, made once and only if a
        step needs slots (see :func:`day_patterns`)."""
        if self._patterns is None:
            table, grid = self.evaluator.tables["slot"], self.grid
            self._time_bits = table.time_bits(grid.times, grid.slot_minutes)
            self._patterns = day_patterns(table, grid, self._time_bits)
        return self._patterns

    def slot_masks(self, index: int) -> tuple[int, ...]:
        """The patterns of day ``index``'s slots, without the step's bits."""
        common, own = self.patterns[index]
        if own is not None:
            return own
        bits = self._time_bits
        return tuple(common | bits[position] for position in self.grid.day_positions[index])


@dataclass
class Channel:
    """One channel weighed for a step."""

    channel: str
    rule: Rule | None
    # per day: its slots and their outcomes
    considered: list[tuple[Sequence[Slot], Sequence[Outcome]]]
    slots: list[Slot]  # the allowed slots, in time order
    outcomes: list[Outcome]  # and their outcomes
    usable_from: int  # the allowed slots from this index on are usable (ahead, after the contacts)
    shaping: set[str]

    @property
    def usable(self) -> bool:
        return self.usable_from < len(self.slots)


def day_patterns(table: AtomTable, grid: Grid,
                 time_bits: tuple[int, ...]) -> list[tuple[int, tuple[int, ...] | None]]:
    """Per day, the atom pattern its slots share, and their own patterns where they differ.

    A slot's pattern is its day's bits, its time's bits, and the bits of its hours since the
    interview and of the earlier contacts. Where the last two are the same for every slot
    of a day (most days: no rule's threshold of hours falls within the day, no contact
    lies between its slots), the day is one pattern plus its times, ``(common, None)``;
    elsewhere ``(0, patterns of its slots)``. The step adds its own bits to both.
    """
    day_group, contact_group = FACT_GROUPS["day"] + grid.calendar.period_facts, CONTACT_FACTS
    calendar = grid.calendar  # shared by the situations with the same days: so are their patterns
    day_bits = calendar.remembered(
        table, lambda: tuple(table.group_mask(day_group, day) for day in grid.days))
    quiet = calendar.remembered((table, "no contacts"), lambda: tuple(
        bits | table.group_mask(contact_group, grid.slot_extra_for_day(index))
        for index, bits in enumerate(day_bits)))
    # Past the last threshold of hours any rule tests, every later slot has the same hours
    # bits: without contacts, each day from there on is its remembered pattern and those bits.
    beyond = table.beyond("hours_after")
    found: list[tuple[int, tuple[int, ...] | None]] = []
    for index, slots in enumerate(grid.day_slots):
        if not slots:
            found.append((0, None))
            continue
        hours = grid.hours_after(slots[0])
        if beyond is not None and hours >= beyond and not grid.contacts:
            late = table.bits("hours_after", beyond)
            found += [(bits | late, None) for bits in quiet[index:]]
            break
        if grid.contacts_constant(index):
            bits = quiet[index] if not grid.contacts else (
                day_bits[index] | table.group_mask(contact_group,
                                                   grid.contact_facts(index, slots[0])))
            if table.steady("hours_after", hours, grid.hours_after(slots[-1])):
                found.append((bits | table.bits("hours_after", hours), None))
            else:  # only the hours since the interview change within the day
                found.append((0, tuple(bits | time_bits[position] | table.bits(
                    "hours_after", grid.hours_after(slot))
                                       for slot, position in zip(slots, grid.day_positions[index],
                                                                 strict=True))))
            continue
        found.append((0, tuple(
            day_bits[index] | time_bits[position] | table.bits("hours_after",
                                                               grid.hours_after(slot))
            | table.group_mask(contact_group, grid.contact_facts(index, slot))
            for slot, position in zip(slots, grid.day_positions[index], strict=True))))
    return found


def day_outcome(context: Context, index: int, key: tuple[Any, ...], base: int, live: int,
                channel_facts: dict[str, Any]) -> DayOutcome:
    """The outcomes of day ``index``'s slots, on a miss of the day cache (``key``)."""
    grid, slots = context.grid, context.grid.day_slots[index]

    def facts_of(k: int) -> dict[str, Any]:
        return {**grid.facts(index, slots[k]), **channel_facts}

    masks = [base | (mask & live) for mask in context.slot_masks(index)]
    return context.evaluator.day_outcome(key, lambda: masks, facts_of)
