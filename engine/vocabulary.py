"""The words a profile may use: facts, operators, effects, purposes, channels.

One registry per concept, and the single source of truth for it. A fact's spec (its
kind, scope, description, example, the range of values it can take, its group and its
computation) gives the JSON Schema's condition part, the semantic checks, the
satisfiability analysis, the facts the planner computes, the generated test profiles and
the docs table; an effect's spec (its scope, the schema of its value, its place among a
step's reasons, which way it pushes and how it is written) gives the schema's effect
part, the checks, the reasons' order and wording, and the generated rules; a channel's
spec (its rank, verdict, contact-count fact and draft parts) gives the channels, actions
and verdicts every other module uses. Adding an effect is this file, the planner's
handling of it, and a test; adding a fact is this file and its test's oracle
(docs/architecture.md walks through both).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from .operators import Kind, Scope

__all__ = [
    "CHANNELS",
    "CHANNEL_SPECS",
    "DRAFT_CHANNELS",
    "DRAFT_PARTS",
    "EFFECTS",
    "FACTS",
    "FIELD_PREFIX",
    "GROUPS",
    "MAX_LIST",
    "MAX_STRETCH_DAYS",
    "NOW_VERDICTS",
    "PERIOD_PREFIX",
    "PROFILE_FORMAT",
    "PURPOSES",
    "SETTINGS_DEFAULTS",
    "WEEKDAYS",
    "WEEK_PARTS",
    "ChannelSpec",
    "EffectSpec",
    "FactSpec",
    "Limits",
    "exact",
    "fact_spec",
    "period_fact",
]

PURPOSES = ("thank_you", "status", "feedback", "competing_offer", "grievance")


@dataclass(frozen=True)
class ChannelSpec:
    """A way of getting in touch; its words (nouns, sentences) are in ``engine.report.wording``.

    ``rank``: which channel a tie between ``recommend`` rules of the same depth and
    priority goes to (the highest; "none" is 0). ``verdict``: the verdict when now is one
    of its best times. ``count_fact``: the contact fact counting earlier contacts by it.
    ``draft_parts``: the parts of its drafts, in order. ``planned``: planned in time
    slots and recommended by rules (a letter is not: a step may only offer it beside its
    own action). ``spacing``: business days between two steps by it, beyond the spacing
    of any two contacts. ``out_of_hours``: may go out of office hours when an offer's
    deadline presses.
    """

    name: str
    rank: int
    draft_parts: tuple[str, ...]
    verdict: str = ""
    count_fact: str = ""
    planned: bool = True
    spacing: int = 0
    out_of_hours: bool = False


CHANNEL_SPECS: dict[str, ChannelSpec] = {spec.name: spec for spec in (
    # A call's short script: how to open, what to ask, how to close. Two calls of a sequence are
    # three business days apart (a thank-you call and a status call never share a day).
    ChannelSpec("call", 2, ("opening", "question", "close"), "call_now", "calls_made", spacing=3),
    ChannelSpec("email", 1, ("subject", "body"), "email_now", "emails_sent", out_of_hours=True),
    # A typed or handwritten note, mailed or handed in: its text.
    ChannelSpec("letter", 0, ("body",), planned=False),
)}
# The channels planned in time slots, and a step's actions (those, or no contact).
CHANNELS = tuple(name for name, spec in CHANNEL_SPECS.items() if spec.planned)
ACTIONS = (*CHANNELS, "none")
# What a message draft is written for: the planned channels, and the others (a letter).
DRAFT_CHANNELS = tuple(CHANNEL_SPECS)
# The parts of a draft, per channel.
DRAFT_PARTS: dict[str, tuple[str, ...]] = {name: spec.draft_parts
                                           for name, spec in CHANNEL_SPECS.items()}
# The verdicts that say "now": one per planned channel.
NOW_VERDICTS = tuple(CHANNEL_SPECS[name].verdict for name in CHANNELS)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVIDENCE = ("strong", "mixed", "thin")
# The profile format this engine reads: a profile's optional top-level ``format`` (absent: 1).
# It grows when a profile written for a newer engine could mean something this one cannot
# read; such a profile is refused with S204, not misread.
PROFILE_FORMAT = 1
# Where a day falls in its working week (holidays included): the first working day, one in
# between, the last, or a day off. A week with a single working day calls it "last".
WEEK_PARTS = ("first", "mid", "last", "off")
VERDICTS = (*NOW_VERDICTS, "wait_until", "too_late", "dont_contact")
# Values in one list of a condition (``in``, ``not_in``): larger ones are better written as a range.
MAX_LIST = 64

# How far past the interview a promised reply date may stretch the planned days.
MAX_STRETCH_DAYS = 400


class Limits(Protocol):
    """What bounds the values of a fact: a profile's resolved settings."""

    @property
    def horizon_days(self) -> int: ...
    @property
    def grid_start(self) -> int: ...
    @property
    def grid_end(self) -> int: ...
    @property
    def slot_minutes(self) -> int: ...


