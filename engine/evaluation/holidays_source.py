"""Public holidays and working weeks from the ``holidays`` package, checked and cached.

A situation names a country and perhaps a subdivision (``GB-SCT``, ``US-NY``). With a
subdivision, its calendar is exact. Without one, a holiday that most of the country's
regions keep (more than half of its subdivisions: Easter Monday in England, Wales and
Northern Ireland but not in Scotland) is a day off like a national one; a holiday that
only some regions keep (a city's patron saint in Italy, a state's day in the US) is not:
:func:`calendar` lists it apart, as a day against, so that the plan can name it and
suggest giving the region. Overseas territories with calendars of their own (Puerto
Rico, Guam, La Réunion...) are places of their own rather than regions a candidate
forgot to name, so their holidays are not counted for the mainland.

Quiet seasons (Christmas to New Year, Golden Week, Diwali week, Carnival, Lunar New
Year, August in France, the Tishrei holidays in Israel, Ramadan and the Eids in the
Gulf) are working days on which offices are thin: :func:`calendar` lists them with the
season's name. Where their dates move with a lunar or lunisolar calendar, they come
from the ``holidays`` package's own calendars, never from a table of dates here.

The countries' codes, and the country of a time zone, are :mod:`engine.countries`'; this
module imports the ``holidays`` package after it, so that one country's module loads at a time.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any

import holidays

from ..caches import memo
from ..countries import country_calendar
from ..language.periods import plain_holiday_name

__all__ = ["Calendar", "calendar", "holiday_days", "quiet_seasons", "weekend_days"]


@memo("evaluation.holidays_source.weekend_days")
def weekend_days(country: str) -> frozenset[int]:
    """The country's weekend as weekday numbers (0 = Monday): Friday and Saturday in Israel."""
    return frozenset(int(day) for day in getattr(holidays, country).weekend)


# Subdivisions that are overseas territories, by country.
TERRITORIES = {
    "US": frozenset({"AS", "GU", "MP", "PR", "UM", "VI"}),
    "FR": frozenset({"971", "972", "973", "974", "976", "BL", "MF", "NC", "PF", "PM", "TF", "WF"}),
}


@dataclass(frozen=True)
class Calendar:
    """The days off and days against of one country (and subdivision) in some years, with their
    names.

    ``holidays`` maps each day off to its name: the public holidays, and without a region
    the holidays that most regions keep. ``regional`` maps each holiday that only some
    regions keep (when no region was given) to its name and the regions that keep it: a
    working day, against. ``quiet`` maps each day of a quiet season to the season's name.
    """

    holidays: dict[date, str]
    regional: dict[date, tuple[str, tuple[str, ...]]]
    quiet: dict[date, str]

    @cached_property
    def days_off(self) -> frozenset[date]:
        """The days no contact is planned on (weekends apart)."""
        return frozenset(self.holidays)


def language(country: str) -> str | None:
    """The language of holiday names: English wherever the calendar has it.

    Without a language, ``holidays`` asks gettext, which reads the process's locale
    (``LANG``...), and Python 3.12 stopped reading ``C.UTF-8`` as American English: the
    same plan would name Good Friday "Karfreitag" on one machine or Python and not on
    another. A calendar without translations has one set of names, whatever the locale.
    """
    return "en_US" if "en_US" in getattr(holidays, country).supported_languages else None


def _quiet(country: str, subdivision: str | None, year: int,
           categories: tuple[str, ...] | None = None) -> dict[date, str]:
    with warnings.catch_warnings():
        # Some calendars only cover some years and warn outside them; an empty year is the answer.
        warnings.simplefilter("ignore")
        if categories is None:
            found = country_calendar(country, subdiv=subdivision, years=year,
                                     language=language(country))
        else:
            found = country_calendar(country, subdiv=subdivision, years=year,
                                     language=language(country),
                                       categories=categories)
        return {day: str(name) for day, name in sorted(found.items())}


