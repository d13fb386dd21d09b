"""What misled an outside author (issue 33, points 6-9): each check and message, on a fixture.

A time no slot starts at is R306 with the reason; a misspelt `extends` is one S202 and
nothing that follows from it; the invariant-3 message blames business hours only when
nothing but core-call-hours keeps calls out; `followup test` names a file; `profiles
--resolved` shows drafts in text, the "from" column keeps file names whole, and an unknown
profile hints at `--profiles DIR`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result
from conftest import ROOT

from engine.frontends.cli import main

FIXTURES = Path("tests") / "fixtures" / "authors"


def followup(*args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "FOLLOWUP_PROFILES_PATH"}
    return subprocess.run([sys.executable, "-m", "engine", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=600, check=False)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), prog_name="followup")


def test_a_time_no_slot_starts_at_is_a_rule_that_never_fires() -> None:
    result = followup("validate", str(FIXTURES / "off-grid-time.yaml"))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "tests/fixtures/authors/off-grid-time.yaml:9:11: R306: rule 'quarter-past' can never fire: its condition "
        "cannot hold within this profile's slots (slots start at 09:00 and every 30 minutes after it, so no slot "
        'starts or ends at "10:15"; test a range such as {ge: ..., lt: ...}, or change slot_minutes)')


def test_a_time_on_the_slot_grid_still_fires(tmp_path: Path) -> None:
    text = (ROOT / FIXTURES / "off-grid-time.yaml").read_text(encoding="utf-8")
    (tmp_path / "school.yaml").write_text(text.replace('"10:15"', '"10:30"'), encoding="utf-8")
    result = followup("validate", str(tmp_path / "school.yaml"))
    assert result.returncode == 0, result.stdout


def test_a_time_range_between_slots_never_fires(tmp_path: Path) -> None:
    text = (ROOT / FIXTURES / "off-grid-time.yaml").read_text(encoding="utf-8")
    (tmp_path / "school.yaml").write_text(text.replace('"10:15"', '{gt: "10:00", lt: "10:30"}'), encoding="utf-8")
    result = followup("validate", str(tmp_path / "school.yaml"))
    assert result.returncode == 1
    assert "R306: rule 'quarter-past' can never fire" in result.stdout


def test_a_misspelt_extends_is_reported_once_without_follow_on_errors() -> None:
    result = followup("validate", str(FIXTURES / "extend-typo.yaml"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "tests/fixtures/authors/extend-typo.yaml:5:1: S202: unknown key 'extend' (did you mean 'extends'?)",
        # The one real mistake among the example's reasons: general's rules count as inherited.
        "tests/fixtures/authors/extend-typo.yaml:28:79: X502: expects reason 'not-a-rule', which is not a rule "
        "of this profile",
        "2 problems in 1 file",
    ]


def test_business_hours_before_eight_pass_when_the_profiles_own_rule_keeps_calls_out() -> None:
    result = followup("test", str(FIXTURES / "school-early-email.yaml"), "--examples", "10", "--seed", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "core-call-hours" not in result.stdout


def test_business_hours_before_eight_fail_when_only_core_keeps_calls_out() -> None:
    result = followup("test", str(FIXTURES / "early-calls.yaml"), "--examples", "10", "--seed", "1")
    assert result.returncode == 1
    [line] = [line for line in result.stdout.splitlines() if line.startswith("    - 3:")]
    # The first such slot: the Tuesday after a Friday interview (Monday 07:30 is a
    # week-start morning that general's own rule already keeps calls out of).
    assert line.startswith("    - 3: status calls at 2026-11-24T07:30-05:00 and ")
    assert line.endswith("lie in the profile's business hours but outside 08:00-18:00, and no rule but "
                         "core-call-hours forbids them; give calls hours inside 08:00-18:00 "
                         "(business_hours_by_channel), or forbid calls outside them in a rule of the profile's own")


def test_followup_test_names_a_profile_that_cannot_be_used_by_its_file() -> None:
    result = followup("test", str(FIXTURES / "extend-typo.yaml"), str(FIXTURES / "school-early-email.yaml"),
                      "--examples", "5", "--seed", "1")
    assert result.returncode == 1
    assert "extend-typo (tests/fixtures/authors/extend-typo.yaml): FAILED" in result.stdout.splitlines()


def test_resolved_profile_text_shows_the_drafts() -> None:
    result = invoke("profiles", "--resolved", "legal")
    assert result.exit_code == 0
    text = result.output
    assert "\nDrafts (" in text and text.index("\nDrafts (") < text.index("\nSources:")
    # Each draft as written, its placeholders unfilled: the subject, then the body's lines.
    assert "  thank-you-email (legal): thank_you by email\n    subject: Thank you: interview for {" in text
    assert "  thank-you-letter (legal): thank_you by letter\n    body: " in text
    assert "\n      Yours sincerely,\n      {candidate}\n" in text
    assert max(map(len, text.splitlines())) <= 99


def test_profiles_keeps_a_long_file_name_whole(tmp_path: Path) -> None:
    folder = tmp_path / "a-rather-long-folder-name-for-profiles" / "another-level-of-folders"
    folder.mkdir(parents=True)
    (folder / "journalism.yaml").write_text(
        "id: journalism\nname: Journalism (newspapers, magazines, broadcast and digital newsrooms)\n"
        "extends: general\nrules: []\n", encoding="utf-8")
    result = invoke("profiles", "--profiles", str(folder))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    [line] = [line for line in lines if line.startswith("journalism ")]
    assert line.endswith("(below)"), line
    assert lines[lines.index(line) + 1].strip() == f"from {folder / 'journalism.yaml'}"


def test_an_unknown_profile_without_profiles_hints_at_the_option() -> None:
    result = followup("profiles", "--resolved", "journalism")
    assert result.returncode == 2
    assert "unknown profile 'journalism'" in result.stderr
    assert "--profiles DIR" in result.stderr
    with_folder = followup("profiles", "--resolved", "journalism", "--profiles", str(FIXTURES))
    assert "unknown profile 'journalism'" in with_folder.stderr and "--profiles DIR" not in with_folder.stderr
