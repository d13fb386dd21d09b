"""tests/mutation.py stays usable: every planted fault's code is still where it says, exactly once."""

from __future__ import annotations

import mutation
import pytest
from conftest import ROOT


@pytest.mark.parametrize("fault", mutation.FAULTS, ids=lambda fault: fault.name)
def test_the_fault_can_still_be_planted(fault: mutation.Fault) -> None:
    text = (ROOT / fault.path).read_text(encoding="utf-8")
    assert text.count(fault.old) == 1, f"{fault.path} no longer holds this code exactly once; update tests/mutation.py"
    assert fault.old != fault.new
