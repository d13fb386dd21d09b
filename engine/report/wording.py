"""The words of a plan: every message code the planner uses, as an English sentence.

The planner says *what* it found (:class:`engine.plan.Message`: a code and its
parameters); this module says it. Text, iCalendar and JSON (``note``, ``reason``,
``notes``) all word a message here, so they agree, and a translation or a draft
template needs only another table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel import Locale

from ..caches import memo
from ..plan import Message, iso
from .i18n import N_, _, current, format_day, ngettext

__all__ = ["BRIEF_WORDING", "CHANNEL_NAMES", "CHANNEL_TEXT", "CHANNEL_WORDS", "WORDING",
           "ChannelWords", "worded"]


@dataclass(frozen=True)
class ChannelWords:
    """The words of a channel of :data:`engine.vocabulary.CHANNEL_SPECS` that plans in time slots:
    English msgids, whole sentences (a language words a call and an e-mail its own way)."""

    noun: str  # a step's action as a noun: "call"
    with_article: str  # "a call"
    again: str  # the next follow-up, after one by the channel at {moment}
    done: str  # a step done by the channel at {moment}
    best_now: str  # now is one of its best times for the step ({purpose})
    next_best: str  # its next best time for the step ({purpose}) is {start}
    action: str  # what to do, for a step ({what}: the purpose's phrase)
    thanks: str  # what to do, for a thank-you


CHANNEL_WORDS: dict[str, ChannelWords] = {
    "call": ChannelWords(
        N_("call"), N_("a call"), N_("one more follow-up: the last one was a call on {moment}"),
        N_("done: called on {moment}"), N_("now is one of the best times to call ({purpose})"),
        N_("the next best time to call ({purpose}) is {start}"), N_("Call to {what}"),
        N_("Call to {what}")),
    "email": ChannelWords(
        N_("e-mail"), N_("an e-mail"),
        N_("one more follow-up: the last one was an e-mail on {moment}"),
        N_("done: sent by e-mail on {moment}"),
        N_("now is one of the best times to e-mail ({purpose})"),
        N_("the next best time to e-mail ({purpose}) is {start}"), N_("Send an e-mail to {what}"),
        N_("Send a thank-you e-mail")),
}
# A step's action as a noun, and a channel with its article.
CHANNEL_NAMES = {**{name: words.noun for name, words in CHANNEL_WORDS.items()}, "none": N_("none")}
CHANNEL_TEXT = {name: words.with_article for name, words in CHANNEL_WORDS.items()}


def _channel(name: str) -> str:
    return _(CHANNEL_TEXT[name])


@memo("report.wording.local_holidays")
def _local_holidays(country: str, region: str | None, year: int,
                    language: str) -> Mapping[date, str]:
    """A country's (or region's) holidays of a year named in ``language`` where the holidays package
    has that language, else in the country's own (never in English in a plan that is not); empty if
    neither."""
    from ..countries import country_calendar  # only for a plan in another language

    wanted = language.replace("-", "_")
    try:
        calendar = country_calendar(country, subdiv=region, years=year)
        if wanted not in (calendar.supported_languages or ()):
            wanted = calendar.default_language or ""
            if not wanted or wanted.startswith("en"):
                return {}
        return dict(country_calendar(country, subdiv=region, years=year, language=wanted))
    except (NotImplementedError, KeyError, ValueError, AttributeError):
        return {}


def _holiday_name(country: str, region: str | None, day: date, name: str) -> str:
    """A holiday's name in the current language where it is known, else as the plan names it."""
    language = current()
    if language.startswith("en") or not country:
        return name
    return _local_holidays(country, region, day.year, language).get(day, name)


def _place(where: str) -> str:
    """A country, or a country's region, as the plan's language names it (日本, España, Brasil
    (SP)). English and German plans keep the code the situation gave: their sentences put it
    after "in", where German would need the country's article (in der Schweiz)."""
    language = current()
    if language.startswith("en") or language == "de":
        return where
    country, _dash, region = where.partition("-")
    name = str(Locale.parse(language.replace("-", "_")).territories.get(country.upper(), country))
    if not region:
        return name
    # French and Portuguese set the place in brackets, where a second pair would stand out.
    return f"{name}, {region}" if language in ("fr", "pt-BR") else f"{name} ({region})"


def _holidays(params: Mapping[str, Any], year: int) -> str:
    country, _dash, region = str(params["where"]).partition("-")
    listed = "; ".join(_("{day} ({name})").format(day=format_day(day, year=year),
                                                  name=_holiday_name(country, region or None, day,
                                                                     name))
                       for day, name in params["days"])
    return _("Public holidays in {where} are kept free of contact: {days}.").format(
        where=_place(str(params["where"])), days=listed)


def _regions(regions: tuple[str, ...]) -> str:
    if len(regions) <= 4:
        return ", ".join(regions)
    return _("{first} and {count} more").format(first=", ".join(regions[:3]),
                                                count=len(regions) - 3)


