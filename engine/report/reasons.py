"""The rules a step's text names, the deciding ones first, and the sources they cite, numbered."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..plan import Plan, Reason, Step, TimeRange
from ..vocabulary import NOW_VERDICTS

__all__ = ["DIRECTION_LABELS", "SourceIndex", "cited", "deciding", "explained",
           "first_choice_order"]

# How each direction of a reason is labelled, in the order reasons are listed.
DIRECTION_LABELS = {"decides": "decides", "forbids": "forbids", "favours": "favours",
                    "disfavours": "against", "neutral": "neutral"}


_DIRECTION_ORDER = {direction: index for index, direction in enumerate(DIRECTION_LABELS)}


def explained(step: Step) -> list[Reason]:
    """The step's reasons worth telling a person, one per sentence: what decided the step,
    what was forbidden, then what was favoured and what was avoided, strongest first."""
    ordered = sorted(step.reasons, key=lambda reason: (
        _DIRECTION_ORDER[reason.rule.direction],
        -abs(reason.rule.value) if reason.rule.effect == "prefer" else 0,
    ))
    return _distinct(ordered)


def _distinct(reasons: Iterable[Reason]) -> list[Reason]:
    """``reasons`` without a second one saying the same sentence."""
    seen: set[str] = set()
    kept: list[Reason] = []
    for reason in reasons:
        if reason.rule.why not in seen:
            seen.add(reason.rule.why)
            kept.append(reason)
    return kept


def _acted_moment(plan: Plan, step: Step) -> float | None:
    """The moment (UTC seconds) the verdict acts on in ``step``: now or the time it waits for."""
    verdict = plan.verdict
    if verdict.purpose != step.purpose:
        return None
    if verdict.verdict in NOW_VERDICTS:
        return verdict.at.timestamp()
    if verdict.verdict == "wait_until" and verdict.until is not None:
        return verdict.until.timestamp()
    return None


def first_choice_order(plan: Plan, step: Step) -> list[TimeRange]:
    """The step's best times in rank order, with the range holding the moment the verdict names
    first, so that the first time listed is the verdict's answer."""
    ranked = list(step.best)
    moment = _acted_moment(plan, step)
    if moment is not None:
        for index, item in enumerate(ranked):
            if item.start.timestamp() <= moment < item.end.timestamp():
                ranked.insert(0, ranked.pop(index))
                break
    return ranked


def _weighing(plan: Plan, step: Step, moment: float) -> tuple[list[str], list[str]]:
    """The ids of the preferences for, and against, the slot at ``moment``; strongest first.

    For the verdict's own moment they are the verdict's; for another step's first choice
    they are read from the slot's outcome the same way.
    """
    if _acted_moment(plan, step) == moment:
        return list(plan.verdict.favoured_by), list(plan.verdict.against)
    outcome = step.trace.outcome_at(moment)
    if outcome is None:
        return [], []
    rules = {reason.rule.id: reason.rule for reason in step.reasons}
    weighed = sorted((rules[rule_id] for rule_id in outcome.fired
                      if rule_id in rules and rules[rule_id].effect == "prefer"),
                     key=lambda rule: (not rule.invariant, -abs(rule.value), rule.id))
    return [rule.id for rule in weighed if rule.value > 0], [rule.id for rule in weighed
                                                             if rule.value < 0]


def deciding(plan: Plan, step: Step) -> list[Reason]:
    """The few reasons that decided a step's first-choice time, for a person in a hurry.

    What favoured that moment and what argued against it come first, then what decided the
    action, then what ruled out the times between now and that moment (what ruled out the
    nearest of them first). A rule that only shaped other times (a call on the interview's
    day, two weeks later) is left out: the whole list is :func:`explained`'s. A step with no
    contact keeps only what decided it; a step whose time is over, nothing.
    """
    by_id: dict[str, Reason] = {}
    for reason in step.reasons:
        by_id.setdefault(reason.rule.id, reason)
    decides = [reason for reason in step.reasons if reason.rule.direction == "decides"]
    ranked = first_choice_order(plan, step)
    if step.action == "none":
        return _distinct(decides)
    if not ranked:  # its time has passed, or none is left: nothing decided a time
        return []
    acted = _acted_moment(plan, step)
    moment = ranked[0].start.timestamp() if acted is None else acted
    favoured, against = _weighing(plan, step, moment)
    sooner = plan.verdict.at.timestamp()
    latest: dict[str, float] = {}  # each rule that ruled out a sooner time: the last time it did
    for slot, outcome in step.trace.considered:
        if outcome.forbids and slot.end_timestamp > sooner and slot.timestamp < moment:
            latest.update(dict.fromkeys(outcome.forbids, slot.timestamp))
    # Nearest first: what ruled out the times just before the chosen one tells most.
    forbids = sorted((reason for reason in step.reasons if reason.rule.id in latest),
                     key=lambda reason: -latest[reason.rule.id])
    return _distinct([*(by_id[rule_id] for rule_id in favoured if rule_id in by_id),
                      *(by_id[rule_id] for rule_id in against if rule_id in by_id), *decides,
                      *forbids])


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
