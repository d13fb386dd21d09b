"""Shared helpers for the test suite."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent

# CI-sized property runs by default; FOLLOWUP_HYPOTHESIS_PROFILE=long for a deep local run.
settings.register_profile("ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("FOLLOWUP_HYPOTHESIS_PROFILE", "ci"))
