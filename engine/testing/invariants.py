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
from datetime import date, datetime, timedelta, timezone
from itertools import pairwise

from ..plan import Plan, Slot, Step
from .calendar import WorkingCalendar, last_day, weekend, working_calendar

__all__ = ["GUARDS", "INVARIANTS", "WorkingCalendar", "last_day", "overruled", "violations",
           "weekend", "working_calendar"]

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
UTC = timezone.utc
CALL_OPENS, CALL_CLOSES = 8 * 60, 18 * 60  # whatever a profile's business hours say
NOON = 12 * 60
CALL_SPACING = 3  # business days between two calls
CONTACT_SPACING = 2  # business days between two planned contacts: one working day between them
FOLLOW_UPS = ("status", "feedback")  # the contacts the profile's follow_ups setting counts
# The notes of an offer's e-mail out of hours (no working time left before its deadline).
OUT_OF_HOURS = ("offer_out_of_hours", "offer_tonight")


def _out_of_hours(step: Step) -> bool:
    """An offer's e-mail outside business hours (no working time left before its deadline)."""
    return (step.purpose == "competing_offer" and step.note is not None
            and step.note.code in OUT_OF_HOURS)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _utc(moment: datetime) -> datetime:
    """Aware datetimes of one zone compare by wall clock, blind to DST folds; UTC does not."""
    return moment.astimezone(UTC)