def _regional(params: Mapping[str, Any], year: int) -> str:
    country, days = params["country"], params["days"]
    listed = "; ".join(_("{day} ({name}, in {regions})").format(
        day=format_day(day, year=year), name=_holiday_name(country, regions[0], day, name),
        regions=_regions(regions))
                       for day, name, regions in days)
    return _("No region given: holidays that only some regions of {country} keep are working days "
             "elsewhere, so they only count against contact: {days}. Give the region (e.g. "
             "{example}) for its exact calendar.").format(country=_place(country), days=listed,
                                                          example=f"{country}-{days[0][2][0]}")


def _span(first: Any, last: Any, year: int) -> str:
    if first == last:
        return format_day(first, year=year)
    return _("{first} to {last}").format(first=format_day(first, year=year),
                                         last=format_day(last, year=year))


def _quiet(params: Mapping[str, Any], year: int) -> str:
    listed = "; ".join(f"{_(name) if name in _SEASONS else name} ({_span(first, last, year)})"
                       for name, first, last in params["seasons"])
    return _("Quiet season in {country}, when many people are away and offices are thin: "
             "{seasons}. A status or feedback question waits until after it where the plan "
             "allows.").format(country=_place(str(params["country"])), seasons=listed)


def _times(count: int) -> str:
    if count <= 2:
        return _("once") if count == 1 else _("twice")
    return ngettext("{count} time", "{count} times", count).format(count=count)


def _at(moment: Any, year: int) -> str:
    return f"{format_day(moment.date(), year=year)} {moment:%H:%M}"


def _profile_name(params: Mapping[str, Any]) -> str:
    """A profile's name in the current language where its
    file gives one (``names``), else its English."""
    return str(dict(params.get("names", ())).get(current(), params["name"]))


def _what(purpose: str) -> str:
    return _(_PURPOSES[purpose]) if purpose in _PURPOSES else purpose.replace("_", " ")


# What each purpose is, as a verdict's reason names it.
_PURPOSES = {"thank_you": N_("thank you"), "status": N_("status"), "feedback": N_("feedback"),
             "competing_offer": N_("competing offer"), "grievance": N_("grievance")}

# The quiet seasons' names (engine.evaluation.holidays_source), as the catalogs translate them.
_SEASONS = (N_("Christmas to New Year"), N_("Golden Week"), N_("Obon"), N_("Diwali week"),
            N_("Carnival"),
            N_("Lunar New Year"), N_("August holidays"), N_("the Tishrei holidays"),
            N_("Ramadan and Eid al-Fitr"), N_("Eid al-Adha"))

Wording = Callable[[Mapping[str, Any], int], str]

