"""The calendar as a careers coach reads it: holidays by region, the country of the zone, quiet seasons.

Each case's expected days were worked out by hand from the country's calendar (listed
beside it) and the weights of `general`: +3 the week after the interview, +1 midweek,
+1 at 10:00-12:00 and at 14:00 for a call, -1 on the first morning and the last
afternoon of a working week, -2 from 15:00, +10 (ranking first) midweek of the next week
after an interview on the last working day of the week; and the days against: -3 on a
holiday that only some regions keep, -6 in a quiet season. Best ranges take the top
score, one per day first, then the next ones not touching a chosen one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from typing import Any

import jsonschema
import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

import engine
from engine.evaluation.facts import build_grid
from engine.testing import situations
from engine.testing.calendar import last_day, working_calendar
from engine.testing.invariants import OUT_OF_HOURS, violations

CATALOG = engine.default_catalog()
# These plans follow core, general and the industry profiles, as the derivations say: the
# employer's country sets the calendar (working week, holidays, quiet seasons) but its
# etiquette overlay is left out. The overlays' own plans are checked in tests/test_overlays.py.
GENERAL_ONLY = engine.Catalog(overlays=False)
NY, ROME, LONDON, TOKYO = "America/New_York", "Europe/Rome", "Europe/London", "Asia/Tokyo"


PLAN_SCHEMA = json.loads((ROOT / "schemas" / "plan.schema.json").read_text(encoding="utf-8"))


def followup(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "engine", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def plan(now: str, **situation: Any) -> dict[str, Any]:
    return engine.advise(situation, now=now, profiles=GENERAL_ONLY).to_dict()


def best(found: dict[str, Any], step: int = 0) -> list[tuple[str, str]]:
    """A step's best ranges as (start, end) local wall-clock times, to the minute."""
    return [(item["start"][:16], item["end"][:16]) for item in found["steps"][step]["best"]]


def notes(found: dict[str, Any]) -> str:
    return " ".join(found["notes"])


# --- holidays that only some regions keep --------------------------------------------------------


def test_italy_a_provinces_patron_saint_neither_blocks_the_interview_day_nor_the_thanks() -> None:
    # Mon 1 Jun 2026: Saint Crescentinus (Pesaro-Urbino only); Tue 2 Jun: Republic Day (national);
    # Wed 3 Jun: Our Lady of the Letter (Messina only). The 16:00 slot is within the hour after a
    # 15:30 interview; thanks may go until the second working day after it (Wed 1, Thu 2).
    found = plan("2026-06-01T16:45", interview="2026-06-01T15:30", timezone=ROME, country="IT", purpose="thank_you")
    step = found["steps"][0]
    assert (step["window"]["earliest"][:16], step["window"]["latest"][:16]) == ("2026-06-03T09:00", "2026-06-04T17:00")
    assert best(found) == [("2026-06-03T09:00", "2026-06-03T17:00"), ("2026-06-04T09:00", "2026-06-04T17:00")]
    assert (found["now"]["verdict"], found["now"]["at"][:16]) == ("wait_until", "2026-06-01T16:45")
    assert found["now"]["until"][:16] == "2026-06-03T09:00"
    assert "Tue 2 Jun (Republic Day)" in notes(found)
    assert "Wed 3 Jun (Our Lady of the Letter, in ME)" in notes(found)
    assert "Mon 1 Jun" not in notes(found)  # the interview's own day was a working day


def test_italy_thanks_on_the_interview_day_of_a_provinces_holiday() -> None:
    found = plan("2026-06-01T11:30", interview="2026-06-01T10:00", timezone=ROME, country="IT", purpose="thank_you")
    assert found["now"]["verdict"] == "email_now"
    assert best(found)[0] == ("2026-06-01T11:00", "2026-06-01T17:00")  # within a day: +3 until 17:00


