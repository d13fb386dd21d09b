"""The suite's own rules for CI: no quiet skips under CI=true, and a seed per commit."""

from __future__ import annotations

import subprocess

import pytest
from conftest import FIXED_SEED, PROFILE, ROOT, _seed_line, commit_seed
from hypothesis import core
from third_party import unavailable


def test_a_missing_tool_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="node is missing"):
        unavailable("node is missing")


@pytest.mark.parametrize("value", ["true", "TRUE", "1"])
def test_a_missing_tool_fails_under_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="node is missing; under CI=true a test may not skip"):
        unavailable("node is missing")


def test_the_seed_is_the_commits_in_a_checkout_and_fixed_outside() -> None:
    seed, origin = commit_seed()
    if (ROOT / ".git").exists():
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        assert (seed, origin) == (int(head[:16], 16), f"commit {head[:12]}")
    else:
        assert (seed, origin) == (FIXED_SEED, "the fixed seed: no git checkout")


def test_the_properties_run_under_the_seed_printed(pytestconfig: pytest.Config) -> None:
    given = pytestconfig.getoption("hypothesis_seed", default=None)
    if given is not None:  # replayed: Hypothesis's own option wins
        assert str(core.global_force_seed) == str(given)
    elif PROFILE != "long":  # ci and quick: the commit's seed, the same on every run of it
        assert core.global_force_seed == commit_seed()[0]
    assert str(core.global_force_seed) in _seed_line(pytestconfig)
