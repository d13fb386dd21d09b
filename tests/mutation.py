"""Planted faults: does the fast suite notice when the planner, the facts or the checker break?

Each fault below is a small, plausible bug written into a copy of the project; the fast
suite (``-m "not slow"``, as CI runs it on its further Pythons, the reliability tests
included) then runs on that copy and must fail. A fault it survives is a blind spot of the tests. Run on demand, not in CI (it
takes the suite's time once per fault)::

    python tests/mutation.py              # every fault, a summary at the end
    python tests/mutation.py 3 7          # only faults 3 and 7
    python tests/mutation.py --list       # what each fault does
    python tests/mutation.py --no-baseline 3   # without first running the suite unchanged

The suite first runs on an unchanged copy (the baseline): if it fails there, every fault
would look noticed, so the run stops.

docs/testing.md records the last score.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("engine", "profiles", "schemas", "tests", "benchmarks", "docs", "pyproject.toml", "README.md",
          ".pre-commit-hooks.yaml", "action.yml")
# The quick, most telling files first, so a caught fault stops the run early; then the rest.
FIRST = ("test_invariants.py", "test_coach_cases.py", "test_coach_verdict.py", "test_facts_reference.py", "test_facts_oracle.py",
         "test_single_points.py", "test_user_profile_facts.py", "test_engine.py", "test_backends.py",
         "test_reference_planner.py", "test_report_text.py", "test_properties.py")
# The fast run as CI makes it on its further Pythons: every test not marked slow, the
# reliability tests included. Every file is named, FIRST first: given a folder too, pytest
# would collect the whole folder in its own order.
OPTIONS = ["-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not slow"]


def suite(target: Path, fault: Fault | None = None) -> list[str]:
    """The arguments of the fast run in the copy at ``target``: the fault's own files first."""
    ordered = [*(fault.first if fault else ()), *(f"tests/{name}" for name in FIRST)]
    # test_mutation_faults.py checks that each fault's code is in the project: in a copy with
    # a fault planted, it fails for that fault whatever the other tests do, so it is left out.
    rest = sorted(path.relative_to(target).as_posix() for path in (target / "tests").rglob("test_*.py")
                  if path.name != "test_mutation_faults.py")
    return [*OPTIONS, *dict.fromkeys([*ordered, *rest])]
TIMEOUT = 1800


@dataclass(frozen=True)
class Fault:
    name: str
    path: str
    old: str
    new: str
    # Further edits of the same fault in other files: (path, old, new).
    more: tuple[tuple[str, str, str], ...] = ()
    # Test files to run before the others: those about the code the fault is in.
    first: tuple[str, ...] = ()

    def edits(self) -> tuple[tuple[str, str, str], ...]:
        return ((self.path, self.old, self.new), *self.more)


