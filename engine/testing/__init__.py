"""Testing profiles and plans: strategies, the invariant checker, examples, ``followup test``.

* :mod:`.strategies`: Hypothesis strategies for situations and whole profiles.
* :mod:`.calendar` and :mod:`.invariants`: the checker of SPEC's invariants and the
  coach's points, on a calendar of its own.
* :mod:`.examples`: a profile's examples planned and compared with what they expect.
* :mod:`.runner`: ``followup test`` (probes, examples, generated situations, coverage).

Hypothesis is imported here: the engine itself never needs this package.
"""

from __future__ import annotations

from .invariants import INVARIANTS, overruled, violations
from .runner import PROBES, ProfileReport, TestReport, run_profile_tests
from .strategies import (
    COUNTRIES,
    DATE_LINE_PAIRS,
    SPECIAL_ZONES,
    conditions,
    dst_zones,
    near_transition,
    profile_documents,
    situations,
    transitions,
    zones,
)

__all__ = [
    "COUNTRIES",
    "DATE_LINE_PAIRS",
    "INVARIANTS",
    "PROBES",
    "SPECIAL_ZONES",
    "ProfileReport",
    "TestReport",
    "conditions",
    "dst_zones",
    "near_transition",
    "overruled",
    "profile_documents",
    "run_profile_tests",
    "situations",
    "transitions",
    "violations",
    "zones",
]
