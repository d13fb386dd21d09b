"""Fixed English names of days and months, so output never depends on the machine's locale."""

from __future__ import annotations

from datetime import date

__all__ = ["DAYS", "MONTHS", "format_day"]

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_day(day: date, *, year: int | None = None) -> str:
    """``Thu 26 Nov`` (with the year when it is not ``year``)."""
    text = f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return text if day.year == year else f"{text} {day.year}"
