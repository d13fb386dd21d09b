"""Time edge cases: DST gaps and folds, odd offsets, leap days, week 53, far years, the date line.

Each test checks concrete facts about the plan, besides ``violations(plan) == []``:
the offsets written in the plan are the employer's zone's offsets at those instants,
no slot starts at a local time that does not exist, a repeated local time is planned
once, and slots stay on the employer's wall-clock grid across a clock change.

Most tests use ``allday``, a profile (written to ``tmp_path``) whose business hours
cover the whole day, every day, in 30-minute slots, so that the night-time clock
changes fall inside planned days; e-mails are allowed in every slot after the interview
on a working day (weekends stay days off whatever a profile says, so the Sunday changes
are checked on the slots weighed, allowed or not).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import engine
from engine.testing.invariants import violations

UTC = timezone.utc
ALLDAY = """\
id: allday
name: All day, every day
settings:
  business_hours: {start: "00:00", end: "23:30"}
  business_days: [mon, tue, wed, thu, fri, sat, sun]
  slot_minutes: 30
  horizon_days: 14
  sequence: [feedback]
  default_channel: email
rules: []
"""
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?[+-]\d{2}:\d{2}$")


@pytest.fixture(scope="module")
def allday(tmp_path_factory: pytest.TempPathFactory) -> engine.Catalog:
    folder = tmp_path_factory.mktemp("allday")
    (folder / "allday.yaml").write_text(ALLDAY, encoding="utf-8")
    return engine.Catalog([folder])


def plan_for(situation: dict[str, Any], now: str, profiles: engine.Catalog | None = None) -> engine.Plan:
    plan = engine.advise(situation, now=now, profiles=profiles)
    assert violations(plan) == [], violations(plan)
    assert violations(plan, engine.advise(situation, now=now, profiles=profiles)) == []  # deterministic
    return plan


def strings_with_offsets(value: Any) -> list[str]:
    """Every date-time string with an offset anywhere in a plan's JSON."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_with_offsets(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_with_offsets(item)]
    return [value] if isinstance(value, str) and ISO.match(value) else []


def check_clock(plan: engine.Plan, zone_name: str, slot_minutes: int) -> list[datetime]:
    """The clock facts every plan must have; returns the starts of every slot weighed.

    Slots on days off are weighed and forbidden (no contact on a weekend), but they are
    slots of the grid all the same: the clock changes of the early morning fall on Sundays.
    """
    zone = ZoneInfo(zone_name)
    data = plan.to_dict()
    assert data["timezone"] == zone_name
    for text in [*strings_with_offsets(data["steps"]), data["move_on_after"]]:
        moment = datetime.fromisoformat(text)
        assert moment.utcoffset() == moment.astimezone(zone).utcoffset(), f"{text} is not {zone_name} time"
    starts: list[datetime] = []
    for step in plan.steps:
        previous = None
        for slot, _ in step.trace.considered:
            start, end = slot.start, slot.end
            assert (end.timestamp() - start.timestamp()) == slot_minutes * 60, slot
            wall = start.astimezone(zone)
            assert (wall.hour * 60 + wall.minute) % slot_minutes == 0, f"{wall} is off the wall-clock grid"
            assert previous is None or start.timestamp() > previous, "slots out of order or repeated"
            previous = start.timestamp()
            starts.append(wall)
        if step.window is not None:
            for moment in step.window:
                assert moment.utcoffset() == moment.astimezone(zone).utcoffset()
    return starts


def local_times_on(starts: list[datetime], day: date) -> list[str]:
    return [start.strftime("%H:%M") for start in starts if start.date() == day]


def grid(step: int, skip: tuple[str, str] | None = None, last: str = "23:00") -> list[str]:
    """Wall-clock slot times of a whole planned day, without those in [skip)."""
    out = []
    minutes = 0
    end = int(last[:2]) * 60 + int(last[3:])
    while minutes <= end:
        text = f"{minutes // 60:02d}:{minutes % 60:02d}"
        if skip is None or not skip[0] <= text < skip[1]:
            out.append(text)
        minutes += step
    return out


# --- DST gaps and folds, both directions, several hemispheres ------------------------------

