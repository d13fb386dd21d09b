"""``followup test``: a profile's examples, the invariants as property tests, coverage.

Situations are generated with Hypothesis (never a hand-rolled random loop), so a
failure is shrunk to a small counterexample, printed as a ready-to-run command.

The strategies are public so the test suite and profile packs can reuse them:

* :func:`situations` draws a valid situation and a ``now``: any IANA zone, decades
  from 1980 to 2099, and on purpose the corners: instants within hours of a zone's
  UTC-offset change (DST, or a zone changing sides of the date line), horizons that
  contain such a day, odd offsets (+05:45, +12:45, +14:00), and date-line pairs
  (a moment given in one zone's offset for an employer in another).
* :func:`profile_documents` draws a schema-valid profile built from the vocabulary
  (facts, operators, effects, settings within the schema's bounds) that extends
  ``general``; it resolves, or fails to with diagnostics.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cache, lru_cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from hypothesis import HealthCheck, given, settings
from hypothesis import example as explicit_example
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from .api import advise
from .errors import Diagnostic, ProfileError
from .examples import ExampleResult, command_for, coverage, run_examples
from .invariants import overruled, violations
from .profiles import Catalog, default_catalog
from .vocabulary import CHANNELS, EFFECTS, FACTS, PURPOSES, WEEKDAYS, FactSpec, operators_for

__all__ = [
    "COUNTRIES",
    "DATE_LINE_PAIRS",
    "SPECIAL_ZONES",
    "TestReport",
    "conditions",
    "dst_zones",
    "near_transition",
    "profile_documents",
    "run_profile_tests",
    "situations",
    "transitions",
    "zones",
]

UTC = timezone.utc

# Countries (and subdivisions) with public-holiday calendars, spread over the globe.
COUNTRIES = ("US", "US-NY", "US-CA", "GB", "DE-BY", "FR", "JP", "IN", "BR", "AU-NSW", "CA-QC", "NZ", "NP", "ZA")

# Zones that test the corners; drawn more often than the other ~600.
SPECIAL_ZONES = (
    "Asia/Kathmandu",  # +05:45
    "Pacific/Kiritimati",  # +14:00
    "Pacific/Chatham",  # +12:45, with DST +13:45
    "Australia/Lord_Howe",  # a 30-minute DST shift
    "Pacific/Apia",  # skipped 2011-12-30 to change sides of the date line
    "Pacific/Pago_Pago",  # -11:00, across the line from Apia
    "Etc/GMT+12",  # -12:00
    "America/St_Johns",  # -03:30
    "Asia/Tehran",  # +03:30, DST until 2022
    "Antarctica/Troll",  # a 2-hour DST shift
    "Africa/Casablanca",  # DST suspended for Ramadan
    "Europe/Dublin",  # "negative" DST in the rules
    "America/Havana",  # DST changes at midnight
    "America/New_York",
    "Europe/London",
    "America/Santiago",
)

# Employer zone, and a zone on the other side of the date line in which moments
# (the interview, ``now``, contacts) may be written: the same instant, another date.
DATE_LINE_PAIRS = (
    ("Pacific/Kiritimati", "Pacific/Honolulu"),
    ("Pacific/Apia", "Pacific/Pago_Pago"),
    ("Pacific/Tongatapu", "Pacific/Niue"),
    ("Asia/Anadyr", "America/Adak"),
    ("Pacific/Auckland", "Pacific/Midway"),
    ("Etc/GMT-14", "Etc/GMT+12"),
)

# Zones whose clocks change every year of 1980-2099 (tzdata extends today's rules).
_ALWAYS_DST = ("America/New_York", "Europe/Dublin", "Australia/Sydney", "Pacific/Chatham", "Pacific/Auckland")

FIRST_YEAR, LAST_YEAR = 1980, 2099


@cache
def zones() -> tuple[str, ...]:
    """Every IANA zone this Python knows (``localtime`` is a host alias, not a zone)."""
    return tuple(sorted(name for name in available_timezones() if name != "localtime"))


@lru_cache(maxsize=8192)
def transitions(zone: str, year: int) -> tuple[datetime, ...]:
    """The UTC instants in ``year`` at which ``zone``'s UTC offset changes, to the minute.

    Found by scanning the offset every 12 hours and bisecting each change (a change
    undone within the same 12 hours would be missed).
    """
    tz = ZoneInfo(zone)
    start = datetime(year, 1, 1, tzinfo=UTC)
    step = 12 * 60
    found: list[datetime] = []
    before = start.astimezone(tz).utcoffset()
    for index in range(0, 366 * 2):
        low = start + timedelta(minutes=index * step)
        after = (low + timedelta(minutes=step)).astimezone(tz).utcoffset()
        if after == before:
            continue
        lo, hi = 0, step  # offset(lo) is the old one, offset(hi) the new one
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if (low + timedelta(minutes=mid)).astimezone(tz).utcoffset() == before:
                lo = mid
            else:
                hi = mid
        moment = low + timedelta(minutes=hi)
        if moment.year == year:
            found.append(moment)
        before = after
    return tuple(found)


@lru_cache(maxsize=256)
def dst_zones(year: int) -> tuple[str, ...]:
    """Zones whose UTC offset differs between January and July of ``year``."""
    winter, summer = datetime(year, 1, 1, tzinfo=UTC), datetime(year, 7, 1, tzinfo=UTC)
    return tuple(name for name in zones()
                 if winter.astimezone(ZoneInfo(name)).utcoffset() != summer.astimezone(ZoneInfo(name)).utcoffset())


@st.composite
def near_transition(draw: st.DrawFn, zone: str | None = None) -> tuple[str, datetime]:
    """A zone and a UTC instant within two days of one of its offset changes.

    When ``zone`` (or the zone drawn) keeps one offset all year, as most do, a zone
    with daylight-saving time that year is taken instead.
    """
    name = zone or draw(st.sampled_from(zones()))
    year = draw(st.integers(FIRST_YEAR, LAST_YEAR))
    found = transitions(name, year)
    if not found:
        name = draw(st.sampled_from(dst_zones(year) or _ALWAYS_DST))
        found = transitions(name, year)
    if not found:  # pragma: no cover - January and July offsets differ, so a change was found
        name = _ALWAYS_DST[0]
        found = transitions(name, year)
    moment = draw(st.sampled_from(found))
    return name, moment + timedelta(minutes=draw(st.integers(-48 * 60, 48 * 60)))


def _written(draw: st.DrawFn, moment: datetime, zone: str, other: str | None) -> str:
    """``moment`` as ISO 8601 text with an offset: the employer's, or another zone's."""
    if other is not None and draw(st.booleans()):
        return moment.astimezone(ZoneInfo(other)).isoformat(timespec="minutes")
    return moment.astimezone(ZoneInfo(zone)).isoformat(timespec="minutes")


def _unambiguous(local: datetime) -> bool:
    """The wall-clock time of ``local`` exists exactly once in its zone."""
    naive = local.replace(tzinfo=None)
    first, second = naive.replace(tzinfo=local.tzinfo, fold=0), naive.replace(tzinfo=local.tzinfo, fold=1)
    return first.utcoffset() == second.utcoffset()


@st.composite
def situations(draw: st.DrawFn, industry: str = "general", *, max_horizon: int = 60) -> tuple[dict[str, Any], str]:
    """A valid situation for ``industry`` and a ``now``, both as the CLI would take them.

    ``max_horizon`` bounds the dates drawn relative to the interview (promised reply,
    offer deadline, contacts, ``now``); pass the profile's horizon plus a little.
    """
    other: str | None = None
    mode = draw(st.sampled_from(("anywhere", "special", "date-line", "transition", "transition-ahead")))
    if mode == "date-line":
        zone, other = draw(st.sampled_from(DATE_LINE_PAIRS))
        if draw(st.booleans()):
            zone, other = other, zone
    elif mode == "special":
        zone = draw(st.sampled_from(SPECIAL_ZONES))
    else:
        zone = draw(st.sampled_from(zones()))
    if mode == "transition":  # the interview within hours of a clock change
        zone, instant = draw(near_transition(zone))
    elif mode == "transition-ahead":  # a clock change on one of the planned days
        zone, change = draw(near_transition(zone))
        instant = change - timedelta(days=draw(st.integers(0, max_horizon)), minutes=draw(st.integers(0, 24 * 60)))
    else:
        instant = draw(st.datetimes(min_value=datetime(FIRST_YEAR, 1, 1), max_value=datetime(LAST_YEAR, 12, 31)))
        instant = instant.replace(tzinfo=UTC)
    instant = instant.replace(second=0, microsecond=0)
    local = instant.astimezone(ZoneInfo(zone))
    if draw(st.booleans()) and _unambiguous(local):
        interview = local.replace(tzinfo=None).isoformat(timespec="minutes")  # read in the employer's zone
    else:
        interview = _written(draw, instant, zone, other)
    situation: dict[str, Any] = {"interview": interview, "timezone": zone, "industry": industry}
    purpose = draw(st.sampled_from((None, *PURPOSES)))
    if purpose:
        situation["purpose"] = purpose
    day = local.date()
    for key in ("promised_reply_by", "competing_offer_deadline"):
        if draw(st.booleans()):
            situation[key] = (day + timedelta(days=draw(st.integers(-5, max_horizon)))).isoformat()
    if draw(st.booleans()):
        situation["country"] = draw(st.sampled_from(COUNTRIES))
    for flag in ("heard_back", "traditional"):
        if draw(st.booleans()):
            situation[flag] = True
    contacts = draw(st.lists(st.tuples(st.integers(1, 24 * 60 * max_horizon), st.sampled_from(CHANNELS)), max_size=3))
    if contacts:
        situation["contacts"] = [
            {"at": _written(draw, instant + timedelta(minutes=minutes), zone, other), "channel": channel}
            for minutes, channel in contacts
        ]
    if draw(st.integers(0, 9)) == 9:  # now anywhere at all
        moment = draw(st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2150, 12, 31)))
        now_instant = moment.replace(tzinfo=UTC, second=0, microsecond=0)
    else:
        now_instant = instant + timedelta(minutes=draw(st.integers(-3 * 24 * 60, (max_horizon + 7) * 24 * 60)))
    return situation, _written(draw, now_instant, zone, other)


# --- random profiles -----------------------------------------------------------------


def _rarely(draw: st.DrawFn) -> bool:
    """True about one draw in ten; shrinks to False."""
    return draw(st.integers(0, 9)) == 9


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


_TIMES = st.one_of(
    st.integers(0, 23).map(lambda hour: _hhmm(hour * 60)),
    st.integers(0, 23 * 60 + 59).map(_hhmm),
)
_INTS = st.one_of(
    st.integers(-3, 40),
    st.integers(-(10**6), 10**6),
    st.sampled_from((-(2**53), 2**53)),  # the reader refuses larger numbers (Y108)
)


def _scalars(spec: FactSpec) -> st.SearchStrategy[Any]:
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "int":
        return _INTS
    if spec.kind == "time":
        return _TIMES
    return st.sampled_from(spec.choices)


def _operand(spec: FactSpec, op: str) -> st.SearchStrategy[Any]:
    scalar = _scalars(spec)
    if op in ("in", "not_in"):
        return st.lists(scalar, min_size=1, max_size=3)
    if op == "between":
        return st.lists(scalar, min_size=2, max_size=2)
    return scalar


def _fact_values(spec: FactSpec) -> st.SearchStrategy[Any]:
    """Every form the schema allows: a value, a list of values (one of), operators."""
    forms = [_scalars(spec)]
    if spec.kind != "bool":
        forms.append(st.lists(_scalars(spec), min_size=1, max_size=3))
    operators = st.lists(st.sampled_from(operators_for(spec.kind)), min_size=1, max_size=3, unique=True)
    forms.append(operators.flatmap(lambda ops: st.fixed_dictionaries({op: _operand(spec, op) for op in ops})))
    return st.one_of(forms)


def conditions(facts: Sequence[str] = tuple(FACTS)) -> st.SearchStrategy[dict[str, Any]]:
    """Conditions over ``facts``, nested with ``all``, ``any``, ``not`` and several keys."""
    leaves = st.sampled_from(tuple(facts)).flatmap(lambda name: _fact_values(FACTS[name]).map(lambda v: {name: v}))
    return st.recursive(leaves, _nested, max_leaves=6)


def _merged(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Several conditions as the keys of one mapping (all must hold)."""
    out: dict[str, Any] = {}
    for part in parts:
        out.update(part)
    return out