Bounds = Callable[[Limits], tuple[int, int]]


def _planned_days(limits: Limits) -> int:
    """The most days a plan can span: the horizon, stretched by a promised reply date."""
    return limits.horizon_days + MAX_STRETCH_DAYS


def _any_count(limits: Limits) -> tuple[int, int]:
    return (0, 10**9)


def _days(limits: Limits) -> tuple[int, int]:
    return (0, _planned_days(limits))


# What a fact's value depends on, and so what its computation is given (engine.evaluation.facts
# computes each group once, from its own input):
#   step      the situation and the step (StepInput: .situation, .purpose, .interview_week_part)
#   channel   the channel weighed for the step (its name)
#   day       the slot's date (days.DayInput: .day, .first, .offset, .business, .week_part,
#             .holidays, .regional, .quiet, .promised, .deadline, .between(a, b), .week_of(d))
#   time      the slot's time of day (the Slot: .minutes, .length)
#   hours     the slot's moment (facts.SlotInput: .hours_after)
#   contacts  the earlier contacts up to the slot (facts.SlotInput: .count, .made(channel),
#             .last(channel=None), .day, .between(a, b))
Group = Literal["step", "channel", "day", "time", "hours", "contacts"]
GROUPS: tuple[Group, ...] = ("step", "channel", "day", "time", "hours", "contacts")


@dataclass(frozen=True)
class FactSpec:
    """A fact that rule conditions can test, and how it is computed.

    ``scope`` says when it is known: ``step`` facts are fixed for a whole step (its
    purpose, the employer's habits); ``slot`` facts vary with the candidate time slot.
    ``bounds`` gives the lowest and highest value of an ``int`` fact (required for
    them) or of a ``time`` fact (default: the whole day) under a profile's settings:
    the checks that find a rule that can never fire rely on it. ``group`` says what the
    value depends on (see ``Group``) and ``compute`` gives it from that group's input;
    a profile's periods and fields, computed from their declarations, have none.
    """

    name: str
    kind: Kind
    scope: Scope
    description: str
    choices: tuple[str, ...] = ()
    example: object = None
    bounds: Bounds | None = None
    group: Group = "step"
    compute: Callable[[Any], Any] | None = None

    def __post_init__(self) -> None:
        if self.kind == "int" and self.bounds is None:
            raise TypeError(f"the int fact {self.name!r} needs bounds")
        if (self.group == "step") != (self.scope == "step"):
            raise TypeError(f"the fact {self.name!r} of group {self.group!r} cannot have scope "
                            f"{self.scope!r}")


class _Facts(dict[str, FactSpec]):
    """The vocabulary's facts; looking up a period's fact (``period:NAME``) gives its spec too."""

    def __missing__(self, name: str) -> FactSpec:
        if name.startswith(PERIOD_PREFIX):
            return FactSpec(name, "bool", "slot", f"The slot's date lies in the profile's period "
                            f"{name.removeprefix(PERIOD_PREFIX)!r}.", example=True, group="day")
        if name.startswith(FIELD_PREFIX):
            return FactSpec(name, "enum", "step",
                            f"The situation's field {name.removeprefix(FIELD_PREFIX)!r}, as the "
                            "profile declares it.")
        raise KeyError(name)


