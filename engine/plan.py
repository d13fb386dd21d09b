"""A plan as plain data: steps, ranked times, reasons, the verdict, and message codes.

What the planner (:mod:`engine.evaluation.planner`) returns and every renderer reads, so
it sits between the two layers and imports neither. Nothing here writes English: a note,
a step's remark or the verdict's reason is a :class:`Message`, a code with parameters,
which :mod:`engine.report.wording` turns into a sentence. A plan refers to nothing it
was computed from but its profile and situation (slots carry their own times and zone),
so it is small and can be pickled to another process. What the evaluator found on each
slot a step weighed is the step's :class:`StepTrace`, for the readers that explain a
choice.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .language.model import Draft, Profile, Rule
    from .situation import Contact, Situation

__all__ = ["Message", "Plan", "Reason", "Slot", "SlotOutcome", "Step", "StepTrace", "TimeRange",
           "Verdict", "iso", "number"]


def iso(moment: datetime) -> str:
    """An RFC 3339 date-time with the moment's offset: ``2026-11-23T09:00:00-05:00``."""
    return moment.isoformat(timespec="seconds")


def number(value: float) -> float | int:
    """A weight or score as JSON shows it: an integer when it is one."""
    return int(value) if float(value).is_integer() else round(value, 3)


@dataclass(frozen=True)
class Message:
    """Something the plan says, as a code and its parameters (dates, names, numbers).

    The codes and their wording are listed in :data:`engine.report.wording.WORDING`.
    """

    code: str
    params: dict[str, Any] = field(default_factory=dict)


class Slot:
    """A candidate time slot: its day, its start in minutes and UTC seconds, its zone."""

    __slots__ = ("day", "end_timestamp", "length", "minutes", "timestamp", "zone")

    def __init__(self, zone: tzinfo, day: date, minutes: int, timestamp: float,
                 length: int) -> None:
        self.zone = zone
        self.day = day
        self.minutes = minutes
        self.timestamp = timestamp  # UTC seconds of the start
        self.length = length
        self.end_timestamp = timestamp + length * 60

    @property
    def start(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp, self.zone)

    @property
    def end(self) -> datetime:
        return datetime.fromtimestamp(self.end_timestamp, self.zone)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Slot, (self.zone, self.day, self.minutes, self.timestamp, self.length))

    def __repr__(self) -> str:
        return f"Slot({self.start.isoformat()})"


@dataclass(frozen=True)
class Reason:
    rule: Rule
    sources: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class TimeRange:
    start: datetime
    end: datetime
    score: float


class SlotOutcome(Protocol):
    """What the rules fired on a slot mean for it (the evaluator's ``Outcome`` is one)."""

    @property
    def fired(self) -> frozenset[str]: ...

    @property
    def forbids(self) -> frozenset[str]:  # the forbidding rules among those fired
        ...

    @property
    def rank(self) -> tuple[float, float]:  # (invariant preferences, other preferences)
        ...


@dataclass(frozen=True)
class StepTrace:
    """Why a step's times are what they are: the rules fired on each slot its channel weighed.

    ``allowed`` are the step's allowed slots (:attr:`Step.allowed`) and ``outcomes`` their
    outcomes; ``considered_days`` holds, per day, every slot weighed (forbidden ones
    included) and their outcomes. The text's deciding reasons and ``--explain`` read it,
    and so does the checker of the invariants; the plan's own fields never need it.
    """

    allowed: tuple[Slot, ...] = ()
    outcomes: tuple[SlotOutcome, ...] = ()
    considered_days: tuple[tuple[Sequence[Slot], Sequence[SlotOutcome]], ...] = ()

    @property
    def considered(self) -> Iterator[tuple[Slot, SlotOutcome]]:
        """Every slot the channel was weighed on, forbidden ones included, with its outcome."""
        for slots, outcomes in self.considered_days:
            yield from zip(slots, outcomes, strict=True)

    def outcome_at(self, moment: float) -> SlotOutcome | None:
        """The outcome of the allowed slot that contains ``moment`` (UTC seconds), if any."""
        for slot, outcome in zip(self.allowed, self.outcomes, strict=True):
            if slot.timestamp <= moment < slot.end_timestamp:
                return outcome
        return None


_NO_TRACE = StepTrace()


@dataclass(frozen=True)
class Step:
    purpose: str
    action: str
    window: tuple[datetime, datetime] | None
    best: tuple[TimeRange, ...]
    reasons: tuple[Reason, ...]
    note: Message | None = None
    # What to say (a template the report fills), and a letter offered beside the action.
    draft: Draft | None = None
    alternative: Draft | None = None
    # The recorded contact that fulfilled the step: it is
    # done, with no time, draft or verdict of its own.
    done: Contact | None = None
    # The channel's allowed slots (ahead and behind), in time order.
    allowed: tuple[Slot, ...] = field(default=(), repr=False, compare=False)
    # The rules fired on each slot weighed (for the reasons that explain a choice, and checks).
    trace: StepTrace = field(default=_NO_TRACE, repr=False, compare=False)

    # The names these had before they moved to the trace, kept for one minor release.
    @property
    def outcomes(self) -> tuple[SlotOutcome, ...]:
        """Deprecated: ``trace.outcomes``."""
        _moved("outcomes")
        return self.trace.outcomes

    @property
    def considered(self) -> Iterator[tuple[Slot, SlotOutcome]]:
        """Deprecated: ``trace.considered``."""
        _moved("considered")
        return self.trace.considered

    def outcome_at(self, moment: float) -> SlotOutcome | None:
        """Deprecated: ``trace.outcome_at``."""
        _moved("outcome_at")
        return self.trace.outcome_at(moment)


def _moved(name: str) -> None:
    warnings.warn(f"Step.{name} is deprecated: use Step.trace.{name}", DeprecationWarning,
                  stacklevel=3)


@dataclass(frozen=True)
class Verdict:
    at: datetime
    verdict: str
    reason: Message
    purpose: str | None = None
    until: datetime | None = None
    # The rules weighing on the moment acted on (now, or ``until``): for it, strongest
    # first, and against it (a best time left that is not ideal).
    favoured_by: tuple[str, ...] = ()
    against: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    profile: Profile
    situation: Situation
    steps: tuple[Step, ...]
    move_on_after: datetime
    verdict: Verdict
    notes: tuple[Message, ...]

    @property
    def now(self) -> Verdict:
        """The verdict for the moment planned at (the name this field had before)."""
        return self.verdict

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, deterministic in key order and content (see :mod:`engine.report.json`)."""
        if _json_form is None:  # pragma: no cover - the package's __init__ hands it in on import
            raise RuntimeError("engine.plan: the engine package gives the JSON form; import engine")
        return _json_form(self)


# The shape of a plan as JSON and its wording belong to the report layer, above this one:
# the package's front door (engine/__init__.py) hands in how to make it, so that
# ``Plan.to_dict()`` works for a library user while this module imports nothing above it.
_json_form: Callable[[Plan], dict[str, Any]] | None = None


def set_json_form(form: Callable[[Plan], dict[str, Any]]) -> None:
    """Say how :meth:`Plan.to_dict` makes a plan's JSON data (once, by ``engine/__init__``)."""
    global _json_form
    _json_form = form
