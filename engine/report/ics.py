"""A plan as an iCalendar file: one reminder event per step that involves getting in touch.

Each event sits at the step's top-ranked best range and is titled by what is known of the
application (``Bayer Werk — backend developer: say thank you``), so that a calendar holding
many applications tells them apart. Times are written in UTC (a ``Z``
suffix) so that every calendar application imports them the same way without needing a
VTIMEZONE; the description repeats them in the employer's zone. Nothing depends on the
clock: DTSTAMP is the plan's "now" and the UID is a hash of the situation and the step's
purpose, so the same input gives byte-identical output, and importing a later run for the
same situation updates its events instead of duplicating them.

A plan with nothing to put in a calendar (no contact wanted, or too late for any) gives
one all-day event on the plan's day saying so and why, free and without an alarm: RFC 5545
(section 3.6) requires a calendar to hold at least one component, and an event is the one
every calendar application shows (many ignore to-dos and journal entries).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone

from icalendar import Alarm, Calendar, Event

from ..plan import Plan, Step
from .i18n import N_, _, speaking
from .text import (
    SourceIndex,
    action_sentence,
    draft_lines,
    explained,
    format_moment,
    format_range,
    phrase,
    step_heading,
    verdict_line,
    why_text,
)
from .variants import language_of
from .wording import CHANNEL_NAMES

__all__ = ["calendar_bytes", "employer", "event", "nothing_note", "render_ics", "summary", "uid"]

PRODID = "-//followup-etiquette//EN"
UID_DOMAIN = "followup-etiquette"
REMINDER = timedelta(minutes=-15)
# The title of the note a plan with nothing to do gives, by its verdict.
NOTHING_SUMMARIES = {
    "dont_contact": N_("Follow-up: don't get in touch"),
    "too_late": N_("Follow-up: too late, move on"),
    "wait_until": N_("Follow-up: done, wait for their reply"),
    "": N_("Follow-up: nothing to do"),
}


def render_ics(plan: Plan, *, drafts: bool = True) -> bytes:
    """The plan as a VCALENDAR (CRLF line endings): a reminder per step to act on (its
    description holds what to say, unless ``drafts`` is false), or one all-day note when
    there is nothing to do."""
    events = [event(plan, step, drafts=drafts) for step in plan.steps if step.action != "none"
              and step.best]
    if not events:
        with speaking(language_of(plan.situation)):
            events = [_nothing_to_do(plan)]
    return calendar_bytes(events)


def calendar_bytes(events: Iterable[Event]) -> bytes:
    """A VCALENDAR holding ``events``, in order (give at least one: RFC 5545 requires it)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    for item in events:
        calendar.add_component(item)
    data: bytes = calendar.to_ical()  # untyped in icalendar 7
    return data


def employer(plan: Plan) -> str:
    """What is known of whom a plan is for: ``Bayer Werk — backend developer``, one of the
    two, or the application's ``ref``; empty when the situation names none of them."""
    situation = plan.situation
    return " \u2014 ".join(part for part in (situation.company, situation.role)
                           if part) or (situation.ref or "")


def summary(step: Step, plan: Plan | None = None) -> str:
    """``Bayer Werk — backend developer: say thank you`` (the channel is in the description
    and the alarm); ``Follow-up call: ask about the status`` when nothing names the application."""
    who = employer(plan) if plan is not None else ""
    if who:
        return _("{who}: {purpose}").format(who=who, purpose=phrase(step.purpose))
    return _("Follow-up {channel}: {what}").format(channel=_(CHANNEL_NAMES.get(step.action,
                                                                               step.action)),
                                                   what=phrase(step.purpose))


