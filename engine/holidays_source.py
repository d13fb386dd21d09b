"""Public holidays from the ``holidays`` package, checked and cached per country and year."""

from __future__ import annotations

import warnings
from datetime import date
from functools import lru_cache

import holidays

from .errors import SituationError, did_you_mean, shown

__all__ = ["check_country", "holiday_dates", "weekend_days"]


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    """ISO 3166-1 alpha-2 and alpha-3 codes of every calendar, to its alpha-2 code."""
    codes: dict[str, str] = {}
    for _, alpha2, alpha3, *_ in holidays.registry.COUNTRIES.values():
        codes[alpha2] = codes[alpha3] = alpha2
    return codes


def check_country(country: str, subdivision: str | None) -> tuple[str, str | None]:
    """The calendar's own spelling of a country and subdivision, or a SituationError."""
    codes = _codes()  # the registry, not list_supported_countries(): that loads every calendar
    alpha2 = codes.get(country)
    if alpha2 is None:
        raise SituationError(
            "country", f"no public-holiday calendar for {shown(country)}",
            suggestion=did_you_mean(country, sorted(code for code in codes if len(code) == 2)),
        )
    if subdivision is None:
        return alpha2, None
    calendar = getattr(holidays, alpha2)
    names = [*calendar.subdivisions, *getattr(calendar, "subdivisions_aliases", {})]
    by_folded = {name.casefold(): name for name in names}
    known = by_folded.get(subdivision.casefold())
    if known is None:
        raise SituationError(
            "country", f"{alpha2} has no subdivision {shown(subdivision)}; known: {', '.join(calendar.subdivisions)}",
            suggestion=did_you_mean(subdivision, names),
        )
    return alpha2, known


@lru_cache(maxsize=256)
def weekend_days(country: str) -> frozenset[int]:
    """The country's weekend as weekday numbers (0 = Monday): Friday and Saturday in Israel."""
    return frozenset(getattr(holidays, country).weekend)


@lru_cache(maxsize=1024)
def _year(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    with warnings.catch_warnings():
        # Some calendars only cover some years and warn outside them; an empty year is the answer.
        warnings.simplefilter("ignore")
        calendar = holidays.country_holidays(country, subdiv=subdivision, years=year)
        return frozenset(calendar.keys())


def holiday_dates(country: str, subdivision: str | None, years: range) -> frozenset[date]:
    found: frozenset[date] = frozenset()
    for year in years:
        found |= _year(country, subdivision, year)
    return found
