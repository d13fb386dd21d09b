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
    assert HOOKS["followup-validate"]["entry"] == "followup validate"
    assert HOOKS["followup-test"]["entry"] == "followup test"


@pytest.mark.parametrize("hook_id", sorted(HOOKS))
def test_hook_fields(hook_id: str) -> None:
    hook = HOOKS[hook_id]
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
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
        ("my/profiles/x.yml", True),
        ("deep/down/profiles/nursing.yaml", True),
        ("README.md", False),
        ("profiles/README.md", False),
        ("schemas/profile.schema.json", False),
        (".pre-commit-hooks.yaml", False),
        ("tests/fixtures/broken/r301-unknown-fact.yaml", False),
        ("myprofiles/x.yaml", False),
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
def test_hook_on_every_file_it_would_see_in_this_repository(hook_id: str) -> None:
    """All the repository's files the pattern selects, in one run, as pre-commit would pass them."""
    pattern = re.compile(HOOKS[hook_id]["files"])
    tops = [top for top in REPO.iterdir() if top.is_dir() and not top.name.startswith(".")]
    selected = sorted(path for top in tops for path in top.rglob("*.y*ml")
                      if pattern.search(path.relative_to(REPO).as_posix()))
    assert REPO / "profiles" / "general.yaml" in selected
    result = run(HOOKS[hook_id], *(path.relative_to(REPO) for path in selected))
    assert result.returncode == 0, result.stdout + result.stderr
