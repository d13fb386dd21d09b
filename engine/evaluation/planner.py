"""From fired rules to a plan: channels, windows, ranked times, reasons, the verdict.

Pure: no I/O, no clock (``now`` is an argument). Per step, in order:

1. A ``verdict: dont_contact`` rule that fires makes the step's action ``none``. A
   competing offer whose deadline has passed gets ``none`` too, saying so.
2. The channels to try come from the ``recommend`` rules that fire, best first: the
   nearest profile in the chain, then the higher ``priority``, then the more reserved
   channel (none, then email, then call); with none firing, the profile's
   ``default_channel``. The first channel with an allowed time still ahead is taken;
   the others are fallbacks (a competing offer that no call can reach in time gets an
   e-mail). ``none`` ends the list.
3. For a channel, a slot is allowed unless a ``forbid`` rule fires for it (forbid beats
   any preference); allowed slots form the step's window.
4. The best times are allowed slots still ahead: ending after ``now`` and starting after
   the latest earlier contact. Slots rank by the sum of the
   ``prefer`` weights of invariant rules, then by the sum of the other weights, then
   earlier first. Contiguous slots of one rank form a range. The best ranges are those
   with the top invariant score (after a Friday interview, midweek of the next week
   while it has times left), one per day first, then in rank order, up to
   ``best_slots``; a range that touches one already taken is left out, with everything
   ranked below it on its day (a lesser hour beside a best one is no second choice).
5. In a sequence, a step only considers slots from the second business day after an
   earlier step's best time (one working day between two planned contacts), and a call
   at least three business days after an earlier step's call. A situation with a
   competing offer's deadline puts that step in the sequence before the status step
   (with ``none`` once the offer has expired); it may share the thank-you's day (one
   message can carry both), so it is never lost to it. The deadline stretches the
   planned days to it; with no business hours left before it (or, for a deadline the
   day after the interview, none left on the interview's day) the offer's step is an
   e-mail out of hours, from now for one slot.

6. A step with an action carries the profile's draft for its purpose and channel, and
   the letter draft for its purpose, if one applies, as an alternative beside it (a
   letter has no time slots of its own: it never changes when or how the step is done).

7. Recorded contacts fulfil steps (see :func:`_fulfilment`): a fulfilled step is done,
   with no window, best times or draft; a follow-up step is planned again while the
   profile's ``follow_ups`` allow one and its rules leave a time, and after them it gets
   no action.

The verdict for ``now`` comes from the best times alone: act now when ``now`` lies in
the first step's top-ranked best range (the one listed first, or one scoring as well),
else wait until that range starts (an offer's step first when its time comes before the
earlier steps'); ``too_late`` when no step has a time left, ``dont_contact`` when a rule
said so. With steps done and nothing else ahead, wait for the reply until
``move_on_after``; after the follow-ups allowed, move on.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from ..language.model import Profile, Rule
from ..plan import Message, Plan, Reason, Slot, Step, StepTrace, TimeRange
from ..situation import Contact, Situation
from ..vocabulary import CHANNEL_SPECS, CHANNELS, EFFECTS
from .best import best_ranges
from .context import Channel, Context, day_outcome
from .evaluate import Evaluator, Outcome
from .facts import FACT_GROUPS, Grid, build_grid, channel_facts, step_facts
from .notes import plan_notes
from .verdict import verdict_with_contacts

__all__ = ["CALL_SPACING", "CONTACT_SPACING", "FOLLOW_UPS", "OUT_OF_HOURS", "make_plan"]

# Which channel a tie between recommend rules goes to (the highest rank).
RESERVE = {"none": 0, **{name: CHANNEL_SPECS[name].rank for name in CHANNELS}}
STEP_FACTS = frozenset(FACT_GROUPS["step"] + FACT_GROUPS["channel"])
# Two calls are at least this many business days apart (a thank-you call and a status
# call never share a day): the channel's spacing.
CALL_SPACING = CHANNEL_SPECS["call"].spacing
# Any two planned contacts are this many business days apart: one working day lies between
# them (an offer message may still join the thank-you).
CONTACT_SPACING = 2
# The notes of an offer's e-mail outside business hours, and its channel.
OUT_OF_HOURS = frozenset(("offer_out_of_hours", "offer_tonight"))
OUT_OF_HOURS_CHANNEL = next(name for name in CHANNELS if CHANNEL_SPECS[name].out_of_hours)
# The purposes that are follow-ups: the profile's ``follow_ups`` setting counts them.
FOLLOW_UPS = frozenset(("status", "feedback"))


def make_plan(profile: Profile, situation: Situation, evaluator: Evaluator, now: datetime) -> Plan:
    settings = profile.settings
    grid = build_grid(situation, settings, profile.periods)
    local_now = now.astimezone(situation.zone)
    contacts = [contact.at.timestamp() for contact in situation.contacts]
    context = Context(profile, situation, evaluator, grid, local_now,
                      max(contacts, default=float("-inf")))
    purposes = (situation.purpose,) if situation.purpose else _sequence(
        settings.sequence, situation)
    fulfilled, follow_ups = _fulfilment(context, purposes)
    steps: list[Step] = []
    # In a sequence, a step comes at least one business day after an earlier step's best
    # time (an offer may join the thank-you: it only keeps clear of the other steps), and a
    # step by a channel with a spacing (a call) that many business days after an earlier one.
    not_before = offer_not_before = float("-inf")
    floors: dict[str, date] = {}
    for purpose in purposes:
        done = fulfilled.get(purpose)
        if done is not None and purpose not in FOLLOW_UPS:
            steps.append(_done(done, purpose, situation))
            continue
        if purpose in FOLLOW_UPS and follow_ups >= settings.follow_ups:
            steps.append(Step(purpose, "none", None, (), (),
                              note=Message("followed_up", {"count": follow_ups})))
            continue
        floor = offer_not_before if purpose == "competing_offer" else not_before
        step = _with_drafts(context, _step(context, purpose, floor, floors))
        if done is not None and not step.best and not (step.action == "none" and step.note is None):
            # A follow-up made, and no time for another: the
            # step is done (a rule's "no contact" stands).
            step = _done(done, purpose, situation)
        elif done is not None and step.best and step.note is None:  # the next follow-up: say so
            at = done.at.astimezone(situation.zone)
            step = replace(step,
                           note=Message("follow_up_again", {"at": at, "channel": done.channel}))
        if purpose == "competing_offer":
            step = _beside_thanks(step, steps)
        steps.append(step)
        if step.best:
            day = step.best[0].start.date()
            after = grid.business_day_after(day, CONTACT_SPACING)
            spaced = (datetime.combine(after, time(0), tzinfo=situation.zone).timestamp()
                      if after is not None
                      else float("inf"))
            not_before = max(not_before, spaced)
            if purpose != "thank_you":
                offer_not_before = max(offer_not_before, spaced)
            spacing = CHANNEL_SPECS[step.action].spacing if step.action in CHANNEL_SPECS else 0
            if spacing:
                floor_day = grid.business_day_after(day, spacing) or date.max
                floors[step.action] = max(floors.get(step.action, floor_day), floor_day)
    close = settings.business_end
    move_on = datetime.combine(_last_working_day(grid), time(close // 60 % 24, close % 60),
                               tzinfo=situation.zone)
    # An offer's e-mail out of hours may come after the last working day's close: not after it.
    late = [item.end for step in steps if step.note is not None and step.note.code in OUT_OF_HOURS
            for item in step.best if item.end.timestamp() > move_on.timestamp()]
    move_on = max(late, key=lambda moment: moment.timestamp(), default=move_on)
    verdict = verdict_with_contacts(steps, local_now, move_on, follow_ups >= settings.follow_ups,
                                    follow_ups)
    return Plan(profile, situation, tuple(steps), move_on, verdict,
                tuple(plan_notes(profile, situation, grid)))


def _beside_thanks(offer: Step, earlier: Sequence[Step]) -> Step:
    """The offer's step, saying it can go in the
    thank-you's message when both are best on one day."""
    thanks = next((step for step in earlier if step.purpose == "thank_you" and step.best
                   and step.done is None), None)
    if (thanks is None or not offer.best
        or offer.best[0].start.date() != thanks.best[0].start.date()):
        return offer
    if offer.note is not None and offer.note.code != "fallback":
        return offer
    return replace(offer,
                   note=Message("offer_with_thanks", dict(offer.note.params) if offer.note else {}))


