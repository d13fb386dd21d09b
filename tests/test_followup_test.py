"""``followup test``: examples, invariants as property tests, coverage, reproducing commands."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from conftest import ROOT
from hypothesis import settings

import engine
from engine.testing import PROBES
from engine.testing.examples import run_examples
from engine.testing.invariants import violations

FIXTURES = Path("tests") / "fixtures" / "test_command"  # relative: as a user in the repository types it
TRIES_WEEKEND_CALLS = FIXTURES / "tries_weekend_calls.yaml"
BREAKS_EXAMPLE = FIXTURES / "breaks_example.yaml"


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("FOLLOWUP_PROFILES_PATH", None)
    return env


def followup(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "engine", *args], capture_output=True, text=True, cwd=ROOT,
                          env=environment(), timeout=600)


def reproduce(command: str) -> subprocess.CompletedProcess[str]:
    """Run a printed ``followup advise`` command (possibly after ``echo ... |``) as a shell would."""
    assert "followup advise" in command
    runnable = command.replace("followup advise", f"{shlex.quote(sys.executable)} -m engine advise", 1)
    return subprocess.run(["bash", "-c", runnable], capture_output=True, text=True, cwd=ROOT, env=environment(),
                          timeout=120)


def reproduce_lines(output: str) -> list[str]:
    return [line.split("reproduce: ", 1)[1] for line in output.splitlines() if "reproduce: " in line]


def sections(output: str) -> dict[str, list[str]]:
    """The text report's lines per profile id."""
    found: dict[str, list[str]] = {}
    current: list[str] = []
    for line in output.splitlines():
        header = re.match(r"^(\S+) \((.+)\): (ok|FAILED)$", line)
        if header:
            current = found.setdefault(header.group(1), [line])
        elif line.startswith(" "):
            current.append(line)
    return found


# --- (a) the bundled profiles pass --------------------------------------------------------


