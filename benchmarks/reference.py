"""A hand-written planner for the ``general`` profile: the practical speed limit.

It computes, in plain Python with the rules of ``profiles/general.yaml`` (and the
``core`` invariants it inherits) written out as code, the same output as
``engine.advise(situation, now=now, profiles=engine.Catalog(overlays=False)).to_dict()``
for industry ``general``, in any country: the country sets the calendar, and the
country overlays (profiles/de.yaml, jp.yaml, ...) are left out on both sides. Their rules
are not written out here; tests/test_overlays.py checks the plans they change. Steps,
windows, best ranges, reasons with their direction and sources, fallbacks and their
notes, the verdict with the rules for and against it, and the notes (holidays named).
It uses no part of ``engine``; ``tests/test_reference_planner.py`` checks that both
agree.

What it does not do, on purpose: read or validate profiles, accept other industries,
or check the situation for errors (it expects a valid one, as the generated ones
are). What it keeps from the engine, to stay an honest limit: every candidate slot
from the interview to the last planned day (the horizon, or later to give a promised
reply its grace days), in the employer's time zone, with DST gaps skipped; public
holidays and the country's weekend from ``holidays``, with a region's holidays as days
off too (named apart) when no region is given; working weeks and their first, middle and
last days; the same ranking, spread over days and leaving out ranges that touch.

The few tricks that make it fast are the ones an engine could use too: day-level
facts are computed once per day, not per slot, and a day's rules are decided once for
all its slots; the time-of-day call rules come from a table made at import; only the
rules on hours and on earlier contacts are looked at slot by slot, where they can
matter; each rule is a comparison on a value already at hand; business days are
counted on date ordinals; slots are UTC seconds, a day's slot starts in a zone are
remembered across situations (as the engine remembers them) and shared by a
situation's steps; aware datetimes are made only for the instants the plan shows;
reason dictionaries are assembled from constants.
"""

from __future__ import annotations

import warnings
from bisect import bisect_right
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

__all__ = ["advise"]

UTC = timezone.utc
# The settings of general (with core's defaults).
HORIZON = 14
GRACE_DAYS = 5  # promise_grace_days: business days after a promised date the plan stays open
MAX_STRETCH_DAYS = 400  # how far past the horizon a promise may stretch the plan
OPEN, CLOSE, SLOT = 9 * 60, 17 * 60, 60
HOURS = tuple(range(OPEN, CLOSE, SLOT))
BEST = 3
SEQUENCE = ("thank_you", "status")
CALL_SPACING = 3  # business days between two calls of a sequence
CONTACT_SPACING = 2  # business days between two planned contacts (one working day between them)
FOLLOW_UPS = 2  # follow_ups: status or feedback contacts before it is time to move on
FOLLOW_UP_PURPOSES = ("status", "feedback")
_EPOCH = date(1970, 1, 1).toordinal()
SLOT_SECONDS = SLOT * 60
SATURDAY_SUNDAY = frozenset((5, 6))
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CHANNEL_TEXT = {"call": "a call", "email": "an e-mail"}
PASSED = "its time has passed"

PROFILE: dict[str, Any] = {"id": "general", "name": "General etiquette", "version": 1, "evidence": "mixed",
                           "chain": ("general", "core")}
EVIDENCE_NOTE = ("Sources disagree for the General etiquette profile (evidence: mixed); the advice follows the "
                 "choice its description explains. Ask people who work in the field what they expect.")
NO_COUNTRY_NOTE = "No country given: weekends are days off, public holidays are not considered."

SOURCES: dict[str, tuple[str, str | None]] = {
    "seed": ("Polytech Talent, when to call after the job interview (the recruiting blog post "
             "the project started from)",
             "https://polytechtalent.com/when-to-call-after-the-interview/"),
    "climbtheladder-thank-you": ("When to send a thank-you e-mail after an interview",
                                 "https://climbtheladder.com/when-to-send-thank-you-email-after-an-interview/"),
    "consultingtimes": ("Climb the Ladder, how soon is too soon to send a thank-you e-mail? (within a "
                        "day, not minutes after leaving)",
                        "https://climbtheladder.com/how-soon-is-too-soon-to-send-a-thank-you-email"),
    "topechelon": ("HR Solutions, interview follow-up rules (2014-06-20): follow up after a week, "
                   "call mid-morning, not late in the day",
                   "https://www.hrsus.com/2014/06/20/interview-follow-rules/"),
    "atlantadiversity": ("Spark Hire, how and when to follow up with an employer after your interview "
                         "(2012-07-25): after the promised time, midweek rather than Monday",
                         "https://blog.sparkhire.com/2012/07/25/how-and-when-to-follow-up-with-an-employer-after-your-interview/"),
    "startribune": ("Star Tribune, Ask Matt: does it matter what day and time I interview? (midweek "
                    "rather than Monday or Friday)",
                    "https://www.startribune.com/ask-matt-does-it-matter-what-time-i-interview/304991661/"),
    "youtern": ("YouTern, 8 simple rules for follow-up after a job interview (2016-03-15)",
                "https://www.youtern.com/thesavvyintern/index.php/2016/03/15/8-simple-rules-job-interview-follow-up/"),
    "purduecco": ("Purdue CCO, the interview follow-up call (2012-03-28)",
                  "https://www.purduecco.com/single-post/2012/03/28/interview-follow-up-call-memaybe"),
    "journalismjobs": ("JournalismJobs, when to follow up after an interview",
                       "https://www.journalismjobs.com/career-advice/20/when-to-follow-up-after-an-interview"),
    "jobinterview-coach": ("Fight Unemployment, what is the best day to follow up? (2009-07-28): Tuesday, "
                           "not Friday",
                           "https://web.archive.org/web/2010/http://www.fightunemployment.com/2009/07/"
                           "what-is-best-day-to-follow-up-on-resume.html"),
    "wiseworq": ("Butterbin, 5 rules for following up on a job interview: a follow-up a week "
                 "after, one more a week later, then move on",
                 "https://www.butterbin.com/5-rules-for-following-up-on-a-job-interview/"),
    "smdp": ("Santa Monica Daily Press, handling a competing offer (2011-04-28)", "https://smdp.com/2011/04/28/"),
    "cbc": ("CBC, Kira Vermond, after the interview, how long do you wait? (2011)",
            "https://www.cbc.ca/newsblogs/business/moneytalks/2011/08/"
            "kira-vermond-after-the-interview-how-long-do-you-wait.html"),
    "legalclarity-state-holidays": ("LegalClarity, what are the official state holidays in the U.S.? (each state sets "
                                    "its own)", "https://legalclarity.org/what-are-the-official-state-holidays-in-the-u-s"),
    "patriots-day": ("Is Patriots' Day a federal holiday in Massachusetts? (state offices closed, federal ones open)",
                     "https://thepatriotdayclub.pages.dev/posts/is-patriots-day-a-federal-holiday-in-mass"),
    "careermatters-holidays": ("Career Matters, job searching hints for the holidays (2011-12-26)",
                               "https://smartcareerplanning.blogspot.com/2011/12/job-searching-hints-for-holidays.html"),
    "savviest-holidays": ("Savviest, tips for job searching during the holidays (follow up in the first week of "
                          "January)", "https://savviest.com/blog/tips-for-job-searching-during-the-holidays/"),
    "kotsicpa-japan-holidays": ("Koshida CPA, Japan's holidays (Golden Week, Obon, year end) what entrepreneurs should "
                                "know", "https://kotsicpafirm.com/japans-holidays-what-entrepreneurs-should-know/"),
    "diwali-week-offices": ("C. S. Narasimhan, It's Diwali time and it's no business as usual in the offices "
                            "(2011-10-30)", "https://csnarasimhan.wordpress.com/2011/10/30/"
                            "its-diwali-time-its-no-business-as-usual-in-the-offices/"),
    "brazilcounsel-carnival": ("Brazil Counsel, Carnival in Brazil is back (offices close, the weeks around it are "
                               "slow)", "https://brazilcounsel.com/blog/carnival-in-brazil-is-back"),
    "ash-wednesday-hours": ("Grupo Rio Claro SP, Quarta-feira de Cinzas, o que abre e fecha (offices and banks open at "
                            "noon)", "https://www.gruporioclarosp.com.br/geral/"
                            "quarta-feira-de-cinzas-saiba-o-que-abre-e-fecha"),
    "cny-offices": ("Presou, how long does China shut down for Chinese New Year?",
                    "https://presou.com/freight-services/how-long-does-china-shut-down-for-chinese-new-year"),
    "connexion-august": ("Connexion France, does France still shut down for the month of August?",
                         "https://connexionfrance.com/practical/does-france-still-shut-down-for-the-month-of-august/"
                         "668477"),
    "after-the-holidays-israel": ("Jewish Journal, in Israel, holidays and decompression (acharei hachagim) "
                                  "(2019-09-26)",
                                  "https://jewishjournal.org/2019/09/26/in-israel-holidays-and-decompression/"),
    "ramadan-hours-uae": ("The National, Ramadan 2023 working hours in the UAE (two hours shorter in the private "
                          "sector)", "https://www.thenationalnews.com/uae/2023/03/13/ramadan-2023-working-hours-uae/"),
}