def _done(contact: Contact, purpose: str, situation: Situation) -> Step:
    """The step a recorded contact fulfilled."""
    at = contact.at.astimezone(situation.zone)
    return Step(purpose, contact.channel, None, (), (),
                Message("done", {"at": at, "channel": contact.channel}), done=contact)


def _fulfilment(context: Context, purposes: Sequence[str]) -> tuple[dict[str, Contact], int]:
    """The recorded contact that fulfils each purpose, and how many follow-ups were made.

    A contact with a purpose fulfils that purpose's step. One without: the first after the
    interview, on the interview's day or within the thank-you's window, was the thank-you;
    any other after the interview was a follow-up (status, or feedback when the plan asks
    for feedback rather than status). A step several contacts fulfil shows the latest.
    Follow-ups are the status and feedback contacts: while fewer than the profile's
    ``follow_ups`` were made, a follow-up step is planned again where its rules leave a
    time ahead (the next follow-up), and shown as done where they leave none.
    """
    situation = context.situation
    interview = situation.interview
    later = [contact for contact in situation.contacts if contact.at > interview]
    if not later:
        return {}, 0
    follow = next((purpose for purpose in purposes if purpose in FOLLOW_UPS), "status")
    thanks_end: float | None = None
    if any(contact.purpose is None for contact in later):
        window = _step(context, "thank_you", float("-inf"), {}).window
        thanks_end = window[1].timestamp() if window is not None else float("-inf")
    found: dict[str, Contact] = {}
    thanked = any(contact.purpose == "thank_you" for contact in later)
    follow_ups = 0
    for contact in later:
        purpose = contact.purpose
        if purpose is None:
            same_day = contact.at.astimezone(situation.zone).date() == interview.date()
            if not thanked and (same_day
                                or contact.at.timestamp() <= (thanks_end or float("-inf"))):
                purpose = "thank_you"
                thanked = True
            else:
                purpose = follow
        found[purpose] = contact
        follow_ups += purpose in FOLLOW_UPS
    return found, follow_ups


