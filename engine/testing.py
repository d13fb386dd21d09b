"""``followup test``: a profile's examples, the invariants as property tests, coverage.

Situations are generated with Hypothesis (never a hand-rolled random loop), so a
failure is shrunk to a small counterexample, printed as a ready-to-run command.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from .api import advise
from .errors import SituationError
from .examples import ExampleResult, command_for, coverage, run_examples
from .invariants import violations
from .profiles import Catalog
from .vocabulary import PURPOSES

__all__ = ["COUNTRIES", "TestReport", "run_profile_tests", "situations"]

# Countries (and subdivisions) with public-holiday calendars, spread over the globe.
COUNTRIES = ("US", "US-NY", "US-CA", "GB", "DE-BY", "FR", "JP", "IN", "BR", "AU-NSW", "CA-QC", "NZ", "NP", "ZA")


@cache
def zones() -> tuple[str, ...]:
    return tuple(sorted(name for name in available_timezones() if "/" in name or name == "UTC"))


@st.composite
def situations(draw: Any, industry: str = "general", *, max_horizon: int = 60) -> tuple[dict[str, Any], str]:
    """A valid situation for ``industry`` and a ``now``, both as the CLI would take them."""
    zone = draw(st.sampled_from(zones()))
    instant = draw(st.datetimes(min_value=datetime(1980, 1, 1), max_value=datetime(2099, 12, 31)))
    local = instant.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(zone))
    situation: dict[str, Any] = {
        "interview": local.isoformat(timespec="minutes"),
        "timezone": zone,
        "industry": industry,
    }
    purpose = draw(st.sampled_from((None, *PURPOSES)))
    if purpose:
        situation["purpose"] = purpose
    day = local.date()
    if draw(st.booleans()):
        situation["promised_reply_by"] = (day + timedelta(days=draw(st.integers(-5, max_horizon)))).isoformat()
    if draw(st.booleans()):
        situation["competing_offer_deadline"] = (day + timedelta(days=draw(st.integers(-5, max_horizon)))).isoformat()
    if draw(st.booleans()):
        situation["country"] = draw(st.sampled_from(COUNTRIES))
    for flag in ("heard_back", "traditional"):
        if draw(st.booleans()):
            situation[flag] = True
    contacts = draw(st.lists(st.tuples(st.integers(1, 24 * max_horizon), st.sampled_from(("call", "email"))),
                             max_size=3))
    if contacts:
        situation["contacts"] = [
            {"at": (local + timedelta(hours=hours)).isoformat(timespec="minutes"), "channel": channel}
            for hours, channel in contacts
        ]
    now = local + timedelta(minutes=draw(st.integers(-3 * 24 * 60, (max_horizon + 7) * 24 * 60)))
    return situation, now.isoformat(timespec="minutes")


@dataclass
class ProfileReport:
    id: str
    file: str
    examples: list[ExampleResult] = field(default_factory=list)
    generated: int = 0
    failure: dict[str, Any] | None = None
    own_rules: set[str] = field(default_factory=set)
    exercised: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return self.failure is None and all(example.passed for example in self.examples)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "file": self.file,
            "ok": self.ok,
            "examples": [
                {"name": e.name, "line": e.line, "passed": e.passed, "failures": e.failures,
                 **({"command": e.command} if not e.passed else {})}
                for e in self.examples
            ],
            "generated": self.generated,
            "invariant_failure": self.failure,
            "coverage": {"rules": sorted(self.own_rules), "exercised": sorted(self.exercised),
                         "missing": sorted(self.own_rules - self.exercised)},
        }


@dataclass
class TestReport:
    profiles: list[ProfileReport]

    @property
    def ok(self) -> bool:
        return all(profile.ok for profile in self.profiles)

    def render(self, fmt: str) -> str:
        if fmt == "json":
            return json.dumps({"ok": self.ok, "profiles": [p.to_dict() for p in self.profiles]}, indent=2) + "\n"
        lines: list[str] = []
        for report in self.profiles:
            lines.append(f"{report.id} ({report.file}): {'ok' if report.ok else 'FAILED'}")
            passed = sum(1 for e in report.examples if e.passed)
            lines.append(f"  examples: {passed}/{len(report.examples)} passed")
            for example in report.examples:
                if not example.passed:
                    lines.append(f"    {report.file}:{example.line}: {example.name}")
                    lines.extend(f"      - {failure}" for failure in example.failures)
                    lines.append(f"      reproduce: {example.command}")
            if report.failure:
                lines.append(f"  invariants: FAILED after {report.generated} generated situations")
                lines.extend(f"    - {problem}" for problem in report.failure["violations"])
                lines.append(f"    reproduce: {report.failure['command']}")
            else:
                lines.append(f"  invariants: hold for {report.generated} generated situations")
            total, done = len(report.own_rules), len(report.exercised & report.own_rules)
            missing = sorted(report.own_rules - report.exercised)
            lines.append(f"  rule coverage: {done}/{total}" + (f" (not exercised: {', '.join(missing)})" if missing else ""))
        failed = sum(1 for p in self.profiles if not p.ok)
        lines.append(f"{len(self.profiles) - failed} passed, {failed} failed")
        return "\n".join(lines) + "\n"


def _invariants(catalog: Catalog, profile_id: str, examples: int, seed: int | None,
                dirs: Sequence[str], report: ProfileReport) -> None:
    horizon = catalog.resolve(profile_id).settings.horizon_days
    last: dict[str, Any] = {}

    @settings(max_examples=examples, deadline=None, database=None, derandomize=seed is None,
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(situations(profile_id, max_horizon=horizon + 3))
    def holds(case: tuple[dict[str, Any], str]) -> None:
        situation, now = case
        report.generated += 1
        try:
            plan = advise(situation, now=now, profiles=catalog)
            problems = violations(plan, advise(situation, now=now, profiles=catalog))
        except SituationError:
            return  # generated situations are valid, but a zone may lack a date's rules
        except Exception as error:  # a crash is a failure like any other, with its command
            problems = [f"crash: {type(error).__name__}: {error}"]
        if problems:
            last.update(situation=situation, now=now, violations=problems,
                        command=command_for(situation, now, dirs))
            raise AssertionError("; ".join(problems))

    if seed is not None:
        holds = hypothesis_seed(seed)(holds)
    try:
        holds()
    except AssertionError:
        report.failure = dict(last)  # Hypothesis replays the shrunk case last


def run_profile_tests(catalog: Catalog, ids: Sequence[str], *, examples: int = 100, seed: int | None = None,
                      dirs: Sequence[str] = ()) -> TestReport:
    """Examples, invariants and coverage for each profile id."""
    reports: list[ProfileReport] = []
    all_results: list[ExampleResult] = []
    for profile_id in ids:
        profile = catalog.resolve(profile_id)
        report = ProfileReport(profile_id, profile.file)
        report.examples = run_examples(catalog, profile_id, dirs)
        all_results.extend(report.examples)
        _invariants(catalog, profile_id, examples, seed, dirs, report)
        reports.append(report)
    # Coverage counts every example run that inherits a rule, so core's rules are
    # exercised through general's examples, for instance.
    descendants = [key for key in catalog.ids if not catalog.check(key)]
    for key in descendants:
        if key not in ids:
            all_results.extend(run_examples(catalog, key, dirs))
    cover = coverage(catalog, all_results, ids)
    for report in reports:
        report.own_rules, report.exercised = cover.get(report.id, (set(), set()))
    return TestReport(reports)


