"""Time zones: the names accepted (tzdata's), one looked up by name, the country it belongs to."""

from __future__ import annotations

from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .caches import memo
from .errors import SituationError, did_you_mean, shown

__all__ = ["zone_country", "zone_named", "zone_names"]

# In the time zone database but no place: "Factory" (a zone for machines not yet set up);
# and names a host may have that the database does not define.
_NOT_PLACES = frozenset({"Factory", "localtime", "posixrules"})


@memo("zones.zone_countries")
def _zone_countries() -> dict[str, str]:
    """Each zone of tzdata's zone table that belongs to one country, to that country's code.

    ``zone.tab`` gives each zone one country (Europe/Oslo: NO); a link the table does not
    list (US/Eastern, Asia/Calcutta) takes its target's country. ``zone1970.tab`` is not
    used: it groups countries that share a clock since 1970 (Europe/Berlin: DE, DK, NO, SE).
    """
    data = resources.files("tzdata").joinpath("zoneinfo")
    countries: dict[str, str] = {}
    for line in data.joinpath("zone.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _, zone, *_ = line.split("\t")
            countries[zone] = code
    for line in data.joinpath("tzdata.zi").read_text(encoding="utf-8").splitlines():
        if line.startswith("L "):
            _, target, link = line.split()
            if link not in countries and target in countries:
                countries[link] = countries[target]
    return countries


def zone_country(zone: str) -> str | None:
    """The country ``zone`` belongs to (``Europe/London`` -> ``GB``), when the zone table says."""
    try:
        return _zone_countries().get(zone)
    except (ModuleNotFoundError, OSError):  # pragma: no cover - tzdata is a dependency
        return None


@memo("zones.zone_names")
def zone_names() -> frozenset[str]:
    """The IANA time zone names accepted: canonical ones and their documented aliases.

    They are the names the ``tzdata`` package lists (the database's zones and its
    ``backward`` links such as ``US/Eastern``), so a situation means the same on every
    host: the system's ``localtime``, ``posixrules`` and ``right/...`` files are not names.
    """
    try:
        listed = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8").split()
    except (ModuleNotFoundError, OSError):  # pragma: no cover - tzdata is a dependency
        listed = list(available_timezones())
    return frozenset(name for name in listed
                     if name not in _NOT_PLACES and not name.startswith(("posix/", "right/")))


def zone_named(name: Any, field: str = "timezone") -> ZoneInfo:
    if not isinstance(name, str) or not name:
        raise SituationError(field, "expected an IANA time zone name such as 'America/New_York', "
                                    f"got {shown(name)}")
    if name in zone_names():
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # pragma: no cover - not installed
            pass
    raise SituationError(
        field, f"unknown time zone {shown(name)}",
        suggestion=did_you_mean(name, zone_names()) if len(name) < 100 else None,
    )