# (zone, day of the change, local times that do not exist or happen twice)
GAPS = [
    ("America/New_York", date(2026, 3, 8), ("02:00", "03:00")),
    ("Europe/Berlin", date(2026, 3, 29), ("02:00", "03:00")),
    ("Australia/Sydney", date(2026, 10, 4), ("02:00", "03:00")),
    ("America/Santiago", date(2026, 9, 6), ("00:00", "01:00")),  # clocks skip midnight
    ("Australia/Lord_Howe", date(2026, 10, 4), ("02:00", "02:30")),  # a 30-minute change
    ("Pacific/Chatham", date(2026, 9, 27), ("02:45", "03:45")),
]
FOLDS = [
    ("America/New_York", date(2026, 11, 1), ("01:00", "02:00")),
    ("Europe/Berlin", date(2026, 10, 25), ("02:00", "03:00")),
    ("Australia/Sydney", date(2026, 4, 5), ("02:00", "03:00")),
    ("America/Santiago", date(2026, 4, 4), ("23:00", "24:00")),  # the day's last hour, twice
    ("Australia/Lord_Howe", date(2026, 4, 5), ("01:30", "02:00")),
    ("Pacific/Chatham", date(2026, 4, 5), ("02:45", "03:45")),
]


def ids(cases: list[tuple[str, date, tuple[str, str]]]) -> list[str]:
    return [f"{zone}-{day}" for zone, day, _ in cases]


def test_the_listed_clock_changes_are_real() -> None:
    """The table above matches the time-zone database (tzdata) in use."""
    for zone_name, day, (first, _) in GAPS + FOLDS:
        zone = ZoneInfo(zone_name)
        hour, minute = int(first[:2]), int(first[3:])
        wall = datetime.combine(day, time(hour, minute))
        early, late = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
        assert early.utcoffset() != late.utcoffset(), f"no clock change in {zone_name} at {wall}"


@pytest.mark.parametrize(("zone", "day", "skipped"), GAPS, ids=ids(GAPS))
def test_dst_gap_has_no_slot_at_a_local_time_that_does_not_exist(
        allday: engine.Catalog, zone: str, day: date, skipped: tuple[str, str]) -> None:
    interview = datetime.combine(day - timedelta(days=2), time(10, 0)).isoformat(timespec="minutes")
    plan = plan_for({"interview": interview, "timezone": zone, "industry": "allday"},
                    now=f"{day - timedelta(days=1)}T12:00", profiles=allday)
    starts = check_clock(plan, zone, 30)
    assert local_times_on(starts, day) == grid(30, skipped)
    assert local_times_on(starts, day + timedelta(days=1)) == grid(30)  # the next day is whole again
    offsets = {start.utcoffset() for start in starts}
    assert len(offsets) == 2  # the plan crosses the change: both offsets are written


@pytest.mark.parametrize(("zone", "day", "repeated"), FOLDS, ids=ids(FOLDS))
def test_dst_fold_plans_a_repeated_local_time_once(
        allday: engine.Catalog, zone: str, day: date, repeated: tuple[str, str]) -> None:
    interview = datetime.combine(day - timedelta(days=2), time(10, 0)).isoformat(timespec="minutes")
    plan = plan_for({"interview": interview, "timezone": zone, "industry": "allday"},
                    now=f"{day - timedelta(days=1)}T12:00", profiles=allday)
    starts = check_clock(plan, zone, 30)
    on_day = local_times_on(starts, day)
    assert on_day == grid(30)  # every wall time once: the repeated ones at their first occurrence
    first_of_fold = next(start for start in starts
                         if start.date() == day and repeated[0] <= start.strftime("%H:%M") < repeated[1])
    assert first_of_fold.fold == 0
    before = ZoneInfo(zone).utcoffset(datetime.combine(day - timedelta(days=1), time(12)))
    assert first_of_fold.utcoffset() == before  # the earlier occurrence, in the old offset