def _nested(children: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.lists(children, min_size=1, max_size=3).map(lambda parts: {"all": parts}),
        st.lists(children, min_size=1, max_size=3).map(lambda parts: {"any": parts}),
        children.map(lambda part: {"not": part}),
        st.lists(children, min_size=2, max_size=3).map(_merged),
    )


_STEP_FACTS = tuple(name for name, spec in FACTS.items() if spec.scope == "step")


def _effect_value(draw: st.DrawFn, effect: str) -> Any:
    if effect == "forbid":
        return True
    if effect == "prefer":
        return draw(st.one_of(st.integers(-100, 100),
                              st.floats(-100, 100, allow_nan=False, allow_infinity=False)))
    if effect == "recommend":
        return draw(st.sampled_from(("call", "email", "none")))
    return "dont_contact"


@st.composite
def _settings(draw: st.DrawFn, max_horizon: int) -> dict[str, Any]:
    found: dict[str, Any] = {}
    slot = 60
    if draw(st.booleans()):
        slot = found["slot_minutes"] = draw(st.sampled_from((15, 20, 30, 60, 120)))
    if draw(st.booleans()):
        if _rarely(draw):  # anything the schema takes, contradictions included (R307)
            found["business_hours"] = {"start": draw(_TIMES), "end": draw(_TIMES)}
        else:
            start = draw(st.integers(0, 23 * 60 + 59 - slot))
            count = draw(st.integers(1, (23 * 60 + 59 - start) // slot))
            found["business_hours"] = {"start": _hhmm(start), "end": _hhmm(start + count * slot)}
    if draw(st.booleans()):
        found["business_days"] = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, unique=True))
    if draw(st.booleans()):
        found["horizon_days"] = draw(st.integers(1, max_horizon))
    if draw(st.booleans()):
        found["sequence"] = draw(st.lists(st.sampled_from(PURPOSES), min_size=1, unique=True))
    if draw(st.booleans()):
        found["default_channel"] = draw(st.sampled_from(CHANNELS))
    if draw(st.booleans()):
        found["best_slots"] = draw(st.integers(1, 3))
    return found