def _last_working_day(grid: Grid) -> date:
    """The last business day of the plan: following up stops at its close, never on a day off."""
    for day, facts in zip(reversed(grid.dates), reversed(grid.days), strict=True):
        if facts["business_day"]:
            return day
    return grid.last_day


def _with_drafts(context: Context, step: Step) -> Step:
    """The step with the profile's draft for its purpose
    and action, and a letter it offers beside them."""
    if step.action == "none":
        return step
    facts = step_facts(context.situation, step.purpose, context.grid.interview_week_part,
                       context.profile.fields)
    profile = context.profile
    return replace(step, draft=profile.draft_for(step.purpose, step.action, facts),
                   alternative=profile.draft_for(step.purpose, "letter", facts))


def _sequence(sequence: Sequence[str], situation: Situation) -> tuple[str, ...]:
    """The profile's sequence, with a competing offer placed before the status step."""
    deadline = situation.competing_offer_deadline
    if deadline is None:
        return tuple(sequence)
    steps = [purpose for purpose in sequence if purpose != "competing_offer"]
    later = [index for index, purpose in enumerate(steps) if purpose in ("status", "feedback")]
    steps.insert(later[0] if later else len(steps), "competing_offer")
    return tuple(steps)


def _sources(profile: Profile, rule: Rule) -> tuple[dict[str, Any], ...]:
    return tuple(profile.sources[key].to_dict() for key in rule.sources if key in profile.sources)


def _reasons(profile: Profile, evaluator: Evaluator, ids: Iterable[str]) -> tuple[Reason, ...]:
    """The reasons for a set of rules, in the order a plan shows them; one tuple per set of a
    profile.

    Profiles with the same rules share an evaluator but may cite their sources in other
    words, so a remembered tuple serves only the profile whose sources made it.
    """
    key = frozenset(ids)
    found = evaluator.reasons.get(key)
    if found is not None and found[0] is profile.sources:
        return found[1]
    ordered = sorted((evaluator.rules[rule_id] for rule_id in key),
                     key=lambda r: (EFFECTS[r.effect].rank, r.depth, r.id))
    reasons = tuple(Reason(rule, _sources(profile, rule)) for rule in ordered)
    if len(evaluator.reasons) > 4_096:
        evaluator.reasons.clear()
    evaluator.reasons[key] = (profile.sources, reasons)
    return reasons


