"""An agenda over many applications: each one's next action, in time order, grouped by day.

Built from plans only (what :func:`engine.advise` returns). Each application gets one
entry: act now, a time in the coming days, a later date to wait for, move on (no time
is left) or done (nothing to do: the employer answered, or no contact is advised).
Text is for people (with what to say for today's actions): given the candidate's zone,
each time is on their clock with the employer's beside it and days are their dates, in
one order (by the instant); without it, times and days are each employer's. JSON is for tools, and iCalendar gives an event per
pending step with a UID made from the application's ``ref`` and the step's purpose,
so importing a later agenda updates the events instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..evaluation.plan import Plan, Step, TimeRange, iso
from .drafts import draft_dict
from .text import action_sentence, draft_lines, format_range, zone_label
from .wording import worded
from .words import format_day

__all__ = ["Entry", "Failure", "agenda_dict", "agenda_uid", "entry_for", "render_agenda_ics", "render_agenda_text"]


@dataclass(frozen=True)
class Failure:
    """A row that could not be planned: its number, the field at fault (if known), why."""

    row: int
    field: str
    message: str


@dataclass(frozen=True)
class Entry:
    """One application's next move."""

    row: int
    plan: Plan
    status: str
    step: Step | None = None
    best: TimeRange | None = None

    @property
    def day(self) -> date | None:
        """The employer-local date to act on (today for ``now``)."""
        if self.status == "now":
            return self.plan.verdict.at.date()
        return self.best.start.date() if self.best is not None else None

    @property
    def today(self) -> bool:
        return self.day == self.plan.verdict.at.date()

    @property
    def moment(self) -> datetime | None:
        """When to act: now, or the start of the best time ahead (None: nothing to do)."""
        return self.plan.verdict.at if self.status == "now" else self.best.start if self.best else None

    def day_in(self, zone: ZoneInfo | None) -> date | None:
        """The date to act on, on the clock of ``zone`` (the employer's when None)."""
        moment = self.moment
        if zone is None or moment is None:
            return self.day
        return moment.astimezone(zone).date()

    def sort_key(self) -> tuple[int, float, int]:
        """Time order of the moves to make, then those to move on from, then those done; ties by row."""
        moment = self.plan.verdict.at if self.status == "now" else self.best.start if self.best else None
        rank = {"move_on": 1, "done": 2}.get(self.status, 0)
        return (rank, moment.timestamp() if moment else 0.0, self.row)


def entry_for(row: int, plan: Plan, days: int) -> Entry:
    """The next move of one planned application, looking ``days`` days ahead of its ``now``."""
    verdict = plan.verdict
    if verdict.verdict == "dont_contact":
        return Entry(row, plan, "done")
    if verdict.verdict == "too_late":
        return Entry(row, plan, "move_on")
    step = next(step for step in plan.steps if step.purpose == verdict.purpose)
    # The verdict points at one of the step's best ranges (SPEC: the verdict agrees with the plan).
    if verdict.verdict in ("call_now", "email_now"):
        moment = verdict.at.timestamp()
        best = next(item for item in step.best if item.start.timestamp() <= moment < item.end.timestamp())
        return Entry(row, plan, "now", step, best)
    best = next(item for item in step.best if item.start == verdict.until)
    horizon = verdict.at.date() + timedelta(days=days)
    return Entry(row, plan, "soon" if best.start.date() <= horizon else "later", step, best)


def _who(entry: Entry) -> str:
    situation = entry.plan.situation
    name = " \u2014 ".join(part for part in (situation.company, situation.role) if part) or "(no company given)"
    return f"{name} [{situation.ref or f'row {entry.row}'}]"


def _what(entry: Entry) -> str:
    step = entry.step
    assert step is not None
    return action_sentence(step)[:1].lower() + action_sentence(step)[1:]


def _when(entry: Entry, my_zone: ZoneInfo | None = None) -> str:
    """``Mon 23 Nov 15:00-23:00 Berlin time (09:00-17:00 New York time)``: on the candidate's
    clock, the employer's beside it where it differs (its day named when not the same)."""
    best, situation = entry.best, entry.plan.situation
    assert best is not None
    year = entry.plan.verdict.at.year
    zone = situation.zone
    there = f"{format_range(best.start, best.end, zone, year=year)} {zone_label(situation.zone_name, zone, best.start)}"
    if my_zone is None or all(moment.astimezone(my_zone).utcoffset() == moment.astimezone(zone).utcoffset()
                              for moment in (best.start, best.end)):
        return there
    here = f"{format_range(best.start, best.end, my_zone, year=year)} {zone_label(my_zone.key, my_zone, best.start)}"
    if best.start.astimezone(my_zone).date() == best.start.astimezone(zone).date() == best.end.astimezone(zone).date():
        there = f"{best.start.astimezone(zone):%H:%M}\u2013{best.end.astimezone(zone):%H:%M} " \
                f"{zone_label(situation.zone_name, zone, best.start)}"
    return f"{here} ({there})"


