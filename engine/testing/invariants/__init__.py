"""The SPEC's invariants and the coach's expectations, checked on a real plan.

``violations(plan)`` returns a sentence for each promise the plan breaks (empty when
it keeps them all). The property tests and ``followup test`` both use it.

The checker computes what it checks on its own, from the SPEC and the plan's inputs,
never from the facts the engine computed: weekends and public holidays come straight
from the ``holidays`` package (with, when no region is given, the holidays most
regions keep as days off and those only some keep as days against), business hours, business days,
the horizon and
the promise grace period from the profile's settings, and the working week (its
first, middle and last working days) from the country's weekend and holidays. What it
takes from the plan is what the plan claims: its steps' allowed slots, best ranges,
windows, verdict and notes.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from itertools import pairwise

from ...plan import Plan, Slot, Step
from ..calendar import WorkingCalendar, last_day, weekend, working_calendar
from .common import (
    NOON,
    OUT_OF_HOURS,
    _ahead,
    _iso,
    _minutes,
    _out_of_hours,
    _rank_at,
    _usable,
    _utc,
)
from .sequence import _contacts, _move_on, _offer, _spacing

__all__ = ["GUARDS", "INVARIANTS", "OUT_OF_HOURS", "WorkingCalendar", "last_day", "overruled",
           "violations", "weekend", "working_calendar"]

# How the notes spell a month (``26 Nov``), written here rather than taken from the report's
# table: the checker of a plan's words shares nothing with what wrote them.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

INVARIANTS = {
    1: "no call on the interview's calendar day",
    2: "no call on the next calendar day",
    3: "no call after the horizon (stretched only by a promise or an offer's deadline), outside "
       "business hours or 08:00-18:00, "
       "or on a day off",
    4: "after an interview on the last working day of the week, no best call and no call_now on "
       "the next working day before 12:00; the best call is midweek of the following week when it "
       "can be",
    5: "a grievance gets no contact",
    6: "no status contact before a promised reply date has passed",
    7: "best ranges lie inside their window; the window inside the horizon",
    8: "the same input gives byte-identical JSON",
    9: "the verdict agrees with the best ranges (act now only where now scores as well as the "
       "first one listed, else wait for it); no best range ends before now",
    10: "no best range on a day off (weekend, public holiday, a holiday most regions keep when no "
        "region is given)",
}
CALL_OPENS, CALL_CLOSES = 8 * 60, 18 * 60  # whatever a profile's business hours say
def _slot_problems(plan: Plan, step: Step, slot: Slot, calendar: WorkingCalendar,
                   last: date) -> list[str]:
    """The invariants an allowed slot breaks, each as a problem without its time."""
    settings = plan.profile.settings
    found = []
    start, end = slot.start, slot.end
    day = start.date()
    if step.action == "call":
        days = (day - plan.situation.interview.date()).days
        if days == 0:
            found.append("1: call allowed on the interview day")
        if days == 1:
            found.append("2: call allowed on the day after the interview")
        if day > last:
            found.append(f"3: call allowed after the horizon's last day {last}")
        opens, closes = settings.hours_of("call")
        if not opens <= _minutes(start) < closes:
            found.append("3: call allowed outside business hours")
        if _minutes(start) < CALL_OPENS or end.date() != day or _minutes(end) > CALL_CLOSES:
            found.append("3: call allowed before 08:00 or after 18:00")
        if day.weekday() in calendar.weekend:
            found.append(f"3: call allowed on a weekend ({day:%A})")
        elif not calendar.working(day):
            found.append("3: call allowed on a day off")
    promised = plan.situation.promised_reply_by
    if step.purpose == "status" and promised is not None and day <= promised:
        found.append(f"6: status contact allowed before the promised date {promised} has passed")
    return found


def _counted(problems: dict[str, list[datetime]], purpose: str) -> list[str]:
    """One sentence per problem: how many slots have it, and the first one."""
    return [
        f"{problem}: {purpose} at {_iso(found[0])}"
        + (f" and {len(found) - 1} more slot{'s' if len(found) > 2 else ''}" if len(found) > 1
           else "")
        for problem, found in problems.items()
    ]


def _allowed(plan: Plan, step: Step, calendar: WorkingCalendar, last: date) -> list[str]:
    problems: dict[str, list[datetime]] = {}
    for slot in step.allowed:
        for problem in _slot_problems(plan, step, slot, calendar, last):
            problems.setdefault(problem, []).append(slot.start)
    return _counted(problems, step.purpose)


def _best(plan: Plan, step: Step, calendar: WorkingCalendar) -> list[str]:
    """Best ranges: ahead, on working days inside business hours, few, merged, spread."""
    found = []
    settings = plan.profile.settings
    now = _utc(plan.verdict.at)
    after = _ahead(plan)
    for item in step.best:
        label = f"{step.purpose} best {_iso(item.start)}"
        day = item.start.date()
        if _utc(item.end) <= now:
            found.append(f"9: {label} ends before now ({_iso(plan.verdict.at)})")
        if item.start.timestamp() < after:
            found.append(f"9: {label} starts before the latest earlier contact")
        if _out_of_hours(step):
            continue  # an offer's e-mail out of hours: checked by _offer
        if calendar.day_off(day):
            kind = ("a weekend" if day.weekday() in calendar.weekend else
                    "a public holiday" if calendar.public_holiday(day) else "not a business day")
            found.append(f"10: {label} is on {kind}")
        opens, closes = settings.hours_of(step.action)
        if item.end.date() != day or not (opens <= _minutes(item.start) and _minutes(item.end)
                                          <= closes):
            found.append(f"coach: {label} is outside business hours")
    if len(step.best) > settings.best_slots:
        found.append(f"coach: {step.purpose} lists {len(step.best)} best ranges (at most "
                     f"{settings.best_slots})")
    ranges = sorted(step.best, key=lambda item: item.start.timestamp())
    for earlier, later in pairwise(ranges):
        if earlier.end.timestamp() >= later.start.timestamp():
            found.append(f"coach: {step.purpose} best ranges {_iso(earlier.start)} and "
                         f"{_iso(later.start)} touch or overlap: they should be one range")
    # Spread over days: among the times that rank first on the invariants' weights.
    days = {item.start.date() for item in step.best}
    usable = _usable(plan, step, calendar)
    ranks = {id(slot): outcome.rank[0] for slot, outcome in zip(step.trace.allowed,
                                                                step.trace.outcomes, strict=True)}
    top = max((ranks[id(slot)] for slot in usable), default=0.0)
    usable_days = {slot.start.date() for slot in usable if ranks[id(slot)] == top}
    if len(days) < min(len(step.best), len(usable_days)):
        found.append(f"coach: {step.purpose} best ranges share days although the window has others")
    return found


def _containment(plan: Plan, step: Step, last: date) -> list[str]:
    found = []
    if step.window is None:
        if step.best:
            found.append(f"7: {step.purpose} has best ranges but no window")
        return found
    earliest, latest = step.window
    for item in step.best:
        if _utc(item.start) < _utc(earliest) or _utc(item.end) > _utc(latest):
            found.append(f"7: best range {_iso(item.start)} lies outside the window")
    interview = plan.situation.interview
    if _utc(earliest) <= _utc(interview) or (latest - timedelta(minutes=1)).date() > last:
        found.append(f"7: window {_iso(earliest)}..{_iso(latest)} is outside the horizon (last day "
                     f"{last})")
    return found


def _morning(start: datetime, day: date) -> bool:
    """A range starting at ``start`` has some time on ``day`` before noon."""
    return start.date() == day and _minutes(start) < NOON


def _last_working_day(plan: Plan, step: Step, calendar: WorkingCalendar) -> list[str]:
    interview = plan.situation.interview.date()
    if (step.action != "call" or not calendar.working(interview)
        or not calendar.last_of_week(interview)):
        return []
    found = []
    following = calendar.next_working_day(interview)
    for item in step.best:
        if _morning(item.start, following):
            found.append(f"4: best call {_iso(item.start)} is on the morning of the next working "
                         "day after an interview on the last working day of the week")
    now = plan.verdict
    if (now.purpose == step.purpose and now.verdict == "call_now" and now.at.date() == following
            and _minutes(now.at) < NOON):
        found.append(f"4: call_now at {_iso(now.at)}, the morning after an interview on the last "
                     "working day")
    next_week = (calendar.week_start(following) if calendar.week_start(following) > interview
                 else None)
    if next_week is None or not step.best:
        return found
    usable = _usable(plan, step, calendar)
    midweek = [slot for slot in usable if calendar.week_start(slot.start.date()) == next_week
               and calendar.midweek(slot.start.date())]
    best = step.best[0].start.date()
    if midweek and not (calendar.week_start(best) == next_week and calendar.midweek(best)):
        found.append(f"4: best call {_iso(step.best[0].start)} is not midweek of the week after an "
                     "interview on the last working day, though that week has allowed midweek "
                     "times")
    return found


def _first_with_best(plan: Plan) -> list[Step]:
    """The steps with best times, in the order the verdict reads them: an offer's step first when
    its earliest best time comes before every earlier step's."""
    with_best = [step for step in plan.steps if step.action != "none" and step.best
                 and step.done is None]
    offer = next((index for index, step in enumerate(with_best) if step.purpose
                  == "competing_offer"), None)
    if offer is not None:
        start = min(item.start.timestamp() for item in with_best[offer].best)
        if all(start < min(item.start.timestamp() for item in step.best)
               for step in with_best[:offer]):
            with_best.insert(0, with_best.pop(offer))
    return with_best


