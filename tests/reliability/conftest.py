"""Prints the measurements of the reliability tests at the end of a run."""

from __future__ import annotations

import json
import os
from typing import Any

from .support import MEASUREMENTS


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not MEASUREMENTS:
        return
    terminalreporter.section("reliability measurements")
    for name, value in sorted(MEASUREMENTS.items()):
        terminalreporter.write_line(f"{name}: {value}")
    target = os.environ.get("FOLLOWUP_RELIABILITY_RESULTS")
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(dict(sorted(MEASUREMENTS.items())), handle, indent=2)
            handle.write("\n")