@pytest.mark.parametrize(("zone", "day", "skipped"), GAPS, ids=ids(GAPS))
def test_interview_in_a_dst_gap_is_refused_unless_an_offset_says_when(
        zone: str, day: date, skipped: tuple[str, str]) -> None:
    wall = f"{day}T{skipped[0]}"
    with pytest.raises(engine.SituationError) as caught:
        engine.advise({"interview": wall, "timezone": zone})
    assert caught.value.field == "interview" and "does not exist" in caught.value.message
    with pytest.raises(engine.SituationError) as caught:
        engine.advise({"interview": f"{day - timedelta(days=3)}T10:00", "timezone": zone}, now=wall)
    assert caught.value.field == "now"
    offset = ZoneInfo(zone).utcoffset(datetime.combine(day - timedelta(days=1), time(12)))
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    given = f"{wall}{sign}{minutes // 60:02d}:{minutes % 60:02d}"  # the old offset: a real instant
    plan = plan_for({"interview": given, "timezone": zone}, now=f"{day + timedelta(days=1)}T12:00")
    assert plan.situation.interview.timestamp() == datetime.fromisoformat(given).timestamp()
    assert plan.situation.interview.strftime("%H:%M") == skipped[1]  # the same instant, on the new clock


@pytest.mark.parametrize(("zone", "day", "repeated"), FOLDS, ids=ids(FOLDS))
def test_interview_in_a_dst_fold_is_refused_unless_an_offset_chooses(
        zone: str, day: date, repeated: tuple[str, str]) -> None:
    wall = f"{day}T{repeated[0]}"
    with pytest.raises(engine.SituationError) as caught:
        engine.advise({"interview": wall, "timezone": zone})
    assert caught.value.field == "interview" and "happens twice" in caught.value.message
    instants = []
    for fold in (0, 1):
        moment = datetime.fromisoformat(wall).replace(tzinfo=ZoneInfo(zone), fold=fold)
        given = moment.isoformat(timespec="minutes")
        plan = plan_for({"interview": given, "timezone": zone}, now=f"{day + timedelta(days=2)}T12:00")
        assert plan.situation.interview.isoformat(timespec="minutes") == given
        instants.append(plan.situation.interview.timestamp())
    assert instants[1] > instants[0]  # two different moments, as the offsets said


def test_business_hours_follow_the_wall_clock_across_a_change() -> None:
    """A thank-you e-mail's slots stay 09:00-17:00 local before and after the US spring change."""
    plan = plan_for({"interview": "2026-03-05T14:00", "timezone": "America/New_York", "purpose": "thank_you"},
                    now="2026-03-06T10:00")
    starts = check_clock(plan, "America/New_York", 60)
    assert starts and all(9 <= start.hour < 17 for start in starts)
    offsets = {start.date() >= date(2026, 3, 8): start.utcoffset() for start in starts}
    assert offsets == {False: timedelta(hours=-5), True: timedelta(hours=-4)}
    assert plan.steps[0].window is not None
    assert plan.steps[0].window[1].isoformat().endswith("-04:00")


def test_tehran_has_had_no_dst_since_2022() -> None:
    """The old March change (2022-03-22 00:00) no longer happens: midnight exists, +03:30 all year."""
    plan = plan_for({"interview": "2026-03-22T00:00", "timezone": "Asia/Tehran"}, now="2026-03-23T10:00")
    starts = check_clock(plan, "Asia/Tehran", 60)
    assert {start.utcoffset() for start in starts} == {timedelta(hours=3, minutes=30)}
    with pytest.raises(engine.SituationError) as raised:  # but in 2022 that midnight was skipped
        engine.advise({"interview": "2022-03-22T00:00", "timezone": "Asia/Tehran"})
    assert str(raised.value) == ("interview: 2022-03-22T00:00:00 does not exist in Asia/Tehran (clocks skip it); "
                                 "give an offset")


# --- calendar corners -------------------------------------------------------------------


def test_leap_day_is_a_planned_day() -> None:
    plan = plan_for({"interview": "2028-02-28T11:00", "timezone": "Europe/London", "purpose": "thank_you"},
                    now="2028-02-28T12:00")
    starts = check_clock(plan, "Europe/London", 60)
    assert date(2028, 2, 29) in {start.date() for start in starts}
    assert plan.to_dict()["move_on_after"].startswith("2028-03-13T")  # 14 days, counting February 29


