"""``followup init``: a profiles folder that validates, tests, and that an editor checks
through the schema its first line names (yaml-language-server, and check-jsonschema)."""

from __future__ import annotations

from pathlib import Path

import pytest
import third_party
from click.testing import CliRunner

from engine.frontends.cli import main

ROOT = Path(__file__).resolve().parent.parent


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FOLLOWUP_PROFILES_PATH", raising=False)
    assert invoke("init", "my-profiles", "--id", "clinic") == (
        0, "wrote my-profiles/clinic.yaml and my-profiles/profile.schema.json\n"
           "next: followup validate my-profiles && followup test my-profiles\n")
    return tmp_path / "my-profiles"


def test_init_writes_a_starter_profile_and_the_schema_beside_it(folder: Path) -> None:
    assert sorted(path.name for path in folder.iterdir()) == ["clinic.yaml", "profile.schema.json"]
    assert (folder / "profile.schema.json").read_bytes() == (ROOT / "schemas" / "profile.schema.json").read_bytes()
    lines = (folder / "clinic.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=profile.schema.json"
    assert "id: clinic" in lines and "examples:" in lines


def test_the_starter_profile_validates_and_its_example_passes(folder: Path) -> None:
    assert invoke("validate", "my-profiles") == (0, "1 file ok\n")
    code, output = invoke("test", "my-profiles", "--examples", "5", "--strict")
    assert code == 0, output
    assert "examples: 1/1 passed" in output and "rule coverage: 1/1" in output


def test_init_again_keeps_the_profile_and_refreshes_the_schema(folder: Path) -> None:
    (folder / "clinic.yaml").write_text("# mine\n", encoding="utf-8")
    (folder / "profile.schema.json").write_text("{}", encoding="utf-8")
    code, output = invoke("init", "my-profiles", "--id", "clinic")
    assert code == 0 and output.startswith("kept my-profiles/clinic.yaml (it exists); wrote ")
    assert (folder / "clinic.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert (folder / "profile.schema.json").read_bytes() == (ROOT / "schemas" / "profile.schema.json").read_bytes()


@pytest.mark.parametrize(("args", "message"), [
    (["init", "x", "--id", "My Field"], "followup: error: --id: 'My Field' is not a profile id"),
    (["init", "taken"], "followup: error: taken exists and is not a folder"),
])
def test_init_refuses_a_bad_id_or_an_unusable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.output.startswith(message) and result.output.count("\n") == 1, result.output


def _broken_copy(folder: Path) -> Path:
    """The starter with a misspelt situation field and a `now` that is no time."""
    text = (folder / "clinic.yaml").read_text(encoding="utf-8")
    broken = text.replace("timezone: America", "timezon: America").replace('now: "2026-11-18T10:00"',
                                                                             'now: "not a time"')
    assert broken != text
    path = folder / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    return path


def test_an_editor_checks_the_starter_through_its_first_line(folder: Path) -> None:
    assert third_party.editor_diagnostics(folder / "clinic.yaml") == []
    found = third_party.editor_diagnostics(_broken_copy(folder))
    lines = sorted((d["range"]["start"]["line"] + 1, d["source"]) for d in found)
    assert any("timezon" in d["message"] for d in found), found
    assert all(source.startswith("yaml-schema:") for _, source in lines), found
    assert {line for line, _ in lines} >= {22, 23}  # the example's situation and its `now`


def test_check_jsonschema_checks_the_starter_with_the_schema_beside_it(folder: Path) -> None:
    schema = folder / "profile.schema.json"
    broken = _broken_copy(folder)
    errors = third_party.check_jsonschema_errors(schema, [folder / "clinic.yaml", broken])
    assert errors[str(folder / "clinic.yaml")] == []
    assert {error.split(":")[0] for error in errors[str(broken)]} == {
        "$.examples[0].situation", "$.examples[0].situation.interview", "$.examples[0].now"}


def test_an_editor_checks_a_bundled_profile_through_its_first_line(tmp_path: Path) -> None:
    assert third_party.editor_diagnostics(ROOT / "profiles" / "legal.yaml") == []
    broken = ROOT / "profiles" / "legal.yaml"
    copy = tmp_path / "profiles" / "legal.yaml"
    copy.parent.mkdir()
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "profile.schema.json").write_bytes((ROOT / "schemas" / "profile.schema.json").read_bytes())
    copy.write_text(broken.read_text(encoding="utf-8").replace("\nname: ", "\nnmae: ", 1), encoding="utf-8")
    found = third_party.editor_diagnostics(copy)
    assert any("nmae" in d["message"] for d in found), found
