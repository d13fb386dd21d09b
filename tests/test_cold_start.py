"""The import budget of a cold command: what ``followup advise`` and ``validate`` load.

A command run once pays for every module it imports, so a cold ``followup advise
--country US`` must load the United States' holiday calendar and not the 249 others,
and neither the server, the spreadsheet reader, the calendar-file writer, pandas nor
the profile tester; ``validate`` of one file must not load a planner's evaluator or any
country's calendar. Which modules load is the same on every machine, unlike their
time (``benchmarks/run.py`` measures that): each command runs in a fresh interpreter
under ``python -X importtime``, and the modules it left in ``sys.modules`` are
compared with these lists. A failure names the slowest imports of the run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

# Runs the command as ``followup`` does, then writes the names of the loaded modules.
RUN = """
import json, sys
from engine.frontends.cli import main
try:
    main(sys.argv[2:], prog_name="followup")
except SystemExit as done:
    code = done.code
else:
    code = 0
with open(sys.argv[1], "w") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""

ADVISE_US = ["advise", "--interview", "2026-11-20T14:00", "--timezone", "America/New_York", "--country", "US",
             "--now", "2026-11-21T10:00"]

# Loaded only by other commands or other formats.
NOT_FOR_ADVISE = [
    "icalendar", "starlette", "uvicorn", "pandas", "numpy", "dask", "openpyxl", "hypothesis",
    "engine.frontends.serve", "engine.frontends.cli.agenda", "engine.frontends.cli.agenda_input",
    "engine.frontends.cli.agenda_xlsx", "engine.frontends.cli.validate", "engine.frontends.cli.profiles",
    "engine.frontends.cli.schema", "engine.frontends.cli.serve", "engine.frontends.cli.test",
    "engine.frontends.cli.init", "engine.frontends.cli.parallel", "engine.frontends.cli.cluster",
    "engine.report.ics", "engine.report.agenda", "engine.report.profile_table", "engine.report.profile_text",
    "engine.report.diagnostics", "engine.testing", "engine.scale",
]
# A schema check remembered from an earlier run (the command line's cache) needs no validator.
VALIDATOR = ["jsonschema", "referencing", "rpds", "jsonschema_rs"]
NOT_FOR_VALIDATE = [
    "icalendar", "starlette", "uvicorn", "pandas", "numpy", "dask", "openpyxl", "hypothesis", "babel",
    "durable_rules_engine", "engine.evaluation.backends.durable", "engine.frontends.serve",
    "engine.frontends.cli.advise", "engine.frontends.cli.agenda", "engine.frontends.cli.serve",
    "engine.frontends.cli.test", "engine.report.ics", "engine.report.drafts", "engine.report.text",
    "engine.testing",
]


def cold(tmp_path: Path, *args: str) -> tuple[int, set[str], str]:
    """Run ``followup ARGS`` in a fresh interpreter: its exit code, loaded modules and import times."""
    out = tmp_path / "modules.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FOLLOWUP_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("FOLLOWUP_PROFILES_PATH", None)
    run = subprocess.run([sys.executable, "-X", "importtime", "-c", RUN, str(out), *args], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.exists(), run.stderr[-2000:]
    found = json.loads(out.read_text())
    return found["code"], set(found["modules"]), run.stderr


def slowest(importtime: str, count: int = 12) -> str:
    """The imports that took longest (cumulative), from ``-X importtime``'s lines."""
    rows = []
    for line in importtime.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].strip()))
    return ", ".join(f"{name} {micro / 1000:.1f} ms" for micro, name in sorted(rows, reverse=True)[:count])


def loaded(modules: set[str], names: list[str]) -> list[str]:
    """The modules of ``names`` (or below them) that were loaded."""
    return sorted(name for name in modules if any(name == top or name.startswith(f"{top}.") for top in names))


def countries(modules: set[str]) -> set[str]:
    return {name.removeprefix("holidays.countries.") for name in modules if name.startswith("holidays.countries.")}


def test_cold_advise_loads_one_country_and_nothing_of_other_commands(tmp_path: Path) -> None:
    code, first, _ = cold(tmp_path, *ADVISE_US)  # the first run remembers the schema checks
    assert code == 0
    assert countries(first) == {"united_states"}
    code, modules, importtime = cold(tmp_path, *ADVISE_US)
    assert code == 0
    assert countries(modules) == {"united_states"}, slowest(importtime)
    assert loaded(modules, NOT_FOR_ADVISE + VALIDATOR) == [], slowest(importtime)
    # What advise does need is there: the evaluator and the text's words.
    assert {"engine.evaluation.planner", "engine.report.text", "holidays"} <= modules


def test_cold_advise_in_a_zone_of_no_country_loads_no_calendar(tmp_path: Path) -> None:
    args = ["advise", "--interview", "2026-11-20T14:00", "--timezone", "UTC", "--now", "2026-11-21T10:00"]
    cold(tmp_path, *args)
    code, modules, importtime = cold(tmp_path, *args)
    assert code == 0
    assert countries(modules) == set(), slowest(importtime)
    assert loaded(modules, NOT_FOR_ADVISE + VALIDATOR) == [], slowest(importtime)


@pytest.mark.parametrize("country, module", [("DE-BY", "germany"), ("JP", "japan"), ("GB", "united_kingdom")])
def test_cold_advise_loads_the_country_asked_for(tmp_path: Path, country: str, module: str) -> None:
    args = [*ADVISE_US[:-4], "--country", country, *ADVISE_US[-2:]]
    code, modules, importtime = cold(tmp_path, *args)
    assert code == 0
    assert module in countries(modules) and "united_states" not in countries(modules), slowest(importtime)
    assert len(countries(modules)) <= 2, countries(modules)  # a country's module may build on one other


def test_cold_validate_of_one_file_loads_no_evaluator_or_calendar(tmp_path: Path) -> None:
    general = str(ROOT / "profiles" / "general.yaml")
    code, _, _ = cold(tmp_path, "validate", general)
    assert code == 0
    code, modules, importtime = cold(tmp_path, "validate", general)
    assert code == 0
    assert countries(modules) == set(), slowest(importtime)
    assert loaded(modules, NOT_FOR_VALIDATE + VALIDATOR) == [], slowest(importtime)
