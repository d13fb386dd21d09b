"""An independent working calendar: weekends, holidays and working weeks straight from ``holidays``.

The invariant checker uses it rather than the engine's own calendar facts, so that a
fault in those facts shows up as a broken invariant instead of being trusted.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

from ..evaluation.holidays_source import TERRITORIES
from ..evaluation.plan import Plan

__all__ = ["MAX_STRETCH_DAYS", "WorkingCalendar", "last_day", "weekend", "working_calendar"]

MAX_STRETCH_DAYS = 400  # the SPEC's cap on a promise's stretch, stated here on its own


@lru_cache(maxsize=256)
def weekend(country: str | None, subdivision: str | None = None) -> frozenset[int]:
    """Weekend weekdays (0 = Monday) of a country; Saturday and Sunday without one."""
    if country is None:
        return frozenset({5, 6})
    return frozenset(int(day) for day in holidays.country_holidays(country, subdiv=subdivision).weekend)


@lru_cache(maxsize=1024)
def _public(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year))


@lru_cache(maxsize=1024)
def _regional(country: str, year: int) -> frozenset[date]:
    """Holidays of some of the country's regions (not its overseas territories), not national ones."""
    found: set[date] = set()
    for region in holidays.country_holidays(country).subdivisions:
        if region in TERRITORIES.get(country, ()):
            continue
        try:
            found |= _public(country, region, year)
        except (NotImplementedError, KeyError, ValueError):
            continue
    return frozenset(found - _public(country, None, year))


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days of one situation as the SPEC defines them."""

    country: str | None
    subdivision: str | None
    weekend: frozenset[int]
    business_weekdays: frozenset[int]

    def public_holiday(self, day: date) -> bool:
        return self.country is not None and day in _public(self.country, self.subdivision, day.year)

    def possible_day_off(self, day: date) -> bool:
        """A holiday only some regions keep, when the situation names no region: kept free too."""
        return self.country is not None and self.subdivision is None and day in _regional(self.country, day.year)

    def working(self, day: date) -> bool:
        """A business day: a working weekday of the profile and the country, no holiday, possible or not."""
        return (day.weekday() in self.business_weekdays and day.weekday() not in self.weekend
                and not self.public_holiday(day) and not self.possible_day_off(day))

    def day_off(self, day: date) -> bool:
        return not self.working(day)

    def business_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]."""
        return sum(1 for offset in range(1, (end - start).days + 1) if self.working(start + timedelta(days=offset)))

    def next_working_day(self, day: date) -> date:
        following = day + timedelta(days=1)
        for _ in range(60):
            if self.working(following):
                return following
            following += timedelta(days=1)
        return following  # pragma: no cover - no working day in two months

    def week_start(self, day: date) -> date:
        first = next((d for d in range(7) if d not in self.weekend and (d - 1) % 7 in self.weekend), 0)
        return day - timedelta(days=(day.weekday() - first) % 7)

    def working_days_of_week(self, day: date) -> list[date]:
        start = self.week_start(day)
        return [start + timedelta(days=offset) for offset in range(7) if self.working(start + timedelta(days=offset))]

    def last_of_week(self, day: date) -> bool:
        days = self.working_days_of_week(day)
        return bool(days) and days[-1] == day

    def midweek(self, day: date) -> bool:
        days = self.working_days_of_week(day)
        return day in days[1:-1]


def working_calendar(plan: Plan) -> WorkingCalendar:
    situation = plan.situation
    return WorkingCalendar(situation.country, situation.subdivision, weekend(situation.country, situation.subdivision),
                           frozenset(plan.profile.settings.business_days))


def last_day(plan: Plan, calendar: WorkingCalendar) -> date:
    """The horizon's last day, stretched to give a promised reply its grace period and to reach
    a competing offer's deadline."""
    first = plan.situation.interview.date()
    settings = plan.profile.settings
    last = first + timedelta(days=settings.horizon_days)
    cap = first + timedelta(days=settings.horizon_days + MAX_STRETCH_DAYS)
    deadline = plan.situation.competing_offer_deadline
    if deadline is not None and deadline > last:
        last = min(deadline, cap)
    promised = plan.situation.promised_reply_by
    if promised is None:
        return last
    day, counted = promised, 0
    while counted < settings.promise_grace_days and day < cap:
        day += timedelta(days=1)
        counted += calendar.working(day)
    return min(max(last, day), cap)
