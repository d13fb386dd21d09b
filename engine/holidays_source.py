"""Public holidays from the ``holidays`` package, checked and cached per country and year."""

from __future__ import annotations

import warnings
from datetime import date
from functools import lru_cache

import holidays

from .errors import SituationError, did_you_mean

__all__ = ["check_country", "holiday_dates"]


def check_country(country: str, subdivision: str | None) -> tuple[str, str | None]:
    supported = holidays.list_supported_countries()
    if country not in supported:
        raise SituationError(
            "country", f"no public-holiday calendar for {country!r}",
            suggestion=did_you_mean(country, supported),
        )
    if subdivision is None:
        return country, None
    by_folded = {name.casefold(): name for name in supported[country]}
    known = by_folded.get(subdivision.casefold())
    if known is None:
        raise SituationError(
            "country", f"{country} has no subdivision {subdivision!r}; known: {', '.join(supported[country])}",
            suggestion=did_you_mean(subdivision, supported[country]),
        )
    return country, known


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
