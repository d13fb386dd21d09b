"""The bundled profiles, the shipped schema, and the authoring guide stay in step."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT

import engine
from engine.language.catalog import Catalog, default_catalog
from engine.language.published import plan_schema, situation_schema
from engine.language.schema import profile_schema
from engine.operators import OPERATORS
from engine.vocabulary import EFFECTS, FACTS

REGENERATE = "run: python -c 'from engine.language.schema import write_schemas; write_schemas()'"
BUNDLED = sorted((ROOT / "profiles").glob("*.yaml"))


def test_shipped_profile_schema_is_the_generated_one() -> None:
    shipped = json.loads((ROOT / "schemas" / "profile.schema.json").read_text(encoding="utf-8"))
    assert shipped == profile_schema(), REGENERATE


def test_shipped_situation_schema_spells_as_the_parser_reads() -> None:
    shipped = json.loads((ROOT / "schemas" / "situation.schema.json").read_text(encoding="utf-8"))
    assert shipped == situation_schema(), REGENERATE


def test_shipped_plan_schema_names_the_effects_of_the_vocabulary() -> None:
    shipped = json.loads((ROOT / "schemas" / "plan.schema.json").read_text(encoding="utf-8"))
    assert shipped == plan_schema(), REGENERATE
    pattern = re.compile(shipped["$defs"]["reason"]["properties"]["effect"]["pattern"])
    for text in ("forbid", "prefer +3", "prefer -0.5", "prefer +1e-05", "recommend email", "verdict dont_contact"):
        assert pattern.fullmatch(text), text
    assert not pattern.fullmatch("prefer 3") and not pattern.fullmatch("recommend letter")


@pytest.mark.parametrize("name", ["profile", "situation", "plan"])
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:followup-etiquette:schema:{name}"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_profile_starts_with_the_schema_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/profile.schema.json"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_profile_resolves_cleanly(path: Path) -> None:
    catalog = default_catalog()
    assert not catalog.problems.get(f"profiles/{path.name}"), catalog.problems
    profile = catalog.resolve(path.stem)
    assert profile.chain[-1] == "core"
    for rule in profile.rules:
        assert rule.sources and all(key in profile.sources for key in rule.sources)
        assert len(rule.why) >= 10


def test_bundled_set_is_complete() -> None:
    assert {"core", "general", "legal", "accounting", "it"} <= set(default_catalog().ids)


def test_industry_profiles_are_short_and_extend_general() -> None:
    catalog = default_catalog()
    for profile_id in ("legal", "accounting", "it"):
        source = catalog.file_of(profile_id)
        assert source is not None and source.parent == "general"
        assert len(source.data["rules"]) < len(catalog.resolve("general").rules)


def test_invariant_rules_cannot_be_overridden(tmp_path: Path) -> None:
    (tmp_path / "sneaky.yaml").write_text(
        "id: sneaky\nname: Sneaky\nextends: general\nrules:\n"
        "  - id: core-no-call-next-day\n    remove: true\n", encoding="utf-8")
    catalog = Catalog([tmp_path])
    with pytest.raises(engine.ProfileError) as error:
        catalog.resolve("sneaky")
    (diagnostic,) = error.value.diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.col) == ("R305", 5, 9)


def test_docs_name_every_fact_operator_and_effect() -> None:
    guide = (ROOT / "docs" / "profiles.md").read_text(encoding="utf-8")
    for name in [*FACTS, *OPERATORS, *EFFECTS]:
        assert re.search(rf"`{name}[`:]", guide), name


def test_resolved_profile_round_trips_as_json() -> None:
    data = default_catalog().resolve("legal").to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["chain"] == ["legal", "general", "core"]


@pytest.mark.slow  # a long run: CI's slow set
def test_wheel_ships_profiles_and_schemas(tmp_path: Path) -> None:
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "engine/py.typed" in names
    for path in BUNDLED:
        assert f"engine/_bundled/profiles/{path.name}" in names
    for name in ("profile", "situation", "plan"):
        assert f"engine/_bundled/schemas/{name}.schema.json" in names
    # Installed from the wheel alone, away from the source tree, it finds them.
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    probe = ("import engine, engine.resources as r; "
             "assert '_bundled' in str(r.bundled_profiles_dir()), r.bundled_profiles_dir(); "
             "p = engine.advise({'interview': '2026-11-20T14:00', 'timezone': 'America/New_York', 'industry': 'legal'},"
             " now='2026-11-21T10:00'); print(p.profile.chain)")
    ran = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {probe}"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert "('legal', 'general', 'core')" in ran.stdout


def test_the_authoring_walk_through_works_as_written(tmp_path: Path) -> None:
    guide = (ROOT / "docs" / "profiles.md").read_text(encoding="utf-8")
    block = re.search(r"1\. Run `followup init my-profiles --id clinic`, then make `my-profiles/clinic.yaml` say:"
                      r"\n\n   ```yaml\n(.*?)   ```", guide, re.S)
    assert block, "the walk-through's profile block moved; update this test"
    folder = tmp_path / "my-profiles"
    env = {**__import__("os").environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "engine", "init", "my-profiles", "--id", "clinic"], cwd=tmp_path, env=env,
                   check=True, capture_output=True, timeout=300)
    assert block.group(1).startswith("   # yaml-language-server: $schema=profile.schema.json\n")
    assert (folder / "profile.schema.json").exists()
    (folder / "clinic.yaml").write_text("\n".join(line[3:] for line in block.group(1).splitlines()) + "\n",
                                        encoding="utf-8")
    for command in (["validate", "my-profiles/clinic.yaml"], ["test", "my-profiles/clinic.yaml", "--examples", "10"]):
        result = subprocess.run([sys.executable, "-m", "engine", *command], capture_output=True, text=True,
                                cwd=tmp_path, timeout=300, env=env)
        assert result.returncode == 0, result.stdout + result.stderr


def test_every_problem_code_the_engine_emits_is_documented() -> None:
    source = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "engine").rglob("*.py"))
    codes = set(re.findall(r'"([YSRIXD]\d{3})"', source))
    assert len(codes) > 25
    guide = (ROOT / "docs" / "profiles.md").read_text(encoding="utf-8")
    assert {code for code in codes if f"| `{code}` |" not in guide} == set()


def test_an_int_fact_cannot_be_declared_without_its_bounds() -> None:
    """The analysis that finds rules that never fire needs every int fact's range: no silent default."""
    from engine.vocabulary import FactSpec

    with pytest.raises(TypeError, match="needs bounds"):
        FactSpec("offers_on_the_table", "int", "step", "Other offers.")
    assert all(spec.bounds is not None for spec in FACTS.values() if spec.kind == "int")


def _undescribed(node: object, path: str = "#") -> list[str]:
    """Properties of a schema without a description, wherever they are declared."""
    found: list[str] = []
    if isinstance(node, dict):
        for name, spec in (node.get("properties") or {}).items():
            if isinstance(spec, dict) and not spec.get("description"):
                found.append(f"{path}/properties/{name}")
        for key, value in node.items():
            found += _undescribed(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _undescribed(value, f"{path}/{index}")
    return found


def test_every_property_of_the_profile_schema_is_described() -> None:
    """Editors show a property's description on hover and in completion lists."""
    schema = profile_schema()
    assert _undescribed(schema["properties"], "#/properties") == []
    assert _undescribed({key: value for key, value in schema["$defs"].items()
                         if key in ("condition", "rule", "example")}, "#/$defs") == []
