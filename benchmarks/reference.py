"""A hand-written planner for the ``general`` profile: the practical speed limit.

It computes, in plain Python with the rules of ``profiles/general.yaml`` (and the
``core`` invariants it inherits) written out as code, the same output as
``engine.advise(situation, now=now).to_dict()`` for industry ``general``: steps,
windows, best ranges, reasons with their sources, the verdict and the notes. It uses
no part of ``engine``; ``tests/test_reference_planner.py`` checks that both agree.

What it does not do, on purpose: read or validate profiles, accept other industries,
or check the situation for errors (it expects a valid one, as the generated ones
are). What it keeps from the engine, to stay an honest limit: every candidate slot
from the interview to the horizon, in the employer's time zone, with DST gaps
skipped, public holidays from ``holidays``, and the same ranking and merging.

The few tricks that make it fast are the ones an engine could use too: day-level
facts are computed once per day, not per slot; each rule is a comparison on a value
already at hand; the slots are built once per situation and shared by its steps;
reason dictionaries are assembled from constants.
"""

from __future__ import annotations

import warnings
from bisect import bisect_left
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

__all__ = ["advise"]

UTC = timezone.utc
HORIZON = 14
OPEN, CLOSE, SLOT = 9 * 60, 17 * 60, 60
HOURS = tuple(range(OPEN, CLOSE, SLOT))
BEST = 3
SEQUENCE = ("thank_you", "status")
_EPOCH = date(1970, 1, 1).toordinal()
SLOT_SECONDS = SLOT * 60

PROFILE: dict[str, Any] = {"id": "general", "name": "General etiquette", "version": 1, "evidence": "mixed",
                           "chain": ("general", "core")}
EVIDENCE_NOTE = ("Sources disagree for the General etiquette profile (evidence: mixed); the advice follows the "
                 "choice its description explains. Ask people who work in the field what they expect.")
NO_COUNTRY_NOTE = "No country given: weekends are days off, public holidays are not considered."

SOURCES: dict[str, tuple[str, str | None]] = {
    "seed": ("When to Call After the Job Interview (the recruiting blog post the project started from)", None),
    "climbtheladder-thank-you": ("When to send a thank-you e-mail after an interview",
                                 "https://climbtheladder.com/when-to-send-thank-you-email-after-an-interview/"),
    "consultingtimes": ("Consulting Times, thank-you timing after an interview", "https://consultingtimes.com/"),
    "topechelon": ("Top Echelon, best times to call", "https://topechelon.com/"),
    "atlantadiversity": ("Atlanta Diversity, timing follow-up calls", "https://atlantadiversity.com/"),
    "startribune": ("Star Tribune, avoid Monday mornings and Friday afternoons", "https://startribune.com/"),
    "youtern": ("YouTern, waiting for a promised answer", "https://youtern.com/"),
    "purduecco": ("Purdue CCO, the interview follow-up call (2012-03-28)",
                  "https://purduecco.com/2012/03/28/interview-follow-up-call/"),
    "jobinterview-coach": ("Job Interview Coach, two follow-ups then move on", "https://jobinterview.coach/"),
    "wiseworq": ("Wiseworq, a follow-up cadence after interviews", "https://wiseworq.com/"),
    "smdp": ("Santa Monica Daily Press, handling a competing offer (2011-04-28)", "https://smdp.com/2011/04/28/"),
}

