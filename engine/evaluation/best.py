"""A step's best times: its allowed slots ranked, joined into ranges, chosen one per day first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..plan import Slot, TimeRange
from .evaluate import Outcome

__all__ = ["Run", "best_ranges"]


@dataclass
class Run:
    """Contiguous usable slots of one rank."""

    rank: tuple[float, float]
    first: Slot
    last: Slot

    def touches(self, other: Run) -> bool:
        return (self.last.end_timestamp == other.first.timestamp
                or other.last.end_timestamp == self.first.timestamp)


def best_ranges(usable: Iterable[tuple[Slot, Outcome]], count: int, *,
                wide: bool = False) -> tuple[TimeRange, ...]:
    """Up to ``count`` ranges of the times the invariants rank first, spread over days first.

    Only the top invariant score counts as best: after a Friday interview, while
    midweek times are left, no Monday afternoon is offered. Among those, one range per
    day in rank order (with ``wide``, the longest of equal rank first), then further
    ranges in rank order. A range that touches one already taken is no second choice (it is the same
    moment, a little worse); it is
    left out, and so is everything ranked below it on its day.
    """
    runs: list[Run] = []
    for slot, outcome in usable:
        last = runs[-1] if runs else None
        if (last is not None and last.rank == outcome.rank
            and last.last.end_timestamp == slot.timestamp):
            last.last = slot
        else:
            runs.append(Run(outcome.rank, slot, slot))
    if not runs:
        return ()
    top = max(run.rank[0] for run in runs)
    ranked = sorted((run for run in runs if run.rank[0] == top),
                    key=lambda run: (-run.rank[1], run.first.timestamp))
    # a profile's best_ranges: wide: among equals, the longest range first (the sort is stable)
    if wide:
        ranked.sort(key=lambda run: (-run.rank[1], run.first.timestamp - run.last.end_timestamp))
    chosen: list[Run] = []
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
    return tuple(TimeRange(run.first.start, run.last.end, run.rank[0]
                           + run.rank[1]) for run in chosen)
