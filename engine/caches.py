"""Every cache kept for the life of a process: its bound, how threads share it, how to empty it.

The engine remembers what it has computed (holidays of a country's year, the slots of a
day, an evaluator per profile, a translation catalog...) in memory only, never on disk:
:func:`engine.advise` writes nothing anywhere. Each cache is declared in :data:`CACHES`
with its bound (at most so many entries; the least recently used are let go first, or,
for a plain table, all at once when it is full) and how it is safe to share between
threads. The modules that keep them take them from here: a function's cache with
:func:`memo`, a table of their own with :func:`held`. :func:`clear_caches` (also
``engine.clear_caches``) empties every one, for a long-running service that wants its
memory back or a test that wants a cold start; a plan made after is the same as before.

Thread safety: a :func:`memo` cache is :func:`functools.lru_cache`, whose bookkeeping is
locked; two threads that miss the same key may both compute it, and both get equal
values. The tables say each how they are kept safe.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

__all__ = ["CACHES", "CacheSpec", "bound", "cache_sizes", "clear_caches", "held", "memo"]

F = TypeVar("F", bound=Callable[..., Any])

_LRU = "functools.lru_cache (locked bookkeeping)"
_GIL = "one dict get or set at a time, each atomic; a clear racing a set loses only that entry"


@dataclass(frozen=True)
class CacheSpec:
    """A cache: its name (module and function or table), its bound in entries, its thread safety."""

    name: str
    bound: int | None  # None: a fixed set of keys (one entry, or one per bundled schema)
    threads: str
    what: str


CACHES: dict[str, CacheSpec] = {spec.name: spec for spec in (
    # time zones and countries
    CacheSpec("zones.zone_names", 1, _LRU, "the time zones tzdata knows"),
    CacheSpec("zones.zone_countries", 1, _LRU, "the country of each time zone"),
    CacheSpec("countries.codes", 1, _LRU, "the countries the holidays package knows"),
    # language
    CacheSpec("language.schema_build.profile_schema", 1, _LRU,
              "the profile schema built from the vocabulary"),
    CacheSpec("language.schema.load_schema", None, _LRU, "each shipped schema, read once"),
    CacheSpec("language.schema.pattern_of", None, _LRU,
              "the compiled regular expressions of the schema's patterns"),
    CacheSpec("language.schema.validator", 1, _LRU, "the validator of the profile schema"),
    CacheSpec("language.passed.salt", 1, _LRU, "the digest of the schema and its checking code"),
    CacheSpec("language.bundled_index.read", 4, _LRU,
              "the shipped index of the bundled profiles' ids, per folder"),
    CacheSpec("language.passed.read_salt", 1, _LRU,
              "the digest of the code that reads a profile file's id"),
    CacheSpec("language.periods.known_holiday_names", 1, _LRU,
              "the holiday names a period may name"),
    CacheSpec("language.catalog.default", 1, "double-checked under its own lock",
              "the default catalog: the bundled profiles and packs, read once"),
    # evaluation
        CacheSpec("evaluation.holidays_source.weekend_days", 256, _LRU, "a country's weekend"),
    CacheSpec("evaluation.holidays_source.year", 2048, _LRU,
              "a country's (and region's) year of holidays"),
    CacheSpec("evaluation.holidays_source.quiet_seasons", 512, _LRU,
              "a country's quiet seasons in a year"),
    CacheSpec("evaluation.holidays_source.holiday_days", 1024, _LRU,
              "the named holidays of a year"),
    CacheSpec("evaluation.days.plain_days", 1024, _LRU,
              "planned days without a promise or deadline"),
    CacheSpec("evaluation.days.promised_days", 256, _LRU,
              "planned days with a promise or deadline"),
    CacheSpec("evaluation.days.shared", 16_384, _GIL,
              "day facts shared by the plans whose days agree"),
    CacheSpec("evaluation.facts.day_slots", 16_384, _LRU, "a day's slots in a zone"),
    CacheSpec("evaluation.evaluate.evaluators", 256, "under its own lock",
              "an evaluator per profile and backend (each bounds its own answers)"),
    CacheSpec("evaluation.backends.probed", 1, "under its own lock",
              "whether durable-rules works here"),
    CacheSpec("evaluation.backends.durable.rulesets", 64,
              "under its own lock; each ruleset under its lock",
              "the rule sets registered with durable-rules (deleted from it when let go)"),
    # report
    CacheSpec("report.i18n.translations", None, _LRU, "a language's message catalog"),
    CacheSpec("report.variants.pattern", 2, _LRU,
              "the compiled words to respell, one pattern per English variant"),
    CacheSpec("report.variants.respell", 4_096, _LRU,
              "a draft's text in an English variant's spelling"),
    CacheSpec("report.variants.formatted", 8_192, _LRU,
              "a day written by Babel in a language's pattern"),
    CacheSpec("report.wording.local_holidays", 1024, _LRU, "holiday names in a language"),
    CacheSpec("report.json.rule_fields", 4_096, _GIL, "a rule's part of a reason in JSON"),
    # the DataFrame path and the test helpers
    CacheSpec("scale.catalog", 16, _LRU, "a catalog per set of profile folders, in a worker"),
    CacheSpec("scale.field_kinds", 1, _LRU, "the situation's fields and their kinds"),
    CacheSpec("frontends.cli.cluster.catalog", 16, _LRU,
              "a catalog per set of profile folders, in a worker"),
    CacheSpec("testing.calendar.weekend", 256, _LRU,
              "the independent calendar's weekend of a country"),
    CacheSpec("testing.calendar.public", 1024, _LRU, "the independent calendar's public holidays"),
    CacheSpec("testing.calendar.shares", 1024, _LRU,
              "the independent calendar's regional holidays"),
    CacheSpec("testing.calendar.quiet_days", 512, _LRU, "the independent calendar's quiet days"),
    CacheSpec("testing.strategies.zones", 1, _LRU, "the zones the strategies draw from"),
    CacheSpec("testing.strategies.transitions", 8192, _LRU, "a zone's clock changes in a year"),
    CacheSpec("testing.strategies.dst_zones", 256, _LRU,
              "the zones that change their clocks in a year"),
)}


@dataclass(frozen=True)
class _Held:
    size: Callable[[], int]
    clear: Callable[[], None]


_registered: dict[str, _Held] = {}
_lock = threading.Lock()


def _register(name: str, size: Callable[[], int], clear: Callable[[], None]) -> None:
    if name not in CACHES:
        raise KeyError(f"engine.caches: {name} is not declared in CACHES")
    with _lock:
        _registered[name] = _Held(size, clear)


def memo(name: str) -> Callable[[F], F]:
    """Cache a function's results within the bound :data:`CACHES` gives ``name``."""
    spec = CACHES[name]

    def decorate(function: F) -> F:
        cached = lru_cache(maxsize=spec.bound)(function)
        _register(name, lambda: cached.cache_info().currsize, cached.cache_clear)
        return cached  # type: ignore[return-value]

    return decorate


def held(name: str, size: Callable[[], int], clear: Callable[[], None]) -> None:
    """Declare a table a module keeps itself (it enforces :data:`CACHES`' bound for ``name``)."""
    _register(name, size, clear)


def bound(name: str) -> int:
    """The bound of a table of fixed size (its module clears it when full)."""
    found = CACHES[name].bound
    if found is None:  # pragma: no cover - a declaration error
        raise ValueError(f"engine.caches: {name} has no bound")
    return found


def cache_sizes() -> dict[str, int]:
    """The entries each cache holds now, by name (those whose module is imported)."""
    with _lock:
        held_now = dict(_registered)
    return {name: entry.size() for name, entry in sorted(held_now.items())}


def clear_caches() -> None:
    """Empty every cache the engine keeps; plans made after are the same as before.

    Safe while other threads plan: they compute again what they miss.
    """
    with _lock:
        held_now = list(_registered.values())
    for entry in held_now:
        entry.clear()
