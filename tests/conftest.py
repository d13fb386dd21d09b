"""Shared helpers for the test suite, and the Hypothesis profiles it runs under.

``ci`` (the default) is sized for CI and derandomized: the same examples every run,
so a red build is never luck. ``long`` draws fresh random examples, 50 times as many,
for a deep local run: ``FOLLOWUP_HYPOTHESIS_PROFILE=long python -m pytest -q``. A
failure there prints its seed (``--hypothesis-seed``) to replay it. ``quick`` runs a
fifth of ``ci``'s examples, derandomized too: CI uses it for the suite on each further
Python version it finds, within its time limit.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings

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

settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("quick", max_examples=20, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None, derandomize=False,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("FOLLOWUP_HYPOTHESIS_PROFILE", "ci"))
