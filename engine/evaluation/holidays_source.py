"""Public holidays and working weeks from the ``holidays`` package, checked and cached.

A situation names a country and perhaps a subdivision (``GB-SCT``, ``US-NY``). With a
subdivision, its calendar is exact. Without one, a holiday that only some of the
country's regions keep (Easter Monday in England but not in Scotland) is a *possible*
day off: the engine keeps it free like a public holiday, and :func:`calendar` lists it
apart so the plan can name it and suggest giving the region. Overseas territories with calendars of their own (Puerto
Rico, Guam, La Réunion...) are places of their own rather than regions a candidate
forgot to name, so their holidays are not counted for the mainland.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache

import holidays

from ..errors import SituationError, did_you_mean, shown

__all__ = ["Calendar", "calendar", "check_country", "weekend_days"]


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    """ISO 3166-1 alpha-2 and alpha-3 codes of every calendar, to its alpha-2 code."""
    codes: dict[str, str] = {}
    for _, alpha2, alpha3, *_ in holidays.registry.COUNTRIES.values():
        codes[alpha2] = codes[alpha3] = alpha2
    return codes


# Codes people write that are not ISO 3166-1 codes of a country, with the code meant: the
# codes ISO 3166-1 reserves exceptionally (UK for the United Kingdom, EL for Greece in the
# European Union's usage), a common abbreviation, and the parts of the United Kingdom
# written as countries (they are subdivisions of GB).
ALIASES = {"UK": "GB", "EL": "GR", "UAE": "AE", "ENG": "GB-ENG", "SCT": "GB-SCT", "WLS": "GB-WLS", "NIR": "GB-NIR"}


def check_country(country: str, subdivision: str | None) -> tuple[str, str | None]:
    """The calendar's own spelling of a country and subdivision, or a SituationError."""
    codes = _codes()  # the registry, not list_supported_countries(): that loads every calendar
    alpha2 = codes.get(country)
    if alpha2 is None:
        alias = ALIASES.get(country)
        if alias is not None and subdivision is not None:
            alias = f"{alias.split('-')[0]}-{subdivision.upper()}"
        raise SituationError(
            "country", f"no public-holiday calendar for {shown(country)}",
            suggestion=alias or did_you_mean(country, sorted(code for code in codes if len(code) == 2)),
        )
    if subdivision is None:
        return alpha2, None
    calendar_class = getattr(holidays, alpha2)
    names = [*calendar_class.subdivisions, *getattr(calendar_class, "subdivisions_aliases", {})]
    by_folded = {name.casefold(): name for name in names}
    known = by_folded.get(subdivision.casefold())
    if known is None:
        raise SituationError(
            "country",
            f"{alpha2} has no subdivision {shown(subdivision)}; known: {', '.join(calendar_class.subdivisions)}",
            suggestion=did_you_mean(subdivision, names),
        )
    # An alias (Bayern) is its code (BY): a plan names a region the one way.
    return alpha2, getattr(calendar_class, "subdivisions_aliases", {}).get(known, known)


@lru_cache(maxsize=256)
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
    """The public holidays of one country (and subdivision) in some years, with their names.

    ``holidays`` maps each public holiday to its name. ``regional`` maps each possible
    day off (a holiday of some regions, when no region was given) to its name and the
    regions that keep it; those dates are not in ``holidays``.
    """

    holidays: dict[date, str]
    regional: dict[date, tuple[str, tuple[str, ...]]]

    @cached_property
    def days_off(self) -> frozenset[date]:
        """Public holidays and possible days off together."""
        return frozenset(self.holidays) | frozenset(self.regional)


def language(country: str) -> str | None:
    """The language of holiday names: English wherever the calendar has it.

    Without a language, ``holidays`` asks gettext, which reads the process's locale
    (``LANG``...), and Python 3.12 stopped reading ``C.UTF-8`` as American English: the
    same plan would name Good Friday "Karfreitag" on one machine or Python and not on
    another. A calendar without translations has one set of names, whatever the locale.
    """
    return "en_US" if "en_US" in getattr(holidays, country).supported_languages else None


def _quiet(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    with warnings.catch_warnings():
        # Some calendars only cover some years and warn outside them; an empty year is the answer.
        warnings.simplefilter("ignore")
        found = holidays.country_holidays(country, subdiv=subdivision, years=year, language=language(country))
        return {day: str(name) for day, name in sorted(found.items())}


@lru_cache(maxsize=2048)
def _year(country: str, subdivision: str | None, year: int) -> Calendar:
    national = _quiet(country, subdivision, year)
    regional: dict[date, tuple[str, tuple[str, ...]]] = {}
    if subdivision is None:
        regions: dict[date, list[str]] = {}
        names: dict[date, str] = {}
        territories = TERRITORIES.get(country, frozenset())
        for region in getattr(holidays, country).subdivisions:
            if region in territories:
                continue
            try:
                local = _quiet(country, region, year)
            except (NotImplementedError, KeyError, ValueError):  # a region without a calendar for the year
                continue
            for day, name in local.items():
                if day not in national:
                    regions.setdefault(day, []).append(region)
                    names.setdefault(day, name)
        regional = {day: (names[day], tuple(sorted(regions[day]))) for day in sorted(regions)}
    return Calendar(national, regional)


def calendar(country: str, subdivision: str | None, years: range) -> Calendar:
    """The days off of ``country`` (and ``subdivision``) in ``years``, remembered per year."""
    if len(years) == 1:
        return _year(country, subdivision, years[0])
    found: dict[date, str] = {}
    regional: dict[date, tuple[str, tuple[str, ...]]] = {}
    for year in years:
        one = _year(country, subdivision, year)
        found.update(one.holidays)
        regional.update(one.regional)
    return Calendar(found, regional)
