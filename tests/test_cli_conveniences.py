"""Small things the command line does for a person at a terminal.

``core`` is never offered as an industry; ``followup profiles`` fits 100 columns and
prints a resolved profile as text; a well-known wrong country code gets its right one;
``--contact`` gives earlier contacts; the shell completes industries and time zones;
a YAML timestamp in a situation file is the date-time it says.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import ROOT

import engine
from engine.countries import ALIASES, check_country
from engine.errors import SituationError
from engine.frontends.cli import main
from engine.language.catalog import Catalog
from engine.zones import zone_names

NY = ["--interview", "2026-11-20T14:00", "--timezone", "America/New_York"]
NOW = ["--now", "2026-11-21T10:00"]
PUBLISHING = "id: publishing\nname: Publishing\nextends: general\nrules: []\n"


@pytest.fixture(autouse=True)
def _no_profile_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOLLOWUP_PROFILES_PATH", raising=False)


def invoke(*args: str, **env: str) -> Result:
    result = CliRunner().invoke(main, list(args), env=env or None, prog_name="followup")
    assert "Traceback" not in result.output
    return result


# --- core is the base of every profile, not an industry ----------------------------------


def test_core_is_not_listed_among_the_industries() -> None:
    result = invoke("profiles")
    assert result.exit_code == 0
    rows = result.output.split("\n\n")[0].splitlines()
    ids = [line.split()[0] for line in rows[1:]]
    assert ids == sorted(Catalog().industries) and "core" not in ids and "general" in ids
    assert "followup profiles --resolved core" in result.output
    listed = json.loads(invoke("profiles", "--format", "json").output)
    assert {row["id"]: row["industry"] for row in listed}["core"] is False
    assert all(row["industry"] for row in listed if row["id"] != "core" and row["country"] is None)
    assert not any(row["industry"] for row in listed if row["country"] is not None)  # the country overlays


@pytest.mark.parametrize("typed", ["lawyer", "cor", "cores"])
def test_an_unknown_industry_never_offers_core(typed: str) -> None:
    result = invoke("advise", *NY, "--industry", typed)
    assert result.exit_code == 2
    known = result.output.split("known: ")[1]
    assert "general" in known and "core" not in known.replace("(did you mean", "")
    assert "did you mean 'core'" not in result.output


INDUSTRIES = ("academia, accounting, consulting, finance, general, government, healthcare, it, legal, sales")


def test_core_is_refused_as_an_industry_by_the_library_with_the_industries() -> None:
    with pytest.raises(SituationError) as refused:
        engine.advise({"interview": "2026-11-20T14:00", "timezone": "America/New_York", "industry": "core"},
                      now="2026-11-21T10:00")
    assert refused.value.field == "industry"
    assert refused.value.message == ("'core' is not an industry: it holds the rules every profile extends; "
                                     f"choose one of: {INDUSTRIES}")


def test_core_is_refused_by_the_command_line_as_bad_input() -> None:
    result = invoke("advise", *NY, *NOW, "--industry", "core")
    assert result.exit_code == 2
    assert result.output.strip() == ("followup: error: industry: 'core' is not an industry: it holds the rules "
                                     f"every profile extends; choose one of: {INDUSTRIES}")


def test_a_users_profile_may_still_extend_core(tmp_path: Path) -> None:
    (tmp_path / "bare.yaml").write_text("id: bare\nname: Bare\nextends: core\nrules: []\n", encoding="utf-8")
    plan = engine.advise({"interview": "2026-11-20T14:00", "timezone": "America/New_York", "industry": "bare"},
                         now="2026-11-21T10:00", profiles=[tmp_path])
    assert plan.to_dict()["profile"]["chain"] == ["bare", "core"]
    result = invoke("advise", *NY, *NOW, "--industry", "bare", "--profiles", str(tmp_path), "--format", "json")
    assert result.exit_code == 0 and json.loads(result.output)["profile"]["chain"] == ["bare", "core"]


# --- followup profiles --------------------------------------------------------------------


def test_profiles_lines_fit_100_columns_and_name_where_profiles_come_from(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    deep = home / "a" / "rather" / "long" / "path" / "to" / "the" / "profiles" / "of" / "one" / "candidate"
    deep.mkdir(parents=True)
    (deep / "publishing.yaml").write_text(PUBLISHING, encoding="utf-8")
    (deep / "broken.yaml").write_text(
        "id: broken\nname: Broken\nrules:\n"
        "  - {id: r, when: {purpose: status}, then: {recommend: email}, why: Because it is kind., source: nope}\n",
        encoding="utf-8")
    local = tmp_path / "work" / "mine"
    local.mkdir(parents=True)
    (local / "clinic.yaml").write_text(PUBLISHING.replace("publishing", "clinic"), encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path / "work")
    result = invoke("profiles", "--profiles", str(deep), "--profiles", "mine")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert max(map(len, lines)) <= 100
    by_id = {line.split()[0]: line for line in lines[1:]
             if line and not line.startswith(("Every", "followup", " "))}
    assert by_id["legal"].endswith("  bundled")
    assert by_id["clinic"].endswith(str(Path("mine") / "clinic.yaml"))
    # A file name too long for its row is shown whole on the next line, never cut.
    assert by_id["publishing"].endswith("  (below)")
    below = lines[lines.index(by_id["publishing"]) + 1]
    assert below.lstrip().startswith("from ~/") and below.endswith("/candidate/publishing.yaml")
    assert str(home) not in below and "..." not in below
    assert "problems" in by_id["broken"].split()


def test_a_resolved_profile_as_text() -> None:
    result = invoke("profiles", "--resolved", "legal", "--format", "text")
    assert result.exit_code == 0
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.output)
    lines = result.output.splitlines()
    assert lines[0] == "legal: Legal (law firms, in-house legal, courts)"
    assert lines[1] == "Chain:    legal -> general -> core"
    assert max(map(len, lines)) <= 99
    profile = engine.Catalog().resolve("legal")
    for rule in profile.rules:
        assert any(line.startswith(f"  {rule.id} ({rule.profile}") for line in lines), rule.id
    assert "    when {purpose: status, has_promised_reply: true} -> recommend call" in lines
    assert invoke("profiles", "--resolved", "legal").output == result.output  # text is the default
    assert json.loads(invoke("profiles", "--resolved", "legal", "--format", "json").output)["id"] == "legal"


# --- countries ----------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "meant"), [("UK", "GB"), ("uk", "GB"), ("UK-SCT", "GB-SCT"), ("EL", "GR"),
                                              ("UAE", "AE"), ("ENG", "GB-ENG")])
def test_a_well_known_wrong_country_code_suggests_the_right_one(typed: str, meant: str) -> None:
    result = invoke("advise", *NY, "--country", typed)
    assert result.exit_code == 2
    assert f"(did you mean {meant!r}?)" in result.output
    assert invoke("advise", *NY, *NOW, "--country", meant).exit_code == 0


def test_every_alias_is_refused_and_points_at_a_calendar() -> None:
    for alias, meant in ALIASES.items():
        with pytest.raises(SituationError):
            check_country(alias, None)
        country, _, region = meant.partition("-")
        assert check_country(country, region or None) == (country, region or None)


# --- earlier contacts ---------------------------------------------------------------------


def test_contacts_from_the_command_line() -> None:
    result = invoke("advise", *NY, *NOW, "--purpose", "status", "--format", "json",
                    "--contact", "2026-11-24T10:00=call", "--contact", "2026-11-23T09:30")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert plan["situation"]["contacts"] == [
        {"at": "2026-11-23T09:30:00-05:00", "channel": "email"},
        {"at": "2026-11-24T10:00:00-05:00", "channel": "call"},
    ]
    same = engine.advise({"interview": "2026-11-20T14:00", "timezone": "America/New_York", "purpose": "status",
                          "contacts": [{"at": "2026-11-24T10:00", "channel": "call"},
                                       {"at": "2026-11-23T09:30", "channel": "email"}]}, now="2026-11-21T10:00")
    assert plan == json.loads(json.dumps(same.to_dict()))
    # Without them the status call waits for Tuesday. With them, Monday's e-mail was the thank-you
    # and Tuesday's call the status follow-up: the step is done, and the plan waits for the reply.
    alone = json.loads(invoke("advise", *NY, *NOW, "--purpose", "status", "--format", "json").output)
    assert alone["now"]["verdict"] == "wait_until" and alone["now"]["until"] == "2026-11-24T10:00:00-05:00"
    assert plan["steps"][0]["done"] == {"at": "2026-11-24T10:00:00-05:00", "channel": "call"}
    assert plan["now"]["verdict"] == "wait_until"
    assert plan["now"]["reason"] == "every step is done; wait for their reply until Fri 4 Dec 17:00, then move on"


@pytest.mark.parametrize(("value", "message"), [
    ("2026-11-24T10:00=fax", "give DATETIME=call or DATETIME=email"),
    ("=call", "give DATETIME=call or DATETIME=email"),
    ("soon=call", "contacts[0].at: not an ISO 8601 date-time"),
])
def test_a_bad_contact_is_refused(value: str, message: str) -> None:
    result = invoke("advise", *NY, "--contact", value)
    assert result.exit_code == 2
    assert message in result.output


# --- shell completion ---------------------------------------------------------------------


def complete(words: str) -> list[str]:
    """What bash gets from click's completion for the last (maybe empty) word of ``words``."""
    result = invoke(_FOLLOWUP_COMPLETE="bash_complete", COMP_WORDS=words,
                    COMP_CWORD=str(len(words.split()) - (0 if words.endswith(" ") else 1)))
    assert result.exit_code == 0
    return [line.split(",", 1)[1] for line in result.output.splitlines()]