@st.composite
def profile_documents(
    draw: st.DrawFn,
    extends: str = "general",
    *,
    profile_id: str = "random",
    max_horizon: int = 366,
    max_rules: int = 6,
    catalog: Catalog | None = None,
) -> dict[str, Any]:
    """A schema-valid profile document (as YAML would load) extending ``extends``.

    Mostly valid, and now and then a profile the engine must reject with
    diagnostics: a step effect testing slot facts, an unknown source, overriding or
    removing an invariant, declaring one, removing an unknown rule, contradictory
    settings, a rule that can never fire.
    """
    parent = (catalog or default_catalog()).resolve(extends)
    # A child may override or remove its ancestors' rules, except the invariants (R305).
    open_rules = [rule.id for rule in parent.rules if not rule.invariant]
    locked = [rule.id for rule in parent.rules if rule.invariant]

    def inherited_id() -> str:
        return draw(st.sampled_from(locked if locked and _rarely(draw) else open_rules or locked))
    document: dict[str, Any] = {"id": profile_id, "name": "A generated profile", "extends": extends}
    found_settings = draw(_settings(max_horizon))
    if found_settings:
        document["settings"] = found_settings
    rules: list[dict[str, Any]] = []
    used: set[str] = set()
    for index in range(draw(st.integers(0, max_rules))):
        kind = draw(st.sampled_from(("new", "new", "new", "override", "remove")))
        rule_id = f"rule-{index}"
        if kind != "new" and parent.rules:
            rule_id = inherited_id()
            if rule_id in used and not _rarely(draw):  # the same id twice in one file is R304
                continue
        used.add(rule_id)
        if kind == "remove":
            rules.append({"id": rule_id if not _rarely(draw) else f"missing-{index}", "remove": True})
            continue
        effect = draw(st.sampled_from(tuple(EFFECTS)))
        scope_facts = tuple(FACTS) if EFFECTS[effect][0] == "slot" or _rarely(draw) else _STEP_FACTS
        rule: dict[str, Any] = {"id": rule_id}
        if _rarely(draw):  # reserved for core (R311)
            rule["invariant"] = True
        if draw(st.booleans()):
            rule["priority"] = draw(st.integers(-100, 100))
        if not _rarely(draw):  # a rule without ``when`` always applies
            rule["when"] = draw(conditions(scope_facts))
        rule["then"] = {effect: _effect_value(draw, effect)}
        rule["why"] = "A generated rule, to see that any profile is handled."
        rule["source"] = "unknown-source" if _rarely(draw) else "seed"
        rules.append(rule)
    document["rules"] = rules
    return document


