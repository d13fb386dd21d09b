"""The verdict for now: from the steps' best times, and from the contacts already made."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ..plan import Message, Step, Verdict
from ..vocabulary import CHANNEL_SPECS

__all__ = ["urgent_first", "verdict_now", "verdict_with_contacts", "weighing"]


def urgent_first(steps: list[Step]) -> list[Step]:
    """The steps in the order the verdict looks at them: an offer's step first when its time
    comes before every earlier step's (it cannot wait for the thank-you's best time)."""
    offer = next((index for index, step in enumerate(steps) if step.purpose == "competing_offer"
                  and step.best), None)
    if offer is None:
        return steps
    start = min(item.start.timestamp() for item in steps[offer].best)
    if all(not step.best
           or start < min(item.start.timestamp() for item in step.best) for step in steps[:offer]):
        return [steps[offer], *steps[:offer], *steps[offer + 1:]]
    return steps


def verdict_with_contacts(steps: Sequence[Step], now: datetime, move_on: datetime, enough: bool,
                          follow_ups: int) -> Verdict:
    """The verdict from the steps still to do; with steps done, waiting for the reply rather than
    "too late".

    When every step left has no time ahead, a plan with a step done says to wait for the
    employer's reply until ``move_on`` (then move on); after as many follow-ups as the
    profile allows, it says to move on.
    """
    active = urgent_first([step for step in steps if step.done is None])
    verdict = verdict_now(active, now) if active else None
    if verdict is not None and verdict.verdict != "too_late":
        return verdict
    last = steps[-1]
    if enough:
        return Verdict(now, "too_late", Message("followed_up", {"count": follow_ups}), last.purpose)
    if verdict is not None and not any(step.done for step in steps):
        return verdict
    if now.timestamp() < move_on.timestamp():
        return Verdict(now, "wait_until", Message("wait_reply", {"until": move_on}), last.purpose,
                       move_on)
    return Verdict(now, "too_late", Message("time_over"), last.purpose)


def verdict_now(steps: Sequence[Step], now: datetime) -> Verdict:
    """The first step with a best time ahead decides; without one, a rule's no-contact, else too
    late.

    Act now only at a moment that scores as well as the step's first best range (the
    top-ranked time left); otherwise wait for that range, even when a lesser one comes
    sooner or holds ``now``. One order, one answer: the verdict points at the range the
    plan lists first.
    """
    moment = now.timestamp()
    for step in steps:
        if step.action == "none" or not step.best:
            continue
        said = {"action": step.action, "purpose": step.purpose}
        top = step.best[0]
        for item in step.best:
            if item.start.timestamp() <= moment < item.end.timestamp() and item.score >= top.score:
                return Verdict(now, CHANNEL_SPECS[step.action].verdict, Message("best_now", said),
                               step.purpose, None, *weighing(step, moment))
        return Verdict(now, "wait_until", Message("next_best", {**said, "start": top.start}),
                       step.purpose, top.start, *weighing(step, top.start.timestamp()))
    for step in steps:
        if step.action == "none" and step.note is None:  # no contact by a rule's decision
            reason = (Message("rule", {"why": step.reasons[0].rule.why}) if step.reasons
                      else Message("no_contact"))
            return Verdict(now, "dont_contact", reason, step.purpose)
    # Say why nothing is left: the last step's own reason, unless its time simply passed.
    last = steps[-1]
    reason = last.note if last.note and last.note.code != "passed" else Message("time_over")
    return Verdict(now, "too_late", reason, last.purpose)


def weighing(step: Step, moment: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The rules with a positive, and with a negative, weight on the slot at ``moment``; strongest
    first."""
    outcome = step.trace.outcome_at(moment)
    if outcome is None:  # pragma: no cover - a best range is made of allowed slots
        return (), ()
    rules = {reason.rule.id: reason.rule for reason in step.reasons}
    weighed = sorted((rules[rule_id] for rule_id in outcome.fired if rule_id in rules
                      and rules[rule_id].effect == "prefer"),
                     key=lambda r: (not r.invariant, -abs(r.value), r.id))
    return (tuple(rule.id for rule in weighed if rule.value > 0),
            tuple(rule.id for rule in weighed if rule.value < 0))
