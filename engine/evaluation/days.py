"""The planned days of a situation and their facts, computed once for all situations sharing them.

A day's facts (business days since the interview, the part of the working week, a
promise's or an offer's standing, holidays, regions' holidays and quiet seasons) depend
on the interview's date, the country and region, a promised reply date, a competing
offer's deadline and the profile's settings: not on the time zone or the hour of the
interview. A batch plans
many situations that agree on all of these, so :func:`planned_days` remembers the
result per such key (a bounded cache), with the atom patterns of each day per rule set.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import partial
from itertools import accumulate
from typing import TYPE_CHECKING, Any, TypeVar

from ..caches import bound, held, memo
from ..language.conditions import Value
from ..language.model import Settings
from ..language.periods import Anchor, Period, plain_holiday_name
from ..vocabulary import FACTS, MAX_STRETCH_DAYS

if TYPE_CHECKING:
    from .holidays_source import Calendar

__all__ = ["SATURDAY_SUNDAY", "DayInput", "Days", "last_day", "planned_days", "week_start",
           "weekend_of"]

SATURDAY_SUNDAY = frozenset((5, 6))
T = TypeVar("T")


@dataclass(frozen=True)
class Days:
    """The planned days (the interview's date to the last day) and each day's facts.

    Shared between plans: nothing here may be changed after :func:`planned_days` made it
    (``masks`` only gains entries, each always the same for its key).
    """

    dates: tuple[date, ...]
    facts: tuple[dict[str, Value], ...]
    holidays: dict[date, str]
    regional: dict[date, tuple[str, tuple[str, ...]]]
    quiet: dict[date, str]
    last_day: date
    interview_week_part: str
    working_weekdays: frozenset[int]
    origin: date
    counted: tuple[int, ...]  # business days in (origin, origin + i]
    masks: dict[Any, Any] = field(default_factory=dict, compare=False)
    period_facts: tuple[str, ...] = ()  # the day facts of the profile's periods, after the others

    def business_days_between(self, start: date, stop: date) -> int:
        """Business days in (start, stop]; 0 when ``stop`` is not after ``start``."""
        return _between(self.origin, self.counted, start, stop)

    def remembered(self, key: Any, make: Callable[[], T]) -> T:
        """Per-day values for ``key`` (a rule set's patterns), made once."""
        found: T | None = self.masks.get(key)
        if found is None:
            found = self.masks[key] = make()
        return found


# Day-fact dictionaries with the same values, shared by every set of planned days without
# a promise or a deadline that holds one (most days of most plans repeat one another's):
# never changed once made.
_SHARED: dict[tuple[Value, ...], dict[str, Value]] = {}
_SHARED_LIMIT = bound("evaluation.days.shared")
held("evaluation.days.shared", _SHARED.__len__, _SHARED.clear)


def _shared(facts: dict[str, Value]) -> dict[str, Value]:
    key = tuple(facts.values())  # the keys are always the same, in the same order
    found = _SHARED.get(key)
    if found is None:
        if len(_SHARED) >= _SHARED_LIMIT:
            _SHARED.clear()
        found = _SHARED[key] = facts
    return found


def _own(facts: dict[str, Value]) -> dict[str, Value]:
    return facts


def _between(origin: date, counted: Sequence[int], start: date, stop: date) -> int:
    if stop <= start:
        return 0
    span = len(counted)
    high = min((stop - origin).days, span - 1)
    return counted[high] - counted[min(span - 1, max(0, (start - origin).days))]


def last_day(first: date, promised: date | None, settings: Settings,
             is_business: Callable[[date], bool], deadline: date | None = None) -> date:
    """The last planned day: the horizon's, or later to give a promised reply its grace period
    or to reach a competing offer's deadline.

    With a promised reply date, the plan stays open until the ``promise_grace_days``-th
    business day after it, however far past the horizon that is (within
    ``MAX_STRETCH_DAYS``); with an offer's deadline, at least until that day (an offer
    is the reason to get in touch, whatever the horizon).
    """
    last = first + timedelta(days=settings.horizon_days)
    cap = first + timedelta(days=settings.horizon_days + MAX_STRETCH_DAYS)
    if deadline is not None and deadline > last:
        last = min(deadline, cap)
    if promised is None:
        return last
    day, counted = promised, 0
    while counted < settings.promise_grace_days and day < cap:
        day += timedelta(days=1)
        counted += is_business(day)
    return min(max(last, day), cap)


def week_start(weekend: frozenset[int]) -> int:
    """The first weekday of the working week: the day
    after the weekend (Monday; Sunday in Israel)."""
    for day in range(7):
        if day not in weekend and (day - 1) % 7 in weekend:
            return day
    return 0  # no weekend at all: weeks run Monday to Sunday


def weekend_of(country: str | None) -> frozenset[int]:
    if country is None:
        return SATURDAY_SUNDAY
    from .holidays_source import weekend_days  # the holidays package loads only when needed

    return weekend_days(country)


def _calendar(country: str, subdivision: str | None, year: int) -> Calendar:
    from .holidays_source import calendar  # the holidays package loads only when needed

    return calendar(country, subdivision, range(year, year + 1))


def planned_days(first_day: date, country: str | None, subdivision: str | None,
                 promised: date | None, deadline: date | None, settings: Settings,
                 periods: tuple[Period, ...] = ()) -> Days:
    """The days of a plan for an interview on ``first_day``, remembered for the situations that
    share them.

    Days without a promised date or an offer's deadline are shared by far more situations
    (a date and a place) than days with one (nearly each its own), so they are remembered
    apart: a batch's promises never push out the days most situations share. A profile's
    ``periods`` add a day fact each.
    """
    if promised is None and deadline is None:
        return _plain_days(first_day, country, subdivision, settings, periods)
    return _promised_days(first_day, country, subdivision, promised, deadline, settings, periods)


@memo("evaluation.days.plain_days")
def _plain_days(first_day: date, country: str | None, subdivision: str | None, settings: Settings,
                periods: tuple[Period, ...] = ()) -> Days:
    return _make_days(first_day, country, subdivision, None, None, settings, periods)


@memo("evaluation.days.promised_days")
def _promised_days(first_day: date, country: str | None, subdivision: str | None,
                   promised: date | None, deadline: date | None, settings: Settings,
                   periods: tuple[Period, ...] = ()) -> Days:
    plain = _plain_days(first_day, country, subdivision, settings, periods)
    return _with_promise(plain, promised, deadline, settings) or _make_days(
        first_day, country, subdivision, promised, deadline, settings, periods)


def _with_promise(plain: Days, promised: date | None, deadline: date | None,
                  settings: Settings) -> Days | None:
    """The days of ``plain`` with a promise's and an offer's facts, where they are the same days.

    They are when the promise neither stretches the plan past its last day nor lies
    before the interview's week (where business days are counted from): the common case,
    made from the shared days rather than anew. None otherwise.
    """
    origin, counted = plain.origin, plain.counted
    if promised is not None:
        if promised < origin:
            return None

        def is_business(day: date) -> bool:
            index = (day - origin).days
            if not 0 < index < len(counted):
                raise _OutOfSpan
            return counted[index] > counted[index - 1]

        try:
            if last_day(plain.dates[0], promised, settings, is_business,
                        deadline) != plain.last_day:
                return None
        except _OutOfSpan:
            return None
    elif last_day(plain.dates[0], None, settings, bool, deadline) != plain.last_day:
        return None
    facts: list[dict[str, Value]] = []
    first, between = plain.dates[0], partial(_between, origin, counted)
    for offset, (day, shared) in enumerate(zip(plain.dates, plain.facts, strict=True)):
        # the same keys in the same order, those of the promise and the offer set anew
        own = dict(shared)
        given = DayInput(day, first, offset, promised, deadline, between)
        own.update((name, compute(given)) for name, compute in _PROMISED)
        facts.append(own)
    return replace(plain, facts=tuple(facts), masks={})


@dataclass(frozen=True)
class DayInput:
    """What a day fact is computed from (see ``engine.vocabulary``, the ``day`` group): the day, the
    interview's, its count of days from it, a promise and an offer's deadline, and what the calendar
    says of the day."""

    day: date
    first: date
    offset: int
    promised: date | None
    deadline: date | None
    between: Callable[[date, date], int]  # business days in (start, stop]
    # the first day of the day's working week, as an ordinal
    week_of: Callable[[date], int] = lambda day: 0
    business: bool = False
    week_part: str = "off"
    holidays: Mapping[date, object] = field(default_factory=dict)
    regional: Mapping[date, object] = field(default_factory=dict)
    quiet: Mapping[date, object] = field(default_factory=dict)


# The day facts, computed as the vocabulary declares them; those of a promise and an offer's
# deadline are computed again for the shared days a promise or a deadline does not stretch.
_COMPUTED = tuple((name, spec.compute) for name, spec in FACTS.items() if spec.group == "day"
                  and spec.compute)
_PROMISE_FACTS = ("promised_reply_passed", "business_days_after_promise", "offer_deadline_passed",
                  "days_to_offer_deadline")
_PROMISED = tuple((name, compute) for name, compute in _COMPUTED if name in _PROMISE_FACTS)


class _OutOfSpan(Exception):
    """A day outside the business days counted for a set of planned days."""


def _period_days(periods: tuple[Period, ...], first: date, last: date, country: str | None,
                 subdivision: str | None) -> dict[str, frozenset[date]]:
    """The planned days (``first`` to ``last``) each period covers.

    A period is found in each year around the plan: from its first day to the next
    occurrence of its last day (so "12-24" to "01-01" runs into the next year). A day
    named by a holiday is the holiday's first day in that year's calendar of the country
    (and region), moved by ``days``; without a country, or where the calendar has no such
    holiday that year, the period does not occur.
    """
    from .holidays_source import holiday_days  # the holidays package loads only when needed

    def day_of(anchor: Anchor, year: int) -> date | None:
        if anchor.month_day is not None:
            month, day = anchor.month_day
            return date(year, month, min(day, 28) if (month, day) == (2, 29) and year % 4 else day)
        if country is None or anchor.holiday is None:
            return None
        found = holiday_days(country, subdivision, year).get(plain_holiday_name(anchor.holiday))
        return None if found is None else found + timedelta(days=anchor.days)

    covered: dict[str, frozenset[date]] = {}
    for period in periods:
        days: set[date] = set()
        for year in range(first.year - 1, last.year + 1):
            start = day_of(period.start, year)
            if start is None:
                continue
            end = day_of(period.end, year)
            if end is not None and end < start:
                end = day_of(period.end, year + 1)
            if end is None or (end - start).days > 366:
                continue
            low, high = max(start, first), min(end, last)
            days.update(low + timedelta(days=offset) for offset in range((high - low).days + 1))
        covered[period.fact] = frozenset(days)
    return covered


def _make_days(first_day: date, country: str | None, subdivision: str | None, promised: date | None,
               deadline: date | None, settings: Settings, periods: tuple[Period, ...] = ()) -> Days:
    weekend = weekend_of(country)
    working = frozenset(settings.business_days) - weekend
    calendars: dict[int, Calendar] = {}

    def days_off(year: int) -> frozenset[date]:
        """Public holidays, and the holidays most regions keep when no region is given."""
        if country is None:
            return frozenset()
        found = calendars.get(year)
        if found is None:
            found = calendars[year] = _calendar(country, subdivision, year)
        return found.days_off

    def is_business(day: date) -> bool:
        return day.weekday() in working and day not in days_off(day.year)

    last = last_day(first_day, promised, settings, is_business, deadline)
    # Business days are counted from the earlier of the interview's week and a promised
    # date (capped at a year before: only small counts matter), to a week past the last day.
    origin = first_day - timedelta(days=7)
    if promised is not None:
        origin = max(min(origin, promised), first_day - timedelta(days=366))
    end = last + timedelta(days=7)
    holidays: dict[date, str] = {}
    regional: dict[date, tuple[str, tuple[str, ...]]] = {}
    quiet: dict[date, str] = {}
    if country is not None:
        for year in range(first_day.year, last.year + 1):
            days_off(year)
            holidays.update((day, name) for day, name in calendars[year].holidays.items()
                            if first_day <= day <= last)
            # The interview's own day was a working day for the employer, whichever regions keep it.
            regional.update((day, found) for day, found in calendars[year].regional.items()
                            if first_day < day <= last)
            quiet.update((day, name) for day, name in calendars[year].quiet.items() if first_day
                         <= day <= last)
    span = (end - origin).days + 1
    # Days as ordinals (date.toordinal: day 1 is Monday 1 January of year 1, so an ordinal's
    # weekday is (ordinal + 6) % 7): the span's days are plain integers from here on.
    start = origin.toordinal()
    closed: set[int] = set()
    if country is not None:
        for year in range(origin.year, end.year + 1):
            closed.update(day.toordinal() for day in days_off(year) if origin <= day <= end)
    business = [(ordinal + 6) % 7 in working
                and ordinal not in closed for ordinal in range(start, start + span)]
    counted = list(accumulate(business[1:], initial=0))  # business days in (origin, origin + i]
    starts_on = week_start(weekend)

    def week_of(ordinal: int) -> int:
        return ordinal - ((ordinal + 6) % 7 - starts_on) % 7

    # Each day's part of its working week, for the span (whole weeks around the planned days).
    parts = ["off"] * span
    week = week_of(start) - start
    while week < span:
        open_days = [index for index in range(max(0, week), min(span, week + 7)) if business[index]]
        for index in open_days:
            parts[index] = "first" if index == open_days[0] else "mid"
        if open_days:
            parts[open_days[-1]] = "last"
        week += 7

    skip = first_day.toordinal() - start  # the interview's day in the span
    # The days of a promise or an offer's deadline are nearly each their own: only the
    # others' dictionaries are worth sharing.
    share = _shared if promised is None and deadline is None and not periods else _own
    in_periods = _period_days(periods, first_day, last, country, subdivision) if periods else {}
    dates: list[date] = []
    facts: list[dict[str, Value]] = []
    between = partial(_between, origin, counted)

    def week_of_day(moment: date) -> int:
        return week_of(moment.toordinal())

    for offset in range((last - first_day).days + 1):
        day = first_day + timedelta(days=offset)
        index = skip + offset
        dates.append(day)
        given = DayInput(day, first_day, offset, promised, deadline, between, week_of_day,
                         business[index], parts[index], holidays, regional, quiet)
        found: dict[str, Value] = {name: compute(given) for name, compute in _COMPUTED}
        for fact, covered in in_periods.items():
            found[fact] = day in covered
        facts.append(share(found))
    return Days(tuple(dates), tuple(facts), holidays, regional, quiet, last, parts[skip], working,
                origin, tuple(counted), period_facts=tuple(in_periods))