# id: (profile, effect, value, why, sources). Reasons are ordered as the engine orders
# them: verdicts, recommendations, forbids, preferences; the nearer profile (general)
# before its parent (core); then by id.
_VERDICT, _RECOMMEND, _FORBID, _PREFER = range(4)
_EFFECT_ORDER = {"verdict": _VERDICT, "recommend": _RECOMMEND, "forbid": _FORBID, "prefer": _PREFER}
RULES: dict[str, tuple[str, str, Any, str, tuple[str, ...]]] = {
    # core: the invariants
    "core-no-call-interview-day": ("core", "forbid", True,
                                   "A call on the day of the interview reads as pushy, not keen.", ("seed",)),
    "core-no-call-next-day": ("core", "forbid", True,
                              "The day after the interview is still too soon for a call; it looks obsessive.",
                              ("seed",)),
    "core-no-contact-off-days": ("core", "forbid", True,
                                 "Nobody should be phoned about a job on a weekend or a public holiday, and an "
                                 "e-mail sent then waits under the next working day's pile.", ("seed",)),
    "core-call-hours": ("core", "forbid", True,
                        "Whatever hours an office keeps, a call about a job belongs between 08:00 and 18:00, when "
                        "the interviewer is at work and not yet on the way home.",
                        ("atlantadiversity", "topechelon")),
    "core-calls-apart": ("core", "forbid", True,
                         "Leave at least three working days between two calls, so the employer has time to act on "
                         "the first.", ("wiseworq", "cbc")),
    "core-no-grievance": ("core", "verdict", "dont_contact",
                          "Telling an employer they missed out helps nobody; let it go and move on.", ("seed",)),
    "core-promise-first": ("core", "forbid", True,
                           "The employer named a date for its answer; asking before that date has passed only "
                           "shows impatience.", ("seed",)),
    "core-offer-before-deadline": ("core", "forbid", True,
                                   "A word about another offer belongs before that offer's deadline; after it, the "
                                   "news has lost its reason.", ("smdp",)),
    "core-last-day-midweek": ("core", "prefer", 10,
                              "After an interview on the last working day of the week, the middle of the next week "
                              "is the time to call, once its first-day rush has passed.", ("seed",)),
    "core-last-day-next-morning": ("core", "forbid", True,
                                   "After an interview on the last working day of the week, the first morning of "
                                   "the next one is the worst moment for a call.", ("seed",)),
    # general
    "thank-you-by-email": ("general", "recommend", "email",
                           "A thank-you reads better as a short e-mail than as a call that interrupts the "
                           "interviewer's day.", ("seed",)),
    "thank-you-not-instantly": ("general", "forbid", True,
                                "A thank-you sent minutes after leaving looks written in advance.",
                                ("climbtheladder-thank-you",)),
    "thank-you-same-day": ("general", "prefer", 3, "Thanks sent within a day arrive while the conversation is fresh.",
                           ("climbtheladder-thank-you", "consultingtimes")),
    "thank-you-deadline": ("general", "forbid", True,
                           "A thank-you sent more than two working days after the interview no longer reads as one.",
                           ("consultingtimes",)),
    "status-by-call": ("general", "recommend", "call",
                       "After a week or two of silence, a polite call to ask whether you are still in the running "
                       "is reasonable.", ("seed",)),
    "feedback-by-call": ("general", "recommend", "call",
                         "Feedback on an interview is easier to give in a short call than in writing.", ("seed",)),
    "competing-offer-by-call": ("general", "recommend", "call",
                                "A pending offer elsewhere is a good reason to call and ask about the timeline.",
                                ("seed",)),
    "competing-offer-by-email": ("general", "recommend", "email",
                                 "When no call fits before the other offer's deadline, an e-mail still reaches the "
                                 "employer in time, even on the day of the interview.", ("cbc", "smdp")),
    "status-already-answered": ("general", "verdict", "dont_contact",
                                "The employer has answered already, so there is no status to ask about.", ("seed",)),
    "follow-up-next-week": ("general", "forbid", True,
                            "Without a promised date, a question about the outcome waits for the working week after "
                            "the interview; asking sooner reads as impatient.", ("seed", "journalismjobs")),
    "follow-up-week-after": ("general", "prefer", 3,
                             "The week after the interview is when a follow-up is expected and still remembered.",
                             ("seed",)),
    "follow-up-midweek": ("general", "prefer", 1,
                          "In the middle of the working week people have caught up and are not yet wrapping up.",
                          ("atlantadiversity", "startribune")),
    "promise-grace-days": ("general", "prefer", 4,
                           "Once the promised date has passed without an answer, asking politely where things "
                           "stand is expected, not pushy; the promise, not the week after the interview, sets the "
                           "time.",
                           ("youtern", "purduecco", "journalismjobs")),
    "calls-mid-morning": ("general", "prefer", 1,
                          "Mid-morning, after the day's first meetings, is when a call is most welcome.",
                          ("topechelon",)),
    "calls-early-afternoon": ("general", "prefer", 1,
                              "Early afternoon, after lunch, is the other good moment for a call.", ("topechelon",)),
    "no-late-calls": ("general", "prefer", -2, "Late-afternoon calls catch people wrapping up their day.",
                      ("atlantadiversity",)),
    "no-week-start-mornings": ("general", "prefer", -1,
                               "The first morning of the working week is spent catching up on the week ahead.",
                               ("startribune",)),
    "no-week-end-afternoons": ("general", "prefer", -1,
                               "The last afternoon of the working week is a poor time to ask for anyone's "
                               "attention.", ("startribune",)),
    "two-follow-ups-then-stop": ("general", "forbid", True,
                                 "Two follow-ups without an answer are enough; after that, move on.",
                                 ("jobinterview-coach",)),
    "space-out-follow-ups": ("general", "forbid", True, "Leave most of a working week between two follow-ups.",
                             ("wiseworq",)),
    "offer-leave-time": ("general", "prefer", 2,
                         "Getting in touch while a few days remain gives the employer time to speed up its decision.",
                         ("smdp",)),
    "offer-before-deadline-day": ("general", "prefer", 1,
                                  "The sooner the employer hears about the other offer, the more room it has to "
                                  "answer before the deadline day.", ("smdp", "cbc")),
    "regional-holiday-against": ("general", "prefer", -3,
                                 "A holiday that only some regions keep closes offices there and nowhere else; "
                                 "without the employer's region, a question about the outcome is safer on a day the "
                                 "whole country works.", ("legalclarity-state-holidays", "patriots-day")),
    "quiet-season-against": ("general", "prefer", -6,
                             "In a quiet season (the days from Christmas to New Year, Golden Week, Diwali week, "
                             "Carnival, the Lunar New Year, August in France, the autumn holidays in Israel, Ramadan "
                             "and the Eids) many people are away and decisions wait; a question about the outcome is "
                             "better asked once offices are full again.",
                             ("careermatters-holidays", "savviest-holidays", "kotsicpa-japan-holidays",
                              "diwali-week-offices", "brazilcounsel-carnival", "ash-wednesday-hours", "cny-offices",
                              "connexion-august", "after-the-holidays-israel", "ramadan-hours-uae")),
}
# The channels a purpose's recommend rules give, best first (nearest profile, then the
# higher priority, then the more reserved channel), each with its rule.
CHANNELS: dict[str, tuple[tuple[str, str], ...]] = {
    "thank_you": (("email", "thank-you-by-email"),),
    "status": (("call", "status-by-call"),),
    "feedback": (("call", "feedback-by-call"),),
    "competing_offer": (("call", "competing-offer-by-call"), ("email", "competing-offer-by-email")),
}
_ORDER = {rule_id: (_EFFECT_ORDER[entry[1]], entry[0] != "general", rule_id) for rule_id, entry in RULES.items()}
INVARIANT = frozenset(rule_id for rule_id, entry in RULES.items() if entry[0] == "core")


