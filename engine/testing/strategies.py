"""Hypothesis strategies for situations and profiles, public for this suite and for profile packs.

* :func:`situations` draws a valid situation and a ``now``: any IANA zone, decades
  from 1980 to 2099, and on purpose the corners: instants within hours of a zone's
  UTC-offset change (DST, or a zone changing sides of the date line), horizons that
  contain such a day, odd offsets (+05:45, +12:45, +14:00), and date-line pairs
  (a moment given in one zone's offset for an employer in another).
* :func:`aimed_situations` draws the same, with ``now`` aimed at the moments that decide
  a verdict: inside each best range of the plan, at a range's edges, on a competing
  offer's deadline day, around a promised reply date, past the plan's end.
* :func:`profile_documents` draws a schema-valid profile built from the vocabulary
  (facts, operators, effects, settings within the schema's bounds) that extends
  ``general``; it resolves, or fails to with diagnostics.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from ..caches import memo
from ..language.catalog import Catalog
from ..situation_fields import SITUATION_FIELDS
from ..vocabulary import CHANNELS, PURPOSES
from ..zones import zone_names
from .profile_strategies import (
    conditions,
    profile_documents,
)

__all__ = [
    "AIMS",
    "COUNTRIES",
    "DATE_LINE_PAIRS",
    "SPECIAL_ZONES",
    "aimed_situations",
    "conditions",
    "dst_zones",
    "named_situations",
    "near_transition",
    "profile_documents",
    "situations",
    "transitions",
    "zones",
]

UTC = timezone.utc

# Countries (and subdivisions) with public-holiday calendars, spread over the globe.
COUNTRIES = ("US", "US-NY", "US-CA", "GB", "DE-BY", "FR", "JP", "IN", "BR", "AU-NSW", "CA-QC", "NZ",
             "NP", "ZA")

# Zones that test the corners; drawn more often than the other ~600.
SPECIAL_ZONES = (
    "Asia/Kathmandu",  # +05:45
    "Pacific/Kiritimati",  # +14:00
    "Pacific/Chatham",  # +12:45, with DST +13:45
    "Australia/Lord_Howe",  # a 30-minute DST shift
    "Pacific/Apia",  # skipped 2011-12-30 to change sides of the date line
    "Pacific/Pago_Pago",  # -11:00, across the line from Apia
    "Etc/GMT+12",  # -12:00
    "America/St_Johns",  # -03:30
    "Asia/Tehran",  # +03:30, DST until 2022
    "Antarctica/Troll",  # a 2-hour DST shift
    "Africa/Casablanca",  # DST suspended for Ramadan
    "Europe/Dublin",  # "negative" DST in the rules
    "America/Havana",  # DST changes at midnight
    "America/New_York",
    "Europe/London",
    "America/Santiago",
)

# Employer zone, and a zone on the other side of the date line in which moments
# (the interview, ``now``, contacts) may be written: the same instant, another date.
DATE_LINE_PAIRS = (
    ("Pacific/Kiritimati", "Pacific/Honolulu"),
    ("Pacific/Apia", "Pacific/Pago_Pago"),
    ("Pacific/Tongatapu", "Pacific/Niue"),
    ("Asia/Anadyr", "America/Adak"),
    ("Pacific/Auckland", "Pacific/Midway"),
    ("Etc/GMT-14", "Etc/GMT+12"),
)

# Zones whose clocks change every year of 1980-2099 (tzdata extends today's rules).
_ALWAYS_DST = ("America/New_York", "Europe/Dublin", "Australia/Sydney", "Pacific/Chatham",
               "Pacific/Auckland")

FIRST_YEAR, LAST_YEAR = 1980, 2099


@memo("testing.strategies.zones")
def zones() -> tuple[str, ...]:
    """Every IANA zone name a situation accepts."""
    return tuple(sorted(zone_names()))


@memo("testing.strategies.transitions")
def transitions(zone: str, year: int) -> tuple[datetime, ...]:
    """The UTC instants in ``year`` at which ``zone``'s UTC offset changes, to the minute.

    Found by scanning the offset every 12 hours and bisecting each change (a change
    undone within the same 12 hours would be missed).
    """
    tz = ZoneInfo(zone)
    start = datetime(year, 1, 1, tzinfo=UTC)
    step = 12 * 60
    found: list[datetime] = []
    before = start.astimezone(tz).utcoffset()
    for index in range(0, 366 * 2):
        low = start + timedelta(minutes=index * step)
        after = (low + timedelta(minutes=step)).astimezone(tz).utcoffset()
        if after == before:
            continue
        lo, hi = 0, step  # offset(lo) is the old one, offset(hi) the new one
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if (low + timedelta(minutes=mid)).astimezone(tz).utcoffset() == before:
                lo = mid
            else:
                hi = mid
        moment = low + timedelta(minutes=hi)
        if moment.year == year:
            found.append(moment)
        before = after
    return tuple(found)


@memo("testing.strategies.dst_zones")
def dst_zones(year: int) -> tuple[str, ...]:
    """Zones whose UTC offset differs between January and July of ``year``."""
    winter, summer = datetime(year, 1, 1, tzinfo=UTC), datetime(year, 7, 1, tzinfo=UTC)
    return tuple(name for name in zones()
                 if winter.astimezone(ZoneInfo(name)).utcoffset()
                 != summer.astimezone(ZoneInfo(name)).utcoffset())


@st.composite
def near_transition(draw: st.DrawFn, zone: str | None = None) -> tuple[str, datetime]:
    """A zone and a UTC instant within two days of one of its offset changes.

    When ``zone`` (or the zone drawn) keeps one offset all year, as most do, a zone
    with daylight-saving time that year is taken instead.
    """
    name = zone or draw(st.sampled_from(zones()))
    year = draw(st.integers(FIRST_YEAR, LAST_YEAR))
    found = transitions(name, year)
    if not found:
        name = draw(st.sampled_from(dst_zones(year) or _ALWAYS_DST))
        found = transitions(name, year)
    if not found:  # pragma: no cover - January and July offsets differ, so a change was found
        name = _ALWAYS_DST[0]
        found = transitions(name, year)
    moment = draw(st.sampled_from(found))
    return name, moment + timedelta(minutes=draw(st.integers(-48 * 60, 48 * 60)))


def _written(draw: st.DrawFn, moment: datetime, zone: str, other: str | None) -> str:
    """``moment`` as ISO 8601 text with an offset: the employer's, or another zone's."""
    if other is not None and draw(st.booleans()):
        return moment.astimezone(ZoneInfo(other)).isoformat(timespec="minutes")
    return moment.astimezone(ZoneInfo(zone)).isoformat(timespec="minutes")


def _unambiguous(local: datetime) -> bool:
    """The wall-clock time of ``local`` exists exactly once in its zone."""
    naive = local.replace(tzinfo=None)
    first, second = naive.replace(tzinfo=local.tzinfo, fold=0), naive.replace(
        tzinfo=local.tzinfo, fold=1)
    return first.utcoffset() == second.utcoffset()


@st.composite
def situations(draw: st.DrawFn, industry: str = "general", *, max_horizon: int = 60,
               country: str | None = None) -> tuple[dict[str, Any], str]:
    """A valid situation for ``industry`` and a ``now``, both as the CLI would take them.

    ``max_horizon`` bounds the dates drawn relative to the interview (promised reply,
    offer deadline, contacts, ``now``); pass the profile's horizon plus a little.
    ``country`` (a country overlay's) is given to every situation instead of a drawn one.
    """
    other: str | None = None
    mode = draw(st.sampled_from(("anywhere", "special", "date-line", "transition",
                                 "transition-ahead")))
    if mode == "date-line":
        zone, other = draw(st.sampled_from(DATE_LINE_PAIRS))
        if draw(st.booleans()):
            zone, other = other, zone
    elif mode == "special":
        zone = draw(st.sampled_from(SPECIAL_ZONES))
    else:
        zone = draw(st.sampled_from(zones()))
    if mode == "transition":  # the interview within hours of a clock change
        zone, instant = draw(near_transition(zone))
    elif mode == "transition-ahead":  # a clock change on one of the planned days
        zone, change = draw(near_transition(zone))
        instant = change - timedelta(days=draw(st.integers(0, max_horizon)),
                                     minutes=draw(st.integers(0, 24 * 60)))
    else:
        instant = draw(st.datetimes(min_value=datetime(FIRST_YEAR, 1, 1),
                                    max_value=datetime(LAST_YEAR, 12, 31)))
        instant = instant.replace(tzinfo=UTC)
    instant = instant.replace(second=0, microsecond=0)
    local = instant.astimezone(ZoneInfo(zone))
    if draw(st.booleans()) and _unambiguous(local):
        # read in the employer's zone
        interview = local.replace(tzinfo=None).isoformat(timespec="minutes")
    else:
        interview = _written(draw, instant, zone, other)
    situation: dict[str, Any] = {"interview": interview, "timezone": zone, "industry": industry}
    purpose = draw(st.sampled_from((None, *PURPOSES)))
    if purpose:
        situation["purpose"] = purpose
    day = local.date()
    for key in ("promised_reply_by", "competing_offer_deadline"):
        if draw(st.booleans()):
            situation[key] = (day + timedelta(days=draw(st.integers(-5, max_horizon)))).isoformat()
    if country is not None:
        situation["country"] = country
    elif draw(st.booleans()):
        situation["country"] = draw(st.sampled_from(COUNTRIES))
    _draw_samples(draw, situation, "situations")
    contacts = draw(st.lists(st.tuples(st.integers(1, 24 * 60 * max_horizon),
                                       st.sampled_from(CHANNELS),
                                       st.none() | st.sampled_from(("thank_you", "status",
                                                                    "feedback",
                                                                    "competing_offer"))),
                                                                    max_size=3))
    if contacts:
        situation["contacts"] = [
            {"at": _written(draw, instant + timedelta(minutes=minutes), zone, other),
             "channel": channel}
            | ({"purpose": aim} if aim else {})
            for minutes, channel, aim in contacts
        ]
    if draw(st.integers(0, 9)) == 9:  # now anywhere at all
        moment = draw(st.datetimes(min_value=datetime(1970, 1, 1),
                                   max_value=datetime(2150, 12, 31)))
        now_instant = moment.replace(tzinfo=UTC, second=0, microsecond=0)
    else:
        now_instant = instant + timedelta(
            minutes=draw(st.integers(-3 * 24 * 60, (max_horizon + 7) * 24 * 60)))
    return situation, _written(draw, now_instant, zone, other)


def _draw_samples(draw: st.DrawFn, situation: dict[str, Any], among: str) -> None:
    """Each field whose declared sample is drawn ``among``
    these strategies: one of its values, or nothing."""
    for name, field in SITUATION_FIELDS.items():
        if field.sample is not None and field.sample.among == among and draw(st.booleans()):
            situation[name] = draw(st.sampled_from(field.sample.values))


@st.composite
def named_situations(draw: st.DrawFn, industry: str = "general", *, max_horizon: int = 60,
                     country: str | None = None) -> tuple[dict[str, Any], str]:
    """A situation of :func:`situations`, with the names that fill drafts given or not, a first
    choice or not, and a language now and then: the fields whose samples are drawn among these."""
    situation, now = draw(situations(industry, max_horizon=max_horizon, country=country))
    _draw_samples(draw, situation, "named_situations")
    return situation, now


# --- now aimed at the moments that decide a verdict ----------------------------------

# Where ``aimed_situations`` puts ``now``: as ``situations`` does (anywhere); inside the
# first best range in time, or any best range; a minute either side of one's start or end; on a
# competing offer's deadline day or the day either side; on a promised reply date or the day either
# side; past the plan's end. "first-best" is inside the earliest best range of the first step that
# has one: every other range of that step is still ahead there, so ``now`` falls in whichever of
# them (best[0], best[1] or best[2]) the earliest one is ranked.
AIMS = ("first-best", "anywhere", "first-best", "inside-best", "best-edge", "deadline-day",
        "promise-day", "past-the-end")


def _minute(draw: st.DrawFn, start: datetime, end: datetime) -> datetime:
    """A whole minute in [start, end)."""
    span = max(1, int((end - start).total_seconds() // 60))
    return start + timedelta(minutes=draw(st.integers(0, span - 1)))


@st.composite
def aimed_situations(draw: st.DrawFn, industry: str = "general", *, max_horizon: int = 60,
                     profiles: Catalog | None = None,
                     aims: Sequence[str] = AIMS) -> tuple[dict[str, Any], str]:
    """A situation as :func:`situations` draws it, and a ``now`` aimed at an interesting moment.

    The situation is planned once from its interview (every best time still ahead), and
    ``now`` is put where a verdict is decided (see :data:`AIMS`): a situation without a
    deadline or a promise gets one for those aims; ``aims`` narrows the moments drawn
    (a search for one kind of moment). ``profiles`` is the catalog the
    situation's industry is found in (default: the bundled profiles). Aiming falls back to
    the drawn ``now`` when the plan has nothing to aim at (no step with a best time).
    """
    from ..api import advise  # the planner loads only when this strategy is used
    from ..errors import FollowupError

    situation, now = draw(situations(industry, max_horizon=max_horizon))
    unknown = set(aims) - set(AIMS)
    if unknown:
        raise ValueError(f"unknown aims {sorted(unknown)}; known: {', '.join(sorted(set(AIMS)))}")
    aim = draw(st.sampled_from(tuple(aims)), label="aim")
    if aim == "anywhere":
        return situation, now
    zone = ZoneInfo(situation["timezone"])
    interview = datetime.fromisoformat(situation["interview"])
    interview = (interview.replace(tzinfo=zone) if interview.tzinfo is None
                 else interview.astimezone(zone))
    first = interview.date()
    for key, wanted in (("competing_offer_deadline", "deadline-day"),
                        ("promised_reply_by", "promise-day")):
        if aim == wanted and key not in situation:
            situation[key] = (first + timedelta(days=draw(st.integers(1, max_horizon)))).isoformat()
    try:
        plan = advise(situation, now=interview.isoformat(), profiles=profiles)
    except FollowupError:  # pragma: no cover - a drawn situation is valid; kept as drawn if not
        return situation, now
    moment: datetime | None = None
    ranges = [item for step in plan.steps for item in step.best]
    first_step = next((step for step in plan.steps if step.best), None)
    if aim == "first-best" and first_step is not None:
        item = min(first_step.best, key=lambda item: item.start.timestamp())
        moment = _minute(draw, item.start, item.end)
    elif aim == "inside-best" and ranges:
        chosen = draw(st.sampled_from([(step, index) for step in plan.steps
                                       for index in range(len(step.best))]))
        item = chosen[0].best[chosen[1]]
        moment = _minute(draw, item.start, item.end)
    elif aim == "best-edge" and ranges:
        item = draw(st.sampled_from(ranges))
        # A minute before, on, or a minute after the edge, each as likely (integers() leans to 0).
        moment = draw(st.sampled_from((item.start, item.end))) + timedelta(
            minutes=draw(st.sampled_from((-1, 0, 1))))
    elif aim in ("deadline-day", "promise-day"):
        key = "competing_offer_deadline" if aim == "deadline-day" else "promised_reply_by"
        day = date.fromisoformat(situation[key]) + timedelta(days=draw(st.integers(-1, 1)))
        moment = datetime.combine(day, time(), tzinfo=zone) + timedelta(
            minutes=draw(st.integers(0, 24 * 60 - 1)))
    elif aim == "past-the-end":
        moment = plan.move_on_after + timedelta(minutes=draw(st.integers(0, 7 * 24 * 60)))
    if moment is None:
        return situation, now
    return situation, moment.astimezone(zone).isoformat(timespec="minutes")


# --- random profiles -----------------------------------------------------------------