FAULTS = (
    # The six the test audit asked for.
    Fault("holidays switched off", "engine/evaluation/days.py",
          "        return day.weekday() in working and day not in days_off(day.year)",
          "        return day.weekday() in working"),
    Fault("the last-working-day rule moved to mid and late week", "profiles/core.yaml",
          "      weeks_after: 1\n      week_part: mid\n", "      weeks_after: 1\n      week_part: [mid, last]\n"),
    Fault("durable-rules not retracting", "engine/evaluation/backends/durable.py",
          "            with contextlib.suppress(_engine.error):\n"
          "                _engine.retract_facts(handle, payload)",
          "            with contextlib.suppress(_engine.error):\n"
          "                pass"),
    Fault("invariant checker silenced", "engine/testing/invariants/__init__.py",
          '    """Every invariant or coach\'s expectation that ``plan`` breaks; ``again`` is the same input\n'
          '    planned twice."""\n',
          '    """Every invariant or coach\'s expectation that ``plan`` breaks; ``again`` is the same input\n'
          '    planned twice."""\n    return []\n'),
    Fault("recommend tie-break negated", "engine/evaluation/planner.py",
          "key=lambda r: (r.depth, -r.priority, RESERVE[r.value], r.id))",
          "key=lambda r: (r.depth, -r.priority, -RESERVE[r.value], r.id))"),
    Fault("business_days_after off by one", "engine/vocabulary.py",
          "compute=lambda day: day.between(day.first, day.day)),",
          "compute=lambda day: day.between(day.first, day.day) + 1),"),
    # The planner.
    Fault("the verdict's first best range taken as the earliest in time", "engine/evaluation/verdict.py",
          "        top = step.best[0]\n", "        top = min(step.best, key=lambda item: item.start.timestamp())\n"),
    Fault("best times not limited to what is ahead of now", "engine/evaluation/planner.py",
          "key=lambda slot: slot.end_timestamp > moment\n"
          "                              and slot.timestamp >= after)",
          "key=lambda slot: slot.timestamp >= after)"),
    Fault("best times not spread over days", "engine/evaluation/best.py",
          "        if run.first.day not in days:", "        if True:"),
    Fault("touching ranges listed as second choices", "engine/evaluation/best.py",
          "        if any(run.touches(other) for other in chosen):\n            closed.add(run.first.day)",
          "        if False:\n            closed.add(run.first.day)"),
    Fault("lower invariant tiers offered as best", "engine/evaluation/best.py",
          "    ranked = sorted((run for run in runs if run.rank[0] == top),\n"
          "                    key=lambda run: (-run.rank[1], run.first.timestamp))",
          "    ranked = sorted(runs, key=lambda run: (-run.rank[0], -run.rank[1], run.first.timestamp))"),
    Fault("steps of a sequence may share a day", "engine/evaluation/planner.py",
          "            after = grid.business_day_after(day, CONTACT_SPACING)",
          "            after = day"),
    Fault("planned contacts only a day apart, not a working day between", "engine/evaluation/planner.py",
          "            after = grid.business_day_after(day, CONTACT_SPACING)",
          "            after = grid.business_day_after(day, 1)"),
    Fault("an offer's step kept a day after the thank-you's", "engine/evaluation/planner.py",
          '        floor = offer_not_before if purpose == "competing_offer" else not_before',
          "        floor = not_before"),
    Fault("no e-mail out of hours for an offer", "engine/evaluation/planner.py",
          "        if urgent is not None:\n            return urgent",
          "        if False:\n            return urgent"),
    Fault("only a contact on the interview's day taken for the thank-you", "engine/evaluation/planner.py",
          "            if not thanked and (same_day\n"
          '                                or contact.at.timestamp() <= (thanks_end or float("-inf"))):',
          "            if not thanked and same_day:"),
    Fault("a recorded status call leaves the step \"passed\"", "engine/evaluation/planner.py",
          "        if done is not None and not step.best and", "        if False and"),
    Fault("planned calls not spaced", "engine/evaluation/planner.py",
          "slots[-1].timestamp < not_before or (\n"
          "                floor is not None and grid.dates[index] < floor):",
          "slots[-1].timestamp < not_before:"),
    Fault("no e-mail fallback for a competing offer", "engine/evaluation/planner.py",
          "        if weighed.usable:\n", "        if weighed.allowed:\n"),
    Fault("competing offer left out of the sequence", "engine/evaluation/planner.py",
          "    if deadline is None:\n        return tuple(sequence)", "    if True:\n        return tuple(sequence)"),
    # The facts.
    Fault("the week's last working day taken for its first", "engine/evaluation/days.py",
          '            parts[open_days[-1]] = "last"', '            parts[open_days[0]] = "last"'),
    Fault("weeks counted from Monday whatever the country", "engine/evaluation/days.py",
          "    starts_on = week_start(weekend)", "    starts_on = 0"),
    Fault("holidays of a few regions kept free like national ones", "engine/evaluation/holidays_source.py",
          "        return frozenset(self.holidays)\n",
          "        return frozenset(self.holidays) | frozenset(self.regional)\n"),
    Fault("holidays most regions keep not kept free", "engine/evaluation/holidays_source.py",
          "if 2 * len(regions[day]) > counted)", "if 2 * len(regions[day]) > 2 * counted)"),
    Fault("quiet seasons not disfavoured", "engine/vocabulary.py",
          "compute=lambda day: day.day in day.quiet)", "compute=lambda day: False)"),
    Fault("an offer's deadline no longer stretches the plan", "engine/evaluation/days.py",
          "    if deadline is not None and deadline > last:\n        last = min(deadline, cap)",
          "    if False:\n        last = min(deadline, cap)"),
    Fault("a promise no longer stretches the plan", "engine/evaluation/days.py",
          "    if promised is None:\n        return last", "    if True:\n        return last"),
    Fault("a promise counted as passed on its own day", "engine/vocabulary.py",
          "day.promised is not None and day.day > day.promised)",
          "day.promised is not None and day.day >= day.promised)"),
    # The checker.
    Fault("checker blind to the country's weekend", "engine/testing/invariants/__init__.py",
          "        if day.weekday() in calendar.weekend:\n            found.append",
          "        if False:\n            found.append"),
    Fault("checker blind to holidays", "engine/testing/calendar.py",
          "        if day in _public(self.country, self.subdivision, day.year):\n            return True",
          "        if False:\n            return True"),
    Fault("checker accepts any best call after a last-working-day interview", "engine/testing/invariants/__init__.py",
          "    if midweek and not (calendar.week_start(best) == next_week and calendar.midweek(best)):",
          "    if False:"),
    Fault("checker blind to a verdict outside the best ranges", "engine/testing/invariants/__init__.py",
          "            if not inside:\n", "            if False:\n"),
    Fault("checker blind to calls past 18:00", "engine/testing/invariants/__init__.py",
          "        if _minutes(start) < CALL_OPENS or end.date() != day or _minutes(end) > CALL_CLOSES:",
          "        if _minutes(start) < CALL_OPENS:"),
    Fault("act now in any best range, however it scores", "engine/evaluation/verdict.py",
          "            if item.start.timestamp() <= moment < item.end.timestamp() and item.score >= top.score:",
          "            if item.start.timestamp() <= moment < item.end.timestamp():"),
    # Found by an audit of the tests: act-now only inside the top-ranked range.
    Fault("act now only inside the top-ranked best range", "engine/evaluation/verdict.py",
          "        for item in step.best:\n            if item.start.timestamp() <= moment < item.end.timestamp() and item.score",
          "        for item in step.best[:1]:\n            if item.start.timestamp() <= moment < item.end.timestamp() and item.score"),
    # A competing offer's deadline day counted as passed (the fact a plan with an offer uses).
    Fault("an offer's deadline counted as passed on its own day", "engine/vocabulary.py",
          "day.deadline is not None and day.day > day.deadline)",
          "day.deadline is not None and day.day >= day.deadline)"),
    # Drafts.
    Fault("a draft names the day planned at, not the interview's", "engine/report/drafts.py",
          '    values["interview_weekday"] = DAY_NAMES[day.weekday()]\n'
          '    values["interview_day"] = day_seen_back(day, at, language, year)\n'
          '    values["on_interview_day"] = _on_day(day, values["interview_day"], language)\n'
          '    values["interview_date"] = long_day(day, language, year=year)',
          '    values["interview_weekday"] = DAY_NAMES[day.weekday()]\n'
          '    values["interview_day"] = day_seen_back(day, at, language, year)\n'
          '    values["on_interview_day"] = _on_day(day, values["interview_day"], language)\n'
          '    values["interview_date"] = long_day(plan.verdict.at.date(), language, year=year)'),
    Fault("a missing name left empty instead of its stand-in", "engine/report/drafts.py",
          "values = {name: value if value else respell(STAND_INS[name], language)\n",
          'values = {name: value if value else ""\n',
          first=("tests/test_drafts.py",)),
    # The agenda.
    Fault("agenda: a best time on the last day shown as later", "engine/report/agenda.py",
          '"soon" if best.start.date() <= horizon else "later"', '"soon" if best.start.date() < horizon else "later"',
          first=("tests/test_agenda.py",)),
    Fault("agenda: what is done listed before what to move on from", "engine/report/agenda.py",
          'rank = {"move_on": 1, "done": 2}.get(self.status, 0)', 'rank = {"move_on": 2, "done": 1}.get(self.status, 0)',
          first=("tests/test_agenda.py",)),
    Fault("agenda: one calendar UID for every step of an application", "engine/report/agenda.py",
          'key = f"{_who_key(plan)}\\n{step.purpose}{_nth(occurrence)}"',
          'key = f"{_who_key(plan)}\\n{_nth(occurrence)}"',
          first=("tests/test_agenda.py",)),
    Fault("calendar reminder at the end of the best time", "engine/report/ics.py",
          '    item.add("dtstart", best.start.astimezone(timezone.utc))',
          '    item.add("dtstart", best.end.astimezone(timezone.utc))',
          first=("tests/test_report_ics.py",)),
    # The server.
    Fault("serve: the now query parameter ignored", "engine/frontends/serve/app.py",
          '        now = request.query_params.get("now") or None', "        now = None",
          first=("tests/test_serve_api.py",)),
    Fault("serve: a bad situation's problem names no field", "engine/frontends/serve/problems.py",
          'problem_response("invalid-situation", str(error), field=error.field,',
          'problem_response("invalid-situation", str(error), field="",',
          first=("tests/test_serve_api.py",)),
    # The schema-pass cache.
    Fault("cache: a profile with problems remembered as passed", "engine/language/passed.py",
          "        problems = check_document(document)\n        if not problems:\n",
          "        problems = check_document(document)\n        if True:\n",
          first=("tests/test_schema_passes.py",)),
    Fault("cache: passes not tied to the schema and its code", "engine/language/passed.py",
          'hashlib.sha256(salt + text.encode("utf-8", "surrogatepass"))',
          'hashlib.sha256(text.encode("utf-8", "surrogatepass"))',
          first=("tests/test_schema_pass_digest.py", "tests/test_schema_passes.py")),
    # The evaluators.
    Fault("durable-rules: a ruleset registered anew on every evaluation", "engine/evaluation/backends/durable.py",
          "        if entry is not None:\n            _registry.move_to_end(ruleset.key)",
          "        if False:\n            _registry.move_to_end(ruleset.key)"),
    Fault("built-in evaluator: rules of every scope fire", "engine/evaluation/backends/python.py",
          "rules = [rule for rule in ruleset.rules if rule.scope == scope]", "rules = list(ruleset.rules)"),
    # The four an audit of the tests found surviving (issue 32).
    Fault("unknown keys accepted inside a rule", "engine/language/schema_build.py",
          "\"replaces it.\",\n        \"additionalProperties\": False,\n",
          "\"replaces it.\",\n",
          # and the shipped schema regenerated from it, as a real change would be
          more=(("schemas/profile.schema.json",
                 "A rule with a parent's id replaces it.\",\n      \"additionalProperties\": false,\n",
                 "A rule with a parent's id replaces it.\",\n"),),
          first=("tests/test_validate.py",)),
    Fault("a draft's unknown sources not reported", "engine/language/drafts.py",
          "                if key not in sources:\n", "                if False:\n",
          first=("tests/test_validate.py",)),
    Fault("the holiday fact true on days only some regions keep", "engine/vocabulary.py",
          "compute=lambda day: day.day in day.holidays)",
          "compute=lambda day: day.day in day.holidays or day.day in day.regional)"),
    Fault("days since the last contact counted from the first", "engine/evaluation/facts.py",
          "{**latest, None: on, channel: on}",
          "{**latest, None: latest.get(None, on), channel: on}"),
)