def _top_first(plan: Plan, step: Step, calendar: WorkingCalendar) -> list[str]:
    """One order, one answer: no time a best range could
    use ranks above the first best range listed."""
    top = _rank_at(step, step.best[0].start.timestamp())
    if top is None:
        return [f"7: {step.purpose} best {_iso(step.best[0].start)} is not an allowed time"]
    ranks = {id(slot): outcome.rank for slot, outcome in zip(step.trace.allowed,
                                                             step.trace.outcomes, strict=True)}
    better = [slot for slot in _usable(plan, step, calendar) if ranks[id(slot)] > top]
    if better:
        return [f"coach: {step.purpose} at {_iso(better[0].start)} ranks above the first best "
                "range "
                f"{_iso(step.best[0].start)}"]
    return []


def _verdict(plan: Plan, calendar: WorkingCalendar) -> list[str]:
    now = plan.verdict
    moment = now.at.timestamp()
    with_best = _first_with_best(plan)
    steps = {step.purpose: step for step in plan.steps}
    step = steps.get(now.purpose or "")
    found = []
    if now.reason.code == "wait_reply":
        if with_best:
            return [f"9: waiting for the reply although {with_best[0].purpose} has best times "
                    "ahead"]
        if not any(step.done for step in plan.steps):
            return ["9: waiting for the reply although no step is done"]
        if (now.verdict != "wait_until" or now.until != plan.move_on_after
                or moment >= now.until.timestamp()):
            return [f"9: waiting for the reply until {now.until and _iso(now.until)}, not until "
                    f"move_on_after {_iso(plan.move_on_after)} still ahead"]
        return []
    if now.verdict in ("call_now", "email_now", "wait_until"):
        if step is None or not with_best or with_best[0] is not step:
            return [f"9: verdict {now.verdict} is not about the first step with best times"]
        inside = [item for item in step.best if item.start.timestamp()
                  <= moment < item.end.timestamp()]
        top = _rank_at(step, step.best[0].start.timestamp())
        here = _rank_at(step, moment)
        as_good = _out_of_hours(step) or (here is not None and top is not None and here >= top)
        if now.verdict == "wait_until":
            if inside and as_good:
                found.append(f"9: wait_until although now ({_iso(now.at)}) scores as well as the "
                             "first best range")
            if now.until is None or now.until.timestamp() != step.best[0].start.timestamp():
                found.append(f"9: wait_until {now.until and _iso(now.until)} is not the start of "
                             "the first best range listed")
        else:
            if now.verdict != f"{step.action}_now":
                found.append(f"9: verdict {now.verdict} for a step whose action is {step.action}")
            if not inside:
                found.append(f"9: {now.verdict} at {_iso(now.at)}, outside the step's best ranges")
            elif not as_good:
                found.append(f"9: {now.verdict} at {_iso(now.at)}, which scores worse than the "
                             "first best range "
                             f"{_iso(step.best[0].start)}")
        # an offer's e-mail out of hours has one time, no slot of its own
        if not _out_of_hours(step):
            found += _top_first(plan, step, calendar)
        rules = {reason.rule.id: reason.rule for reason in step.reasons}
        for rule_id in now.favoured_by:
            rule = rules.get(rule_id)
            if rule is None or rule.effect != "prefer" or rule.value <= 0:
                found.append(f"9: the verdict's reason {rule_id} does not favour the moment")
        # A reason against the moment acted on is only a caveat of the best time left (checked
        # above: nothing ranks above it); it must be a preference that weighs against it.
        for rule_id in now.against:
            rule = rules.get(rule_id)
            if rule is None or rule.effect != "prefer" or rule.value >= 0:
                found.append(f"9: the verdict's reason {rule_id} against the moment is not a "
                             "preference against it")
    elif with_best:
        found.append(f"9: verdict {now.verdict} although {with_best[0].purpose} has best times "
                     "ahead")
    elif now.verdict == "dont_contact" and (step is None or step.action != "none"
                                            or step.note is not None):
        found.append("9: dont_contact without a rule deciding no contact")
    return found


