"""Facts no bundled profile builds on, seen through a user's own profile on real plans.

The bundled profiles never test ``holiday`` and test ``days_since_last_contact`` only
with one earlier contact, so a regional holiday left out of ``holiday`` or the days
counted from the first contact rather than the last would change no bundled plan. A
user's profile can build on both; these tests write such profiles and read, slot by
slot, which rules the engine fired (``Step.trace.considered``) and where it puts the best
times. Every expected day below is written by hand from the calendars and the contacts.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

import engine

FESTIVE = """\
id: festive
name: Holidays kept apart
extends: general
rules:
  - id: festive-holiday
    when: {holiday: true}
    then: {prefer: -1}
    why: A public holiday is a day for family, not for news about a job.
    source: seed
"""

SPACED = """\
id: spaced
name: Follow-ups spaced from the last one
extends: core
rules:
  - id: spaced-recent
    when: {days_since_last_contact: {le: 2}}
    then: {prefer: -1}
    why: Two days after a follow-up are too soon for the next.
    source: seed
  - id: spaced-status
    when: {purpose: status, contacts: {ge: 1}, days_since_last_contact: {lt: 5}}
    then: {forbid: true}
    why: Leave most of a working week between two follow-ups.
    source: seed
"""


@pytest.fixture(scope="module")
def profiles(tmp_path_factory: pytest.TempPathFactory) -> engine.Catalog:
    folder = tmp_path_factory.mktemp("user-profiles")
    (folder / "festive.yaml").write_text(FESTIVE, encoding="utf-8")
    (folder / "spaced.yaml").write_text(SPACED, encoding="utf-8")
    return engine.Catalog([folder])


def _fired_days(step: engine.Step, rule: str) -> set[date]:
    return {slot.day for slot, outcome in step.trace.considered if rule in outcome.fired}


# Epiphany (Wednesday 6 January 2027) is a holiday in Bavaria, Baden-Wuerttemberg and
# Saxony-Anhalt, not in Berlin; Cesar Chavez Day (Wednesday 31 March 2027) is a state
# holiday in California, not in New York. Neither is a national holiday.
HOLIDAYS = [
    pytest.param("DE-BY", "2027-01-04T10:00", "Europe/Berlin", {date(2027, 1, 6)}, id="bavaria-epiphany"),
    pytest.param("DE-BE", "2027-01-04T10:00", "Europe/Berlin", set(), id="berlin-no-epiphany"),
    # Without a region, a holiday only 3 of 16 states keep is no holiday: it is a day against
    # (the regional_holiday fact), not a day off.
    pytest.param("DE", "2027-01-04T10:00", "Europe/Berlin", set(), id="germany-regional-epiphany"),
    pytest.param("US-CA", "2027-03-29T10:00", "America/Los_Angeles", {date(2027, 3, 31)}, id="california-chavez"),
    pytest.param("US-NY", "2027-03-29T10:00", "America/New_York", set(), id="new-york-no-chavez"),
]


@pytest.mark.parametrize(("country", "interview", "zone", "expected"), HOLIDAYS)
def test_the_holiday_fact_follows_the_region(profiles: engine.Catalog, country: str, interview: str, zone: str,
                                             expected: set[date]) -> None:
    situation = {"interview": interview, "timezone": zone, "industry": "festive", "country": country,
                 "purpose": "status"}
    plan = engine.advise(situation, now=interview, profiles=profiles)
    step = plan.steps[0]
    assert _fired_days(step, "festive-holiday") == expected
    # The day is kept free whatever the profile says (core's days off).
    for day in expected:
        assert all(range_.start.date() != day for range_ in step.best)


NY = ZoneInfo("America/New_York")
# Monday 19 October 2026, 09:00 in New York; e-mails on Tuesday 20 October at 10:30 and on
# Monday 26 October at 10:30. No holiday in New York between 19 October and 2 November.
TWO_CONTACTS = {
    "interview": "2026-10-19T09:00", "timezone": "America/New_York", "country": "US-NY", "industry": "spaced",
    "contacts": [{"at": "2026-10-20T10:30-04:00", "channel": "email"},
                 {"at": "2026-10-26T10:30-04:00", "channel": "email"}],
}


def test_days_since_last_contact_counts_from_the_latest_contact(profiles: engine.Catalog) -> None:
    plan = engine.advise({**TWO_CONTACTS, "purpose": "feedback"}, now="2026-10-19T09:00", profiles=profiles)
    step = plan.steps[0]
    fired = {(slot.day, slot.minutes) for slot, outcome in step.trace.considered if "spaced-recent" in outcome.fired}
    days = {day for day, _ in fired}
    # Up to two days after the interview (19-21 October), then after the first e-mail (20-22
    # October), then after the second (26 October from 11:00, 27 and 28 October).
    assert days == {date(2026, 10, d) for d in (19, 20, 21, 22, 26, 27, 28)}
    assert (date(2026, 10, 26), 9 * 60) not in fired  # six days after the first e-mail
    assert (date(2026, 10, 26), 10 * 60) not in fired  # the second e-mail is sent at 10:30, after this slot starts
    assert (date(2026, 10, 26), 11 * 60) in fired


def test_a_status_question_waits_five_days_after_the_latest_contact(profiles: engine.Catalog) -> None:
    plan = engine.advise({**TWO_CONTACTS, "purpose": "status"}, now="2026-10-19T09:00", profiles=profiles)
    step = plan.steps[0]
    allowed = {(slot.day, slot.minutes) for slot in step.allowed}
    # Before a contact, any slot; after each e-mail, nothing for five calendar days: the
    # first e-mail closes 20 October from 11:00 to 25 October, the second 26 October from
    # 11:00 to Saturday 31 October; the next working day is Monday 2 November.
    expected_before = {(date(2026, 10, 19), hour * 60) for hour in range(10, 17)}
    expected_before |= {(date(2026, 10, d), hour * 60) for d in (20, 26) for hour in (9, 10)}
    assert {found for found in allowed if found[0] < date(2026, 11, 2)} == expected_before
    assert (date(2026, 11, 2), 9 * 60) in allowed
    assert all(range_.start.date() not in {date(2026, 10, 26) + timedelta(days=n) for n in range(1, 7)}
               for range_ in step.best)
