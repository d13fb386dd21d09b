"""Named periods of a profile: fixed dates of the year, or days around a holiday of the country.

A profile's ``periods:`` section names stretches of the year ("winter-break": 12-24 to
01-01; "diwali-week": two days before Diwali to four days after), and a rule tests
them in ``when:`` with ``period: NAME``. Each period becomes a day fact of its own
(:func:`period_fact`), true on the days it covers; :mod:`engine.evaluation.days` computes
it once per day, with the other day facts. This module holds what a profile says and
its checks; the days a holiday falls on are the evaluation's to find.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..caches import memo
from ..errors import Diagnostic, Suggestions
from ..vocabulary import PERIOD_PREFIX, period_fact
from .yaml_source import Document

__all__ = ["Anchor", "Period", "check_periods", "known_holiday_names", "parse_periods",
           "period_fact", "period_names_in", "period_uses", "plain_holiday_name"]

_MONTH_DAY = re.compile(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")
# A leap year, so that 02-29 is a date of the year (it falls on 02-28 in other years).
_LEAP = 2024
_QUALIFIER = re.compile(r"\s*\((estimated|observed|approximated)\)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Anchor:
    """One end of a period: a fixed month and day, or a holiday (by name) and days from it."""

    month_day: tuple[int, int] | None = None
    holiday: str | None = None
    days: int = 0

    def text(self) -> str:
        if self.month_day is not None:
            return f"{self.month_day[0]:02d}-{self.month_day[1]:02d}"
        offset = f" {self.days:+d} day{'' if abs(self.days) == 1 else 's'}" if self.days else ""
        return f"{self.holiday}{offset}"


@dataclass(frozen=True)
class Period:
    """A named period: from one anchor to another, both days included."""

    name: str
    start: Anchor
    end: Anchor
    profile: str = ""

    @property
    def fact(self) -> str:
        return period_fact(self.name)

    def to_dict(self) -> dict[str, Any]:
        return {"from": _anchor_dict(self.start), "to": _anchor_dict(self.end)}


def _anchor_dict(anchor: Anchor) -> Any:
    if anchor.month_day is not None:
        return anchor.text()
    return {"holiday": anchor.holiday, **({"days": anchor.days} if anchor.days else {})}


def plain_holiday_name(name: str) -> str:
    """A holiday's name without the calendar's qualifier, folded for comparison."""
    return _QUALIFIER.sub("", name).strip().casefold()


@memo("language.periods.known_holiday_names")
def known_holiday_names() -> dict[str, str]:
    """Every holiday name of every country's calendar (this
    year's and the next two), folded -> as written."""
    import warnings

    import holidays

    found: dict[str, str] = {}
    year = date.today().year
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for country in sorted(holidays.list_supported_countries()):
            try:
                cls = getattr(holidays, country)
                language = "en_US" if "en_US" in cls.supported_languages else None
                calendar = holidays.country_holidays(country, years=range(year, year + 3),
                                                     language=language)
            except Exception:
                continue
            for name in calendar.values():
                for part in str(name).split("; "):
                    found.setdefault(plain_holiday_name(part), _QUALIFIER.sub("", part).strip())
    return found


def _anchor(raw: Any) -> Anchor | None:
    if isinstance(raw, str):
        match = _MONTH_DAY.fullmatch(raw)
        if match is None:
            return None
        month, day = int(match.group(1)), int(match.group(2))
        try:
            date(_LEAP, month, day)
        except ValueError:
            return None
        return Anchor(month_day=(month, day))
    if isinstance(raw, Mapping) and isinstance(raw.get("holiday"), str):
        days = raw.get("days", 0)
        return Anchor(holiday=raw["holiday"], days=days if isinstance(days, int) else 0)
    return None


def parse_periods(data: Mapping[str, Any], profile: str = "") -> dict[str, Period]:
    """The periods a (schema-checked) profile document defines; ill-formed ones are left out."""
    raw = data.get("periods")
    found: dict[str, Period] = {}
    for name, spec in (raw.items() if isinstance(raw, Mapping) else ()):
        if not isinstance(spec, Mapping):
            continue
        start, end = _anchor(spec.get("from")), _anchor(spec.get("to"))
        if start is not None and end is not None:
            found[name] = Period(name, start, end, profile)
    return found


def check_periods(document: Document) -> list[Diagnostic]:
    """R314 for each period end that is no date of the year, or names a holiday no calendar has."""
    data = document.data
    raw = data.get("periods") if isinstance(data, Mapping) else None
    found: list[Diagnostic] = []
    suggest = Suggestions()
    for name, spec in (raw.items() if isinstance(raw, Mapping) else ()):
        if not isinstance(spec, Mapping):
            continue
        for key in ("from", "to"):
            value = spec.get(key)
            if isinstance(value, str) and _anchor(value) is None:
                found.append(document.diagnostic(
                    ("periods", name, key), "R314",
                    f"period {name!r}: {key} {value!r} is not a day of the year; write it as MM-DD "
                    '(quoted: "12-24")'))
            elif isinstance(value, Mapping) and isinstance(value.get("holiday"), str):
                holiday = value["holiday"]
                known = known_holiday_names()
                if plain_holiday_name(holiday) not in known:
                    hint = suggest(plain_holiday_name(holiday), known)
                    found.append(document.diagnostic(
                        ("periods", name, key, "holiday"), "R314",
                        f"period {name!r}: no country's calendar has a holiday named {holiday!r}",
                        suggestion=known[hint] if hint else None))
    return found


def period_uses(condition: Any,
                path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Each period name a raw ``when:`` condition tests, with its path inside the condition."""
    if not isinstance(condition, Mapping):
        return
    for key, value in condition.items():
        if key in ("all", "any") and isinstance(value, list):
            for index, item in enumerate(value):
                yield from period_uses(item, (*path, key, index))
        elif key == "not":
            yield from period_uses(value, (*path, key))
        elif key == "period":
            if isinstance(value, str):
                yield (*path, key), value
            elif isinstance(value, list):
                yield from (((*path, key, index), item) for index, item in enumerate(value)
                            if isinstance(item, str))
            elif isinstance(value, Mapping):
                for op, operand in value.items():
                    items = operand if isinstance(operand, list) else [operand]
                    yield from (((*path, key, op, index), item) for index, item in enumerate(items)
                                if isinstance(item, str))


def period_names_in(facts: Sequence[str]) -> list[str]:
    """The period names among compiled fact names."""
    return [fact.removeprefix(PERIOD_PREFIX) for fact in facts if fact.startswith(PERIOD_PREFIX)]
