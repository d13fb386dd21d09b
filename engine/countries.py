"""The countries with a public-holiday calendar: their codes, a time zone's country, a code checked.

The calendars are the ``holidays`` package's; it is imported so that only the module of
the country asked for loads (:func:`country_calendar`), never all 250 at once.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from typing import Any

import holidays

from .caches import memo
from .errors import SituationError, did_you_mean, shown
from .zones import zone_country

__all__ = ["ALIASES", "check_country", "country_calendar", "country_of_zone"]

def _one_country_at_a_time() -> None:
    """Make ``holidays`` import only the module of the country whose calendar is asked for.

    The package's registry finds a calendar class lazily, in its module of the
    ``holidays.countries`` package; but importing any module of that package runs the
    package's ``__init__``, which imports all 250 countries (about 70 ms, more than the
    rest of a plan's start). A stand-in for the package, with the same folder, imports a
    country's module when one of its names is first asked for (through the registry), so
    that ``holidays.US`` or ``country_holidays("US")`` loads the United States' module
    and the few it builds on, and nothing else. Nothing changes where the package was
    already imported, or where the registry is not the one this expects.
    """
    name = "holidays.countries"
    registry = getattr(holidays, "registry", None)
    countries = getattr(registry, "COUNTRIES", None)
    if name in sys.modules or not isinstance(countries, dict):
        return
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return
    modules = {entity: module for module, entities in countries.items() for entity in entities}
    package = importlib.util.module_from_spec(spec)

    def __getattr__(attribute: str) -> Any:
        module = modules.get(attribute)
        if module is None:
            raise AttributeError(f"module {name!r} has no attribute {attribute!r}")
        value = getattr(importlib.import_module(f"{name}.{module}"), attribute)
        setattr(package, attribute, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*package.__dict__, *modules})

    package.__getattr__ = __getattr__  # type: ignore[method-assign]
    package.__dir__ = __dir__  # type: ignore[method-assign]
    package.__all__ = sorted(modules)  # type: ignore[attr-defined]
    sys.modules[name] = package
    holidays.countries = package


_one_country_at_a_time()


def country_calendar(country: str, **options: Any) -> holidays.HolidayBase:
    """``holidays.country_holidays(country, **options)``, loading that country's module alone."""
    return holidays.country_holidays(country, **options)


@memo("countries.codes")
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
ALIASES = {"UK": "GB", "EL": "GR", "UAE": "AE", "ENG": "GB-ENG", "SCT": "GB-SCT", "WLS": "GB-WLS",
           "NIR": "GB-NIR"}


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
            suggestion=alias or did_you_mean(country,
                                             sorted(code for code in codes if len(code) == 2)),
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
            f"{alpha2} has no subdivision {shown(subdivision)}; known: "
            f"{', '.join(calendar_class.subdivisions)}",
            suggestion=did_you_mean(subdivision, names),
        )
    # An alias (Bayern) is its code (BY): a plan names a region the one way.
    return alpha2, getattr(calendar_class, "subdivisions_aliases", {}).get(known, known)


def country_of_zone(zone: str) -> str | None:
    """The country whose public holidays apply in ``zone``,
    when the zone belongs to one that has a calendar."""
    code = zone_country(zone)
    return code if code is not None and code in _codes() else None