def test_completion_of_time_zones_filters_by_prefix_in_any_case() -> None:
    found = complete("followup advise --timezone america/new_")
    assert found == ["America/New_York"]
    europe = complete("followup advise --timezone Europe/")
    assert europe == sorted(name for name in zone_names() if name.startswith("Europe/"))
    assert "Europe/Berlin" in europe


def test_completion_of_industries_names_those_in_sight(tmp_path: Path) -> None:
    (tmp_path / "publishing.yaml").write_text(PUBLISHING, encoding="utf-8")
    assert complete("followup advise --industry ") == Catalog().industries
    assert complete(f"followup advise --profiles {tmp_path} --industry pu") == ["publishing"]
    assert complete("followup advise --industry co") == ["consulting"]


def test_the_completion_script_the_readme_gives() -> None:
    result = subprocess.run([sys.executable, "-c", "from engine.frontends.cli import main; main(prog_name='followup')"],
                            env={"_FOLLOWUP_COMPLETE": "bash_source", "PATH": "/usr/bin:/bin",
                                 "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "complete -o nosort -F _followup_completion followup" in result.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'eval "$(_FOLLOWUP_COMPLETE=bash_source followup)"' in readme


# --- YAML timestamps in situation files ---------------------------------------------------


def advise_file(tmp_path: Path, text: str, *args: str) -> Result:
    path = tmp_path / "situation.yaml"
    path.write_text(text, encoding="utf-8")
    return invoke("advise", "--input", str(path), *NOW, *args)


@pytest.mark.parametrize("written", ["2026-11-20 14:00:00", "2026-11-20t14:00:00.000", "2026-11-20  14:00:00"])
def test_a_yaml_timestamp_is_the_date_time_it_says(tmp_path: Path, written: str) -> None:
    expected = advise_file(tmp_path, "interview: '2026-11-20T14:00'\ntimezone: America/New_York\n", "--format", "json")
    result = advise_file(tmp_path, f"interview: {written}\ntimezone: America/New_York\n", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.output == expected.output


def test_a_yaml_timestamp_with_a_zone_keeps_it(tmp_path: Path) -> None:
    result = advise_file(tmp_path, "interview: 2026-11-20 14:00:00 -5\n", "--format", "json")
    assert result.exit_code == 0, result.output
    plan: dict[str, Any] = json.loads(result.output)
    assert plan["situation"]["interview"] == "2026-11-20T14:00:00-05:00"


def test_a_naive_yaml_timestamp_still_needs_a_time_zone(tmp_path: Path) -> None:
    result = advise_file(tmp_path, "interview: 2026-11-20 14:00:00\n")
    assert result.exit_code == 2
    assert "interview: 2026-11-20T14:00:00 has no UTC offset and no 'timezone' was given" in result.output
