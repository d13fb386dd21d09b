"""An agenda over many applications: each one's next action, in time order, grouped by day.

Built from plans only (what :func:`engine.advise` returns). Each application gets one
entry: act now, a time in the coming days, a later date to wait for, move on (no time
is left) or done (nothing to do: the employer answered, or no contact is advised).
Times are each employer's own; days are the employer's dates. Text is for people (with
what to say for today's actions), JSON for tools, and iCalendar gives an event per
pending step with a UID made from the application's ``ref`` and the step's purpose,
so importing a later agenda updates the events instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..evaluation.plan import Plan, Step, TimeRange, iso
from .drafts import draft_dict
from .text import action_sentence, draft_lines, format_range
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


def _when(entry: Entry) -> str:
    best, situation = entry.best, entry.plan.situation
    assert best is not None
    year = entry.plan.verdict.at.year
    return f"{format_range(best.start, best.end, situation.zone, year=year)} ({situation.zone_name})"


def render_agenda_text(entries: Sequence[Entry], days: int, *, drafts: bool = True) -> str:
    """The agenda for people: the coming days in order, then what waits longer and what is over.

    (Rows with errors are the front-end's to report: they have no plan.)
    """
    ordered = sorted(entries, key=Entry.sort_key)
    lines = [f"Agenda: {len(entries)} application{'s' * (len(entries) != 1)}, the next {days} days; "
             "times are each employer's."]
    by_day: dict[date, list[Entry]] = {}
    for entry in ordered:
        if entry.status in ("now", "soon") and entry.day is not None:
            by_day.setdefault(entry.day, []).append(entry)
    for day in sorted(by_day):
        lines += ["", format_day(day, year=day.year) + (" (today)" if any(e.today for e in by_day[day]) else "")]
        for entry in by_day[day]:
            lead = "NOW " if entry.status == "now" else ""
            lines.append(f"  {lead}{_when(entry)}: {_who(entry)}: {_what(entry)}")
            if drafts and entry.today and entry.step is not None:
                lines += draft_lines(entry.plan, entry.step, None, "      ")
    later = [entry for entry in ordered if entry.status == "later"]
    if later:
        lines += ["", "Later"]
        lines += [f"  {_who(entry)}: wait until {_when(entry)}, then {_what(entry)}" for entry in later]
    over = [entry for entry in ordered if entry.status == "move_on"]
    if over:
        lines += ["", "Move on (no time to follow up is left)"]
        lines += [f"  {_who(entry)}: {worded(entry.plan.verdict.reason, entry.plan.situation.interview.year)}" for entry in over]
    done = [entry for entry in ordered if entry.status == "done"]
    if done:
        lines += ["", "Done (nothing to do)"]
        lines += [f"  {_who(entry)}: {worded(entry.plan.verdict.reason, entry.plan.situation.interview.year)}" for entry in done]
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


def agenda_uid(plan: Plan, step: Step) -> str:
    """Stable per application and step: from ``ref`` (else the interview, company and role) and the purpose."""
    situation = plan.situation
    who = situation.ref or json.dumps([situation.interview.isoformat(), situation.company, situation.role,
                                       situation.industry])
    digest = hashlib.sha256(f"{who}\n{step.purpose}".encode()).hexdigest()
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
        events.append(nothing_note(today, "agenda-nothing-to-do@followup-etiquette",
                                   f"None of the {len(entries)} applications has a follow-up ahead."))
    return calendar_bytes(events)
