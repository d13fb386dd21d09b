"""Planned days made from shared ones are the days a fresh computation gives.

``planned_days`` remembers days without a promise apart, shares their fact dictionaries,
and makes days with a promise or an offer's deadline from them where it can; each of
those shortcuts must give exactly the days of :func:`engine.evaluation.days._make_days`,
which computes them from nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from engine.evaluation.days import _make_days, planned_days
from engine.language.catalog import default_catalog

PLACES = [(None, None), ("US", None), ("US", "CA"), ("GB", None), ("IL", None), ("DE", "BY"), ("JP", None)]
SETTINGS = {profile: default_catalog().resolve(profile).settings for profile in ("general", "legal", "academia")}


def _shape(days: object) -> tuple[object, ...]:
    fields = ("dates", "facts", "holidays", "regional", "last_day", "interview_week_part", "working_weekdays",
              "origin", "counted")
    return tuple(getattr(days, name) for name in fields)


@given(first=st.dates(date(2025, 1, 1), date(2027, 12, 31)), place=st.sampled_from(PLACES),
       promised=st.none() | st.integers(-400, 400), deadline=st.none() | st.integers(-30, 60),
       profile=st.sampled_from(sorted(SETTINGS)))
def test_remembered_days_are_the_days_computed_afresh(first: date, place: tuple[str | None, str | None],
                                                      promised: int | None, deadline: int | None,
                                                      profile: str) -> None:
    country, region = place
    settings = SETTINGS[profile]
    promise = first + timedelta(days=promised) if promised is not None else None
    offer = first + timedelta(days=deadline) if deadline is not None else None
    for _ in range(2):  # made, then remembered
        shared = planned_days(first, country, region, promise, offer, settings)
        assert _shape(shared) == _shape(_make_days(first, country, region, promise, offer, settings))
