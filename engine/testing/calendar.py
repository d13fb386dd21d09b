"""An independent working calendar: weekends, holidays and working weeks straight from ``holidays``.

The invariant checker uses it rather than the engine's own calendar facts, so that a
fault in those facts shows up as a broken invariant instead of being trusted. It states
the SPEC's calendar on its own: without a region, a holiday that more than half of the
country's regions keep is a day off, one that fewer keep is a working day against (never
the interview's own day); quiet seasons are working days against. The seasons' dates
are found here another way than the engine finds them where the ``holidays`` package
allows (by the holidays' names rather than its lunisolar calendars).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date, timedelta

import holidays

from ..caches import memo
from ..evaluation.holidays_source import TERRITORIES
from ..plan import Plan

__all__ = ["MAX_STRETCH_DAYS", "WorkingCalendar", "last_day", "quiet_days", "weekend",
           "working_calendar"]

MAX_STRETCH_DAYS = 400  # the SPEC's cap on a promise's stretch, stated here on its own


@memo("testing.calendar.weekend")
def weekend(country: str | None, subdivision: str | None = None) -> frozenset[int]:
    """Weekend weekdays (0 = Monday) of a country; Saturday and Sunday without one."""
    if country is None:
        return frozenset({5, 6})
    return frozenset(
        int(day) for day in holidays.country_holidays(country, subdiv=subdivision).weekend)


@memo("testing.calendar.public")
def _public(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year))


@memo("testing.calendar.shares")
def _shares(country: str, year: int) -> tuple[frozenset[date], frozenset[date]]:
    """Regions' own holidays (not national ones, not overseas
    territories'): those most regions keep, and the others."""
    kept: dict[date, int] = {}
    regions = 0
    for region in holidays.country_holidays(country).subdivisions:
        if region in TERRITORIES.get(country, ()):
            continue
        try:
            days = _public(country, region, year)
        except (NotImplementedError, KeyError, ValueError):
            continue
        regions += 1
        for day in days - _public(country, None, year):
            kept[day] = kept.get(day, 0) + 1
    most = frozenset(day for day, count in kept.items() if count / regions > 0.5)
    return most, frozenset(kept) - most


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def _named(country: str, year: int, words: tuple[str, ...],
           categories: tuple[str, ...] = ("public",), unless: str = "\0") -> list[date]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = holidays.country_holidays(country, years=year, categories=categories,
                                              language="en_US")
        except (NotImplementedError, KeyError, ValueError):
            return []
    return sorted(day for day, name in found.items() if any(word in name for word in words)
                  and unless not in name)


_EUROPE_ETC = frozenset(["US", "CA", "GB", "IE", "DE", "AT", "CH", "LI", "NL", "BE", "LU", "FR",
                         "MC", "IT", "SM", "VA", "MT", "ES", "AD", "PT", "DK", "SE", "NO", "FI",
                         "IS", "PL", "CZ", "SK", "HU", "SI", "HR", "EE", "LV", "LT", "AU", "NZ"])
_LUNAR = frozenset(["CN", "TW", "HK", "MO", "SG", "MY"])
_GULF = frozenset(["AE", "SA", "QA", "KW", "BH", "OM"])


