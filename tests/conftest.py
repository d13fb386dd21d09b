"""Shared helpers for the test suite, and the Hypothesis profiles it runs under.

``ci`` (the default) is sized for CI and seeded from the commit under test: the same
examples for every run of one commit, so a red build is never luck, and other examples
at the next commit, so the suite keeps exploring. The seed is ``git rev-parse HEAD``
read as a number when the tests run in a git checkout, else ``FIXED_SEED``; pytest's
header prints it, and ``--hypothesis-seed=N`` replays (or overrides) it. ``quick`` runs a
fifth of ``ci``'s examples, seeded the same way: CI uses it for the suite on each
further Python version it finds, within its time limit. ``long`` draws fresh random
examples, 50 times as many, for a deep local run (``FOLLOWUP_HYPOTHESIS_PROFILE=long
python -m pytest -q``); its seed is printed too.
"""

from __future__ import annotations

import os
import random
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, core, settings

ROOT = Path(__file__).resolve().parent.parent
# Schema passes are remembered in a folder of the run's own (inherited by the processes
# tests start), not in the user's cache: every run starts with nothing remembered. Under
# pytest-xdist each worker makes its own, rather than share the one it inherits.
_MADE = "FOLLOWUP_TESTS_CACHE_DIR"
if "FOLLOWUP_CACHE_DIR" not in os.environ or os.environ["FOLLOWUP_CACHE_DIR"] == os.environ.get(_MADE):
    os.environ["FOLLOWUP_CACHE_DIR"] = os.environ[_MADE] = tempfile.mkdtemp(
        prefix=f"followup-cache-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-")
# `followup advise` adds the candidate's own clock (the machine's zone by default) where it
# differs from the employer's. The suite runs as on a machine in New York, where most of its
# interviews are, so that what it prints does not depend on the machine running the tests;
# a test of the candidate's clock sets its own zone.
os.environ["TZ"] = "America/New_York"

# The seed outside a git checkout (an unpacked release, a copy of the tree).
FIXED_SEED = 20261207
PROFILE = os.environ.get("FOLLOWUP_HYPOTHESIS_PROFILE", "ci")

settings.register_profile("ci", max_examples=100, deadline=None, derandomize=False, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("quick", max_examples=20, deadline=None, derandomize=False, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None, derandomize=False,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(PROFILE)


def commit_seed() -> tuple[int, str]:
    """The seed of this checkout's commit, and where it comes from."""
    if (ROOT / ".git").exists():  # only this project's own checkout, never a folder around a copy
        try:
            head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                  timeout=30, check=True).stdout.strip()
            return int(head[:16], 16), f"commit {head[:12]}"
        except (OSError, subprocess.SubprocessError, ValueError):
            pass
    return FIXED_SEED, "the fixed seed: no git checkout"


def pytest_configure(config: pytest.Config) -> None:
    given = config.getoption("hypothesis_seed", default=None)
    if given is not None:  # Hypothesis's own option: the plugin sets it
        config.stash[_SEED] = (str(given), "--hypothesis-seed")
        return
    if PROFILE == "long":  # fresh examples; the seed is still printed, to replay a failure
        seed, origin = random.SystemRandom().randrange(2**64), "drawn at random (profile long)"
    else:
        seed, origin = commit_seed()
    core.global_force_seed = seed
    config.stash[_SEED] = (str(seed), origin)


def _seed_line(config: pytest.Config) -> str:
    seed, origin = config.stash.get(_SEED, ("?", "?"))
    return f"hypothesis: profile {PROFILE}, seed {seed} ({origin}); replay with --hypothesis-seed={seed}"


def pytest_report_header(config: pytest.Config) -> str:
    return _seed_line(config)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int,
                            config: pytest.Config) -> None:
    terminalreporter.write_line(_seed_line(config))  # also under -q, where the header is not shown


_SEED = pytest.StashKey[tuple[str, str]]()
