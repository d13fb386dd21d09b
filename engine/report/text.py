"""A plan as a short timeline that a candidate can act on.

Every time is shown in the employer's zone, the one the plan was computed in. Day and
month names come from fixed English tables rather than ``strftime`` so the output does
not depend on the machine's locale. The wording helpers are shared with the iCalendar
renderer so both say the same thing.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from datetime import datetime, tzinfo

from ..evaluation.plan import Plan, Reason, Step, Verdict
from .drafts import draft_dict
from .wording import CHANNEL_NAMES, worded
from .words import format_day

__all__ = [
    "DIRECTION_LABELS",
    "SourceIndex",
    "action_sentence",
    "cited",
    "draft_lines",
    "explained",
    "format_moment",
    "format_range",
    "phrase",
    "render_text",
    "step_heading",
    "verdict_line",
]

WIDTH = 99
EN_DASH = "\u2013"
EM_DASH = "\u2014"
# What getting in touch is for, as the rest of "Call to ..." / "Don't get in touch to ...".
PURPOSE_PHRASES = {
    "thank_you": "say thank you",
    "status": "ask about the status",
    "feedback": "ask for feedback",
    "competing_offer": "mention a competing offer",
    "grievance": "complain",
}
# How each direction of a reason is labelled, in the order reasons are listed.
DIRECTION_LABELS = {"decides": "decides", "forbids": "forbids", "favours": "favours", "disfavours": "against",
                    "neutral": "neutral"}
_DIRECTION_ORDER = {direction: index for index, direction in enumerate(DIRECTION_LABELS)}


def format_moment(moment: datetime, zone: tzinfo, *, year: int | None = None) -> str:
    """``Tue 24 Nov 10:00`` in ``zone``; the year is added when it is not ``year``."""
    local = moment.astimezone(zone)
    return f"{format_day(local.date(), year=year)} {local:%H:%M}"


def format_range(start: datetime, end: datetime, zone: tzinfo, *, year: int | None = None) -> str:
    """``Tue 24 Nov 10:00`` to ``12:00`` within a day; both moments in full across days.

    The separator is an en dash, spaced only between two full moments.
    """
    first, last = start.astimezone(zone), end.astimezone(zone)
    if first.date() == last.date():
        return f"{format_moment(first, zone, year=year)}{EN_DASH}{last:%H:%M}"
    return f"{format_moment(first, zone, year=year)} {EN_DASH} {format_moment(last, zone, year=year)}"


def phrase(purpose: str) -> str:
    return PURPOSE_PHRASES.get(purpose, f"follow up ({purpose.replace('_', ' ')})")


def action_sentence(step: Step) -> str:
    """What to do, in the candidate's terms: ``Call to ask about the status``."""
    if step.action == "none":
        return f"Don't get in touch to {phrase(step.purpose)}"
    if step.action == "email":
        if step.purpose == "thank_you":
            return "Send a thank-you e-mail"
        return f"Send an e-mail to {phrase(step.purpose)}"
    if step.action == "call":
        return f"Call to {phrase(step.purpose)}"
    return f"{step.action.capitalize()} to {phrase(step.purpose)}"


def step_heading(step: Step, year: int) -> str:
    """What to do, or, for a step a recorded contact fulfilled, what was done:
    ``Send a thank-you e-mail — done: sent by e-mail on Mon 2 Nov 18:30``."""
    if step.done is not None and step.note is not None:
        return f"{action_sentence(step)} {EM_DASH} {worded(step.note, year)}"
    return action_sentence(step)


def explained(step: Step) -> list[Reason]:
    """The step's reasons worth telling a person, one per sentence: what decided the step,
    what was forbidden, then what was favoured and what was avoided, strongest first."""
    ordered = sorted(step.reasons, key=lambda reason: (
        _DIRECTION_ORDER[reason.rule.direction],
        -abs(reason.rule.value) if reason.rule.effect == "prefer" else 0,
    ))
    seen: set[str] = set()
    kept: list[Reason] = []
    for reason in ordered:
        if reason.rule.why in seen:
            continue
        seen.add(reason.rule.why)
        kept.append(reason)
    return kept


def render_text(plan: Plan, *, drafts: bool = True) -> str:
    """The plan for people: the verdict for now, then one block per step (with what to say,
    unless ``drafts`` is false), then notes."""
    zone, year = plan.situation.zone, plan.situation.interview.year
    zone_name = plan.situation.zone_name
    sources = SourceIndex()
    lines = _wrap(verdict_line(plan), "  ")
    profile = plan.profile
    lines += ["", f"Interview: {format_moment(plan.situation.interview, zone)} ({zone_name})"]
    lines += _wrap(f"{profile.name}; rules from {', '.join(profile.chain)}; evidence {profile.evidence}",
                   " " * 11, first="Profile:   ")
    lines.append(f"All times are the employer's local time ({zone_name}).")
    for number, step in enumerate(plan.steps, start=1):
        lines.append("")
        lines += _step_lines(plan, number, step, sources)
        if drafts:
            lines += draft_lines(plan, step, sources, "   ")
    lines += ["", f"Stop following up after {format_moment(plan.move_on_after, zone, year=year)} ({zone_name})."]
    if plan.notes:
        lines += ["", "Notes:"]
        for note in plan.notes:
            lines += _wrap(worded(note, year), "  ", first="- ")
    if sources.entries:
        lines += ["", "Sources:"]
        for number, text in enumerate(sources.entries, start=1):
            lines += _wrap(text, "    ", first=f"[{number}] ")
    return "\n".join(lines) + "\n"