def uid(plan: Plan, key: str) -> str:
    """The same for every run on the same situation: ``key`` is a step's purpose, or ``nothing``."""
    situation = json.dumps(plan.situation.to_dict(), sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(f"{situation}\n{key}".encode()).hexdigest()
    return f"{digest[:32]}@{UID_DOMAIN}"


def event(plan: Plan, step: Step, *, drafts: bool = True, uid_text: str | None = None) -> Event:
    """The reminder event of a step with a best time, in the
    plan's language; ``uid_text`` replaces the default UID."""
    with speaking(language_of(plan.situation)):
        return _event(plan, step, drafts, uid_text)


def _event(plan: Plan, step: Step, drafts: bool, uid_text: str | None) -> Event:
    best = step.best[0]
    title = summary(step, plan)
    item = Event()
    item.add("uid", uid_text or uid(plan, step.purpose))
    item.add("dtstamp", plan.verdict.at.astimezone(timezone.utc))
    item.add("dtstart", best.start.astimezone(timezone.utc))
    item.add("dtend", best.end.astimezone(timezone.utc))
    item.add("summary", title)
    item.add("description", _description(plan, step, drafts))
    # A reminder to act, not a meeting: it should not mark the time as busy.
    item.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", REMINDER)
    alarm.add("description", title)
    item.add_component(alarm)
    return item


def nothing_note(day: date, uid_text: str, description: str) -> Event:
    """An all-day note, free and without an alarm, for a calendar with no reminder to hold."""
    item = Event()
    item.add("uid", uid_text)
    item.add("dtstamp", datetime.combine(day, time(0), tzinfo=timezone.utc))
    item.add("dtstart", day)
    item.add("dtend", day + timedelta(days=1))
    item.add("summary", _(NOTHING_SUMMARIES[""]))
    item.add("description", description)
    item.add("transp", "TRANSPARENT")
    return item


def _nothing_to_do(plan: Plan) -> Event:
    """An all-day note on the plan's day (employer-local):
    what the plan says instead of a reminder."""
    zone, year = plan.situation.zone, plan.situation.interview.year
    day = plan.verdict.at.astimezone(zone).date()
    event = Event()
    event.add("uid", uid(plan, "nothing"))
    event.add("dtstamp", plan.verdict.at.astimezone(timezone.utc))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    title = _(NOTHING_SUMMARIES.get(plan.verdict.verdict, NOTHING_SUMMARIES[""]))
    who = employer(plan)
    # The title without its "Follow-up:" head, the application named in its place.
    event.add("summary",
              _("{who}: {what}").format(who=who,
                                        what=re.split(r": |\uff1a|\u00a0: ", title, maxsplit=1)[-1])
              if who else title)
    lines = [verdict_line(plan), ""]
    lines += [f"{number}. {step_heading(step, year)}" for number, step in enumerate(plan.steps,
                                                                                    start=1)]
    lines.append("")
    if plan.verdict.verdict != "dont_contact":  # nothing to stop when there is no contact at all
        lines.append(_("Stop following up after {moment}.").format(
            moment=format_moment(plan.move_on_after, zone, year=year)))
    lines.append(_("All times are the employer's local time ({zone}).").format(
        zone=plan.situation.zone_name))
    event.add("description", "\n".join(lines))
    event.add("transp", "TRANSPARENT")
    return event


def _description(plan: Plan, step: Step, drafts: bool) -> str:
    zone, zone_name = plan.situation.zone, plan.situation.zone_name
    year = plan.situation.interview.year
    lines = [f"{action_sentence(step)}."]
    best = step.best[0]
    lines.append(_("Best: {range} ({zone})").format(range=format_range(best.start, best.end, zone,
                                                                       year=year),
                                                    zone=zone_name))
    lines += [_("Also good: {range}").format(range=format_range(other.start, other.end, zone,
                                                                year=year))
              for other in step.best[1:]]
    if step.window is not None:
        lines.append(_("Window: {range} ({zone})").format(range=format_range(*step.window, zone,
                                                                             year=year),
                                                          zone=zone_name))
    lines.append(_("Stop following up after {moment}.").format(
        moment=format_moment(plan.move_on_after, zone, year=year)))
    sources = SourceIndex()
    said = draft_lines(plan, step, sources) if drafts else []
    if said:
        lines += ["", *said]
    reasons = explained(step)
    if reasons:
        lines += ["", _("Why:")]
        for reason in reasons:
            lines.append(f"- {why_text(reason.rule)}{sources.marks(reason.sources)}")
    if sources.entries:
        lines += ["", _("Sources:")]
        lines += [f"[{number}] {text}" for number, text in enumerate(sources.entries, start=1)]
    return "\n".join(lines)
