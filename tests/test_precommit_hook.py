"""The shipped `.pre-commit-hooks.yaml` is its own test data (as in check-jsonschema).

Each hook's ``entry`` is run the way pre-commit would run it, with ``followup``
resolved to ``python -m engine`` so the test needs no installed console script.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
MANIFEST = REPO / ".pre-commit-hooks.yaml"
GOOD = REPO / "profiles" / "legal.yaml"
BROKEN = REPO / "tests" / "fixtures" / "broken" / "r301-unknown-fact.yaml"


def hooks() -> list[dict[str, Any]]:
    with open(MANIFEST, encoding="utf-8") as handle:
        loaded: list[dict[str, Any]] = yaml.safe_load(handle)
    return loaded


HOOKS = {hook["id"]: hook for hook in hooks()}


def command(hook: dict[str, Any], *filenames: Path) -> list[str]:
    """The hook's entry as a command line, with the arguments pre-commit would add."""
    program, *args = shlex.split(hook["entry"])
    assert program == "followup", "the entry must be the console script"
    if args[:1] == ["test"]:
        args += ["--examples", "5", "--seed", "1"]  # hook args come before the filenames
    args += hook.get("args", [])
    files = [str(path) for path in filenames] if hook.get("pass_filenames", True) else []
    return [sys.executable, "-m", "engine", *args, *files]


def run(hook: dict[str, Any], *filenames: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("FOLLOWUP_PROFILES_PATH", None)
    return subprocess.run(command(hook, *filenames), capture_output=True, text=True, cwd=REPO, env=env,
                          timeout=600, check=False)


def test_the_manifest_declares_both_hooks() -> None:
    assert set(HOOKS) == {"followup-validate", "followup-test"}
    assert HOOKS["followup-validate"]["entry"] == "followup validate --only-profiles"
    assert HOOKS["followup-test"]["entry"] == "followup test --only-profiles"


@pytest.mark.parametrize("hook_id", sorted(HOOKS))
def test_hook_fields(hook_id: str) -> None:
    hook = HOOKS[hook_id]
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    assert hook["types"] == ["yaml"]  # any YAML file, in any folder: the entry keeps the profiles
    assert hook["name"].strip()
    assert hook["description"].strip()
    re.compile(hook["files"])


def test_the_manifest_passes_pre_commits_own_schema() -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib")
    loaded = clientlib.load_manifest(str(MANIFEST))
    assert [hook["id"] for hook in loaded] == list(HOOKS)


def test_the_entry_is_a_declared_console_script() -> None:
    tomllib = pytest.importorskip("tomllib")
    with open(REPO / "pyproject.toml", "rb") as handle:
        scripts = tomllib.load(handle)["project"]["scripts"]
    for hook in HOOKS.values():
        assert shlex.split(hook["entry"])[0] in scripts


@pytest.mark.parametrize("hook_id", sorted(HOOKS))
@pytest.mark.parametrize(
    ("filename", "matches"),
    [
        ("profiles/legal.yaml", True),
        ("profiles/core.yml", True),
        ("my-profiles/x.yml", True),
        ("deep/down/nursing.yaml", True),
        ("tests/fixtures/broken/r301-unknown-fact.yaml", True),
        ("README.md", False),
        ("profiles/README.md", False),
        ("schemas/profile.schema.json", False),
        ("profiles/x.yaml.bak", False),
    ],
)
def test_files_pattern(hook_id: str, filename: str, matches: bool) -> None:
    # pre-commit matches `files` with re.search on the repository-relative path
    assert bool(re.search(HOOKS[hook_id]["files"], filename)) is matches


@pytest.mark.parametrize("hook_id", sorted(HOOKS))
def test_hook_passes_a_good_profile(hook_id: str) -> None:
    result = run(HOOKS[hook_id], GOOD)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("hook_id", sorted(HOOKS))
def test_hook_fails_a_broken_profile(hook_id: str) -> None:
    result = run(HOOKS[hook_id], BROKEN)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "tests/fixtures/broken/r301-unknown-fact.yaml:7:27: R301" in result.stdout + result.stderr


@pytest.mark.parametrize("hook_id", sorted(HOOKS))
def test_hook_on_every_profile_it_would_see_in_this_repository(hook_id: str) -> None:
    """The profiles among the repository's YAML files, in one run, as pre-commit would pass them."""
    pattern = re.compile(HOOKS[hook_id]["files"])
    tops = [REPO / "profiles", REPO / "benchmarks", REPO / "docs"]
    selected = sorted(path for top in tops for path in top.rglob("*.y*ml")
                      if pattern.search(path.relative_to(REPO).as_posix()))
    assert REPO / "profiles" / "general.yaml" in selected
    result = run(HOOKS[hook_id], *(path.relative_to(REPO) for path in selected), REPO / ".pre-commit-hooks.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


# --- pre-commit itself, in a repository whose profiles are not in a folder named profiles ----


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo, check=True,
                   capture_output=True, timeout=60)


def _pre_commit_repository(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A git repository made with ``followup init my-profiles``, a workflow file beside it, and a
    pre-commit configuration holding the shipped hooks as they are (files, types, entry's
    arguments), run by this Python instead of an installed copy."""
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "HOME": str(tmp_path)}
    env.pop("FOLLOWUP_PROFILES_PATH", None)
    _git(repo, "init", "-q")
    subprocess.run([sys.executable, "-m", "engine", "init", "my-profiles"], cwd=repo, env=env, check=True,
                   capture_output=True, timeout=120)
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").write_text("name: ci\non: push\njobs: {}\n", encoding="utf-8")
    local = []
    for hook in hooks():
        _, *args = shlex.split(hook["entry"])
        if args[:1] == ["test"]:
            args += ["--examples", "5", "--seed", "1"]
        local.append({**hook, "language": "system", "entry": shlex.join([sys.executable, "-m", "engine", *args])})
    config = {"repos": [{"repo": "local", "hooks": local}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    _git(repo, "add", "-A")
    return repo, env


def _pre_commit(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"], cwd=repo,
                          env=env, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.slow  # a long run: CI's slow set
def test_pre_commit_checks_profiles_in_a_folder_named_otherwise(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    repo, env = _pre_commit_repository(tmp_path)
    passed = _pre_commit(repo, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Skipped" not in passed.stdout and passed.stdout.count("Passed") == 2

    profile = next((repo / "my-profiles").glob("*.yaml"))
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("extends: general", "extends: genral"), encoding="utf-8")
    _git(repo, "add", "-A")
    failed = _pre_commit(repo, env)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Skipped" not in failed.stdout and failed.stdout.count("Failed") == 2
    assert f"my-profiles/{profile.name}:" in failed.stdout and "genral" in failed.stdout
    assert "ci.yml" not in failed.stdout  # the workflow is YAML but not a profile: passed over


def test_only_profiles_passes_over_yaml_that_is_not_a_profile(tmp_path: Path) -> None:
    workflow = tmp_path / "ci.yml"
    workflow.write_text("name: ci\non: push\n", encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("extends: general\nid: [unclosed\n", encoding="utf-8")  # too broken to parse, still a profile
    for hook in HOOKS.values():
        alone = run(hook, workflow)
        assert alone.returncode == 0, alone.stdout + alone.stderr
        assert alone.stdout == ("no profiles among the given files: nothing to check\n"
                                if "validate" in hook["entry"] else
                                "no profiles among the given files: nothing to test\n")
        both = run(hook, workflow, broken)
        assert both.returncode == 1 and "broken.yaml:3:1: Y101: invalid YAML" in both.stdout + both.stderr
        assert "ci.yml" not in both.stdout + both.stderr
