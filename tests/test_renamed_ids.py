"""Renamed rule and draft ids keep working: a profile written against an older release still
validates, resolves and passes its examples, with a warning (R316) to write the new id.

The bundled renames are written with ``replaces:`` in core.yaml and general.yaml; the
outside profile below is what a user wrote before they were renamed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

import engine
from engine.errors import ProfileError
from engine.language.catalog import Catalog

# Written against 0.1.0: it overrides and removes general's rules and expects core's by their old ids.
RECRUITING = """\
id: recruiting
name: Recruiting agencies
extends: general
sources:
  own: {title: Our own notes on agency recruiters, url: "https://example.org/notes/agencies"}
rules:
  - id: no-monday-morning-calls
    when: {channel: call, week_part: first, time: {lt: "12:00"}}
    then: {prefer: -2}
    why: Agency recruiters spend the first morning of the week on their own team's meeting.
    source: own
  - id: no-friday-afternoon-calls
    remove: true
examples:
  - name: Friday interview, status call midweek of the next week
    situation: {interview: "2026-11-20T14:00", timezone: America/New_York, purpose: status}
    now: "2026-11-21T10:00"
    expect:
      steps:
        - action: call
          reasons: [core-friday-midweek]
"""


def followup(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "engine", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, check=False)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    (tmp_path / "recruiting.yaml").write_text(RECRUITING, encoding="utf-8")
    return tmp_path


def test_an_outside_profile_using_old_ids_validates_with_warnings(outside: Path) -> None:
    result = followup("validate", str(outside / "recruiting.yaml"), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    found = {(d["code"], d["severity"], d["line"], d["col"], d["message"])
             for d in json.loads(result.stdout)["diagnostics"]}
    assert found == {
        ("R316", "warning", 7, 9, "rule 'no-monday-morning-calls' is now called 'no-week-start-mornings': the old id "
                                  "still works in this release but is deprecated; write 'no-week-start-mornings'"),
        ("R316", "warning", 12, 9, "rule 'no-friday-afternoon-calls' is now called 'no-week-end-afternoons': the old "
                                   "id still works in this release but is deprecated; write 'no-week-end-afternoons'"),
        ("R316", "warning", 21, 21, "rule 'core-friday-midweek' is now called 'core-last-day-midweek': the old id "
                                    "still works in this release but is deprecated; write 'core-last-day-midweek'"),
    }


def test_old_ids_override_and_remove_the_renamed_rules(outside: Path) -> None:
    profile = Catalog([str(outside)]).resolve("recruiting")
    rules = {rule.id: rule for rule in profile.rules}
    assert "no-monday-morning-calls" not in rules and "no-friday-afternoon-calls" not in rules
    assert (rules["no-week-start-mornings"].profile, rules["no-week-start-mornings"].value) == ("recruiting", -2)
    assert "no-week-end-afternoons" not in rules  # removed under its old id
    assert "no-week-end-afternoons" in {rule.id for rule in Catalog().resolve("general").rules}


def test_followup_test_passes_an_example_expecting_an_old_id(outside: Path) -> None:
    result = followup("test", str(outside / "recruiting.yaml"), "--examples", "5", "--seed", "1", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "examples: 1/1 passed" in result.stdout and "rule coverage: 1/1 (100%)" in result.stdout


def test_plans_name_the_new_id(outside: Path) -> None:
    plan = engine.advise({"interview": "2026-11-20T14:00", "timezone": "America/New_York", "purpose": "status",
                          "industry": "recruiting"}, now="2026-11-21T10:00", profiles=[outside]).to_dict()
    reasons = {reason["rule"] for reason in plan["steps"][0]["reasons"]}
    assert "core-last-day-midweek" in reasons and "core-friday-midweek" not in reasons


def test_an_invariant_stays_an_invariant_under_its_old_id(tmp_path: Path) -> None:
    (tmp_path / "lax.yaml").write_text(
        "id: lax\nname: Lax\nextends: general\nrules:\n  - {id: core-friday-not-monday-morning, remove: true}\n",
        encoding="utf-8")
    with pytest.raises(ProfileError) as refused:
        Catalog([str(tmp_path)]).resolve("lax")
    assert [(d.code, d.message) for d in refused.value.diagnostics] == [
        ("R305", "cannot remove invariant rule 'core-last-day-next-morning' of profile 'core'")]


def test_a_renamed_draft_keeps_its_old_id(tmp_path: Path) -> None:
    (tmp_path / "agency.yaml").write_text("""\
id: agency
name: Agency
extends: general
rules: []
sources:
  own: {title: Our own notes, url: "https://example.org/notes/drafts"}
drafts:
  - id: agency-thanks
    replaces: [thanks-note]
    purpose: thank_you
    channel: email
    subject: Thank you
    body: Thank you for your time today and for telling me about the work at {company}.
""", encoding="utf-8")
    (tmp_path / "agency-legal.yaml").write_text("""\
id: agency-legal
name: Agency, legal desk
extends: agency
rules: []
drafts:
  - id: thanks-note
    purpose: thank_you
    channel: email
    subject: Thanks again
    body: Thank you again for the interview and for showing me how {company} works.
examples:
  - name: the overriding draft is the one given
    situation: {interview: "2026-11-20T14:00", timezone: America/New_York, purpose: thank_you}
    now: "2026-11-21T10:00"
    expect:
      steps:
        - draft: thanks-note
""", encoding="utf-8")
    profile = Catalog([str(tmp_path)]).resolve("agency-legal")
    drafts = {draft.id: draft for draft in profile.drafts}
    assert "thanks-note" not in drafts and drafts["agency-thanks"].profile == "agency-legal"
    result = followup("validate", str(tmp_path), "--format", "json")
    assert result.returncode == 0, result.stdout
    assert {(Path(d["file"]).name, d["code"], d["line"]) for d in json.loads(result.stdout)["diagnostics"]} == {
        ("agency-legal.yaml", "R316", 6), ("agency-legal.yaml", "R316", 17)}
    tested = followup("test", str(tmp_path / "agency-legal.yaml"), "--profiles", str(tmp_path), "--examples", "3")
    assert tested.returncode == 0 and "examples: 1/1 passed" in tested.stdout, tested.stdout + tested.stderr


def test_a_former_id_is_no_rule_s_current_id() -> None:
    """A bundled rule's former id never names another rule (it would be ambiguous)."""
    catalog = Catalog()
    for profile_id in catalog.ids:
        profile = catalog.resolve(profile_id)
        assert not set(profile.renamed) & ({rule.id for rule in profile.rules} | {d.id for d in profile.drafts})
    assert Catalog().resolve("general").renamed == {
        "core-no-call-off-days": "core-no-contact-off-days", "core-friday-midweek": "core-last-day-midweek",
        "core-friday-not-monday-morning": "core-last-day-next-morning",
        "no-monday-morning-calls": "no-week-start-mornings", "no-friday-afternoon-calls": "no-week-end-afternoons"}