def _effect_text(effect: str, value: Any) -> str:
    if effect == "forbid":
        return "forbid"
    if effect == "prefer":
        return f"prefer {value:+g}"
    return f"{effect} {value}"


def _direction(effect: str, value: Any) -> str:
    if effect == "forbid":
        return "forbids"
    if effect == "prefer":
        return "favours" if value > 0 else "disfavours" if value < 0 else "neutral"
    return "decides"


# Each reason's constant part, made once: rule, profile, effect, direction, weight, why (sources are
# fresh lists).
_REASON_HEAD = {rule_id: (rule_id, profile, _effect_text(effect, value), _direction(effect, value),
                          value if effect == "prefer" else None, why)
                for rule_id, (profile, effect, value, why, _) in RULES.items()}
_REASON_SOURCES = {rule_id: tuple((key, *SOURCES[key]) for key in entry[4]) for rule_id, entry in RULES.items()}
# For the verdict: (not invariant, -|weight|, id) orders the rules weighing on a slot.
_WEIGHT_ORDER = {rule_id: (rule_id not in INVARIANT, -abs(entry[2]), rule_id)
                 for rule_id, entry in RULES.items() if entry[1] == "prefer"}

_zones: dict[str, ZoneInfo] = {}


def _reason(rule_id: str) -> dict[str, Any]:
    rule, profile, effect, direction, weight, why = _REASON_HEAD[rule_id]
    return {"rule": rule, "profile": profile, "effect": effect, "direction": direction, "weight": weight, "why": why,
            "sources": [{"id": key, "title": title, "url": url} for key, title, url in _REASON_SOURCES[rule_id]]}


def _reasons(rule_ids: set[str]) -> list[dict[str, Any]]:
    return [_reason(rule_id) for rule_id in sorted(rule_ids, key=_ORDER.__getitem__)]


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _format_day(day: date, year: int | None = None) -> str:
    text = f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return text if day.year == year else f"{text} {day.year}"


# --- the situation -----------------------------------------------------------------


def _zone(name: str) -> ZoneInfo:
    found = _zones.get(name)
    if found is None:
        found = _zones[name] = ZoneInfo(name)
    return found


def _moment(text: str | datetime, zone: tzinfo | None) -> datetime:
    value = text if isinstance(text, datetime) else datetime.fromisoformat(
        text.strip()[:-1] + "+00:00" if text.strip()[-1:] in ("Z", "z") else text.strip())
    if value.tzinfo is not None:
        return value.astimezone(zone) if zone is not None else value
    assert zone is not None, "a naive date-time needs a timezone"
    return value.replace(tzinfo=zone)  # generated times avoid DST gaps and folds


def _day(text: str, zone: tzinfo) -> date:
    text = text.strip()
    return date.fromisoformat(text) if len(text) == 10 else _moment(text, zone).date()


