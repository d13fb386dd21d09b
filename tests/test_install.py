"""Installing the project with its extras resolves at once.

pip's resolver tried 53 releases of ``distributed`` one by one when the test extra asked
for ``distributed`` apart from ``dask``: each release pins its own ``dask``. Asking for
``dask[distributed]`` lets dask pin the scheduler to its own release. The quick test reads
pyproject.toml; the slow one asks pip itself, in a fresh virtual environment, and reads its
log and report.
"""

from __future__ import annotations

import json
import re
import subprocess
import venv
from pathlib import Path

import pytest
from conftest import ROOT

tomllib = pytest.importorskip("tomllib")
_NAME = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*(\[[^\]]*\])?")


def _extras() -> dict[str, list[str]]:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        extras: dict[str, list[str]] = tomllib.load(handle)["project"]["optional-dependencies"]
    return extras


@pytest.mark.parametrize("extra", ["test", "scale"])
def test_the_scheduler_comes_with_dask_in_lockstep(extra: str) -> None:
    requirements = _extras()[extra]
    names = {}
    for requirement in requirements:
        match = _NAME.match(requirement)
        assert match, requirement
        names[match.group(1).lower()] = match.group(2) or ""
    assert "distributed" not in names, "distributed apart from dask makes pip try its releases one by one"
    assert "distributed" in names["dask"] and "dataframe" in names["dask"]


@pytest.mark.slow
def test_pip_resolves_the_test_extra_without_backtracking(tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    report = tmp_path / "report.json"
    done = subprocess.run([str(python), "-m", "pip", "install", "--dry-run", "--ignore-installed",
                           "--disable-pip-version-check", "--report", str(report), f"{ROOT}[test]"],
                          capture_output=True, text=True, timeout=900, check=False)
    log = done.stdout + done.stderr
    if done.returncode != 0 and ("No matching distribution" in log or "Could not find a version" in log):
        pytest.skip(f"no package index to resolve from: {log.strip().splitlines()[-1]}")
    assert done.returncode == 0, log[-3000:]
    assert "taking longer than usual" not in log, log[-3000:]
    tried = {name: set(re.findall(rf"\b{name}-([0-9][^-\s]*)-py3-none-any\.whl", log)) for name in ("dask", "distributed")}
    # One release of distributed, the one dask pins; a package index that lags (dask's newest
    # release there without its scheduler yet) may cost one step back on dask, never a search.
    assert len(tried["distributed"]) == 1 and len(tried["dask"]) <= 2, tried
    chosen = {item["metadata"]["name"].lower(): item["metadata"]["version"]
              for item in json.loads(report.read_text(encoding="utf-8"))["install"]}
    assert chosen["distributed"] == chosen["dask"]  # released together
    assert {"pandas", "pytest", "schemathesis", "pytest-xdist"} <= set(chosen), sorted(chosen)