@memo("testing.calendar.quiet_days")
def quiet_days(country: str, year: int) -> frozenset[date]:
    """The days of quiet seasons that touch ``year`` (and the years around it), for ``country``."""
    found: set[date] = set()
    for begins in (year - 1, year):
        if country in _EUROPE_ETC:
            found.update(_days(date(begins, 12, 24), date(begins + 1, 1, 1)))
        if country == "JP":
            golden = [day for day in _public("JP", None, begins) if date(begins, 4, 29) <= day
                      <= date(begins, 5, 7)]
            found.update(_days(min(golden), max(golden)) if golden else [])
            found.update(_days(date(begins, 8, 13), date(begins, 8, 16)))
        if country == "FR":
            found.update(_days(date(begins, 8, 1), date(begins, 8, 31)))
        if country == "IN":
            # The public Diwali; a year without one takes the optional (South India's, a day
            # earlier where both are listed, is not the festival's main day).
            main = (_named("IN", begins, ("Diwali",))
                    or _named("IN", begins, ("Diwali",), ("optional",)))
            for diwali in main[:1]:
                after = [day for day in _named("IN", begins, ("Bhai Duj",), ("optional",))
                         if day > diwali]
                found.update(_days(diwali - timedelta(days=2),
                                   max(diwali + timedelta(days=2), *after[:1])))
        if country == "BR":
            carnival = _named("BR", begins, ("Carnival", "Ash Wednesday"), ("optional",))
            found.update(_days(carnival[0], carnival[-1]) if carnival else [])
        if country in _LUNAR:
            for new_year in _named("SG", begins, ("Chinese New Year",), unless="Eve")[:1]:
                found.update(_days(new_year - timedelta(days=1), new_year + timedelta(days=6)))
        if country == "IL":
            for rosh_hashanah in _named("IL", begins, ("Rosh Hashanah",))[:1]:
                found.update(_days(rosh_hashanah, rosh_hashanah + timedelta(days=21)))
        if country in _GULF:
            from holidays.calendars.islamic import _IslamicLunar

            lunar = _IslamicLunar()
            starts = [day for day, _ in lunar.ramadan_beginning_dates(begins) if day.year == begins]
            fitr = sorted(day for when in (begins, begins
                                           + 1) for day, _ in lunar.eid_al_fitr_dates(when))
            for start in starts:
                ends = [day for day in fitr if day > start]
                found.update(_days(start, ends[0] + timedelta(days=3)) if ends else [])
            for adha, _ in lunar.eid_al_adha_dates(begins):
                if adha.year == begins:
                    found.update(_days(adha - timedelta(days=1), adha + timedelta(days=3)))
    return frozenset(day for day in found if day.year == year)


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days of one situation as the SPEC defines them."""

    country: str | None
    subdivision: str | None
    weekend: frozenset[int]
    business_weekdays: frozenset[int]

    def public_holiday(self, day: date) -> bool:
        """A holiday of the country (and region); without
        a region, also one that most regions keep."""
        if self.country is None:
            return False
        if day in _public(self.country, self.subdivision, day.year):
            return True
        return self.subdivision is None and day in _shares(self.country, day.year)[0]

    def regional_holiday(self, day: date) -> bool:
        """A holiday that only some regions keep, when the
        situation names no region: a working day against."""
        return (self.country is not None and self.subdivision is None
                and day in _shares(self.country, day.year)[1])

    def quiet(self, day: date) -> bool:
        """A day of one of the country's quiet seasons: a working day against."""
        return self.country is not None and day in quiet_days(self.country, day.year)

    def working(self, day: date) -> bool:
        """A business day: a working weekday of the profile and the country, no public holiday."""
        return (day.weekday() in self.business_weekdays and day.weekday() not in self.weekend
                and not self.public_holiday(day))

    def day_off(self, day: date) -> bool:
        return not self.working(day)

    def business_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]."""
        return sum(1 for offset in range(1, (end - start).days + 1)
                   if self.working(start + timedelta(days=offset)))

    def next_working_day(self, day: date) -> date:
        following = day + timedelta(days=1)
        for _ in range(60):
            if self.working(following):
                return following
            following += timedelta(days=1)
        return following  # pragma: no cover - no working day in two months

    def week_start(self, day: date) -> date:
        first = next((d for d in range(7) if d not in self.weekend and (d - 1) % 7 in self.weekend),
                     0)
        return day - timedelta(days=(day.weekday() - first) % 7)

    def working_days_of_week(self, day: date) -> list[date]:
        start = self.week_start(day)
        return [start + timedelta(days=offset) for offset in range(7)
                if self.working(start + timedelta(days=offset))]

    def last_of_week(self, day: date) -> bool:
        days = self.working_days_of_week(day)
        return bool(days) and days[-1] == day

    def midweek(self, day: date) -> bool:
        days = self.working_days_of_week(day)
        return day in days[1:-1]


def working_calendar(plan: Plan) -> WorkingCalendar:
    situation = plan.situation
    return WorkingCalendar(situation.country, situation.subdivision,
                           weekend(situation.country, situation.subdivision),
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