@memo("evaluation.holidays_source.year")
def _year(country: str, subdivision: str | None, year: int) -> Calendar:
    national = _quiet(country, subdivision, year)
    regional: dict[date, tuple[str, tuple[str, ...]]] = {}
    if subdivision is None:
        regions: dict[date, list[str]] = {}
        names: dict[date, str] = {}
        territories = TERRITORIES.get(country, frozenset())
        counted = 0
        for region in getattr(holidays, country).subdivisions:
            if region in territories:
                continue
            try:
                local = _quiet(country, region, year)
            # a region without a calendar for the year
            except (NotImplementedError, KeyError, ValueError):
                continue
            counted += 1
            for day, name in local.items():
                if day not in national:
                    regions.setdefault(day, []).append(region)
                    names.setdefault(day, name)
        # Kept by more than half of the regions: a day off for the country, like a national holiday.
        national.update((day, names[day]) for day in regions if 2 * len(regions[day]) > counted)
        national = dict(sorted(national.items()))
        regional = {day: (names[day], tuple(sorted(regions[day]))) for day in sorted(regions)
                    if day not in national}
    return Calendar(national, regional, quiet_seasons(country, year))


def calendar(country: str, subdivision: str | None, years: range) -> Calendar:
    """The days off and days against of ``country`` (and
    ``subdivision``) in ``years``, remembered per year."""
    if len(years) == 1:
        return _year(country, subdivision, years[0])
    found: dict[date, str] = {}
    regional: dict[date, tuple[str, tuple[str, ...]]] = {}
    quiet: dict[date, str] = {}
    for year in years:
        one = _year(country, subdivision, year)
        found.update(one.holidays)
        regional.update(one.regional)
        quiet.update(one.quiet)
    return Calendar(found, regional, quiet)


# --- quiet seasons -------------------------------------------------------------------

# A season: its name and its first and last days, for the seasons that touch a year.
Season = tuple[str, date, date]

# Where offices thin out from Christmas Eve to New Year's Day: North America, most of
# Europe, Australia and New Zealand.
CHRISTMAS = frozenset({
    "US", "CA", "GB", "IE", "DE", "AT", "CH", "LI", "NL", "BE", "LU", "FR", "MC", "IT", "SM", "VA",
    "MT", "ES", "AD", "PT", "DK", "SE", "NO", "FI", "IS", "PL", "CZ", "SK", "HU", "SI", "HR", "EE",
    "LV", "LT", "AU", "NZ",
})
# Where the first week of the Lunar New Year closes most offices.
LUNAR_NEW_YEAR = frozenset({"CN", "TW", "HK", "MO", "SG", "MY"})
# The Gulf states, where Ramadan shortens office hours and the Eids close offices for days.
GULF = frozenset({"AE", "SA", "QA", "KW", "BH", "OM"})


def _dates(found: Any) -> list[date]:
    """The dates in what a ``holidays`` calendar gives:
    a date, (date, estimated), or several of them."""
    if isinstance(found, date):
        return [found]
    if isinstance(found, tuple) and found and isinstance(found[0], date):
        return [found[0]]
    if isinstance(found, Iterable) and not isinstance(found, (str, bytes)):
        return [day for item in found for day in _dates(item)]
    return []


def _lunar(make: Callable[[], Any], method: str, year: int) -> list[date]:
    """A movable feast's dates in ``year`` from one of the
    ``holidays`` package's calendars (none where it has none)."""
    try:
        return sorted(day for day in _dates(getattr(make(), method)(year)) if day.year == year)
    # a calendar without the year or the feast
    except (AttributeError, KeyError, ValueError, TypeError):
        return []


def _named(country: str, year: int, categories: tuple[str, ...], *names: str) -> list[date]:
    """The days of ``country``'s calendar (in ``categories``)
    whose name contains one of ``names``."""
    try:
        found = _quiet(country, None, year, categories)
    except (NotImplementedError, KeyError, ValueError):  # a calendar without those categories
        return []
    return sorted(day for day, name in found.items() if any(part in name for part in names))