def test_interview_on_a_leap_day() -> None:
    plan = plan_for({"interview": "2028-02-29T11:00", "timezone": "America/New_York", "purpose": "status"},
                    now="2028-03-01T10:00")
    step = plan.steps[0]
    assert step.action == "call" and step.window is not None
    assert step.window[0].date() == date(2028, 3, 6)  # the next working week, past the leap day
    assert plan.to_dict()["move_on_after"].startswith("2028-03-14T")
    with pytest.raises(engine.SituationError) as raised:  # 2027 is no leap year
        engine.advise({"interview": "2027-02-29T11:00", "timezone": "America/New_York"})
    assert str(raised.value) == "interview: not a valid date-time: '2027-02-29T11:00'"


def test_friday_interview_in_iso_week_53() -> None:
    """Friday 2027-01-01 (ISO week 53 of 2026): the best call is Tue-Thu of 2027-01-04's week."""
    assert date(2027, 1, 1).isocalendar()[:2] == (2026, 53)
    plan = plan_for({"interview": "2027-01-01T10:00", "timezone": "America/Chicago", "purpose": "status",
                     "country": "US"}, now="2027-01-02T10:00")
    step = plan.steps[0]
    assert step.action == "call"
    best = step.best[0].start
    assert best.date() in {date(2027, 1, 5), date(2027, 1, 6), date(2027, 1, 7)}, best
    allowed_days = {slot.start.date() for slot in step.allowed}
    assert not allowed_days & {date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)}


def test_thursday_before_a_new_year_holiday() -> None:
    """Thursday 2026-12-31 in Germany: no call on New Year's Day (a holiday) nor the weekend.

    (A competing offer's call: Germany's overlay keeps a status call for more than ten days.)"""
    plan = plan_for({"interview": "2026-12-31T10:00", "timezone": "Europe/Berlin", "purpose": "competing_offer",
                     "competing_offer_deadline": "2027-01-08", "country": "DE"}, now="2027-01-04T08:00")
    step = plan.steps[0]
    days = sorted({slot.start.date() for slot in step.allowed})
    assert days[0] == date(2027, 1, 4)  # Monday: the first business day after the year turns
    assert all(day.weekday() < 5 for day in days)
    assert step.window is not None and step.window[0].year == 2027


def test_now_before_the_interview_waits_for_the_first_slot_after_it() -> None:
    plan = plan_for({"interview": "2026-11-20T14:00", "timezone": "Europe/Paris"}, now="2026-11-18T09:00")
    assert plan.now.verdict == "wait_until"
    assert plan.now.until is not None and plan.now.until > plan.situation.interview


@pytest.mark.parametrize(("interview", "zone", "offsets"), [
    ("1990-06-15T10:00", "America/New_York", {timedelta(hours=-4)}),
    ("2150-03-24T10:00", "Europe/Berlin", {timedelta(hours=1), timedelta(hours=2)}),  # crosses 2150-03-29
    ("2200-12-20T10:00", "Asia/Tokyo", {timedelta(hours=9)}),
])
def test_far_past_and_far_future(interview: str, zone: str, offsets: set[timedelta]) -> None:
    plan = plan_for({"interview": interview, "timezone": zone, "country": "US" if zone == "America/New_York"
                     else None}, now=interview[:10] + "T23:00")
    starts = check_clock(plan, zone, 60)
    assert {start.utcoffset() for start in starts} == offsets
    assert starts[0] > plan.situation.interview
    old = engine.advise({"interview": interview, "timezone": zone})  # now: the real current time
    assert old.now.verdict in ("too_late", "wait_until", "dont_contact")
    assert (old.now.verdict == "too_late") == (int(interview[:4]) < 2000)


# --- unusual offsets and the date line ------------------------------------------------------