def _minutes(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


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


def _ahead(plan: Plan) -> float:
    """UTC seconds after which best ranges may start: the latest earlier contact."""
    return max((contact.at.timestamp() for contact in plan.situation.contacts),
               default=float("-inf"))


def _usable(plan: Plan, step: Step, calendar: WorkingCalendar) -> list[Slot]:
    """The step's allowed slots a best range could use: ahead, after contacts."""
    now, after = plan.verdict.at.timestamp(), _ahead(plan)
    return [slot for slot in step.allowed if slot.end_timestamp > now and slot.timestamp >= after]


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


def _rank_at(step: Step, moment: float) -> tuple[float, float] | None:
    """The rank the plan gives the allowed slot holding
    ``moment`` (invariant weights, then the others)."""
    outcome = step.trace.outcome_at(moment)
    return None if outcome is None else outcome.rank


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


def _spacing(plan: Plan, calendar: WorkingCalendar) -> list[str]:
    """Calls at least three business days apart: planned calls, and calls after earlier calls."""
    found = []
    calls = [contact.at.astimezone(plan.situation.zone).date()
             for contact in plan.situation.contacts if contact.channel == "call"]
    planned: list[date] = []
    for step in plan.steps:
        if step.action != "call" or not step.best:
            continue
        day = step.best[0].start.date()
        for earlier in planned:
            if calendar.business_days_between(earlier, day) < CALL_SPACING:
                found.append(f"coach: {step.purpose} call {day} is less than {CALL_SPACING} "
                             "business days "
                             f"after the call planned on {earlier}")
        for item in step.best:
            for contact_day in calls:
                if contact_day <= item.start.date() and (
                        calendar.business_days_between(contact_day,
                                                       item.start.date()) < CALL_SPACING):
                    found.append(f"coach: {step.purpose} best call {_iso(item.start)} is less than "
                                 f"{CALL_SPACING} business days after the call on {contact_day}")
        planned.append(day)
    return found + _contact_spacing(plan, calendar)


def _contact_spacing(plan: Plan, calendar: WorkingCalendar) -> list[str]:
    """Any two planned contacts a working day apart (one business day between them); an offer's
    message may share the thank-you's day. Measured from an earlier step's first best time."""
    found = []
    planned = [step for step in plan.steps if step.best and step.done is None and step.action
               != "none"]
    for index, later in enumerate(planned):
        for earlier in planned[:index]:
            if {earlier.purpose, later.purpose} == {"thank_you", "competing_offer"}:
                continue
            day = earlier.best[0].start.date()
            for item in later.best:
                if calendar.business_days_between(day, item.start.date()) < CONTACT_SPACING:
                    found.append(f"coach: {later.purpose} best {_iso(item.start)} is less than a "
                                 "working day after "
                                 f"the {earlier.purpose} planned on {day}")
    return found


def _contacts(plan: Plan) -> list[str]:
    """Recorded contacts count: a contact with a purpose fulfils its step, one on the interview's
    day after it is the thank-you; a done step has no time, draft or verdict of its own; after as
    many follow-ups as the profile allows, no follow-up is planned."""
    situation, found = plan.situation, []
    steps = {step.purpose: step for step in plan.steps}
    later = [contact for contact in situation.contacts if contact.at > situation.interview]
    for contact in later:
        purpose = contact.purpose
        if (purpose is None
            and contact.at.astimezone(situation.zone).date() == situation.interview.date()):
            purpose = "thank_you"
        step = steps.get(purpose or "")
        if step is None or step.done is not None:
            continue
        # the next follow-up, while the profile allows one
        again = purpose in FOLLOW_UPS and bool(step.best)
        by_rule = step.action == "none" and step.note is None
        enough = step.action == "none" and step.note is not None and step.note.code == "followed_up"
        if not again and not by_rule and not enough:
            found.append(f"coach: the {purpose} contact of {_iso(contact.at)} is recorded, yet the "
                         "step is not done")
    for step in plan.steps:
        if step.done is not None and (step.best or step.window is not None
                                      or step.draft is not None):
            found.append(f"coach: the done {step.purpose} step still has times or a draft")
    limit = plan.profile.settings.follow_ups
    possible = sum(contact.purpose in FOLLOW_UPS or contact.purpose is None for contact in later)
    for step in plan.steps:
        if step.note is not None and step.note.code == "followed_up" and possible < limit:
            found.append(f"coach: {step.purpose} says the follow-ups are over after {possible} at "
                         "most")
    follow_ups = sum(contact.purpose in FOLLOW_UPS for contact in later)
    if follow_ups >= limit:
        for step in plan.steps:
            if step.purpose in FOLLOW_UPS and step.best:
                found.append(f"coach: {follow_ups} follow-ups are recorded, yet {step.purpose} is "
                             "planned again")
    return found


def _offer(plan: Plan) -> list[str]:
    situation = plan.situation
    deadline = situation.competing_offer_deadline
    found = []
    today = plan.verdict.at.date()
    for step in plan.steps:
        if step.purpose != "competing_offer" or deadline is None:
            continue
        if deadline < today and step.action != "none" and step.done is None:
            found.append(f"coach: the competing offer expired on {deadline}, yet its step is "
                         f"{step.action}")
        for item in step.best:
            if item.start.date() > deadline:
                found.append(f"coach: competing offer best {_iso(item.start)} lies after the "
                             f"deadline {deadline}")
    found += _offer_urgency(plan)
    purposes = [step.purpose for step in plan.steps]
    if situation.purpose is None and deadline is not None and deadline >= today:
        if "competing_offer" not in purposes:
            found.append("coach: a competing offer still open is missing from the sequence")
        elif "status" in purposes and purposes.index("status") < purposes.index("competing_offer"):
            found.append("coach: the competing-offer step comes after the status step")
    return found


def _offer_urgency(plan: Plan) -> list[str]:
    """While any time is left before an offer's deadline, its step gets in touch (unless a rule says
    not to, or it is done): a call or e-mail in working hours, else an e-mail out of hours; one due
    the day after the interview is sent on the interview's day when planned on it."""
    situation, now = plan.situation, plan.verdict.at
    deadline = situation.competing_offer_deadline
    step = next((step for step in plan.steps if step.purpose == "competing_offer"), None)
    if deadline is None or step is None or step.done is not None or deadline < now.date():
        return []
    if step.action == "none" and step.note is None:  # a rule's decision not to get in touch
        return []
    found = []
    end_of_deadline = datetime.combine(deadline + timedelta(days=1), datetime.min.time(),
                                       tzinfo=situation.zone)
    earliest = max(now.timestamp(), situation.interview.timestamp()
                   + plan.profile.settings.slot_minutes * 60, _ahead(plan))
    if not step.best:
        if earliest < end_of_deadline.timestamp() - 60:
            found.append("coach: no contact about the competing offer although time is left "
                         "before its deadline "
                         f"{deadline}")
        return found
    for item in step.best:
        if item.end.timestamp() > end_of_deadline.timestamp():
            found.append(f"coach: competing offer best {_iso(item.start)} ends after the "
                         f"deadline's day {deadline}")
    interview = situation.interview.date()
    tonight = datetime.fromtimestamp(earliest, situation.zone).date() == interview
    if ((deadline - interview).days == 1 and now.date() <= interview and tonight
            and not any(item.start.date() == interview for item in step.best)):
        found.append("coach: an offer due the day after the interview waits for "
                     f"{_iso(step.best[0].start)} instead of going out on the interview's day")
    return found


def _move_on(plan: Plan, calendar: WorkingCalendar, last: date) -> list[str]:
    """Following up stops at the close of business on the last
    working day of the plan (stretched by a promise)."""
    close = plan.profile.settings.business_end
    first = plan.situation.interview.date()
    day = last
    while day > first and not calendar.working(day):
        day -= timedelta(days=1)
    if not calendar.working(day):
        day = last  # no working day at all: the horizon's last day
    late = [item.end for step in plan.steps if _out_of_hours(step) for item in step.best]
    close_of_day = datetime.combine(day, datetime.min.time(),
                                    tzinfo=plan.situation.zone) + timedelta(minutes=close)
    if late and max(item.timestamp() for item in late) > close_of_day.timestamp():
        # An offer's e-mail out of hours after the last
        # working day's close: following up ends with it.
        if plan.move_on_after.timestamp() != max(item.timestamp() for item in late):
            return [f"7: move_on_after {_iso(plan.move_on_after)} is not the end of the offer's "
                    "e-mail out of hours"]
        return []
    if plan.move_on_after.date() != day or _minutes(plan.move_on_after) != close % (24 * 60):
        return [f"7: move_on_after {_iso(plan.move_on_after)} is not the close of business on "
                f"{day}, the plan's last working day"]
    return []


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
