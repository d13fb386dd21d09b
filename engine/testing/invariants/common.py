"""What every check of the invariants reads alike: times in UTC, slots ahead and usable, ranks."""

from __future__ import annotations

from datetime import datetime, timezone

from ...plan import Plan, Slot, Step
from ..calendar import WorkingCalendar

__all__ = ["CALL_SPACING", "CONTACT_SPACING", "FOLLOW_UPS", "NOON", "OUT_OF_HOURS", "UTC"]

UTC = timezone.utc
NOON = 12 * 60
CALL_SPACING = 3  # business days between two calls
CONTACT_SPACING = 2  # business days between two planned contacts: one working day between them
FOLLOW_UPS = ("status", "feedback")  # the contacts the profile's follow_ups setting counts
# The notes of an offer's e-mail out of hours (no working time left before its deadline).
OUT_OF_HOURS = ("offer_out_of_hours", "offer_tonight")


def _out_of_hours(step: Step) -> bool:
    """An offer's e-mail outside business hours (no working time left before its deadline)."""
    return (step.purpose == "competing_offer" and step.note is not None
            and step.note.code in OUT_OF_HOURS)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _utc(moment: datetime) -> datetime:
    """Aware datetimes of one zone compare by wall clock, blind to DST folds; UTC does not."""
    return moment.astimezone(UTC)


def _minutes(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def _ahead(plan: Plan) -> float:
    """UTC seconds after which best ranges may start: the latest earlier contact."""
    return max((contact.at.timestamp() for contact in plan.situation.contacts),
               default=float("-inf"))


def _usable(plan: Plan, step: Step, calendar: WorkingCalendar) -> list[Slot]:
    """The step's allowed slots a best range could use: ahead, after contacts."""
    now, after = plan.verdict.at.timestamp(), _ahead(plan)
    return [slot for slot in step.allowed if slot.end_timestamp > now and slot.timestamp >= after]


def _rank_at(step: Step, moment: float) -> tuple[float, float] | None:
    """The rank the plan gives the allowed slot holding
    ``moment`` (invariant weights, then the others)."""
    outcome = step.trace.outcome_at(moment)
    return None if outcome is None else outcome.rank
