"""Fixed English names of days and months, so output never depends on the machine's locale."""

from __future__ import annotations

from datetime import date

__all__ = ["DAYS", "DAY_NAMES", "MONTHS", "MONTH_NAMES", "format_day", "format_long_day"]

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


def format_day(day: date, *, year: int | None = None) -> str:
    """``Thu 26 Nov`` (with the year when it is not ``year``)."""
    text = f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return text if day.year == year else f"{text} {day.year}"


def format_long_day(day: date, *, year: int | None = None) -> str:
    """``Thursday 26 November`` (with the year when it is not ``year``), as a sentence writes it."""
    text = f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"
    return text if day.year == year else f"{text} {day.year}"
