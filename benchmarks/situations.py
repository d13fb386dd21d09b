"""Realistic situations for benchmarks and for checking the reference planner.

Seeded and reproducible: the same ``(n, seed)`` gives the same situations, byte for
byte, on every machine. What a job board would send: interviews spread over a year,
every weekday (weekends rarely), every purpose and none (the whole sequence),
employers in the US, GB, DE-BY, FR, JP or with no country, in their own time zones
(or only an offset), sometimes a promised reply date, a competing offer, a heard-back
or traditional flag, and earlier contacts. Date-times come in the spellings the
situation schema accepts: naive local with a ``timezone``, with seconds, with the
zone's offset, in UTC (``Z``), or with only an offset.

Every generated situation is valid: local times avoid the small hours, where DST
gaps and folds are (those are errors, tested elsewhere).

The worldwide mix (``mix="worldwide"``) puts employers in every country the ``holidays``
package knows, half of them in one of its regions, each in a zone drawn from all of
tzdata's: a batch that builds many holiday calendars.

    python benchmarks/situations.py 100000 out.jsonl [--seed 2026] [--industries general,legal,...]
                                                     [--mix benchmark|worldwide]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

__all__ = ["BATCH_NOW", "DEFAULT_SEED", "MIXES", "Case", "cases", "situations", "write_jsonl"]

DEFAULT_SEED = 2026
# One "now" for a whole batch, as ``followup advise --input ... --now`` gives it.
BATCH_NOW = "2026-07-01T12:00+00:00"

FIRST_DAY = date(2026, 1, 1)
DAYS = 365

# (country, weight, zones): employers' locations. ``None`` as a zone means "no
# timezone field, only an offset on the interview".
LOCATIONS: tuple[tuple[str | None, int, tuple[str | None, ...]], ...] = (
    ("US", 30, ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")),
    ("GB", 15, ("Europe/London",)),
    ("DE-BY", 10, ("Europe/Berlin",)),
    ("FR", 10, ("Europe/Paris",)),
    ("JP", 10, ("Asia/Tokyo",)),
    (None, 25, ("America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Sydney",
                "America/Sao_Paulo", "UTC", None, None)),
)
FIXED_OFFSETS = (-8 * 60, -5 * 60, -3 * 60, 0, 60, 5 * 60 + 30, 9 * 60, 10 * 60)
PURPOSES: tuple[tuple[str | None, int], ...] = (
    (None, 30), ("thank_you", 20), ("status", 25), ("feedback", 10), ("competing_offer", 10), ("grievance", 5),
)

_ZONES: dict[str, ZoneInfo] = {}


@dataclass(frozen=True)
class Case:
    """A situation and the moment it is planned at (``advise(situation, now=now)``)."""

    situation: dict[str, Any]
    now: str


def _zone(name: str) -> ZoneInfo:
    found = _ZONES.get(name)
    if found is None:
        found = _ZONES[name] = ZoneInfo(name)
    return found


_REGION = re.compile(r"[A-Za-z0-9 ]{1,40}")  # the region codes a situation's country accepts (not "São Paulo")


@lru_cache(maxsize=1)
def _countries() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every country ``holidays`` has a calendar for, with its regions (subdivisions), by code."""
    import holidays

    codes = sorted({row[1] for row in holidays.registry.COUNTRIES.values()})
    return tuple((code, tuple(region for region in getattr(holidays, code).subdivisions if _REGION.fullmatch(region)))
                 for code in codes)


@lru_cache(maxsize=1)
def _zone_names() -> tuple[str, ...]:
    """The zones of the ``tzdata`` package (the same list on every machine with its release)."""
    names = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8").split()
    return tuple(sorted(name for name in names if name != "Factory"))  # "Factory" is no place


def _pick(rng: random.Random, table: tuple[tuple[Any, ...], ...]) -> tuple[Any, ...]:
    return rng.choices(table, weights=[row[1] for row in table])[0]


def _minutes(value: datetime) -> str:
    return value.isoformat(timespec="minutes")


def _spell(rng: random.Random, local: datetime, named: bool) -> str:
    """An aware local date-time in one of the accepted spellings."""
    if not named:
        return _minutes(local)  # only the offset says where
    roll = rng.random()
    if roll < 0.70:
        return _minutes(local.replace(tzinfo=None))
    if roll < 0.80:
        return local.replace(tzinfo=None).isoformat(timespec="seconds")
    if roll < 0.95:
        return _minutes(local)
    return _minutes(local.astimezone(timezone.utc)).replace("+00:00", "Z")


def _one(rng: random.Random, industry: str | None) -> Case:
    country, _, zones = _pick(rng, LOCATIONS)
    zone_name = rng.choice(zones)
    tz = _zone(zone_name) if zone_name else timezone(timedelta(minutes=rng.choice(FIXED_OFFSETS)))
    return _around(rng, industry, country, zone_name, tz)


