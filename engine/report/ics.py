"""A plan as an iCalendar file: one reminder event per step that involves getting in touch.

Each event sits at the step's top-ranked best range. Times are written in UTC (a ``Z``
suffix) so that every calendar application imports them the same way without needing a
VTIMEZONE; the description repeats them in the employer's zone. Nothing depends on the
clock: DTSTAMP is the plan's "now" and the UID is a hash of the situation and the step's
purpose, so the same input gives byte-identical output, and importing a later run for the
same situation updates its events instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import timedelta, timezone

from icalendar import Alarm, Calendar, Event

from ..evaluation.plan import Plan, Step
from .text import SourceIndex, action_sentence, draft_lines, explained, format_moment, format_range, phrase
from .wording import CHANNEL_NAMES

__all__ = ["calendar_bytes", "event", "render_ics", "uid"]

PRODID = "-//followup-etiquette//EN"
UID_DOMAIN = "followup-etiquette"
REMINDER = timedelta(minutes=-15)


def render_ics(plan: Plan, *, drafts: bool = True) -> bytes:
    """The plan as a VCALENDAR (CRLF line endings), with no events when nothing is to be done;
    each event's description holds what to say, unless ``drafts`` is false."""
    return calendar_bytes(event(plan, step, drafts=drafts) for step in plan.steps if step.action != "none" and step.best)


def calendar_bytes(events: Iterable[Event]) -> bytes:
    """A VCALENDAR holding ``events``, in order."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    for item in events:
        calendar.add_component(item)
    data: bytes = calendar.to_ical()  # untyped in icalendar 7
    return data


def summary(step: Step) -> str:
    """``Follow-up call: ask about the status``."""
    return f"Follow-up {CHANNEL_NAMES.get(step.action, step.action)}: {phrase(step.purpose)}"


def uid(plan: Plan, step: Step) -> str:
    situation = json.dumps(plan.situation.to_dict(), sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(f"{situation}\n{step.purpose}".encode()).hexdigest()
    return f"{digest[:32]}@{UID_DOMAIN}"


def event(plan: Plan, step: Step, *, drafts: bool = True, uid_text: str | None = None) -> Event:
    """The reminder event of a step with a best time; ``uid_text`` replaces the default UID."""
    best = step.best[0]
    title = summary(step)
    item = Event()
    item.add("uid", uid_text or uid(plan, step))
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


def _description(plan: Plan, step: Step, drafts: bool) -> str:
    zone, zone_name = plan.situation.zone, plan.situation.zone_name
    year = plan.situation.interview.year
    lines = [f"{action_sentence(step)}."]
    best = step.best[0]
    lines.append(f"Best: {format_range(best.start, best.end, zone, year=year)} ({zone_name})")
    lines += [f"Also good: {format_range(other.start, other.end, zone, year=year)}" for other in step.best[1:]]
    if step.window is not None:
        lines.append(f"Window: {format_range(*step.window, zone, year=year)} ({zone_name})")
    lines.append(f"Stop following up after {format_moment(plan.move_on_after, zone, year=year)}.")
    sources = SourceIndex()
    said = draft_lines(plan, step, sources) if drafts else []
    if said:
        lines += ["", *said]
    reasons = explained(step)
    if reasons:
        lines += ["", "Why:"]
        for reason in reasons:
            lines.append(f"- {reason.rule.why}{sources.marks(reason.sources)}")
    if sources.entries:
        lines += ["", "Sources:"]
        lines += [f"[{number}] {text}" for number, text in enumerate(sources.entries, start=1)]
    return "\n".join(lines)