@pytest.mark.parametrize(("zone", "offset"), [
    ("Asia/Kathmandu", "+05:45"),
    ("Pacific/Chatham", "+13:45"),  # summer (+12:45 in winter)
    ("Pacific/Kiritimati", "+14:00"),
    ("Pacific/Marquesas", "-09:30"),
    ("Asia/Kolkata", "+05:30"),
])
def test_unusual_offsets_keep_slots_on_the_local_hour(zone: str, offset: str) -> None:
    plan = plan_for({"interview": "2026-11-20T14:00", "timezone": zone, "purpose": "status"},
                    now="2026-11-21T10:00")
    starts = check_clock(plan, zone, 60)
    assert starts and all(start.minute == 0 and 9 <= start.hour < 17 for start in starts)
    data = plan.to_dict()
    assert data["situation"]["interview"].endswith(offset)
    assert all(text.endswith(offset) for text in strings_with_offsets(data["steps"]))


def test_fixed_offset_without_a_zone_is_used_as_is() -> None:
    plan = plan_for({"interview": "2026-11-20T14:00+12:45", "purpose": "status"}, now="2026-11-21T10:00+12:45")
    data = plan.to_dict()
    assert data["timezone"] == "UTC+12:45"
    assert all(text.endswith("+12:45") for text in strings_with_offsets(data["steps"]))
    assert any("fixed offset" in note for note in data["notes"])


def test_candidate_offset_across_the_date_line_is_read_in_the_employers_zone() -> None:
    """09:00 Friday at +14:00 is 08:00 *Thursday* in Pago Pago (-11:00): the employer's Thursday counts."""
    plan = plan_for({"interview": "2026-11-20T09:00+14:00", "timezone": "Pacific/Pago_Pago", "purpose": "status"},
                    now="2026-11-21T10:00+14:00")
    interview = plan.situation.interview
    assert interview.isoformat() == "2026-11-19T08:00:00-11:00"
    step = plan.steps[0]
    days = {slot.start.date() for slot in step.allowed}
    assert min(days) == date(2026, 11, 23)  # not Thu 19 (interview), Fri 20 (next day), nor the weekend
    reasons = {reason.rule.id for reason in step.reasons}
    assert "core-friday-midweek" not in reasons  # a Thursday interview where the employer is
    assert json.loads(json.dumps(plan.to_dict()))["situation"]["interview"].startswith("2026-11-19T08:00")


def test_employer_a_day_ahead_of_the_candidate() -> None:
    """Friday 20:00 at -11:00 (Pago Pago) is Saturday 21:00 in Kiritimati (+14:00), 25 hours ahead."""
    plan = plan_for({"interview": "2026-11-20T20:00-11:00", "timezone": "Pacific/Kiritimati",
                     "purpose": "status"}, now="2026-11-23T10:00-11:00")
    assert plan.situation.interview.isoformat() == "2026-11-21T21:00:00+14:00"
    days = {slot.start.date() for slot in plan.steps[0].allowed}
    assert min(days) == date(2026, 11, 23)  # Saturday interview; Sunday off; Monday is two days on
    assert plan.now.at.isoformat().startswith("2026-11-24T11:00")  # now, in the employer's zone


# Cairo's clocks go back at midnight between Thursday 29 and Friday 30 October 2026: the
# hour from 23:00 on a working Thursday happens twice.
@pytest.mark.parametrize(("now", "verdict", "until"), [
    ("2026-10-29T23:15+03:00", "email_now", None),  # the first 23:15: inside the 23:00 slot
    ("2026-10-29T23:15+02:00", "wait_until", "2026-10-30T00:00+02:00"),  # the repeat is not planned twice
    ("2026-10-29T23:59+02:00", "wait_until", "2026-10-30T00:00+02:00"),
    ("2026-10-30T00:00+02:00", "email_now", None),
])
def test_now_inside_a_fold_is_judged_by_the_instant(allday: engine.Catalog, now: str, verdict: str,
                                                    until: str | None) -> None:
    # country none: weekends only (Saturday and Sunday), not Egypt's Friday and Saturday
    plan = plan_for({"interview": "2026-10-27T10:00", "timezone": "Africa/Cairo", "industry": "allday",
                     "country": "none"}, now=now, profiles=allday)
    data = plan.to_dict()["now"]
    assert data["verdict"] == verdict, data
    assert data.get("until") == (until and datetime.fromisoformat(until).isoformat())
    assert data["at"] == datetime.fromisoformat(now).isoformat()
