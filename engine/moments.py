"""Dates and date-times as a situation writes them: ISO 8601, checked against DST gaps and folds."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone, tzinfo
from typing import Any

from .errors import SituationError, shown
from .spellings import DATE_SPELLING, DATETIME_SPELLING, YEARS

__all__ = ["DATETIME", "check_year", "localize", "parse_date", "parse_datetime"]

# The spellings of the vocabulary, which the situation schema's patterns are made of; used
# with fullmatch (``$`` would also match before a final newline).
DATETIME = re.compile(DATETIME_SPELLING)
_DATE_ONLY = re.compile(DATE_SPELLING)
# Roughly a date (or a date-time): the start of a spelling the patterns refuse, to say why.
_DATE_LIKE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FRACTION = re.compile(r"\.([0-9]{1,6})")


def parse_datetime(value: Any, field: str, zone: tzinfo | None) -> datetime:
    """An aware date-time from ISO 8601 text (or a datetime), checked against DST."""
    if isinstance(value, datetime):
        _refuse_missing(value, field)
        moment = value
    elif isinstance(value, str):
        moment = _from_text(value, field)
    else:
        raise SituationError(field,
                             f"expected an ISO 8601 date-time string, got {type(value).__name__}")
    check_year(moment.year, field)
    if moment.tzinfo is not None:
        return moment.astimezone(zone) if zone is not None else moment
    if zone is None:
        raise SituationError(
            field,
            f"{moment.isoformat()} has no UTC offset and no 'timezone' was given; add one of them"
        )
    return localize(moment, zone, field)


def _from_text(value: str, field: str) -> datetime:
    """A date-time spelt as the vocabulary's
    ``DATETIME_SPELLING`` says, or an error saying why not."""
    if DATETIME.fullmatch(value):
        text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
        # Python 3.10 reads a fraction of exactly 3 or 6 digits only.
        text = _FRACTION.sub(lambda digits: "." + digits.group(1).ljust(6, "0"), text, count=1)
        try:
            return datetime.fromisoformat(text)
        except ValueError:  # a day the month does not have
            raise SituationError(field, f"not a valid date-time: {shown(value)}") from None
    raise SituationError(field, _misspelt(value, "date-time", "2026-11-20T14:00"))


def _misspelt(value: str, what: str, example: str) -> str:
    """Why a date or date-time text is refused."""
    if value != value.strip():
        return f"not an ISO 8601 {what}: {shown(value)} has white space around it"
    if what == "date-time" and _DATE_ONLY.fullmatch(value):
        return f"give a time as well as a date: {shown(value)} (e.g. {value}T14:00)"
    if _DATE_LIKE.match(value) and not YEARS[0] <= int(value[:4]) <= YEARS[1]:
        return f"year {value[:4]} is out of range ({YEARS[0]}-{YEARS[1]})"
    if (what == "date-time" and value[10:11] in (" ", "t")
            and DATETIME.fullmatch(value[:10] + "T" + value[11:])):
        return (f"not an ISO 8601 date-time: {shown(value)} (write an upper-case T between the "
                "date and the time)")
    return f"not an ISO 8601 {what}: {shown(value)} (e.g. {example})"


def check_year(year: int, field: str) -> None:
    if not YEARS[0] <= year <= YEARS[1]:
        raise SituationError(field, f"year {year} is out of range ({YEARS[0]}-{YEARS[1]})")


def localize(naive: datetime, zone: tzinfo, field: str) -> datetime:
    """Attach ``zone`` to a wall-clock time, refusing gaps and folds."""
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        # Either the wall time happens twice (fold) or never (gap).
        back = first.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None)
        if back != naive:
            raise SituationError(field, f"{naive.isoformat()} does not exist in {zone} (clocks "
                                        "skip it); give an offset")
        raise SituationError(
            field, f"{naive.isoformat()} happens twice in {zone} (clocks go back); give an offset "
                   "to choose"
        )
    return first


def _refuse_missing(value: date, field: str) -> None:
    """pandas' NaT (a missing date, which is a datetime that equals nothing, itself included)."""
    if value != value:
        raise SituationError(field, "a missing value (NaT); leave the field out instead")


def parse_date(value: Any, field: str) -> date:
    """A calendar date (a promised reply, an offer's deadline): the plan counts whole days.

    A date-time is refused rather than cut to its date: the time would be dropped
    without a word, and a date-time written in UTC may even fall on another local day.
    """
    if isinstance(value, date):
        _refuse_missing(value, field)
    if isinstance(value, datetime) or (isinstance(value, str) and DATETIME.fullmatch(value)):
        text = value.isoformat() if isinstance(value, datetime) else value
        raise SituationError(field, f"give the date alone (e.g. {text[:10]}), not the date-time "
                                    f"{shown(text)}: the plan counts whole days of the employer's "
                                    "calendar and has no use for a time")
    if isinstance(value, date):
        check_year(value.year, field)
        return value
    if not isinstance(value, str):
        raise SituationError(field,
                             f"expected a date such as 2026-11-27, got {type(value).__name__}")
    if not _DATE_ONLY.fullmatch(value):
        raise SituationError(field, _misspelt(value, "date", "2026-11-27"))
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SituationError(field, f"not a date: {shown(value)} (e.g. 2026-11-27)") from None