def _channels(fired: Sequence[Rule], default: str) -> list[tuple[str, Rule | None]]:
    """The channels to try, best first, each with the rule that recommends it."""
    recommends = sorted((rule for rule in fired if rule.effect == "recommend"),
                        key=lambda r: (r.depth, -r.priority, RESERVE[r.value], r.id))
    found: dict[str, Rule | None] = {}
    for rule in recommends:
        found.setdefault(str(rule.value), rule)
    return list(found.items()) or [(default, None)]


def _step(context: Context, purpose: str, not_before: float, floors: dict[str, date]) -> Step:
    profile, situation, evaluator = context.profile, context.situation, context.evaluator
    facts = step_facts(situation, purpose, context.grid.interview_week_part, profile.fields)
    fired = [evaluator.rules[rule_id] for rule_id in evaluator.fire("step", [facts])[0]]
    verdicts = [rule for rule in fired if rule.effect == "verdict"]
    if verdicts:
        return Step(purpose, "none", None, (),
                    _reasons(profile, evaluator, [rule.id for rule in verdicts]))
    deadline = situation.competing_offer_deadline
    if purpose == "competing_offer" and deadline is not None and deadline < context.now.date():
        return Step(purpose, "none", None, (), (),
                    note=Message("offer_expired", {"deadline": deadline}))
    tried: list[Channel] = []
    for channel, rule in _channels(fired, profile.settings.default_channel):
        if channel == "none":
            if not tried:
                return Step(purpose, "none", None, (),
                            _reasons(profile, evaluator, [rule.id] if rule else []))
            break
        weighed = _weigh(context, facts, channel, rule, not_before, floors.get(channel))
        tried.append(weighed)
        if weighed.usable:
            step = _planned(context, purpose, weighed, fallback_from=tried[0] if len(tried) > 1
                            else None)
            if (purpose == "competing_offer" and deadline is not None
                and _tonight(context, deadline, step)):
                return _offer_out_of_hours(context, deadline, step.reasons, "offer_tonight") or step
            return step
    first = tried[0]
    reasons = _reasons(profile, evaluator, first.shaping)
    if purpose == "competing_offer" and deadline is not None:
        by_email = next((weighed for weighed in tried
                         if CHANNEL_SPECS[weighed.channel].out_of_hours), first)
        urgent = _offer_out_of_hours(context, deadline,
                                     _reasons(profile, evaluator, by_email.shaping))
        if urgent is not None:
            return urgent
    if first.slots:  # allowed times, but none left ahead
        passed = first.slots[-1].end_timestamp <= context.now.timestamp()
        note = Message("passed" if passed else "nothing_after_contact")
        return _step_value(purpose, first, (), reasons, note)
    return Step(purpose, "none", None, (), reasons,
                note=_nothing_allowed(context, purpose, first.channel),
                trace=StepTrace(considered_days=tuple(first.considered)))


def _tonight(context: Context, deadline: date, step: Step) -> bool:
    """Whether an offer due the day after the interview waits for the deadline's
    morning although it is still the interview's day: an e-mail that evening is better."""
    interview = context.situation.interview.date()
    return ((deadline - interview).days == 1 and context.now.date() <= interview
            and not any(item.start.date() == interview for item in step.best))