# id: (profile, effect text, why, sources, sort key). The sort key orders reasons as the
# engine does: verdicts, recommendations, forbids, preferences; the nearer profile
# (general, depth 0) before its parent (core, depth 1); then by id.
_VERDICT, _RECOMMEND, _FORBID, _PREFER = range(4)
RULES: dict[str, tuple[str, str, str, tuple[str, ...], int]] = {
    # core: the invariants
    "core-no-call-interview-day": ("core", "forbid", "A call on the day of the interview reads as pushy, not keen.",
                                   ("seed",), _FORBID),
    "core-no-call-next-day": ("core", "forbid",
                              "The day after the interview is still too soon for a call; it looks obsessive.",
                              ("seed",), _FORBID),
    "core-no-call-off-days": ("core", "forbid",
                              "Nobody should be phoned about a job on a weekend or a public holiday.",
                              ("seed",), _FORBID),
    "core-no-grievance": ("core", "verdict dont_contact",
                          "Telling an employer they missed out helps nobody; let it go and move on.",
                          ("seed",), _VERDICT),
    "core-promise-first": ("core", "forbid",
                           "The employer named a date for its answer; asking before that date has passed only "
                           "shows impatience.", ("seed",), _FORBID),
    "core-friday-midweek": ("core", "prefer +10",
                            "After a Friday interview the middle of the next week is the time to call, when the "
                            "week's rush has passed.", ("seed",), _PREFER),
    "core-friday-not-monday-morning": ("core", "prefer -10",
                                       "First thing on the Monday after a Friday interview is the worst moment for "
                                       "a call.", ("seed",), _PREFER),
    # general
    "thank-you-by-email": ("general", "recommend email",
                           "A thank-you reads better as a short e-mail than as a call that interrupts the "
                           "interviewer's day.", ("seed",), _RECOMMEND),
    "thank-you-not-instantly": ("general", "forbid", "A thank-you sent minutes after leaving looks written in advance.",
                                ("climbtheladder-thank-you",), _FORBID),
    "thank-you-same-day": ("general", "prefer +3", "Thanks sent within a day arrive while the conversation is fresh.",
                           ("climbtheladder-thank-you", "consultingtimes"), _PREFER),
    "thank-you-deadline": ("general", "forbid", "After three days a thank-you no longer reads as one.",
                           ("consultingtimes",), _FORBID),
    "email-on-working-days": ("general", "prefer -2", "An e-mail sent on a day off waits under Monday's pile.",
                              ("startribune",), _PREFER),
    "status-by-call": ("general", "recommend call",
                       "After a week or two of silence, a polite call to ask whether you are still in the running "
                       "is reasonable.", ("seed",), _RECOMMEND),
    "feedback-by-call": ("general", "recommend call",
                         "Feedback on an interview is easier to give in a short call than in writing.",
                         ("seed",), _RECOMMEND),
    "competing-offer-by-call": ("general", "recommend call",
                                "A pending offer elsewhere is a good reason to call and ask about the timeline.",
                                ("seed",), _RECOMMEND),
    "status-already-answered": ("general", "verdict dont_contact",
                                "The employer has answered already, so there is no status to ask about.",
                                ("seed",), _VERDICT),
    "follow-up-week-after": ("general", "prefer +3",
                             "The week after the interview is when a follow-up is expected and still remembered.",
                             ("seed",), _PREFER),
    "promise-grace-days": ("general", "prefer +4",
                           "Once the promised date has passed without an answer, asking from the next business day "
                           "on is expected, not pushy.",
                           ("youtern", "purduecco"), _PREFER),
    "calls-mid-morning": ("general", "prefer +1",
                          "Mid-morning, after the day's first meetings, is when a call is most welcome.",
                          ("topechelon",), _PREFER),
    "calls-early-afternoon": ("general", "prefer +1",
                              "Early afternoon, after lunch, is the other good moment for a call.",
                              ("topechelon",), _PREFER),
    "no-late-calls": ("general", "prefer -2", "Late-afternoon calls catch people wrapping up their day.",
                      ("atlantadiversity",), _PREFER),
    "no-monday-morning-calls": ("general", "prefer -1", "Monday mornings are spent catching up on the week ahead.",
                                ("startribune",), _PREFER),
    "no-friday-afternoon-calls": ("general", "prefer -1",
                                  "Friday afternoons are a poor time to ask for anyone's attention.",
                                  ("startribune",), _PREFER),
    "two-follow-ups-then-stop": ("general", "forbid",
                                 "Two follow-ups without an answer are enough; after that, move on.",
                                 ("jobinterview-coach",), _FORBID),
    "space-out-follow-ups": ("general", "forbid", "Leave most of a working week between two follow-ups.",
                             ("wiseworq",), _FORBID),
    "offer-before-deadline": ("general", "forbid", "Once the other offer has expired, the call has lost its reason.",
                              ("smdp",), _FORBID),
    "offer-leave-time": ("general", "prefer +2",
                         "Calling while a few days remain gives the employer time to speed up its decision.",
                         ("smdp",), _PREFER),
}
RECOMMENDED = {"thank_you": ("thank-you-by-email", "email"), "status": ("status-by-call", "call"),
               "feedback": ("feedback-by-call", "call"), "competing_offer": ("competing-offer-by-call", "call")}