# --- followup test -------------------------------------------------------------------

# Situations every profile is tried on before the generated ones: where the coach's
# expectations bite (an interview on the last working day of the week, Israel's working
# week, a holiday only some regions keep, an offer expiring the next day, a promise past
# the horizon), with ``now`` just after the interview.
PROBES: tuple[tuple[dict[str, Any], str], ...] = (
    ({"interview": "2026-11-20T14:00", "timezone": "America/New_York", "country": "US", "purpose": "status"},
     "2026-11-20T15:00"),
    ({"interview": "2026-11-20T10:00", "timezone": "America/Chicago", "traditional": True}, "2026-11-20T11:00"),
    ({"interview": "2026-11-19T11:00", "timezone": "Asia/Jerusalem", "country": "IL"}, "2026-11-19T12:00"),
    ({"interview": "2026-04-01T11:00", "timezone": "Europe/London", "country": "GB", "purpose": "feedback"},
     "2026-04-01T12:00"),
    ({"interview": "2026-11-17T10:00", "timezone": "America/New_York", "country": "US",
      "competing_offer_deadline": "2026-11-18"}, "2026-11-17T11:00"),
    ({"interview": "2026-10-20T11:00", "timezone": "Europe/Berlin", "country": "DE-BY",
      "promised_reply_by": "2026-11-06"}, "2026-10-20T12:00"),
)


