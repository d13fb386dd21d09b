"""``followup test``: examples, invariants and draft checks on probes and generated situations.

Situations are generated with Hypothesis (never a hand-rolled random loop), so a
failure is shrunk to a small counterexample, printed as a ready-to-run command.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import example as explicit_example
from hypothesis import seed as hypothesis_seed

from ..api import advise_any_profile
from ..errors import Diagnostic, ProfileError
from ..language.catalog import Catalog
from .drafts import draft_problems
from .examples import ExampleResult, command_for, coverage, run_examples
from .invariants import overruled, violations
from .strategies import named_situations

__all__ = ["PROBES", "ProfileReport", "TestReport", "run_profile_tests"]


# Situations every profile is tried on before the generated ones: where the coach's
# expectations bite (an interview on the last working day of the week, Israel's working
# week, a holiday only some regions keep, an offer expiring the next day, a promise past
# the horizon, drafts with every name given), with ``now`` just after the interview; then
# an offer due the day after a Friday evening (no working hours left before it), one due
# past the horizon, and a thank-you e-mail already sent on the interview's evening.
PROBES: tuple[tuple[dict[str, Any], str], ...] = (
    ({"interview": "2026-11-20T14:00", "timezone": "America/New_York", "country": "US",
      "purpose": "status"},
     "2026-11-20T15:00"),
    ({"interview": "2026-11-20T10:00", "timezone": "America/Chicago", "traditional": True},
     "2026-11-20T11:00"),
    ({"interview": "2026-11-19T11:00", "timezone": "Asia/Jerusalem", "country": "IL"},
     "2026-11-19T12:00"),
    ({"interview": "2026-04-01T11:00", "timezone": "Europe/London", "country": "GB",
      "purpose": "feedback"},
     "2026-04-01T12:00"),
    ({"interview": "2026-11-17T10:00", "timezone": "America/New_York", "country": "US",
      "competing_offer_deadline": "2026-11-18", "candidate": "Ana Ruiz", "role": "data analyst",
      "company": "Hollis & Crane LLP", "interviewer": "Sam Lee"}, "2026-11-17T11:00"),
    ({"interview": "2026-10-20T11:00", "timezone": "Europe/Berlin", "country": "DE-BY",
      "promised_reply_by": "2026-11-06", "candidate": "Ana Ruiz", "role": "auditor",
      "interviewer": "Herr Huber", "company": "Hollis & Crane LLP"}, "2026-10-20T12:00"),
    # The same in English, which a German employer's plan is not written in unless asked.
    ({"interview": "2026-10-20T11:00", "timezone": "Europe/Berlin", "country": "DE-BY",
      "language": "en",
      "promised_reply_by": "2026-11-06", "candidate": "Ana Ruiz", "role": "auditor",
      "interviewer": "Herr Huber", "company": "Hollis & Crane LLP"}, "2026-10-20T12:00"),
    ({"interview": "2026-11-17T10:00", "timezone": "Asia/Tokyo", "promised_reply_by": "2026-11-27",
      "candidate": "山田花子", "role": "データアナリスト", "interviewer": "田中",
      "company": "株式会社アクメ"},
     "2026-11-17T12:00"),
    # Good Friday, kept by some US states only: still the employer's last working day of the week.
    ({"interview": "2026-04-03T14:00", "timezone": "America/New_York", "country": "US",
      "purpose": "status"},
     "2026-04-03T15:00"),
    ({"interview": "2026-11-20T10:00", "timezone": "America/New_York", "country": "US",
      "competing_offer_deadline": "2026-11-22"}, "2026-11-20T19:00"),
    ({"interview": "2026-11-02T10:00", "timezone": "Europe/London", "country": "GB",
      "competing_offer_deadline": "2026-11-25"}, "2026-11-24T10:00"),
    ({"interview": "2026-11-02T10:00", "timezone": "America/New_York", "country": "US",
      "contacts": [{"at": "2026-11-02T18:30", "channel": "email"}]}, "2026-11-03T09:00"),
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
        return not self.problems and self.failure is None and all(
            example.passed for example in self.examples)

    @property
    def warnings(self) -> list[str]:
        """What a profile lacks without being wrong:
        examples, and examples for each of its rules."""
        if self.problems:
            return []
        if not self.examples:
            return ["the profile has no examples: add some under `examples:` so `followup test` "
                    "can check its advice"]
        missing = sorted(self.own_rules - self.exercised)
        if missing:
            return [f"no example exercises {', '.join(missing)}: add an example where each rule "
                    "shapes the plan"]
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
                         "missing": sorted(self.own_rules - self.exercised),
                         "percent": self.percent},
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
                               "profiles": [{**p.to_dict(),
                                             "ok": self.passed(p)} for p in self.profiles]},
                              indent=2) + "\n"
        lines: list[str] = []
        for report in self.profiles:
            verdict = "ok" if self.passed(report) else "FAILED"
            lines.append(f"{report.id} ({report.file}): {verdict}")
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
                lines.append(f"  invariants: FAILED after {report.probes} probes and "
                             f"{report.generated} generated situations")
                lines.extend(f"    - {problem}" for problem in report.failure["violations"])
                if report.failure.get("command"):
                    lines.append(f"    reproduce: {report.failure['command']}")
            else:
                lines.append(f"  invariants: hold for {report.probes} probes and "
                             f"{report.generated} generated situations")
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
    # A country overlay is tried on plans of the profile it extends, in its own country.
    source = catalog.file_of(profile_id)
    country = source.country if source is not None else None
    industry = str(source.parent) if source is not None and country is not None else profile_id
    fixed = {"industry": industry, **({"country": country} if country else {})}
    probes = [({**situation, **fixed}, now) for situation, now in PROBES]

    @settings(max_examples=examples, deadline=None, database=None, derandomize=seed is None,
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(named_situations(industry, max_horizon=horizon + 3, country=country))
    def holds(case: tuple[dict[str, Any], str]) -> None:
        situation, now = case
        if case in probes:
            report.probes += 1
        else:
            report.generated += 1
        try:
            plan = advise_any_profile(situation, now=now, profiles=catalog, backend=backend)
            problems = (violations(
                plan, advise_any_profile(situation, now=now, profiles=catalog, backend=backend))
                        + overruled(plan) + draft_problems(plan))
        # generated situations are valid: a refusal or crash is a failure too
        except Exception as error:
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
        report.failure = dict(last) if last else {"violations": [f"error: {type(error).__name__}: "
                                                                 f"{error}"]}


def run_profile_tests(catalog: Catalog, ids: Sequence[str], *, examples: int = 100, seed: int
                      | None = None,
                      dirs: Sequence[str] = (), strict: bool = False,
                      backend: str | None = None) -> TestReport:
    """Examples, invariants and coverage for each profile id.

    A profile that does not resolve is reported with its diagnostics (and fails);
    the others are still tested. ``backend`` is passed on to :func:`engine.advise`.
    """
    reports: list[ProfileReport] = []
    all_results: list[ExampleResult] = []
    for profile_id in ids:
        source = catalog.file_of(profile_id)
        report = ProfileReport(profile_id, source.file if source else catalog.shown_of(profile_id)
                               or profile_id)
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
