"""What SPEC promises and the engine does not do yet: each an expected failure (strict).

When the engine is fixed, the test passes, strict xfail turns that into a failure, and the
marker comes off. Each was found by a test written for something else. None is open now:
the last one closed (a profile file that does not parse, asked for by its name) is tested in
tests/test_cli_advise.py.
"""

from __future__ import annotations

from datetime import date

import engine


# SPEC, the situation's ``country``: "``none`` for weekends only" (a gap when this file was
# written, closed since: the test stays as a plain check).
def test_country_none_plans_with_weekends_only() -> None:
    situation = {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "country": "none",
                 "purpose": "status"}
    plan = engine.advise(situation, now="2026-11-21T10:00")
    assert plan.situation.country is None
    # Thanksgiving (Thursday 26 November) is a working day without a country's holidays.
    thursday = [outcome for slot, outcome in plan.steps[0].trace.considered if slot.day == date(2026, 11, 26)]
    assert thursday and not any("core-no-contact-off-days" in outcome.fired for outcome in thursday)