@dataclass
class ProfileReport:
    id: str
    file: str
    examples: list[ExampleResult] = field(default_factory=list)
    generated: int = 0
    probes: int = 0
    failure: dict[str, Any] | None = None
    problems: list[Diagnostic] = field(default_factory=list)
    own_rules: set[str] = field(default_factory=set)
    exercised: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.problems and self.failure is None and all(example.passed for example in self.examples)

    @property
    def warnings(self) -> list[str]:
        """What a profile lacks without being wrong: examples, and examples for each of its rules."""
        if self.problems:
            return []
        if not self.examples:
            return ["the profile has no examples: add some under `examples:` so `followup test` can check its advice"]
        missing = sorted(self.own_rules - self.exercised)
        if missing:
            return [f"no example exercises {', '.join(missing)}: add an example where each rule shapes the plan"]
        return []

    @property
    def percent(self) -> int:
        total = len(self.own_rules)
        return 100 if not total else (100 * len(self.exercised & self.own_rules)) // total

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "file": self.file,
            "ok": self.ok,
            "problems": [str(problem) for problem in self.problems],
            "examples": [
                {"name": e.name, "line": e.line, "passed": e.passed, "failures": e.failures,
                 **({"command": e.command} if not e.passed else {})}
                for e in self.examples
            ],
            "generated": self.generated,
            "probes": self.probes,
            "invariant_failure": self.failure,
            "warnings": self.warnings,
            "coverage": {"rules": sorted(self.own_rules), "exercised": sorted(self.exercised),
                         "missing": sorted(self.own_rules - self.exercised), "percent": self.percent},
        }