def _offset_name(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    hours, rest = divmod(abs(seconds), 3600)
    return f"UTC{'+' if seconds >= 0 else '-'}{hours:02d}:{rest // 60:02d}"


# --- holidays and working weeks ----------------------------------------------------

# Overseas territories: places of their own, not regions of the mainland.
TERRITORIES = {
    "US": frozenset({"AS", "GU", "MP", "PR", "UM", "VI"}),
    "FR": frozenset({"971", "972", "973", "974", "976", "BL", "MF", "NC", "PF", "PM", "TF", "WF"}),
}
Regional = dict[date, tuple[str, tuple[str, ...]]]


def _named_days(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    import holidays  # only when a country is given, as in the engine

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a calendar without the year: no holidays
        # English names wherever the calendar has them, whatever the locale (as the engine does)
        english = "en_US" if "en_US" in getattr(holidays, country).supported_languages else None
        found = holidays.country_holidays(country, subdiv=subdivision, years=year, language=english)
        return {day: str(name) for day, name in sorted(found.items())}


@lru_cache(maxsize=1024)
def _calendar(country: str, subdivision: str | None, year: int) -> tuple[dict[date, str], Regional]:
    """The year's public holidays by name, and (without a subdivision) its regions' own holidays."""
    national = _named_days(country, subdivision, year)
    regional: Regional = {}
    if subdivision is None:
        regions: dict[date, list[str]] = {}
        names: dict[date, str] = {}
        territories = TERRITORIES.get(country, frozenset())
        calendars = 0
        for region in _country(country).subdivisions:
            if region in territories:
                continue
            try:
                local = _named_days(country, region, year)
            except (NotImplementedError, KeyError, ValueError):
                continue
            calendars += 1
            for day, name in local.items():
                if day not in national:
                    regions.setdefault(day, []).append(region)
                    names.setdefault(day, name)
        # More than half of the regions keep it: a day off like a national holiday.
        for day in [day for day in regions if 2 * len(regions[day]) > calendars]:
            national[day] = names[day]
            del regions[day]
        national = dict(sorted(national.items()))
        regional = {day: (names[day], tuple(sorted(regions[day]))) for day in sorted(regions)}
    return national, regional


@lru_cache(maxsize=1024)
def _days_off(country: str | None, subdivision: str | None, year: int) -> frozenset[int]:
    """The ordinals of the year's days off: public holidays and (no region given) those most regions keep."""
    if country is None:
        return frozenset()
    national, _ = _calendar(country, subdivision, year)
    return frozenset(day.toordinal() for day in national)


CHRISTMAS = frozenset({
    "US", "CA", "GB", "IE", "DE", "AT", "CH", "LI", "NL", "BE", "LU", "FR", "MC", "IT", "SM", "VA", "MT", "ES",
    "AD", "PT", "DK", "SE", "NO", "FI", "IS", "PL", "CZ", "SK", "HU", "SI", "HR", "EE", "LV", "LT", "AU", "NZ",
})


def _dates(found: Any) -> list[date]:
    if isinstance(found, date):
        return [found]
    if isinstance(found, tuple) and found and isinstance(found[0], date):
        return [found[0]]
    return [day for item in found for day in _dates(item)] if isinstance(found, (list, tuple)) or hasattr(
        found, "__next__") else []


def _feast(calendar: Any, method: str, year: int) -> list[date]:
    try:
        return sorted(day for day in _dates(getattr(calendar(), method)(year)) if day.year == year)
    except (AttributeError, KeyError, ValueError, TypeError):
        return []


def _categorised(country: str, year: int, categories: tuple[str, ...], *words: str) -> list[date]:
    import holidays

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            english = "en_US" if "en_US" in getattr(holidays, country).supported_languages else None
            found = holidays.country_holidays(country, years=year, language=english, categories=categories)
        except (NotImplementedError, KeyError, ValueError):
            return []
    return sorted(day for day, name in found.items() if any(word in name for word in words))


def _seasons(country: str, year: int) -> list[tuple[str, date, date]]:
    """The quiet seasons of a country that begin in a year."""
    from holidays.calendars.chinese import _ChineseLunisolar
    from holidays.calendars.hebrew import _HebrewLunisolar
    from holidays.calendars.islamic import _IslamicLunar

    found = []
    if country in CHRISTMAS:
        found.append(("Christmas to New Year", date(year, 12, 24), date(year + 1, 1, 1)))
    if country == "JP":
        golden = [day for day in _named_days("JP", None, year) if date(year, 4, 29) <= day <= date(year, 5, 7)]
        if golden:
            found.append(("Golden Week", golden[0], golden[-1]))
        found.append(("Obon", date(year, 8, 13), date(year, 8, 16)))
    if country == "IN":
        diwali = _categorised("IN", year, ("public",), "Diwali") or _categorised("IN", year, ("optional",), "Diwali")
        if diwali:
            bhai_duj = [day for day in _categorised("IN", year, ("optional",), "Bhai Duj") if day > diwali[0]]
            found.append(("Diwali week", diwali[0] - timedelta(days=2),
                          max([diwali[0] + timedelta(days=2), *bhai_duj[:1]])))
    if country == "BR":
        carnival = _categorised("BR", year, ("optional",), "Carnival", "Ash Wednesday")
        if carnival:
            found.append(("Carnival", carnival[0], carnival[-1]))
    if country in ("CN", "TW", "HK", "MO", "SG", "MY"):
        for new_year in _feast(_ChineseLunisolar, "lunar_new_year_date", year):
            found.append(("Lunar New Year", new_year - timedelta(days=1), new_year + timedelta(days=6)))
    if country == "FR":
        found.append(("August holidays", date(year, 8, 1), date(year, 8, 31)))
    if country == "IL":
        for rosh_hashanah in _feast(_HebrewLunisolar, "rosh_hashanah_date", year):
            found.append(("the Tishrei holidays", rosh_hashanah, rosh_hashanah + timedelta(days=21)))
    if country in ("AE", "SA", "QA", "KW", "BH", "OM"):
        fitr = sorted(_feast(_IslamicLunar, "eid_al_fitr_dates", year) + _feast(_IslamicLunar, "eid_al_fitr_dates",
                                                                                year + 1))
        for ramadan in _feast(_IslamicLunar, "ramadan_beginning_dates", year):
            ends = [day for day in fitr if day > ramadan]
            if ends:
                found.append(("Ramadan and Eid al-Fitr", ramadan, ends[0] + timedelta(days=3)))
        for adha in _feast(_IslamicLunar, "eid_al_adha_dates", year):
            found.append(("Eid al-Adha", adha - timedelta(days=1), adha + timedelta(days=3)))
    return found


@lru_cache(maxsize=512)
def _quiet(country: str, year: int) -> dict[date, str]:
    """The days of a year in one of a country's quiet seasons, with the season's name."""
    days: dict[date, str] = {}
    for begins in (year - 1, year):
        for name, first, last in _seasons(country, begins):
            day = max(first, date(year, 1, 1))
            while day <= min(last, date(year, 12, 31)):
                days.setdefault(day, name)
                day += timedelta(days=1)
    return days


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    """tzdata's zone table: each zone's one country; a link the table lacks takes its target's."""
    from importlib import resources

    data = resources.files("tzdata").joinpath("zoneinfo")
    countries: dict[str, str] = {}
    for line in data.joinpath("zone.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            countries[fields[2]] = fields[0]
    for line in data.joinpath("tzdata.zi").read_text(encoding="utf-8").splitlines():
        if line.startswith("L "):
            _, target, link = line.split()
            if link not in countries and target in countries:
                countries[link] = countries[target]
    return countries


def _zone_country(zone: str) -> str | None:
    import holidays

    code = _zone_countries().get(zone)
    known = {alpha2 for _, alpha2, *_ in holidays.registry.COUNTRIES.values()}
    return code if code in known else None


@lru_cache(maxsize=256)
def _country(country: str) -> Any:
    import holidays

    return holidays.country_holidays(country)


@lru_cache(maxsize=256)
def _weekend(country: str | None) -> frozenset[int]:
    if country is None:
        return SATURDAY_SUNDAY
    return frozenset(int(day) for day in _country(country).weekend)


def _week_start(weekend: frozenset[int]) -> int:
    """The first day of the working week: the day after the weekend."""
    for day in range(7):
        if day not in weekend and (day - 1) % 7 in weekend:
            return day
    return 0


# --- the plan ----------------------------------------------------------------------


def advise(situation: Mapping[str, Any], now: str | datetime) -> dict[str, Any]:
    """``engine.advise(situation, now=now, profiles=engine.Catalog(overlays=False)).to_dict()`` for a
    valid ``general`` situation (the country's calendar, without its etiquette overlay)."""
    zone_name = situation.get("timezone")
    zone: tzinfo
    if zone_name is not None:
        zone = _zone(zone_name)
        interview = _moment(situation["interview"], zone)
        fixed = False
    else:
        interview = _moment(situation["interview"], None)
        offset = interview.utcoffset() or timedelta(0)
        zone = timezone(offset)
        zone_name = _offset_name(offset)
        interview = interview.astimezone(zone)
        fixed = True
    country_code = situation.get("country")
    from_zone = None
    if country_code is None and not fixed:
        from_zone = _zone_country(zone_name)
    elif country_code == "none":
        country_code = None
    country, _, subdivision = country_code.partition("-") if country_code else (from_zone, "", "")
    purpose = situation.get("purpose")
    promised = situation.get("promised_reply_by")
    promised_day = _day(promised, zone) if promised is not None else None
    deadline = situation.get("competing_offer_deadline")
    deadline_day = _day(deadline, zone) if deadline is not None else None
    heard_back = bool(situation.get("heard_back"))
    contacts = sorted(((_moment(c["at"], zone), c.get("channel", "email"), c.get("purpose"))
                       for c in situation.get("contacts") or ()), key=lambda c: (c[0], c[1], c[2] or ""))

    echo: dict[str, Any] = {"interview": interview.isoformat()}
    if not fixed:
        echo["timezone"] = zone_name
    echo["industry"] = situation.get("industry") or "general"
    if situation.get("country"):
        echo["country"] = situation["country"]
    if purpose:
        echo["purpose"] = purpose
    if promised_day:
        echo["promised_reply_by"] = promised_day.isoformat()
    if deadline_day:
        echo["competing_offer_deadline"] = deadline_day.isoformat()
    if heard_back:
        echo["heard_back"] = True
    if situation.get("traditional"):
        echo["traditional"] = True
    if contacts:
        echo["contacts"] = [{"at": at.isoformat(), "channel": channel} | ({"purpose": aim} if aim else {})
                            for at, channel, aim in contacts]
    for name in ("ref", "company", "role", "interviewer", "candidate"):
        if (situation.get(name) or "").strip():
            echo[name] = situation[name].strip()
    if situation.get("first_choice"):
        echo["first_choice"] = True
    for tag in ("en", "en-US", "en-GB"):
        if str(situation.get("language") or "").lower() == tag.lower():
            echo["language"] = tag

    moment = _moment(now, zone).astimezone(zone)
    context = _Context(interview, zone, country, subdivision or None, promised_day, deadline_day,
                       [(at, channel) for at, channel, _ in contacts], moment.timestamp())
    today = moment.date()
    if purpose:
        purposes: tuple[str, ...] = (purpose,)
    elif deadline_day is not None:  # an offer goes before the status step (none once it expired)
        purposes = ("thank_you", "competing_offer", "status")
    else:
        purposes = SEQUENCE
    fulfilled, follow_ups = _fulfilment(contacts, interview, purposes, heard_back, context, today)
    steps: list[_Step] = []
    # A step comes at least one business day after an earlier step's best time (an offer may
    # join the thank-you), a call three business days after an earlier call.
    not_before = offer_not_before = float("-inf")
    call_floor: date | None = None
    for one in purposes:
        done = fulfilled.get(one)
        if done is not None and one not in FOLLOW_UP_PURPOSES:
            steps.append(_done(one, done, context))
            continue
        if one in FOLLOW_UP_PURPOSES and follow_ups >= FOLLOW_UPS:
            steps.append(_nothing(one, set(), f"you have followed up {_times(follow_ups)}; time to move on"))
            continue
        floor = offer_not_before if one == "competing_offer" else not_before
        step = _step(one, heard_back, context, floor, call_floor, today)
        if done is not None and not step.ranges and not (step.action == "none" and "note" not in step.data):
            step = _done(one, done, context)  # a follow-up made, no time for another
        elif done is not None and step.ranges and "note" not in step.data:  # the next follow-up: say so
            local = done[0].astimezone(zone)
            step.data["note"] = (f"one more follow-up: the last one was {'a call' if done[1] == 'call' else 'an e-mail'}"
                                 f" on {_format_day(local.date(), context.year)} {local:%H:%M}")
        if one == "competing_offer" and step.ranges:  # best on the thank-you's day: one message for both
            thanks = next((other for other in steps if other.data["purpose"] == "thank_you" and other.ranges
                           and not other.done), None)
            note = step.data.get("note")
            if (thanks is not None and context.day_of(thanks.ranges[0][0]) == context.day_of(step.ranges[0][0])
                    and (note is None or note.startswith("no time for"))):
                step.data["note"] = (f"{note}; " if note else "") + "it can go in the same message as the thank-you"
        steps.append(step)
        if not step.ranges:
            continue
        first_day = context.day_of(step.ranges[0][0])
        after = context.business_day_after(first_day, CONTACT_SPACING)
        spaced = datetime.combine(after, time(0), tzinfo=zone).timestamp() if after is not None else float("inf")
        not_before = max(not_before, spaced)
        if one != "thank_you":
            offer_not_before = max(offer_not_before, spaced)
        if step.action == "call":
            floor_day = context.business_day_after(first_day, CALL_SPACING) or date.max
            call_floor = floor_day if call_floor is None else max(call_floor, floor_day)
    notes = []
    if country is None:
        notes.append(NO_COUNTRY_NOTE)
    elif from_zone is not None:
        notes.append(f"No country given: the public holidays are those of {from_zone}, where the {zone_name} time "
                     'zone is. Give another country to change this, or "none" to consider weekends only.')
    notes += context.holiday_notes(country_code or from_zone or "")
    if fixed:
        notes.append(f"No time zone given: the fixed offset {zone_name} is used, without daylight-saving changes.")
    notes.append(EVIDENCE_NOTE)
    move_on = datetime.combine(context.last_working_day, time(CLOSE // 60, CLOSE % 60), tzinfo=zone)
    # An offer's e-mail out of hours (a best time without allowed slots) may end after it.
    late = [end for step in steps if step.ranges and not step.allowed and not step.done
            for _, end in step.ranges if end > move_on.timestamp()]
    if late:
        move_on = datetime.fromtimestamp(max(late), zone)
    head = {"ref": echo["ref"]} if "ref" in echo else {}
    return head | {
        "profile": {"id": PROFILE["id"], "name": PROFILE["name"], "version": PROFILE["version"],
                    "evidence": PROFILE["evidence"], "chain": list(PROFILE["chain"])},
        "situation": echo,
        "timezone": zone_name,
        "steps": [step.data for step in steps],
        "move_on_after": _iso(move_on),
        "now": _verdict_with_contacts(steps, moment, move_on, follow_ups, context.year),
        "notes": notes,
    }


# A day's slots: (minutes, UTC start) of each.
Slots = tuple[tuple[int, float], ...]
# A day's facts: (date, weekday, business_day, week_part, weeks_after, business_days_after,
# promised_reply_passed, business_days_after_promise, offer_deadline_passed,
# days_to_offer_deadline, regional_holiday, quiet_season).
DayFacts = tuple[date, int, bool, str, int, int, bool, int, bool, int, bool, bool]
# An allowed slot: (start, end, invariant preferences, other preferences, the preferences
# that fired (the day's, the slot's), the day's offset); times in UTC seconds.
Allowed = tuple[float, float, int, int, tuple[tuple[str, ...], tuple[str, ...]], int]


class _Context:
    """One situation's days and slots, built once and shared by its steps.

    Slot starts are UTC seconds: aware datetimes are made only for the few instants
    that the plan shows.
    """

    def __init__(self, interview: datetime, zone: tzinfo, country: str | None, subdivision: str | None,
                 promised: date | None, deadline: date | None, contacts: list[tuple[datetime, str]],
                 now: float) -> None:
        self.interview = interview
        self.interview_ts = interview.timestamp()
        self.zone = zone
        self.country = country
        self.subdivision = subdivision
        self.promised = promised
        self.deadline = deadline
        self.now = now
        self.contact_times = [at.timestamp() for at, _ in contacts]
        self.after_contacts = self.contact_times[-1] if contacts else float("-inf")
        first = self.first_day = interview.date()
        self.year = first.year
        weekend = _weekend(country)
        working = frozenset(range(7)) - weekend
        off: frozenset[int] = frozenset()
        years: set[int] = set()

        def business_days(start: int, stop: int) -> list[bool]:
            """Whether each day of the ordinals [start, stop) is a business day."""
            nonlocal off
            for year in range(date.fromordinal(start).year, date.fromordinal(stop - 1).year + 1):
                if year not in years:
                    years.add(year)
                    off = off | _days_off(country, subdivision, year)
            return [(ordinal + 6) % 7 in working and ordinal not in off for ordinal in range(start, stop)]

        # The last planned day: the horizon's, or an offer's deadline, or the promise's grace days later.
        last = first + timedelta(days=HORIZON)
        if deadline is not None and deadline > last:
            last = min(deadline, first + timedelta(days=HORIZON + MAX_STRETCH_DAYS))
        if promised is not None:
            cap = (first + timedelta(days=HORIZON + MAX_STRETCH_DAYS)).toordinal()
            ordinal, counted = promised.toordinal(), 0
            while counted < GRACE_DAYS and ordinal < cap:
                ordinal += 1
                counted += business_days(ordinal, ordinal + 1)[0]
            last = min(max(last, date.fromordinal(ordinal)), date.fromordinal(cap))
        self.last_day = last
        self.horizon_end = last == first + timedelta(days=HORIZON)
        # Business days in (origin, origin + i], from the earlier of the interview's week and
        # the promise (at most a year back), to a week past the last day.
        origin = first - timedelta(days=7)
        if promised is not None:
            origin = max(min(origin, promised), first - timedelta(days=366))
        self.origin = origin
        span = (last - origin).days + 8
        business = business_days(origin.toordinal(), origin.toordinal() + span)
        counts = [0] * span
        running = 0
        for offset in range(1, span):
            running += business[offset]
            counts[offset] = running
        self._counts = counts
        self._span = span
        self.holidays: dict[date, str] = {}
        self.regional: Regional = {}
        self.quiet: dict[date, str] = {}
        if country is not None:
            for year in range(first.year, last.year + 1):
                holidays, regional = _calendar(country, subdivision, year)
                self.holidays.update((day, name) for day, name in holidays.items() if first <= day <= last)
                # Not the interview's own day: the employer worked that day.
                self.regional.update((day, found) for day, found in regional.items() if first < day <= last)
                self.quiet.update((day, name) for day, name in _quiet(country, year).items() if first <= day <= last)
        self.working = working

        # Week parts: the first, last or a middle working day of the week, or a day off.
        starts_on = _week_start(weekend)
        first_offset = (first - origin).days
        week_shift = (first.weekday() - starts_on) % 7
        first_week = first_offset - week_shift  # offset of the interview week's first day
        parts: dict[int, tuple[int, int]] = {}  # week's first offset -> its first and last working offsets

        def week_part(offset: int, week: int) -> str:
            if not business[offset]:
                return "off"
            bounds = parts.get(week)
            if bounds is None:
                working_days = [index for index in range(max(0, week), min(span, week + 7)) if business[index]]
                bounds = parts[week] = (working_days[0], working_days[-1])
            if offset == bounds[1]:
                return "last"
            return "first" if offset == bounds[0] else "mid"

        self.interview_part = week_part(first_offset, first_week)
        promise_offset = (promised - origin).days if promised is not None else 0
        promise_base = counts[min(span - 1, max(0, promise_offset))]
        deadline_ordinal = deadline.toordinal() if deadline is not None else 0
        base = counts[first_offset]
        rows: list[DayFacts] = []
        for index in range(last.toordinal() - first.toordinal() + 1):
            offset = first_offset + index
            day = first + timedelta(days=index)
            weekday = day.weekday()
            week = offset - (weekday - starts_on) % 7
            passed = promised is not None and day > promised
            to_deadline = deadline_ordinal - day.toordinal()
            rows.append((
                day, weekday, business[offset], week_part(offset, week), (week - first_week) // 7,
                counts[offset] - base, passed, counts[offset] - promise_base if passed else 0,
                deadline is not None and to_deadline < 0, to_deadline if deadline is not None and to_deadline > 0 else 0,
                day in self.regional, day in self.quiet,
            ))
        self.days = rows
        # Following up stops at the close of the last business day of the plan.
        self.last_working_day = next((row[0] for row in reversed(rows) if row[2]), last)
        self._slots: list[Slots | None] = [None] * len(rows)
        # Earlier contacts, by how many came before a slot: calls made, the latest contact's
        # date and the latest call's date (the interview's date when there was none).
        self.contacts = bool(contacts)
        if contacts:
            local = [(at.astimezone(zone).date(), channel) for at, channel in contacts]
            calls, last_call = 0, first
            self.contact_facts = [(0, first, first)]
            for day, channel in local:
                if channel == "call":
                    calls += 1
                    last_call = day
                self.contact_facts.append((calls, day, last_call))

    def business_between(self, start: date, stop: date) -> int:
        """Business days in (start, stop]; 0 when ``stop`` is not after ``start``."""
        if stop <= start:
            return 0
        origin, span = self.origin, self._span
        high = min((stop - origin).days, span - 1)
        return self._counts[high] - self._counts[min(span - 1, max(0, (start - origin).days))]

    def business_day_after(self, start: date, count: int) -> date | None:
        """The ``count``-th business day after ``start`` among the planned days, if any."""
        for row in self.days:
            day = row[0]
            if day > start and self.business_between(start, day) >= count:
                return day
        return None

    def day_of(self, timestamp: float) -> date:
        return datetime.fromtimestamp(timestamp, self.zone).date()

    def iso(self, timestamp: float) -> str:
        return datetime.fromtimestamp(timestamp, self.zone).isoformat(timespec="seconds")

    def slots(self, offset: int) -> Slots:
        """(minutes, UTC start) of the day's slots that exist and begin after the interview."""
        found = self._slots[offset]
        if found is None:
            found = self._slots[offset] = self._day_slots(offset)
        return found

    def _day_slots(self, offset: int) -> Slots:
        starts = _day_starts(self.days[offset][0].toordinal(), self.zone)
        if offset:  # a later day's slots all begin after the interview
            return starts
        after = self.interview_ts
        return tuple(slot for slot in starts if slot[1] > after)

    def holiday_notes(self, where: str) -> list[str]:
        """Name the holidays and quiet seasons on otherwise working days of the plan."""
        if not self.holidays and not self.regional and not self.quiet:
            return []
        year, working = self.year, self.working
        national = [f"{_format_day(day, year)} ({name})" for day, name in sorted(self.holidays.items())
                    if day.weekday() in working]
        regional = [(day, *found) for day, found in sorted(self.regional.items()) if day.weekday() in working]
        notes = []
        country = self.country
        if national:
            notes.append(f"Public holidays in {where} are kept free of contact: {'; '.join(national)}.")
        if regional:
            listed = "; ".join(f"{_format_day(day, year)} ({name}, in {_regions(regions)})"
                               for day, name, regions in regional)
            notes.append(f"No region given: holidays that only some regions of {country} keep are working days "
                         f"elsewhere, so they only count against contact: {listed}. Give the region (e.g. "
                         f"{country}-{regional[0][2][0]}) for its exact calendar.")
        seasons: list[list[Any]] = []
        for day, name in sorted(self.quiet.items()):
            if day.weekday() not in working or day in self.holidays:
                continue
            if seasons and seasons[-1][0] == name and self.business_between(seasons[-1][2], day) <= 1:
                seasons[-1][2] = day
            else:
                seasons.append([name, day, day])
        if seasons:
            listed = "; ".join(f"{name} ({_format_day(first, year)}"
                               + ("" if first == last else f" to {_format_day(last, year)}") + ")"
                               for name, first, last in seasons)
            notes.append(f"Quiet season in {country}, when many people are away and offices are thin: {listed}. "
                         "A status or feedback question waits until after it where the plan allows.")
        return notes


def _regions(regions: tuple[str, ...]) -> str:
    if len(regions) <= 4:
        return ", ".join(regions)
    return f"{', '.join(regions[:3])} and {len(regions) - 3} more"


FIRST_WALL = time(HOURS[0] // 60, HOURS[0] % 60)
LAST_WALL = time(HOURS[-1] // 60, HOURS[-1] % 60)


@lru_cache(maxsize=16_384)
def _day_starts(ordinal: int, zone: tzinfo) -> tuple[tuple[int, float], ...]:
    """(minutes, UTC start) of the slots that exist on a day in a zone (DST gaps skipped).

    Remembered, as the engine does: a batch plans many situations in the same zones over
    the same dates.
    """
    day = date.fromordinal(ordinal)
    first = datetime.combine(day, FIRST_WALL)
    shift = zone.utcoffset(first)
    if shift is not None and shift == zone.utcoffset(datetime.combine(day, LAST_WALL)):
        # No clock change during business hours (the usual case): plain arithmetic.
        base = (ordinal - _EPOCH) * 86400 - shift.total_seconds()
        return tuple((minutes, base + minutes * 60) for minutes in HOURS)
    starts = []
    for minutes in HOURS:
        wall = datetime.combine(day, time(minutes // 60, minutes % 60))
        local = wall.replace(tzinfo=zone)
        if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall:  # else a DST gap
            starts.append((minutes, local.timestamp()))
    return tuple(starts)
_PARTS = ("first", "mid", "last", "off")


def _time_effects(part: str, next_morning: bool, minutes: int) -> tuple[tuple[str, ...], int, int, tuple[str, ...]]:
    """What the time-of-day call rules do to a slot: (forbids, invariant, other, preferences)."""
    forbids = []
    if minutes < 8 * 60 or minutes + SLOT > 18 * 60:
        forbids.append("core-call-hours")
    if next_morning and minutes < 12 * 60:  # the first business day after an interview on a week's last day
        forbids.append("core-last-day-next-morning")
    weak = 0
    ids = []
    if 10 * 60 <= minutes <= 11 * 60:
        weak += 1
        ids.append("calls-mid-morning")
    if minutes == 14 * 60:
        weak += 1
        ids.append("calls-early-afternoon")
    if minutes >= 15 * 60:
        weak -= 2
        ids.append("no-late-calls")
    if part == "first" and minutes < 12 * 60:
        weak -= 1
        ids.append("no-week-start-mornings")
    if part == "last" and minutes >= 13 * 60:
        weak -= 1
        ids.append("no-week-end-afternoons")
    return tuple(forbids), 0, weak, tuple(ids)


class _Times:
    """The time-of-day call rules on one kind of day: per slot start, (forbids, invariant, other, preferences)."""

    __slots__ = ("effects", "forbids")

    def __init__(self, effects: dict[int, tuple[tuple[str, ...], int, int, tuple[str, ...]]]) -> None:
        self.effects = effects
        self.forbids = any(effect[0] for effect in effects.values())  # does the time of day forbid any slot?


CALL_TIMES = {(part, next_morning): _Times({minutes: _time_effects(part, next_morning, minutes) for minutes in HOURS})
              for part in _PARTS for next_morning in (False, True)}
NO_TIMES = _Times(dict.fromkeys(HOURS, ((), 0, 0, ())))


class _Step:
    """A step's dictionary, action, allowed slots and best ranges (UTC seconds)."""

    __slots__ = ("action", "allowed", "data", "done", "ranges")

    def __init__(self, data: dict[str, Any], action: str, allowed: list[Allowed] | None = None,
                 ranges: list[tuple[float, float]] | None = None, *, done: bool = False) -> None:
        self.data = data
        self.action = action
        self.allowed = allowed or []
        self.ranges = ranges or []
        self.done = done


def _step(purpose: str, heard_back: bool, context: _Context, not_before: float, call_floor: date | None,
          today: date) -> _Step:
    if purpose == "grievance":
        return _nothing(purpose, {"core-no-grievance"})
    if purpose == "status" and heard_back:
        return _nothing(purpose, {"status-already-answered"})
    deadline = context.deadline
    if purpose == "competing_offer" and deadline is not None and deadline < today:
        return _nothing(purpose, set(), f"the other offer expired on {_format_day(deadline, context.year)}")
    offer = purpose == "competing_offer"
    tried = []
    for channel, rule in CHANNELS[purpose]:
        weighed = _weigh(purpose, channel, rule, context, not_before, call_floor if channel == "call" else None)
        tried.append(weighed)
        allowed, usable, shaping = weighed
        if usable:
            note = None
            if len(tried) > 1:
                note = f"no time for {CHANNEL_TEXT[CHANNELS[purpose][0][0]]} is left, so {CHANNEL_TEXT[channel]} instead"
            ranges, best = _best(usable, context)
            if (offer and deadline is not None and (deadline - context.first_day).days == 1
                    and today <= context.first_day and all(context.day_of(start) != context.first_day
                                                           for start, _ in ranges)):
                tonight = (f"the other offer's deadline is {_format_day(deadline, context.year)}: e-mail this "
                           "evening, after the interview, rather than on the deadline's morning (an e-mail out of "
                           "hours is fine for an offer), so the employer has time to answer; your thanks for the "
                           "interview can go in the same message")
                urgent = _out_of_hours(deadline, shaping, tonight, context)
                if urgent is not None:
                    return urgent
            return _Step(_step_data(purpose, channel, allowed, best, shaping, note, context), channel, allowed, ranges)
    if offer and deadline is not None:
        by_email = next((weighed for (channel, _), weighed in zip(CHANNELS[purpose], tried, strict=False)
                         if channel == "email"), tried[0])
        note = (f"no working hours are left before the other offer's deadline ({_format_day(deadline, context.year)})"
                ": send the e-mail as soon as you can, outside office hours (fine for an offer), and ask the other "
                "employer for more time")
        urgent = _out_of_hours(deadline, by_email[2], note, context)
        if urgent is not None:
            return urgent
    allowed, _, shaping = tried[0]
    channel = CHANNELS[purpose][0][0]
    if allowed:  # allowed times, but none left ahead
        now = context.now
        passed = all(slot[1] <= now for slot in allowed)
        note = PASSED if passed else "no allowed time is left after the latest contact"
        return _Step(_step_data(purpose, channel, allowed, [], shaping, note, context), channel, allowed)
    if purpose == "competing_offer" and deadline is not None:
        note = f"the other offer's deadline ({_format_day(deadline, context.year)}) leaves no time to get in touch"
    elif context.horizon_end:
        note = f"no time for {CHANNEL_TEXT[channel]} is allowed within {HORIZON} days"
    else:
        note = f"no time for {CHANNEL_TEXT[channel]} is allowed up to {_format_day(context.last_day, context.year)}"
    return _nothing(purpose, shaping, note)


def _out_of_hours(deadline: date, shaping: set[str], note: str, context: _Context) -> _Step | None:
    """An offer's e-mail outside business hours: from now (an hour after the interview's start, after
    the latest contact) for a slot's length, within the deadline's day; None once that day is over."""
    start = max(context.now, context.interview_ts + SLOT_SECONDS, context.after_contacts)
    start = -(-start // 60) * 60
    day_after = datetime.combine(deadline + timedelta(days=1), time(0), tzinfo=context.zone).timestamp()
    end = min(start + SLOT_SECONDS, day_after)
    if start >= end:
        return None
    data: dict[str, Any] = {
        "purpose": "competing_offer",
        "action": "email",
        "window": {"earliest": context.iso(start), "latest": context.iso(end)},
        "best": [{"start": context.iso(start), "end": context.iso(end), "score": 0}],
        # What chose an e-mail and favours getting in touch; not the forbids it goes past.
        "reasons": [reason for reason in _reasons(shaping) if reason["effect"] != "forbid"],
        "note": note,
    }
    return _Step(data, "email", [], [(start, end)])


def _done(purpose: str, contact: tuple[datetime, str, str | None], context: _Context) -> _Step:
    """A step a recorded contact fulfilled."""
    at, channel, _ = contact
    local = at.astimezone(context.zone)
    how = "called" if channel == "call" else "sent by e-mail"
    data: dict[str, Any] = {"purpose": purpose, "action": channel, "window": None, "best": [], "reasons": [],
                            "note": f"done: {how} on {_format_day(local.date(), context.year)} {local:%H:%M}",
                            "done": {"at": _iso(local), "channel": channel}}
    return _Step(data, channel, done=True)


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _fulfilment(contacts: list[tuple[datetime, str, str | None]], interview: datetime, purposes: tuple[str, ...],
                heard_back: bool, context: _Context,
                today: date) -> tuple[dict[str, tuple[datetime, str, str | None]], int]:
    """The contact that fulfils each purpose (the latest of those that do), and how many follow-ups
    were made: a contact fulfils its purpose; without one, the first after the interview on its
    day or within the thank-you's window was the thank-you, any later one a follow-up."""
    later = [contact for contact in contacts if contact[0] > interview]
    if not later:
        return {}, 0
    follow = next((purpose for purpose in purposes if purpose in FOLLOW_UP_PURPOSES), "status")
    thanks_end = float("-inf")
    if any(contact[2] is None for contact in later):
        thanks = _step("thank_you", heard_back, context, float("-inf"), None, today)
        if thanks.allowed:
            thanks_end = thanks.allowed[-1][1]
    thanked = any(contact[2] == "thank_you" for contact in later)
    found: dict[str, tuple[datetime, str, str | None]] = {}
    follow_ups = 0
    for contact in later:
        purpose = contact[2]
        if purpose is None:
            same_day = contact[0].astimezone(context.zone).date() == interview.date()
            if not thanked and (same_day or contact[0].timestamp() <= thanks_end):
                purpose, thanked = "thank_you", True
            else:
                purpose = follow
        found[purpose] = contact
        follow_ups += purpose in FOLLOW_UP_PURPOSES
    return found, follow_ups


def _step_data(purpose: str, action: str, allowed: list[Allowed], best: list[dict[str, Any]], shaping: set[str],
               note: str | None, context: _Context) -> dict[str, Any]:
    data: dict[str, Any] = {
        "purpose": purpose,
        "action": action,
        "window": {"earliest": context.iso(allowed[0][0]), "latest": context.iso(allowed[-1][1])},
        "best": best,
        "reasons": _reasons(shaping),
    }
    if note:
        data["note"] = note
    return data


def _weigh(purpose: str, channel: str, recommend: str, context: _Context, not_before: float,
           floor: date | None) -> tuple[list[Allowed], list[Allowed], set[str]]:
    """The channel's allowed slots, those still usable, and the rules that shaped them.

    Day rules are decided once per day and the time-of-day call rules come from a table;
    only the rules on hours and on earlier contacts are looked at per slot, and only
    where they can matter. The shaping rules are those that forbade a considered slot,
    and those that weighed on an allowed one.
    """
    call = channel == "call"
    thank_you = purpose == "thank_you"
    follow_up = purpose in ("status", "feedback")
    offer = purpose == "competing_offer"
    promised = purpose == "status" and context.promised is not None
    last_day_interview = call and context.interview_part == "last"
    per_contact = context.contacts and (call or follow_up)
    interview = context.interview_ts
    shaping = {recommend}
    used: set[tuple[str, ...]] = set()  # the preferences that weighed on allowed slots
    allowed: list[Allowed] = []
    for offset, row in enumerate(context.days):
        (day, _, business, part, weeks, after, passed, after_promise, offer_passed, to_deadline, regional,
         quiet) = row
        if floor is not None and day < floor:
            continue
        slots = context.slots(offset)
        if not slots:
            continue
        if slots[0][1] < not_before:
            slots = tuple(slot for slot in slots if slot[1] >= not_before)
            if not slots:
                continue
        forbids: list[str] = []
        if call:
            if offset == 0:
                forbids.append("core-no-call-interview-day")
            elif offset == 1:
                forbids.append("core-no-call-next-day")
        if not business:
            forbids.append("core-no-contact-off-days")
        if promised and not passed:
            forbids.append("core-promise-first")
        if follow_up and weeks == 0 and not promised:
            forbids.append("follow-up-next-week")
        if thank_you and after >= 3:
            forbids.append("thank-you-deadline")
        if offer and offer_passed:
            forbids.append("core-offer-before-deadline")
        if forbids:
            shaping.update(forbids)
        strong = weak = 0
        prefers: list[str] = []
        if last_day_interview and weeks == 1 and part == "mid":
            strong += 10
            prefers.append("core-last-day-midweek")
        if follow_up:
            if weeks == 1 and not promised:
                weak += 3
                prefers.append("follow-up-week-after")
            if part == "mid":
                weak += 1
                prefers.append("follow-up-midweek")
            if regional:
                weak -= 3
                prefers.append("regional-holiday-against")
            if quiet:
                weak -= 6
                prefers.append("quiet-season-against")
        if promised and after_promise >= 1:
            weak += 4
            prefers.append("promise-grace-days")
        if offer:
            if to_deadline >= 2:
                weak += 2
                prefers.append("offer-leave-time")
            if to_deadline >= 1:
                weak += 1
                prefers.append("offer-before-deadline-day")
        day_ids = tuple(prefers)
        times = CALL_TIMES[part, last_day_interview and after == 1] if call else NO_TIMES
        if per_contact:
            allowed_before = len(allowed)
            _per_contact(context, slots, day, offset, forbids, strong, weak, day_ids, times, thank_you, follow_up,
                         call, shaping, used, allowed)
            if len(allowed) > allowed_before:
                used.add(day_ids)
            continue
        if call:
            if forbids:
                if times.forbids:  # what the time of day forbids too, on a forbidden day
                    for minutes, _ in slots:
                        shaping.update(times.effects[minutes][0])
                continue
            any_allowed = False
            for minutes, start in slots:
                time_forbids, time_strong, time_weak, time_ids = times.effects[minutes]
                if time_forbids:
                    shaping.update(time_forbids)
                    continue
                used.add(time_ids)
                allowed.append((start, start + SLOT_SECONDS, strong + time_strong, weak + time_weak,
                                (day_ids, time_ids), offset))
                any_allowed = True
            if any_allowed:
                used.add(day_ids)
        elif thank_you:
            # Hours since the interview grow slot by slot: a day's first slot tells whether
            # thank-you-not-instantly forbids some of its slots.
            if int((slots[0][1] - interview) // 3600) < 1:
                shaping.add("thank-you-not-instantly")
            if forbids:
                continue
            any_allowed = False
            for _, start in slots:
                hours = int((start - interview) // 3600)
                if hours < 1:
                    continue
                if hours < 24:
                    used.add(SAME_DAY)
                    allowed.append((start, start + SLOT_SECONDS, strong, weak + 3, (day_ids, SAME_DAY), offset))
                else:
                    allowed.append((start, start + SLOT_SECONDS, strong, weak, (day_ids, ()), offset))
                any_allowed = True
            if any_allowed:
                used.add(day_ids)
        elif not forbids:
            used.add(day_ids)
            fired = (day_ids, ())
            allowed.extend((start, start + SLOT_SECONDS, strong, weak, fired, offset) for _, start in slots)
    for ids in used:
        shaping.update(ids)
    now, after_contacts = context.now, context.after_contacts
    usable = [slot for slot in allowed if slot[1] > now and slot[0] >= after_contacts]
    return allowed, usable, shaping


SAME_DAY = ("thank-you-same-day",)


def _per_contact(context: _Context, slots: Slots, day: date, offset: int, forbids: list[str],
                 strong: int, weak: int, day_ids: tuple[str, ...], times: _Times, thank_you: bool, follow_up: bool,
                 call: bool, shaping: set[str], used: set[tuple[str, ...]], allowed: list[Allowed]) -> None:
    """A day's slots one by one, where earlier contacts (and so every rule) may differ from slot to slot."""
    interview, contact_times = context.interview_ts, context.contact_times
    for minutes, start in slots:
        time_forbids, time_strong, time_weak, time_ids = times.effects[minutes]
        slot_forbids: list[str] = []
        slot_weak = 0
        if thank_you:
            hours = int((start - interview) // 3600)
            if hours < 1:
                slot_forbids.append("thank-you-not-instantly")
            if hours < 24:
                slot_weak = 3
                time_ids = (*time_ids, *SAME_DAY)
        earlier = bisect_right(contact_times, start)
        if earlier:
            calls, last_contact, last_call = context.contact_facts[earlier]
            if call and calls >= 1 and context.business_between(last_call, day) < 3:
                slot_forbids.append("core-calls-apart")
            if follow_up:
                if earlier >= 2:
                    slot_forbids.append("two-follow-ups-then-stop")
                if (day - last_contact).days < 5:
                    slot_forbids.append("space-out-follow-ups")
        if forbids or time_forbids or slot_forbids:
            shaping.update(time_forbids)
            shaping.update(slot_forbids)
            continue
        used.add(time_ids)
        allowed.append((start, start + SLOT_SECONDS, strong + time_strong, weak + time_weak + slot_weak,
                        (day_ids, time_ids), offset))


def _nothing(purpose: str, shaping: set[str], note: str | None = None) -> _Step:
    step: dict[str, Any] = {"purpose": purpose, "action": "none", "window": None, "best": [],
                            "reasons": _reasons(shaping)}
    if note:
        step["note"] = note
    return _Step(step, "none")


def _best(usable: list[Allowed], context: _Context) -> tuple[list[tuple[float, float]], list[dict[str, Any]]]:
    """The best ranges, among the runs with the top invariant score: one per day first, then
    the next in rank order that do not touch a chosen one (a touching run closes its day)."""
    runs: list[list[Any]] = []  # [strong, weak, start, end, day offset], contiguous slots of one rank
    for start, end, strong, weak, _, offset in usable:
        if runs:
            last = runs[-1]
            if last[0] == strong and last[1] == weak and last[3] == start:
                last[3] = end
                continue
        runs.append([strong, weak, start, end, offset])
    top = max(run[0] for run in runs)
    runs = sorted((run for run in runs if run[0] == top), key=lambda r: (-r[1], r[2]))
    chosen: list[list[Any]] = []
    days: set[int] = set()
    for run in runs:
        if len(chosen) == BEST:
            break
        if run[4] not in days:
            days.add(run[4])
            chosen.append(run)
    closed: set[int] = set()
    for run in runs:
        if len(chosen) == BEST:
            break
        if run[4] in closed or any(run is other for other in chosen):
            continue
        start, end = run[2], run[3]
        if any(other[3] == start or end == other[2] for other in chosen):
            closed.add(run[4])
        else:
            chosen.append(run)
    iso = context.iso
    return ([(run[2], run[3]) for run in chosen],
            [{"start": iso(run[2]), "end": iso(run[3]), "score": run[0] + run[1]} for run in chosen])


def _weighing(allowed: list[Allowed], moment: float) -> tuple[list[str], list[str]]:
    """The preferences for and against the slot at ``moment``, strongest first."""
    for start, end, _, _, (day_ids, slot_ids), _ in allowed:
        if start <= moment < end:
            ordered = sorted((*day_ids, *slot_ids), key=_WEIGHT_ORDER.__getitem__)
            return ([rule_id for rule_id in ordered if RULES[rule_id][2] > 0],
                    [rule_id for rule_id in ordered if RULES[rule_id][2] < 0])
    return [], []  # pragma: no cover - a best range is made of allowed slots


def _verdict_with_contacts(steps: list[_Step], moment: datetime, move_on: datetime, follow_ups: int,
                           year: int) -> dict[str, Any]:
    """The verdict of the steps still to do (an offer first when its time comes before the others');
    with a step done, wait for the reply until ``move_on`` rather than "too late"; after the
    follow-ups allowed, move on."""
    active = [step for step in steps if not step.done]
    offer = next((index for index, step in enumerate(active) if step.data["purpose"] == "competing_offer"
                  and step.ranges), None)
    if offer is not None:
        start = min(start for start, _ in active[offer].ranges)
        if all(not step.ranges or start < min(other for other, _ in step.ranges) for step in active[:offer]):
            active = [active[offer], *active[:offer], *active[offer + 1:]]
    verdict = _verdict(active, moment) if active else None
    if verdict is not None and verdict["verdict"] != "too_late":
        return verdict
    at, purpose = _iso(moment), steps[-1].data["purpose"]
    if follow_ups >= FOLLOW_UPS:
        return {"at": at, "verdict": "too_late", "purpose": purpose,
                "reason": f"you have followed up {_times(follow_ups)}; time to move on", "favoured_by": [],
                "against": []}
    if verdict is not None and not any(step.done for step in steps):
        return verdict
    if moment.timestamp() < move_on.timestamp():
        return {"at": at, "verdict": "wait_until", "purpose": purpose, "until": _iso(move_on),
                "reason": f"every step is done; wait for their reply until "
                          f"{_format_day(move_on.date(), year)} {move_on:%H:%M}, then move on",
                "favoured_by": [], "against": []}
    return {"at": at, "verdict": "too_late", "purpose": purpose,
            "reason": "the time for following up has passed; move on", "favoured_by": [], "against": []}


def _verdict(steps: list[_Step], moment: datetime) -> dict[str, Any]:
    at = _iso(moment)
    now = moment.timestamp()
    for step in steps:
        if step.action == "none" or not step.ranges:
            continue
        verb = "call" if step.action == "call" else "e-mail"
        purpose = step.data["purpose"]
        what = purpose.replace("_", " ")
        # Act now only in a range scoring as well as the first one listed; else wait for that one.
        scores = [item["score"] for item in step.data["best"]]
        for (start, end), score in zip(step.ranges, scores, strict=True):
            if start <= now < end and score >= scores[0]:
                favoured, against = _weighing(step.allowed, now)
                return {"at": at, "verdict": f"{step.action}_now", "purpose": purpose,
                        "reason": f"now is one of the best times to {verb} ({what})",
                        "favoured_by": favoured, "against": against}
        start = step.ranges[0][0]
        until = datetime.fromtimestamp(start, moment.tzinfo).isoformat(timespec="seconds")
        favoured, against = _weighing(step.allowed, start)
        return {"at": at, "verdict": "wait_until", "purpose": purpose, "until": until,
                "reason": f"the next best time to {verb} ({what}) is {until}",
                "favoured_by": favoured, "against": against}
    for step in steps:
        if step.action == "none" and "note" not in step.data:
            reasons = step.data["reasons"]
            why = reasons[0]["why"] if reasons else "no contact is advised"
            return {"at": at, "verdict": "dont_contact", "purpose": step.data["purpose"], "reason": why,
                    "favoured_by": [], "against": []}
    # Why nothing is left: the last step's own reason, unless its time simply passed.
    last = steps[-1]
    note = last.data.get("note", PASSED)
    reason = note if note != PASSED else "the time for following up has passed; move on"
    return {"at": at, "verdict": "too_late", "purpose": last.data["purpose"], "reason": reason,
            "favoured_by": [], "against": []}
