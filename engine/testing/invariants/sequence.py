"""The checks of a plan's sequence: contacts spaced, contacts made, a competing offer, moving on."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ...plan import Plan
from ..calendar import WorkingCalendar
from .common import (
    CALL_SPACING,
    CONTACT_SPACING,
    FOLLOW_UPS,
    _ahead,
    _iso,
    _minutes,
    _out_of_hours,
)

__all__ = []


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