def test_every_bundled_profile_passes_with_full_rule_coverage() -> None:
    count = 3 * settings().max_examples  # a few hundred per profile, fewer under the quick Hypothesis profile
    result = followup("test", "--examples", str(count), "--seed", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    ids = engine.default_catalog().ids
    found = sections(result.stdout)
    assert sorted(found) == ids
    for profile_id in ids:
        lines = found[profile_id]
        assert lines[0].endswith(": ok"), lines
        assert re.search(r"^  examples: (\d+)/\1 passed$", "\n".join(lines), re.M), lines
        assert f"  invariants: hold for {len(PROBES)} probes and {count} generated situations" in lines, lines
        coverage = next(line for line in lines if line.startswith("  rule coverage: "))
        assert re.fullmatch(r"  rule coverage: (\d+)/\1 \(100%\)", coverage), coverage
    assert result.stdout.rstrip().endswith(f"{len(ids)} passed, 0 failed")


# --- (b) a profile that breaks an invariant -------------------------------------------------


def _weekend_calls(plan: dict[str, Any]) -> list[str]:
    """Best call times of a plan's JSON that fall on a Saturday or Sunday (no country given)."""
    return [item["start"] for step in plan["steps"] if step["action"] == "call" for item in step["best"]
            if datetime.fromisoformat(item["start"]).weekday() >= 5]


def test_a_profile_trying_to_break_an_invariant_cannot() -> None:
    result = followup("test", str(TRIES_WEEKEND_CALLS), "--examples", "200", "--seed", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = sections(result.stdout)["tries-weekend-calls"]
    assert lines[0] == f"tries-weekend-calls ({TRIES_WEEKEND_CALLS}): ok"
    assert f"  invariants: hold for {len(PROBES)} probes and 200 generated situations" in lines
    # Its Saturday preference only ever meets slots that are forbidden, so it shapes nothing.
    assert "  rule coverage: 0/1 (0%), not exercised: saturday-calls" in lines
    plan = engine.advise({"interview": "2026-11-17T14:00", "timezone": "America/New_York", "purpose": "status",
                          "industry": "tries-weekend-calls"}, now="2026-11-18T10:00",
                         profiles=[str(ROOT / FIXTURES)])
    assert not _weekend_calls(plan.to_dict())
    assert all(slot.day.weekday() < 5 for slot in plan.steps[0].allowed)
    assert violations(plan) == []


def test_the_same_seed_gives_the_same_report() -> None:
    first = followup("test", str(BREAKS_EXAMPLE), "--examples", "60", "--seed", "7")
    second = followup("test", str(BREAKS_EXAMPLE), "--examples", "60", "--seed", "7")
    assert first.returncode == second.returncode == 1
    assert first.stdout == second.stdout


# --- (c) a profile whose example is wrong ------------------------------------------------


def _line_of(path: Path, text: str) -> int:
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_a_wrong_example_is_named_by_line_with_a_command_that_shows_the_mismatch() -> None:
    result = followup("test", str(BREAKS_EXAMPLE), "--examples", "30", "--seed", "1")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = sections(result.stdout)["breaks-example"]
    assert "  examples: 1/2 passed" in lines
    assert f"  invariants: hold for {len(PROBES)} probes and 30 generated situations" in lines
    name = "Friday interview, status call expected on the Monday (wrong on purpose)"
    line = _line_of(BREAKS_EXAMPLE, f"- name: {name}")
    assert f"    {BREAKS_EXAMPLE}:{line}: {name}" in lines
    mismatch = next(text for text in lines if "best_date expected" in text)
    match = re.fullmatch(r"      - status: best_date expected (\S+), got (\S+)", mismatch)
    assert match, mismatch
    expected, actual = match.groups()
    assert expected == "2026-11-23" and actual != expected

    commands = reproduce_lines(result.stdout)
    assert len(commands) == 1
    replayed = reproduce(commands[0])
    assert replayed.returncode == 0, replayed.stderr
    plan = json.loads(replayed.stdout)
    status = next(step for step in plan["steps"] if step["purpose"] == "status")
    assert status["best"][0]["start"][:10] == actual != expected
    assert plan["now"]["verdict"] == "wait_until"


def test_the_command_of_an_example_without_now_plans_as_of_the_interview(tmp_path: Path) -> None:
    document = yaml.safe_load((ROOT / BREAKS_EXAMPLE).read_text(encoding="utf-8"))
    del document["examples"][1]["now"]
    (tmp_path / "breaks_example.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    results = run_examples(engine.Catalog([tmp_path]), "breaks-example", [str(tmp_path)])
    assert "--now 2026-11-20T14:00" in results[1].command


# --- (d) bad usage, (e) JSON -------------------------------------------------------------


def test_a_missing_path_is_bad_usage_without_a_traceback() -> None:
    result = followup("test", "no/such/profile.yaml")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "followup: error: no such file or directory: no/such/profile.yaml\n"


def test_a_profile_with_problems_fails_and_shows_them() -> None:
    broken = Path("tests") / "fixtures" / "broken" / "r306-never-fires.yaml"
    result = followup("test", str(broken), "--examples", "5")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "R306" in result.stdout + result.stderr


def test_json_output_parses_and_carries_the_failures() -> None:
    result = followup("test", str(BREAKS_EXAMPLE), "--examples", "20", "--seed", "1", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    (profile,) = report["profiles"]
    assert profile["id"] == "breaks-example" and profile["ok"] is False
    assert profile["invariant_failure"] is None and profile["generated"] == 20 and profile["probes"] == len(PROBES)
    failing = [example for example in profile["examples"] if not example["passed"]]
    assert [example["line"] for example in failing] == [_line_of(BREAKS_EXAMPLE, "- name: Friday interview")]
    assert failing[0]["command"].startswith("followup advise ")
    assert profile["coverage"] == {"rules": ["afternoon-calls"], "exercised": ["afternoon-calls"], "missing": [],
                                   "percent": 100}


def test_json_output_of_a_passing_profile() -> None:
    result = followup("test", "profiles/general.yaml", "--examples", "10", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert [p["id"] for p in report["profiles"]] == ["general"]
    assert report["profiles"][0]["coverage"]["percent"] == 100


# --- (f) a profile that only core keeps in line, (g) --strict -------------------------------


LATE_HOURS = FIXTURES / "late_hours.yaml"
MONDAY_MORNINGS = FIXTURES / "monday_mornings.yaml"


def test_profiles_that_only_core_keeps_in_line_fail_with_a_command_that_shows_it() -> None:
    result = followup("test", str(LATE_HOURS), str(MONDAY_MORNINGS), "--examples", "20", "--seed", "1")
    assert result.returncode == 1, result.stdout + result.stderr
    found = sections(result.stdout)
    late, mondays = found["late-hours"], found["monday-mornings"]
    assert late[0].endswith(": FAILED") and mondays[0].endswith(": FAILED")
    assert any(line.startswith("    - 3: the profile's business hours put ") and "outside 08:00-18:00" in line
               for line in late), late
    assert any(line.startswith("    - 4: the profile ranks a status call at ") for line in mondays), mondays
    commands = reproduce_lines(result.stdout)
    assert len(commands) == 2
    for command in commands:  # the plan the command prints keeps the invariants: core overruled the profile
        replayed = reproduce(command)
        assert replayed.returncode == 0, replayed.stderr
        plan = json.loads(replayed.stdout)
        for step in plan["steps"]:
            for item in step["best"]:
                start, end = datetime.fromisoformat(item["start"]), datetime.fromisoformat(item["end"])
                assert start.hour >= 8 and (end.hour, end.minute) <= (18, 0)
                if step["action"] == "call" and plan["situation"]["interview"].startswith("2026-11-20"):
                    assert not (start.date().isoformat() == "2026-11-23" and start.hour < 12)


def test_strict_fails_a_profile_without_examples_or_with_unexercised_rules(tmp_path: Path) -> None:
    bare = tmp_path / "bare.yaml"
    bare.write_text("id: bare\nname: Bare\nextends: general\nrules: []\n", encoding="utf-8")
    loose = followup("test", str(bare), "--examples", "5")
    assert loose.returncode == 0, loose.stdout + loose.stderr
    assert "  warning: the profile has no examples: add some under `examples:`" in loose.stdout
    strict = followup("test", str(bare), "--examples", "5", "--strict")
    assert strict.returncode == 1
    assert "  error: the profile has no examples" in strict.stdout
    # A rule no example exercises: tries-weekend-calls' Saturday preference never shapes a plan.
    uncovered = followup("test", str(TRIES_WEEKEND_CALLS), "--examples", "5", "--strict")
    assert uncovered.returncode == 1
    assert "  error: no example exercises saturday-calls" in uncovered.stdout
    covered = followup("test", "profiles/general.yaml", "--examples", "5", "--strict")
    assert covered.returncode == 0, covered.stdout


MONDAY_FIRST_THING = FIXTURES / "monday_first_thing.yaml"


def test_a_profile_allowing_calls_first_thing_on_monday_only_fails_with_a_command_that_shows_core_keeps_it() -> None:
    result = followup("test", str(MONDAY_FIRST_THING), "--examples", "20", "--seed", "1")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = sections(result.stdout)["monday-first-thing"]
    assert lines[0].endswith(": FAILED")
    problem = next(line for line in lines if line.startswith("    - 4: "))
    assert problem.startswith("    - 4: the profile ranks a status call at 2026-11-23T09:00-05:00, the first working "
                              "morning after an interview on the last working day of the week"), problem
    (command,) = reproduce_lines(result.stdout)
    assert "--interview 2026-11-20T14:00" in command and "--industry monday-first-thing" in command
    replayed = reproduce(command)
    assert replayed.returncode == 0, replayed.stderr
    plan = json.loads(replayed.stdout)
    (step,) = plan["steps"]
    # Monday 23 Nov before noon is never offered: the next Monday's first hour is what is left.
    assert step["action"] == "call"
    assert [item["start"] for item in step["best"]] == ["2026-11-30T09:00:00-05:00"]
    assert plan["now"]["verdict"] == "wait_until" and plan["now"]["until"] == "2026-11-30T09:00:00-05:00"
