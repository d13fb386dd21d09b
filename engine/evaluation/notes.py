"""The plan's notes: what the profile and the calendar add (quiet seasons, regional holidays)."""

from __future__ import annotations

from datetime import date

from ..language.model import Profile
from ..plan import Message
from ..situation import Situation
from .facts import Grid

__all__ = ["holiday_notes", "plan_notes"]


def plan_notes(profile: Profile, situation: Situation, grid: Grid) -> list[Message]:
    notes = [Message("profile_warning", {"warning": warning}) for warning in profile.warnings]
    if situation.country is None:
        notes.append(Message("no_country"))
    elif situation.country_source == "zone":
        notes.append(Message("country_from_zone",
                             {"country": situation.country, "zone": situation.zone_name}))
    notes += holiday_notes(situation, grid)
    if situation.fixed_offset:
        notes.append(Message("fixed_offset", {"zone": situation.zone_name}))
    if profile.evidence in ("mixed", "thin"):
        notes.append(Message(f"evidence_{profile.evidence}",
                             {"name": profile.name, "names": profile.names}))
    return notes


def holiday_notes(situation: Situation, grid: Grid) -> list[Message]:
    """Name the holidays on otherwise working days of the plan: they moved or blocked its steps."""
    workdays = [day for day in grid.dates if day.weekday() in grid.working_weekdays]
    country = situation.country or ""
    national = tuple((day, grid.holidays[day]) for day in workdays if day in grid.holidays
                     and day not in grid.regional)
    regional = tuple((day, *grid.regional[day]) for day in workdays if day in grid.regional)
    notes = []
    if national:
        where = country + (f"-{situation.subdivision}" if situation.subdivision else "")
        notes.append(Message("public_holidays", {"where": where, "days": national}))
    if regional:
        notes.append(Message("regional_holidays", {"country": country, "days": regional}))
    seasons: list[tuple[str, date, date]] = []  # runs of working days in one season
    for day in workdays:
        name = grid.quiet.get(day)
        if name is None or day in grid.holidays:
            continue
        if (seasons and seasons[-1][0] == name
                and grid.business_days_between(seasons[-1][2], day) <= 1):
            seasons[-1] = (name, seasons[-1][1], day)
        else:
            seasons.append((name, day, day))
    if seasons:
        notes.append(Message("quiet_seasons", {"country": country, "seasons": tuple(seasons)}))
    return notes