def _seasons(country: str, year: int) -> list[Season]:
    """The quiet seasons of ``country`` that begin in ``year``."""
    from holidays.calendars.chinese import _ChineseLunisolar
    from holidays.calendars.hebrew import _HebrewLunisolar
    from holidays.calendars.islamic import _IslamicLunar

    found: list[Season] = []
    if country in CHRISTMAS:
        found.append(("Christmas to New Year", date(year, 12, 24), date(year + 1, 1, 1)))
    if country == "JP":  # Golden Week: Showa Day to Children's Day (or its substitute)
        golden = [day for day in _quiet("JP", None, year) if date(year, 4, 29) <= day
                  <= date(year, 5, 7)]
        if golden:
            found.append(("Golden Week", golden[0], golden[-1]))
        found.append(("Obon", date(year, 8, 13), date(year, 8, 16)))
    if country == "IN":  # Dhanteras, two days before Diwali, to Bhai Duj
        diwali = (_named("IN", year, ("public",), "Diwali")
                  or _named("IN", year, ("optional",), "Diwali"))
        if diwali:
            bhai_duj = [day for day in _named("IN", year, ("optional",), "Bhai Duj")
                        if day > diwali[0]]
            found.append(("Diwali week", diwali[0] - timedelta(days=2),
                          max([diwali[0] + timedelta(days=2), *bhai_duj[:1]])))
    # Carnival Monday and Tuesday (optional days off), and Ash Wednesday morning
    if country == "BR":
        carnival = _named("BR", year, ("optional",), "Carnival", "Ash Wednesday")
        if carnival:
            found.append(("Carnival", carnival[0], carnival[-1]))
    if country in LUNAR_NEW_YEAR:
        for new_year in _lunar(_ChineseLunisolar, "lunar_new_year_date", year):
            found.append(("Lunar New Year", new_year - timedelta(days=1), new_year
                          + timedelta(days=6)))
    if country == "FR":
        found.append(("August holidays", date(year, 8, 1), date(year, 8, 31)))
    if country == "IL":  # Rosh Hashanah to Simchat Torah (22 Tishrei)
        for rosh_hashanah in _lunar(_HebrewLunisolar, "rosh_hashanah_date", year):
            found.append(("the Tishrei holidays", rosh_hashanah, rosh_hashanah
                          + timedelta(days=21)))
    if country in GULF:
        fitr = sorted(_lunar(_IslamicLunar, "eid_al_fitr_dates", year)
                      + _lunar(_IslamicLunar, "eid_al_fitr_dates", year + 1))
        for ramadan in _lunar(_IslamicLunar, "ramadan_beginning_dates", year):
            ends = [day for day in fitr if day > ramadan]
            if ends:
                found.append(("Ramadan and Eid al-Fitr", ramadan, ends[0] + timedelta(days=3)))
        for adha in _lunar(_IslamicLunar, "eid_al_adha_dates", year):
            found.append(("Eid al-Adha", adha - timedelta(days=1), adha + timedelta(days=3)))
    return found


@memo("evaluation.holidays_source.quiet_seasons")
def quiet_seasons(country: str, year: int) -> dict[date, str]:
    """The days of ``year`` in one of ``country``'s quiet seasons, with the season's name."""
    days: dict[date, str] = {}
    for begins in (year - 1, year):  # a season may begin the year before (Christmas to New Year)
        for name, first, last in _seasons(country, begins):
            day = max(first, date(year, 1, 1))
            while day <= min(last, date(year, 12, 31)):
                days.setdefault(day, name)
                day += timedelta(days=1)
    return dict(sorted(days.items()))



# --- holidays by name, for a profile's periods ----------------------------------------------


@memo("evaluation.holidays_source.holiday_days")
def holiday_days(country: str, subdivision: str | None, year: int) -> dict[str, date]:
    """The first day of each holiday of ``country`` (and ``subdivision``) in ``year``, by its folded
    name.

    The names are those of the calendar (in English where it has them), without a
    qualifier such as "(estimated)"; without a subdivision, the holidays that only some
    regions keep are included too. A profile's period ``{holiday: Diwali}`` finds its day here.
    """
    found: dict[str, date] = {}
    try:
        named = _quiet(country, subdivision, year)
    except (NotImplementedError, KeyError, ValueError):
        return found
    regional = _year(country, subdivision, year).regional if subdivision is None else {}
    for day, name in sorted([*named.items(),
                             *((day, name) for day, (name, _) in regional.items())]):
        for part in name.split("; "):
            found.setdefault(plain_holiday_name(part), day)
    return found