def verdict_line(plan: Plan) -> str:
    """What to do now, in one line: ``Now (Sat 21 Nov 10:00): wait — next good moment ...``."""
    verdict: Verdict = plan.verdict
    zone, year = plan.situation.zone, plan.situation.interview.year
    reason = worded(verdict.reason, year)
    head = f"Now ({format_moment(verdict.at, zone, year=year)}):"
    step = next((s for s in plan.steps if s.purpose == verdict.purpose), None)
    todo = action_sentence(step) if step else None
    # A moment some rule argues against is still the best one left: say so, so the line
    # agrees with the reasons listed under the step.
    caveat = ", the best time left" if verdict.against else ""
    if verdict.verdict in ("call_now", "email_now"):
        return f"{head} a good moment{caveat} — {_sentence_case(todo or reason)}"
    if verdict.reason.code == "wait_reply":
        return f"{head} {reason}"
    if verdict.verdict == "wait_until" and verdict.until is not None:
        moment = format_moment(verdict.until, zone, year=year)
        suffix = f" ({_sentence_case(todo)})" if todo else ""
        return f"{head} wait — next good moment {moment}{caveat}{suffix}"
    if verdict.verdict == "dont_contact":
        return f"{head} don't get in touch — {_sentence_case(reason)}"
    if verdict.verdict == "too_late":
        return f"{head} too late — {_sentence_case(reason)}"
    return f"{head} {verdict.verdict.replace('_', ' ')} — {reason}"


def _step_lines(plan: Plan, number: int, step: Step, sources: SourceIndex) -> list[str]:
    zone, year = plan.situation.zone, plan.situation.interview.year
    zone_name = plan.situation.zone_name
    heading = f"{number}. {action_sentence(step)}"
    if step.done is not None:
        return _wrap(f"{number}. {step_heading(step, year)}", "   ")
    if step.action != "none" and not step.best:
        heading += f" ({worded(step.note, year)})" if step.note and step.note.code == "passed" else ""
    lines = _wrap(heading, "   ")
    if step.note and step.note.code != "passed":
        lines += _wrap(f"{_capital(worded(step.note, year))}.", "   ", first="   ")
    if step.window is not None:
        lines.append(f"   Window: {format_range(*step.window, zone, year=year)} ({zone_name})")
    for rank, best in enumerate(step.best):
        label = "Best:  " if rank == 0 else "       "
        lines.append(f"   {label} {format_range(best.start, best.end, zone, year=year)} ({zone_name})")
    reasons = explained(step)
    if reasons:
        lines.append("   Why:")
        for reason in reasons:
            label = f"{DIRECTION_LABELS[reason.rule.direction]}:"
            lines += _wrap(reason.rule.why + sources.marks(reason.sources), " " * 16, first=f"   - {label:<10} ")
    return lines


_PART_LABELS = {"subject": "Subject:", "opening": "Open:", "question": "Ask:", "close": "Close:"}


def draft_lines(plan: Plan, step: Step, sources: SourceIndex | None, indent: str = "") -> list[str]:
    """What to say for a step: its draft, then the letter offered beside it, each part labelled,
    every line but the empty ones starting with ``indent``; a letter's sources are marked
    when there is a ``sources`` index to list them."""
    lines: list[str] = []
    for draft, heading in ((step.draft, "What to say"), (step.alternative, "Or a letter")):
        if draft is None:
            continue
        data = draft_dict(plan, draft)
        if draft.channel == "letter":
            marks = sources.marks(data["sources"]) if sources is not None else ""
            lines += _wrap(f"{heading}: {draft.why}{marks}", indent + "  ", first=indent)
        else:
            lines.append(f"{indent}{heading} ({CHANNEL_NAMES[draft.channel]}):")
        for part, _ in draft.parts:
            label = _PART_LABELS.get(part)
            for number, paragraph in enumerate(str(data[part]).split("\n")):
                first = indent + (f"  {label:<9}" if label and number == 0 else "  " + " " * 9 * bool(label))
                lines += _wrap(paragraph, " " * len(first), first=first) if paragraph else [""]
    return lines


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence_case(text: str) -> str:
    """Lower a leading capital for use after a dash, unless it starts an acronym or "I"."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def cited(source: Mapping[str, object]) -> str:
    """A source as a person reads it: its title, then its address if it has one."""
    title = str(source.get("title") or source.get("id") or "unnamed source")
    url = source.get("url")
    return f"{title} <{url}>" if url else title


class SourceIndex:
    """Footnote numbers for sources, in order of first mention, one per distinct source."""

    def __init__(self) -> None:
        self.entries: list[str] = []
        self._numbers: dict[str, int] = {}

    def number(self, source: Mapping[str, object]) -> int:
        # A URL is never broken across lines, so a long one may exceed the width.
        text = cited(source)
        if text not in self._numbers:
            self.entries.append(text)
            self._numbers[text] = len(self.entries)
        return self._numbers[text]

    def marks(self, sources: Iterable[Mapping[str, object]]) -> str:
        """`` [1, 3]`` for the given sources, or nothing when there are none."""
        numbers = sorted({self.number(source) for source in sources})
        return f" [{', '.join(map(str, numbers))}]" if numbers else ""


def _wrap(text: str, indent: str, *, first: str = "") -> list[str]:
    return textwrap.wrap(
        text, WIDTH, initial_indent=first, subsequent_indent=indent,
        break_long_words=False, break_on_hyphens=False,
    ) or [first.rstrip()]