def _copy(target: Path) -> None:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif source.exists():
            shutil.copy2(source, target / name)


def plant(fault: Fault, target: Path) -> None:
    """Write ``fault`` into the copy of the project at ``target``."""
    for name, old, new in fault.edits():
        path = target / name
        text = path.read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise SystemExit(f"fault {fault.name!r}: its code is no longer in {name} exactly once")
        path.write_text(text.replace(old, new), encoding="utf-8")


def run(fault: Fault | None) -> tuple[bool, str, float]:
    """Plant ``fault`` in a copy and run the fast suite there: (killed, first failure, seconds).

    Without a fault, the copy as it is: the baseline, which must pass.
    """
    with tempfile.TemporaryDirectory(prefix="followup-mutant-") as tmp:
        target = Path(tmp)
        _copy(target)
        if fault is not None:
            plant(fault, target)
        env = {**os.environ, "PYTHONPATH": str(target), "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("FOLLOWUP_PROFILES_PATH", None)
        started = time.monotonic()
        try:
            result = subprocess.run([sys.executable, *suite(target, fault)], cwd=target, env=env, capture_output=True, text=True,
                                    timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return False, "timed out", time.monotonic() - started
        seconds = time.monotonic() - started
        failed = next((line for line in result.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))), "")
        return result.returncode != 0, failed, seconds


def main(argv: list[str]) -> int:
    if "--list" in argv:
        for number, fault in enumerate(FAULTS, 1):
            print(f"{number:2}. {fault.name} ({fault.path})")
        return 0
    baseline = "--no-baseline" not in argv
    argv = [arg for arg in argv if arg != "--no-baseline"]
    chosen = [int(arg) for arg in argv] if argv else list(range(1, len(FAULTS) + 1))
    if baseline:  # a suite that fails without a fault would make every fault look noticed
        failed, failure, seconds = run(None)
        print(f" 0. baseline, no fault: {'FAILED' if failed else 'passed'} ({seconds:.0f} s)"
              f"{': ' + failure if failure else ''}", flush=True)
        if failed:
            return 2
    killed = 0
    for number in chosen:
        fault = FAULTS[number - 1]
        caught, failure, seconds = run(fault)
        killed += caught
        verdict = "killed" if caught else "SURVIVED"
        print(f"{number:2}. {verdict:8} {fault.name} ({seconds:.0f} s){': ' + failure if failure else ''}",
              flush=True)
    print(f"score: {killed}/{len(chosen)} faults noticed by the fast suite")
    return 0 if killed == len(chosen) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