def test_india_a_states_holiday_is_a_working_day_against() -> None:
    # Fri 14 Aug 2026 interview (Sat 15 Aug is Independence Day). Next week, Mon 17 to Fri 21 Aug:
    # Wed 19 is a holiday of Tripura only, Thu 20 of Sikkim only: working days, so Tue 18, Wed 19
    # and Thu 20 are midweek (+10). Tue 18 at 10:00-12:00 scores 3+1+1; Wed 19 and Thu 20 three less.
    found = plan("2026-08-14T17:00", interview="2026-08-14T10:00", timezone="Asia/Kolkata", country="IN",
                 purpose="status")
    assert best(found) == [("2026-08-18T10:00", "2026-08-18T12:00"), ("2026-08-19T10:00", "2026-08-19T12:00"),
                           ("2026-08-20T10:00", "2026-08-20T12:00")]
    scores = [item["score"] for item in found["steps"][0]["best"]]
    assert scores == [15, 12, 12]
    assert "Wed 19 Aug" in notes(found) and "in TR" in notes(found) and "Thu 20 Aug" in notes(found)
    against = {reason["rule"] for reason in found["steps"][0]["reasons"] if reason["direction"] == "disfavours"}
    assert "regional-holiday-against" in against


def test_us_the_day_after_thanksgiving_is_kept_by_a_third_of_the_states() -> None:
    # Fri 20 Nov 2026 interview; Thu 26 Nov Thanksgiving (federal), Fri 27 Nov kept by 17 of 51
    # states: a working day, the week's last. So Tue 24 and Wed 25 are midweek (+10).
    found = plan("2026-11-21T10:00", interview="2026-11-20T14:00", timezone=NY, country="US", purpose="status")
    assert best(found) == [("2026-11-24T10:00", "2026-11-24T12:00"), ("2026-11-25T10:00", "2026-11-25T12:00"),
                           ("2026-11-24T14:00", "2026-11-24T15:00")]
    assert "Thu 26 Nov (Thanksgiving Day)" in notes(found)
    # Which states keep it is the holidays package's data (older releases, on Python 3.10, list fewer).
    assert "Fri 27 Nov (Day After Thanksgiving, in CA, DE, FL and " in notes(found)
    assert "US-CA" in notes(found)  # the suggestion to give the region


@pytest.mark.parametrize(("country", "day", "name"), [
    ("GB", date(2026, 4, 6), "Easter Monday"),  # England, Wales, Northern Ireland: 3 of 4
    ("DE", date(2025, 10, 31), "Reformation Day"),  # 9 of Germany's 17 calendars
])
def test_a_holiday_most_regions_keep_is_a_day_off(country: str, day: date, name: str) -> None:
    found = plan(f"{day - timedelta(days=3)}T12:00", interview=f"{day - timedelta(days=3)}T10:00",
                 timezone=LONDON if country == "GB" else "Europe/Berlin", country=country, purpose="thank_you")
    assert all(not start.startswith(day.isoformat()) for start, _ in best(found))
    assert f"({name})" in found["notes"][0] + found["notes"][1]


# --- the country of the time zone ---------------------------------------------------------------


