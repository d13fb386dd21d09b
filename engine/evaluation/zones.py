"""The country a time zone belongs to, from tzdata's zone table (no calendar, no heavy import)."""

from __future__ import annotations

from importlib import resources

from ..caches import memo

__all__ = ["zone_country"]


@memo("evaluation.zones.zone_countries")
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
