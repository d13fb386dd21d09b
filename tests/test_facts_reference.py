"""The calendar facts of every profile against a second, plain computation of them.

``benchmarks/reference.py`` checks whole plans, but only for ``general``. The facts that
the other profiles' rules build on (business days and their counts, the parts of the
working week, working weeks, the promise's facts and its stretch of the plan) are
computed here a second time, day by day, by the invariant checker's own calendar (the
``holidays`` package, the country's weekend, the profile's settings) and compared with
the engine's grid, on generated situations in every zone and every bundled profile.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import engine
from engine.evaluation.facts import build_grid
from engine.testing import COUNTRIES, situations
from engine.testing.calendar import last_day, working_calendar

CATALOG = engine.default_catalog()


def _expected_part(calendar: Any, day: Any) -> str:
    if not calendar.working(day):
        return "off"
    days = calendar.working_days_of_week(day)
    if day == days[-1]:
        return "last"
    return "first" if day == days[0] else "mid"


@given(data=st.data())
def test_the_grid_counts_business_days_and_weeks_as_the_calendar_does(data: st.DataObject) -> None:
    profile_id = data.draw(st.sampled_from(CATALOG.industries), label="profile")
    profile = CATALOG.resolve(profile_id)
    situation, now = data.draw(situations(profile_id, max_horizon=profile.settings.horizon_days + 3), label="case")
    situation["country"] = data.draw(st.sampled_from((*COUNTRIES, "IL", "AE", "GB", "DE", "US-CA", "IT", "IN", "BR",
                                                      "JP", "FR", "CN", "SA")), label="country")
    plan = engine.advise(situation, now=now)
    parsed = plan.situation
    grid = build_grid(parsed, CATALOG.resolve(profile_id, parsed.country, parsed.subdivision).settings)  # overlay's
    calendar = working_calendar(plan)
    first = parsed.interview.date()
    last = last_day(plan, calendar)
    assert grid.last_day == last
    # Following up stops at the close of the plan's last working day.
    assert plan.move_on_after.date() == max((day for day in grid.dates if calendar.working(day)), default=last)
    assert grid.interview_week_part == _expected_part(calendar, first)
    promised = parsed.promised_reply_by
    for day, facts in zip(grid.dates, grid.days, strict=True):
        where = f"{day} in {situation['country']}"
        assert facts["business_day"] == calendar.working(day), where
        assert facts["business_days_after"] == calendar.business_days_between(first, day), where
        assert facts["week_part"] == _expected_part(calendar, day), where
        assert facts["weeks_after"] == (calendar.week_start(day) - calendar.week_start(first)).days // 7, where
        assert facts["days_after"] == (day - first).days
        assert facts["holiday"] == calendar.public_holiday(day), where
        # A holiday only some regions keep is a day against, never on the interview's own day.
        assert facts["regional_holiday"] == (day > first and calendar.regional_holiday(day)), where
        assert facts["quiet_season"] == calendar.quiet(day), where
        if promised is not None:
            assert facts["promised_reply_passed"] == (day > promised)
            expected = calendar.business_days_between(promised, day) if day > promised else 0
            if promised >= first - timedelta(days=366):  # older promises are counted from a year back
                assert facts["business_days_after_promise"] == expected, where