def render_agenda_text(entries: Sequence[Entry], days: int, *, drafts: bool = True,
                       my_zone: ZoneInfo | None = None) -> str:
    """The agenda for people: the coming days in order, then what waits longer and what is over.

    With ``my_zone`` (the candidate's zone), days and times are on the candidate's clock,
    each employer's time beside it. (Rows with errors are the front-end's to report: they
    have no plan.)
    """
    ordered = sorted(entries, key=Entry.sort_key)
    clock = (f"times are yours ({zone_label(my_zone.key, my_zone, ordered[0].plan.verdict.at)}), "
             "each employer's beside them where they differ." if my_zone is not None and ordered
             else "times are each employer's.")
    lines = [f"Agenda: {len(entries)} application{'s' * (len(entries) != 1)}, the next {days} days; {clock}"]
    by_day: dict[date, list[Entry]] = {}
    for entry in ordered:
        day = entry.day_in(my_zone)
        if entry.status in ("now", "soon") and day is not None:
            by_day.setdefault(day, []).append(entry)
    for day in sorted(by_day):
        today = any(e.plan.verdict.at.astimezone(my_zone).date() == day if my_zone else e.today for e in by_day[day])
        lines += ["", format_day(day, year=day.year) + (" (today)" if today else "")]
        for entry in by_day[day]:
            lead = "NOW " if entry.status == "now" else ""
            lines.append(f"  {lead}{_when(entry, my_zone)}: {_who(entry)}: {_what(entry)}")
            # What to say comes with the moves of the candidate's today (the employer's without a zone).
            mine_today = day == entry.plan.verdict.at.astimezone(my_zone).date() if my_zone else entry.today
            if drafts and mine_today and entry.step is not None:
                lines += draft_lines(entry.plan, entry.step, None, "      ")
    later = [entry for entry in ordered if entry.status == "later"]
    if later:
        lines += ["", "Later"]
        lines += [f"  {_who(entry)}: wait until {_when(entry, my_zone)}, then {_what(entry)}" for entry in later]
    over = [entry for entry in ordered if entry.status == "move_on"]
    if over:
        lines += ["", "Move on (no time to follow up is left)"]
        lines += [f"  {_who(entry)}: {_sentence(worded(entry.plan.verdict.reason, entry.plan.situation.interview.year))}"
                  for entry in over]
    done = [entry for entry in ordered if entry.status == "done"]
    if done:
        lines += ["", "Done (nothing to do)"]
        lines += [f"  {_who(entry)}: {_sentence(worded(entry.plan.verdict.reason, entry.plan.situation.interview.year))}"
                  for entry in done]
    return "\n".join(lines) + "\n"


def _entry_dict(entry: Entry) -> dict[str, Any]:
    plan, situation = entry.plan, entry.plan.situation
    data: dict[str, Any] = {"row": entry.row, "ref": situation.ref, "company": situation.company,
                            "role": situation.role, "industry": situation.industry, "timezone": situation.zone_name,
                            "status": entry.status, "day": entry.day.isoformat() if entry.day else None}
    step, best = entry.step, entry.best
    data["purpose"] = step.purpose if step else None
    data["action"] = step.action if step else None
    data["best"] = {"start": iso(best.start), "end": iso(best.end)} if best else None
    data["reason"] = worded(plan.verdict.reason, situation.interview.year)
    data["draft"] = draft_dict(plan, step.draft, step) if step and step.draft and entry.today else None
    return data


def agenda_dict(entries: Sequence[Entry], failures: Sequence[Failure], days: int) -> dict[str, Any]:
    """The agenda as JSON-ready data: applications in time order, then the rows with errors."""
    return {
        "days": days,
        "applications": [_entry_dict(entry) for entry in sorted(entries, key=Entry.sort_key)],
        "errors": [{"row": f.row, "field": f.field, "message": f.message} for f in failures],
    }


def _sentence(text: str) -> str:
    """``the time has passed; move on`` as a sentence: a capital first and a full stop last."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _who_key(plan: Plan) -> str:
    """The application: its ``ref``, else its interview, company, role and industry."""
    situation = plan.situation
    return situation.ref or json.dumps([situation.interview.isoformat(), situation.company, situation.role,
                                        situation.industry])


def agenda_uid(plan: Plan, step: Step) -> str:
    """Stable per application and step: from ``ref`` (else the interview, company and role) and the purpose."""
    digest = hashlib.sha256(f"{_who_key(plan)}\n{step.purpose}".encode()).hexdigest()
    return f"{digest[:32]}@followup-etiquette"


def render_agenda_ics(entries: Sequence[Entry], today: date, *, drafts: bool = True) -> bytes:
    """One calendar with an event for each pending step (a best time still ahead) of every
    application; with none, one all-day note on ``today`` saying so."""
    # icalendar is slow to import: only a calendar needs it.
    from .ics import calendar_bytes, event, nothing_note

    events = [event(entry.plan, step, drafts=drafts, uid_text=agenda_uid(entry.plan, step))
              for entry in sorted(entries, key=Entry.sort_key) for step in entry.plan.steps
              if step.action != "none" and step.best]
    if not events:
        # Its own UID per agenda (the applications it covers) and day: two agendas' notes never
        # replace each other, and importing the same agenda again updates its note.
        covered = sorted(_who_key(entry.plan) for entry in entries)
        digest = hashlib.sha256(json.dumps([today.isoformat(), covered]).encode()).hexdigest()
        count = len(entries)
        lines = ["No application has a follow-up ahead." if count != 1 else "The application has no follow-up ahead."]
        lines += [f"- {_who(entry)}: {_sentence(worded(entry.plan.verdict.reason, entry.plan.situation.interview.year))}"
                  for entry in sorted(entries, key=Entry.sort_key)]
        events.append(nothing_note(today, f"{digest[:32]}@followup-etiquette", "\n".join(lines)))
    return calendar_bytes(events)
