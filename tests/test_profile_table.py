"""The bundled-profile table in docs/profiles.md, and the industry profiles it lists.

Done-when of "More industries, grounded in sources": each new profile validates
without a diagnostic, its examples pass and exercise every rule it defines, and the
guide's table is current.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from engine.language.catalog import Catalog, default_catalog
from engine.testing import run_profile_tests
from engine.tools.profile_table import (
    COUNTRIES_END_MARKER,
    COUNTRIES_START_MARKER,
    EFFECTS_END_MARKER,
    EFFECTS_START_MARKER,
    END_MARKER,
    FACTS_END_MARKER,
    FACTS_START_MARKER,
    RULES_END_MARKER,
    RULES_START_MARKER,
    START_MARKER,
    bundled_profiles,
    first_sentence,
    marked_section,
    render_countries,
    render_effects,
    render_facts,
    render_rules,
    render_table,
    update_docs,
)
from engine.vocabulary import FACTS

GUIDE = ROOT / "docs" / "profiles.md"
NEW_PROFILES = ("academia", "government", "healthcare", "sales", "consulting", "finance")
REGENERATE = "the bundled-profile table in docs/profiles.md is stale; run: python -m engine.tools.profile_table"


def _rows(table: str) -> dict[str, list[str]]:
    """Table rows by profile id, each as its list of cells."""
    rows: dict[str, list[str]] = {}
    for line in table.splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        rows[cells[0].strip("`")] = cells
    return rows


def test_guide_table_is_current() -> None:
    assert marked_section(GUIDE.read_text(encoding="utf-8")) == render_table(default_catalog()), REGENERATE


def test_guide_lists_the_rules_of_core_and_general_as_they_are() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    rules = render_rules(default_catalog())
    assert marked_section(text, RULES_START_MARKER, RULES_END_MARKER) == rules, REGENERATE
    catalog = default_catalog()
    for profile_id in ("core", "general"):
        for rule in catalog.resolve(profile_id).rules:
            if rule.profile == profile_id:
                assert f"| `{rule.id}` |" in rules, rule.id
    assert "| `core-last-day-midweek` | `{channel: call, interview_week_part: last, weeks_after: 1, week_part: mid}` " \
           "| prefer +10 |" in rules
    assert "recommend email, priority -1" in rules


def test_guide_lists_the_facts_and_effects_of_the_vocabulary() -> None:
    """The tables come from vocabulary.py: a new fact or effect appears in the guide by regenerating it."""
    text = GUIDE.read_text(encoding="utf-8")
    facts = marked_section(text, FACTS_START_MARKER, FACTS_END_MARKER)
    effects = marked_section(text, EFFECTS_START_MARKER, EFFECTS_END_MARKER)
    assert facts == render_facts(), REGENERATE
    assert effects == render_effects(), REGENERATE
    assert [line.split("`")[1] for line in facts.splitlines()[2:]] == list(FACTS)
    assert "| `prefer: N` | slot |" in effects and "`N` is from -100 to 100." in effects
    assert "| `recommend: call \\| email \\| none` | step |" in effects


def test_every_bundled_profile_has_a_row() -> None:
    bundled = {path.stem for path in (ROOT / "profiles").glob("*.yaml")}
    overlays = set(default_catalog().overlays)
    assert set(_rows(render_table(default_catalog()))) == bundled - overlays
    assert {row[1].strip("`") for row in _rows(render_countries(default_catalog())).values()} == overlays


def test_guide_countries_table_is_current() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert marked_section(text, COUNTRIES_START_MARKER, COUNTRIES_END_MARKER) == render_countries(default_catalog()), \
        REGENERATE


def test_countries_table_shows_what_each_country_changes() -> None:
    # By hand from the overlays' norms, for a Tuesday 17 Nov 2026 10:00 interview in each capital:
    # Germany opens the status window after ten days (day 11 is Sat 28 Nov, so Mon 30: day 13) and
    # looks four weeks ahead; Japan two weeks on (Tue 1 Dec: day 14) by e-mail, its thank-you until
    # the next working day (Wed 18: day 1); Britain and Spain write in the week after (Mon 23: day 6).
    rows = _rows(render_countries(default_catalog()))
    # columns: country, id, extends, evidence, horizon, thank-you, thank-you until, status, first status contact
    assert rows["DE"][1:9] == ["`de`", "`general`", "mixed", "28", "e-mail", "2", "call", "13"]
    assert rows["JP"][4:9] == ["28", "e-mail", "1", "e-mail", "14"]
    assert rows["GB"][7:9] == ["e-mail", "6"]
    assert rows["ES"][7:9] == ["e-mail", "6"]


def test_table_is_deterministic() -> None:
    assert render_table(default_catalog()) == render_table(Catalog())


def test_table_shows_planned_channels_and_first_contact() -> None:
    rows = _rows(render_table(default_catalog()))
    # columns: id, name, extends, evidence, horizon, thank-you, status, first status contact, key differences
    # A Tuesday interview: the status call waits for the next working week (Monday, day 6).
    assert rows["general"][2:8] == ["`core`", "mixed", "14", "e-mail", "call", "6"]
    assert rows["legal"][5] == "e-mail (traditional: call)"
    assert rows["government"][4:8] == ["120", "e-mail", "e-mail", "15"]
    assert rows["academia"][4:8] == ["90", "e-mail", "e-mail", "21"]
    assert rows["healthcare"][7] == "7"
    assert rows["core"][2] == "—"


def test_table_leaves_out_profiles_from_other_places(tmp_path: Path) -> None:
    (tmp_path / "extra.yaml").write_text(
        "id: extra\nname: Extra\nextends: general\nrules: []\n", encoding="utf-8")
    rows = _rows(render_table(Catalog([tmp_path])))
    assert "extra" not in rows
    assert [profile.id for profile in bundled_profiles(Catalog([tmp_path]))][:2] == ["core", "general"]


@pytest.mark.parametrize(("description", "expected"), [
    ("One. Two.", "One."),
    ("Thanks, e.g. by e-mail, within a day. Then wait.", "Thanks, e.g. by e-mail, within a day."),
    ("No full stop at all", "No full stop at all"),
    ("Pipes | stay in one sentence.", "Pipes | stay in one sentence."),
])
def test_first_sentence(description: str, expected: str) -> None:
    assert first_sentence(description) == expected


def test_update_docs_rewrites_only_the_marked_section(tmp_path: Path) -> None:
    doc = tmp_path / "guide.md"
    doc.write_text(f"# Guide\n\nbefore\n\n{START_MARKER}\nold table\n{END_MARKER}\n\nafter\n", encoding="utf-8")
    assert update_docs(doc) is True
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Guide\n\nbefore\n\n")
    assert text.endswith(f"{END_MARKER}\n\nafter\n")
    assert marked_section(text) == render_table(default_catalog())
    assert update_docs(doc) is False


def test_update_docs_needs_the_markers(tmp_path: Path) -> None:
    doc = tmp_path / "guide.md"
    doc.write_text("# Guide without markers\n", encoding="utf-8")
    with pytest.raises(ValueError, match="profile-table:start"):
        update_docs(doc)
    assert doc.read_text(encoding="utf-8") == "# Guide without markers\n"


@pytest.mark.parametrize("profile_id", NEW_PROFILES)
def test_new_profile_validates_cleanly(profile_id: str) -> None:
    catalog = default_catalog()
    assert not catalog.problems.get(f"profiles/{profile_id}.yaml")
    assert catalog.check(profile_id) == []
    profile = catalog.resolve(profile_id)
    assert profile.chain[1:] == ("general", "core")
    assert profile.evidence in ("strong", "mixed", "thin")
    assert profile.description.strip()
    for rule in profile.rules:
        for key in rule.sources:
            source = profile.sources[key]
            assert key == "seed" or (source.url or "").startswith("https://"), key


@pytest.mark.parametrize("profile_id", NEW_PROFILES)
def test_new_profile_examples_pass_with_full_coverage(profile_id: str) -> None:
    report = run_profile_tests(default_catalog(), [profile_id], examples=20, seed=0)
    (result,) = report.profiles
    failures = [failure for example in result.examples for failure in example.failures]
    assert report.ok, (failures, result.failure)
    assert result.own_rules and result.exercised == result.own_rules, sorted(result.own_rules - result.exercised)