def _reasons(plan: Plan) -> list[str]:
    found = []
    for step in plan.to_dict()["steps"]:
        for reason in step["reasons"]:
            effect = reason["effect"].split()[0]
            # A forbid forbids, a preference favours or
            # disfavours; every other effect decides the step.
            direction = "forbids" if effect == "forbid" else "decides"
            weight: float | None = None
            if effect == "prefer":
                weight = float(reason["effect"].split()[1])
                direction = "favours" if weight > 0 else "disfavours" if weight < 0 else "neutral"
            if reason.get("direction") != direction:
                found.append(f"coach: reason {reason['rule']} of {step['purpose']} does not say it "
                             f"{direction}")
            if reason.get("weight") != weight:
                found.append(f"coach: reason {reason['rule']} of {step['purpose']} does not give "
                             f"its weight {weight}")
    return found


def _holiday_notes(plan: Plan, calendar: WorkingCalendar, last: date) -> list[str]:
    """Every holiday and quiet season on an otherwise working weekday of the planned days is named
    in the notes.

    A holiday that only some regions keep is named from the day after the interview: the
    interview's own day was a working day for the employer.
    """
    if plan.situation.country is None or not any(step.window for step in plan.steps):
        return []
    notes = " ".join(plan.to_dict()["notes"])
    first = plan.situation.interview.date()
    found = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        weekday_ok = (day.weekday() in calendar.business_weekdays
                      and day.weekday() not in calendar.weekend)
        if not weekday_ok:
            continue
        holiday = calendar.public_holiday(day) or (offset > 0 and calendar.regional_holiday(day))
        if holiday and f"{day.day} {MONTHS[day.month - 1]}" not in notes:
            found.append(f"coach: the holiday on {day} is not named in the notes")
        if not calendar.public_holiday(day) and calendar.quiet(day) and "Quiet season" not in notes:
            found.append(f"coach: the quiet season on {day} is not named in the notes")
    return found