_ORDER = {rule_id: (entry[4], entry[0] != "general", rule_id) for rule_id, entry in RULES.items()}

_zones: dict[str, ZoneInfo] = {}


def _reason(rule_id: str) -> dict[str, Any]:
    profile, effect, why, sources, _ = RULES[rule_id]
    return {"rule": rule_id, "profile": profile, "effect": effect, "why": why,
            "sources": [{"id": key, "title": SOURCES[key][0], "url": SOURCES[key][1]} for key in sources]}


def _reasons(rule_ids: set[str]) -> list[dict[str, Any]]:
    return [_reason(rule_id) for rule_id in sorted(rule_ids, key=_ORDER.__getitem__)]


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


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


@lru_cache(maxsize=1024)
def _holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    import holidays  # only when a country is given, as in the engine

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year).keys())


# --- the plan ----------------------------------------------------------------------


def advise(situation: Mapping[str, Any], now: str | datetime) -> dict[str, Any]:
    """``engine.advise(situation, now=now).to_dict()`` for a valid ``general`` situation."""
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
    country, _, subdivision = country_code.partition("-") if country_code else (None, "", "")
    purpose = situation.get("purpose")
    promised = situation.get("promised_reply_by")
    promised_day = _day(promised, zone) if promised is not None else None
    deadline = situation.get("competing_offer_deadline")
    deadline_day = _day(deadline, zone) if deadline is not None else None
    heard_back = bool(situation.get("heard_back"))
    contacts = sorted(((_moment(c["at"], zone), c.get("channel", "email")) for c in situation.get("contacts") or ()),
                      key=lambda c: (c[0], c[1]))

    echo: dict[str, Any] = {"interview": interview.isoformat()}
    if not fixed:
        echo["timezone"] = zone_name
    echo["industry"] = situation.get("industry") or "general"
    if country_code:
        echo["country"] = country_code
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
        echo["contacts"] = [{"at": at.isoformat(), "channel": channel} for at, channel in contacts]

    first_day = interview.date()
    last_day = first_day + timedelta(days=HORIZON)
    context = _Context(interview, zone, country, subdivision or None, promised_day, deadline_day, contacts)
    steps = []
    not_before = float("-inf")
    for one in (purpose,) if purpose else SEQUENCE:
        steps.append(_step(one, heard_back, context, not_before))
        if steps[-1][0]["best"]:  # a later step comes after the previous one's best time
            not_before = datetime.fromisoformat(steps[-1][0]["best"][0]["end"]).timestamp()
    moment = _moment(now, zone).astimezone(zone)
    notes = []
    if country is None:
        notes.append(NO_COUNTRY_NOTE)
    if fixed:
        notes.append(f"No time zone given: the fixed offset {zone_name} is used, without daylight-saving changes.")
    notes.append(EVIDENCE_NOTE)
    return {
        "profile": {"id": PROFILE["id"], "name": PROFILE["name"], "version": PROFILE["version"],
                    "evidence": PROFILE["evidence"], "chain": list(PROFILE["chain"])},
        "situation": echo,
        "timezone": zone_name,
        "steps": [step[0] for step in steps],
        "move_on_after": _iso(datetime.combine(last_day, time(CLOSE // 60, CLOSE % 60), tzinfo=zone)),
        "now": _verdict(steps, moment, context),
        "notes": notes,
    }


# A day's facts: (weekday, business_day, weeks_after, promised_reply_passed,
# business_days_after_promise, offer_deadline_passed, days_to_offer_deadline).
DayFacts = tuple[int, bool, int, bool, int, bool, int]
# An allowed slot: (start, end, invariant preferences, other preferences); times in UTC seconds.
Allowed = tuple[float, float, int, int]


class _Context:
    """One situation's days and slots, built once and shared by its steps.

    Slot starts are UTC seconds: aware datetimes are made only for the few instants
    that the plan shows.
    """

    def __init__(self, interview: datetime, zone: tzinfo, country: str | None, subdivision: str | None,
                 promised: date | None, deadline: date | None, contacts: list[tuple[datetime, str]]) -> None:
        self.interview = interview
        self.interview_ts = interview.timestamp()
        self.zone = zone
        self.promised = promised
        self.deadline = deadline
        self.contact_times = [at.timestamp() for at, _ in contacts]
        self.contact_days = [at.astimezone(zone).date() for at, _ in contacts]
        self.first_day = interview.date()
        off: frozenset[date] = frozenset()
        if country is not None:
            for year in range(self.first_day.year, (self.first_day + timedelta(days=HORIZON)).year + 1):
                off = off | _holidays(country, subdivision, year) if off else _holidays(country, subdivision, year)
        self.days = self._day_facts(off)
        self._slots: list[list[tuple[int, float]] | None] = [None] * (HORIZON + 1)

    def iso(self, timestamp: float) -> str:
        return datetime.fromtimestamp(timestamp, self.zone).isoformat(timespec="minutes")

    def slots(self, offset: int) -> list[tuple[int, float]]:
        """(minutes, UTC start) of the day's slots that exist and begin after the interview."""
        found = self._slots[offset]
        if found is None:
            found = self._slots[offset] = self._day_slots(offset)
        return found

    def _day_slots(self, offset: int) -> list[tuple[int, float]]:
        day = self.first_day + timedelta(days=offset)
        zone, after = self.zone, self.interview_ts
        first = datetime.combine(day, FIRST_WALL)
        shift = zone.utcoffset(first)
        if shift is not None and shift == zone.utcoffset(datetime.combine(day, LAST_WALL)):
            # No clock change during business hours (the usual case): plain arithmetic.
            base = (day.toordinal() - _EPOCH) * 86400 - shift.total_seconds()
            return [(minutes, start) for minutes in HOURS if (start := base + minutes * 60) > after]
        starts = []
        for minutes in HOURS:
            wall = datetime.combine(day, time(minutes // 60, minutes % 60))
            local = wall.replace(tzinfo=zone)
            if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall:  # else a DST gap
                stamp = local.timestamp()
                if stamp > after:
                    starts.append((minutes, stamp))
        return starts

    def _day_facts(self, off: frozenset[date]) -> list[DayFacts]:
        first_day = self.first_day
        week_start = first_day - timedelta(days=first_day.weekday())
        promised, deadline = self.promised, self.deadline
        # Business days after the promise, counted from the later of the promise and a year before the interview.
        origin = max(promised, first_day - timedelta(days=366)) if promised is not None else None
        counted = 0
        if origin is not None and origin < first_day:
            day = origin + timedelta(days=1)
            while day < first_day:
                counted += day.weekday() < 5 and day not in off
                day += timedelta(days=1)
        rows = []
        for offset in range(HORIZON + 1):
            day = first_day + timedelta(days=offset)
            weekday = day.weekday()
            business = weekday < 5 and day not in off
            passed = promised is not None and day > promised
            if origin is not None and day > origin:
                counted += business
            rows.append((weekday, business, (day - week_start).days // 7, passed, counted if passed else 0,
                         deadline is not None and day > deadline,
                         (deadline - day).days if deadline is not None and deadline > day else 0))
        return rows

    def contacts_before(self, start: float, day_offset: int) -> tuple[int, int]:
        """Earlier contacts, and days since the latest (or since the interview)."""
        earlier = bisect_left(self.contact_times, start)
        if not earlier:
            return 0, day_offset
        since = (self.first_day + timedelta(days=day_offset) - self.contact_days[earlier - 1]).days
        return earlier, since if since > 0 else 0


FIRST_WALL = time(HOURS[0] // 60, HOURS[0] % 60)
LAST_WALL = time(HOURS[-1] // 60, HOURS[-1] % 60)
_OTHER, _MONDAY, _FRIDAY, _MONDAY_AFTER_FRIDAY = range(4)


def _time_effects(kind: int, minutes: int) -> tuple[int, int, tuple[str, ...]]:
    """What the time-of-day call rules add to a slot: (invariant, other, rule ids)."""
    strong = weak = 0
    ids = []
    if 600 <= minutes <= 660:
        weak += 1
        ids.append("calls-mid-morning")
    if minutes == 840:
        weak += 1
        ids.append("calls-early-afternoon")
    if minutes >= 900:
        weak -= 2
        ids.append("no-late-calls")
    if kind in (_MONDAY, _MONDAY_AFTER_FRIDAY) and minutes < 720:
        weak -= 1
        ids.append("no-monday-morning-calls")
        if kind == _MONDAY_AFTER_FRIDAY:
            strong -= 10
            ids.append("core-friday-not-monday-morning")
    if kind == _FRIDAY and minutes >= 780:
        weak -= 1
        ids.append("no-friday-afternoon-calls")
    return strong, weak, tuple(ids)


CALL_TIMES = {(kind, minutes): _time_effects(kind, minutes) for kind in range(4) for minutes in HOURS}


def _step(purpose: str, heard_back: bool, context: _Context,
          not_before: float) -> tuple[dict[str, Any], list[Allowed], str]:
    """The step's dictionary, its allowed slots, its action."""
    if purpose == "grievance":
        return _nothing(purpose, {"core-no-grievance"})
    if purpose == "status" and heard_back:
        return _nothing(purpose, {"status-already-answered"})
    recommend, channel = RECOMMENDED[purpose]
    shaping = {recommend}
    allowed = (_emails(context, shaping, not_before) if channel == "email"
               else _calls(purpose, context, shaping, not_before))
    if not allowed:
        channel_text = "a call" if channel == "call" else "an e-mail"
        return _nothing(purpose, shaping, f"no time for {channel_text} is allowed within {HORIZON} days")
    iso = context.iso
    step = {
        "purpose": purpose,
        "action": channel,
        "window": {"earliest": iso(allowed[0][0]), "latest": iso(allowed[-1][1])},
        "best": _best(allowed, iso),
        "reasons": _reasons(shaping),
    }
    return step, allowed, channel


def _emails(context: _Context, shaping: set[str], not_before: float) -> list[Allowed]:
    """The thank-you e-mail: between one hour and three days after the interview."""
    allowed: list[Allowed] = []
    interview = context.interview_ts
    for offset, (_, business, *_) in enumerate(context.days):
        for _, start in context.slots(offset):
            if start < not_before:
                continue
            hours = int((start - interview) // 3600)
            if hours < 1:
                shaping.add("thank-you-not-instantly")
                continue
            if hours >= 72:  # and so is every later slot
                shaping.add("thank-you-deadline")
                return allowed
            weak = 0
            if hours < 24:
                weak += 3
                shaping.add("thank-you-same-day")
            if not business:
                weak -= 2
                shaping.add("email-on-working-days")
            allowed.append((start, start + SLOT_SECONDS, 0, weak))
    return allowed


def _calls(purpose: str, context: _Context, shaping: set[str], not_before: float) -> list[Allowed]:
    """A status, feedback or competing-offer call: day rules once per day, time rules from a table."""
    friday = context.interview.weekday() == 4
    follow_up = purpose in ("status", "feedback")
    offer = purpose == "competing_offer"
    promised = purpose == "status" and context.promised is not None
    counting = follow_up and bool(context.contact_times)
    allowed: list[Allowed] = []
    used: set[tuple[int, int]] = set()
    for offset, (weekday, business, weeks, passed, after_promise, offer_passed, to_deadline) in enumerate(context.days):
        slots = [slot for slot in context.slots(offset) if slot[1] >= not_before]
        if not slots:
            continue
        forbids = []
        if offset == 0:
            forbids.append("core-no-call-interview-day")
        elif offset == 1:
            forbids.append("core-no-call-next-day")
        if not business:
            forbids.append("core-no-call-off-days")
        if promised and not passed:
            forbids.append("core-promise-first")
        if offer and offer_passed:
            forbids.append("offer-before-deadline")
        if forbids and not counting:
            shaping.update(forbids)
            continue
        strong = weak = 0
        prefers = []
        if friday and weeks == 1 and 1 <= weekday <= 3:
            strong += 10
            prefers.append("core-friday-midweek")
        if follow_up and weeks == 1:
            weak += 3
            prefers.append("follow-up-week-after")
        if promised and after_promise >= 1:
            weak += 4
            prefers.append("promise-grace-days")
        if offer and to_deadline >= 2:
            weak += 2
            prefers.append("offer-leave-time")
        kind = (_OTHER if weekday not in (0, 4) else _FRIDAY if weekday == 4
                else _MONDAY_AFTER_FRIDAY if friday and weeks == 1 else _MONDAY)
        any_allowed = False
        for minutes, start in slots:
            if counting:
                contacts, since = context.contacts_before(start, offset)
                extra = []
                if contacts >= 2:
                    extra.append("two-follow-ups-then-stop")
                if contacts >= 1 and since < 5:
                    extra.append("space-out-follow-ups")
                if forbids or extra:
                    shaping.update(forbids)
                    shaping.update(extra)
                    continue
            time_strong, time_weak, _ = CALL_TIMES[kind, minutes]
            allowed.append((start, start + SLOT_SECONDS, strong + time_strong, weak + time_weak))
            used.add((kind, minutes))
            any_allowed = True
        if any_allowed:
            shaping.update(prefers)
    for key in used:
        shaping.update(CALL_TIMES[key][2])
    return allowed


def _nothing(purpose: str, shaping: set[str], note: str | None = None) -> tuple[dict[str, Any], list[Allowed], str]:
    step: dict[str, Any] = {"purpose": purpose, "action": "none", "window": None, "best": [],
                            "reasons": _reasons(shaping)}
    if note:
        step["note"] = note
    return step, [], "none"


def _best(allowed: list[Allowed], iso: Any) -> list[dict[str, Any]]:
    ranges: list[list[Any]] = []  # [strong, weak, start, end]
    for start, end, strong, weak in allowed:
        if ranges:
            last = ranges[-1]
            if last[0] == strong and last[1] == weak and last[3] == start:
                last[3] = end
                continue
        ranges.append([strong, weak, start, end])
    ranges.sort(key=lambda r: (-r[0], -r[1], r[2]))
    return [{"start": iso(start), "end": iso(end), "score": strong + weak} for strong, weak, start, end in ranges[:BEST]]


def _verdict(steps: list[tuple[dict[str, Any], list[Allowed], str]], moment: datetime,
             context: _Context) -> dict[str, Any]:
    at = _iso(moment)
    now = moment.timestamp()
    for step, allowed, action in steps:
        if action == "none" or not allowed or now >= allowed[-1][1]:
            continue
        verb = "call" if action == "call" else "e-mail"
        purpose = step["purpose"]
        what = purpose.replace("_", " ")
        for start, end, _, _ in allowed:
            if start <= now < end:
                return {"at": at, "verdict": f"{action}_now", "purpose": purpose,
                        "reason": f"now is a good time to {verb} ({what})"}
            if start > now:
                until = context.iso(start)
                return {"at": at, "verdict": "wait_until", "purpose": purpose, "until": until,
                        "reason": f"the next good time to {verb} ({what}) is {until}"}
    for step, _, action in steps:
        if action == "none" and "note" not in step:
            reasons = step["reasons"]
            why = reasons[0]["why"] if reasons else "no contact is advised"
            return {"at": at, "verdict": "dont_contact", "purpose": step["purpose"], "reason": why}
    last = steps[-1][0]
    return {"at": at, "verdict": "too_late", "purpose": last["purpose"],
            "reason": last.get("note") or "the time for following up has passed; move on"}