def _offer_out_of_hours(context: Context, deadline: date, reasons: tuple[Reason, ...],
                        code: str = "offer_out_of_hours") -> Step | None:
    """An e-mail about a competing offer when no business hours are left before its deadline.

    E-mail is fine out of hours for an offer: the step is an e-mail from now (or from an
    hour after the interview's start, and after the latest contact) for one slot's length,
    within the deadline's day, with the advice to ask the other employer for more time.
    None when the deadline's day is over.
    """
    situation, length = context.situation, context.profile.settings.slot_minutes
    zone = situation.zone
    start = max(context.now.timestamp(), situation.interview.timestamp() + length * 60,
                context.after_contacts)
    start = -(-start // 60) * 60  # on the minute
    day_after = datetime.combine(deadline + timedelta(days=1), time(0), tzinfo=zone).timestamp()
    end = min(start + length * 60, day_after)
    if start >= end:
        return None
    moment = TimeRange(datetime.fromtimestamp(start, zone), datetime.fromtimestamp(end, zone), 0.0)
    # What chose an e-mail and favours getting in touch; not the forbids it goes past.
    kept = tuple(reason for reason in reasons if reason.rule.effect != "forbid")
    return Step("competing_offer", OUT_OF_HOURS_CHANNEL, (moment.start, moment.end), (moment,),
                kept, Message(code, {"deadline": deadline}))


def _nothing_allowed(context: Context, purpose: str, channel: str) -> Message:
    deadline = context.situation.competing_offer_deadline
    if purpose == "competing_offer" and deadline is not None:
        return Message("offer_no_time", {"deadline": deadline})
    grid, settings = context.grid, context.profile.settings
    if grid.last_day == context.situation.interview.date() + timedelta(days=settings.horizon_days):
        return Message("nothing_within", {"channel": channel, "days": settings.horizon_days})
    return Message("nothing_until", {"channel": channel, "day": grid.last_day})


def _weigh(context: Context, facts: dict[str, Any], channel: str, rule: Rule | None,
           not_before: float, floor: date | None) -> Channel:
    """The channel's outcome on every slot the step may use, weighed a day at a time."""
    evaluator, grid = context.evaluator, context.grid
    weighed_facts = {**facts, **channel_facts(channel)}
    base = evaluator.tables["slot"].mask(weighed_facts)
    live = evaluator.live(base, STEP_FACTS)
    shaping: set[str] = {rule.id} if rule else set()
    considered: list[tuple[Sequence[Slot], Sequence[Outcome]]] = []
    allowed: list[Slot] = []
    allowed_outcomes: list[Outcome] = []
    patterns = context.patterns
    for index, slots in enumerate(grid.day_slots):
        if not slots or slots[-1].timestamp < not_before or (
                floor is not None and grid.dates[index] < floor):
            continue
        common, own = patterns[index]
        key = ((base | (common & live), grid.day_positions[index]) if own is None
               else (None, *(base | (mask & live) for mask in own)))
        day = (evaluator.known_day(key)
               or day_outcome(context, index, key, base, live, weighed_facts))
        outcomes = day.outcomes
        if slots[0].timestamp < not_before:  # the day is cut: only its slots from not_before on
            kept = [k for k, slot in enumerate(slots) if slot.timestamp >= not_before]
            considered.append((tuple(slots[k] for k in kept), tuple(outcomes[k] for k in kept)))
            for k in kept:
                if not outcomes[k].forbids:
                    allowed.append(slots[k])
                    allowed_outcomes.append(outcomes[k])
            for outcome in {id(outcomes[k]): outcomes[k] for k in kept}.values():
                shaping.update(outcome.forbids or outcome.fired)
            continue
        considered.append((slots, outcomes))
        if len(day.allowed) == len(slots):
            allowed += slots
            allowed_outcomes += outcomes
        elif day.allowed:
            allowed += [slots[k] for k in day.allowed]
            allowed_outcomes += [outcomes[k] for k in day.allowed]
        shaping |= day.shaping
    moment = context.now.timestamp()
    after = context.after_contacts
    # The allowed slots are in time order, so the usable ones (ending after now, starting
    # after the latest contact) are those from the first usable one on.
    usable_from = bisect_left(allowed, True, key=lambda slot: slot.end_timestamp > moment
                              and slot.timestamp >= after)
    return Channel(channel, rule, considered, allowed, allowed_outcomes, usable_from, shaping)


def _step_value(purpose: str, weighed: Channel, best: tuple[TimeRange, ...],
                reasons: tuple[Reason, ...], note: Message | None) -> Step:
    allowed = weighed.slots
    window = (allowed[0].start, allowed[-1].end)
    slots = tuple(allowed)
    return Step(purpose, weighed.channel, window, best, reasons, note, allowed=slots,
                trace=StepTrace(slots, tuple(weighed.outcomes), tuple(weighed.considered)))


def _planned(context: Context, purpose: str, weighed: Channel,
             fallback_from: Channel | None) -> Step:
    profile = context.profile
    reasons = _reasons(profile, context.evaluator, weighed.shaping)
    note = None
    if fallback_from is not None:
        note = Message("fallback", {"tried": fallback_from.channel, "channel": weighed.channel})
    start = weighed.usable_from
    best = best_ranges(zip(weighed.slots[start:], weighed.outcomes[start:], strict=True),
                       profile.settings.best_slots, wide=profile.settings.best_ranges == "wide")
    return _step_value(purpose, weighed, best, reasons, note)

