"""Every plan of a fixed set of situations is the same, byte for byte, as when its digest was recorded.

``benchmarks/digest.py`` hashes the JSON and text of many plans (the benchmark's mix,
each bundled industry in turn, and the worldwide mix, at two moments). A refactoring or
a speed-up must leave that digest alone; a change of behaviour made on purpose records
the new one in ``benchmarks/digests.json``, so that the change shows in review. The plans
name holidays from the ``holidays`` package, whose releases add and move holidays: the
digest is recorded per release. Where another release is installed, this test is skipped
with the command that records it; ``.ci/run`` runs it with a recorded release installed.
"""

from __future__ import annotations

import json
from importlib.metadata import version

import pytest
from conftest import ROOT

from benchmarks.digest import digest

RECORDED = json.loads((ROOT / "benchmarks" / "digests.json").read_text(encoding="utf-8"))


def test_the_plans_are_those_recorded() -> None:
    release = version("holidays")
    expected = RECORDED["by_holidays_release"].get(release)
    if expected is None:
        pytest.skip(f"no digest recorded for holidays {release}: record it from `python benchmarks/digest.py --count "
                    f"{RECORDED['count']} --worldwide {RECORDED['worldwide']}` on a commit whose plans are known right")
    found, plans = digest(RECORDED["count"], RECORDED["worldwide"])
    assert plans == RECORDED["plans"]
    assert found == expected, "the plans changed: if on purpose, record the new digest in benchmarks/digests.json"