# A profile's named periods (its ``periods:`` section) are day facts of their own, true on
# the days a period covers: ``period: winter-break`` in a condition tests ``period:winter-break``.
PERIOD_PREFIX = "period:"
# The situation fields a profile declares (its ``fields:`` section) are step facts of their
# own: ``field: {outlet: weekly}`` in a condition tests ``field:outlet``.
FIELD_PREFIX = "field:"

FACTS: dict[str, FactSpec] = _Facts({
    spec.name: spec
    for spec in (
        FactSpec("purpose", "enum", "step", "Why the candidate gets in touch.", PURPOSES, "status",
                 group="step", compute=lambda step: step.purpose),
        FactSpec("traditional", "bool", "step",
                 "The employer is known to be old-school in its etiquette.", example=True,
                 group="step", compute=lambda step: step.situation.traditional),
        FactSpec("first_choice", "bool", "step",
                 "The candidate has said this role is their first choice (a draft may then say "
                 "so).", example=True,
                 group="step", compute=lambda step: step.situation.first_choice),
        FactSpec("heard_back", "bool", "step", "The employer has already answered.", example=False,
                 group="step", compute=lambda step: step.situation.heard_back),
        FactSpec("has_promised_reply", "bool", "step",
                 "The employer named a date by which it would answer.", example=True,
                 group="step", compute=lambda step: step.situation.promised_reply_by is not None),
        FactSpec("has_competing_offer", "bool", "step",
                 "Another offer with a deadline is on the table.", example=True,
                 group="step",
                 compute=lambda step: step.situation.competing_offer_deadline is not None),
        FactSpec("interview_weekday", "weekday", "step",
                 "Weekday of the interview, in the employer's time zone.", WEEKDAYS, "fri",
                 group="step", compute=lambda step: step.situation.interview.weekday()),
        FactSpec("interview_week_part", "enum", "step",
                 "Where the interview's date falls in its working week: the first working day, a "
                 "day in between (mid), the last working day (Friday in most countries, Thursday "
                 "in Israel, earlier before a holiday), or a day off.", WEEK_PARTS, "last",
                 group="step", compute=lambda step: step.interview_week_part),
        FactSpec("interview_time", "time", "step", "Local start time of the interview (HH:MM).",
                 example="14:00",
                 group="step",
                 compute=lambda step: (step.situation.interview.hour * 60
                                       + step.situation.interview.minute)),
        FactSpec("channel", "enum", "slot", "The channel being considered for this slot.", CHANNELS,
                 "call", group="channel", compute=lambda channel: channel),
        FactSpec("days_after", "int", "slot",
                 "Calendar days from the interview's date to the slot's date (0 = the interview "
                 "day).", example=7, bounds=_days, group="day", compute=lambda day: day.offset),
        FactSpec("business_days_after", "int", "slot",
                 "Business days after the interview's date, up to and including the slot's date "
                 "(the next business day is 1).", example=5, bounds=_days,
                 group="day", compute=lambda day: day.between(day.first, day.day)),
        FactSpec("weeks_after", "int", "slot",
                 "Working weeks after the interview's week (0 = the interview's week, 1 = the next "
                 "working week). A week starts on the day after the country's weekend: Monday in "
                 "most countries, Sunday in Israel.", example=1,
                 bounds=lambda limits: (0, _planned_days(limits) // 7 + 1),
                 group="day",
                 compute=lambda day: (day.week_of(day.day) - day.week_of(day.first)) // 7),
        FactSpec("hours_after", "int", "slot",
                 "Whole hours from the start of the interview to the start of the slot.",
                 example=24, bounds=lambda limits: (0, (_planned_days(limits) + 1) * 24),
                 group="hours", compute=lambda slot: slot.hours_after),
        FactSpec("weekday", "weekday", "slot",
                 "Calendar weekday of the slot. To speak of the start, middle or end of the "
                 "working week in every country, use week_part.", WEEKDAYS, "tue",
                 group="day", compute=lambda day: day.day.weekday()),
        FactSpec("week_part", "enum", "slot",
                 "Where the slot's date falls in its working week: the first working day, a day in "
                 "between (mid), the last working day, or a day off. Holidays count: after a "
                 "Monday holiday, Tuesday is the first working day.", WEEK_PARTS, "mid",
                 group="day", compute=lambda day: day.week_part),
        FactSpec("time", "time", "slot", "Local start time of the slot (HH:MM).", example="10:00",
                 bounds=lambda limits: (limits.grid_start, limits.grid_end - limits.slot_minutes),
                 group="time", compute=lambda slot: slot.minutes),
        FactSpec("end_time", "time", "slot",
                 "Local end time of the slot (HH:MM); a slot ending at midnight ends after 23:59.",
                 example="11:00",
                 bounds=lambda limits: (limits.grid_start + limits.slot_minutes, limits.grid_end),
                 group="time", compute=lambda slot: slot.minutes + slot.length),
        FactSpec("business_day", "bool", "slot",
                 "The slot's date is a business day: one of the profile's business days, not a "
                 "weekend day of the situation's country (Saturday and Sunday when no country is "
                 "given; Friday and Saturday in Israel, for example), and no public holiday.",
                 example=True, group="day", compute=lambda day: day.business),
        FactSpec("holiday", "bool", "slot",
                 "The slot's date is a public holiday of the situation's country (and "
                 "subdivision); without a subdivision, also a holiday that more than half of the "
                 "country's regions keep.", example=False,
                 group="day", compute=lambda day: day.day in day.holidays),
        FactSpec("regional_holiday", "bool", "slot",
                 "Without a subdivision: the slot's date is a holiday that only some of the "
                 "country's regions keep (half of them or fewer), a working day elsewhere. Never "
                 "the interview's own day.", example=False,
                 group="day", compute=lambda day: day.day in day.regional),
        FactSpec("quiet_season", "bool", "slot",
                 "The slot's date lies in a quiet season of the situation's country, when offices "
                 "are thin: Christmas to New Year (most of Europe, North America, Australia, New "
                 "Zealand), Golden Week and Obon (JP), Diwali week (IN), Carnival (BR), the Lunar "
                 "New Year (CN, TW, HK, MO, SG, MY), August (FR), the Tishrei holidays (IL), "
                 "Ramadan and the Eids (the Gulf states).", example=False,
                 group="day", compute=lambda day: day.day in day.quiet),
        FactSpec("promised_reply_passed", "bool", "slot",
                 "The date the employer promised to answer by lies before the slot's date (false "
                 "when none was promised).", example=True,
                 group="day",
                 compute=lambda day: day.promised is not None and day.day > day.promised),
        FactSpec("business_days_after_promise", "int", "slot",
                 "Business days from the promised reply date to the slot's date; 0 on or before "
                 "it, and when none was promised.", example=2, bounds=_any_count,
                 group="day",
                 compute=lambda day: (day.between(day.promised, day.day)
                                      if day.promised and day.day > day.promised else 0)),
        FactSpec("offer_deadline_passed", "bool", "slot",
                 "The competing offer's deadline lies before the slot's date (false when there is "
                 "none).", example=False,
                 group="day",
                 compute=lambda day: day.deadline is not None and day.day > day.deadline),
        FactSpec("days_to_offer_deadline", "int", "slot",
                 "Calendar days from the slot's date to the competing offer's deadline; 0 on and "
                 "after it, and when there is none.", example=3, bounds=_any_count,
                 group="day",
                 compute=lambda day: ((day.deadline - day.day).days
                                      if day.deadline and day.deadline > day.day else 0)),
        FactSpec("contacts", "int", "slot",
                 "Earlier follow-ups (any channel) made up to the slot's start.", example=1,
                 bounds=_any_count, group="contacts", compute=lambda slot: slot.count),
        FactSpec("calls_made", "int", "slot",
                 "Earlier follow-up calls made up to the slot's start.", example=0,
                 bounds=_any_count, group="contacts", compute=lambda slot: slot.made("call")),
        FactSpec("emails_sent", "int", "slot",
                 "Earlier follow-up e-mails sent up to the slot's start.", example=1,
                 bounds=_any_count, group="contacts", compute=lambda slot: slot.made("email")),
        FactSpec("days_since_last_contact", "int", "slot",
                 "Calendar days since the latest earlier follow-up, or since the interview when "
                 "there was none.", example=5, bounds=_any_count,
                 group="contacts", compute=lambda slot: max(0, (slot.day - slot.last()).days)),
        FactSpec("business_days_since_last_call", "int", "slot",
                 "Business days from the latest earlier follow-up call's date to the slot's date "
                 "(0 on the same day), or since the interview when no call was made.", example=3,
                 bounds=_days,
                 group="contacts", compute=lambda slot: slot.between(slot.last("call"), slot.day)),
    )
})

def period_fact(name: str) -> str:
    """The day fact of a profile's period."""
    return PERIOD_PREFIX + name


def fact_spec(name: str) -> FactSpec:
    """The spec of a fact a compiled condition tests:
    the vocabulary's, or a period's (a day fact)."""
    return FACTS[name]


@dataclass(frozen=True)
class EffectSpec:
    """An effect a rule's ``then`` can have.

    ``scope``: the facts it may test (a ``step`` effect applies to a whole step, and
    cannot test slot facts). ``schema``: its value, as a JSON Schema fragment (the
    profile schema uses it; generated test profiles draw values from it). ``rank``:
    its place among a step's reasons (lowest first). ``direction`` and ``text``: which
    way a rule with this value pushes, and how the effect is written in a plan.
    """

    name: str
    scope: Scope
    description: str
    schema: dict[str, Any]
    rank: int
    direction: Callable[[Any], str]
    text: Callable[[Any], str]

    def text_pattern(self) -> str:
        """A regular expression for the effect as ``text`` writes it (the plan schema uses it)."""
        schema = self.schema
        if "const" in schema:
            return self.name
        if "enum" in schema:
            values = [str(value) for value in schema["enum"]]
            return (f"{self.name} {values[0]}" if len(values) == 1
                    else f"{self.name} ({'|'.join(values)})")
        if schema.get("type") == "integer":
            return rf"{self.name} -?\d+"
        return rf"{self.name} [+-]\d+(\.\d+)?(e[+-]\d+)?"


def exact(value: float) -> float | int:
    """A weight as written: an integer when it is one, else every digit it has."""
    return int(value) if float(value).is_integer() else value


def _decides(value: Any) -> str:
    return "decides"


def _weighs(value: Any) -> str:
    return "favours" if value > 0 else "disfavours" if value < 0 else "neutral"


EFFECTS: dict[str, EffectSpec] = {
    spec.name: spec
    for spec in (
        EffectSpec("verdict", "step",
                   "Gives the step a verdict: dont_contact means no contact at all for this "
                   "purpose.",
                   {"enum": ["dont_contact"]}, 0, _decides, lambda value: f"verdict {value}"),
        EffectSpec("recommend", "step", "Recommends the channel for the step: call, email or none.",
                   {"enum": list(ACTIONS)}, 1, _decides, lambda value: f"recommend {value}"),
        EffectSpec("forbid", "slot",
                   "The matching slots are not allowed for the channel (forbid beats any "
                   "preference).",
                   {"const": True}, 2, lambda value: "forbids", lambda value: "forbid"),
        EffectSpec("prefer", "slot",
                   "Adds the weight (negative to discourage) to the matching slots' score.",
                   {"type": "number", "minimum": -100, "maximum": 100, "examples": [2, -1]}, 3,
                   _weighs, lambda value: f"prefer {exact(value):+}"),
    )
}

SETTINGS_DEFAULTS: dict[str, object] = {
    "business_hours": {"start": "09:00", "end": "17:00"},
    # Every weekday: the country's weekend and holidays decide, so a week runs Sunday to
    # Thursday in Israel without a profile saying so.
    "business_days": list(WEEKDAYS),
    "horizon_days": 14,
    "promise_grace_days": 5,
    "slot_minutes": 60,
    "sequence": ["thank_you", "status"],
    "default_channel": "email",
    "best_slots": 3,
    "follow_ups": 2,
}