@dataclass
class TestReport:
    profiles: list[ProfileReport]
    strict: bool = False  # warnings fail the test too

    @property
    def ok(self) -> bool:
        return all(self.passed(profile) for profile in self.profiles)

    def passed(self, profile: ProfileReport) -> bool:
        return profile.ok and not (self.strict and profile.warnings)

    def render(self, fmt: str) -> str:
        if fmt == "json":
            return json.dumps({"ok": self.ok, "strict": self.strict,
                               "profiles": [{**p.to_dict(), "ok": self.passed(p)} for p in self.profiles]},
                              indent=2) + "\n"
        lines: list[str] = []
        for report in self.profiles:
            lines.append(f"{report.id} ({report.file}): {'ok' if self.passed(report) else 'FAILED'}")
            if report.problems:
                lines.append("  cannot be tested: the profile has problems")
                lines.extend(f"    {problem}" for problem in report.problems)
                continue
            passed = sum(1 for e in report.examples if e.passed)
            lines.append(f"  examples: {passed}/{len(report.examples)} passed")
            for example in report.examples:
                if not example.passed:
                    lines.append(f"    {report.file}:{example.line}: {example.name}")
                    lines.extend(f"      - {failure}" for failure in example.failures)
                    lines.append(f"      reproduce: {example.command}")
            if report.failure:
                lines.append(f"  invariants: FAILED after {report.probes} probes and {report.generated} "
                             "generated situations")
                lines.extend(f"    - {problem}" for problem in report.failure["violations"])
                if report.failure.get("command"):
                    lines.append(f"    reproduce: {report.failure['command']}")
            else:
                lines.append(f"  invariants: hold for {report.probes} probes and {report.generated} "
                             "generated situations")
            total, done = len(report.own_rules), len(report.exercised & report.own_rules)
            missing = sorted(report.own_rules - report.exercised)
            lines.append(f"  rule coverage: {done}/{total} ({report.percent}%)"
                         + (f", not exercised: {', '.join(missing)}" if missing else ""))
            label = "error" if self.strict else "warning"
            lines.extend(f"  {label}: {warning}" for warning in report.warnings)
        failed = sum(1 for p in self.profiles if not self.passed(p))
        lines.append(f"{len(self.profiles) - failed} passed, {failed} failed")
        return "\n".join(lines) + "\n"


def _invariants(catalog: Catalog, profile_id: str, examples: int, seed: int | None,
                dirs: Sequence[str], report: ProfileReport, backend: str | None) -> None:
    horizon = catalog.resolve(profile_id).settings.horizon_days
    last: dict[str, Any] = {}
    probes = [({**situation, "industry": profile_id}, now) for situation, now in PROBES]

    @settings(max_examples=examples, deadline=None, database=None, derandomize=seed is None,
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(situations(profile_id, max_horizon=horizon + 3))
    def holds(case: tuple[dict[str, Any], str]) -> None:
        situation, now = case
        if case in probes:
            report.probes += 1
        else:
            report.generated += 1
        try:
            plan = advise(situation, now=now, profiles=catalog, backend=backend)
            problems = violations(plan, advise(situation, now=now, profiles=catalog, backend=backend)) + overruled(plan)
        except Exception as error:  # generated situations are valid: a refusal or crash is a failure too
            problems = [f"error: {type(error).__name__}: {error}"]
        if problems:
            last.update(situation=situation, now=now, violations=problems,
                        command=command_for(situation, now, dirs))
            raise AssertionError("; ".join(problems))

    for probe in probes:  # tried first, whatever Hypothesis draws
        holds = explicit_example(probe)(holds)
    if seed is not None:
        holds = hypothesis_seed(seed)(holds)
    try:
        holds()
    except Exception as error:  # Hypothesis replays the shrunk case last, so ``last`` holds it
        report.failure = dict(last) if last else {"violations": [f"error: {type(error).__name__}: {error}"]}


def run_profile_tests(catalog: Catalog, ids: Sequence[str], *, examples: int = 100, seed: int | None = None,
                      dirs: Sequence[str] = (), strict: bool = False, backend: str | None = None) -> TestReport:
    """Examples, invariants and coverage for each profile id.

    A profile that does not resolve is reported with its diagnostics (and fails);
    the others are still tested. ``backend`` is passed on to :func:`engine.advise`.
    """
    reports: list[ProfileReport] = []
    all_results: list[ExampleResult] = []
    for profile_id in ids:
        source = catalog.file_of(profile_id)
        report = ProfileReport(profile_id, source.file if source else profile_id)
        reports.append(report)
        try:
            catalog.resolve(profile_id)
        except ProfileError as error:
            report.problems = list(error.diagnostics)
            continue
        report.examples = run_examples(catalog, profile_id, dirs, backend=backend)
        all_results.extend(report.examples)
        _invariants(catalog, profile_id, examples, seed, dirs, report, backend)
    # Coverage counts every example run that inherits a rule, so core's rules are
    # exercised through general's examples, for instance.
    for key in catalog.ids:
        if key not in ids and not catalog.check(key):
            all_results.extend(run_examples(catalog, key, dirs, backend=backend))
    cover = coverage(catalog, all_results, [report.id for report in reports if not report.problems])
    for report in reports:
        report.own_rules, report.exercised = cover.get(report.id, (set(), set()))
    return TestReport(reports, strict)
