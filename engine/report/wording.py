"""The words of a plan: every message code the planner uses, as an English sentence.

The planner says *what* it found (:class:`engine.evaluation.plan.Message`: a code and its
parameters); this module says it. Text, iCalendar and JSON (``note``, ``reason``,
``notes``) all word a message here, so they agree, and a translation or a draft
template needs only another table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..evaluation.plan import Message, iso
from .words import format_day

__all__ = ["BRIEF_WORDING", "CHANNEL_NAMES", "CHANNEL_TEXT", "WORDING", "worded"]

# A step's action as a noun, and a channel with its article.
CHANNEL_NAMES = {"call": "call", "email": "e-mail", "none": "none"}
CHANNEL_TEXT = {"call": "a call", "email": "an e-mail"}


def _holidays(params: Mapping[str, Any], year: int) -> str:
    listed = "; ".join(f"{format_day(day, year=year)} ({name})" for day, name in params["days"])
    return f"Public holidays in {params['where']} are kept free of contact: {listed}."


def _regions(regions: tuple[str, ...]) -> str:
    if len(regions) <= 4:
        return ", ".join(regions)
    return f"{', '.join(regions[:3])} and {len(regions) - 3} more"


def _regional(params: Mapping[str, Any], year: int) -> str:
    country, days = params["country"], params["days"]
    listed = "; ".join(f"{format_day(day, year=year)} ({name}, in {_regions(regions)})" for day, name, regions in days)
    return (f"No region given: holidays that only some regions of {country} keep are working days elsewhere, "
            f"so they only count against contact: {listed}. Give the region (e.g. {country}-{days[0][2][0]}) "
            "for its exact calendar.")


def _span(first: Any, last: Any, year: int) -> str:
    if first == last:
        return format_day(first, year=year)
    return f"{format_day(first, year=year)} to {format_day(last, year=year)}"


def _quiet(params: Mapping[str, Any], year: int) -> str:
    listed = "; ".join(f"{name} ({_span(first, last, year)})" for name, first, last in params["seasons"])
    return (f"Quiet season in {params['country']}, when many people are away and offices are thin: {listed}. "
            "A status or feedback question waits until after it where the plan allows.")


def _verb(action: str) -> str:
    return "call" if action == "call" else "e-mail"


def _what(purpose: str) -> str:
    return purpose.replace("_", " ")


Wording = Callable[[Mapping[str, Any], int], str]

# Each code, and how it reads: a function of its parameters and the plan's year (a
# date in that year is written without it).
WORDING: dict[str, Wording] = {
    # A step's remark.
    "passed": lambda p, y: "its time has passed",
    "nothing_after_contact": lambda p, y: "no allowed time is left after the latest contact",
    "offer_expired": lambda p, y: f"the other offer expired on {format_day(p['deadline'], year=y)}",
    "offer_no_time": lambda p, y: (f"the other offer's deadline ({format_day(p['deadline'], year=y)}) "
                                   "leaves no time to get in touch"),
    "nothing_within": lambda p, y: f"no time for {CHANNEL_TEXT[p['channel']]} is allowed within {p['days']} days",
    "nothing_until": lambda p, y: (f"no time for {CHANNEL_TEXT[p['channel']]} is allowed up to "
                                   f"{format_day(p['day'], year=y)}"),
    "fallback": lambda p, y: (f"no time for {CHANNEL_TEXT[p['tried']]} is left, "
                              f"so {CHANNEL_TEXT[p['channel']]} instead"),
    # The verdict's reason.
    "best_now": lambda p, y: f"now is one of the best times to {_verb(p['action'])} ({_what(p['purpose'])})",
    "next_best": lambda p, y: (f"the next best time to {_verb(p['action'])} ({_what(p['purpose'])}) "
                               f"is {iso(p['start'])}"),
    "rule": lambda p, y: str(p["why"]),
    "no_contact": lambda p, y: "no contact is advised",
    "time_over": lambda p, y: "the time for following up has passed; move on",
    # The plan's notes.
    "profile_warning": lambda p, y: f"Profile problem, worked around: {p['warning']}",
    "no_country": lambda p, y: "No country given: weekends are days off, public holidays are not considered.",
    "public_holidays": _holidays,
    "regional_holidays": _regional,
    "quiet_seasons": _quiet,
    "country_from_zone": lambda p, y: (f"No country given: the public holidays are those of {p['country']}, "
                                       f"where the {p['zone']} time zone is. Give another country to change this, "
                                       "or \"none\" to consider weekends only."),
    "fixed_offset": lambda p, y: (f"No time zone given: the fixed offset {p['zone']} is used, "
                                  "without daylight-saving changes."),
    "evidence_mixed": lambda p, y: (f"Sources disagree for the {p['name']} profile (evidence: mixed); the advice "
                                    "follows the choice its description explains. Ask people who work in the field "
                                    "what they expect."),
    "evidence_thin": lambda p, y: (f"Few or weak sources back the {p['name']} profile (evidence: thin). "
                                   "Ask people who work in the field what they expect."),
}


def _few_regions(regions: tuple[str, ...]) -> str:
    if len(regions) <= 3:
        return regions[0] if len(regions) == 1 else f"{', '.join(regions[:-1])} and {regions[-1]}"
    return f"{len(regions)} regions"


# How many regional holidays the brief note names; it counts the others.
REGIONAL_NAMED = 2
_NUMBERS = {2: "two", 3: "three"}


def _regional_brief(params: Mapping[str, Any], year: int) -> str:
    """The regional holidays counted, with the first few named, for a person reading the plan."""
    country, days = params["country"], params["days"]
    named = "; ".join(f"{format_day(day, year=year)}, {name}, in {_few_regions(regions)}"
                      for day, name, regions in days[:REGIONAL_NAMED])
    if len(days) == 1:
        counted = f"a holiday that only some regions of {country} keep is avoided too ({named})"
    else:
        first = "" if len(days) <= REGIONAL_NAMED else f"the first {_NUMBERS.get(REGIONAL_NAMED, REGIONAL_NAMED)}: "
        counted = f"{len(days)} holidays that only some regions of {country} keep are avoided too ({first}{named})"
    regions = days[0][2]
    example = next((region for region in regions if region.isupper() and len(region) <= 3), regions[0])
    return f"No region given: {counted}. Give the region (e.g. {country}-{example}) for its exact calendar."


# Shorter sentences for people reading a plan (text): a code listed here reads so there,
# while JSON and calendars keep the full one.
BRIEF_WORDING: dict[str, Wording] = {
    "regional_holidays": _regional_brief,
}


def worded(message: Message, year: int, *, brief: bool = False) -> str:
    """The sentence for ``message``; ``year`` is the plan's (its interview's) year. ``brief``
    asks for the shorter sentence where a code has one."""
    wording = BRIEF_WORDING.get(message.code) if brief else None
    return (wording or WORDING[message.code])(message.params, year)
