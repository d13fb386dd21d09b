"""An agenda over many applications: each one's next action, in time order, grouped by day.

Built from plans only (what :func:`engine.advise` returns). Each application gets one
entry: act now, a time in the coming days, a later date to wait for, move on (no time
is left) or done (nothing to do: the employer answered, or no contact is advised).
Text is for people (with what to say for today's actions). Its lines are in the candidate's
language (``language``, else English); what to say to each employer is in that plan's
language (the row's, else the employer's country's). Given the candidate's zone,
each time is on their clock with the employer's beside it and days are their dates, in
one order (by the instant); without it, times and days are each employer's. JSON is for tools (each
application's ``reason`` in the candidate's language; its ``language`` is its plan's), and iCalendar
gives an event per
pending step with a UID made from the application's ``ref`` and the step's purpose,
so importing a later agenda updates the events instead of duplicating them.

An :class:`Agenda` is built one plan at a time and keeps in memory, for each application,
only where it goes (its status, day and place in time order); what it prints (its lines,
JSON or events) waits in an anonymous temporary file, read back in time order at the end.
Memory grows by about a hundred bytes per application, however many there are.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..plan import Plan, Step, TimeRange, iso
from ..spellings import LANGUAGE_ALIASES, LANGUAGES
from ..vocabulary import NOW_VERDICTS
from .drafts import draft_dict
from .i18n import N_, _, current, format_day, ngettext, speaking
from .text import action_sentence, draft_lines, format_range, spoken_reason, zone_label
from .variants import language_of
from .wording import worded

__all__ = ["AGENDA_FORMATS", "Agenda", "Entry", "Failure", "agenda_uid", "entry_for"]

AGENDA_FORMATS = ("text", "json", "ics")


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
        return (self.plan.verdict.at if self.status == "now" else self.best.start if self.best
                else None)

    def day_in(self, zone: ZoneInfo | None) -> date | None:
        """The date to act on, on the clock of ``zone`` (the employer's when None)."""
        moment = self.moment
        if zone is None or moment is None:
            return self.day
        return moment.astimezone(zone).date()

    def sort_key(self) -> tuple[int, float, int]:
        """Time order of the moves to make, then those to
        move on from, then those done; ties by row."""
        moment = (self.plan.verdict.at if self.status == "now" else self.best.start if self.best
                  else None)
        rank = {"move_on": 1, "done": 2}.get(self.status, 0)
        return (rank, moment.timestamp() if moment else 0.0, self.row)


def entry_for(row: int, plan: Plan, days: int) -> Entry:
    """The next move of one planned application, looking ``days`` days ahead of its ``now``."""
    verdict = plan.verdict
    if verdict.verdict == "dont_contact":
        return Entry(row, plan, "done")
    if verdict.verdict == "too_late":
        return Entry(row, plan, "move_on")
    if verdict.reason.code == "wait_reply":  # every step done: nothing to do but wait for the reply
        return Entry(row, plan, "done")
    step = next(step for step in plan.steps if step.purpose == verdict.purpose)
    # The verdict points at one of the step's best ranges (SPEC: the verdict agrees with the plan).
    if verdict.verdict in NOW_VERDICTS:
        moment = verdict.at.timestamp()
        best = next(item for item in step.best if item.start.timestamp()
                    <= moment < item.end.timestamp())
        return Entry(row, plan, "now", step, best)
    best = next(item for item in step.best if item.start == verdict.until)
    horizon = verdict.at.date() + timedelta(days=days)
    return Entry(row, plan, "soon" if best.start.date() <= horizon else "later", step, best)


def _who(entry: Entry) -> str:
    situation = entry.plan.situation
    name = " \u2014 ".join(part for part in (situation.company, situation.role)
                           if part) or _("(no company given)")
    ref = situation.ref or _("row {number}").format(number=entry.row)
    return f"{name} [{ref}]"


def _what(entry: Entry) -> str:
    step = entry.step
    assert step is not None
    sentence = action_sentence(step)
    # Inside a sentence, in lower case where the language
    # writes it so (not German nouns, nor Japanese).
    return sentence if current() in ("de", "ja") else sentence[:1].lower() + sentence[1:]


def _when(entry: Entry, my_zone: ZoneInfo | None = None) -> str:
    """``Mon 23 Nov 15:00-23:00 Berlin time (09:00-17:00 New York time)``: on the candidate's
    clock, the employer's beside it where it differs (its day named when not the same)."""
    best, situation = entry.best, entry.plan.situation
    assert best is not None
    year = entry.plan.verdict.at.year
    zone = situation.zone
    there = (f"{format_range(best.start, best.end, zone, year=year)} "
             f"{zone_label(situation.zone_name, zone, best.start)}")
    if my_zone is None or all(moment.astimezone(my_zone).utcoffset()
                              == moment.astimezone(zone).utcoffset()
                              for moment in (best.start, best.end)):
        return there
    here = (f"{format_range(best.start, best.end, my_zone, year=year)} "
            f"{zone_label(my_zone.key, my_zone, best.start)}")
    if (best.start.astimezone(my_zone).date() == best.start.astimezone(zone).date()
            == best.end.astimezone(zone).date()):
        there = f"{best.start.astimezone(zone):%H:%M}\u2013{best.end.astimezone(zone):%H:%M} " \
                f"{zone_label(situation.zone_name, zone, best.start)}"
    return _("{here} ({there})").format(here=here, there=there)


def _entry_dict(entry: Entry) -> dict[str, Any]:
    plan, situation = entry.plan, entry.plan.situation
    data: dict[str, Any] = {"row": entry.row, "ref": situation.ref, "company": situation.company,
                            "role": situation.role, "industry": situation.industry,
                            "timezone": situation.zone_name, "language": language_of(situation),
                            "status": entry.status,
                            "day": entry.day.isoformat() if entry.day else None}
    step, best = entry.step, entry.best
    data["purpose"] = step.purpose if step else None
    data["action"] = step.action if step else None
    data["best"] = {"start": iso(best.start), "end": iso(best.end)} if best else None
    data["reason"] = worded(spoken_reason(plan.verdict), situation.interview.year)
    data["draft"] = (draft_dict(plan, step.draft, step) if step and step.draft and entry.today
                     else None)
    return data


def _sentence(text: str) -> str:
    """``the time has passed; move on`` as a sentence: a capital first and a full stop last."""
    text = text[:1].upper() + text[1:]
    stop = "\u3002" if current() == "ja" else "."
    return text if text.endswith((".", "!", "?", "\u3002")) else text + stop


def _who_key(plan: Plan) -> str:
    """The application: its ``ref``, else its interview, company, role and industry."""
    situation = plan.situation
    return situation.ref or json.dumps([situation.interview.isoformat(), situation.company,
                                        situation.role, situation.industry])


def agenda_uid(plan: Plan, step: Step, occurrence: int = 1) -> str:
    """Stable per application and step: from ``ref`` (else the interview, company and role) and the
    purpose.

    ``occurrence`` tells apart applications that would have the same UID (two rows with
    the same ``ref``): the second one of an agenda is 2, and so on, in the order of the rows.
    """
    key = f"{_who_key(plan)}\n{step.purpose}{_nth(occurrence)}"
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"{digest[:32]}@followup-etiquette"


def _nth(occurrence: int) -> str:
    return "" if occurrence == 1 else f"\n{occurrence}"


def _over_line(entry: Entry) -> str:
    return _sentence(worded(spoken_reason(entry.plan.verdict), entry.plan.situation.interview.year))


# The text's sections after the days, by status.
_SECTIONS = (("later", N_("Later")), ("move_on", N_("Move on (no time to follow up is left)")),
             ("done", N_("Done (nothing to do)")))


def _spelt(tag: str) -> str:
    """A language tag as the engine spells it (any case;
    plain ``en`` writes American English's words here)."""
    found = next((known for known in LANGUAGES if known.lower() == tag.lower()), tag)
    spelt = LANGUAGE_ALIASES.get(found, found)
    return "en-US" if spelt == "en" else spelt


@dataclass(frozen=True, slots=True)
class _Placed:
    """An application as the agenda keeps it: where it
    goes, and where its output waits (offset, size)."""

    key: tuple[int, float, int]
    status: str
    day: date | None  # on the candidate's clock when the agenda has their zone
    today: bool
    offset: int
    size: int


class Agenda:
    """An agenda in ``fmt`` (``text``, ``json`` or ``ics``), built with :meth:`add` and
    :meth:`fail` one application at a time, then written by :meth:`chunks`.

    ``days`` is how far ahead applications are listed by day; ``today`` the date a
    calendar with nothing pending puts its note on; ``drafts`` adds what to say to
    today's actions (text and ics); ``my_zone`` (the candidate's zone) puts the text's
    days and times on the candidate's clock, each employer's time beside it; ``language``
    (a tag of :data:`engine.spellings.LANGUAGES`) is the candidate's, which the agenda's
    lines are written in (None: English).
    """

    def __init__(self, fmt: str, days: int, today: date, *, drafts: bool = True,
                 my_zone: ZoneInfo | None = None, language: str | None = None) -> None:
        if fmt not in AGENDA_FORMATS:
            raise ValueError(f"unknown agenda format {fmt!r}")
        self.fmt, self.days, self.today = fmt, days, today
        self.drafts, self.my_zone = drafts, my_zone
        self.language = _spelt(language) if language is not None else "en-US"
        self._placed: list[_Placed] = []
        self.failures: list[Failure] = []
        self._identities: Counter[bytes] = Counter()  # ics: applications seen per UID, by digest
        self._events_made = 0
        # text: the first in time order
        self._first: tuple[tuple[int, float, int], datetime] | None = None
        # ics, while no event is made: what the note of a calendar with nothing ahead lists
        self._covered: list[str] = []
        # What each application prints, until the end; no name
        # on disk, gone when closed (or the process ends).
        self._store = tempfile.TemporaryFile()  # noqa: SIM115 - closed by chunks() or close()

    @property
    def planned(self) -> int:
        """How many applications were added."""
        return len(self._placed)

    def add(self, row: int, plan: Plan) -> None:
        """The application of ``row`` (its number in the file), planned."""
        entry = entry_for(row, plan, self.days)
        key = entry.sort_key()
        with speaking(self.language):  # what to say stays in the plan's language
            data, day, today = self._output(entry, plan, key)
        offset = self._store.tell()
        self._store.write(data)
        self._placed.append(_Placed(key, entry.status, day, today, offset, len(data)))

    def _output(self, entry: Entry, plan: Plan,
                key: tuple[int, float, int]) -> tuple[bytes, date | None, bool]:
        """What the application prints, in the current
        language, and its day and whether that is today."""
        day, today = entry.day, entry.today
        if self.fmt == "text":
            day = entry.day_in(self.my_zone)
            if self.my_zone is not None and day is not None:
                today = day == plan.verdict.at.astimezone(self.my_zone).date()
            if self._first is None or key < self._first[0]:
                self._first = (key, plan.verdict.at)
            data = "\n".join(self._text_lines(entry, day, today)).encode()
        elif self.fmt == "json":
            data = json.dumps(_entry_dict(entry), ensure_ascii=False).encode()
        else:
            data = self._events(entry)
            if not self._events_made:
                self._covered.append(_who_key(plan))
        return data, day, today

    def fail(self, row: int, field: str, message: str) -> None:
        """A row that could not be planned: listed in JSON, reported by the caller."""
        self.failures.append(Failure(row, field, message))

    def chunks(self) -> Iterator[bytes]:
        """The agenda's bytes, in pieces (once: the applications' outputs are let go)."""
        self._placed.sort(key=lambda placed: placed.key)
        try:
            if self.fmt == "text":
                yield from (part.encode() for part in self._spoken(self._text()))
            elif self.fmt == "json":
                yield from (part.encode() for part in self._json())
            else:
                yield from self._spoken(self._calendar())
        finally:
            self._store.close()

    def _spoken(self, parts: Iterator[Any]) -> Iterator[Any]:
        """``parts``, each made in the agenda's language (a
        generator: the language is set for each step of it)."""
        while True:
            with speaking(self.language):
                part = next(parts, None)
            if part is None:
                return
            yield part

    def close(self) -> None:
        """Let the applications' outputs go without writing the agenda."""
        self._store.close()

    def _data(self, placed: _Placed) -> bytes:
        self._store.seek(placed.offset)
        return self._store.read(placed.size)

    def _text_of(self, placed: _Placed) -> str:
        return self._data(placed).decode()

    def _text_lines(self, entry: Entry, day: date | None, today: bool) -> list[str]:
        """The lines of one application in its section."""
        if entry.status in ("now", "soon") and day is not None:
            lead = _("NOW ") if entry.status == "now" else ""
            said = _("{who}: {what}").format(who=_who(entry), what=_what(entry))
            lines = [f"  {lead}"
                     + _("{who}: {what}").format(who=_when(entry, self.my_zone), what=said)]
            # What to say comes with the moves of the
            # candidate's today (the employer's without a zone).
            if self.drafts and today and entry.step is not None:
                lines += draft_lines(entry.plan, entry.step, None, "      ")
            return lines
        if entry.status == "later":
            return ["  " + _("{who}: wait until {when}, then {what}").format(
                who=_who(entry), when=_when(entry, self.my_zone), what=_what(entry))]
        return ["  " + _("{who}: {what}").format(who=_who(entry), what=_over_line(entry))]

    def _text(self) -> Iterator[str]:
        count = len(self._placed)
        mine = self.my_zone
        clock = (_("times are yours ({zone}), each employer's beside them where they "
                   "differ.").format(zone=zone_label(mine.key, mine, self._first[1]))
                 if mine is not None and self._first is not None
                 else _("times are each employer's."))
        head = ngettext("Agenda: {count} application, the next {days} days; {clock}",
                        "Agenda: {count} applications, the next {days} days; {clock}", count)
        yield head.format(count=count, days=self.days, clock=clock) + "\n"
        by_day: dict[date, list[_Placed]] = {}
        for placed in self._placed:
            if placed.status in ("now", "soon") and placed.day is not None:
                by_day.setdefault(placed.day, []).append(placed)
        for day in sorted(by_day):
            today = _(" (today)") if any(placed.today for placed in by_day[day]) else ""
            yield f"\n{format_day(day, year=day.year)}{today}\n"
            yield from (f"{self._text_of(placed)}\n" for placed in by_day[day])
        for status, title in _SECTIONS:
            section = [placed for placed in self._placed if placed.status == status]
            if section:
                yield f"\n{_(title)}\n"
                yield from (f"{self._text_of(placed)}\n" for placed in section)

    def _json(self) -> Iterator[str]:
        """As ``json.dumps(..., indent=2)`` writes the whole agenda, one application at a time."""
        yield f'{{\n  "days": {self.days},\n  "applications": ['
        for index, placed in enumerate(self._placed):
            item = json.dumps(json.loads(self._text_of(placed)), indent=2,
                              ensure_ascii=False).replace("\n", "\n    ")
            yield f"{',' if index else ''}\n    {item}"
        yield "\n  ]," if self._placed else "],"
        errors = [{"row": f.row, "field": f.field, "message": f.message} for f in self.failures]
        text = json.dumps(errors, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        yield f'\n  "errors": {text}\n}}\n'

    def _events(self, entry: Entry) -> bytes:
        """The calendar events of the application's pending steps (a best time still ahead); with
        none, while no application has any, its line of the note that says so."""
        from .ics import event  # icalendar is slow to import: only a calendar needs it.

        steps = [step for step in entry.plan.steps if step.action != "none" and step.best]
        if not steps:
            return b"" if self._events_made else f"- {_who(entry)}: {_over_line(entry)}".encode()
        if not self._events_made:
            self._covered.clear()  # a calendar with events needs no note
        self._events_made += len(steps)
        who = hashlib.sha256(_who_key(entry.plan).encode("utf-8", "surrogatepass")).digest()[:16]
        self._identities[who] += 1
        occurrence = self._identities[who]
        return b"".join(event(entry.plan, step, drafts=self.drafts,
                              uid_text=agenda_uid(entry.plan, step, occurrence))
                        .to_ical() for step in steps)

    def _calendar(self) -> Iterator[bytes]:
        from .ics import calendar_bytes, nothing_note

        if not self._events_made:
            # Its own UID per agenda (the applications it covers) and day: two agendas' notes never
            # replace each other, and importing the same agenda again updates its note.
            digest = hashlib.sha256(json.dumps([self.today.isoformat(),
                                                sorted(self._covered)]).encode()).hexdigest()
            count = len(self._placed)
            lines = [_("No application has a follow-up ahead.") if count != 1
                     else _("The application has no follow-up ahead.")]
            lines += [self._text_of(placed) for placed in self._placed]
            yield calendar_bytes([nothing_note(self.today, f"{digest[:32]}@followup-etiquette",
                                               "\n".join(lines))])
            return
        # An empty calendar's text, the events going where its END line starts.
        frame = calendar_bytes([])
        end = frame.rindex(b"END:VCALENDAR")
        yield frame[:end]
        for placed in self._placed:
            data = self._data(placed)
            if data.startswith(b"BEGIN:"):  # not a line kept for a note no longer needed
                yield data
        yield frame[end:]