def test_the_readme_example_without_a_country_keeps_thanksgiving_free() -> None:
    result = followup("advise", "--interview", "2026-11-20T14:00", "--timezone", NY, "--purpose", "status",
                      "--now", "2026-11-21T10:00", "--format", "json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    jsonschema.validate(found, PLAN_SCHEMA)
    assert best(found) == [("2026-11-24T10:00", "2026-11-24T12:00"), ("2026-11-25T10:00", "2026-11-25T12:00"),
                           ("2026-11-24T14:00", "2026-11-24T15:00")]
    assert found["notes"][0] == ("No country given: the public holidays are those of US, where the America/New_York "
                                 'time zone is. Give another country to change this, or "none" to consider weekends '
                                 "only.")
    assert "country" not in found["situation"]  # planning the echo takes the country from the zone again
    again = engine.advise(found["situation"], now="2026-11-21T10:00", profiles=GENERAL_ONLY).to_dict()
    assert again == found


@pytest.mark.parametrize(("zone", "country"), [
    ("US/Eastern", "US"), ("Europe/Oslo", "NO"), ("Asia/Calcutta", "IN"), ("America/Sao_Paulo", "BR"),
])
def test_a_zone_of_one_country_gives_its_holidays(zone: str, country: str) -> None:
    found = engine.advise({"interview": "2026-11-20T14:00", "timezone": zone}, now="2026-11-20T15:00", profiles=GENERAL_ONLY)
    assert (found.situation.country, found.situation.country_source) == (country, "zone")
    assert found.to_dict()["notes"][0].startswith(f"No country given: the public holidays are those of {country},")


@pytest.mark.parametrize("situation", [
    {"interview": "2026-11-20T14:00", "timezone": "UTC"},
    {"interview": "2026-11-20T14:00", "timezone": "Etc/GMT+5"},
    {"interview": "2026-11-20T14:00-05:00"},
])
def test_a_zone_of_no_country_keeps_weekends_only(situation: dict[str, Any]) -> None:
    found = engine.advise(situation, now="2026-11-20T15:00", profiles=GENERAL_ONLY)
    assert found.situation.country is None
    assert "No country given: weekends are days off" in found.to_dict()["notes"][0]


def test_country_none_keeps_weekends_only() -> None:
    # Weekends only: Mon 23 to Fri 27 Nov all work, so Tue 24 to Thu 26 (Thanksgiving) are midweek.
    found = plan("2026-11-21T10:00", interview="2026-11-20T14:00", timezone=NY, country="none", purpose="status")
    assert best(found) == [("2026-11-24T10:00", "2026-11-24T12:00"), ("2026-11-25T10:00", "2026-11-25T12:00"),
                           ("2026-11-26T10:00", "2026-11-26T12:00")]
    assert found["situation"]["country"] == "none"
    jsonschema.validate(found, PLAN_SCHEMA)
    assert found["notes"][0] == "No country given: weekends are days off, public holidays are not considered."
    assert engine.advise(found["situation"], now="2026-11-21T10:00", profiles=GENERAL_ONLY).to_dict() == found


def test_country_none_on_the_command_line() -> None:
    # In any case: the page sends the country upper-cased.
    result = followup("advise", "--interview", "2026-11-20T14:00", "--timezone", NY, "--country", "NONE",
                      "--purpose", "status", "--now", "2026-11-21T10:00")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Thu 26 Nov 10:00\u201312:00" in out  # an en dash between the times
    assert "Thanksgiving" not in out


def test_a_misspelt_country_still_names_the_field() -> None:
    result = followup("advise", "--interview", "2026-11-20T14:00", "--timezone", NY, "--country", "nowhere",
                      "--now", "2026-11-21T10:00")
    err = result.stderr
    assert result.returncode == 2
    assert "country" in err and "none" in err and "Traceback" not in err


# --- quiet seasons ------------------------------------------------------------------------------


@pytest.mark.parametrize(("zone", "country", "midweek"), [(NY, "US", "2026-12-29"), (LONDON, "GB-ENG", "2026-12-30")])
def test_christmas_to_new_year_moves_a_status_call_to_january(zone: str, country: str, midweek: str) -> None:
    # Mon 21 Dec 2026 interview; the week after runs Mon 28 (US) or Tue 29 (England: Boxing Day
    # observed on Mon 28) to Thu 31 Dec, all in the season (-6); Fri 1 Jan is a holiday; the
    # horizon's last day, Mon 4 Jan, is out of it: 14:00 scores +1. The season's best is its
    # first midweek day at 10:00-12:00 (Tue 29 in the US, Wed 30 in England): 3+1+1-6 = -1.
    found = plan("2026-12-21T17:00", interview="2026-12-21T11:00", timezone=zone, country=country, purpose="status")
    assert best(found)[0] == ("2027-01-04T14:00", "2027-01-04T15:00")
    assert best(found)[1] == (f"{midweek}T10:00", f"{midweek}T12:00")
    assert "Christmas to New Year" in notes(found)


def test_golden_week_is_left_out_where_the_window_allows() -> None:
    # Thu 23 Apr 2026 interview. Week after: Mon 27 (first), Tue 28 (mid), Wed 29 Showa Day, Thu 30
    # and Fri 1 May in Golden Week (29 Apr to the substitute holiday on Wed 6 May). Then Thu 7 May,
    # the horizon's last day, the first working day of its week.
    found = plan("2026-04-23T17:00", interview="2026-04-23T10:00", timezone=TOKYO, country="JP", purpose="status")
    assert best(found) == [("2026-04-28T10:00", "2026-04-28T12:00"), ("2026-04-27T14:00", "2026-04-27T15:00"),
                           ("2026-05-07T14:00", "2026-05-07T15:00")]
    assert "Golden Week (Thu 30 Apr to Fri 1 May)" in notes(found)


def test_brazils_carnival_to_ash_wednesday() -> None:
    # Tue 10 Feb 2026 interview. Week after: Carnival Mon 16 and Tue 17 Feb, Ash Wednesday 18 Feb
    # (offices open at noon), then Thu 19 (mid: 3+1, +1 at 10:00-12:00) and Fri 20 (last: 3, +1).
    # A third day: Tue 24 Feb, the horizon's last, midweek (1, +1), beats the season's -1.
    found = plan("2026-02-10T17:00", interview="2026-02-10T10:00", timezone="America/Sao_Paulo", country="BR",
                 purpose="status")
    assert best(found) == [("2026-02-19T10:00", "2026-02-19T12:00"), ("2026-02-20T10:00", "2026-02-20T12:00"),
                           ("2026-02-24T10:00", "2026-02-24T12:00")]
    assert "Carnival (Mon 16 Feb to Wed 18 Feb)" in notes(found)


def test_august_in_france() -> None:
    # Wed 19 Aug 2026 interview. The week after (24-28 Aug) is in August (-6); Tue 1 and Wed 2 Sep
    # (the horizon's last day) are midweek of the week after that: 1 (midweek) + 1 (10:00-12:00).
    # A third day: August's best, Tue 25 Aug 10:00-12:00, 3+1+1-6 = -1.
    found = plan("2026-08-19T17:00", interview="2026-08-19T10:00", timezone="Europe/Paris", country="FR",
                 purpose="status")
    assert best(found) == [("2026-09-01T10:00", "2026-09-01T12:00"), ("2026-09-02T10:00", "2026-09-02T12:00"),
                           ("2026-08-25T10:00", "2026-08-25T12:00")]
    assert "August holidays (Wed 19 Aug to Mon 31 Aug)" in notes(found)  # from the interview on


def test_thanks_are_not_moved_by_a_quiet_season() -> None:
    found = plan("2026-12-28T11:30", interview="2026-12-28T10:00", timezone=NY, country="US", purpose="thank_you")
    assert found["now"]["verdict"] == "email_now"
    assert "quiet-season-against" not in {reason["rule"] for reason in found["steps"][0]["reasons"]}


# --- properties, every bundled profile ----------------------------------------------------------

REGIONAL_COUNTRIES = ("IT", "IN", "US", "DE", "ES", "CH", "BR", "GB", "AU", "MX", "FR", "JP", "AE", "IL", "CN")


@given(data=st.data())
def test_regions_and_seasons_are_weighed_and_named(data: st.DataObject) -> None:
    profile_id = data.draw(st.sampled_from(CATALOG.industries), label="profile")
    profile = CATALOG.resolve(profile_id)
    situation, now = data.draw(situations(profile_id, max_horizon=profile.settings.horizon_days + 3), label="case")
    situation["country"] = data.draw(st.sampled_from(REGIONAL_COUNTRIES), label="country")
    found = engine.advise(situation, now=now, profiles=GENERAL_ONLY)
    calendar = working_calendar(found)
    first = found.situation.interview.date()
    grid = build_grid(found.situation, profile.settings)
    # A holiday only some regions keep never blocks the interview's own day, nor any other.
    assert grid.days[0]["business_day"] == calendar.working(first)
    assert grid.days[0]["regional_holiday"] is False
    # No best range on a holiday most of the country keeps.
    for step in found.steps:
        if step.note is not None and step.note.code in OUT_OF_HOURS:  # an offer e-mail sent when it must
            continue
        for item in step.best:
            assert not calendar.public_holiday(item.start.date()), (step.purpose, item.start)
    # Every regional holiday and quiet season in the plan's working days is named (the checker's
    # coach points), and every other promise holds.
    assert violations(found) == []
    text = " ".join(found.to_dict()["notes"])
    for offset in range(1, (last_day(found, calendar) - first).days + 1):
        day = first + timedelta(days=offset)
        if calendar.regional_holiday(day) and day.weekday() in grid.working_weekdays:
            assert f"{day.day} {day.strftime('%b')}" in text, day


def test_the_season_note_reads_as_dates_not_keys() -> None:
    found = plan("2026-12-21T17:00", interview="2026-12-21T11:00", timezone=NY, country="US", purpose="status")
    season = next(note for note in found["notes"] if note.startswith("Quiet season"))
    assert season == ("Quiet season in US, when many people are away and offices are thin: Christmas to New Year "
                      "(Thu 24 Dec to Thu 31 Dec). A status or feedback question waits until after it where the plan "
                      "allows.")
    assert datetime.fromisoformat(found["steps"][0]["best"][0]["start"]).date() == date(2027, 1, 4)