def _worldwide_one(rng: random.Random, industry: str | None) -> Case:
    country, regions = rng.choice(_countries())
    if regions and rng.random() < 0.5:
        country += "-" + rng.choice(regions)
    zone_name = rng.choice(_zone_names())
    return _around(rng, industry, country, zone_name, _zone(zone_name))


def _around(rng: random.Random, industry: str | None, country: str | None, zone_name: str | None,
            tz: tzinfo) -> Case:
    """A situation in ``country`` and ``tz``: the interview, its purpose, flags and contacts."""
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    while day.weekday() >= 5 and rng.random() < 0.85:  # interviews on weekends are rare
        day += timedelta(days=rng.randint(1, 2))
    clock = time(rng.randint(8, 18), rng.choice((0, 0, 15, 30, 30, 45)))
    interview = datetime.combine(day, clock, tzinfo=tz)
    named = zone_name is not None

    situation: dict[str, Any] = {"interview": _spell(rng, interview, named)}
    if named:
        situation["timezone"] = zone_name
    if industry is not None and rng.random() < 0.3:
        situation["industry"] = industry
    if country is not None:
        situation["country"] = country
    purpose = _pick(rng, PURPOSES)[0]
    if purpose is not None:
        situation["purpose"] = purpose
    if rng.random() < 0.30:
        situation["promised_reply_by"] = (day + timedelta(days=rng.randint(1, 12))).isoformat()
    if rng.random() < (0.70 if purpose == "competing_offer" else 0.12):
        situation["competing_offer_deadline"] = (day + timedelta(days=rng.randint(0, 16))).isoformat()
    if rng.random() < 0.08:
        situation["heard_back"] = True
    if rng.random() < 0.10:
        situation["traditional"] = True
    if rng.random() < 0.20:
        contacts = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            at = datetime.combine(day + timedelta(days=rng.randint(0, 12)),
                                  time(rng.randint(9, 17), rng.choice((0, 30))), tzinfo=tz)
            contacts.append({"at": _spell(rng, at, named), "channel": rng.choice(("email", "call"))})
        situation["contacts"] = contacts
    moment = interview + timedelta(minutes=rng.randrange(-24 * 60, 17 * 24 * 60, 15))
    now = _minutes(moment.astimezone(timezone.utc)) if rng.random() < 0.5 else _minutes(moment)
    return Case(situation, now)


# The mixes of locations: "benchmark" (the locations above) and "worldwide" (every country
# ``holidays`` knows, half of them with one of their regions, in any zone of tzdata).
MIXES = {"benchmark": _one, "worldwide": _worldwide_one}


def cases(n: int, seed: int = DEFAULT_SEED, *, industry: str | None = "general",
          mix: str = "benchmark") -> Iterator[Case]:
    """``n`` generated situations with a "now" each, from ``seed``, in one of the :data:`MIXES`.

    ``industry`` is written explicitly in about a third of them (the rest rely on the
    default, ``general``); ``None`` never writes it.
    """
    rng = random.Random(seed)
    one = MIXES[mix]
    for _ in range(n):
        yield one(rng, industry)


def situations(n: int, seed: int = DEFAULT_SEED, *, industry: str | None = "general",
               mix: str = "benchmark") -> Iterator[dict[str, Any]]:
    """Just the situations of :func:`cases`."""
    for case in cases(n, seed, industry=industry, mix=mix):
        yield case.situation


def write_jsonl(path: str | Path, n: int, seed: int = DEFAULT_SEED, *, industry: str | None = "general",
                industries: Sequence[str] = (), mix: str = "benchmark") -> int:
    """Write ``n`` situations as JSON Lines (what ``followup advise --input`` reads); the bytes written.

    With ``industries``, every situation names one of them, in turn (``industry`` is then unused).
    """
    written = 0
    with open(path, "w", encoding="utf-8") as handle:
        for index, situation in enumerate(situations(n, seed, industry=None if industries else industry, mix=mix)):
            if industries:
                situation["industry"] = industries[index % len(industries)]
            line = json.dumps(situation, separators=(",", ":")) + "\n"
            handle.write(line)
            written += len(line)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write generated situations as JSON Lines.")
    parser.add_argument("count", type=int)
    parser.add_argument("output")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--industries", default="",
                        help="comma-separated profile ids, one per situation in turn (default: general, mostly implied)")
    parser.add_argument("--mix", choices=sorted(MIXES), default="benchmark",
                        help="where employers are: the benchmark's locations, or every country worldwide")
    args = parser.parse_args(argv)
    write_jsonl(args.output, args.count, args.seed, industries=[part for part in args.industries.split(",") if part],
                mix=args.mix)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
