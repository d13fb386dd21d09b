"""tests/mutation.py stays usable: every planted fault's code is still where it says, exactly once."""

from __future__ import annotations

import mutation
import pytest
from conftest import ROOT


@pytest.mark.parametrize("fault", mutation.FAULTS, ids=lambda fault: fault.name)
def test_the_fault_can_still_be_planted(fault: mutation.Fault) -> None:
    for path, old, new in fault.edits():
        text = (ROOT / path).read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{path} no longer holds this code exactly once; update tests/mutation.py"
        assert old != new


def test_the_fast_run_leaves_out_only_this_check() -> None:
    """In a copy with a fault planted this file fails for that fault: the run must not count it as a kill."""
    arguments = mutation.suite(ROOT, mutation.FAULTS[0])
    files = [argument for argument in arguments if argument.startswith("tests/")]
    assert "tests/test_mutation_faults.py" not in files
    assert len(files) == len(set(files))
    every = {path.relative_to(ROOT).as_posix() for path in (ROOT / "tests").rglob("test_*.py")}
    assert set(files) == every - {"tests/test_mutation_faults.py"}