def violations(plan: Plan, again: Plan | None = None) -> list[str]:
    """Every invariant or coach's expectation that ``plan`` breaks; ``again`` is the same input
    planned twice."""
    calendar = working_calendar(plan)
    last = last_day(plan, calendar)
    found: list[str] = []
    for step in plan.steps:
        if step.purpose == "grievance" and step.action != "none":
            found.append(f"5: grievance gets action {step.action}")
        found += _allowed(plan, step, calendar, last)
        found += _best(plan, step, calendar)
        found += _last_working_day(plan, step, calendar)
        found += _containment(plan, step, last)
    found += _verdict(plan, calendar)
    found += _spacing(plan, calendar)
    found += _contacts(plan)
    found += _offer(plan)
    found += _move_on(plan, calendar, last)
    found += _reasons(plan)
    found += _holiday_notes(plan, calendar, last)
    if again is not None:
        first = json.dumps(plan.to_dict(), sort_keys=False)
        second = json.dumps(again.to_dict(), sort_keys=False)
        if first != second:
            found.append("8: the same input gave different JSON")
    return sorted(set(found))



# Core's rules that guard invariants which a profile's own settings and preferences
# could otherwise break (business hours reaching past 18:00, a preference for the first
# morning of the week): a profile that needs them to keep the invariants fails its test.
GUARDS = {"core-call-hours": 3, "core-last-day-next-morning": 4}


def overruled(plan: Plan) -> list[str]:
    """Where ``plan`` keeps the invariants only because a core guard overruled its profile.

    ``core-call-hours`` overrules a profile when it alone forbids a slot: only business hours
    reaching outside 08:00-18:00 give it one, and no other rule keeps a call out of it.
    ``core-last-day-next-morning`` overrules a
    profile when a slot a best time could use (ahead of now and of the latest contact)
    that only it forbids ranks at least as high as the step's best time (or the step has none): the
    profile's own ranking would have put the
    call on the morning after an interview on the last working day.
    """
    found = []
    moment, after = plan.verdict.at.timestamp(), _ahead(plan)
    for step in plan.steps:
        # Only slots that nothing but the guard forbids: where the profile's own rules (or
        # core's other rules) keep a call out too, the profile does not lean on the guard.
        hours = [slot for slot, outcome in step.trace.considered if outcome.forbids
                 == {"core-call-hours"}]
        if hours:
            more = f" and {len(hours) - 1} more times" if len(hours) > 1 else ""
            found.append(f"3: {step.purpose} calls at {_iso(hours[0].start)}{more} lie in the "
                         "profile's business hours but outside 08:00-18:00, and no rule but "
                         "core-call-hours forbids them; give calls hours inside 08:00-18:00 "
                         "(business_hours_by_channel), or forbid calls outside them in a rule of "
                         "the profile's own")
        mornings = [(slot, outcome) for slot, outcome in step.trace.considered
                    if outcome.forbids == {"core-last-day-next-morning"}
                    and slot.end_timestamp > moment and slot.timestamp >= after]
        if not mornings:
            continue
        best = step.trace.outcome_at(step.best[0].start.timestamp()) if step.best else None
        wanted = [slot for slot, outcome in mornings if best is None or outcome.rank >= best.rank]
        if wanted:
            found.append(f"4: the profile ranks a {step.purpose} call at {_iso(wanted[0].start)}, "
                         "the first working morning after an interview on the last working day of "
                         "the week, at least as high as anything it allows; only "
                         "core-last-day-next-morning keeps it out of the plan")
    return found