# Each code, and how it reads: a function of its parameters and the plan's year (a
# date in that year is written without it). Each sentence is an English msgid that the
# plan's language's catalog translates (engine.report.i18n).
WORDING: dict[str, Wording] = {
    # A step's remark.
    "passed": lambda p, y: _("its time has passed"),
    "nothing_after_contact": lambda p, y: _("no allowed time is left after the latest contact"),
    "offer_expired": lambda p, y: _("the other offer expired on {day}").format(
        day=format_day(p["deadline"], year=y)),
    "offer_no_time": lambda p, y: _("the other offer's deadline ({day}) leaves no time to get in "
                                    "touch").format(
        day=format_day(p["deadline"], year=y)),
    "nothing_within": lambda p, y: ngettext("no time for {channel} is allowed within {days} day",
                                            "no time for {channel} is allowed within {days} days",
                                            p["days"]).format(
        channel=_channel(p["channel"]), days=p["days"]),
    "nothing_until": lambda p, y: _("no time for {channel} is allowed up to {day}").format(
        channel=_channel(p["channel"]), day=format_day(p["day"], year=y)),
    "offer_out_of_hours": lambda p, y: _(
        "no working hours are left before the other offer's deadline ({day}): send the e-mail as "
        "soon as you can, outside office hours (fine for an offer), and ask the other employer for "
        "more time").format(day=format_day(p["deadline"], year=y)),
    "offer_tonight": lambda p, y: _(
        "the other offer's deadline is {day}: e-mail this evening, after the interview, rather "
        "than on the deadline's morning (an e-mail out of hours is fine for an offer), so the "
        "employer has time to answer; your thanks for the interview can go in the same "
        "message").format(day=format_day(p["deadline"], year=y)),
    "offer_with_thanks": lambda p, y: ((WORDING["fallback"](p, y) + "; " if p else "")
                                       + _("it can go in the same message as the thank-you")),
    "follow_up_again": lambda p, y: _(CHANNEL_WORDS[p["channel"]].again).format(moment=_at(p["at"],
                                                                                           y)),
    "followed_up": lambda p, y: _("you have followed up {times}; time to move on").format(
        times=_times(p["count"])),
    "done": lambda p, y: _(CHANNEL_WORDS[p["channel"]].done).format(moment=_at(p["at"], y)),
    "fallback": lambda p, y: _("no time for {tried} is left, so {channel} instead").format(
        tried=_channel(p["tried"]), channel=_channel(p["channel"])),
    # The verdict's reason.
    "best_now": lambda p, y: _(CHANNEL_WORDS[p["action"]].best_now).format(
        purpose=_what(p["purpose"])),
    "next_best": lambda p, y: _(CHANNEL_WORDS[p["action"]].next_best).format(purpose=_what(
        p["purpose"]),
                                                                            start=iso(p["start"])),
    "rule": lambda p, y: str(p["why"]),
    "no_contact": lambda p, y: _("no contact is advised"),
    "wait_reply": lambda p, y: _("every step is done; wait for their reply until {moment}, then "
                                 "move on").format(
        moment=_at(p["until"], y)),
    "time_over": lambda p, y: _("the time for following up has passed; move on"),
    # The plan's notes.
    "profile_warning": lambda p, y: _("Profile problem, worked around: {warning}").format(
        warning=p["warning"]),
    "no_country": lambda p, y: _("No country given: weekends are days off, public holidays are not "
                                 "considered."),
    "public_holidays": _holidays,
    "regional_holidays": _regional,
    "quiet_seasons": _quiet,
    "country_from_zone": lambda p, y: _("No country given: the public holidays are those of "
                                        "{country}, where the {zone} time zone is. Give another "
                                        "country to change this, or \"none\" to consider weekends "
                                        "only.").format(country=_place(str(p["country"])),
                                                        zone=p["zone"]),
    "fixed_offset": lambda p, y: _("No time zone given: the fixed offset {zone} is used, without "
                                   "daylight-saving changes.").format(zone=p["zone"]),
    "evidence_mixed": lambda p, y: _("Sources disagree for the {name} profile (evidence: mixed); "
                                     "the advice follows the choice its description explains. Ask "
                                     "people who work in the field what they expect.").format(
                                         name=_profile_name(p)),
    "evidence_thin": lambda p, y: _("Few or weak sources back the {name} profile (evidence: thin). "
                                    "Ask people who work in the field what they expect.").format(
                                        name=_profile_name(p)),
}


def _few_regions(regions: tuple[str, ...]) -> str:
    if len(regions) <= 3:
        return regions[0] if len(regions) == 1 else _("{first} and {last}").format(
            first=", ".join(regions[:-1]), last=regions[-1])
    return ngettext("{count} region", "{count} regions", len(regions)).format(count=len(regions))


# How many regional holidays the brief note names; it counts the others.
REGIONAL_NAMED = 2


def _regional_brief(params: Mapping[str, Any], year: int) -> str:
    """The regional holidays counted, with the first few named, for a person reading the plan."""
    country, days = params["country"], params["days"]
    named = "; ".join(_("{day}, {name}, in {regions}").format(
        day=format_day(day, year=year), name=_holiday_name(country, regions[0], day, name),
        regions=_few_regions(regions))
                      for day, name, regions in days[:REGIONAL_NAMED])
    place = _place(country)
    if len(days) == 1:
        counted = _("a holiday that only some regions of {country} keep is avoided too "
                    "({named})").format(country=place, named=named)
    elif len(days) <= REGIONAL_NAMED:
        counted = ngettext("{count} holiday that only some regions of {country} keep is avoided "
                           "too ({named})",
                           "{count} holidays that only some regions of {country} keep are avoided "
                           "too ({named})",
                           len(days)).format(count=len(days), country=place, named=named)
    else:
        counted = ngettext("{count} holiday that only some regions of {country} keep is avoided "
                           "too (the first two: {named})",
                           "{count} holidays that only some regions of {country} keep are avoided "
                           "too (the first two: {named})", len(days)).format(count=len(days),
                                                                             country=place,
                                                                        named=named)
    regions = days[0][2]
    example = next((region for region in regions if region.isupper() and len(region) <= 3),
                   regions[0])
    return _("No region given: {counted}. Give the region (e.g. {example}) for its exact "
             "calendar.").format(counted=counted, example=f"{country}-{example}")


# Shorter sentences for people reading a plan (text): a code listed here reads so there,
# while JSON and calendars keep the full one.
BRIEF_WORDING: dict[str, Wording] = {
    "regional_holidays": _regional_brief,
}


def worded(message: Message, year: int, *, brief: bool = False) -> str:
    """The sentence for ``message`` in the current language (:func:`engine.report.i18n.speaking`);
    ``year`` is the plan's (its interview's) year. ``brief`` asks for the shorter sentence where a
    code has one."""
    wording = BRIEF_WORDING.get(message.code) if brief else None
    return (wording or WORDING[message.code])(message.params, year)
